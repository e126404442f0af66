"""Transfers (过户) of the hall's other desks, pulled and applied to this desk's transfer table: by id,
only by the desk that holds them, their files not (the contents stay at that desk)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Event, PullDeadLetter, StoredFile, Transfer, TransferFile
from hall_desk.storage.replicas import transfer_row
from hall_desk.sync import downlink
from tests.hq.envelopes import DeskChain, file_entry, transfer_state
from tests.sync.downlink_events import OTHER_DESK, other_desk
from tests.sync.fixtures import DESK, HALL


def apply(events: list[Any], ctx: DeskContext, cursor: int = 1) -> downlink.PageResult:
    return downlink.apply_page(
        events, hall=HALL, desk=DESK, after=0, cursor=cursor, at=ctx.clock.now()
    )


def test_another_desks_transfer_appears_and_follows_its_events(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1 = other_desk()
    transfer_id = str(uuid.uuid4())
    opened = transfer_state(OTHER_DESK, transfer_id)
    evidence = [file_entry("a" * 64), file_entry("b" * 64, role="signature", name="签名.png")]
    documents = [
        {
            "role": "agreement",
            "name": "过户协议.pdf",
            "sha256": "c" * 64,
            "size": 9,
            "media_type": "application/pdf",
            "fingerprint": "c" * 16,
        }
    ]
    attached = dict(
        files=evidence,
        evidence={"proofs": ["SIM卡可用"]},
        approval={"by_no": "2001", "at": "2026-11-22T02:10:00.000000Z"},
    )
    events = [
        desk1.next("transfer.opened", opened),
        desk1.next("transfer.evidence_attached", transfer_state(
            OTHER_DESK, transfer_id, **attached, updated_at="2026-11-22T02:10:00.000000Z")),
        desk1.next("transfer.completed", transfer_state(
            OTHER_DESK, transfer_id, "已完成", **attached, documents=documents,
            completed_at="2026-11-22T02:30:00.000000Z", updated_at="2026-11-22T02:30:00.000000Z")),
    ]  # fmt: skip
    result = apply(events, ctx, cursor=3)
    assert (result.applied, result.dead) == (3, 0)
    row = Transfer.get_by_id(transfer_id)
    assert (row.desk_code, row.hall_code, row.state, row.kind) == (
        OTHER_DESK,
        HALL,
        "已完成",
        "过户",
    )
    assert json.loads(row.parties) == opened["parties"]
    assert json.loads(row.documents) == documents
    assert json.loads(row.evidence) == {"proofs": ["SIM卡可用"]}
    assert json.loads(row.approval)["by_no"] == "2001"
    assert row.completed_at is not None and row.opened_on == "2020-05-01"
    assert row.number == opened["number"] and row.policy_version == 1
    # The files stay at their desk: nothing of them here.
    assert TransferFile.select().count() == 0 and StoredFile.select().count() == 0

    # The same page again changes nothing.
    again = apply(events, ctx, cursor=3)
    assert (again.duplicate, again.applied) == (3, 0)


def test_a_transfer_is_changed_only_by_its_own_desk_and_never_by_this_desks_echo(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    transfer_id = str(uuid.uuid4())
    desk1 = other_desk()
    apply([desk1.next("transfer.opened", transfer_state(OTHER_DESK, transfer_id))], ctx)
    third = DeskChain("HA01-03")
    hijack = third.next(
        "transfer.abandoned",
        transfer_state("HA01-03", transfer_id, "已放弃", abandoned_reason="客户离开"),
    )
    own = DeskChain(DESK, start_seq=10_000, prev="0" * 64).next(
        "transfer.opened", transfer_state(DESK, str(uuid.uuid4()))
    )
    result = apply([hijack, own], ctx, cursor=3)
    assert (result.quarantined, result.refused) == (1, 1)
    assert result.reasons == {"transfer.not_owner": 1, "desk.own": 1}
    assert Transfer.get_by_id(transfer_id).state == "填写中"
    assert Transfer.select().count() == 1
    assert Event.select().where(Event.id == own["id"]).count() == 0

    # This desk's own transfer (made here) is not changed by another desk's event naming it.
    mine = str(uuid.uuid4())
    with unit_of_work():
        Transfer.insert(
            transfer_row(transfer_state(DESK, mine), {"hall": HALL, "desk": DESK})
        ).execute()
    taken = desk1.next("transfer.completed", transfer_state(OTHER_DESK, mine, "已完成"))
    result = apply([taken], ctx, cursor=4)
    assert result.reasons == {"transfer.not_owner": 1}
    assert (Transfer.get_by_id(mine).desk_code, Transfer.get_by_id(mine).state) == (DESK, "填写中")


def test_a_transfer_that_does_not_make_sense_is_quarantined_with_nothing_applied(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    desk1 = other_desk()
    bad = [
        transfer_state(OTHER_DESK, str(uuid.uuid4()), "审批中"),
        transfer_state(OTHER_DESK, str(uuid.uuid4()), kind="改号"),
        transfer_state(OTHER_DESK, str(uuid.uuid4()), parties="王五"),
        transfer_state(OTHER_DESK, str(uuid.uuid4()), opened_on="去年"),
        transfer_state("HA01-03", str(uuid.uuid4())),
        {k: v for k, v in transfer_state(OTHER_DESK, str(uuid.uuid4())).items() if k != "phone"},
    ]
    result = apply([desk1.next("transfer.updated", state) for state in bad], ctx, cursor=6)
    assert result.quarantined == 6 and result.reasons == {"payload.invalid": 6}
    assert Transfer.select().count() == 0
    assert PullDeadLetter.select().count() == 6
    assert Event.select().where(Event.desk == OTHER_DESK).count() == 6  # kept: the chain is whole


def test_another_desks_record_of_a_full_number_viewed_is_kept(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """``identity.viewed`` (issue 9) from another desk: kept in the log, not a dead letter."""
    seen = other_desk().next(
        "identity.viewed",
        {
            "id": str(uuid.uuid4()),
            "transfer_id": str(uuid.uuid4()),
            "number": "HA01-01-G261122-0001",
            "party": "new_owner",
            "id_type": "居民身份证",
            "viewer_no": "1001",
            "viewer_role": "营业厅店长",
            "viewed_at": "2026-11-22T02:00:00.000000Z",
            "changes": {},
        },
    )
    result = apply([seen], ctx)
    assert (result.kept, result.dead) == (1, 0), result.reasons
    assert Event.select().where(Event.id == seen["id"]).count() == 1
    assert PullDeadLetter.select().count() == 0


def test_a_refused_transfer_event_is_kept_sealed_in_the_dead_letters(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """A pulled ``transfer.*`` event that is refused keeps its envelope (with the parties) sealed;
    the dead-letter list still shows it, opened."""
    from hall_desk.storage import sealed
    from hall_desk.sync import outbox

    event = other_desk().next("transfer.opened", transfer_state(OTHER_DESK, str(uuid.uuid4())))
    event["hash"] = "0" * 64  # refused: the hash does not match
    result = apply([event], ctx)
    assert result.refused == 1
    letter = PullDeadLetter.get()
    assert sealed.is_sealed(letter.envelope) and "110101199003074514" not in letter.envelope
    shown = outbox.pull_dead_letters()
    assert shown[0].envelope["payload"]["parties"]["from"]["id_number"] == "110101199003074514"


def test_exported_dead_letters_carry_no_identity_data(
    hall: dict[str, StaffSession], ctx: DeskContext, tmp_path: Path
) -> None:
    """The export leaves the desk: parties as a purge leaves them, full numbers masked."""
    from hall_desk.sync import outbox

    owner = {
        "id_type": "居民身份证",
        "id_number": "110101199003074514",
        "name": "王五",
        "address": "北京市东城区某街 1 号",
    }
    state = transfer_state(
        OTHER_DESK,
        str(uuid.uuid4()),
        parties={
            "registered_owner": owner,
            "new_owner": {**owner, "name": "赵六", "id_number": "11010119900307803X"},
            "agents": [],
        },
    )
    event = other_desk().next("transfer.opened", state)
    event["hash"] = "0" * 64  # refused: kept as a dead letter
    assert apply([event], ctx).refused == 1
    target = tmp_path / "dead.jsonl"
    assert outbox.export_dead_letters("HA01-02", target) == 1
    text = target.read_text(encoding="utf-8")
    for value in (
        "110101199003074514",
        "11010119900307803X",
        "王五",
        "赵六",
        "北京市东城区某街",
        "13812345678",
    ):
        assert value not in text
    assert "110101********4514" in text and "王*" in text  # what a screen may show anyway
