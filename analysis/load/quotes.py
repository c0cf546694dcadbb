"""Quotations: the stretches of a paragraph in quotation marks, including quotes that run
over paragraphs in the newswire style and British single quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["OPENING_QUOTES", "Quotes", "find_quotes", "overlap"]


_DOUBLE_OPEN = "“«"


_DOUBLE_CLOSE = "”»"


OPENING_QUOTES = '"“«‘'


# Also typewriter pairs: ``...'' (opening and closing).
_QUOTE_MARK = re.compile("''|``|[\"“”«»‘’]")


_PAIRS = {"''": "”", "``": "“"}


@dataclass
class Quotes:
    spans: list[tuple[int, int]] = field(default_factory=list)
    open_at_end: bool = False


def find_quotes(text: str, start: int, end: int, *, continued: bool) -> Quotes:
    """Find quoted stretches in ``text[start:end]`` (offsets into ``text``).

    ``continued`` says the paragraph continues a quotation left open by the
    previous one; its opening mark then re-opens that quotation.
    Double quotes (straight or curly, guillemets) may stay open at the paragraph end;
    curly single quotes count only when they close within the paragraph, since ``’``
    is also the apostrophe.
    """
    result = Quotes()
    inside = continued
    opened = start
    i = start
    single_reopened = None
    if continued:
        while i < end and text[i].isspace():
            i += 1
        if i < end and text[i] == "‘":
            inside, single_reopened = False, i  # a single-quoted quotation goes on
        if i < end and text[i] in OPENING_QUOTES:
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


def _single_quotes(text: str, start: int, end: int, reopened: int | None, result: Quotes) -> None:
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


def overlap(spans: Iterable[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
