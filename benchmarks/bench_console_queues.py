"""The console at scale (issue 17 item 6): each queue's first page and the province figures, timed
at the server on PostgreSQL.

    python benchmarks/bench_console_queues.py [--halls 1000] [--desks 4]
        [--complaints 10000000] [--years 10] [--runs 20] [--warmup 3] [--strict]

A fresh database (the server of tests/hq/databases.py, dropped afterwards) gets, written with COPY
into the tables the console reads: ``--halls`` halls of ``--desks`` desks, ``--complaints``
complaints over ``--years`` years (one in a thousand, recent, transferred to head office and not
answered: 转总部投诉), a refund for one complaint in twenty — 20,000 waiting for head office,
50,000 for their execution (one in ten of those failed once) at 10,000,000 complaints, scaled with
the complaints, the others decided and mostly executed long ago —, the daily figures (``figure_day``,
``figure_refund_day``, the open complaints' ``figure_complaint`` rows; ``figure_month`` summed from
``figure_day`` as the upgrade to schema 19 does) and an event table holding
the last month only, 10,000 of its events quarantined (scaled). Triggers, foreign keys and the
non-unique indexes are set aside during the COPY and put back after it (the foreign keys ``NOT
VALID``: the events they name are older than the month kept), then ``ANALYZE``. The disk is
checked first.

Timed: the store's read functions (what the console's handlers call), p95 of ``--runs`` calls after
``--warmup``: each queue's first page unfiltered and with each single filter (≤ 200 ms), the province
figures of the last full month (≤ 300 ms) and of the last year (≤ 1 s). A page that comes back
empty where the seed put rows is a failed check (exit 1), never a time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from hall_desk.domain.clock import utc_iso  # noqa: E402
from hall_desk.hq.store import HQStore  # noqa: E402
from hall_desk.hq.store.figure_rows import LEVELS  # noqa: E402
from hall_desk.hq.store.schema import FIGURE_MONTH_FILL  # noqa: E402
from tests.hq.databases import database  # noqa: E402

FULL = 10_000_000  # the issue's complaints; the refunds and quarantined events scale from it
AWAITING, EXECUTING, QUARANTINED = 20_000, 50_000, 10_000
TARGETS_S = {"queue": 0.2, "month": 0.3, "year": 1.0}
BYTES_A_COMPLAINT = 1_400  # row, indexes and the refunds', figures' and events' share, measured
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai on the 1st: the month is over
ACCOUNT, CASH = "话费账户返还", "现金"
TABLES = ("hall", "desk", "complaint", "refund", "refund_execution", "event", "quarantine",
          "figure_day", "figure_month", "figure_refund_day", "figure_complaint")  # fmt: skip


def scaled(full: int, complaints: int, least: int) -> int:
    return max(least, full * complaints // FULL)


_DAYS: dict[int, str] = {}


def _iso(moment: datetime) -> str:
    return utc_iso(moment)


def _stamp(epoch: float) -> str:
    """``utc_iso`` of a POSIX time, fast (millions of rows): the day's text is kept."""
    whole = int(epoch)
    day, rest = divmod(whole, 86400)
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = datetime.fromtimestamp(day * 86400, UTC).date().isoformat()
    hours, rest = divmod(rest, 3600)
    return f"{text}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000000Z"


class Seed:
    """What the seed wrote that the timed calls filter by."""

    def __init__(self, halls: int, desks: int, complaints: int, years: int) -> None:
        self.halls, self.desks, self.complaints = halls, desks, complaints
        self.start = NOW - timedelta(days=365 * years)
        self.span = (NOW - self.start).total_seconds()
        self.start_epoch = self.start.timestamp()
        self.awaiting = scaled(AWAITING, complaints, 20)
        self.executing = scaled(EXECUTING, complaints, 50)
        self.quarantined = scaled(QUARANTINED, complaints, 10)
        self.transferred = max(20, complaints // 1000)
        self.refunds = max(complaints // 20, 2 * (self.awaiting + self.executing))

    def hall(self, n: int) -> str:
        return f"HB{n % self.halls:04d}"

    def desk(self, n: int) -> str:
        return f"{self.hall(n)}-{(n // self.halls) % self.desks + 1:02d}"

    def accepted(self, n: int) -> datetime:
        return self.start + timedelta(seconds=self.span * n / self.complaints)

    def epoch(self, n: int) -> float:
        """``accepted(n)`` as a POSIX time."""
        return self.start_epoch + self.span * n / self.complaints


Row = tuple[Any, ...] | str  # a row's values, or its line already in COPY's text format


def _lines(rows: Iterator[Row]) -> Iterator[bytes]:
    """COPY's text format in chunks (the values never hold tabs, newlines or backslashes)."""
    chunk: list[str] = []
    for row in rows:
        if isinstance(row, str):
            chunk.append(row)
        else:
            chunk.append("\t".join("\\N" if v is None else str(v) for v in row))
        if len(chunk) >= 20_000:
            yield ("\n".join(chunk) + "\n").encode("utf-8")
            chunk = []
    if chunk:
        yield ("\n".join(chunk) + "\n").encode("utf-8")


def _copy(conn: Any, table: str, columns: str, rows: Iterator[Row]) -> None:
    with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for data in _lines(rows):
            copy.write(data)


def _complaints(s: Seed) -> Iterator[Row]:
    transferred_from = s.complaints - s.transferred * 41  # one in 41 of the most recent ones
    day, hour = 86400, 3600
    fixed = "陈先生\t普通\t营业厅\t电信资费\t资费争议/乱收费"
    state_text = '{"description": "国际漫游费误收"}'
    for n in range(s.complaints):
        at = s.epoch(n)
        moved = n >= transferred_from and n % 41 == 0
        state, kind = ("已转派", "head_office") if moved else ("已归档", "")
        media = 1 if moved and n % 4100 == 0 else 0
        hall = f"HB{n % s.halls:04d}"
        desk = f"{hall}-{(n // s.halls) % s.desks + 1:02d}"
        yield (
            f"c{n:09d}\t{desk}-C{n:09d}\t{hall}\t{desk}\t138{n % 10**8:08d}\t{fixed}\t{state}"
            f"\t3001\t张三\t{_stamp(at)}\t{_stamp(at + 2 * day)}\t{_stamp(at + 15 * day)}"
            f"\t0\t{media}\t0\t0\t\\N\t{state_text}\te-archive\t{desk}\t{n // s.halls + 1}"
            f"\t{_stamp(at + hour)}\t{kind}"
        )


_OLD_KINDS = ("executed",) * 14 + ("cash",) * 3 + ("refused",) * 2 + ("hq_executed",)


def _refund_kind(s: Seed, k: int) -> str:
    """awaiting / executing / failed / executed / cash / refused, the waiting ones the newest."""
    tail = s.refunds - (s.awaiting + s.executing)
    if k >= tail:
        j, both = k - tail, s.awaiting + s.executing
        if (j * s.awaiting) // both != ((j + 1) * s.awaiting) // both:
            return "awaiting"
        return "failed" if j % 10 == 3 else "executing"
    return _OLD_KINDS[k % len(_OLD_KINDS)]


def _refund_rows(s: Seed) -> Iterator[tuple[Any, ...]]:
    step = max(1, s.complaints // s.refunds)
    for k in range(s.refunds):
        n = min(s.complaints - 1, k * step + step // 2)
        kind = _refund_kind(s, k)
        state = {"awaiting": "待总部审批", "refused": "已拒绝", "hq_executed": "总部已批准"}.get(
            kind, "已批准"
        )
        method = CASH if kind == "cash" else ACCOUNT
        waiting = {"executing": "待执行", "failed": "执行失败"}.get(kind)
        updated = s.epoch(n) + 86400
        full = (
            f'{{"item": "彩铃功能费", "checked": "查详单：未订购", "method": "{method}",'
            ' "account_type": "预付费", "proposed_by_name": "张三", "decided_by_name": "李四",'
            ' "decided_by_no": "1001", "reason": "误收费"}'
        )
        yield (
            f"r{k:09d}", f"{s.desk(n)}-R{k:09d}", s.hall(n), s.desk(n), f"c{n:09d}", "35.00",
            state, full, "e-archive", s.desk(n), n // s.halls + 2, _stamp(updated), method, waiting,
        )  # fmt: skip


def _executions(s: Seed) -> Iterator[tuple[Any, ...]]:
    step = max(1, s.complaints // s.refunds)
    for k in range(s.refunds):
        kind = _refund_kind(s, k)
        if kind not in ("executed", "hq_executed", "failed"):
            continue
        n = min(s.complaints - 1, k * step + step // 2)
        at = _stamp(s.epoch(n) + 2 * 86400)
        failed = kind == "failed"
        yield (
            f"r{k:09d}", s.hall(n), "执行失败" if failed else "已到账",
            None if failed else f"BILL-{k:09d}", None if failed else "35.00", at,
            "账户已销户" if failed else "", "wang.wu", at, 1 if failed else 0, "e-archive",
        )  # fmt: skip


def _events(s: Seed) -> Iterator[tuple[Any, ...]]:
    """The last month's events: one per complaint accepted in it, then the quarantined ones."""
    month = NOW - timedelta(days=30)
    first = max(0, int((month - s.start).total_seconds() / s.span * s.complaints))
    receipts: dict[str, int] = {}
    yield ("e-archive", s.hall(0), s.desk(0), 1, "complaint.created", 1, _iso(s.start), "3001",
           "{}", "", "h", _iso(s.start), 1)  # fmt: skip
    receipts[s.hall(0)] = 1
    seqs: dict[str, int] = {s.desk(0): 1}
    count = s.complaints - first + s.quarantined
    for i in range(count):
        n = first + i if i < s.complaints - first else (first + i * 7) % s.complaints
        desk, hall = s.desk(n), s.hall(n)
        seqs[desk] = seqs.get(desk, 0) + 1
        receipts[hall] = receipts.get(hall, 0) + 1
        at = _iso(month + timedelta(seconds=30 * 86400 * i / count))
        kind = "complaint.created" if i < s.complaints - first else "complaint.updated"
        payload = f'{{"id": "c{n:09d}", "phone": "13800138000"}}'
        yield (f"e{i:09d}", hall, desk, seqs[desk], kind, 1, at, "3001", payload, "p", f"h{i}",
               at, receipts[hall])  # fmt: skip


def _quarantine(s: Seed) -> Iterator[tuple[Any, ...]]:
    month = NOW - timedelta(days=30)
    first = max(0, int((month - s.start).total_seconds() / s.span * s.complaints))
    fresh = s.complaints - first
    count = fresh + s.quarantined
    reasons = ("schema", "unknown_entity", "actor.unknown", "policy")
    for q in range(s.quarantined):
        i = fresh + q
        at = _iso(month + timedelta(seconds=30 * 86400 * i / count))
        closed = (at, "wang.wu", "已核实，关闭") if q % 10 == 9 else (None, None, None)
        yield (f"e{i:09d}", reasons[q % len(reasons)], "bench", at, *closed)


def _figure_days(s: Seed) -> Iterator[tuple[Any, ...]]:
    """Per hall and Shanghai day: the complaints accepted that day (exact), the rest derived."""
    days = (NOW - s.start).days
    per_day = s.complaints / days
    for d in range(days):
        a, b = int(d * per_day), int((d + 1) * per_day)
        day = (s.start + timedelta(days=d, hours=8)).date().isoformat()
        for h in range(s.halls):
            # how many n in [a, b) with n % halls == h
            accepted = (b - 1 - h) // s.halls - (a - 1 - h) // s.halls if b > a else 0
            if not accepted:
                continue
            late = (h + d) % 3 if accepted > 2 else 0
            yield (f"HB{h:04d}", day, accepted, accepted, accepted - late, late, accepted // 20,
                   0, late // 2, accepted // 2, accepted // 3)  # fmt: skip


def _figure_refund_days(s: Seed) -> Iterator[tuple[Any, ...]]:
    step = max(1, s.complaints // s.refunds)
    held: dict[tuple[str, str, str, str], list[int]] = {}
    last = ""
    for k in range(s.refunds):
        n = min(s.complaints - 1, k * step + step // 2)
        day = _stamp(s.epoch(n) + 8 * 3600)[:10]
        if day != last and held:
            for (hall, day_, level, state), (count, fen) in held.items():
                yield (hall, day_, level, state, count, fen)
            held = {}
        last = day
        kind = _refund_kind(s, k)
        state = {"awaiting": "待总部审批", "refused": "已拒绝", "hq_executed": "总部已批准"}.get(
            kind, "已批准"
        )
        key = (s.hall(n), day, LEVELS[k % 2][0], state)
        counted = held.setdefault(key, [0, 0])
        counted[0] += 1
        counted[1] += 3500
    for (hall, day_, level, state), (count, fen) in held.items():
        yield (hall, day_, level, state, count, fen)


def _figure_open(s: Seed) -> Iterator[tuple[Any, ...]]:
    transferred_from = s.complaints - s.transferred * 41
    for n in range(max(0, transferred_from), s.complaints):
        if n % 41:
            continue
        at = s.accepted(n)
        day = (at + timedelta(hours=8)).date().isoformat()
        yield (f"c{n:09d}", s.hall(n), day, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1,
               _iso(at + timedelta(days=2)), _iso(at + timedelta(days=15)), 0)  # fmt: skip


def _set_aside(conn: Any) -> tuple[list[str], list[str]]:
    """Drop the foreign keys and non-unique indexes of the seeded tables, disable their triggers;
    the statements that put them back."""
    names = list(TABLES)
    fks = conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        (names,),
    ).fetchall()
    indexes = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname ="
        " i.indexname JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY(%s)"
        " AND NOT x.indisunique",
        (names,),
    ).fetchall()
    for table, name, _definition in fks:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for table in names:
        conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    back_keys = [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID'
        for table, name, definition in fks
    ]
    back_rest = [definition for _name, definition in indexes] + [
        f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in names
    ]
    return back_keys, back_rest


def seed(url: str, s: Seed) -> dict[str, int]:
    """Everything written; rows per table."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        back_keys, back_rest = _set_aside(conn)
        created = _iso(s.start)
        _copy(conn, "hall", "code, name, created_at",
              ((f"HB{h:04d}", f"营业厅{h}", created) for h in range(s.halls)))  # fmt: skip
        _copy(conn, "desk", "code, hall, token_hash, created_at, token_issued_at",
              ((f"HB{h:04d}-{d + 1:02d}", f"HB{h:04d}", f"t{h}-{d}", created, created)
               for h in range(s.halls) for d in range(s.desks)))  # fmt: skip
        steps: list[tuple[str, str, Callable[[Seed], Iterator[tuple[Any, ...]]]]] = [
            ("complaint", "id, number, hall, desk, phone, customer_name, tier, channel,"
             " main_class, sub_class, state, first_responder_no, first_responder_name,"
             " accepted_at, reply_due, regulator_due, important, media, escalated, repeat, amount,"
             " full_state, source_event, source_desk, source_seq, updated_at, handler_kind",
             _complaints),
            ("refund", "id, number, hall, desk, complaint_id, amount, state, full_state,"
             " source_event, source_desk, source_seq, updated_at, method, execution_waiting",
             _refund_rows),
            ("refund_execution", "refund_id, hall, state, billing_reference, amount, at, reason,"
             " recorded_by, recorded_at, failures, event_id", _executions),
            ("event", "id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
             " received_at, receipt_no", _events),
            ("quarantine", "event_id, reason, detail, at, closed_at, closed_by, note", _quarantine),
            ("figure_day", "hall, day, accepted, due, on_time, late, repeat_count, media,"
             " regulator_breach, called_back, satisfied", _figure_days),
            ("figure_refund_day", "hall, day, level, state, count, fen", _figure_refund_days),
            ("figure_complaint", "id, hall, day, accepted, due, on_time, late, repeat_count,"
             " media, regulator_breach, called_back, satisfied, is_open, reply_due,"
             " regulator_due, answered_by_due", _figure_open),
        ]  # fmt: skip
        for table, columns, rows in steps:
            began = time.perf_counter()
            _copy(conn, table, columns, rows(s))
            print(f"  COPY {table}: {time.perf_counter() - began:.1f} s", flush=True)
        conn.execute(FIGURE_MONTH_FILL)  # the monthly roll-up, as the upgrade fills it
        began = time.perf_counter()
        for statement in back_rest + back_keys:
            conn.execute(statement)
        conn.execute("VACUUM ANALYZE")
        print(f"  indexes, keys, VACUUM ANALYZE: {time.perf_counter() - began:.1f} s", flush=True)
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def timed(call: Callable[[], Any], warmup: int, runs: int) -> tuple[float, Any]:
    samples, result = [], None
    for n in range(warmup + runs):
        began = time.perf_counter()
        result = call()
        if n >= warmup:
            samples.append(time.perf_counter() - began)
    return p95(samples), result


def calls(store: HQStore) -> list[tuple[str, str, Callable[[], Any]]]:
    """(queue, filter, call) of every first page, the filters taken from its unfiltered page."""
    listed: list[tuple[str, str, Callable[[], Any]]] = []
    awaiting = store.awaiting_refunds()[0][0]
    listed += [
        ("待总部审批", "—", lambda: store.awaiting_refunds()),
        ("待总部审批", "hall", lambda: store.awaiting_refunds(hall=awaiting.hall)),
        ("待总部审批", "desk", lambda: store.awaiting_refunds(desk=awaiting.desk)),
        ("待总部审批", "number", lambda: store.awaiting_refunds(number=awaiting.complaint_number)),
    ]
    executing = store.execution_page()[0][0]
    listed += [
        ("待执行退费", "—", lambda: store.execution_page()),
        ("待执行退费", "hall", lambda: store.execution_page(hall=executing.hall)),
        ("待执行退费", "desk", lambda: store.execution_page(desk=executing.desk)),
        ("待执行退费", "number", lambda: store.execution_page(number=executing.number)),
        ("待执行退费", "execution", lambda: store.execution_page(execution="执行失败")),
    ]
    moved = store.transferred_complaints()[0][0]
    listed += [
        ("转总部投诉", "—", lambda: store.transferred_complaints()),
        ("转总部投诉", "hall", lambda: store.transferred_complaints(hall=moved.hall)),
        ("转总部投诉", "desk", lambda: store.transferred_complaints(desk=moved.desk)),
        ("转总部投诉", "number", lambda: store.transferred_complaints(number=moved.number)),
        ("转总部投诉", "overdue", lambda: store.transferred_complaints(overdue=True)),
    ]
    held = store.held_events()[0][0]
    listed += [
        ("隔离与冲突", "—", lambda: store.held_events()),
        ("隔离与冲突", "hall", lambda: store.held_events(hall=held.hall)),
        ("隔离与冲突", "desk", lambda: store.held_events(desk=held.desk)),
        ("隔离与冲突", "reason", lambda: store.held_events(reason=held.reason)),
        ("隔离与冲突", "closed", lambda: store.held_events(state="closed")),
    ]
    desk = store.desks_page()[0][0]
    listed += [
        ("营业厅与台席", "—", lambda: store.desks_page()),
        ("营业厅与台席", "hall", lambda: store.desks_page(hall=desk.hall)),
        ("营业厅与台席", "desk", lambda: store.desks_page(desk=desk.desk)),
    ]
    return listed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=1000)
    parser.add_argument("--desks", type=int, default=4, help="desks a hall")
    parser.add_argument("--complaints", type=int, default=FULL)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    outcome.add_strict(parser)
    args = parser.parse_args()
    need = args.complaints * BYTES_A_COMPLAINT + (200 << 20)
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < need * 2:  # PostgreSQL's own files live elsewhere, on a disk checked the same way
        raise SystemExit(
            f"not enough disk: about {need >> 20} MiB needed twice, {free >> 20} MiB free"
        )
    s = Seed(args.halls, args.desks, args.complaints, args.years)
    missed: list[str] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, database("postgresql", Path(tmp)) as url:
        HQStore.open(url).close()  # the schema
        began = time.perf_counter()
        counts = seed(url, s)
        print(f"seeded in {time.perf_counter() - began:.1f} s: "
              + ", ".join(f"{t} {n:,}" for t, n in counts.items()), flush=True)  # fmt: skip
        store = HQStore.open(url)
        try:
            print(f"\n{'queue':<12}{'filter':<11}{'rows':>6}{'of':>9}{'p95 ms':>9}{'target':>8}")
            for queue, shown, call in calls(store):
                took, (rows, total) = timed(call, args.warmup, args.runs)
                if not rows:
                    failed.append(f"{queue} {shown}: an empty first page")
                ok = took <= TARGETS_S["queue"]
                if not ok:
                    missed.append(f"{queue} {shown}")
                print(f"{queue:<12}{shown:<11}{len(rows):>6}{total:>9,}{took * 1000:>9.1f}"
                      f"{TARGETS_S['queue'] * 1000:>8.0f} {'✅' if ok else '❌'}")  # fmt: skip
            last_month_end = (NOW + timedelta(hours=8)).date() - timedelta(days=1)
            periods = {
                "month": (last_month_end.replace(day=1), last_month_end),
                "year": (last_month_end - timedelta(days=364), last_month_end),
            }
            print(f"\n{'province figures':<23}{'halls':>6}{'p95 ms':>9}{'target':>8}")
            for name, (first, last) in periods.items():
                took, figures = timed(
                    lambda f=first, la=last: store.province_figures(
                        f.isoformat(), la.isoformat(), now=NOW
                    ),
                    args.warmup,
                    args.runs,
                )
                if len(figures.halls) != args.halls or not figures.total.accepted:
                    failed.append(f"{name} figures: not every hall, or nothing accepted")
                ok = took <= TARGETS_S[name]
                if not ok:
                    missed.append(f"{name} figures")
                print(f"{name + ' ' + first.isoformat() + '…':<23}{len(figures.halls):>6}"
                      f"{took * 1000:>9.1f}{TARGETS_S[name] * 1000:>8.0f} {'✅' if ok else '❌'}")  # fmt: skip
        finally:
            store.close()
    return outcome.exit_code(strict=args.strict, missed=missed, failed=failed)


if __name__ == "__main__":
    outcome.run(main)
