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
import shutil

import nbformat
import pandas as pd
import pytest

from analysis.app.checks import absolute_path
from analysis.app.notebooks import find_notebooks, select_notebooks
from analysis.app.params import ParameterError
from analysis.app.report_folder import HOST, move_into_place, set_aside_abandoned
from analysis.app.runner import run_report
from analysis.errors import InputError
from analysis.parallel import usable_cpus
from analysis.paths import NOTEBOOKS_DIR, SAMPLE_DIR

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"

# The tables the issue promises, by content; each must exist as CSV and Parquet.
PROMISED_TABLES = [
    "00-articles", "00-paragraphs", "00-sentences",  # the loaded corpus
    "10-scores-paragraph",  # sentiment per paragraph (the default level)
    "10-section-summary", "10-section-tests", "10-within-article",  # section comparisons
    "20-distinctive-terms", "20-top-distinctive-terms", "20-actors",
    "20-frames", "20-frame-tests", "20-style", "20-style-tests", "20-separability",
]  # fmt: skip

# A process id no process can have (above any pid_max), so its partial report is abandoned.
NO_SUCH_PID = 2**31 - 1

# The shell form of the markers "Comment:" and "Editor's note:", as a hint must print it.
BOTH_MARKERS = """-p markers '["Comment:", "Editor'"'"'s note:"]'"""


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("runner-cache")


@pytest.fixture
def checked_run(monkeypatch, shared_cache, tmp_path):
    """``checked_run(**arguments)``: :func:`run_report` in this process, into
    ``tmp_path / "reports"``, for the checks that stop a run before any notebook starts;
    ``checked_run.said`` holds what it printed."""
    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(shared_cache))
    said: list[str] = []

    def run(**arguments):
        return run_report(reports_dir=tmp_path / "reports", say=said.append, **arguments)

    run.said = said
    return run


# --- end to end ----------------------------------------------------------------------


@pytest.mark.slow
def test_run_on_the_sample_writes_every_promised_file(sample_report):
    done, folder = sample_report
    assert done.returncode == 0, done.stderr
    finished = re.findall(
        rf"^\[\d/{len(find_notebooks())}\] (\S+) +done in [\d.]+ s$", done.stdout, re.MULTILINE
    )
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
    [corpus] = (cache / "corpus").iterdir()
    # Paragraphs with every engine for 10-sentiment (the default level) and 20-framing's
    # ranking, sentences with TextBlob alone for 20-framing's actors; nothing scored twice.
    scored = {
        level.name: sorted(folder.name.split("-")[0] for folder in level.iterdir())
        for level in (corpus / "scores").iterdir()
    }
    assert scored == {"paragraph": ["opinion", "textblob", "vader"], "sentence": ["textblob"]}
    assert not (cache / "scores").exists(), "scores stored outside the corpus's dataset"


# A hook every Python process of a run loads (the runner, papermill, the notebooks'
# kernels): it writes a line for each walk of the input folder and each opening of a file
# in it, with the process's id, whatever function walks or hashes.
_COUNT_HOOK = """
import os, sys

_LOG = os.environ["MEDIA_BIAS_TEST_LOG"]
_INPUT = os.path.realpath(os.environ["MEDIA_BIAS_TEST_INPUT"])


def _path(arg):
    try:
        return os.path.realpath(os.fsdecode(arg))
    except (TypeError, ValueError):
        return ""


def _count(event, args):
    if event == "os.scandir" and args and _path(args[0] if args[0] is not None else ".") == _INPUT:
        what = "walk"
    elif event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        if os.path.dirname(_path(args[0])) != _INPUT:
            return
        what = "open"
    else:
        return
    with open(_LOG, "a") as log:
        log.write(f"{what} {os.getpid()}\\n")


sys.addaudithook(_count)

import hashlib

_digest = hashlib.file_digest


def _file_digest(fileobj, digest, /, **kwargs):
    if os.path.dirname(_path(getattr(fileobj, "name", ""))) == _INPUT:
        with open(_LOG, "a") as log:
            log.write(f"hash {os.getpid()}\\n")
    return _digest(fileobj, digest, **kwargs)


hashlib.file_digest = _file_digest
"""


@pytest.mark.slow
def test_a_run_walks_and_hashes_the_input_once(media_bias, workdir, tmp_path, monkeypatch):
    """The runner lists and hashes the input once, and the notebooks read the corpus it
    cached by its key: no notebook kernel opens the input's folder or files."""
    hook, corpus, log = tmp_path / "hook", tmp_path / "corpus", tmp_path / "calls.log"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_COUNT_HOOK)
    corpus.mkdir()
    shutil.copy(SAMPLE_FILE, corpus / SAMPLE_FILE.name)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MEDIA_BIAS_TEST_LOG", str(log))
    monkeypatch.setenv("MEDIA_BIAS_TEST_INPUT", str(corpus))
    done = media_bias(
        "run", "--input", str(corpus), "--only", "00", "--only", "10", "--only", "20",
        "--name", "counted", "--reports-dir", str(tmp_path / "reports"), cwd=workdir,
        cache=tmp_path / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    calls = [line.split() for line in log.read_text().splitlines()]
    walks = [pid for what, pid in calls if what == "walk"]
    assert len(walks) == 1, f"the input was walked {len(walks)} times"
    hashes = [pid for what, pid in calls if what == "hash"]
    assert len(hashes) == 1, f"the input's one file was hashed {len(hashes)} times"
    readers = {pid for _, pid in calls}
    assert readers == set(walks), "a notebook kernel opened the input again"


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
        (["-p", "level", "word"], "'level' (-p level word): 'word' is not one of 'paragraph'"),
        (["-p", "engines", "[nonsense]"], "'nonsense' is not among 'textblob', 'vader'"),
        (["-y", "engines: []"], "'engines' (-y): [] is not among"),
        (["-p", "on_error", "ignore"], "'ignore' is not one of 'raise', 'skip'"),
        (["-p", "encoding", "utf-9"], "encoding 'utf-9' is not a text encoding"),
        (["-p", "background_path", "nowhere/"], "nowhere: does not exist (parameter background"),
        (["-p", "actors_file", "actors.yml"], "actors.yml: does not exist (parameter actors_file"),
        (["-p", "article_id", "nope"], "'article_id': 'nope' is not in the corpus; its articles"),
        (["-p", "n_top_terms", "0"], "'n_top_terms' (-p n_top_terms 0) must be at least 1, not 0"),
        (["-p", "engines", "vader"], "'engines' (-p engines vader) must include 'textblob'"),
        (["-p", "markers", "Opinion:"], "no paragraph starts with a marker of ['Opinion:']"),
    ],
    ids=[
        "unknown", "not-int", "not-bool", "not-list", "runner-owned", "only", "input", "name",
        "reserved-name", "level", "engine", "no-engine", "on-error", "encoding", "background",
        "actors", "article", "no-terms", "no-textblob", "no-commentary",
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


def test_a_corpus_without_commentary_stops_a_run_that_compares_before_any_notebook(
    checked_run, tmp_path
):
    with pytest.raises(ParameterError) as raised:
        checked_run(values={"markers": ["Opinion:"]})
    message = str(raised.value)
    assert message.startswith("no paragraph starts with a marker of ['Opinion:']")
    assert "20-framing compares commentary with reporting" in message
    assert "check -p markers" in message
    assert "--only 00-load-articles --only 10-sentiment" in message, "what can run instead"
    assert not (tmp_path / "reports").exists(), "nothing ran, nothing written"


def test_a_corpus_of_commentary_only_stops_a_run_that_compares(checked_run, tmp_path):
    corpus = tmp_path / "all-commentary.txt"
    corpus.write_text("A title\n\nComment: One view.\n\nComment: Another view.\n")
    with pytest.raises(ParameterError, match=r"every paragraph .*is commentary.*20-framing"):
        checked_run(input_path=str(corpus), only=["20"])
    assert not (tmp_path / "reports").exists()


def test_markers_typed_as_one_comma_separated_text_get_the_corrected_form(checked_run):
    """``-p markers "Comment:, Editor's note:"`` is one marker, which opens no paragraph:
    the hint shows the two markers as they should be typed, not the one typed."""
    with pytest.raises(ParameterError) as raised:
        checked_run(values={"markers": ["Comment:, Editor's note:"]})
    message = str(raised.value)
    assert BOTH_MARKERS in message
    assert message.count("Comment:, Editor's note:") == 1, "named once, as what was read"
    flag, name, value = shlex.split(message.split("write ")[-1].split(";")[0])
    assert json.loads(value) == ["Comment:", "Editor's note:"]


def test_a_comma_separated_marker_that_opens_nothing_is_pointed_out_beside_others(
    checked_run, tmp_path
):
    """With commentary found by another marker, the run goes on, and says so."""
    with pytest.raises(ParameterError, match="article_id"):  # stops at a later check
        checked_run(values={"markers": ["Comment:", "Opinion:, Op-ed:"], "article_id": "nope"})
    assert (
        "warning: the marker 'Opinion:, Op-ed:' opens no paragraph; a comma does not separate "
        """markers: for 3 markers write -p markers '["Comment:", "Opinion:", "Op-ed:"]'"""
    ) in checked_run.said

    corpus = tmp_path / "with-a-comma.txt"
    corpus.write_text("A title\n\nThe minister spoke.\n\nWell, frankly: a poor visit.\n")
    checked_run.said.clear()
    with pytest.raises(ParameterError, match="article_id"):  # a marker with a comma that works
        checked_run(
            input_path=str(corpus), values={"markers": ["Well, frankly:"], "article_id": "nope"}
        )
    assert not [line for line in checked_run.said if line.startswith(("warning", "note"))]


def test_the_unlisted_marker_hint_builds_on_the_corrected_markers(checked_run, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SAMPLE_FILE.read_text(encoding="utf-8").replace("Comment:", "Editor’s note:")
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as raised:
        checked_run(input_path=str(corpus), values={"markers": ["Comment:, Editor's note:"]})
    message = str(raised.value)
    assert BOTH_MARKERS in message
    assert message.count("Comment:, Editor's note:") == 1, "not suggested again"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("actors_file", lambda p: p.write_text("actors: [unclosed\n") and p, "is not valid YAML"),
        ("frames_dir", lambda p: p.mkdir() or p, "holds no .yml dictionaries"),
        ("background_path", lambda p: p.mkdir() or p, "holds no articles"),
    ],
    ids=["actors", "frames", "background"],
)
def test_files_a_notebook_reads_are_read_before_any_notebook(
    checked_run, tmp_path, name, make, message
):
    path = tmp_path / f"given-{name}"
    make(path)
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        checked_run(values={name: str(path)})
    assert str(path) in str(raised.value)
    assert not (tmp_path / "reports").exists()


def test_files_read_only_by_notebooks_left_out_are_not_read(checked_run, tmp_path):
    broken = tmp_path / "actors.yml"
    broken.write_text("actors: [unclosed\n")
    with pytest.raises(ParameterError, match="article_id"):  # stopped by a later check
        checked_run(values={"actors_file": str(broken), "article_id": "nope"}, only=["00"])


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
def test_notebooks_that_score_nothing_wait_for_no_scoring(media_bias, workdir, tmp_path):
    done = media_bias(
        "run", "--only", "00", "--only", "90", "--reports-dir", str(tmp_path / "r"),
        cwd=workdir, cache=tmp_path / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"^loaded 1 article, 21 sentences \(cached for the notebooks; none of them scores "
        r"sentiment\) in [\d.]+ s$",
        done.stdout,
        re.MULTILINE,
    ), done.stdout
    [corpus] = (tmp_path / "cache" / "corpus").iterdir()
    assert not (corpus / "scores").exists()
    side_by_side = ", 2 at a time" if usable_cpus() >= 2 else ""
    assert f"\nrunning 2 notebooks{side_by_side}\n" in done.stdout, "21 paragraphs: side by side"


@pytest.mark.slow
def test_a_large_corpus_runs_its_notebooks_one_at_a_time_and_says_why(monkeypatch, checked_run):
    """From the threshold on (lowered to the sample's 21 paragraphs here) the notebooks run
    one at a time unless --jobs says otherwise; the line says why."""
    monkeypatch.setattr("analysis.app.runner.ONE_AT_A_TIME_PARAGRAPHS", 21)
    checked_run(only=["00", "90"], jobs=None, name="large")
    assert (
        "running 2 notebooks (one at a time: 21 paragraphs, 21 or more; --jobs 2 runs two, "
        "with twice the memory)" in checked_run.said
    ), checked_run.said
    checked_run(only=["00", "90"], jobs=2, name="chosen", replace=True)
    assert "running 2 notebooks, 2 at a time" in checked_run.said


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


@pytest.mark.slow
def test_a_corpus_without_commentary_still_gives_what_the_other_notebooks_can(
    media_bias, workdir, tmp_path
):
    done = media_bias(
        "run", "-p", "markers", "Opinion:", "--only", "10-sentiment", "--name", "none",
        "--reports-dir", str(tmp_path / "reports"), cwd=workdir, cache=workdir / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        "warning: no paragraph starts with a marker of ['Opinion:'], so nothing is commentary: "
        "the notebooks describe the reporting alone; check -p markers"
    ) in done.stdout
    folder = tmp_path / "reports" / "none"
    assert (folder / "notebooks" / "10-sentiment.html").stat().st_size > 0
    sentiment = json.loads((folder / "summary.json").read_text())["sentiment"]
    counts = {
        row["group"]: row["n"]
        for row in sentiment["by_section"]
        if row["rows"] == "all rows" and row["measure"] == "tb_polarity"
    }
    assert counts == {"reporting": 19, "commentary": 0}, "the reporting is described"
    assert "nothing to compare within articles" in " ".join(sentiment["headline"])


@pytest.mark.slow
def test_a_cache_that_cannot_be_written_is_left_out_with_a_warning(media_bias, workdir, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be\n")
    done = media_bias(
        "run", "--only", "00", "--name", "nocache", "--reports-dir", str(tmp_path / "reports"),
        cwd=workdir, cache=blocked / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"warning: cannot write the cache folder {blocked / 'cache'} (Not a directory)" in (
        done.stdout
    )
    assert "loaded 1 article, 21 sentences (use_cache is off: not cached)" in done.stdout
    executed = nbformat.read(
        tmp_path / "reports" / "nocache" / "notebooks" / "00-load-articles.ipynb", as_version=4
    )
    assert executed.metadata["papermill"]["parameters"]["use_cache"] is False
    summary = json.loads((tmp_path / "reports" / "nocache" / "summary.json").read_text())
    assert "use_cache" not in summary["provenance"]["parameters"], "not given by the user"


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


# --- the notebooks' HTML ----------------------------------------------------------------


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


def test_a_report_a_killed_replace_left_aside_is_restored(tmp_path, earlier_report):
    """Killed between the two renames of --replace: no report under the name, the earlier
    one hidden beside it. A later run puts it back."""
    for leftover in (f".kept.old-{NO_SUCH_PID}", f".kept.old-{HOST}-{NO_SUCH_PID}"):
        earlier = earlier_report(tmp_path, "kept")
        earlier.rename(tmp_path / leftover)  # the state a kill -9 leaves, made by hand
        said = []
        set_aside_abandoned(tmp_path, said.append)
        assert [p.name for p in tmp_path.iterdir()] == ["kept"]
        assert (tmp_path / "kept" / "index.html").read_text() == "earlier report"
        assert said == [
            f"note: restored {tmp_path / 'kept'}: a run replacing it (--replace) ended "
            "before the new report was in place"
        ]
        shutil.rmtree(tmp_path / "kept")


def test_an_earlier_report_left_behind_a_completed_replace_is_deleted(tmp_path, earlier_report):
    earlier_report(tmp_path, "kept").rename(tmp_path / f".kept.old-{HOST}-{NO_SUCH_PID}")
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "index.html").write_text("new report")
    said = []
    set_aside_abandoned(tmp_path, said.append)
    assert [p.name for p in tmp_path.iterdir()] == ["kept"]
    assert (tmp_path / "kept" / "index.html").read_text() == "new report"
    assert said == [
        f"note: deleted {tmp_path / f'.kept.old-{HOST}-{NO_SUCH_PID}'}, the report that "
        f"{tmp_path / 'kept'} replaced (its run ended before deleting it)"
    ]


def test_a_replace_still_under_way_is_left_alone(tmp_path, earlier_report):
    leftover = tmp_path / f".kept.old-{HOST}-{os.getpid()}"  # this process: alive
    earlier_report(tmp_path, "kept").rename(leftover)
    set_aside_abandoned(tmp_path, [].append)
    assert [p.name for p in tmp_path.iterdir()] == [leftover.name]


def test_the_next_run_restores_the_report_before_it_checks_the_name(
    checked_run, tmp_path, earlier_report
):
    reports = tmp_path / "reports"
    earlier_report(reports, "kept").rename(reports / f".kept.old-{NO_SUCH_PID}")
    with pytest.raises(InputError, match="already holds a report"):
        checked_run(name="kept")
    assert (reports / "kept" / "index.html").read_text() == "earlier report"
    assert any(line.startswith("note: restored") for line in checked_run.said)


@pytest.mark.slow
def test_a_long_notebook_reports_its_cells_as_it_runs(checked_run, monkeypatch, tmp_path):
    from analysis.app import supervisor

    monkeypatch.setattr(supervisor, "PROGRESS_EVERY", 1.0)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell('report_dir: str = ""  # where the report goes')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Slow\n\nThree cells of two seconds."),
        parameters,
        *(nbformat.v4.new_code_cell("import time\ntime.sleep(2)") for _ in range(3)),
    ]
    nbformat.write(nb, notebooks / "50-slow.ipynb")
    checked_run(notebooks_dir=notebooks, name="slow")
    lines = [line for line in checked_run.said if "50-slow" in line and "running:" in line]
    assert lines, checked_run.said
    counts = [re.search(r"(\d+) of (\d+) cells done", line) for line in lines]
    done = [int(m.group(1)) for m in counts if m]
    assert done and done == sorted(done) and max(done) >= 2, lines
    assert {m.group(2) for m in counts if m} == {"5"}, "papermill's parameters cell counts"
