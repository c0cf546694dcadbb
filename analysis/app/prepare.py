"""The corpus a run's notebooks read, loaded and scored once before the first starts.

The runner lists and hashes the input once (:func:`~analysis.load.cache.list_input`),
loads the corpus into the shared cache and scores it there, and hands each notebook the
cache's key (the ``corpus_key`` parameter), so no notebook walks or hashes the input again.
Without the cache the corpus is loaded only, so that bad input stops the run before any
notebook and the sections the markers find can be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import InputError
from ..load.cache import InputListing
from ..load.options import LoadOptions
from ..plots.base import plural
from .params import Parameter, ParameterError

__all__ = [
    "SCORING_DEFAULTS",
    "Prepared",
    "give_back_memory",
    "prepare_corpus",
    "run_options",
    "run_value",
]

# The scoring parameters' defaults for notebooks that do not declare them: the sections
# are per paragraph, and these are the engines every notebook that reads scores reads.
SCORING_DEFAULTS = {"level": "paragraph", "engines": ["textblob", "vader", "opinion"]}


@dataclass
class Prepared:
    """The corpus as the runner prepared it, for its checks and the notebooks."""

    message: str  # what was done, for the progress line
    articles: list[str]  # article ids
    skipped: object  # the skipped-inputs table
    found: dict  # what the markers found: sections, markers, openings (``marker_summary``)
    key: str  # the cached corpus the notebooks read; empty when it is not cached


def run_value(name: str, values: Mapping, params: Mapping[str, Parameter]) -> object:
    """The value a parameter has in this run: given, else the notebooks' default, else
    the default of the loading options or of scoring."""
    if name in values:
        return values[name]
    if name in params:
        return params[name].default
    if name in SCORING_DEFAULTS:
        return SCORING_DEFAULTS[name]
    return getattr(LoadOptions(), name)


def run_options(input_path: str, values: Mapping, params: Mapping[str, Parameter]) -> LoadOptions:
    """The loading options every notebook of this run reads the corpus with."""
    chosen = {name: run_value(name, values, params) for name in LoadOptions.names()}
    return LoadOptions.from_values({**chosen, "input_path": input_path})


def prepare_corpus(
    options: LoadOptions,
    listing: InputListing,
    values: Mapping,
    params: Mapping[str, Parameter],
    *,
    score: bool,
) -> Prepared:
    """Load and score the corpus once, into the cache every notebook reads (``options``
    say whether there is one); ``score``: some notebook reads sentiment scores."""
    from ..load.cache import load_cached
    from ..load.dataset import StoredCorpus
    from ..sentiment.cache import store_scores

    try:
        corpus = load_cached(options, listing=listing)
        if score and isinstance(corpus, StoredCorpus):
            for level, engines in _scored_levels(values, params).items():
                store_scores(corpus, level=level, engines=engines)
    except InputError:
        raise
    except ValueError as err:  # an option the loader or scorer refuses
        raise ParameterError(f"cannot load the input with these parameters: {err}") from err
    stored = isinstance(corpus, StoredCorpus)
    counts = (
        f"{plural(corpus.rows('articles'), 'article')}, "
        f"{plural(corpus.rows('sentences'), 'sentence')}"
    )
    return Prepared(
        f"loaded {counts} (cached for the notebooks; none of them scores sentiment)"
        if not score and stored
        else f"loaded and scored {counts} (cached for the notebooks)"
        if stored
        else f"loaded {counts} (use_cache is off: not cached)"
        if not options.use_cache
        else f"loaded {counts} (the cache cannot be written: the notebooks load it again)",
        corpus.read("articles", ["article_id"])["article_id"].tolist(),
        corpus.skipped,
        corpus.marker_summary(),
        corpus.meta["key"] if stored else "",
    )


def _scored_levels(values: Mapping, params: Mapping[str, Parameter]) -> dict[str, list[str]]:
    """The engines each level is scored with before the notebooks start: the chosen
    engines at the chosen level; TextBlob on sentences (the actors' portrayal) and the
    opinion model on paragraphs (the editorial ranking) for the framing notebook."""
    engines = list(run_value("engines", values, params))
    chosen = run_value("level", values, params)
    needs = {"sentence": ["textblob"], "paragraph": ["opinion"]}
    needs[chosen] = engines + [e for e in needs[chosen] if e not in engines]
    return needs


def give_back_memory() -> None:
    """Free what loading and scoring left and hand it back to the system: the runner only
    waits while the notebooks run, and its freed heap would count against the run's peak."""
    import gc

    from ..load.dataset import release_arrow_memory

    gc.collect()
    release_arrow_memory()
