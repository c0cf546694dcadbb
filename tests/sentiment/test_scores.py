"""Scoring tables: the text-hash cache, parallel scoring, bad options and odd tables."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.parallel as parallel
import analysis.sentiment.engines as engines
import analysis.sentiment.scores as scores
from analysis.sentiment.scores import score_sentiment, score_texts


def test_cache_is_read_back_and_keyed_by_version(tmp_path, monkeypatch):
    texts = ["A good start.", "A terrible end.", "A good start."]
    first = score_texts(texts, cache=tmp_path)

    def refuse(job):
        raise AssertionError("scored again although cached")

    monkeypatch.setattr(scores, "score_chunk", refuse)
    pd.testing.assert_frame_equal(score_texts(texts, cache=tmp_path), first)
    monkeypatch.setattr(engines, "SCORE_SCHEMA", "test-new-version")
    with pytest.raises(AssertionError, match="scored again"):
        score_texts(texts, cache=tmp_path)


def test_cache_fills_in_an_engine_it_lacks(tmp_path):
    score_texts(["Fine words."], engines=["textblob"], cache=tmp_path)
    both = score_texts(["Fine words."], cache=tmp_path)
    assert both.notna().all().all()


def test_damaged_cache_file_is_moved_aside_with_a_warning(tmp_path):
    texts = ["A good start.", "A terrible end."]
    expected = score_texts(texts, cache=tmp_path)
    shard = next((tmp_path / "sentiment").glob("textblob-*/*.parquet"))
    shard.write_bytes(b"not parquet at all")
    with pytest.warns(RuntimeWarning, match="unreadable"):
        again = score_texts(texts, cache=tmp_path)
    pd.testing.assert_frame_equal(again, expected)
    assert shard.with_suffix(".damaged").exists()


def test_a_shard_merged_away_meanwhile_is_a_cache_miss(tmp_path, monkeypatch):
    score_texts(["Fine words."], cache=tmp_path)
    real_read = pd.read_parquet

    def vanished(path, *args, **kwargs):
        raise FileNotFoundError(path)

    monkeypatch.setattr(pd, "read_parquet", vanished)
    scored = score_texts(["Fine words."], cache=tmp_path)
    monkeypatch.setattr(pd, "read_parquet", real_read)
    assert scored.loc[0, "tb_terms"] == ["fine"]


def test_parallel_and_serial_agree(monkeypatch, tmp_path):
    texts = [f"Report {i}: a {w} outcome." for i in range(600) for w in ("good", "grim")]
    serial = score_texts(texts, workers=1, cache=False)
    monkeypatch.setattr(scores, "PARALLEL_THRESHOLD", 100)
    parallel = score_texts(texts, workers=2, cache=False)
    pd.testing.assert_frame_equal(serial, parallel)


def test_unknown_engine_and_missing_column(sample_sentences):
    with pytest.raises(ValueError, match="unknown sentiment engine"):
        score_texts(["x"], engines=["flair"])
    with pytest.raises(ValueError, match="no column 'body'"):
        score_sentiment(sample_sentences, text_col="body")


def test_repeated_index_labels_and_missing_text(sample_sentences):
    frame = pd.concat([sample_sentences.head(2), sample_sentences.head(2)])
    frame.iloc[0, frame.columns.get_loc("text")] = None
    scored = score_sentiment(frame, cache=False)
    assert len(scored) == 4
    assert scored["tb_polarity"].isna().tolist() == [True, False, False, False]
    assert all(isinstance(v, list) for v in scored["tb_terms"])


def test_the_pool_is_sized_by_the_cpus_the_process_may_use(monkeypatch):
    """Under a scheduler that allows one CPU of many, no worker pool is started."""
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 64)
    assert parallel.usable_cpus() == 1

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool for one usable CPU")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    texts = [f"A good day number {i}." for i in range(scores.PARALLEL_THRESHOLD + 1)]
    scored = scores.score_texts(texts, engines=["vader"], cache=False, progress=False)
    assert len(scored) == len(texts)
