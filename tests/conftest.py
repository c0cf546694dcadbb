"""Shared fixtures: the bundled sample and a helper that writes article files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

# Tests draw without a screen; notebooks run in their own kernels and keep the inline backend.
matplotlib.use("Agg")

from analysis.paths import SAMPLE_DIR

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"

# Debian's chromium (playwright's own browser download does not work everywhere).
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, driven by Playwright, one per test module (Playwright's event
    loop is not left behind for other modules' asyncio code). Without it the test
    is skipped and says why; where CI requires a browser (``MEDIA_BIAS_REQUIRE_BROWSER``),
    it fails instead."""
    if CHROMIUM is None:
        if os.environ.get("MEDIA_BIAS_REQUIRE_BROWSER"):
            pytest.fail("MEDIA_BIAS_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("no chromium browser on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


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
