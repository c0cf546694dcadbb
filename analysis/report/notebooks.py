"""The executed notebooks as HTML pages, from ``templates/nbconvert/notebook.html.j2``."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

__all__ = ["NOTEBOOK_TEMPLATE", "render_notebook_html"]

# The template, under the name nbconvert is given; it extends nbconvert's "lab" page.
NOTEBOOK_TEMPLATE = "nbconvert/notebook.html.j2"


def render_notebook_html(notebook: str | Path) -> Path:
    """Write the executed notebook as HTML beside it (``.html``), figures embedded (they
    are PNG outputs): JupyterLab's look, with nothing loaded from outside and no script,
    so article text (``$5 and $10``) shows as the text it is.
    """
    import jinja2
    from nbconvert import HTMLExporter

    text = importlib.resources.files("analysis.report") / "templates" / NOTEBOOK_TEMPLATE
    exporter = HTMLExporter(
        template_name="lab",
        # Its own name: the report's templates folder has an index.html.j2 of its own,
        # which "lab"'s would be mistaken for.
        extra_loaders=[jinja2.DictLoader({"media-bias-notebook.html.j2": text.read_text("utf-8")})],
        template_file="media-bias-notebook.html.j2",
    )
    body, _ = exporter.from_filename(str(notebook))
    target = Path(notebook).with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target
