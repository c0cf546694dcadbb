"""Each rule of ``segment_article`` alone: given one paragraph and what the article carries
to it, what the rule decides (and that it leaves alone what is not its own)."""

from __future__ import annotations

import pytest

from analysis.load.markers import compile_markers
from analysis.load.paragraphs import (
    ARTICLE_RULES,
    PARAGRAPH_RULES,
    Paragraph,
    Reading,
    Segment,
    after_marker_standing_alone,
    agency_credit,
    attribution,
    byline_near_top,
    commentary_marker,
    count_paragraph,
    inner_marker_hint,
    lead_in_at_end,
    marker_left_alone,
    marker_standing_alone,
    opening_dateline,
    pronouns_resolved,
    quotation_after_lead_in,
    quotation_goes_on,
    quotation_never_closed,
    quotations,
    reporting_or_commentary,
    separator,
    site_furniture,
    speakers_carried_back,
    tagline_near_end,
    title_segment,
    trailing_caption,
    whole_caption,
)
from analysis.load.quotes import Quotes

MARKERS = compile_markers(["Comment:"])


def _reading(text: str, **kwargs) -> Reading:
    kwargs.setdefault("markers", MARKERS)
    return Reading(text, **kwargs)


def _whole(text: str, **fields) -> Paragraph:
    """The whole of ``text`` as paragraph number 1."""
    paragraph = Paragraph(0, len(text))
    paragraph.number = 1
    for name, value in fields.items():
        setattr(paragraph, name, value)
    return paragraph


def test_the_rules_run_in_pipeline_order_and_end_with_the_catch_all():
    assert PARAGRAPH_RULES[0] is commentary_marker
    assert PARAGRAPH_RULES[-1] is reporting_or_commentary
    assert PARAGRAPH_RULES.index(marker_standing_alone) < PARAGRAPH_RULES.index(count_paragraph)
    assert PARAGRAPH_RULES.index(trailing_caption) < PARAGRAPH_RULES.index(whole_caption)
    assert ARTICLE_RULES[-1] is pronouns_resolved
    for rule in (*PARAGRAPH_RULES, *ARTICLE_RULES):
        assert rule.__doc__, f"{rule.__name__} says what it decides"


# --- markers ----------------------------------------------------------------------------


def test_commentary_marker_makes_commentary_and_moves_the_start_past_the_marker():
    text = "> Comment: A shameful deal."
    reading, paragraph = _reading(text), _whole(text)
    assert commentary_marker(paragraph, reading) is False
    assert paragraph.section == "commentary" and paragraph.marker_name == "Comment:"
    assert text[paragraph.start :] == "A shameful deal."
    assert text[slice(*paragraph.marked)] == "> Comment:"
    plain = _whole("Talks went on.")
    commentary_marker(plain, _reading("Talks went on."))
    assert (plain.section, plain.marked, plain.start) == ("reporting", None, 0)


def test_a_marker_standing_alone_is_held_for_the_next_paragraph():
    text = "Comment:\n\nComment:"
    reading = _reading(text)
    first, second = Paragraph(0, 8), Paragraph(10, 18)
    for paragraph in (first, second):
        commentary_marker(paragraph, reading)
        assert marker_standing_alone(paragraph, reading) is True
    assert reading.alone == (0, 18, "Comment:")  # both, named by the first
    with_text = _whole("Comment: yes.")
    commentary_marker(with_text, reading)
    assert marker_standing_alone(with_text, reading) is False


def test_count_paragraph_numbers_it_and_hands_it_the_waiting_lead_in():
    reading = _reading("x", number=2, lead_in=("reporting", "Doe", "Doe said,", 2))
    paragraph = Paragraph(0, 1)
    assert count_paragraph(paragraph, reading) is False
    assert paragraph.number == 3 and reading.number == 3
    assert paragraph.lead_in == ("reporting", "Doe", "Doe said,", 2) and reading.lead_in is None


def test_after_a_marker_standing_alone_the_paragraph_is_commentary():
    text = "Comment:\n\nA shameful deal."
    reading = _reading(text, alone=(0, 8, "Comment:"))
    paragraph = Paragraph(10, len(text))
    assert after_marker_standing_alone(paragraph, reading) is False
    assert paragraph.section == "commentary" and paragraph.marked == (0, 8)
    assert "standing alone" in paragraph.reason and reading.alone is None
    untouched = Paragraph(10, len(text))
    after_marker_standing_alone(untouched, _reading(text))
    assert untouched.section == "reporting"


# --- short lines that are not prose ------------------------------------------------------


def _labels(rule, text: str, **fields) -> list[tuple[str, str]]:
    reading = _reading(text, n_blocks=fields.pop("n_blocks", 10))
    done = rule(_whole(text, **fields), reading)
    assert done == bool(reading.segments)
    return [(seg.section, text[seg.start : seg.end]) for seg in reading.segments]


def test_byline_near_top():
    assert _labels(byline_near_top, "By Jane Doe") == [("byline", "By Jane Doe")]
    assert _labels(byline_near_top, "By Jane Doe", number=4) == []
    assert _labels(byline_near_top, "By Jane Doe", section="commentary") == []
    assert _labels(byline_near_top, "By Monday the talks ended.") == []


def test_agency_credit():
    credit = "(Reporting by Jane Doe; Editing by John Roe)"
    assert _labels(agency_credit, credit) == [("byline", credit)]
    assert _labels(agency_credit, "Reporting by The New York Times found it.") == []


def test_tagline_near_end():
    line = "Jane Doe is a staff writer at the Daily."
    assert _labels(tagline_near_end, line, number=8) == [("byline", line)]  # third from last
    assert _labels(tagline_near_end, line, number=7) == []  # of 10: not near the end


def test_separator():
    assert _labels(separator, "* * *") == [("other", "* * *")]
    assert _labels(separator, "???", section="commentary") == []


def test_site_furniture():
    assert _labels(site_furniture, "Advertisement") == [("other", "Advertisement")]
    assert _labels(site_furniture, "Share prices fell on Monday.") == []


# --- notes on prose ----------------------------------------------------------------------


def test_inner_marker_hint_names_the_line_break_option():
    text = "Talks went on.\nComment: A shameful deal."
    paragraph = _whole(text)
    inner_marker_hint(paragraph, _reading(text))
    assert "paragraph_break='line break'" in paragraph.reason
    by_line = _whole(text)
    inner_marker_hint(by_line, _reading(text, by_line=True))
    assert by_line.reason == "no commentary marker"


def test_opening_dateline_only_in_the_first_reporting_paragraph():
    text = "MINSK, Belarus (AP) — Talks began."
    reading, paragraph = _reading(text), _whole(text)
    opening_dateline(paragraph, reading)
    assert paragraph.dateline == "MINSK, Belarus (AP) —" and reading.seen_reporting
    again = _whole(text)
    opening_dateline(again, reading)
    assert again.dateline == "" and again.notes == []


def test_quotation_goes_on_in_the_same_section_only():
    text = "“We stay.”"
    previous = Segment(1, "reporting", 0, 0, quote_spans=[(0, 1)], reason="r")
    reading = _reading(text, quote_open=True, quote_section="reporting", segments=[previous])
    paragraph = _whole(text)
    quotation_goes_on(paragraph, reading)
    assert paragraph.continued and paragraph.notes == [
        "continues the quotation of the previous paragraph"
    ]
    commentary = _whole(text, section="commentary")
    quotation_goes_on(commentary, reading)
    assert not commentary.continued and "never closed" in previous.reason


def test_quotations_record_whether_one_is_left_open():
    text = "He said: “We stay and"
    reading, paragraph = _reading(text), _whole(text)
    quotations(paragraph, reading)
    assert paragraph.quotes.spans and reading.quote_open and reading.quote_section == "reporting"


# --- captions ----------------------------------------------------------------------------


def test_trailing_caption_is_cut_off_and_whole_caption_is_a_caption():
    text = "Talks went on. Leaders shake hands in Beijing"
    reading, paragraph = _reading(text), _whole(text)
    trailing_caption(paragraph, reading)
    assert text[paragraph.caption_at :] == "Leaders shake hands in Beijing"
    assert text[: paragraph.body_end] == "Talks went on."
    assert whole_caption(paragraph, reading) is False

    text = "Xi greets Lukashenko in Beijing. REUTERS/Jane Doe"
    reading, paragraph = _reading(text), _whole(text)
    trailing_caption(paragraph, reading)
    assert paragraph.caption_at == 0 and whole_caption(paragraph, reading) is True
    assert [seg.section for seg in reading.segments] == ["caption"]


def test_a_trailing_fragment_without_evidence_stays_and_says_why():
    text = "Talks went on. Plus the governor is nominating a new director"
    reading, paragraph = _reading(text), _whole(text)
    trailing_caption(paragraph, reading)
    assert paragraph.caption_at is None and paragraph.body_end == len(text)
    assert "kept as reporting" in paragraph.notes[0]


# --- speakers ----------------------------------------------------------------------------


def test_attribution_names_the_speaker_and_a_continued_quotation_keeps_it():
    text = "“We stay,” said Jane Doe."
    paragraph = _whole(text, quotes=Quotes([(0, 10)]))
    attribution(paragraph, _reading(text))
    assert paragraph.speaker == "Jane Doe"
    text = "“And we will win.”"
    earlier = Segment(1, "reporting", 0, 0, speaker="Jane Doe")
    continued = _whole(text, quotes=Quotes([(0, len(text))]), continued=True)
    attribution(continued, _reading(text, segments=[earlier]))
    assert continued.speaker == "Jane Doe"


def test_quotation_after_lead_in_takes_the_lead_ins_speaker():
    text = "“We stay.”"
    lead_in = ("reporting", "Jane Doe", "Jane Doe said,", 2)
    paragraph = _whole(text, quotes=Quotes([(0, len(text))]), lead_in=lead_in)
    quotation_after_lead_in(paragraph, _reading(text))
    assert paragraph.speaker == "Jane Doe" and "lead-in 'Jane Doe said,'" in paragraph.notes[0]
    other = _whole(text, quotes=Quotes([(0, len(text))]), lead_in=lead_in, section="commentary")
    quotation_after_lead_in(other, _reading(text))
    assert other.speaker == "" and other.notes == []


def test_lead_in_at_end_waits_for_the_next_paragraph():
    text = "Talks went on. Prime Minister Jane Doe said,"
    reading = _reading(text)
    lead_in_at_end(_whole(text, quotes=Quotes()), reading)
    assert reading.lead_in == (
        "reporting",
        "Prime Minister Jane Doe",
        "Prime Minister Jane Doe said,",
        1,
    )
    closed = _reading(text)
    lead_in_at_end(_whole(text, quotes=Quotes(), caption_at=5), closed)
    assert closed.lead_in is None


def test_reporting_or_commentary_writes_the_row_and_the_caption_after_it():
    text = "Comment: Bad. Leaders shake hands in Beijing"
    paragraph = _whole(text, section="commentary", marked=(0, 8), quotes=Quotes())
    paragraph.start, paragraph.body_end, paragraph.caption_at = 9, 13, 14
    paragraph.notes.append("a note")
    reading = _reading(text)
    assert reporting_or_commentary(paragraph, reading) is True
    row, caption = reading.segments
    assert (row.section, row.marker, text[row.start : row.end]) == (
        "commentary",
        "Comment:",
        "Bad.",
    )
    assert row.reason == "no commentary marker; a note"
    assert (caption.section, text[caption.start : caption.end]) == (
        "caption",
        "Leaders shake hands in Beijing",
    )


# --- the title and the end of the article ------------------------------------------------


@pytest.mark.parametrize(
    ("title_line", "sections"), [(None, ["title"]), (True, ["title"]), (False, [])]
)
def test_title_segment(title_line, sections):
    text = "Leaders meet\n\nTalks went on."
    reading = _reading(text)
    blocks = title_segment(reading, [(0, 12), (14, len(text))], title_line)
    assert [seg.section for seg in reading.segments] == sections
    assert blocks == ([(14, len(text))] if sections else [(0, 12), (14, len(text))])


def test_marker_left_alone_is_kept_as_text():
    reading = _reading("Comment:", alone=(0, 8, "Comment:"), number=3)
    marker_left_alone(reading)
    (segment,) = reading.segments
    assert (segment.paragraph, segment.section, segment.end) == (4, "other", 8)


def test_quotation_never_closed_notes_where_it_opened():
    opened = Segment(1, "reporting", 0, 5, reason="r", quote_spans=[(0, 5)])
    reading = _reading("x", segments=[opened, Segment(2, "byline", 6, 9)], quote_open=True)
    quotation_never_closed(reading)
    assert opened.reason.endswith("never closed (counted to the paragraph end)")


def test_speakers_carried_back_over_a_continued_quotation():
    segments = [
        Segment(1, "reporting", 0, 1),
        Segment(2, "reporting", 2, 3, quote_continued=True),
        Segment(3, "reporting", 4, 5, quote_continued=True, speaker="Jane Doe"),
    ]
    speakers_carried_back(_reading("x", segments=segments))
    assert [seg.speaker for seg in segments] == ["Jane Doe"] * 3


def test_pronouns_resolved_to_the_person_named_before():
    text = "President Alexander Lukashenko spoke. He left."
    segments = [
        Segment(1, "reporting", 0, 37, speaker="Lukashenko"),
        Segment(2, "reporting", 38, 46, speaker="he"),
    ]
    pronouns_resolved(_reading(text, segments=segments))
    assert [seg.speaker for seg in segments] == ["Lukashenko", "Lukashenko"]
