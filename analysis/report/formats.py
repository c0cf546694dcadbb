"""How the pages print numbers: the Jinja2 filters every template of the report can use."""

from __future__ import annotations

import json
import math

from ..sentiment.compare import MEASURE_NAMES
from ..stats import format_number, format_p

__all__ = ["FILTERS", "format_number", "format_p"]

FILTERS = {
    "measure": lambda name: MEASURE_NAMES.get(name, name),
    "percent": lambda share: "–" if share is None else f"{share:.0%}",
    "num": format_number,
    "p": format_p,
    "thousands": lambda n: (
        format_number(n)
        if n is None or isinstance(n, float) and not math.isfinite(n)
        else f"{int(n):,}"
    ),
    "signed": lambda z: f"{z:+.2f}",
    "json_text": json.dumps,  # shown as text, so escaped like any other (not |tojson)
}
