"""Reading inputs: every input form, decoding, and every kind of bad input."""

from __future__ import annotations

import codecs
import json
import re

import pandas as pd
import pytest

from analysis.errors import InputError, SkippedInputWarning
from analysis.load.corpus import load_corpus
from analysis.load.discover import find_inputs
from analysis.load.inputs import load_articles

ARTICLE = """A test headline
First paragraph of reporting, with a "quoted phrase" in it.

Comment: This is inserted commentary.

Last paragraph. It has two sentences.
"""


# --- input forms -------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(write, tmp_path):
    write("b/two.txt", ARTICLE)
    write("a/one.txt", ARTICLE)
    write("c.md", ARTICLE)
    with pytest.warns(SkippedInputWarning, match="picture.png"):
        write("picture.png", b"\x89PNG\r\n")
        articles = load_articles(tmp_path)
    assert articles["article_id"].tolist() == ["a/one", "b/two", "c"]


def test_glob_reads_matching_files(write, tmp_path):
    write("x/one.txt", ARTICLE)
    write("x/two.txt", ARTICLE)
    write("x/skip.md", ARTICLE)
    articles = load_articles(str(tmp_path / "x" / "*.txt"))
    assert articles["article_id"].tolist() == ["one", "two"]


def test_front_matter_sets_metadata(write):
    path = write(
        "fm.txt",
        "---\nid: story-1\ntitle: Real title\noutlet: Daily\ndate: 2023-12-04\n"
        "url: https://example.org/a\nauthor: A. Writer\n---\n" + ARTICLE,
    )
    row = load_articles(path).iloc[0]
    assert row["article_id"] == "story-1"
    assert (row["title"], row["outlet"], row["date"]) == ("Real title", "Daily", "2023-12-04")
    assert row["author"] == "A. Writer"
    assert row["text"][row["body_start"] :] == ARTICLE


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_tables_with_metadata(tmp_path, suffix):
    table = pd.DataFrame(
        {
            "id": ["a1", "a2"],
            "text": [ARTICLE, ARTICLE.replace("Comment:", "Editor's note:")],
            "outlet": ["Daily", "Weekly"],
            "date": ["2023-01-01", "2023-01-02"],
        }
    )
    path = tmp_path / f"corpus.{suffix}"
    if suffix == "csv":
        table.to_csv(path, index=False)
    elif suffix == "jsonl":
        table.to_json(path, orient="records", lines=True)
    else:
        table.to_parquet(path)
    corpus = load_corpus(path, markers=["Comment:", "Editor's note:"])
    assert corpus.articles["article_id"].tolist() == ["a1", "a2"]
    assert corpus.articles["outlet"].tolist() == ["Daily", "Weekly"]
    assert corpus.articles["n_commentary"].tolist() == [1, 1]
    assert corpus.paragraphs["marker"].dropna().tolist() == ["Comment:", "Editor's note:"]
    assert set(corpus.sentences["outlet"]) == {"Daily", "Weekly"}


def test_table_without_id_gets_row_ids(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": [ARTICLE, ARTICLE]}).to_csv(path, index=False)
    assert load_articles(path)["article_id"].tolist() == ["t:1", "t:2"]


def test_progress_bar_for_large_corpora(write, tmp_path, capsys):
    for i in range(3):
        write(f"many/{i}.txt", ARTICLE)
    load_articles(tmp_path / "many", progress=True)
    assert "Reading articles" in capsys.readouterr().err


def test_progress_bar_for_a_large_table(tmp_path, capsys):
    path = tmp_path / "big.csv"
    pd.DataFrame({"text": [ARTICLE] * 3}).to_csv(path, index=False)
    load_articles(path, progress=True)
    assert "Reading big.csv" in capsys.readouterr().err


def test_html_entities_are_decoded_and_noted(write):
    corpus = load_corpus(
        write("e.txt", "Title\n&quot;I told them,&quot; she said. &#8220;Go.&#8221;\n")
    )
    row = corpus.paragraphs.loc[1]
    assert row["text"] == '"I told them," she said. “Go.”'
    assert row["speaker"] == "she"
    assert "HTML entities decoded" in corpus.articles.loc[0, "load_notes"]


# --- bad input ---------------------------------------------------------------------------


def _error(path, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        load_articles(path, **kwargs)
    return str(caught.value)


def test_missing_path(tmp_path):
    message = _error(tmp_path / "nope.txt")
    assert "nope.txt: does not exist" in message and "working directory" in message


def test_empty_file(write):
    assert "empty.txt: is empty" in _error(write("empty.txt", "  \n\n"))


def test_only_a_title(write):
    message = _error(write("title.txt", "just a headline\n"))
    assert "title.txt" in message and "only a title line" in message


def test_binary_file(write):
    message = _error(write("blob.txt", b"GIF89a\x00\x01\x02"))
    assert "blob.txt" in message and "binary" in message


def test_utf16_with_byte_order_mark_is_read_not_called_binary(write):
    text = "Café talks\n\nThe minister said “yes”.\n\nComment: A shameful deal.\n"
    path = write("windows.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    article = load_articles(path).iloc[0]
    assert article["text"] == text
    assert "UTF-16" in article["load_notes"]


def test_unknown_encoding_name_is_a_clear_error(write):
    path = write("a.txt", "Title\n\nText.\n")
    with pytest.raises(ValueError, match="encoding 'utf-9' is not a text encoding"):
        load_articles(path, encoding="utf-9")


def test_non_utf8_names_line_and_encoding_option(write):
    data = "Title\nFirst line.\n\nCaf\xe9 society.\n".encode("latin-1")
    path = write("latin.txt", data)
    message = _error(path)
    assert f"{path}:4:" in message and "encoding=" in message
    assert "Café" in load_articles(path, encoding="latin-1").loc[0, "text"]


def test_bom_is_removed_and_reported(write):
    row = load_articles(write("bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())).iloc[0]
    assert row["text"] == ARTICLE
    assert "byte-order mark" in row["load_notes"]


def test_cr_line_endings(write, assert_rebuilds):
    corpus = load_corpus(write("cr.txt", ARTICLE.replace("\n", "\r")))
    assert corpus.articles.loc[0, "n_commentary"] == 1
    assert corpus.articles.loc[0, "title"] == "A test headline"
    assert_rebuilds(corpus.articles, corpus.paragraphs, corpus.sentences)


def test_table_without_text_column_lists_columns(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"body": [ARTICLE], "headline": ["y"]}).to_csv(path, index=False)
    message = _error(path)
    assert "no 'text' column (columns: body, headline)" in message and "text_col=" in message
    assert load_articles(path, text_col="body").loc[0, "headline"] == "y"


def test_malformed_json_line(write):
    good = json.dumps({"text": ARTICLE})
    message = _error(write("c.jsonl", good + "\n" + '{"text": "unterminated\n'))
    assert re.search(r"c\.jsonl:2: line is not valid JSON .* column \d+", message)


def test_empty_text_in_a_table_row(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": [ARTICLE, ""]}).to_csv(path, index=False)
    assert "t.csv (row 2): has no text" in _error(path)


def test_folder_without_articles(write, tmp_path):
    write("notes/readme.pdf", b"%PDF")
    message = _error(tmp_path / "notes")
    assert "holds no articles" in message and "readme.pdf" in message


def test_bad_front_matter_names_line(write):
    message = _error(write("fm.txt", "---\ntitle: [unclosed\n---\n" + ARTICLE))
    assert re.search(r"fm\.txt:\d+: front matter is not valid YAML", message)


def test_front_matter_never_closed_names_its_first_line(write):
    message = _error(write("open.txt", "---\ntitle: Real title\n" + ARTICLE))
    assert "open.txt:1: front matter opened with '---' is never closed" in message


def test_front_matter_with_windows_line_endings_keeps_the_body_offset(write):
    text = "---\r\ntitle: Real title\r\n---\r\n" + ARTICLE.replace("\n", "\r\n")
    row = load_articles(write("crlf.txt", text.encode())).iloc[0]
    assert row["title"] == "Real title"
    assert row["text"][row["body_start"] :] == ARTICLE.replace("\n", "\r\n")


def test_one_bad_file_fails_by_default_and_is_skipped_on_request(write, tmp_path):
    write("good1.txt", ARTICLE)
    write("bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00bad")
    write("good2.txt", ARTICLE)
    assert "bad.txt" in _error(tmp_path)
    with pytest.warns(SkippedInputWarning, match=r"bad\.txt: looks like a binary file"):
        corpus = load_corpus(tmp_path, on_error="skip")
    assert corpus.articles["article_id"].tolist() == ["good1", "good2"]
    assert corpus.skipped["source"].str.endswith("bad.txt").tolist() == [True]


def test_duplicate_ids_are_an_error(write, tmp_path):
    write("a.txt", "---\nid: same\n---\n" + ARTICLE)
    write("b.txt", "---\nid: same\n---\n" + ARTICLE)
    assert "article id 'same' is used more than once" in _error(tmp_path)


# --- JSON Lines: a bad line is that line, not the file ------------------------------------


def _jsonl(*lines: str | bytes) -> bytes:
    return b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines)


GOOD_LINE = json.dumps({"text": ARTICLE})


def test_a_bad_json_line_is_skipped_alone_and_the_rest_kept(write, tmp_path):
    write("in/c.jsonl", _jsonl(GOOD_LINE, '{"text": "unterminated', GOOD_LINE, "[1, 2]"))
    write("in/all-bad.jsonl", _jsonl("{oops", "{oops"))
    with pytest.warns(SkippedInputWarning, match=r"c\.jsonl:2: line is not valid JSON"):
        corpus = load_corpus(tmp_path / "in", on_error="skip")
    assert corpus.articles["article_id"].tolist() == ["c:1", "c:3"]
    skipped = corpus.skipped.set_index(["source", "line"])
    where = str(tmp_path / "in" / "c.jsonl"), str(tmp_path / "in" / "all-bad.jsonl")
    assert sorted(skipped.index) == sorted(
        [(where[0], 2), (where[0], 4), (where[1], 1), (where[1], 2)]
    )  # every bad line once, and a file of bad lines adds no "no 'text' column" entry
    assert "not an object" in skipped.loc[(where[0], 4), "problem"]
    assert all(skipped["hint"].str.len() > 0)


def test_a_lone_surrogate_escape_names_its_line(write):
    path = write("s.jsonl", _jsonl(GOOD_LINE, r'{"text": "Title\n\nHalf an emoji \ud83d here."}'))
    message = _error(path)
    assert re.search(r"s\.jsonl:2: .*surrogate.*\\ud83d.*column \d+", message)
    assert "Replace" in message
    with pytest.warns(SkippedInputWarning, match=r"s\.jsonl:2: .*surrogate"):
        articles = load_articles(path, on_error="skip")
    assert articles["article_id"].tolist() == ["s:1"]
    assert [(s["line"], s["row"]) for s in articles.attrs["skipped"]] == [(2, None)]


def test_an_undecodable_json_line_names_its_line_and_only_it_is_skipped(write):
    bad = '{"text": "Caf\xe9 society.\\n\\nIt was busy."}'.encode("latin-1")
    path = write("x.jsonl", _jsonl(GOOD_LINE, bad, GOOD_LINE))
    message = _error(path)
    assert "x.jsonl:2:" in message and "encoding=" in message
    with pytest.warns(SkippedInputWarning, match=r"x\.jsonl:2: is not valid utf-8"):
        assert load_articles(path, on_error="skip")["article_id"].tolist() == ["x:1", "x:3"]


def test_json_lines_in_utf16_with_the_encoding_given(write):
    path = write("w.jsonl", (GOOD_LINE + "\r\n" + GOOD_LINE + "\r\n").encode("utf-16-le"))
    articles = load_articles(path, encoding="utf-16-le")
    assert articles["text"].tolist() == [ARTICLE, ARTICLE]


# --- symbolic links: followed once, loops listed ----------------------------------------


@pytest.fixture
def link():
    """``link(at, to)``: a symbolic link ``at`` pointing to ``to`` (skips without them)."""

    def _link(at, to, *, folder=True):
        at.parent.mkdir(parents=True, exist_ok=True)
        try:
            at.symlink_to(to, target_is_directory=folder)
        except (OSError, NotImplementedError) as err:
            pytest.skip(f"cannot make symbolic links here ({err})")
        return at

    return _link


def test_a_symlinked_subfolder_is_read(write, tmp_path, link):
    write("in/a.txt", ARTICLE)
    write("elsewhere/b.txt", ARTICLE)
    link(tmp_path / "in" / "more", tmp_path / "elsewhere")
    files, not_read = find_inputs(tmp_path / "in")
    assert [stem for _, stem in files] == ["a", "more/b"] and not_read == []
    assert load_articles(tmp_path / "in")["article_id"].tolist() == ["a", "more/b"]


def test_a_folder_reached_twice_through_links_is_read_once(write, tmp_path, link):
    write("in/sub/a.txt", ARTICLE)
    write("elsewhere/b.txt", ARTICLE)
    link(tmp_path / "in" / "alias", "sub")
    link(tmp_path / "in" / "x1", tmp_path / "elsewhere")
    link(tmp_path / "in" / "x2", tmp_path / "elsewhere")
    link(tmp_path / "in" / "latest.txt", "sub/a.txt", folder=False)
    files, not_read = find_inputs(tmp_path / "in")
    assert [stem for _, stem in files] == ["sub/a", "x1/b"]
    base = tmp_path / "in"
    assert sorted(not_read) == [
        f"{base / 'alias'} (link to a folder already reached as {base / 'sub'}; "
        "each folder is read once)",
        f"{base / 'latest.txt'} (the same file as {base / 'sub' / 'a.txt'}, which is read)",
        f"{base / 'x2'} (link to a folder already reached as {base / 'x1'}; "
        "each folder is read once)",
    ]
    with pytest.warns(SkippedInputWarning, match="already reached as"):
        assert load_articles(base)["article_id"].tolist() == ["sub/a", "x1/b"]


def test_symlink_loops_and_broken_links_are_listed_not_followed(write, tmp_path, link):
    base = tmp_path / "in"
    write("in/sub/a.txt", ARTICLE)
    link(base / "sub" / "loop", "..")
    link(base / "sub" / "up", "../..")  # the folder holding the input: reaches `in` again
    link(base / "self", "self")
    link(base / "gone.txt", "nowhere.txt", folder=False)
    files, not_read = find_inputs(base)
    assert [stem for _, stem in files] == ["sub/a"]
    assert sorted(not_read) == [
        f"{base / 'gone.txt'} (broken link: nowhere.txt does not exist)",
        f"{base / 'self'} (symlink loop: the link never reaches a file or folder)",
        f"{base / 'sub' / 'loop'} (symlink loop: leads back to {base}, which holds it; "
        "not followed)",
        f"{base / 'sub' / 'up' / 'in'} (symlink loop: leads back to {base}, which holds it; "
        "not followed)",
    ]
    with pytest.warns(SkippedInputWarning, match="symlink loop"):
        assert load_articles(base)["article_id"].tolist() == ["sub/a"]


def test_a_glob_follows_links_once_and_stops_at_loops(write, tmp_path, link):
    base = tmp_path / "in"
    write("in/sub/a.txt", ARTICLE)
    write("in/b.md", ARTICLE)
    write("in/sub/.draft.txt", ARTICLE)
    link(base / "sub" / "loop", "..")
    files, not_read = find_inputs(str(base / "**" / "*.txt"))
    assert [stem for _, stem in files] == ["sub/a"]
    assert not_read == [
        f"{base / 'sub' / '.draft.txt'} (hidden)",  # matched, so listed as a folder lists it
        f"{base / 'sub' / 'loop'} (symlink loop: leads back to {base}, which holds it; "
        "not followed)",
    ]
    files, not_read = find_inputs(str(base / "*" / "*.txt"))  # `loop` is not one level down
    assert [stem for _, stem in files] == ["sub/a"]
    assert not_read == [f"{base / 'sub' / '.draft.txt'} (hidden)"]


# --- encodings the user gives are honoured -----------------------------------------------

UNICODE_ARTICLE = "Café talks\n\nThe minister said “yes”.\n\nComment: A shameful deal.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "UTF_16_LE"])
def test_utf16_and_utf32_without_byte_order_mark_are_read_with_the_encoding_given(write, encoding):
    path = write("nobom.txt", UNICODE_ARTICLE.encode(encoding))
    assert load_articles(path, encoding=encoding).loc[0, "text"] == UNICODE_ARTICLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_says_which_encoding_to_give(write, encoding):
    message = _error(write("nobom.txt", UNICODE_ARTICLE.encode(encoding)))
    assert "nobom.txt" in message and f"encoding='{encoding}'" in message
    assert "binary" not in message


def test_a_csv_in_utf16_with_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    pd.DataFrame({"text": [UNICODE_ARTICLE]}).to_csv(path, index=False, encoding="utf-16")
    assert load_articles(path).loc[0, "text"] == UNICODE_ARTICLE


def test_utf32_with_byte_order_mark_is_read_as_utf32(write):
    path = write("u32.txt", codecs.BOM_UTF32_LE + UNICODE_ARTICLE.encode("utf-32-le"))
    article = load_articles(path).iloc[0]
    assert article["text"] == UNICODE_ARTICLE and "UTF-32" in article["load_notes"]


# --- binary files without NUL bytes ------------------------------------------------------

_NO_NUL = bytes(range(1, 256)) * 8  # every byte but NUL


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        pytest.param(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF", id="pdf"
        ),
        pytest.param(
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "PDF", id="ascii-pdf"
        ),  # all ASCII
        pytest.param(
            b"PK\x03\x04\x14\x06\x08\x08" + b"word/document.xml" + _NO_NUL[:64], "Word", id="docx"
        ),
        pytest.param(b"PK\x03\x04\x14\x06\x08\x08" + b"notes.txt" + _NO_NUL[:64], "ZIP", id="zip"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + _NO_NUL[:64], "PNG", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x10JFIF\x01\x01" + _NO_NUL[:64], "JPEG", id="jpeg"),
        pytest.param(b"\x1f\x8b\x08\x08\xa1\xb2\xc3\xd4" + _NO_NUL[:64], "gzip", id="gzip"),
        pytest.param(_NO_NUL, "control characters", id="no-magic"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_binary_file_without_nul_bytes_is_named_for_what_it_is(write, content, kind, encoding):
    message = _error(write("doc.txt", content), encoding=encoding)
    assert "doc.txt: looks like a binary file" in message and kind in message
    assert "onvert it to text" in message and "cp1252" not in message


@pytest.mark.parametrize("name", ["corpus.csv", "corpus.jsonl"])
def test_a_table_that_is_a_pdf_is_named_for_what_it_is(write, name):
    message = _error(write(name, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))
    assert f"{name}: looks like a binary file (a PDF document)" in message


def test_text_with_a_few_control_characters_is_still_text(write):
    text = "Title\n\nA page.\x0cAnother\x0bline, \x1b[1mbold\x1b[0m.\n\nEnd.\n\x1a"
    assert load_articles(write("ok.txt", text)).loc[0, "text"] == text
