"""What every page of the report shares: the Jinja2 templates of ``templates/``
(autoescaped), the style sheets and scripts of ``static/`` (real files, read with
``importlib.resources``), the Content-Security-Policy source that lets exactly one of them
run inline, and JSON that is safe inside a ``<script>`` element."""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import json
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

__all__ = [
    "Inline",
    "environment",
    "inline",
    "json_for_script",
    "page_template",
    "script_hash",
    "static_text",
]


@functools.cache
def environment() -> jinja2.Environment:
    """The templates of ``analysis/report/templates``: every value they print is
    HTML-escaped, and a name they lack is an error rather than an empty string."""
    from .formats import FILTERS

    found = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    found.filters.update(FILTERS)
    return found


def page_template(name: str) -> jinja2.Template:
    """The template ``analysis/report/templates/<name>``."""
    return environment().get_template(name)


@functools.cache
def static_text(name: str) -> str:
    """The text of ``analysis/report/static/<name>`` (a style sheet or a script)."""
    return (importlib.resources.files("analysis.report") / "static" / name).read_text(
        encoding="utf-8"
    )


def script_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly ``text`` as an inline script
    (or style sheet), quotes included.

    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class Inline:
    """A static file as a page embeds it: its ``text`` (safe: the package's own file) and
    the policy source (``hash``) that allows exactly that text."""

    text: Markup
    hash: str


@functools.cache
def inline(name: str) -> Inline:
    """``static/<name>`` to embed in a page, with the hash its policy names.

    >>> inline("articles.js").hash == script_hash(static_text("articles.js"))
    True
    """
    text = static_text(name)
    return Inline(Markup(text), script_hash(text))


def json_for_script(value) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``,
    ``&`` and the line separators U+2028 and U+2029 are written as ``\\u`` escapes, so no
    text can close the element (``</script>``) or open a comment; JSON.parse reads it back.

    >>> json_for_script({"line": "</script><b>&"})
    '{"line":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
