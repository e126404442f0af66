"""Intake validation codes and 重复投诉 detection at the 30-day boundary."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, Channel, RegulatorClass
from hall_desk.domain.complaints import (
    ComplaintDraft,
    EarlierComplaint,
    EscalationSource,
    find_repeats,
    validate_intake,
)
from hall_desk.domain.errors import ValidationErrors
from hall_desk.domain.policy import DEFAULT_POLICY, NetworkUrgency, Tier

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def good_draft(**changes: object) -> ComplaintDraft:
    draft = ComplaintDraft(
        phone="138 0013 8000",
        customer_name="陈先生",
        tier=Tier.GOTONE.value,
        channel=Channel.WALK_IN.value,
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        amount="58.50",
        description="本月话费多扣了五十八元五角。",
        customer_request="退还多收话费",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def codes(error: ValidationErrors) -> dict[str, str]:
    return {e.field: e.code for e in error.errors}  # type: ignore[misc]


def test_a_good_draft_validates_to_clean_values() -> None:
    intake = validate_intake(good_draft(), DEFAULT_CATALOGUE, NOW)
    assert intake.phone == "13800138000"
    assert intake.amount == Decimal("58.50")
    assert intake.regulator_class == RegulatorClass.CHARGING
    assert intake.network_urgency is None
    assert not intake.escalated and not intake.important


def test_every_bad_field_is_named_at_once() -> None:
    draft = good_draft(
        phone="12345",
        customer_name=" ",
        description="",
        customer_request="",
        amount="-1",
        main_class="",
    )
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(draft, DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {
        "phone": "phone.short_code",  # 12345 is the mayor's hotline, not a customer (issue 20)
        "customer_name": "text.required",
        "description": "text.required",
        "customer_request": "text.required",
        "amount": "amount.negative",
        "main_class": "choice.required",
    }


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("1.234", "amount.too_many_decimals"),
        ("abc", "amount.not_a_number"),
        ("-0.01", "amount.negative"),
        ("NaN", "amount.not_a_number"),
        ("100000000", "amount.too_large"),
        # A comma only as a thousands separator (issue 20): 1,00 was read as 100.00 yuan.
        ("1,00", "amount.comma"),
        ("1，00", "amount.comma"),
        ("1,0000", "amount.comma"),
        ("12,345,6", "amount.comma"),
        ("1,5", "amount.comma"),
    ],
)
def test_amount_validation(amount: str, code: str) -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(good_draft(amount=amount), DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"amount": code}


@pytest.mark.parametrize(
    "amount",
    ["0", "0.5", "12.30", "1,000.00", "1,000", "12,345,678.9", "1，000", "99999999.99", ""],
)
def test_good_amounts(amount: str) -> None:
    validate_intake(good_draft(amount=amount), DEFAULT_CATALOGUE, NOW)


@pytest.mark.parametrize(
    "phone", ["13800138000", "+86 138-0013-8000", "010-12345678", "0755 12345678", "02112345678"]
)
def test_mobile_and_fixed_line_numbers(phone: str) -> None:
    validate_intake(good_draft(phone=phone), DEFAULT_CATALOGUE, NOW)


@pytest.mark.parametrize("phone", ["1380013800", "138001380001", "12345678", "23800138000", "abc"])
def test_bad_numbers(phone: str) -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(good_draft(phone=phone), DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"phone": "phone.invalid"}


def test_texts_have_maximum_lengths() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(good_draft(description="话" * 2001), DEFAULT_CATALOGUE, NOW)
    assert caught.value.errors[0].code == "text.too_long"
    assert caught.value.errors[0].params == {"max": 2000}


def test_sub_class_must_belong_to_the_class() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(good_draft(sub_class="信号覆盖"), DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"sub_class": "choice.invalid"}


def test_network_complaints_need_an_urgency() -> None:
    draft = good_draft(main_class="网络质量", sub_class="信号覆盖")
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(draft, DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"network_urgency": "choice.required"}
    draft.network_urgency = NetworkUrgency.CRITICAL.value
    assert validate_intake(draft, DEFAULT_CATALOGUE, NOW).network_urgency is NetworkUrgency.CRITICAL


def test_coordination_is_for_network_complaints_only() -> None:
    from hall_desk.domain.deadlines import Coordination

    draft = good_draft(main_class="网络质量", sub_class="信号覆盖", network_urgency="一般")
    draft.coordination = "跨省"
    assert (
        validate_intake(draft, DEFAULT_CATALOGUE, NOW).coordination is Coordination.OTHER_PROVINCE
    )
    draft.coordination = "跨星球"
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(draft, DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"coordination": "choice.invalid"}
    charging = good_draft()
    charging.coordination = "跨企业"
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(charging, DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"coordination": "coordination.network_only"}
    assert validate_intake(good_draft(), DEFAULT_CATALOGUE, NOW).coordination is None


def test_regulator_escalation_needs_its_reference_number() -> None:
    draft = good_draft(escalation_source=EscalationSource.REGULATOR.value)
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(draft, DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"escalation_reference": "text.required"}
    draft.escalation_reference = "GX2026-1122"
    assert validate_intake(draft, DEFAULT_CATALOGUE, NOW).escalated


def test_media_and_vip_are_important() -> None:
    assert validate_intake(good_draft(media=True), DEFAULT_CATALOGUE, NOW).important
    media = validate_intake(
        good_draft(escalation_source=EscalationSource.MEDIA.value), DEFAULT_CATALOGUE, NOW
    )
    assert media.media and media.important
    assert validate_intake(good_draft(tier=Tier.VIP.value), DEFAULT_CATALOGUE, NOW).important


def test_event_time_in_the_future_is_refused() -> None:
    draft = good_draft(occurred_at=NOW + timedelta(days=1))
    with pytest.raises(ValidationErrors) as caught:
        validate_intake(draft, DEFAULT_CATALOGUE, NOW)
    assert codes(caught.value) == {"occurred_at": "datetime.in_future"}


def test_draft_round_trips_through_a_dict() -> None:
    draft = good_draft(occurred_at=NOW, important=True)
    assert ComplaintDraft.from_dict(draft.to_dict()) == draft


def earlier(
    days_ago: float, main: str = "电信资费", sub: str = "资费争议/乱收费"
) -> EarlierComplaint:
    return EarlierComplaint("id", "HA01-02-261001-0001", main, sub, NOW - timedelta(days=days_ago))


def test_repeat_window_is_thirty_days_inclusive() -> None:
    inside = find_repeats("电信资费", "资费争议/乱收费", NOW, [earlier(30)], DEFAULT_POLICY)
    assert inside.is_repeat
    outside = find_repeats(
        "电信资费", "资费争议/乱收费", NOW, [earlier(30 + 1 / 86400)], DEFAULT_POLICY
    )
    assert not outside.is_repeat


def test_repeat_needs_the_same_sub_class() -> None:
    other = find_repeats("电信资费", "代收信息费", NOW, [earlier(3)], DEFAULT_POLICY)
    assert not other.is_repeat


def test_sub_class_other_compares_the_class() -> None:
    same_class = find_repeats("电信资费", "其他", NOW, [earlier(3)], DEFAULT_POLICY)
    assert same_class.is_repeat
    other_class = find_repeats("网络质量", "其他", NOW, [earlier(3)], DEFAULT_POLICY)
    assert not other_class.is_repeat


def test_repeats_are_listed_newest_first() -> None:
    check = find_repeats(
        "电信资费", "资费争议/乱收费", NOW, [earlier(20), earlier(2)], DEFAULT_POLICY
    )
    assert [e.accepted_at for e in check.earlier] == [
        NOW - timedelta(days=2),
        NOW - timedelta(days=20),
    ]


def test_every_sub_class_maps_to_a_regulator_class() -> None:
    subs = list(DEFAULT_CATALOGUE.all())
    assert len(subs) > 15
    assert {s.regulator for s in subs} == set(RegulatorClass)


# -- 申诉 window (issue 20) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("occurred", "regulator", "passed"),
    [
        ("2026-06-22", "收费争议", None),  # exactly 5 months before NOW's date: still within
        ("2026-06-21", "收费争议", (True, 5)),
        ("2026-06-21", "用户服务", None),
        ("2024-11-22", "网络质量", None),  # exactly 2 years
        ("2024-11-21", "网络质量", (False, 24)),
        ("2024-11-21", None, (False, 24)),  # no class chosen yet: the 2-year rule
    ],
)
def test_the_intake_knows_when_an_appeal_would_no_longer_be_accepted(
    occurred: str, regulator: str | None, passed: tuple[bool, int] | None
) -> None:
    from hall_desk.domain.clock import SHANGHAI
    from hall_desk.domain.complaints import appeal_window_passed

    at = datetime.fromisoformat(occurred + "T10:00").replace(tzinfo=SHANGHAI)
    found = appeal_window_passed(at, regulator, NOW)
    assert (None if found is None else (found.fee_dispute, found.months)) == passed
    # A warning only: the intake still validates such a complaint.
    validate_intake(good_draft(occurred_at=at), DEFAULT_CATALOGUE, NOW)
