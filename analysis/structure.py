"""Split an article's text into paragraphs and sentences, and label who speaks in each.

Every row keeps ``start``/``end`` character offsets into the article's ``text``, so
``text[start:end]`` is the row's text as written and a reader can audit each label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .sentences import sentence_spans

DEFAULT_MARKERS: tuple[str, ...] = ("Comment:",)

# Sections (what kind of segment) and voices (who speaks in it).
SECTIONS = ("title", "byline", "reporting", "commentary", "caption", "other")
VOICES = ("narration", "quote", "commentary", "title", "byline", "caption", "other")

# One line break is \r\n, \r or \n; "\r\n" is never two of them.
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
# Invisible format characters (zero-width space, word joiner, BOM, soft hyphen) that
# scraped text carries: a line of them is blank, and they may stand before a marker.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_BLANK = rf"(?:[^\S\r\n]|[{_INVISIBLE}])"
_PARAGRAPH_BREAK = re.compile(rf"{_BREAK}(?:{_BLANK}*{_BREAK})+")
_LINE_BREAKS = re.compile(rf"{_BREAK}(?:{_BLANK}*{_BREAK})*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A word: letters or digits, with inner apostrophes ("don't"); the one definition of
# a word used for every count in the project.
WORD = re.compile(r"\w+(?:['’]\w+)*")
_TERMINAL = ".!?…:;"
_CLOSING_MARKS = "\"'”’)]»"

# --- commentary markers -----------------------------------------------------------


def compile_markers(
    markers: str | Sequence[str] | None = DEFAULT_MARKERS, marker_regex: str | None = None
) -> re.Pattern[str] | None:
    """Build the pattern that finds a commentary marker at the start of a paragraph.

    Literal markers match case-insensitively, tolerate space before their final
    punctuation (``Comment :``), any run of white space between words, curly or
    straight apostrophes, and Markdown bold around them (``**Comment:**``).
    ``marker_regex`` adds a regular expression of your own (also anchored at the
    paragraph start, case-insensitive).

    >>> bool(compile_markers(["Comment:"]).match("COMMENT : it is"))
    True
    """
    if isinstance(markers, str):
        markers = [markers]
    alternatives = [_literal_marker(m) for m in (markers or ()) if m.strip()]
    if marker_regex:
        try:
            re.compile(marker_regex)
        except re.error as err:
            raise ValueError(
                f"marker_regex {marker_regex!r} is not a valid regular expression ({err}); "
                "fix it or pass plain markers instead"
            ) from None
        alternatives.append(f"(?:{marker_regex})")
    if not alternatives:
        return None
    # Before the marker: white space, invisible characters, and the decoration of scraped
    # text: a quote ("> "), a bullet ("- ", "* ", "• "), a number ("3. "), a heading ("## "),
    # an opening quotation mark or bracket, Markdown emphasis.
    prefix = rf"(?:[\s{_INVISIBLE}]|>|[-*•]\s|\d{{1,3}}[.)]\s|#+\s|[“\"(\[])*"
    return re.compile(
        rf"{prefix}(?:\*\*|__|\*|_)?(?P<marker>{'|'.join(alternatives)})(?:\*\*|__|\*|_)?\s*",
        re.IGNORECASE,
    )


def _literal_marker(marker: str) -> str:
    parts = []
    for ch in marker.strip():
        if ch.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "'’":
            parts.append("['’]")
        elif ch in ":：":  # "Comment :", "**Comment**:", and the full-width colon
            parts.append(r"(?:\*\*|__|\*)?\s*[:：]")
        elif ch in "-–—.|>":
            parts.append(r"(?:\*\*|__|\*)?\s*" + re.escape(ch))
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


# --- quotations ---------------------------------------------------------------------

_DOUBLE_OPEN = "“«"
_DOUBLE_CLOSE = "”»"
_ANY_OPENING = '"“«‘'
# Also typewriter pairs: ``...'' (opening and closing).
_QUOTE_MARK = re.compile("''|``|[\"“”«»‘’]")
_PAIRS = {"''": "”", "``": "“"}


@dataclass
class _Quotes:
    spans: list[tuple[int, int]] = field(default_factory=list)
    open_at_end: bool = False


def _find_quotes(text: str, start: int, end: int, *, continued: bool) -> _Quotes:
    """Find quoted stretches in ``text[start:end]`` (offsets into ``text``).

    ``continued`` says the paragraph continues a quotation left open by the
    previous one; its opening mark then re-opens that quotation.
    Double quotes (straight or curly, guillemets) may stay open at the paragraph end;
    curly single quotes count only when they close within the paragraph, since ``’``
    is also the apostrophe.
    """
    result = _Quotes()
    inside = continued
    opened = start
    i = start
    single_reopened = None
    if continued:
        while i < end and text[i].isspace():
            i += 1
        if i < end and text[i] == "‘":
            inside, single_reopened = False, i  # a single-quoted quotation goes on
        if i < end and text[i] in _ANY_OPENING:
            i += 1  # the newswire re-opening mark
    for mark in _QUOTE_MARK.finditer(text, i, end):
        pos = mark.start()
        ch = _PAIRS.get(mark.group(), mark.group())
        if ch == '"':
            if inside:
                result.spans.append((opened, pos + 1))
                inside = False
            else:
                opened, inside = pos, True
        elif ch in _DOUBLE_OPEN:
            if not inside:
                opened, inside = pos, True
        elif ch in _DOUBLE_CLOSE:
            if inside:
                result.spans.append((opened, mark.end()))
                inside = False
            elif pos + 1 < end and text[pos + 1].isalpha():
                opened, inside = pos, True  # a closing mark typed where an opening one belongs
    if inside:
        result.spans.append((opened, end))
        result.open_at_end = True
    elif single_reopened is not None or "‘" in text[i:end]:
        _single_quotes(text, i, end, single_reopened, result)
    return result


_SINGLE_OPEN = re.compile(r"(?<![\w’'])‘(?=[^\W\d_])")


def _single_quotes(text: str, start: int, end: int, reopened: int | None, result: _Quotes) -> None:
    """Add quotations in curly single quotes (British style) outside double quotes.

    ``’`` is also the apostrophe ("China’s", "farmers’ fields"), so a quotation runs
    from an opening ``‘`` to the *last* ``’`` before the next opening ``‘`` that is
    not followed by a letter. An opening ``‘`` with no such ``’`` stays open to the
    paragraph end, to be continued by the next paragraph; ``reopened`` is where this
    paragraph re-opens one left open by the previous paragraph.
    """
    doubles = list(result.spans)
    openings = [m.start() for m in _SINGLE_OPEN.finditer(text, start, end)]
    openings = [o for o in openings if not any(s <= o < e for s, e in doubles)]
    if reopened is not None:
        openings.insert(0, reopened)
    for index, opening in enumerate(openings):
        limit = openings[index + 1] if index + 1 < len(openings) else end
        closing = None
        for pos in range(limit - 1, opening, -1):
            if text[pos] == "’" and (pos + 1 >= end or not text[pos + 1].isalpha()):
                closing = pos
                break
        if closing is not None:
            result.spans.append((opening, closing + 1))
        elif index + 1 == len(openings):
            result.spans.append((opening, end))
            result.open_at_end = True
    result.spans.sort()


def _overlap(spans: Iterable[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)


# --- attribution --------------------------------------------------------------------

_TITLE_WORDS = "Dr|Mr|Mrs|Ms|Prof|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Adm|Maj|Rev|St"
# A name word: a title with its full stop, initials ("J.K."), or a capitalised word.
_NAME_WORD = rf"(?:(?:{_TITLE_WORDS})\.|[A-Z]\.(?:[A-Z]\.)*|[A-Z][\w'’-]*)"
# At most seven words: bounded, so a long run of capitalised words cannot make the
# search quadratic.
_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:al|bin|de|del|da|van|von|der|le|la|of)\s+)?{_NAME_WORD}){{0,6}}"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|him|her|them)"
_VERBS = (
    r"said|says|told|tells|added|adds|stated|noted|warned|insisted|explained|argued|declared|"
    r"wrote|writes|tweeted|claimed|asked|replied|announced|stressed|urged|remarked|"
    r"acknowledged|admitted|emphasi[sz]ed|commented|pointed\s+out"
)
# After the verb, "told X" and "asked X" name the listener, not the speaker.
_VERBS_BEFORE_NAME = _VERBS.replace("told|tells|", "").replace("asked|", "")
# "the foreign ministry", "A spokesperson for the council", "Taiwan's defence ministry"
_DESCRIBED = r"(?:(?:[Tt]he|[Aa]n?)\s+|[A-Z][\w-]*['’]s\s+)(?:[\w'’-]+\s+){0,3}?[a-z][\w-]*"
# (rank, where to look, reach, pattern): lower ranks win; within a rank, the earliest
# match. Where to look: "before" or "after" a speech verb, within ``reach`` characters
# of it (which keeps long paragraphs cheap), "comma_before_verb": before a verb that follows a
# comma, or the whole text when it holds the key word.
_ATTRIBUTIONS: tuple[tuple[int, str, int, re.Pattern[str]], ...] = (
    (0, "quoted", 0, re.compile(
        rf"(?:{_NAME}\s+)?\bquoted\s+(?P<who>(?:the\s+)?{_NAME}|{_PRONOUN})\s+as\s+saying")),
    (0, "quoted", 0, re.compile(
        rf"(?<![\w'’])(?P<who>{_NAME}|{_DESCRIBED})\s+(?:was|were)\s+quoted\s+as\s+saying")),
    (1, "before", 60, re.compile(rf"(?<![\w'’])(?P<who>{_NAME}|{_PRONOUN})\s+(?:{_VERBS})\b")),
    (1, "after", 80, re.compile(rf"\b(?:{_VERBS_BEFORE_NAME})\s+(?P<who>(?:the\s+)?{_NAME})")),
    # "..., said the mayor." (a described speaker after the verb, then punctuation)
    (1, "after", 40, re.compile(
        rf"\b(?:{_VERBS_BEFORE_NAME})\s+(?P<who>(?:the|a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
        r"(?=\s*[.,;:!?]|$)")),
    (1, "before", 70, re.compile(rf"(?<![\w'’])(?P<who>{_DESCRIBED})\s+(?:{_VERBS})\b")),
    # "Lopez, a retired teacher, said" and "a state official, who declined to be named, said"
    (1, "comma_before_verb", 160, re.compile(
        rf"(?<![\w'’])(?P<who>{_NAME}|{_DESCRIBED}),\s+[^,\"“”]{{2,80}},\s+(?:{_VERBS})\b")),
    (2, "ccording", 0, re.compile(
        r"\b[Aa]ccording\s+to\s+(?P<who>[^,.;:!?\"“”()]{2,80}?)(?=\s*[,.;:!?\"“”(]|$)")),
)  # fmt: skip
_SPEECH_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_NOT_SPEAKERS = frozenset(
    """the a an but and or so in on at as if it this that these those when while after
    before meanwhile however also still then now later earlier yet instead separately
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december comment""".split()
)


def _clean_speaker(who: str) -> str:
    words = who.split()
    while len(words) > 1 and words[0].lower() in _NOT_SPEAKERS - {"the", "a", "an"}:
        words.pop(0)
    if not words or (len(words) == 1 and words[0].lower() in _NOT_SPEAKERS - {"it"}):
        return ""
    return " ".join(words).rstrip(".")


def find_attribution(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    quotes: Sequence[tuple[int, int]] = (),
) -> tuple[str, str]:
    """Return ``(speaker, attribution)`` for the strongest attribution in ``text[start:end]``.

    The speaker is given as written (``"Xi"``, ``"he"``, ``"Belarusian Defence Minister
    Viktor Khrenin"``); the attribution is the phrase that named them. Matches that
    start inside ``quotes`` (spans of quoted text) are words of the quotation, not an
    attribution, and are skipped. ``("", "")`` when no pattern matches.

    >>> find_attribution("Xinhua quoted Xi as saying.")
    ('Xi', 'Xinhua quoted Xi as saying')
    >>> find_attribution('"I told him," said Maria Lopez.', quotes=[(0, 14)])
    ('Maria Lopez', 'said Maria Lopez')
    """
    end = len(text) if end is None else end
    verbs = [m.span() for m in _SPEECH_VERB.finditer(text, start, end)]
    whole = text[start:end]
    if not verbs and "quoted" not in whole and "ccording" not in whole:
        return "", ""
    best: tuple[int, int, str, str] | None = None
    for rank, where, reach, pattern in _ATTRIBUTIONS:
        if best is not None and rank > best[0]:
            break
        if where == "before":
            windows = [(max(start, v0 - reach), v1) for v0, v1 in verbs]
        elif where == "comma_before_verb":  # "Lopez, a retired teacher, said"
            windows = [
                (max(start, v0 - reach), v1)
                for v0, v1 in verbs
                if text[max(start, v0 - 3) : v0].rstrip().endswith(",")
            ]
        elif where == "after":
            windows = [(v0, min(end, v1 + reach)) for v0, v1 in verbs]
        else:
            windows = [(start, end)] if where in whole else []
        for w0, w1 in windows:
            if best is not None and w0 > best[1]:
                break  # a later window cannot hold an earlier match
            # After a verb, the match starts at the verb: no need to scan the window.
            match = _first_outside(pattern, text, w0, w1, quotes, anchored=where == "after")
            if match is not None and (best is None or (rank, match[0]) < best[:2]):
                best = (rank, *match)
                break
    if best is None:
        return "", ""
    return best[2], best[3]


def _first_outside(
    pattern, text, start, end, quotes, *, anchored=False
) -> tuple[int, str, str] | None:
    """The first match whose speaker lies outside the quotations: (start, speaker, phrase)."""
    matches = [pattern.match(text, start, end)] if anchored else pattern.finditer(text, start, end)
    for match in matches:
        if match is None:
            continue
        where = match.start("who")
        if any(s <= where < e for s, e in quotes):
            continue
        who = _clean_speaker(match.group("who"))
        if who:
            return match.start(), who, match.group(0)
    return None


# --- titles, bylines, captions ------------------------------------------------------

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
_TITLE_MAX_WORDS = 25


def _blocks(text: str, start: int, *, by_line: bool = False) -> list[tuple[int, int]]:
    """Paragraph blocks of ``text[start:]``: text between blank lines (or, ``by_line``,
    between line breaks), white space and invisible characters trimmed."""
    blocks = []
    cursor = start
    for match in (_LINE_BREAKS if by_line else _PARAGRAPH_BREAK).finditer(text, start):
        blocks.append((cursor, match.start()))
        cursor = match.end()
    blocks.append((cursor, len(text)))
    trimmed = []
    for s, e in blocks:
        while s < e and (text[s].isspace() or text[s] in _INVISIBLE):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _INVISIBLE):
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _ends_like_sentence(text: str, start: int, end: int) -> bool:
    e = end
    while e > start and text[e - 1] in _CLOSING_MARKS:
        e -= 1
    return e > start and text[e - 1] in _TERMINAL


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
    blocks = _blocks(text, start) if blocks is None else blocks
    if not blocks:
        return None
    s, e = blocks[0]
    if _BYLINE.match(text, s, e) or _DATELINE.match(text, s, e):
        return None
    line_break = _LINE_BREAK.search(text, s, e)
    if line_break:
        line_end = line_break.start()
        if _BYLINE.match(text, s, line_end):
            return None
        following = text[line_break.end() : line_break.end() + 1]
        if following.islower():
            return None  # a hard-wrapped first paragraph: it goes on mid-sentence
        return s, line_end, "first line, followed directly by text: a title or keyword line"
    n_words = len(WORD.findall(text, s, e))
    if len(blocks) > 1 and n_words <= _TITLE_MAX_WORDS and not _ends_with_full_stop(text, s, e):
        return s, e, "short first line without a full stop: a title"
    return None


def _ends_with_full_stop(text: str, start: int, end: int) -> bool:
    """Ends with "." (closing quotes aside): a sentence; "?" and "!" end headlines too."""
    e = end
    while e > start and text[e - 1] in _CLOSING_MARKS:
        e -= 1
    return e > start and text[e - 1] in ".…:;"


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
    for line_break in _LINE_BREAK.finditer(text, start, end):
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
    if _LINE_BREAK.search(fragment) or fragment.lstrip().startswith(("-", "*", "•")):
        return None  # a list or lines of their own, not a caption
    if _ends_like_sentence(text, s, e) or not fragment[:1].isupper():
        return None
    if any(ch in fragment for ch in '"“”«»'):
        return None
    if len(WORD.findall(fragment)) > 40:
        return None
    return s


# --- one article --------------------------------------------------------------------


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
    blocks = _blocks(text, body_start, by_line=by_line)
    if title_line is not False and blocks:
        found = find_title(text, blocks=blocks)
        if found is None and title_line:
            s, e = blocks[0]
            line_break = _LINE_BREAK.search(text, s, e)
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
        continued = quote_open and quote_section == section and text[s] in _ANY_OPENING
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
        quotes = _find_quotes(text, s, e, continued=continued)
        quote_open, quote_section = quotes.open_at_end, section

        caption_at = None
        if section == "reporting" and not quote_open and not _ends_like_sentence(text, s, e):
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


_OPENING = re.compile(r"^[\W_]{0,3}([^\W\d_][\w'’]*(?:[ -][\w'’]+){0,2}\s?[:：])\s")


def _could_be_marker(opening: str) -> bool:
    """Not a dateline (``LONDON:``), an interview's ``Q:``/``A:`` or a lowercase word."""
    letters = [ch for ch in opening if ch.isalpha()]
    return len(letters) > 2 and opening[0].isupper() and not all(ch.isupper() for ch in letters)


def unlisted_markers(
    paragraphs, *, min_articles: int = 2, top: int = 3
) -> list[tuple[str, int, int]]:
    """Openings like ``Editor's note:`` or ``Analysis:`` that start paragraphs in several
    articles: a hint at a commentary marker the user has not listed (the paragraphs
    stay reporting). Returns ``(opening, paragraphs, articles)``, most articles first.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"article_id": ["a", "b", "b", "c"], "text": [
    ...     "Editor's note: shame.", "Editor’s note: worse.", "LONDON: rain.", "LONDON: sun."]})
    >>> unlisted_markers(rows)
    [("Editor's note:", 2, 2)]
    """
    paragraphs_with: dict[str, int] = {}
    articles_with: dict[str, set] = {}
    shown: dict[str, str] = {}
    for article, text in zip(paragraphs["article_id"], paragraphs["text"], strict=True):
        found = _OPENING.match(text)
        if not found or not _could_be_marker(found.group(1)):
            continue
        opening = found.group(1).replace("’", "'").replace("：", ":")
        key = opening.lower().replace(" :", ":")
        paragraphs_with[key] = paragraphs_with.get(key, 0) + 1
        articles_with.setdefault(key, set()).add(article)
        shown.setdefault(key, opening)
    ranked = sorted(articles_with, key=lambda k: (-len(articles_with[k]), -paragraphs_with[k], k))
    return [
        (shown[k], paragraphs_with[k], len(articles_with[k]))
        for k in ranked
        if len(articles_with[k]) >= min_articles
    ][:top]
