"""全省指标 (issue 17 item 3/6): the province figures of a month and of a year at the server, read
from the daily figures intake keeps.

    python benchmarks/bench_console.py [--halls 1000] [--complaints 10000000] [--years 10]
                                       [--runs 20] [--warmup 3] [--strict]

PostgreSQL (the server of tests/hq/databases.py, a fresh database dropped afterwards). The daily
tables the console reads (``figure_day``, ``figure_refund_day``, the open complaints of
``figure_complaint``) are written with COPY for ``--halls`` halls over ``--years`` years holding
``--complaints`` complaints (1 % open, refunds at every level); then p95 of ``--runs`` calls after
``--warmup`` of ``HQStore.province_figures`` for the last full month and the last year.
Targets (issue 17): a month ≤ 300 ms, a year ≤ 1 s. It first checks the disk (about 200 bytes
a daily row). It does not cover the queues' first pages (not written yet: see the README).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from hall_desk.hq.store import HQStore  # noqa: E402
from hall_desk.hq.store.figure_rows import LEVELS  # noqa: E402
from tests.hq.databases import database  # noqa: E402

TARGETS_S = {"month": 0.3, "year": 1.0}
BYTES_A_ROW = 200
END = date(2026, 11, 30)


def seed(url: str, halls: int, complaints: int, years: int) -> int:
    """The halls and their daily figures (COPY); how many daily rows."""
    import psycopg

    days = [END - timedelta(days=n) for n in range(365 * years)]
    each = max(1, complaints // (halls * len(days)))
    rows = 0
    with psycopg.connect(url, autocommit=True) as conn:
        with conn.cursor().copy("COPY hall (code, name, created_at) FROM STDIN") as copy:
            for h in range(halls):
                copy.write_row((f"HB{h:04d}", f"营业厅{h}", "2016-01-01T00:00:00.000000Z"))
        with conn.cursor().copy(
            "COPY figure_day (hall, day, accepted, due, on_time, late, repeat_count, media,"
            " regulator_breach, called_back, satisfied) FROM STDIN"
        ) as copy:
            for h in range(halls):
                for day in days:
                    late = (h + day.day) % 3
                    copy.write_row(
                        (f"HB{h:04d}", day.isoformat(), each, each, each - late, late,
                         each // 20, 0, late // 2, each // 2, each // 3)
                    )  # fmt: skip
                    rows += 1
        with conn.cursor().copy(
            "COPY figure_refund_day (hall, day, level, state, count, fen) FROM STDIN"
        ) as copy:
            for h in range(halls):
                for n, day in enumerate(days[::7]):
                    level = LEVELS[(h + n) % len(LEVELS)][0]
                    state = ("已批准", "待总部审批", "总部已批准")[n % 3]
                    copy.write_row((f"HB{h:04d}", day.isoformat(), level, state, 1, 35000))
                    rows += 1
        opened = max(1, complaints // 100)
        with conn.cursor().copy(
            "COPY figure_complaint (id, hall, day, accepted, due, on_time, late, repeat_count,"
            " media, regulator_breach, called_back, satisfied, is_open, reply_due,"
            " regulator_due, answered_by_due) FROM STDIN"
        ) as copy:
            for n in range(opened):
                day = days[n % 60]  # open ones are recent
                due = f"{day.isoformat()}T10:00:00.000000Z"
                copy.write_row(
                    (f"open-{n}", f"HB{n % halls:04d}", day.isoformat(), 1, 1, 0, 0, 0, 0, 0,
                     0, 0, 1, due, due, 0)
                )  # fmt: skip
                rows += 1
        conn.execute("ANALYZE")
    return rows


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=1000)
    parser.add_argument("--complaints", type=int, default=10_000_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    outcome.add_strict(parser)
    args = parser.parse_args()
    need = args.halls * 365 * args.years * BYTES_A_ROW * 2
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < need:
        raise SystemExit(f"not enough disk: about {need >> 20} MiB needed, {free >> 20} MiB free")
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, database("postgresql", Path(tmp)) as url:
        HQStore.open(url).close()  # the schema
        started = time.perf_counter()
        rows = seed(url, args.halls, args.complaints, args.years)
        print(f"seeded {rows:,} daily rows in {time.perf_counter() - started:.1f} s")
        store = HQStore.open(url)
        try:
            month_start = END.replace(day=1)
            periods = {
                "month": (month_start.isoformat(), END.isoformat()),
                "year": (date(END.year, 1, 1).isoformat(), date(END.year, 12, 31).isoformat()),
            }
            print(f"{'province figures':<18}{'p95 ms':>10}{'target ms':>11}")
            for name, (start, end) in periods.items():
                samples = []
                for n in range(args.warmup + args.runs):
                    began = time.perf_counter()
                    figures = store.province_figures(start, end)
                    if n >= args.warmup:
                        samples.append(time.perf_counter() - began)
                assert len(figures.halls) == args.halls
                shown = p95(samples)
                ok = shown <= TARGETS_S[name]
                if not ok:
                    missed.append(f"{name} p95")
                mark = "✅" if ok else "❌"
                print(f"{name:<18}{shown * 1000:>10.1f}{TARGETS_S[name] * 1000:>11.0f} {mark}")
        finally:
            store.close()
    return outcome.exit_code(strict=args.strict, missed=missed)


if __name__ == "__main__":
    outcome.run(main)
