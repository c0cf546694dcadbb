"""``summary.json`` and ``index.html`` built from the tables a report folder holds
(``analysis.report``), and written by the app once the notebooks ran
(``analysis.app.report``).

Most tests write the folder themselves (Parquet tables under ``tmp_path/tables``, no
papermill) and check every value of the summary reaches the page, escaped; the ``slow``
ones read the report of a real run on the bundled sample.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import importlib.resources
import json
import math
import platform
import re
import subprocess
import tomllib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pandas as pd
import pytest

from analysis.app.notebooks import find_notebooks
from analysis.app.report import write_report
from analysis.paths import PROJECT_ROOT, SAMPLE_DIR
from analysis.report import FILTERS, build_summary, describe_inputs, render_index, write_index
from analysis.report import summary as report_summary
from analysis.report.assets import script_hash, static_text
from analysis.report.formats import format_number, format_p

SAMPLE_FILE = SAMPLE_DIR / "xi-china-belarus-lukashenko.txt"
NAN = float("nan")
STARTED = dt.datetime(2026, 3, 1, 9, 0, 0, tzinfo=dt.UTC)
FINISHED = STARTED + dt.timedelta(seconds=83.25)
# Its one style sheet (static/index.css) by its hash: no other style, and no script.
CSP = f"default-src 'none'; img-src 'self' data:; style-src {script_hash(static_text('index.css'))}"

# The page's own markup: anything else (a <script>, an onerror) came from the data.
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "a", "b",
    "code", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "div", "figure", "img",
    "figcaption", "dl", "dt", "dd",
}  # fmt: skip
PAGE_ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href",
                   "src", "alt"}  # fmt: skip


def hostile(where: str) -> str:
    """Markup that would run or show as markup if it reached the page unescaped."""
    return f"<script>alert('{where}')</script> & &amp; \"{where}\" <b>{where}</b>"


OUTLET = hostile("outlet")
TERM = hostile("term")
PROBLEM = hostile("problem")


@dataclass
class Ran:
    """What the runner reports of a notebook that ran."""

    name: str
    seconds: float
    parameters: dict


class Page(HTMLParser):
    """The page as a browser reads it: tags with their attributes, and the visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.chunks: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()
        self.text = re.sub(r"\s+", " ", " ".join(self.chunks)).strip()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style and data.strip():
            self.chunks.append(re.sub(r"\s+", " ", data).strip())

    def attributes(self, name: str) -> list[str]:
        return [attrs[name] for _, attrs in self.tags if name in attrs]


@pytest.fixture(autouse=True)
def fake_git(monkeypatch):
    """The project's commit, without starting git: these tests start no process (but
    Python's own ``uname -p``, once a process, for ``platform.platform()``: done here)."""
    platform.platform()

    def run(command, **kwargs):
        assert command[:1] == ["git"], f"a fast test started {command}"
        out = {"rev-parse": "0123abc\n", "status": " M analysis/app/report.py\n"}[command[3]]
        return subprocess.CompletedProcess(command, 0, stdout=out, stderr="")

    monkeypatch.setattr(report_summary.subprocess, "run", run)


def write_tables(folder: Path, **tables: pd.DataFrame) -> None:
    """Save ``tables`` as the notebooks do: ``tables/<name>.parquet`` and ``.csv`` (name
    with '-')."""
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        stem = folder / "tables" / name.replace("_", "-")
        table.to_parquet(stem.with_suffix(".parquet"))
        table.to_csv(stem.with_suffix(".csv"), index=False)


def full_tables() -> dict[str, pd.DataFrame]:
    terms = pd.DataFrame(
        {
            "term": ["weak", TERM, "mid", "said", "told", "noted"],
            "count_commentary": [1, 4, 2, 0, 0, 1],
            "count_reporting": [0, 0, 1, 6, 3, 4],
            "log_odds": [0.4, 2.1, 1.0, -1.9, -1.1, -1.1],
            "z": [0.61, 2.5, 1.97, -2.4, -1.2, -1.2],
            "q_value": [0.04, 0.001, 0.03, 0.002, 0.04, 0.04],
            "distinctive": True,
            "favours": ["commentary"] * 3 + ["reporting"] * 3,
        }
    )
    distinctive_summary = pd.DataFrame(
        {
            "side": ["commentary", "reporting"],
            "tested": [1234, 1234],
            "passing": [3, 3],
            "by_chance": [0.2, 0.05],
            "by_chance_95": [1, 0],
            "fdr": [0.05, 0.05],
            "shuffles": [200, 200],
            "articles_with_both": [12, 12],
            "target_paragraphs": [40, 40],
        }
    )
    return {
        "00_articles": pd.DataFrame(
            {
                "article_id": ["a", "b", "c"],
                "outlet": ["Daily", OUTLET, OUTLET],
                "n_commentary": [2, 0, 1],
            }
        ),
        "00_paragraphs": pd.DataFrame({"section": ["reporting"] * 1234 + ["commentary"] * 3}),
        "00_sentences": pd.DataFrame({"sentence": range(9)}),
        "00_skipped": pd.DataFrame(
            {
                "source": [hostile("source"), "table.csv"],
                "line": pd.array([3, None], dtype="Int64"),
                "row": pd.array([None, 17], dtype="Int64"),
                "problem": [PROBLEM, "has no text"],
                "hint": ["Re-save it", "Fill in the text"],
            }
        ),
        "10_headline": pd.DataFrame(
            {
                "finding": [
                    "TextBlob finds a sentiment word in 50% of commentary.",
                    hostile("finding"),
                ]
            }
        ),
        "10_coverage": pd.DataFrame(
            {
                "section": ["reporting", "commentary"],
                "rows": [1234, 3],
                "textblob_rows": [617, 0],
                "textblob_share": [0.5, 0.0],
                "vader_rows": [900, 3],
                "vader_share": [0.7293, 1.0],
            }
        ),
        "10_section_summary": pd.DataFrame(
            {
                "rows": ["all rows", "all rows"],
                "measure": ["tb_polarity", "tb_polarity"],
                "group": ["reporting", "commentary"],
                "n": [1234, 3],
                "n_articles": [3, 2],
                "mean": [0.04712, -0.5],
                "median": [0.0, -0.5],
                "mean_low": [0.0041, NAN],
                "mean_high": [0.1719, NAN],
                "note": [None, hostile("note")],
            }
        ),
        "10_section_tests": pd.DataFrame(
            {
                "rows": ["all rows", "rows with a TextBlob word"],
                "measure": ["tb_polarity", hostile("measure")],
                "group_a": ["reporting", "reporting"],
                "group_b": ["commentary", "commentary"],
                "difference_of_means": [-0.547, 0.3],
                "difference_low": [-0.61, NAN],
                "difference_high": [-0.49, NAN],
                "p_value": [0.0001, NAN],
                "p_holm_table": [0.000123, NAN],
                "cliffs_delta": [-0.81, NAN],
                "magnitude": [hostile("magnitude"), None],
                "note": [None, "commentary has n=3: too few for a test (needs 5)"],
            }
        ),
        "10_within_article": pd.DataFrame(
            {
                "rows": ["all rows", "all rows"],
                "group": ["all", OUTLET],
                "measure": ["tb_polarity", "tb_polarity"],
                "n_articles": [12, 7],
                "n_lower": [9, 4],
                "n_higher": [3, 3],
                "median_difference": [-0.25, NAN],
                "median_low": [-0.4, NAN],
                "median_high": [-0.1, NAN],
                "mean_difference": [-0.2, NAN],
                "low": [-0.3, NAN],
                "high": [-0.1, NAN],
                "p_value": [0.00312, NAN],
                "note": [None, "too few"],
            }
        ),
        "20_distinctive_terms": terms,
        "20_distinctive_summary": distinctive_summary,
        # drawn in the chart's order, not by strength: the summary sorts by |log-odds|
        "20_top_distinctive_terms": terms.iloc[[0, 1, 2, 3, 4]],
        "20_tied_terms": terms.iloc[[5, 5]],
        "20_separability": pd.DataFrame(
            {
                "auc": [0.8123],
                "auc_low": [NAN],
                "auc_high": [0.9],
                "n_folds": [5],
                "headline": [hostile("headline")],
                "note": [""],
            }
        ),
        # a column name from the data reaches the tables' list
        "20_frames": pd.DataFrame({hostile("column"): [1.0]}),
        # sentence level: a row is paragraph.sentence; ranks of a tie are halves
        "10_opinion_ranks": pd.DataFrame(
            {
                "article_id": [hostile("ranked article"), "b"],
                "paragraph": [3, 1],
                "sentence": [2, 0],
                "section": "commentary",
                "voice": "commentary",
                "opinion": [0.61, 0.3],
                "rank": [1.0, 2.5],
                "n_rows": [9, 4],
                "chance_rank": [5.0, 2.5],
                "text": [hostile("ranked text"), "x" * 300],
            }
        ),
        "10_opinion_validity": pd.DataFrame(
            {
                "score": ["TextBlob subjectivity", hostile("score")],
                "roc_auc": [0.53, 0.7],
                "low": [0.45, 0.63],
                "high": [0.61, 0.76],
                "minus_textblob_low": [NAN, 0.06],
                "minus_textblob_high": [NAN, 0.26],
                "n_sentences": 219,
                "n_opinion": 113,
            }
        ),
    }


def test_the_opinion_tables_reach_the_page(folder):
    summary = summary_of(folder)
    opinion = summary["sentiment"]["opinion"]
    assert opinion["n_ranked"] == 2 and len(opinion["ranks"][1]["text"]) == 200, "cut to 200"
    text = Page(render_index(folder, summary)).text
    assert "Where the opinion model ranks the commentary" in text
    assert "paragraph.sentence" in text and " 3.2 0.61 1 9 5.0 " in text
    assert " 1.0 0.30 2.5 4 2.5 " in text, "a tie's rank as it is"
    assert "Which score tracks opinion in news?" in text
    assert "TextBlob subjectivity 0.53 0.45 to 0.61 – 219 (113)" in text


def summary_of(folder: Path, **changes) -> dict:
    notebook = folder.parent / "20-framing.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    run = {
        "name": "hostile-run",
        "input_path": hostile("input"),
        "files": [{"file": hostile("file"), "path": "/x", "bytes": 3462, "sha256": "ab" * 32}],
        "values": {"markers": [hostile("marker")], "n_top_terms": 5},
        "results": [
            Ran("10-sentiment", 12.345, {"level": "paragraph", "ratio": NAN}),
            Ran(hostile("notebook"), 3.0, {}),
        ],
        "started": STARTED,
        "finished": FINISHED,
        "not_read": [hostile("not read")],
        "notebooks": [notebook],
        "command": ["media-bias", "run"],
    }
    return build_summary(folder, **(run | changes))


@pytest.fixture
def folder(tmp_path) -> Path:
    """A report folder with every headline table, figures and a hostile article's names."""
    folder = tmp_path / "report"
    write_tables(folder, **full_tables())
    figures = folder / "figures"
    figures.mkdir()
    for name in ("10-sentiment.png", "10-sentiment.svg", "x' onerror='alert(1).png"):
        (figures / name).write_bytes(b"\x89PNG fake")
    return folder


def strings(value):
    """Every string in a summary, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# --- build_summary --------------------------------------------------------------------


def test_summary_holds_the_tables_numbers(folder):
    summary = summary_of(folder)
    assert summary["name"] == "hostile-run"
    assert summary["corpus"] == {
        "articles": 3,
        "articles_with_commentary": 2,
        "outlets": 2,
        "paragraphs": {"reporting": 1234, "commentary": 3},
        "sentences": 9,
    }
    assert summary["sentiment"]["unit"] == "paragraph", "the level the notebook ran with"
    first, second = summary["sentiment"]["by_section"]
    assert first["mean"] == pytest.approx(0.04712) and first["note"] is None
    assert second["mean_low"] is None and second["mean_high"] is None, "NaN becomes null"
    assert [r["p_value"] for r in summary["sentiment"]["tests"]] == [0.0001, None]
    assert summary["sentiment"]["within_article"][1]["group"] == OUTLET
    assert summary["framing"]["separability"] == {
        "auc": 0.8123, "auc_low": None, "auc_high": 0.9, "n_folds": 5,
        "headline": hostile("headline"), "note": "",
    }  # fmt: skip
    assert summary["framing"]["frame_tests"] is None and summary["framing"]["style_tests"] is None


def test_distinctive_terms_strongest_first_with_the_notebooks_ties(folder):
    terms = summary_of(folder)["framing"]["distinctive_terms"]
    assert terms["headline"].startswith("Of 1,234 terms, at a 5% false-discovery rate: 3 terms")
    sides = terms["sides"]
    assert list(sides) == ["commentary", "reporting"]
    assert [r["term"] for r in sides["commentary"]["terms"]] == [TERM, "mid", "weak"]
    assert [r["term"] for r in sides["reporting"]["terms"]] == ["said", "told"]
    assert sides["commentary"]["terms"][0] == {
        "term": TERM, "log_odds": 2.1, "q_value": 0.001, "count_commentary": 4,
        "count_reporting": 0,
    }  # fmt: skip
    assert (sides["commentary"]["passing"], sides["commentary"]["by_chance"]) == (3, 0.2)
    assert sides["commentary"]["tied_with_last"] == 0
    assert sides["reporting"]["tied_with_last"] == 2, "rows of 20-tied-terms on its side"
    (folder / "tables" / "20-tied-terms.parquet").unlink()
    sides = summary_of(folder)["framing"]["distinctive_terms"]["sides"]
    assert sides["reporting"]["tied_with_last"] == 0


def test_summary_holds_the_runs_provenance(folder):
    summary = summary_of(folder)
    provenance = summary["provenance"]
    assert provenance["input"] == hostile("input")
    assert provenance["not_read"] == [hostile("not read")]
    assert [r["problem"] for r in provenance["skipped"]] == [PROBLEM, "has no text"]
    assert (provenance["skipped"][0]["line"], provenance["skipped"][0]["row"]) == (3, None)
    assert provenance["parameters"] == {"markers": [hostile("marker")], "n_top_terms": 5}
    assert (provenance["started"], provenance["finished"]) == (
        "2026-03-01T09:00:00+00:00",
        "2026-03-01T09:01:23+00:00",
    )
    assert provenance["seconds"] == 83.25
    assert (provenance["project_commit"], provenance["project_changed"]) == ("0123abc", True)
    assert provenance["packages"]["pandas"] == pd.__version__
    assert provenance["command"] == ["media-bias", "run"]
    sentiment, other = summary["notebooks"]
    assert sentiment == {
        "name": "10-sentiment",
        "seconds": 12.345,
        "ipynb": "notebooks/10-sentiment.ipynb",
        "html": "notebooks/10-sentiment.html",
        "parameters": {"level": "paragraph", "ratio": None},
        "sha256": None,  # only notebooks that ran are hashed, by name
    }
    assert other["html"] == f"notebooks/{hostile('notebook')}.html"
    assert summary["figures"] == sorted(p.name for p in (folder / "figures").iterdir())
    assert "20-tied-terms.parquet" in summary["tables"]
    json.dumps(summary, allow_nan=False)  # summary.json holds no NaN


def test_the_notebooks_that_ran_are_hashed(folder):
    notebook = folder.parent / "20-framing.ipynb"
    summary = summary_of(folder, results=[Ran("20-framing", 1.0, {})])
    notebook_sha = hashlib.sha256(notebook.read_bytes()).hexdigest()
    assert summary["notebooks"][0]["sha256"] == notebook_sha


def test_skipped_inputs_come_from_the_table_when_the_notebook_saved_one(folder):
    given = pd.DataFrame({"source": ["given.txt"], "line": [1], "row": [None], "problem": ["x"]})
    assert len(summary_of(folder, skipped=given)["provenance"]["skipped"]) == 2, "the table"
    (folder / "tables" / "00-skipped.parquet").unlink()
    (skipped,) = summary_of(folder, skipped=given)["provenance"]["skipped"]
    assert skipped["source"] == "given.txt"
    assert summary_of(folder)["provenance"]["skipped"] == []


def test_write_report_writes_the_summary_and_its_page(folder):
    summary = write_report(
        folder, name="r", input_path="", files=[], values={}, results=[], started=STARTED
    )
    assert json.loads((folder / "summary.json").read_text(encoding="utf-8")) == summary
    assert summary["provenance"]["input"] == "(the bundled sample)"
    assert (folder / "index.html").read_text(encoding="utf-8") == render_index(folder, summary)


@pytest.mark.parametrize("n", [1, report_summary.FILES_LISTED + 1])
def test_the_input_list_is_csv_too_only_while_summary_json_lists_it(folder, n):
    files = [
        {"file": f"a{i}.txt", "path": f"/x/a{i}.txt", "bytes": 10, "sha256": f"{i:064x}"}
        for i in range(n)
    ]
    write_report(
        folder, name="r", input_path="", files=files, values={}, results=[], started=STARTED
    )
    tables = folder / "tables"
    assert pd.read_parquet(tables / "00-inputs.parquet")["file"].tolist() == [
        f["file"] for f in files
    ]
    assert (tables / "00-inputs.csv").exists() == (n <= report_summary.FILES_LISTED)


# --- index.html: escaping ---------------------------------------------------------------


def test_every_value_of_the_summary_reaches_the_page_escaped(folder):
    summary = summary_of(folder)
    html = write_index(folder, summary).read_text(encoding="utf-8")
    page = Page(html)

    assert "<script" not in html.lower() and "<b>outlet" not in html
    assert {tag for tag, _ in page.tags} <= PAGE_TAGS, "no tag from the data"
    assert {name for _, attrs in page.tags for name in attrs} <= PAGE_ATTRIBUTES, "no onerror"
    shown = [page.text, *page.attributes("href"), *page.attributes("src")]
    planted = {s for s in strings(summary) if "<script>" in s}
    assert len(planted) >= 12
    for value in planted:  # each shown as the very text it was (parameters as JSON)
        assert any(value in place or json.dumps(value) in place for place in shown), value
    for where in ("outlet", "term", "problem"):
        assert hostile(where) in page.text
    assert json.dumps([hostile("marker")]) in page.text, "parameter values as JSON text"
    assert hostile("column") in page.text, "column names of the tables"


def test_file_names_cannot_leave_their_attribute(folder):
    page = Page(render_index(folder, summary_of(folder)))
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert [(i["src"], i["alt"]) for i in images] == [
        ("figures/10-sentiment.png", "10-sentiment"),
        ("figures/x' onerror='alert(1).png", "x' onerror='alert(1)"),
    ]
    assert "onerror" not in {name for _, attrs in page.tags for name in attrs}
    assert f"notebooks/{hostile('notebook')}.ipynb" in page.attributes("href")


def test_the_page_runs_no_script(folder):
    page = Page(render_index(folder, summary_of(folder)))
    (policy,) = [a for tag, a in page.tags if tag == "meta" and "http-equiv" in a]
    assert policy == {"http-equiv": "Content-Security-Policy", "content": CSP}
    assert "script" not in {tag for tag, _ in page.tags}


# --- index.html: what it says ----------------------------------------------------------


def test_the_findings_as_the_page_states_them(folder):
    text = Page(render_index(folder, summary_of(folder))).text
    for expected in [
        "Media-bias report: hostile-run",
        "Commentary against reporting: report hostile-run",
        f"Input {hostile('input')} · run 2026-03-01T09:00:00+00:00 to "
        "2026-03-01T09:01:23+00:00 (83.2 s) · summary.json holds these numbers",
        "3 articles (2 with commentary), 1,234 reporting and 3 commentary paragraphs, 9 sentences.",
        "2 inputs were skipped (in no number below;",
        f"{hostile('source')} , line 3: {PROBLEM}",
        "table.csv , row 17: has no text",
        "Sentiment: is the commentary more negative, more subjective? TextBlob finds a "
        f"sentiment word in 50% of commentary. {hostile('finding')}",
        "Commentary minus reporting, article by article (paragraphs)",
        "polarity (TextBlob) all rows 12 9 3 -0.250 -0.400 to -0.100 0.0031",
        "p (signed-rank; Holm, 1 test)",
        f"{OUTLET} polarity (TextBlob) all rows 7 – – to – – too few",
        "How often the lexicons find a sentiment word",
        "section paragraphs with a TextBlob word with a VADER word",
        "reporting 1,234 50% 73% commentary 3 0% 100%",
        "Pooled by section: mean per paragraph",
        "measure rows section paragraphs articles mean 95% interval (articles resampled) note",
        "polarity (TextBlob) all rows reporting 1,234 3 0.047 0.004 to 0.172",
        f"polarity (TextBlob) all rows commentary 3 2 -0.500 – to – {hostile('note')}",
        "p (shuffled within articles; Holm, 1 test) overlap (Cliff's δ) magnitude note",
        "polarity (TextBlob) all rows commentary − reporting -0.547 -0.610 to -0.490 0.00012 "
        f"-0.810 {hostile('magnitude')}",
        "rows with a TextBlob word commentary − reporting 0.300 – to – – – commentary has n=3",
        "Vocabulary: which words set the commentary apart?",
        "Of 1,234 terms, at a 5% false-discovery rate: 3 terms favour commentary (by chance "
        "about 0.2 would); 3 terms favour reporting (by chance about 0.1 would).",
        f"commentary (3 pass; by chance about 0.2): {TERM} (+2.10), mid (+1.00), weak (+0.40)",
        "reporting (3 pass; by chance about 0.1): said (-1.90), told (-1.10) (2 more tie with "
        "the last)",
        f"Classifier: can a model tell commentary from reporting by its words? "
        f"{hostile('headline')}",
        "10-sentiment HTML .ipynb 12.3",
        "10-sentiment: PNG · SVG",
        "x' onerror='alert(1): PNG",
        "00-articles CSV · Parquet 3 article_id, outlet, n_commentary",
        "00-paragraphs CSV · Parquet 1,237 section",
        f"{hostile('file')} 3462 {'ab' * 32}",
        f"1 files of the input were not read: {hostile('not read')}",
        'markers ["<script>',
        "n_top_terms 5",
        "(with uncommitted changes)",
    ]:
        assert expected in text, expected
    assert "x' onerror='alert(1): PNG · SVG" not in text, "an SVG link only where one exists"
    assert re.search(r"; media-bias-analysis [\w.]+, pandas [\w.]+, ", text)
    assert text.endswith("project commit 0123abc (with uncommitted changes).")
    assert "No headline tables" not in text


def test_no_test_no_count_of_tests_and_no_p_value_of_zero(folder):
    tests = pd.read_parquet(folder / "tables" / "10-section-tests.parquet")
    tests.assign(p_value=NAN, p_holm_table=NAN).to_parquet(
        folder / "tables" / "10-section-tests.parquet"
    )
    text = Page(render_index(folder, summary_of(folder))).text
    assert "p (no test ran)" in text and "0 tests" not in text
    tests.assign(p_value=0.0, p_holm_table=0.0).to_parquet(
        folder / "tables" / "10-section-tests.parquet"
    )
    text = Page(render_index(folder, summary_of(folder))).text
    pooled = text.split("p (shuffled within articles")[1].split("How to read")[0]
    assert "< 1e-16" in pooled and " 0 " not in pooled


def test_every_notebook_figure_and_table_is_linked(folder):
    summary = summary_of(folder)
    page = Page(render_index(folder, summary))
    links = set(page.attributes("href"))
    for notebook in summary["notebooks"]:
        assert {notebook["html"], notebook["ipynb"]} <= links
    for file in (folder / "figures").iterdir():
        assert f"figures/{file.name}" in links
    for table in (folder / "tables").glob("*.parquet"):
        assert {f"tables/{table.name}", f"tables/{table.stem}.csv"} <= links
    assert "summary.json" in links


def test_missing_tables_give_the_no_headline_tables_line(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    summary = summary_of(folder, values={}, not_read=[], files=[])
    assert summary["corpus"] is None and summary["framing"]["distinctive_terms"] is None
    assert summary["sentiment"] == {
        "unit": "paragraph", "headline": None, "coverage": None, "within_article": None,
        "by_section": None, "tests": None, "opinion": None,
    }  # fmt: skip
    assert summary["figures"] == [] and summary["tables"] == []
    text = Page(render_index(folder, summary)).text
    assert (
        "What the report finds No headline tables: the notebooks making them did not run." in text
    )
    assert "Figures No figures. Tables table files rows columns Provenance" in text
    assert "None: every notebook ran on its defaults." in text
    assert "files of the input were not read" not in text


def test_one_headline_table_is_enough_to_drop_the_line(tmp_path):
    folder = tmp_path / "one"
    separability = full_tables()["20_separability"].assign(auc=NAN, note="too few to learn from")
    write_tables(folder, **{"20_separability": separability})
    text = Page(render_index(folder, summary_of(folder))).text
    assert "No headline tables" not in text
    assert "No classifier: too few to learn from" in text, "no AUC: the note says why"


def test_missing_numbers_show_as_a_dash():
    assert [format_number(v) for v in (None, NAN, math.inf, -math.inf)] == ["–"] * 4
    assert [format_p(v) for v in (None, NAN)] == ["–", "–"]
    assert format_number(0.04712) == "0.047" and format_number(-0.5) == "-0.500"
    assert format_number(12.345, 1) == "12.3" and format_number(7) == "7"
    assert format_p(0.000123) == "0.00012" and format_p(0.03123) == "0.031"
    assert FILTERS["num"] is format_number and FILTERS["p"] is format_p
    assert FILTERS["thousands"](1234567) == "1,234,567"
    assert FILTERS["signed"](1.2) == "+1.20" and FILTERS["signed"](-0.951) == "-0.95"
    assert FILTERS["json_text"](["Comment:", "Editor's note:"]) == '["Comment:", "Editor\'s note:"]'


def test_a_value_the_template_needs_is_never_silently_empty(folder):
    summary = summary_of(folder)
    del summary["provenance"]["skipped"][0]["problem"]
    with pytest.raises(jinja2.UndefinedError, match="problem"):
        render_index(folder, summary)
    del summary["name"]
    with pytest.raises(jinja2.UndefinedError, match="name"):
        render_index(folder, summary)


def test_the_templates_and_static_files_ship_with_the_package():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["setuptools"]["package-data"]["analysis"]
    report = importlib.resources.files("analysis.report")
    files = [
        path.relative_to(PROJECT_ROOT / "analysis").as_posix()
        for folder in ("templates", "static")
        for path in Path(str(report / folder)).rglob("*")
        if path.is_file()
    ]
    assert "report/templates/index.html.j2" in files and "report/static/terms.js" in files
    unshipped = [f for f in files if not any(fnmatch.fnmatch(f, p) for p in shipped)]
    assert unshipped == [], "add them to [tool.setuptools.package-data]"


# --- the report of a real run (slow) ----------------------------------------------------


@pytest.mark.slow
def test_summary_json_agrees_with_the_tables(sample_report):
    done, folder = sample_report
    assert done.returncode == 0, done.stderr
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
    counts = pd.read_parquet(tables / "20-distinctive-summary.parquet").set_index("side")
    found = summary["framing"]["distinctive_terms"]
    assert found["headline"].startswith("No term distinguishes commentary from reporting: 0 of")
    for side, side_found in found["sides"].items():
        assert side_found["passing"] == counts.loc[side, "passing"] == 0
        assert side_found["terms"] == [], "nothing passes on the sample: nothing is listed"
        assert side_found["tested"] == len(terms)
    assert summary["sentiment"]["unit"] == "paragraph"
    assert (
        summary["sentiment"]["headline"]
        == pd.read_parquet(tables / "10-headline.parquet")["finding"].tolist()
    )

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
    anchors = {link for link in links if link.startswith("#")}
    assert anchors and all(f'id="{a[1:]}"' in page for a in anchors), "every anchor has a target"
    assert all((folder / link).is_file() for link in links - anchors)
    assert "<script" not in page
    summary = json.loads((folder / "summary.json").read_text())
    assert page == render_index(folder, summary), "the page is the summary's"


def test_a_table_without_csv_is_linked_as_parquet_only(folder):
    (folder / "tables" / "10-coverage.csv").unlink()  # as save_table does for a long table
    page = Page(render_index(folder, summary_of(folder)))
    links = page.attributes("href")
    assert "tables/10-headline.csv" in links and "tables/10-headline.parquet" in links
    assert "tables/10-coverage.csv" not in links and "tables/10-coverage.parquet" in links
    assert "Parquet (only: too long for a spreadsheet)" in page.text


def test_a_long_input_list_is_summarised_with_a_digest(folder):
    files = [
        {"file": f"a{i}.txt", "path": f"/x/a{i}.txt", "bytes": 10, "sha256": f"{i:064x}"}
        for i in range(report_summary.FILES_LISTED + 1)
    ]
    summary = summary_of(folder, files=files)
    provenance = summary["provenance"]
    assert provenance["files"] is None
    inputs = provenance["inputs"]
    assert (inputs["count"], inputs["bytes"]) == (101, 1010)
    changed = [*files[:-1], {**files[-1], "sha256": "f" * 64}]
    assert describe_inputs(changed)["sha256_of_list"] != inputs["sha256_of_list"]
    text = Page(render_index(folder, summary)).text
    assert "101 files, 1,010 bytes; sha256 of the list (each file's name and sha256): " in text
    assert "a57.txt" not in text, "the files themselves are in tables/00-inputs"
    short = summary_of(folder)["provenance"]
    assert short["files"] and short["inputs"]["count"] == len(short["files"])
