"""Loading: find and decode the inputs, split each article into paragraphs and sentences,
label sections, voices and speakers, and cache the resulting tables.

Read in pipeline order: ``inputs`` (``discover`` the files, ``decode`` them, make
``records``) → ``paragraphs`` (with ``markers``, ``quotes``, ``speakers``) →
``sentences`` → ``corpus`` (the three tables) → ``dataset`` (the tables as Parquet parts,
built part by part) → ``cache``. ``text`` holds what every stage shares: what a word is,
line breaks, blocks.
"""

from .cache import cached_corpus, input_files, load_cached
from .corpus import (
    NO_OUTLET,
    ROW_KEYS,
    Corpus,
    choose_article,
    keyed,
    load_corpus,
    outlets,
    prose,
    split_paragraphs,
    split_sentences,
)
from .dataset import StoredCorpus
from .discover import file_sha256, find_inputs
from .inputs import load_articles
from .markers import DEFAULT_MARKERS, compile_markers, marker_hints, unlisted_markers
from .options import LoadOptions
from .paragraphs import SECTIONS, VOICES, find_title
from .sentences import sentence_spans
from .speakers import find_attribution
from .summaries import classification_table, outlet_counts, section_counts

__all__ = [
    "DEFAULT_MARKERS",
    "NO_OUTLET",
    "ROW_KEYS",
    "SECTIONS",
    "VOICES",
    "Corpus",
    "LoadOptions",
    "StoredCorpus",
    "cached_corpus",
    "choose_article",
    "classification_table",
    "compile_markers",
    "file_sha256",
    "find_attribution",
    "find_inputs",
    "find_title",
    "input_files",
    "keyed",
    "load_articles",
    "load_cached",
    "load_corpus",
    "marker_hints",
    "outlet_counts",
    "outlets",
    "prose",
    "section_counts",
    "sentence_spans",
    "split_paragraphs",
    "split_sentences",
    "unlisted_markers",
]
