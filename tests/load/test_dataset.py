"""The corpus dataset: built in parts (in worker processes), it holds the rows the whole
input loaded at once gives, finds what crosses parts (a repeated id, a bad file in a
later part), and gathers every skipped input once."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import analysis.parallel as parallel
from analysis.errors import InputError, SkippedInputWarning
from analysis.load.cache import cached_corpus
from analysis.load.corpus import load_corpus
from analysis.load.dataset import StoredCorpus
from analysis.synthetic import write_articles

TABLES = ("articles", "paragraphs", "sentences", "skipped")

# Real-looking articles the generator does not write: a dateline, a byline, curly quotes,
# a quotation running over two paragraphs and a lead-in that gives it its speaker.
MESSY = (
    "Talks in Minsk\n"
    "By Anna Petrova\n\n"
    "MINSK, Belarus (Reuters) — Officials met on Monday.\n\n"
    "The minister said: \u201cWe will not bow to pressure.\n\n"
    "\u201cNor will we leave the table,\u201d he added.\n\n"
    "He added:\n\n"
    "\u201cThe talks go on.\u201d\n\n"
    "Comment: A shameful display of hypocrisy.\n"
)


@pytest.fixture
def corpus_folder(tmp_path):
    folder = tmp_path / "in"
    write_articles(folder, 23, seed=3)
    for n in range(3):
        (folder / f"messy-{n}.txt").write_text(MESSY.replace("Monday", f"day {n}"))
    return folder


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of 4 files, run by 2 worker processes, as on a big corpus."""
    monkeypatch.setattr("analysis.load.dataset.PART_FILES", 4)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)


def _assert_same(corpus, other):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(other, name), obj=name)


def test_parts_hold_the_rows_the_whole_input_gives(corpus_folder, small_parts, tmp_path):
    stored = cached_corpus(corpus_folder, cache=tmp_path / "cache")
    assert isinstance(stored, StoredCorpus)
    assert len(stored.parts) == 7  # 26 files in parts of 4
    _assert_same(stored, load_corpus(corpus_folder, progress=False))
    assert stored.rows("sentences") == len(stored.sentences)
    assert stored.read("paragraphs", ["text"]).columns.tolist() == ["text"]


def test_an_id_repeated_in_another_part_is_an_input_error(corpus_folder, small_parts, tmp_path):
    (corpus_folder / "aaa.txt").write_text("---\nid: twice\n---\n" + MESSY)
    (corpus_folder / "zzz.txt").write_text("---\nid: twice\n---\n" + MESSY)
    with pytest.raises(InputError, match=r"aaa\.txt: article id 'twice' is used more than once"
                       r" \(also in .*zzz\.txt\)"):  # fmt: skip
        cached_corpus(corpus_folder, cache=tmp_path / "cache")
    assert not list((tmp_path / "cache" / "corpus").iterdir())  # nothing half-written


def test_a_bad_file_in_a_worker_is_named_as_at_home(corpus_folder, small_parts, tmp_path):
    """The error crosses the process border whole: file, problem and hint."""
    (corpus_folder / "zz-broken.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    with pytest.raises(InputError) as raised:
        cached_corpus(corpus_folder, cache=tmp_path / "cache")
    with pytest.raises(InputError) as at_home:
        load_corpus(corpus_folder, progress=False)
    assert str(raised.value) == str(at_home.value)
    assert raised.value.source.endswith("zz-broken.txt") and raised.value.hint


def test_skipped_inputs_of_every_part_are_gathered_and_warned_once(
    corpus_folder, small_parts, tmp_path
):
    (corpus_folder / "article-00002.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00bad")
    for name in ("zz-1.txt", "zz-2.txt", "zz-3.txt", "zz-4.txt"):  # a whole part of bad files
        (corpus_folder / name).write_text("Comment:\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stored = cached_corpus(corpus_folder, on_error="skip", cache=tmp_path / "cache")
    skipped_warnings = [w for w in caught if issubclass(w.category, SkippedInputWarning)]
    assert len(skipped_warnings) == 1
    assert "skipped 5 bad inputs" in str(skipped_warnings[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedInputWarning)
        whole = load_corpus(corpus_folder, on_error="skip", progress=False)
    _assert_same(stored, whole)
    assert stored.skipped["source"].str.rsplit("/", n=1).str[-1].tolist() == [
        "article-00002.txt", "zz-1.txt", "zz-2.txt", "zz-3.txt", "zz-4.txt"
    ]  # fmt: skip


def test_only_bad_files_is_an_input_error_naming_them(tmp_path, small_parts):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"empty-{n}.txt").write_text("Comment:\n")
    with pytest.raises(InputError, match=r"no article could be read \(.*empty-0\.txt"):
        cached_corpus(folder, on_error="skip", cache=tmp_path / "cache")


def test_a_missing_part_is_loaded_again_with_a_warning(corpus_folder, small_parts, tmp_path):
    expected = cached_corpus(corpus_folder, cache=tmp_path / "cache")
    (expected.folder / "sentences" / "part-00003.parquet").unlink()
    with pytest.warns(RuntimeWarning, match="unreadable.*loading the articles again"):
        again = cached_corpus(corpus_folder, cache=tmp_path / "cache")
    _assert_same(again, load_corpus(corpus_folder, progress=False))


@pytest.mark.parametrize("where", ["article-00001.txt", "messy-2.txt"])  # first part, last part
def test_a_key_only_some_files_have_is_a_column_of_every_part(
    corpus_folder, small_parts, tmp_path, where
):
    """Front matter with a key the other files lack: the parts are aligned (the column is
    null elsewhere), read back as loading the whole input gives, and opened again without
    being rebuilt."""
    path = corpus_folder / where
    path.write_text("---\nauthor: A. Writer\n---\n" + path.read_text())
    stored = cached_corpus(corpus_folder, cache=tmp_path / "cache")
    whole = load_corpus(corpus_folder, progress=False)
    assert "author" in whole.articles.columns
    _assert_same(stored, whole)
    assert stored.columns("articles") == whole.articles.columns.tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "does not match": not loaded again
        again = cached_corpus(corpus_folder, cache=tmp_path / "cache")
    assert again.stored_table("articles").read()["author"].notna().sum() == 1


def test_a_warning_raised_in_a_worker_reaches_the_caller(corpus_folder, small_parts, tmp_path):
    (corpus_folder / "zz-lines.txt").write_text(
        "Talks\n\nOfficials met on Monday.\nComment: A shameful display.\n"
    )
    with pytest.warns(UserWarning, match="commentary marker at the start of an inner line"):
        cached_corpus(corpus_folder, cache=tmp_path / "cache")


def test_of_two_bad_files_the_first_in_input_order_is_named(corpus_folder, small_parts, tmp_path):
    (corpus_folder / "aaa-broken.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (corpus_folder / "zzz-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00bad")
    for _ in range(3):  # whichever worker fails first
        with pytest.raises(InputError, match=r"aaa-broken\.txt"):
            cached_corpus(corpus_folder, cache=tmp_path / "cache")
    assert not [p for p in (tmp_path / "cache" / "corpus").iterdir()], "nothing left behind"
