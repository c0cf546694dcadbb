"""The corpus cache: loaded once and read back equal, keyed by the files (where they are
and what they hold) and the options, robust to a damaged cache, written atomically."""

from __future__ import annotations

import hashlib
import shutil
import warnings

import pandas as pd
import pytest

import analysis.load.cache as corpus_cache
from analysis.errors import SkippedInputWarning
from analysis.load.cache import (
    cached_corpus,
    corpus_key,
    input_files,
    input_listing,
    write_atomically,
)
from analysis.load.corpus import load_corpus

ARTICLE = "A headline\nReporting here.\n\nComment: A view.\n\nOp: Another view.\n"

TABLES = ("articles", "paragraphs", "sentences", "skipped")


@pytest.fixture
def articles(write, tmp_path):
    """A folder of two articles under ``tmp_path / "in"``."""
    write("in/one.txt", ARTICLE)
    write("in/two.txt", ARTICLE.replace("Reporting here.", "Other reporting."))
    return tmp_path / "in"


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def _folders(cache) -> list:
    return sorted((cache / "corpus").iterdir()) if (cache / "corpus").is_dir() else []


def _refuse(*args, **kwargs):
    raise AssertionError("loaded again although cached")


def _file(folder, table):
    """Where a table of the (one-part) cached corpus is."""
    return folder / ("skipped.parquet" if table == "skipped" else f"{table}/part-00000.parquet")


def _assert_same(corpus, other):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(other, name))


def test_written_once_and_read_back_equal(articles, cache, monkeypatch):
    first = cached_corpus(articles, cache=cache)
    _assert_same(first, load_corpus(articles))
    [folder] = _folders(cache)
    written = {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.*")}
    assert sorted(written) == [
        "articles/part-00000.parquet",
        "meta.json",
        "paragraphs/part-00000.parquet",
        "sentences/part-00000.parquet",
        "skipped.parquet",
    ]
    monkeypatch.setattr(corpus_cache, "load_corpus", _refuse)
    monkeypatch.setattr(corpus_cache, "write_dataset", _refuse)
    again = cached_corpus(articles, cache=cache)
    _assert_same(again, first)
    assert {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.*")} == (
        written
    )
    assert _folders(cache) == [folder]


def test_no_cache_writes_nothing(articles, cache):
    _assert_same(cached_corpus(articles, cache=False), load_corpus(articles))
    assert not cache.exists()


def test_a_changed_file_is_loaded_again(articles, cache):
    cached_corpus(articles, cache=cache)
    (articles / "two.txt").write_text(ARTICLE.replace("Reporting here.", "Changed."))
    changed = cached_corpus(articles, cache=cache)
    assert "Changed." in changed.paragraphs["text"].tolist()
    assert len(_folders(cache)) == 2


def test_changed_markers_are_another_key(articles, cache):
    default = cached_corpus(articles, cache=cache)
    more = cached_corpus(articles, markers=["Comment:", "Op:"], cache=cache)
    assert default.articles["n_commentary"].tolist() == [1, 1]
    assert more.articles["n_commentary"].tolist() == [2, 2]
    assert len(_folders(cache)) == 2
    # The same markers given as a string or a list are the same key.
    cached_corpus(articles, markers="Comment:", cache=cache)
    assert len(_folders(cache)) == 2


def test_a_copied_folder_is_another_key(articles, cache, tmp_path):
    first = cached_corpus(articles, cache=cache)
    copy = tmp_path / "elsewhere"
    shutil.copytree(articles, copy)
    copied = cached_corpus(copy, cache=cache)
    # The tables name the files they came from: a copy's tables name the copy.
    assert all(source.startswith(str(copy)) for source in copied.articles["source"])
    assert not any(source.startswith(str(copy)) for source in first.articles["source"])
    assert len(_folders(cache)) == 2
    files, copied_files = input_files(articles), input_files(copy)
    assert [f["sha256"] for f in files] == [f["sha256"] for f in copied_files]
    assert corpus_key(files, {}) != corpus_key(copied_files, {})


def test_skipped_inputs_are_warned_on_every_read_from_the_cache(articles, cache, monkeypatch):
    (articles / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00bad")
    with pytest.warns(SkippedInputWarning, match=r"bad\.txt: looks like a binary file"):
        first = cached_corpus(articles, on_error="skip", cache=cache)
    monkeypatch.setattr(corpus_cache, "write_dataset", _refuse)
    for _ in range(2):
        with pytest.warns(SkippedInputWarning, match=r"(?s)skipped 1 bad inputs.*bad\.txt: looks"):
            again = cached_corpus(articles, on_error="skip", cache=cache)
        _assert_same(again, first)
    assert again.skipped["source"].str.endswith("bad.txt").tolist() == [True]
    assert len(_folders(cache)) == 1


def test_a_clean_corpus_read_from_the_cache_warns_nothing(articles, cache):
    cached_corpus(articles, cache=cache)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cached_corpus(articles, cache=cache)


def test_files_not_read_are_warned_on_every_read_from_the_cache(articles, cache):
    (articles / "picture.png").write_bytes(b"\x89PNG\r\n")
    with pytest.warns(SkippedInputWarning, match="picture.png"):
        cached_corpus(articles, cache=cache)
    with pytest.warns(SkippedInputWarning, match="picture.png"):
        cached_corpus(articles, cache=cache)


@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_cached_table_is_loaded_again_with_a_warning(articles, cache, table):
    expected = cached_corpus(articles, cache=cache)
    [folder] = _folders(cache)
    _file(folder, table).write_bytes(b"not parquet at all")
    with pytest.warns(RuntimeWarning, match="unreadable"):
        again = cached_corpus(articles, cache=cache)
    _assert_same(again, expected)
    with warnings.catch_warnings():  # written again, whole
        warnings.simplefilter("error")
        _assert_same(cached_corpus(articles, cache=cache), expected)


def test_a_missing_cached_table_is_loaded_again_with_a_warning(articles, cache):
    expected = cached_corpus(articles, cache=cache)
    [folder] = _folders(cache)
    _file(folder, "sentences").unlink()
    with pytest.warns(RuntimeWarning, match="unreadable"):
        _assert_same(cached_corpus(articles, cache=cache), expected)


def test_a_valid_parquet_of_the_wrong_table_is_loaded_again_with_a_warning(articles, cache):
    """A readable Parquet that is not the table it is named for (here the paragraphs under
    the sentences' name) would stop a notebook with a KeyError: the cache is rebuilt."""
    expected = cached_corpus(articles, cache=cache)
    [folder] = _folders(cache)
    shutil.copy(_file(folder, "paragraphs"), _file(folder, "sentences"))
    with pytest.warns(RuntimeWarning, match=r"sentences/part-00000\.parquet does not match.*load"):
        again = cached_corpus(articles, cache=cache)
    _assert_same(again, expected)
    with warnings.catch_warnings():  # written again, whole
        warnings.simplefilter("error")
        _assert_same(cached_corpus(articles, cache=cache), expected)


def test_a_cached_table_with_a_column_of_another_type_is_loaded_again(articles, cache):
    expected = cached_corpus(articles, cache=cache)
    [folder] = _folders(cache)
    articles_table = pd.read_parquet(_file(folder, "articles"))
    articles_table["n_commentary"] = articles_table["n_commentary"].astype(str)
    articles_table.to_parquet(_file(folder, "articles"))
    with pytest.warns(RuntimeWarning, match="does not match"):
        _assert_same(cached_corpus(articles, cache=cache), expected)


def test_tables_cached_under_another_key_are_not_read(articles, cache, tmp_path):
    """Tables of another corpus, moved under this corpus's key, have the right columns but
    name other articles: the key stored with them says so."""
    cached_corpus(articles, cache=cache)
    [first] = _folders(cache)
    other = tmp_path / "other"
    shutil.copytree(articles, other)
    (other / "one.txt").write_text(ARTICLE.replace("Reporting here.", "Something else."))
    expected = cached_corpus(other, cache=cache)
    second = next(f for f in _folders(cache) if f != first)
    shutil.rmtree(second)
    shutil.copytree(first, second)
    with pytest.warns(RuntimeWarning, match="does not match"):
        _assert_same(cached_corpus(other, cache=cache), expected)


def test_duplicate_ids_in_a_cached_table_are_loaded_again(articles, cache):
    expected = cached_corpus(articles, cache=cache)
    [folder] = _folders(cache)
    paragraphs = pd.read_parquet(_file(folder, "paragraphs"))
    ids = paragraphs["paragraph_id"]  # one id for every row, in the column's own type
    paragraphs["paragraph_id"] = pd.Series([ids.iloc[0]] * len(ids), dtype=ids.dtype)
    paragraphs.to_parquet(_file(folder, "paragraphs"))
    with pytest.warns(RuntimeWarning, match="paragraph_id"):
        _assert_same(cached_corpus(articles, cache=cache), expected)


def test_sentences_of_paragraphs_the_cache_lacks_are_loaded_again(articles, cache):
    expected = cached_corpus(articles, cache=cache)
    [folder] = _folders(cache)
    sentences = pd.read_parquet(_file(folder, "sentences"))
    sentences.loc[0, "paragraph_id"] = "elsewhere:p01"
    sentences.to_parquet(_file(folder, "sentences"))
    with pytest.warns(RuntimeWarning, match="paragraph_id names rows paragraphs lacks"):
        _assert_same(cached_corpus(articles, cache=cache), expected)


def test_a_cache_that_cannot_be_written_gives_the_corpus_and_a_warning(
    articles, cache, monkeypatch
):
    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(cache / "corpus"))

    monkeypatch.setattr(corpus_cache, "write_dataset", read_only)
    with pytest.warns(RuntimeWarning, match=r"cannot write the corpus cache.*Permission denied"):
        corpus = cached_corpus(articles, cache=cache)
    _assert_same(corpus, load_corpus(articles))


# --- write_atomically ----------------------------------------------------------------


def test_write_atomically_writes_every_table_and_the_meta(tmp_path):
    folder = tmp_path / "store" / "key"
    table = pd.DataFrame({"x": [1, 2]})
    write_atomically(folder, {"a": table, "b": table.assign(y="z")}, {"why": "test"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.parquet", "b.parquet", "meta.json"]
    pd.testing.assert_frame_equal(pd.read_parquet(folder / "b.parquet"), table.assign(y="z"))
    assert sorted(p.name for p in folder.parent.iterdir()) == ["key"]


def test_a_failed_write_leaves_no_partial_folder(tmp_path):
    folder = tmp_path / "store" / "key"
    good = pd.DataFrame({"x": [1, 2]})
    bad = pd.DataFrame({"x": [1, "a"]})  # pyarrow cannot convert mixed ints and strings
    with pytest.raises(Exception, match="Conversion failed"):
        write_atomically(folder, {"good": good, "bad": bad}, {})
    assert list(folder.parent.iterdir()) == []


def test_a_folder_written_meanwhile_is_kept(tmp_path):
    folder = tmp_path / "store" / "key"
    write_atomically(folder, {"t": pd.DataFrame({"x": [1]})}, {"first": True})
    write_atomically(folder, {"t": pd.DataFrame({"x": [2]})}, {"first": False})
    assert pd.read_parquet(folder / "t.parquet")["x"].tolist() == [1]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["key"]


# --- input_listing -------------------------------------------------------------------


def test_input_listing_names_files_read_and_files_not_read_with_why(articles):
    (articles / "picture.png").write_bytes(b"\x89PNG\r\n")
    (articles / ".hidden.txt").write_text(ARTICLE)
    (articles / "README.md").write_text("About these articles.\n")
    (articles / "sub").mkdir()
    (articles / "sub" / "three.md").write_text(ARTICLE)
    files, not_read = input_listing(articles)
    assert [f["file"] for f in files] == ["one.txt", "sub/three.md", "two.txt"]
    one = files[0]
    assert one["path"] == str((articles / "one.txt").resolve())
    assert one["bytes"] == len(ARTICLE.encode())
    assert one["sha256"] == hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert sorted(not_read) == sorted(
        [
            f"{articles / '.hidden.txt'} (hidden)",
            f"{articles / 'README.md'} (documentation, not an article)",
            f"{articles / 'picture.png'} (not an article: .png)",
        ]
    )
    assert input_files(articles) == files


def test_input_listing_of_one_file_and_of_the_sample(articles):
    files, not_read = input_listing(articles / "one.txt")
    assert [f["file"] for f in files] == ["one.txt"] and not_read == []
    assert [f["file"] for f in input_listing("")[0]] == ["xi-china-belarus-lukashenko.txt"]
