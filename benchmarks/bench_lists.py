"""Lists and searches a clerk waits for (issue 22, goal 3): each ≤ 50 ms p99 of 100 runs.

Usage (from the repository root)::

    python benchmarks/bench_lists.py --rows 200000
    python benchmarks/bench_lists.py --rows 1000000 --runs 100

Works on a copy of the cached seeded store (``seed.py``, the realistic seed: every lifecycle
event), opened through ``open_store`` (an older cache is migrated as a desk's store would be).
The clock stands one minute after the newest seeded complaint. Each call is made once untimed (a
desk that has been open a while), then ``--runs`` times; the p50, p99 and max are printed:

- a clerk's own list, newest 200 (``list_complaints`` as the clerk 3001: first responder or
  current handler) — target p99 ≤ 50 ms;
- a clerk's search total for 话费 (``count_search_results``: the figure beside the first page of
  the search) — target p99 ≤ 50 ms;
- 信号 among the open ones sorted by deadline (``search_complaints`` with the open states and
  ``sort="reply_due"``, the first page) — target p99 ≤ 50 ms; and the open ones sorted by deadline
  with no text, as the clerk and as the store manager (the whole hall);
- also measured: the hall's newest 200 as the store manager.

Checks (an error, never a time): the clerk's own list and the open list read through an index
(no scan of the complaint table), from ``EXPLAIN QUERY PLAN`` of the statements the services send.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.bench_intake import (  # noqa: E402
    Figure,
    Report,
    RunningClock,
    finish,
    machine_environment,
    plan_of,
    progress,
    time_cases,
)
from benchmarks.seed import CLERK, DEFAULT_ROWS, MANAGER, cache_path, seeded_copy  # noqa: E402
from hall_desk.domain.clock import parse_utc_iso  # noqa: E402
from hall_desk.domain.complaints import OPEN_STATES  # noqa: E402
from hall_desk.services import complaints  # noqa: E402
from hall_desk.services.context import DeskContext  # noqa: E402
from hall_desk.services.search import (  # noqa: E402
    ComplaintSearch,
    count_search_results,
    search_complaints,
)
from hall_desk.services.staff import sign_in  # noqa: E402
from hall_desk.storage.db import close_store, database, open_store  # noqa: E402

TARGET_MS = 50.0
OPEN = tuple(sorted(state.value for state in OPEN_STATES))


def _plan(call: Callable[[], object]) -> tuple[str, list[str]]:
    """The plan of the first statement ``call`` sends to the complaint table, or to a search
    index when the complaint table is not read (a count the index answers alone)."""
    for table in ("complaint", "complaint_bigram", "complaint_text"):
        try:
            return plan_of(call, table)
        except AssertionError:
            continue
    raise AssertionError("no SELECT on the complaint table or its search indexes seen")


def measure(report: Report, store: Path, runs: int) -> None:
    progress("opening the store")
    started = time.perf_counter()
    open_store(store)
    report.add(Figure("open_store_s", "open_store (checks, migrations)", time.perf_counter() - started, "s"))  # fmt: skip
    try:
        newest = database.execute_sql("SELECT max(accepted_at) FROM complaint").fetchone()[0]
        ctx = DeskContext(clock=RunningClock(parse_utc_iso(newest) + timedelta(minutes=1)))
        manager = sign_in(ctx, MANAGER.staff_no, MANAGER.password)
        clerk = sign_in(ctx, CLERK.staff_no, CLERK.password)
        tariff = ComplaintSearch(text="话费")
        signal_open = ComplaintSearch(text="信号", states=OPEN, sort="reply_due", descending=False)
        open_by_due = ComplaintSearch(states=OPEN, sort="reply_due", descending=False)

        def own_list() -> object:
            return complaints.list_complaints(clerk)

        cases: list[tuple[str, str, Callable[[], object], bool]] = [
            ("clerk_list", "a clerk's own list (newest 200)", own_list, True),
            ("clerk_tariff_total", "a clerk's search total for 话费", lambda: count_search_results(ctx, clerk, tariff), True),
            ("clerk_signal_open_due", "a clerk's 信号 among open ones, sorted by deadline (first page)", lambda: search_complaints(ctx, clerk, signal_open), True),
            ("clerk_open_due", "a clerk's open ones sorted by deadline (first page)", lambda: search_complaints(ctx, clerk, open_by_due), True),
            ("hall_open_due", "the hall's open ones sorted by deadline (store manager, first page)", lambda: search_complaints(ctx, manager, open_by_due), True),
            ("hall_list", "the hall's list (store manager, newest 200)", lambda: complaints.list_complaints(manager), False),
            ("hall_tariff_total", "the hall's search total for 话费 (store manager)", lambda: count_search_results(ctx, manager, tariff), False),
        ]  # fmt: skip
        time_cases(report, cases, runs, ("p50", "p99", "max"), TARGET_MS)
        report.add(Figure("clerk_tariff_count", "… the clerk's 话费 total", count_search_results(ctx, clerk, tariff), ""))  # fmt: skip
        report.add(Figure("hall_open_count", "open complaints in the hall", len(complaints.list_complaints(manager, limit=100_000, open_only=True)), ""))  # fmt: skip

        for key, label, call, _ in cases:
            sql, plan = _plan(call)
            report.plans[label] = [sql, *plan]
            if key in ("clerk_list", "clerk_open_due", "hall_open_due"):
                report.checks[f"{label}: no scan of the complaint table"] = not any(
                    line.startswith("SCAN c") and "INDEX" not in line for line in plan
                )
    finally:
        close_store()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A clerk's lists and searches.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--runs", type=int, default=100, help="timed runs of each call")
    parser.add_argument("--json", action="store_true")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hall_desk-bench-lists-") as tmp:
        started = time.perf_counter()
        progress(f"copying the store of {args.rows:,} complaints")
        store, _ = seeded_copy(args.rows, Path(tmp) / "data")
        report = Report(
            args.rows, machine_environment(**{"from cache": cache_path(args.rows).name})
        )
        report.add(Figure("copy_s", "copy of the cached store", time.perf_counter() - started, "s"))
        report.environment["store MB"] = round(store.stat().st_size / 1e6)
        measure(report, store, args.runs)
    return finish(report, args.json, args.strict)


if __name__ == "__main__":
    outcome.run(main)
