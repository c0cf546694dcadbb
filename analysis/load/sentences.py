"""An offline sentence splitter for news prose that returns character spans.

NLTK's trained Punkt models cannot be downloaded on many machines, so TextBlob's
``.sentences`` is not available. This splitter is a small rule set tuned to
newswire: a sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes and
brackets may follow) when the next sentence starts with a capital letter, a digit
or an opening quote, unless the full stop belongs to an abbreviation or an initial, or a
quoted question or exclamation is followed by its attribution (``"Why?" Justice Scalia
asked.``). The choice against the library candidates is measured in
``benchmarks/sentence_splitters.py`` and explained in the README.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

# Titles before a name, in the singular and the plural ("Sens. Warren and Sanders"), and
# "v." of case names: a full stop after them never ends a sentence.
_TITLES = frozenset(
    """mr mrs ms messrs mme mlle dr drs prof profs gen gens lt col maj capt cmdr adm sgt cpl
    pvt rev fr sen sens rep reps gov govs pres supt insp det hon amb st mt ft vs v cf eg ie
    al approx""".split()
)
# Titles that are also words in lower case ("a sales rep. She left"): titles only when
# capitalised.
_CAPITALISED_TITLES = frozenset("rep reps gen col det hon fr".split())
# Abbreviations that can end a sentence as well as sit inside one.
_AMBIGUOUS = frozenset(
    """inc ltd corp co plc llc bros jr sr etc jan feb mar apr jun jul aug sep sept oct nov
    dec mon tue tues wed thu thur thurs fri sat sun dept univ est no nos vol p pp fig
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn vt va wash wis wyo""".split()
)
# Abbreviations that are also words: in lower case they are the word ("Britain voted no.",
# "He fell ill.", "iron ore."), not "No. 10", "Ill." (Illinois) or "Miss." (Mississippi).
_ALSO_WORDS = frozenset("no ill miss mass ore wash sun sat wed mar pa la mo".split())
# Followed by a number, these never end a sentence ("Jan. 5", "No. 10", "p. 4").
_BEFORE_NUMBER = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec no nos vol p pp fig""".split()
)
# After an ambiguous abbreviation, a new sentence is assumed only before these words.
_STARTERS = frozenset(
    """a an the he she it its they we i you his her their our my this that these those
    there here but and or so yet however meanwhile still then now in on at after before
    when while if as since although though despite for with by from what who why how
    where which some many most all no not one two three both each other another last
    next earlier later also officials police""".split()
)

# Words that follow a time inside a sentence ("at 2 a.m. Monday", "4 p.m. GMT").
_AFTER_TIME = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday local gmt bst utc cet cest
    et est edt ct cst cdt pt pst pdt""".split()
)

# After a single capital letter, words that start a sentence but never a surname: "posted it
# on X. The company", "Plan B. It failed", but "George W. Bush".
_AFTER_LETTER = frozenset(
    """the he she it its they we his her their this that these those there but however""".split()
)

_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A candidate end: terminal punctuation (maybe after a closing quote, as in `won".`),
# closing marks, then whitespace and the start of the next sentence.
_CANDIDATE = re.compile(
    rf"[{re.escape(_CLOSERS)}]*(?:[.!?]+|…)[{re.escape(_CLOSERS)}]*(?:[ \u00a0\u202f]»)?"
    rf"(?=\s+[{re.escape(_OPENERS)}]*[A-Z0-9À-ÖØ-Þ])"
)
_NEXT_WORD = re.compile(rf"\s+[{re.escape(_OPENERS)}]*([A-Za-z0-9]+)")
_AGENCY_DASH = re.compile(r"\s+\([A-Za-z]{1,12}\)\s*[—–-]")
_AGENCY_SLASH = re.compile(r"\s+/[A-Z]{2,12}/\.")
_NUMBERING = re.compile(r"\s*\(?\d{1,3}[.)]")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")

# A capitalised attribution after a quoted question or exclamation, which it belongs to:
# `"Well, which is it?" Justice Scalia asked.`, `“Enough!” Mayor Lisa Chen shouted, banging
# the table.` Up to eight words name the speaker (titles and initials keep their full stop,
# and appositives their commas: "Maria Lopez, 54, asked"); after the verb come punctuation,
# the listener of "asked" or "told" ("asked the panel."), or a short phrase of time or place
# ("asked at the meeting."), but not a reported clause: "Smith said on Friday that the plan
# had failed." and "Critics say taxpayers will." are sentences of their own.
_QUOTE_VERBS = (
    "said|says|added|adds|wrote|writes|tweeted|posted|replied|responded|countered|insisted|"
    "shouted|yelled|cried|exclaimed|screamed|chanted|wondered|demanded|declared|joked|"
    "quipped|snapped|recalled|pleaded|protested|continued"
)
_TITLE_TOKEN = rf"(?:{'|'.join(sorted(t.capitalize() for t in _TITLES if len(t) > 1))})\."
_FIRST_NAME_TOKEN = rf"(?:{_TITLE_TOKEN}|[A-Z]\.|[A-Z][\w'’-]*)"
_NAME_TOKEN = rf"(?:{_TITLE_TOKEN}|[A-Z]\.|[\w'’-]+)"
_LISTENER = (
    r"(?:\s+(?:(?:the|a|an|his|her|their)(?:\s+[\w'’-]+){1,2}|him|her|them|us|me|reporters|"
    r"journalists|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?))?"
)
_PLACE_OR_TIME = (
    r"(?:\s+(?:on|in|at|during|after|before|from|outside|inside|to|with|via|while|as|when|"
    r"later|again|then|earlier|last|this|yesterday|today|tonight|recently|afterwards)"
    r"(?:\s+(?!that\b)[\w'’$-]+){0,5})?"
)
_QUOTE_ATTRIBUTION = re.compile(
    rf"\s+{_FIRST_NAME_TOKEN}(?:,?\s+{_NAME_TOKEN}){{0,7}}?,?\s+"
    rf"(?:(?:{_QUOTE_VERBS})|(?:asked|asks|told|tells){_LISTENER})\b{_PLACE_OR_TIME}"
    r"(?=\s*(?:[.,;!?—–]|$))"
)
_QUOTE_CLOSERS = "\"'”’»"


def _is_boundary(text: str, end_of_mark: int, mark: str, end: int) -> bool:
    """Decide whether the terminal mark ``mark`` ending at ``end_of_mark`` ends a sentence."""
    if _AGENCY_DASH.match(text, end_of_mark):
        return False  # "SALEM, Ore. (AP) — ": a dateline, not a sentence
    if _AGENCY_SLASH.match(text, end_of_mark) or text.endswith("/", 0, end_of_mark - 1):
        return False  # "MOSCOW, December 4. /TASS/. Russia said": the TASS dateline
    if mark != ".":
        # "!", "?", "…", "...", and `"yes."` or `"yes".` where a quote closes it; a quoted
        # question is not the end when its capitalised attribution follows.
        core = mark.strip(_CLOSERS)
        quoted = core != "." and mark.rstrip(")]").endswith(tuple(_QUOTE_CLOSERS))
        return not (quoted and _QUOTE_ATTRIBUTION.match(text, end_of_mark, end))
    dot = end_of_mark - 1
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot].lstrip(".")
    if not word:
        return True  # after a number or a closing bracket
    if begin > 0 and text[begin - 1].isdigit() and "." not in word:
        return True  # "finished 21st.", "a $5bn."
    key = word.lower().replace(".", "") if "." in word else word.lower()
    if key in _TITLES and not (key in _CAPITALISED_TITLES and word.islower()):
        return False
    following = _NEXT_WORD.match(text, end_of_mark)
    next_word = following.group(1) if following else ""
    if key in _BEFORE_NUMBER and next_word[:1].isdigit():
        return False  # "Jan. 5", "No. 10", "p. 4"
    if len(word) == 1:
        # An initial ("George W. Bush"), unless a sentence plainly starts after it.
        return not word.isupper() or next_word.lower() in _AFTER_LETTER
    if key in _ALSO_WORDS and word.islower():
        return True
    dotted = "." in word and _DOTTED_ACRONYM.match(word)
    if key not in _AMBIGUOUS and not dotted:
        return True
    if key in ("am", "pm"):
        return next_word.lower() not in _AFTER_TIME  # "2 a.m. Monday", but "11 p.m. Firefighters"
    return next_word.lower() in _STARTERS


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences and return their ``(start, end)`` spans.

    Spans are offsets into ``text`` with surrounding white space trimmed, so
    ``text[s:e]`` is the sentence as written and nothing but white space lies between
    consecutive spans.

    >>> t = 'Mr. Xi met Lukashenko in the U.S. capital. "We agree," he said. It ended.'
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Mr. Xi met Lukashenko in the U.S. capital.', '"We agree," he said.', 'It ended.']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _CANDIDATE.finditer(text, start, end):
        if _NUMBERING.fullmatch(text, cursor, match.end()):
            continue  # "1. China is ...": a numbered paragraph, not a sentence "1."
        if _is_boundary(text, match.end(), match.group(), end):
            spans.append((cursor, match.end()))
            cursor = match.end()
    spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
