"""每诉必录: recording a complaint, the customer's history, the lists, and the receipt's data."""

from __future__ import annotations

import logging
import uuid
from collections import namedtuple
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import peewee

from hall_desk.domain.complaints import (
    MEDIA_TRANSFER_NOTE,
    OPEN_STATES,
    ComplaintDraft,
    ComplaintIntake,
    ComplaintState,
    EarlierComplaint,
    RepeatCheck,
    find_repeats,
    repeat_window_start,
    validate_intake,
)
from hall_desk.domain.deadlines import Coordination, Deadlines, reply_deadline
from hall_desk.domain.errors import NotFound
from hall_desk.domain.identity import normalise_phone, phone_forms
from hall_desk.domain.incidents import IncidentState, check_open
from hall_desk.domain.lifecycle import HEAD_OFFICE_NAME, HandlerKind, Step, transition
from hall_desk.domain.money import from_fen, to_fen
from hall_desk.domain.policy import NetworkUrgency, Tier
from hall_desk.domain.staff import Permission, may, require
from hall_desk.domain.templates import ComplaintTemplate, check_usable, refuse_unfilled
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import require_desk
from hall_desk.services.views import ComplaintView, view_of
from hall_desk.storage.day_numbers import next_day_number
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import (
    Complaint,
    ComplaintLink,
    ComplaintReply,
    Incident,
    TransferRecord,
)
from hall_desk.storage.search_index import OPEN_STATES_SQL, match_from, text_match

log = logging.getLogger(__name__)

REPEAT_LINK = "repeat"


@dataclass(frozen=True)
class ComplaintSummary:
    """One line of a list or of a customer's history (phone unmasked: the UI masks it)."""

    id: str
    number: str
    phone: str
    customer_name: str
    tier: str
    main_class: str
    sub_class: str
    description: str
    state: str
    accepted_at: datetime
    reply_due: datetime
    first_responder_no: str
    first_responder_name: str
    repeat: bool
    escalated: bool
    important: bool
    desk_code: str = ""  # the counter that recorded it (this desk's, or pulled from another)
    handler_name: str = ""  # after a 转派: the department, 总部 or the colleague handling it
    handler_no: str = ""  # the colleague's staff number when a colleague handles it
    dissatisfied: bool = False  # a callback was 不满意 (reopened)
    incident_id: str | None = None  # 重大批量投诉
    promised_at: datetime | None = None  # the latest time promised to the customer
    deadline_estimated: bool = False  # 估: a working-day deadline past the holiday calendar
    late_reply: str = ""  # issue 20: '' / 补录 / 店长已确认 / 总部已认可 (shown 补录 in lists)
    deadline_corrected: bool = False  # issue 20: the 估 deadline was corrected (已更正)
    media: bool = False  # 媒体记者 (重要投诉)
    hq_returned_note: str = ""  # issue 17: head office handed it back to the hall with this note


@dataclass(frozen=True)
class RecordedComplaint:
    id: str
    number: str
    deadlines: Deadlines
    repeat: RepeatCheck
    media: bool = False  # issue 20: 媒体记者: transferred to head office, to be reported to 综合部


# The columns complaint_summary reads: a list loads only these (issue 22: half of a list's time
# went into building whole rows, every time column parsed).
SUMMARY_FIELDS = tuple(
    getattr(Complaint, name)
    for name in [
        "id",
        "number",
        "phone",
        "customer_name",
        "tier",
        "main_class",
        "sub_class",
        "description",
        "state",
        "accepted_at",
        "reply_due",
        "first_responder_no",
        "first_responder_name",
        "repeat",
        "escalated",
        "important",
        "desk_code",
        "handler_name",
        "handler_no",
        "dissatisfied",
        "incident_id",
        "promised_at",
        "reply_due_estimated",
        "late_reply",
        "reply_due_estimate",
        "media",
        "hq_returned_note",
    ]
)

_SummaryRow = namedtuple("_SummaryRow", [field.name for field in SUMMARY_FIELDS])  # type: ignore[misc]
_SUMMARY_COLUMNS = ", ".join(field.column_name for field in SUMMARY_FIELDS)
# the columns whose value SQLite gives is converted (times, flags): (position, conversion); text
# from a TEXT column is already a str (peewee's TextField would only check that, 200 rows × 20
# columns a list)
_CONVERSIONS = tuple(
    (position, field.python_value)
    for position, field in enumerate(SUMMARY_FIELDS)
    if type(field) is not peewee.TextField
)
_IDS_PER_STATEMENT = 500


def complaint_summary(row: Complaint) -> ComplaintSummary:
    return ComplaintSummary(
        id=row.id,
        number=row.number,
        phone=row.phone,
        customer_name=row.customer_name,
        tier=row.tier,
        main_class=row.main_class,
        sub_class=row.sub_class,
        description=row.description,
        state=row.state,
        accepted_at=row.accepted_at,
        reply_due=row.reply_due,
        first_responder_no=row.first_responder_no,
        first_responder_name=row.first_responder_name,
        repeat=row.repeat,
        escalated=row.escalated,
        important=row.important,
        desk_code=row.desk_code,
        handler_name=row.handler_name,
        handler_no=row.handler_no,
        dissatisfied=row.dissatisfied,
        incident_id=row.incident_id,
        promised_at=row.promised_at,
        deadline_estimated=bool(row.reply_due_estimated),
        late_reply=row.late_reply,
        deadline_corrected=row.reply_due_estimate is not None,
        media=bool(row.media),
        hq_returned_note=row.hq_returned_note or "",
    )


def _earlier_of(phone: str, since: datetime) -> list[EarlierComplaint]:
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.number,
            Complaint.main_class,
            Complaint.sub_class,
            Complaint.accepted_at,
        )
        .where(Complaint.phone.in_(phone_forms(phone)) & (Complaint.accepted_at >= since))
        .order_by(Complaint.accepted_at.desc())
    )
    return [
        EarlierComplaint(r.id, r.number, r.main_class, r.sub_class, r.accepted_at) for r in query
    ]


def customer_history(phone_text: str, limit: int = 20) -> list[ComplaintSummary]:
    """The customer's earlier complaints at any counter of the hall (this desk's and those pulled
    from the others), newest first (shown beside the intake form)."""
    phone = normalise_phone(phone_text)
    query = (
        Complaint.select()
        .where(Complaint.phone.in_(phone_forms(phone)))  # a pulled 400/800 number's older form too
        .order_by(Complaint.accepted_at.desc())
        .limit(limit)
    )
    return [complaint_summary(r) for r in query]


def preview_deadlines(
    ctx: DeskContext, tier: str, network_urgency: str | None, coordination: str | None = None
) -> Deadlines:
    """The deadlines the complaint would get if accepted now (shown before saving)."""
    urgency = NetworkUrgency(network_urgency) if network_urgency else None
    across = Coordination(coordination) if coordination and urgency is not None else None
    return reply_deadline(ctx.clock.now(), Tier(tier), urgency, ctx.policy, across)


def preview_repeat(
    ctx: DeskContext, phone_text: str, main_class: str, sub_class: str
) -> RepeatCheck:
    """What the saving service will decide about 重复投诉, for the warning on the form."""
    now = ctx.clock.now()
    phone = normalise_phone(phone_text)
    earlier = _earlier_of(phone, repeat_window_start(now, ctx.policy))
    return find_repeats(main_class, sub_class, now, earlier, ctx.policy)


def check_draft(ctx: DeskContext, draft: ComplaintDraft) -> ComplaintIntake:
    """Validate without saving (before the read-back); the same rules ``record_complaint`` applies."""
    return validate_intake(draft, ctx.catalogue, ctx.clock.now())


def complaint_state(row: Complaint) -> dict[str, Any]:
    """The complaint's full state as it travels in its events."""
    return {
        "id": row.id,
        "number": row.number,
        "hall": row.hall_code,
        "desk": row.desk_code,
        "phone": row.phone,
        "customer_name": row.customer_name,
        "tier": row.tier,
        "channel": row.channel,
        "main_class": row.main_class,
        "sub_class": row.sub_class,
        "regulator_class": row.regulator_class,
        "occurred_at": row.occurred_at,
        "place": row.place,
        "amount": from_fen(row.amount_fen) if row.amount_fen is not None else None,
        "description": row.description,
        "customer_request": row.customer_request,
        "network_urgency": row.network_urgency,
        "escalation_source": row.escalation_source,
        "escalation_reference": row.escalation_reference,
        "escalation_tendency": row.escalation_tendency,
        "important": row.important,
        "media": row.media,
        "escalated": row.escalated,
        "repeat": row.repeat,
        "state": row.state,
        "first_responder_no": row.first_responder_no,
        "first_responder_name": row.first_responder_name,
        "accepted_at": row.accepted_at,
        "reply_due": row.reply_due,
        "regulator_due": row.regulator_due,
        "deadline_basis": row.deadline_basis,
        "policy_version": row.policy_version,
        # schema v5 (the lifecycle)
        "verification": row.verification,
        "responsibility": row.responsibility,
        "verification_note": row.verification_note,
        "handler_kind": row.handler_kind,
        "handler_no": row.handler_no,
        "handler_name": row.handler_name,
        "satisfaction": row.satisfaction,
        "dissatisfied": row.dissatisfied,
        "promised_at": row.promised_at,
        "replied_at": row.replied_at,
        "closed_at": row.closed_at,
        "incident_id": row.incident_id,
        # schema v7
        "reply_due_estimated": row.reply_due_estimated,
        # issue 23: only for a complaint entered from a 常用模板 (others' events are unchanged;
        # the benchmark seeder's rows, which predate templates, have no such attribute)
        **(
            {"template_id": row.template_id, "template_version": row.template_version}
            if getattr(row, "template_id", None) is not None
            else {}
        ),
        # issue 20 (schema ISSUE20_RULES)
        "reply_counted_at": row.reply_counted_at,
        "late_reply": row.late_reply,
        "planned_callback_at": row.planned_callback_at,
        "media_reported_by": row.media_reported_by,
        "media_reported_at": row.media_reported_at,
        "reply_due_estimate": row.reply_due_estimate,
    }


@signed_in
def record_complaint(
    ctx: DeskContext,
    session: StaffSession,
    draft: ComplaintDraft,
    *,
    incident_id: str | None = None,
    template: ComplaintTemplate | None = None,
) -> RecordedComplaint:
    """Save a complaint (after read-back). One transaction: the complaint, its repeat links, its event.

    The first responder (首问责任人) is the signed-in staff member, set here once. Repeat detection
    (重复投诉) is decided here, not by the form. ``incident_id``: an open incident (重大批量投诉) the
    complaint belongs to (see :func:`hall_desk.services.incidents.quick_intake`). ``template``:
    the 常用模板 the form was filled from (issue 23): recorded with its version; refused when its
    sub-class has left the catalogue or a blank of it is still in the text.
    """
    require(session.role, Permission.RECORD_COMPLAINT)
    if template is not None:
        check_usable(template, ctx.catalogue)
        refuse_unfilled(draft.description, draft.customer_request)
    now = ctx.clock.now()
    policy = ctx.policy  # the policy in force now: its deadlines stay with the complaint
    intake: ComplaintIntake = validate_intake(draft, ctx.catalogue, now)
    desk = require_desk()
    deadlines = reply_deadline(
        now, intake.tier, intake.network_urgency, policy, intake.coordination, ctx.calendar
    )
    with unit_of_work():
        if incident_id is not None:
            incident = Incident.get_or_none(Incident.id == incident_id)
            if incident is None:
                raise NotFound("incident.not_found")
            check_open(IncidentState(incident.state))
        earlier = _earlier_of(intake.phone, repeat_window_start(now, policy))
        repeat = find_repeats(intake.main_class, intake.sub_class, now, earlier, policy)
        row = Complaint.create(
            id=str(uuid.uuid4()),
            number=next_day_number(desk.desk_code, now),
            hall_code=desk.code,
            desk_code=desk.desk_code,
            phone=intake.phone,
            customer_name=intake.customer_name,
            tier=intake.tier.value,
            channel=intake.channel.value,
            main_class=intake.main_class,
            sub_class=intake.sub_class,
            regulator_class=intake.regulator_class,
            occurred_at=intake.occurred_at,
            place=intake.place,
            amount_fen=to_fen(intake.amount) if intake.amount is not None else None,
            description=intake.description,
            customer_request=intake.customer_request,
            network_urgency=intake.network_urgency.value if intake.network_urgency else None,
            escalation_source=intake.escalation_source.value if intake.escalation_source else None,
            escalation_reference=intake.escalation_reference,
            escalation_tendency=intake.escalation_tendency.value,
            important=intake.important,
            media=intake.media,
            escalated=intake.escalated,
            repeat=repeat.is_repeat,
            state=ComplaintState.ACCEPTED.value,
            first_responder_no=session.staff_no,
            first_responder_name=session.name,
            accepted_at=now,
            reply_due=deadlines.reply_due,
            regulator_due=deadlines.regulator_due,
            deadline_basis=deadlines.basis,
            reply_due_estimated=deadlines.estimated,
            policy_version=policy.version,
            updated_at=now,
            incident_id=incident_id,
            template_id=template.id if template is not None else None,
            template_version=template.version if template is not None else None,
        )
        for other in repeat.earlier:
            ComplaintLink.create(complaint_id=row.id, earlier_id=other.id, kind=REPEAT_LINK)
        state = complaint_state(row)
        state["repeat_of"] = [e.id for e in repeat.earlier]
        # A media complainant (媒体) is 重要投诉 and goes to head office at once.
        state["report_to_hq_now"] = intake.media
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type="complaint.created",
            actor=session.staff_no,
            at=now,
            state=state,
        )
        if intake.media:  # issue 20: 转总部 in the same save
            send_media_complaint_to_head_office(row, session, now)
    log.info(
        "complaint %s recorded by %s (repeat=%s)", row.number, session.staff_no, repeat.is_repeat
    )
    return RecordedComplaint(row.id, row.number, deadlines, repeat, media=intake.media)


MEDIA_TRANSFER_EVENT = "complaint.transferred"


@signed_in
def send_media_complaint_to_head_office(
    row: Complaint, session: StaffSession, now: datetime
) -> bool:
    """Issue 20: a complaint marked 媒体记者 is 重要投诉 and transferred to head office (转总部;
    the first responder stays) — inside the caller's transaction, as its own
    ``complaint.transferred`` event. False when it is already with head office or answered (then
    only the flags change)."""
    if not database.in_transaction():
        raise RuntimeError("a media complaint goes to head office in the save that marks it")
    row.important = True
    row.media = True
    state = ComplaintState(row.state)
    if row.handler_kind == HandlerKind.HEAD_OFFICE.value or state not in OPEN_STATES:
        return False
    before = complaint_state(row)
    row.state = transition(state, Step.TRANSFER).value
    row.handler_kind, row.handler_no, row.handler_name = (
        HandlerKind.HEAD_OFFICE.value,
        "",
        HEAD_OFFICE_NAME,
    )
    row.updated_at = now
    row.save()
    record_id = str(uuid.uuid4())
    who = {"staff_no": session.staff_no, "staff_name": session.name}
    fields = {"to_kind": HandlerKind.HEAD_OFFICE.value, "to_no": "", "to_name": HEAD_OFFICE_NAME,
              "note": MEDIA_TRANSFER_NOTE}  # fmt: skip
    TransferRecord.create(id=record_id, complaint_id=row.id, recorded_at=now, **fields, **who)
    after = complaint_state(row)
    after["record"] = {"id": record_id, **fields, **who}
    after["report_to_hq_now"] = True
    before["record"] = after["record"]
    append_event(
        hall=row.hall_code,
        desk=row.desk_code,
        type=MEDIA_TRANSFER_EVENT,
        actor=session.staff_no,
        at=now,
        state=after,
        before=before,
    )
    return True


@signed_in
def get_complaint(session: StaffSession, complaint_id: str) -> ComplaintView:
    """The complaint (a view: nothing saved through it) for someone who may see it."""
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotFound("complaint.not_found")
    if not may_see(session, row):
        require(session.role, Permission.SEE_HALL_COMPLAINTS)  # says which role may see it
    return view_of(ComplaintView, row)


@signed_in
def may_see(session: StaffSession, row: Complaint | ComplaintView) -> bool:
    """Shift leaders and store managers: the whole hall; a clerk: their own complaints and their
    follow-ups (the first responder, or the colleague a complaint was transferred to)."""
    return may(session.role, Permission.SEE_HALL_COMPLAINTS) or session.staff_no in (
        row.first_responder_no,
        row.handler_no,
    )


def repeat_links(complaint_id: str) -> list[ComplaintSummary]:
    earlier_ids = ComplaintLink.select(ComplaintLink.earlier_id).where(
        (ComplaintLink.complaint_id == complaint_id) & (ComplaintLink.kind == REPEAT_LINK)
    )
    query = (
        Complaint.select()
        .where(Complaint.id.in_(earlier_ids))
        .order_by(Complaint.accepted_at.desc())
    )
    return [complaint_summary(r) for r in query]


@signed_in
def list_complaints(
    session: StaffSession, text: str = "", limit: int = 200, *, open_only: bool = False
) -> list[ComplaintSummary]:
    """Newest first. A clerk sees their own and those transferred to them (current handler); shift
    leaders and store managers the whole hall —
    this desk's complaints and those pulled from the hall's other desks (see
    :func:`hall_desk.services.sync.hall_view_freshness` for how current they are).

    ``text`` matches the complaint number, the phone number (complete or some digits), the
    customer's name or words of the description, through the search indexes
    (:mod:`hall_desk.storage.search_index`; :mod:`hall_desk.services.search` adds filters, sorting,
    pages and the count); ``open_only`` keeps the complaints not answered yet
    (:data:`~hall_desk.domain.complaints.OPEN_STATES`).
    """
    match = text_match(text)
    if match is None and not open_only and not may(session.role, Permission.SEE_HALL_COMPLAINTS):
        return listed_summaries(_OWN_NEWEST_SQL, [session.staff_no, limit] * 2 + [limit])
    from_sql, where, params = match_from(match)
    if not may(session.role, Permission.SEE_HALL_COMPLAINTS):
        where.append("(c.first_responder_no = ? OR c.handler_no = ?)")
        params += [session.staff_no, session.staff_no]
    if open_only:
        where.append(f"c.state IN {OPEN_STATES_SQL}")
    sql = (
        f"SELECT c.rowid FROM {from_sql}"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY c.accepted_at DESC, c.rowid DESC LIMIT ?"
    )
    return listed_summaries(sql, [*params, limit])


# A clerk's own newest: those they took (first responder) and those transferred to them, each
# read newest first through its own index and stopped after ``limit`` (issue 22: an OR of the two
# made SQLite sort all of a clerk's complaints, a quarter of the store, for every list). Each part
# is read in its index's order (first responder or handler, accepted_at DESC); ties of accepted_at
# are put in rowid order as they come ("TEMP B-TREE FOR RIGHT PART OF ORDER BY"), and the part
# stops after ``limit``: its cost does not grow with the clerk's complaints (bench_lists counts its
# instructions). The complaints' rowids, newest first (parameters: staff number, limit, twice, and
# the limit).
_OWN_NEWEST_SQL = """
SELECT r FROM (
    SELECT * FROM (
        SELECT accepted_at, rowid AS r FROM complaint
        WHERE first_responder_no = ? ORDER BY accepted_at DESC, rowid DESC LIMIT ?)
    UNION
    SELECT * FROM (
        SELECT accepted_at, rowid AS r FROM complaint INDEXED BY complaint_handler_accepted
        WHERE handler_no = ? AND handler_no != '' ORDER BY accepted_at DESC, rowid DESC LIMIT ?)
) ORDER BY accepted_at DESC, r DESC LIMIT ?"""


def _summary_rows(key: str, keys: list[Any]) -> dict[Any, Any]:
    """The summary columns of the complaints whose ``key`` (``id`` or ``rowid``) is in ``keys``,
    by that key."""
    rows: dict[Any, Any] = {}
    for start in range(0, len(keys), _IDS_PER_STATEMENT):
        part = keys[start : start + _IDS_PER_STATEMENT]
        cursor = database.execute_sql(
            f"SELECT {key}, {_SUMMARY_COLUMNS} FROM complaint"
            f" WHERE {key} IN ({', '.join('?' * len(part))})",
            part,
        )
        for found, *values in cursor:
            for position, convert in _CONVERSIONS:
                values[position] = convert(values[position])
            # a namedtuple of the field list: its attributes are the fields' names
            rows[found] = _SummaryRow._make(values)
    return rows


def summaries_in_order(ids: list[str]) -> list[ComplaintSummary]:
    """The summaries of the complaints ``ids``, in that order (one lookup in the id index each)."""
    if not ids:
        return []
    rows = _summary_rows("id", ids)
    return [complaint_summary(cast(Complaint, rows[i])) for i in ids if i in rows]


def listed_summaries(sql: str, params: list[Any]) -> list[ComplaintSummary]:
    """The summaries of the complaints ``sql`` selects (the complaint's rowid, first column), in
    its order. The rows are read by rowid, in the table's own order (issue 22, list22: by id, each
    was a lookup in the id index, whose pages are spread over the whole store); both statements
    in one read transaction, so that a VACUUM (which may renumber rowids) cannot come between."""
    with database.atomic():
        rowids = [row[0] for row in database.execute_sql(sql, params)]
        rows = _summary_rows("rowid", rowids) if rowids else {}
    return [complaint_summary(cast(Complaint, rows[r])) for r in rowids if r in rows]


@signed_in
def list_open_complaints(session: StaffSession, limit: int = 500) -> list[ComplaintSummary]:
    """The open complaints (已受理 / 核实中 / 已转派 / 处理中), newest first: the whole hall's for a
    shift leader or store manager, a clerk's own follow-up list otherwise."""
    return list_complaints(session, limit=limit, open_only=True)


@dataclass(frozen=True)
class HeadOfficeReply:
    """Head office's answer to a complaint transferred to it (``complaint.replied``)."""

    reply: str
    replied_at: datetime
    operator: str
    received_at: datetime


@signed_in
def head_office_replies(session: StaffSession, complaint_id: str) -> list[HeadOfficeReply]:
    """Head office's replies to a complaint, oldest first (whoever may see the complaint)."""
    get_complaint(session, complaint_id)
    query = (
        ComplaintReply.select()
        .where(ComplaintReply.complaint_id == complaint_id)
        .order_by(ComplaintReply.replied_at)
    )
    return [HeadOfficeReply(r.reply, r.replied_at, r.operator, r.received_at) for r in query]


def count_complaints() -> int:
    return int(Complaint.select(peewee.fn.COUNT(Complaint.id)).scalar() or 0)


def amount_of(row: Complaint | ComplaintView) -> Decimal | None:
    return from_fen(row.amount_fen) if row.amount_fen is not None else None
