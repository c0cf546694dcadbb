"""Titles, bylines, datelines, captions and site furniture on articles written here."""

from __future__ import annotations

import pytest

from analysis.load.corpus import load_corpus
from analysis.paths import SAMPLE_FILE


def test_title_followed_by_blank_line_is_detected(paragraphs_of):
    paragraphs = paragraphs_of("Talks in Beijing\n\nFirst paragraph.\n\nSecond one.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "reporting"]


def test_no_title_when_the_first_paragraph_is_a_sentence(paragraphs_of):
    paragraphs = paragraphs_of("First paragraph is prose.\n\nSecond one.\n")
    assert paragraphs["section"].tolist() == ["reporting", "reporting"]
    assert paragraphs["paragraph"].tolist() == [1, 2]


def test_title_line_can_be_forced(paragraphs_of):
    paragraphs = paragraphs_of("First paragraph is prose.\n\nSecond one.\n", title_line=True)
    assert paragraphs["section"].tolist() == ["title", "reporting"]


def test_byline_dateline_and_credit_line(paragraphs_of):
    text = (
        "Leaders meet in Beijing\n\nBy Jane Doe and John Roe, Wire Service\n\n"
        "MINSK, Belarus (AP) — Belarus's leader arrived on Monday.\n\n"
        "Talks went on.\n\n(Reporting by Jane Doe; Editing by John Roe)\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["section"].tolist() == ["title", "byline", "reporting", "reporting", "byline"]
    assert paragraphs.loc[2, "dateline"] == "MINSK, Belarus (AP) —"
    assert paragraphs["dateline"].notna().sum() == 1


def test_caption_only_after_a_full_sentence(paragraphs_of):
    text = (
        "Headline\nA full sentence here. Leaders shake hands in Beijing\n\n"
        "Comment: A commentary line without a full stop\n\n"
        'He said "it ends here"\n\nSingle fragment in reporting\n'
    )
    paragraphs = paragraphs_of(text)
    assert (
        paragraphs["section"].tolist()
        == "title reporting caption commentary reporting reporting".split()
    )
    assert paragraphs.loc[2, "text"] == "Leaders shake hands in Beijing"
    assert paragraphs.loc[2, "paragraph_id"].endswith(":p01c")


# --- cases from real outlets' conventions ------------------------------------------------


def test_headline_with_question_mark_byline_first_and_hard_wrapped_opening(paragraphs_of):
    question = paragraphs_of("Is the crisis easing?\n\nPrices fell.\n\nThey rose.\n")
    assert question["section"].tolist() == ["title", "reporting", "reporting"]
    byline = paragraphs_of("By Jane Doe, staff writer\n\nPrices fell.\n\nThey rose.\n")
    assert byline["section"].tolist() == ["byline", "reporting", "reporting"]
    wrapped = paragraphs_of(
        "NEW YORK (AP) — Stocks closed lower as a report\nweighed on markets.\n\nEnd.\n"
    )
    assert wrapped["section"].tolist() == ["reporting", "reporting"]
    assert wrapped.loc[0, "dateline"] == "NEW YORK (AP) —"


def test_taglines_separators_photo_credits_and_multi_city_datelines(paragraphs_of):
    text = (
        "Fire spreads\n\nBEIJING/TAIPEI, Jan 5 (Reuters) - Ships were seen.\n\n"
        "Smoke rises over Salem on Tuesday. (AP Photo/Jane Doe)\n\n___\n\n"
        "Jane Doe is a staff writer at the Daily.\n\n"
        "AP writer Tom Reilly contributed to this report.\n"
    )
    paragraphs = paragraphs_of(text)
    assert (
        paragraphs["section"].tolist()
        == "title reporting reporting caption other byline byline".split()
    )
    assert paragraphs.loc[1, "dateline"] == "BEIJING/TAIPEI, Jan 5 (Reuters) -"
    assert paragraphs.loc[3, "text"] == "(AP Photo/Jane Doe)"


def test_typewriter_quotes_lists_numbers_and_tass(paragraphs_of, sentences_of):
    text = (
        "Title\nMOSCOW, December 4. /TASS/. Russia said so.\n\n"
        "“The sanctions are illegal,'' Lukashenko said. Trade rose last year.\n\n"
        "Outcomes came on Monday. Key outcomes:\n- a trade deal\n- visas\n\n"
        "1. China is a partner. It grew.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs.loc[1, "dateline"] == "MOSCOW, December 4. /TASS/."
    assert paragraphs.loc[2, "speaker"] == "Lukashenko"
    assert 0.3 < paragraphs.loc[2, "quote_share"] < 0.7
    assert "caption" not in set(paragraphs["section"])
    sentences = sentences_of(text)
    assert "1. China is a partner." in sentences["text"].tolist()
    assert sentences.loc[1, "text"] == "MOSCOW, December 4. /TASS/. Russia said so."


# --- scraped pages -----------------------------------------------------------------------


def test_a_lone_marker_marks_the_next_paragraph(paragraphs_of):
    paragraphs = paragraphs_of("Title\nReporting.\n\nComment:\n\nThe view.\n\nEnd.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert paragraphs.loc[2, ["marker", "text"]].tolist() == ["Comment:", "The view."]
    assert "standing alone" in paragraphs.loc[2, "reason"]


def test_prose_that_looks_like_a_byline_or_credit_stays_reporting(paragraphs_of):
    text = (
        "Title\n\nBy Tuesday, the two sides had agreed on a joint statement.\n\n"
        "Reporting by The New York Times found that firms supplied drones.\n\n"
        "Wang is a former editor of the People's Daily, and he disagreed.\n\n"
        "Talks went on.\n\nOne more.\n\nAnd the end.\n"
    )
    assert set(paragraphs_of(text)["section"]) == {"title", "reporting"}


def test_site_furniture_is_other_and_does_not_take_the_dateline(paragraphs_of):
    text = (
        "Title\n\nPublished: 4 Dec 2023 10:12 GMT\n\n"
        "BEIJING, Dec. 4 (Xinhua) -- Leaders met.\n\nAdvertisement\n\nRead more: China and EU\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["section"].tolist() == ["title", "other", "reporting", "other", "other"]
    assert paragraphs.loc[2, "dateline"] == "BEIJING, Dec. 4 (Xinhua) --"


# --- the sample --------------------------------------------------------------------------


def test_sample_caption_of_paragraph_5_is_its_own_segment():
    paragraphs = load_corpus(SAMPLE_FILE).paragraphs
    fifth = paragraphs[paragraphs["paragraph"] == 5]
    assert fifth["section"].tolist() == ["reporting", "caption"]
    assert fifth["text"].iloc[0].endswith('was further strengthened".')
    assert fifth["text"].iloc[1] == (
        "Belarusian President Lukashenko meets with Chinese counterpart Xi Jinping, "
        "amid Ukraine crisis"
    )
    assert (paragraphs["section"] == "caption").sum() == 1


# --- a caption needs evidence that it describes a photo ------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "The agency faces cuts. Plus the governor is nominating a new director to lead the agency",
        "The panel named three members.\n John Ashcroft, Kit Bond and Jean Carnahan",
        "The talks ended without a deal. He added,",
    ],
)
def test_a_fragment_without_a_full_stop_stays_reporting(paragraphs_of, paragraph):
    paragraphs = paragraphs_of(f"Title\n\n{paragraph}\n\nThe end came on Monday.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "reporting"]
    assert paragraphs.loc[1, "text"] == paragraph
    assert "kept as reporting" in paragraphs.loc[1, "reason"]


def test_a_name_list_wrapped_after_a_title_stays_reporting(paragraphs_of):
    paragraph = "The board includes former Sens.\n John Ashcroft, Kit Bond and Jean Carnahan"
    paragraphs = paragraphs_of(f"Title\n\n{paragraph}\n\nThe end came on Monday.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "reporting"]
    assert paragraphs.loc[1, "text"] == paragraph


@pytest.mark.parametrize(
    "caption, evidence",
    [
        (
            "Belarusian President Lukashenko meets with Chinese counterpart Xi Jinping, amid "
            "Ukraine crisis",
            "meets",
        ),
        ("Leaders shake hands in Beijing", "shake"),
        ("Residents walk past a damaged building (Photo: Jane Doe/AP)", "Photo:"),
        ("Lukashenko, pictured in Minsk last week", "pictured"),
        ("File photo of the Great Stone Industrial Park near Minsk", "File photo"),
        ("Image: Belarusian state media", "Image:"),
        ("Alexander Lukashenko in Minsk in 2022 Getty Images", "Getty Images"),
        ("Xi Jinping and Alexander Lukashenko in Beijing REUTERS/Florence Lo", "REUTERS/Florence"),
    ],
)
def test_a_caption_is_split_off_when_it_names_what_a_photo_shows(paragraphs_of, caption, evidence):
    paragraphs = paragraphs_of(f"Title\n\nTalks went on in Beijing. {caption}\n\nThe end.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "caption", "reporting"]
    assert paragraphs.loc[1, "text"] == "Talks went on in Beijing."
    assert paragraphs.loc[2, "text"] == caption
    assert evidence in paragraphs.loc[2, "reason"]


def test_a_credit_after_a_caption_sentence_takes_the_sentence_with_it(paragraphs_of):
    text = (
        "Title\n\nTalks went on in Beijing. Xi Jinping greets Alexander Lukashenko in Beijing on "
        "Monday. (Photo: Jane Doe/Reuters)\n\nThe end.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["section"].tolist() == ["title", "reporting", "caption", "reporting"]
    assert paragraphs.loc[2, "text"].startswith("Xi Jinping greets")


def test_a_lead_in_gives_the_quotation_after_it_its_speaker(paragraphs_of):
    text = (
        "Title\n\nThe talks ended without a deal. Prime Minister Jane Doe added,\n\n"
        '"We will not give up on peace."\n\nHe added:\n\n“Never.”\n\nThe end came on Monday.\n'
    )
    paragraphs = paragraphs_of(text)
    assert "caption" not in set(paragraphs["section"])
    assert paragraphs.loc[2, ["voice", "speaker"]].tolist() == ["quote", "Prime Minister Jane Doe"]
    assert "lead-in" in paragraphs.loc[2, "reason"]
    # "He added:" resolves to the person the article last named as a speaker
    assert paragraphs.loc[4, ["voice", "speaker"]].tolist() == ["quote", "Prime Minister Jane Doe"]


def test_a_caption_paragraph_with_its_credit_is_a_caption_and_a_photo_line_is_furniture(
    paragraphs_of,
):
    text = (
        "Title\n\nTalks went on.\n\nChinese President Xi Jinping shakes hands with Alexander "
        "Lukashenko in Beijing, China December 4, 2023. REUTERS/Florence Lo\n\n"
        "Photograph: Ng Han Guan/AP\n\nThe end.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["section"].tolist() == ["title", "reporting", "caption", "other", "reporting"]
    assert paragraphs.loc[2, "paragraph_id"].endswith(":p02c")
    assert "REUTERS/Florence Lo" in paragraphs.loc[2, "reason"]
