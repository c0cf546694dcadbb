"""Text primitives every stage shares: what a word is, line breaks, paragraph blocks.

``WORD`` is the one definition of a word used for every count in the project (``n_words``,
dictionary rates, style rates), so the numbers of different tables can be compared.
"""

from __future__ import annotations

import re

__all__ = [
    "INVISIBLE",
    "LINE_BREAK",
    "WORD",
    "ends_like_sentence",
    "ends_with_full_stop",
    "paragraph_blocks",
]


# One line break is \r\n, \r or \n; "\r\n" is never two of them.
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"


# Invisible format characters (zero-width space, word joiner, BOM, soft hyphen) that
# scraped text carries: a line of them is blank, and they may stand before a marker.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


_BLANK = rf"(?:[^\S\r\n]|[{INVISIBLE}])"


_PARAGRAPH_BREAK = re.compile(rf"{_BREAK}(?:{_BLANK}*{_BREAK})+")


_LINE_BREAKS = re.compile(rf"{_BREAK}(?:{_BLANK}*{_BREAK})*")


LINE_BREAK = re.compile(r"\r\n|\r|\n")


# A word: letters or digits, with inner apostrophes ("don't"); the one definition of
# a word used for every count in the project.
WORD = re.compile(r"\w+(?:['’]\w+)*")


_TERMINAL = ".!?…:;"


_CLOSING_MARKS = "\"'”’)]»"


def paragraph_blocks(text: str, start: int, *, by_line: bool = False) -> list[tuple[int, int]]:
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
        while s < e and (text[s].isspace() or text[s] in INVISIBLE):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in INVISIBLE):
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def ends_like_sentence(text: str, start: int, end: int) -> bool:
    e = end
    while e > start and text[e - 1] in _CLOSING_MARKS:
        e -= 1
    return e > start and text[e - 1] in _TERMINAL


def ends_with_full_stop(text: str, start: int, end: int) -> bool:
    """Ends with "." (closing quotes aside): a sentence; "?" and "!" end headlines too."""
    e = end
    while e > start and text[e - 1] in _CLOSING_MARKS:
        e -= 1
    return e > start and text[e - 1] in ".…:;"
