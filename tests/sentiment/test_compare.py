"""Commentary against reporting as the headline states it: article by article, with coverage,
on all rows and on rows with a TextBlob word."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.framing.separability import shuffle_within
from analysis.load.corpus import load_corpus, prose
from analysis.sentiment import (
    ALL_ROWS,
    EVIDENCE_ROWS,
    compare_sections,
    describe_scores,
    evidence_coverage,
    paragraph_scores,
    score_sentiment,
)
from analysis.synthetic import write_articles

MEASURES = ["tb_polarity", "tb_subjectivity", "vader_compound"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> pd.DataFrame:
    """Scored paragraphs of 40 generated articles, whose commentary is harsher."""
    folder = tmp_path_factory.mktemp("generated")
    write_articles(folder, 40, seed=5)
    return prose(score_sentiment(load_corpus(folder).paragraphs, cache=False))


def test_one_article_says_what_it_can_and_cannot_conclude():
    scored = prose(score_sentiment(load_corpus().paragraphs, cache=False))
    comparison = compare_sections(scored, MEASURES)
    coverage, article, ranks, validity = comparison.headline()
    assert coverage.startswith(
        "TextBlob finds a sentiment word in 50% of commentary and 76% of reporting paragraphs"
    )
    assert "One article, with 2 commentary and 17 reporting paragraphs" in article
    assert "On the 1 commentary and 13 reporting paragraphs with a TextBlob word" in article
    assert "no comparison across articles" in article and "p =" not in article
    assert "nothing can be said about its outlet or about other articles" in article
    assert comparison.within["p_value"].isna().all()
    assert ranks.startswith("The opinion model gives the 2 commentary paragraphs an opinion")
    assert validity.startswith("How well each score tracks opinion in news")


def test_a_harsher_commentary_is_found_article_by_article(generated):
    comparison = compare_sections(generated, MEASURES)
    overall = comparison.within.query("group == 'all'").set_index(["rows", "measure"])
    polarity = overall.loc[(ALL_ROWS, "tb_polarity")]
    assert polarity["n_lower"] == polarity["n_articles"] > 30
    assert polarity["median_high"] < 0 and polarity["p_value"] < 1e-6
    sentences = comparison.headline()
    assert any(
        s.startswith(
            "Polarity (TextBlob): the commentary is more negative than the reporting; the "
            f"commentary is more negative in {polarity['n_lower']} of {polarity['n_articles']}"
        )
        for s in sentences
    )
    assert f"after Holm's adjustment for the {comparison.n_within_tests} tests" in sentences[1]
    assert any(
        s.startswith("Polarity (TextBlob), on paragraphs with a TextBlob word") for s in sentences
    )
    assert set(comparison.tests["rows"]) == {ALL_ROWS, EVIDENCE_ROWS}


def test_shuffled_labels_come_out_as_no_difference(generated):
    order = shuffle_within(pd.factorize(generated["article_id"])[0], np.random.default_rng(3))
    shuffled = generated.assign(section=generated["section"].to_numpy()[order])
    comparison = compare_sections(shuffled, MEASURES)
    overall = comparison.within.query("group == 'all'")
    assert (overall["p_value"] > 0.01).all(), overall[["rows", "measure", "p_value"]]
    sentences = comparison.headline()[1:-2]  # without the opinion ranks and the validity
    assert all("no clear difference between commentary and reporting" in s for s in sentences)
    tests = comparison.tests
    assert (tests["p_value"] > 0.01).all()
    assert ((tests["difference_low"] <= 0) & (tests["difference_high"] >= 0)).mean() >= 0.8


def test_coverage_counts_rows_with_a_word_per_engine():
    scored = score_sentiment(
        pd.DataFrame(
            {
                "text": ["An insult.", "A good day.", "The port opened.", "Awful."],
                "section": ["commentary", "reporting", "reporting", "commentary"],
            }
        ),
        cache=False,
    )
    coverage = evidence_coverage(scored).set_index("section")
    assert coverage.loc["commentary", ["rows", "textblob_rows", "vader_rows"]].tolist() == [2, 1, 2]
    assert coverage.loc["reporting", "textblob_share"] == 0.5


def test_no_commentary_with_evidence_is_said_in_words():
    rows = []
    for article in range(8):
        for text, section in (
            ("This is a disgraceful betrayal by greedy port bosses.", "commentary"),
            ("A good day at the port, officials said.", "reporting"),
            ("The strike began at dawn.", "reporting"),
        ):
            rows.append({"article_id": f"a{article}", "section": section, "text": text})
    scored = score_sentiment(pd.DataFrame(rows), cache=False)
    sentences = compare_sections(scored, MEASURES).headline()
    assert sentences[0].startswith("TextBlob finds a sentiment word in 0% of commentary")
    assert any(
        "on paragraphs with a TextBlob word: no article has both commentary and reporting" in s
        for s in sentences
    )


def test_one_long_article_describes_its_own_paragraphs_only(generated):
    longest = generated["article_id"].value_counts().index[0]
    one = generated[generated["article_id"] == longest]
    comparison = compare_sections(one, ["tb_polarity"])
    (sentence,) = comparison.headline()[1:-2]
    assert sentence.startswith("One article, with ")
    assert "are of this article's paragraphs only" in sentence
    assert comparison.within["p_value"].isna().all(), "no test across one article"


# --- where the opinion model ranks the commentary ------------------------------------------


def test_the_sample_commentary_ranks_are_those_of_its_scores():
    scored = prose(score_sentiment(load_corpus().paragraphs, cache=False))
    comparison = compare_sections(scored, MEASURES + ["opinion"])
    ranks = comparison.ranks
    assert len(ranks) == 2 and set(ranks["n_rows"]) == {19}
    others = scored.loc[scored["section"] == "reporting", "opinion"].to_numpy()
    for row in ranks.itertuples():
        better_commentary = (ranks["opinion"] > row.opinion).sum()
        assert row.rank == 1 + (others > row.opinion).sum() + better_commentary
    places = " and ".join(f"{r:g}" for r in ranks["rank"])
    assert f"ranks {places} of the article's 19 paragraphs" in comparison.headline()[2]
    assert "opinion" in set(comparison.within["measure"])


def _newssd_articles(n_articles: int, seed: int, planted: bool) -> pd.DataFrame:
    """Articles of four fact sentences and two opinion ones from NewsSD-ENG's test split
    (which the model never saw); with ``planted`` the opinion ones are the commentary,
    otherwise the commentary is two sentences picked at random."""
    from analysis.modeling.opinion_training import load_newssd

    test = load_newssd("test")
    facts, opinions = test[~test["opinion"]], test[test["opinion"]]
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_articles):
        texts = [*rng.choice(facts["text"], 4, replace=False)]
        texts += [*rng.choice(opinions["text"], 2, replace=False)]
        sections = ["reporting"] * 4 + ["commentary"] * 2
        if not planted:
            sections = list(rng.permutation(sections))
        rows += [
            {"article_id": f"a{a}", "paragraph": i, "section": s, "text": t}
            for i, (t, s) in enumerate(zip(texts, sections, strict=True))
        ]
    return score_sentiment(pd.DataFrame(rows), engines=["textblob", "opinion"], cache=False)


def test_opinion_ranks_find_planted_opinion_and_nothing_in_shuffled_labels():
    planted = compare_sections(_newssd_articles(60, 1, True), ["tb_polarity", "opinion"])
    null = compare_sections(_newssd_articles(60, 1, False), ["tb_polarity", "opinion"])

    # Chance: two commentary rows of six, so a commentary row tops an article 1 time in 3.
    def tops(comparison):
        return int(comparison.ranks.groupby("article_id")["rank"].min().eq(1).sum())

    assert tops(planted) >= 30, planted.headline()[-2]
    assert 8 <= tops(null) <= 32, null.headline()[-2]  # 20 expected, binomial 99.9% range
    assert "by chance about 20.0 would" in planted.headline()[-2]


def test_a_row_without_text_is_not_ranked_and_a_tie_for_the_top_is_no_first_place():
    rows = pd.DataFrame(
        {
            "article_id": ["a"] * 4 + ["b"] * 3,
            "paragraph": [1, 2, 3, 4, 1, 2, 3],
            "section": ["reporting", "commentary", "reporting", "commentary"]
            + ["reporting", "commentary", "reporting"],
            "text": ["The port opened on Monday.", None, "Ships left.", "A shameful betrayal."]
            + ["Same words.", "Same words.", "Other words here."],
        }
    )
    scored = score_sentiment(rows, engines=["textblob", "opinion"], cache=False)
    comparison = compare_sections(scored, ["tb_polarity", "opinion"])
    ranks = comparison.ranks.set_index(["article_id", "paragraph"])
    assert ("a", 2) not in ranks.index, "no text, no score, no rank"
    assert ranks.loc[("a", 4), "n_rows"] == 3
    b = ranks.loc[("b", 2)]
    assert b["rank"] in (1.5, 2.5), "tied with the same words: never a first place"
    assert "as the most opinionated of its article in" in comparison.headline()[-2]


def test_without_the_opinion_engine_the_headline_says_nothing_of_it():
    scored = prose(score_sentiment(load_corpus().paragraphs, engines=["textblob"], cache=False))
    sentences = compare_sections(scored, ["tb_polarity"]).headline()
    assert not any("opinion" in s for s in sentences)


# -- the tables the charts draw ------------------------------------------------------------

VOICE_ARTICLE = (
    "title here\n\n"
    '"Yes." The minister then spoke for a long time about the many reasons why the port '
    "should stay closed until the end of the year.\n\nComment: A shameful decision.\n"
)


def test_a_paragraph_keeps_the_loaders_voice_not_one_decided_from_its_sentences(tmp_path):
    (tmp_path / "a.txt").write_text(VOICE_ARTICLE, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    sentences = score_sentiment(corpus.sentences, engines=["textblob"], cache=False)
    reporting = sentences[sentences["section"] == "reporting"]
    # Half its sentences are quotes, but few of its characters: the loader says narration.
    assert reporting["quote_share"].mean() >= 0.5
    loaders = corpus.paragraphs.set_index("paragraph_id")["voice"]
    flow = paragraph_scores(
        sentences, ["tb_polarity"], voices=corpus.paragraphs[["paragraph_id", "voice"]]
    )
    assert flow["voice"].tolist() == loaders[flow["paragraph_id"]].tolist()
    assert flow.loc[flow["section"] == "reporting", "voice"].tolist() == ["narration"]
    with pytest.raises(ValueError, match="voices"):
        paragraph_scores(sentences, ["tb_polarity"])


def test_score_means_leave_out_the_rows_without_a_word_and_count_them():
    rows = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b", "c", "c", "d"],
            "section": ["reporting"] * 7,
            "tb_polarity": [0.5, 0.0, -0.5, 0.3, 0.1, 0.2, 0.0],
            "tb_n_terms": [1, 0, 2, 1, 1, 1, 0],
        }
    )
    (row,) = describe_scores(rows, ["tb_polarity"]).to_dict("records")
    with_word = rows.loc[rows["tb_n_terms"] > 0, "tb_polarity"]
    assert row["n"] == 5 and row["n_without_word"] == 2 and row["n_articles"] == 3
    assert row["mean"] == pytest.approx(with_word.mean())
    assert row["mean_low"] <= row["mean"] <= row["mean_high"]
