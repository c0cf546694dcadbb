"""Where the project's bundled files live, whatever the working directory.

papermill starts kernels in the caller's directory, nbconvert and JupyterLab in the
notebook's, so bundled defaults are resolved from here and never from ``os.getcwd()``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "NOTEBOOKS_DIR",
    "PROJECT_ROOT",
    "REPORTS_DIR",
    "SAMPLE_DIR",
    "SAMPLE_FILE",
    "default_cache_dir",
    "resolve_input",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "articles"
SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"


def resolve_input(path: str | Path | None) -> Path | str:
    """Return the input a notebook parameter names, with ``""`` meaning the bundled sample.

    >>> resolve_input("") == SAMPLE_DIR
    True

    A path the user typed is left as typed (relative to the current directory, where
    the user typed it); a glob pattern is returned unchanged as a string.
    """
    if path is None or str(path).strip() == "":
        return SAMPLE_DIR
    text = str(path)
    if any(ch in text for ch in "*?[") and not Path(text).expanduser().exists():
        return str(Path(text).expanduser())  # a pattern, unless a file has that very name
    return Path(text).expanduser()


def default_cache_dir() -> Path:
    """Where loaded corpora and scores are cached: ``$MEDIA_BIAS_CACHE``, else
    ``~/.cache/media-bias-analysis``."""
    return Path(
        os.environ.get("MEDIA_BIAS_CACHE") or Path.home() / ".cache" / "media-bias-analysis"
    )
