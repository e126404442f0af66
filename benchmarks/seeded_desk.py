"""What the benchmarks on a copy of the cached seeded store share (``bench_lists.py``,
``bench_dashboard.py``): the command line (``--rows``, the timed runs, ``--json``, ``--strict``),
the copy of the cached store and the report around it, and the store opened through
``open_store`` with the clock one minute after the newest seeded complaint and the store manager
and the clerk 3001 signed in. Each script gives only what it times (its ``measure``)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.bench_intake import (
    Figure,
    Report,
    RunningClock,
    finish,
    machine_environment,
    progress,
)
from benchmarks.seed import CLERK, DEFAULT_ROWS, MANAGER, cache_path, seeded_copy
from hall_desk.domain.clock import parse_utc_iso
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.staff import sign_in
from hall_desk.storage.db import close_store, database, open_store


@dataclass(frozen=True)
class Desk:
    ctx: DeskContext
    manager: StaffSession
    clerk: StaffSession


@contextmanager
def opened(report: Report, store: Path) -> Iterator[Desk]:
    """The store opened (the time ``open_store`` took, migrations included, is a figure), the
    clock one minute after the newest complaint, the manager and the clerk signed in."""
    progress("opening the store")
    started = time.perf_counter()
    open_store(store)
    report.add(Figure("open_store_s", "open_store (checks, migrations)", time.perf_counter() - started, "s"))  # fmt: skip
    try:
        newest = database.execute_sql("SELECT max(accepted_at) FROM complaint").fetchone()[0]
        ctx = DeskContext(clock=RunningClock(parse_utc_iso(newest) + timedelta(minutes=1)))
        manager = sign_in(ctx, MANAGER.staff_no, MANAGER.password)
        clerk = sign_in(ctx, CLERK.staff_no, CLERK.password)
        yield Desk(ctx, manager, clerk)
    finally:
        close_store()


def add_arguments(parser: argparse.ArgumentParser, runs_flag: str, runs_default: int) -> None:
    """``--rows``, the timed runs (``runs_flag``) and ``--json`` (each script adds ``--strict``
    itself: ``outcome.add_strict``)."""
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument(runs_flag, type=int, default=runs_default, help="timed runs of each call")
    parser.add_argument("--json", action="store_true")


def on_seeded_copy(
    args: argparse.Namespace, measure: Callable[[Report, Path, int], None], runs: int
) -> int:
    """Copy the cached seeded store of ``args.rows`` (seeding it first if missing) into a
    temporary directory, ``measure(report, store, runs)`` and print the report (the exit code:
    :mod:`benchmarks.outcome`)."""
    with tempfile.TemporaryDirectory(prefix="hall_desk-bench-") as tmp:
        started = time.perf_counter()
        progress(f"copying the store of {args.rows:,} complaints")
        store, _ = seeded_copy(args.rows, Path(tmp) / "data")
        report = Report(
            args.rows, machine_environment(**{"from cache": cache_path(args.rows).name})
        )
        report.add(Figure("copy_s", "copy of the cached store", time.perf_counter() - started, "s"))
        report.environment["store MB"] = round(store.stat().st_size / 1e6)
        measure(report, store, runs)
    return finish(report, args.json, args.strict)
