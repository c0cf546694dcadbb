"""Modeling: building the models the measures score with, apart from the scoring itself.

``opinion_training`` trains the opinion model on NewsSD-ENG's labelled news sentences,
measures it on the test split and writes the weights that :mod:`analysis.sentiment.opinion`
loads (``python -m analysis.modeling.opinion_training``). It may import from ``sentiment``
and ``framing`` (the features it tried); nothing in the measures imports from here.
"""

# Nothing is imported here: ``python -m analysis.modeling.opinion_training`` would otherwise
# find the module already imported by its package and run a second copy of it.
__all__ = []
