"""Speakers: who an attribution names ("Xi said", "according to the ministry"), as written."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["find_attribution"]


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
