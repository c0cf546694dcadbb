"""``analysis.app.notebooks``: the notebooks a run executes and what each declares it needs."""

from __future__ import annotations

import nbformat
import pytest

from analysis.app.notebooks import NEEDS, notebook_needs
from analysis.app.params import ParameterError


def _notebook(tmp_path, metadata=None, name="30-new"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    if metadata is not None:
        nb.metadata["media_bias"] = metadata
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_needs_are_read_from_the_notebooks_metadata(tmp_path):
    path = _notebook(tmp_path, {"needs": ["commentary", "scores"]})
    assert notebook_needs(path) == {"commentary", "scores"} == set(NEEDS)


def test_a_notebook_without_the_metadata_needs_nothing(tmp_path):
    assert notebook_needs(_notebook(tmp_path)) == frozenset()
    assert notebook_needs(_notebook(tmp_path, {"needs": []}, name="31-empty")) == frozenset()


@pytest.mark.parametrize(
    "metadata, message",
    [
        ({"needs": ["scorez"]}, r"media_bias.needs names 'scorez', which the runner does not know"),
        ({"needs": "scores"}, r"its metadata media_bias is \{'needs': 'scores'\}"),
        ({"needs": [["scores"]]}, r"a list of any of 'scores', 'commentary'"),
        (["scores"], r"its metadata media_bias is \['scores'\]"),
    ],
)
def test_a_garbled_or_unknown_need_is_an_error_naming_the_notebook(tmp_path, metadata, message):
    path = _notebook(tmp_path, metadata)
    with pytest.raises(ParameterError, match=message) as err:
        notebook_needs(path)
    assert str(path) in str(err.value)


def test_a_run_refuses_a_garbled_need_before_it_reads_the_input(tmp_path, monkeypatch):
    """The notebooks' metadata is read while the run is planned: a bad need stops it before
    the input is listed and hashed (which takes minutes for a large corpus)."""
    from analysis.app import runner
    from analysis.load import cache

    path = _notebook(tmp_path, {"needs": ["scorez"]})
    nb = nbformat.read(path, as_version=4)
    parameters = nbformat.v4.new_code_cell('report_dir: str = ""  # the report folder')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells.insert(0, parameters)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    listed = []
    monkeypatch.setattr(cache, "list_input", lambda path: listed.append(path))
    with pytest.raises(ParameterError, match="scorez"):
        runner.run_report(
            notebooks_dir=tmp_path, reports_dir=tmp_path / "reports", say=lambda line: None
        )
    assert listed == []
