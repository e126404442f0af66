"""The exit code of every benchmark script, decided here and nowhere else (benchmarks/README.md,
"Exit codes"):

- 0 (``RAN``): the benchmark ran. A figure that missed its target shows as ❌ in the table, and the
  script still exits 0: a slow or loaded machine is not a broken build.
- 3 (``MISSED``): it ran, a figure missed its target, and ``--strict`` was given (a scheduled run on
  a known, idle machine that wants to notice).
- 1 (``ERROR``): it did not run properly: an exception, a wrong argument, or a failed check (the
  checks under a table are about correctness, such as a query plan or a chain, never about time).

Every ``bench_*.py`` adds ``--strict`` with :func:`add_strict`, ends with ``run(main)``, and has its
``main`` return :func:`exit_code` (or nothing, when it has no target).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Iterable
from typing import NoReturn

RAN = 0
ERROR = 1
MISSED = 3


def add_strict(parser: argparse.ArgumentParser) -> None:
    """The ``--strict`` option every benchmark script accepts."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help=f"exit with {MISSED} when a figure misses its target (default: {RAN}, the miss shows "
        "in the table)",
    )


def exit_code(*, strict: bool, missed: Iterable[str] = (), failed: Iterable[str] = ()) -> int:
    """The exit code of a run that printed its figures: ``missed`` names the figures that missed
    their targets, ``failed`` the checks that failed. Both are named on stderr."""
    missed, failed = list(missed), list(failed)
    if missed:
        print(f"[bench] missed target: {', '.join(missed)}", file=sys.stderr)
    if failed:
        print(f"[bench] failed check: {', '.join(failed)}", file=sys.stderr)
        return ERROR
    return MISSED if missed and strict else RAN


def run(main: Callable[[], int | None]) -> NoReturn:
    """Runs a script's ``main`` and exits with its code; any exception, or an exit of argparse's
    or of a helper with a message, is ``ERROR`` (the traceback or message on stderr)."""
    try:
        code = main()
    except SystemExit as stop:  # argparse: 0 for --help, 2 for a wrong argument
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = RAN if stop.code in (None, 0) else ERROR
    except Exception:
        traceback.print_exc()
        code = ERROR
    sys.exit(RAN if code is None else code)
