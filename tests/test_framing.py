"""Distinctive vocabulary and dictionary counts, checked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import InputError, load_corpus
from analysis.framing import (
    commentary_separability,
    distinctive_terms,
    keyword_in_context,
    top_distinctive,
)
from analysis.framing.lexicons import compile_lexicon, count_lexicons, load_lexicons
from analysis.framing.vocabulary import log_odds_dirichlet


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
    table = distinctive_terms(rows, min_count=2)
    assert table.loc[0, "term"] == "failing" and table.loc[0, "count_commentary"] == 4
    assert table.iloc[-1]["term"] == "cooperation" and table.iloc[-1]["favours"] == "reporting"
    assert (table["z"].diff().dropna() <= 0).all(), "sorted by z"
    assert "the" not in set(table["term"]), "stop words removed"


def test_distinctive_terms_needs_both_groups():
    rows = pd.DataFrame({"section": ["reporting"], "text": ["Only reporting here."]})
    with pytest.raises(ValueError, match="needs rows of both"):
        distinctive_terms(rows)


def test_background_prior_changes_the_weights():
    paragraphs = load_corpus().paragraphs
    own = distinctive_terms(paragraphs, min_count=1).set_index("term")
    other = distinctive_terms(
        paragraphs, min_count=1, background=["war war war and more war in the west"] * 20
    ).set_index("term")
    assert own.loc["war", "z"] != pytest.approx(other.loc["war", "z"])


def test_keyword_in_context_on_the_sample():
    lines = keyword_in_context(load_corpus().paragraphs, "war")
    assert lines["section"].tolist() == ["reporting", "commentary"]
    assert "failing [war] in Ukraine" in lines.loc[1, "line"]


def test_lexicon_matching_rules():
    lexicon = compile_lexicon("demo", ["us", "negotiat*", "at odds", "war"])
    assert lexicon.matches("US-led negotiations left us at\nodds; warm words.") == [
        "negotiations",
        "us",
        "at\nodds",
    ]


def test_frames_on_the_sample_favour_conflict_in_commentary():
    paragraphs = load_corpus().paragraphs
    prose = paragraphs[paragraphs["section"].isin(["reporting", "commentary"])]
    counted = count_lexicons(prose, load_lexicons())
    means = counted.groupby("section", observed=True)[
        ["frame_conflict", "frame_diplomacy_cooperation"]
    ].mean()
    assert means.loc["commentary", "frame_conflict"] > means.loc["reporting", "frame_conflict"]
    assert means.loc["reporting", "frame_diplomacy_cooperation"] > 0
    commentary = counted[counted["section"] == "commentary"]
    assert "genocide" in commentary["frame_morality_terms"].iloc[0]


def test_bad_lexicon_folders_are_named(tmp_path):
    with pytest.raises(InputError, match="is not a folder"):
        load_lexicons(tmp_path / "missing")
    with pytest.raises(InputError, match="holds no .yml"):
        load_lexicons(tmp_path)
    (tmp_path / "broken.yml").write_text("label: x\nterms: [unclosed\n")
    with pytest.raises(InputError, match=r"broken\.yml.*not valid YAML"):
        load_lexicons(tmp_path)


def _corpus(n_articles: int, commentary_words: list[str], reporting_words: list[str], seed=0):
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for article in range(n_articles):
        for i in range(8):
            section = "commentary" if i < 3 else "reporting"
            words = commentary_words if section == "commentary" else reporting_words
            text = " ".join(rng.choice(words, size=12))
            rows.append({"article_id": f"a{article}", "section": section, "text": text})
    return pd.DataFrame(rows)


def test_separability_says_when_there_is_too_little_to_learn():
    result = commentary_separability(load_corpus().paragraphs)
    assert math.isnan(result.auc) and result.features.empty
    assert "2 commentary and 17 reporting paragraphs in 1 article: too few" in result.note


def test_separability_finds_distinct_vocabulary():
    commentary = ["failing", "shameful", "reckless", "disgrace", "provoke", "treason"]
    reporting = ["talks", "trade", "officials", "visit", "agreement", "minister"]
    result = commentary_separability(_corpus(12, commentary, reporting), n_resamples=200)
    assert result.note == "" and result.n_folds == 5
    assert result.auc > 0.95 and result.auc_low <= result.auc <= result.auc_high
    assert set(result.features.loc[result.features["favours"] == "commentary", "term"]) & set(
        commentary
    )
    assert result.scores["reads_like_commentary"].between(0, 1).all()


def test_separability_is_chance_when_the_vocabularies_are_the_same():
    # No leak from article to article: on average over corpora, the AUC is 0.5.
    words = ["talks", "trade", "officials", "visit", "failing", "shameful", "agreement"]
    aucs = [
        commentary_separability(_corpus(12, words, words, seed=seed), n_resamples=50).auc
        for seed in range(8)
    ]
    assert 0.42 < sum(aucs) / len(aucs) < 0.58


def test_style_profile_on_written_paragraphs():
    from analysis.framing import style_profile

    rows = pd.DataFrame(
        {
            "text": [
                "Officials said the talks may resume, according to a statement.",
                "We must never forget our terrible failure! Why?",
            ],
            "quote_share": [0.0, 0.5],
        }
    )
    profile = style_profile(rows)
    # 10 words: "said", "according to", "statement" -> 3 attributions; "may" -> 1 hedge
    assert profile.loc[0, "style_attribution"] == pytest.approx(30.0)
    assert profile.loc[0, "style_hedges"] == pytest.approx(10.0)
    # 8 words: "we", "our"; "never"; "terrible"; one "!" and one "?"
    assert profile.loc[1, "style_collective_pronouns"] == pytest.approx(25.0)
    assert profile.loc[1, "style_intensifiers_absolutes"] >= 12.5
    assert profile.loc[1, "style_evaluative_adjectives"] == pytest.approx(12.5)
    assert profile.loc[1, "style_exclamations"] == pytest.approx(12.5)
    assert profile.loc[1, "style_quoted_percent"] == 50.0


def test_separability_when_commentary_sits_in_one_article():
    rows = _corpus(6, ["talks"], ["trade"])
    rows.loc[rows["article_id"] != "a0", "section"] = "reporting"
    rows.loc[rows["article_id"] == "a0", "section"] = "commentary"
    result = commentary_separability(rows, min_per_class=5)
    assert math.isnan(result.auc) and "too few of the 6 articles" in result.note


def test_acronyms_count_except_us():
    economic = compile_lexicon("economic", ["gdp", "imf", "bri", "us"])
    assert economic.matches("GDP grew; the IMF praised the BRI, US-led and good for us.") == [
        "GDP",
        "IMF",
        "BRI",
        "us",
    ]


def test_top_distinctive_with_one_side_only():
    rows = pd.DataFrame(
        {"section": ["commentary", "reporting"], "text": ["war war war", "war talks talks"]}
    )
    table = distinctive_terms(rows, min_count=3)
    assert len(top_distinctive(table, n=5)) == len(table)


def test_lexicon_terms_must_be_a_list_of_words(tmp_path):
    (tmp_path / "bad.yml").write_text("label: x\nterms: war\n")
    with pytest.raises(InputError, match="has no list of 'terms'"):
        load_lexicons(tmp_path)
    (tmp_path / "bad.yml").write_text("label: x\nterms: [war, null, '*']\n")
    with pytest.raises(InputError, match="terms that are not words"):
        load_lexicons(tmp_path)
