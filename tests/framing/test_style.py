"""Style rates of reporting and opinion, counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.framing.style import style_profile


def test_style_profile_on_written_paragraphs():
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
