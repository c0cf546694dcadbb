"""The package's layout holds: privacy means something, ``__all__`` is honest, and the
library never imports the app. Read from the source with ``ast``, nothing is run."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "analysis"
SOURCES = sorted(PACKAGE.rglob("*.py"))
CHECKED = SOURCES + sorted((PROJECT_ROOT / "tests").rglob("*.py"))
CHECKED += sorted((PROJECT_ROOT / "benchmarks").glob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path):
    """``(line, module, name)`` for every ``from analysis... import name`` in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package.split(".")
            base = base[: len(base) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        if module == "analysis" or module.startswith("analysis."):
            for alias in node.names:
                yield node.lineno, module, alias.name


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PROJECT_ROOT)}:{line}"


def test_no_underscore_name_crosses_a_module_border():
    crossing = [
        f"{_where(path, line)} imports {name} from {module}"
        for path in CHECKED
        for line, module, name in _imports(path)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not crossing, "\n".join(crossing)


def test_every_imported_name_is_in_its_modules_all():
    missing = []
    for path in CHECKED:
        for line, module, name in _imports(path):
            target = importlib.import_module(module)
            if hasattr(target, "__path__") and importlib.util.find_spec(f"{module}.{name}"):
                continue  # a submodule
            exported = getattr(target, "__all__", None)
            if exported is None or name not in exported:
                missing.append(f"{_where(path, line)}: {name} is not in {module}.__all__")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: _module_name(p))
def test_every_module_says_what_it_is_for_and_lists_its_public_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "a module docstring says what the module is for"
    if path.name in ("__main__.py",) or path.parent.name == "app" and path.name == "__init__.py":
        return
    names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)]  # fmt: skip
    assert "__all__" in names, "list the public names in __all__"
    module = importlib.import_module(_module_name(path))
    unknown = [name for name in module.__all__ if not hasattr(module, name)]
    assert not unknown, f"__all__ names what the module lacks: {unknown}"


# The package in the order the data flows; a module imports only from its own layer or the
# layers before it (``analysis/__init__.py`` loads the verbs lazily, ``__main__`` is the app).
LAYERS = (
    ("analysis.errors", "analysis.paths"),
    ("analysis.load", "analysis.synthetic"),
    ("analysis.stats",),
    ("analysis.sentiment", "analysis.framing"),
    ("analysis.plots",),
    ("analysis.notebook", "analysis.app"),
)


def _layer(module: str) -> int | None:
    for number, members in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members):
            return number
    return None


def test_every_module_has_a_layer():
    unplaced = [_module_name(p) for p in SOURCES if p.name not in ("__init__.py", "__main__.py")
                and _layer(_module_name(p)) is None]  # fmt: skip
    assert not unplaced, f"add these to LAYERS: {unplaced}"


def test_modules_import_only_from_their_layer_or_earlier_ones():
    upward = []
    for path in SOURCES:
        own = _layer(_module_name(path))
        if own is None:
            continue
        for line, module, _ in _imports(path):
            other = _layer(module)
            if other is not None and other > own:
                upward.append(f"{_where(path, line)} imports {module} (a later layer)")
    assert not upward, "\n".join(upward)


def test_the_library_never_imports_the_app():
    app = PACKAGE / "app"
    offending = [
        f"{_where(path, line)} imports {module}"
        for path in SOURCES
        if app not in path.parents
        for line, module, _ in _imports(path)
        if module == "analysis.app" or module.startswith("analysis.app.")
    ]
    offending = [o for o in offending if not o.startswith("analysis/__main__.py")]
    assert not offending, "\n".join(offending)


def test_top_level_verbs_resolve():
    import analysis

    assert {"load_corpus", "score_sentiment", "distinctive_terms", "compare_groups"} <= set(
        analysis.__all__
    )
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = analysis.nope
