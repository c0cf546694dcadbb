"""``media-bias run`` on generated corpora of growing size: time, memory and report size.

For each size (default 1,000 and 10,000 articles) it writes a corpus with
``analysis.synthetic``, runs the whole report on it with an empty cache, and samples
the memory of the whole process tree (the runner, its scoring workers and the notebook
kernels) every half second: proportional set size (PSS), which counts a page that several
processes share once in all, and the summed RSS, which counts it in each. It prints, per
size: wall time, the seconds of each step the runner reports, peak memory, the report
folder's size and its largest file; then how time grows from one size to the next
(linear growth gives the ratio of the sizes).

    python benchmarks/bench_scale.py [--articles 1000 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent


def tree_memory(root: psutil.Process) -> dict[str, tuple[int, int]]:
    """Resident bytes of a process tree (gone processes count 0), by part: the runner
    alone, each notebook's tree (papermill names the notebook in its command line) and the
    scoring workers. Each part gives its summed RSS and its summed PSS where the system
    reports it (Linux), which splits the pages processes share (a forked worker's
    copy-on-write pages, the libraries a worker server loaded once) among them instead of
    counting them in each: the tree's real footprint."""
    parts: dict[str, tuple[int, int]] = {}

    def add(part: str, processes: list[psutil.Process]) -> None:
        rss, pss = parts.get(part, (0, 0))
        for process in processes:
            with contextlib.suppress(psutil.Error):
                info = process.memory_full_info()
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
        parts[part] = rss, pss

    add("runner", [root])
    with contextlib.suppress(psutil.Error):
        for child in root.children():
            with contextlib.suppress(psutil.Error):
                notebook = next((a for a in child.cmdline() if a.endswith(".ipynb")), None)
                part = Path(notebook).stem if notebook else "scoring workers"
                add(part, [child, *child.children(recursive=True)])
    return parts


def run_report(corpus: Path, reports: Path, name: str, env: dict) -> dict:
    command = [
        str(BIN / "media-bias"), "run", "--input", str(corpus), "--name", name,
        "--reports-dir", str(reports), "--replace",
    ]  # fmt: skip
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = {"load and score": 0, "notebooks": 0}  # PSS
    peak_rss = dict(peak)
    peak_part: dict[str, int] = {}  # the runner alone, each notebook's tree, the workers
    phase = ["load and score"]  # until the runner says the notebooks start
    watcher = psutil.Process(child.pid)

    def sample() -> None:
        while child.poll() is None:
            with contextlib.suppress(psutil.Error):
                parts = tree_memory(watcher)
                rss, pss = (sum(v[i] for v in parts.values()) for i in (0, 1))
                peak[phase[0]] = max(peak[phase[0]], pss)
                peak_rss[phase[0]] = max(peak_rss[phase[0]], rss)
                for part, (_, part_pss) in parts.items():
                    peak_part[part] = max(peak_part.get(part, 0), part_pss)
            time.sleep(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    lines = []
    for line in child.stdout:
        lines.append(line)
        if line.startswith("running "):
            phase[0] = "notebooks"
    child.wait()
    output = "".join(lines)
    seconds = time.perf_counter() - start
    thread.join()
    if child.returncode:
        raise SystemExit(f"media-bias run failed on {corpus}:\n{output[-3000:]}")
    folder = reports / name
    files = [p for p in folder.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return {
        "seconds": seconds,
        "peak_gb": max(peak.values()) / 1e9,
        "peaks_gb": {k: round(v / 1e9, 2) for k, v in peak.items()},
        "parts_gb": {k: round(v / 1e9, 2) for k, v in peak_part.items()},
        "peak_rss_gb": max(peak_rss.values()) / 1e9,
        "report_mb": sum(p.stat().st_size for p in files) / 1e6,
        "largest": f"{largest.relative_to(folder)} ({largest.stat().st_size / 1e6:.1f} MB)",
        "notebooks": {n["name"]: round(n["seconds"], 1) for n in summary["notebooks"]},
        "output": output,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", help="keep the corpora and reports in this folder")
    args = parser.parse_args()
    from analysis.synthetic import write_articles

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    results = {}
    try:
        for n in args.articles:
            corpus = work / f"corpus-{n}"
            if not corpus.is_dir():
                write_articles(corpus, n, seed=7)
            env["MEDIA_BIAS_CACHE"] = str(work / f"cache-{n}")
            shutil.rmtree(env["MEDIA_BIAS_CACHE"], ignore_errors=True)  # a cold run
            results[n] = run_report(corpus, work / "reports", f"scale-{n}", env)
            r = results[n]
            print(
                f"{n:>8,} articles: {r['seconds']:7.1f} s, peak {r['peak_gb']:.2f} GB (PSS; summed "
                f"RSS {r['peak_rss_gb']:.2f} GB), report "
                f"{r['report_mb']:.0f} MB, largest {r['largest']}",
                flush=True,
            )
            print(f"{'':>18}notebooks (s): {r['notebooks']}", flush=True)
            print(f"{'':>18}peak PSS by step (GB): {r['peaks_gb']}", flush=True)
            print(f"{'':>18}peak PSS by process (GB): {r['parts_gb']}", flush=True)
            steps = [line for line in r["output"].splitlines() if " in " in line]
            print("\n".join(f"{'':>18}{line.strip()}" for line in steps[:8]), flush=True)
        sizes = sorted(results)
        for small, large in zip(sizes, sizes[1:], strict=False):
            ratio = results[large]["seconds"] / results[small]["seconds"]
            print(f"time({large:,}) / time({small:,}) = {ratio:.1f} (sizes: x{large / small:g})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
