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
