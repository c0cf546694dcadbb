"""Print the import graph of ``analysis/`` between its rooms (subpackages and top-level
modules), read from the source with ``ast``: one line per room, the rooms it imports, in the
order the data flows. ``python scripts/import_graph.py [ROOT]`` (default: this checkout)."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

__all__ = ["import_graph", "main"]


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def import_graph(root: Path) -> dict[str, set[str]]:
    """``{room: rooms it imports}`` for the package ``analysis`` under ``root``."""
    graph: dict[str, set[str]] = defaultdict(set)
    package = root / "analysis"
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if path.name in ("__init__.py", "__main__.py") and len(parts) <= 2:
            continue  # the package's lazy front door and `python -m analysis`
        own = _room(module)
        graph[own]
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    target = base[: len(base) - node.level + 1] + (
                        [node.module] if node.module else []
                    )
                    names = [".".join(target)]
                else:
                    names = [node.module or ""]
                if names[0] == "analysis":  # from analysis import load, plots
                    names = [f"analysis.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("analysis.") and _room(name) != own:
                    graph[own].add(_room(name))
    return graph


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    graph = import_graph(root)
    order: list[str] = []
    cycle: list[str] = []
    while len(order) < len(graph):  # rooms whose imports are all placed come next
        ready = sorted(r for r in graph if r not in order and graph[r] <= set(order))
        if not ready:
            cycle = sorted(r for r in graph if r not in order)
            order += cycle
            break
        order += ready
    for room in order:
        print(f"{room:<12} <- {', '.join(sorted(graph[room], key=order.index)) or '-'}")
    circling = [room for room in cycle if room in _reachable(graph, room)]
    if circling:
        print("import each other, directly or around a circle:", ", ".join(circling))
        print("placed after them, unordered:", ", ".join(r for r in cycle if r not in circling))


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """The rooms ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        room = todo.pop()
        if room not in seen:
            seen.add(room)
            todo += graph.get(room, set())
    return seen


if __name__ == "__main__":
    main(sys.argv[1:])
