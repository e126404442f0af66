"""Exports of a whole complaint list (issue 8) on a seeded store: how long, how big, how much memory.

Usage (from the repository root)::

    python benchmarks/bench_export.py                 # 100,000 complaints
    python benchmarks/bench_export.py --rows 1000000

Works on a copy of a cached seeded store (``seed.py``). The store manager exports the whole hall's
list (every complaint, newest first) masked, to .xlsx (openpyxl write-only) and to .csv, and a
2-character search (话费) to .xlsx. Printed per export: rows, seconds, rows per second, file size and
the process's peak resident memory so far (``ru_maxrss``: streaming keeps it flat, the ids of the
list being the one thing held whole).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.bench_intake import RunningClock  # noqa: E402
from benchmarks.seed import DEFAULT_ROWS, MANAGER, seeded_copy  # noqa: E402
from hall_desk.domain.clock import parse_utc_iso  # noqa: E402
from hall_desk.services import exports  # noqa: E402
from hall_desk.services.context import DeskContext  # noqa: E402
from hall_desk.services.search import ComplaintSearch  # noqa: E402
from hall_desk.services.staff import sign_in  # noqa: E402
from hall_desk.storage.db import close_store, database, open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    outcome.add_strict(parser)  # no target here: always 0 when it ran
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        directory = Path(folder)
        store, _ = seeded_copy(args.rows, directory / "store")
        open_store(store)
        try:
            newest = database.execute_sql("SELECT max(accepted_at) FROM complaint").fetchone()[0]
            ctx = DeskContext(clock=RunningClock(parse_utc_iso(newest) + timedelta(minutes=1)))
            manager = sign_in(ctx, MANAGER.staff_no, MANAGER.password)
            print(
                f"| export ({args.rows:,} complaints seeded) | rows | s | rows/s | file MB | peak RSS MB |"
            )
            print("|---|---:|---:|---:|---:|---:|")
            for label, search, name in (
                ("whole hall list → xlsx", ComplaintSearch(), "all.xlsx"),
                ("whole hall list → csv", ComplaintSearch(), "all.csv"),
                ("search 话费 → xlsx", ComplaintSearch(text="话费"), "fee.xlsx"),
            ):
                target = directory / name
                started = time.perf_counter()
                result = exports.export_search(ctx, manager, search, target)
                seconds = time.perf_counter() - started
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
                size = target.stat().st_size
                print(
                    f"| {label} | {result.rows:,} | {seconds:.1f} | {result.rows / seconds:,.0f}"
                    f" | {size / 1e6:.1f} | {peak / 1e6:.0f} |"
                )
        finally:
            close_store()
    return 0


if __name__ == "__main__":
    outcome.run(main)
