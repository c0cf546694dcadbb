"""``media-bias run`` on the bundled sample against papermill called by hand.

The baseline is what a user would type without the runner: ``papermill`` on each
notebook, one after another, each writing its figures and tables (``-p report_dir``).
The runner does that and more: HTML renderings, Parquet tables, ``summary.json``,
``index.html``. Both use one warmed score cache, as on any second run.

    .venv/bin/python benchmarks/bench_runner.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def by_hand(out: Path, env: dict) -> None:
    out.mkdir(parents=True)
    for notebook in NOTEBOOKS:
        subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(out / notebook.name),
             "-p", "report_dir", str(out), "--no-progress-bar", "--log-level", "WARNING"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip


def runner(out: Path, env: dict, jobs: int) -> None:
    subprocess.run(
        [str(BIN / "media-bias"), "run", "--reports-dir", str(out.parent), "--name", out.name,
         "--jobs", str(jobs)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-runner-"))
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["MEDIA_BIAS_CACHE"] = str(work / "cache")
    cases = {
        "papermill by hand, one notebook after another": lambda out: by_hand(out, env),
        "media-bias run --jobs 1": lambda out: runner(out, env, 1),
        "media-bias run (default --jobs 2)": lambda out: runner(out, env, 2),
    }
    runner(work / "warm-up", env, 2)  # fills the score cache, as any earlier run would
    times: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(args.rounds):
        for i, (name, case) in enumerate(cases.items()):  # interleaved: drift hits all alike
            out = work / f"r{round_}-{i}"
            start = time.perf_counter()
            case(out)
            times[name].append(time.perf_counter() - start)
    files = {
        name: sum(1 for p in (work / f"r0-{i}").rglob("*") if p.is_file())
        for i, name in enumerate(cases)
    }
    print(f"{len(NOTEBOOKS)} notebooks on the bundled sample, {args.rounds} rounds, "
          f"{os.cpu_count()} cores; median (min-max)")  # fmt: skip
    for name, values in times.items():
        print(
            f"  {name:<48} {statistics.median(values):5.1f} s "
            f"({min(values):.1f}-{max(values):.1f})  {files[name]} files written"
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
