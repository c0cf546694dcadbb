"""Distinctive vocabulary: the log-odds by hand, distinctive terms on written corpora, the
terms drawn and tied with the last one drawn, keywords in context."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.framing.vocabulary import (
    distinctive_terms,
    keyword_in_context,
    log_odds_dirichlet,
    tied_terms,
    top_distinctive,
)
from analysis.load.corpus import load_corpus
from analysis.synthetic import word_paragraphs


def test_log_odds_by_hand():
    # y_a = (3, 1), y_b = (1, 3), alpha = (1, 1): n_a = n_b = 4, alpha0 = 2.
    # word 1: log(4 / 2) - log(2 / 4) = 2 log 2; variance 1/4 + 1/2.
    delta, z = log_odds_dirichlet([3, 1], [1, 3], [1, 1])
    assert delta[0] == pytest.approx(2 * math.log(2))
    assert z[0] == pytest.approx(2 * math.log(2) / math.sqrt(0.75))
    assert delta[1] == pytest.approx(-delta[0])


def test_distinctive_terms_on_a_written_corpus():
    rows = pd.DataFrame(
        {
            "section": ["commentary"] * 3 + ["reporting"] * 3,
            "text": [
                "The failing war is a disgrace.",
                "A failing policy, a failing war.",
                "Failing again.",
                "Trade talks and cooperation continued.",
                "Cooperation on trade grew.",
                "Officials discussed cooperation.",
            ],
        }
    )
    table = distinctive_terms(rows, min_count=2).table
    assert table.loc[0, "term"] == "failing" and table.loc[0, "count_commentary"] == 4
    assert table.loc[0, "paragraphs_commentary"] == 3
    assert table.iloc[-1]["term"] == "cooperation" and table.iloc[-1]["favours"] == "reporting"
    assert (table["z"].diff().dropna() <= 0).all(), "sorted by z"
    assert "the" not in set(table["term"]), "stop words removed"
    # all 3 commentary paragraphs of 6 use it: P = 1 / C(6, 3) = 0.05 for one tail
    assert table.loc[0, "p_value"] == pytest.approx(2 / 20)


def test_the_prior_favours_neither_side():
    rows = word_paragraphs(40, seed=3)
    table = distinctive_terms(rows, shuffles=0).table.set_index("term")
    swapped = rows.assign(
        section=rows["section"].map({"commentary": "reporting", "reporting": "commentary"})
    )
    other = distinctive_terms(swapped, shuffles=0).table.set_index("term")
    assert other.loc[table.index, "log_odds"].to_numpy() == pytest.approx(
        -table["log_odds"].to_numpy()
    )
    # a term one side never uses is more distinctive the more the other side uses it
    one_sided = table[table["count_commentary"] == 0].sort_values("count_reporting")
    assert one_sided["log_odds"].iloc[-1] < one_sided["log_odds"].iloc[0] < 0


def test_distinctive_terms_needs_both_groups():
    rows = pd.DataFrame({"section": ["reporting"], "text": ["Only reporting here."]})
    with pytest.raises(ValueError, match="needs rows of both"):
        distinctive_terms(rows)


def test_background_prior_changes_the_weights():
    paragraphs = load_corpus().paragraphs
    own = distinctive_terms(paragraphs, shuffles=0).table.set_index("term")
    other = distinctive_terms(
        paragraphs, shuffles=0, background=["war war war and more war in the west"] * 20
    ).table.set_index("term")
    assert own.loc["war", "log_odds"] != pytest.approx(other.loc["war", "log_odds"])
    assert own.loc["war", "p_value"] == pytest.approx(other.loc["war", "p_value"])


def test_on_the_sample_no_term_passes_and_the_headline_says_why():
    result = distinctive_terms(load_corpus().paragraphs)
    assert not result.table["distinctive"].any()
    assert top_distinctive(result.table).empty
    assert result.headline() == (
        "No term distinguishes commentary from reporting: 0 of "
        f"{len(result.table):,} pass at a 5% false-discovery rate (1 article holds both, "
        "with 2 commentary paragraphs: too little evidence for any word to stand out)."
    )


def test_planted_words_are_drawn_strongest_first_and_chance_is_counted():
    rows = word_paragraphs(150, planted={"shameful": 0.8, "reckless": 0.5}, seed=4)
    result = distinctive_terms(rows, ngram_range=(1, 1), shuffles=50)
    top = top_distinctive(result.table, n=5)
    commentary = top[top["favours"] == "commentary"]
    assert commentary["term"].tolist()[:2] == ["shameful", "reckless"]
    assert top["distinctive"].all()
    summary = result.summary.set_index("side")
    assert summary.loc["commentary", "passing"] >= 2
    assert summary.loc["commentary", "by_chance"] < 0.5
    assert summary.loc["reporting", "by_chance"] < 0.5
    assert result.headline().startswith(f"Of {len(result.table):,} terms, at a 5% false")


def test_keyword_in_context_on_the_sample():
    lines = keyword_in_context(load_corpus().paragraphs, "war")
    assert lines["section"].tolist() == ["reporting", "commentary"]
    assert "failing [war] in Ukraine" in lines.loc[1, "line"]


# --- terms tied with the weakest drawn ---------------------------------------------------


def _table(rows: list[tuple[str, float]]) -> pd.DataFrame:
    """A ``distinctive_terms`` table of distinctive terms (term, log-odds)."""
    table = pd.DataFrame(rows, columns=["term", "log_odds"])
    table["count_commentary"] = (table["log_odds"] > 0).astype(int)
    table["count_reporting"] = (table["log_odds"] <= 0).astype(int)
    table["z"] = table["log_odds"] * 2
    table["distinctive"] = True
    table["favours"] = table["log_odds"].gt(0).map({True: "commentary", False: "reporting"})
    columns = ["term", "count_commentary", "count_reporting", "log_odds", "z", "distinctive"]
    table = table[[*columns, "favours"]]
    return table.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def test_tied_terms_at_the_cut_on_both_sides():
    table = _table(
        [
            ("alpha", 3.0),
            ("bravo", 2.0),
            ("charlie", 2.0),  # tied with bravo, the weakest drawn for commentary
            ("delta", 2.0),  # tied too
            ("echo", 1.5),  # as strong as reporting's weakest drawn, but on the other side
            ("foxtrot", 1.0),
            ("golf", -1.0),
            ("hotel", -1.5),  # tied with india: the weakest drawn for reporting
            ("india", -1.5),
            ("juliet", -2.0),
        ]
    )
    top = top_distinctive(table, n=2)
    assert top["term"].tolist() == ["alpha", "bravo", "hotel", "juliet"]  # ties: alphabetical
    tied = tied_terms(table, top)
    assert tied["term"].tolist() == ["charlie", "delta", "india"]
    assert not set(tied["term"]) & set(top["term"]), "no drawn term is listed as tied"
    assert tied.columns.tolist() == table.columns.tolist()


def test_no_ties_when_the_cut_falls_between_distinct_strengths():
    table = _table([("alpha", 3.0), ("bravo", 2.0), ("charlie", 1.0), ("delta", -2.0)])
    assert tied_terms(table, top_distinctive(table, n=2)).empty
    assert tied_terms(table, top_distinctive(table, n=10)).empty  # everything drawn
    assert tied_terms(table, top_distinctive(table.iloc[0:0], n=2)).empty


def test_terms_that_do_not_pass_are_neither_drawn_nor_tied():
    table = _table([("alpha", 3.0), ("bravo", 2.0), ("charlie", 2.0), ("delta", -2.0)])
    table.loc[table["term"] == "charlie", "distinctive"] = False
    top = top_distinctive(table, n=1)
    assert top["term"].tolist() == ["alpha", "delta"]
    table.loc[table["term"] == "alpha", "distinctive"] = False
    assert tied_terms(table, top_distinctive(table, n=1)).empty  # charlie does not pass


def test_keywords_in_context_of_several_terms_keep_their_order():
    rows = pd.DataFrame(
        {
            "text": ["Sanctions bite. The EU adds sanctions.", "The EU said so."],
            "article_id": ["a", "b"],
            "paragraph_id": ["a:p01", "b:p01"],
            "section": ["commentary", "reporting"],
        }
    )
    lines = keyword_in_context(rows, ["eu", "sanctions", "absent"], limit=1)
    assert lines["term"].tolist() == ["eu", "sanctions"]
    assert lines["line"].tolist()[0] == "Sanctions bite. The [EU] adds sanctions."
    assert keyword_in_context(rows, []).columns.tolist() == [
        "article_id", "paragraph_id", "section", "term", "line"
    ]  # fmt: skip


def test_options_below_one_are_refused():
    rows = pd.DataFrame({"text": ["a war", "a truce"], "section": ["commentary", "reporting"]})
    with pytest.raises(ValueError, match="min_count must be at least 1"):
        distinctive_terms(rows, min_count=0)
    with pytest.raises(ValueError, match="n must be at least 1"):
        top_distinctive(distinctive_terms(rows).table, n=0)


def test_a_large_table_draws_fewer_shuffles_and_says_so(monkeypatch):
    import analysis.framing.vocabulary as vocabulary

    rows = word_paragraphs(150, planted={"shameful": 0.8}, seed=4)
    full = distinctive_terms(rows, ngram_range=(1, 1))
    assert (full.summary["shuffles"] == 200).all() and "label-shuffled" not in full.headline()
    monkeypatch.setattr(vocabulary, "CHANCE_ROWS", len(rows) // 8)
    fewer = distinctive_terms(rows, ngram_range=(1, 1))
    assert (fewer.summary["shuffles"] == 50).all()
    assert fewer.headline().endswith("over 50 label-shuffled corpora.")
    assert fewer.table.equals(full.table), "the tests themselves do not change"
