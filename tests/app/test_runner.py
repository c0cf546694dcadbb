"""``analysis.app.runner``: the report folder of ``media-bias run`` end to end, checks that
stop a run before any notebook, failing notebooks, and the renames that keep a report
complete or absent.

The end-to-end tests run the command as users run it, in a subprocess from an unrelated
working directory, with the sentiment and corpus cache in a temporary folder (``slow``).
"""

from __future__ import annotations

import json
import os
import re
import shlex

import nbformat
import pandas as pd
import pytest

from analysis.app.runner import (
    HOST,
    absolute_path,
    find_notebooks,
    move_into_place,
    select_notebooks,
    set_aside_abandoned,
)
from analysis.errors import InputError
from analysis.paths import NOTEBOOKS_DIR, SAMPLE_DIR

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"

# The tables the issue promises, by content; each must exist as CSV and Parquet.
PROMISED_TABLES = [
    "00-articles", "00-paragraphs", "00-sentences",  # the loaded corpus
    "10-scores-sentence",  # sentiment per sentence
    "10-section-summary", "10-section-tests", "10-within-article",  # section comparisons
    "20-distinctive-terms", "20-top-distinctive-terms", "20-actors",
    "20-frames", "20-frame-tests", "20-style", "20-style-tests", "20-separability",
]  # fmt: skip

# A process id no process can have (above any pid_max), so its partial report is abandoned.
NO_SUCH_PID = 2**31 - 1


# --- end to end ----------------------------------------------------------------------


@pytest.mark.slow
def test_run_on_the_sample_writes_every_promised_file(sample_report):
    done, folder = sample_report
    assert done.returncode == 0, done.stderr
    finished = re.findall(r"^\[\d/3\] (\S+) +done in [\d.]+ s$", done.stdout, re.MULTILINE)
    assert sorted(finished) == [p.stem for p in find_notebooks()], "one line per notebook"
    for notebook in find_notebooks():
        executed = folder / "notebooks" / notebook.name
        rendered = executed.with_suffix(".html")
        assert executed.stat().st_size > 0 and rendered.stat().st_size > 0
        assert "data:image/png;base64" in rendered.read_text(), "figures embedded in the HTML"
        assert nbformat.read(executed, as_version=4).metadata["papermill"]["exception"] is None
    pngs = sorted((folder / "figures").glob("*.png"))
    assert len(pngs) >= 10
    for png in pngs:
        assert png.stat().st_size > 1000 and png.with_suffix(".svg").stat().st_size > 1000
    for name in PROMISED_TABLES:
        for suffix in (".csv", ".parquet"):
            assert (folder / "tables" / f"{name}{suffix}").stat().st_size > 0, name + suffix
    csv = pd.read_csv(folder / "tables" / "10-section-summary.csv").fillna({"note": ""})
    parquet = pd.read_parquet(folder / "tables" / "10-section-summary.parquet")
    pd.testing.assert_frame_equal(csv, parquet, check_dtype=False)
    for name in ("summary.json", "index.html"):
        assert (folder / name).stat().st_size > 0
    assert not [p.name for p in folder.parent.iterdir() if p.name != "sample-run"], "leftovers"


@pytest.mark.slow
def test_notebooks_share_one_loaded_and_scored_corpus(sample_report, workdir):
    """The runner loads and scores once; had a notebook loaded with other options (or
    scored with engines the stored table lacks) the cache would hold a second table."""
    done, _ = sample_report
    assert re.search(
        r"^loaded and scored 1 article, 21 sentences \(cached for the notebooks\) in [\d.]+ s$",
        done.stdout,
        re.MULTILINE,
    )
    cache = workdir / "sample-cache"
    assert len(list((cache / "corpus").iterdir())) == 1
    (scores,) = (cache / "scores").iterdir()
    assert (
        scores.name.startswith("sentence-") and "textblob" in scores.name and "vader" in scores.name
    )


# --- checks before any notebook runs --------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "n_top_term", "5"], "'n_top_term' (-p n_top_term) (did you mean 'n_top_terms'?)"),
        (["-p", "n_top_terms", "many"], "'n_top_terms' (-p n_top_terms many) must be int"),
        (["-y", "use_cache: maybe"], "parameter 'use_cache' (-y) must be bool, not 'maybe' (str)"),
        (["-p", "markers", "[1, 2]"], "'markers' (-p markers [1, 2]) must be list of str"),
        (["-p", "report_dir", "x"], "parameter 'report_dir' is set by media-bias run"),
        (["--only", "30-nothing"], "'30-nothing' names no notebook; choose from 00-load"),
        (["--input", "no/such/folder"], "no/such/folder: does not exist"),
        (["--name", "../up"], "--name '../up': use letters"),
        (["--name", "x.failed"], "no ending the runner uses itself"),
        (["-p", "level", "word"], "'level' (-p level word): 'word' is not one of 'sentence'"),
        (["-p", "engines", "[nonsense]"], "'nonsense' is not among 'textblob', 'vader'"),
        (["-y", "engines: []"], "'engines' (-y): [] is not among"),
        (["-p", "on_error", "ignore"], "'ignore' is not one of 'raise', 'skip'"),
        (["-p", "encoding", "utf-9"], "encoding 'utf-9' is not a text encoding"),
        (["-p", "background_path", "nowhere/"], "nowhere: does not exist (parameter background"),
        (["-p", "actors_file", "actors.yml"], "actors.yml: does not exist (parameter actors_file"),
        (["-p", "article_id", "nope"], "'article_id': 'nope' is not in the corpus; its articles"),
    ],
    ids=[
        "unknown", "not-int", "not-bool", "not-list", "runner-owned", "only", "input", "name",
        "reserved-name", "level", "engine", "no-engine", "on-error", "encoding", "background",
        "actors", "article",
    ],
)  # fmt: skip
def test_bad_parameters_and_input_stop_before_any_notebook(media_bias, workdir, args, message):
    done = media_bias(
        "run", "--reports-dir", "bad-reports", *args, cwd=workdir, cache=workdir / "cache"
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, "one line, no traceback"
    assert not (workdir / "bad-reports").exists(), "nothing ran, nothing written"


@pytest.mark.slow
def test_existing_report_is_not_overwritten_without_replace(
    media_bias, workdir, tmp_path, earlier_report
):
    reports = tmp_path / "reports"
    earlier_report(reports, "kept")
    done = media_bias(
        "run", "--name", "kept", "--reports-dir", str(reports), cwd=workdir, cache=workdir / "cache"
    )
    assert done.returncode == 2
    assert "already holds a report. Choose another --name, or pass --replace" in done.stderr
    assert (reports / "kept" / "index.html").read_text() == "earlier report"


def test_only_chooses_notebooks_by_name_or_number_in_run_order():
    notebooks = find_notebooks()
    chosen = select_notebooks(notebooks, ["20-framing", "00", "20"])
    assert [p.stem for p in chosen] == ["00-load-articles", "20-framing"], "order kept, once"
    assert select_notebooks(notebooks, []) == notebooks
    assert [p.stem for p in select_notebooks(notebooks, ["10-sentiment.ipynb"])] == ["10-sentiment"]


def test_a_folder_without_notebooks_is_refused(tmp_path):
    with pytest.raises(InputError, match="holds no .ipynb notebooks"):
        find_notebooks(tmp_path)
    with pytest.raises(InputError, match="is not a folder of notebooks"):
        find_notebooks(tmp_path / "missing")


# --- what the notebooks are given and what they report -------------------------------


@pytest.mark.slow
def test_skipped_inputs_are_reported_not_dropped(
    media_bias, workdir, corpus_with_a_bad_file, tmp_path
):
    done = media_bias(
        "run", "--input", str(corpus_with_a_bad_file), "-p", "on_error", "skip", "--only", "00",
        "--name", "skip", "--reports-dir", str(tmp_path / "reports"),
        cwd=workdir, cache=workdir / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "warning: skipped 1 bad inputs" in done.stderr and "broken.txt" in done.stderr
    folder = tmp_path / "reports" / "skip"
    (skipped,) = json.loads((folder / "summary.json").read_text())["provenance"]["skipped"]
    assert skipped["source"].endswith("broken.txt") and skipped["line"] == 3
    assert "1 input was skipped" in (folder / "index.html").read_text()
    assert len(pd.read_csv(folder / "tables" / "00-skipped.csv")) == 1


@pytest.mark.slow
def test_parameters_from_a_yaml_file_reach_the_notebook(
    media_bias, workdir, tmp_path, earlier_report
):
    params = tmp_path / "params.yml"
    params.write_text("n_top_terms: 3\nlevel: paragraph\nmarkers: ['Comment:', 'Opinion:']\n")
    earlier = earlier_report(tmp_path / "reports", "yaml")
    done = media_bias(
        "run", "-f", str(params), "--only", "20-framing", "--name", "yaml", "--replace",
        "--reports-dir", str(tmp_path / "reports"), cwd=workdir, cache=workdir / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "earlier report" not in (earlier / "index.html").read_text(), "--replace replaced it"
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["yaml"], "no leftovers"
    assert "note: level is not used: only 10-sentiment read it" in done.stdout
    folder = tmp_path / "reports" / "yaml"
    assert [p.name for p in (folder / "notebooks").glob("*.ipynb")] == ["20-framing.ipynb"]
    executed = nbformat.read(folder / "notebooks" / "20-framing.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"]["n_top_terms"] == 3
    assert executed.metadata["papermill"]["parameters"]["markers"] == ["Comment:", "Opinion:"]
    top = pd.read_parquet(folder / "tables" / "20-top-distinctive-terms.parquet")
    assert top.empty or top.groupby("favours").size().max() <= 3
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["provenance"]["parameters"]["n_top_terms"] == 3
    assert summary["notebooks"][0]["parameters"]["n_top_terms"] == 3
    assert summary["sentiment"]["by_section"] is None, "10-sentiment did not run"


@pytest.mark.slow
def test_an_unlisted_marker_is_pointed_out(media_bias, workdir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SAMPLE_FILE.read_text(encoding="utf-8").replace("Comment:", "Editor’s note:")
    for name in ("a.txt", "b.txt"):  # a marker recurs across articles; a speaker, rarely
        (corpus / name).write_text(text, encoding="utf-8")
    done = media_bias(
        "run", "--input", str(corpus), "--only", "00", "--reports-dir", str(tmp_path / "r"),
        cwd=workdir, cache=workdir / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "warning: no paragraph starts with a marker of ['Comment:']" in done.stdout
    hint = re.search(
        r"^note: \"Editor's note:\" opens 4 reporting paragraphs in 2 articles; if it marks "
        r"commentary \(not a speaker, a dateline or an update line\), add it: (-p markers .*)$",
        done.stdout,
        re.MULTILINE,
    )
    assert hint, done.stdout
    flag, name, value = shlex.split(hint.group(1))  # the suggestion works as typed
    assert json.loads(value) == ["Comment:", "Editor's note:"]


def test_paths_typed_in_a_folder_with_brackets_in_its_name(tmp_path, monkeypatch):
    """A working directory like 'proj[2]' must not turn the user's paths into patterns."""
    import glob

    from analysis.paths import resolve_input

    workdir = tmp_path / "proj[2]"
    (workdir / "bg").mkdir(parents=True)
    (workdir / "bg" / "a.txt").write_text("Title\n\nText.\n")
    monkeypatch.chdir(workdir)
    assert glob.glob(absolute_path("bg/*.txt")) == [str(workdir / "bg" / "a.txt")]
    assert resolve_input(absolute_path("bg/a.txt")) == workdir / "bg" / "a.txt"


# --- failure ---------------------------------------------------------------------------


@pytest.mark.slow
def test_failing_notebook_stops_the_run_and_keeps_it_for_inspection(
    media_bias, workdir, tmp_path, earlier_report
):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for source in NOTEBOOKS_DIR.glob("*.ipynb"):
        (notebooks / source.name).write_bytes(source.read_bytes())
    broken = nbformat.read(notebooks / "10-sentiment.ipynb", as_version=4)
    index = next(
        i
        for i, c in enumerate(broken.cells)
        if c.cell_type == "code" and "compare_groups(\n    scored" in c.source
    )
    broken.cells[index].source = (
        "x = 1\nraise RuntimeError('made to fail')\n" + broken.cells[index].source
    )
    nbformat.write(broken, notebooks / "10-sentiment.ipynb")
    reports = tmp_path / "reports"
    earlier = earlier_report(reports, "again")

    done = media_bias(
        "run", "--notebooks", str(notebooks), "--only", "00", "--only", "10", "--jobs", "1",
        "--name", "again", "--replace", "--reports-dir", str(reports),
        cwd=workdir, cache=workdir / "cache",
    )  # fmt: skip
    assert done.returncode == 1
    # numbered as in the source notebook, and quoting the line that failed
    assert f"notebook 10-sentiment failed in cell {index} (In [" in done.stderr
    assert "at \"raise RuntimeError('made to fail')\": RuntimeError: made to fail" in done.stderr
    assert "Traceback" not in done.stderr
    assert (earlier / "index.html").read_text() == "earlier report"
    kept = reports / "again.failed"
    executed = nbformat.read(kept / "notebooks" / "10-sentiment.ipynb", as_version=4)
    failed = [c for c in executed.cells if c.metadata.get("papermill", {}).get("exception")]
    assert [c.source.splitlines()[1] for c in failed] == ["raise RuntimeError('made to fail')"]
    assert (kept / "notebooks" / "00-load-articles.html").exists(), "what ran is kept"
    assert "made to fail" in (kept / "INCOMPLETE.txt").read_text()
    assert not (kept / "index.html").exists() and not (kept / "summary.json").exists()
    assert sorted(p.name for p in reports.iterdir()) == ["again", "again.failed"]


# --- renames -----------------------------------------------------------------------------


def test_a_report_finished_meanwhile_under_the_same_name_is_kept(tmp_path, earlier_report):
    """Two runs with one --name: the later one to finish must not replace the other."""
    final = earlier_report(tmp_path, "same")
    partial = tmp_path / ".same.partial-1"
    partial.mkdir()
    (partial / "index.html").write_text("new report")
    with pytest.raises(InputError, match="was written by another run while this one ran"):
        move_into_place(partial, final, replace=False)
    assert (final / "index.html").read_text() == "earlier report"
    move_into_place(partial, final, replace=True)
    assert (final / "index.html").read_text() == "new report"
    assert [p.name for p in tmp_path.iterdir()] == ["same"]


def test_partial_reports_of_dead_runs_are_set_aside(tmp_path):
    with pytest.raises(ProcessLookupError):  # the premise: no process has this id
        os.kill(NO_SUCH_PID, 0)
    dead = NO_SUCH_PID
    (tmp_path / f".gone.partial-{HOST}-{dead}").mkdir()
    (tmp_path / f".alive.partial-{HOST}-{os.getpid()}").mkdir()
    (tmp_path / f".elsewhere.partial-other-host-{dead}").mkdir()  # may be alive there
    said = []
    set_aside_abandoned(tmp_path, said.append)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".alive.partial-{HOST}-{os.getpid()}",
        f".elsewhere.partial-other-host-{dead}",
        "gone.interrupted",
    ]
    assert (
        "ended without finishing" in (tmp_path / "gone.interrupted" / "INCOMPLETE.txt").read_text()
    )
    assert said == [f"note: an abandoned partial report is now {tmp_path / 'gone.interrupted'}"]
