"""Head office's store: 500-event uploads, and a desk pulling 10,000 events, on SQLite and PostgreSQL.

    python benchmarks/bench_hq_store.py [--batches 5] [--pull-events 10000]
                                        [--backend sqlite|postgresql|both] [--per-event] [--strict]

In process, on a new database of each backend (both were timed tests that flaked on a loaded
machine; the tests in tests/hq keep what they check beside time):

- upload: each batch is one ``HQStore.upload`` of 500 new, chained complaint events (the protocol's
  batch size): envelope checks, the chain, storing each event once and applying its payload.
  Targets: SQLite p50 ≤ 0.5 s, PostgreSQL p50 ≤ 0.2 s per batch (issue 18 item 3: a batch is a
  set operation, a bounded number of round trips; the round trips of one batch are printed).
  Beside the wall time, head office's CPU seconds per batch (this process's: the store's Python
  work, not PostgreSQL's), the figure a machine shared with other work disturbs least.
  ``--per-event`` also times the per-event path (``HQStore.set_based = False``, several round
  trips per event: about 0.6 s on PostgreSQL) beside it, without a target.
- the raw floor, printed beside the upload (issue 18 "Goals"): the rows the timed batches wrote
  (their events, complaints and intake entities, read back from the store) inserted again straight
  into copies of those tables with the same indexes, in the same run and database, one transaction
  per batch of 500, one multi-row INSERT per table — no checks, no judging, no JSON.
- pull: desk HA01-03 uploads ``--pull-events`` events, then desk HA01-02 pulls them all with
  ``HQStore.pull`` in pages of 500, each page through the desk's own parser. Target: 10,000 events
  in ≤ 10 s, i.e. ≥ 1,000 events/s on either backend. Every event must come down once, in order.

PostgreSQL needs the local cluster (``pg_ctlcluster 15 main start``); without it that backend is
reported as unavailable and the exit code is 1 (benchmarks/outcome.py).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from hall_desk.hq.store import DeskIdentity, HQStore  # noqa: E402
from hall_desk.sync.protocol import MAX_BATCH, parse_pull_reply  # noqa: E402
from tests.hq.databases import database  # noqa: E402
from tests.hq.envelopes import DeskChain, seed_staff  # noqa: E402

BATCH = 500
PAGE = 500
UPLOAD_TARGET_S = {"sqlite": 0.5, "postgresql": 0.2}  # p50 of a batch (issue 18 item 3)
PULL_TARGET_EPS = 1_000.0  # 10,000 events in ≤ 10 s


@dataclass
class Figures:
    uploads_s: list[float]
    uploads_cpu_s: list[float]  # this process's CPU seconds of each timed batch (not the server's)
    pulled: int
    pull_s: float
    round_trips: int  # of the last timed batch
    per_event_s: list[float]  # the per-event path's batches (--per-event), else empty
    floor_s: list[float]  # the same rows inserted straight into the database, per batch


# What one timed batch wrote: each table's rows picked by the batch's event ids (``ANY``/``IN``).
_FLOOR_TABLES = (
    ("event", "id"),
    ("complaint", "source_event"),
    ("intake_entity", "entity_id"),  # a complaint's creation: its entity id is the complaint's
)


def _floor_rows(conn: Any, backend: str, batch: list[dict[str, Any]]) -> list[tuple[str, list]]:
    """Each floor table's name, columns and rows as the store holds them for ``batch``."""
    keys = {
        "id": [e["id"] for e in batch],
        "source_event": [e["id"] for e in batch],
        "entity_id": [e["payload"]["id"] for e in batch],
    }
    found: list[tuple[str, list]] = []
    for table, column in _FLOOR_TABLES:
        marks = ", ".join(["%s" if backend == "postgresql" else "?"] * len(keys[column]))
        cursor = conn.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", keys[column])
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        if len(rows) != len(batch):
            raise RuntimeError(f"{table}: {len(rows)} rows for a batch of {len(batch)}")
        found.append((table, [names, rows]))
    return found


def raw_floor(url: str, backend: str, batches: list[list[dict[str, Any]]]) -> list[float]:
    """The seconds of inserting each batch's rows straight into copies of their tables (same
    indexes; PostgreSQL: ``LIKE … INCLUDING ALL``), one transaction and one multi-row INSERT per
    table per batch, on a connection of its own."""
    if backend == "postgresql":
        import psycopg

        conn: Any = psycopg.connect(url)
    else:
        conn = sqlite3.connect(url[len("sqlite:///") :])
    try:
        rows = [_floor_rows(conn, backend, batch) for batch in batches]
        for table, _ in _FLOOR_TABLES:
            if backend == "postgresql":
                conn.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            else:  # the table's own DDL and indexes, renamed
                for (sql,) in conn.execute(
                    "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL"
                    " AND type IN ('table', 'index')",
                    (table,),
                ).fetchall():
                    sql = sql.replace(f"TABLE {table} ", f"TABLE floor_{table} ")
                    sql = sql.replace(f" ON {table} ", f" ON floor_{table} ")
                    sql = sql.replace("INDEX ", "INDEX floor_", 1)
                    conn.execute(re.sub(r"REFERENCES \w+\s*\([^)]*\)", "", sql))
        conn.commit()
        mark = "%s" if backend == "postgresql" else "?"
        seconds: list[float] = []
        for tables in rows:
            statements = []
            for table, (names, values) in tables:
                row = f"({', '.join([mark] * len(names))})"
                statements.append(
                    (
                        f"INSERT INTO floor_{table} ({', '.join(names)})"
                        f" VALUES {', '.join([row] * len(values))}",
                        [v for r in values for v in r],
                    )
                )
            started = time.perf_counter()
            for sql, params in statements:
                conn.execute(sql, params)
            conn.commit()
            seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        conn.close()


def pull_all(store: HQStore, desk: DeskIdentity) -> int:
    """Pulls every page for ``desk`` as a desk would; returns how many events came down, after
    checking each page with the desk's parser and the order of the other desk's seq numbers."""
    cursor, more, seqs, seen = 0, True, [], 0
    while more:
        reply = store.pull(desk, cursor, PAGE)
        parse_pull_reply(reply.to_json(), cursor)
        seqs += [event["seq"] for event in reply.events if event["desk"] != f"{desk.hall}-00"]
        seen += len(reply.events)
        cursor, more = reply.cursor, reply.more
    if seqs != list(range(1, len(seqs) + 1)):
        raise RuntimeError("the pulled events are not the uploaded ones, once each, in order")
    return seen  # the uploaded ones and head office's own (-00: the seeded staff change)


def run(backend: str, batches: int, pull_events: int, per_event: bool = False) -> Figures:
    with tempfile.TemporaryDirectory() as tmp, database(backend, Path(tmp)) as url:
        store = HQStore.open(url)
        try:
            store.add_hall("HA01", "人民路营业厅")
            for code in ("HA01-02", "HA01-03"):
                store.add_desk(code)
            seed_staff(store)  # the complaints' actor, as head office's intake rules need it
            puller = DeskIdentity("HA01-02", "HA01", revoked=False)
            uploader = DeskIdentity("HA01-03", "HA01", revoked=False)
            chain = DeskChain("HA01-03")
            uploads: list[float] = []
            cpu: list[float] = []
            each: list[float] = []
            round_trips = 0
            timed: list[list[dict[str, Any]]] = []
            for _ in range(batches):
                batch = chain.complaints(BATCH)
                timed.append(batch)
                before = store.round_trips
                started, used = time.perf_counter(), time.process_time()
                reply = store.upload(uploader, batch)
                uploads.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
                round_trips = store.round_trips - before
                assert {r.outcome.value for r in reply.results} == {"stored"}
            if per_event:
                store.set_based = False
                for _ in range(batches):
                    started = time.perf_counter()
                    reply = store.upload(uploader, chain.complaints(BATCH))
                    each.append(time.perf_counter() - started)
                    assert {r.outcome.value for r in reply.results} == {"stored"}
                store.set_based = True
            floor = raw_floor(url, backend, timed)
            uploaded = (batches + len(each)) * BATCH
            for start in range(uploaded, pull_events, MAX_BATCH):  # untimed: the rest
                store.upload(uploader, chain.complaints(min(MAX_BATCH, pull_events - start)))
            started = time.perf_counter()
            pulled = pull_all(store, puller)
            pull_s = time.perf_counter() - started
            expected = max(pull_events, uploaded) + 1  # + the seeded staff change (-00)
            if pulled != expected:
                raise RuntimeError(f"pulled {pulled} events, {expected} expected")
            return Figures(uploads, cpu, pulled, pull_s, round_trips, each, floor)
        finally:
            store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=5, help="timed uploads of 500 events")
    parser.add_argument("--pull-events", type=int, default=10_000, help="events pulled")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--per-event", action="store_true", help="also time the per-event path, for comparison"
    )
    outcome.add_strict(parser)
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    missed: list[str] = []
    failed: list[str] = []
    mark = {True: "✅", False: "❌"}
    print("| backend | figure | target | result | pass |")
    print("|---|---|---:|---:|:---:|")
    for backend in backends:
        try:
            figures = run(backend, args.batches, args.pull_events, args.per_event)
        except pytest.skip.Exception as error:  # the PostgreSQL cluster is not running
            print(f"| {backend} | unavailable: {error} | | | |")
            failed.append(f"{backend} available")
            continue
        p50 = statistics.median(figures.uploads_s)
        upload_ok = p50 <= UPLOAD_TARGET_S[backend]
        rate = figures.pulled / figures.pull_s
        pull_ok = rate >= PULL_TARGET_EPS
        if not upload_ok:
            missed.append(f"{backend} upload p50")
        if not pull_ok:
            missed.append(f"{backend} pull")
        print(
            f"| {backend} | upload of {BATCH} events, p50 of {len(figures.uploads_s)} batches | "
            f"≤ {UPLOAD_TARGET_S[backend]} s | {p50:.3f} s (max {max(figures.uploads_s):.3f} s, "
            f"{BATCH / p50:,.0f} events/s; {figures.round_trips} round trips; head office's "
            f"CPU p50 {statistics.median(figures.uploads_cpu_s):.3f} s) | "
            f"{mark[upload_ok]} |"
        )
        floor = statistics.median(figures.floor_s)
        print(
            f"| {backend} | raw floor: the same rows (events, complaints, intake entities) "
            f"inserted straight, one transaction per {BATCH}, p50 | | {floor:.3f} s "
            f"({p50 / floor:.1f}× below the upload) | |"
        )
        if figures.per_event_s:
            each = statistics.median(figures.per_event_s)
            print(
                f"| {backend} | the same, event by event (the per-event path), p50 | | "
                f"{each:.3f} s ({BATCH / each:,.0f} events/s) | |"
            )
        print(
            f"| {backend} | pull of {figures.pulled:,} events in pages of {PAGE} | "
            f"≥ {PULL_TARGET_EPS:,.0f} events/s (10,000 in ≤ 10 s) | {figures.pull_s:.2f} s "
            f"({rate:,.0f} events/s) | {mark[pull_ok]} |"
        )
    return outcome.exit_code(strict=args.strict, missed=missed, failed=failed)


if __name__ == "__main__":
    outcome.run(main)
