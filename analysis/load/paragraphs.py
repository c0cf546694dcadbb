"""Paragraphs: split an article into labelled segments (title, byline, reporting,
commentary, caption) and say who speaks in each.

Every segment keeps ``start``/``end`` character offsets into the article's ``text``, so
``text[start:end]`` is the segment as written and a reader can audit each label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .quotes import OPENING_QUOTES, Quotes, find_quotes
from .sentences import sentence_spans
from .speakers import find_attribution, resolve_pronouns
from .text import (
    INVISIBLE,
    LINE_BREAK,
    WORD,
    ends_like_sentence,
    ends_with_full_stop,
    paragraph_blocks,
)

__all__ = [
    "ARTICLE_RULES",
    "PARAGRAPH_RULES",
    "SECTIONS",
    "TITLE_MAX_WORDS",
    "VOICES",
    "Paragraph",
    "Reading",
    "Segment",
    "after_marker_standing_alone",
    "agency_credit",
    "attribution",
    "byline_near_top",
    "commentary_marker",
    "count_paragraph",
    "find_title",
    "inner_marker_hint",
    "lead_in_at_end",
    "marker_left_alone",
    "marker_standing_alone",
    "opening_dateline",
    "pronouns_resolved",
    "quotation_after_lead_in",
    "quotation_goes_on",
    "quotation_never_closed",
    "quotations",
    "reporting_or_commentary",
    "segment_article",
    "separator",
    "site_furniture",
    "speakers_carried_back",
    "tagline_near_end",
    "title_segment",
    "trailing_caption",
    "voice_of",
    "whole_caption",
]


# Sections (what kind of segment) and voices (who speaks in it).
SECTIONS = ("title", "byline", "reporting", "commentary", "caption", "other")


VOICES = ("narration", "quote", "commentary", "title", "byline", "caption", "other")


# "By Jane Doe", "By Jane Doe and John Roe, Wire Service", "By JANE DOE, staff writer"
_BYLINE = re.compile(
    r"(?:By|BY)\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December|The|"
    r"This|That|Then|Now|Late|Early)\b)"
    r"[A-Z][\w'’.-]*(?:[ \t,&]+(?:and\s+)?[A-Z][\w'’.-]*){0,8}"
    r"(?:\s*,\s*[\w'’ -]{1,60})?\s*$"
)


# "Jane Doe is a staff writer at ...", "AP writer Tom Reilly contributed to this report."
_TAGLINE = re.compile(
    r"[A-Z][^\n]{0,120}(?:\b(?:is|are)\s+an?\s+[^\n]{0,60}\b(?:writer|correspondent|"
    r"reporter|editor|columnist|contributor)\b|\bcontributed\s+(?:to\s+)?this\s+"
    r"(?:report|story|article))[^\n]{0,120}$"
)


_TAGLINE_HINT = re.compile(r"writer|correspondent|reporter|editor|columnist|contribut")


# Site furniture of scraped pages: short lines that are neither reporting nor commentary.
_FURNITURE = re.compile(
    r"(?:(?:skip\s+)?advertisement|share(?:\s+this)?|subscribe\b.*|sign\s+up\b.*|"
    r"leave\s+a\s+comment|read\s+more\b.*|related\b.*|see\s+also\b.*|"
    r"(?:photo(?:graph)?|image|picture|video)s?\s*(?:credit)?\s*:.*|"
    r"(?:published|posted|updated|last\s+updated)\b.{0,60})\s*$",
    re.IGNORECASE,
)


# A paragraph with no letters or digits at all: "___", "* * *".
_SEPARATOR = re.compile(r"[\W_]+$")


# Agency credit lines, usually at the end: "(Reporting by ...; Editing by ...)".
_CREDIT = re.compile(
    r"\(?(?:Additional\s+)?(?:[Rr]eporting|[Ww]riting|[Ee]diting)\s+by\s+[^\n]{2,300}$"
)


# "MINSK, Belarus (AP) — ", "BEIJING (Reuters) - ", "Beijing, Dec 4 (Reuters) -".
_AGENCIES = "AP|Reuters|AFP|Xinhua|dpa|Bloomberg|UPI|PTI|ANI|IANS"


_CAPS_PLACE = r"[A-Z][A-Z'’.]+(?:[ /-][A-Z][A-Z'’.]+)*(?:,\s*[A-Z][\w'’.]*(?:\s+[\w'’.]+){0,3})?"


_DATELINE = re.compile(
    r"(?!(?:BREAKING|UPDATE|UPDATED|EXCLUSIVE|WATCH|LIVE|ANALYSIS|OPINION|EDITORIAL)\b)"
    # TASS: "MOSCOW, December 4. /TASS/."
    r"(?P<dateline>[A-Z][A-Z'’ .-]+,\s+[A-Z][a-z]+\s+\d{1,2}\.\s+/[A-Z]+/\.\s+|"
    rf"(?:(?:{_CAPS_PLACE}(?:\s*\([^()\n]{{1,40}}\))?"
    rf"|[A-Z][\w'’.]+(?:[ ,]+[\w'’.]+){{0,4}}\s*\((?:{_AGENCIES})\))"
    r"\s*(?:[—–]|--?)\s+))"
)


TITLE_MAX_WORDS = 25


def find_title(
    text: str, start: int = 0, *, blocks: list[tuple[int, int]] | None = None
) -> tuple[int, int, str] | None:
    """Locate a title or keyword line at the top of the article body.

    The first line is a title when text follows it on the very next line (the sample
    format: ``xi china belarus lukashenko`` then the first paragraph), or when it
    stands alone as a short block without closing punctuation. Returns
    ``(start, end, why)`` or ``None``. ``blocks`` passes the paragraph blocks when
    they are already known.
    """
    blocks = paragraph_blocks(text, start) if blocks is None else blocks
    if not blocks:
        return None
    s, e = blocks[0]
    if _BYLINE.match(text, s, e) or _DATELINE.match(text, s, e):
        return None
    line_break = LINE_BREAK.search(text, s, e)
    if line_break:
        line_end = line_break.start()
        if _BYLINE.match(text, s, line_end):
            return None
        following = text[line_break.end() : line_break.end() + 1]
        if following.islower():
            return None  # a hard-wrapped first paragraph: it goes on mid-sentence
        return s, line_end, "first line, followed directly by text: a title or keyword line"
    n_words = len(WORD.findall(text, s, e))
    if len(blocks) > 1 and n_words <= TITLE_MAX_WORDS and not ends_with_full_stop(text, s, e):
        return s, e, "short first line without a full stop: a title"
    return None


_PHOTO_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|Getty|EPA|Xinhua|Photo|Image|Picture)\b[^()\n]{0,80}\)$"
)


# Positive evidence that a trailing fragment describes a photo: the words of captions ...
_PHOTO_WORDS = re.compile(
    r"\b(?:pictured|photographed|(?:photo|image|picture)s?\s*(?:by|credit|courtesy)\b|"
    r"file\s+(?:photo|picture|image)|(?:photo|image|picture)\s*:|getty\s+images|ap\s+photo)",
    re.IGNORECASE,
)


# ... an agency's credit ("REUTERS/Florence Lo", "AFP/Getty"), who stands where ("(L)") ...
_AGENCY_CREDIT = (
    r"\b(?:REUTERS|Reuters|AFP|AP|EPA(?:-EFE)?|Getty|Xinhua|Anadolu|Sputnik|TASS|Bloomberg|"
    r"Shutterstock|Alamy|SOPA)\s*/\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?"
)
_PHOTO_CREDIT_WORDS = re.compile(
    rf"{_AGENCY_CREDIT}|"
    r"\((?:left|right|centre|center|front|back|top|bottom|file|L|R|C|2nd\s+[LR])\)"
)
_BARE_CREDIT = re.compile(rf"{_AGENCY_CREDIT}\s*$")


# ... or the shape of a caption line: who, then what they do in the picture, in the present
# tense ("Belarusian President Lukashenko meets with ...", "Leaders shake hands in Beijing").
_CAPTION_VERBS = (
    r"meets?|shakes?\s+hands|speaks?|attends?|arrives?|greets?|gestures?|looks?\s+on|"
    r"waves?|poses?|listens?|walks?|sits?|stands?|holds?|delivers?|address(?:es)?|"
    r"visits?|reviews?|inspects?|reacts?|smiles?|signs?|leaves?|votes?|prays?|"
    r"march(?:es)?|gathers?|embraces?|hugs?|chats?|applauds?|salutes?|kneels?|cheers?|"
    r"celebrates?|takes?\s+part|lays?\s+a\s+wreath|enters?|departs?|watch(?:es)?|"
    r"rall(?:y|ies)|protests?|talks?\s+(?:with|to)|pays?\s+(?:tribute|respects)"
)
_WHO = (
    r"(?:(?:A|An|The)\s+(?:[a-z][\w'’-]*\s+){0,3}?[a-z][\w'’-]*|"
    r"[A-Z][\w'’.-]*(?:,?\s+(?:(?:and|of|the|de|al|bin|van|von|der|la|le)\s+)?[A-Z][\w'’.-]*)"
    r"{0,7})(?:\s+\([^()\n]{1,20}\))?"
)
_CAPTION_LINE = re.compile(rf"{_WHO}(?:\s+and\s+{_WHO})?\s+(?P<verb>{_CAPTION_VERBS})\b")


# A sentence, not a caption line: it has an auxiliary or opens with a pronoun or conjunction.
_NOT_A_CAPTION_LINE = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|could|should|can|may|might|must|did|"
    r"does|do|been|being)\b|^(?:Plus|And|But|Or|So|He|She|They|It|We|I|You|This|That|These|"
    r"Those|There|Then|Also|Yet|If|When|While)\b"
)


_CLOSERS = "\"'”’)]»"


def _photo_evidence(fragment: str) -> str:
    """What in ``fragment`` says it describes a photo, in words; ``""`` when nothing does."""
    found = _PHOTO_WORDS.search(fragment) or _PHOTO_CREDIT_WORDS.search(fragment)
    if found:
        return f"it names a photo ({found.group(0)!r})"
    line = _CAPTION_LINE.match(fragment)
    if line and not _NOT_A_CAPTION_LINE.search(fragment):
        return (
            f"it reads as a caption line: who, then what they do in the picture ({line['verb']!r})"
        )
    return ""


def _caption(text: str, spans: list[tuple[int, int]]) -> tuple[int | None, str]:
    """A photo caption glued onto the end of a paragraph: ``(start, why)``; or ``(None,
    why not)`` when a trailing fragment was considered and kept (``why not`` is ``""``
    when nothing was considered).

    A fragment after the last full sentence is a caption only with positive evidence
    (:func:`_photo_evidence`): a reporting sentence often lacks its full stop, wraps
    before a name, or ends in a lead-in ("He added,").
    """
    if len(spans) < 2:
        return None, ""
    s, e = spans[-1]
    fragment = text[s:e]
    if _PHOTO_CREDIT.match(fragment) or _BARE_CREDIT.match(fragment):
        # A credit takes the caption sentence before it along: all of the paragraph, when
        # that is its first sentence ("Xi greets Lukashenko in Beijing. REUTERS/Jane Doe").
        before = spans[-2]
        if _photo_evidence(text[before[0] : before[1]]):
            return before[0], f"a caption sentence and its photo credit {fragment!r}"
        return s, f"a photo credit {fragment!r} after the last full sentence"
    if LINE_BREAK.search(fragment) or fragment.lstrip().startswith(("-", "*", "•")):
        return None, ""  # a list or lines of their own, not a caption
    if ends_like_sentence(text, s, e) or not fragment[:1].isupper():
        return None, ""
    if any(ch in fragment for ch in '"“”«»') or len(WORD.findall(fragment)) > 40:
        return None, ""
    shown = fragment if len(fragment) <= 60 else fragment[:57] + "..."
    if fragment.rstrip(_CLOSERS).endswith((",", "—", "–", "-")):
        return None, f"its last sentence {shown!r} ends in a lead-in or a dash: kept as reporting"
    evidence = _photo_evidence(fragment)
    if evidence:
        return s, f"a fragment after the last full sentence: a photo caption, since {evidence}"
    return None, (
        f"its last sentence {shown!r} has no closing full stop, but nothing in it says it "
        "describes a photo: kept as reporting"
    )


def _lead_in(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> tuple[str, str]:
    """``(speaker, phrase)`` of a lead-in ending the paragraph ("He added:", "Prime Minister
    Jane Doe said,"), which introduces the quotation of the next one; ``("", "")`` else."""
    if not text[start:end].rstrip(_CLOSERS).endswith((",", ":")):
        return "", ""
    s, e = sentence_spans(text, start, end)[-1]
    if any(q0 <= s < q1 for q0, q1 in quotes):
        return "", ""
    speaker, _ = find_attribution(text, s, e, quotes=quotes)
    return speaker, text[s:e] if speaker else ""


def _marker_at(markers: re.Pattern[str] | None, text: str, start: int, end: int):
    """The match of a commentary marker at ``start`` (``None`` when there is none): its
    group ``marker`` is the marker, the whole match what the paragraph loses."""
    if markers is None:
        return None
    found = markers.match(text, start, end)
    return found if found and found.group("marker") else None


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over white space and invisible characters."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in INVISIBLE):
        end -= 1
    return end


def _is_credit(text: str, start: int, end: int) -> bool:
    """An agency credit line: "(Reporting by ...; Editing by ...)", not a sentence that
    begins "Reporting by The New York Times found ..."."""
    if not _CREDIT.match(text, start, end):
        return False
    line = text[start:end]
    return line.startswith("(") or ";" in line or "diting by" in line


def _inner_marker(text: str, start: int, end: int, markers: re.Pattern[str]) -> str:
    """A commentary marker at the start of a line inside a paragraph, or ``""``."""
    for line_break in LINE_BREAK.finditer(text, start, end):
        found = _marker_at(markers, text, line_break.end(), end)
        if found:
            return found.group("marker")
    return ""


def _title_before_marker(
    text: str, block: tuple[int, int], markers: re.Pattern[str] | None
) -> tuple[int, int, str] | None:
    """A short first line directly followed by a marked line ("Leaders meet" then
    "comment: ..."): a title, even when the marker is lower-case."""
    s, e = block
    line_break = LINE_BREAK.search(text, s, e)
    if markers is None or line_break is None:
        return None
    line_end = line_break.start()
    if (
        _marker_at(markers, text, line_break.end(), e) is None
        or _BYLINE.match(text, s, line_end)
        or _DATELINE.match(text, s, e)
        or ends_with_full_stop(text, s, line_end)
        or len(WORD.findall(text, s, line_end)) > TITLE_MAX_WORDS
    ):
        return None
    return s, line_end, "first line, followed directly by a marked paragraph: a title line"


@dataclass
class Segment:
    """One row of the paragraph table, before it becomes a DataFrame row."""

    paragraph: int
    section: str
    start: int
    end: int
    marker: str = ""
    reason: str = ""
    quote_continued: bool = False
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    speaker: str = ""
    attribution: str = ""
    dateline: str = ""


@dataclass(slots=True)
class Reading:
    """What labelling one article carries from paragraph to paragraph: the segments so
    far, a quotation still open, a marker standing alone and a lead-in still waiting."""

    text: str
    markers: re.Pattern[str] | None
    by_line: bool = False
    n_blocks: int = 0  # the paragraph blocks after the title
    segments: list[Segment] = field(default_factory=list)
    number: int = 0  # paragraphs numbered so far
    quote_open: bool = False  # the last paragraph ended inside a quotation ...
    quote_section: str = ""  # ... of this section
    seen_reporting: bool = False  # a dateline opens only the first reporting paragraph
    # Markers standing alone, waiting for the paragraph they mark: (start, end, first marker).
    alone: tuple[int, int, str] | None = None
    # A lead-in that ended the previous paragraph: (section, speaker, phrase, paragraph).
    lead_in: tuple[str, str, str, int] | None = None


@dataclass(slots=True)
class Paragraph:
    """One paragraph block as the rules label it: where its text lies (after its marker)
    and what the rules have found in it so far."""

    start: int
    end: int
    number: int = 0
    section: str = "reporting"
    reason: str = "no commentary marker"
    marked: tuple[int, int] | None = None  # where its marker (and decoration) lies
    marker_name: str = ""  # the marker itself, as matched
    notes: list[str] = field(default_factory=list)  # joined to the reason, in order
    lead_in: tuple[str, str, str, int] | None = None  # the previous paragraph's lead-in
    dateline: str = ""
    continued: bool = False
    quotes: Quotes | None = None
    caption_at: int | None = None
    caption_why: str = ""
    body_end: int = -1  # where the paragraph ends, before a caption glued onto it
    speaker: str = ""
    attribution: str = ""

    def __post_init__(self) -> None:
        self.body_end = self.end


_NEVER_CLOSED = "; a quotation opened here is never closed (counted to the paragraph end)"


# --- the rules, in order: each returns True when it has labelled the paragraph -----------


def commentary_marker(paragraph: Paragraph, reading: Reading) -> bool:
    """A paragraph that starts with a commentary marker is commentary; its text starts
    after the marker (and the decoration before it)."""
    found = _marker_at(reading.markers, reading.text, paragraph.start, paragraph.end)
    if found:
        paragraph.marker_name = found.group("marker")
        paragraph.marked = (
            paragraph.start,
            _trim_end(reading.text, paragraph.start, found.end()),
        )
        paragraph.section = "commentary"
        paragraph.reason = f"starts with the commentary marker {paragraph.marker_name!r}"
        paragraph.start = found.end()
    return False


def marker_standing_alone(paragraph: Paragraph, reading: Reading) -> bool:
    """A marker alone on its paragraph marks the next paragraph: it is held (with any
    marker alone before it) and gets no row of its own."""
    if paragraph.start < paragraph.end:
        return False
    alone, marked = reading.alone, paragraph.marked
    reading.alone = (alone[0], marked[1], alone[2]) if alone else (*marked, paragraph.marker_name)
    return True


def count_paragraph(paragraph: Paragraph, reading: Reading) -> bool:
    """A paragraph with text gets the next number, and the lead-in that ended the
    paragraph before (which it alone may answer)."""
    reading.number += 1
    paragraph.number = reading.number
    paragraph.lead_in, reading.lead_in = reading.lead_in, None
    return False


def after_marker_standing_alone(paragraph: Paragraph, reading: Reading) -> bool:
    """The paragraph after a marker standing alone is commentary, and its ``marker``
    takes in the marker alone (and everything up to its own marker)."""
    alone = reading.alone
    if alone is None:
        return False
    if paragraph.marked:
        paragraph.reason += f", after the marker {alone[2]!r} standing alone before it"
    else:
        paragraph.section = "commentary"
        paragraph.reason = f"follows the commentary marker {alone[2]!r} standing alone"
    paragraph.marked = (alone[0], paragraph.marked[1] if paragraph.marked else alone[1])
    reading.alone = None
    return False


def byline_near_top(paragraph: Paragraph, reading: Reading) -> bool:
    """A short "By ..." line among the first three paragraphs is a byline."""
    s, e = paragraph.start, paragraph.end
    if (
        paragraph.section == "reporting"
        and paragraph.number <= 3
        and _BYLINE.match(reading.text, s, e)
    ):
        reading.segments.append(
            Segment(paragraph.number, "byline", s, e, reason="a short 'By ...' line")
        )
        return True
    return False


def agency_credit(paragraph: Paragraph, reading: Reading) -> bool:
    """An agency credit line ("(Reporting by ...; Editing by ...)") is a byline."""
    s, e = paragraph.start, paragraph.end
    if paragraph.section == "reporting" and _is_credit(reading.text, s, e):
        reading.segments.append(
            Segment(paragraph.number, "byline", s, e, reason="an agency credit line")
        )
        return True
    return False


def tagline_near_end(paragraph: Paragraph, reading: Reading) -> bool:
    """A short line among the last three naming the writer ("Jane Doe is a staff writer
    at ...", "... contributed to this report") is a byline."""
    s, e, text = paragraph.start, paragraph.end, reading.text
    if (
        paragraph.section == "reporting"
        and paragraph.number > reading.n_blocks - 3
        and e - s < 300
        and _TAGLINE_HINT.search(text, s, e)
        and _TAGLINE.match(text, s, e)
    ):
        reading.segments.append(
            Segment(paragraph.number, "byline", s, e, reason="a tagline or contributor line")
        )
        return True
    return False


def separator(paragraph: Paragraph, reading: Reading) -> bool:
    """An unmarked paragraph without letters or digits ("___", "* * *") is "other"; a
    marked one stays commentary whatever follows its marker ("Comment: ???")."""
    s, e = paragraph.start, paragraph.end
    if paragraph.section == "reporting" and _SEPARATOR.match(reading.text, s, e):
        reading.segments.append(
            Segment(paragraph.number, "other", s, e, reason="a separator without words")
        )
        return True
    return False


def site_furniture(paragraph: Paragraph, reading: Reading) -> bool:
    """A short unmarked link, label or timestamp of a scraped page ("Advertisement",
    "Read more: ...", "Updated 10:12") is "other"."""
    s, e = paragraph.start, paragraph.end
    if paragraph.section == "reporting" and e - s < 120 and _FURNITURE.match(reading.text, s, e):
        reading.segments.append(
            Segment(
                paragraph.number, "other", s, e, reason="site furniture: a link, label or timestamp"
            )
        )
        return True
    return False


def inner_marker_hint(paragraph: Paragraph, reading: Reading) -> bool:
    """A reporting paragraph with a marker at the start of an inner line says so, with
    the option that splits such files by line."""
    if paragraph.section != "reporting" or reading.markers is None or reading.by_line:
        return False
    inner = _inner_marker(reading.text, paragraph.start, paragraph.end, reading.markers)
    if inner:
        paragraph.reason += (
            f"; the commentary marker {inner!r} starts an inner line: if paragraphs are "
            "separated by single line breaks, use paragraph_break='line break'"
        )
    return False


def quotation_goes_on(paragraph: Paragraph, reading: Reading) -> bool:
    """A paragraph that opens with a quotation mark after one that ended inside a
    quotation of the same section continues it: commentary does not continue a source's
    words, nor the other way round. A quotation not continued was never closed."""
    paragraph.continued = (
        reading.quote_open
        and reading.quote_section == paragraph.section
        and reading.text[paragraph.start] in OPENING_QUOTES
    )
    if reading.quote_open and not paragraph.continued:
        previous = next(seg for seg in reversed(reading.segments) if seg.quote_spans)
        previous.reason += _NEVER_CLOSED
    if paragraph.continued:
        paragraph.notes.append("continues the quotation of the previous paragraph")
    return False


def opening_dateline(paragraph: Paragraph, reading: Reading) -> bool:
    """The first reporting paragraph may open with a dateline ("MINSK, Belarus (AP) —")."""
    if paragraph.section != "reporting" or reading.seen_reporting:
        return False
    found = _DATELINE.match(reading.text, paragraph.start, paragraph.end)
    if found:
        paragraph.dateline = found.group("dateline").strip()
        paragraph.notes.append(f"opens with the dateline {paragraph.dateline!r}")
    reading.seen_reporting = True
    return False


def quotations(paragraph: Paragraph, reading: Reading) -> bool:
    """Find the paragraph's quotations, and whether one is still open at its end."""
    paragraph.quotes = find_quotes(
        reading.text, paragraph.start, paragraph.end, continued=paragraph.continued
    )
    reading.quote_open, reading.quote_section = paragraph.quotes.open_at_end, paragraph.section
    return False


def trailing_caption(paragraph: Paragraph, reading: Reading) -> bool:
    """A photo caption glued onto the end of a reporting paragraph (:func:`_caption`) is
    cut off the paragraph; a trailing fragment kept as reporting says why."""
    s, e, text = paragraph.start, paragraph.end, reading.text
    if paragraph.section != "reporting" or reading.quote_open or ends_like_sentence(text, s, e):
        return False
    paragraph.caption_at, paragraph.caption_why = _caption(text, sentence_spans(text, s, e))
    if paragraph.caption_at is None:
        if paragraph.caption_why:
            paragraph.notes.append(paragraph.caption_why)
        return False
    body_end = paragraph.caption_at
    while body_end > s and text[body_end - 1].isspace():
        body_end -= 1
    paragraph.body_end = body_end
    return False


def whole_caption(paragraph: Paragraph, reading: Reading) -> bool:
    """A paragraph that is all caption (a caption sentence and its credit) is a caption."""
    if paragraph.caption_at != paragraph.start:
        return False
    reading.segments.append(
        Segment(
            paragraph.number,
            "caption",
            paragraph.start,
            paragraph.end,
            reason=paragraph.caption_why,
        )
    )
    return True


def attribution(paragraph: Paragraph, reading: Reading) -> bool:
    """Who speaks in the paragraph, by the attribution in it ("he said", "said Jane Doe");
    a continued quotation without one keeps the speaker of the paragraph before."""
    paragraph.speaker, paragraph.attribution = find_attribution(
        reading.text, paragraph.start, paragraph.body_end, quotes=paragraph.quotes.spans
    )
    if paragraph.continued and not paragraph.speaker:
        paragraph.speaker = reading.segments[-1].speaker if reading.segments else ""
    return False


def quotation_after_lead_in(paragraph: Paragraph, reading: Reading) -> bool:
    """A paragraph that opens with a new quotation after a lead-in of the same section
    ("He added:") is that speaker's, unless it names its own."""
    lead_in, spans = paragraph.lead_in, paragraph.quotes.spans
    if (
        lead_in
        and lead_in[0] == paragraph.section
        and not paragraph.continued
        and spans
        and spans[0][0] == paragraph.start
    ):
        _, lead_speaker, phrase, number = lead_in
        if not paragraph.speaker:
            paragraph.speaker = lead_speaker
        paragraph.notes.append(
            f"a quotation introduced by the lead-in {phrase!r} of paragraph {number}"
        )
    return False


def lead_in_at_end(paragraph: Paragraph, reading: Reading) -> bool:
    """A paragraph ending in a lead-in ("Prime Minister Jane Doe said,") hands its
    speaker to the next paragraph (:func:`quotation_after_lead_in`)."""
    if reading.quote_open or paragraph.caption_at is not None:
        return False
    speaker, phrase = _lead_in(
        reading.text, paragraph.start, paragraph.body_end, paragraph.quotes.spans
    )
    if speaker:
        reading.lead_in = (paragraph.section, speaker, phrase, paragraph.number)
    return False


def reporting_or_commentary(paragraph: Paragraph, reading: Reading) -> bool:
    """What no rule before took is a row of its section, followed by the caption cut off
    its end, if any."""
    marked = paragraph.marked
    reading.segments.append(
        Segment(
            paragraph.number,
            paragraph.section,
            paragraph.start,
            paragraph.body_end,
            reading.text[marked[0] : marked[1]] if marked else "",
            "; ".join([paragraph.reason, *paragraph.notes]),
            paragraph.continued,
            paragraph.quotes.spans,
            paragraph.speaker,
            paragraph.attribution,
            paragraph.dateline,
        )
    )
    if paragraph.caption_at is not None:
        reading.segments.append(
            Segment(
                paragraph.number,
                "caption",
                paragraph.caption_at,
                paragraph.end,
                reason=paragraph.caption_why,
            )
        )
    return True


# Every paragraph goes through these in order, until one labels it (returns True).
PARAGRAPH_RULES = (
    commentary_marker,
    marker_standing_alone,
    count_paragraph,
    after_marker_standing_alone,
    byline_near_top,
    agency_credit,
    tagline_near_end,
    separator,
    site_furniture,
    inner_marker_hint,
    quotation_goes_on,
    opening_dateline,
    quotations,
    trailing_caption,
    whole_caption,
    attribution,
    quotation_after_lead_in,
    lead_in_at_end,
    reporting_or_commentary,
)


# --- once every paragraph is labelled ---------------------------------------------------


def marker_left_alone(reading: Reading) -> None:
    """A marker standing alone with nothing after it to mark is kept as text ("other")."""
    if reading.alone:
        reading.number += 1
        start, end, name = reading.alone
        reading.segments.append(
            Segment(
                reading.number,
                "other",
                start,
                end,
                reason=f"the commentary marker {name!r} with nothing after it to mark: "
                "kept as text",
            )
        )
        reading.alone = None


def quotation_never_closed(reading: Reading) -> None:
    """A quotation still open at the end of the article says so where it opened."""
    if reading.quote_open:
        last = next(seg for seg in reversed(reading.segments) if seg.quote_spans)
        last.reason += _NEVER_CLOSED


def speakers_carried_back(reading: Reading) -> None:
    """A quotation running over paragraphs is often attributed only in its last one: the
    speaker goes back to the paragraphs it continues."""
    segments = reading.segments
    for previous, current in zip(reversed(segments[:-1]), reversed(segments[1:]), strict=True):
        if current.quote_continued and not previous.speaker:
            previous.speaker = current.speaker


def pronouns_resolved(reading: Reading) -> None:
    """ "he said" after a paragraph naming a person is that person (``attribution`` keeps
    "he")."""
    speakers = resolve_pronouns([seg.speaker for seg in reading.segments], text=reading.text)
    for seg, speaker in zip(reading.segments, speakers, strict=True):
        seg.speaker = speaker


ARTICLE_RULES = (
    marker_left_alone,
    quotation_never_closed,
    speakers_carried_back,
    pronouns_resolved,
)


def title_segment(
    reading: Reading, blocks: list[tuple[int, int]], title_line: bool | None
) -> list[tuple[int, int]]:
    """Add the title segment, if the first block starts with one, and return the blocks
    left to label (the rest of the first block, then the others).

    ``title_line``: ``True`` treats the first line as a title, ``False`` never does,
    ``None`` decides with :func:`find_title` (a paragraph that starts with a marker is
    never a title) or :func:`_title_before_marker`.
    """
    if title_line is False or not blocks:
        return blocks
    text, markers = reading.text, reading.markers
    found = None
    if title_line or _marker_at(markers, text, *blocks[0]) is None:
        found = find_title(text, blocks=blocks)
    if found is None and title_line:
        s, e = blocks[0]
        line_break = LINE_BREAK.search(text, s, e)
        found = (s, line_break.start() if line_break else e, "first line (title_line=True)")
    if found is None and title_line is None:
        found = _title_before_marker(text, blocks[0], markers)
    if found is None:
        return blocks
    s, e, why = found
    reading.segments.append(Segment(0, "title", s, e, reason=why))
    rest = blocks[0][1]
    while e < rest and (text[e].isspace() or text[e] in INVISIBLE):
        e += 1
    return ([(e, rest)] if e < rest else []) + blocks[1:]


def segment_article(
    text: str,
    *,
    body_start: int = 0,
    markers: re.Pattern[str] | None,
    title_line: bool | None = None,
    by_line: bool = False,
) -> list[Segment]:
    """Split one article into labelled segments (title, paragraphs, captions).

    The title comes first (:func:`title_segment`); then every paragraph goes through
    :data:`PARAGRAPH_RULES` in order until one labels it, and :data:`ARTICLE_RULES`
    finish the article. ``title_line``: ``True`` treats the first line as a title,
    ``False`` never does, ``None`` decides. ``by_line``: every line is a paragraph (for
    files without blank lines between paragraphs).

    Only white space and the ``marker`` of the next segment lie between segments: a
    commentary segment's ``marker`` is all that its paragraph lost, decoration (``> ``,
    ``3. ``, ``(``) and markers standing alone before it included.
    """
    reading = Reading(text, markers, by_line)
    blocks = paragraph_blocks(text, body_start, by_line=by_line)
    blocks = title_segment(reading, blocks, title_line)
    reading.n_blocks = len(blocks)
    for start, end in blocks:
        paragraph = Paragraph(start, end)
        for rule in PARAGRAPH_RULES:
            if rule(paragraph, reading):
                break
    for rule in ARTICLE_RULES:
        rule(reading)
    return reading.segments


def voice_of(section: str, quote_chars: int, length: int) -> str:
    """The voice of a segment or sentence: quote when most of its characters are quoted."""
    if section == "reporting":
        return "quote" if length and quote_chars * 2 >= length else "narration"
    return section
