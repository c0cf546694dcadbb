"""The loading options: every default held once, in one form whatever was given."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from analysis.load.cache import cached_corpus
from analysis.load.markers import DEFAULT_MARKERS
from analysis.load.options import LoadOptions


def test_the_options_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LoadOptions().encoding = "cp1252"


@pytest.mark.parametrize(
    "markers, expected",
    [(["Comment:", "Op:"], ("Comment:", "Op:")), ("Op:", ("Op:",)), (None, ()), ((), ())],
)
def test_markers_are_held_as_a_tuple_of_markers(markers, expected):
    assert LoadOptions(markers=markers).markers == expected


def test_from_values_takes_the_loading_options_and_passes_over_the_rest():
    options = LoadOptions.from_values({"markers": ["Op:"], "on_error": "skip", "level": "x"})
    assert options == LoadOptions(markers=("Op:",), on_error="skip")


def test_loader_options_are_what_the_loader_takes_and_the_cache_key_hashes():
    loader = LoadOptions(input_path="in/", marker_regex="", use_cache=False).loader_options()
    assert loader == {
        "markers": list(DEFAULT_MARKERS),
        "marker_regex": None,  # an empty regex is none
        "paragraph_break": "blank line",
        "text_col": "text",
        "encoding": "utf-8",
        "on_error": "raise",
    }


def test_cached_corpus_takes_its_defaults_from_the_options():
    signature = inspect.signature(cached_corpus).parameters
    for name in LoadOptions.names():
        if name in signature:
            assert LoadOptions(**{name: signature[name].default}) == LoadOptions(), name
