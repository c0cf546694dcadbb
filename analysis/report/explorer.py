"""The explorer the framing notebook shows in JupyterLab (ipywidgets): find an article by
its id, title or outlet and read it marked up with its numbers; filter by section, voice
and outlet; type a term to read its keyword-in-context lines across the corpus.

Under papermill, and in a notebook's static HTML, there is no frontend to run widgets: the
explorer's output then says so in text instead of leaving an empty or broken view.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..explore.marks import article_marks, article_paragraphs
from ..framing.vocabulary import keyword_in_context
from ..plots.base import format_score
from .article_view import article_view
from .assets import page_template

__all__ = ["EXPLORER_LINES", "EXPLORER_MATCHES", "STATIC_MESSAGE", "Explorer", "find_articles"]

# Articles the search lists at once, and keyword-in-context lines shown for a term.
EXPLORER_MATCHES = 50
EXPLORER_LINES = 20

STATIC_MESSAGE = (
    "The article explorer is interactive: open this notebook in JupyterLab and run it to "
    "pick an article, filter by section, voice or outlet, and read any term in context."
)

_ANY = "any"


def _message(text: str) -> str:
    """A line of text shown in place of an article or of lines, escaped by its template."""
    return page_template("explorer_message.html.j2").render(message=text)


def find_articles(results: pd.DataFrame, query: str, *, limit: int = EXPLORER_MATCHES) -> list:
    """The ids of the articles of a per-article table whose id, title or outlet contains
    ``query`` (any case), in the table's order (the largest difference first).

    >>> table = pd.DataFrame({"article_id": ["a-1", "b-2"], "title": ["Xi in Minsk", None],
    ...                       "outlet": [None, "Wire"]})
    >>> find_articles(table, "minsk"), find_articles(table, "WIRE"), find_articles(table, "")
    (['a-1'], ['b-2'], ['a-1', 'b-2'])
    """
    query = query.strip().lower()
    found = pd.Series(False, index=results.index)
    for column in ("article_id", "title", "outlet"):
        if column in results:
            text = results[column].astype("string").str.lower().fillna("")
            found |= text.str.contains(query, regex=False)
    return results.loc[found, "article_id"].head(limit).tolist()


class Explorer:
    """The explorer's widgets and what they do; ``Explorer(...).show()`` displays it.

    Args:
        paragraphs: the paragraph rows (``article_id``, ``section``, ``voice``, ``text``
            and the loader's columns :func:`analysis.plots.article_html` reads).
        results: the per-article table (:func:`analysis.explore.article_results`).
    """

    def __init__(self, paragraphs: pd.DataFrame, results: pd.DataFrame) -> None:
        import ipywidgets as w

        self.paragraphs = paragraphs
        self.results = results
        # Each article's rows by position, found once: picking one never scans the corpus.
        self._positions = paragraphs.groupby("article_id", observed=True, sort=False).indices
        # The filter columns as text once, and only the columns the lines show.
        self._filters = {
            c: paragraphs[c].astype("string")
            for c in ("section", "voice", "outlet")
            if c in paragraphs
        }
        self._kept = [c for c in ("article_id", "section", "voice") if c in paragraphs]
        outlets = sorted(paragraphs["outlet"].dropna().unique()) if "outlet" in paragraphs else []
        self.search = w.Text(
            description="Article",
            placeholder="id, title or outlet, then Enter",
            continuous_update=False,
        )
        self.choice = w.Select(description="Found", rows=6, layout=w.Layout(width="40em"))
        self.section = w.ToggleButtons(
            description="Section", options=[_ANY, "commentary", "reporting"], value=_ANY
        )
        voices = [
            v
            for v in ("narration", "quote", "commentary")
            if v in set(paragraphs["voice"].astype(str))
        ]
        self.voice = w.Dropdown(description="Voice", options=[_ANY, *voices], value=_ANY)
        self.outlet = w.Dropdown(description="Outlet", options=[_ANY, *outlets], value=_ANY)
        self.term = w.Text(
            description="Term", placeholder="a word or two, then Enter", continuous_update=False
        )
        self.numbers = w.HTML()
        self.article = w.HTML()
        self.lines = w.HTML()
        self.search.observe(lambda _: self._find(), names="value")
        self.outlet.observe(lambda _: self._find(), names="value")
        self.choice.observe(lambda _: self._show_article(), names="value")
        for control in (self.section, self.voice):
            control.observe(lambda _: (self._show_article(), self._show_lines()), names="value")
        self.term.observe(lambda _: self._show_lines(), names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.search, self.outlet]),
                self.choice,
                w.HBox([self.section, self.voice]),
                self.numbers,
                self.article,
                self.term,
                self.lines,
            ]
        )
        self._find()

    def _keep(self, positions=None) -> np.ndarray:
        """Which of the rows (all, or those at ``positions``) the section, voice and outlet
        filters leave."""
        n = len(self.paragraphs) if positions is None else len(positions)
        keep = np.ones(n, dtype=bool)
        for control, column in (
            (self.section, "section"),
            (self.voice, "voice"),
            (self.outlet, "outlet"),
        ):
            if control.value != _ANY and column in self._filters:
                values = self._filters[column]
                values = values if positions is None else values.iloc[positions]
                keep &= (values == control.value).fillna(False).to_numpy(dtype=bool)
        return keep

    def _find(self) -> None:
        found = self.results
        if self.outlet.value != _ANY and "outlet" in found:
            found = found[found["outlet"] == self.outlet.value]
        ids = find_articles(found, self.search.value)
        labels = found.set_index("article_id")["title"] if "title" in found else None
        self.choice.options = [
            (
                f"{i} · {labels[i]}"
                if labels is not None and isinstance(labels.get(i), str)
                else i,
                i,
            )
            for i in ids
        ]
        if ids and self.choice.value not in ids:
            self.choice.value = ids[0]
        elif not ids:
            self.numbers.value = ""
            self.article.value = _message(f"No article matches {self.search.value}.")

    def _show_article(self) -> None:
        article_id = self.choice.value
        if article_id is None:
            return
        row = self.results[self.results["article_id"] == article_id].iloc[0]
        numbers = [
            (c.removesuffix("_difference").replace("_", " "), format_score(row[c], signed=True))
            for c in row.index
            if c.endswith("_difference")
        ]
        self.numbers.value = page_template("explorer_numbers.html.j2").render(
            n_commentary=int(row["n_commentary"]),
            n_reporting=int(row["n_reporting"]),
            numbers=numbers,
        )
        positions = self._positions.get(article_id, np.array([], dtype=int))
        own = self.paragraphs.iloc[positions[self._keep(positions)]]
        if own.empty:
            self.article.value = _message("No paragraph of this article passes the filters.")
        else:
            shown = article_paragraphs(own)
            self.article.value = article_view(shown, article_marks(own), article_id=article_id)

    def _show_lines(self) -> None:
        term = self.term.value.strip()
        if not term:
            self.lines.value = ""
            return
        keep = self._kept
        rows = self.paragraphs[[*keep, "text"]]  # the columns the lines show, not the table
        passing = self._keep()
        rows = rows if passing.all() else rows[passing]
        lines = keyword_in_context(rows, term, limit=EXPLORER_LINES, keep=keep)
        if lines.empty:
            self.lines.value = _message(f"{term}: no line passes the filters.")
            return
        columns = [*keep, "line"]
        self.lines.value = page_template("explorer_lines.html.j2").render(
            term=term,
            most=EXPLORER_LINES,
            columns=columns,
            lines=[[str(r[c]) for c in columns] for _, r in lines.iterrows()],
        )

    def _repr_mimebundle_(self, **kwargs) -> dict:
        # The widget for a frontend that runs widgets; for papermill's record and the
        # static HTML, text that says what is missing.
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = STATIC_MESSAGE
        return bundle

    def show(self) -> Explorer:
        """Display the explorer (as the cell's last expression would)."""
        from IPython.display import display

        display(self)
        return self
