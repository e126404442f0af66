"""A refund's own page and 全省指标's refund drill-downs (issue 17, console17b).

- :meth:`RefundPageOps.figure_refunds`: the refunds behind one of 全省指标's refund figures (a
  period, a hall, a level, a state), from the daily figures' per-refund rows (``figure_refund``,
  on its index ``figure_refund_listed``, schema step 20) joined to the refunds, paged in SQL.
- :meth:`RefundPageOps.refund_page`: one refund (by id or number) — amount, level, state, hall,
  desk, its complaint, the hall's decision, head office's recommendation and decision, its
  execution, and its events as head office holds them (the complaint page's timeline steps) —
  phone numbers masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hall_desk.domain.identity import mask_phone
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.figures import FigureOps
from hall_desk.hq.store.transferred import TimelineStep, TransferredOps

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class FigureRefund:
    """One refund behind a figure."""

    id: str
    number: str
    hall: str
    desk: str
    complaint_number: str
    customer: str  # masked
    amount: str
    level: str
    state: str
    day: str  # the Asia/Shanghai day it was proposed

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RefundPage:
    """A refund as its page shows it (numbers masked)."""

    id: str
    number: str
    hall: str
    desk: str
    complaint_id: str
    complaint_number: str
    customer: str  # the phone account, masked
    amount: str
    counted_total: str
    level: str  # as 全省指标 counts it ("" before the figures counted it)
    state: str
    method: str
    item: str
    checked: str
    reason: str
    proposed: str  # who and when
    hall_decision: dict[str, str]  # the hall's: who, when, reason ({} when none)
    recommendation: dict[str, str]  # head office's director ({} when none)
    hq_decision: dict[str, str]  # head office's ({} when none)
    execution: dict[str, str]  # the latest recorded execution ({} while it waits or none)
    steps: list[TimelineStep] = field(default_factory=list)


class RefundPageOps(FigureOps, TransferredOps):
    """The refund page's and the refund drill-downs' reads."""

    def figure_refunds(
        self, start_day: str, end_day: str, hall: str | None = None, *, level: str | None = None,
        state: str | None = None, page: int = 1, per_page: int = 20,
    ) -> tuple[list[FigureRefund], int]:  # fmt: skip
        """The refunds counted in a figure (proposed on those Asia/Shanghai days; a hall, a
        level, a state when given), oldest first, and how many."""
        self.refresh_figures()
        where, params = ["f.day BETWEEN ? AND ?"], [start_day, end_day]
        for column, value in (("f.hall", hall), ("f.level", level), ("f.state", state)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        clause = " AND ".join(where)
        per_page = max(1, min(per_page, MAX_PER_PAGE))
        with self._lock:
            total = int(
                self._db.execute(
                    f"SELECT count(*) FROM figure_refund f WHERE {clause}", params
                ).fetchone()[0]
            )
            rows = self._db.execute(
                "SELECT f.id, r.number, f.hall, r.desk, c.number, c.phone, r.amount, f.level,"
                " f.state, f.day FROM figure_refund f JOIN refund r ON r.id = f.id"
                f" LEFT JOIN complaint c ON c.id = r.complaint_id WHERE {clause}"
                " ORDER BY f.day, f.id LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
        found = [
            FigureRefund(
                r[0], r[1], r[2], r[3], r[4] or "", mask_phone(r[5] or ""), r[6], r[7], r[8], r[9]
            )
            for r in rows
        ]
        return found, total

    def refund_page(self, refund: str) -> RefundPage:
        """A refund by id or number, with its decisions, execution and events."""
        self.refresh_figures()
        with self._lock:
            db = self._db
            row = db.execute(
                "SELECT r.id, r.number, r.hall, r.desk, r.complaint_id, c.number, c.phone,"
                " r.amount, r.state, r.full_state, f.level FROM refund r"
                " LEFT JOIN complaint c ON c.id = r.complaint_id"
                " LEFT JOIN figure_refund f ON f.id = r.id"
                " WHERE r.id = ? OR r.number = ? ORDER BY r.id LIMIT 1",
                (refund, refund),
            ).fetchone()
            if row is None:
                raise HQStoreError("refund.unknown", f"head office holds no refund {refund!r}")
            refund_id = row[0]
            operators = self._operator_names(db)
            staff = self._staff_names(db, row[2])
            decision = db.execute(
                "SELECT approved, reason, operator, decided_at FROM refund_decision"
                " WHERE refund_id = ?",
                (refund_id,),
            ).fetchone()
            recommended = db.execute(
                "SELECT recommend, note, operator, recommended_at FROM refund_recommendation"
                " WHERE refund_id = ?",
                (refund_id,),
            ).fetchone()
            executed = db.execute(
                "SELECT state, billing_reference, amount, at, reason, recorded_by, recorded_at,"
                " failures FROM refund_execution WHERE refund_id = ?",
                (refund_id,),
            ).fetchone()
            events = [
                e
                for e in self._events_of(db, row[4], row[2], row[3])
                if e[6].get("id") == refund_id or e[6].get("refund_id") == refund_id
            ]
        held: dict[str, Any] = json.loads(row[9])

        def text(key: str) -> str:
            value = held.get(key)
            return "" if value is None else str(value)

        hall_decision = (
            {"who": f"{text('decided_by_name')}（{text('decided_by_no')}）",
             "at": text("decided_at"), "reason": text("decision_reason")}
            if held.get("decided_at") else {}
        )  # fmt: skip
        return RefundPage(
            id=refund_id, number=row[1], hall=row[2], desk=row[3], complaint_id=row[4],
            complaint_number=row[5] or "", customer=mask_phone(row[6] or ""), amount=row[7],
            counted_total=text("counted_total"), level=row[10] or "", state=row[8],
            method=text("method"), item=text("item"), checked=text("checked"),
            reason=text("reason"),
            proposed=f"{text('proposed_by_name')}（{text('proposed_by_no')}）",
            hall_decision=hall_decision,
            recommendation=(
                {"what": "建议批准" if recommended[0] else "建议拒绝", "note": recommended[1],
                 "who": operators.get(recommended[2], recommended[2]), "at": recommended[3]}
                if recommended else {}
            ),
            hq_decision=(
                {"what": "总部批准" if decision[0] else "总部拒绝", "reason": decision[1],
                 "who": operators.get(decision[2], decision[2]), "at": decision[3]}
                if decision else {}
            ),
            execution=(
                {"state": executed[0], "reference": executed[1] or "", "amount": executed[2] or "",
                 "at": executed[3], "reason": executed[4],
                 "who": operators.get(executed[5], executed[5]), "recorded_at": executed[6],
                 "failures": str(executed[7])}
                if executed else {}
            ),
            steps=[self._step(e, staff, operators) for e in events],
        )  # fmt: skip
