"""Speakers: who an attribution names, as written, and never from inside a quotation."""

from __future__ import annotations

import pytest

from analysis.load.corpus import load_corpus
from analysis.load.speakers import find_attribution
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
    assert paragraphs.loc[p + "11", "speaker"] == "he"
    assert paragraphs.loc[p + "09", "speaker"] == "Lukashenko"
    assert paragraphs.loc[p + "19", "speaker"] == "Belarusian Defence Minister Viktor Khrenin"
    assert paragraphs.loc[p + "03", "voice"] == "narration"
    assert paragraphs.loc[p + "08", "voice"] == "commentary"


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
