"""Actors: matching rules of the actors file, the per-section summary by hand (its polarity
of the sentences with a sentiment word only), and the bundled actors file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.errors import InputError
from analysis.framing.actors import (
    actor_mentions,
    actor_sentences,
    actor_summary,
    load_actors,
    sentence_mentions,
)
from analysis.load.corpus import load_corpus
from analysis.paths import DATA_DIR
from analysis.sentiment.scores import score_sentiment, score_texts


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
    assert china["sentences_with_evidence"] >= 5 and china["articles"] == 1
    assert np.isnan(china["sentiment_low"]) and "all in one article" in china["note"]
    # the first commentary paragraph names Taiwan and has no TextBlob word
    taiwan = rows.loc[("taiwan", "commentary")]
    assert taiwan["sentences"] >= 1 and taiwan["sentences_with_evidence"] == 0
    assert np.isnan(taiwan["mean_sentiment"]) and "no sentiment word" in taiwan["note"]


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
                "tb_n_terms": 1,
            }  # fmt: skip
            for k in range(6)
        ]
    table = actor_summary(
        pd.DataFrame(rows), load_actors(), scored_sentences=pd.DataFrame(sentences)
    ).set_index(["actor", "section"])
    china = table.loc[("china", "reporting")]
    assert china["sentences"] == china["sentences_with_evidence"] == 48
    assert china["articles"] == 8
    # 8 articles, not 48 sentences: the interval is as wide as the articles' spread says
    assert china["sentiment_high"] - china["sentiment_low"] > 0.4


def _scored(texts, sections, articles):
    """Sentences scored by both engines, and the paragraphs they are (one each)."""
    sentences = score_texts(texts, engines=["textblob", "vader"], cache=False).assign(
        text=texts, section=sections, article_id=articles
    )
    return sentences.assign(n_words=sentences["text"].str.split().str.len()), sentences


def test_actor_polarity_is_of_the_sentences_with_a_sentiment_word():
    texts = [
        "Beijing's offer is an insult.",  # no TextBlob word: no evidence, not neutral
        "Beijing is wrong.",
        "This is a disgraceful betrayal by Minsk.",  # no TextBlob word
        "Beijing made a good offer.",
    ]
    paragraphs, sentences = _scored(
        texts, ["commentary", "commentary", "commentary", "reporting"], ["a", "a", "a", "b"]
    )
    assert sentences["tb_n_terms"].tolist() == [0, 1, 0, 1]
    table = actor_summary(paragraphs, load_actors(), scored_sentences=sentences)
    rows = table.set_index(["actor", "section"])
    china = rows.loc[("china", "commentary")]
    assert china["sentences"] == 2 and china["sentences_with_evidence"] == 1
    assert china["mean_sentiment"] == -0.5  # not -0.25: the insult's 0.0 is not averaged in
    belarus = rows.loc[("belarus", "commentary")]
    assert belarus["sentences"] == 1 and belarus["sentences_with_evidence"] == 0
    assert np.isnan(belarus["mean_sentiment"]), "no evidence is missing, not 0.0"
    assert belarus["note"] == "no sentiment word in the 1 sentence naming it"
    assert np.isnan(belarus["sentiment_low"]) and belarus["articles"] == 0
    # an actor not named in a group has no sentences there and no note
    assert rows.loc[("belarus", "reporting"), "sentences"] == 0
    assert rows.loc[("belarus", "reporting"), "note"] == ""


def test_vader_measures_take_vaders_evidence():
    texts = ["Beijing's offer is an insult.", "Beijing spoke."]  # VADER scores only the first
    paragraphs, sentences = _scored(texts, ["commentary"] * 2, ["a", "a"])
    table = actor_summary(
        paragraphs, load_actors(), scored_sentences=sentences, measure="vader_compound"
    ).set_index(["actor", "section"])
    china = table.loc[("china", "commentary")]
    assert china["sentences"] == 2 and china["sentences_with_evidence"] == 1
    assert china["mean_sentiment"] == pytest.approx(sentences["vader_compound"].iloc[0])


def test_the_interval_resamples_the_articles_of_sentences_with_a_word():
    rows, sentences = [], []
    for article in range(8):
        rows.append({"article_id": f"a{article}", "section": "commentary", "n_words": 10,
                     "text": "Beijing spoke."})  # fmt: skip
        scored = article < 6  # two articles name Beijing only without a sentiment word
        sentences += [
            {"article_id": f"a{article}", "section": "commentary", "text": "Beijing spoke.",
             "tb_polarity": (-0.5 if scored else 0.0) + 0.01 * k, "tb_n_terms": int(scored)}
            for k in range(3)
        ]  # fmt: skip
    table = actor_summary(
        pd.DataFrame(rows), load_actors(), scored_sentences=pd.DataFrame(sentences)
    ).set_index(["actor", "section"])
    china = table.loc[("china", "commentary")]
    assert china["sentences"] == 24 and china["sentences_with_evidence"] == 18
    assert china["articles"] == 6
    assert china["mean_sentiment"] == pytest.approx(-0.49)
    assert china["sentiment_high"] < -0.45, "the no-evidence zeros do not pull it to 0"


def test_sentences_that_cannot_tell_no_evidence_from_neutral_are_refused():
    paragraphs = pd.DataFrame({"section": ["reporting"], "text": ["Beijing spoke."],
                               "n_words": [2], "article_id": ["a"]})  # fmt: skip
    sentences = paragraphs.assign(tb_polarity=0.0)
    with pytest.raises(ValueError, match="lacks tb_n_terms"):
        actor_summary(paragraphs, load_actors(), scored_sentences=sentences)


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


def test_mentions_of_a_large_table_found_in_workers_are_the_same(tmp_path, monkeypatch):
    import analysis.parallel as parallel
    from analysis.synthetic import write_articles

    write_articles(tmp_path, 40, seed=2)
    sentences = load_corpus(tmp_path).sentences
    sentences = sentences.set_index(sentences.index + 1000)  # labels, not positions
    actors = load_actors()
    alone = actor_mentions(sentences, actors, keep=["article_id"])
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 100)
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 150)
    spread = actor_mentions(sentences, actors, keep=["article_id"])
    assert len(sentences) > 300 and len(alone) > len(sentences) / 2
    pd.testing.assert_frame_equal(spread, alone)
    # Each mention by hand: the row's text holds its alias, the actor owns it.
    for row, actor, alias in spread[["row", "actor", "alias"]].head(50).itertuples(False):
        assert alias in sentences.loc[row, "text"]
        assert actors.find(alias)[0][0] == actor


def test_finding_aliases_in_lower_case_finds_what_any_case_finds():
    import csv
    import dataclasses

    actors = load_actors()
    any_case = dataclasses.replace(actors, lower_patterns=())
    texts = load_corpus().paragraphs["text"].tolist() + [
        "İSTANBUL: the KREMLIN and the kremlin met NATO; İ then the Kremlin.",
        "the west bank and the West Bank, the WEST and the West.",
    ]
    with (DATA_DIR / "newssd-eng" / "test.csv").open(encoding="utf-8") as f:
        texts += [row["Sentence"] for row in csv.DictReader(f)]
    mentions = 0
    for text in texts:
        assert actors.find(text) == any_case.find(text), text
        mentions += len(any_case.find(text))
    assert mentions > 100


def test_actors_tied_within_an_outlet_come_alphabetically():
    from analysis.framing.actors import top_actors_by_outlet

    rows = pd.DataFrame({"text": ["Beijing and Minsk.", "NATO and the Kremlin."],
                         "section": ["commentary"] * 2, "outlet": ["D", "D"]})  # fmt: skip
    table = top_actors_by_outlet(rows, load_actors(), top=2)
    assert table["actor"].tolist() == sorted(table["actor"])[:2]
    assert table["mentions"].tolist() == [1, 1]


def test_actors_found_a_part_at_a_time_are_those_of_the_whole_table(tmp_path, monkeypatch):
    """A stored corpus in parts of 4 files, searched by 2 workers, names the same actors in
    the same sentences as the whole scored table does, and the summary is the same."""
    from analysis.load.cache import cached_corpus
    from analysis.sentiment import cached_scores
    from analysis.synthetic import write_articles

    monkeypatch.setattr("analysis.load.dataset.PART_FILES", 4)
    monkeypatch.setattr("analysis.parallel.usable_cpus", lambda: 2)
    write_articles(tmp_path / "in", 30, seed=5)
    corpus = cached_corpus(tmp_path / "in", cache=tmp_path / "cache")
    actors = load_actors()
    sentences = cached_scores(corpus, engines=["textblob"], cache=tmp_path / "cache")
    named = actor_sentences(corpus, actors, cache=tmp_path / "cache")
    assert len(corpus.parts) > 2 and len(named) > 50
    expected = sentence_mentions(sentences, actors)
    pd.testing.assert_frame_equal(named, expected.astype({"actor": named["actor"].dtype}))
    summary = actor_summary(corpus.paragraphs, actors, named_in_sentences=named)
    pd.testing.assert_frame_equal(
        summary, actor_summary(corpus.paragraphs, actors, scored_sentences=sentences)
    )
    with pytest.raises(ValueError, match="not both"):
        actor_summary(corpus.paragraphs, actors, scored_sentences=sentences,
                      named_in_sentences=named)  # fmt: skip
