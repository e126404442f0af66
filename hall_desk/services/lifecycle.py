"""首问责任制: handling a complaint until the customer has had the answer (DOMAIN.md "Handling steps").

One function per user action, one transaction each: the state step is checked by
:func:`hall_desk.domain.lifecycle.transition`, the complaint row (and the step's own record) is
written, and one ``complaint.<step>`` event carries the complaint's full state after the change
(:func:`~hall_desk.services.complaints.complaint_state`, so head office's complaint upsert and the
other desks' downlink apply it like any complaint event), ``changes`` (before → after) and, under one
extra key ``record``, the step's own record (the verification, transfer, progress note, reply,
callback, upgrade or incident link; ``{}`` for a step without one).

Who may act (DOMAIN.md's permission table): the first responder, the colleague it was transferred to
(current handler), and shift leaders and store managers for the whole hall. Only the desk that
recorded a complaint changes it (the other desks apply its events): elsewhere a step is refused with
``lifecycle.other_desk`` naming that desk.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import peewee

from hall_desk.domain.complaints import OPEN_STATES, ComplaintState, EscalationSource
from hall_desk.domain.errors import NotFound, PermissionDenied, ValidationError
from hall_desk.domain.lifecycle import (
    LATE_ENTRY,
    REPLY_FIRST,
    HandlerKind,
    Satisfaction,
    Step,
    StepRefused,
    counted_reply_time,
    transition,
    validate_callback,
    validate_progress,
    validate_reply,
    validate_transfer,
    validate_upgrade,
    validate_verification,
)
from hall_desk.domain.payloads import LATE_REPLY_CONFIRMED as LATE_REPLY_CONFIRMED_EVENT
from hall_desk.domain.staff import Permission, may, require
from hall_desk.domain.text import TEXT_NUL
from hall_desk.services.complaints import complaint_state, send_media_complaint_to_head_office
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import require_desk
from hall_desk.services.views import (
    CallbackView,
    ComplaintView,
    CustomerReplyView,
    ProgressNoteView,
    TransferRecordView,
    view_of,
)
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import (
    CallbackRecord,
    Complaint,
    ComplaintReply,
    CustomerReplyRecord,
    ProgressNoteRecord,
    Staff,
    TransferRecord,
)

log = logging.getLogger(__name__)

V = TypeVar("V")

NOT_MEDIA = "media.not_marked"  # refused: not a media complaint (issue 20)
OTHER_DESK = "lifecycle.other_desk"  # refused: change it at the desk that recorded it
NOT_YOURS = "complaint.not_yours"  # permission: neither first responder, handler nor leader
HANDLER_UNKNOWN = "transfer.staff_unknown"  # validation: no active colleague with that number
HANDLER_SELF = "transfer.to_first_responder"  # validation: the first responder has it anyway

# Event types (complaint.* : head office upserts the complaint from the payload).
EVENT_TYPES = {
    Step.START_VERIFICATION: "complaint.verification_started",
    Step.VERIFY: "complaint.verified",
    Step.TRANSFER: "complaint.transferred",
    Step.TAKE_BACK: "complaint.taken_back",
    Step.NOTE_PROGRESS: "complaint.progress_noted",
    Step.REPLY: "complaint.replied_to_customer",
    Step.CALL_BACK: "complaint.called_back",
    Step.CLOSE: "complaint.closed",
    Step.UPGRADE: "complaint.upgraded",
    Step.LINK_INCIDENT: "complaint.linked_to_incident",
}


@signed_in
def may_act_on(session: StaffSession, row: Complaint | ComplaintView) -> bool:
    """First responder, the colleague handling it, or a shift leader / store manager."""
    if not may(session.role, Permission.RECORD_COMPLAINT):
        return False
    return may(session.role, Permission.SEE_HALL_COMPLAINTS) or session.staff_no in (
        row.first_responder_no,
        row.handler_no,
    )


def _load_for_step(session: StaffSession, complaint_id: str) -> Complaint:
    require(session.role, Permission.RECORD_COMPLAINT)
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotFound("complaint.not_found")
    if not may_act_on(session, row):
        raise PermissionDenied(NOT_YOURS, number=row.number)
    desk = require_desk()
    if row.desk_code != desk.desk_code:
        raise StepRefused(OTHER_DESK, desk=row.desk_code, number=row.number)
    return row


def _apply_step(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    step: Step,
    change: Callable[[Complaint, datetime], dict[str, Any] | None],
    *,
    satisfaction: Satisfaction | None = None,
) -> Complaint:
    """The common shape of every step: in one transaction, check who and the state, let ``change``
    alter the row (and write its own record, returned for the event under ``record``), save,
    and append one event with the full state. Also used by the incidents service."""
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_step(session, complaint_id)
        before = complaint_state(row)
        new_state = transition(ComplaintState(row.state), step, satisfaction=satisfaction)
        record = change(row, now)
        row.state = new_state.value
        row.updated_at = now
        row.save()
        state = complaint_state(row)
        state["record"] = record or {}  # the step's own record (not a field: not in ``changes``)
        before["record"] = state["record"]
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=EVENT_TYPES[step],
            actor=session.staff_no,
            at=now,
            state=state,
            before=before,
        )
    log.info("complaint %s: %s by %s", row.number, step.value, session.staff_no)
    return row


@signed_in
def apply_step(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    step: Step,
    change: Callable[[Complaint, datetime], dict[str, Any] | None],
    *,
    satisfaction: Satisfaction | None = None,
) -> ComplaintView:
    """:func:`_apply_step` and the complaint after it, as a view."""
    row = _apply_step(ctx, session, complaint_id, step, change, satisfaction=satisfaction)
    return view_of(ComplaintView, row)


def _who(session: StaffSession) -> dict[str, str]:
    return {"staff_no": session.staff_no, "staff_name": session.name}


def _step_record(
    model: Any, row: Complaint, session: StaffSession, now: datetime, **fields: Any
) -> dict[str, Any]:
    """Keep a step's own record (who, when) and return it as the event's ``record``."""
    record = model.create(
        id=str(uuid.uuid4()), complaint_id=row.id, recorded_at=now, **fields, **_who(session)
    )
    return {"id": record.id, **fields, **_who(session)}


# -- the steps ----------------------------------------------------------------------------------


@signed_in
def start_verification(ctx: DeskContext, session: StaffSession, complaint_id: str) -> ComplaintView:
    """了解与核实 begins: 已受理 → 核实中."""
    return apply_step(ctx, session, complaint_id, Step.START_VERIFICATION, lambda row, now: None)


@signed_in
def verify(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    *,
    verification: str,
    responsibility: str,
    note: str = "",
) -> ComplaintView:
    """核实 recorded: whether the complaint holds (成立/不成立) and whose responsibility it is
    (我方/客户/第三方或不可抗力). 已受理/核实中 → 处理中; in 处理中 it corrects the result."""
    result = validate_verification(verification, responsibility, note)

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        row.verification = result.verification.value
        row.responsibility = result.responsibility.value
        row.verification_note = result.note
        return {
            "verification": result.verification.value,
            "responsibility": result.responsibility.value,
            "note": result.note,
            **_who(session),
        }

    return apply_step(ctx, session, complaint_id, Step.VERIFY, change)


@signed_in
def transfer(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    *,
    to_kind: str,
    to: str = "",
    note: str,
) -> ComplaintView:
    """转派: to a department (``to`` = its name), to head office (``to`` ignored) or to a colleague
    (``to`` = staff number). The first responder stays responsible and keeps it on their list; the
    current handler is recorded (``handler_kind``/``handler_no``/``handler_name``). → 已转派."""
    order = validate_transfer(to_kind, to, note)
    to_no, to_name = order.to_no, order.to_name
    if order.kind is HandlerKind.STAFF:
        colleague = Staff.get_or_none((Staff.staff_no == to_no) & (Staff.active == True))  # noqa: E712
        if colleague is None:
            raise ValidationError(HANDLER_UNKNOWN, "to_name", staff_no=to_no)
        to_name = colleague.name

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        if order.kind is HandlerKind.STAFF and to_no == row.first_responder_no:
            raise ValidationError(HANDLER_SELF, "to_name")
        row.handler_kind, row.handler_no, row.handler_name = order.kind.value, to_no, to_name
        return _step_record(
            TransferRecord,
            row,
            session,
            now,
            to_kind=order.kind.value,
            to_no=to_no,
            to_name=to_name,
            note=order.note,
        )

    return apply_step(ctx, session, complaint_id, Step.TRANSFER, change)


@signed_in
def take_back(
    ctx: DeskContext, session: StaffSession, complaint_id: str, *, note: str = ""
) -> ComplaintView:
    """The handler's result is back at the hall (or the hall takes it back): 已转派 → 处理中. The
    handler stays recorded (谁处理，谁负责); ``note``: what the handler found or did."""
    text = (note or "").strip()
    if len(text) > 1000:
        raise ValidationError("text.too_long", "note", max=1000)
    return apply_step(
        ctx, session, complaint_id, Step.TAKE_BACK, lambda row, now: {"note": text, **_who(session)}
    )


@signed_in
def note_progress(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    *,
    told_customer: str,
    promised_at: datetime | None,
) -> ComplaintView:
    """It cannot be solved yet: what the customer was told and the new promised time. The deadline
    (``reply_due``) does not move and an overdue complaint stays overdue."""
    progress = validate_progress(told_customer, promised_at, now=ctx.clock.now(), policy=ctx.policy)

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        row.promised_at = progress.promised_at
        return _step_record(
            ProgressNoteRecord,
            row,
            session,
            now,
            told_customer=progress.told_customer,
            promised_at=progress.promised_at,
        )

    return apply_step(ctx, session, complaint_id, Step.NOTE_PROGRESS, change)


@signed_in
def reply_to_customer(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    *,
    content: str,
    method: str,
    replied_at: datetime | None = None,
    late_reason: str = "",
    quiet_reason: str = "",
    quiet_note: str = "",
    planned_callback_at: datetime | None = None,
) -> ComplaintView:
    """The reply to the customer (what was said, how, when — now unless given; by the signed-in
    staff member), its own record. 处理中 → 已答复 (a further reply when already 已答复).

    Issue 20: recorded after the deadline with an earlier stated time it is 补录 (``late_reason``
    required) and counts by the time recorded (``reply_counted_at``); a phone reply stated in the
    quiet hours needs ``quiet_reason`` (客户要求 / 客户来电) and ``quiet_note``; the planned callback
    time (约定回访时间) moves out of the quiet hours."""
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotFound("complaint.not_found")
    now = ctx.clock.now()
    reply = validate_reply(
        content,
        method,
        replied_at,
        accepted_at=row.accepted_at,
        now=now,
        reply_due=row.reply_due,
        late_reason=late_reason,
        quiet_reason=quiet_reason,
        quiet_note=quiet_note,
        planned_callback_at=planned_callback_at,
        policy=ctx.policy,
    )

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        if row.replied_at is None or reply.replied_at < row.replied_at:
            row.replied_at = reply.replied_at
        counted = counted_reply_time(reply.replied_at, now, row.reply_due)
        if row.reply_counted_at is None or counted < row.reply_counted_at:
            row.reply_counted_at = counted
        if reply.late_entry and not row.late_reply:
            row.late_reply = LATE_ENTRY
        if reply.planned_callback_at is not None:
            row.planned_callback_at = reply.planned_callback_at
        return _step_record(
            CustomerReplyRecord,
            row,
            session,
            now,
            content=reply.content,
            method=reply.method.value,
            replied_at=reply.replied_at,
            late_entry=reply.late_entry,
            late_reason=reply.late_reason,
            quiet_reason=reply.quiet_hours.reason,
            quiet_note=reply.quiet_hours.note,
            planned_callback_at=reply.planned_callback_at,
        )

    return apply_step(ctx, session, complaint_id, Step.REPLY, change)


@signed_in
def call_back(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    *,
    satisfaction: str,
    reason: str = "",
    called_at: datetime | None = None,
    method: str = "电话",
    late_reason: str = "",
    quiet_reason: str = "",
    quiet_note: str = "",
) -> ComplaintView:
    """回访: 满意 / 基本满意 → 已回访; 不满意 (reason required) reopens to 处理中 and flags the
    complaint (``dissatisfied``; the flag stays). Only after a reply (已答复).

    Issue 20: recorded on a later day than the call it states it is 补录 (``late_reason``
    required); a phone callback stated in the quiet hours needs ``quiet_reason`` and ``quiet_note``."""
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotFound("complaint.not_found")
    callback = validate_callback(
        satisfaction,
        reason,
        called_at,
        accepted_at=row.accepted_at,
        now=ctx.clock.now(),
        method=method,
        late_reason=late_reason,
        quiet_reason=quiet_reason,
        quiet_note=quiet_note,
        policy=ctx.policy,
    )

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        row.satisfaction = callback.satisfaction.value
        if callback.satisfaction is Satisfaction.DISSATISFIED:
            row.dissatisfied = True
        return _step_record(
            CallbackRecord,
            row,
            session,
            now,
            satisfaction=callback.satisfaction.value,
            reason=callback.reason,
            called_at=callback.called_at,
            method=callback.method,
            late_entry=callback.late_entry,
            late_reason=callback.late_reason,
            quiet_reason=callback.quiet_hours.reason,
            quiet_note=callback.quiet_hours.note,
        )

    return apply_step(
        ctx, session, complaint_id, Step.CALL_BACK, change, satisfaction=callback.satisfaction
    )


LATE_REPLY_CONFIRMED = "店长已确认"
LATE_REPLY_ACCEPTED = "总部已认可"
NO_LATE_REPLY = "late_reply.none"  # refused: the complaint has no 补录 reply to confirm
OWN_LATE_REPLY = "late_reply.own"  # permission: a store manager may not confirm their own reply


@signed_in
def confirm_late_reply(
    ctx: DeskContext, session: StaffSession, complaint_id: str, *, note: str
) -> ComplaintView:
    """A store manager's confirmation of a 补录 reply's stated time (what they checked: ``note``),
    its own event ``complaint.late_reply_confirmed``. Never of a reply they recorded themselves.
    It does not make the reply count as on time: only head office's acceptance does
    (``complaint.late_reply_accepted``, :func:`hall_desk.sync.downlink`)."""
    require(session.role, Permission.CONFIRM_LATE_REPLY)
    text = (note or "").strip()
    if not text:
        raise ValidationError("text.required", "note")
    if len(text) > 1000 or "\x00" in text:
        raise ValidationError("text.too_long" if len(text) > 1000 else TEXT_NUL, "note")
    now = ctx.clock.now()
    with unit_of_work():
        row = _load_for_step(session, complaint_id)
        if row.late_reply != LATE_ENTRY:
            raise StepRefused(NO_LATE_REPLY, number=row.number, late_reply=row.late_reply)
        reply = (
            CustomerReplyRecord.select()
            .where(
                (CustomerReplyRecord.complaint_id == row.id)
                & (CustomerReplyRecord.late_entry == True)  # noqa: E712
            )
            .order_by(CustomerReplyRecord.replied_at)
            .first()
        )
        if reply is None:
            raise StepRefused(NO_LATE_REPLY, number=row.number, late_reply=row.late_reply)
        if reply.staff_no == session.staff_no:
            raise PermissionDenied(OWN_LATE_REPLY, number=row.number)
        before = complaint_state(row)
        row.late_reply = LATE_REPLY_CONFIRMED
        row.updated_at = now
        row.save()
        state = complaint_state(row)
        state["record"] = {
            "reply_id": reply.id,
            "reply_staff_no": reply.staff_no,
            "stated_at": reply.replied_at,
            "recorded_at": reply.recorded_at,
            "note": text,
            **_who(session),
        }
        before["record"] = state["record"]
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=LATE_REPLY_CONFIRMED_EVENT,
            actor=session.staff_no,
            at=now,
            state=state,
            before=before,
        )
    log.info("complaint %s: late reply confirmed by %s", row.number, session.staff_no)
    return view_of(ComplaintView, row)


@signed_in
def close(ctx: DeskContext, session: StaffSession, complaint_id: str) -> ComplaintView:
    """归档: only once the customer has had a recorded reply (已答复 or 已回访)."""

    def change(row: Complaint, now: datetime) -> None:
        if not has_reply(row.id):
            raise StepRefused(REPLY_FIRST, state=row.state, step=Step.CLOSE.value)
        row.closed_at = now

    return apply_step(ctx, session, complaint_id, Step.CLOSE, change)


@signed_in
def upgrade(
    ctx: DeskContext,
    session: StaffSession,
    complaint_id: str,
    *,
    source: str,
    reference: str = "",
    tendency: str = "",
) -> ComplaintView:
    """升级投诉 after intake: the customer went over the hall's head (where, reference, tendency).
    Marks it escalated and important; the state does not change."""
    up = validate_upgrade(source, reference, tendency)

    def change(row: Complaint, now: datetime) -> dict[str, Any]:
        row.escalated = True
        row.important = True
        row.escalation_source = up.source.value
        row.escalation_reference = up.reference
        row.escalation_tendency = up.tendency.value
        if up.source is EscalationSource.MEDIA:
            row.media = True
        return {
            "source": up.source.value,
            "reference": up.reference,
            "tendency": up.tendency.value,
            **_who(session),
        }

    with unit_of_work():  # issue 20: marked 媒体记者 later, it goes to head office in this save
        row = _apply_step(ctx, session, complaint_id, Step.UPGRADE, change)
        if up.source is EscalationSource.MEDIA:
            send_media_complaint_to_head_office(row, session, ctx.clock.now())
    return view_of(ComplaintView, row)


MEDIA_REPORTED_EVENT = "complaint.media_reported"


@signed_in
def record_media_report(
    ctx: DeskContext, session: StaffSession, complaint_id: str
) -> ComplaintView:
    """Issue 20: the signed-in staff member has reported the media complaint to 综合部 by phone:
    who and when are recorded (``complaint.media_reported``); the state does not change."""
    require(session.role, Permission.RECORD_COMPLAINT)
    now = ctx.clock.now()
    with unit_of_work():
        row = Complaint.get_or_none(Complaint.id == complaint_id)
        if row is None:
            raise NotFound("complaint.not_found")
        desk = require_desk()
        if row.desk_code != desk.desk_code:
            raise StepRefused(OTHER_DESK, desk=row.desk_code, number=row.number)
        if not row.media:
            raise StepRefused(NOT_MEDIA, number=row.number)
        before = complaint_state(row)
        row.media_reported_by = f"{session.name}（{session.staff_no}）"
        row.media_reported_at = now
        row.updated_at = now
        row.save()
        state = complaint_state(row)
        state["record"] = {"reported_at": now, **_who(session)}
        before["record"] = state["record"]
        append_event(
            hall=row.hall_code,
            desk=row.desk_code,
            type=MEDIA_REPORTED_EVENT,
            actor=session.staff_no,
            at=now,
            state=state,
            before=before,
        )
    log.info("complaint %s: reported to 综合部 by %s", row.number, session.staff_no)
    return view_of(ComplaintView, row)


# -- reading --------------------------------------------------------------------------------------


def has_reply(complaint_id: str) -> bool:
    """The customer has had an answer: the hall's reply or head office's (``complaint.replied``)."""
    return (
        CustomerReplyRecord.select()
        .where(CustomerReplyRecord.complaint_id == complaint_id)
        .exists()
        or ComplaintReply.select().where(ComplaintReply.complaint_id == complaint_id).exists()
    )


def _records_of(view: type[V], model: Any, complaint_id: str, when: Any) -> list[V]:
    """One complaint's step records of one kind, oldest first, as views."""
    query = model.select().where(model.complaint_id == complaint_id).order_by(when)
    return [view_of(view, r) for r in query]


def customer_replies(complaint_id: str) -> list[CustomerReplyView]:
    """The hall's replies to the customer, oldest first."""
    return _records_of(
        CustomerReplyView, CustomerReplyRecord, complaint_id, CustomerReplyRecord.replied_at
    )


def callbacks(complaint_id: str) -> list[CallbackView]:
    return _records_of(CallbackView, CallbackRecord, complaint_id, CallbackRecord.called_at)


def progress_notes(complaint_id: str) -> list[ProgressNoteView]:
    return _records_of(
        ProgressNoteView, ProgressNoteRecord, complaint_id, ProgressNoteRecord.recorded_at
    )


def transfers(complaint_id: str) -> list[TransferRecordView]:
    return _records_of(TransferRecordView, TransferRecord, complaint_id, TransferRecord.recorded_at)


def transfer_targets() -> list[tuple[str, str]]:
    """(staff number, name) of the hall's active staff, for "转派 to a colleague"."""
    query = Staff.select(Staff.staff_no, Staff.name).where(Staff.active == True)  # noqa: E712
    return [(s.staff_no, s.name) for s in query.order_by(Staff.staff_no)]


def my_open_complaints_condition(staff_no: str) -> peewee.Expression:
    """The follow-up rule (首问责任制): open complaints where ``staff_no`` is the first responder or
    the current handler (a condition for the follow-up list's query)."""
    open_states = sorted(s.value for s in OPEN_STATES)
    return Complaint.state.in_(open_states) & (
        (Complaint.first_responder_no == staff_no) | (Complaint.handler_no == staff_no)
    )
