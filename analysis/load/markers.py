"""Commentary markers: the pattern that finds ``Comment:`` at a paragraph's start, and hints
at markers the user has not listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import INVISIBLE

__all__ = ["DEFAULT_MARKERS", "compile_markers", "unlisted_markers"]


DEFAULT_MARKERS: tuple[str, ...] = ("Comment:",)


def compile_markers(
    markers: str | Sequence[str] | None = DEFAULT_MARKERS, *, marker_regex: str | None = None
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
    prefix = rf"(?:[\s{INVISIBLE}]|>|[-*•]\s|\d{{1,3}}[.)]\s|#+\s|[“\"(\[])*"
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
