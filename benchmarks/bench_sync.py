"""Drain a desk's queue to a local head office, beside the raw HTTP throughput of the same bytes.

    python benchmarks/bench_sync.py [--events 10000] [--runs 3]

For each run, two fresh head offices (the real ``hall-desk-hq serve``, a subprocess on loopback,
each with an empty SQLite database) so that both legs store the same number of new events:

- raw:  the upload bodies of the whole queue, encoded in advance, POSTed with the uploader's own
        ``httpx.Client`` (same headers, same time-outs) one after another: HTTP + head office only;
- sync: ``sync_now`` on the desk: read the queue, encode, send, parse and check every answer,
        record the answers in the desk's store (``synchronous=FULL``).

Target: the sync leg at least half of the raw figure. Prints a markdown table (or ``--json``).
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
from hall_desk.services.complaints import record_complaint  # noqa: E402
from hall_desk.services.context import DeskContext  # noqa: E402
from hall_desk.services.setup import set_up_hall  # noqa: E402
from hall_desk.services.staff import create_staff, sign_in  # noqa: E402
from hall_desk.storage.db import close_store, database, open_store  # noqa: E402
from hall_desk.storage.events import events_of_desk  # noqa: E402
from hall_desk.sync.protocol import MAX_BATCH  # noqa: E402
from hall_desk.sync.transport import HQClient, encode_upload  # noqa: E402
from tests.sync.keyrings import MemoryKeyring  # noqa: E402  (nothing touches the machine's keyring)

DESK = "HA01-02"
SUB_CLASSES = (
    ("电信资费", "资费争议/乱收费"),
    ("电信服务", "服务态度"),
    ("电信服务", "业务办理差错"),
)


def build_desk(directory: Path, events: int) -> DeskContext:
    """A desk with ``events`` queued events: complaints recorded through the service."""
    open_store(directory / "desk.sqlite3")
    clock = FixedClock(datetime.now(UTC) - timedelta(days=30))
    ctx = DeskContext(clock=clock)
    set_up_hall(
        ctx,
        hall_code="HA01",
        hall_name="人民路营业厅",
        district="城东区",
        service_phone="10086",
        desk_no=2,
        manager_no="1001",
        manager_name="王店长",
        manager_password="bench-1001",
    )
    manager = sign_in(ctx, "1001", "bench-1001")
    create_staff(ctx, manager, staff_no="3001", name="张三", role=Role.CLERK, password="bench-3001")
    clerk = sign_in(ctx, "3001", "bench-3001")
    rng = random.Random(7)
    have = database.execute_sql("SELECT count(*) FROM event").fetchone()[0]
    with database.atomic():  # one commit for the set-up, not ten thousand fsyncs
        for _ in range(events - have):  # one event per complaint
            main, sub = rng.choice(SUB_CLASSES)
            draft = ComplaintDraft(
                phone=f"138{rng.randrange(10**8):08d}",
                customer_name="陈先生",
                main_class=main,
                sub_class=sub,
                description="客户反映本月话费多扣，未办理新业务。" * rng.randint(1, 4),
                customer_request="退还多收话费并解释原因。",
            )
            record_complaint(ctx, clerk, draft)
            clock.advance(minutes=3)
    return ctx


def run_once(events: int, workdir: Path) -> dict[str, float]:
    desk_dir = workdir / "desk"
    desk_dir.mkdir()
    ctx = build_desk(desk_dir, events)
    queued = list(events_of_desk(DESK))
    bodies = [
        encode_upload(DESK, queued[i : i + MAX_BATCH]) for i in range(0, len(queued), MAX_BATCH)
    ]

    (workdir / "raw").mkdir()
    (workdir / "sync").mkdir()
    raw_hq = HeadOffice(workdir / "raw")
    client = HQClient(raw_hq.url, raw_hq.add_desk(DESK))
    started = time.perf_counter()
    for body in bodies:
        response = client._client.post(  # the uploader's own client: same headers and time-outs
            "/v1/events", content=body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        response.json()
    raw_seconds = time.perf_counter() - started
    client.close()
    assert raw_hq.held(DESK) == len(queued), "raw leg: head office does not hold every event"
    raw_hq.stop()

    sync_hq = HeadOffice(workdir / "sync")
    sync.register_desk(ctx, sync_hq.url, DESK, sync_hq.add_desk(DESK))
    started = time.perf_counter()
    report = sync.sync_now(ctx)
    sync_seconds = time.perf_counter() - started
    assert report.error is None, report.error
    assert sync.queue_status().waiting == 0
    # registering wrote one more event of the desk (hq_link.registered): head office holds it too
    total = len(list(events_of_desk(DESK)))
    assert total == len(queued) + 1 and sync_hq.held(DESK) == total, (
        "sync leg: head office does not hold every event"
    )
    sync_hq.stop()
    close_store()
    return {
        "events": len(queued),
        "bytes": sum(len(b) for b in bodies),
        "raw_eps": len(queued) / raw_seconds,
        "sync_eps": len(queued) / sync_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    outcome.add_strict(parser)
    args = parser.parse_args(argv)
    keyring.set_keyring(MemoryKeyring())
    results = []
    for run in range(1, args.runs + 1):
        print(f"[bench] run {run}/{args.runs}: {args.events} events", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="hall_desk-bench-sync-") as tmp:
            results.append(run_once(args.events, Path(tmp)))
    raw = statistics.median(r["raw_eps"] for r in results)
    synced = statistics.median(r["sync_eps"] for r in results)
    ratio = synced / raw
    figures = {
        "events": results[0]["events"],
        "megabytes": results[0]["bytes"] / 1e6,
        "runs": args.runs,
        "raw_events_per_s": raw,
        "sync_events_per_s": synced,
        "ratio": ratio,
        "pass": ratio >= 0.5,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print("| figure | target | result |")
        print("|---|---:|---:|")
        print(
            f"| events drained (bodies of {figures['megabytes']:.1f} MB), median of {args.runs} | | "
            f"{figures['events']:,} |"
        )
        print(f"| raw: same bytes, same client, same server | | {raw:,.0f} events/s |")
        print(f"| sync_now: queue → head office → answers recorded | | {synced:,.0f} events/s |")
        print(f"| sync ÷ raw | ≥ 0.5 | {ratio:.2f} {'✅' if figures['pass'] else '❌'} |")
    return outcome.exit_code(strict=args.strict, missed=[] if figures["pass"] else ["sync ÷ raw"])


if __name__ == "__main__":
    outcome.run(main)
