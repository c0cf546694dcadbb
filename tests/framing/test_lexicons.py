"""Frame and style dictionaries: matching rules, counts on the sample, bad lexicon files, and
the bundled dictionaries in data/ (every list documented, terms usable as written)."""

from __future__ import annotations

import pytest
import yaml

from analysis.errors import InputError
from analysis.framing.lexicons import compile_lexicon, count_lexicons, load_lexicons
from analysis.load.corpus import load_corpus
from analysis.paths import DATA_DIR

FRAMES = sorted((DATA_DIR / "lexicons" / "frames").glob("*.yml"))


STYLE = sorted((DATA_DIR / "lexicons" / "style").glob("*.yml"))


def test_lexicon_matching_rules():
    lexicon = compile_lexicon("demo", ["us", "negotiat*", "at odds", "war"])
    assert lexicon.matches("US-led negotiations left us at\nodds; warm words.") == [
        "negotiations",
        "us",
        "at\nodds",
    ]


def test_acronyms_count_except_us():
    economic = compile_lexicon("economic", ["gdp", "imf", "bri", "us"])
    assert economic.matches("GDP grew; the IMF praised the BRI, US-led and good for us.") == [
        "GDP",
        "IMF",
        "BRI",
        "us",
    ]


def test_frames_on_the_sample_favour_conflict_in_commentary():
    paragraphs = load_corpus().paragraphs
    prose = paragraphs[paragraphs["section"].isin(["reporting", "commentary"])]
    counted = count_lexicons(prose, load_lexicons())
    means = counted.groupby("section", observed=True)[
        ["frame_conflict", "frame_diplomacy_cooperation"]
    ].mean()
    assert means.loc["commentary", "frame_conflict"] > means.loc["reporting", "frame_conflict"]
    assert means.loc["reporting", "frame_diplomacy_cooperation"] > 0
    commentary = counted[counted["section"] == "commentary"]
    assert "genocide" in commentary["frame_morality_terms"].iloc[0]


def test_bad_lexicon_folders_are_named(tmp_path):
    with pytest.raises(InputError, match="is not a folder"):
        load_lexicons(tmp_path / "missing")
    with pytest.raises(InputError, match="holds no .yml"):
        load_lexicons(tmp_path)
    (tmp_path / "broken.yml").write_text("label: x\nterms: [unclosed\n")
    with pytest.raises(InputError, match=r"broken\.yml.*not valid YAML"):
        load_lexicons(tmp_path)


def test_lexicon_terms_must_be_a_list_of_words(tmp_path):
    (tmp_path / "bad.yml").write_text("label: x\nterms: war\n")
    with pytest.raises(InputError, match="has no list of 'terms'"):
        load_lexicons(tmp_path)
    (tmp_path / "bad.yml").write_text("label: x\nterms: [war, null, '*']\n")
    with pytest.raises(InputError, match="terms that are not words"):
        load_lexicons(tmp_path)


# --- the bundled dictionaries ------------------------------------------------------------


def test_the_seven_frames_and_four_style_lists_are_there():
    assert [p.stem for p in FRAMES] == [
        "conflict",
        "diplomacy_cooperation",
        "economic",
        "human_interest",
        "morality",
        "responsibility",
        "security_defence",
    ]
    assert [p.stem for p in STYLE] == [
        "attribution",
        "collective_pronouns",
        "hedges",
        "intensifiers_absolutes",
    ]


@pytest.mark.parametrize("path", FRAMES + STYLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_lexicon_is_documented_and_its_terms_are_usable(path):
    lexicon = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = "frame" if path.parent.name == "frames" else "indicator"
    assert lexicon[key] == path.stem
    for field in ("label", "based_on", "catches"):
        assert isinstance(lexicon[field], str) and lexicon[field].strip(), field
    assert lexicon["false_friends"], "every list names its known false friends"
    terms = lexicon["terms"]
    assert len(terms) == len(set(terms)), "duplicate terms"
    for term in terms:
        assert term == term.lower().strip(), term
        assert "*" not in term[:-1], f"wildcard only at the end: {term}"
        assert 1 <= len(term.split()) <= 4, term


def test_matched_terms_lists_each_dictionarys_words_per_section():
    import pandas as pd

    from analysis.framing.lexicons import matched_terms

    conflict = compile_lexicon("conflict", ["war", "clash*"])
    economy = compile_lexicon("economy", ["trade"])
    rows = pd.DataFrame(
        {
            "text": ["War, WAR and clashes.", "Clashes over trade.", "Nothing here."],
            "section": ["commentary", "reporting", "reporting"],
        }
    )
    table = matched_terms(count_lexicons(rows, [conflict, economy]), [conflict, economy])
    assert table.loc["conflict", "commentary"] == "war ×2, clashes ×1"
    assert table.loc["conflict", "reporting"] == "clashes ×1"
    assert table.loc["economy", "commentary"] == "–"  # matched nothing there
    assert table.loc["economy", "reporting"] == "trade ×1"


def test_a_large_corpus_counted_in_parallel_chunks_gives_the_same_counts(tmp_path, monkeypatch):
    import pandas as pd

    import analysis.parallel as parallel
    from analysis.framing.lexicons import matched_terms, tally_lexicons
    from analysis.synthetic import write_articles

    write_articles(tmp_path, 60, seed=3)
    paragraphs = load_corpus(tmp_path).paragraphs
    paragraphs = paragraphs.set_index(paragraphs.index * 3)  # labels, not positions
    lexicons = load_lexicons()
    alone = count_lexicons(paragraphs, lexicons)
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 100)
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 150)
    assert len(paragraphs) > 300  # several chunks, in worker processes
    spread = count_lexicons(paragraphs, lexicons)
    pd.testing.assert_frame_equal(spread, alone)
    tally = tally_lexicons(paragraphs, lexicons)
    counted = [c for c in alone.columns if not c.endswith("_terms")]
    pd.testing.assert_frame_equal(tally.counted, alone[counted])
    assert tally.matched["count"].sum() == alone.filter(like="_hits").to_numpy().sum() > 0
    # The words per section, counted in the workers, are those the per-row lists give.
    pd.testing.assert_frame_equal(matched_terms(tally, lexicons), matched_terms(alone, lexicons))


def test_matched_terms_breaks_ties_alphabetically_whichever_way_counted():
    import pandas as pd

    from analysis.framing.lexicons import matched_terms, tally_lexicons

    conflict = compile_lexicon("conflict", ["war", "clash*", "attack"])
    rows = pd.DataFrame({"text": ["Clashes, attack, war."], "section": ["commentary"]})
    expected = "attack ×1, clashes ×1, war ×1"
    assert matched_terms(count_lexicons(rows, [conflict]), [conflict]).iloc[0, 0] == expected
    tally = tally_lexicons(rows, [conflict])
    assert matched_terms(tally, [conflict]).iloc[0, 0] == expected


HOSTILE = [
    "İstanbul's WAR, the War and the war: US-led, and us.",  # İ lower-cases to two letters
    "ẞIEG and ß: the K (Kelvin) sign, ſ, and a ﬁnal ligature in TRADE talks.",
    "SANCTIONS!!! Sanctions? sanctions… “Crisis” and ‘crisis’ — CRISIS.",
    "A crısıs here, ſanctions there: letters any case pairs with i and s.",  # ı, ſ
    "",
]


def _real_texts() -> list[str]:
    import csv

    texts = load_corpus().paragraphs["text"].tolist() + HOSTILE
    for split in ("test", "val"):
        with (DATA_DIR / "newssd-eng" / f"{split}.csv").open(encoding="utf-8") as f:
            texts += [row["Sentence"] for row in csv.DictReader(f)]
    return texts


def test_matching_in_lower_case_finds_what_matching_in_any_case_finds():
    texts = _real_texts()
    assert len(texts) > 300
    found = 0
    for lexicon in load_lexicons() + load_lexicons(kind="style"):
        for text in texts:
            any_case = [m.group() for m in lexicon.pattern.finditer(text) if m.group() != "US"]
            assert lexicon.matches(text) == any_case, (lexicon.name, text)
            found += len(any_case)
    assert found > 400  # the texts do hold matches, in several cases


def test_a_greek_final_sigma_term_is_matched_in_any_case():
    war = compile_lexicon("greek", ["πόλεμος"])  # ends in ς, which any case pairs with σ
    assert war.lower_pattern is None
    assert war.matches("ΠΌΛΕΜΟΣ και πόλεμος") == ["ΠΌΛΕΜΟΣ", "πόλεμος"]


def test_rows_without_a_section_are_counted_but_in_no_section():
    import pandas as pd

    from analysis.framing.lexicons import matched_terms, tally_lexicons

    conflict = compile_lexicon("conflict", ["war"])
    economy = compile_lexicon("economy", ["trade"])
    rows = pd.DataFrame({"text": ["War.", "War and trade.", "Trade."],
                         "section": ["commentary", None, "reporting"]})  # fmt: skip
    tally = tally_lexicons(rows, [conflict, economy])
    assert tally.counted["frame_conflict_hits"].tolist() == [1, 1, 0]
    assert tally.matched.values.tolist() == [
        ["conflict", "commentary", "war", 1], ["economy", "reporting", "trade", 1]
    ]  # fmt: skip
    only = matched_terms(tally, [economy])  # the dictionaries asked for, not every one
    assert only.index.tolist() == ["economy"]
