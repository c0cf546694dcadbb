"""Run the notebooks with papermill into one report folder that is complete or absent.

The report is built in a hidden folder beside its destination and renamed into place
only when every notebook ran and ``summary.json`` and ``index.html`` are written. A
failed run leaves ``<name>.failed/`` (an interrupted one ``<name>.interrupted/``) with
the partly executed notebooks and logs, and never a folder that looks complete; an
earlier report of the same name is replaced only by a complete one, and a run killed
while replacing it leaves it where the next run puts it back.

Everything a notebook would refuse is checked before the first one starts: the
parameters (:mod:`analysis.app.params`), the input, the files parameters name, and
whether the corpus has the commentary and reporting a notebook compares.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import re
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
from ..parallel import NoCluster, on_dask, usable_cpus
from ..paths import NOTEBOOKS_DIR, REPORTS_DIR
from ..report.notebooks import render_notebook_html
from .params import Parameter, ParameterError, collect_parameters

__all__ = [
    "HOST",
    "ONE_AT_A_TIME_PARAGRAPHS",
    "PROGRESS_EVERY",
    "RUNNER_PARAMETERS",
    "NotebookFailed",
    "NotebookResult",
    "RunInterrupted",
    "absolute_path",
    "default_name",
    "find_notebooks",
    "move_into_place",
    "notebooks_at_once",
    "render_notebook_html",
    "run_report",
    "select_notebooks",
    "set_aside_abandoned",
]

# Parameters the runner sets itself: the report folder is its own to choose.
RUNNER_PARAMETERS = {"report_dir": "--name and --reports-dir choose the report folder"}
_NAME = re.compile(r"\w[\w.-]*")
_RESERVED = re.compile(r"\.(failed|interrupted)$|\.partial-|\.old-")  # the runner's own names
_PARTIAL = re.compile(r"^\.(?P<name>.+)\.partial-(?P<host>.+)-(?P<pid>\d+)$")
# An earlier report moved aside by --replace; names without a host are from before 0.2.
_OLD = re.compile(r"^\.(?P<name>.+)\.old-(?:(?P<host>.+)-)?(?P<pid>\d+)$")
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
        self.reported = 0.0  # seconds into the run of the last progress line
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


# Seconds between the progress lines of a notebook still running.
PROGRESS_EVERY = 15.0


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
            for job in running:  # a long notebook is never silent for long
                if job.poll() is None and job.seconds >= job.reported + PROGRESS_EVERY:
                    job.reported = job.seconds
                    done = job.cells_done()
                    cells = f"{done[0]} of {done[1]} cells done, " if done else ""
                    say(f"      {job.name:<24} running: {cells}{job.seconds:.0f} s")
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


def _give_back_memory() -> None:
    """Free what loading and scoring left and hand it back to the system: the runner only
    waits while the notebooks run, and its freed heap would count against the run's peak."""
    import gc

    from ..load.dataset import release_arrow_memory

    gc.collect()
    release_arrow_memory()


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else f"no output (see {log})"


@dataclass
class _Prepared:
    message: str  # what was done, for the progress line
    articles: list[str]  # article ids
    skipped: object  # the skipped-inputs table
    found: dict  # what the markers found: sections, markers, openings (``marker_summary``)


def _prepare(
    input_path: str, values: dict, params: dict[str, Parameter], cache: bool, *, score: bool
) -> _Prepared:
    """Load and score the corpus once, into the cache every notebook reads; without the
    cache, load it only, so that bad input stops the run before any notebook and the
    sections the markers find can be checked.
    """
    from ..load.cache import cached_corpus
    from ..load.dataset import StoredCorpus
    from ..sentiment.cache import store_scores

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'s' if n != 1 else ''}"

    try:
        corpus = cached_corpus(
            input_path,
            markers=_value("markers", values, params),
            marker_regex=_value("marker_regex", values, params) or None,
            paragraph_break=_value("paragraph_break", values, params),
            text_col=_value("text_col", values, params),
            encoding=_value("encoding", values, params),
            on_error=_value("on_error", values, params),
            cache=cache,
        )
        if score and isinstance(corpus, StoredCorpus):
            for level, engines in _scored_levels(values, params).items():
                store_scores(corpus, level=level, engines=engines)
    except InputError:
        raise
    except ValueError as err:  # an option the loader or scorer refuses
        raise ParameterError(f"cannot load the input with these parameters: {err}") from err
    counts = (
        f"{plural(corpus.rows('articles'), 'article')}, "
        f"{plural(corpus.rows('sentences'), 'sentence')}"
    )
    return _Prepared(
        f"loaded {counts} (cached for the notebooks; none of them scores sentiment)"
        if not score and isinstance(corpus, StoredCorpus)
        else f"loaded and scored {counts} (cached for the notebooks)"
        if isinstance(corpus, StoredCorpus)
        else f"loaded {counts} (use_cache is off: not cached)"
        if not cache
        else f"loaded {counts} (the cache cannot be written: the notebooks load it again)",
        corpus.read("articles", ["article_id"])["article_id"].tolist(),
        corpus.skipped,
        corpus.marker_summary(),
    )


def _scored_levels(values: dict, params: dict[str, Parameter]) -> dict[str, list[str]]:
    """The engines each level is scored with before the notebooks start: the chosen
    engines at the chosen level; TextBlob on sentences (the actors' portrayal) and the
    opinion model on paragraphs (the editorial ranking) for the framing notebook."""
    engines = list(_value("engines", values, params))
    chosen = _value("level", values, params)
    needs = {"sentence": ["textblob"], "paragraph": ["opinion"]}
    needs[chosen] = engines + [e for e in needs[chosen] if e not in engines]
    return needs


# The defaults of the loading parameters, for notebooks that do not declare one.
_FALLBACKS = {
    "markers": ["Comment:"],
    "marker_regex": "",
    "paragraph_break": "blank line",
    "text_col": "text",
    "encoding": "utf-8",
    "on_error": "raise",
    "engines": ["textblob", "vader", "opinion"],
    "level": "sentence",
}


def _value(name: str, values: dict, params: dict[str, Parameter]) -> object:
    """The value a parameter has in this run: given, else the notebooks' default."""
    if name in values:
        return values[name]
    return params[name].default if name in params else _FALLBACKS[name]


def _scores_sentiment(notebook: Path) -> bool:
    """Whether a notebook reads sentiment scores (it calls ``cached_scores``): the runner
    scores the corpus before the notebooks start only for a run that has one."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return any(cell.cell_type == "code" and "cached_scores(" in cell.source for cell in cells)


def _compares_sections(notebook: Path) -> bool:
    """Whether a notebook stops unless the corpus has both commentary and reporting: it
    opens the corpus with ``open_corpus(..., require_commentary=True)``."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return any(
        cell.cell_type == "code" and re.search(r"require_commentary\s*=\s*True", cell.source)
        for cell in cells
    )


def _check_sections(
    found: dict, markers: list[str], notebooks: Sequence[Path], selected: Sequence[Path]
) -> list[str]:
    """Stop a run whose notebooks compare commentary with reporting on a corpus that lacks
    one of them; otherwise return the warnings and notes about the markers to print.

    The hint is what to type: the markers split at their commas when a list was typed as
    one text, or an opening that starts reporting paragraphs in several articles.
    """
    from ..load.markers import unlisted_markers
    from .params import cli_option, split_items

    sections = found["sections"]
    opened = set(found["markers"])
    # A marker may hold a comma; one that holds a comma and opens no paragraph is a list
    # typed as one text (-p markers "Comment:, Editor's note:").
    typed_as_one = [m for m in markers if "," in m and m.strip().lower() not in opened]
    meant: list[str] = []  # the markers the user meant
    for marker in markers:
        for item in split_items([marker]) if marker in typed_as_one else [marker]:
            if item not in meant:
                meant.append(item)
    unlisted = [
        (opening, count, articles)
        for opening, count, articles in unlisted_markers(openings=found["openings"])
        if opening.lower() not in {m.lower() for m in meant}
    ]
    fix = "check -p markers: it lists the text that opens each commentary paragraph"
    if typed_as_one:
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
    comparing = [p.stem for p in selected if _compares_sections(p)]
    if missing and comparing:
        if unlisted and not typed_as_one and not has["commentary"]:
            opening, count, articles = unlisted[0]
            fix = (
                f"{opening!r} opens {count} reporting paragraphs in {articles} articles: if "
                f"it marks commentary, write {cli_option('markers', [*meant, opening])}"
            )
        others = [p.stem for p in notebooks if p.stem not in comparing]
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
    elif typed_as_one:
        notes.append(f"warning: the marker {typed_as_one[0]!r} opens no paragraph; {fix}")
    for opening, count, articles in unlisted:
        notes.append(
            f"note: {opening!r} opens {count} reporting paragraphs in {articles} articles; if it "
            "marks commentary (not a speaker, a dateline or an update line), add it: "
            + cli_option("markers", [*meant, opening])
        )
    return notes


def _check_files(values: dict, params: dict[str, Parameter], selected: Sequence[Path]) -> None:
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


def _cache_is_writable(say: Callable[[str], None]) -> bool:
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
            old = final.parent / f".{final.name}.old-{HOST}-{os.getpid()}"
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
        kept = _set_aside(folder, "interrupted", "its run ended without finishing it")
        say(f"note: an abandoned partial report is now {kept}")


# From this many paragraphs the notebooks run one at a time: each then holds gigabytes
# (3 GB at 1.7 million), and side by side they would need the sum.
ONE_AT_A_TIME_PARAGRAPHS = 500_000


def notebooks_at_once(paragraphs: int) -> tuple[int, str]:
    """How many notebooks run side by side when the user did not say (``--jobs``): two
    where the CPUs allow, one for a corpus of ``ONE_AT_A_TIME_PARAGRAPHS`` paragraphs or
    more; and why, when it is one for the corpus's size.

    >>> notebooks_at_once(1_851_412)[1]
    'one at a time: 1,851,412 paragraphs, 500,000 or more; --jobs 2 runs two, with twice the memory'
    """
    if paragraphs >= ONE_AT_A_TIME_PARAGRAPHS:
        return 1, (
            f"one at a time: {paragraphs:,} paragraphs, {ONE_AT_A_TIME_PARAGRAPHS:,} or more; "
            "--jobs 2 runs two, with twice the memory"
        )
    return min(2, usable_cpus()), ""


def run_report(
    *,
    input_path: str = "",
    values: dict | None = None,
    name: str = "",
    reports_dir: str | Path = REPORTS_DIR,
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    only: Sequence[str] = (),
    jobs: int | None = 1,
    replace: bool = False,
    dask: str = "",
    command: Sequence[str] = (),
    say: Callable[[str], None] = print,
) -> Path:
    """Run the notebooks into ``reports_dir/name`` and return the finished folder.

    ``values`` are checked parameter values (:func:`analysis.app.params.resolve_parameters`);
    each notebook receives those it declares, with ``report_dir`` set by the runner.
    ``jobs`` notebooks run at a time (``None``: :func:`notebooks_at_once` chooses from the
    corpus's size). ``dask`` (``"local"`` or a scheduler's address) loads and scores the
    corpus on a Dask cluster (:func:`analysis.parallel.on_dask`); the notebooks then read it
    as always.
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
    if reports_dir.is_dir():  # first put back a report a killed --replace left aside
        set_aside_abandoned(reports_dir, say)
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
    forced = {}  # values the notebooks get that the user did not give
    if uses_cache and not _cache_is_writable(say):
        uses_cache, forced["use_cache"] = False, False
    clock = time.perf_counter()
    values = _check_paths(values)
    _check_files(values, params, selected)
    if dask and not uses_cache:
        say("note: --dask is not used: with use_cache off the runner only checks the input")
        dask = ""
    try:
        cluster = on_dask(dask, say=say) if dask else contextlib.nullcontext()
        with cluster:
            prepared = _prepare(
                input_path, values, params, cache=bool(uses_cache),
                score=any(_scores_sentiment(p) for p in selected),
            )  # fmt: skip
    except NoCluster as err:  # no distributed installed, or no scheduler at the address
        raise ParameterError(f"--dask {dask}: {err}") from None
    say(f"{prepared.message} in {time.perf_counter() - clock:.1f} s")
    _give_back_memory()  # the runner waits through the notebooks: it holds no table
    markers = _value("markers", values, params)
    for note in _check_sections(prepared.found, markers, notebooks, selected):
        say(note)
    _check_article(values, prepared.articles)
    partial = reports_dir / f".{name}.partial-{HOST}-{os.getpid()}"
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        partial.mkdir()
    except OSError as err:  # name the folder the user gave, not the hidden one inside it
        raise InputError(
            reports_dir, f"cannot write the report here ({err.strerror or err})",
            "Give --reports-dir a folder you can write to",
        ) from None  # fmt: skip
    previous = {signal.SIGINT: signal.getsignal(signal.SIGINT)}
    previous |= {signum: signal.signal(signum, _sigterm) for signum in _STOP_SIGNALS[1:]}

    def params_for(notebook: Path) -> dict:
        declared = {k for k, p in params.items() if notebook.stem in p.notebooks}
        own = {k: v for k, v in {**values, **forced}.items() if k in declared}
        if input_path and "input_path" in declared:
            own["input_path"] = input_path
        if "report_dir" in declared:
            own["report_dir"] = str(partial)
        return own

    try:
        paragraphs = sum(prepared.found["sections"].values())
        jobs, why = (jobs, "") if jobs is not None else notebooks_at_once(paragraphs)
        width = min(jobs, len(selected))
        say(
            f"running {len(selected)} notebook{'s' if len(selected) != 1 else ''}"
            + (f", {width} at a time" if width > 1 else "")
            + (f" ({why})" if why and len(selected) > 1 else "")
        )
        results = _execute(
            selected,
            params_for,
            partial,
            max(1, jobs),
            say,
            on_done=lambda source, output: render_notebook_html(output),
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
