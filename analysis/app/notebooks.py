"""The notebooks a run executes: found in a folder, chosen with ``--only``, and what each
declares it needs in its notebook-level metadata.

A notebook that reads sentiment scores or compares commentary with reporting says so in
its metadata, ``"media_bias": {"needs": ["scores", "commentary"]}``: the runner scores the
corpus before such notebooks start, and stops a run whose corpus lacks commentary before
one that compares starts. The runner never reads a notebook's code to find out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..paths import NOTEBOOKS_DIR
from .params import ParameterError

__all__ = ["NEEDS", "find_notebooks", "notebook_needs", "select_notebooks"]

# What a notebook may declare it needs, and what the runner does for it.
NEEDS = {
    "scores": "reads sentiment scores: the runner scores the corpus before it starts",
    "commentary": "compares commentary with reporting: the corpus must hold both",
}


def find_notebooks(folder: str | Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks to run, in order of their names (``00-...``, ``10-...``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "is not a folder of notebooks", "Give --notebooks a folder")
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise InputError(folder, "holds no .ipynb notebooks", "Give --notebooks a folder")
    return found


def select_notebooks(notebooks: Sequence[Path], only: Sequence[str]) -> list[Path]:
    """The notebooks ``--only`` names, by full name (``10-sentiment``) or number (``10``).

    >>> paths = [Path("00-load-articles.ipynb"), Path("10-sentiment.ipynb")]
    >>> [p.stem for p in select_notebooks(paths, ["10"])]
    ['10-sentiment']
    """
    if not only:
        return list(notebooks)
    chosen = []
    for wanted in only:
        key = wanted.removesuffix(".ipynb")
        match = [p for p in notebooks if p.stem == key or p.stem.split("-", 1)[0] == key]
        if not match:
            raise ParameterError(
                f"--only {wanted!r} names no notebook; choose from "
                + ", ".join(p.stem for p in notebooks)
            )
        chosen += [p for p in match if p not in chosen]
    return [p for p in notebooks if p in chosen]


def notebook_needs(notebook: str | Path) -> frozenset[str]:
    """What a notebook declares it needs (:data:`NEEDS`) in its notebook-level metadata
    ``media_bias.needs``; nothing, for a notebook without that metadata.

    >>> sorted(notebook_needs(NOTEBOOKS_DIR / "20-framing.ipynb"))
    ['commentary', 'scores']
    """
    import nbformat

    notebook = Path(notebook)
    declared = nbformat.read(notebook, as_version=4).metadata.get("media_bias", {})
    needs = declared.get("needs", []) if isinstance(declared, dict) else None
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        raise ParameterError(
            f"{notebook}: its metadata media_bias is {declared!r}; write it as "
            '{"needs": [...]}, a list of any of ' + ", ".join(map(repr, NEEDS))
        )
    unknown = [n for n in needs if n not in NEEDS]
    if unknown:
        raise ParameterError(
            f"{notebook}: its metadata media_bias.needs names {', '.join(map(repr, unknown))}, "
            "which the runner does not know; use any of " + ", ".join(map(repr, NEEDS))
        )
    return frozenset(needs)
