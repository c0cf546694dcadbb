"""What every page of the explorer shares: its Jinja2 templates (autoescaped), the hash that
lets exactly one inline script or style sheet through a Content-Security-Policy, and JSON
that is safe inside a ``<script>`` element."""

from __future__ import annotations

import base64
import functools
import hashlib
import json

import jinja2

__all__ = ["json_for_script", "page_template", "script_hash"]


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.explore", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_template(name: str) -> jinja2.Template:
    """The template ``analysis/explore/templates/<name>``: every value it prints is
    HTML-escaped, and a name it lacks is an error, not an empty string."""
    return _environment().get_template(name)


def script_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly ``text`` as an inline script
    (or style sheet), quotes included.

    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


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
