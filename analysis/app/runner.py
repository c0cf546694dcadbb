"""Run the notebooks with papermill into one report folder that is complete or absent.

:func:`run_report` reads as the pipeline of a run: plan it (the notebooks, their
parameters, the report's name), prepare the input (checks before any notebook starts, the
corpus loaded and scored once), then run the notebooks in a hidden folder that becomes
the report only when every notebook ran and ``summary.json`` and ``index.html`` are
written. Each step has its room: :mod:`.notebooks` (which notebooks, what they need),
:mod:`.checks` (pre-flight checks), :mod:`.prepare` (the corpus), :mod:`.supervisor`
(the papermill processes) and :mod:`.report_folder` (the folder as a transaction: a
failed run leaves ``<name>.failed/``, an interrupted one ``<name>.interrupted/``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..parallel import NoCluster, on_dask, usable_cpus
from ..paths import NOTEBOOKS_DIR, REPORTS_DIR
from ..report.notebooks import render_notebook_html
from .checks import (
    absolute_path,
    cache_is_writable,
    check_article,
    check_files,
    check_paths,
    check_sections,
)
from .notebooks import find_notebooks, notebook_needs, select_notebooks
from .params import Parameter, ParameterError, collect_parameters
from .prepare import Prepared, give_back_memory, prepare_corpus, run_options, run_value
from .report_folder import (
    check_report_name,
    make_partial,
    move_into_place,
    rewrite_paths,
    set_aside,
    set_aside_abandoned,
)
from .supervisor import STOP_SIGNALS, NotebookFailed, ignore_stop_signals, run_notebooks

__all__ = [
    "ONE_AT_A_TIME_PARAGRAPHS",
    "RUNNER_PARAMETERS",
    "RunInterrupted",
    "default_name",
    "notebooks_at_once",
    "run_report",
]

# Parameters the runner sets itself: the report folder is its own to choose, and the
# corpus the notebooks read is the one it loaded.
RUNNER_PARAMETERS = {
    "report_dir": "--name and --reports-dir choose the report folder",
    "corpus_key": "it names the corpus the runner loaded for the notebooks (--input chooses it)",
}


class RunInterrupted(RuntimeError):
    """The run was stopped with Ctrl-C (or SIGTERM) before it finished."""


def default_name(now: dt.datetime | None = None) -> str:
    """A report name from the date and time, e.g. ``2026-11-27_081502``."""
    now = now or dt.datetime.now()
    return now.strftime("%Y-%m-%d_%H%M%S")


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


@dataclass
class _Plan:
    """What a run is to do, decided and checked before anything is read."""

    notebooks: list[Path]  # every notebook of the folder
    selected: list[Path]  # those --only chose
    params: dict[str, Parameter]
    values: dict  # the parameters the user gave
    input_path: str  # absolute; empty: the bundled sample
    name: str
    final: Path  # the report folder, once complete
    needs: dict  # what each selected notebook declares it needs (its metadata)


@dataclass
class _Input:
    """The input as the runner prepared it for the notebooks."""

    files: list[dict]  # the input's files, for summary.json
    not_read: list[str]
    prepared: Prepared
    values: dict  # the parameters, paths made absolute
    forced: dict  # values the notebooks get that the user did not give


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
    each notebook receives those it declares, with ``report_dir`` and ``corpus_key`` set
    by the runner. ``jobs`` notebooks run at a time (``None``: :func:`notebooks_at_once`
    chooses from the corpus's size). ``dask`` (``"local"`` or a scheduler's address) loads
    and scores the corpus on a Dask cluster (:func:`analysis.parallel.on_dask`); the
    notebooks then read it as always.
    Raises :class:`~analysis.errors.InputError` (bad input),
    :class:`~analysis.app.params.ParameterError`,
    :class:`~analysis.app.supervisor.NotebookFailed` or :class:`RunInterrupted`.
    """
    plan = _plan_run(
        input_path,
        dict(values or {}),
        name,
        Path(reports_dir).absolute(),
        notebooks_dir,
        only,
        replace,
        say,
    )
    started = dt.datetime.now().astimezone()
    ready = _prepare_input(plan, dask, say)
    partial = make_partial(plan.final.parent, plan.name)
    with _stop_signals_interrupt():
        try:
            results = _run_notebooks(plan, ready, partial, jobs, say)
            rewrite_paths(partial, plan.final)
            _write_report(plan, ready, partial, results, started, command)
            move_into_place(partial, plan.final, replace)
        except BaseException as err:
            raised = _set_aside_partial(partial, plan.final, err)
            if raised is err:
                raise
            raise raised from None
    return plan.final


def _plan_run(
    input_path: str,
    values: dict,
    name: str,
    reports_dir: Path,
    notebooks_dir: str | Path,
    only: Sequence[str],
    replace: bool,
    say: Callable[[str], None],
) -> _Plan:
    """Choose the notebooks and the report folder, and refuse what the runner sets itself,
    an input given twice and a name taken (after tidying what killed runs left)."""
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
    check_report_name(name)
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
    needs = {p.stem: notebook_needs(p) for p in selected}  # bad metadata: before any reading
    return _Plan(notebooks, selected, params, values, input_path, name, final, needs)


def _prepare_input(plan: _Plan, dask: str, say: Callable[[str], None]) -> _Input:
    """List and hash the input once, check everything a notebook would refuse, and load
    (and score, if a notebook reads scores) the corpus into the cache."""
    from ..load.cache import list_input

    listing = list_input(plan.input_path)  # InputError: a missing path, no articles
    n = len(listing.files)
    say(f"input: {plan.input_path or '(the bundled sample)'} ({n} file{'s' if n != 1 else ''})")
    options = run_options(plan.input_path, plan.values, plan.params)
    forced = {}  # values the notebooks get that the user did not give
    if options.use_cache and not cache_is_writable(say):
        options, forced["use_cache"] = dataclasses.replace(options, use_cache=False), False
    clock = time.perf_counter()
    values = check_paths(plan.values)
    check_files(values, plan.params, plan.selected)
    if dask and not options.use_cache:
        say("note: --dask is not used: with use_cache off the runner only checks the input")
        dask = ""
    needs = plan.needs
    try:
        with on_dask(dask, say=say) if dask else contextlib.nullcontext():
            prepared = prepare_corpus(
                options,
                listing,
                values,
                plan.params,
                score=any("scores" in need for need in needs.values()),
            )
    except NoCluster as err:  # no distributed installed, or no scheduler at the address
        raise ParameterError(f"--dask {dask}: {err}") from None
    say(f"{prepared.message} in {time.perf_counter() - clock:.1f} s")
    give_back_memory()  # the runner waits through the notebooks: it holds no table
    comparing = [stem for stem, need in needs.items() if "commentary" in need]
    markers = run_value("markers", values, plan.params)
    for note in check_sections(
        prepared.found, markers, comparing, [p.stem for p in plan.notebooks]
    ):
        say(note)
    check_article(values, prepared.articles)
    return _Input(listing.files, listing.not_read, prepared, values, forced)


@contextlib.contextmanager
def _stop_signals_interrupt():
    """SIGTERM and SIGHUP stop the run as Ctrl-C does (the notebooks stopped, the partial
    report set aside), while the notebooks run."""
    previous = {signal.SIGINT: signal.getsignal(signal.SIGINT)}
    previous |= {signum: signal.signal(signum, _sigterm) for signum in STOP_SIGNALS[1:]}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _sigterm(signum, frame):
    raise KeyboardInterrupt


def _run_notebooks(
    plan: _Plan, ready: _Input, partial: Path, jobs: int | None, say: Callable[[str], None]
) -> list:
    """Run the chosen notebooks into ``partial``, each with the parameters it declares,
    its HTML written as the next ones run; the results carry every value each ran with."""

    def params_for(notebook: Path) -> dict:
        declared = {k for k, p in plan.params.items() if notebook.stem in p.notebooks}
        own = {k: v for k, v in {**ready.values, **ready.forced}.items() if k in declared}
        if plan.input_path and "input_path" in declared:
            own["input_path"] = plan.input_path
        if ready.prepared.key and "corpus_key" in declared:
            own["corpus_key"] = ready.prepared.key
        if "report_dir" in declared:
            own["report_dir"] = str(partial)
        return own

    paragraphs = sum(ready.prepared.found["sections"].values())
    jobs, why = (jobs, "") if jobs is not None else notebooks_at_once(paragraphs)
    count, width = len(plan.selected), min(jobs, len(plan.selected))
    say(
        f"running {count} notebook{'s' if count != 1 else ''}"
        + (f", {width} at a time" if width > 1 else "")
        + (f" ({why})" if why and count > 1 else "")
    )
    results = run_notebooks(
        plan.selected,
        params_for,
        partial,
        max(1, jobs),
        say,
        on_done=lambda source, output: render_notebook_html(output),
    )
    for result in results:  # every value the notebook ran with, defaults included
        result.parameters = {
            key: result.parameters.get(key, param.default)
            for key, param in plan.params.items()
            if result.name in param.notebooks and key not in RUNNER_PARAMETERS
        }
    return results


def _write_report(
    plan: _Plan, ready: _Input, partial: Path, results: list, started, command
) -> None:
    """``summary.json`` and ``index.html`` of the finished run."""
    from .report import write_report

    write_report(
        partial,
        name=plan.name,
        input_path=plan.input_path,
        files=ready.files,
        not_read=ready.not_read,
        skipped=ready.prepared.skipped,
        notebooks=plan.selected,
        values=ready.values,
        results=results,
        started=started,
        command=command,
    )


def _set_aside_partial(partial: Path, final: Path, err: BaseException) -> BaseException:
    """Set the partial report aside as ``.interrupted`` or ``.failed``, and return the
    error to raise, naming where it is."""
    if isinstance(err, KeyboardInterrupt):
        ignore_stop_signals()  # a second Ctrl-C must not cut the tidying short
        if not partial.exists():  # Ctrl-C came while the finished report was moved in
            return RunInterrupted(f"interrupted, but the report is complete: {final}")
        kept = set_aside(partial, "interrupted", "the run was interrupted")
        return RunInterrupted(f"interrupted; what had run is in {kept}")
    if isinstance(err, NotebookFailed):
        kept = set_aside(partial, "failed", str(err))
        return NotebookFailed(f"{err}; the partly executed notebook and its log are in {kept}")
    if partial.exists():
        set_aside(partial, "failed", f"the runner stopped: {err}")
    return err
