"""Fixtures of the ``media-bias`` command's tests: the command run as users run it (in a
subprocess, from an unrelated working directory, with its own cache), one full run on the
bundled sample shared by every test that reads its report, and earlier reports that a
later run must not damage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import SAMPLE_DIR

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"


def _media_bias(
    *args: str, cwd: Path, cache: Path, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``python -m analysis ARGS`` (what the ``media-bias`` script runs)."""
    env = {**os.environ, "MEDIA_BIAS_CACHE": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture(scope="session")
def media_bias():
    """``media_bias(*args, cwd=..., cache=...)``: the command in a subprocess (slow tests)."""
    return _media_bias


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    """An unrelated working directory, with a private cache beside it."""
    return tmp_path_factory.mktemp("elsewhere")


@pytest.fixture(scope="session")
def sample_report(workdir) -> tuple[subprocess.CompletedProcess, Path]:
    """One full run on the bundled sample, shared by the end-to-end tests of every module."""
    done = _media_bias(
        "run", "--name", "sample-run", "--reports-dir", "reports", cwd=workdir,
        cache=workdir / "sample-cache",
    )  # fmt: skip
    return done, workdir / "reports" / "sample-run"


@pytest.fixture
def earlier_report():
    """``earlier_report(reports, name)``: a complete-looking earlier report folder."""

    def make(reports: Path, name: str) -> Path:
        folder = reports / name
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("earlier report")
        return folder

    return make


@pytest.fixture
def corpus_with_a_bad_file(tmp_path) -> Path:
    """The sample, and a file that is not UTF-8 (byte 0xe9 on line 3, column 4)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes(SAMPLE_FILE.read_bytes())
    (corpus / "broken.txt").write_bytes(b"Title\n\nCaf\xe9 society\n")  # not UTF-8
    return corpus
