"""Speakers: who an attribution names, as written, and never from inside a quotation."""

from __future__ import annotations

import pytest

from analysis.load.corpus import load_corpus
from analysis.load.quotes import find_quotes
from analysis.load.speakers import find_attribution, resolve_pronouns, sentence_speaker
from analysis.paths import SAMPLE_FILE


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Yes," Xi said.', "Xi"),
        ('"Yes," said Xi.', "Xi"),
        ('"Yes," he said.', "he"),
        ('"Yes," she told reporters.', "she"),
        ("According to Xinhua, the talks went well.", "Xinhua"),
        ("Xinhua quoted Xi as saying it was good.", "Xi"),
        ("Chinese leader Xi Jinping said the two would meet.", "Xi Jinping"),
        ('"No," a spokesman said on Monday.', "a spokesman"),
        ("But Lukashenko said nothing.", "Lukashenko"),
        ("The weather was fine.", ""),
        ("Lopez, a retired teacher, said the fire came fast.", "Lopez"),
        ("A state forestry official, who spoke on condition of anonymity, said so.",
         "A state forestry official"),
        ("Taiwan's defence ministry said ships were seen.", "Taiwan's defence ministry"),
        ("The Chinese foreign ministry spokesman told reporters.",
         "The Chinese foreign ministry spokesman"),
        ("Kremlin spokesman Dmitri Volkov was quoted as saying.", "Dmitri Volkov"),
        ("The RIA news agency quoted Sorokin as saying it was over.", "Sorokin"),
        ("The housing minister, Peter Glover, told MPs it would work.", "The housing minister"),
        ("It was ready, said Dr. Anika Shah.", "Dr. Anika Shah"),
        ("Meanwhile Smith said nothing.", "Smith"),
        ("The fighting continued for a third day.", ""),
        ("Apple posted record revenue.", ""),
    ],
)  # fmt: skip
def test_attribution_patterns(text, speaker):
    assert find_attribution(text)[0] == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "attribution"),
    [
        ('"We need more books," said librarian Tom Baker.', "Tom Baker",
         "said librarian Tom Baker"),
        ('"It is over," said spokeswoman Maria Zakharova on Friday.', "Maria Zakharova",
         "said spokeswoman Maria Zakharova"),
        ("It will pass, said former prime minister Tony Blair.", "Tony Blair",
         "said former prime minister Tony Blair"),
        ("The road was closed, police said.", "police", "police said"),
        ("The attack failed, Ukrainian officials said on Friday.", "Ukrainian officials",
         "Ukrainian officials said"),
        ("Ukrainian officials said on Friday that the attack had failed.",
         "Ukrainian officials", "Ukrainian officials said"),
        ("Port officials said the ship had docked.", "Port officials", "Port officials said"),
        ("Two police officers said they saw the car.", "Two police officers",
         "Two police officers said"),
        ("U.S. officials said the sanctions would stay.", "U.S. officials", "U.S. officials said"),
        ("Russian state media said the talks had ended.", "Russian state media",
         "Russian state media said"),
        ("Health officials in the region said five people had died.",
         "Health officials in the region", "Health officials in the region said"),
        ("Doctors at the hospital said his condition was stable.", "Doctors at the hospital",
         "Doctors at the hospital said"),
        ("On Friday police said two men were held.", "police", "On Friday police said"),
        ("Ukrainian officials have also said the dam was hit.", "Ukrainian officials",
         "Ukrainian officials have also said"),
        ("Xi also said the talks went well.", "Xi", "Xi also said"),
        ("Local residents, who asked not to be named, said the water was unsafe.",
         "Local residents", "Local residents, who asked not to be named, said"),
        ("It was unsafe, said local residents.", "local residents", "said local residents"),
        # After a quotation, "asked X" names the speaker; elsewhere the one asked.
        ("‘Where is the money?’ asked Labour’s Angela Rayner.", "Labour’s Angela Rayner",
         "asked Labour’s Angela Rayner"),
        ('"Who will pay?" asked one resident at the meeting.', "one resident",
         "asked one resident"),
        ("Reporters asked Smith about the deal.", "Reporters", "Reporters asked"),
    ],
)  # fmt: skip
def test_named_and_group_speakers_as_written(text, speaker, attribution):
    assert find_attribution(text) == (speaker, attribution)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # From a user trial: the subject of the first verb speaks, not its object.
        ("Local officials welcomed the announcement but said they needed more money.",
         "Local officials"),
        ("Police arrested two men and said more arrests were likely.", "Police"),
        ("The council approved the plan and said work would start in May.", "The council"),
        ("China welcomed the move but said it needed time.", "China"),
        ("The plan was welcomed but officials said little.", "officials"),
        ("The minister left after the talks ended and said nothing.", "The minister"),
    ],
)  # fmt: skip
def test_the_subject_of_a_coordinated_verb_is_the_speaker(text, speaker):
    assert find_attribution(text)[0] == speaker


def test_words_inside_a_quotation_are_not_the_speaker(paragraphs_of, sentences_of):
    text = (
        'Headline\n"I told my kids to grab the dog," said Maria Lopez.\n\n'
        "“They said it was a session. Nobody listened,” she said.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["speaker"].tolist()[1:] == ["Maria Lopez", "she"]
    sentences = sentences_of(text)
    assert sentences["speaker"].tolist()[1:] == ["Maria Lopez", "she", "she"]


def test_long_capitalised_runs_end_in_a_bounded_name():
    # Names are at most seven words: a run of 2,000 capitalised words cannot be one
    # (unbounded, the search was quadratic: seconds on such a paragraph).
    text = " ".join(["Big Title Case Words Everywhere"] * 400) + " said."
    speaker, attribution = find_attribution(text)
    assert speaker == "Words Everywhere Big Title Case Words Everywhere"  # the last seven
    assert attribution.endswith(" said")


# --- the sample --------------------------------------------------------------------------


def test_sample_voices_and_speakers():
    paragraphs = load_corpus(SAMPLE_FILE).paragraphs.set_index("paragraph_id")
    p = "xi-china-belarus-lukashenko:p"
    assert paragraphs.loc[p + "04", "voice"] == "quote"
    assert paragraphs.loc[p + "04", "speaker"] == "Xi"
    assert paragraphs.loc[p + "04", "attribution"] == "Xinhua quoted Xi as saying"
    assert paragraphs.loc[p + "09", "speaker"] == "Lukashenko"
    assert paragraphs.loc[p + "19", "speaker"] == "Belarusian Defence Minister Viktor Khrenin"
    assert paragraphs.loc[p + "03", "voice"] == "narration"
    assert paragraphs.loc[p + "08", "voice"] == "commentary"


# --- pronouns: the most recent named speaker, when that is unambiguous -------------------


_ARTICLE = (
    "Chinese leader Xi Jinping met President Alexander Lukashenko in Beijing. "
    "Lukashenko told Xi Belarus was a reliable partner."
)


@pytest.mark.parametrize(
    ("speakers", "resolved"),
    [
        (["Lukashenko", "", "he"], ["Lukashenko", "", "Lukashenko"]),
        (["Xi Jinping", "he", "He"], ["Xi Jinping", "Xi Jinping", "Xi Jinping"]),
        (["Xi", "she"], ["Xi", "Xi"]),  # "leader Xi": a person; the pronoun is not checked
        # The most recent speaker is not a person, or itself an unresolved pronoun: ambiguous.
        (["Lukashenko", "Ukrainian officials", "he"], ["Lukashenko", "Ukrainian officials", "he"]),
        (["Lukashenko", "the ministry", "he"], ["Lukashenko", "the ministry", "he"]),
        (["Lukashenko", "China", "he"], ["Lukashenko", "China", "he"]),
        (["Lukashenko", "Xinhua", "he"], ["Lukashenko", "Xinhua", "he"]),
        (["Lukashenko", "they", "he"], ["Lukashenko", "they", "he"]),
        (["he", "he"], ["he", "he"]),
        # One name cannot be both "he" and "she".
        (["Lukashenko", "he", "she"], ["Lukashenko", "Lukashenko", "she"]),
        # "they", "it", "we" and "I" are left as written.
        (["Lukashenko", "they"], ["Lukashenko", "they"]),
        ([None, "Lukashenko", None, "he"], ["", "Lukashenko", "", "Lukashenko"]),
    ],
)  # fmt: skip
def test_pronouns_resolve_to_the_most_recent_named_speaker(speakers, resolved):
    assert resolve_pronouns(speakers, text=_ARTICLE) == resolved


@pytest.mark.parametrize(
    ("speaker", "text", "resolved"),
    [
        ("the minister", "", "the minister"),  # a role: a person, though not named
        ("A spokesman", "", "A spokesman"),
        ("Dr. Anika Shah", "", "Dr. Anika Shah"),  # a title
        ("Defence Minister Viktor Khrenin", "", "Defence Minister Viktor Khrenin"),
        ("Maria Lopez", "Maria Lopez, 54, said so.", "Maria Lopez"),  # an age
        ("Baker", "said librarian Tom Baker", "Baker"),  # a role noun before the name
        ("Lopez", "Lopez, who lost her home, said so.", "Lopez"),  # "who", not "which"
        ("Labour’s Angela Rayner", "", "Labour’s Angela Rayner"),
        ("Angela Rayner", "asked Labour’s Angela Rayner", "Angela Rayner"),  # a party's name
        ("Gazprom", "Russia’s Gazprom said", "he"),  # but not a country's company
        ("Maria Lopez", "", "he"),  # no sign in the text that it names a person
        ("South Korea", "", "he"),
        ("the White House", "", "he"),
    ],
)  # fmt: skip
def test_only_a_person_takes_a_pronoun(speaker, text, resolved):
    assert resolve_pronouns([speaker, "he"], text=text)[1] == resolved


def _sample_paragraphs():
    return load_corpus(SAMPLE_FILE).paragraphs.set_index("paragraph_id")


def test_sample_pronoun_speaker_is_resolved_in_the_paragraph_table():
    row = _sample_paragraphs().loc["xi-china-belarus-lukashenko:p11"]
    assert (row["speaker"], row["attribution"]) == ("Lukashenko", "he said")


# --- a sentence's speaker -----------------------------------------------------------------


def _sentence_speaker(paragraph, sentence, speaker, attribution, *, alone=False):
    start = paragraph.index(sentence)
    quotes = find_quotes(paragraph, 0, len(paragraph), continued=False).spans
    return sentence_speaker(
        paragraph, start, start + len(sentence), quotes=quotes, paragraph_speaker=speaker,
        paragraph_attribution=attribution, alone=alone,
    )  # fmt: skip


def test_a_quoted_sentence_does_not_inherit_an_according_to_of_another_sentence():
    paragraph = 'Lukashenko praised the talks, according to the agency. "We agree on everything."'
    first, second = paragraph.split(". ", 1)
    args = ("the agency", "according to the agency")
    assert _sentence_speaker(paragraph, first + ".", *args) == "the agency"
    assert _sentence_speaker(paragraph, second, *args) == ""
    # A speech verb elsewhere in the paragraph still covers its quotations.
    paragraph = 'Lukashenko praised the talks, he said. "We agree on everything."'
    assert _sentence_speaker(paragraph, paragraph.split(". ", 1)[1], "he", "he said") == "he"


def test_a_sentence_holding_the_paragraphs_attribution_takes_its_resolved_speaker():
    paragraph = 'The talks ended. "We agree," he said.'
    sentence = '"We agree," he said.'
    assert _sentence_speaker(paragraph, sentence, "Lukashenko", "he said") == "Lukashenko"
    # A pronoun after the paragraph's only speech verb is its speaker, when that is a person.
    paragraph = 'President Volodymyr Zelenskiy said so. "We agree," he said.'
    args = ("President Volodymyr Zelenskiy", "President Volodymyr Zelenskiy said")
    assert _sentence_speaker(paragraph, sentence, *args) == "President Volodymyr Zelenskiy"
    paragraph = 'China said it ended. "We agree," he said.'
    assert _sentence_speaker(paragraph, sentence, "China", "China said") == "he"
    paragraph = 'President Xi said so. Putin said no. "We agree," he said.'
    assert _sentence_speaker(paragraph, sentence, "President Xi", "President Xi said") == "he"
    # A paragraph of one sentence is its paragraph.
    assert _sentence_speaker(sentence, sentence, "Lukashenko", "he said", alone=True) == (
        "Lukashenko"
    )


def test_a_quoted_sentence_after_an_according_to_sentence_has_no_inherited_speaker(
    sentences_of,
):
    sentences = sentences_of(
        'Headline\nLukashenko praised the talks, according to the agency. "We agree."\n'
    )
    assert sentences["speaker"].fillna("").tolist()[1:] == ["the agency", ""]


# --- find_attribution's window and quotations, directly ----------------------------------


def test_attribution_within_a_range_of_the_text():
    text = "Xi said yes. Then Putin said no."
    assert find_attribution(text) == ("Xi", "Xi said")
    assert find_attribution(text, 13) == ("Putin", "Then Putin said")
    assert find_attribution(text, 0, 12) == ("Xi", "Xi said")


def test_a_name_inside_the_quotation_is_passed_over():
    text = '"Mr Smith said so," she wrote.'
    assert find_attribution(text) == ("Mr Smith", "Mr Smith said")
    assert find_attribution(text, quotes=[(0, 19)]) == ("she", "she wrote")
    quoted = '"Mr Smith said so."'
    assert find_attribution(quoted, quotes=[(0, len(quoted))]) == ("", "")


def test_no_speech_verb_no_speaker():
    assert find_attribution("Talks resumed in Minsk on Monday.") == ("", "")
    assert find_attribution("") == ("", "")
