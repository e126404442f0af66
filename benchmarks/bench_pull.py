"""Pull and apply 10,000 events from head office to a fresh desk (issue 4's downlink benchmark).

    python benchmarks/bench_pull.py [--events 10000] [--runs 3] [--json]

Set-up (not timed): a real ``hall-desk-hq serve`` subprocess on loopback with an empty SQLite
database; desk HA01-01 records ``--events`` complaints through the service and uploads them.
Then, per run, a fresh desk (HA01-02, HA01-03 …: its own new store, ``synchronous=FULL``) is set up,
registered, and timed:

- raw:  the same pages fetched with the desk's own ``HQClient.pull`` (HTTP + head office + JSON
        parsing, nothing applied);
- pull: ``sync_now`` on the fresh desk: its few own events up, then every page pulled, each event
        checked (shape, hash, chain), inserted into the log and applied to the complaint table, one
        transaction per page with the cursor.

Prints the median of the runs in events/s (a markdown table, or ``--json``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import outcome  # noqa: E402
from benchmarks.headoffice import HeadOffice  # noqa: E402
from hall_desk.domain.clock import FixedClock  # noqa: E402
from hall_desk.domain.complaints import ComplaintDraft  # noqa: E402
from hall_desk.domain.policy import Role  # noqa: E402
from hall_desk.services import sync  # noqa: E402
from hall_desk.services.complaints import count_complaints, record_complaint  # noqa: E402
from hall_desk.services.context import DeskContext  # noqa: E402
from hall_desk.services.setup import set_up_hall  # noqa: E402
from hall_desk.services.staff import create_staff, sign_in  # noqa: E402
from hall_desk.storage.db import close_store, database, open_store  # noqa: E402
from hall_desk.sync.protocol import MAX_BATCH  # noqa: E402
from hall_desk.sync.transport import HQClient  # noqa: E402
from tests.sync.keyrings import MemoryKeyring  # noqa: E402  (nothing touches the machine's keyring)

HALL = "HA01"
SOURCE = "HA01-01"
SUB_CLASSES = (
    ("电信资费", "资费争议/乱收费"),
    ("电信服务", "服务态度"),
    ("电信服务", "业务办理差错"),
)


def set_up_desk(directory: Path, number: int, clock: FixedClock, hq: HeadOffice) -> DeskContext:
    open_store(directory / "desk.sqlite3")
    ctx = DeskContext(clock=clock)
    manager = f"10{number:02d}"
    set_up_hall(
        ctx,
        hall_code=HALL,
        hall_name="人民路营业厅",
        district="城东区",
        service_phone="10086",
        desk_no=number,
        manager_no=manager,
        manager_name="王店长",
        manager_password=f"bench-{manager}",
    )
    code = f"{HALL}-{number:02d}"
    sync.register_desk(ctx, hq.url, code, hq.add_desk(code))
    return ctx


def fill_source(directory: Path, hq: HeadOffice, events: int) -> int:
    """Desk HA01-01 records complaints up to ``events`` events and uploads them; returns how many
    complaints it holds."""
    clock = FixedClock(datetime.now(UTC) - timedelta(days=30))
    ctx = set_up_desk(directory, 1, clock, hq)
    manager = sign_in(ctx, "1001", "bench-1001")
    create_staff(ctx, manager, staff_no="3001", name="张三", role=Role.CLERK, password="bench-3001")
    clerk = sign_in(ctx, "3001", "bench-3001")
    rng = random.Random(7)
    have = database.execute_sql("SELECT count(*) FROM event").fetchone()[0]
    with database.atomic():  # one commit for the set-up
        for _ in range(events - have):
            main, sub = rng.choice(SUB_CLASSES)
            record_complaint(
                ctx,
                clerk,
                ComplaintDraft(
                    phone=f"138{rng.randrange(10**8):08d}",
                    customer_name="陈先生",
                    main_class=main,
                    sub_class=sub,
                    description="客户反映本月话费多扣，未办理新业务。" * rng.randint(1, 4),
                    customer_request="退还多收话费并解释原因。",
                ),
            )
            clock.advance(minutes=3)
    report = sync.sync_now(ctx)
    assert report.error is None and sync.queue_status().waiting == 0, report.error
    complaints = count_complaints()
    close_store()
    return complaints


def run_once(run: int, workdir: Path, hq: HeadOffice, complaints: int) -> dict[str, float]:
    number = run + 1
    ctx = set_up_desk(workdir / f"desk{number}", number, FixedClock(datetime.now(UTC)), hq)
    from hall_desk import credentials

    token = credentials.load_token(f"{HALL}-{number:02d}")
    assert token
    client = HQClient(hq.url, token)
    started = time.perf_counter()
    after, fetched, more = 0, 0, True
    while more:
        reply = client.pull(after, MAX_BATCH)
        fetched += len(reply.events)
        after, more = reply.cursor, reply.more
    raw_seconds = time.perf_counter() - started
    client.close()

    started = time.perf_counter()
    report = sync.sync_now(ctx)
    pull_seconds = time.perf_counter() - started
    assert report.error is None, report.error
    assert report.pull_dead == 0, sync.dead_letters()
    assert count_complaints() == complaints, "the desk does not hold every complaint"
    close_store()
    return {
        "pulled": report.pulled,
        "applied": report.applied,
        "fetched": fetched,
        "raw_eps": fetched / raw_seconds,
        "pull_eps": report.pulled / pull_seconds,
        "seconds": pull_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    outcome.add_strict(parser)  # no target here: always 0 when it ran
    args = parser.parse_args(argv)
    keyring.set_keyring(MemoryKeyring())
    results = []
    with tempfile.TemporaryDirectory(prefix="hall_desk-bench-pull-") as tmp:
        workdir = Path(tmp)
        (workdir / "hq").mkdir()
        hq = HeadOffice(workdir / "hq")
        try:
            print(
                f"[bench] desk {SOURCE} records and uploads {args.events} events", file=sys.stderr
            )
            complaints = fill_source(workdir / "desk1", hq, args.events)
            for run in range(1, args.runs + 1):
                print(f"[bench] run {run}/{args.runs}: a fresh desk pulls", file=sys.stderr)
                results.append(run_once(run, workdir, hq, complaints))
        finally:
            hq.stop()
    raw = statistics.median(r["raw_eps"] for r in results)
    pulled = statistics.median(r["pull_eps"] for r in results)
    figures = {
        "events": results[0]["pulled"],
        "applied": results[0]["applied"],
        "runs": args.runs,
        "raw_events_per_s": raw,
        "pull_events_per_s": pulled,
        "ratio": pulled / raw,
        "seconds": statistics.median(r["seconds"] for r in results),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print("| figure | result |")
        print("|---|---:|")
        print(
            f"| events pulled by a fresh desk (applied {figures['applied']:,}), median of "
            f"{args.runs} | {figures['events']:,} |"
        )
        print(f"| raw: the same pages fetched, nothing applied | {raw:,.0f} events/s |")
        print(
            f"| sync_now: pulled, checked, logged, applied, cursor moved | {pulled:,.0f} events/s "
            f"({figures['seconds']:.1f} s) |"
        )
        print(f"| pull ÷ raw | {figures['ratio']:.2f} |")
    return 0


if __name__ == "__main__":
    outcome.run(main)
