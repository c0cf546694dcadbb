"""The package's layout holds: privacy means something, ``__all__`` is honest, the layers
import in the order the data flows, and the library never imports the app. The imports are
read from the source with ``ast``; the modules are imported only to read their ``__all__``."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "analysis"
SOURCES = sorted(PACKAGE.rglob("*.py"))
CHECKED = SOURCES + sorted((PROJECT_ROOT / "tests").rglob("*.py"))
CHECKED += sorted((PROJECT_ROOT / "benchmarks").glob("*.py"))
CHECKED += sorted((PROJECT_ROOT / "scripts").glob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _ours(module: str) -> bool:
    return module == "analysis" or module.startswith("analysis.")


def _imports(path: Path):
    """``(line, module, name, bound)`` for every import of the package in ``path``: ``name``
    is the imported object's name (``None`` when a whole module is imported) and ``bound``
    the name it gets in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _ours(alias.name):
                    bound = alias.asname or alias.name.partition(".")[0]
                    yield node.lineno, alias.name, None, bound
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not _ours(module):
                continue
            for alias in node.names:
                bound = alias.asname or alias.name
                if _is_module(f"{module}.{alias.name}"):
                    yield node.lineno, f"{module}.{alias.name}", None, bound
                else:
                    yield node.lineno, module, alias.name, bound


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PROJECT_ROOT)}:{line}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_underscore_name_crosses_a_module_border():
    crossing = []
    for path in CHECKED:
        modules = {}  # names bound to a module of the package in this file
        for line, module, name, bound in _imports(path):
            if name is None:
                modules[bound] = module
            elif _private(name):
                crossing.append(f"{_where(path, line)} imports {name} from {module}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and _private(node.attr)
            ):
                crossing.append(f"{_where(path, node.lineno)} reads {node.value.id}.{node.attr}")
            if (  # monkeypatch.setattr(module, "_name", ...)
                isinstance(node, ast.Call)
                and len(node.args) >= 2
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in modules
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
                and _private(node.args[1].value)
            ):
                crossing.append(f"{_where(path, node.lineno)} sets {node.args[1].value}")
    assert not crossing, "\n".join(crossing)


def test_every_imported_name_is_in_its_modules_all():
    missing = []
    for path in CHECKED:
        for line, module, name, _ in _imports(path):
            if name is None:
                continue  # a module
            target = importlib.import_module(module)
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
    ("analysis.errors", "analysis.paths", "analysis.parallel"),
    ("analysis.load", "analysis.synthetic"),
    ("analysis.stats",),
    ("analysis.sentiment", "analysis.framing"),
    ("analysis.modeling",),
    ("analysis.plots",),
    ("analysis.explore",),
    ("analysis.report",),
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
        for line, module, _, _ in _imports(path):
            other = _layer(module)
            if other is not None and other > own:
                upward.append(f"{_where(path, line)} imports {module} (a later layer)")
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: _module_name(p))
def test_every_public_name_a_module_defines_is_in_its_all(path):
    if path.name in ("__init__.py", "__main__.py"):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                defined += [n.id for n in names if isinstance(n, ast.Name)]
    public = {name for name in defined if not name.startswith("_")}
    module = importlib.import_module(_module_name(path))
    assert public <= set(module.__all__), (
        f"public but not in __all__: {sorted(public - set(module.__all__))}"
    )  # noqa: E501


def test_the_library_never_imports_the_app():
    app = PACKAGE / "app"
    offending = [
        f"{_where(path, line)} imports {module}"
        for path in SOURCES
        if app not in path.parents
        for line, module, _, _ in _imports(path)
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
    for name in ("load", "stats", "sentiment", "framing", "plots", "notebook"):
        assert getattr(analysis, name).__name__ == f"analysis.{name}"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = analysis.nope
