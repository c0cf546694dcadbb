"""Every notebook runs top to bottom under papermill, with defaults and with other inputs."""

from __future__ import annotations

import ast
import dataclasses
import itertools
import json

import nbformat
import pandas as pd
import papermill
import pytest

from analysis.app.notebooks import notebook_needs
from analysis.app.params import notebook_parameters
from analysis.app.prepare import SCORING_DEFAULTS
from analysis.load.options import LoadOptions
from analysis.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def _run(notebook, tmp_path, **parameters):
    """Execute ``notebook`` from an unrelated working directory, as papermill users do."""
    workdir = tmp_path / "elsewhere"
    workdir.mkdir(exist_ok=True)
    output = tmp_path / f"out-{notebook.name}"
    papermill.execute_notebook(
        str(notebook), str(output), parameters=parameters, cwd=str(workdir), progress_bar=False
    )
    return nbformat.read(output, as_version=4)


def _outputs(executed, mime: str) -> list:
    return [
        out.data[mime]
        for cell in executed.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "data" in out and mime in out.data
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_stripped_with_one_typed_parameters_cell(notebook):
    cells = nbformat.read(notebook, as_version=4).cells
    code = [c for c in cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "strip outputs"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for line in tagged[0].source.splitlines():
        statement, _, comment = line.partition("  # ")
        node = ast.parse(statement).body[0]
        assert isinstance(node, ast.AnnAssign), f"not 'name: type = value': {line}"
        ast.literal_eval(node.value)  # a literal, not a computation
        assert comment.strip(), f"parameter without a comment: {line}"
    # papermill must read every parameter, or `--help-notebook` and its type checks miss it
    names = [line.partition(":")[0] for line in tagged[0].source.splitlines()]
    assert list(papermill.inspect_notebook(str(notebook))) == names


def _code(notebook) -> list[str]:
    cells = nbformat.read(notebook, as_version=4).cells
    return [
        c.source
        for c in cells
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    ]  # noqa: E501


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_tell_the_story_and_the_logic_lives_in_the_package(notebook):
    for source in _code(notebook):
        assert len(source.splitlines()) <= 16, f"move the computation into analysis:\n{source}"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
                assert not any(a.name.startswith("_") for a in node.names), source
            if isinstance(node, ast.FunctionDef | ast.Lambda):
                raise AssertionError(
                    f"a function defined in a notebook belongs in analysis:\n{source}"
                )  # noqa: E501


def test_no_notebook_repeats_another_notebooks_code():
    def runs(notebook, size=6):
        lines = [line.strip() for source in _code(notebook) for line in source.splitlines()]
        lines = [line for line in lines if line and not line.startswith(("#", "from ", "import "))]
        return {tuple(lines[i : i + size]) for i in range(len(lines) - size + 1)}

    for first, second in itertools.combinations(NOTEBOOKS, 2):
        shared = runs(first) & runs(second)
        assert not shared, f"{first.stem} and {second.stem} share: {sorted(shared)[0]}"


# --- what a notebook declares: its parameters and its needs -----------------------------------

LOADING = [n for n in NOTEBOOKS if "input_path" in papermill.inspect_notebook(str(n))]


def test_the_notebooks_that_load_a_corpus_are_the_three_analyses():
    assert [n.stem for n in LOADING] == ["00-load-articles", "10-sentiment", "20-framing"]


@pytest.mark.parametrize("notebook", LOADING, ids=lambda p: p.stem)
def test_a_parameters_cell_declares_every_loading_option_as_load_options_holds_it(notebook):
    declared = notebook_parameters(notebook)
    defaults = LoadOptions()
    for field in dataclasses.fields(LoadOptions):
        assert field.name in declared, f"{notebook.stem} lacks {field.name}"
        param = declared[field.name]
        expected = getattr(defaults, field.name)
        kind = {tuple: "list"}.get(type(expected), type(expected).__name__)
        assert param.type == kind, f"{notebook.stem}: {field.name} is {param.type}, not {kind}"
        expected = list(expected) if isinstance(expected, tuple) else expected
        assert param.default == expected, f"{notebook.stem}: {field.name}"
    assert declared["corpus_key"].type == "str" and declared["corpus_key"].default == ""


def test_the_runners_scoring_defaults_are_the_sentiment_notebooks():
    declared = notebook_parameters(NOTEBOOKS_DIR / "10-sentiment.ipynb")
    assert {k: declared[k].default for k in SCORING_DEFAULTS} == SCORING_DEFAULTS


def _uses(notebook) -> set[str]:
    """What a notebook's code uses, read with ``ast``: ``scores`` when it calls
    ``cached_scores``, ``commentary`` when it opens the corpus with
    ``require_commentary=True``."""
    used = set()
    for source in _code(notebook):
        # IPython's magics and shell lines are no Python
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "cached_scores":
                used.add("scores")
            for keyword in node.keywords:
                value = getattr(keyword.value, "value", None)
                if keyword.arg == "require_commentary" and value is True:
                    used.add("commentary")
    return used


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_declares_in_its_metadata_what_its_code_needs(notebook):
    assert notebook_needs(notebook) == _uses(notebook), (
        f"{notebook.stem}: its metadata media_bias.needs must list what its code uses"
    )


def test_a_notebook_that_uses_scores_without_declaring_them_is_found(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib inline\ncorpus, _ = open_corpus(globals())"),
        nbformat.v4.new_code_cell("scored = sentiment.cached_scores(corpus, level='paragraph')"),
    ]
    nb.metadata["media_bias"] = {"needs": []}
    nbformat.write(nb, tmp_path / "30-new.ipynb")
    assert (
        _uses(tmp_path / "30-new.ipynb") == {"scores"} != notebook_needs(tmp_path / "30-new.ipynb")
    )
    nb.cells[0].source = "corpus, _ = open_corpus(globals(), require_commentary=True)"
    nbformat.write(nb, tmp_path / "30-new.ipynb")
    assert _uses(tmp_path / "30-new.ipynb") == {"scores", "commentary"}


@pytest.mark.notebooks
@pytest.mark.slow
def test_load_notebook_on_the_sample(tmp_path):
    report = tmp_path / "report"
    executed = _run(NOTEBOOKS_DIR / "00-load-articles.ipynb", tmp_path, report_dir=str(report))
    assert _outputs(executed, "image/png"), "the structure chart is not embedded"
    for name in ("figures/00-article-structure.png", "figures/00-article-structure.svg",
                 "tables/00-paragraphs.csv", "tables/00-sentences.csv"):  # fmt: skip
        assert (report / name).stat().st_size > 0, name
    table = pd.read_csv(report / "tables" / "00-classification.csv")
    assert table.loc[table["section"] == "commentary", "paragraph"].tolist() == [8, 17]


@pytest.mark.notebooks
@pytest.mark.slow
def test_load_notebook_on_a_table_with_other_markers(tmp_path):
    rows = [
        {"id": f"story-{i}", "outlet": outlet, "text": f"Headline {i}\nReporting here.\n\n"
         f"Opinion: an inserted view.\n\n“A quote,” she said.\n"}
        for i, outlet in enumerate(["Daily", "Weekly", "Daily"])
    ]  # fmt: skip
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = tmp_path / "report"
    executed = _run(
        NOTEBOOKS_DIR / "00-load-articles.ipynb",
        tmp_path,
        input_path=str(corpus),
        markers='["Opinion:"]',  # as `papermill -p` passes it: a string
        article_id="story-1",
        report_dir=str(report),
    )
    html = "\n".join(_outputs(executed, "text/html"))
    assert "Weekly" in html and "story-1" in html
    table = pd.read_csv(report / "tables" / "00-classification.csv")
    assert table["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert table["marker"].dropna().tolist() == ["Opinion:"]


@pytest.mark.notebooks
@pytest.mark.slow
def test_load_notebook_fails_clearly_on_a_missing_path(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="nope.txt: does not exist"):
        _run(NOTEBOOKS_DIR / "00-load-articles.ipynb", tmp_path, input_path="nope.txt")


@pytest.mark.notebooks
@pytest.mark.slow
def test_sentiment_notebook_on_the_sample(tmp_path):
    report = tmp_path / "report"
    executed = _run(NOTEBOOKS_DIR / "10-sentiment.ipynb", tmp_path, report_dir=str(report))
    assert len(_outputs(executed, "image/png")) >= 6
    summary = pd.read_csv(report / "tables" / "10-section-summary.csv")
    polarity = summary[summary["measure"] == "tb_polarity"].set_index(["rows", "group"])
    assert polarity.loc[("all rows", "commentary"), "n"] == 2
    assert polarity.loc[("all rows", "commentary"), "mean"] == pytest.approx(-0.5)
    assert "too few" in polarity.loc[("all rows", "commentary"), "note"]
    # one of the two commentary paragraphs has no TextBlob word: on the rest, the mean is -1
    assert polarity.loc[("rows with a TextBlob word", "commentary"), "n"] == 1
    assert polarity.loc[("rows with a TextBlob word", "commentary"), "mean"] == -1.0
    tests = pd.read_csv(report / "tables" / "10-section-tests.csv")
    assert tests["p_value"].isna().all(), "no p-value with n=2"
    assert (report / "figures" / "10-sentiment-words.svg").stat().st_size > 0
    html = "\n".join(_outputs(executed, "text/html"))
    assert "worst: polarity -1.00" in html
    # the opinion model: each commentary paragraph's rank among the 19, and each score's validity
    ranks = pd.read_csv(report / "tables" / "10-opinion-ranks.csv")
    assert len(ranks) == 2 and set(ranks["n_rows"]) == {19}
    places = " and ".join(f"{r:g}" for r in ranks["rank"])
    assert f"ranks {places} of the article's 19 paragraphs" in _streams(executed)
    validity = pd.read_csv(report / "tables" / "10-opinion-validity.csv")
    assert validity.set_index("score")["roc_auc"].idxmax() == "Opinion probability"
    assert html.count("· opinion 0.") == 19, "every prose paragraph shows its probability"


@pytest.mark.notebooks
@pytest.mark.slow
def test_sentiment_notebook_at_sentence_level(tmp_path):
    """Every cell runs on sentences too, with the columns the notebook reads for them."""
    report = tmp_path / "report"
    _run(NOTEBOOKS_DIR / "10-sentiment.ipynb", tmp_path, level="sentence", report_dir=str(report))
    scores = pd.read_parquet(report / "tables" / "10-scores-sentence.parquet")
    assert len(scores) == 21 and "sentence_id" in scores


@pytest.mark.notebooks
@pytest.mark.slow
def test_sentiment_notebook_on_a_corpus_of_outlets(tmp_path):
    from analysis.synthetic import write_articles

    write_articles(tmp_path / "corpus", 40, outlets=("Daily", "Weekly"), seed=3)
    report = tmp_path / "report"
    _run(
        NOTEBOOKS_DIR / "10-sentiment.ipynb",
        tmp_path,
        input_path=str(tmp_path / "corpus"),
        level="paragraph",
        engines='["textblob"]',
        use_cache=False,
        report_dir=str(report),
    )
    within = pd.read_csv(report / "tables" / "10-within-article.csv")
    polarity = within[(within["rows"] == "all rows") & (within["measure"] == "tb_polarity")]
    assert polarity["group"].tolist() == ["all", "Daily", "Weekly"]
    overall = polarity.iloc[0]
    assert overall["n_articles"] > 30 and overall["p_value"] < 0.05
    assert (report / "tables" / "10-scores-paragraph.csv").exists()
    assert not (report / "figures" / "10-textblob-vs-vader.png").exists()


@pytest.mark.notebooks
@pytest.mark.slow
def test_framing_notebook_on_the_sample(tmp_path):
    report = tmp_path / "report"
    executed = _run(NOTEBOOKS_DIR / "20-framing.ipynb", tmp_path, report_dir=str(report))
    assert len(_outputs(executed, "image/png")) == 3, "no chart of distinctive terms: none pass"
    assert not (report / "figures" / "20-distinctive-terms.png").exists()
    assert pd.read_csv(report / "tables" / "20-top-distinctive-terms.csv").empty
    summary = pd.read_csv(report / "tables" / "20-distinctive-summary.csv")
    assert summary["passing"].tolist() == [0, 0] and summary["tested"].tolist() == [472, 472]
    streams = "".join(
        out.get("text", "") for cell in executed.cells for out in cell.get("outputs", [])
    )
    assert "No term distinguishes commentary from reporting: 0 of 472 pass" in streams
    assert "No classifier: 2 commentary and 17 reporting paragraphs" in streams
    actors = pd.read_csv(report / "tables" / "20-actors.csv").set_index(["actor", "section"])
    assert actors.loc[("belarus", "reporting"), "mentions"] > 10


@pytest.mark.notebooks
@pytest.mark.slow
def test_framing_notebook_on_a_corpus_of_outlets(tmp_path):
    from analysis.synthetic import write_articles

    write_articles(tmp_path / "corpus", 60, outlets=("Daily", "Weekly"), seed=5)
    report = tmp_path / "report"
    executed = _run(
        NOTEBOOKS_DIR / "20-framing.ipynb",
        tmp_path,
        input_path=str(tmp_path / "corpus"),
        n_top_terms=5,
        report_dir=str(report),
    )
    scores = pd.read_csv(report / "tables" / "20-commentary-scores.csv")
    assert scores["reads_like_commentary"].notna().all()
    assert "ROC-AUC" in "".join(
        out.get("text", "") for cell in executed.cells for out in cell.get("outputs", [])
    )
    html = "\n".join(_outputs(executed, "text/html"))
    assert "Daily" in html and "Weekly" in html


def _streams(executed) -> str:
    return "".join(
        out.get("text", "") for cell in executed.cells for out in cell.get("outputs", [])
    )


@pytest.mark.notebooks
@pytest.mark.slow
def test_opinion_model_notebook_shows_the_shipped_card(tmp_path):
    from analysis.sentiment.opinion import opinion_model

    report = tmp_path / "report"
    executed = _run(NOTEBOOKS_DIR / "90-opinion-model.ipynb", tmp_path, report_dir=str(report))
    assert len(_outputs(executed, "image/png")) == 2, "validity and reliability charts"
    for name in ("figures/90-validity.png", "figures/90-validity.svg",
                 "figures/90-reliability.png", "figures/90-reliability.svg",
                 "tables/90-splits.csv", "tables/90-test-figures.csv",
                 "tables/90-top-features.parquet"):  # fmt: skip
        assert (report / name).stat().st_size > 0, name
    shipped = opinion_model().report
    validity = pd.read_csv(report / "tables" / "90-validity.csv")
    assert validity["score"].tolist() == [row["score"] for row in shipped["validity"]]
    assert validity.set_index("score")["roc_auc"].idxmax() == "Opinion probability"
    reliability = pd.read_csv(report / "tables" / "90-reliability.csv")
    assert reliability["n"].sum() == shipped["test"]["n_sentences"] == 219
    streams = _streams(executed)
    auc = validity.set_index("score").loc["Opinion probability", "roc_auc"]
    assert f"in {auc:.0%} of opinion-fact pairs the opinion sentence scores higher" in streams
    assert "retrain is False" in streams and "Retrained" not in streams
    assert any(
        "CC BY 4.0" in cell.source for cell in executed.cells if cell.cell_type == "markdown"
    )


@pytest.mark.notebooks
@pytest.mark.slow
def test_opinion_model_notebook_retrains_to_the_shipped_weights(tmp_path):
    import gzip
    import importlib.metadata

    from analysis.sentiment.opinion import MODEL_FILE

    executed = _run(NOTEBOOKS_DIR / "90-opinion-model.ipynb", tmp_path, retrain=True)
    streams = _streams(executed)
    recorded = json.loads(gzip.decompress(MODEL_FILE.read_bytes()))["versions"]
    installed = {name: importlib.metadata.version(name) for name in recorded}
    if installed == recorded:
        assert "Retrained: identical to the shipped opinion_model.json.gz" in streams
    else:  # other library versions: the notebook says how far the predictions moved
        assert "Retrained: the bytes differ" in streams and "largest difference" in streams
