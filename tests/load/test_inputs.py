"""Reading inputs: every input form, decoding, and every kind of bad input."""

from __future__ import annotations

import codecs
import json
import re

import pandas as pd
import pytest

from analysis.errors import InputError, SkippedInputWarning
from analysis.load.corpus import load_corpus
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
