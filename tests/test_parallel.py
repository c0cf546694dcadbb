"""Parts of work run anywhere give the same result: in this process, a local pool, or a
Dask cluster (a ``LocalCluster`` of 2 worker processes)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pandas as pd
import pytest

import analysis.parallel as parallel
from analysis.load.cache import cached_corpus
from analysis.parallel import NoCluster, map_parts, on_dask
from analysis.sentiment.cache import cached_scores, store_scores
from analysis.synthetic import write_articles

TABLES = ("articles", "paragraphs", "sentences", "skipped")


def _pid(job):
    return job, os.getpid()


def _fail_on_three(job):
    if job == 3:
        raise ValueError(f"job {job} is bad")
    return job


def test_results_come_back_in_job_order_from_other_processes():
    results = map_parts(_pid, list(range(12)), workers=2, progress=False)
    assert [job for job, _ in results] == list(range(12))
    assert os.getpid() not in {pid for _, pid in results}
    assert map_parts(_pid, [7], workers=2)[0] == (7, os.getpid())  # one job: no pool


def test_an_exception_in_a_job_is_raised_here():
    with pytest.raises(ValueError, match="job 3 is bad"):
        map_parts(_fail_on_three, list(range(8)), workers=2, progress=False)


def test_no_scheduler_at_the_address_says_how_to_start_one():
    cluster = on_dask("tcp://127.0.0.1:9", say=lambda line: None)
    with pytest.raises(NoCluster, match=r"cannot reach the Dask scheduler.*dask scheduler"):
        cluster.__enter__()


# -- Dask is an optional extra ------------------------------------------------------------

DASK_EXTRA = "pip install 'media-bias-analysis[dask]'"


def test_without_distributed_on_dask_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    cluster = on_dask("local", say=lambda line: None)
    with pytest.raises(NoCluster, match=re.escape(DASK_EXTRA)):
        cluster.__enter__()


def test_without_distributed_media_bias_run_dask_is_one_line_naming_the_extra(
    monkeypatch, capsys, tmp_path
):
    import warnings

    from analysis.app.cli import main

    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)  # main sets its own
    monkeypatch.setenv("MEDIA_BIAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(sys.modules, "distributed", None)
    status = main(["run", "--dask", "local", "--reports-dir", str(tmp_path / "reports")])
    error = capsys.readouterr().err
    assert status == 2, error
    assert error.startswith("media-bias: error: --dask local: Dask's distributed scheduler")
    assert DASK_EXTRA in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "reports").exists()


def test_the_package_imports_and_runs_its_parts_without_dask(tmp_path):
    """Every module imports with dask and distributed missing, and the local pool runs."""
    script = """
import importlib, pkgutil, sys
sys.modules["dask"] = sys.modules["distributed"] = None  # as if not installed
import analysis
from analysis.parallel import map_parts
for module in pkgutil.walk_packages(analysis.__path__, "analysis."):
    if module.name != "analysis.__main__":
        importlib.import_module(module.name)
print(map_parts(abs, [-1, -2, -3], workers=2, progress=False))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1, 2, 3]"


def _load_and_score(folder, cache):
    corpus = cached_corpus(folder, cache=cache)
    store_scores(corpus, level="paragraph")
    store_scores(corpus, level="sentence", engines=["textblob"])
    paragraphs = cached_scores(corpus, level="paragraph", cache=cache)
    sentences = cached_scores(corpus, engines=["textblob"], cache=cache)
    return corpus, paragraphs, sentences


@pytest.mark.slow
def test_a_dask_cluster_gives_the_tables_of_one_process(tmp_path, monkeypatch):
    """300 articles, parts of 40 files: loaded and scored on a LocalCluster of 2 workers,
    and in this process alone; every table and score is the same."""
    monkeypatch.setattr("analysis.load.dataset.PART_FILES", 40)
    write_articles(tmp_path / "in", 300, seed=11)
    lines = []
    with on_dask("local", workers=2, say=lines.append) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        on_cluster = _load_and_score(tmp_path / "in", tmp_path / "dask-cache")
    assert lines and lines[0].startswith("Dask: 2 workers, dashboard http")
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    alone = _load_and_score(tmp_path / "in", tmp_path / "local-cache")
    assert len(on_cluster[0].parts) == 8
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(on_cluster[0], name), getattr(alone[0], name))
    pd.testing.assert_frame_equal(on_cluster[1], alone[1])
    pd.testing.assert_frame_equal(on_cluster[2], alone[2])


def _worker_pid(job):
    ((texts,), tag) = job
    return [(t, tag, os.getpid()) for t in texts]


def test_large_inputs_are_chunked_out_to_workers_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 10)
    texts = [f"t{i}" for i in range(25)]
    chunks = parallel.map_chunks(_worker_pid, [texts], extra=("x",), rows=4)
    assert [len(c) for c in chunks] == [4, 4, 4, 4, 4, 4, 1]
    assert [t for chunk in chunks for t, _, _ in chunk] == texts
    assert {tag for chunk in chunks for _, tag, _ in chunk} == {"x"}
    assert os.getpid() not in {pid for chunk in chunks for _, _, pid in chunk}
    # Below the threshold the chunks are worked through here.
    small = parallel.map_chunks(_worker_pid, [texts[:9]], extra=("y",), rows=4)
    assert {pid for chunk in small for _, _, pid in chunk} == {os.getpid()}
    assert parallel.map_chunks(_worker_pid, [[]], extra=("z",)) == [[]]  # one empty chunk


def _chunked_in_a_worker(texts):
    chunks = parallel.map_chunks(_worker_pid, [texts], extra=("w",), rows=4)
    return os.getpid(), {pid for chunk in chunks for _, _, pid in chunk}


def test_a_worker_never_starts_a_pool_of_its_own(monkeypatch):
    """A job of a pool that chunks a large input works through the chunks itself: a pool in
    every worker of a pool would start N x N processes."""
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 10)  # forked workers see it too
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    texts = [f"t{i}" for i in range(25)]
    results = map_parts(_chunked_in_a_worker, [texts, texts])
    for worker, pids in results:
        assert worker != os.getpid() and pids == {worker}


def _mark(job):
    return job, parallel.CHUNK_ROWS  # the caller's value in a fork, the module's in a fresh import


def test_in_a_notebook_kernel_workers_start_from_a_server_not_a_fork(monkeypatch):
    import multiprocessing
    import sys
    import types

    default = parallel.CHUNK_ROWS
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 12_345)  # set in the caller alone
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)  # not a kernel
    assert parallel.pool_context() is None  # the platform's default
    if multiprocessing.get_start_method() == "fork":
        forked = map_parts(_mark, list(range(4)), workers=2, progress=False)
        assert {mark for _, mark in forked} == {12_345}  # a fork carries it
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    context = parallel.pool_context()
    assert context is not None and context.get_start_method() in ("forkserver", "spawn")
    served = map_parts(_mark, list(range(4)), workers=2, progress=False)
    assert served == [(job, default) for job in range(4)]  # a fresh import does not
