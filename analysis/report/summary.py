"""``summary.json`` of a report folder: the headline numbers of the tables the notebooks
saved (so they are the tables' numbers), with the run's provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import math
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..load.cache import file_sha256
from ..paths import PROJECT_ROOT

__all__ = [
    "FILES_LISTED",
    "PACKAGES",
    "build_summary",
    "describe_inputs",
    "read_table",
    "table_columns",
]

PACKAGES = (
    "media-bias-analysis",
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "textblob",
    "vaderSentiment",
    "papermill",
    "nbconvert",
    "ipykernel",
    "pyarrow",
)


def _versions() -> dict[str, str | None]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), *args],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _project_state() -> dict:
    """The project's commit, and whether its files differ from it (results may too)."""
    commit = _git("rev-parse", "HEAD")
    changes = _git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {"project_commit": commit or None, "project_changed": bool(changes) if commit else None}


def _clean(value):
    """JSON-safe: NaN and missing values become null, numpy scalars plain numbers."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(table: pd.DataFrame | None) -> list[dict] | None:
    if table is None:
        return None
    return _clean(table.astype(object).where(table.notna(), None).to_dict("records"))


def read_table(
    folder: Path, name: str, columns: Sequence[str] | None = None, *, head: int | None = None
) -> pd.DataFrame | None:
    """The saved table ``tables/<name>.parquet`` (only ``columns``, and only its first
    ``head`` rows, if given), or ``None`` when the notebook did not write it. At a
    hundred thousand articles the per-row tables hold gigabytes of text the summary does
    not need."""
    import pyarrow.parquet as pq

    path = folder / "tables" / f"{name}.parquet"
    if not path.exists():
        return None
    if head is None:
        return pd.read_parquet(path, columns=columns)
    with pq.ParquetFile(path) as file:
        batch = next(file.iter_batches(batch_size=head, columns=columns), None)
        if batch is None:
            return file.schema_arrow.empty_table().to_pandas()
        return batch.to_pandas()


def _corpus_counts(folder: Path) -> dict | None:
    articles = read_table(folder, "00-articles", ["n_commentary", "outlet"])
    paragraphs = read_table(folder, "00-paragraphs", ["section"])
    if articles is None or paragraphs is None:
        return None
    sentences = folder / "tables" / "00-sentences.parquet"
    by_section = paragraphs["section"].astype(str).value_counts()
    return {
        "articles": len(articles),
        "articles_with_commentary": int((articles["n_commentary"] > 0).sum()),
        "outlets": int(articles["outlet"].nunique()),
        "paragraphs": {k: int(v) for k, v in by_section.items()},
        "sentences": table_columns(sentences)[0] if sentences.exists() else None,
    }


def _distinctive(folder: Path) -> dict | None:
    """The finding in words, and per side how many terms pass the test against how many
    would by chance, with the terms the chart draws (strongest first) and how many more tie
    with the weakest one drawn: all from the notebook's own tables."""
    from ..framing.vocabulary import describe_distinctive

    summary = read_table(folder, "20-distinctive-summary")
    top = read_table(folder, "20-top-distinctive-terms")
    if summary is None or top is None:
        return None
    tied = read_table(folder, "20-tied-terms")
    keep = ["term", "log_odds", "q_value", "count_commentary", "count_reporting"]
    sides = {}
    for row in summary.to_dict("records"):
        side = row["side"]
        drawn = top[top["favours"] == side]
        drawn = drawn.assign(strength=drawn["log_odds"].abs()).sort_values(
            "strength", ascending=False, kind="stable"
        )
        sides[str(side)] = {
            "terms": _records(drawn[keep]),
            "passing": int(row["passing"]),
            "tested": int(row["tested"]),
            "by_chance": _clean(row["by_chance"]),
            "by_chance_95": _clean(row["by_chance_95"]),
            "tied_with_last": 0 if tied is None else int((tied["favours"] == side).sum()),
        }
    fdr = float(summary["fdr"].iloc[0])
    return {"headline": describe_distinctive(summary), "fdr": fdr, "sides": sides}


def _findings(table: pd.DataFrame | None) -> list[str] | None:
    return None if table is None else [str(f) for f in table["finding"]]


# Commentary rows the summary lists by opinion rank: all of a small corpus's, the first of a
# large one's (the full table is 10-opinion-ranks).
_RANKS_LISTED = 20


def _opinion(folder: Path) -> dict | None:
    """The opinion model's validity table and where it ranks the commentary."""
    validity = read_table(folder, "10-opinion-validity")
    ranks = read_table(folder, "10-opinion-ranks", head=_RANKS_LISTED)
    if validity is None and ranks is None:
        return None
    listed = None
    if ranks is not None:
        listed = ranks.drop(columns=[c for c in ("text", "voice") if c in ranks])
        listed = _records(listed.head(_RANKS_LISTED))
        for record, text in zip(listed, ranks["text"].head(_RANKS_LISTED), strict=True):
            record["text"] = text[:200]  # enough to recognise the row; index.html escapes it
    return {
        "validity": _records(validity) if validity is not None else None,
        "ranks": listed,
        "n_ranked": None
        if ranks is None
        else table_columns(folder / "tables" / "10-opinion-ranks.parquet")[0],
    }


def _level(results: Sequence) -> str | None:
    sentiment = [r for r in results if "level" in r.parameters]
    return sentiment[0].parameters["level"] if sentiment else None


def build_summary(
    folder: Path,
    *,
    name: str,
    input_path: str,
    files: Sequence[dict],
    values: dict,
    results: Sequence,
    started: dt.datetime,
    finished: dt.datetime,
    not_read: Sequence[str] = (),
    skipped: pd.DataFrame | None = None,
    notebooks: Sequence[Path] = (),
    command: Sequence[str] = (),
) -> dict:
    """The headline numbers of a report folder's tables, with the run's provenance."""
    separability = read_table(folder, "20-separability")
    if read_table(folder, "00-skipped") is not None:
        skipped = read_table(folder, "00-skipped")
    sources = {Path(p).stem: file_sha256(p) for p in notebooks}  # the notebooks as they ran
    summary = {
        "name": name,
        "corpus": _corpus_counts(folder),
        "sentiment": {
            "unit": _level(results),
            "headline": _findings(read_table(folder, "10-headline")),
            "coverage": _records(read_table(folder, "10-coverage")),
            "within_article": _records(read_table(folder, "10-within-article")),
            "by_section": _records(read_table(folder, "10-section-summary")),
            "tests": _records(read_table(folder, "10-section-tests")),
            "opinion": _opinion(folder),
        },
        "framing": {
            "distinctive_terms": _distinctive(folder),
            "separability": None if separability is None else _records(separability)[0],
            "frame_tests": _records(read_table(folder, "20-frame-tests")),
            "style_tests": _records(read_table(folder, "20-style-tests")),
        },
        "notebooks": [
            {
                "name": r.name,
                "seconds": r.seconds,
                "ipynb": f"notebooks/{r.name}.ipynb",
                "html": f"notebooks/{r.name}.html",
                "parameters": _clean(r.parameters),
                "sha256": sources.get(r.name),
            }
            for r in results
        ],
        "figures": sorted(p.name for p in (folder / "figures").glob("*") if p.is_file()),
        "tables": sorted(p.name for p in (folder / "tables").glob("*") if p.is_file()),
        "provenance": {
            "input": input_path or "(the bundled sample)",
            # A long list lives in tables/00-inputs; the page and the summary give its digest.
            "files": list(files) if len(files) <= FILES_LISTED else None,
            "inputs": describe_inputs(files),
            "not_read": list(not_read),
            "skipped": [] if skipped is None else _records(skipped),
            "parameters": _clean(values),
            "command": list(command),
            "started": started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "seconds": round((finished - started).total_seconds(), 2),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "packages": _versions(),
            **_project_state(),
        },
    }
    return summary


# Input files that summary.json and index.html list one by one; more are summarised (count,
# bytes, a digest of the list) and listed in tables/00-inputs.
FILES_LISTED = 100


def describe_inputs(files: Sequence[dict]) -> dict:
    """The input files in brief: how many, their bytes, and one digest of the whole list
    (each file's name and sha256, in order), which changes if any file does.

    >>> describe_inputs([{"file": "a.txt", "bytes": 3, "sha256": "ab"}])["count"]
    1
    """
    digest = hashlib.sha256()
    for f in files:
        digest.update(f"{f['file']}\t{f['sha256']}\n".encode())
    return {
        "count": len(files),
        "bytes": int(sum(f["bytes"] for f in files)),
        "sha256_of_list": digest.hexdigest(),
        "table": "tables/00-inputs.parquet",
    }


def table_columns(path: Path) -> tuple[int, list[str]]:
    """A saved table's number of rows and its columns, from its metadata alone."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    return meta.num_rows, [n for n in meta.schema.names if not n.startswith("__index_level")]
