"""U+0000 in any free text the desk takes is bad input naming the field (``text.nul``), on every
form: complaint intake, refunds, the complaint's lifecycle, transfers, staff, typical cases
(issue 15, finding 8: head office's PostgreSQL cannot store it, so it must never leave the desk)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE
from hall_desk.domain.complaints import EscalationSource, validate_intake
from hall_desk.domain.errors import ErrorCollector, ValidationError, ValidationErrors
from hall_desk.domain.lifecycle import (
    HandlerKind,
    validate_reply,
    validate_transfer,
    validate_upgrade,
)
from hall_desk.domain.policy import Role
from hall_desk.domain.refunds import (
    validate_decision_reason,
    validate_delegation,
    validate_proposal,
)
from hall_desk.domain.staff import validate_staff_name
from hall_desk.domain.text import TEXT_NUL, holds_nul, refuse_nul
from hall_desk.domain.transfers import collect_party
from hall_desk.domain.typical_cases import TypicalCaseDraft, validate_case
from tests.domain.test_complaints import good_draft

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
NUL_TEXT = "陈\x00先生"


def fields_refused(error: ValidationErrors | ValidationError) -> dict[str, str]:
    items = error.errors if isinstance(error, ValidationErrors) else [error]
    return {e.field: e.code for e in items if e.field}


@pytest.mark.parametrize(
    "field",
    ["customer_name", "place", "description", "customer_request", "escalation_reference"],
)
def test_complaint_intake_names_the_field_holding_nul(field: str) -> None:
    draft = good_draft(**{field: NUL_TEXT})
    if field == "escalation_reference":
        draft.escalation_source = EscalationSource.MEDIA.value
    with pytest.raises(ValidationErrors) as error:
        validate_intake(draft, DEFAULT_CATALOGUE, NOW)
    assert fields_refused(error.value) == {field: TEXT_NUL}


def refund(**changes: Any) -> dict[str, Any]:
    fields = {
        "item": "多收的话费", "checked": "已核对账单", "amount": "58.50",
        "account_type": "预付费", "method": "原路退回", "reason": "计费错误",
    }  # fmt: skip
    return {**fields, **changes}


@pytest.mark.parametrize("field", ["item", "checked", "reason"])
def test_a_refund_proposal_names_the_field_holding_nul(field: str) -> None:
    from hall_desk.domain.refunds import AccountType, RefundMethod

    values = refund(**{field: NUL_TEXT})
    values["account_type"] = next(iter(AccountType)).value
    values["method"] = RefundMethod.ACCOUNT.value
    with pytest.raises(ValidationErrors) as error:
        validate_proposal(**values)
    assert fields_refused(error.value) == {field: TEXT_NUL}


def test_refund_decisions_and_delegation_notes_refuse_nul() -> None:
    with pytest.raises(ValidationError) as error:
        validate_decision_reason("超\x00限")
    assert (error.value.field, error.value.code) == ("reason", TEXT_NUL)
    with pytest.raises(ValidationErrors) as errors:
        validate_delegation(Role.SHIFT_LEADER, NOW, NOW + timedelta(days=1), "代\x00批", now=NOW)
    assert fields_refused(errors.value) == {"note": TEXT_NUL}


def test_the_complaint_lifecycle_refuses_nul() -> None:
    with pytest.raises(ValidationErrors) as error:
        validate_reply("已\x00退费", "电话", NOW, accepted_at=NOW - timedelta(days=1), now=NOW)
    assert fields_refused(error.value) == {"content": TEXT_NUL}
    with pytest.raises(ValidationErrors) as error:
        validate_transfer(HandlerKind.HEAD_OFFICE.value, "", "请\x00核实")
    assert fields_refused(error.value) == {"note": TEXT_NUL}
    with pytest.raises(ValidationErrors) as error:
        validate_upgrade(EscalationSource.MIIT.value, "工信\x00部")
    assert fields_refused(error.value) == {"escalation_reference": TEXT_NUL}


def test_a_transfer_party_and_a_staff_name_refuse_nul() -> None:
    errors = ErrorCollector()
    collect_party(
        errors,
        "new_owner",
        id_type="护照",
        id_number="E12345678",
        name="李\x00四",
        address="人民路 1 号\x00",
    )
    assert {(e.field, e.code) for e in errors.errors} == {
        ("new_owner.name", TEXT_NUL),
        ("new_owner.address", TEXT_NUL),
    }
    with pytest.raises(ValidationError) as error:
        validate_staff_name("王\x00五")
    assert (error.value.field, error.value.code) == ("name", TEXT_NUL)


def test_a_typical_case_refuses_nul() -> None:
    draft = TypicalCaseDraft(
        title="多扣\x00话费", main_class="电信资费", sub_class="资费争议/乱收费",
        background="背景", handling="处理", lessons="经验",
    )  # fmt: skip
    with pytest.raises(ValidationErrors) as error:
        validate_case(draft, DEFAULT_CATALOGUE)
    assert fields_refused(error.value).get("title") == TEXT_NUL


def test_the_helpers() -> None:
    assert holds_nul("a\x00") and not holds_nul("a") and not holds_nul(None)
    refuse_nul("fine", "x")
    with pytest.raises(ValidationError) as error:
        refuse_nul("\x00", "x")
    assert (error.value.code, error.value.field) == (TEXT_NUL, "x")
