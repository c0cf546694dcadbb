"""Media-bias analysis: compare inserted commentary with the reporting around it.

The package reads as the pipeline: ``load`` (articles into tables) → ``stats``
(intervals, tests, effect sizes) → ``sentiment`` and ``framing`` (the measures) →
``modeling`` (training the opinion model they score with) → ``plots`` (charts, each drawing
a table it is given) → ``explore`` (per-article results, what each page marks) → ``report``
(every HTML page, from templates and static files); ``notebook`` is what the notebooks call, and
``app`` is the ``media-bias`` command built on all of them. ``parallel`` runs the loading and
scoring of a corpus's parts on a local process pool or a Dask cluster.

The verbs are importable from here (``analysis.load_corpus``); each is loaded on first
use, so ``import analysis`` stays quick.
"""

from __future__ import annotations

import importlib

# The subpackages and modules, importable as attributes too (``analysis.stats``).
_MODULES = (
    "errors",
    "paths",
    "parallel",
    "load",
    "stats",
    "sentiment",
    "framing",
    "modeling",
    "plots",
    "explore",
    "report",
    "notebook",
    "synthetic",
    "app",
)

# Public name -> the module that defines it.
_EXPORTS = {
    "InputError": "errors",
    "SkippedInputWarning": "errors",
    "DATA_DIR": "paths",
    "PROJECT_ROOT": "paths",
    "REPORTS_DIR": "paths",
    "SAMPLE_DIR": "paths",
    "resolve_input": "paths",
    "Corpus": "load.corpus",
    "load_corpus": "load.corpus",
    "split_paragraphs": "load.corpus",
    "split_sentences": "load.corpus",
    "load_articles": "load.inputs",
    "cached_corpus": "load.cache",
    "input_files": "load.cache",
    "DEFAULT_MARKERS": "load.markers",
    "compile_markers": "load.markers",
    "find_title": "load.paragraphs",
    "find_attribution": "load.speakers",
    "sentence_spans": "load.sentences",
    "score_sentiment": "sentiment.scores",
    "score_texts": "sentiment.scores",
    "cached_scores": "sentiment.cache",
    "cached_terms": "sentiment.cache",
    "score_opinion": "sentiment.opinion",
    "explain_opinion": "sentiment.opinion",
    "explain_opinions": "sentiment.opinion",
    "engine_disagreements": "sentiment.terms",
    "explain_score": "sentiment.terms",
    "sentiment_terms": "sentiment.terms",
    "top_sentiment_terms": "sentiment.terms",
    "compare_groups": "stats",
    "within_article_differences": "stats",
    "distinctive_terms": "framing.vocabulary",
    "keyword_in_context": "framing.vocabulary",
    "top_distinctive": "framing.vocabulary",
    "commentary_separability": "framing.separability",
    "load_actors": "framing.actors",
    "actor_summary": "framing.actors",
    "load_lexicons": "framing.lexicons",
    "count_lexicons": "framing.lexicons",
    "style_profile": "framing.style",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name == "__version__":  # looked up when asked: importing metadata costs start-up time
        from importlib import metadata

        try:
            return metadata.version("media-bias-analysis")
        except metadata.PackageNotFoundError:  # a checkout on sys.path
            return "0+unknown"
    if name in _MODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__, *_MODULES])
