"""A transfer made through the service reaches head office whole: its events applied (not
quarantined), its evidence and its certified agreements received with the SHA-256 the completion
event names — and the signature images not at all."""

from __future__ import annotations

import hashlib
import json

from hall_desk.domain.transfers import PartyRole
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import (
    attach_evidence,
    complete_transfer,
    open_transfer,
    sign_as_clerk,
    sign_as_customer,
    sign_as_second_witness,
)
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png
from tests.hq.live import LiveHQ
from tests.services.test_transfers_service import PDF_SCAN, special_form
from tests.sync.fixtures import DESK, HALL


def test_a_special_transfer_arrives_with_its_files(
    hall: dict[str, StaffSession], ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, special_form(sim_working=True, password_verified=True))
    attach_evidence(ctx, clerk, view.id, "发票扫描.pdf", PDF_SCAN)
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png())
    sign_as_second_witness(
        ctx, clerk, view.id, staff_no="2001", password=PASSWORDS["2001"], png=signature_png()
    )
    done = complete_transfer(ctx, clerk, view.id)

    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.files_sent == 1 + len(done.documents)

    store = hq.store()
    try:
        held = {f["sha256"] for f in store.files_of(HALL)}
        state = store._db.execute(
            "SELECT full_state FROM entity_state WHERE kind = 'transfer' AND entity_id = ?",
            (view.id,),
        ).fetchone()
        quarantined = store.quarantined(DESK)
    finally:
        store.close()
    assert quarantined == []
    full = json.loads(state[0])
    assert full["state"] == "已完成"
    assert {d["sha256"] for d in full["documents"]} <= held
    assert hashlib.sha256(PDF_SCAN).hexdigest() in held
    assert not {s["sha256"] for s in full["signatures"].values()} & held


def test_head_office_gets_the_identity_data_in_clear_and_the_record_of_who_looked(
    hall: dict[str, StaffSession], ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    """Issue 9: sealed at rest on the desk, the parties still reach head office (the authoritative
    record) over the sync channel as they were typed; ``identity.viewed`` is applied, not
    quarantined, and carries no number."""
    from hall_desk.services.transfers import reveal_id_number
    from hall_desk.storage.models import Event
    from tests.services.test_transfers_service import NEW_OWNER

    view = open_transfer(ctx, hall["clerk"], special_form())
    assert reveal_id_number(ctx, hall["clerk"], view.id, "new_owner") == NEW_OWNER["id_number"]
    assert (
        NEW_OWNER["id_number"]
        not in Event.select().where(Event.type == "transfer.opened").get().payload
    )
    report = sync.sync_now(ctx)
    assert report.ok, report.error

    store = hq.store()
    try:
        transfer = store._db.execute(
            "SELECT full_state FROM entity_state WHERE kind = 'transfer' AND entity_id = ?",
            (view.id,),
        ).fetchone()
        viewed = store._db.execute(
            "SELECT full_state FROM entity_state WHERE kind = 'identity'"
        ).fetchall()
        quarantined = store.quarantined(DESK)
    finally:
        store.close()
    assert quarantined == []
    assert json.loads(transfer[0])["parties"]["new_owner"] == NEW_OWNER
    assert len(viewed) == 1
    seen = json.loads(viewed[0][0])
    assert seen["transfer_id"] == view.id and seen["party"] == "new_owner"
    assert NEW_OWNER["id_number"] not in viewed[0][0]


def test_without_the_field_key_the_upload_stops_with_the_reason_and_resumes_with_it(
    hall: dict[str, StaffSession], ctx: DeskContext, registered: str, hq: LiveHQ
) -> None:
    """A sealed transfer event cannot be opened for upload without the key: the round stops with
    the typed reason (shown in the sync panel), nothing is sent half, and with the key back the
    events go as they were."""
    import keyring

    from hall_desk import credentials
    from hall_desk.storage import sealed

    view = open_transfer(ctx, hall["clerk"], special_form())
    key = keyring.get_password(credentials.FIELD_SERVICE, DESK)
    keyring.delete_password(credentials.FIELD_SERVICE, DESK)
    sealed.forget_key()
    report = sync.sync_now(ctx)
    assert not report.ok and report.error is not None
    assert report.error.code == "identity.key_missing"
    assert sync.queue_status().waiting >= 1  # still waiting, not lost

    keyring.set_password(credentials.FIELD_SERVICE, DESK, key)
    sealed.forget_key()
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    store = hq.store()
    try:
        held = store._db.execute(
            "SELECT count(*) FROM entity_state WHERE kind = 'transfer' AND entity_id = ?",
            (view.id,),
        ).fetchone()[0]
    finally:
        store.close()
    assert held == 1
