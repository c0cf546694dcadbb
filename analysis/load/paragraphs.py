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
    ``None`` decides with :func:`find_title` (a paragraph that starts with a marker is
    never a title). ``by_line``: every line is a paragraph (for files without blank
    lines between paragraphs).

    Only white space and the ``marker`` of the next segment lie between segments: a
    commentary segment's ``marker`` is all that its paragraph lost, decoration (``> ``,
    ``3. ``, ``(``) and markers standing alone before it included.
    """
    segments: list[Segment] = []
    blocks = paragraph_blocks(text, body_start, by_line=by_line)
    if title_line is not False and blocks:
        found = None
        if title_line or _marker_at(markers, text, *blocks[0]) is None:
            found = find_title(text, blocks=blocks)
        if found is None and title_line:
            s, e = blocks[0]
            line_break = LINE_BREAK.search(text, s, e)
            found = (s, line_break.start() if line_break else e, "first line (title_line=True)")
        if found is None and title_line is None:
            found = _title_before_marker(text, blocks[0], markers)
        if found is not None:
            s, e, why = found
            segments.append(Segment(0, "title", s, e, reason=why))
            rest = blocks[0][1]
            while e < rest and (text[e].isspace() or text[e] in INVISIBLE):
                e += 1
            blocks = ([(e, rest)] if e < rest else []) + blocks[1:]

    quote_open = False
    quote_section = ""
    seen_reporting = False
    # Markers standing alone, waiting for the paragraph they mark: (start, end, first marker).
    alone: tuple[int, int, str] | None = None
    # A lead-in that ended the previous paragraph: (section, speaker, phrase, paragraph).
    lead_in: tuple[str, str, str, int] | None = None
    number = 0
    for s, e in blocks:
        section = "reporting"
        reason = "no commentary marker"
        marked: tuple[int, int] | None = None  # where the marker lies
        found_marker = _marker_at(markers, text, s, e)
        if found_marker:
            core = found_marker.group("marker")
            marked = (s, _trim_end(text, s, found_marker.end()))
            section = "commentary"
            reason = f"starts with the commentary marker {core!r}"
            s = found_marker.end()
        if s >= e:
            # A marker alone on its paragraph marks the next one.
            alone = (alone[0], marked[1], alone[2]) if alone else (*marked, core)
            continue
        number += 1
        if alone:
            if marked:
                reason += f", after the marker {alone[2]!r} standing alone before it"
            else:
                section = "commentary"
                reason = f"follows the commentary marker {alone[2]!r} standing alone"
            marked = (alone[0], marked[1] if marked else alone[1])
            alone = None
        marker = text[marked[0] : marked[1]] if marked else ""
        previous_lead_in, lead_in = lead_in, None
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
        # A marked paragraph stays commentary whatever follows its marker ("Comment: ???").
        if section == "reporting" and _SEPARATOR.match(text, s, e):
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
            caption_at, why = _caption(text, sentence_spans(text, s, e))
            if caption_at is None and why:
                notes.append(why)
        if caption_at == s:  # the whole paragraph is a caption and its credit
            segments.append(Segment(number, "caption", s, e, reason=why))
            continue
        body_end = e
        if caption_at is not None:
            body_end = caption_at
            while body_end > s and text[body_end - 1].isspace():
                body_end -= 1
        speaker, attribution = find_attribution(text, s, body_end, quotes=quotes.spans)
        if continued and not speaker:
            speaker = segments[-1].speaker if segments else ""
        if (
            previous_lead_in
            and previous_lead_in[0] == section
            and not continued
            and quotes.spans
            and quotes.spans[0][0] == s
        ):
            _, lead_speaker, phrase, paragraph = previous_lead_in
            if not speaker:
                speaker = lead_speaker
            notes.append(
                f"a quotation introduced by the lead-in {phrase!r} of paragraph {paragraph}"
            )
        if not quote_open and caption_at is None:
            found_lead_in = _lead_in(text, s, body_end, quotes.spans)
            if found_lead_in[0]:
                lead_in = (section, *found_lead_in, number)
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
            segments.append(Segment(number, "caption", caption_at, e, reason=why))
    if alone:
        number += 1
        segments.append(
            Segment(
                number,
                "other",
                alone[0],
                alone[1],
                reason=f"the commentary marker {alone[2]!r} with nothing after it to mark: "
                "kept as text",
            )
        )
    if quote_open:
        last = next(seg for seg in reversed(segments) if seg.quote_spans)
        last.reason += "; a quotation opened here is never closed (counted to the paragraph end)"
    # A quotation running over paragraphs is often attributed only in its last one.
    for previous, current in zip(reversed(segments[:-1]), reversed(segments[1:]), strict=True):
        if current.quote_continued and not previous.speaker:
            previous.speaker = current.speaker
    # "he said" after a paragraph naming a person is that person (``attribution`` keeps "he").
    speakers = resolve_pronouns([seg.speaker for seg in segments], text=text)
    for seg, speaker in zip(segments, speakers, strict=True):
        seg.speaker = speaker
    return segments


def voice_of(section: str, quote_chars: int, length: int) -> str:
    """The voice of a segment or sentence: quote when most of its characters are quoted."""
    if section == "reporting":
        return "quote" if length and quote_chars * 2 >= length else "narration"
    return section
