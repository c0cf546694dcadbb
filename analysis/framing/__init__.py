"""Framing: what the commentary talks about, whom it names, which frames it pushes, how it
writes.

``vocabulary`` (distinctive terms, in context) · ``separability`` (a classifier's view) ·
``lexicons`` (frame and style dictionaries) · ``actors`` (who is named, in what light) ·
``style`` (the habits of reporting against those of opinion).
"""

from .actors import (
    actor_mentions,
    actor_sentences,
    actor_summary,
    load_actors,
    sentence_mentions,
    top_actors_by_outlet,
)
from .lexicons import LexiconTally, count_lexicons, load_lexicons, matched_terms, tally_lexicons
from .separability import commentary_separability
from .style import STYLE_LABELS, style_profile
from .vocabulary import (
    article_terms,
    distinctive_terms,
    keyword_in_context,
    tied_terms,
    top_distinctive,
)

__all__ = [
    "STYLE_LABELS",
    "LexiconTally",
    "actor_mentions",
    "actor_sentences",
    "actor_summary",
    "article_terms",
    "commentary_separability",
    "count_lexicons",
    "distinctive_terms",
    "keyword_in_context",
    "load_actors",
    "load_lexicons",
    "matched_terms",
    "sentence_mentions",
    "style_profile",
    "tally_lexicons",
    "tied_terms",
    "top_actors_by_outlet",
    "top_distinctive",
]
