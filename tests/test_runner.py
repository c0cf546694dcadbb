"""``media-bias run`` end to end: the report folder, strict parameters, failures, Ctrl-C.

The command is run as users run it, in a subprocess from an unrelated working
directory, with the sentiment and corpus cache in a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.app.params import collect_parameters
from analysis.app.runner import HOST, find_notebooks, move_into_place, set_aside_abandoned
from analysis.errors import InputError
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT, SAMPLE_DIR

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"

# The tables the issue promises, by content; each must exist as CSV and Parquet.
PROMISED_TABLES = [
    "00-articles", "00-paragraphs", "00-sentences",  # the loaded corpus
    "10-scores-sentence",  # sentiment per sentence
    "10-section-summary", "10-section-tests", "10-within-article",  # section comparisons
    "20-distinctive-terms", "20-top-distinctive-terms", "20-actors",
    "20-frames", "20-frame-tests", "20-style", "20-style-tests", "20-separability",
]  # fmt: skip


def media_bias(
    *args: str, cwd: Path, cache: Path, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``python -m analysis ARGS`` (what the ``media-bias`` script runs)."""
    env = {**os.environ, "MEDIA_BIAS_CACHE": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """An unrelated working directory, with a private cache beside it."""
    return tmp_path_factory.mktemp("elsewhere")


@pytest.fixture(scope="module")
def sample_report(workdir) -> tuple[subprocess.CompletedProcess, Path]:
    """One full run on the bundled sample, shared by the end-to-end tests."""
    done = media_bias(
        "run", "--name", "sample-run", "--reports-dir", "reports", cwd=workdir,
        cache=workdir / "sample-cache",
    )  # fmt: skip
    return done, workdir / "reports" / "sample-run"


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


@pytest.mark.slow
def test_summary_json_agrees_with_the_tables(sample_report):
    done, folder = sample_report
    summary = json.loads((folder / "summary.json").read_text())
    tables = folder / "tables"

    by_section = pd.read_parquet(tables / "10-section-summary.parquet")
    assert len(summary["sentiment"]["by_section"]) == len(by_section)
    for row, (_, expected) in zip(
        summary["sentiment"]["by_section"], by_section.iterrows(), strict=True
    ):
        assert (row["measure"], row["group"], row["n"]) == tuple(
            expected[["measure", "group", "n"]]
        )
        assert row["mean"] == pytest.approx(expected["mean"])
        if pd.isna(expected["mean_low"]):
            assert row["mean_low"] is None
        else:
            assert row["mean_low"] == pytest.approx(expected["mean_low"])

    tests = pd.read_parquet(tables / "10-section-tests.parquet")
    assert [r["difference_of_means"] for r in summary["sentiment"]["tests"]] == pytest.approx(
        tests["difference_of_means"].tolist()
    )

    terms = pd.read_parquet(tables / "20-distinctive-terms.parquet")
    for side, found in summary["framing"]["distinctive_terms"].items():
        rows = terms[terms["favours"] == side]
        listed = [r["z"] for r in found["terms"]]
        assert abs(listed[0]) == pytest.approx(rows["z"].abs().max()), "strongest first"
        assert [abs(z) for z in listed] == sorted((abs(z) for z in listed), reverse=True)
        assert found["beyond_1_96"] == (rows["z"].abs() > 1.96).sum()
        for row in found["terms"]:
            assert rows.set_index("term").loc[row["term"], "z"] == pytest.approx(row["z"])
    assert summary["sentiment"]["unit"] == "sentence"

    separability = pd.read_parquet(tables / "20-separability.parquet").iloc[0]
    assert summary["framing"]["separability"]["note"] == separability["note"]

    articles = pd.read_parquet(tables / "00-articles.parquet")
    paragraphs = pd.read_parquet(tables / "00-paragraphs.parquet")
    assert summary["corpus"]["articles"] == len(articles)
    assert (
        summary["corpus"]["paragraphs"]["commentary"]
        == (paragraphs["section"] == "commentary").sum()
    )

    provenance = summary["provenance"]
    (entry,) = provenance["files"]
    assert entry["sha256"] == hashlib.sha256(SAMPLE_FILE.read_bytes()).hexdigest()
    assert entry["bytes"] == SAMPLE_FILE.stat().st_size
    assert provenance["started"] <= provenance["finished"]
    assert provenance["packages"]["pandas"] == pd.__version__
    assert provenance["parameters"] == {}
    (framing,) = [n for n in summary["notebooks"] if n["name"] == "20-framing"]
    assert framing["parameters"]["n_top_terms"] == 15, "the defaults it ran with"
    assert "report_dir" not in framing["parameters"]
    assert {n["name"] for n in summary["notebooks"]} == {p.stem for p in find_notebooks()}
    assert set(summary["figures"]) == {p.name for p in (folder / "figures").iterdir()}
    assert set(summary["tables"]) == {p.name for p in tables.iterdir()}


@pytest.mark.slow
def test_index_links_every_notebook_figure_and_table(sample_report):
    _, folder = sample_report
    page = (folder / "index.html").read_text()
    links = set(re.findall(r"(?:href|src)='([^']+)'", page)) | set(
        re.findall(r'href="([^"]+)"', page)
    )
    expected = {
        p.relative_to(folder).as_posix()
        for sub in ("notebooks", "figures", "tables")
        for p in (folder / sub).iterdir()
    }
    assert expected <= links
    assert all((folder / link).is_file() for link in links)
    assert "<script" not in page


@pytest.mark.slow
def test_readme_documents_every_column_of_every_table(sample_report):
    _, folder = sample_report
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## The report folder", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([^`]+)`", section))
    missing = {}
    for table in sorted((folder / "tables").glob("*.parquet")):
        assert f"`{table.stem}`" in section, f"README does not describe table {table.stem}"
        columns = set(pd.read_parquet(table).columns)
        if columns - documented:
            missing[table.stem] = sorted(columns - documented)
    assert not missing, f"columns missing from the README's report section: {missing}"


# --- parameters ----------------------------------------------------------------------


def test_params_lists_every_notebook_parameter(workdir):
    done = media_bias("params", cwd=workdir, cache=workdir / "cache")
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines()[1:] if line.strip()][:-1]
    assert set(listed) == set(collect_parameters(find_notebooks()))
    assert re.search(r"^n_top_terms +int +15 +20 +", done.stdout, re.MULTILINE)


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
def test_bad_parameters_and_input_stop_before_any_notebook(workdir, args, message):
    done = media_bias(
        "run", "--reports-dir", "bad-reports", *args, cwd=workdir, cache=workdir / "cache"
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, "one line, no traceback"
    assert not (workdir / "bad-reports").exists(), "nothing ran, nothing written"


@pytest.fixture
def corpus_with_a_bad_file(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes(SAMPLE_FILE.read_bytes())
    (corpus / "broken.txt").write_bytes(b"Title\n\nCaf\xe9 society\n")  # not UTF-8
    return corpus


def test_bad_file_in_the_input_is_one_line_and_status_2(workdir, corpus_with_a_bad_file):
    for extra in ([], ["-p", "use_cache", "false"]):  # checked with or without the cache
        done = media_bias(
            "run", "--input", str(corpus_with_a_bad_file), "--reports-dir", "bad-reports", *extra,
            cwd=workdir, cache=workdir / "cache",
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("media-bias: error: ")
        assert "broken.txt:3: is not valid utf-8 (byte 0xe9 at column 4)" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert not (workdir / "bad-reports").exists()


@pytest.mark.slow
def test_skipped_inputs_are_reported_not_dropped(workdir, corpus_with_a_bad_file, tmp_path):
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


def test_unknown_parameter_lists_the_valid_ones(workdir):
    done = media_bias("run", "-p", "colour", "red", cwd=workdir, cache=workdir / "cache")
    for name in collect_parameters(find_notebooks()):
        assert name in done.stderr


def test_debug_shows_the_traceback(workdir):
    done = media_bias(
        "run", "--debug", "--input", "missing.txt", cwd=workdir, cache=workdir / "cache"
    )
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "missing.txt: does not exist" in done.stderr


def test_unreadable_parameters_file_is_one_line(workdir):
    done = media_bias("run", "-f", "nowhere.yml", cwd=workdir, cache=workdir / "cache")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("media-bias: error: nowhere.yml: cannot read")


@pytest.mark.slow
def test_parameters_from_a_yaml_file_reach_the_notebook(workdir, tmp_path):
    params = tmp_path / "params.yml"
    params.write_text("n_top_terms: 3\nlevel: paragraph\nmarkers: ['Comment:', 'Opinion:']\n")
    earlier = _earlier_report(tmp_path / "reports", "yaml")
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
    assert top.groupby("favours").size().max() <= 3
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["provenance"]["parameters"]["n_top_terms"] == 3
    assert summary["notebooks"][0]["parameters"]["n_top_terms"] == 3
    assert summary["sentiment"]["by_section"] is None, "10-sentiment did not run"


# --- failure and interruption ----------------------------------------------------------


def _earlier_report(reports: Path, name: str) -> Path:
    """A complete-looking earlier report that a later run must not damage."""
    folder = reports / name
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("earlier report")
    return folder


@pytest.mark.slow
def test_failing_notebook_stops_the_run_and_keeps_it_for_inspection(workdir, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for source in NOTEBOOKS_DIR.glob("*.ipynb"):
        (notebooks / source.name).write_bytes(source.read_bytes())
    broken = nbformat.read(notebooks / "10-sentiment.ipynb", as_version=4)
    index = next(i for i, c in enumerate(broken.cells) if "compare_groups(\n    scored" in c.source)
    broken.cells[index].source = (
        "x = 1\nraise RuntimeError('made to fail')\n" + broken.cells[index].source
    )
    nbformat.write(broken, notebooks / "10-sentiment.ipynb")
    reports = tmp_path / "reports"
    earlier = _earlier_report(reports, "again")

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


def _kernels() -> int:
    found = subprocess.run(["pgrep", "-f", "ipykernel_launcher"], capture_output=True, check=False)
    return len(found.stdout.split())


@pytest.mark.slow
def test_interrupted_run_leaves_no_complete_looking_report(workdir, tmp_path):
    reports = tmp_path / "reports"
    earlier = _earlier_report(reports, "stopped")
    kernels_before = _kernels()
    env = {**os.environ, "MEDIA_BIAS_CACHE": str(workdir / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", "run", "--name", "stopped", "--replace",
         "--reports-dir", str(reports)],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(reports.glob(".stopped.partial-*/logs/*.log")):
        assert process.poll() is None and time.monotonic() < deadline, "run never started"
        time.sleep(0.1)
    time.sleep(1.0)  # the kernels are starting
    process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)  # an impatient second Ctrl-C must not orphan anything
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert (earlier / "index.html").read_text() == "earlier report"
    assert sorted(p.name for p in reports.iterdir()) == ["stopped", "stopped.interrupted"]
    kept = reports / "stopped.interrupted"
    assert "interrupted" in (kept / "INCOMPLETE.txt").read_text()
    assert not (kept / "index.html").exists()
    leftover = subprocess.run(
        ["pgrep", "-f", f"papermill.*{kept.parent}"], capture_output=True, check=False
    )
    assert leftover.stdout == b"", "papermill processes outlived the run"
    time.sleep(2)  # a kernel notices its papermill is gone within a second
    assert _kernels() <= kernels_before, "kernels outlived the run"


def test_existing_report_is_not_overwritten_without_replace(workdir, tmp_path):
    reports = tmp_path / "reports"
    _earlier_report(reports, "kept")
    done = media_bias(
        "run", "--name", "kept", "--reports-dir", str(reports), cwd=workdir, cache=workdir / "cache"
    )
    assert done.returncode == 2
    assert "already holds a report. Choose another --name, or pass --replace" in done.stderr
    assert (reports / "kept" / "index.html").read_text() == "earlier report"


def test_a_report_finished_meanwhile_under_the_same_name_is_kept(tmp_path):
    """Two runs with one --name: the later one to finish must not replace the other."""
    final = _earlier_report(tmp_path, "same")
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
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
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


@pytest.mark.slow
def test_an_unlisted_marker_is_pointed_out(workdir, tmp_path):
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

    from analysis.app.runner import absolute_path
    from analysis.paths import resolve_input

    workdir = tmp_path / "proj[2]"
    (workdir / "bg").mkdir(parents=True)
    (workdir / "bg" / "a.txt").write_text("Title\n\nText.\n")
    monkeypatch.chdir(workdir)
    assert glob.glob(absolute_path("bg/*.txt")) == [str(workdir / "bg" / "a.txt")]
    assert resolve_input(absolute_path("bg/a.txt")) == workdir / "bg" / "a.txt"


def test_main_runs_where_stdout_cannot_be_reconfigured(capsys):
    import contextlib
    import io

    from analysis.app.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):  # as in a notebook, or a caller's own capture
        assert main(["params"]) == 0
    assert re.search(r"^n_top_terms +int", out.getvalue(), re.MULTILINE)
