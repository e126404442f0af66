"""过户 eligibility without a store: account age, the proofs of a 特殊过户, the exceptional
approval, the witnesses — every refusal at once, each saying what would satisfy it."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from hall_desk.domain.errors import ErrorCollector, ValidationError, ValidationErrors
from hall_desk.domain.policy import DEFAULT_POLICY, Policy, Role
from hall_desk.domain.transfers import (
    AccountType,
    Eligibility,
    ExceptionalApproval,
    IdType,
    PartyIdentity,
    Proof,
    Signatures,
    SpecialEvidence,
    StaffSigner,
    TopUpInvoice,
    TransferDraft,
    TransferKind,
    TransferRefusals,
    check_conditions,
    check_eligibility,
    collect_party,
    eligible_from,
    identity_kept_until,
    invoice_window,
    paper_kept_until,
    validate_party,
)

NOW = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)  # 10:00 on 29 November in Beijing
OLD = date(2025, 1, 1)
NEW_OWNER = PartyIdentity(IdType.RESIDENT_ID, "110101199003071233", "李四", "北京市东城区某街1号")
OWNER = PartyIdentity(IdType.RESIDENT_ID, "310104198512250047", "张三", "上海市徐汇区某路2号")
CLERK = StaffSigner("C001", Role.CLERK)
LEADER = StaffSigner("L001", Role.SHIFT_LEADER)
MANAGER = StaffSigner("M001", Role.STORE_MANAGER)


def month(year: int, number: int, fixed: bool = False) -> TopUpInvoice:
    return TopUpInvoice(date(year, number, 1), fixed)


THREE_MONTHS = (month(2026, 9), month(2026, 10), month(2026, 11))
APPROVAL = ExceptionalApproval(
    "M001",
    Role.STORE_MANAGER,
    "客户出差，原机主已故，近三月充值与通话记录一致",
    recent_usage_checked=True,
    plan_checked=True,
)


def special(**changes: object) -> TransferDraft:
    draft = TransferDraft(
        kind=TransferKind.SPECIAL,
        account_type=AccountType.PREPAID,
        opened_on=OLD,
        new_owner=NEW_OWNER,
        evidence=SpecialEvidence(sim_working=True, password_verified=True),
        signatures=Signatures(new_owner=True, clerk=CLERK, second_witness=LEADER),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def normal(**changes: object) -> TransferDraft:
    draft = TransferDraft(
        kind=TransferKind.NORMAL,
        account_type=AccountType.POSTPAID,
        opened_on=OLD,
        new_owner=NEW_OWNER,
        registered_owner=OWNER,
        signatures=Signatures(new_owner=True, registered_owner=True, clerk=CLERK),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def evidence(sim: bool = False, password: bool = False, *invoices: TopUpInvoice) -> SpecialEvidence:
    return SpecialEvidence(sim, password, tuple(invoices))


def refusal(result: Eligibility, code: str) -> dict[str, object]:
    found = [r for r in result.refusals if r.code == code]
    assert len(found) == 1, result.codes()
    return found[0].params


def test_complete_transfers_of_both_kinds_are_eligible() -> None:
    for draft in (normal(), special()):
        result = check_eligibility(draft, DEFAULT_POLICY, NOW)
        assert result.ok and result.refusals == ()
        result.raise_if_refused()


# -- account age ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("account_type", "days", "ok"),
    [
        (AccountType.PREPAID, 30, False),
        (AccountType.PREPAID, 31, True),
        (AccountType.POSTPAID, 90, False),
        (AccountType.POSTPAID, 91, True),
    ],
)
def test_open_longer_than_30_or_90_days(account_type: AccountType, days: int, ok: bool) -> None:
    today = date(2026, 11, 29)
    opened = date.fromordinal(today.toordinal() - days)
    result = check_eligibility(
        normal(account_type=account_type, opened_on=opened), DEFAULT_POLICY, NOW
    )
    assert result.ok is ok
    needed = 30 if account_type is AccountType.PREPAID else 90
    assert result.eligible_on == date.fromordinal(opened.toordinal() + needed + 1)
    if not ok:
        assert refusal(result, "transfer.account_too_young") == {
            "days": days,
            "needed": needed,
            "eligible_on": result.eligible_on.isoformat(),
        }


def test_the_day_turns_at_midnight_beijing_time() -> None:
    draft = special(opened_on=date(2026, 10, 1))  # pre-paid: eligible from 1 November
    assert eligible_from(date(2026, 10, 1), AccountType.PREPAID, DEFAULT_POLICY) == date(
        2026, 11, 1
    )
    last_second = datetime(2026, 10, 31, 15, 59, 59, tzinfo=UTC)  # 23:59:59 on 31 October
    midnight = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)  # 00:00 on 1 November in Beijing
    assert check_eligibility(draft, DEFAULT_POLICY, last_second).codes() == [
        "transfer.account_too_young"
    ]
    assert check_eligibility(draft, DEFAULT_POLICY, midnight).ok


def test_the_policy_holds_the_numbers() -> None:
    policy = Policy(transfer_prepaid_min_days=10)
    draft = normal(account_type=AccountType.PREPAID, opened_on=date(2026, 11, 18))  # 11 days
    assert check_eligibility(draft, policy, NOW).ok
    assert not check_eligibility(draft, DEFAULT_POLICY, NOW).ok


def test_an_opening_date_in_the_future_is_named() -> None:
    result = check_eligibility(normal(opened_on=date(2026, 11, 30)), DEFAULT_POLICY, NOW)
    assert refusal(result, "transfer.opened_in_future") == {"opened_on": "2026-11-30"}


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError):
        check_eligibility(normal(), DEFAULT_POLICY, datetime(2026, 11, 29, 10))


# -- the proofs of a 特殊过户 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sim", "password", "invoices"), list(itertools.product([False, True], repeat=3))
)
def test_every_combination_of_the_three_proofs(sim: bool, password: bool, invoices: bool) -> None:
    given = evidence(sim, password, *(THREE_MONTHS if invoices else ()))
    result = check_eligibility(special(evidence=given), DEFAULT_POLICY, NOW)
    have = sum((sim, password, invoices))
    assert result.proofs == {
        p
        for p, on in ((Proof.SIM, sim), (Proof.PASSWORD, password), (Proof.INVOICES, invoices))
        if on
    }
    if have >= 2:
        assert result.ok
        assert result.invoice_months == (tuple(i.month for i in THREE_MONTHS) if invoices else ())
    elif invoices:  # invoices alone
        assert result.codes() == ["transfer.invoices_alone"]
        assert refusal(result, "transfer.invoices_alone") == {"needs": "店长"}
    else:
        assert result.codes() == ["transfer.too_few_proofs"]
        params = refusal(result, "transfer.too_few_proofs")
        assert params["have"] == have and params["needed"] == 2
        assert set(params["missing"]) == {  # type: ignore[call-overload]
            p.value
            for p, on in ((Proof.SIM, sim), (Proof.PASSWORD, password), (Proof.INVOICES, False))
            if not on
        }


def test_invoices_from_two_months_do_not_count_three_do() -> None:
    two = evidence(True, False, month(2026, 10), month(2026, 10), month(2026, 11))
    result = check_eligibility(special(evidence=two), DEFAULT_POLICY, NOW)
    assert result.codes() == ["transfer.too_few_proofs", "transfer.invoice_months"]
    assert refusal(result, "transfer.invoice_months") == {
        "months": 2,
        "needed": 3,
        "window": 6,
        "since": "2026-06-01",
        "outside": [],
        "fixed_value": 0,
    }
    three = evidence(True, False, month(2026, 6), month(2026, 10), month(2026, 11))
    assert check_eligibility(special(evidence=three), DEFAULT_POLICY, NOW).ok


def test_recent_means_this_month_and_the_five_before_it() -> None:
    assert invoice_window(date(2026, 11, 29), DEFAULT_POLICY) == (
        date(2026, 6, 1),
        date(2026, 11, 1),
    )
    assert invoice_window(date(2026, 3, 1), DEFAULT_POLICY) == (date(2025, 10, 1), date(2026, 3, 1))
    one_old = evidence(True, False, month(2026, 5), month(2026, 10), month(2026, 11))
    result = check_eligibility(special(evidence=one_old), DEFAULT_POLICY, NOW)
    params = refusal(result, "transfer.invoice_months")
    assert params["months"] == 2 and params["outside"] == ["2026-05-01"]
    future = evidence(True, False, month(2026, 10), month(2026, 11), month(2026, 12))
    assert refusal(
        check_eligibility(special(evidence=future), DEFAULT_POLICY, NOW), "transfer.invoice_months"
    )["outside"] == ["2026-12-01"]


def test_fixed_value_invoices_never_count() -> None:
    fixed = evidence(True, False, month(2026, 9), month(2026, 10), month(2026, 11, fixed=True))
    result = check_eligibility(special(evidence=fixed), DEFAULT_POLICY, NOW)
    params = refusal(result, "transfer.invoice_months")
    assert params["months"] == 2 and params["fixed_value"] == 1
    # a month with a fixed-value and an ordinary invoice counts through the ordinary one
    mixed = evidence(
        True, False, month(2026, 9), month(2026, 10), month(2026, 11, fixed=True), month(2026, 11)
    )
    assert check_eligibility(special(evidence=mixed), DEFAULT_POLICY, NOW).ok


def test_an_invoice_month_is_the_first_of_a_month() -> None:
    with pytest.raises(ValidationError) as caught:
        TopUpInvoice(date(2026, 11, 5), False)
    assert caught.value.code == "transfer.invoice_month"


# -- the exceptional "invoices only" procedure ---------------------------------------------------


def invoices_only(approval: ExceptionalApproval | None) -> Eligibility:
    return check_eligibility(
        special(evidence=evidence(False, False, *THREE_MONTHS), approval=approval),
        DEFAULT_POLICY,
        NOW,
    )


def test_a_store_manager_with_a_reason_approves_invoices_alone() -> None:
    result = invoices_only(APPROVAL)
    assert result.ok and result.exceptional and result.proofs == {Proof.INVOICES}


def test_an_approval_is_not_needed_nor_used_with_two_proofs() -> None:
    result = check_eligibility(special(approval=APPROVAL), DEFAULT_POLICY, NOW)
    assert result.ok and not result.exceptional


@pytest.mark.parametrize(
    ("approval", "codes"),
    [
        (replace(APPROVAL, approver_role=Role.SHIFT_LEADER), ["transfer.approval_role"]),
        (replace(APPROVAL, approver_role=Role.CLERK), ["transfer.approval_role"]),
        (replace(APPROVAL, reason="  "), ["transfer.approval_reason"]),
        (replace(APPROVAL, approver_staff_no=""), ["transfer.approval_approver"]),
        (replace(APPROVAL, recent_usage_checked=False), ["transfer.approval_checks"]),
        (
            ExceptionalApproval("L001", Role.SHIFT_LEADER, ""),
            ["transfer.approval_role", "transfer.approval_reason", "transfer.approval_checks"],
        ),
    ],
)
def test_an_approval_that_falls_short_is_refused(
    approval: ExceptionalApproval, codes: list[str]
) -> None:
    result = invoices_only(approval)
    assert not result.ok and not result.exceptional
    assert result.codes() == ["transfer.invoices_alone", *codes]


def test_the_approval_names_the_role_needed_and_the_checks_missing() -> None:
    result = invoices_only(
        ExceptionalApproval("L001", Role.SHIFT_LEADER, "理由", plan_checked=True)
    )
    assert refusal(result, "transfer.approval_role") == {"role": "值班经理", "needs": "店长"}
    assert refusal(result, "transfer.approval_checks") == {"missing": ["recent_usage"]}


def test_an_approval_does_not_make_up_for_invoices_that_do_not_count() -> None:
    two_months = evidence(False, False, month(2026, 10), month(2026, 11))
    result = check_eligibility(special(evidence=two_months, approval=APPROVAL), DEFAULT_POLICY, NOW)
    assert result.codes() == ["transfer.too_few_proofs", "transfer.invoice_months"]


# -- signatures and witnesses -------------------------------------------------------------------


def test_a_store_manager_may_be_the_second_witness() -> None:
    signed = Signatures(new_owner=True, clerk=CLERK, second_witness=MANAGER)
    assert check_eligibility(special(signatures=signed), DEFAULT_POLICY, NOW).ok


def test_the_same_person_cannot_witness_twice() -> None:
    same = Signatures(
        new_owner=True, clerk=LEADER, second_witness=StaffSigner("l001 ", Role.SHIFT_LEADER)
    )
    result = check_eligibility(special(signatures=same), DEFAULT_POLICY, NOW)
    assert result.codes() == ["transfer.same_witness"]
    assert refusal(result, "transfer.same_witness") == {"staff_no": "l001"}
    assert result.refusals[0].field == "signatures.second_witness"


def test_a_clerk_cannot_be_the_second_witness() -> None:
    wrong = Signatures(new_owner=True, clerk=CLERK, second_witness=StaffSigner("C002", Role.CLERK))
    result = check_eligibility(special(signatures=wrong), DEFAULT_POLICY, NOW)
    assert refusal(result, "transfer.witness_role") == {
        "who": "second_witness",
        "role": "营业员",
        "needs": ["值班经理", "店长"],
    }


def test_missing_signatures_are_named() -> None:
    result = check_eligibility(special(signatures=Signatures()), DEFAULT_POLICY, NOW)
    assert [r.params["who"] for r in result.refusals] == ["new_owner", "clerk", "second_witness"]
    result = check_eligibility(normal(signatures=Signatures(clerk=CLERK)), DEFAULT_POLICY, NOW)
    assert [r.params["who"] for r in result.refusals] == ["new_owner", "registered_owner"]
    # a normal transfer needs no second witness, and its clerk may be anybody on duty
    assert check_eligibility(
        normal(signatures=Signatures(True, True, clerk=MANAGER)), DEFAULT_POLICY, NOW
    ).ok


def test_a_normal_transfer_needs_the_registered_owner() -> None:
    result = check_eligibility(normal(registered_owner=None), DEFAULT_POLICY, NOW)
    assert result.codes() == ["transfer.registered_owner_missing"]


def test_conditions_come_before_anybody_signs() -> None:
    assert check_conditions(special(signatures=Signatures()), DEFAULT_POLICY, NOW).ok


# -- every refusal at once ------------------------------------------------------------------------


def test_every_refusal_is_collected() -> None:
    draft = special(
        account_type=AccountType.POSTPAID,
        opened_on=date(2026, 10, 1),
        evidence=evidence(True, False, month(2026, 4), month(2026, 11, fixed=True)),
        signatures=Signatures(
            new_owner=False, clerk=CLERK, second_witness=StaffSigner("c001", Role.CLERK)
        ),
    )
    result = check_eligibility(draft, DEFAULT_POLICY, NOW)
    assert result.codes() == [
        "transfer.account_too_young",
        "transfer.too_few_proofs",
        "transfer.invoice_months",
        "transfer.signature_missing",
        "transfer.witness_role",
        "transfer.same_witness",
    ]
    assert refusal(result, "transfer.account_too_young") == {
        "days": 59,
        "needed": 90,
        "eligible_on": "2026-12-31",
    }
    with pytest.raises(TransferRefusals) as caught:
        result.raise_if_refused()
    assert caught.value.code == "transfer.refused" and len(caught.value.refusals) == 6


# -- the parties ----------------------------------------------------------------------------------


def test_a_party_is_tidied() -> None:
    party = validate_party(
        "new_owner",
        id_type="居民身份证",
        id_number=" 110101 19900307 1233 ",
        name=" 李四 ",
        address="北京市东城区某街1号",
    )
    assert party == NEW_OWNER
    passport = validate_party(
        "new_owner", id_type="护照", id_number="e1234 5678", name="Li Si", address="某地"
    )
    assert passport.id_number == "E12345678" and passport.id_type is IdType.PASSPORT


def test_every_bad_field_of_every_party_at_once() -> None:
    errors = ErrorCollector()
    assert (
        collect_party(
            errors,
            "registered_owner",
            id_type="居民身份证",
            id_number="110101199003071234",
            name="",
            address="某地",
        )
        is None
    )
    assert (
        collect_party(errors, "new_owner", id_type="驾驶证", id_number="", name="李四", address=" ")
        is None
    )
    with pytest.raises(ValidationErrors) as caught:
        errors.raise_if_any()
    assert {e.field: e.code for e in caught.value.errors} == {
        "registered_owner.id_number": "id.checksum",
        "registered_owner.name": "text.required",
        "new_owner.id_type": "choice.invalid",
        "new_owner.id_number": "id.required",
        "new_owner.address": "text.required",
    }


def test_a_resident_id_born_after_today_is_refused_when_today_is_given() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_party(
            "new_owner",
            id_type="临时居民身份证",
            id_number="110101203001011236",
            name="李四",
            address="某地",
            today=date(2026, 11, 29),
        )
    assert [e.code for e in caught.value.errors] == ["id.birth_date"]


# -- keeping records ------------------------------------------------------------------------------


def test_retention() -> None:
    assert paper_kept_until(date(2026, 11, 29), DEFAULT_POLICY) == date(2051, 11, 29)
    assert paper_kept_until(date(2028, 2, 29), DEFAULT_POLICY) == date(2053, 2, 28)
    assert identity_kept_until(date(2030, 6, 1), DEFAULT_POLICY) == date(2032, 6, 1)


# -- the whole form and the evidence files ----------------------------------------------------

from hall_desk.domain.transfers import (  # noqa: E402
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MISSING,
    check_evidence_files,
    collect_draft,
    evidence_media_type,
)

PARTY = {
    "id_type": "居民身份证",
    "id_number": "110101199003071233",
    "name": "李四",
    "address": "北京市东城区某街1号",
}
OWNER_FORM = {
    "id_type": "居民身份证",
    "id_number": "310104198512250047",
    "name": "张三",
    "address": "上海市徐汇区某路2号",
}


def form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = dict(
        kind="过户",
        account_type="预付费",
        opened_on=OLD,
        opened_checked_where="BOSS 客户信息页",
        new_owner=PARTY,
        registered_owner=OWNER_FORM,
        agents=(),
        today=NOW.date(),
    )
    values.update(changes)
    return values


def test_a_whole_normal_form_becomes_a_draft() -> None:
    draft = collect_draft(**form(agents=[("新机主", {**OWNER_FORM, "name": "王五"})]))  # type: ignore[arg-type]
    assert draft.kind is TransferKind.NORMAL
    assert draft.registered_owner == OWNER
    assert draft.agents[0].identity.name == "王五"
    assert draft.evidence == SpecialEvidence()  # proofs are for a 特殊过户 only


def test_a_special_form_keeps_its_proofs_and_has_no_registered_owner() -> None:
    draft = collect_draft(
        **form(  # type: ignore[arg-type]
            kind="特殊过户",
            registered_owner=None,
            sim_working=True,
            invoices=THREE_MONTHS,
        )
    )
    assert draft.registered_owner is None
    assert draft.evidence.sim_working and draft.evidence.invoices == THREE_MONTHS


def test_every_bad_field_of_the_form_is_named_at_once() -> None:
    with pytest.raises(ValidationErrors) as caught:
        collect_draft(
            **form(  # type: ignore[arg-type]
                kind="",
                account_type="月付",
                opened_on=None,
                opened_checked_where=" ",
                new_owner={**PARTY, "id_number": "110101199003071234"},
                registered_owner={**OWNER_FORM, "name": ""},
                agents=[("房东", PARTY)],
            )
        )
    found = {(e.field, e.code) for e in caught.value.errors}
    assert {
        ("kind", "choice.required"),
        ("account_type", "choice.invalid"),
        ("opened_on", "date.required"),
        ("opened_checked_where", "text.required"),
        ("new_owner.id_number", "id.checksum"),
        ("agents.0.acts_for", "choice.invalid"),
    } <= found


def test_a_special_transfer_has_no_agent_for_the_absent_owner() -> None:
    with pytest.raises(ValidationErrors) as caught:
        collect_draft(**form(kind="特殊过户", agents=[("原机主", PARTY)]))  # type: ignore[arg-type]
    assert ("agents.0.acts_for", "transfer.agent_for_absent_owner") in {
        (e.field, e.code) for e in caught.value.errors
    }


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"%PDF-1.7 rest", "application/pdf"),
    ],
)
def test_evidence_is_told_by_its_content(data: bytes, media_type: str) -> None:
    assert evidence_media_type("scan.bin", data) == media_type


@pytest.mark.parametrize(
    ("data", "attached", "code"),
    [
        (b"", 0, "transfer.evidence_empty"),
        (b"MZ\x90\x00 an executable called photo.jpg", 0, "transfer.evidence_type"),
        (b"%PDF-" + b"0" * EVIDENCE_MAX_BYTES, 0, "transfer.evidence_too_large"),
        (b"%PDF-1.7", 12, "transfer.evidence_too_many"),
    ],
)
def test_bad_evidence_is_refused(data: bytes, attached: int, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        evidence_media_type("photo.jpg", data, attached)
    assert caught.value.code == code


def test_a_special_transfer_needs_an_evidence_file() -> None:
    assert [r.code for r in check_evidence_files(TransferKind.SPECIAL, 0)] == [EVIDENCE_MISSING]
    assert check_evidence_files(TransferKind.SPECIAL, 1) == []
    assert check_evidence_files(TransferKind.NORMAL, 0) == []
