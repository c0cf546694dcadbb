"""Sections, voices, speakers, captions, titles and bylines on articles written here."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import compile_markers, find_attribution, load_corpus


def _paragraphs(write, text: str, **kwargs):
    return load_corpus(write("article.txt", text), **kwargs).paragraphs


def _sentences(write, text: str, **kwargs):
    return load_corpus(write("article.txt", text), **kwargs).sentences


# --- markers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "Comment: x.",
        "comment: x.",
        "COMMENT : x.",
        "  Comment:x.",
        "**Comment:** x.",
        "Comment\t: x.",
    ],
)
def test_marker_variants_are_commentary(paragraph):
    found = compile_markers(["Comment:"]).match(paragraph)
    assert found is not None and paragraph[found.end() :] == "x."


@pytest.mark.parametrize("paragraph", ["Commentary: x.", "A Comment: x.", "Comments are closed."])
def test_marker_must_start_the_paragraph(paragraph):
    assert compile_markers(["Comment:"]).match(paragraph) is None


def test_user_markers_and_regex(write):
    text = (
        "Title line\nReporting.\n\nEditor’s note: curly apostrophe.\n\n"
        "[Opinion] bracketed.\n\nComment: not a marker here.\n"
    )
    paragraphs = _paragraphs(write, text, markers=["Editor's note:"], marker_regex=r"\[opinion\]")
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "commentary",
                                              "reporting"]  # fmt: skip
    assert paragraphs["marker"].dropna().tolist() == ["Editor’s note:", "[Opinion]"]


def test_bad_marker_regex_is_explained():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        compile_markers([], marker_regex="(unclosed")


def test_no_markers_means_all_reporting(write):
    paragraphs = _paragraphs(write, "T\nA.\n\nComment: b.\n", markers=[])
    assert "commentary" not in set(paragraphs["section"])


# --- quotations ----------------------------------------------------------------------


def test_curly_quotes_and_partial_quotes(write):
    text = (
        "Headline\n“We will never give up,” the minister said.\n\n"
        "He called it a ‘historic’ step and said it was “only the beginning” of talks "
        "that have gone on for years and years without any result at all.\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["voice"].tolist() == ["title", "quote", "narration"]
    assert paragraphs.loc[1, "speaker"] == "the minister"
    assert 0 < paragraphs.loc[2, "quote_share"] < 0.5


def test_quote_running_over_paragraphs_newswire_style(write):
    text = (
        "Headline\n"
        '"This is the first part of a long statement. It goes on,\n\n'
        '"and continues in the next paragraph," Smith said.\n\n'
        "Narration follows here.\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["voice"].tolist() == ["title", "quote", "quote", "narration"]
    assert paragraphs["quote_continued"].tolist() == [False, False, True, False]
    assert paragraphs.loc[1, "quote_share"] == 1.0
    assert paragraphs.loc[1:2, "speaker"].tolist() == ["Smith", "Smith"]
    assert "continues the quotation" in paragraphs.loc[2, "reason"]


def test_unclosed_quote_is_reported_not_carried(write):
    text = 'Headline\nHe said "this never closes.\n\nPlain narration without quotes.\n'
    paragraphs = _paragraphs(write, text)
    assert "never closed" in paragraphs.loc[1, "reason"]
    assert paragraphs.loc[2, "voice"] == "narration"
    assert not paragraphs.loc[2, "quote_continued"]


def test_apostrophes_are_not_quotes(write):
    text = "Headline\nBelarus’ role and China’s plan don’t matter to the EU’s members.\n\nEnd.\n"
    assert _paragraphs(write, text).loc[1, "quote_share"] == 0.0


def test_sentence_voice_inside_a_quoted_paragraph(write):
    text = (
        'Headline\n"We are ready. We have always been ready," said Jane Doe. '
        "Talks resume on Monday.\n"
    )
    sentences = _sentences(write, text)
    assert sentences["voice"].tolist() == ["title", "quote", "quote", "narration"]
    assert sentences["speaker"].tolist()[1:3] == ["Jane Doe", "Jane Doe"]
    assert sentences["speaker"].isna().tolist()[3]


# --- attribution ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Yes," Xi said.', "Xi"),
        ('"Yes," said Xi.', "Xi"),
        ('"Yes," he said.', "he"),
        ('"Yes," she told reporters.', "she"),
        ("According to Xinhua, the talks went well.", "Xinhua"),
        ("Xinhua quoted Xi as saying it was good.", "Xi"),
        ("Chinese leader Xi Jinping said the two would meet.", "Xi Jinping"),
        ('"No," a spokesman said on Monday.', "a spokesman"),
        ("But Lukashenko said nothing.", "Lukashenko"),
        ("The weather was fine.", ""),
        ("Lopez, a retired teacher, said the fire came fast.", "Lopez"),
        ("A state forestry official, who spoke on condition of anonymity, said so.",
         "A state forestry official"),
        ("Taiwan's defence ministry said ships were seen.", "Taiwan's defence ministry"),
        ("The Chinese foreign ministry spokesman told reporters.",
         "The Chinese foreign ministry spokesman"),
        ("Kremlin spokesman Dmitri Volkov was quoted as saying.", "Dmitri Volkov"),
        ("The RIA news agency quoted Sorokin as saying it was over.", "Sorokin"),
        ("The housing minister, Peter Glover, told MPs it would work.", "The housing minister"),
        ("It was ready, said Dr. Anika Shah.", "Dr. Anika Shah"),
        ("Meanwhile Smith said nothing.", "Smith"),
        ("The fighting continued for a third day.", ""),
        ("Apple posted record revenue.", ""),
    ],
)  # fmt: skip
def test_attribution_patterns(text, speaker):
    assert find_attribution(text)[0] == speaker


def test_words_inside_a_quotation_are_not_the_speaker(write):
    text = (
        'Headline\n"I told my kids to grab the dog," said Maria Lopez.\n\n'
        "“They said it was a session. Nobody listened,” she said.\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["speaker"].tolist()[1:] == ["Maria Lopez", "she"]
    sentences = _sentences(write, text)
    assert sentences["speaker"].tolist()[1:] == ["Maria Lopez", "she", "she"]


# --- titles, bylines, datelines, captions --------------------------------------------


def test_title_followed_by_blank_line_is_detected(write):
    paragraphs = _paragraphs(write, "Talks in Beijing\n\nFirst paragraph.\n\nSecond one.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "reporting"]


def test_no_title_when_the_first_paragraph_is_a_sentence(write):
    paragraphs = _paragraphs(write, "First paragraph is prose.\n\nSecond one.\n")
    assert paragraphs["section"].tolist() == ["reporting", "reporting"]
    assert paragraphs["paragraph"].tolist() == [1, 2]


def test_title_line_can_be_forced(write):
    paragraphs = _paragraphs(write, "First paragraph is prose.\n\nSecond one.\n", title_line=True)
    assert paragraphs["section"].tolist() == ["title", "reporting"]


def test_byline_dateline_and_credit_line(write):
    text = (
        "Leaders meet in Beijing\n\nBy Jane Doe and John Roe, Wire Service\n\n"
        "MINSK, Belarus (AP) — Belarus's leader arrived on Monday.\n\n"
        "Talks went on.\n\n(Reporting by Jane Doe; Editing by John Roe)\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["section"].tolist() == ["title", "byline", "reporting", "reporting", "byline"]
    assert paragraphs.loc[2, "dateline"] == "MINSK, Belarus (AP) —"
    assert paragraphs["dateline"].notna().sum() == 1


def test_caption_only_after_a_full_sentence(write):
    text = (
        "Headline\nA full sentence here. Leaders shake hands in Beijing\n\n"
        "Comment: A commentary line without a full stop\n\n"
        'He said "it ends here"\n\nSingle fragment in reporting\n'
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["section"].tolist() == ["title", "reporting", "caption", "commentary",
                                              "reporting", "reporting"]  # fmt: skip
    assert paragraphs.loc[2, "text"] == "Leaders shake hands in Beijing"
    assert paragraphs.loc[2, "paragraph_id"].endswith(":p01c")


# --- cases from real outlets' conventions ------------------------------------------------


def test_crlf_hard_wrapped_paragraphs_and_a_marker_on_its_own_line(write):
    text = (
        "Title line\r\nFirst line\r\ncontinues here.\r\n\r\n**Comment:**\r\n"
        "The concession came late.\r\n\r\nEnd.\r\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert paragraphs.loc[1, "text"] == "First line\r\ncontinues here."
    assert paragraphs.loc[2, "text"] == "The concession came late."


def test_bold_marker_with_the_colon_outside():
    assert compile_markers(["Comment:"]).match("**Comment**: text") is not None


def test_british_single_quotes_with_possessives_and_continuation(write):
    text = (
        "Headline\n‘It is always the farmers’ fields that go first,’ she added.\n\n"
        "‘We have waited for years. Nothing has changed,\n\n"
        "‘and nothing will,’ said the mayor.\n\nThe council’s plan is due in May.\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["voice"].tolist() == ["title", "quote", "quote", "quote", "narration"]
    assert paragraphs.loc[1, "quote_share"] > 0.75
    assert paragraphs["quote_continued"].tolist() == [False, False, False, True, False]
    assert paragraphs.loc[2:3, "speaker"].tolist() == ["the mayor", "the mayor"]
    assert paragraphs.loc[4, "quote_share"] == 0.0


def test_headline_with_question_mark_byline_first_and_hard_wrapped_opening(write):
    question = _paragraphs(write, "Is the crisis easing?\n\nPrices fell.\n\nThey rose.\n")
    assert question["section"].tolist() == ["title", "reporting", "reporting"]
    byline = _paragraphs(write, "By Jane Doe, staff writer\n\nPrices fell.\n\nThey rose.\n")
    assert byline["section"].tolist() == ["byline", "reporting", "reporting"]
    wrapped = _paragraphs(
        write, "NEW YORK (AP) — Stocks closed lower as a report\nweighed on markets.\n\nEnd.\n"
    )
    assert wrapped["section"].tolist() == ["reporting", "reporting"]
    assert wrapped.loc[0, "dateline"] == "NEW YORK (AP) —"


def test_taglines_separators_photo_credits_and_multi_city_datelines(write):
    text = (
        "Fire spreads\n\nBEIJING/TAIPEI, Jan 5 (Reuters) - Ships were seen.\n\n"
        "Smoke rises over Salem on Tuesday. (AP Photo/Jane Doe)\n\n___\n\n"
        "Jane Doe is a staff writer at the Daily.\n\n"
        "AP writer Tom Reilly contributed to this report.\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["section"].tolist() == ["title", "reporting", "reporting", "caption",
                                              "other", "byline", "byline"]  # fmt: skip
    assert paragraphs.loc[1, "dateline"] == "BEIJING/TAIPEI, Jan 5 (Reuters) -"
    assert paragraphs.loc[3, "text"] == "(AP Photo/Jane Doe)"


def test_state_abbreviation_datelines_and_spaced_guillemets_split_right(write):
    sentences = _sentences(
        write,
        "Headline\nSALEM, Ore. (AP) — A fire spread. It grew.\n\n"
        "« We will not give in. » The minister left.\n",
    )
    assert sentences["text"].tolist()[1:] == [
        "SALEM, Ore. (AP) — A fire spread.",
        "It grew.",
        "« We will not give in. »",
        "The minister left.",
    ]


# --- scraped pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "\u200bComment: x.",
        "> Comment: x.",
        "- Comment: x.",
        "3. Comment: x.",
        "## Comment: x.",
        "“Comment: x.",
        "*Comment:* x.",
        "Comment： x.",
    ],
)
def test_markers_behind_the_decoration_of_scraped_text(paragraph):
    found = compile_markers(["Comment:"]).match(paragraph)
    assert found is not None and paragraph[found.end() :] == "x."


def test_a_lone_marker_marks_the_next_paragraph(write):
    paragraphs = _paragraphs(write, "Title\nReporting.\n\nComment:\n\nThe view.\n\nEnd.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert paragraphs.loc[2, ["marker", "text"]].tolist() == ["Comment:", "The view."]
    assert "standing alone" in paragraphs.loc[2, "reason"]


def test_line_break_paragraphs_and_the_warning_that_points_to_them(write):
    text = "Title\nReporting here.\nComment: a view.\nMore reporting.\n"
    with pytest.warns(UserWarning, match="paragraph_break='line break'"):
        blank = _paragraphs(write, text)
    assert "starts an inner line" in blank.loc[1, "reason"]
    lines = _paragraphs(write, text, paragraph_break="line break")
    assert lines["section"].tolist() == ["title", "reporting", "commentary", "reporting"]


def test_invisible_characters_make_a_blank_line(write):
    paragraphs = _paragraphs(write, "Title\nReporting.\n\u200b\nComment: a view.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary"]


def test_prose_that_looks_like_a_byline_or_credit_stays_reporting(write):
    text = (
        "Title\n\nBy Tuesday, the two sides had agreed on a joint statement.\n\n"
        "Reporting by The New York Times found that firms supplied drones.\n\n"
        "Wang is a former editor of the People's Daily, and he disagreed.\n\n"
        "Talks went on.\n\nOne more.\n\nAnd the end.\n"
    )
    assert set(_paragraphs(write, text)["section"]) == {"title", "reporting"}


def test_site_furniture_is_other_and_does_not_take_the_dateline(write):
    text = (
        "Title\n\nPublished: 4 Dec 2023 10:12 GMT\n\n"
        "BEIJING, Dec. 4 (Xinhua) -- Leaders met.\n\nAdvertisement\n\nRead more: China and EU\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs["section"].tolist() == ["title", "other", "reporting", "other", "other"]
    assert paragraphs.loc[2, "dateline"] == "BEIJING, Dec. 4 (Xinhua) --"


def test_quotes_do_not_run_from_commentary_into_reporting(write):
    text = (
        'Title\nReporting.\n\nComment: As one analyst put it, "the era is over.\n\n'
        '"We are stronger than ever," Lukashenko told reporters.\n'
    )
    paragraphs = _paragraphs(write, text)
    assert not paragraphs.loc[3, "quote_continued"]
    assert pd.isna(paragraphs.loc[2, "speaker"])


def test_typewriter_quotes_lists_numbers_and_tass(write):
    text = (
        "Title\nMOSCOW, December 4. /TASS/. Russia said so.\n\n"
        "“The sanctions are illegal,'' Lukashenko said. Trade rose last year.\n\n"
        "Outcomes came on Monday. Key outcomes:\n- a trade deal\n- visas\n\n"
        "1. China is a partner. It grew.\n"
    )
    paragraphs = _paragraphs(write, text)
    assert paragraphs.loc[1, "dateline"] == "MOSCOW, December 4. /TASS/."
    assert paragraphs.loc[2, "speaker"] == "Lukashenko"
    assert 0.3 < paragraphs.loc[2, "quote_share"] < 0.7
    assert "caption" not in set(paragraphs["section"])
    sentences = _sentences(write, text)
    assert "1. China is a partner." in sentences["text"].tolist()
    assert sentences.loc[1, "text"] == "MOSCOW, December 4. /TASS/. Russia said so."


def test_html_entities_are_decoded_and_noted(write):
    corpus = load_corpus(
        write("e.txt", "Title\n&quot;I told them,&quot; she said. &#8220;Go.&#8221;\n")
    )
    row = corpus.paragraphs.loc[1]
    assert row["text"] == '"I told them," she said. “Go.”'
    assert row["speaker"] == "she"
    assert "HTML entities decoded" in corpus.articles.loc[0, "load_notes"]


def test_long_capitalised_runs_end_in_a_bounded_name():
    # Names are at most seven words: a run of 2,000 capitalised words cannot be one
    # (unbounded, the search was quadratic: seconds on such a paragraph).
    text = " ".join(["Big Title Case Words Everywhere"] * 400) + " said."
    speaker, attribution = find_attribution(text)
    assert speaker == "Words Everywhere Big Title Case Words Everywhere"  # the last seven
    assert attribution.endswith(" said")
