"""首问责任制 and the handling steps (DOMAIN.md): the complaint's state machine and what each step
records. Pure Python: no I/O.

States: 已受理 → 核实中 → (已转派) → 处理中 → 已答复 → 已回访 → 已归档.

- :func:`transition` returns the state after a step or raises :class:`StepRefused` whose code says
  what must happen first (``lifecycle.reply_first``: no closing without a reply to the customer).
- A head-office reply (``complaint.replied``, pulled) is a fact that already happened: it is never
  refused; it answers an open complaint and leaves an answered one as it is
  (:func:`hall_desk.domain.complaints.state_after_reply`, step :attr:`Step.HEAD_OFFICE_REPLY`).
- A callback 不满意 reopens the complaint to 处理中 (and the service flags it); a new reply is then
  needed before it can be closed.
- Progress notes, upgrades (升级投诉) and incident links never change the state; the deadline never
  moves (a promised time is only what the customer was told).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from hall_desk.domain.clock import SHANGHAI
from hall_desk.domain.complaints import (
    ANSWERED_STATES,
    OPEN_STATES,
    ComplaintState,
    EscalationSource,
    EscalationTendency,
    state_after_reply,
)
from hall_desk.domain.deadlines import in_quiet_hours, out_of_quiet_hours
from hall_desk.domain.errors import DomainError, ErrorCollector
from hall_desk.domain.policy import Policy
from hall_desk.domain.text import NUL, TEXT_NUL

S = ComplaintState
E = TypeVar("E", bound=StrEnum)


class StepRefused(DomainError):
    """A step that the complaint's state does not allow; ``code`` says what must happen first."""


class Step(StrEnum):
    """One user action on a complaint (its event type is ``complaint.<event>``)."""

    START_VERIFICATION = "start_verification"  # 了解与核实 begins
    VERIFY = "verify"  # 核实 recorded: holds or not, whose responsibility
    TRANSFER = "transfer"  # 转派 to a department, head office or a colleague
    TAKE_BACK = "take_back"  # the handler's result is back at the hall: 处理中
    NOTE_PROGRESS = "note_progress"  # told the customer the progress and a new time
    REPLY = "reply"  # the hall's reply to the customer
    HEAD_OFFICE_REPLY = "head_office_reply"  # complaint.replied from head office (pulled)
    CALL_BACK = "call_back"  # 回访: satisfaction
    CLOSE = "close"  # 归档
    UPGRADE = "upgrade"  # 升级投诉 after intake
    LINK_INCIDENT = "link_incident"  # 重大批量投诉: linked to an incident


# Refusal codes (the UI's text says what must happen first).
CLOSED = "lifecycle.closed"  # archived: nothing more can change
ANSWERED = "lifecycle.answered"  # answered already: the step belongs before the reply
VERIFICATION_STARTED = "lifecycle.verification_started"  # 核实 has begun or is done
VERIFY_FIRST = "lifecycle.verify_first"  # reply only after 核实
TAKE_BACK_FIRST = "lifecycle.take_back_first"  # transferred: take the handler's result back first
NOT_TRANSFERRED = "lifecycle.not_transferred"  # nothing to take back
REPLY_FIRST = "lifecycle.reply_first"  # no callback / closing without a reply to the customer
ALREADY_CALLED_BACK = "lifecycle.already_called_back"

_UNCHANGED = None  # in the table: the step keeps the state

# step → {state it may start from: state after it (None: unchanged)}
_ALLOWED: dict[Step, dict[ComplaintState, ComplaintState | None]] = {
    Step.START_VERIFICATION: {S.ACCEPTED: S.VERIFYING},
    Step.VERIFY: {S.ACCEPTED: S.HANDLING, S.VERIFYING: S.HANDLING, S.HANDLING: _UNCHANGED},
    Step.TRANSFER: {
        S.ACCEPTED: S.TRANSFERRED,
        S.VERIFYING: S.TRANSFERRED,
        S.HANDLING: S.TRANSFERRED,
        S.TRANSFERRED: _UNCHANGED,  # again, or up a level (the department could not solve it)
    },
    Step.TAKE_BACK: {S.TRANSFERRED: S.HANDLING},
    Step.NOTE_PROGRESS: {s: _UNCHANGED for s in OPEN_STATES},
    Step.REPLY: {S.HANDLING: S.REPLIED, S.REPLIED: _UNCHANGED},
    Step.HEAD_OFFICE_REPLY: {
        **{s: S.REPLIED for s in OPEN_STATES},
        **{s: _UNCHANGED for s in ANSWERED_STATES},
    },
    # CALL_BACK: REPLIED → 已回访, or 处理中 when 不满意 (see transition)
    Step.CALL_BACK: {S.REPLIED: S.CALLED_BACK},
    Step.CLOSE: {S.REPLIED: S.CLOSED, S.CALLED_BACK: S.CLOSED},
    Step.UPGRADE: {s: _UNCHANGED for s in S if s is not S.CLOSED},
    Step.LINK_INCIDENT: {s: _UNCHANGED for s in S if s is not S.CLOSED},
}


def _refusal(step: Step, state: ComplaintState) -> str:
    if state is S.CLOSED:
        return CLOSED
    if step in (Step.CALL_BACK, Step.CLOSE):
        return ALREADY_CALLED_BACK if state is S.CALLED_BACK else REPLY_FIRST
    if state in ANSWERED_STATES:
        return ANSWERED
    if step is Step.START_VERIFICATION:
        return VERIFICATION_STARTED
    if step is Step.TAKE_BACK:
        return NOT_TRANSFERRED
    if state is S.TRANSFERRED:
        return TAKE_BACK_FIRST
    return VERIFY_FIRST  # REPLY from 已受理 / 核实中


class Satisfaction(StrEnum):
    SATISFIED = "满意"
    FAIRLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"


def transition(
    state: ComplaintState, step: Step, *, satisfaction: Satisfaction | None = None
) -> ComplaintState:
    """The state after ``step``, or :class:`StepRefused` (code: what must happen first)."""
    allowed = _ALLOWED[step]
    if state not in allowed:
        raise StepRefused(_refusal(step, state), state=state.value, step=step.value)
    if step is Step.CALL_BACK:
        if satisfaction is None:
            raise ValueError("a callback needs the customer's satisfaction")
        if satisfaction is Satisfaction.DISSATISFIED:
            return S.HANDLING  # 不满意 reopens
    if step is Step.HEAD_OFFICE_REPLY:
        return state_after_reply(state)
    after = allowed[state]
    return state if after is None else after


def allowed_steps(state: ComplaintState) -> list[Step]:
    """The steps the complaint's state allows now (for the UI's buttons)."""
    return [step for step in Step if step is not Step.HEAD_OFFICE_REPLY and state in _ALLOWED[step]]


# -- what each step records ---------------------------------------------------------------------


class Verification(StrEnum):
    """判断投诉是否成立."""

    HOLDS = "成立"
    DOES_NOT_HOLD = "不成立"


class Responsibility(StrEnum):
    OURS = "我方"
    CUSTOMER = "客户"
    THIRD_PARTY = "第三方或不可抗力"


class HandlerKind(StrEnum):
    """Who the complaint was handed to (转派). The first responder never changes."""

    DEPARTMENT = "department"  # a department, by name
    HEAD_OFFICE = "head_office"  # 总部 (its reply arrives through the downlink)
    STAFF = "staff"  # a colleague of the hall, by staff number (it joins their follow-up list)


HEAD_OFFICE_NAME = "总部"


class ReplyMethod(StrEnum):
    """How the customer was told."""

    PHONE = "电话"
    SMS = "短信"
    IN_PERSON = "当面"
    LETTER = "信函"
    EMAIL = "电子邮件"
    APP = "网站/APP"


MAX_LEN = {
    "note": 1000,
    "to_name": 60,
    "content": 2000,
    "reason": 500,
    "told_customer": 1000,
    "escalation_reference": 50,
    "late_reason": 500,
    "quiet_note": 500,
}

# A time typed at the counter may be a few minutes ahead of the desk's clock.
CLOCK_SLACK = timedelta(minutes=5)


def _text(errors: ErrorCollector, value: str | None, field: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors.add("text.required", field)
    elif NUL in text:
        errors.add(TEXT_NUL, field)
    elif len(text) > MAX_LEN[field]:
        errors.add("text.too_long", field, max=MAX_LEN[field])
    return text


def _choice(errors: ErrorCollector, kind: type[E], value: object, field: str) -> E | None:
    if value in (None, ""):
        errors.add("choice.required", field)
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return kind(value)
    except ValueError:
        errors.add("choice.invalid", field)
        return None


@dataclass(frozen=True)
class VerificationResult:
    verification: Verification
    responsibility: Responsibility
    note: str


def validate_verification(
    verification: str, responsibility: str, note: str = ""
) -> VerificationResult:
    errors = ErrorCollector()
    holds = _choice(errors, Verification, verification, "verification")
    whose = _choice(errors, Responsibility, responsibility, "responsibility")
    text = _text(errors, note, "note", required=False)
    errors.raise_if_any()
    assert holds is not None and whose is not None
    return VerificationResult(holds, whose, text)


@dataclass(frozen=True)
class TransferOrder:
    kind: HandlerKind
    to_name: str  # department name, 总部, or the colleague's name (filled by the service)
    to_no: str  # the colleague's staff number; empty otherwise
    note: str


def validate_transfer(kind: str, to: str, note: str) -> TransferOrder:
    """``to``: the department's name (DEPARTMENT), the colleague's staff number (STAFF), ignored for
    HEAD_OFFICE. The note (what is asked of the handler) is required."""
    errors = ErrorCollector()
    handler = _choice(errors, HandlerKind, kind, "to_kind")
    target = _text(errors, to, "to_name", required=handler is not HandlerKind.HEAD_OFFICE)
    text = _text(errors, note, "note")
    errors.raise_if_any()
    assert handler is not None
    if handler is HandlerKind.HEAD_OFFICE:
        return TransferOrder(handler, HEAD_OFFICE_NAME, "", text)
    if handler is HandlerKind.STAFF:
        return TransferOrder(handler, "", target, text)
    return TransferOrder(handler, target, "", text)


def _moment(
    errors: ErrorCollector, at: datetime | None, field: str, *, not_before: datetime, now: datetime
) -> datetime | None:
    if at is None:
        errors.add("datetime.required", field)
        return None
    if at.tzinfo is None:
        errors.add("datetime.invalid", field)
        return None
    if at > now + CLOCK_SLACK:
        errors.add("datetime.in_future", field)
    elif at < not_before:
        errors.add("datetime.before_acceptance", field)
    return at


# -- issue 20: late entries (补录) and quiet hours for calls ---------------------------------------
#
# 补录: a reply recorded after its deadline with an earlier stated time (at or before the deadline)
# would turn a late complaint into an on-time one. The stated time is kept and shown, but every
# timeliness figure counts the reply by the time it was *recorded*, until head office accepts a
# store manager's confirmation of the stated time (:func:`counted_reply_time`). A 补录 needs a
# reason. A callback has no deadline of its own: it is 补录 when recorded on a later local day
# (Asia/Shanghai) than the call it states.
#
# Quiet hours (DOMAIN.md "Deadlines": no calls 22:00–08:00): a planned callback time (约定回访时间)
# or a time promised in a progress note that falls in them moves to the next 08:00
# (:func:`planned_call_time`, shown by the form before saving). A phone reply or callback whose
# *stated call time* falls in them needs a reason (:class:`QuietHoursReason`) and a note. SMS,
# letter, e-mail, the app and a reply in person are not calls.

LATE_ENTRY = "补录"


class QuietHoursReason(StrEnum):
    """Why a customer was called in the quiet hours."""

    CUSTOMER_ASKED = "客户要求"
    CUSTOMER_CALLED = "客户来电"


CALL_METHODS = frozenset({"电话"})  # ReplyMethod.PHONE: the only way of telling that is a call


def is_late_reply(stated: datetime, recorded: datetime, reply_due: datetime) -> bool:
    """补录: recorded after the deadline, with a stated time at or before it."""
    return recorded > reply_due and stated <= reply_due


def is_late_callback(stated: datetime, recorded: datetime) -> bool:
    """补录 of a callback: recorded on a later local day than the call it states."""
    return recorded.astimezone(SHANGHAI).date() > stated.astimezone(SHANGHAI).date()


def counted_reply_time(
    stated: datetime, recorded: datetime, reply_due: datetime, *, accepted: bool = False
) -> datetime:
    """The time a reply counts from for 回复及时率 and the 超时 filter: the time it was recorded
    for a 补录 reply (unless head office has accepted the stated time), else the stated time."""
    if is_late_reply(stated, recorded, reply_due) and not accepted:
        return recorded
    return stated


def planned_call_time(at: datetime, policy: Policy | None = None) -> datetime:
    """A planned callback / promised time moved out of the quiet hours (to the next 08:00)."""
    return out_of_quiet_hours(at, policy or Policy())


@dataclass(frozen=True)
class QuietHoursCall:
    """Why a call was made in the quiet hours (empty when it was not)."""

    reason: str = ""  # QuietHoursReason value
    note: str = ""


def _quiet_hours_call(
    errors: ErrorCollector,
    method: str,
    at: datetime | None,
    reason: str,
    note: str,
    policy: Policy,
) -> QuietHoursCall:
    if at is None or at.tzinfo is None or method not in CALL_METHODS:
        return QuietHoursCall()
    if not in_quiet_hours(at, policy):
        return QuietHoursCall()
    why = _choice(errors, QuietHoursReason, reason, "quiet_reason")
    text = _text(errors, note, "quiet_note")
    return QuietHoursCall(why.value if why is not None else "", text)


def validate_quiet_hours_call(
    method: str, at: datetime, reason: str, note: str, policy: Policy | None = None
) -> QuietHoursCall:
    """A call (``method`` 电话) stated at ``at``: in the quiet hours it needs ``reason``
    (客户要求 / 客户来电) and ``note`` (:class:`ValidationErrors` naming ``quiet_reason`` /
    ``quiet_note``). Used for head office's replies by phone too."""
    errors = ErrorCollector()
    call = _quiet_hours_call(errors, method, at, reason, note, policy or Policy())
    errors.raise_if_any()
    return call


def _late_reason(errors: ErrorCollector, late: bool, reason: str) -> str:
    if not late:
        return ""
    return _text(errors, reason, "late_reason")


@dataclass(frozen=True)
class CustomerReply:
    """The reply to the customer: what was said, how, when (who: the signed-in staff member)."""

    content: str
    method: ReplyMethod
    replied_at: datetime
    late_entry: bool = False  # 补录 (issue 20)
    late_reason: str = ""
    quiet_hours: QuietHoursCall = QuietHoursCall()
    planned_callback_at: datetime | None = None  # 约定回访时间, out of the quiet hours


def validate_reply(
    content: str,
    method: str,
    replied_at: datetime | None,
    *,
    accepted_at: datetime,
    now: datetime,
    reply_due: datetime | None = None,
    late_reason: str = "",
    quiet_reason: str = "",
    quiet_note: str = "",
    planned_callback_at: datetime | None = None,
    policy: Policy | None = None,
) -> CustomerReply:
    """``now`` is the time of recording; ``reply_due`` the complaint's deadline (补录 check)."""
    rules = policy or Policy()
    errors = ErrorCollector()
    text = _text(errors, content, "content")
    how = _choice(errors, ReplyMethod, method, "method")
    when = _moment(errors, replied_at or now, "replied_at", not_before=accepted_at, now=now)
    late = when is not None and reply_due is not None and is_late_reply(when, now, reply_due)
    why_late = _late_reason(errors, late, late_reason)
    quiet = _quiet_hours_call(
        errors, how.value if how else "", when, quiet_reason, quiet_note, rules
    )
    planned = None
    if planned_callback_at is not None:
        if planned_callback_at.tzinfo is None:
            errors.add("datetime.invalid", "planned_callback_at")
        else:
            planned = planned_call_time(planned_callback_at, rules)
    errors.raise_if_any()
    assert how is not None and when is not None
    return CustomerReply(text, how, when, late, why_late, quiet, planned)


@dataclass(frozen=True)
class Callback:
    satisfaction: Satisfaction
    reason: str  # required for 不满意
    called_at: datetime
    method: str = "电话"
    late_entry: bool = False  # 补录 (issue 20)
    late_reason: str = ""
    quiet_hours: QuietHoursCall = QuietHoursCall()


def validate_callback(
    satisfaction: str,
    reason: str,
    called_at: datetime | None,
    *,
    accepted_at: datetime,
    now: datetime,
    method: str = "电话",
    late_reason: str = "",
    quiet_reason: str = "",
    quiet_note: str = "",
    policy: Policy | None = None,
) -> Callback:
    """``now`` is the time of recording. A callback is by phone unless ``method`` says otherwise."""
    rules = policy or Policy()
    errors = ErrorCollector()
    how = _choice(errors, Satisfaction, satisfaction, "satisfaction")
    text = _text(errors, reason, "reason", required=how is Satisfaction.DISSATISFIED)
    way = _choice(errors, ReplyMethod, method, "method")
    when = _moment(errors, called_at or now, "called_at", not_before=accepted_at, now=now)
    late = when is not None and is_late_callback(when, now)
    why_late = _late_reason(errors, late, late_reason)
    quiet = _quiet_hours_call(
        errors, way.value if way else "", when, quiet_reason, quiet_note, rules
    )
    errors.raise_if_any()
    assert how is not None and when is not None and way is not None
    return Callback(how, text, when, way.value, late, why_late, quiet)


@dataclass(frozen=True)
class ProgressNote:
    """What the customer was told and the new promised time. The deadline does not move."""

    told_customer: str
    promised_at: datetime  # out of the quiet hours (moved to the next 08:00)


def validate_progress(
    told_customer: str, promised_at: datetime | None, *, now: datetime, policy: Policy | None = None
) -> ProgressNote:
    errors = ErrorCollector()
    text = _text(errors, told_customer, "told_customer")
    if promised_at is None:
        errors.add("datetime.required", "promised_at")
    elif promised_at.tzinfo is None:
        errors.add("datetime.invalid", "promised_at")
    elif promised_at <= now:
        errors.add("datetime.not_in_future", "promised_at")
    errors.raise_if_any()
    assert promised_at is not None
    return ProgressNote(text, planned_call_time(promised_at, policy))


@dataclass(frozen=True)
class Upgrade:
    """升级投诉 after intake: where the customer went and the escalation tendency."""

    source: EscalationSource
    reference: str
    tendency: EscalationTendency


def validate_upgrade(source: str, reference: str = "", tendency: str = "") -> Upgrade:
    errors = ErrorCollector()
    where = _choice(errors, EscalationSource, source, "escalation_source")
    ref = _text(errors, reference, "escalation_reference", required=False)
    if where in (EscalationSource.REGULATOR, EscalationSource.MIIT) and not ref:
        errors.add("text.required", "escalation_reference")
    lean = _choice(
        errors, EscalationTendency, tendency or EscalationTendency.NONE.value, "escalation_tendency"
    )
    errors.raise_if_any()
    assert where is not None and lean is not None
    return Upgrade(where, ref, lean)
