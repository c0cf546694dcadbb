"""One way to run the pipeline's chunks of work: in this process, in a pool of local
processes, or on a Dask cluster (the optional ``dask`` extra: only :func:`on_dask` needs it).

Loading and scoring a corpus is a map over its parts (chunks of files): every part is
read, split and scored alone, and writes its own Parquet files. :func:`map_parts` runs
such a map. Outside :func:`on_dask` it uses a local process pool sized by the CPUs this
process may use (:func:`usable_cpus`); inside, it submits the parts to the Dask cluster,
which does the scheduling, reruns the parts of a worker that died, and serves the
dashboard. Either way the results come back in the order of the jobs, so the Parquet files
are the same wherever they ran.

    with on_dask("local"):               # or "tcp://scheduler:8786"
        corpus = cached_corpus("corpus/")
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

__all__ = [
    "CHUNK_ROWS",
    "PARALLEL_ROWS",
    "NoCluster",
    "dask_client",
    "map_chunks",
    "map_parts",
    "on_dask",
    "pool_context",
    "usable_cpus",
]


class NoCluster(RuntimeError):
    """Dask's distributed scheduler is not installed, or no scheduler answers."""


_CLIENT: list[Any] = []  # the Dask client of the innermost `on_dask`, if any

# In a notebook kernel, workers start from a small server process that has imported the
# package once, not as forks of the kernel: the kernel has threads (which forking does not
# carry) and may hold gigabytes of tables a fork would share until touched. Elsewhere the
# platform's default start (fork on Linux) serves: scripts run as before, even without an
# ``if __name__ == "__main__"`` guard.
_PRELOAD = ["analysis.load", "analysis.sentiment", "analysis.framing"]


def pool_context():
    """The start method of the local pool's workers: a forkserver (spawn where there is
    none) inside a notebook kernel, else ``None``, the platform's default."""
    if "ipykernel" not in sys.modules:
        return None
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity mask where the system has one (a
    batch scheduler or container may allow fewer than the machine has), else the count.

    >>> 1 <= usable_cpus() <= (os.cpu_count() or 1)
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no affinity mask
        return os.cpu_count() or 1


def dask_client() -> Any | None:
    """The Dask client parts are sent to, inside :func:`on_dask`; else ``None``."""
    return _CLIENT[-1] if _CLIENT else None


@contextlib.contextmanager
def on_dask(address: str, *, workers: int | None = None, say=print) -> Iterator[Any]:
    """Run :func:`map_parts` on a Dask cluster while inside: ``"local"`` starts a
    ``LocalCluster`` of ``workers`` single-threaded processes (default: one per usable
    CPU) for as long as the block runs; any other address (``tcp://host:8786``) connects
    to a running scheduler. ``say`` is told the dashboard's address. Dask is an optional
    extra (``pip install 'media-bias-analysis[dask]'``); without it, :class:`NoCluster`
    says so.

    The workers must import this package (the same version) and see the input files and
    the cache folder at the same paths (a shared file system), as ``docs/running.md``
    explains.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise NoCluster(
            "Dask's distributed scheduler is not installed; it comes with the package's "
            "optional dask extra: pip install 'media-bias-analysis[dask]'"
        ) from None
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers or usable_cpus(),
                    threads_per_worker=1,  # the scorers are pure Python: processes, not threads
                    processes=True,
                    dashboard_address=":0",
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(address, timeout="10s"))
            except OSError as err:
                raise NoCluster(
                    f"cannot reach the Dask scheduler at {address} ({err}); start one with "
                    "`dask scheduler` and workers with `dask worker ADDRESS` (docs/running.md)"
                ) from None
        n = len(client.scheduler_info().get("workers", {}))
        say(f"Dask: {n} worker{'s' if n != 1 else ''}, dashboard {client.dashboard_link}")
        _CLIENT.append(client)
        try:
            yield client
        finally:
            _CLIENT.pop()


def map_parts(
    function: Callable[[Any], Any],
    jobs: Sequence[Any],
    *,
    workers: int | None = None,
    desc: str = "Working",
    progress: bool | None = None,
) -> list[Any]:
    """``[function(job) for job in jobs]``, spread over processes: on the Dask cluster of
    :func:`on_dask`, else a local pool of ``workers`` processes (default: one per usable
    CPU; one job or one worker runs here, with no pool). ``function`` and the jobs must
    pickle; each job should carry paths and options, not tables.

    A progress bar counts finished jobs (``progress=None``: when there is more than one).
    An exception in a job is raised here once the others are cancelled or done: the first
    failed job's in job order, so the same input names the same bad file however it ran.
    """
    show = len(jobs) > 1 if progress is None else progress
    bar = tqdm(total=len(jobs), desc=desc, unit="part", disable=not show, file=sys.stderr)
    try:
        client = dask_client()
        if client is not None:
            return _on_dask(client, function, jobs, bar)
        workers = usable_cpus() if workers is None else max(1, int(workers))
        if workers == 1 or len(jobs) <= 1:
            results = []
            for job in jobs:
                results.append(function(job))
                bar.update()
            return results
        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=pool_context()) as pool:
            futures = [pool.submit(function, job) for job in jobs]
            try:
                for future in as_completed(futures):
                    if future.exception() is not None:
                        break
                    bar.update()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
            for future in futures:
                future.cancel()
            wait(futures)
            _raise_first(futures)
            return [future.result() for future in futures]
    finally:
        bar.close()


CHUNK_ROWS = 50_000  # rows a worker takes at a time
PARALLEL_ROWS = 100_000  # fewer rows are worked through in this process


def map_chunks(
    function: Callable[[Any], Any],
    columns: Sequence[Sequence],
    *,
    extra: tuple = (),
    rows: int | None = None,
    desc: str = "Working",
    progress: bool | None = False,
) -> list[Any]:
    """``function((chunk_of_each_column, *extra))`` for consecutive chunks of ``rows`` rows
    (default ``CHUNK_ROWS``) of the parallel ``columns`` (lists of texts, categories...), in
    order: spread over the usable CPUs by :func:`map_parts` from ``PARALLEL_ROWS`` rows,
    else here (and always here in a worker process). Send the few columns the work needs,
    not a table: the workers start apart from the caller and get only what the jobs carry.

    A column may be a pandas Series (a table's text column as it is): each chunk is then a
    slice of it, a view that pickles as just its rows, and ``function`` gets it as a list,
    made where the chunk is worked on. The caller never holds a Python string for every
    row of a large table at once (1.85 million paragraphs: about 0.5 GB).

    >>> map_chunks(lambda job: [len(t) * job[1] for t in job[0][0]], [["ab", "c"]], extra=(10,))
    [[20, 10]]
    >>> map_chunks(lambda job: type(job[0][0]).__name__, [pd.Series(["ab", "c"])])
    ['list']
    """
    n = len(columns[0]) if columns else 0
    rows = rows or CHUNK_ROWS
    jobs = [
        (tuple(_rows(column, start, start + rows) for column in columns), *extra)
        for start in range(0, n, rows)
    ] or [(tuple(_rows(column, 0, 0) for column in columns), *extra)]
    call = functools.partial(_with_lists, function)
    # Here, even inside `on_dask`, and always in a worker process: a pool in every worker
    # of a pool would start N x N processes.
    if n < PARALLEL_ROWS or multiprocessing.parent_process() is not None:
        return [call(job) for job in jobs]
    return map_parts(call, jobs, desc=desc, progress=progress)


def _rows(column: Sequence, start: int, stop: int) -> Sequence:
    """Rows ``start`` to ``stop`` of a list or a Series (by position, as a view)."""
    return column.iloc[start:stop] if isinstance(column, pd.Series) else column[start:stop]


def _with_lists(function: Callable[[Any], Any], job: tuple) -> Any:
    """``function(job)`` with the job's Series chunks turned into lists."""
    columns, *extra = job
    listed = tuple(c.tolist() if isinstance(c, pd.Series) else c for c in columns)
    return function((listed, *extra))


def _raise_first(futures) -> None:
    """Raise the exception of the first failed job in job order (not the first to fail in
    time), so that the same input gives the same error however the parts were spread."""
    for future in futures:
        if not future.cancelled() and future.exception() is not None:
            raise future.exception()


def _on_dask(client, function, jobs, bar) -> list[Any]:
    from distributed import as_completed as dask_completed
    from distributed import wait as dask_wait

    # A job that raises is not retried (its error is the input's, the same every time); a
    # job whose worker dies is rerun by the scheduler on another one.
    futures = client.map(function, list(jobs), pure=False)
    failed = False
    try:
        for future in dask_completed(futures):
            if future.status == "error":
                failed = True
                break
            bar.update()
    except BaseException:
        client.cancel(futures)
        raise
    if failed:
        dask_wait(futures)  # let running jobs end before the caller tidies their folders
        for future in futures:
            if future.status == "error":
                future.result()  # raises the job's own exception
    return client.gather(futures)
