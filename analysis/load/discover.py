"""Discovery: which files of an input are read as articles, and which are not, and why.

An input is a file, a folder (read recursively, in sorted order) or a glob pattern. Links
to folders are followed, in folders and in glob patterns alike, each folder once; what is
not read is listed with why: hidden files, other endings, ``README``/``LICENSE`` files,
broken links and symlink loops, a folder or a file reached a second time through a link,
folders that cannot be read.

The walk and the ``**`` matcher are hand-written, not wcmatch's. Measured with
benchmarks/input_libraries.py (wcmatch 12.0) on the folder of the symlink tests in
tests/load/test_inputs.py: ``**/*.txt`` with ``GLOBSTAR | FOLLOW`` gives 161 names for
2 files (it follows the loop down to its own depth limit) and takes a broken link for a
file; without ``FOLLOW`` it never enters a linked folder; either way it returns only what
matched, so nothing could list the loop, the broken link or the folder reached twice.
On a plain tree it is faster (2,600 files: 0.03 s against 0.29 s), which matters less
than reading each file once (loading the same 2,600 files takes seconds).
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import InputError, SkippedInputWarning

__all__ = [
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "file_sha256",
    "find_inputs",
    "warn_not_read",
]


TEXT_SUFFIXES = (".txt", ".md", ".text")


TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's contents, in hex.

    >>> from analysis.paths import SAMPLE_FILE
    >>> len(file_sha256(SAMPLE_FILE))
    64
    """
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _glob_base(pattern: str) -> Path:
    """The folder a glob pattern starts in: its parts before the first wildcard."""
    parts = Path(pattern).parts
    base = []
    for part in parts:
        if any(ch in part for ch in "*?["):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def _glob_match(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether the path ``parts`` matches the glob ``pattern`` (``**`` is any number of
    folders, as in ``glob(recursive=True)``)."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob_match(pattern[1:], parts[i:]) for i in range(len(parts) + 1))
    return (
        bool(parts)
        and fnmatch.fnmatch(parts[0], pattern[0])
        and _glob_match(pattern[1:], parts[1:])
    )


def _may_hold(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether files under the folder ``parts`` can match the glob ``pattern``."""
    for index, part in enumerate(parts):
        if index == len(pattern):
            return False
        if pattern[index] == "**":
            return True
        if not fnmatch.fnmatch(part, pattern[index]):
            return False
    return len(pattern) > len(parts)


def _broken_link(link: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop: the link never reaches a file or folder"
    if err.errno == errno.ENOENT:
        return f"broken link: {os.readlink(link)} does not exist"
    return f"link cannot be followed: {err.strerror}"


class _Walk:
    """One walk of the folder ``base``: the files under it with where each really is, and
    what is not read there, with why.

    Links to folders are followed, after the folders themselves, each folder once: a
    folder reached again is listed, as a loop when it holds the link. ``enter(parts)``
    says whether a folder (its path relative to ``base``) is worth looking into,
    ``keep(parts)`` whether a file is wanted; what neither wants is not listed.
    """

    def __init__(
        self,
        base: Path,
        enter: Callable[[tuple[str, ...]], bool],
        keep: Callable[[tuple[str, ...]], bool],
    ) -> None:
        self.base, self.enter, self.keep = base, enter, keep
        self.files: dict[Path, str] = {}
        self.ignored: list[tuple[Path, str]] = []
        self.seen = {os.path.realpath(base): base}  # each folder read, by where it really is
        self.links: list[tuple[Path, tuple[str, ...]]] = []  # to folders, with those above

    def run(self) -> tuple[dict[Path, str], list[tuple[Path, str]]]:
        self.read(self.base, (os.path.realpath(self.base),))
        while self.links:  # in path order, so which of two links to one folder is read is fixed
            self.links.sort(key=lambda link: link[0])
            link, above = self.links.pop(0)
            real = os.path.realpath(link)
            if self.first_time(link, real, above):
                self.read(link, (*above, real))
        return self.files, self.ignored

    def first_time(self, folder: Path, real: str, above: tuple[str, ...]) -> bool:
        """Whether the folder really at ``real`` is reached for the first time; if not, it
        is listed, as a loop when one of the folders ``above`` it is itself."""
        seen = self.seen
        if real not in seen:
            seen[real] = folder
            return True
        if real in above:
            why = f"symlink loop: leads back to {seen[real]}, which holds it; not followed"
        else:
            why = f"link to a folder already reached as {seen[real]}; each folder is read once"
        self.ignored.append((folder, why))
        return False

    def read(self, folder: Path, above: tuple[str, ...]) -> None:
        """Walk ``folder`` (reached through the real folders ``above``) and the folders in
        it; links to folders wait in ``links``."""
        stack = [(folder, above)]
        while stack:
            current, above = stack.pop()
            try:
                with os.scandir(current) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as err:
                self.ignored.append((current, f"folder cannot be read: {err.strerror}"))
                continue
            for entry in entries:
                path = current / entry.name
                parts = path.relative_to(self.base).parts
                try:
                    found = self.entry(entry, path, parts, above, stack)
                except OSError as err:  # gone meanwhile, or not ours to look at
                    if self.keep(parts):
                        self.ignored.append((path, f"cannot be read: {err.strerror}"))
                    continue
                if found is not None and self.keep(parts):
                    mode, real = found
                    if stat.S_ISREG(mode):
                        self.files[path] = real
                    else:
                        self.ignored.append((path, "not a regular file"))

    def entry(self, entry: os.DirEntry, path: Path, parts, above, stack) -> tuple[int, str] | None:
        """One entry of a folder: a file's ``(mode, where it really is)``; ``None`` for a
        folder (put on ``stack``, or a link to one put on ``links``) or a broken link."""
        if entry.is_symlink():
            try:
                mode = path.stat().st_mode
            except OSError as err:
                if self.keep(parts) or self.enter(parts):
                    self.ignored.append((path, _broken_link(path, err)))
                return None
            if stat.S_ISDIR(mode):
                if self.enter(parts):
                    self.links.append((path, above))
                return None
            return mode, os.path.realpath(path)
        real = os.path.join(above[-1], entry.name)
        if entry.is_dir(follow_symlinks=False):
            if self.enter(parts) and self.first_time(path, real, above):
                stack.append((path, (*above, real)))
            return None
        return entry.stat(follow_symlinks=False).st_mode, real


def _walk(
    base: Path,
    *,
    enter: Callable[[tuple[str, ...]], bool] = lambda parts: True,
    keep: Callable[[tuple[str, ...]], bool] = lambda parts: True,
) -> tuple[dict[Path, str], list[tuple[Path, str]]]:
    """The files under the folder ``base`` and what is not read there (:class:`_Walk`)."""
    return _Walk(base, enter, keep).run()


def find_inputs(path: str | Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """Return ``(file, id stem)`` pairs to read and a list of what was left out and why.

    Each entry of the list is ``"<path> (<why>)"``, in path order: hidden files, other
    endings, ``README``/``LICENSE`` files, broken links and symlink loops, a folder or a
    file reached a second time through a link (each is read once), folders that cannot
    be read. Links to folders are followed, in folders and in glob patterns alike.
    """
    text = str(path)
    if isinstance(path, str) and any(ch in text for ch in "*?["):
        base, files, ignored = _glob_files(text)
    else:
        path = Path(path)
        if not path.exists():
            raise InputError(
                path,
                "does not exist",
                f"Give a file, a folder or a glob pattern (the working directory is {Path.cwd()})",
            )
        if path.is_file():
            return [(path, path.stem)], []
        base = path
        files, ignored = _walk(base)
    chosen = _articles_among(files, base, ignored)
    if not chosen:
        raise InputError(
            path,
            "holds no articles" + (f" ({_not_read(ignored)})" if ignored else " (it is empty)"),
            f"Put articles in it as {', '.join(TEXT_SUFFIXES)} files or "
            f"{', '.join(TABLE_SUFFIXES)} tables",
        )
    return chosen, [f"{where} ({why})" for where, why in sorted(ignored)]


def _glob_files(pattern_text: str) -> tuple[Path, dict[Path, str], list[tuple[Path, str]]]:
    """The folder a glob pattern starts in, the files it matches (:func:`_walk`) and what
    it matched but cannot read; raises when it matches no file."""
    base = _glob_base(pattern_text)
    pattern = Path(pattern_text).parts[len(base.parts) :]
    files, ignored = (
        _walk(
            base,
            enter=lambda parts: _may_hold(pattern, parts),
            keep=lambda parts: _glob_match(pattern, parts),
        )
        if base.is_dir()
        else ({}, [])
    )
    if not files:
        raise InputError(
            pattern_text,
            "matches no files" + (f" it can read ({_not_read(ignored)})" if ignored else ""),
            "Check the pattern (quote it in a shell)",
        )
    return base, files, ignored


def _articles_among(
    files: dict[Path, str], base: Path, ignored: list[tuple[Path, str]]
) -> list[tuple[Path, str]]:
    """The ``(file, id stem)`` pairs of ``files`` that are articles, in path order; the
    others go to ``ignored`` with why. A file reached twice (a link to it) is read once:
    where it is rather than through a link."""
    real_base = os.path.realpath(base)
    candidates = []
    for file in sorted(files):
        relative = file.relative_to(base)
        if any(part.startswith(".") for part in relative.parts):
            ignored.append((file, "hidden"))
        elif file.suffix.lower() not in TEXT_SUFFIXES + TABLE_SUFFIXES:
            ignored.append((file, f"not an article: {file.suffix or 'no ending'}"))
        elif file.stem.upper() in ("README", "LICENSE", "LICENCE"):
            ignored.append((file, "documentation, not an article"))
        else:
            direct = files[file] == os.path.join(real_base, *relative.parts)
            candidates.append((not direct, file, relative))
    read_as: dict[str, Path] = {}
    chosen = []
    for _, file, relative in sorted(candidates):
        if files[file] in read_as:
            ignored.append((file, f"the same file as {read_as[files[file]]}, which is read"))
        else:
            read_as[files[file]] = file
            chosen.append((file, relative.with_suffix("").as_posix()))
    return sorted(chosen)


def _not_read(ignored: list[tuple[Path, str]]) -> str:
    where, why = min(ignored)
    return f"{len(ignored)} not read as articles, e.g. {where} ({why})"


def warn_not_read(ignored: Sequence[str], *, stacklevel: int = 3) -> None:
    """Warn with the files and folders of an input that are not read as articles, and why."""
    if ignored:
        shown = "\n  ".join(ignored[:20]) + ("\n  ..." if len(ignored) > 20 else "")
        warnings.warn(
            f"{len(ignored)} files or folders are not read as articles:\n  {shown}",
            SkippedInputWarning,
            stacklevel=stacklevel,
        )
