"""Commentary markers: the pattern that finds ``Comment:`` at a paragraph's start, and hints
at markers the user has not listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .quotes import OPENING_QUOTES
from .text import INVISIBLE

__all__ = [
    "DEFAULT_MARKERS",
    "MarkerHints",
    "compile_markers",
    "marker_hints",
    "marker_summary",
    "merge_marker_summaries",
    "unlisted_markers",
]


DEFAULT_MARKERS: tuple[str, ...] = ("Comment:",)


_EMPHASIS = r"(?:\*\*|__|\*|_)"


# Before the marker: white space, invisible characters, and the decoration of scraped text:
# a quote ("> "), a bullet ("- ", "* ", "• "), a number ("3. "), a heading ("## "), an
# opening quotation mark or bracket, Markdown emphasis.
_PREFIX = rf"(?:[\s{INVISIBLE}]|>|[-*•]\s|\d{{1,3}}[.)]\s|#+\s|[“\"(\[])*{_EMPHASIS}?"


# A marker that ends in a letter or digit ("Comment") takes the colon or dash that follows
# it in the text ("Comment:", "Comment —"): the punctuation belongs to the marker.
_OWN_PUNCTUATION = rf"(?:(?<=[^\W_]){_EMPHASIS}?[^\S\r\n]*(?:[:：]|[-–—|]{{1,2}}(?!\S)))?"


# ... and must end there: "Comment" is not the start of "Commentators" or "Comment's".
_WORD_ENDS = r"(?!(?<=[^\W_])(?:[^\W_]|['’][^\W_]))"


def compile_markers(
    markers: str | Sequence[str] | None = DEFAULT_MARKERS, *, marker_regex: str | None = None
) -> re.Pattern[str] | None:
    """Build the pattern that finds a commentary marker at the start of a paragraph.

    Literal markers match case-insensitively, tolerate space before their final
    punctuation (``Comment :``), any run of white space between words, curly or
    straight apostrophes, and Markdown bold around them (``**Comment:**``). A marker
    ends at a word's end: ``Comment`` takes the colon that follows it (``Comment:``)
    and never matches the start of ``Commentators``. ``marker_regex`` adds a regular
    expression of your own (also anchored at the paragraph start, case-insensitive;
    a leading ``(?i)``-style flag applies to it alone).

    The whole match, decoration included, is what the paragraph loses; the group
    ``marker`` is the marker itself.

    >>> bool(compile_markers(["Comment:"]).match("COMMENT : it is"))
    True
    >>> compile_markers(["Comment"]).match("Commentators said so.") is None
    True
    """
    if isinstance(markers, str):
        markers = [markers]
    alternatives = [_literal_marker(m) for m in (markers or ()) if m.strip()]
    if marker_regex:
        alternatives.append(_user_regex(marker_regex))
    if not alternatives:
        return None
    pattern = (
        rf"{_PREFIX}(?P<marker>(?:{'|'.join(alternatives)}){_OWN_PUNCTUATION}){_WORD_ENDS}"
        rf"{_EMPHASIS}?[\s{INVISIBLE}]*"
    )
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:  # what _user_regex could not make fit
        raise ValueError(
            f"marker_regex {marker_regex!r} compiles alone but not inside the marker pattern "
            f"({err.msg}); write it without global flags, named groups or backreferences"
        ) from None


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


_GLOBAL_FLAGS = re.compile(r"\(\?([aimsux]+)\)")  # (?L) does not compile on text


# Where a user's pattern defines or refers to a group named "marker", the pattern's own name.
_GROUP_NAMED_MARKER = re.compile(r"\(\?P<marker>|\(\?P=marker\)|\(\?\(marker\)")


def _user_regex(marker_regex: str) -> str:
    """The user's ``marker_regex``, checked and rewritten to sit inside the marker pattern.

    Leading global flags (``(?i)``) become a group of their own (``(?i:...)``), since
    global flags are allowed only at the start of the whole pattern; numbered
    backreferences (``\\1``) move up by one, past the pattern's own ``marker`` group;
    a group the user named ``marker`` is renamed.
    """
    try:
        compiled = re.compile(marker_regex)
    except re.error as err:
        raise ValueError(
            f"marker_regex {marker_regex!r} is not a valid regular expression ({err}); "
            "fix it or pass plain markers instead"
        ) from None
    if compiled.fullmatch(""):
        raise ValueError(
            f"marker_regex {marker_regex!r} matches an empty text, so it would mark every "
            "paragraph as commentary; make it match the marker's words (e.g. r'opinion:')"
        )
    flags, rest = "", marker_regex
    while found := _GLOBAL_FLAGS.match(rest):
        flags, rest = flags + found.group(1), rest[found.end() :]
    rest = _shift_groups(rest, by=1)
    if "marker" in compiled.groupindex:
        taken = set(compiled.groupindex)
        name = next(f"marker{n}" for n in range(1, len(taken) + 2) if f"marker{n}" not in taken)
        rest = _GROUP_NAMED_MARKER.sub(lambda m: m.group(0).replace("marker", name), rest)
    return f"(?{flags}:{rest})" if flags else f"(?:{rest})"


def _shift_groups(pattern: str, *, by: int) -> str:
    r"""Renumber the backreferences of ``pattern`` (``\1``, ``(?(1)...)``) by ``by``,
    leaving escapes in character classes and octal escapes (``\012``) alone."""
    out = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            j = i + 1
            if not in_class and pattern[j] in "123456789":
                octal = pattern[j : j + 3]
                if len(octal) == 3 and all(c in "01234567" for c in octal):
                    out.append(pattern[i : j + 3])
                    i = j + 3
                    continue
                k = j + 1 if j + 1 < n and pattern[j + 1].isdigit() else j
                out.append(f"\\{int(pattern[j : k + 1]) + by}")
                i = k + 1
                continue
            out.append(pattern[i : j + 1])
            i = j + 1
            continue
        if in_class:
            in_class = ch != "]"
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):  # a "]" first in a class is a literal
                out.append("]")
                i += 1
            continue
        conditional = re.match(r"\(\?\((\d+)\)", pattern[i:])
        if conditional:
            out.append(f"(?({int(conditional.group(1)) + by})")
            i += conditional.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# Verbs that introduce a quotation at the end of a lead-in: "He added:", "She told
# reporters:", "The statement reads:", "Critics say:". Not the forms that are also the
# nouns of labels ("Editor's notes:", "Reader comments:", "Closing remarks:").
_SPEECH_VERBS = frozenset(
    """said says say added adds continued continues told tells tell asked asks ask wrote
    writes explained explains noted warned warns warn insisted insists insist argued argues
    argue declared declares stated replied replies responded responds answered recalled
    recalls concluded concludes stressed stresses tweeted posted announced announces
    admitted admits acknowledged acknowledges claimed quipped joked shouted yelled cried
    exclaimed pleaded demanded wondered observed observes remarked commented reads went
    testified testifies urged urges suggested suggests conceded concedes countered""".split()
)


# Subjects that begin a lead-in, never a marker.
_PRONOUNS = frozenset("he she they i we you it one someone".split())


# "The question is:", "The answer was:", "The problem remains:": they introduce what follows.
_COPULAS = frozenset("is was are were remains remained be been being".split())


def _introduces_quotation(phrase: str) -> bool:
    """Whether an opening like ``He added:`` introduces a quotation rather than marking
    commentary: it ends in a speech verb (``She told reporters:``), starts with a
    pronoun, or ends in ``is``/``was`` (``The question is:``).

    >>> [_introduces_quotation(p) for p in ["He added:", "The question is:", "Editor's note:"]]
    [True, True, False]
    """
    words = [w.lower() for w in re.findall(r"[^\W\d_][\w'’]*", phrase)]
    if not words:
        return False
    # One word alone ("Comments:", "Notes:") is a label, not a subject and its verb.
    return (
        words[0] in _PRONOUNS
        or len(words) > 1
        and (words[-1] in _COPULAS or any(w in _SPEECH_VERBS for w in words[1:]))
    )


_OPENING = re.compile(r"^[\W_]{0,3}([^\W\d_][\w'’]*(?:[ -][\w'’]+){0,2}\s?[:：])\s")


def _could_be_marker(opening: str) -> bool:
    """Not a dateline (``LONDON:``), an interview's ``Q:``/``A:`` or a lowercase word."""
    letters = [ch for ch in opening if ch.isalpha()]
    return len(letters) > 2 and opening[0].isupper() and not all(ch.isupper() for ch in letters)


def unlisted_markers(
    paragraphs=None, *, min_articles: int = 2, top: int = 3, openings: dict | None = None
) -> list[tuple[str, int, int]]:
    """Openings like ``Editor's note:`` or ``Analysis:`` that start paragraphs in several
    articles: a hint at a commentary marker the user has not listed (the paragraphs
    stay reporting). Returns ``(opening, paragraphs, articles)``, most articles first.
    ``openings`` (from :func:`marker_summary`) ranks counts made part by part instead of
    ``paragraphs``.

    A lead-in to a quotation is no hint: an opening followed by a quotation mark, or one
    that :func:`_introduces_quotation` (``He added:``, ``The question is:``).

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"article_id": ["a", "b", "b", "c"], "text": [
    ...     "Editor's note: shame.", "Editor’s note: worse.", "LONDON: rain.", "LONDON: sun."]})
    >>> unlisted_markers(rows)
    [("Editor's note:", 2, 2)]
    """
    counted = _openings(paragraphs) if openings is None else openings
    ranked = sorted(counted, key=lambda k: (-counted[k][2], -counted[k][1], k))
    return [
        (counted[k][0], counted[k][1], counted[k][2])
        for k in ranked
        if counted[k][2] >= min_articles
    ][:top]


def _openings(paragraphs) -> dict[str, list]:
    """Each marker-like opening of these paragraphs: ``key: [as shown, paragraphs,
    articles]``."""
    paragraphs_with: dict[str, int] = {}
    articles_with: dict[str, set] = {}
    shown: dict[str, str] = {}
    for article, text in zip(paragraphs["article_id"], paragraphs["text"], strict=True):
        found = _OPENING.match(text)
        if not found or not _could_be_marker(found.group(1)):
            continue
        if _introduces_quotation(found.group(1)):
            continue
        if text[found.end() :].lstrip()[:1] in (*OPENING_QUOTES, "”", "'"):
            continue  # "Her message: “We stay.”" introduces a quotation
        opening = found.group(1).replace("’", "'").replace("：", ":")
        key = opening.lower().replace(" :", ":")
        paragraphs_with[key] = paragraphs_with.get(key, 0) + 1
        articles_with.setdefault(key, set()).add(article)
        shown.setdefault(key, opening)
    return {k: [shown[k], paragraphs_with[k], len(articles_with[k])] for k in shown}


def marker_summary(paragraphs) -> dict:
    """What the markers found in a paragraph table, in a form whose parts add up
    (:func:`merge_marker_summaries`; an article lies in one part): paragraphs per
    ``section``, the ``markers`` that opened a paragraph (in lower case), and the
    ``openings`` of reporting paragraphs that look like markers nobody listed.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"article_id": ["a", "b"], "section": ["reporting", "commentary"],
    ...     "marker": [None, "Comment:"], "text": ["Analysis: a view.", "A view."]})
    >>> marker_summary(rows)
    {'sections': {'commentary': 1, 'reporting': 1}, 'markers': ['comment:'], 'openings': {'analysis:': ['Analysis:', 1, 1]}}
    """  # noqa: E501
    sections = paragraphs["section"].astype(str)
    return {
        "sections": {k: int(v) for k, v in sorted(sections.value_counts().items())},
        "markers": sorted({str(m).strip().lower() for m in paragraphs["marker"].dropna()}),
        "openings": _openings(paragraphs[sections == "reporting"]),
    }


def merge_marker_summaries(summaries) -> dict:
    """The :func:`marker_summary` of a corpus from those of its parts."""
    merged: dict = {"sections": {}, "markers": set(), "openings": {}}
    for summary in summaries:
        for section, n in summary["sections"].items():
            merged["sections"][section] = merged["sections"].get(section, 0) + n
        merged["markers"] |= set(summary["markers"])
        for key, (shown, n_paragraphs, n_articles) in summary["openings"].items():
            known = merged["openings"].setdefault(key, [shown, 0, 0])
            known[1] += n_paragraphs
            known[2] += n_articles
    merged["sections"] = dict(sorted(merged["sections"].items()))
    merged["markers"] = sorted(merged["markers"])
    return merged


@dataclass(frozen=True)
class MarkerHints:
    """What the markers a user gave found, and what they probably meant."""

    typed_as_one: tuple[str, ...]  # markers holding a comma that open no paragraph
    meant: tuple[str, ...]  # the markers, those typed as one split at their commas
    unlisted: tuple[
        tuple[str, int, int], ...
    ]  # openings not meant: (opening, paragraphs, articles)


def marker_hints(markers: Sequence[str], found: dict) -> MarkerHints:
    """Hints at the markers a user meant, from what the markers ``found``
    (:func:`marker_summary`): a list typed as one text (``"Comment:, Editor's note:"``,
    a marker holding a comma that opens no paragraph: a marker may hold a comma), and the
    :func:`unlisted_markers` among the reporting paragraphs' openings.

    >>> found = {"markers": [], "openings": {"analysis:": ["Analysis:", 4, 3]}}
    >>> hints = marker_hints(["Comment:, Op:"], found)
    >>> hints.typed_as_one, hints.meant, hints.unlisted
    (('Comment:, Op:',), ('Comment:', 'Op:'), (('Analysis:', 4, 3),))
    """
    opened = set(found["markers"])
    typed_as_one = tuple(m for m in markers if "," in m and m.strip().lower() not in opened)
    meant: list[str] = []
    for marker in markers:
        split = [part.strip() for part in marker.split(",") if part.strip()]
        for item in split if marker in typed_as_one else [marker]:
            if item not in meant:
                meant.append(item)
    known = {m.lower() for m in meant}
    unlisted = tuple(
        hint
        for hint in unlisted_markers(openings=found["openings"])
        if hint[0].lower() not in known
    )
    return MarkerHints(typed_as_one, tuple(meant), unlisted)
