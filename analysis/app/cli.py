"""``media-bias``: run the notebooks into a report folder, or list their parameters.

    media-bias run [--input PATH] [-p NAME VALUE] [-f FILE.yml] [-y YAML] [--name NAME]
    media-bias params

Exit status: 0 done, 1 a notebook failed, 2 bad input or parameters, 130 interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import warnings

from ..errors import InputError
from ..paths import NOTEBOOKS_DIR, REPORTS_DIR

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "main",
]

EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    from ..parallel import usable_cpus  # the scorer sizes its pool the same way
    from .runner import ONE_AT_A_TIME_PARAGRAPHS

    parser = argparse.ArgumentParser(
        prog="media-bias",
        description="Compare inserted commentary with the reporting around it.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = argparse.ArgumentParser(add_help=False)  # options of every command
    shared.add_argument(
        "--notebooks",
        default=str(NOTEBOOKS_DIR),
        metavar="DIR",
        help="folder of notebooks (default: the project's)",
    )
    shared.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )

    run = commands.add_parser(
        "run",
        parents=[shared],
        help="run the notebooks with papermill into reports/<name>/",
        description="Run the notebooks in order with papermill and write a report folder: "
        "executed notebooks and their HTML, figures (PNG, SVG), tables (CSV, Parquet), "
        "summary.json and index.html. Parameters are the notebooks' (see: media-bias params).",
    )
    run.add_argument(
        "--input",
        default="",
        metavar="PATH",
        help="file, folder, glob or .csv/.jsonl/.parquet table (default: the bundled sample)",
    )
    run.add_argument(
        "-p",
        "--parameters",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter, as papermill takes it; lists as YAML: -p markers '[\"Comment:\"]'",
    )
    run.add_argument(
        "-f",
        "--parameters_file",
        action="append",
        default=[],
        metavar="FILE",
        help="a YAML file of parameters",
    )
    run.add_argument(
        "-y",
        "--parameters_yaml",
        action="append",
        default=[],
        metavar="YAML",
        help="parameters as YAML text",
    )
    run.add_argument("--name", default="", help="report folder name (default: date and time)")
    run.add_argument(
        "--reports-dir",
        default=str(REPORTS_DIR),
        metavar="DIR",
        help=f"where report folders go (default: {REPORTS_DIR})",
    )
    run.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NOTEBOOK",
        help="run only this notebook (name or number, e.g. 10-sentiment or 10); repeatable",
    )
    run.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help=f"notebooks run at the same time (default: {min(2, usable_cpus())}, or 1 for a "
        f"corpus of {ONE_AT_A_TIME_PARAGRAPHS:,} paragraphs or more, whose notebooks "
        "each hold gigabytes); they share the loaded corpus, so they do not depend on "
        "each other",
    )
    run.add_argument(
        "--dask",
        default="",
        metavar="ADDRESS",
        help="load and score on a Dask cluster: 'local' starts one on this machine, "
        "tcp://host:8786 joins a running scheduler (docs/running.md)",
    )
    run.add_argument(
        "--replace",
        action="store_true",
        help="replace an earlier report of the same name (only once the new one is complete)",
    )

    commands.add_parser(
        "params",
        parents=[shared],
        help="list every notebook's parameters: name, type, default, meaning",
    )
    return parser


def _params_command(args) -> int:
    from .notebooks import find_notebooks
    from .params import collect_parameters
    from .runner import RUNNER_PARAMETERS

    params = collect_parameters(find_notebooks(args.notebooks))
    rows = [
        (
            p.name,
            p.type,
            repr(p.default),
            ", ".join(n.split("-", 1)[0] for n in p.notebooks),
            p.help,
        )
        for p in params.values()
    ]
    headers = ("name", "type", "default", "notebooks", "meaning")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(4)]
    for row in [headers, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[4])
    print(
        "\nGive them as  -p name value,  -f params.yml  or  -y 'name: value'.  "
        f"{' and '.join(RUNNER_PARAMETERS)} are set by media-bias run."
    )
    return 0


def _run_command(args) -> int:
    from .notebooks import find_notebooks
    from .params import collect_parameters, resolve_parameters
    from .runner import run_report

    params = collect_parameters(find_notebooks(args.notebooks))
    values = resolve_parameters(
        params,
        files=args.parameters_file,
        yaml_texts=args.parameters_yaml,
        pairs=[tuple(pair) for pair in args.parameters],
    )
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs", f"must be at least 1, not {args.jobs}")
    clock = time.perf_counter()
    folder = run_report(
        input_path=args.input,
        values=values,
        name=args.name,
        reports_dir=args.reports_dir,
        notebooks_dir=args.notebooks,
        only=args.only,
        jobs=args.jobs,
        replace=args.replace,
        dask=args.dask,
        command=sys.argv,
    )
    print(f"report complete in {time.perf_counter() - clock:.1f} s: {folder / 'index.html'}")
    return 0


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``media-bias`` console script and ``python -m analysis``.

    After an interrupted run, Ctrl-C stays ignored: the process is meant to exit.
    """
    stopping = False

    def first_ctrl_c_only(signum, frame):
        nonlocal stopping
        if stopping:  # a second Ctrl-C waits for the notebooks to stop and the tidying
            return
        stopping = True
        raise KeyboardInterrupt

    # First of all: the imports below take a second or two on a cold start, and Ctrl-C
    # during them is an interruption like any other (one line, status 130).
    previous = signal.signal(signal.SIGINT, first_ctrl_c_only)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("media-bias: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        # After Ctrl-C the process is ending: SIG_IGN (unlike a Python handler) stays in
        # force while the interpreter shuts down, so another Ctrl-C cannot kill it midway.
        signal.signal(signal.SIGINT, signal.SIG_IGN if stopping else previous)


def _main(argv: list[str] | None) -> int:
    from .params import ParameterError
    from .runner import RunInterrupted
    from .supervisor import NotebookFailed

    args = _parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # progress lines appear as they happen
        sys.stdout.reconfigure(line_buffering=True)
    warnings.showwarning = _show_warning  # one line a warning, not the source line too
    handlers = {"run": _run_command, "params": _params_command}
    try:
        return handlers[args.command](args)
    except (InputError, ParameterError) as err:
        if args.debug:
            raise
        print(f"media-bias: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except NotebookFailed as err:
        if args.debug:
            raise
        print(f"media-bias: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except (RunInterrupted, KeyboardInterrupt) as err:
        print(f"media-bias: {str(err) or 'interrupted'}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as err:  # unreadable files, full disks: name the file, no traceback
        if args.debug:
            raise
        where = f"{err.filename}: " if err.filename else ""
        print(f"media-bias: error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
