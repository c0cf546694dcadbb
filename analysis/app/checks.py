"""The checks made before any notebook starts, so that what a notebook would refuse minutes
in stops the run at once: the paths and files parameters name, the cache folder, the
article to show, and a corpus without the commentary (or reporting) a notebook compares.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import InputError
from .params import Parameter, ParameterError, cli_option

__all__ = [
    "absolute_path",
    "cache_is_writable",
    "check_article",
    "check_files",
    "check_paths",
    "check_sections",
]


def check_sections(
    found: dict, markers: list[str], comparing: Sequence[str], notebooks: Sequence[str]
) -> list[str]:
    """Stop a run whose notebooks ``comparing`` commentary with reporting would run on a
    corpus that lacks one of them; otherwise return the warnings and notes about the
    markers to print. ``notebooks`` are the names of all the run's notebooks, for the
    ``--only`` that leaves the comparing ones out.

    The hint is what to type (:func:`~analysis.load.markers.marker_hints`): the markers
    split at their commas when a list was typed as one text, or an opening that starts
    reporting paragraphs in several articles.
    """
    from ..load.markers import marker_hints

    hints = marker_hints(markers, found)
    meant = list(hints.meant)
    sections = found["sections"]
    fix = "check -p markers: it lists the text that opens each commentary paragraph"
    if hints.typed_as_one:
        fix = f"a comma does not separate markers: for {len(meant)} markers write "
        fix += cli_option("markers", meant)
    has = {side: bool(sections.get(side)) for side in ("reporting", "commentary")}
    missing = ""
    if not has["commentary"]:
        missing = f"no paragraph starts with a marker of {markers}, so nothing is commentary"
    elif not has["reporting"]:
        missing = (
            f"every paragraph (titles, bylines and captions aside) is commentary: it starts "
            f"with a marker of {markers}"
        )
    if missing and comparing:
        if hints.unlisted and not hints.typed_as_one and not has["commentary"]:
            opening, count, articles = hints.unlisted[0]
            fix = (
                f"{opening!r} opens {count} reporting paragraphs in {articles} articles: if "
                f"it marks commentary, write {cli_option('markers', [*meant, opening])}"
            )
        others = [name for name in notebooks if name not in comparing]
        rest = f"; or leave {' and '.join(comparing)} out: " if others else ""
        raise ParameterError(
            f"{missing}: {', '.join(comparing)} "
            f"{'compares' if len(comparing) == 1 else 'compare'} commentary with reporting and "
            f"cannot run; {fix}" + rest + " ".join(f"--only {o}" for o in others)
        )
    notes = []
    if missing:
        alone = [side for side, found in has.items() if found]
        described = f"the notebooks describe the {alone[0]} alone; " if alone else ""
        notes.append(f"warning: {missing}: {described}{fix}")
    elif hints.typed_as_one:
        notes.append(f"warning: the marker {hints.typed_as_one[0]!r} opens no paragraph; {fix}")
    for opening, count, articles in hints.unlisted:
        notes.append(
            f"note: {opening!r} opens {count} reporting paragraphs in {articles} articles; if it "
            "marks commentary (not a speaker, a dateline or an update line), add it: "
            + cli_option("markers", [*meant, opening])
        )
    return notes


def check_files(values: dict, params: dict[str, Parameter], selected: Sequence[Path]) -> None:
    """Read the files that parameters name, as the notebooks will, before any starts:
    an actors file that is not valid YAML, a frames folder without dictionaries or a
    background corpus without articles would otherwise stop a notebook minutes in."""

    def actors(path):
        from ..framing.actors import load_actors

        load_actors(path)

    def frames(path):
        from ..framing.lexicons import load_lexicons

        load_lexicons(path)

    def background(path):
        from ..load.inputs import load_articles

        load_articles(path)

    readers = {"actors_file": actors, "frames_dir": frames, "background_path": background}
    chosen = {p.stem for p in selected}
    for name, read in readers.items():
        if values.get(name) and name in params and chosen & set(params[name].notebooks):
            read(values[name])


def cache_is_writable(say: Callable[[str], None]) -> bool:
    """Whether the cache folder can be written; if not, say the run goes on without it."""
    import tempfile

    from ..paths import default_cache_dir

    root = default_cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=".write-test-", dir=root))
    except OSError as err:
        say(
            f"warning: cannot write the cache folder {root} ({err.strerror or err}): running "
            "without the cache (as with -p use_cache false); set MEDIA_BIAS_CACHE to a "
            "folder you can write to"
        )
        return False
    return True


def check_paths(values: dict) -> dict:
    """Check that a path given to a parameter exists, before anything runs, and make it
    absolute: it is read from where the user typed it."""
    checked = dict(values)
    for name, value in values.items():
        if name.endswith(("_path", "_file", "_dir")) and isinstance(value, str) and value:
            path = Path(value).expanduser()
            if not any(ch in value for ch in "*?[") and not path.exists():
                raise InputError(
                    path,
                    f"does not exist (parameter {name})",
                    f"Give an existing path (the working directory is {Path.cwd()})",
                )
            checked[name] = absolute_path(value)
    return checked


def absolute_path(text: str) -> str:
    """A path or glob pattern the user typed, made absolute from where they typed it (a
    pattern keeps the working directory's own ``[`` or ``*`` literal)."""
    path = Path(text).expanduser()
    if path.is_absolute():
        return str(path)
    if any(ch in text for ch in "*?[") and not path.exists():
        return os.path.join(glob.escape(os.getcwd()), str(path))
    return str(path.absolute())


def check_article(values: dict, article_ids: list[str]) -> None:
    """The notebooks' own check of ``article_id``, made before any notebook starts."""
    import pandas as pd

    from ..load.corpus import UnknownArticleError, choose_article

    if values.get("article_id") and article_ids:
        try:
            choose_article(pd.DataFrame({"article_id": article_ids}), values["article_id"])
        except UnknownArticleError as err:
            raise ParameterError(f"parameter 'article_id': {err}") from None
