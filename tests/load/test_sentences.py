"""The offline sentence splitter on the hard cases of news prose."""

from __future__ import annotations

import pytest

from analysis.load.sentences import sentence_spans


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    "sentences",
    [
        ["Mr. Smith and Dr. Jones met Gen. Lee in St. Petersburg.", "They talked."],
        ["The U.S. envoy arrived at 9 a.m. on Jan. 5.", "He left at noon."],
        ["He moved to the U.S.", "The next day he started work."],
        ["George W. Bush met J.K. Rowling.", "Nobody knows why."],
        ["Growth was 3.5 per cent, worth $1.2bn.", "Analysts were surprised."],
        ['"We will win," he said.', "The crowd cheered."],
        ['"Will we win?" he asked.', '"Yes!" they shouted.'],
        ["She said it was “a turning point.”", "Others disagreed."],
        ['He called it "historic".', "Critics did not."],
        ["Wait...", "Then it happened."],
        ["No. 10 said the talks (which began in May) had ended.", "(Officials declined.)"],
        ["Acme Corp. Chief Executive Jane Doe resigned.", "Shares fell."],
        ["Results are due by 2 a.m. Monday, officials said.", "Polls close at 8 p.m."],
        ["The blast came after 11 p.m.", "Firefighters arrived at 11.30 p.m. GMT."],
    ],
)
def test_splits_news_sentences(sentences):
    assert _split(" ".join(sentences)) == sentences


def test_spans_are_offsets_into_the_given_range():
    text = "xx First one. Second one. yy"
    spans = sentence_spans(text, 3, len(text) - 3)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]


def test_whitespace_only_gives_no_sentences():
    assert sentence_spans("  \n ") == []


def test_state_abbreviation_datelines_and_spaced_guillemets_split_right(sentences_of):
    sentences = sentences_of(
        "Headline\nSALEM, Ore. (AP) — A fire spread. It grew.\n\n"
        "« We will not give in. » The minister left.\n",
    )
    assert sentences["text"].tolist()[1:] == [
        "SALEM, Ore. (AP) — A fire spread.",
        "It grew.",
        "« We will not give in. »",
        "The minister left.",
    ]


@pytest.mark.parametrize(
    "sentences",
    [
        ["Former Sens. John Smith and Mary Jones urged Congress to act.", "Both served."],
        ["Reps. Ayanna Pressley and Ro Khanna co-sponsored it.", "It failed."],
        [
            "The ruling in Wal-Mart Stores Inc. v. Dukes made class actions harder.",
            "Lawyers agreed.",
        ],
        ["In Roe v. Wade, the court ruled.", "That ruling was overturned."],
        ["The claim is on p. 4 of the report.", "It is wrong."],
    ],
)
def test_plural_titles_legal_v_and_page_numbers_do_not_end_sentences(sentences):
    assert _split(" ".join(sentences)) == sentences


@pytest.mark.parametrize(
    "sentences",
    [
        ["Britain voted no.", "France abstained."],
        ["He fell ill.", "Doctors expect a full recovery."],
        ["It was a near miss.", "Nobody was hurt."],
        ["Iron ore.", "Prices fell."],
        ["The team finished 21st.", "Its coach resigned."],
        ["She posted the video on X.", "The company did not reply."],
    ],
)
def test_words_spelt_like_abbreviations_end_sentences(sentences):
    # "No. 10", "Ill." (Illinois), "Miss." and "St." are abbreviations; "no", "ill",
    # "miss" in lower case and "21st" are words that can end a sentence.
    assert _split(" ".join(sentences)) == sentences


@pytest.mark.parametrize(
    "sentences",
    [
        ['"Well, which is it?" Justice Scalia asked.', "The lawyer paused."],
        ["“Enough!” Mayor Lisa Chen shouted, banging the table.", "The meeting ended."],
        ['"Who will pay?" Councilwoman Ana Reyes asked at the meeting.', "Nobody answered."],
        ['"Is that a threat?" Mr. Ortiz asked the panel.', "The chairman moved on."],
        ["‘Who gave the order?’ Mr Dlamini asked.", "The officers said nothing."],
        ['"What do I do now?" Maria Lopez, 54, asked.', "Her house was destroyed."],
        ["“We’ll see …” Mr. Putin said.", "He did not elaborate."],
        ['"Where is the money?" Sen. Warren wrote on X.', "The company did not reply."],
    ],
)
def test_a_quoted_question_or_exclamation_stays_with_its_attribution(sentences):
    assert _split(" ".join(sentences)) == sentences


@pytest.mark.parametrize(
    "sentences",
    [
        ['"Is this the end?"', "The question was on everyone's lips."],
        ['"Not again!"', "Police closed the road for the third time this month."],
        ['"Who will pay?"', "Critics say taxpayers will."],
        ["One placard read: “Where is the money?”", "Organisers said the march was peaceful."],
        ['"Why now?"', "Smith said on Friday that the plan had failed."],
        ["“We waited and waited …”", "Her voice trailed off."],
        ["Will it hold?", "Smith said."],
    ],
)
def test_a_new_sentence_after_a_quoted_question_is_split_off(sentences):
    assert _split(" ".join(sentences)) == sentences
