"""The dictionaries in data/ are well-formed: every list documented, terms usable as written."""

from __future__ import annotations

import pytest
import yaml

from analysis.paths import DATA_DIR

FRAMES = sorted((DATA_DIR / "lexicons" / "frames").glob("*.yml"))
STYLE = sorted((DATA_DIR / "lexicons" / "style").glob("*.yml"))


def test_the_seven_frames_and_four_style_lists_are_there():
    assert [p.stem for p in FRAMES] == [
        "conflict",
        "diplomacy_cooperation",
        "economic",
        "human_interest",
        "morality",
        "responsibility",
        "security_defence",
    ]
    assert [p.stem for p in STYLE] == [
        "attribution",
        "collective_pronouns",
        "hedges",
        "intensifiers_absolutes",
    ]


@pytest.mark.parametrize("path", FRAMES + STYLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_lexicon_is_documented_and_its_terms_are_usable(path):
    lexicon = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = "frame" if path.parent.name == "frames" else "indicator"
    assert lexicon[key] == path.stem
    for field in ("label", "based_on", "catches"):
        assert isinstance(lexicon[field], str) and lexicon[field].strip(), field
    assert lexicon["false_friends"], "every list names its known false friends"
    terms = lexicon["terms"]
    assert len(terms) == len(set(terms)), "duplicate terms"
    for term in terms:
        assert term == term.lower().strip(), term
        assert "*" not in term[:-1], f"wildcard only at the end: {term}"
        assert 1 <= len(term.split()) <= 4, term


def test_actors_have_unique_ids_and_aliases():
    actors = yaml.safe_load((DATA_DIR / "actors.yml").read_text(encoding="utf-8"))["actors"]
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    assert {"china", "belarus", "russia", "ukraine", "west", "eu", "us", "israel", "taiwan"} <= set(
        ids
    )
    aliases = [alias for a in actors for alias in a["aliases"]]
    assert len(aliases) == len(set(aliases)), "an alias names two actors"
    belarus = next(a for a in actors if a["id"] == "belarus")
    assert {"Lukashenko", "Minsk", "Belarusian"} <= set(belarus["aliases"])
