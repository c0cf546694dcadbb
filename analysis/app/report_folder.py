"""The report folder as a transaction: built hidden beside its destination, renamed into
place only when complete, set aside as ``<name>.failed`` or ``<name>.interrupted`` when the
run stops, and what runs killed midway left hidden tidied by the next run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .params import ParameterError
from .supervisor import STOP_SIGNALS

__all__ = [
    "HOST",
    "check_report_name",
    "make_partial",
    "move_into_place",
    "rewrite_paths",
    "set_aside",
    "set_aside_abandoned",
]

_NAME = re.compile(r"\w[\w.-]*")
_RESERVED = re.compile(r"\.(failed|interrupted)$|\.partial-|\.old-")  # the runner's own names
_PARTIAL = re.compile(r"^\.(?P<name>.+)\.partial-(?P<host>.+)-(?P<pid>\d+)$")
# An earlier report moved aside by --replace; names without a host are from before 0.2.
_OLD = re.compile(r"^\.(?P<name>.+)\.old-(?:(?P<host>.+)-)?(?P<pid>\d+)$")
HOST = re.sub(r"[^\w.-]", "_", socket.gethostname()) or "host"


def check_report_name(name: str) -> None:
    """Refuse a report name that is no plain folder name or ends as the runner's own do."""
    if not _NAME.fullmatch(name) or _RESERVED.search(name):
        raise ParameterError(
            f"--name {name!r}: use letters, digits, '-', '_' and '.' (it names a folder), "
            "and no ending the runner uses itself (.failed, .interrupted)"
        )


def make_partial(reports_dir: Path, name: str) -> Path:
    """The hidden folder the report of ``name`` is built in, named after this run's
    machine and process so that the next run can tell whether it was abandoned."""
    partial = reports_dir / f".{name}.partial-{HOST}-{os.getpid()}"
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        partial.mkdir()
    except OSError as err:  # name the folder the user gave, not the hidden one inside it
        raise InputError(
            reports_dir,
            f"cannot write the report here ({err.strerror or err})",
            "Give --reports-dir a folder you can write to",
        ) from None
    return partial


def set_aside(folder: Path, suffix: str, reason: str) -> Path:
    """Rename a partial report to ``<name>.<suffix>`` with a note saying it is incomplete."""
    target = folder.parent / f"{folder.name.split('.partial-')[0].lstrip('.')}.{suffix}"
    (folder / "INCOMPLETE.txt").write_text(
        f"This report is incomplete: {reason}\n"
        "It holds what ran before the run stopped. It is not a result: run again.\n",
        encoding="utf-8",
    )
    for leftover in ("summary.json", "index.html"):
        (folder / leftover).unlink(missing_ok=True)
    rewrite_paths(folder, target)
    if target.exists():
        shutil.rmtree(target)
    folder.rename(target)
    return target


def move_into_place(partial: Path, final: Path, replace: bool) -> None:
    """Rename the finished report to its name; with ``--replace``, the earlier report goes
    only now. Ctrl-C waits until both renames are done, so it can never leave the name
    empty with the earlier report moved aside."""
    stopping = set(STOP_SIGNALS)
    signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        old = None
        if final.exists() and not replace:  # another run finished first under this name
            raise InputError(
                final,
                "was written by another run while this one ran",
                "This run is kept beside it as .failed; run again with another --name",
            )
        if final.exists():
            old = final.parent / f".{final.name}.old-{HOST}-{os.getpid()}"
            final.rename(old)
        partial.rename(final)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def rewrite_paths(partial: Path, final: Path) -> None:
    """Executed notebooks name the folder they wrote into; make that the final one."""
    for path in [*partial.glob("notebooks/*.ipynb"), *partial.glob("notebooks/*.html")]:
        text = path.read_text(encoding="utf-8")
        if str(partial) in text:
            path.write_text(text.replace(str(partial), str(final)), encoding="utf-8")


def _alive(pid: int) -> bool:
    """Whether a process of this machine with this id may still be running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def set_aside_abandoned(reports_dir: Path, say: Callable[[str], None]) -> None:
    """Tidy what runs that died without cleaning up (kill -9, power loss) left hidden: a
    partial report becomes ``<name>.interrupted``; an earlier report that ``--replace``
    had moved aside goes back under its name if nothing took its place, and is deleted
    if the new report did."""
    for folder in sorted(reports_dir.glob(".*.old-*")):
        found = _OLD.match(folder.name)
        if not found or not folder.is_dir() or (found["host"] or HOST) != HOST:
            continue  # another machine's run (a shared folder) may well be alive
        if _alive(int(found["pid"])):
            continue  # that run is between its two renames
        final = reports_dir / found["name"]
        try:
            if final.exists():
                shutil.rmtree(folder)
                say(
                    f"note: deleted {folder}, the report that {final} replaced (its run "
                    "ended before deleting it)"
                )
            else:
                folder.rename(final)
                say(
                    f"note: restored {final}: a run replacing it (--replace) ended before "
                    "the new report was in place"
                )
        except OSError as err:
            say(f"warning: {folder} holds an earlier report of {final.name}; cannot tidy it: {err}")
    for folder in reports_dir.glob(".*.partial-*"):
        found = _PARTIAL.match(folder.name)
        if not found or not folder.is_dir() or found["host"] != HOST:
            continue  # another machine's run (a shared folder) may well be alive
        if _alive(int(found["pid"])):
            continue  # that run is still going
        kept = set_aside(folder, "interrupted", "its run ended without finishing it")
        say(f"note: an abandoned partial report is now {kept}")
