"""Converting an old store to compact events (issue 22, goals 3 and 5): desk schema step 19's speed.

Usage (from the repository root)::

    python benchmarks/bench_convert.py --rows 20000

Copies the cached seeded store (``seed.py``; seeded first if missing) into a temporary directory,
turns the copy into what schema 18 wrote (payloads as JSON text, hashes as hex, no dictionary, the
``json_extract`` entity index: ``tests/storage/old_store.py``, the very helper the conversion test
starts from) and opens it through :func:`hall_desk.storage.db.open_store`, which copies it (the
upgrade copy) and runs the steps it lacks. Printed: the upgrade copy, step 19 split into training
the dictionary, converting the events (events per second) and the VACUUM after, the steps after it,
and the file before and after. The disk it needs (about eight times the seeded store) is
checked first. A ten-year store holds about six events per complaint: at the
target's 10,000 events/s a million complaints convert in about ten minutes. Checks: every event
in the compact form afterwards, the chain whole (``verify_desk_chain``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.bench_intake import Figure, Report, finish, machine_environment  # noqa: E402
from benchmarks.seed import DEFAULT_ROWS, ensure_cached, require_room, seeded_copy  # noqa: E402
from hall_desk.storage import schema  # noqa: E402
from hall_desk.storage.db import (  # noqa: E402
    MigrationProgress,
    close_store,
    database,
    open_store,
)
from hall_desk.storage.events import verify_desk_chain  # noqa: E402
from tests.storage.old_store import OLD_VERSION, as_old_store  # noqa: E402

STEP = OLD_VERSION + 1  # desk schema step "compact events"
TARGET_EVENTS_PER_S = 10_000


class Clock:
    """When each part of the upgrade began, from the progress :func:`open_store` reports."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {"start": time.perf_counter()}
        self.cpu: dict[str, float] = {}  # CPU time of the process (all threads) at some marks
        self.events = 0

    def heard(self, progress: MigrationProgress) -> None:
        now = time.perf_counter()
        if progress.stage == "copy" and progress.done == 1:
            self.marks.setdefault("copied", now)
        if progress.stage != "step":
            return
        if progress.version == STEP and not progress.ticking:
            self.marks.setdefault("step", now)
        elif progress.version == STEP and progress.rows_total:
            if "convert" not in self.marks:  # the dictionary is trained by now
                self.marks["convert"], self.cpu["convert"] = now, time.process_time()
            if progress.rows_done == progress.rows_total and "converted" not in self.marks:
                self.marks["converted"], self.cpu["converted"] = now, time.process_time()
            self.events = progress.rows_total
        elif progress.version > STEP:
            self.marks.setdefault("after", now)

    def between(self, first: str, then: str) -> float | None:
        if first in self.marks and then in self.marks:
            return self.marks[then] - self.marks[first]
        return None


# The disk the run needs, in the seeded store's sizes: the copy, its payloads as text again
# (about three times larger), the upgrade copy of that, and the WAL the step writes.
ROOM_IN_STORES = 8


def measure(report: Report, work: Path) -> None:
    source, _ = ensure_cached(report.rows, quiet=True)
    require_room(work, ROOM_IN_STORES * source.stat().st_size, "converting a copy of the store")
    store, _ = seeded_copy(report.rows, work, quiet=True)
    started = time.perf_counter()
    as_old_store(store)
    made = time.perf_counter() - started
    report.add(Figure("make_old_s", "old store made (text payloads)", made, "s"))
    report.add(Figure("old_mb", "old store file", store.stat().st_size / 1e6, "MB"))
    clock = Clock()
    open_store(store, progress=clock.heard)
    ended = time.perf_counter()
    try:
        converting = clock.between("convert", "converted")
        rate = clock.events / converting if converting else None
        report.add(Figure("events", "events converted", clock.events, ""))
        for key, label, first, then in (
            ("copy_s", "upgrade copy (integrity_check included)", "start", "copied"),
            ("train_s", "step 19: dictionary trained", "step", "convert"),
            ("convert_s", "step 19: events converted (batches)", "convert", "converted"),
            ("vacuum_s", "step 19: VACUUM", "converted", "after"),
        ):
            report.add(Figure(key, label, clock.between(first, then), "s"))
        report.add(Figure("later_s", "the steps after 19", ended - clock.marks["after"], "s"))
        report.add(
            Figure(
                "events_per_s",
                "events converted per second (step 19's batches)",
                rate,
                "/s",
                f"≥ {TARGET_EVENTS_PER_S:,}",
                None if rate is None else rate >= TARGET_EVENTS_PER_S,
                headline=True,
            )
        )
        cpu = clock.cpu.get("converted", 0.0) - clock.cpu.get("convert", 0.0)
        report.add(
            Figure(
                "events_per_cpu_s",
                "events converted per CPU second (the batches' CPU time, all threads: what the"
                " rate is on a quiet machine, one core)",
                clock.events / cpu if cpu > 0 else None,
                "/s",
                headline=True,
            )
        )
        step = clock.between("step", "after")
        report.add(
            Figure(
                "step_events_per_s",
                "events per second over the whole step (training and VACUUM included)",
                clock.events / step if step else None,
                "/s",
                headline=True,
            )
        )
        left = database.execute_sql(
            "SELECT count(*) FROM event WHERE typeof(hash) != 'blob'"
            " OR (typeof(payload) = 'text' AND type NOT LIKE 'transfer.%')"
        ).fetchone()[0]
        report.checks["every event in the compact form"] = left == 0
        desk = database.execute_sql("SELECT code FROM desk WHERE id = 1").fetchone()[0]
        report.checks["the event chain whole"] = verify_desk_chain(desk).intact
        report.checks["schema up to date"] = database.execute_sql("PRAGMA user_version").fetchone()[
            0
        ] == len(schema.MIGRATIONS)
    finally:
        close_store()
    report.add(Figure("new_mb", "store file after (closed)", store.stat().st_size / 1e6, "MB"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Desk step 19 (compact events) on an old store.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--json", action="store_true")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    report = Report(args.rows, machine_environment())
    work = Path(tempfile.mkdtemp(prefix="bench-convert-"))
    try:
        measure(report, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish(report, args.json, args.strict)


if __name__ == "__main__":
    outcome.run(main)
