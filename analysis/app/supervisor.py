"""Run notebooks with papermill, a few at a time, and watch them: a progress line for a
long notebook, the failing cell of a failed one, and every notebook stopped (its kernel
with it) when one fails, when the run is interrupted or when the runner dies.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "PROGRESS_EVERY",
    "STOP_SIGNALS",
    "NotebookFailed",
    "NotebookResult",
    "ignore_stop_signals",
    "run_notebooks",
]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_STOP_GRACE = 10.0  # seconds the notebooks get to stop their kernels after Ctrl-C

# Seconds between the progress lines of a notebook still running.
PROGRESS_EVERY = 15.0


class NotebookFailed(RuntimeError):
    """A notebook raised an error; the message names it and the failing cell."""


@dataclass
class NotebookResult:
    name: str
    seconds: float
    parameters: dict


_INSERTED = {"injected-parameters", "papermill-error-cell-tag"}  # cells papermill adds
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _failing_line(traceback: Sequence[str]) -> str:
    """The line IPython marks with ``---->`` in the traceback's frame of the cell itself.

    >>> _failing_line(["----", "E  Traceback", "Cell In[4], line 2\\n  1 x\\n----> 2 raise E\\n"])
    'raise E'
    """
    for frame in traceback:
        frame = _ANSI.sub("", frame)
        if not re.match(r"\s*(Cell In ?\[|Input In \[)", frame):
            continue
        for line in frame.splitlines():
            found = re.match(r"-+>\s*\d+\s(.*)", line)
            if found:
                return found.group(1).strip()
    return ""


def _failing_cell(notebook: Path) -> str:
    """Describe the cell papermill marked as failed, numbered as in the source notebook."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:
        return "before its first cell ran (see the log)"
    index = 0
    for cell in nb.cells:
        if _INSERTED & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.get("metadata", {}).get("papermill", {}).get("exception"):
            outputs = cell.get("outputs", [])
            error = next((o for o in outputs if o.get("output_type") == "error"), {})
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            count = cell.get("execution_count")
            where = f"cell {index}" + (f" (In [{count}])" if count else "")
            what = f"{error.get('ename', 'error')}: {error.get('evalue', '')}".strip()
            line = _failing_line(error.get("traceback", [])) or first_line
            return f"{where}, at {line[:70]!r}: {what}"
        index += 1
    return "outside a cell (see the log)"


def _parent_death_signal():
    """Linux: a function for the child to call so that it gets SIGTERM if the runner dies
    (kill -9, a closed terminal), and no notebook runs on orphaned; its kernel follows.
    Looked up here, in the parent: the child, forked from a threaded process, only calls."""
    if sys.platform != "linux":
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)  # 1 is PR_SET_PDEATHSIG


_DIE_WITH_PARENT = _parent_death_signal()


class _Notebook:
    """One papermill process executing one notebook."""

    def __init__(self, source: Path, output: Path, params: dict, log: Path):
        self.source, self.output, self.params, self.log = source, output, params, log
        self.name = source.stem
        params_file = log.with_suffix(".params.yml")
        params_file.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False))
        env = dict(os.environ)
        # The inline backend embeds figures in the executed notebook; Agg would not.
        env.pop("MPLBACKEND", None)
        command = [
            sys.executable,
            "-m",
            "papermill",
            str(source),
            str(output),
            "-f",
            str(params_file),
            "--no-progress-bar",
            "--log-level",
            "WARNING",
        ]
        self.started = time.perf_counter()
        self.ended: float | None = None
        self.reported = 0.0  # seconds into the run of the last progress line
        with open(log, "wb") as handle:
            # Its own session: Ctrl-C reaches the runner, which stops the notebooks itself.
            self.process = subprocess.Popen(
                command,
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                preexec_fn=_DIE_WITH_PARENT,
            )
        self.params_file = params_file
        threading.Thread(target=self._wait, daemon=True).start()

    def _wait(self) -> None:
        self.process.wait()
        self.ended = time.perf_counter()  # the duration excludes the runner's other work

    def poll(self) -> int | None:
        return self.process.returncode if self.ended is not None else None

    def cells_done(self) -> tuple[int, int] | None:
        """Cells finished and cells in all, from the notebook papermill is writing (it
        saves it as cells end); ``None`` while there is none or it is being rewritten."""
        try:
            cells = json.loads(self.output.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            return None
        code = [c for c in cells if c.get("cell_type") == "code"]
        status = [c.get("metadata", {}).get("papermill", {}).get("status") for c in code]
        return sum(s == "completed" for s in status), len(code)

    @property
    def seconds(self) -> float:
        return (self.ended or time.perf_counter()) - self.started

    def send(self, signum: int) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it has just ended
                os.killpg(self.process.pid, signum)


def ignore_stop_signals() -> dict:
    """Ignore Ctrl-C, SIGTERM and SIGHUP (while stopping); return the handlers replaced."""
    return {signum: signal.signal(signum, signal.SIG_IGN) for signum in STOP_SIGNALS}


def _stop(jobs: Sequence[_Notebook], *, restore: bool = True) -> None:
    """Interrupt every running notebook at once (papermill shuts its kernel down), then
    kill those still running after the grace period. Ctrl-C cannot cut this short; after
    an interruption (``restore=False``) further ones stay ignored while the run ends."""
    previous = ignore_stop_signals()
    try:
        for job in jobs:
            job.send(signal.SIGINT)
        deadline = time.monotonic() + _STOP_GRACE
        for job in jobs:
            try:
                job.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                job.send(signal.SIGKILL)
                job.process.wait()
            job.params_file.unlink(missing_ok=True)
    finally:
        if restore:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def run_notebooks(
    notebooks: Sequence[Path],
    params_for: Callable[[Path], dict],
    folder: Path,
    jobs: int,
    say: Callable[[str], None],
    on_done: Callable[[Path, Path], None],
) -> list[NotebookResult]:
    """Run ``notebooks``, ``jobs`` at a time; stop all and raise at the first failure."""
    (folder / "notebooks").mkdir(parents=True, exist_ok=True)
    (folder / "logs").mkdir(exist_ok=True)
    waiting = list(notebooks)
    running: list[_Notebook] = []
    rendering: list[_Notebook] = []  # finished, HTML still to write
    results: list[NotebookResult] = []
    try:
        while waiting or running or rendering:
            while waiting and len(running) < jobs:
                source = waiting.pop(0)
                running.append(
                    _Notebook(
                        source,
                        folder / "notebooks" / source.name,
                        params_for(source),
                        folder / "logs" / f"{source.stem}.log",
                    )
                )
            if rendering:  # while the next notebooks run
                job = rendering.pop(0)
                on_done(job.source, job.output)
                continue
            time.sleep(0.1)
            _say_progress(running, say)
            for job in [j for j in running if j.poll() is not None]:
                running.remove(job)
                results.append(_finished(job, f"[{len(results) + 1}/{len(notebooks)}]", say))
                rendering.append(job)
    except BaseException as err:
        _stop(running, restore=not isinstance(err, KeyboardInterrupt))
        raise
    return sorted(results, key=lambda r: r.name)


def _say_progress(running: Sequence[_Notebook], say: Callable[[str], None]) -> None:
    """A line for each notebook running ``PROGRESS_EVERY`` seconds since its last one: a
    long notebook is never silent for long."""
    for job in running:
        if job.poll() is None and job.seconds >= job.reported + PROGRESS_EVERY:
            job.reported = job.seconds
            done = job.cells_done()
            cells = f"{done[0]} of {done[1]} cells done, " if done else ""
            say(f"      {job.name:<24} running: {cells}{job.seconds:.0f} s")


def _finished(job: _Notebook, count: str, say: Callable[[str], None]) -> NotebookResult:
    """Say that a notebook ended, and how; raise :class:`NotebookFailed` if it failed."""
    seconds = job.seconds
    job.params_file.unlink(missing_ok=True)
    if job.process.returncode != 0:
        say(f"{count} {job.name:<24} FAILED after {seconds:.1f} s")
        raise NotebookFailed(
            f"notebook {job.name} failed in {_failing_cell(job.output)}"
            if job.output.exists()
            else f"notebook {job.name} did not start: " + _last_line(job.log)
        )
    say(f"{count} {job.name:<24} done in {seconds:.1f} s")
    return NotebookResult(job.name, round(seconds, 2), job.params)


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else f"no output (see {log})"
