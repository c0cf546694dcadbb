"""A corpus's stored scores: the scorer's own, keyed by the texts and the engines, joined
onto the corpus's own table, and shared by requests for fewer engines."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import analysis.sentiment.cache as score_cache
from analysis.load.corpus import load_corpus
from analysis.sentiment.cache import cached_scores
from analysis.sentiment.engines import SCORE_COLUMNS
from analysis.sentiment.scores import score_sentiment


@pytest.fixture
def corpus():
    return load_corpus()


@pytest.fixture
def refuse_scoring(monkeypatch):
    """From here on, scores must come from the stored tables."""

    def refuse(*args, **kwargs):
        raise AssertionError("scored again although stored")

    def _refuse():
        monkeypatch.setattr(score_cache, "score_sentiment", refuse)

    return _refuse


def _stored(cache) -> list:
    return sorted((cache / "scores").glob("*/table.parquet"))


@pytest.mark.parametrize("level", ["sentence", "paragraph"])
def test_stored_scores_are_score_sentiments_own(corpus, tmp_path, refuse_scoring, level):
    table = corpus.sentences if level == "sentence" else corpus.paragraphs
    expected = score_sentiment(table, cache=False)
    pd.testing.assert_frame_equal(cached_scores(corpus, level=level, cache=tmp_path), expected)
    assert len(_stored(tmp_path)) == 1
    refuse_scoring()
    pd.testing.assert_frame_equal(cached_scores(corpus, level=level, cache=tmp_path), expected)


def test_no_cache_stores_nothing(corpus, tmp_path):
    scored = cached_scores(corpus, engines=["textblob"], cache=False)
    expected = score_sentiment(corpus.sentences, engines=["textblob"], cache=False)
    pd.testing.assert_frame_equal(scored, expected)
    assert not (tmp_path / "scores").exists()


def test_only_scores_are_stored_and_the_rest_is_the_corpus_own(corpus, tmp_path, refuse_scoring):
    first = cached_scores(corpus, cache=tmp_path)
    [path] = _stored(tmp_path)
    assert pd.read_parquet(path).columns.tolist() == [
        *SCORE_COLUMNS["textblob"],
        *SCORE_COLUMNS["vader"],
        *SCORE_COLUMNS["opinion"],
    ]
    refuse_scoring()
    corpus.sentences["section"] = "relabelled"
    corpus.sentences["added"] = range(len(corpus.sentences))
    again = cached_scores(corpus, cache=tmp_path)
    assert set(again["section"]) == {"relabelled"}
    assert again["added"].tolist() == list(range(len(corpus.sentences)))
    scores = [*SCORE_COLUMNS["textblob"], *SCORE_COLUMNS["vader"]]
    pd.testing.assert_frame_equal(again[scores], first[scores])


def test_scores_of_more_engines_serve_a_request_for_fewer(corpus, tmp_path, refuse_scoring):
    cached_scores(corpus, engines=["textblob", "vader"], cache=tmp_path)
    refuse_scoring()
    for engine in ("textblob", "vader"):
        alone = cached_scores(corpus, engines=[engine], cache=tmp_path)
        expected = score_sentiment(corpus.sentences, engines=[engine], cache=False)
        pd.testing.assert_frame_equal(alone, expected)
    assert len(_stored(tmp_path)) == 1


def test_scores_of_fewer_engines_do_not_serve_more(corpus, tmp_path, monkeypatch):
    cached_scores(corpus, engines=["textblob"], cache=tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(score_cache, "score_sentiment", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            cached_scores(corpus, engines=["textblob", "vader"], cache=tmp_path)
    both = cached_scores(corpus, engines=["textblob", "vader"], cache=tmp_path)
    assert both["vader_compound"].notna().all()
    assert len(_stored(tmp_path)) == 2


def test_changed_texts_are_scored_again(corpus, tmp_path):
    cached_scores(corpus, engines=["textblob"], cache=tmp_path)
    corpus.sentences.loc[3, "text"] = "A wonderful, splendid day."
    scored = cached_scores(corpus, engines=["textblob"], cache=tmp_path)
    assert scored.loc[3, "tb_polarity"] > 0.5
    assert len(_stored(tmp_path)) == 2


def test_a_damaged_stored_table_is_scored_again(corpus, tmp_path):
    expected = cached_scores(corpus, engines=["textblob"], cache=tmp_path)
    [path] = _stored(tmp_path)
    path.write_bytes(b"not parquet at all")
    again = cached_scores(corpus, engines=["textblob"], cache=tmp_path)
    pd.testing.assert_frame_equal(again, expected)
    [path] = _stored(tmp_path)
    assert pd.read_parquet(path).columns.tolist() == list(SCORE_COLUMNS["textblob"])


@pytest.mark.parametrize("level", ["word", "article", "", "sentences"])
def test_level_must_be_sentence_or_paragraph(corpus, tmp_path, level):
    with pytest.raises(ValueError, match=f"level must be 'sentence' or 'paragraph', not '{level}'"):
        cached_scores(corpus, level=level, cache=tmp_path)
    assert not (tmp_path / "scores").exists()


def test_unknown_engine_is_refused_before_scoring(corpus, tmp_path):
    with pytest.raises(ValueError, match="unknown sentiment engine"):
        cached_scores(corpus, engines=["flair"], cache=tmp_path)
    assert not (tmp_path / "scores").exists()


def test_a_cache_that_cannot_be_written_warns_and_scores_all_the_same(corpus, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    with pytest.warns(RuntimeWarning, match="cannot write the .* cache") as caught:
        scored = cached_scores(corpus, level="paragraph", cache=blocked / "cache")
    assert len(scored) == len(corpus.paragraphs) and scored["tb_polarity"].notna().any()
    ours = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert ours and all("MEDIA_BIAS_CACHE" in str(w.message) for w in ours)


# --- a corpus from the cache: scored part by part, into its dataset ------------------


@pytest.fixture
def stored(tmp_path, monkeypatch):
    """A corpus of 30 articles stored in parts of 4 files, which 2 workers score."""
    from analysis.load.cache import cached_corpus
    from analysis.synthetic import write_articles

    monkeypatch.setattr("analysis.load.dataset.PART_FILES", 4)
    monkeypatch.setattr("analysis.parallel.usable_cpus", lambda: 2)
    write_articles(tmp_path / "in", 30, seed=5)
    return cached_corpus(tmp_path / "in", cache=tmp_path / "cache")


@pytest.mark.parametrize("level", ["sentence", "paragraph"])
def test_parts_are_scored_as_the_whole_table(stored, tmp_path, monkeypatch, level):
    scored = cached_scores(stored, level=level, cache=tmp_path / "cache")
    table = stored.sentences if level == "sentence" else stored.paragraphs
    pd.testing.assert_frame_equal(scored, score_sentiment(table, cache=False))
    # Read back, not scored again; a request for fewer engines reads the same files.
    monkeypatch.setattr(score_cache, "score_texts", lambda *a, **k: 1 / 0)
    again = cached_scores(stored, level=level, engines=["vader"], cache=tmp_path / "cache")
    columns = list(SCORE_COLUMNS["vader"])
    pd.testing.assert_frame_equal(again[columns], scored[columns])
    assert "tb_polarity" not in again


def test_store_scores_scores_only_the_engines_not_stored(stored, tmp_path):
    assert score_cache.store_scores(stored, level="paragraph", engines=["vader"]) == ["vader"]
    assert score_cache.store_scores(stored, engines=["vader"]) == ["vader"]
    assert score_cache.store_scores(stored, engines=["textblob", "vader"]) == ["textblob"]
    folders = sorted(p.name.split("-")[0] for p in (stored.folder / "scores").glob("*/*"))
    assert folders == ["textblob", "vader", "vader"]
    parts = sorted(p.name for p in (stored.folder / "scores" / "sentence").glob("vader*/*"))
    assert parts == [f"part-{n:05d}.parquet" for n in stored.parts]


def test_relabelled_rows_keep_their_scores_and_new_labels(stored, tmp_path):
    first = cached_scores(stored, engines=["textblob"], cache=tmp_path / "cache")
    stored.sentences["section"] = "relabelled"
    again = cached_scores(stored, engines=["textblob"], cache=tmp_path / "cache")
    assert set(again["section"]) == {"relabelled"}
    assert again["tb_polarity"].equals(first["tb_polarity"])


def test_scores_alone_can_be_asked_for(stored, tmp_path):
    only = cached_scores(stored, engines=["vader"], cache=tmp_path / "cache",
                         columns=["vader_compound"])  # fmt: skip
    assert only.columns.tolist() == ["vader_compound"] and len(only) == stored.rows("sentences")


@pytest.mark.parametrize("level", ["sentence", "paragraph"])
def test_terms_read_part_by_part_are_those_of_the_exploded_scores(stored, tmp_path, level):
    from analysis.sentiment.cache import cached_terms
    from analysis.sentiment.terms import sentiment_terms

    keep = ["article_id", "section"]
    scored = cached_scores(stored, level=level, engines=["textblob"], cache=tmp_path / "cache")
    expected = sentiment_terms(scored, keep=keep)
    terms = cached_terms(stored, level=level, keep=keep, cache=tmp_path / "cache")
    assert len(terms) == scored["tb_n_terms"].sum() > 100
    assert terms["term"].dtype == "category"  # one object per distinct word, not per find
    pd.testing.assert_frame_equal(
        terms.astype({"term": object}), expected, check_dtype=False, check_categorical=False
    )
    # Every term's row is its row in the scored table.
    for row, term in terms[["row", "term"]].sample(20, random_state=1).itertuples(False):
        assert term in scored.loc[row, "tb_terms"]


def test_terms_of_a_corpus_in_memory_are_exploded_scores(corpus, tmp_path):
    from analysis.sentiment.cache import cached_terms
    from analysis.sentiment.terms import sentiment_terms

    terms = cached_terms(corpus, keep=["section"], cache=tmp_path)
    scored = cached_scores(corpus, engines=["textblob"], cache=tmp_path)
    pd.testing.assert_frame_equal(terms, sentiment_terms(scored, keep=["section"]))
    assert "worst" in set(terms.loc[terms["section"] == "commentary", "term"])


def test_terms_of_a_table_replaced_in_memory_keep_its_labels_and_columns(stored, tmp_path):
    from analysis.sentiment.cache import cached_terms

    sentences = stored.sentences
    stored.sentences = sentences.set_index(sentences.index + 100).assign(extra=1)
    scored = cached_scores(stored, engines=["textblob"], cache=tmp_path / "cache")
    terms = cached_terms(stored, keep=["extra"], cache=tmp_path / "cache")
    assert terms["row"].min() >= 100 and set(terms["extra"]) == {1}
    for row, term in terms[["row", "term"]].head(20).itertuples(False):
        assert term in scored.loc[row, "tb_terms"]
    lean = cached_scores(stored, engines=["textblob"], cache=tmp_path / "cache", lists=False)
    assert "extra" in lean and "tb_terms" not in lean


def _rows_and_sum(part, column):
    return len(part), part[column].sum(), list(part.columns), os.getpid()


def test_map_scored_hands_each_part_to_a_worker_with_the_columns_asked_for(stored, tmp_path):
    columns = ["tb_n_terms", "article_id", "tb_terms", "vader_compound"]  # two engines
    parts = score_cache.map_scored(
        stored, _rows_and_sum, columns=columns, extra=("vader_compound",),
        cache=tmp_path / "cache",
    )  # fmt: skip
    whole = cached_scores(
        stored, engines=["textblob", "vader"], cache=tmp_path / "cache", columns=columns
    )
    assert [p[0] for p in parts] == stored.part_rows("sentences") and len(parts) > 2
    assert sum(p[1] for p in parts) == pytest.approx(whole["vader_compound"].sum())
    assert {tuple(p[2]) for p in parts} == {tuple(columns)}
    assert {p[3] for p in parts} - {os.getpid()}, "no part ran in a worker"
    # A table set in memory wins over the files: one part, with its own labels
    stored.sentences = stored.sentences.assign(article_id="one")
    (only,) = score_cache.map_scored(
        stored, lambda part: set(part["article_id"]), columns=["article_id"]
    )
    assert only == {"one"}


def test_map_scored_names_an_unknown_column(stored, tmp_path):
    with pytest.raises(KeyError, match="no_such"):
        score_cache.map_scored(stored, len, columns=["text", "no_such"], cache=tmp_path / "cache")
