"""资料保存期限 through the services on a real SQLite file: the clock moved on by years, what is due
listed for the store manager, nothing purged that head office has not confirmed, the purge gone
from the file's bytes, one event, and the audit chain still whole with its redactions named."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.retention import PURGED, Part
from hall_desk.domain.transfers import PartyRole
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.retention import due_records, purge_records
from hall_desk.services.transfers import (
    AGREEMENT_HALL,
    abandon_transfer,
    attach_evidence,
    complete_transfer,
    get_transfer,
    open_document,
    open_transfer,
    sign_as_clerk,
    sign_as_customer,
)
from hall_desk.storage.db import close_store, open_store, unit_of_work
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import (
    Event,
    RetentionPurge,
    SignaturePrint,
    StoredFile,
    SyncDelivery,
    SyncState,
    Transfer,
    TransferFile,
)
from tests.documents.samples import signature_png
from tests.services.test_transfers_service import (
    NEW_OWNER,
    OWNER,
    PDF_SCAN,
    normal_form,
    special_form,
)
from tests.sync.fixtures import DESK

# T0 is 2026-11-22 10:00 in Beijing: a transfer completed then is kept until 2028-11-22 (local).
LAST_DAY_2Y = datetime(2028, 11, 22, 15, 59, tzinfo=UTC)  # 23:59 Beijing, the last day
FIRST_DUE_2Y = datetime(2028, 11, 22, 16, 0, tzinfo=UTC)  # 00:00 Beijing, the day after


def completed_transfer(
    ctx: DeskContext,
    clerk: StaffSession,
    clerk_signature: bytes = signature_png(300, 100),
    **form: object,
) -> str:
    view = open_transfer(ctx, clerk, normal_form(**form))
    for who in (PartyRole.REGISTERED_OWNER, PartyRole.NEW_OWNER):
        sign_as_customer(ctx, clerk, view.id, who, signature_png())
    sign_as_clerk(ctx, clerk, view.id, clerk_signature)
    return complete_transfer(ctx, clerk, view.id).id


def head_office_holds_everything(at: datetime) -> None:
    """What a sync round leaves behind when head office stored every event and received every
    file (the live round is in tests/sync/test_retention_sync.py)."""
    with unit_of_work():
        rows = list(Event.select(Event.seq, Event.id).where(Event.desk == DESK))
        for row in rows:
            SyncDelivery.insert(
                seq=row.seq, event_id=row.id, outcome="stored", answered_at=at
            ).on_conflict_ignore().execute()
        SyncState.update(answered_through=max(r.seq for r in rows)).execute()
        StoredFile.update(uploaded_at=at).where(StoredFile.upload == True).execute()  # noqa: E712


def file_bytes(store: Path) -> bytes:
    data = store.read_bytes()
    wal = store.with_name(store.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_nothing_is_due_until_the_day_after_and_unconfirmed_records_are_not_purged(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    manager = hall["manager"]
    transfer_id = completed_transfer(ctx, hall["clerk"])
    assert due_records(ctx, manager) == []
    clock.set(LAST_DAY_2Y)
    assert due_records(ctx, manager) == []
    clock.set(FIRST_DUE_2Y)
    [item] = due_records(ctx, manager)
    assert (item.transfer_id, item.part, item.kept_until.isoformat()) == (
        transfer_id,
        Part.REGISTERED_OWNER,
        "2028-11-22",
    )
    assert item.masked_phone == "138****8000" and item.record_type == "过户"
    assert not item.confirmed  # head office has not answered for its events
    with pytest.raises(ValidationError) as refused:
        purge_records(ctx, manager, [item.key])
    assert refused.value.code == "retention.not_confirmed"
    assert OWNER["id_number"] in Transfer.get_by_id(transfer_id).parties
    # Events acknowledged but one file not received yet: still waiting.
    head_office_holds_everything(clock.now())
    pdf = StoredFile.select().where(StoredFile.upload == True).first()  # noqa: E712
    StoredFile.update(uploaded_at=None).where(StoredFile.sha256 == pdf.sha256).execute()
    [item] = due_records(ctx, manager)
    assert not item.confirmed and item.held.files_waiting == 1
    head_office_holds_everything(clock.now())
    [item] = due_records(ctx, manager)
    assert item.confirmed
    # Not due is refused too, and a purge of nothing.
    with pytest.raises(ValidationError) as refused:
        purge_records(ctx, manager, [(transfer_id, Part.NEW_OWNER)])
    assert refused.value.code == "retention.not_due"
    with pytest.raises(ValidationError) as refused:
        purge_records(ctx, manager, [])
    assert refused.value.code == "retention.nothing_chosen"
    assert Event.select().where(Event.type == "retention.purged").count() == 0


def test_a_purge_removes_the_values_from_the_file_writes_one_event_and_keeps_the_chain_whole(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, store: Path
) -> None:
    manager = hall["manager"]
    transfer_id = completed_transfer(ctx, hall["clerk"])
    clock.set(FIRST_DUE_2Y)
    head_office_holds_everything(clock.now())
    held = json.loads(Transfer.get_by_id(transfer_id).parties)["registered_owner"]
    assert held["id_number"] == OWNER["id_number"]  # held before the purge (sealed at rest)
    close_store()
    assert OWNER["id_number"].encode() not in file_bytes(store)  # never in clear in the file
    open_store(store)
    transfer_events = Event.select().where(Event.type.startswith("transfer.")).count()

    result = purge_records(ctx, manager, [(transfer_id, Part.REGISTERED_OWNER)])

    assert (result.records, result.parts, result.files) == (1, 1, 0)
    assert result.events_redacted == transfer_events  # each carried the registered owner
    row = Transfer.get_by_id(transfer_id)
    parties = json.loads(row.parties)
    assert parties["registered_owner"] == {
        "id_type": "居民身份证",
        "id_number": "310104********0047",
        "name": "张*",
        "address": PURGED,
    }
    assert parties["new_owner"] == NEW_OWNER  # the new owner's service goes on
    assert json.loads(row.signatures)["registered_owner"]["signer_name"] == "张*"
    shown = get_transfer(ctx, hall["clerk"], transfer_id)  # the transfer still opens
    assert shown.draft.registered_owner is not None
    assert (shown.draft.registered_owner.id_number, shown.draft.registered_owner.name) == (
        "310104********0047",
        "张*",
    )
    [purge] = Event.select().where(Event.type == "retention.purged")
    assert purge.id == result.event_id and purge.actor == "1001"
    payload = json.loads(purge.payload)
    [record] = payload["records"]
    assert (record["id"], record["parts"], record["kept_until"]) == (
        transfer_id,
        ["registered_owner"],
        {"registered_owner": "2028-11-22"},
    )
    for value in (OWNER["id_number"], OWNER["name"], OWNER["address"], NEW_OWNER["id_number"]):
        assert value not in purge.payload
    redacted = list(Event.select().where(Event.redacted_by == purge.id))
    assert len(redacted) == transfer_events == len(payload["redacted"])
    for event in redacted:  # opened (sealed at rest): the purged values gone, the rest kept
        text = event.plain_payload
        assert OWNER["id_number"] not in text and OWNER["address"] not in text
        assert NEW_OWNER["id_number"] in text
    assert RetentionPurge.get_by_id((transfer_id, "registered_owner")).event_id == purge.id
    # Gone from the file's bytes, its WAL included, with the store still open (secure_delete, the
    # WAL folded); the rest still there.
    raw = file_bytes(store)
    assert OWNER["id_number"].encode() not in raw
    assert OWNER["address"].encode() not in raw
    report = verify_desk_chain(DESK)
    assert report.intact, report.reason
    assert {event_id for _, event_id, _ in report.redacted} == {e.id for e in redacted}
    assert {by for _, _, by in report.redacted} == {purge.id}
    # Listed no more; a second purge of the same is refused.
    assert due_records(ctx, manager) == []
    with pytest.raises(ValidationError):
        purge_records(ctx, manager, [(transfer_id, Part.REGISTERED_OWNER)])


def test_the_new_owner_is_purged_after_the_number_changes_hands_again_then_the_files(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, store: Path
) -> None:
    manager, clerk = hall["manager"], hall["clerk"]
    first = completed_transfer(ctx, clerk, clerk_signature=signature_png(320, 100))
    clock.advance(days=365)  # 2027-11-22: the same number transferred again
    second = completed_transfer(
        ctx,
        clerk,
        registered_owner=dict(NEW_OWNER),
        new_owner={**OWNER, "id_number": "11010519491231002X", "name": "赵六"},
    )
    clock.set(datetime(2029, 11, 22, 15, 59, tzinfo=UTC))
    assert {(r.transfer_id, r.part) for r in due_records(ctx, manager)} == {
        (first, Part.REGISTERED_OWNER)
    }
    clock.advance(minutes=1)
    assert {(r.transfer_id, r.part) for r in due_records(ctx, manager)} == {
        (first, Part.REGISTERED_OWNER),
        (first, Part.NEW_OWNER),
        (second, Part.REGISTERED_OWNER),
    }
    head_office_holds_everything(clock.now())
    purge_records(ctx, manager, [(first, Part.REGISTERED_OWNER)])
    later = purge_records(ctx, manager, [(first, Part.NEW_OWNER)])  # a second purge, later
    parties = json.loads(Transfer.get_by_id(first).parties)
    assert parties["new_owner"]["address"] == PURGED
    assert parties["registered_owner"]["address"] == PURGED
    assert {
        e.redacted_by
        for e in Event.select().where(Event.type.startswith("transfer."))
        if json.loads(e.payload)["id"] == first
    } == {later.event_id}
    assert verify_desk_chain(DESK).intact

    # 25 years after signing, the agreements and the images they were drawn from.
    clock.set(datetime(2051, 11, 22, 16, 0, tzinfo=UTC))
    due = {(r.transfer_id, r.part) for r in due_records(ctx, manager)}
    assert (first, Part.FILES) in due and (second, Part.FILES) not in due
    files = list(TransferFile.select().where(TransferFile.transfer_id == first))
    pdf = bytes(
        StoredFile.get_by_id(next(f.sha256 for f in files if f.role == AGREEMENT_HALL)).content
    )
    result = purge_records(ctx, manager, [(first, Part.FILES)])
    assert result.files == len(files) == 5  # 2 PDFs, 3 signatures
    assert TransferFile.select().where(TransferFile.transfer_id == first).count() == 0
    # The same signature image bytes are the second transfer's too (stored once): kept for it.
    shared = {f.sha256 for f in TransferFile.select().where(TransferFile.transfer_id == second)}
    mine = {f.sha256 for f in files}
    assert mine - shared and mine & shared
    assert not StoredFile.select().where(StoredFile.sha256.in_(list(mine - shared))).exists()
    assert StoredFile.select().where(StoredFile.sha256.in_(list(mine & shared))).count() == len(
        mine & shared
    )
    # A signature's print rendition (issue 22) goes with its image, and stays while the image does.
    signed = {f.sha256 for f in files if f.role.startswith("signature.")}
    assert signed - shared and signed & shared
    assert (
        not SignaturePrint.select().where(SignaturePrint.sha256.in_(list(mine - shared))).exists()
    )
    assert SignaturePrint.select().where(
        SignaturePrint.sha256.in_(list(signed & shared))
    ).count() == (len(signed & shared))
    purge = json.loads(Event.get_by_id(result.event_id).payload)
    assert {f["sha256"] for f in purge["records"][0]["files"]} == {f.sha256 for f in files}
    assert all(set(f) == {"role", "sha256", "size"} for f in purge["records"][0]["files"])
    assert open_document(ctx, manager, first, AGREEMENT_HALL).code == "document.missing"
    assert pdf[len(pdf) // 2 : len(pdf) // 2 + 200] not in file_bytes(store)
    assert verify_desk_chain(DESK).intact


def test_an_abandoned_transfer_is_purged_whole_two_years_after(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, store: Path
) -> None:
    manager, clerk = hall["manager"], hall["clerk"]
    view = open_transfer(ctx, clerk, special_form(sim_working=True, password_verified=True))
    attach_evidence(ctx, clerk, view.id, "李四身份证复印件.pdf", PDF_SCAN)
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    abandon_transfer(ctx, clerk, view.id, "客户改变主意")
    clock.set(LAST_DAY_2Y)
    assert due_records(ctx, manager) == []
    clock.set(FIRST_DUE_2Y)
    head_office_holds_everything(clock.now())
    items = due_records(ctx, manager)
    # a 特殊过户 takes no identity of the registered owner: the new owner's and the files
    assert {i.part for i in items} == {Part.NEW_OWNER, Part.FILES}
    assert all(i.confirmed for i in items)
    result = purge_records(ctx, manager, [i.key for i in items])
    assert (result.records, result.parts, result.files) == (1, 2, 2)
    parties = json.loads(Transfer.get_by_id(view.id).parties)
    assert parties["new_owner"]["address"] == PURGED
    assert TransferFile.select().where(TransferFile.transfer_id == view.id).count() == 0
    # The evidence file's typed name (it names the customer) is gone from the events too.
    for event in Event.select().where(Event.type.startswith("transfer.")):
        assert "李四" not in event.payload and NEW_OWNER["id_number"] not in event.payload
    assert "李四" not in Event.get_by_id(result.event_id).payload
    assert "李四身份证".encode() not in file_bytes(store)
    assert PDF_SCAN not in file_bytes(store)
    assert verify_desk_chain(DESK).intact
    assert due_records(ctx, manager) == []


def test_another_desks_transfers_are_not_listed_here(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    transfer_id = completed_transfer(ctx, hall["clerk"])
    with unit_of_work():
        Transfer.update(desk_code="HA01-03").where(Transfer.id == transfer_id).execute()
    clock.advance(days=3 * 365)
    assert due_records(ctx, hall["manager"]) == []


def test_everything_is_checked_again_inside_the_purge(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    transfer_id = completed_transfer(ctx, hall["clerk"])
    clock.set(FIRST_DUE_2Y)
    head_office_holds_everything(clock.now())
    [item] = due_records(ctx, hall["manager"])
    clock.set(FIRST_DUE_2Y - timedelta(days=1))  # the list was stale: not due at this moment
    with pytest.raises(ValidationError) as refused:
        purge_records(ctx, hall["manager"], [item.key])
    assert refused.value.code == "retention.not_due"
    assert RetentionPurge.select().count() == 0
    assert OWNER["id_number"] in Transfer.get_by_id(transfer_id).parties
