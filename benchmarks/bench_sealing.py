"""What sealing identity data at rest costs a transfer save (issue 9, hall_desk.storage.sealed).

On a fresh store in a temporary directory (an in-memory keyring, never the machine's): a 过户 with an
agent is opened, then changed ``--saves`` times (each ``update_transfer`` is one transaction: the
row's ``parties`` sealed, its ``transfer.updated`` payload sealed whole). Printed: the median save,
and the median of the sealing work alone on that transfer's real values (the row's columns and
the event's payload, sealed and opened), so the share sealing takes of a save is plain.

    python benchmarks/bench_sealing.py --saves 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring

from benchmarks import outcome
from hall_desk.domain.clock import FixedClock
from hall_desk.domain.policy import Role
from hall_desk.services.context import DeskContext
from hall_desk.services.keys import wire_keys
from hall_desk.services.setup import set_up_hall
from hall_desk.services.staff import create_staff, sign_in
from hall_desk.services.transfers import TransferForm, open_transfer, update_transfer
from hall_desk.storage import sealed
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.models import Event, Transfer
from tests.sync.keyrings import MemoryKeyring


def form(address: str) -> TransferForm:
    return TransferForm(
        kind="过户",
        phone="13800138000",
        account_type="预付费",
        opened_on=date(2026, 9, 1),
        opened_checked_where="BOSS 客户信息页",
        new_owner={
            "id_type": "居民身份证",
            "id_number": "110101199003071233",
            "name": "李四",
            "address": address,
        },
        registered_owner={
            "id_type": "居民身份证",
            "id_number": "310104198512250047",
            "name": "王五",
            "address": "上海市徐汇区某路2号",
        },
        agents=[
            (
                "新机主",
                {
                    "id_type": "护照",
                    "id_number": "E98765432",
                    "name": "诸葛明远",
                    "address": "广州市天河区体育西路123号",
                },
            )
        ],
    )


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    outcome.add_strict(parser)  # no target here: always 0 when it ran
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    wire_keys()  # as the app and the CLI do at start-up: the field key comes from that keyring
    ctx = DeskContext(clock=FixedClock(datetime(2026, 11, 22, 2, 0, tzinfo=UTC)))
    with tempfile.TemporaryDirectory() as folder:
        open_store(Path(folder) / "desk.sqlite3")
        set_up_hall(
            ctx,
            hall_code="HA01",
            hall_name="人民路营业厅",
            district="城东区",
            service_phone="10086",
            desk_no=2,
            manager_no="1001",
            manager_name="王店长",
            manager_password="manager1",
        )
        manager = sign_in(ctx, "1001", "manager1")
        create_staff(
            ctx, manager, staff_no="3001", name="张三", role=Role.CLERK, password="clerk001"
        )
        clerk = sign_in(ctx, "3001", "clerk001")
        view = open_transfer(ctx, clerk, form("北京市东城区某街0号"))
        saves = []
        for n in range(1, args.saves + 1):
            started = time.perf_counter()
            update_transfer(ctx, clerk, view.id, form(f"北京市东城区某街{n}号"))
            saves.append(time.perf_counter() - started)
        row = Transfer.get_by_id(view.id)
        parties, signatures = row.parties, row.signatures
        event = Event.select().order_by(Event.seq.desc()).get()
        payload = event.plain_payload
        sealing = []
        for _ in range(args.saves):
            started = time.perf_counter()
            a = sealed.seal_value(parties, "transfer.parties", row.id)
            b = sealed.seal_value(signatures, "transfer.signatures", row.id)
            c = sealed.seal_payload(event.type, event.id, payload)
            sealed.open_value(a, "transfer.parties", row.id)
            sealed.open_value(b, "transfer.signatures", row.id)
            sealed.open_payload(event.id, c)
            sealing.append(time.perf_counter() - started)
        close_store()
    print(f"transfer saves (update_transfer, one transaction each): {args.saves}")
    print(f"payload size of transfer.updated: {len(payload.encode()):,} bytes")
    print(f"median save: {median_ms(saves)}")
    print(
        f"median sealing + opening of that save's values: {median_ms(sealing)} "
        f"({statistics.median(sealing) / statistics.median(saves):.1%} of a save)"
    )
    return 0


if __name__ == "__main__":
    outcome.run(main)
