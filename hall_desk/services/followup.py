"""我的跟进 (首问责任制): every open complaint I must see through, nearest deadline first.

- Mine: open (已受理 / 核实中 / 已转派 / 处理中) where I am the first responder or the current handler
  (after a 转派 to me). Shift leaders and store managers may also ask for the whole hall's.
- Each line carries its urgency: overdue / due within 2 hours / later
  (:func:`hall_desk.domain.deadlines.urgency_of`; the service's SQL uses the same boundaries).
- Counts for the main window, and which of mine become overdue within N minutes (notification).

Fast at any size: the v6 partial indexes over the open complaints, ordered by deadline
(``complaint_open_first_responder_due``, ``complaint_open_due``; the handler's arm uses v5's
``complaint_handler``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import MEDIA_UPLOAD_WARNING_AFTER
from hall_desk.domain.deadlines import DUE_SOON, Urgency, urgency_of
from hall_desk.domain.staff import Permission, may, require
from hall_desk.services.complaints import ComplaintSummary, summaries_in_order
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import current_desk
from hall_desk.storage.db import database
from hall_desk.storage.search_index import OPEN_STATES_SQL
from hall_desk.sync.outbox import sync_state


class Scope(StrEnum):
    MINE = "mine"  # first responder or current handler
    HALL = "hall"  # the whole hall's open complaints (shift leader, store manager)


@dataclass(frozen=True)
class FollowUp:
    complaint: ComplaintSummary
    urgency: Urgency
    mine_as: str  # "first_responder", "handler" or "" (on the hall list, someone else's)


@dataclass(frozen=True)
class FollowUpCounts:
    open: int
    overdue: int
    due_soon: int


@signed_in
def default_scope(session: StaffSession) -> Scope:
    """What the list shows first: the hall's for those who may see it, mine for a clerk."""
    return Scope.HALL if may(session.role, Permission.SEE_HALL_COMPLAINTS) else Scope.MINE


def _check_scope(session: StaffSession, scope: Scope) -> None:
    if scope is Scope.HALL:
        require(session.role, Permission.SEE_HALL_COMPLAINTS)


# The open complaints of one person (as the alias ``c``), each arm walking a partial index in
# deadline order (named: with few rows or no statistics the planner would rather take
# complaint_state_accepted and sort); the second arm (complaints handed to me: few) leaves out
# what the first already has.
_MINE = (
    "SELECT c.id AS id, c.reply_due AS reply_due"
    " FROM complaint AS c INDEXED BY complaint_open_first_responder_due"
    f" WHERE c.state IN {OPEN_STATES_SQL} AND c.first_responder_no = ?{{extra}}"
    f" UNION ALL"
    f" SELECT c.id AS id, c.reply_due AS reply_due FROM complaint AS c"
    f" WHERE c.state IN {OPEN_STATES_SQL} AND c.handler_no = ?"
    f" AND c.first_responder_no <> ?{{extra}}"
)
_HALL = (
    "SELECT c.id AS id, c.reply_due AS reply_due"
    " FROM complaint AS c INDEXED BY complaint_open_due"
    f" WHERE c.state IN {OPEN_STATES_SQL}{{extra}}"
)


def _source(scope: Scope, extra: str = "") -> str:
    return (_HALL if scope is Scope.HALL else _MINE).format(extra=extra)


def _source_params(scope: Scope, session: StaffSession, extra: list[object]) -> list[object]:
    if scope is Scope.HALL:
        return list(extra)
    me = session.staff_no
    return [me, *extra, me, me, *extra]


@signed_in
def follow_up_sql(session: StaffSession, scope: Scope, limit: int) -> tuple[str, list[object]]:
    """The statement :func:`follow_ups` runs (for its query-plan test and the benchmark);
    ``limit`` -1: all of them (SQLite's "no limit")."""
    sql = _source(scope)
    return f"{sql} ORDER BY reply_due, id LIMIT ?", [*_source_params(scope, session, []), limit]


@signed_in
def all_follow_up_ids(session: StaffSession, scope: Scope) -> list[str]:
    """The ids of every open complaint of ``scope``, in the list's order (for an export)."""
    _check_scope(session, scope)
    sql, params = follow_up_sql(session, scope, -1)
    return [row[0] for row in database.execute_sql(sql, params)]


def _items(session: StaffSession, ids: list[str], now: datetime) -> list[FollowUp]:
    result = []
    for summary in summaries_in_order(ids):
        if summary.first_responder_no == session.staff_no:
            mine_as = "first_responder"
        elif summary.handler_no == session.staff_no:
            mine_as = "handler"
        else:
            mine_as = ""
        result.append(FollowUp(summary, urgency_of(summary.reply_due, now), mine_as))
    return result


@signed_in
def follow_ups(
    ctx: DeskContext, session: StaffSession, scope: Scope | None = None, *, limit: int = 200
) -> list[FollowUp]:
    """The open complaints of ``scope`` (default: :func:`default_scope`), nearest deadline first
    (the most overdue on top)."""
    scope = scope or default_scope(session)
    _check_scope(session, scope)
    sql, params = follow_up_sql(session, scope, limit)
    ids = [row[0] for row in database.execute_sql(sql, params)]
    return _items(session, ids, ctx.clock.now())


@signed_in
def follow_up_counts(
    ctx: DeskContext, session: StaffSession, scope: Scope | None = None
) -> FollowUpCounts:
    """Open, overdue and due-within-2-hours counts of ``scope`` (the main window's figures)."""
    scope = scope or default_scope(session)
    _check_scope(session, scope)
    now = ctx.clock.now()
    # Three counts, each a range of the partial index (deadline order) answered from the index
    # alone (no complaint row is read): all open; not overdue yet (reply_due >= now: few, the
    # recent ones); due within 2 hours. Overdue is the difference, so the many old overdue ones
    # of a neglected store are walked once, not twice.
    sql = _source(scope, "{range}").replace("SELECT c.id AS id, c.reply_due", "SELECT c.reply_due")
    not_late = sql.format(range=" AND c.reply_due >= ?")
    soon = sql.format(range=" AND c.reply_due >= ? AND c.reply_due <= ?")
    row = database.execute_sql(
        f"SELECT (SELECT count(*) FROM ({sql.format(range='')})),"
        f" (SELECT count(*) FROM ({not_late})), (SELECT count(*) FROM ({soon}))",
        [
            *_source_params(scope, session, []),
            *_source_params(scope, session, [utc_iso(now)]),
            *_source_params(scope, session, [utc_iso(now), utc_iso(now + DUE_SOON)]),
        ],
    ).fetchone()
    return FollowUpCounts(open=int(row[0]), overdue=int(row[0]) - int(row[1]), due_soon=int(row[2]))


@signed_in
def becoming_overdue(
    ctx: DeskContext, session: StaffSession, within_minutes: int
) -> list[FollowUp]:
    """Mine (first responder or current handler) not overdue yet whose deadline comes within
    ``within_minutes``: what a notification names before they turn red. Nearest first."""
    if within_minutes < 0:
        raise ValueError("within_minutes must not be negative")
    now = ctx.clock.now()
    until = now + timedelta(minutes=within_minutes)
    sql = _source(Scope.MINE, " AND c.reply_due >= ? AND c.reply_due <= ?")
    params = _source_params(Scope.MINE, session, [utc_iso(now), utc_iso(until)])
    ids = [row[0] for row in database.execute_sql(f"{sql} ORDER BY reply_due, id", params)]
    return _items(session, ids, now)


@dataclass(frozen=True)
class UndeliveredMedia:
    """A media complaint head office has not received (issue 20)."""

    complaint_id: str
    number: str
    since: datetime  # when it was marked 媒体记者 (its first event saying so)


@signed_in
def undelivered_media_complaints(ctx: DeskContext, session: StaffSession) -> list[UndeliveredMedia]:
    """Issue 20: this desk's media complaints whose event marking them 媒体记者 has not reached
    head office (no answer for its seq yet) for :data:`MEDIA_UPLOAD_WARNING_AFTER` or more: the
    status bar and 我的跟进 say 媒体投诉未送达总部，请电话报告 until head office has it. Every
    signed-in person sees it (anyone may pick up the phone)."""
    desk = current_desk()
    if desk is None:
        return []
    answered = sync_state().answered_through
    cutoff = utc_iso(ctx.clock.now() - MEDIA_UPLOAD_WARNING_AFTER)
    rows = database.execute_sql(
        "SELECT c.id, c.number, min(e.seq), min(e.at) FROM complaint AS c"
        " JOIN event AS e ON e.entity = event_entity_key(c.id) AND e.desk = c.desk_code"
        " WHERE c.media AND c.desk_code = ? AND json_extract(event_payload(e.payload), '$.media')"
        " GROUP BY c.id HAVING min(e.seq) > ? AND min(e.at) <= ? ORDER BY min(e.seq)",
        (desk.desk_code, answered, cutoff),
    ).fetchall()
    return [UndeliveredMedia(r[0], r[1], datetime.fromisoformat(r[3])) for r in rows]
