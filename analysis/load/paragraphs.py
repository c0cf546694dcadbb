"""Paragraphs: split an article into labelled segments (title, byline, reporting,
commentary, caption) and say who speaks in each.

Every segment keeps ``start``/``end`` character offsets into the article's ``text``, so
``text[start:end]`` is the segment as written and a reader can audit each label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .quotes import OPENING_QUOTES, find_quotes
from .sentences import sentence_spans
from .speakers import find_attribution
from .text import LINE_BREAK, WORD, ends_like_sentence, ends_with_full_stop, paragraph_blocks

__all__ = [
    "SECTIONS",
    "TITLE_MAX_WORDS",
    "VOICES",
    "Segment",
    "find_title",
    "segment_article",
    "voice_of",
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
    r"(?:photo|image|picture|video)\s*(?:credit)?\s*:.*|"
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
        found = markers.match(text, line_break.end(), end)
        if found:
            return found.group("marker")
    return ""


def _caption_start(text: str, spans: list[tuple[int, int]]) -> int | None:
    """Start of a trailing caption fragment glued on after the last full sentence."""
    if len(spans) < 2:
        return None
    s, e = spans[-1]
    fragment = text[s:e]
    if _PHOTO_CREDIT.match(fragment):
        return s
    if LINE_BREAK.search(fragment) or fragment.lstrip().startswith(("-", "*", "•")):
        return None  # a list or lines of their own, not a caption
    if ends_like_sentence(text, s, e) or not fragment[:1].isupper():
        return None
    if any(ch in fragment for ch in '"“”«»'):
        return None
    if len(WORD.findall(fragment)) > 40:
        return None
    return s


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


def segment_article(
    text: str,
    *,
    body_start: int = 0,
    markers: re.Pattern[str] | None,
    title_line: bool | None = None,
    by_line: bool = False,
) -> list[Segment]:
    """Split one article into labelled segments (title, paragraphs, captions).

    ``title_line``: ``True`` treats the first line as a title, ``False`` never does,
    ``None`` decides with :func:`find_title`. ``by_line``: every line is a paragraph
    (for files without blank lines between paragraphs).
    """
    segments: list[Segment] = []
    blocks = paragraph_blocks(text, body_start, by_line=by_line)
    if title_line is not False and blocks:
        found = find_title(text, blocks=blocks)
        if found is None and title_line:
            s, e = blocks[0]
            line_break = LINE_BREAK.search(text, s, e)
            found = (s, line_break.start() if line_break else e, "first line (title_line=True)")
        if found is not None:
            s, e, why = found
            segments.append(Segment(0, "title", s, e, reason=why))
            rest = blocks[0][1]
            while e < rest and text[e].isspace():
                e += 1
            blocks = ([(e, rest)] if e < rest else []) + blocks[1:]

    quote_open = False
    quote_section = ""
    seen_reporting = False
    lone_marker = ""
    number = 0
    for s, e in blocks:
        marker = ""
        section = "reporting"
        reason = "no commentary marker"
        if markers is not None:
            found_marker = markers.match(text, s, e)
            if found_marker:
                marker = found_marker.group("marker")
                section = "commentary"
                reason = f"starts with the commentary marker {marker!r}"
                s = found_marker.end()
        if s >= e:
            # A marker alone on its paragraph marks the next one.
            lone_marker = marker
            continue
        number += 1
        if lone_marker:
            marker, section, lone_marker = lone_marker, "commentary", ""
            reason = f"follows the commentary marker {marker!r} standing alone"
        near_end = number > len(blocks) - 3
        if section == "reporting" and number <= 3 and _BYLINE.match(text, s, e):
            segments.append(Segment(number, "byline", s, e, reason="a short 'By ...' line"))
            continue
        if section == "reporting" and _is_credit(text, s, e):
            segments.append(Segment(number, "byline", s, e, reason="an agency credit line"))
            continue
        if (
            section == "reporting"
            and near_end
            and e - s < 300
            and _TAGLINE_HINT.search(text, s, e)
            and _TAGLINE.match(text, s, e)
        ):
            segments.append(Segment(number, "byline", s, e, reason="a tagline or contributor line"))
            continue
        if _SEPARATOR.match(text, s, e):
            segments.append(Segment(number, "other", s, e, reason="a separator without words"))
            continue
        if section == "reporting" and e - s < 120 and _FURNITURE.match(text, s, e):
            segments.append(
                Segment(number, "other", s, e, reason="site furniture: a link, label or timestamp")
            )
            continue
        if section == "reporting" and markers is not None and not by_line:
            inner = _inner_marker(text, s, e, markers)
            if inner:
                reason += (
                    f"; the commentary marker {inner!r} starts an inner line: if paragraphs are "
                    "separated by single line breaks, use paragraph_break='line break'"
                )
        dateline = ""
        if section == "reporting" and not seen_reporting:
            found_dateline = _DATELINE.match(text, s, e)
            if found_dateline:
                dateline = found_dateline.group("dateline").strip()
            seen_reporting = True

        # A quotation goes on only within the same section: commentary does not continue
        # a source's words, nor the other way round.
        continued = quote_open and quote_section == section and text[s] in OPENING_QUOTES
        notes = []
        if quote_open and not continued:
            previous = next(seg for seg in reversed(segments) if seg.quote_spans)
            previous.reason += (
                "; a quotation opened here is never closed (counted to the paragraph end)"
            )
        if continued:
            notes.append("continues the quotation of the previous paragraph")
        if dateline:
            notes.append(f"opens with the dateline {dateline!r}")
        quotes = find_quotes(text, s, e, continued=continued)
        quote_open, quote_section = quotes.open_at_end, section

        caption_at = None
        if section == "reporting" and not quote_open and not ends_like_sentence(text, s, e):
            caption_at = _caption_start(text, sentence_spans(text, s, e))
        body_end = e
        if caption_at is not None:
            body_end = caption_at
            while body_end > s and text[body_end - 1].isspace():
                body_end -= 1
        speaker, attribution = find_attribution(text, s, body_end, quotes=quotes.spans)
        if continued and not speaker:
            speaker = segments[-1].speaker if segments else ""
        segment = Segment(
            number,
            section,
            s,
            body_end,
            marker,
            "; ".join([reason, *notes]),
            continued,
            quotes.spans,
            speaker,
            attribution,
            dateline,
        )
        segments.append(segment)
        if caption_at is not None:
            segments.append(
                Segment(
                    number,
                    "caption",
                    caption_at,
                    e,
                    reason="trailing fragment without closing punctuation after the last "
                    "full sentence: a photo caption glued onto the paragraph",
                )
            )
    if quote_open:
        last = next(seg for seg in reversed(segments) if seg.quote_spans)
        last.reason += "; a quotation opened here is never closed (counted to the paragraph end)"
    # A quotation running over paragraphs is often attributed only in its last one.
    for previous, current in zip(reversed(segments[:-1]), reversed(segments[1:]), strict=True):
        if current.quote_continued and not previous.speaker:
            previous.speaker = current.speaker
    return segments


def voice_of(section: str, quote_chars: int, length: int) -> str:
    """The voice of a segment or sentence: quote when most of its characters are quoted."""
    if section == "reporting":
        return "quote" if length and quote_chars * 2 >= length else "narration"
    return section
