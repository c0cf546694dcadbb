"""Run the notebooks with papermill into one report folder that is complete or absent.

The report is built in a hidden folder beside its destination and renamed into place
only when every notebook ran and ``summary.json`` and ``index.html`` are written. A
failed run leaves ``<name>.failed/`` (an interrupted one ``<name>.interrupted/``) with
the partly executed notebooks and logs, and never a folder that looks complete; an
earlier report of the same name is replaced only by a complete one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import InputError
from ..paths import NOTEBOOKS_DIR, REPORTS_DIR
from .params import Parameter, ParameterError, collect_parameters

__all__ = [
    "HOST",
    "RUNNER_PARAMETERS",
    "NotebookFailed",
    "NotebookResult",
    "RunInterrupted",
    "absolute_path",
    "default_name",
    "find_notebooks",
    "move_into_place",
    "run_report",
    "select_notebooks",
    "set_aside_abandoned",
]

# Parameters the runner sets itself: the report folder is its own to choose.
RUNNER_PARAMETERS = {"report_dir": "--name and --reports-dir choose the report folder"}
_NAME = re.compile(r"\w[\w.-]*")
_RESERVED = re.compile(r"\.(failed|interrupted)$|\.partial-|\.old-")  # the runner's own names
_PARTIAL = re.compile(r"^\.(?P<name>.+)\.partial-(?P<host>.+)-(?P<pid>\d+)$")
HOST = re.sub(r"[^\w.-]", "_", socket.gethostname()) or "host"
_STOP_GRACE = 10.0  # seconds the notebooks get to stop their kernels after Ctrl-C
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class NotebookFailed(RuntimeError):
    """A notebook raised an error; the message names it and the failing cell."""


class RunInterrupted(RuntimeError):
    """The run was stopped with Ctrl-C (or SIGTERM) before it finished."""


@dataclass
class NotebookResult:
    name: str
    seconds: float
    parameters: dict


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


def default_name(now: dt.datetime | None = None) -> str:
    """A report name from the date and time, e.g. ``2026-11-27_081502``."""
    now = now or dt.datetime.now()
    return now.strftime("%Y-%m-%d_%H%M%S")


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
            sys.executable, "-m", "papermill", str(source), str(output),
            "-f", str(params_file), "--no-progress-bar", "--log-level", "WARNING",
        ]  # fmt: skip
        self.started = time.perf_counter()
        self.ended: float | None = None
        with open(log, "wb") as handle:
            # Its own session: Ctrl-C reaches the runner, which stops the notebooks itself.
            self.process = subprocess.Popen(
                command, stdout=handle, stderr=subprocess.STDOUT, env=env,
                start_new_session=True,
                preexec_fn=_DIE_WITH_PARENT,
            )  # fmt: skip
        self.params_file = params_file
        threading.Thread(target=self._wait, daemon=True).start()

    def _wait(self) -> None:
        self.process.wait()
        self.ended = time.perf_counter()  # the duration excludes the runner's other work

    def poll(self) -> int | None:
        return self.process.returncode if self.ended is not None else None

    @property
    def seconds(self) -> float:
        return (self.ended or time.perf_counter()) - self.started

    def send(self, signum: int) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it has just ended
                os.killpg(self.process.pid, signum)


def _ignore_stop_signals() -> dict:
    """Ignore Ctrl-C, SIGTERM and SIGHUP (while stopping); return the handlers replaced."""
    return {signum: signal.signal(signum, signal.SIG_IGN) for signum in _STOP_SIGNALS}


def _stop(jobs: Sequence[_Notebook], *, restore: bool = True) -> None:
    """Interrupt every running notebook at once (papermill shuts its kernel down), then
    kill those still running after the grace period. Ctrl-C cannot cut this short; after
    an interruption (``restore=False``) further ones stay ignored while the run ends."""
    previous = _ignore_stop_signals()
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


def _execute(
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
            for job in [j for j in running if j.poll() is not None]:
                running.remove(job)
                seconds = job.seconds
                job.params_file.unlink(missing_ok=True)
                count = f"[{len(results) + 1}/{len(notebooks)}] {job.name:<24}"
                if job.process.returncode != 0:
                    say(f"{count} FAILED after {seconds:.1f} s")
                    raise NotebookFailed(
                        f"notebook {job.name} failed in {_failing_cell(job.output)}"
                        if job.output.exists()
                        else f"notebook {job.name} did not start: " + _last_line(job.log)
                    )
                say(f"{count} done in {seconds:.1f} s")
                results.append(NotebookResult(job.name, round(seconds, 2), job.params))
                rendering.append(job)
    except BaseException as err:
        _stop(running, restore=not isinstance(err, KeyboardInterrupt))
        raise
    return sorted(results, key=lambda r: r.name)


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else f"no output (see {log})"


def _render_html(notebook: Path) -> Path:
    """The executed notebook as HTML, figures embedded (they are PNG outputs)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_filename(str(notebook))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


@dataclass
class _Prepared:
    message: str  # what was done, for the progress line
    articles: list[str]  # article ids
    skipped: object  # the skipped-inputs table
    warnings: list[str]


def _prepare(input_path: str, values: dict, params: dict[str, Parameter], cache: bool) -> _Prepared:
    """Load and score the corpus once, into the cache every notebook reads; without the
    cache, read the articles only, so that bad input stops the run before any notebook.
    """
    from ..load.cache import cached_corpus
    from ..load.inputs import load_articles
    from ..load.markers import unlisted_markers
    from ..sentiment.cache import cached_scores

    def value(name, fallback):
        if name in values:
            return values[name]
        return params[name].default if name in params else fallback

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'s' if n != 1 else ''}"

    loading = {
        "text_col": value("text_col", "text"),
        "encoding": value("encoding", "utf-8"),
        "on_error": value("on_error", "raise"),
    }
    markers = value("markers", ["Comment:"])
    try:
        if not cache:
            articles = load_articles(input_path, **loading)
            return _Prepared(
                f"read {plural(len(articles), 'article')} (use_cache is off: not cached)",
                articles["article_id"].tolist(),
                None,
                [],
            )
        corpus = cached_corpus(
            input_path,
            markers=markers,
            marker_regex=value("marker_regex", "") or None,
            paragraph_break=value("paragraph_break", "blank line"),
            **loading,
        )
        engines = value("engines", ["textblob", "vader"])
        cached_scores(corpus, level="sentence", engines=engines)
        if value("level", "sentence") == "paragraph":
            cached_scores(corpus, level="paragraph", engines=engines)
    except InputError:
        raise
    except ValueError as err:  # an option the loader or scorer refuses
        raise ParameterError(f"cannot load the input with these parameters: {err}") from err
    notes = []
    sections = corpus.paragraphs["section"].astype(str)
    if not (sections == "commentary").any():
        notes.append(
            f"warning: no paragraph starts with a marker of {markers}: everything counts as "
            "reporting, and the framing notebook cannot compare; check -p markers"
        )
    for opening, count, articles in unlisted_markers(corpus.paragraphs[sections == "reporting"]):
        notes.append(
            f"note: {opening!r} opens {count} reporting paragraphs in {articles} articles; if it "
            "marks commentary (not a speaker, a dateline or an update line), add it: "
            + "-p markers "
            + shlex.quote(json.dumps([*markers, opening], ensure_ascii=False))
        )
    return _Prepared(
        f"loaded and scored {plural(len(corpus.articles), 'article')}, "
        f"{plural(len(corpus.sentences), 'sentence')} (cached for the notebooks)",
        corpus.articles["article_id"].tolist(),
        corpus.skipped,
        notes,
    )


def _check_paths(values: dict) -> dict:
    """Check that a path given to a parameter exists, before anything runs, and make it
    absolute: it is read from where the user typed it."""
    checked = dict(values)
    for name, value in values.items():
        if name.endswith(("_path", "_file", "_dir")) and isinstance(value, str) and value:
            path = Path(value).expanduser()
            if not any(ch in value for ch in "*?[") and not path.exists():
                raise InputError(
                    path, f"does not exist (parameter {name})",
                    f"Give an existing path (the working directory is {Path.cwd()})",
                )  # fmt: skip
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


def _check_article(values: dict, article_ids: list[str]) -> None:
    """The notebooks' own check of ``article_id``, made before any notebook starts."""
    import pandas as pd

    from ..load.corpus import UnknownArticleError, choose_article

    if values.get("article_id") and article_ids:
        try:
            choose_article(pd.DataFrame({"article_id": article_ids}), values["article_id"])
        except UnknownArticleError as err:
            raise ParameterError(f"parameter 'article_id': {err}") from None


def _set_aside(folder: Path, suffix: str, reason: str) -> Path:
    """Rename a partial report to ``<name>.<suffix>`` with a note saying it is incomplete."""
    target = folder.parent / f"{folder.name.split('.partial-')[0].lstrip('.')}.{suffix}"
    (folder / "INCOMPLETE.txt").write_text(
        f"This report is incomplete: {reason}\n"
        "It holds what ran before the run stopped. It is not a result: run again.\n",
        encoding="utf-8",
    )
    for leftover in ("summary.json", "index.html"):
        (folder / leftover).unlink(missing_ok=True)
    _rewrite_paths(folder, target)
    if target.exists():
        shutil.rmtree(target)
    folder.rename(target)
    return target


def move_into_place(partial: Path, final: Path, replace: bool) -> None:
    """Rename the finished report to its name; with ``--replace``, the earlier report goes
    only now. Ctrl-C waits until both renames are done, so it can never leave the name
    empty with the earlier report moved aside."""
    stopping = set(_STOP_SIGNALS)
    signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        old = None
        if final.exists() and not replace:  # another run finished first under this name
            raise InputError(
                final, "was written by another run while this one ran",
                "This run is kept beside it as .failed; run again with another --name",
            )  # fmt: skip
        if final.exists():
            old = final.parent / f".{final.name}.old-{os.getpid()}"
            final.rename(old)
        partial.rename(final)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _sigterm(signum, frame):
    raise KeyboardInterrupt


def _rewrite_paths(partial: Path, final: Path) -> None:
    """Executed notebooks name the folder they wrote into; make that the final one."""
    for path in [*partial.glob("notebooks/*.ipynb"), *partial.glob("notebooks/*.html")]:
        text = path.read_text(encoding="utf-8")
        if str(partial) in text:
            path.write_text(text.replace(str(partial), str(final)), encoding="utf-8")


def set_aside_abandoned(reports_dir: Path, say: Callable[[str], None]) -> None:
    """Partial reports of runs that died without cleaning up (kill -9, power loss)."""
    for folder in reports_dir.glob(".*.partial-*"):
        found = _PARTIAL.match(folder.name)
        if not found or not folder.is_dir() or found["host"] != HOST:
            continue  # another machine's run (a shared folder) may well be alive
        try:
            os.kill(int(found["pid"]), 0)
            continue  # that run is still going
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        kept = _set_aside(folder, "interrupted", "its run ended without finishing it")
        say(f"note: an abandoned partial report is now {kept}")


def run_report(
    *,
    input_path: str = "",
    values: dict | None = None,
    name: str = "",
    reports_dir: str | Path = REPORTS_DIR,
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    only: Sequence[str] = (),
    jobs: int = 1,
    replace: bool = False,
    command: Sequence[str] = (),
    say: Callable[[str], None] = print,
) -> Path:
    """Run the notebooks into ``reports_dir/name`` and return the finished folder.

    ``values`` are checked parameter values (:func:`analysis.app.params.resolve_parameters`);
    each notebook receives those it declares, with ``report_dir`` set by the runner.
    Raises :class:`~analysis.errors.InputError` (bad input),
    :class:`~analysis.app.params.ParameterError`, :class:`NotebookFailed` or
    :class:`RunInterrupted`.
    """
    from .report import write_report

    values = dict(values or {})
    notebooks = find_notebooks(notebooks_dir)
    params = collect_parameters(notebooks)
    selected = select_notebooks(notebooks, only)
    for key, why in RUNNER_PARAMETERS.items():
        if key in values:
            raise ParameterError(f"parameter {key!r} is set by media-bias run: {why}")
    typed = values.pop("input_path", "")
    if input_path and typed and Path(typed).absolute() != Path(input_path).absolute():
        raise ParameterError("give the input once: --input or -p input_path, not both")
    input_path = str(input_path or typed or "")
    if input_path:  # a path the user typed is read from where they typed it
        input_path = absolute_path(input_path)
    name = name or default_name()
    if not _NAME.fullmatch(name) or _RESERVED.search(name):
        raise ParameterError(
            f"--name {name!r}: use letters, digits, '-', '_' and '.' (it names a folder), "
            "and no ending the runner uses itself (.failed, .interrupted)"
        )
    reports_dir = Path(reports_dir).absolute()
    final = reports_dir / name
    if final.exists() and not replace:
        raise InputError(
            final, "already holds a report", "Choose another --name, or pass --replace"
        )
    idle = [n for n in values if not any(p.stem in params[n].notebooks for p in selected)]
    for key in idle:
        say(f"note: {key} is not used: only {', '.join(params[key].notebooks)} read it")

    from ..load.cache import input_listing

    started = dt.datetime.now().astimezone()
    files, not_read = input_listing(input_path)  # InputError: a missing path, no articles
    say(
        f"input: {input_path or '(the bundled sample)'} "
        f"({len(files)} file{'s' if len(files) != 1 else ''})"
    )
    uses_cache = values.get("use_cache", params.get("use_cache") and params["use_cache"].default)
    clock = time.perf_counter()
    values = _check_paths(values)
    prepared = _prepare(input_path, values, params, cache=bool(uses_cache))
    _check_article(values, prepared.articles)
    say(f"{prepared.message} in {time.perf_counter() - clock:.1f} s")
    for note in prepared.warnings:
        say(note)

    reports_dir.mkdir(parents=True, exist_ok=True)
    set_aside_abandoned(reports_dir, say)
    partial = reports_dir / f".{name}.partial-{HOST}-{os.getpid()}"
    partial.mkdir()
    previous = {signal.SIGINT: signal.getsignal(signal.SIGINT)}
    previous |= {signum: signal.signal(signum, _sigterm) for signum in _STOP_SIGNALS[1:]}

    def params_for(notebook: Path) -> dict:
        declared = {k for k, p in params.items() if notebook.stem in p.notebooks}
        own = {k: v for k, v in values.items() if k in declared}
        if input_path and "input_path" in declared:
            own["input_path"] = input_path
        if "report_dir" in declared:
            own["report_dir"] = str(partial)
        return own

    try:
        width = min(jobs, len(selected))
        say(
            f"running {len(selected)} notebook{'s' if len(selected) != 1 else ''}"
            + (f", {width} at a time" if width > 1 else "")
        )
        results = _execute(
            selected,
            params_for,
            partial,
            max(1, jobs),
            say,
            on_done=lambda source, output: _render_html(output),
        )
        for result in results:  # every value the notebook ran with, defaults included
            result.parameters = {
                key: result.parameters.get(key, param.default)
                for key, param in params.items()
                if result.name in param.notebooks and key not in RUNNER_PARAMETERS
            }
        _rewrite_paths(partial, final)
        write_report(
            partial,
            name=name,
            input_path=input_path,
            files=files,
            not_read=not_read,
            skipped=prepared.skipped,
            notebooks=selected,
            values=values,
            results=results,
            started=started,
            command=command,
        )
        move_into_place(partial, final, replace)
    except KeyboardInterrupt:
        _ignore_stop_signals()  # a second Ctrl-C must not cut the tidying short
        if not partial.exists():  # Ctrl-C came while the finished report was moved in
            raise RunInterrupted(f"interrupted, but the report is complete: {final}") from None
        kept = _set_aside(partial, "interrupted", "the run was interrupted")
        raise RunInterrupted(f"interrupted; what had run is in {kept}") from None
    except NotebookFailed as err:
        kept = _set_aside(partial, "failed", str(err))
        raise NotebookFailed(
            f"{err}; the partly executed notebook and its log are in {kept}"
        ) from None
    except BaseException as err:
        if partial.exists():
            _set_aside(partial, "failed", f"the runner stopped: {err}")
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return final
