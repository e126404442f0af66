"""Issue 20's marks on a hall's complaints as head office holds them, for the console's complaint
pages (plain data, no page here): a reply's stated time beside the time it was recorded, 补录
replies and callbacks with their reason, a store manager's confirmation of the stated time and
head office's acceptance of it, and a 估 deadline corrected (已更正) with the estimate it replaced.

Read from the complaint rows and the applied events of the hall (its desks' and head office's own
``<HALL>-00`` chain); quarantined events and events still waiting for their complaint are left
out. The time a step was recorded is its event's ``at`` (the desk's clock when it was saved).

Head office's 回复及时率 (:meth:`ComplaintMarkOps.complaint_timeliness`) counts as the desks do
(:func:`hall_desk.domain.reporting.reply_status`): a reply by the time it counts from
(``reply_counted_at``: a 补录 reply by the time it was recorded, until head office accepts its
stated time), against the deadline in force (a corrected 估 deadline once the correction arrived)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.domain.payloads import (
    DEADLINE_CORRECTED,
    LATE_REPLY_ACCEPTED,
    LATE_REPLY_CONFIRMED,
    parse_utc,
)
from hall_desk.domain.reporting import ReplyStatus, Timeliness, reply_status
from hall_desk.hq.store.reads import ReadOps

REPLIED = "complaint.replied_to_customer"
CALLED_BACK = "complaint.called_back"
_MARK_TYPES = (REPLIED, CALLED_BACK, LATE_REPLY_CONFIRMED, LATE_REPLY_ACCEPTED, DEADLINE_CORRECTED)
_OPEN = frozenset(s.value for s in OPEN_STATES)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


class ComplaintMarkOps(ReadOps):
    """Issue 20's marks on complaints, read for the console (see the module's docstring)."""

    def complaint_marks(self, hall: str, complaint_id: str | None = None) -> list[dict[str, Any]]:
        """The hall's complaints carrying an issue-20 mark — a 补录 reply or callback, a
        confirmation or acceptance of a stated time, a corrected deadline — by number; or, with
        ``complaint_id``, that complaint of the hall whatever its marks ([] if head office does
        not hold it). Each is a dict of plain values:

        - ``id``, ``number``, ``desk``, ``state``, ``accepted_at``;
        - ``reply_due`` (the deadline in force: the corrected one once corrected),
          ``reply_due_estimated`` (still 估), ``deadline_corrected`` (已更正),
          ``reply_due_estimate`` (the estimate it replaced, or None), ``deadline_corrected_at``;
        - ``late_reply``: '' / 补录 / 店长已确认 / 总部已认可; ``reply_counted_at``: the time the
          reply counts from in head office's figures;
        - ``reply``: the latest reply by the desk, or None: ``stated_at``, ``recorded_at``,
          ``late_entry`` (补录), ``late_reason``, ``method``, ``staff_no``, ``staff_name``;
        - ``callbacks``: every callback, in order: ``called_at`` (stated), ``recorded_at``,
          ``late_entry``, ``late_reason``, ``method``, ``satisfaction``, ``staff_no``;
        - ``confirmation``: the store manager's confirmation of the stated time, or None:
          ``staff_no``, ``staff_name``, ``confirmed_at``, ``note``, ``stated_at``;
        - ``accepted``: head office's acceptance, or None: ``operator``, ``accepted_at``,
          ``note``, ``stated_at`` — only then does the reply count by its stated time.
        """
        sql = (
            "SELECT id, number, desk, state, accepted_at, reply_due, full_state FROM complaint"
            " WHERE hall = ?"
        )
        params: list[Any] = [hall]
        if complaint_id is not None:
            sql, params = sql + " AND id = ?", [*params, complaint_id]
        events_sql = (
            "SELECT e.type, e.at, e.payload FROM event e"
            " LEFT JOIN quarantine q ON q.event_id = e.id"
            " LEFT JOIN intake_waiting w ON w.event_id = e.id"
            f" WHERE e.hall = ? AND e.type IN ({', '.join('?' for _ in _MARK_TYPES)})"
            " AND q.event_id IS NULL AND w.event_id IS NULL"
            " ORDER BY e.received_at, e.desk, e.seq"
        )
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY number", params).fetchall()
            events = self._db.execute(events_sql, (hall, *_MARK_TYPES)).fetchall()
        steps: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for event_type, at, payload in events:
            state = json.loads(payload)
            if isinstance(state, dict) and isinstance(state.get("id"), str):
                steps.setdefault(state["id"], []).append((event_type, at, state))
        marks = []
        for cid, number, desk, state, accepted_at, reply_due, full_state in rows:
            held = json.loads(full_state)
            mark = _marks(held, steps.get(cid, []))
            mark.update(
                id=cid, number=number, desk=desk, state=state, accepted_at=accepted_at,
                reply_due=reply_due,
            )  # fmt: skip
            if complaint_id is not None or _marked(mark):
                marks.append(mark)
        return marks

    def complaint_timeliness(
        self, hall: str, start: str, end: str, now: datetime | None = None
    ) -> Timeliness:
        """回复及时率 at head office for the hall's complaints accepted in ``[start, end)`` (UTC
        text, as stored), at ``now`` (head office's clock): on time, late (answered after the
        deadline or open past it) and pending, counted as the desks count them (see the module's
        docstring). A reply from a desk older than issue 20 (no ``reply_counted_at``) counts by
        its ``replied_at``."""
        at = now or self._clock.now()
        with self._lock:
            rows = self._db.execute(
                "SELECT state, reply_due, full_state FROM complaint"
                " WHERE hall = ? AND accepted_at >= ? AND accepted_at < ?",
                (hall, start, end),
            ).fetchall()
        counts = {status: 0 for status in ReplyStatus}
        for state, reply_due, full_state in rows:
            due = parse_utc(reply_due)
            if due is None:
                continue
            held = json.loads(full_state)
            answered = parse_utc(held.get("reply_counted_at") or held.get("replied_at"))
            status = reply_status(due, answered, state in _OPEN, at)
            if status is not None:
                counts[status] += 1
        return Timeliness(
            counts[ReplyStatus.ON_TIME], counts[ReplyStatus.LATE], counts[ReplyStatus.PENDING]
        )


def _marked(mark: dict[str, Any]) -> bool:
    reply = mark["reply"]
    return bool(
        mark["late_reply"]
        or mark["deadline_corrected"]
        or mark["confirmation"]
        or mark["accepted"]
        or (reply is not None and reply["late_entry"])
        or any(c["late_entry"] for c in mark["callbacks"])
    )


def _marks(held: dict[str, Any], steps: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    reply: dict[str, Any] | None = None
    callbacks: list[dict[str, Any]] = []
    confirmation: dict[str, Any] | None = None
    accepted: dict[str, Any] | None = None
    corrected_at = ""
    for event_type, at, state in steps:
        record = state.get("record")
        record = record if isinstance(record, dict) else {}
        if event_type == REPLIED:
            reply = {
                "stated_at": _text(record.get("replied_at")) or _text(state.get("replied_at")),
                "recorded_at": at,
                "late_entry": record.get("late_entry") is True,
                "late_reason": _text(record.get("late_reason")),
                "method": _text(record.get("method")),
                "staff_no": _text(record.get("staff_no")),
                "staff_name": _text(record.get("staff_name")),
            }
        elif event_type == CALLED_BACK:
            callbacks.append(
                {
                    "called_at": _text(record.get("called_at")),
                    "recorded_at": at,
                    "late_entry": record.get("late_entry") is True,
                    "late_reason": _text(record.get("late_reason")),
                    "method": _text(record.get("method")),
                    "satisfaction": _text(record.get("satisfaction")),
                    "staff_no": _text(record.get("staff_no")),
                }
            )
        elif event_type == LATE_REPLY_CONFIRMED:
            confirmation = {
                "staff_no": _text(record.get("staff_no")),
                "staff_name": _text(record.get("staff_name")),
                "confirmed_at": at,
                "note": _text(record.get("note")),
                "stated_at": _text(record.get("stated_at")),
            }
        elif event_type == LATE_REPLY_ACCEPTED:
            accepted = {
                "operator": _text(state.get("operator")),
                "accepted_at": _text(state.get("hq_accepted_at")) or at,
                "note": _text(state.get("note")),
                "stated_at": _text(state.get("stated_at")),
            }
        elif event_type == DEADLINE_CORRECTED:
            corrected_at = at
    estimate = held.get("reply_due_estimate")
    return {
        "reply_due_estimated": held.get("reply_due_estimated") is True,
        "deadline_corrected": bool(corrected_at),
        "reply_due_estimate": estimate if isinstance(estimate, str) and corrected_at else None,
        "deadline_corrected_at": corrected_at or None,
        "late_reply": _text(held.get("late_reply")),
        "reply_counted_at": _text(held.get("reply_counted_at")) or None,
        "reply": reply,
        "callbacks": callbacks,
        "confirmation": confirmation,
        "accepted": accepted,
    }
