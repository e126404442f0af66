"""典型案例库 (issue 8): write up a closed complaint as a typical case, search the library, the
monthly count against the quota, and the quarter's best cases (rules:
:mod:`hall_desk.domain.typical_cases`).

One transaction and one event per change, the event carrying the case's full state:
``typical_case.written`` / ``typical_case.updated`` (its text: only at the desk where it was
written, by its author) and ``typical_case.marked_best`` / ``typical_case.unmarked`` (a store
manager, at any desk of the hall; the hall's other desks apply only the marking columns of these,
:mod:`hall_desk.sync.downlink`). The limit of best cases a quarter is checked against what this desk
holds: two managers marking at two desks offline at once could exceed it (head office sees both).

Search: LIKE over title, write-up, class, complaint number and author (the library is small; a
2-character word such as 话费 is found, ``%`` and ``_`` typed are taken literally).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import peewee

from hall_desk.domain.errors import NotFound, PermissionDenied
from hall_desk.domain.staff import Permission, may, require
from hall_desk.domain.typical_cases import (
    ALREADY_WRITTEN,
    NOT_AUTHOR,
    NOT_FOUND,
    OTHER_DESK,
    CaseRefused,
    QuotaStatus,
    TypicalCaseDraft,
    check_may_mark_best,
    check_may_unmark,
    check_may_write_up,
    month_bounds,
    month_of,
    quarter_of,
    validate_case,
)
from hall_desk.services.complaints import get_complaint
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import require_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Staff, TypicalCase

log = logging.getLogger(__name__)

WRITTEN = "typical_case.written"
UPDATED = "typical_case.updated"
MARKED_BEST = "typical_case.marked_best"
UNMARKED = "typical_case.unmarked"

# The columns each kind of event changes at the hall's other desks.
TEXT_COLUMNS = (
    "complaint_id", "complaint_number", "title", "main_class", "sub_class", "background",
    "handling", "lessons", "author_no", "author_name", "written_at",
)  # fmt: skip
BEST_COLUMNS = ("best_quarter", "best_marked_by_no", "best_marked_by_name", "best_marked_at")


@dataclass(frozen=True)
class CaseView:
    id: str
    desk_code: str
    complaint_id: str
    complaint_number: str
    title: str
    main_class: str
    sub_class: str
    background: str
    handling: str
    lessons: str
    author_no: str
    author_name: str
    written_at: datetime
    updated_at: datetime
    best_quarter: str | None
    best_marked_by_name: str
    best_marked_at: datetime | None

    @property
    def quarter(self) -> str:
        """The quarter the case was written in (the one it may be among the best of)."""
        return quarter_of(self.written_at)


def _view(row: TypicalCase) -> CaseView:
    return CaseView(
        id=row.id, desk_code=row.desk_code, complaint_id=row.complaint_id,
        complaint_number=row.complaint_number, title=row.title, main_class=row.main_class,
        sub_class=row.sub_class, background=row.background, handling=row.handling,
        lessons=row.lessons, author_no=row.author_no, author_name=row.author_name,
        written_at=row.written_at, updated_at=row.updated_at, best_quarter=row.best_quarter,
        best_marked_by_name=row.best_marked_by_name, best_marked_at=row.best_marked_at,
    )  # fmt: skip


def case_state(row: TypicalCase) -> dict[str, Any]:
    """The case's full state as it travels in its events."""
    return {
        "id": row.id,
        "hall": row.hall_code,
        "desk": row.desk_code,
        **{key: getattr(row, key) for key in TEXT_COLUMNS},
        "updated_at": row.updated_at,
        **{key: getattr(row, key) for key in BEST_COLUMNS},
    }


def _load(case_id: str) -> TypicalCase:
    row = TypicalCase.get_or_none(TypicalCase.id == case_id)
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


def _event(
    session: StaffSession, row: TypicalCase, kind: str, now: datetime, before: dict[str, Any] | None
) -> None:
    desk = require_desk()
    append_event(
        hall=desk.code,
        desk=desk.desk_code,
        type=kind,
        actor=session.staff_no,
        at=now,
        state=case_state(row),
        before=before,
    )


# -- writing ----------------------------------------------------------------------------------------


@signed_in
def check_write_up(session: StaffSession, complaint_id: str) -> None:
    """Raises why ``session`` may not write up this complaint now (the form's button asks first)."""
    require(session.role, Permission.RECORD_COMPLAINT)
    complaint = get_complaint(session, complaint_id)
    check_may_write_up(
        state=complaint.state,
        number=complaint.number,
        staff_no=session.staff_no,
        first_responder_no=complaint.first_responder_no,
        handler_no=complaint.handler_no,
    )
    if TypicalCase.get_or_none(TypicalCase.complaint_id == complaint_id) is not None:
        raise CaseRefused(ALREADY_WRITTEN, number=complaint.number)


@signed_in
def write_up(
    ctx: DeskContext, session: StaffSession, complaint_id: str, draft: TypicalCaseDraft
) -> CaseView:
    """写成典型案例: a closed complaint, by its handler, once."""
    text = validate_case(draft, ctx.catalogue)
    now = ctx.clock.now()
    desk = require_desk()
    with unit_of_work():
        check_write_up(session, complaint_id)
        complaint = get_complaint(session, complaint_id)
        row = TypicalCase.create(
            id=str(uuid.uuid4()), hall_code=desk.code, desk_code=desk.desk_code,
            complaint_id=complaint_id, complaint_number=complaint.number, title=text.title,
            main_class=text.main_class, sub_class=text.sub_class, background=text.background,
            handling=text.handling, lessons=text.lessons, author_no=session.staff_no,
            author_name=session.name, written_at=now, updated_at=now, best_quarter=None,
        )  # fmt: skip
        _event(session, row, WRITTEN, now, None)
    log.info("typical case of %s written by %s", complaint.number, session.staff_no)
    return _view(row)


@signed_in
def draft_for(ctx: DeskContext, session: StaffSession, complaint_id: str) -> TypicalCaseDraft:
    """A new write-up's starting point: the complaint's class."""
    complaint = get_complaint(session, complaint_id)
    return TypicalCaseDraft(main_class=complaint.main_class, sub_class=complaint.sub_class)


@signed_in
def update_case(
    ctx: DeskContext, session: StaffSession, case_id: str, draft: TypicalCaseDraft
) -> CaseView:
    """Its author changes the text, at the desk where it was written."""
    text = validate_case(draft, ctx.catalogue)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load(case_id)
        if row.author_no != session.staff_no:
            raise PermissionDenied(NOT_AUTHOR)
        if row.desk_code != require_desk().desk_code:
            raise CaseRefused(OTHER_DESK, desk=row.desk_code)
        before = case_state(row)
        for key in ("title", "main_class", "sub_class", "background", "handling", "lessons"):
            setattr(row, key, getattr(text, key))
        row.updated_at = now
        row.save()
        _event(session, row, UPDATED, now, before)
    return _view(row)


# -- the quarter's best -------------------------------------------------------------------------------


def best_count(quarter: str) -> int:
    return int(
        TypicalCase.select(peewee.fn.COUNT(TypicalCase.id))
        .where(TypicalCase.best_quarter == quarter)
        .scalar()
        or 0
    )


@signed_in
def mark_best(ctx: DeskContext, session: StaffSession, case_id: str) -> CaseView:
    """评为本季度优秀案例 (store manager): among the best of the quarter it was written in."""
    require(session.role, Permission.MARK_BEST_CASES)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load(case_id)
        quarter = quarter_of(row.written_at)
        check_may_mark_best(
            already_best=row.best_quarter,
            quarter=quarter,
            marked_in_quarter=best_count(quarter),
            limit=ctx.policy.best_cases_per_quarter,
        )
        before = case_state(row)
        row.best_quarter = quarter
        row.best_marked_by_no, row.best_marked_by_name = session.staff_no, session.name
        row.best_marked_at = now
        row.save()
        _event(session, row, MARKED_BEST, now, before)
    log.info("typical case %s marked best of %s by %s", case_id, quarter, session.staff_no)
    return _view(row)


@signed_in
def unmark_best(ctx: DeskContext, session: StaffSession, case_id: str) -> CaseView:
    """取消优秀 (store manager): frees a place among the quarter's best."""
    require(session.role, Permission.MARK_BEST_CASES)
    now = ctx.clock.now()
    with unit_of_work():
        row = _load(case_id)
        check_may_unmark(row.best_quarter)
        before = case_state(row)
        row.best_quarter = None
        row.best_marked_by_no, row.best_marked_by_name = session.staff_no, session.name
        row.best_marked_at = now
        row.save()
        _event(session, row, UNMARKED, now, before)
    return _view(row)


# -- reading ------------------------------------------------------------------------------------------


@signed_in
def search_cases(
    session: StaffSession,
    text: str = "",
    *,
    main_class: str = "",
    best_only: bool = False,
    limit: int = 500,
) -> list[CaseView]:
    """The library, newest first: every word of ``text`` (split at spaces) must be found in the
    title, the write-up, the class, the complaint number or the author's name."""
    require(session.role, Permission.RECORD_COMPLAINT)
    query = TypicalCase.select()
    haystack = (
        TypicalCase.title.concat("\n").concat(TypicalCase.background).concat("\n")
        .concat(TypicalCase.handling).concat("\n").concat(TypicalCase.lessons).concat("\n")
        .concat(TypicalCase.main_class).concat("\n").concat(TypicalCase.sub_class).concat("\n")
        .concat(TypicalCase.complaint_number).concat("\n").concat(TypicalCase.author_name)
    )  # fmt: skip
    for word in (text or "").split():
        query = query.where(haystack.contains(word))  # LIKE '%word%', wildcards escaped
    if main_class:
        query = query.where(TypicalCase.main_class == main_class)
    if best_only:
        query = query.where(TypicalCase.best_quarter.is_null(False))
    rows = query.order_by(TypicalCase.written_at.desc(), TypicalCase.id).limit(limit)
    return [_view(r) for r in rows]


@signed_in
def get_case(session: StaffSession, case_id: str) -> CaseView:
    require(session.role, Permission.RECORD_COMPLAINT)
    return _view(_load(case_id))


def case_of_complaint(complaint_id: str) -> CaseView | None:
    row = TypicalCase.get_or_none(TypicalCase.complaint_id == complaint_id)
    return _view(row) if row is not None else None


def _written_in_month(ctx: DeskContext) -> peewee.Expression:
    start, end = month_bounds(*month_of(ctx.clock.now()))
    return (TypicalCase.written_at >= start) & (TypicalCase.written_at < end)


@signed_in
def my_month(ctx: DeskContext, session: StaffSession) -> QuotaStatus:
    """本月已写 n/quota for the signed-in handler (the local calendar month)."""
    written = (
        TypicalCase.select(peewee.fn.COUNT(TypicalCase.id))
        .where((TypicalCase.author_no == session.staff_no) & _written_in_month(ctx))
        .scalar()
        or 0
    )
    return QuotaStatus(
        session.staff_no, session.name, int(written), ctx.policy.typical_case_monthly_quota
    )


@signed_in
def hall_month(ctx: DeskContext, session: StaffSession) -> list[QuotaStatus]:
    """Every active colleague's count this month (and anyone else who wrote one), fewest first
    then by staff number: for shift leaders and store managers."""
    require(session.role, Permission.SEE_HALL_COMPLAINTS)
    quota = ctx.policy.typical_case_monthly_quota
    counts: dict[str, tuple[str, int]] = {
        s.staff_no: (s.name, 0)
        for s in Staff.select().where(Staff.active == True)  # noqa: E712
    }
    rows = cast(
        Iterable[tuple[str, str, int]],  # peewee's stubs type .tuples() as yielding models
        TypicalCase.select(TypicalCase.author_no, TypicalCase.author_name,
                           peewee.fn.COUNT(TypicalCase.id))
        .where(_written_in_month(ctx))
        .group_by(TypicalCase.author_no)
        .tuples(),
    )  # fmt: skip
    for author_no, author_name, n in rows:
        name = counts.get(author_no, (author_name, 0))[0]
        counts[author_no] = (name, int(n))
    statuses = [QuotaStatus(no, name, n, quota) for no, (name, n) in counts.items()]
    return sorted(statuses, key=lambda s: (s.written, s.staff_no))


@signed_in
def may_mark_best(session: StaffSession) -> bool:
    return may(session.role, Permission.MARK_BEST_CASES)


def quarter_now(ctx: DeskContext) -> str:
    return quarter_of(ctx.clock.now())
