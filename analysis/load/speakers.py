"""Speakers: who an attribution names ("Xi said", "police said", "according to the ministry"),
as written; whom a pronoun speaker ("he said") names; and the speaker of each sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .quotes import overlap

__all__ = ["find_attribution", "resolve_pronouns", "sentence_speaker"]


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


# Words that join clauses: never inside a speaker's description ("the announcement but").
_JOINERS = (
    r"but|and|or|nor|yet|so|that|which|who|whom|whose|when|where|while|as|if|because|after|"
    r"before|since|than|then|though|although|until|unless|whether"
)


# "the foreign ministry", "A spokesperson for the council", "Taiwan's defence ministry"
_DESCRIBED = (
    r"(?:(?:[Tt]he|[Aa]n?)\s+|[A-Z][\w-]*['’]s\s+)"
    rf"(?:(?!(?:{_JOINERS})\b)[\w'’-]+\s+){{0,3}}?(?!(?:{_JOINERS})\b)[a-z][\w-]*"
)


# Speakers named by what they are, as written: "police", "Ukrainian officials", "Port
# officials", "Two police officers", "Russian state media", "Health officials in the region".
_GROUP_NOUN_WORDS = frozenset(
    """police officials authorities residents witnesses prosecutors investigators analysts
    experts critics sources diplomats lawmakers legislators activists protesters protestors
    demonstrators organisers organizers doctors medics paramedics rescuers firefighters
    troops soldiers officers scientists researchers economists observers monitors villagers
    locals workers employees staff students parents teachers farmers nurses survivors
    relatives families campaigners supporters opponents leaders ministers members
    representatives spokespeople negotiators mediators regulators traders investors bankers
    executives insiders people media militants rebels separatists insurgents fighters forces
    guards inspectors judges voters citizens passengers pilots lawyers attorneys aides
    advisers advisors allies neighbours neighbors fans players coaches democrats
    republicans""".split()
)
_GROUP_NOUNS = "|".join(sorted(_GROUP_NOUN_WORDS))
_TIME_WORDS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|week|month|year|morning|"
    r"afternoon|evening|night|weekend|today|yesterday|tonight|\d{4}"
)
_MODIFIER = (
    rf"(?!(?:{_JOINERS}|to|of|in|on|at|by|for|from|with|said|says|told)\b)"
    r"(?:[A-Z][\w'’.-]*|\d[\d,.]*|[a-z][\w'’-]*)"
)
_GROUP = (
    rf"(?:{_MODIFIER}\s+){{0,3}}(?i:{_GROUP_NOUNS})\b"
    rf"(?:\s+(?:in|at|from|for|with|of)\s+(?!(?:{_TIME_WORDS})\b)"
    r"(?:the\s+)?(?:[\w'’.-]+\s+){0,2}?[\w'’.-]+)?"
)


# Between a speaker and the verb: "Xi also said", "officials have said", "police on Friday said".
_AUX = (
    r"(?:(?:also|later|previously|then|again|earlier|repeatedly|now|first|only|still|since|"
    r"have|has|had|would|will|could)\s+"
    rf"|(?:on|in|last|this|late|early)\s+(?:{_TIME_WORDS})\s+){{0,3}}"
)


# After a speech verb, a lower-case role before the name: "said librarian Tom Baker",
# "said former prime minister Tony Blair" (the speaker is the name, as with "Chinese leader
# Xi Jinping said"). It must end the clause, so "said officials Smith" is not read.
_ROLE_BEFORE_NAME = (
    rf"(?:the\s+)?(?:(?!(?:{_JOINERS}|to|of|in|on|at|by|for|from|with|the|a|an|last|this|"
    r"next)\b)[a-z][\w'’-]*\s+){1,3}"
)
_CLAUSE_END = (
    r"(?=\s*(?:[.,;:!?)\"”’]|$)|\s+(?:on|in|at|during|after|before|last|this|yesterday|today)\b)"
)


# (rank, where to look, reach, pattern): lower ranks win; within a rank, the earliest
# match. Where to look: "before" or "after" a speech verb, within ``reach`` characters
# of it (which keeps long paragraphs cheap), "comma_before_verb": before a verb that follows a
# comma, "group_before": before a verb with a group noun in reach, "joined_before": before a
# verb just after "but" or "and", or the whole text when it holds the key word.
_ATTRIBUTIONS: tuple[tuple[int, str, int, re.Pattern[str]], ...] = (
    (0, "quoted", 0, re.compile(
        rf"(?:{_NAME}\s+)?\bquoted\s+(?P<who>(?:the\s+)?{_NAME}|{_PRONOUN})\s+as\s+saying")),
    (0, "quoted", 0, re.compile(
        rf"(?<![\w'’])(?P<who>{_NAME}|{_DESCRIBED})\s+(?:was|were)\s+quoted\s+as\s+saying")),
    (1, "before", 70, re.compile(
        rf"(?<![\w'’])(?P<who>{_NAME}|{_PRONOUN})\s+{_AUX}(?:{_VERBS})\b")),
    (1, "after", 80, re.compile(rf"\b(?:{_VERBS_BEFORE_NAME})\s+(?P<who>(?:the\s+)?{_NAME})")),
    (1, "after", 80, re.compile(
        rf"\b(?:{_VERBS_BEFORE_NAME})\s+{_ROLE_BEFORE_NAME}(?P<who>{_NAME}){_CLAUSE_END}")),
    # After a quotation, "asked" names the speaker: `"Why?" asked Labour's Angela Rayner.`
    (1, "after", 80, re.compile(
        rf"(?<=[\"”’»]\s)asked\s+(?P<who>(?:the|a|an|one)\s+[a-z][\w-]*"
        rf"(?:\s+(?!(?:{_JOINERS}|to|of|in|on|at|by|for|from|with)\b)[a-z][\w-]*)?"
        rf"|(?:the\s+)?{_NAME})")),
    # "..., said the mayor." (a described speaker after the verb, then punctuation)
    (1, "after", 40, re.compile(
        rf"\b(?:{_VERBS_BEFORE_NAME})\s+(?P<who>(?:the|a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
        r"(?=\s*[.,;:!?]|$)")),
    (1, "after", 60, re.compile(
        rf"\b(?:{_VERBS_BEFORE_NAME})\s+(?P<who>{_GROUP})(?=\s*[.,;:!?]|$)")),
    (1, "before", 75, re.compile(
        rf"(?<![\w'’])(?P<who>{_DESCRIBED})\s+{_AUX}(?:{_VERBS})\b")),
    (1, "group_before", 120, re.compile(
        rf"(?<![\w'’])(?P<who>{_GROUP})\s+{_AUX}(?:{_VERBS})\b")),
    # "Lopez, a retired teacher, said" and "a state official, who declined to be named, said"
    (1, "comma_before_verb", 160, re.compile(
        rf"(?<![\w'’])(?P<who>{_NAME}|{_DESCRIBED}|{_GROUP}),\s+[^,\"“”]{{2,80}},\s+{_AUX}"
        rf"(?:{_VERBS})\b")),
    # The subject of a verb coordinated with the speech verb: "Local officials welcomed the
    # announcement but said", "Police arrested two men and said".
    (1, "joined_before", 160, re.compile(
        rf"(?<![\w'’])(?P<who>{_GROUP}|{_DESCRIBED}|{_NAME}|{_PRONOUN})\s+{_AUX}"
        rf"(?!(?:{_VERBS}|{_JOINERS})\b)[a-z][\w'’-]*\b[^,.;:!?\"“”()]{{0,90}}?\s+(?:but|and)\s+"
        rf"{_AUX}(?:{_VERBS})\b")),
    (2, "ccording", 0, re.compile(
        r"\b[Aa]ccording\s+to\s+(?P<who>[^,.;:!?\"“”()]{2,80}?)(?=\s*[,.;:!?\"“”(]|$)")),
)  # fmt: skip


_SPEECH_VERB = re.compile(rf"\b(?:{_VERBS})\b")


# Cheap tests that keep the costlier patterns to the verbs they can end at: a group noun
# among the words before the verb, or "but"/"and" just before it (auxiliaries aside).
_AUX_WORDS = frozenset(
    """also later previously then again earlier repeatedly now first only still since have has
    had would will could""".split()
)


def _group_noun_before(text: str, start: int, verb: int) -> bool:
    words = text[start:verb].lower().replace(",", " ").split()
    return any(word in _GROUP_NOUN_WORDS for word in words[-10:])


def _joined_before(text: str, start: int, verb: int) -> bool:
    words = text[max(start, verb - 40) : verb].split()
    while words and words[-1] in _AUX_WORDS:
        words.pop()
    return bool(words) and words[-1] in ("but", "and")


_NOT_SPEAKERS = frozenset(
    """the a an but and or so in on at as if it this that these those when while after
    before meanwhile however also still then now later earlier yet instead separately
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december comment today yesterday
    tonight week month year morning afternoon evening night weekend which who whom whose
    where because since than though although until unless whether""".split()
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
        elif where == "group_before":
            windows = [
                (max(start, v0 - reach), v1)
                for v0, v1 in verbs
                if _group_noun_before(text, max(start, v0 - reach), v0)
            ]
        elif where == "joined_before":
            windows = [
                (max(start, v0 - reach), v1) for v0, v1 in verbs if _joined_before(text, start, v0)
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


# --- pronouns -----------------------------------------------------------------------------


_PERSON_PRONOUNS = frozenset({"he", "she"})


_OTHER_PRONOUNS = frozenset({"they", "we", "i", "it", "him", "her", "them"})


# Capitalised titles before a person's name ("President Alexander Lukashenko", "Dr. Shah").
_PERSON_TITLES = (
    "Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|President|Premier|Chancellor|"
    "Minister|Secretary|Senator|Sen|Representative|Rep|Congressman|Congresswoman|Governor|Gov|"
    "Mayor|Judge|Justice|King|Queen|Prince|Princess|Pope|Father|Rev|Reverend|Rabbi|Imam|Bishop|"
    "Cardinal|Archbishop|General|Gen|Colonel|Col|Captain|Capt|Lieutenant|Lt|Sergeant|Sgt|"
    "Admiral|Adm|Major|Maj|Commander|Commissioner|Ambassador|Envoy|Chairman|Chairwoman|"
    "Director|Coach|Speaker|Leader|Councillor|Councilman|Councilwoman|Sheikh|Emir|Ayatollah|"
    "Sultan"
)


# Lower-case nouns for one person, before a name ("leader Xi", "librarian Tom Baker") or as
# the head of a description ("the minister", "a spokesman"). Not "official": "the official
# Xinhua news agency".
_PERSON_ROLES = frozenset(
    """leader president premier chancellor minister secretary spokesman spokeswoman
    spokesperson librarian teacher lawyer attorney analyst economist envoy ambassador diplomat
    adviser advisor aide director executive chairman chairwoman founder owner manager commander
    general senator lawmaker legislator congressman congresswoman mayor governor judge
    prosecutor activist campaigner candidate professor researcher scientist doctor nurse author
    writer editor reporter correspondent journalist coach player captain resident farmer
    student worker veteran survivor witness pastor priest rabbi imam bishop officer inspector
    detective sheriff superintendent councillor councilman councilwoman deputy mother father
    son daughter wife husband engineer expert historian strategist consultant""".split()
)


# Words of organisations and places, which "he" and "she" never stand for.
_NOT_PERSON_WORDS = frozenset(
    """agency ministry department office council committee commission court party government
    administration police army navy forces force guard bank group inc corp corporation ltd co
    company university institute times post news journal telegraph tribune herald daily press
    media television tv radio network service services union association organisation
    organization foundation fund board authority authorities embassy parliament congress senate
    assembly pentagon kremlin house palace hall street federation republic kingdom states
    nations emirates islands club team league airlines airways motor motors holdings capital
    partners systems energy hospital school college centre center museum church cabinet secretariat
    command coalition alliance front movement brigade brigades militia regime xinhua reuters
    tass interfax bloomberg yonhap kyodo sputnik korea zealand arabia africa lanka leone kong
    rica timor sudan guinea verde salvador strip""".split()
)


_ROLE_PATTERN = "|".join(sorted(_PERSON_ROLES))


def _is_person(speaker: str, text: str) -> bool:
    """Whether ``speaker`` names one person that "he" or "she" can stand for.

    A description is a person when its head is a role ("the minister", "a spokesman"); a
    name when it carries a title ("Dr. Anika Shah", "Defence Minister Viktor Khrenin"), or
    when ``text`` shows it as one: after a title or role ("President Alexander Lukashenko",
    "leader Xi"), or before an age or "who" ("Maria Lopez, 54,", "Lopez, who").
    """
    words = speaker.split()
    if not words or speaker.lower() in _PERSON_PRONOUNS | _OTHER_PRONOUNS:
        return False
    first = words[0]
    if first.lower() in ("the", "a", "an", "one") or (
        first.endswith(("'s", "’s")) and not words[-1][:1].isupper()
    ):
        return words[-1].lower() in _PERSON_ROLES  # "the minister", "Taiwan's defence ministry"
    if not first[:1].isupper():
        return False  # "police", "local residents"
    bare = [w.strip(".,") for w in words]
    bare = [w[:-2] if w.endswith(("'s", "’s")) else w for w in bare]
    if any(w.lower() in _NOT_PERSON_WORDS for w in bare):
        return False
    if any(re.fullmatch(_PERSON_TITLES, w) for w in bare[:-1]):
        return True
    if any(len(w) > 1 and w.isupper() for w in bare):
        return False  # "NATO", "UN": an acronym
    if bare[-1].lower() in _GROUP_NOUN_WORDS:
        return False  # "Officials", "Police" at the start of a sentence
    last = re.escape(bare[-1])
    shown = re.compile(
        rf"(?:\b(?:{_PERSON_TITLES})\.?|\b(?:{_ROLE_PATTERN}))\s+(?:[A-Z][\w'’-]*\s+){{0,2}}"
        rf"{last}\b|\b{last},\s+(?:\d{{1,3}}|who)\b"
        # a given name and surname after a party's or country's name: "Labour's Angela Rayner",
        # "China's Xi Jinping" (but "Russia's Gazprom" is a company)
        rf"|\b[A-Z][\w-]*['’]s\s+[A-Z][\w'’-]+\s+{last}\b"
    )
    return bool(shown.search(speaker) or shown.search(text))


def resolve_pronouns(speakers: Sequence[str | None], *, text: str = "") -> list[str]:
    """The speakers of an article's rows, in reading order, with "he" and "she" replaced by
    the person they stand for when that is unambiguous.

    A pronoun stands for the most recent speaker before it, when that speaker is a person:
    named ("Lukashenko", after "President Alexander Lukashenko" in ``text``) or described
    by a role ("the minister"). It stays as written when the most recent speaker is not a
    person ("Ukrainian officials", "the ministry", "China"), is itself a pronoun left as
    written, or was already "she" where this is "he" (or the other way round). "They",
    "it", "we" and "I" are left as written. Rows without a speaker (``""`` or ``None``)
    are passed over and come back as ``""``.

    ``text`` is the article's text: it shows whether a one-word name is a person's.

    >>> resolve_pronouns(["Lukashenko", "", "he"], text="President Alexander Lukashenko")
    ['Lukashenko', '', 'Lukashenko']
    >>> resolve_pronouns(["Lukashenko", "Ukrainian officials", "he"], text="President Lukashenko")
    ['Lukashenko', 'Ukrainian officials', 'he']
    """
    resolved: list[str] = []
    antecedent = ""
    pronoun_of: dict[str, str] = {}
    persons: dict[str, bool] = {}
    for speaker in speakers:
        speaker = speaker if isinstance(speaker, str) else ""
        pronoun = speaker.lower()
        if pronoun in _PERSON_PRONOUNS and antecedent:
            if antecedent not in persons:
                persons[antecedent] = _is_person(antecedent, text)
            if persons[antecedent] and pronoun_of.setdefault(antecedent, pronoun) == pronoun:
                resolved.append(antecedent)
                continue
        if speaker:
            antecedent = speaker
        resolved.append(speaker)
    return resolved


# --- a sentence's speaker -----------------------------------------------------------------


def sentence_speaker(
    text: str,
    start: int,
    end: int,
    *,
    quotes: Sequence[tuple[int, int]] = (),
    paragraph_speaker: str | None = "",
    paragraph_attribution: str | None = "",
    alone: bool = False,
    paragraph_start: int = 0,
) -> str:
    """The speaker of the sentence ``text[start:end]`` of a paragraph.

    ``alone``: the sentence is the whole paragraph, and has the paragraph's speaker. Else
    it has the speaker its own attribution names. A pronoun there stands for the
    paragraph's speaker (which :func:`resolve_pronouns` may have resolved) when the
    attribution is the paragraph's, or when the paragraph's is its only speech verb before
    the sentence (from ``paragraph_start``) and names a person. A quoting sentence without
    an attribution of its own has the paragraph's speaker, unless the paragraph found it
    in an "according to" of another sentence: that covers its own sentence only. A
    paragraph without an attribution gives its speaker (carried over from a quotation
    running over paragraphs, or from a lead-in) to its quoting sentences only. Missing
    values (``None``, ``pd.NA``) count as ``""``.

    >>> text = 'Xi praised the talks, according to Xinhua. "We agree."'
    >>> sentence_speaker(text, 43, 54, quotes=[(43, 54)], paragraph_speaker="Xinhua",
    ...                  paragraph_attribution="according to Xinhua")
    ''
    """
    par_speaker = paragraph_speaker if isinstance(paragraph_speaker, str) else ""
    par_attribution = paragraph_attribution if isinstance(paragraph_attribution, str) else ""
    if alone or not par_attribution:
        speaker = par_speaker if par_attribution else ""
    else:
        speaker, attribution = find_attribution(text, start, end, quotes=quotes)
        pronoun = speaker.lower()
        if pronoun in _PERSON_PRONOUNS and (
            attribution == par_attribution
            or _only_speaker_before(text, paragraph_start, start, quotes, par_attribution, pronoun)
            and _is_person(par_speaker, text)
        ):
            speaker = par_speaker
    if speaker or not par_speaker or not overlap(quotes, start, end):
        return speaker
    according = par_attribution[:9].lower() == "according"
    return "" if according and not alone else par_speaker


def _only_speaker_before(
    text: str,
    start: int,
    end: int,
    quotes: Sequence[tuple[int, int]],
    attribution: str,
    pronoun: str,
) -> bool:
    """Whether ``text[start:end]`` holds ``attribution`` and no other speech verb outside
    the quotations, and ``attribution`` does not use the other pronoun ("she" for "he")."""
    if not attribution or attribution not in text[start:end]:
        return False
    if any(w in _PERSON_PRONOUNS and w != pronoun for w in attribution.lower().split()):
        return False
    verbs = [
        m
        for m in _SPEECH_VERB.finditer(text, start, end)
        if not any(q0 <= m.start() < q1 for q0, q1 in quotes)
    ]
    return len(verbs) == 1
