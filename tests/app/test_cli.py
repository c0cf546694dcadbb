"""``analysis.app.cli.main``: exit statuses, one-line errors or ``--debug`` tracebacks,
Ctrl-C, and output where stdout cannot be reconfigured.

Most tests call ``main`` in this process, with the runner replaced where a test needs a
run to fail or be interrupted; the ``slow`` ones run the real command in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import warnings

import pandas as pd
import pytest

from analysis.app import runner
from analysis.app.cli import main
from analysis.app.notebooks import find_notebooks
from analysis.app.params import ParameterError, collect_parameters
from analysis.app.runner import RunInterrupted
from analysis.app.supervisor import NotebookFailed
from analysis.errors import InputError


@pytest.fixture(autouse=True)
def _restore_process_state(monkeypatch):
    """``main`` sets the warning printer and, after Ctrl-C, ignores SIGINT for good (the
    process is meant to exit): give both back to pytest after each test."""
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    handler = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, handler)


def _replace_run(monkeypatch, run):
    """Make ``media-bias run`` call ``run(**arguments)`` instead of running notebooks."""
    monkeypatch.setattr(runner, "run_report", run)


# --- exit statuses, in this process ----------------------------------------------------


def test_main_runs_where_stdout_cannot_be_reconfigured():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):  # as in a notebook, or a caller's own capture
        assert main(["params"]) == 0
    assert re.search(r"^n_top_terms +int +15 +20 +", out.getvalue(), re.MULTILINE)
    listed = [line.split()[0] for line in out.getvalue().splitlines()[1:] if line.strip()][:-1]
    assert set(listed) == set(collect_parameters(find_notebooks()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "colour", "red"], "unknown parameter 'colour' (-p colour); the notebooks'"),
        (["-p", "n_top_term", "5"], "(did you mean 'n_top_terms'?)"),
        (["-y", "use_cache: maybe"], "parameter 'use_cache' (-y) must be bool, not 'maybe'"),
        (["-f", "nowhere.yml"], "nowhere.yml: cannot read the parameters file"),
        (["--jobs", "0"], "--jobs: must be at least 1, not 0"),
        (["--input", "missing.txt"], "missing.txt: does not exist"),
    ],
    ids=["unknown", "did-you-mean", "not-bool", "no-file", "jobs", "no-input"],
)
def test_bad_parameters_and_input_exit_2_with_one_line(
    capsys, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--reports-dir", "reports", *args]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("media-bias: error: ") and message in err
    assert len(err.strip().splitlines()) == 1, "one line, no traceback"
    assert out == ""
    assert not (tmp_path / "reports").exists(), "nothing ran, nothing written"


def test_unknown_parameter_lists_the_valid_ones(capsys):
    assert main(["run", "-p", "colour", "red"]) == 2
    err = capsys.readouterr().err
    for name in collect_parameters(find_notebooks()):
        assert name in err


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["run", "--input", "missing.txt"], InputError),
        (["run", "-p", "colour", "red"], ParameterError),
    ],
)
def test_debug_raises_instead_of_one_line(tmp_path, monkeypatch, args, error):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error):
        main(["--debug", *args])
    with pytest.raises(error):  # after the command too: both places are accepted
        main([args[0], "--debug", *args[1:]])


def test_a_failed_notebook_exits_1(capsys, monkeypatch):
    def fail(**run):
        raise NotebookFailed("notebook 10-sentiment failed in cell 4: RuntimeError: no")

    _replace_run(monkeypatch, fail)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert err == "media-bias: error: notebook 10-sentiment failed in cell 4: RuntimeError: no\n"
    with pytest.raises(NotebookFailed):
        main(["run", "--debug"])


def test_an_os_error_names_the_file_and_exits_2(capsys, monkeypatch):
    def full_disk(**run):
        raise OSError(28, "No space left on device", "/reports/x/index.html")

    _replace_run(monkeypatch, full_disk)
    assert main(["run"]) == 2
    assert capsys.readouterr().err == (
        "media-bias: error: /reports/x/index.html: No space left on device\n"
    )


def test_a_finished_run_prints_where_the_report_is(capsys, monkeypatch, tmp_path):
    given = {}

    def finish(**run):
        given.update(run)
        return tmp_path / "r"

    _replace_run(monkeypatch, finish)
    assert main(["run", "-p", "n_top_terms", "3", "--name", "r", "-j", "1"]) == 0
    assert re.fullmatch(
        rf"report complete in [\d.]+ s: {re.escape(str(tmp_path / 'r' / 'index.html'))}\n",
        capsys.readouterr().out,
    )
    assert given["values"] == {"n_top_terms": 3} and given["name"] == "r"
    assert given["jobs"] == 1 and given["only"] == [] and not given["replace"]
    # Without -j the runner chooses from the corpus's size
    main(["run", "--name", "r"])
    assert given["jobs"] is None


def test_ctrl_c_exits_130_and_a_second_one_cannot_cut_the_tidying_short(capsys, monkeypatch):
    seen = []

    def interrupted(**run):
        try:
            signal.raise_signal(signal.SIGINT)  # the first Ctrl-C
        except KeyboardInterrupt:
            seen.append("first")
        signal.raise_signal(signal.SIGINT)  # while tidying up: ignored
        seen.append("tidied")
        raise RunInterrupted("interrupted; what had run is in reports/x.interrupted")

    _replace_run(monkeypatch, interrupted)
    assert main(["run"]) == 130
    assert seen == ["first", "tidied"]
    assert capsys.readouterr().err == (
        "media-bias: interrupted; what had run is in reports/x.interrupted\n"
    )
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN, "the process is ending"


def test_without_ctrl_c_the_callers_handler_is_restored(monkeypatch, tmp_path):
    def handler(signum, frame):
        pass

    signal.signal(signal.SIGINT, handler)
    _replace_run(monkeypatch, lambda **run: tmp_path)
    assert main(["run"]) == 0
    assert signal.getsignal(signal.SIGINT) is handler


def test_ctrl_c_while_the_command_is_still_importing_is_one_line_and_130():
    """The first second or two of a run go to imports; Ctrl-C then must not print a
    traceback. The signal is sent from inside the import of the runner, so it arrives
    while the command is importing, every time."""
    script = """
import os, signal, sys

class CtrlCWhileImporting:
    def find_spec(self, name, path=None, target=None):
        if name == "analysis.app.runner":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlCWhileImporting())
from analysis.app.cli import main
sys.exit(main(["run"]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "media-bias: interrupted\n"


def test_a_reports_folder_that_cannot_be_written_is_named_as_given(capsys, monkeypatch, tmp_path):
    """Not the hidden folder the report would have been built in."""
    reports = tmp_path / "reports"
    reports.mkdir()
    real_mkdir = os.mkdir

    def read_only(path, *args, **kwargs):  # as a read-only folder answers (even for root)
        if os.path.dirname(os.fspath(path)) == str(reports):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(os, "mkdir", read_only)
    assert main(["run", "--reports-dir", str(reports), "--name", "r"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"media-bias: error: {reports}: cannot write the report here (Permission denied). "
        "Give --reports-dir a folder you can write to\n"
    )
    assert list(reports.iterdir()) == []


# --- the real command, in a subprocess ---------------------------------------------------


@pytest.mark.slow
def test_params_lists_every_notebook_parameter(media_bias, workdir):
    done = media_bias("params", cwd=workdir, cache=workdir / "cache")
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines()[1:] if line.strip()][:-1]
    assert set(listed) == set(collect_parameters(find_notebooks()))
    assert re.search(r"^n_top_terms +int +15 +20 +", done.stdout, re.MULTILINE)


@pytest.mark.slow
def test_bad_file_in_the_input_is_one_line_and_status_2(
    media_bias, workdir, corpus_with_a_bad_file
):
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
def test_debug_shows_the_traceback(media_bias, workdir):
    done = media_bias(
        "run", "--debug", "--input", "missing.txt", cwd=workdir, cache=workdir / "cache"
    )
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "missing.txt: does not exist" in done.stderr


@pytest.mark.slow
def test_unreadable_parameters_file_is_one_line(media_bias, workdir):
    done = media_bias("run", "-f", "nowhere.yml", cwd=workdir, cache=workdir / "cache")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("media-bias: error: nowhere.yml: cannot read")


def _kernels() -> int:
    found = subprocess.run(["pgrep", "-f", "ipykernel_launcher"], capture_output=True, check=False)
    return len(found.stdout.split())


@pytest.mark.slow
def test_interrupted_run_leaves_no_complete_looking_report(workdir, tmp_path, earlier_report):
    reports = tmp_path / "reports"
    earlier = earlier_report(reports, "stopped")
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


@pytest.mark.slow
def test_dask_local_loads_and_scores_on_a_cluster_and_says_where_its_dashboard_is(
    media_bias, workdir, tmp_path
):
    from analysis.load.corpus import load_corpus
    from analysis.synthetic import write_articles

    write_articles(tmp_path / "in", 30, seed=4)
    done = media_bias(
        "run", "--input", str(tmp_path / "in"), "--dask", "local", "--only", "00",
        "--reports-dir", str(tmp_path / "reports"), "--name", "on-dask",
        cwd=workdir, cache=tmp_path / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Dask: \d+ workers?, dashboard http://", done.stdout, re.MULTILINE)
    paragraphs = pd.read_parquet(
        tmp_path / "reports" / "on-dask" / "tables" / "00-paragraphs.parquet"
    )
    assert len(paragraphs) == len(load_corpus(tmp_path / "in", progress=False).paragraphs)


@pytest.mark.slow
def test_dask_without_a_scheduler_is_one_line_and_status_2(media_bias, workdir, tmp_path):
    done = media_bias(
        "run", "--dask", "tcp://127.0.0.1:9", "--reports-dir", str(tmp_path / "reports"),
        cwd=workdir, cache=tmp_path / "cache",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(
        "media-bias: error: --dask tcp://127.0.0.1:9: cannot reach the Dask scheduler"
    )
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "reports").exists()
