"""Distinctive vocabulary and dictionary counts, checked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import InputError, load_corpus
from analysis.framing import distinctive_terms, keyword_in_context, log_odds_dirichlet
from analysis.lexicons import compile_lexicon, count_lexicons, load_lexicons


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
