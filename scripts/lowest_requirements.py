"""Print the "lowest versions" requirements: every dependency pinned to its floor.

The floors are the ``>=`` lower bounds in pyproject.toml (``[project] dependencies`` and
the ``test`` extra, with the extras it names of this project itself, such as
``media-bias-analysis[dask]``), so raising a floor there raises it here. Where the declared floor
does not work, ``OVERRIDES`` below raises it, with the reason; an override only ever
raises a floor, and one that pyproject.toml has caught up with is reported (on stderr)
so it can be deleted.

Use it to check that the declared floors are true, in a fresh virtual environment:

    python3 -m venv /tmp/lowest && . /tmp/lowest/bin/activate
    python scripts/lowest_requirements.py > /tmp/lowest.txt && pip install -r /tmp/lowest.txt
    pip install --no-deps -e .
    python -m pytest -m "not slow"

``make test-lowest`` does all of this in ``.venv-lowest/``; CI runs it.

Only the direct dependencies are pinned; pip chooses their own dependencies as usual.
The script needs nothing but Python 3.11+ (tomllib), so it runs before anything is
installed. ``--plain`` leaves out the comments, one ``name==version`` a line.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
EXTRAS = ("test",)

# name (as in pyproject.toml, any case) -> (lowest version that works, why pyproject's own
# floor does not). Empty while pyproject's floors are the true ones: the reasons for the
# raised floors (scipy, jinja2, pyarrow) are written beside them in pyproject.toml. A
# package that needs a higher floor only in this combination (another dependency's wheel
# needs it) goes here, with the reason.
OVERRIDES: dict[str, tuple[str, str]] = {}

_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*"
    r"(?P<specs>[^;]*?)\s*(?:;\s*(?P<marker>.+?))?\s*$"
)
_FLOOR = re.compile(r"(?:>=|~=|===?)\s*(?P<version>[^,\s]+)")


def _key(name: str) -> str:
    """The normalized project name (PEP 503): case, ``-``, ``_`` and ``.`` do not count."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _release(version: str) -> tuple[int, ...]:
    """The release numbers of a version, trailing zeros dropped: "4.2" and "4.2.0" tie."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    if not match:
        raise ValueError(f"not a version: {version!r}")
    numbers = [int(n) for n in match.group().split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """The runtime and test requirements of ``pyproject``, as written there; an extra that
    names the project itself (``test = ["media-bias-analysis[dask]", ...]``) stands for the
    requirements of the extras it names."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    wanted, found = list(EXTRAS), list(project.get("dependencies", []))
    done: set[str] = set()
    while wanted:
        extra = wanted.pop(0)
        if extra in done:
            continue
        done.add(extra)
        for text in extras.get(extra, []):
            own = _own_extras(text, project["name"])
            if own is None:
                found.append(text)
            else:
                wanted += own
    return found


def _own_extras(text: str, project: str) -> list[str] | None:
    """The extras a requirement on ``project`` itself names (``name[a,b]`` → ``["a",
    "b"]``), or ``None`` when it names another package."""
    match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*\[([^\]]*)\]\s*$", text)
    if not match or _key(match.group(1)) != _key(project):
        return None
    return [extra.strip() for extra in match.group(2).split(",") if extra.strip()]


def lowest(pyproject: Path = PYPROJECT) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """``([(name, version, marker, note)], warnings)``: each requirement at its floor."""
    overrides = {_key(name): value for name, value in OVERRIDES.items()}
    pins, problems, notes, seen = [], [], [], set()
    for text in requirements(pyproject):
        match = _REQUIREMENT.match(text)
        floors = _FLOOR.findall(match.group("specs")) if match else []
        if not floors:
            problems.append(f"{text!r}: no lower bound (>=, ~= or ==) to pin")
            continue
        name, marker = match.group("name"), match.group("marker") or ""
        version = max(floors, key=_release)
        note = ""
        seen.add(_key(name))
        if _key(name) in overrides:
            raised, why = overrides[_key(name)]
            if _release(raised) > _release(version):
                note = f"pyproject says >={version}; {why}"
                version = raised
            else:
                notes.append(
                    f"override {name}=={raised} is at or below pyproject's floor {version}: "
                    "delete it from OVERRIDES"
                )
        pins.append((name, version, marker, note))
    unused = [name for name in OVERRIDES if _key(name) not in seen]
    notes += [f"override {name!r} names no dependency of pyproject.toml" for name in unused]
    if problems:
        raise SystemExit("lowest_requirements: " + "; ".join(problems))
    return pins, notes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv not in ([], ["--plain"]):
        print(__doc__, file=sys.stderr)
        return 2
    plain = argv == ["--plain"]
    pins, notes = lowest()
    if not plain:
        extras = ", ".join(EXTRAS)
        print(
            f"# Lowest versions of the dependencies in {PYPROJECT.name} (runtime and {extras}), "
            "from scripts/lowest_requirements.py"
        )
    for name, version, marker, note in pins:
        line = f"{name}=={version}" + (f"; {marker}" if marker else "")
        print(f"{line}  # {note}" if note and not plain else line)
    for note in notes:
        print(f"lowest_requirements: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
