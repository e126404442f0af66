"""过户 through the services on a real store: a transfer kept from its first save, the approver and
the second witness proven here, signatures cleared by a change, completion that certifies and
stores the agreements with their SHA-256 in the event, and verification when a file is opened."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from hall_desk.domain.errors import AuthenticationError, PermissionDenied, ValidationErrors
from hall_desk.domain.transfers import (
    PartyRole,
    TopUpInvoice,
    TransferRefusals,
    TransferRefused,
    TransferState,
)
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import (
    AGREEMENT_CUSTOMER,
    AGREEMENT_HALL,
    PROFILE_HALL,
    TransferForm,
    approve_exceptional,
    attach_evidence,
    complete_transfer,
    open_document,
    open_transfer,
    ready_to_open,
    sign_as_clerk,
    sign_as_customer,
    sign_as_second_witness,
    update_transfer,
)
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Event, StoredFile, Transfer
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png

NEW_OWNER = {
    "id_type": "居民身份证",
    "id_number": "110101199003071233",
    "name": "李四",
    "address": "北京市东城区某街1号",
}
OWNER = {
    "id_type": "居民身份证",
    "id_number": "310104198512250047",
    "name": "张三",
    "address": "上海市徐汇区某路2号",
}
PDF_SCAN = b"%PDF-1.4\n% a scanned invoice\n"


def normal_form(**changes: Any) -> TransferForm:
    form = TransferForm(
        kind="过户",
        phone="138 0013 8000",
        account_type="预付费",
        opened_on=date(2026, 9, 1),
        opened_checked_where="BOSS 客户信息页",
        new_owner=dict(NEW_OWNER),
        registered_owner=dict(OWNER),
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


def special_form(**changes: Any) -> TransferForm:
    return normal_form(kind="特殊过户", registered_owner=None, **changes)


def events(type: str) -> list[dict[str, Any]]:
    return [
        json.loads(e.plain_payload)
        for e in Event.select().where(Event.type == type).order_by(Event.seq)
    ]


def test_a_normal_transfer_from_first_save_to_certified_agreements(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    assert view.state is TransferState.FILLING and view.phone == "13800138000"
    assert view.number.startswith("HA01-02-G261122-")
    assert [r.code for r in view.eligibility.refusals] == ["transfer.signature_missing"] * 3
    for who in (PartyRole.REGISTERED_OWNER, PartyRole.NEW_OWNER):
        sign_as_customer(ctx, clerk, view.id, who, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png(300, 100))
    done = complete_transfer(ctx, clerk, view.id)

    assert done.state is TransferState.COMPLETED
    assert {d.role for d in done.documents} == {AGREEMENT_HALL, AGREEMENT_CUSTOMER}
    assert done.paper_kept_until == "2051-11-22"  # basic business: 25 years
    completed = events("transfer.completed")[-1]
    for document in done.documents:
        stored = StoredFile.get_by_id(document.sha256)
        assert hashlib.sha256(bytes(stored.content)).hexdigest() == document.sha256
        assert stored.upload  # the final PDFs go to head office
        assert document.sha256 in {d["sha256"] for d in completed["documents"]}
        reader = hall["manager"] if document.role == AGREEMENT_HALL else clerk  # full numbers
        opened = open_document(ctx, reader, view.id, document.role)
        assert opened.ok, opened.code
    assert completed["retention_class"] == "基础业务"
    assert completed["state"] == "已完成"


def test_one_changed_byte_in_a_stored_agreement_is_reported(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    for who in (PartyRole.REGISTERED_OWNER, PartyRole.NEW_OWNER):
        sign_as_customer(ctx, clerk, view.id, who, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png())
    done = complete_transfer(ctx, clerk, view.id)
    sha = next(d.sha256 for d in done.documents if d.role == AGREEMENT_HALL)
    content = bytearray(StoredFile.get_by_id(sha).content)
    content[len(content) // 2] ^= 0x01
    with unit_of_work():
        StoredFile.update(sealed_content=StoredFile.sealed(sha, bytes(content))).where(
            StoredFile.sha256 == sha
        ).execute()
    opened = open_document(ctx, hall["manager"], view.id, AGREEMENT_HALL)
    assert not opened.ok and opened.code == "document.altered"
    assert open_document(ctx, clerk, view.id, AGREEMENT_CUSTOMER).ok


def test_opening_a_hall_copy_is_an_audited_view_of_full_identity_numbers(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    for who in (PartyRole.REGISTERED_OWNER, PartyRole.NEW_OWNER):
        sign_as_customer(ctx, clerk, view.id, who, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png())
    complete_transfer(ctx, clerk, view.id)
    assert events("document.viewed") == []
    open_document(ctx, clerk, view.id, AGREEMENT_CUSTOMER)  # masked: no full number seen
    assert events("document.viewed") == []
    for someone in ("clerk2", "leader"):  # the hall copy (full numbers): not for others
        with pytest.raises(PermissionDenied) as refused:
            open_document(ctx, hall[someone], view.id, AGREEMENT_HALL)
        assert refused.value.code == "identity.view_denied"
    assert events("document.viewed") == []
    # The clerk who handled it prints the hall's paper copy that day, recorded like any view ...
    assert open_document(ctx, clerk, view.id, AGREEMENT_HALL).ok
    assert len(events("document.viewed")) == 1
    ctx.clock.advance(hours=16)  # ... but not the next day (Shanghai): then store managers only
    with pytest.raises(PermissionDenied):
        open_document(ctx, clerk, view.id, AGREEMENT_HALL)
    assert len(events("document.viewed")) == 1
    open_document(ctx, hall["manager"], view.id, AGREEMENT_HALL)
    seen = events("document.viewed")[1:]
    assert len(seen) == 1
    assert seen[0]["kind"] == AGREEMENT_HALL and seen[0]["entity_id"] == view.id
    assert seen[0]["full_identity"] is True
    actors = [
        e.actor for e in Event.select().where(Event.type == "document.viewed").order_by(Event.seq)
    ]
    assert actors == ["3001", "1001"]
    last = Event.select().where(Event.type == "document.viewed").order_by(Event.seq.desc()).get()
    assert "110101199003071233" not in last.payload  # the event names the record, not the number


def test_a_special_transfer_with_evidence_and_a_second_witness(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, special_form(sim_working=True, password_verified=True))
    assert "transfer.evidence_missing" in view.eligibility.codes()
    attach_evidence(ctx, clerk, view.id, "SIM 卡照片.pdf", PDF_SCAN)
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png())
    with pytest.raises(AuthenticationError):
        sign_as_second_witness(
            ctx, clerk, view.id, staff_no="2001", password="wrong", png=signature_png()
        )
    with pytest.raises(TransferRefused) as caught:  # a clerk is no second witness
        sign_as_second_witness(
            ctx, clerk, view.id, staff_no="3002", password=PASSWORDS["3002"], png=signature_png()
        )
    assert caught.value.code == "transfer.witness_role"
    with pytest.raises(TransferRefused) as caught:  # nor is the clerk who signed
        sign_as_second_witness(
            ctx, clerk, view.id, staff_no="3001", password=PASSWORDS["3001"], png=signature_png()
        )
    assert caught.value.code in ("transfer.witness_role", "transfer.same_witness")
    sign_as_second_witness(
        ctx, clerk, view.id, staff_no="2001", password=PASSWORDS["2001"], png=signature_png()
    )
    done = complete_transfer(ctx, clerk, view.id)
    assert {d.role for d in done.documents} >= {AGREEMENT_HALL, PROFILE_HALL}
    assert len(done.documents) == 4
    assert events("transfer.signed")[-1]["signatures"]["second_witness"]["signer_no"] == "2001"
    assert StoredFile.get_by_id(hashlib.sha256(PDF_SCAN).hexdigest()).upload
    assert events("transfer.completed")[-1]["files"][0]["name"] == "SIM 卡照片.pdf"


def test_the_same_leader_cannot_be_both_witnesses(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    leader = hall["leader"]
    view = open_transfer(ctx, leader, special_form(sim_working=True, password_verified=True))
    sign_as_clerk(ctx, leader, view.id, signature_png())
    with pytest.raises(TransferRefused) as caught:
        sign_as_second_witness(
            ctx, leader, view.id, staff_no="2001", password=PASSWORDS["2001"], png=signature_png()
        )
    assert caught.value.code == "transfer.same_witness"


def test_invoices_alone_need_a_store_managers_authenticated_approval(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    invoices = [TopUpInvoice(date(2026, m, 1), False) for m in (9, 10, 11)]
    view = open_transfer(ctx, clerk, special_form(invoices=invoices))
    assert view.needs_exceptional_approval
    with pytest.raises(TransferRefused) as caught:  # a shift leader may not approve
        approve_exceptional(
            ctx,
            clerk,
            view.id,
            approver_no="2001",
            approver_password=PASSWORDS["2001"],
            reason="客户出差",
            recent_usage_checked=True,
            plan_checked=True,
        )
    assert caught.value.code == "transfer.approval_role"
    with pytest.raises(TransferRefusals) as refused:  # the checks were not made
        approve_exceptional(
            ctx,
            clerk,
            view.id,
            approver_no="1001",
            approver_password=PASSWORDS["1001"],
            reason="客户出差",
            recent_usage_checked=True,
            plan_checked=False,
        )
    assert "transfer.approval_checks" in [r.code for r in refused.value.refusals]
    approved = approve_exceptional(
        ctx,
        clerk,
        view.id,
        approver_no="1001",
        approver_password=PASSWORDS["1001"],
        reason="原机主已故，近三月充值与通话记录一致",
        recent_usage_checked=True,
        plan_checked=True,
    )
    assert not approved.needs_exceptional_approval
    assert approved.approval and approved.approval["approver_no"] == "1001"
    assert events("transfer.approved")[-1]["approval"]["reason"].startswith("原机主已故")


def test_changing_the_data_clears_the_signatures_given_for_it(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    same = update_transfer(ctx, clerk, view.id, normal_form())
    assert "new_owner" in same.signatures  # nothing changed: nothing cleared
    changed = update_transfer(
        ctx, clerk, view.id, normal_form(new_owner={**NEW_OWNER, "address": "北京市东城区某街2号"})
    )
    assert changed.signatures == {}
    assert json.loads(Transfer.get_by_id(view.id).parties)["new_owner"]["address"].endswith("2号")


def test_a_young_account_is_refused_at_completion_and_every_field_is_named(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    with pytest.raises(ValidationErrors) as caught:
        open_transfer(
            ctx, clerk, normal_form(phone="12", new_owner={**NEW_OWNER, "id_number": "1101"})
        )
    assert {"phone", "new_owner.id_number"} <= set(caught.value.fields())
    assert Transfer.select().count() == 0
    view = open_transfer(ctx, clerk, normal_form(opened_on=date(2026, 11, 1)))
    refusal = next(r for r in view.eligibility.refusals if r.code == "transfer.account_too_young")
    assert refusal.params["eligible_on"] == "2026-12-02"
    with pytest.raises(TransferRefusals):
        complete_transfer(ctx, clerk, view.id)


def test_without_a_keyring_no_transfer_is_opened(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    keyring.set_keyring(FailKeyring())
    with pytest.raises(TransferRefused) as caught:
        open_transfer(ctx, hall["clerk"], normal_form())
    assert caught.value.code == "transfer.keyring_unavailable"
    assert Transfer.select().count() == 0


def test_whether_a_transfer_can_be_opened_is_known_before_anything_is_typed(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    ready_to_open(ctx, hall["clerk"])  # the in-memory keyring: the keys are made, nothing else
    assert Transfer.select().count() == 0
    assert Event.select().where(Event.type.startswith("transfer.")).count() == 0
    keyring.set_keyring(FailKeyring())
    with pytest.raises(TransferRefused) as caught:
        ready_to_open(ctx, hall["clerk"])
    assert caught.value.code == "transfer.keyring_unavailable"
