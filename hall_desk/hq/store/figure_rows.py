"""全省指标's daily figures (issue 17 item 3), kept by intake: per hall and Asia/Shanghai day
(the day a complaint was accepted, the day a refund was proposed).

Every complaint and refund has its *contribution* stored (``figure_complaint``,
``figure_refund``); the daily tables (``figure_day``, ``figure_refund_day``) are their sums.
Triggers on ``complaint`` and ``refund`` mark a changed row in ``figure_dirty`` (whoever wrote it:
intake, a decision, a hand-back, an acceptance of a 补录 time); before the figures are read,
:func:`refresh_figures` recomputes each marked row's contribution and moves the sums by the
difference, so the figures read are exact after every change — and intake's batches keep their
bounded round trips (issue 18: a mark is a trigger's write, not a statement of intake's). ``hall-desk-hq rebuild-figures``
(:func:`rebuild_figures`) recomputes everything from the tables.

What depends on the time of reading — an open complaint past its deadline counts late (as the
desks count, :func:`hall_desk.domain.reporting.reply_status`), overdue, or past the regulator's
15-day limit — is not summed: open complaints keep their deadlines in ``figure_complaint``
(``is_open = 1``, a partial index) and are counted at reading time. Closed ones are summed.

Definitions (the desks' and :meth:`complaint_timeliness`'s): a reply counts from
``reply_counted_at`` (a 补录 reply by the time it was recorded until head office accepts the stated
time), else ``replied_at``, against ``reply_due`` (a corrected 估 deadline once corrected).
Overdue: open, past the deadline, with no reply counted by it. Regulator-limit breach (DOMAIN.md:
not answered within 15 days): a reply counted after ``regulator_due``, or none and open past it. Callbacks: complaints with a callback result; satisfied: 满意
or 基本满意 (the desks' 满意度). Refund levels by the complaint's counted total when proposed (the
refund's amount when absent) against the limits of the hall's policy in force when the refund was
proposed (its ``refund_limits`` for clerk and store manager, ``hq_levels`` for director and
department head; leadership above), the defaults (100, 300, 500, 1000) before any policy."""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.domain.payloads import parse_utc
from hall_desk.domain.reporting import ReplyStatus, reply_status
from hall_desk.hq.store.hall_policies import LevelBook

SHANGHAI = ZoneInfo("Asia/Shanghai")
_OPEN = frozenset(s.value for s in OPEN_STATES)
SATISFIED = ("满意", "基本满意")
# Refund levels (the default limits; each refund is counted by the levels of its hall's policy
# when it was proposed: hall_policies.LevelBook, issue 17 console17b).
LEVELS = (
    ("clerk", Decimal("100")),
    ("store_manager", Decimal("300")),
    ("director", Decimal("500")),
    ("department_head", Decimal("1000")),
    ("leadership", None),
)
LEVEL_NAMES = {
    "clerk": "营业员",
    "store_manager": "店长",
    "director": "投诉中心主任",
    "department_head": "部门负责人",
    "leadership": "公司领导",
}
# The summed columns of figure_day and figure_complaint, in this order.
SUMS = (
    "accepted", "due", "on_time", "late", "repeat_count", "media", "regulator_breach",
    "called_back", "satisfied",
)  # fmt: skip
DIRTY_COMPLAINT = "complaint"
DIRTY_REFUND = "refund"


@dataclass(frozen=True)
class ComplaintFigure:
    """One complaint's contribution. ``on_time``/``late``/``regulator_breach`` are those of a
    closed complaint; an open one (``open``) is counted at reading time from its deadlines."""

    hall: str
    day: str
    accepted: int
    due: int
    on_time: int
    late: int
    repeat_count: int
    media: int
    regulator_breach: int
    called_back: int
    satisfied: int
    is_open: int
    reply_due: str
    regulator_due: str
    answered_by_due: int  # NO_REPLY, BY_DUE (counted at or before the deadline) or AFTER_DUE

    def sums(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in SUMS)


NO_REPLY, BY_DUE, AFTER_DUE = 0, 1, 2


def _answered(answered: datetime | None, due: datetime | None) -> int:
    if answered is None or due is None:
        return NO_REPLY
    return BY_DUE if answered <= due else AFTER_DUE


def shanghai_day(at: str) -> str | None:
    moment = parse_utc(at)
    return None if moment is None else moment.astimezone(SHANGHAI).date().isoformat()


def _utc(at: object) -> datetime | None:
    return parse_utc(at) if isinstance(at, str) and at else None


def complaint_figure(
    hall: str, state: str, accepted_at: str, reply_due: str, regulator_due: str,
    repeat: object, media: object, full_state: str,
) -> ComplaintFigure | None:  # fmt: skip
    """The contribution of one complaint row (None when its acceptance time is not a time)."""
    day = shanghai_day(accepted_at)
    if day is None:
        return None
    held = json.loads(full_state)
    held = held if isinstance(held, dict) else {}
    due = _utc(reply_due)
    regulator = _utc(regulator_due)
    answered = _utc(held.get("reply_counted_at")) or _utc(held.get("replied_at"))
    is_open = state in _OPEN
    on_time = late = breach = 0
    if due is not None and not is_open:
        # a closed complaint's status does not depend on the time of reading (the desks' rule)
        status = reply_status(due, answered, False, due)
        on_time, late = int(status is ReplyStatus.ON_TIME), int(status is ReplyStatus.LATE)
    if regulator is not None and answered is not None:
        breach = int(answered > regulator)
    satisfaction = held.get("satisfaction")
    return ComplaintFigure(
        hall=hall, day=day, accepted=1, due=int(due is not None), on_time=on_time, late=late,
        repeat_count=int(bool(repeat)), media=int(bool(media)), regulator_breach=breach,
        called_back=int(isinstance(satisfaction, str) and bool(satisfaction)),
        satisfied=int(satisfaction in SATISFIED), is_open=int(is_open),
        reply_due=utc_iso(due) if due else "", regulator_due=utc_iso(regulator) if regulator else "",
        answered_by_due=_answered(answered, due),
    )  # fmt: skip


def refund_level(
    full_state: str, amount: str, levels: tuple[tuple[str, Decimal | None], ...] = LEVELS
) -> str:
    """The level of a refund by the complaint's counted total (its amount when absent) against
    ``levels`` (issue 17, console17b: the hall's policy's when it was proposed)."""
    held = json.loads(full_state)
    total = held.get("counted_total") if isinstance(held, dict) else None
    try:
        value = Decimal(total if isinstance(total, str) and total else amount)
    except InvalidOperation:
        value = Decimal(0)
    for name, limit in levels:
        if limit is None or value <= limit:
            return name
    return LEVELS[-1][0]  # pragma: no cover - the last level has no limit


def _fen(amount: str) -> int:
    try:
        return int((Decimal(amount) * 100).to_integral_value())
    except InvalidOperation:
        return 0


_COMPLAINT_ROW = (
    "SELECT hall, state, accepted_at, reply_due, regulator_due, repeat, media, full_state"
    " FROM complaint"
)
_REFUND_ROW = "SELECT hall, state, amount, full_state FROM refund"


def _complaint(db: Any, complaint_id: str) -> None:
    old = db.execute(
        f"SELECT hall, day, {', '.join(SUMS)} FROM figure_complaint WHERE id = ?", (complaint_id,)
    ).fetchone()
    if old is not None:
        _add_day(db, old[0], old[1], tuple(-int(v) for v in old[2:]))
        db.execute("DELETE FROM figure_complaint WHERE id = ?", (complaint_id,))
    row = db.execute(f"{_COMPLAINT_ROW} WHERE id = ?", (complaint_id,)).fetchone()
    figure = complaint_figure(*row) if row is not None else None
    if figure is not None:
        _store_complaint(db, complaint_id, figure)
        _add_day(db, figure.hall, figure.day, figure.sums())


def _store_complaint(db: Any, complaint_id: str, figure: ComplaintFigure) -> None:
    columns = ("id", *ComplaintFigure.__dataclass_fields__)
    db.execute(
        f"INSERT INTO figure_complaint ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})",
        (complaint_id, *astuple(figure)),
    )


def _add_day(db: Any, hall: str, day: str, sums: tuple[int, ...]) -> None:
    db.execute(
        f"INSERT INTO figure_day (hall, day, {', '.join(SUMS)})"
        f" VALUES (?, ?, {', '.join('?' for _ in SUMS)})"
        " ON CONFLICT (hall, day) DO UPDATE SET "
        + ", ".join(f"{c} = figure_day.{c} + excluded.{c}" for c in SUMS),
        (hall, day, *sums),
    )
    db.execute("DELETE FROM figure_day WHERE hall = ? AND day = ? AND accepted = 0", (hall, day))
    # the month's roll-up moves by the same difference (schema step 19: a year reads months)
    db.execute(
        f"INSERT INTO figure_month (hall, month, {', '.join(SUMS)})"
        f" VALUES (?, ?, {', '.join('?' for _ in SUMS)})"
        " ON CONFLICT (hall, month) DO UPDATE SET "
        + ", ".join(f"{c} = figure_month.{c} + excluded.{c}" for c in SUMS),
        (hall, day[:7], *sums),
    )
    db.execute(
        "DELETE FROM figure_month WHERE hall = ? AND month = ? AND accepted = 0", (hall, day[:7])
    )


def _refund(db: Any, refund_id: str, book: LevelBook) -> None:
    old = db.execute(
        "SELECT hall, day, level, state, fen FROM figure_refund WHERE id = ?", (refund_id,)
    ).fetchone()
    if old is not None:
        _add_refund_day(db, old[0], old[1], old[2], old[3], -1, -int(old[4]))
        db.execute("DELETE FROM figure_refund WHERE id = ?", (refund_id,))
    row = db.execute(f"{_REFUND_ROW} WHERE id = ?", (refund_id,)).fetchone()
    if row is None:
        return
    hall, state, amount, full_state = row
    held = json.loads(full_state)
    day = shanghai_day(held.get("proposed_at", "") if isinstance(held, dict) else "")
    if day is None:
        return
    proposed_at = str(held.get("proposed_at", ""))
    level, fen = refund_level(full_state, amount, book.levels(hall, proposed_at)), _fen(amount)
    db.execute(
        "INSERT INTO figure_refund (id, hall, day, level, state, fen) VALUES (?, ?, ?, ?, ?, ?)",
        (refund_id, hall, day, level, state, fen),
    )
    _add_refund_day(db, hall, day, level, state, 1, fen)


def _add_refund_day(
    db: Any, hall: str, day: str, level: str, state: str, count: int, fen: int
) -> None:
    db.execute(
        "INSERT INTO figure_refund_day (hall, day, level, state, count, fen)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hall, day, level, state) DO UPDATE SET"
        " count = figure_refund_day.count + excluded.count,"
        " fen = figure_refund_day.fen + excluded.fen",
        (hall, day, level, state, count, fen),
    )
    db.execute(
        "DELETE FROM figure_refund_day WHERE hall = ? AND day = ? AND level = ? AND state = ?"
        " AND count = 0",
        (hall, day, level, state),
    )


def refresh_figures(db: Any) -> int:
    """Recompute the contribution of every row marked changed (inside the caller's transaction,
    which must be the only refresher: :meth:`FigureOps._refresh_figures` serialises them); how
    many. A mark is removed only if no change renewed it meanwhile (its ``changes`` count is the
    one read): a writer that changed the row after this read keeps it marked for the next."""
    marked = db.execute("SELECT kind, id, changes FROM figure_dirty").fetchall()
    book = LevelBook(db)
    for kind, entity_id, _changes in marked:
        if kind == DIRTY_COMPLAINT:
            _complaint(db, entity_id)
        else:
            _refund(db, entity_id, book)
    for kind, entity_id, changes in marked:
        db.execute(
            "DELETE FROM figure_dirty WHERE kind = ? AND id = ? AND changes = ?",
            (kind, entity_id, changes),
        )
    return len(marked)


def rebuild_figures(db: Any) -> tuple[int, int]:
    """Every figure again from the complaint and refund tables (inside the caller's
    transaction): (complaints, refunds) counted."""
    for table in (
        "figure_dirty", "figure_complaint", "figure_day", "figure_month", "figure_refund",
        "figure_pending",
    ):  # fmt: skip
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM figure_refund_day")
    complaints = db.execute("SELECT id FROM complaint ORDER BY id").fetchall()
    for (complaint_id,) in complaints:
        _complaint(db, complaint_id)
    refunds = db.execute("SELECT id FROM refund ORDER BY id").fetchall()
    book = LevelBook(db)
    for (refund_id,) in refunds:
        _refund(db, refund_id, book)
    return len(complaints), len(refunds)
