"""Bad input (issue 9, "Trust"): every domain validator and every protocol parser, fed arbitrary
text and objects, gives a valid value or a typed error (a DomainError; ProtocolError for the wire),
never a crash. Profiles and the examples count: tests/properties/support.py."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, Channel
from hall_desk.domain.complaints import (
    ComplaintDraft,
    ComplaintIntake,
    EscalationSource,
    EscalationTendency,
    validate_intake,
)
from hall_desk.domain.deadlines import Coordination
from hall_desk.domain.envelope import envelope_problem
from hall_desk.domain.exports import format_of, mask_numbers_in
from hall_desk.domain.identity import normalise_phone, normalise_resident_id, validate_resident_id
from hall_desk.domain.incidents import IncidentDraft, IncidentFacts, validate_incident
from hall_desk.domain.lifecycle import (
    Callback,
    CustomerReply,
    HandlerKind,
    ProgressNote,
    ReplyMethod,
    Responsibility,
    Satisfaction,
    TransferOrder,
    Upgrade,
    Verification,
    VerificationResult,
    validate_callback,
    validate_progress,
    validate_reply,
    validate_transfer,
    validate_upgrade,
    validate_verification,
)
from hall_desk.domain.money import parse_amount
from hall_desk.domain.policy import DEFAULT_POLICY, NetworkUrgency, Role, Tier
from hall_desk.domain.policy_document import PolicyDocument, parse_policy_document
from hall_desk.domain.refunds import (
    AccountType,
    DelegationPeriod,
    RefundMethod,
    RefundProposal,
    check_signature_png,
    validate_decision_reason,
    validate_delegation,
    validate_proposal,
)
from hall_desk.domain.staff import (
    validate_new_password,
    validate_role,
    validate_staff_name,
    validate_staff_no,
)
from hall_desk.domain.transfers import (
    IdType,
    PartyRole,
    TransferDraft,
    TransferKind,
    collect_draft,
    evidence_media_type,
)
from hall_desk.domain.typical_cases import (
    TypicalCaseDraft,
    TypicalCaseText,
    quarter_bounds,
    validate_case,
)
from hall_desk.sync.protocol import (
    FileReply,
    ProtocolError,
    PullReply,
    UploadReply,
    parse_error,
    parse_file_reply,
    parse_pull_reply,
    parse_upload_reply,
    parse_upload_request,
)
from tests.properties.support import (
    EXAMPLES,
    any_text,
    check,
    json_values,
    moments,
    run_settings,
    text_or,
    values_of,
)

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)
CLASSES = DEFAULT_CATALOGUE.classes()
SUBCLASSES = [sub for main in CLASSES for sub in DEFAULT_CATALOGUE.sub_classes(main)]
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


# -- identity, money, staff ----------------------------------------------------------------------


@run_settings
@given(any_text)
def test_normalise_phone(text: str) -> None:
    phone = check("identity.normalise_phone", lambda: normalise_phone(text), str)
    if phone is not None:
        assert phone == normalise_phone(phone)  # normalising twice changes nothing


@run_settings
@given(st.one_of(st.none(), any_text))
def test_resident_id(text: str | None) -> None:
    number = check(
        "identity.validate_resident_id", lambda: validate_resident_id(text, today=TODAY), str
    )
    if number is not None:
        assert len(number) == 18
    check("identity.normalise_resident_id", lambda: normalise_resident_id(text), str)


@run_settings
@given(st.one_of(st.none(), any_text, st.decimals(allow_nan=True, allow_infinity=True)))
@example("99999999999999999999999999999.999")  # found by the soak profile: InvalidOperation
@example(Decimal("1" * 27 + ".001"))
def test_parse_amount(text: str | Decimal | None) -> None:
    amount = check(
        "money.parse_amount",
        lambda: parse_amount(text),
        lambda v: v is None or (isinstance(v, Decimal) and v.is_finite()),
    )
    if amount is not None:
        assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))


@run_settings
@given(any_text, any_text, any_text, text_or(*values_of(Role)))
def test_staff_fields(staff_no: str, name: str, password: str, role: str) -> None:
    check("staff.validate_staff_no", lambda: validate_staff_no(staff_no), str)
    check("staff.validate_staff_name", lambda: validate_staff_name(name), str)
    check(
        "staff.validate_new_password", lambda: validate_new_password(password, DEFAULT_POLICY), str
    )
    check("staff.validate_role", lambda: validate_role(role), Role)


@run_settings
@given(any_text)
def test_mask_numbers_in_leaves_no_full_mobile(text: str) -> None:
    masked = check("exports.mask_numbers_in", lambda: mask_numbers_in(text), str)
    assert (masked is not None and not MOBILE.search(masked)) or not MOBILE.search(text)


@run_settings
@given(any_text)
def test_format_of(name: str) -> None:
    check("exports.format_of", lambda: format_of(name), str)


# -- complaints and their lifecycle ---------------------------------------------------------------

complaint_drafts = st.builds(
    ComplaintDraft,
    phone=any_text,
    customer_name=any_text,
    tier=text_or(*values_of(Tier)),
    channel=text_or(*values_of(Channel)),
    main_class=text_or(*CLASSES),
    sub_class=text_or(*SUBCLASSES),
    occurred_at=moments,
    place=any_text,
    amount=any_text,
    description=any_text,
    customer_request=any_text,
    network_urgency=text_or(*values_of(NetworkUrgency)),
    coordination=text_or(*values_of(Coordination)),
    escalation_source=text_or(*values_of(EscalationSource)),
    escalation_reference=any_text,
    escalation_tendency=text_or(*values_of(EscalationTendency)),
    important=st.booleans(),
)


@run_settings
@given(complaint_drafts)
def test_validate_intake(draft: ComplaintDraft) -> None:
    check(
        "complaints.validate_intake",
        lambda: validate_intake(draft, DEFAULT_CATALOGUE, NOW),
        ComplaintIntake,
    )


@run_settings
@given(
    text_or(*values_of(Verification)),
    text_or(*values_of(Responsibility)),
    any_text,
    text_or(*values_of(HandlerKind)),
    any_text,
    any_text,
)
def test_lifecycle_steps(
    verification: str, responsibility: str, note: str, kind: str, to: str, text: str
) -> None:
    check(
        "lifecycle.validate_verification",
        lambda: validate_verification(verification, responsibility, note),
        VerificationResult,
    )
    check("lifecycle.validate_transfer", lambda: validate_transfer(kind, to, text), TransferOrder)


@run_settings
@given(
    any_text,
    text_or(*values_of(ReplyMethod)),
    moments,
    text_or(*values_of(Satisfaction)),
    moments,
    any_text,
)
def test_replies_and_callbacks(
    content: str,
    method: str,
    replied_at: datetime | None,
    satisfaction: str,
    called_at: datetime | None,
    reason: str,
) -> None:
    accepted = datetime(2026, 11, 20, tzinfo=UTC)
    check(
        "lifecycle.validate_reply",
        lambda: validate_reply(content, method, replied_at, accepted_at=accepted, now=NOW),
        CustomerReply,
    )
    check(
        "lifecycle.validate_callback",
        lambda: validate_callback(satisfaction, reason, called_at, accepted_at=accepted, now=NOW),
        Callback,
    )
    check(
        "lifecycle.validate_progress",
        lambda: validate_progress(content, called_at, now=NOW),
        ProgressNote,
    )


@run_settings
@given(text_or(*values_of(EscalationSource)), any_text, text_or(*values_of(EscalationTendency)))
def test_validate_upgrade(source: str, reference: str, tendency: str) -> None:
    check(
        "lifecycle.validate_upgrade", lambda: validate_upgrade(source, reference, tendency), Upgrade
    )


@run_settings
@given(
    st.builds(
        IncidentDraft,
        cause=any_text,
        area=any_text,
        main_class=text_or(*CLASSES),
        sub_class=any_text,
        network_urgency=text_or(*values_of(NetworkUrgency)),
        started_at=moments,
        customer_request=any_text,
    )
)
def test_validate_incident(draft: IncidentDraft) -> None:
    check(
        "incidents.validate_incident",
        lambda: validate_incident(draft, DEFAULT_CATALOGUE, NOW),
        IncidentFacts,
    )


@run_settings
@given(
    st.builds(
        TypicalCaseDraft,
        title=any_text,
        main_class=text_or(*CLASSES),
        sub_class=any_text,
        background=any_text,
        handling=any_text,
        lessons=any_text,
    ),
    any_text,
)
def test_typical_cases(draft: TypicalCaseDraft, quarter: str) -> None:
    check(
        "typical_cases.validate_case",
        lambda: validate_case(draft, DEFAULT_CATALOGUE),
        TypicalCaseText,
    )
    check("typical_cases.quarter_bounds", lambda: quarter_bounds(quarter), tuple)


# -- refunds -------------------------------------------------------------------------------------


@run_settings
@given(
    any_text,
    any_text,
    st.one_of(any_text, st.decimals(allow_nan=True, allow_infinity=True)),
    text_or(*values_of(AccountType)),
    text_or(*values_of(RefundMethod)),
    any_text,
    any_text,
)
def test_validate_proposal(
    item: str,
    checked: str,
    amount: str | Decimal,
    account_type: str,
    method: str,
    method_reason: str,
    reason: str,
) -> None:
    check(
        "refunds.validate_proposal",
        lambda: validate_proposal(
            item=item,
            checked=checked,
            amount=amount,
            account_type=account_type,
            method=method,
            method_reason=method_reason,
            reason=reason,
        ),
        RefundProposal,
    )
    check("refunds.validate_decision_reason", lambda: validate_decision_reason(reason), str)


@run_settings
@given(st.sampled_from(list(Role)), moments, moments, any_text)
def test_validate_delegation(
    role: Role, starts: datetime | None, ends: datetime | None, note: str
) -> None:
    check(
        "refunds.validate_delegation",
        lambda: validate_delegation(role, starts, ends, note, now=NOW),
        DelegationPeriod,
    )


@run_settings
@given(
    st.one_of(
        st.none(),
        st.binary(max_size=64),
        st.builds(lambda tail: b"\x89PNG\r\n\x1a\n" + tail, st.binary(max_size=64)),
    )
)
def test_check_signature_png(data: bytes | None) -> None:
    check("refunds.check_signature_png", lambda: check_signature_png(data), bytes)


# -- transfers -----------------------------------------------------------------------------------

parties = st.fixed_dictionaries(
    {
        "id_type": text_or(*values_of(IdType)),
        "id_number": any_text,
        "name": any_text,
        "address": any_text,
    }
)


@run_settings
@given(
    text_or(*values_of(TransferKind)),
    text_or(*values_of(AccountType)),
    st.one_of(st.none(), st.dates()),
    any_text,
    parties,
    st.one_of(st.none(), parties),
    st.lists(st.tuples(text_or(*values_of(PartyRole)), parties), max_size=3),
)
def test_collect_draft(
    kind: str,
    account_type: str,
    opened_on: date | None,
    where: str,
    new_owner: dict[str, str],
    registered: dict[str, str] | None,
    agents: list[tuple[str, dict[str, str]]],
) -> None:
    check(
        "transfers.collect_draft",
        lambda: collect_draft(
            kind=kind,
            account_type=account_type,
            opened_on=opened_on,
            opened_checked_where=where,
            new_owner=new_owner,
            registered_owner=registered,
            agents=agents,
            today=TODAY,
        ),
        TransferDraft,
    )


@run_settings
@given(
    any_text,
    st.one_of(
        st.binary(max_size=64), st.builds(lambda t: b"%PDF-1.7\n" + t, st.binary(max_size=32))
    ),
)
def test_evidence_media_type(name: str, data: bytes) -> None:
    check("transfers.evidence_media_type", lambda: evidence_media_type(name, data), str)


# -- policy document and the wire ----------------------------------------------------------------


@run_settings
@given(json_values)
def test_parse_policy_document(raw: object) -> None:
    check(
        "policy_document.parse_policy_document", lambda: parse_policy_document(raw), PolicyDocument
    )


WIRE_KEYS = (
    "chain",
    "cursor",
    "desk",
    "detail",
    "error",
    "events",
    "highest_seq",
    "message",
    "more",
    "outcome",
    "results",
    "seq",
    "size",
    "state",
    "sha256",
    "code",
)
# Replies that get past the first checks: protocol 1 and some of the keys the parsers read.
wire_bodies = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"protocol": st.sampled_from([1, 1, "1", 2, None, True])},
        optional={key: json_values for key in WIRE_KEYS},
    ),
)


@run_settings
@given(wire_bodies)
def test_protocol_parsers(body: object) -> None:
    wire = (ProtocolError,)
    check("protocol.parse_upload_request", lambda: parse_upload_request(body), tuple, wire)
    check("protocol.parse_upload_reply", lambda: parse_upload_reply(body, ["x"]), UploadReply, wire)
    check("protocol.parse_error", lambda: parse_error(body), tuple, wire)
    check("protocol.parse_pull_reply", lambda: parse_pull_reply(body, 0), PullReply, wire)
    check("protocol.parse_file_reply", lambda: parse_file_reply(body, "0" * 64, 3), FileReply, wire)
    check(
        "envelope.envelope_problem",
        lambda: envelope_problem(body),
        lambda v: v is None or isinstance(v, str),
        (),
    )


def test_the_check_lets_only_typed_errors_through() -> None:
    import pytest

    from hall_desk.domain.errors import ValidationError

    def refuse() -> str:
        raise ValidationError("text.required", "x")

    def crash() -> str:
        raise TypeError("a crash")

    assert check("self-test", refuse, str) is None
    with pytest.raises(TypeError):
        check("self-test", crash, str)
    with pytest.raises(AssertionError):
        check("self-test", lambda: 42, str)
    with pytest.raises(ValidationError):  # a wire parser must raise ProtocolError, not this
        check("self-test", refuse, str, (ProtocolError,))
    EXAMPLES.pop("self-test")


def test_a_huge_amount_with_decimals_is_too_large_not_a_crash() -> None:
    import pytest

    from hall_desk.domain.errors import ValidationError

    for text in ("99999999999999999999999999999.999", "1" * 27 + ".001"):
        with pytest.raises(ValidationError) as refused:
            parse_amount(text)
        assert refused.value.code == "amount.too_large"
