"""The notebooks' parameters, read from their ``parameters`` cells, and strict checking of
the values a user gives on the command line.

The ``parameters`` cell of each notebook is the single source of names, types, defaults
and meanings: ``name: type = default  # meaning``. papermill only warns about a name
no notebook knows and passes any value through; ``media-bias run`` refuses both before
a notebook starts, and the few values of the right type that a notebook's code would
refuse later (``n_top_terms: 0``).
"""

from __future__ import annotations

import ast
import json
import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "TYPES",
    "Parameter",
    "ParameterError",
    "check_value",
    "cli_option",
    "collect_parameters",
    "notebook_parameters",
    "parse_cli_value",
    "resolve_parameters",
]

TYPES = ("str", "int", "float", "bool", "list", "dict")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class ParameterError(ValueError):
    """A parameter that no notebook declares, or a value of the wrong type."""


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter as its ``parameters`` cell declares it.

    ``choices`` come from the comment: ``# ...; one of "a", "b"`` for a value, ``any of``
    for the items of a list.
    """

    name: str
    type: str
    default: object
    help: str
    notebooks: tuple[str, ...]
    choices: tuple[str, ...] = ()


_CHOICES = re.compile(r'\b(?:one|any) of ((?:"[^"]*"(?:,\s*|\s+or\s+)?)+)')


def _choices(help_text: str) -> tuple[str, ...]:
    """The quoted alternatives after "one of" or "any of" in a parameter's comment.

    >>> _choices('unit of analysis; one of "sentence", "paragraph"')
    ('sentence', 'paragraph')
    """
    found = _CHOICES.search(help_text)
    return tuple(re.findall(r'"([^"]*)"', found.group(1))) if found else ()


def notebook_parameters(path: str | Path) -> dict[str, Parameter]:
    """The parameters declared in one notebook's ``parameters`` cell, in order.

    >>> from analysis.paths import NOTEBOOKS_DIR
    >>> p = notebook_parameters(NOTEBOOKS_DIR / "20-framing.ipynb")["n_top_terms"]
    >>> p.type, p.default
    ('int', 15)
    """
    import papermill

    path = Path(path)
    found = papermill.inspect_notebook(str(path))
    if not found:
        raise ParameterError(
            f"{path}: no cell tagged 'parameters'; tag the cell that sets the notebook's "
            "defaults (View > Cell Toolbar > Tags in Jupyter)"
        )
    params = {}
    for name, spec in found.items():
        kind = spec.get("inferred_type_name") or "None"
        if kind not in TYPES:
            raise ParameterError(
                f"{path}: parameter {name!r} has no type annotation I can check ({kind}); "
                f"write it as '{name}: str = ...' with one of {', '.join(TYPES)}"
            )
        try:
            default = ast.literal_eval(spec["default"])
        except (ValueError, SyntaxError):
            raise ParameterError(
                f"{path}: the default of {name!r} ({spec['default']}) is not a literal; "
                "parameters cells hold plain values, computed ones go in a later cell"
            ) from None
        help_text = spec.get("help", "")
        choices = _choices(help_text)
        params[name] = Parameter(name, kind, default, help_text, (path.stem,), choices)
        if choices:
            check_value(params[name], default, f"the default in {path.name}")
    return params


def collect_parameters(notebooks: Iterable[str | Path]) -> dict[str, Parameter]:
    """Every notebook's parameters; a name shared by several notebooks must be declared
    alike in each (same type and default), since one value is given to all of them.

    >>> from analysis.paths import NOTEBOOKS_DIR
    >>> collect_parameters(sorted(NOTEBOOKS_DIR.glob("*.ipynb")))["markers"].notebooks
    ('00-load-articles', '10-sentiment', '20-framing')
    """
    merged: dict[str, Parameter] = {}
    for path in notebooks:
        for name, param in notebook_parameters(path).items():
            seen = merged.get(name)
            if seen is None:
                merged[name] = param
                continue
            if (seen.type, seen.default) != (param.type, param.default):
                raise ParameterError(
                    f"parameter {name!r} is declared differently in {seen.notebooks[0]} "
                    f"({seen.type} = {seen.default!r}) and {param.notebooks[0]} "
                    f"({param.type} = {param.default!r}); make the parameters cells agree"
                )
            merged[name] = Parameter(
                name,
                seen.type,
                seen.default,
                seen.help or param.help,
                seen.notebooks + param.notebooks,
                seen.choices or param.choices,
            )
    return merged


def _describe(value: object) -> str:
    return f"{value!r} ({type(value).__name__})"


# Values of the right type that the notebooks' code refuses (``top_distinctive``,
# ``distinctive_terms``, ``sentiment_measures``): checked with the type, so that they stop
# a run before any notebook starts rather than minutes into it. The example is the default.
_RULES: dict[str, tuple[Callable[[object], bool], str]] = {
    "n_top_terms": (lambda n: n >= 1, "must be at least 1"),
    "min_term_count": (lambda n: n >= 1, "must be at least 1"),
    "engines": (
        lambda engines: "textblob" in engines,
        "must include 'textblob' (its polarity and subjectivity are the measures every "
        "comparison uses; VADER is a second opinion)",
    ),
}


def cli_option(name: str, value: object) -> str:
    """The ``-p name value`` that gives a parameter ``value``, quoted for the shell.

    >>> print(cli_option("markers", ["Comment:", "Editor's note:"]))
    -p markers '["Comment:", "Editor'"'"'s note:"]'
    >>> print(cli_option("n_top_terms", 15), cli_option("use_cache", False))
    -p n_top_terms 15 -p use_cache false
    """
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return f"-p {name} {shlex.quote(text)}"


def _unquoted_items(value: list) -> list[str]:
    """The items YAML read as mappings when their quotes were left out, as typed:
    ``[Comment:, Op: x]`` gives ``[{"Comment": None}, {"Op": "x"}]``."""
    items = []
    for item in value:
        if isinstance(item, dict):
            items += [f"{k}:" if v is None else f"{k}: {v}" for k, v in item.items()]
        else:
            items.append(str(item))
    return items


def check_value(param: Parameter, value: object, origin: str) -> object:
    """Return ``value`` if it has the parameter's type (an int serves as a float)."""
    kind = param.type
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "list": isinstance(value, list),
        "dict": isinstance(value, dict),
    }[kind]
    if ok and kind == "list" and isinstance(param.default, list) and param.default:
        element = type(param.default[0])
        ok = all(isinstance(v, element) for v in value)
        kind = f"list of {element.__name__}"
    if ok and param.choices:
        items = value if isinstance(value, list) else [value]
        wrong = [v for v in items if v not in param.choices]
        if wrong or (isinstance(value, list) and not value):
            raise ParameterError(
                f"parameter {param.name!r} ({origin}): {wrong[0] if wrong else value!r} is not "
                f"{'among' if isinstance(value, list) else 'one of'} "
                + ", ".join(repr(c) for c in param.choices)
            )
    if not ok and isinstance(value, list) and any(isinstance(v, dict) for v in value):
        # YAML reads [Comment:, Opinion:] as a list of mappings: the quotes were left out.
        items = _unquoted_items(value)
        key = next(f"{k}:" for v in value if isinstance(v, dict) for k in v)
        raise ParameterError(
            f"parameter {param.name!r} ({origin}): put each item in quotes: "
            f"{cli_option(param.name, items)} (without them, YAML reads {key!r} as a key)"
        )
    if not ok:
        example = {"str": '"text"', "int": "5", "float": "0.5", "bool": "true"}.get(
            param.type, '["a", "b"]' if param.type == "list" else "{key: value}"
        )
        raise ParameterError(
            f"parameter {param.name!r} ({origin}) must be {kind}, not {_describe(value)}; "
            f"for example {param.name}: {example} (default {param.default!r})"
        )
    if param.name in _RULES:
        holds, rule = _RULES[param.name]
        if not holds(value):
            raise ParameterError(
                f"parameter {param.name!r} ({origin}) {rule}, not {value!r}; for example "
                + cli_option(param.name, param.default)
            )
    return float(value) if param.type == "float" else value


def parse_cli_value(param: Parameter, text: str) -> object:
    """Read the text after ``-p name`` as the parameter's type.

    Text stays text (``-p marker_regex 123`` is the string "123"); lists and dicts are
    read as YAML (so JSON works), and a list parameter also takes a single plain item.

    >>> from analysis.app.params import Parameter
    >>> markers = Parameter("markers", "list", ["Comment:"], "", ("x",))
    >>> parse_cli_value(markers, '["Comment:", "Editor\\'s note:"]')
    ['Comment:', "Editor's note:"]
    >>> parse_cli_value(markers, "Opinion:")
    ['Opinion:']
    >>> parse_cli_value(Parameter("n", "int", 15, "", ("x",)), "012")
    12
    >>> parse_cli_value(Parameter("n", "int", 15, "", ("x",)), "twenty")
    Traceback (most recent call last):
    ...
    analysis.app.params.ParameterError: parameter 'n' (-p n twenty) must be int, ...
    """
    origin = f"-p {param.name} {text}"
    kind = param.type
    if kind == "str":
        return check_value(param, text, origin)
    if kind in ("int", "float", "bool"):  # read as typed, in base 10: "012" is twelve
        word = text.strip()
        try:
            if kind == "bool":
                if word.lower() not in _TRUE | _FALSE:
                    raise ValueError
                typed = word.lower() in _TRUE
            else:
                typed = int(word, 10) if kind == "int" else float(word)
        except ValueError:
            raise ParameterError(
                f"parameter {param.name!r} ({origin}) must be {kind}, not {text!r} "
                f"(default {param.default!r})"
            ) from None
        return check_value(param, typed, origin)  # and the rules a notebook's code holds
    if kind == "list" and not text.lstrip().startswith("["):
        return check_value(param, [text], origin) if text.strip() else []
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ParameterError(
            f"parameter {param.name!r} ({origin}) is not valid {kind} ({err}); "
            f'write it like {param.name} \'["Comment:", "Opinion:"]\''
        ) from None
    return check_value(param, value, origin)


def _unknown(name: str, params: dict[str, Parameter], origin: str) -> ParameterError:
    import difflib

    close = difflib.get_close_matches(name, params, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return ParameterError(
        f"unknown parameter {name!r} ({origin}){hint}; the notebooks' parameters are: "
        + ", ".join(sorted(params))
    )


def _from_yaml(text: str, origin: str) -> dict:
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise ParameterError(f"{origin}{where}: not valid YAML ({err})") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ParameterError(f"{origin}: must be a mapping of 'name: value' lines")
    return values


def resolve_parameters(
    params: dict[str, Parameter],
    *,
    files: Sequence[str | Path] = (),
    yaml_texts: Sequence[str] = (),
    pairs: Sequence[tuple[str, str]] = (),
) -> dict[str, object]:
    """Merge values from YAML files (``-f``), YAML text (``-y``) and ``-p name value``
    pairs, later ones winning as in papermill, and check every name and type.

    Only the values given are returned; the notebooks keep their own defaults for the rest.
    """
    given: dict[str, object] = {}
    for file in files:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise ParameterError(
                f"{path}: cannot read the parameters file ({err.strerror})"
            ) from None
        for name, value in _from_yaml(text, str(path)).items():
            if name not in params:
                raise _unknown(str(name), params, f"in {path}")
            given[name] = check_value(params[name], value, f"in {path}")
    for text in yaml_texts:
        for name, value in _from_yaml(text, "-y").items():
            if name not in params:
                raise _unknown(str(name), params, "-y")
            given[name] = check_value(params[name], value, "-y")
    for name, text in pairs:
        if name not in params:
            raise _unknown(name, params, f"-p {name}")
        given[name] = parse_cli_value(params[name], text)
    return given
