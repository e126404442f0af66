"""每诉必录: the complaint intake record, its validation, and 重复投诉 detection.

A draft is what a person typed (strings, as typed); :func:`validate_intake` turns it into a
:class:`ComplaintIntake` with clean values or raises :class:`ValidationErrors` naming every bad field,
so the form can mark them all and keep everything typed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from hall_desk.domain.catalogue import NETWORK_CLASS, OTHER, Catalogue, Channel, RegulatorClass
from hall_desk.domain.clock import to_local
from hall_desk.domain.deadlines import Coordination
from hall_desk.domain.errors import ValidationError, ValidationErrors
from hall_desk.domain.identity import normalise_phone
from hall_desk.domain.money import parse_amount
from hall_desk.domain.policy import (
    APPEAL_WINDOW_FEE_DISPUTE_MONTHS,
    APPEAL_WINDOW_OTHER_MONTHS,
    NetworkUrgency,
    Policy,
    Tier,
)
from hall_desk.domain.text import NUL, TEXT_NUL


class ComplaintState(StrEnum):
    """Lifecycle states (the follow-up issue adds the transitions)."""

    ACCEPTED = "已受理"
    VERIFYING = "核实中"
    TRANSFERRED = "已转派"
    HANDLING = "处理中"
    REPLIED = "已答复"
    CALLED_BACK = "已回访"
    CLOSED = "已归档"


OPEN_STATES = frozenset(
    {
        ComplaintState.ACCEPTED,
        ComplaintState.VERIFYING,
        ComplaintState.TRANSFERRED,
        ComplaintState.HANDLING,
    }
)


ANSWERED_STATES = frozenset(
    {ComplaintState.REPLIED, ComplaintState.CALLED_BACK, ComplaintState.CLOSED}
)


def state_after_reply(current: ComplaintState) -> ComplaintState:
    """首问责任制: a complaint stays open until the customer has had the answer. A reply recorded
    for it (head office's answer to a complaint transferred to it) makes an open complaint 已答复;
    one already answered, called back or closed keeps its state (a later reply never reopens it)."""
    return current if current in ANSWERED_STATES else ComplaintState.REPLIED


class EscalationSource(StrEnum):
    """Where an escalated complaint (升级投诉) went over the hall's head."""

    HOTLINE_MANAGEMENT = "10086管理层"
    REGULATOR = "通信管理局"
    MIIT = "工信部"
    MEDIA = "媒体"
    OTHER = "其他"


class EscalationTendency(StrEnum):
    NONE = "无"
    EXPOSURE = "有曝光倾向"
    OVER_LEVEL = "有越级倾向"


# Sane maximum lengths (characters)
MAX_LEN = {
    "customer_name": 40,
    "place": 100,
    "description": 2000,
    "customer_request": 500,
    "escalation_reference": 50,
}


@dataclass
class ComplaintDraft:
    """What the intake form holds, as typed. Every field is optional here; validation decides."""

    phone: str = ""
    customer_name: str = ""
    tier: str = Tier.ORDINARY.value
    channel: str = Channel.WALK_IN.value
    main_class: str = ""
    sub_class: str = ""
    occurred_at: datetime | None = None
    place: str = ""
    amount: str = ""
    description: str = ""
    customer_request: str = ""
    network_urgency: str = ""
    # 跨省 / 跨企业: a network complaint that needs another province or company (working-day limit)
    coordination: str = ""
    escalation_source: str = ""
    escalation_reference: str = ""
    escalation_tendency: str = EscalationTendency.NONE.value
    important: bool = False
    media: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["occurred_at"] = self.occurred_at.isoformat() if self.occurred_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ComplaintDraft:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        occurred = known.get("occurred_at")
        if isinstance(occurred, str):
            try:
                known["occurred_at"] = datetime.fromisoformat(occurred)
            except ValueError:
                known["occurred_at"] = None
        return cls(**known)


@dataclass(frozen=True)
class ComplaintIntake:
    """A validated complaint, ready to be saved."""

    phone: str
    customer_name: str
    tier: Tier
    channel: Channel
    main_class: str
    sub_class: str
    regulator_class: str
    occurred_at: datetime | None
    place: str
    amount: Decimal | None
    description: str
    customer_request: str
    network_urgency: NetworkUrgency | None
    escalation_source: EscalationSource | None
    escalation_reference: str
    escalation_tendency: EscalationTendency
    important: bool
    media: bool

    @property
    def escalated(self) -> bool:
        """升级投诉: the customer went over the hall's head."""
        return self.escalation_source is not None

    coordination: Coordination | None = None


E = TypeVar("E", bound=StrEnum)


def _enum(kind: type[E], value: str, field_name: str, errors: list[ValidationError]) -> E | None:
    try:
        return kind(value)
    except ValueError:
        errors.append(ValidationError("choice.invalid", field_name))
        return None


def _text(value: str, field_name: str, errors: list[ValidationError], *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.append(ValidationError("text.required", field_name))
    elif NUL in text:
        errors.append(ValidationError(TEXT_NUL, field_name))
    elif len(text) > MAX_LEN[field_name]:
        errors.append(ValidationError("text.too_long", field_name, max=MAX_LEN[field_name]))
    return text


def _collect(fn: Callable[[], Any], errors: list[ValidationError]) -> Any:
    try:
        return fn()
    except ValidationError as error:
        errors.append(error)
        return None


def validate_intake(draft: ComplaintDraft, catalogue: Catalogue, now: datetime) -> ComplaintIntake:
    errors: list[ValidationError] = []
    phone = _collect(lambda: normalise_phone(draft.phone, "phone"), errors)
    name = _text(draft.customer_name, "customer_name", errors, required=True)
    tier = _enum(Tier, draft.tier, "tier", errors)
    channel = _enum(Channel, draft.channel, "channel", errors)

    regulator = None
    if not draft.main_class:
        errors.append(ValidationError("choice.required", "main_class"))
    elif draft.main_class not in catalogue.classes():
        errors.append(ValidationError("choice.invalid", "main_class"))
    elif not draft.sub_class:
        errors.append(ValidationError("choice.required", "sub_class"))
    else:
        regulator = catalogue.regulator_class(draft.main_class, draft.sub_class)
        if regulator is None:
            errors.append(ValidationError("choice.invalid", "sub_class"))

    occurred = draft.occurred_at
    if occurred is not None:
        if occurred.tzinfo is None:
            errors.append(ValidationError("datetime.invalid", "occurred_at"))
        elif occurred > now + timedelta(minutes=5):
            errors.append(ValidationError("datetime.in_future", "occurred_at"))
    place = _text(draft.place, "place", errors, required=False)
    amount = _collect(lambda: parse_amount(draft.amount, "amount"), errors)
    description = _text(draft.description, "description", errors, required=True)
    request = _text(draft.customer_request, "customer_request", errors, required=True)

    urgency = None
    if draft.main_class == NETWORK_CLASS:
        if not draft.network_urgency:
            errors.append(ValidationError("choice.required", "network_urgency"))
        else:
            urgency = _enum(NetworkUrgency, draft.network_urgency, "network_urgency", errors)
    coordination = None
    if draft.coordination:
        if draft.main_class != NETWORK_CLASS:
            errors.append(ValidationError("coordination.network_only", "coordination"))
        else:
            coordination = _enum(Coordination, draft.coordination, "coordination", errors)

    source = None
    if draft.escalation_source:
        source = _enum(EscalationSource, draft.escalation_source, "escalation_source", errors)
    reference = _text(draft.escalation_reference, "escalation_reference", errors, required=False)
    if source in (EscalationSource.REGULATOR, EscalationSource.MIIT) and not reference:
        errors.append(ValidationError("text.required", "escalation_reference"))
    tendency = _enum(
        EscalationTendency,
        draft.escalation_tendency or EscalationTendency.NONE.value,
        "escalation_tendency",
        errors,
    )

    if errors:
        raise ValidationErrors(errors)
    assert tier is not None and channel is not None and tendency is not None
    media = bool(draft.media) or source == EscalationSource.MEDIA
    return ComplaintIntake(
        phone=phone,
        customer_name=name,
        tier=tier,
        channel=channel,
        main_class=draft.main_class,
        sub_class=draft.sub_class,
        regulator_class=str(regulator),
        occurred_at=occurred,
        place=place,
        amount=amount,
        description=description,
        customer_request=request,
        network_urgency=urgency,
        escalation_source=source,
        escalation_reference=reference,
        escalation_tendency=tendency,
        # 重要投诉: VIP, media, or marked by the clerk (lawyers, government …)
        important=bool(draft.important) or media or tier == Tier.VIP,
        media=media,
        coordination=coordination,
    )


@dataclass(frozen=True)
class EarlierComplaint:
    """What repeat detection needs to know of an earlier complaint of the same number."""

    id: str
    number: str
    main_class: str
    sub_class: str
    accepted_at: datetime


@dataclass(frozen=True)
class RepeatCheck:
    is_repeat: bool
    earlier: list[EarlierComplaint] = field(default_factory=list)


def same_problem(main_class: str, sub_class: str, other: EarlierComplaint) -> bool:
    """Same sub-class; when the sub-class is 其他, the same class is enough."""
    if main_class != other.main_class:
        return False
    return sub_class == OTHER or sub_class == other.sub_class


def find_repeats(
    main_class: str,
    sub_class: str,
    accepted_at: datetime,
    earlier: Iterable[EarlierComplaint],
    policy: Policy,
) -> RepeatCheck:
    """重复投诉: the same customer about the same problem within the window (default 30 days).

    ``earlier`` are the complaints of the same phone number; the window is inclusive: one accepted
    exactly 30 days before still counts.
    """
    window_start = accepted_at - timedelta(days=policy.repeat_window_days)
    matches = [
        e
        for e in earlier
        if window_start <= e.accepted_at <= accepted_at and same_problem(main_class, sub_class, e)
    ]
    matches.sort(key=lambda e: e.accepted_at, reverse=True)
    return RepeatCheck(bool(matches), matches)


def repeat_window_start(accepted_at: datetime, policy: Policy) -> datetime:
    return accepted_at - timedelta(days=policy.repeat_window_days)


# -- issue 20: media complaints ------------------------------------------------------------------
# DOMAIN.md: a complainant from the media (press credentials shown) is reported to the city
# company's 综合部 at once; staff give no interview and no written statement themselves; the desk
# marks it 重要投诉 and sends it to head office immediately (转总部 in the same save: the first
# responder stays). If the upload has not reached head office within this long, the desk says so
# until it has, so that staff report it by phone.
MEDIA_UPLOAD_WARNING_AFTER = timedelta(minutes=5)
MEDIA_TRANSFER_NOTE = "媒体投诉：按规定立即转总部"
MEDIA_NOT_DELIVERED = "媒体投诉未送达总部，请电话报告"


def media_instruction(general_office_phone: str) -> str:
    """What the desk shows at once for a media complaint (the number from the policy)."""
    phone = general_office_phone or "（总部尚未在政策中设置号码，请向店长索取）"
    return (
        f"媒体投诉：请立即电话报告市公司综合部（电话 {phone}）。"
        "员工不得接受采访，不得自行提供书面说明。本投诉已标为重要投诉并转总部。"
    )


# -- 申诉 window (issue 20) -------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealWindowPassed:
    """The occurrence is older than the window in which the customer could still appeal (申诉) to
    the telecom administration: a warning at intake, never a refusal (每诉必录)."""

    fee_dispute: bool  # 收费争议: 5 months; any other dispute: 2 years
    months: int


def _months_later(day: date, months: int) -> date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def appeal_window_passed(
    occurred_at: datetime | None, regulator_class: str | None, now: datetime
) -> AppealWindowPassed | None:
    """Whether an appeal about something that happened at ``occurred_at`` would no longer be
    accepted ``now`` (Shanghai calendar dates; the whole last day still counts)."""
    if occurred_at is None or occurred_at.tzinfo is None:
        return None
    fee = regulator_class == RegulatorClass.CHARGING.value
    months = APPEAL_WINDOW_FEE_DISPUTE_MONTHS if fee else APPEAL_WINDOW_OTHER_MONTHS
    if _months_later(to_local(occurred_at).date(), months) < to_local(now).date():
        return AppealWindowPassed(fee, months)
    return None
