"""Errors name the input at fault, where in it, and what to do."""

from __future__ import annotations

import pytest

from analysis.errors import InputError, SkippedInputWarning


def test_the_message_names_the_file_line_row_and_hint():
    err = InputError("corpus/a.jsonl", "line is not valid JSON", "Fix the line", line=3)
    assert str(err) == "corpus/a.jsonl:3: line is not valid JSON. Fix the line"
    assert (err.source, err.problem, err.hint, err.line, err.row) == (
        "corpus/a.jsonl", "line is not valid JSON", "Fix the line", 3, None
    )  # fmt: skip
    assert str(InputError("t.csv", "text is missing", row=7)) == "t.csv (row 7): text is missing"


def test_input_errors_are_value_errors_and_skips_are_warnings():
    with pytest.raises(ValueError, match="does not exist"):
        raise InputError("nope.txt", "does not exist")
    assert issubclass(SkippedInputWarning, UserWarning)
