"""``summary.json`` and ``index.html`` of a report folder, built from the tables the
notebooks saved, so the headline numbers are the tables' numbers.

``index.html`` is static: no script runs in it (its Content-Security-Policy forbids
scripts) and every piece of text is HTML-escaped, so an article containing
``<script>`` shows it as text.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.metadata
import json
import math
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..load.cache import file_sha256
from ..paths import PROJECT_ROOT

__all__ = ["build_summary", "write_index", "write_report"]

PACKAGES = (
    "media-bias-analysis", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib",
    "textblob", "vaderSentiment", "papermill", "nbconvert", "ipykernel", "pyarrow",
)  # fmt: skip


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
            capture_output=True, text=True, timeout=5, check=False,
        )  # fmt: skip
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


def _table(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / "tables" / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else None


def _corpus_counts(folder: Path) -> dict | None:
    articles, paragraphs = _table(folder, "00-articles"), _table(folder, "00-paragraphs")
    if articles is None or paragraphs is None:
        return None
    sentences = _table(folder, "00-sentences")
    by_section = paragraphs["section"].astype(str).value_counts()
    return {
        "articles": len(articles),
        "articles_with_commentary": int((articles["n_commentary"] > 0).sum()),
        "outlets": int(articles["outlet"].nunique()),
        "paragraphs": {k: int(v) for k, v in by_section.items()},
        "sentences": None if sentences is None else len(sentences),
    }


def _distinctive(folder: Path) -> dict | None:
    """Per side, the terms the chart draws (largest |z| first), how many pass |z| > 1.96,
    and how many more tie with the weakest one drawn: the notebook's own tables."""
    terms = _table(folder, "20-distinctive-terms")
    top = _table(folder, "20-top-distinctive-terms")
    if terms is None or top is None:
        return None
    tied = _table(folder, "20-tied-terms")
    keep = ["term", "z", "log_odds", "count_commentary", "count_reporting"]
    found = {}
    for side, rows in top.groupby("favours", sort=False):
        rows = rows.assign(strength=rows["z"].abs()).sort_values(
            "strength", ascending=False, kind="stable"
        )
        everything = terms[terms["favours"] == side]
        found[str(side)] = {
            "terms": _records(rows[keep]),
            "beyond_1_96": int((everything["z"].abs() > 1.96).sum()),
            "tied_with_last": 0 if tied is None else int((tied["favours"] == side).sum()),
        }
    return found


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
    separability = _table(folder, "20-separability")
    if _table(folder, "00-skipped") is not None:
        skipped = _table(folder, "00-skipped")
    sources = {Path(p).stem: file_sha256(p) for p in notebooks}  # the notebooks as they ran
    summary = {
        "name": name,
        "corpus": _corpus_counts(folder),
        "sentiment": {
            "unit": _level(results),
            "by_section": _records(_table(folder, "10-section-summary")),
            "tests": _records(_table(folder, "10-section-tests")),
            "within_article": _records(_table(folder, "10-within-article")),
        },
        "framing": {
            "distinctive_terms": _distinctive(folder),
            "separability": None if separability is None else _records(separability)[0],
            "frame_tests": _records(_table(folder, "20-frame-tests")),
            "style_tests": _records(_table(folder, "20-style-tests")),
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
            "files": list(files),
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


# --- index.html ----------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(21rem,1fr));gap:1rem}
figure{margin:0;border:1px solid #ddd;padding:.5rem}figure img{width:100%;height:auto}
figcaption{font-size:.9rem}.note{color:#555;font-size:.9rem}code{font-size:.88rem}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return _e(value)


def _p(value) -> str:
    return "–" if value is None else f"{value:.2g}"


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric=()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='n'>{cell}</td>" if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(summary: dict) -> str:
    parts = []
    corpus = summary["corpus"]
    if corpus:
        paragraphs = corpus["paragraphs"]
        parts.append(
            f"<p>{corpus['articles']:,} article{'s' if corpus['articles'] != 1 else ''} "
            f"({corpus['articles_with_commentary']:,} with "
            f"commentary), {paragraphs.get('reporting', 0):,} reporting and "
            f"{paragraphs.get('commentary', 0):,} commentary paragraphs"
            + (f", {corpus['sentences']:,} sentences" if corpus["sentences"] else "")
            + ".</p>"
        )
    skipped = summary["provenance"]["skipped"]
    if skipped:
        listed = "".join(
            f"<li><code>{_e(r['source'])}</code>"
            + (f", line {r['line']}" if r.get("line") is not None else "")
            + (f", row {r['row']}" if r.get("row") is not None else "")
            + f": {_e(r['problem'])}</li>"
            for r in skipped
        )
        parts.append(
            f"<p><b>{len(skipped)} input{'s were' if len(skipped) != 1 else ' was'} skipped"
            "</b> (in no number below; their problems, and what to do, are listed in "
            f"<code>tables/00-skipped.csv</code> and summary.json):</p><ul>{listed}</ul>"
        )
    unit = summary["sentiment"]["unit"] or "row"
    sections = summary["sentiment"]["by_section"]
    if sections:
        rows = [
            [
                _e(r["measure"]), _e(r["group"]), _num(r["n"]), _num(r["mean"]),
                f"{_num(r['mean_low'])} to {_num(r['mean_high'])}", _e(r.get("note") or ""),
            ]
            for r in sections
        ]  # fmt: skip
        parts.append(f"<h3>Sentiment by section: mean per {_e(unit)}, with 95% interval</h3>")
        parts.append(
            _html_table(
                ["measure", "section", f"n ({unit}s)", "mean", "95% interval", "note"],
                rows,
                {2, 3},
            )  # fmt: skip
        )
    tests = summary["sentiment"]["tests"]
    if tests:
        rows = [
            [
                _e(r["measure"]), _e(f"{r['group_b']} − {r['group_a']}"),
                _num(r["difference_of_means"]), _p(r["p_holm_table"]), _num(r["cliffs_delta"]),
                _e(r.get("magnitude") or ""), _e(r.get("note") or ""),
            ]
            for r in tests
        ]  # fmt: skip
        tested = sum(r["p_value"] is not None for r in tests)
        parts.append(
            f"<h3>Commentary against reporting, {_e(unit)} by {_e(unit)}: tests and effect "
            "sizes</h3>"
        )
        parts.append(
            _html_table(
                [
                    "measure",
                    "difference",
                    "mean difference",
                    f"p (Holm, {tested} tests)",
                    "Cliff's δ",
                    "magnitude",
                    "note",
                ],
                rows,
                {2, 3, 4},
            )  # fmt: skip
        )
        parts.append(
            f"<p class='note'>These tests treat every {_e(unit)} as independent, though "
            f"{_e(unit)}s of one article are not; the test below takes the article as the "
            "unit.</p>"
        )
    within = summary["sentiment"]["within_article"]
    if within:
        rows = [
            [
                _e(r["group"]), _e(r["measure"]), _num(r["n_articles"]),
                _num(r["mean_difference"]), f"{_num(r['low'])} to {_num(r['high'])}",
                _p(r["p_value"]), _e(r.get("note") or ""),
            ]
            for r in within
        ]  # fmt: skip
        parts.append("<h3>Commentary minus reporting within each article</h3>")
        parts.append(
            _html_table(
                [
                    "articles",
                    "measure",
                    "n (articles)",
                    "mean difference",
                    "95% interval",
                    "p (Wilcoxon)",
                    "note",
                ],
                rows,
                {2, 3, 5},
            )  # fmt: skip
        )
    terms = summary["framing"]["distinctive_terms"]
    if terms:
        parts.append("<h3>Most distinctive terms (log-odds z, Monroe et al. 2008)</h3>")
        for side, found in terms.items():
            listed = ", ".join(f"{_e(r['term'])} ({r['z']:+.2f})" for r in found["terms"])
            extra = []
            if found["tied_with_last"]:
                extra.append(f"{found['tied_with_last']} more tie with the last")
            extra.append(f"{found['beyond_1_96']} with |z| &gt; 1.96")
            parts.append(f"<p><b>{_e(side)}:</b> {listed} ({'; '.join(extra)})</p>")
    separability = summary["framing"]["separability"]
    if separability:
        if separability["auc"] is None:
            parts.append(f"<p><b>Classifier:</b> {_e(separability['note'])}</p>")
        else:
            parts.append(
                f"<p><b>Classifier:</b> commentary is told from reporting with ROC-AUC "
                f"{_num(separability['auc'])} (95% interval {_num(separability['auc_low'])} "
                f"to {_num(separability['auc_high'])}, {separability['n_folds']} folds "
                "grouped by article).</p>"
            )
    return "\n".join(parts) or "<p>No headline tables: the notebooks making them did not run.</p>"


def _rows_and_columns(path: Path) -> tuple[str, str]:
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    names = [n for n in meta.schema.names if not n.startswith("__index_level")]
    return f"{meta.num_rows:,}", ", ".join(names)


def write_index(folder: Path, summary: dict) -> Path:
    """Write ``index.html``: the findings, then links to every notebook, figure and table."""
    provenance = summary["provenance"]
    notebooks = _html_table(
        ["notebook", "rendered", "executed notebook", "seconds"],
        [
            [
                _e(n["name"]), f"<a href='{_e(n['html'])}'>HTML</a>",
                f"<a href='{_e(n['ipynb'])}'>.ipynb</a>", _num(n["seconds"], 1),
            ]
            for n in summary["notebooks"]
        ],
        {3},
    )  # fmt: skip
    figures = []
    for png in sorted((folder / "figures").glob("*.png")):
        svg = png.with_suffix(".svg")
        links = f"<a href='figures/{_e(png.name)}'>PNG</a>"
        if svg.exists():
            links += f" · <a href='figures/{_e(svg.name)}'>SVG</a>"
        figures.append(
            f"<figure><a href='figures/{_e(png.name)}'><img src='figures/{_e(png.name)}' "
            f"alt='{_e(png.stem)}'></a>"
            f"<figcaption>{_e(png.stem)}: {links}</figcaption></figure>"
        )
    tables = []
    for parquet in sorted((folder / "tables").glob("*.parquet")):
        rows, columns = _rows_and_columns(parquet)
        csv = parquet.with_suffix(".csv")
        tables.append(
            [
                _e(parquet.stem),
                f"<a href='tables/{_e(csv.name)}'>CSV</a> · "
                f"<a href='tables/{_e(parquet.name)}'>Parquet</a>",
                rows,
                f"<code>{_e(columns)}</code>",
            ]
        )
    not_read = provenance["not_read"]
    not_read_html = (
        f"<p>{len(not_read)} files of the input were not read:</p><ul>"
        + "".join(f"<li><code>{_e(item)}</code></li>" for item in not_read)
        + "</ul>"
        if not_read
        else ""
    )
    files = _html_table(
        ["file", "bytes", "sha256"],
        [[_e(f["file"]), _num(f["bytes"]), f"<code>{_e(f['sha256'])}</code>"]
         for f in provenance["files"]],
        {1},
    )  # fmt: skip
    parameters = _html_table(
        ["parameter", "value"],
        [[_e(k), f"<code>{_e(json.dumps(v))}</code>"] for k, v in provenance["parameters"].items()],
    )
    packages = ", ".join(f"{_e(k)} {_e(v)}" for k, v in provenance["packages"].items() if v)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Media-bias report: {_e(summary["name"])}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Commentary against reporting: report {_e(summary["name"])}</h1>
<p class="note">Input {_e(provenance["input"])} · run {_e(provenance["started"])} to
{_e(provenance["finished"])} ({provenance["seconds"]:.1f} s) ·
<a href="summary.json">summary.json</a> holds these numbers and the provenance.</p>
<h2 id="findings">Headline findings</h2>
{_findings(summary)}
<p class="note">Intervals are 95% bootstrap intervals; tests are Mann-Whitney U, their
p-values Holm-adjusted over all the tests of their table; groups under 5 get no interval or
test. The notebooks explain each method and its limits.</p>
<h2 id="notebooks">Notebooks</h2>
{notebooks}
<h2 id="figures">Figures</h2>
<div class="figures">
{"".join(figures) or "<p>No figures.</p>"}
</div>
<h2 id="tables">Tables</h2>
{_html_table(["table", "files", "rows", "columns"], tables, {2})}
<h2 id="provenance">Provenance</h2>
<h3>Input files</h3>
{files}
{not_read_html}
<h3>Parameters given (the rest are the notebooks' defaults)</h3>
{parameters if provenance["parameters"] else "<p>None: every notebook ran on its defaults.</p>"}
<p class="note">Python {_e(provenance["python"])} on {_e(provenance["platform"])};
{packages}; project commit {_e(provenance["project_commit"] or "unknown")}{
        " (with uncommitted changes)" if provenance["project_changed"] else ""
    }.</p>
</body>
</html>
"""
    target = folder / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def write_report(folder: Path, **run) -> dict:
    """Write ``summary.json`` and ``index.html`` into a report folder."""
    finished = dt.datetime.now().astimezone()
    summary = build_summary(folder, finished=finished, **run)
    text = json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False)
    (folder / "summary.json").write_text(text + "\n", encoding="utf-8")
    write_index(folder, summary)
    return summary
