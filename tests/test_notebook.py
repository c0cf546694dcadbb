"""What the notebooks call: the checked corpus from raw parameter values, tables styled for
reading, outputs saved under the report folder."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.corpus import UnknownArticleError
from analysis.load.options import LoadOptions
from analysis.notebook import as_list, format_table, open_corpus, save_tables

# A notebook's namespace after its parameters cell ran (the framing notebook has no article_id).
NOTEBOOK = {name: getattr(LoadOptions(), name) for name in LoadOptions.names()}
NOTEBOOK |= {"markers": list(NOTEBOOK["markers"]), "use_cache": False}
STORY = "Headline {n}\nA reporting paragraph, said the mayor.\n\n{marker} An inserted view.\n"


@pytest.fixture
def corpus_folder(write, tmp_path):
    write("corpus/a.txt", STORY.format(n=1, marker="Opinion:"))
    write("corpus/b.txt", STORY.format(n=2, marker="Comment:"))
    return tmp_path / "corpus"


def test_open_corpus_takes_markers_as_papermill_passes_them(corpus_folder, capsys):
    namespace = {**NOTEBOOK, "input_path": str(corpus_folder), "markers": '["Opinion:"]'}
    corpus, shown = open_corpus({**namespace, "unrelated": 1})
    assert corpus.paragraphs["marker"].dropna().tolist() == ["Opinion:"]
    assert shown == "a"  # the first article with commentary
    said = capsys.readouterr().out
    assert "2 articles, 3 reporting and 1 commentary paragraphs" in said
    assert "['Opinion:']" in said


def test_open_corpus_shows_the_first_article_with_commentary(corpus_folder):
    _, shown = open_corpus({**NOTEBOOK, "input_path": str(corpus_folder)})
    assert shown == "b"


def test_open_corpus_checks_the_article_id(corpus_folder):
    _, shown = open_corpus({**NOTEBOOK, "input_path": str(corpus_folder)}, article_id="b")
    assert shown == "b"
    with pytest.raises(UnknownArticleError, match="'nope' is not in the corpus.*'a', 'b'"):
        open_corpus(input_path=str(corpus_folder), article_id="nope", use_cache=False)


def test_open_corpus_can_require_both_sections(corpus_folder):
    with pytest.raises(ValueError, match=r"no commentary paragraph; check the markers .*Op-ed:"):
        open_corpus(input_path=str(corpus_folder), markers=["Op-ed:"], use_cache=False,
                    require_commentary=True)  # fmt: skip
    corpus, _ = open_corpus(input_path=str(corpus_folder), markers=["Op-ed:"], use_cache=False)
    assert not (corpus.paragraphs["section"] == "commentary").any()


def test_open_corpus_lists_what_it_skipped(write, tmp_path, capsys):
    write("corpus/good.txt", STORY.format(n=1, marker="Comment:"))
    write("corpus/empty.txt", "")
    with pytest.warns(UserWarning, match="empty"):
        corpus, _ = open_corpus(
            input_path=str(tmp_path / "corpus"), on_error="skip", use_cache=False
        )
    assert corpus.skipped["source"].str.endswith("empty.txt").tolist() == [True]
    assert "Skipped 1 bad inputs" in capsys.readouterr().out


def test_open_corpus_says_when_the_parameters_cell_has_not_run():
    with pytest.raises(
        NameError, match="input_path, markers, .* not set: run the notebook's parameters cell"
    ):  # noqa: E501
        open_corpus({"use_cache": False})
    corpus, _ = open_corpus(
        {"use_cache": False}, **{k: v for k, v in NOTEBOOK.items() if k != "use_cache"}
    )  # noqa: E501
    assert len(corpus.articles) == 1


def test_open_corpus_refuses_a_parameter_it_does_not_know():
    with pytest.raises(TypeError, match="unknown parameters \\['marker'\\]"):
        open_corpus(marker=["Comment:"])


def test_open_corpus_reads_the_corpus_the_run_cached_without_listing_the_input(
    corpus_folder, tmp_path, monkeypatch
):
    from analysis.load import cache

    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(tmp_path / "cache"))
    namespace = {**NOTEBOOK, "input_path": str(corpus_folder), "use_cache": True}
    first, _ = open_corpus(namespace)
    listed = []
    monkeypatch.setattr(cache, "find_inputs", lambda *a: listed.append(a) or ([], []))
    again, _ = open_corpus({**namespace, "corpus_key": first.meta["key"]})
    assert not listed and again.meta["key"] == first.meta["key"]
    assert again.paragraphs.equals(first.paragraphs)


def test_a_corpus_key_of_other_options_is_passed_over_with_a_warning(
    corpus_folder, tmp_path, monkeypatch
):
    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(tmp_path / "cache"))
    namespace = {**NOTEBOOK, "input_path": str(corpus_folder), "use_cache": True}
    first, _ = open_corpus(namespace)
    other = {**namespace, "markers": ["Opinion:"], "corpus_key": first.meta["key"]}
    with pytest.warns(RuntimeWarning, match="other loading options; reading input_path"):
        corpus, _ = open_corpus(other)
    assert corpus.paragraphs["marker"].dropna().tolist() == ["Opinion:"]


def test_as_list_refuses_what_is_not_a_list_of_strings():
    assert as_list("", "markers") == []
    with pytest.raises(ValueError, match="not a valid list"):
        as_list('["unclosed', "markers")
    with pytest.raises(ValueError, match="must be a list of strings"):
        as_list([1, 2], "markers")


def test_save_tables_writes_csv_and_parquet_and_says_so(tmp_path, capsys):
    tables = {"00-a": pd.DataFrame({"x": [1, 2]}), "00-b": pd.DataFrame({"y": ["<b>"]})}
    saved = save_tables(tables, tmp_path)
    assert sorted(p.name for p in saved) == ["00-a.csv", "00-a.parquet", "00-b.csv", "00-b.parquet"]
    assert pd.read_parquet(tmp_path / "tables" / "00-b.parquet")["y"].tolist() == ["<b>"]
    assert str(tmp_path / "tables" / "00-a.csv") in capsys.readouterr().out


def test_format_table_percentages_shading_and_escaping():
    table = pd.DataFrame(
        {"section": ["reporting", "commentary"], "share": [0.25, 0.5], "text": ["<i>a</i>", "b"]}
    )
    page = format_table(table, caption="<u>c</u>", percent=["share"], shade_commentary=True)
    html = page.to_html()
    signed = format_table(table.assign(share=[0.25, -0.5]), signed=["share"]).to_html()
    assert "+0.250" in signed and "-0.500" in signed
    assert "25.0%" in html and "50.0%" in html
    assert "<i>a</i>" not in html and "&lt;i&gt;a&lt;/i&gt;" in html
    assert "<u>c</u>" not in html
    css = html.split("</style>")[0]
    assert "row1_col0, #T_" in css and "row0_col" not in css  # the commentary row only
    assert "background-color" in css


def test_a_table_too_long_for_a_spreadsheet_is_parquet_only(tmp_path, monkeypatch, capsys):
    import analysis.notebook as notebook

    monkeypatch.setattr(notebook, "CSV_ROWS", 2)
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "long.csv").write_text("stale\n")  # from an earlier, shorter run
    saved = notebook.save_tables(
        {"short": pd.DataFrame({"a": [1, 2]}), "long": pd.DataFrame({"a": [1, 2, 3]})}, tmp_path
    )
    assert [p.name for p in saved] == ["short.csv", "short.parquet", "long.parquet"]
    assert not (tmp_path / "tables" / "long.csv").exists()
    assert "(3 rows: Parquet only, CSV is written up to 2)" in capsys.readouterr().out
    assert pd.read_parquet(saved[-1])["a"].tolist() == [1, 2, 3]


def test_tables_are_compressed_harder_than_pyarrow_s_default(tmp_path):
    """Article text at PARQUET_LEVEL takes less room than at zstd's level 1, and reads back
    the same."""
    import pyarrow.parquet as pq

    import analysis.notebook as notebook
    from analysis.synthetic import write_articles

    write_articles(tmp_path / "in", 60, seed=3)
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "in").glob("*.txt"))]
    table = pd.DataFrame({"text": [line for t in texts for line in t.split("\n\n")]})
    _, saved = notebook.save_table(table, tmp_path, "text")
    pq.write_table(pq.read_table(saved), tmp_path / "level1.parquet", compression="zstd",
                   compression_level=1)  # fmt: skip
    assert saved.stat().st_size < 0.95 * (tmp_path / "level1.parquet").stat().st_size
    pd.testing.assert_frame_equal(pd.read_parquet(saved), table)


def test_a_stored_table_is_saved_part_by_part_as_the_table_itself(tmp_path, monkeypatch, capsys):
    """The paragraphs of a corpus stored in parts (one without any speaker or dateline) are
    copied as one Parquet and one CSV equal to the table."""
    import analysis.notebook as notebook
    from analysis.load.cache import cached_corpus
    from analysis.load.dataset import StoredTable
    from analysis.synthetic import write_articles

    monkeypatch.setattr("analysis.load.dataset.PART_FILES", 3)
    write_articles(tmp_path / "in", 9, seed=2)
    for n in range(3):  # the last part: no speaker, no dateline
        (tmp_path / "in" / f"zz-{n}.txt").write_text(
            "Talks\n\nThe talks went on.\n\nComment: Sad.\n"
        )
    corpus = cached_corpus(tmp_path / "in", cache=tmp_path / "cache")
    stored = corpus.stored_table("paragraphs", drop=["reason"])
    assert isinstance(stored, StoredTable) and len(stored) == corpus.rows("paragraphs")
    expected = corpus.paragraphs.drop(columns="reason")
    csv, parquet = notebook.save_table(stored, tmp_path / "report", "00-paragraphs")
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), expected)
    import pyarrow.parquet as pq

    assert len(stored.paths) == 4 and pq.ParquetFile(parquet).num_row_groups == 1, "parts joined"
    monkeypatch.setattr("analysis.load.dataset.ROW_GROUP_ROWS", 1)  # a row group per part
    notebook.save_table(stored, tmp_path / "report", "00-paragraphs")
    assert pq.ParquetFile(parquet).num_row_groups == 4
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), expected)
    assert pd.read_csv(csv)["paragraph_id"].tolist() == expected["paragraph_id"].tolist()
    monkeypatch.setattr(notebook, "CSV_ROWS", 5)
    assert notebook.save_tables({"long": stored}, tmp_path / "report")[0].suffix == ".parquet"
    assert "Parquet only" in capsys.readouterr().out


def test_memory_is_given_back_after_each_cell_of_an_ipython_session(monkeypatch):
    """In a real IPython shell, every cell run after the call releases the freed memory
    once; calling it again does not register the release twice."""
    from IPython.core.interactiveshell import InteractiveShell

    import analysis.notebook as notebook

    released = []
    monkeypatch.setattr(notebook, "release_arrow_memory", lambda: released.append(1))
    shell = InteractiveShell.instance()
    try:
        shell.run_cell("from analysis.notebook import free_memory_after_cells")
        assert not released  # nothing before it is asked for
        shell.run_cell("assert free_memory_after_cells() and free_memory_after_cells()")
        shell.run_cell("x = 1")
        shell.run_cell("raise ValueError('a failing cell releases too')")
        assert len(released) == 3
    finally:
        InteractiveShell.clear_instance()


def test_arrow_allocates_with_the_system_allocator_unless_the_user_chose_one():
    import os
    import subprocess
    import sys

    code = "import analysis.load, pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    ours = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    env["ARROW_DEFAULT_MEMORY_POOL"] = "mimalloc"
    theirs = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert (ours.stdout.strip(), theirs.stdout.strip()) == ("system", "mimalloc")


def test_csv_keeps_six_significant_digits_and_parquet_every_one(tmp_path):
    from analysis.notebook import save_table

    table = pd.DataFrame({"score": [0.123456789, -1.5e-7], "n": [3, 40_000_000]})
    csv, parquet = save_table(table, tmp_path, "00-digits")
    assert csv.read_text().splitlines() == ["score,n", "0.123457,3", "-1.5e-07,40000000"]
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), table)
