"""Actors: matching rules of the actors file, the per-section summary by hand, and the
bundled actors file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.errors import InputError
from analysis.framing.actors import actor_mentions, actor_summary, load_actors
from analysis.load.corpus import load_corpus
from analysis.paths import DATA_DIR
from analysis.sentiment.scores import score_sentiment


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def test_case_longest_match_and_boundaries(actors):
    text = (
        "US-led sanctions hurt us. Xi Jinping met Xi. Western and West Bank views. Belarus' role."
    )
    assert actors.find(text) == [
        ("us", "US"),
        ("china", "Xi Jinping"),
        ("china", "Xi"),
        ("west", "Western"),
        ("palestinians", "West Bank"),
        ("belarus", "Belarus"),
    ]


def test_summary_by_hand():
    paragraphs = pd.DataFrame(
        {
            "section": ["reporting", "reporting", "commentary"],
            "text": ["China and Belarus met.", "Trade grew.", "China, China and the West."],
            "n_words": [4, 2, 5],
        }
    )
    table = actor_summary(paragraphs, load_actors()).set_index(["actor", "section"])
    assert table.loc[("china", "reporting"), "per_1000_words"] == pytest.approx(1000 * 1 / 6)
    assert table.loc[("china", "reporting"), "share_of_paragraphs"] == pytest.approx(0.5)
    assert table.loc[("china", "commentary"), "mentions"] == 2
    assert table.loc[("china", "commentary"), "share_of_paragraphs"] == 1.0
    assert table.loc[("west", "reporting"), "mentions"] == 0


def test_summary_on_the_sample_with_sentiment():
    corpus = load_corpus()
    scored = score_sentiment(corpus.sentences, engines=["textblob"], cache=False)
    table = actor_summary(corpus.paragraphs, load_actors(), scored_sentences=scored)
    rows = table.set_index(["actor", "section"])
    assert rows.loc[("belarus", "commentary"), "mentions"] == 0
    assert rows.loc[("slovakia", "commentary"), "mean_sentiment"] == -1.0
    assert "too few" in rows.loc[("slovakia", "commentary"), "note"]
    china = rows.loc[("china", "reporting")]
    assert china["sentences"] >= 5 and china["articles"] == 1
    assert np.isnan(china["sentiment_low"]) and "all in one article" in china["note"]


def test_actor_sentiment_intervals_resample_articles():
    rows, sentences = [], []
    for article in range(8):
        tone = 0.5 if article % 2 else -0.5  # each article has its own tone
        rows.append({"article_id": f"a{article}", "section": "reporting", "n_words": 10,
                     "text": "Beijing spoke."})  # fmt: skip
        sentences += [
            {
                "article_id": f"a{article}",
                "section": "reporting",
                "text": "Beijing spoke.",
                "tb_polarity": tone + 0.01 * k,
            }  # fmt: skip
            for k in range(6)
        ]
    table = actor_summary(
        pd.DataFrame(rows), load_actors(), scored_sentences=pd.DataFrame(sentences)
    ).set_index(["actor", "section"])
    china = table.loc[("china", "reporting")]
    assert china["sentences"] == 48 and china["articles"] == 8
    # 8 articles, not 48 sentences: the interval is as wide as the articles' spread says
    assert china["sentiment_high"] - china["sentiment_low"] > 0.4


def test_mentions_keep_columns():
    rows = pd.DataFrame({"text": ["Minsk said so."], "section": ["reporting"]})
    table = actor_mentions(rows, load_actors(), keep=["section"])
    assert table[["actor", "alias", "section"]].values.tolist() == [
        ["belarus", "Minsk", "reporting"]
    ]


def test_bad_actor_files_are_named(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_actors(tmp_path / "none.yml")
    clash = tmp_path / "clash.yml"
    clash.write_text("actors:\n  - {id: a, aliases: [Minsk]}\n  - {id: b, aliases: [Minsk]}\n")
    with pytest.raises(InputError, match="alias 'Minsk' is given to both 'a' and 'b'"):
        load_actors(clash)
    empty = tmp_path / "empty.yml"
    empty.write_text("people: []\n")
    with pytest.raises(InputError, match="has no 'actors:' list"):
        load_actors(empty)


def test_custom_file_with_lower_case_and_wildcard_aliases(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(
        "actors:\n"
        "  - {id: eu, label: EU, aliases: [EU, von der Leyen]}\n"
        "  - {id: nordics, label: Nordics, aliases: [Scandinavia*, Nordic]}\n"
    )
    actors = load_actors(path)
    assert actors.find("Von der Leyen met Scandinavians and Nordic leaders in the EU.") == [
        ("eu", "Von der Leyen"),
        ("nordics", "Scandinavians"),
        ("nordics", "Nordic"),
        ("eu", "EU"),
    ]
    assert actors.find("nordic eu") == []  # capitalised aliases match in their case only


def test_longest_alias_wins_across_case_rules(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(
        "actors:\n"
        "  - {id: west, aliases: [West]}\n"
        "  - {id: palestinians, aliases: [west bank]}\n"
        "  - {id: eu, aliases: [von der Leyen, von der leyen commission]}\n"
    )
    actors = load_actors(path)
    assert actors.find("the West Bank and the Von der Leyen Commission") == [
        ("palestinians", "West Bank"),
        ("eu", "Von der Leyen Commission"),
    ]


@pytest.mark.parametrize(
    "aliases", ["China", "[China, null]", "[China, '']"], ids=["string", "null", "empty"]
)
def test_aliases_must_be_a_list_of_names(tmp_path, aliases):
    path = tmp_path / "actors.yml"
    path.write_text(f"actors:\n  - id: china\n    aliases: {aliases}\n")
    with pytest.raises(InputError, match="aliases that are not a list of names"):
        load_actors(path)


# --- the bundled actors file -------------------------------------------------------------


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


def test_the_actors_each_outlets_commentary_names_most():
    from analysis.framing.actors import top_actors_by_outlet

    rows = pd.DataFrame(
        {
            "text": [
                "Beijing, China, Minsk. Beijing.",
                "Minsk.",
                "The EU.",
                "Beijing in reporting.",
            ],
            "section": ["commentary", "commentary", "commentary", "reporting"],
            "outlet": pd.array(["D", "D", None, "D"], dtype="string"),
        }
    )
    table = top_actors_by_outlet(rows, load_actors(), top=1)
    assert table.values.tolist() == [["(no outlet given)", "eu", 1], ["D", "china", 3]]
    everything = top_actors_by_outlet(rows, load_actors())
    assert everything.loc[everything["outlet"] == "D", "mentions"].sum() == 5  # not reporting's
