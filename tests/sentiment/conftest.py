"""Fixtures of the sentiment tests: the bundled sample's sentence table."""

from __future__ import annotations

import pytest

from analysis.load.corpus import load_corpus


@pytest.fixture(scope="module")
def sample_sentences():
    return load_corpus().sentences
