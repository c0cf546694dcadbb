"""``analysis.app.params``: parameters read from the notebooks' ``parameters`` cells, and
the strict checks of values given with ``-p``, ``-y`` and ``-f``.

The notebooks are written into ``tmp_path`` with nbformat, and the project's own
notebooks are read too; nothing is executed (papermill only inspects the cells).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis.app.notebooks import find_notebooks
from analysis.app.params import (
    TYPES,
    Parameter,
    ParameterError,
    check_value,
    cli_option,
    collect_parameters,
    notebook_parameters,
    parse_cli_value,
    resolve_parameters,
)

CELL = """\
n_top: int = 15  # distinctive terms shown on each side
ratio: float = 0.5  # a share
flag: bool = True  # reuse the cache
name: str = ""  # the article to show; empty: the first
level: str = "sentence"  # unit of analysis; one of "sentence", "paragraph"
engines: list = ["textblob", "vader"]  # TextBlob is required; any of "textblob", "vader"
breaks: str = "blank line"  # one of "blank line", "line break" or "none" (one text)
options: dict = {"a": 1}
"""


# The shell form of the markers "Comment:" and "Editor's note:", as a hint must print it.
BOTH_MARKERS = """-p markers '["Comment:", "Editor'"'"'s note:"]'"""


def write_notebook(folder: Path, name: str, parameters: str | None, *, tagged=True) -> Path:
    """A notebook with a ``parameters`` cell holding ``parameters`` and a cell after it."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    cells = [nbformat.v4.new_markdown_cell("# A notebook")]
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        if tagged:
            cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells.append(nbformat.v4.new_code_cell("print(n_top)"))
    nb.cells = cells
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def param(kind: str, default, choices=(), name: str = "x") -> Parameter:
    return Parameter(name, kind, default, "", ("nb",), tuple(choices))


@pytest.fixture
def params(tmp_path) -> dict[str, Parameter]:
    return notebook_parameters(write_notebook(tmp_path, "10-test", CELL))


# --- the parameters cell --------------------------------------------------------------


def test_the_parameters_cell_gives_names_types_defaults_and_meanings(params):
    assert list(params) == [
        "n_top", "ratio", "flag", "name", "level", "engines", "breaks", "options",
    ]  # fmt: skip
    assert params["n_top"] == Parameter(
        "n_top", "int", 15, "distinctive terms shown on each side", ("10-test",), ()
    )
    assert (params["ratio"].type, params["ratio"].default) == ("float", 0.5)
    assert (params["flag"].type, params["flag"].default) == ("bool", True)
    assert (params["name"].type, params["name"].default) == ("str", "")
    assert (params["options"].type, params["options"].default, params["options"].help) == (
        "dict",
        {"a": 1},
        "",
    )
    assert {p.type for p in params.values()} <= set(TYPES)


def test_choices_come_from_one_of_and_any_of_in_the_comment(params):
    assert params["level"].choices == ("sentence", "paragraph")
    assert params["engines"].choices == ("textblob", "vader")
    assert params["breaks"].choices == ("blank line", "line break", "none"), "'or' joins too"
    assert params["n_top"].choices == () and params["name"].choices == ()


def test_a_notebook_without_a_tagged_parameters_cell_is_refused(tmp_path):
    for path in (
        write_notebook(tmp_path, "none", None),
        write_notebook(tmp_path, "untagged", CELL, tagged=False),
    ):
        with pytest.raises(ParameterError, match="no cell tagged 'parameters'"):
            notebook_parameters(path)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("n = 5  # no annotation\n", "parameter 'n' has no type annotation I can check"),
        ("n: tuple = (1, 2)\n", "parameter 'n' has no type annotation I can check (tuple)"),
        ('n: str = "a" + "b"\n', 'the default of \'n\' ("a" + "b") is not a literal'),
        (
            'unit: str = "word"  # one of "sentence", "paragraph"\n',
            "parameter 'unit' (the default in bad.ipynb): 'word' is not one of 'sentence'",
        ),
    ],
    ids=["untyped", "unchecked-type", "computed", "default-not-a-choice"],
)
def test_declarations_that_cannot_be_checked_are_refused(tmp_path, cell, message):
    with pytest.raises(ParameterError) as raised:
        notebook_parameters(write_notebook(tmp_path, "bad", cell))
    assert message in str(raised.value)


def test_a_name_shared_by_notebooks_is_one_parameter(tmp_path):
    first = write_notebook(tmp_path, "00-a", 'markers: list = ["Comment:"]  # markers\n')
    second = write_notebook(tmp_path, "10-b", 'markers: list = ["Comment:"]\nk: int = 2\n')
    merged = collect_parameters([first, second])
    assert merged["markers"].notebooks == ("00-a", "10-b")
    assert merged["markers"].help == "markers"
    assert merged["k"].notebooks == ("10-b",)


@pytest.mark.parametrize(
    ("other", "described"),
    [
        ('markers: list = ["Opinion:"]\n', "(list = ['Comment:']) and 10-b (list = ['Opinion:'])"),
        ('markers: str = "Comment:"\n', "(list = ['Comment:']) and 10-b (str = 'Comment:')"),
    ],
    ids=["default", "type"],
)
def test_conflicting_declarations_across_notebooks_are_refused(tmp_path, other, described):
    first = write_notebook(tmp_path, "00-a", 'markers: list = ["Comment:"]\n')
    second = write_notebook(tmp_path, "10-b", other)
    with pytest.raises(ParameterError) as raised:
        collect_parameters([first, second])
    message = str(raised.value)
    assert "parameter 'markers' is declared differently in 00-a " + described in message
    assert message.endswith("make the parameters cells agree")


# --- the project's notebooks ---------------------------------------------------------


def test_the_projects_notebooks_declare_checkable_parameters():
    notebooks = find_notebooks()
    params = collect_parameters(notebooks)
    for p in params.values():
        assert p.type in TYPES and p.help, f"{p.name}: typed and explained"
        assert check_value(p, p.default, "default") == p.default
    # Every notebook that reads articles; the opinion model's card reads none.
    readers = tuple(n.stem for n in notebooks if not n.stem.startswith("90-"))
    assert params["markers"].notebooks == readers, "read by every notebook that loads articles"
    assert params["report_dir"].notebooks == tuple(n.stem for n in notebooks)
    assert params["level"].choices == ("paragraph", "sentence")
    assert params["engines"].choices == ("textblob", "vader", "opinion")
    assert params["on_error"].choices == ("raise", "skip")
    assert (params["n_top_terms"].type, params["n_top_terms"].default) == ("int", 15)
    assert params["n_top_terms"].notebooks == ("20-framing",)
    for path in notebooks:  # each notebook's own cell agrees with the merged view
        for name, own in notebook_parameters(path).items():
            assert (own.type, own.default) == (params[name].type, params[name].default)


# --- checking values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "default", "value", "expected"),
    [
        ("int", 1, 7, 7),
        ("float", 0.5, 2, 2.0),  # an int serves as a float, and becomes one
        ("bool", True, False, False),
        ("str", "", "x", "x"),
        ("list", ["a"], ["b", "c"], ["b", "c"]),
        ("list", [], [1, "mixed"], [1, "mixed"]),  # an empty default says nothing of items
        ("dict", {}, {"k": 1}, {"k": 1}),
    ],
)
def test_values_of_the_declared_type_pass(kind, default, value, expected):
    checked = check_value(param(kind, default), value, "-y")
    assert checked == expected and type(checked) is type(expected)


@pytest.mark.parametrize(
    ("kind", "default", "value", "message"),
    [
        ("int", 1, True, "must be int, not True (bool); for example x: 5 (default 1)"),
        ("int", 1, 2.5, "must be int, not 2.5 (float)"),
        ("float", 0.5, "0.5", "must be float, not '0.5' (str)"),
        ("bool", True, "yes", "must be bool, not 'yes' (str); for example x: true"),
        ("str", "", 5, 'must be str, not 5 (int); for example x: "text"'),
        ("list", ["a"], "a", 'must be list, not \'a\' (str); for example x: ["a", "b"]'),
        ("list", ["a"], ["a", 2], "must be list of str, not ['a', 2] (list)"),
        ("dict", {}, [], "must be dict, not [] (list); for example x: {key: value}"),
    ],
)
def test_values_of_another_type_are_refused(kind, default, value, message):
    with pytest.raises(ParameterError) as raised:
        check_value(param(kind, default), value, "in params.yml")
    assert str(raised.value).startswith("parameter 'x' (in params.yml) " + message)


def test_choices_are_checked_for_a_value_and_for_each_item_of_a_list():
    level = param("str", "sentence", ["sentence", "paragraph"], name="level")
    assert check_value(level, "paragraph", "-y") == "paragraph"
    with pytest.raises(ParameterError, match="'word' is not one of 'sentence', 'paragraph'$"):
        check_value(level, "word", "-y")
    engines = param("list", ["textblob"], ["textblob", "vader"], name="engines")
    assert check_value(engines, ["vader", "textblob"], "-y") == ["vader", "textblob"]
    with pytest.raises(ParameterError, match="'nonsense' is not among 'textblob', 'vader'$"):
        check_value(engines, ["vader", "nonsense"], "-y")
    with pytest.raises(ParameterError, match=r"\[\] is not among 'textblob', 'vader'$"):
        check_value(engines, [], "-y")


# --- -p NAME VALUE ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "default", "text", "expected"),
    [
        ("int", 15, "012", 12),  # base 10: a leading zero is not octal
        ("int", 15, " 7 ", 7),
        ("int", 15, "-3", -3),
        ("float", 0.5, "1e-3", 0.001),
        ("float", 0.5, "2", 2.0),
        ("bool", True, "no", False),
        ("bool", False, "Yes", True),
        ("bool", False, "1", True),
        ("bool", True, "off", False),
        ("str", "", "123", "123"),  # text stays text
        ("str", "", "[a]", "[a]"),
        ("list", ["Comment:"], "Opinion:", ["Opinion:"]),  # a single plain item
        ("list", ["Comment:"], "Editor's note: x, y", ["Editor's note: x, y"]),
        ("list", ["Comment:"], '["Comment:", "Opinion:"]', ["Comment:", "Opinion:"]),
        ("list", ["Comment:"], "[Opinion, 'Op: x']", ["Opinion", "Op: x"]),  # YAML
        ("list", ["Comment:"], "", []),
        ("dict", {}, '{"a": 1, b: [2]}', {"a": 1, "b": [2]}),
    ],
)
def test_cli_text_is_read_as_the_parameters_type(kind, default, text, expected):
    value = parse_cli_value(param(kind, default), text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("kind", "default", "text", "message"),
    [
        ("int", 15, "0x10", "parameter 'x' (-p x 0x10) must be int, not '0x10' (default 15)"),
        ("int", 15, "1.5", "must be int, not '1.5'"),
        ("int", 15, "", "must be int, not ''"),
        ("float", 0.5, "half", "must be float, not 'half' (default 0.5)"),
        ("bool", True, "maybe", "must be bool, not 'maybe' (default True)"),
        ("list", ["a"], "[a, b", "(-p x [a, b) is not valid list ("),
        ("list", ["a"], "[1, 2]", "must be list of str, not [1, 2] (list)"),
        ("dict", {}, "[1]", "must be dict, not [1] (list)"),
    ],
)
def test_cli_text_that_is_not_the_parameters_type_is_refused(kind, default, text, message):
    with pytest.raises(ParameterError) as raised:
        parse_cli_value(param(kind, default), text)
    assert message in str(raised.value)


# --- -f, -y and -p together -----------------------------------------------------------


def test_later_sources_win_file_then_yaml_then_p(params, tmp_path):
    file = tmp_path / "params.yml"
    file.write_text("n_top: 3\nratio: 0.25\nflag: false\n", encoding="utf-8")
    values = resolve_parameters(
        params,
        files=[file],
        yaml_texts=["n_top: 4\nlevel: paragraph"],
        pairs=[("n_top", "5"), ("engines", "[vader, textblob]")],
    )
    assert values == {
        "n_top": 5, "ratio": 0.25, "flag": False, "level": "paragraph",
        "engines": ["vader", "textblob"],
    }  # fmt: skip
    assert list(values) == ["n_top", "ratio", "flag", "level", "engines"]
    assert resolve_parameters(params) == {}, "only values given: the rest stay the notebooks'"
    assert resolve_parameters(params, yaml_texts=["", "# nothing\n"]) == {}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"pairs": [("n_tpo", "5")]}, "'n_tpo' (-p n_tpo) (did you mean 'n_top'?)"),
        ({"yaml_texts": ["levle: paragraph"]}, "'levle' (-y) (did you mean 'level'?)"),
        ({"pairs": [("colour", "red")]}, "'colour' (-p colour); the notebooks'"),
    ],
    ids=["p", "y", "no-close-match"],
)  # fmt: skip
def test_unknown_names_are_refused_with_a_did_you_mean(params, given, message):
    with pytest.raises(ParameterError) as raised:
        resolve_parameters(params, **given)
    text = str(raised.value)
    assert text.startswith("unknown parameter " + message)
    assert text.endswith(", ".join(sorted(params))), "every valid name listed"
    if "colour" in message:
        assert "did you mean" not in text


def test_unknown_names_in_a_file_name_the_file(params, tmp_path):
    file = tmp_path / "params.yml"
    file.write_text("flag: true\nengine: [vader]\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=rf"'engine' \(in {file}\) \(did you mean 'engines'"):
        resolve_parameters(params, files=[file])


def test_files_that_cannot_be_read_or_are_not_mappings_are_refused(params, tmp_path):
    with pytest.raises(ParameterError, match="missing.yml: cannot read the parameters file"):
        resolve_parameters(params, files=[tmp_path / "missing.yml"])
    broken = tmp_path / "broken.yml"
    broken.write_text("n_top: 3\nlevel: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"broken.yml, line \d+: not valid YAML"):
        resolve_parameters(params, files=[broken])
    with pytest.raises(ParameterError, match="-y: must be a mapping of 'name: value' lines"):
        resolve_parameters(params, yaml_texts=["- n_top\n- 3\n"])
    with pytest.raises(ParameterError, match=r"parameter 'n_top' \(-y\) must be int, not '3'"):
        resolve_parameters(params, yaml_texts=["n_top: '3'"])


def test_a_list_typed_without_quotes_says_to_quote_each_item():
    markers = Parameter("markers", "list", ["Comment:"], "", ("x",))
    with pytest.raises(ParameterError, match=r"put each item in quotes.*-p markers '\["):
        parse_cli_value(markers, "[Comment:, Opinion:]")


def test_a_list_typed_without_quotes_shows_the_users_own_items_quoted():
    """The hint is the user's list, quoted and ready to paste, not a generic example."""
    markers = Parameter("markers", "list", ["Comment:"], "", ("x",))
    with pytest.raises(ParameterError) as raised:
        parse_cli_value(markers, "[Comment:, Editor's note:]")
    assert BOTH_MARKERS in str(raised.value)


# --- rules the notebooks' code enforces, checked before any notebook starts ------------


@pytest.mark.parametrize(
    ("name", "text", "value", "message"),
    [
        ("n_top_terms", "0", 0, "'n_top_terms' (-p n_top_terms 0) must be at least 1, not 0"),
        ("min_term_count", "-2", -2, "'min_term_count' (-p min_term_count -2) must be at least"),
        ("engines", "vader", ["vader"], "'engines' (-p engines vader) must include 'textblob'"),
    ],
    ids=["n_top_terms", "min_term_count", "engines"],
)  # fmt: skip
def test_values_a_notebook_would_refuse_later_are_refused_now(name, text, value, message):
    params = collect_parameters(find_notebooks())
    with pytest.raises(ParameterError) as raised:
        parse_cli_value(params[name], text)
    assert str(raised.value).startswith("parameter " + message)
    with pytest.raises(ParameterError):  # from -y and -f too
        resolve_parameters(params, yaml_texts=[f"{name}: {value}"])


def test_the_rules_let_values_that_make_sense_through():
    params = collect_parameters(find_notebooks())
    assert check_value(params["n_top_terms"], 1, "-y") == 1
    assert check_value(params["min_term_count"], 3, "-y") == 3
    assert check_value(params["engines"], ["textblob"], "-y") == ["textblob"]
    assert check_value(params["engines"], ["vader", "textblob"], "-y") == ["vader", "textblob"]


def test_the_rule_messages_say_what_to_give_instead():
    params = collect_parameters(find_notebooks())
    with pytest.raises(ParameterError) as raised:
        check_value(params["engines"], ["vader"], "-y")
    assert 'for example -p engines \'["textblob", "vader", "opinion"]\'' in str(raised.value)
    with pytest.raises(ParameterError) as raised:
        check_value(params["n_top_terms"], 0, "-y")
    assert "for example -p n_top_terms 15" in str(raised.value)


# --- the command-line form of a value -------------------------------------------------


def test_cli_option_is_the_value_as_typed_in_a_shell():
    import shlex

    typed = cli_option("markers", ["Comment:", "Editor's note:"])
    assert typed == BOTH_MARKERS
    assert shlex.split(typed) == ["-p", "markers", '["Comment:", "Editor\'s note:"]']
    assert cli_option("n_top_terms", 15) == "-p n_top_terms 15"
