"""Shared fixtures: the bundled sample and a helper that writes article files."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

# Tests draw without a screen; notebooks run in their own kernels and keep the inline backend.
matplotlib.use("Agg")

from analysis.paths import SAMPLE_DIR

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_FILE.read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path):
    """Write ``content`` (str or bytes) to ``tmp_path / name`` and return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return _write


@pytest.fixture(autouse=True)
def _private_score_cache(tmp_path_factory, monkeypatch):
    """Keep the tests' sentiment cache out of the user's home (kernels inherit it too)."""
    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(tmp_path_factory.getbasetemp() / "score-cache"))
