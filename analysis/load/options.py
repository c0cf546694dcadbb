"""The loading options and their defaults, held once.

The notebooks' parameters cells, :func:`analysis.notebook.open_corpus`, ``media-bias run``
and the corpus cache all take their loading defaults from :class:`LoadOptions`
(``tests/test_notebooks.py`` checks each notebook's parameters cell against it), and turn
parameter values into the loader's options in one place, :meth:`LoadOptions.loader_options`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from .markers import DEFAULT_MARKERS

__all__ = ["LoadOptions"]


@dataclass(frozen=True)
class LoadOptions:
    """Where the articles are and how to read them: every loading parameter with its default.

    ``markers`` may be given as a list or a single text (a marker of its own); an empty
    ``input_path`` is the bundled sample; ``use_cache`` reads and writes the shared cache.

    >>> LoadOptions(markers=["Comment:", "Op:"]).loader_options()["markers"]
    ['Comment:', 'Op:']
    >>> LoadOptions.from_values({"encoding": "cp1252", "n_top_terms": 5}).encoding
    'cp1252'
    """

    input_path: str = ""
    markers: tuple[str, ...] = DEFAULT_MARKERS
    marker_regex: str = ""
    paragraph_break: str = "blank line"
    text_col: str = "text"
    encoding: str = "utf-8"
    on_error: str = "raise"
    use_cache: bool = True

    def __post_init__(self) -> None:
        # Frozen, so normalised through object.__setattr__: one form whatever was given.
        markers = self.markers
        markers = () if markers is None else (markers,) if isinstance(markers, str) else markers
        object.__setattr__(self, "markers", tuple(markers))
        if isinstance(self.input_path, Path) or self.input_path is None:
            object.__setattr__(self, "input_path", str(self.input_path or ""))
        object.__setattr__(self, "marker_regex", self.marker_regex or "")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The parameter names, in the order of the notebooks' parameters cells."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> LoadOptions:
        """The options named in ``values`` (a notebook's namespace, the run's parameters),
        the defaults for the others; other names are passed over."""
        return cls(**{k: values[k] for k in cls.names() if k in values})

    def loader_options(self) -> dict:
        """The keyword arguments of :func:`~analysis.load.corpus.load_corpus`, which the
        cache key also hashes: the options that change what the loader makes of the files."""
        return {
            "markers": list(self.markers),
            "marker_regex": self.marker_regex or None,
            "paragraph_break": self.paragraph_break,
            "text_col": self.text_col,
            "encoding": self.encoding,
            "on_error": self.on_error,
        }
