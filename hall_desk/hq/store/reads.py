"""The read models: what head office shows and serves — desks' status and chains, the downlink
(``pull``) and a desk's own events, quarantine, conflicts, waiting and flagged events, and the
applied complaints, refunds, decisions, policies and staff accounts. No writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hall_desk.domain.envelope import FIELDS
from hall_desk.domain.policy import DEFAULT_POLICY
from hall_desk.hq.apply import (
    REFUND,
)
from hall_desk.hq.store.chains import ChainOps, ChainSummary
from hall_desk.hq.store.connections import SQLITE, HQStoreError, _Db
from hall_desk.hq.store.desks import DeskIdentity
from hall_desk.sync.protocol import (
    MAX_BATCH,
    ChainReportWire,
    ChainState,
    OwnEventsReply,
    PullReply,
)


@dataclass(frozen=True)
class DeskStatus:
    desk: str
    hall: str
    revoked: bool
    stored: int
    highest_seq: int
    chain: ChainReportWire
    quarantined: int
    conflicts: int
    files: int = 0  # files head office holds that this desk sent first
    escrow_version: int | None = None  # the version of its key escrow held here (issue 9)
    waiting: int = 0  # events held until their entity's creation arrives (issue 15)
    flagged: int = 0  # applied events head office flagged, e.g. actor.disabled (issue 15)

    def describe_chain(self) -> str:
        return ChainSummary(self.highest_seq, self.chain).describe()


@dataclass(frozen=True)
class FirstResponderMismatch:
    """A complaint in head office's table whose 首问责任人 is not its ``complaint.created``
    event's (issue 20): the triggers refuse every statement that would do it, so someone dropped
    them. ``created_no`` is empty when no ``complaint.created`` event of that id is held."""

    complaint_id: str
    number: str
    table_no: str
    created_no: str


class ReadOps(ChainOps):
    """The read models."""

    def first_responder_mismatches(self) -> list[FirstResponderMismatch]:
        """Every complaint whose first responder differs from its ``complaint.created`` event."""
        with self._lock:
            table = {
                str(r[0]): (str(r[1]), str(r[2]))
                for r in self._db.execute(
                    "SELECT id, number, first_responder_no FROM complaint"
                ).fetchall()
            }
            created: dict[str, str] = {}
            for (payload,) in self._db.execute(
                "SELECT payload FROM event WHERE type = 'complaint.created'"
            ).fetchall():
                try:
                    state = json.loads(payload)
                except ValueError:
                    continue
                if isinstance(state, dict) and str(state.get("id", "")) in table:
                    created.setdefault(str(state["id"]), str(state.get("first_responder_no", "")))
        return [
            FirstResponderMismatch(cid, number, responder, created.get(cid, ""))
            for cid, (number, responder) in sorted(table.items(), key=lambda item: item[1][0])
            if created.get(cid) != responder
        ]

    def chain_of(self, desk: str) -> ChainSummary:
        with self._lock:
            row = self._db.execute(
                "SELECT contiguous_seq, break_seq, break_detail FROM chain WHERE desk = ?", (desk,)
            ).fetchone()
            if row is None:
                return ChainSummary(0, ChainReportWire(ChainState.INTACT))
            return self._summary(self._db, desk, row[0], row[1], row[2])

    def status(self) -> list[DeskStatus]:
        with self._lock:
            rows = self._db.execute(
                "SELECT d.code, d.hall, d.revoked_at,"
                " (SELECT count(*) FROM event e WHERE e.desk = d.code),"
                " (SELECT count(*) FROM quarantine q JOIN event e ON e.id = q.event_id"
                "   WHERE e.desk = d.code),"
                " (SELECT count(*) FROM conflict c WHERE c.desk = d.code),"
                " (SELECT count(*) FROM stored_file f WHERE f.desk = d.code),"
                " (SELECT max(x.version) FROM desk_escrow x WHERE x.desk = d.code),"
                " (SELECT count(*) FROM intake_waiting w JOIN event e ON e.id = w.event_id"
                "   WHERE e.desk = d.code),"
                " (SELECT count(*) FROM intake_flag f JOIN event e ON e.id = f.event_id"
                "   WHERE e.desk = d.code)"
                " FROM desk d ORDER BY d.code"
            ).fetchall()
            out = []
            for (
                code,
                hall,
                revoked_at,
                stored,
                quarantined,
                conflicts,
                files,
                escrow,
                waiting,
                flagged,
            ) in rows:
                summary = self.chain_of(code)
                out.append(
                    DeskStatus(
                        code, hall, revoked_at is not None, stored, summary.highest_seq,
                        summary.chain, quarantined, conflicts, files,
                        None if escrow is None else int(escrow), int(waiting), int(flagged),
                    )
                )  # fmt: skip
            return out

    def halls(self) -> list[tuple[str, str]]:
        with self._lock:
            return [
                (r[0], r[1])
                for r in self._db.execute("SELECT code, name FROM hall ORDER BY code").fetchall()
            ]

    def events_of(self, desk: str) -> list[dict[str, Any]]:
        """A desk's stored envelopes in seq order, exactly as received (for checks and tests)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM event WHERE desk = ? ORDER BY seq",
                (desk,),
            ).fetchall()
        return [{**dict(zip(FIELDS, r, strict=True)), "payload": json.loads(r[8])} for r in rows]

    def quarantined(self, desk: str | None = None) -> list[tuple[str, str, str]]:
        """(event id, reason, detail) of quarantined events, in the desk's seq order."""
        sql = "SELECT q.event_id, q.reason, q.detail FROM quarantine q JOIN event e ON e.id = q.event_id"
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE e.desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY e.desk, e.seq", params).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def conflicts(self, desk: str | None = None) -> list[tuple[str, int, str, int]]:
        """(event id, seq, detail, times seen) of refused conflicts."""
        sql = "SELECT event_id, seq, detail, times FROM conflict"
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY desk, seq", params).fetchall()
        return [(r[0], int(r[1]), r[2], int(r[3])) for r in rows]

    def waiting(self, desk: str | None = None) -> list[tuple[str, str, int, str, str]]:
        """(event id, desk, seq, family, entity id) of events held until their entity's creation
        arrives."""
        sql = (
            "SELECT w.event_id, e.desk, e.seq, w.kind, w.entity_id FROM intake_waiting w"
            " JOIN event e ON e.id = w.event_id"
        )
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE e.desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY e.receipt_no", params).fetchall()
        return [(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]

    def flags(self, desk: str | None = None) -> list[tuple[str, str, int, str, str]]:
        """(event id, desk, seq, flag, detail) of applied events head office flagged, e.g.
        ``actor.disabled`` (a complaint recorded by an account head office had disabled)."""
        sql = (
            "SELECT f.event_id, e.desk, e.seq, f.flag, f.detail FROM intake_flag f"
            " JOIN event e ON e.id = f.event_id"
        )
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE e.desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY e.desk, e.seq", params).fetchall()
        return [(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]

    def looser_rules(self) -> list[tuple[str, int, str, int]]:
        """(family, payload version, rule, events): events applied as their older version wrote
        them that the newest version's rule would refuse, per rule."""
        with self._lock:
            rows = self._db.execute(
                "SELECT family, schema, rule, events FROM intake_looser"
                " ORDER BY family, schema, rule"
            ).fetchall()
        return [(r[0], int(r[1]), r[2], int(r[3])) for r in rows]

    def pull(self, desk: DeskIdentity, after: int, limit: int = MAX_BATCH) -> PullReply:
        """Events of the desk's hall, not its own, with a receipt number above ``after``, in
        order of receipt: at most ``limit``. ``cursor`` is the last receipt number looked at (past
        the desk's own events too, so it never scans them again); ``more`` when the page is full.

        One read snapshot: receipt numbers commit in order under the hall's lock, so nothing with
        a number at or below the cursor can appear later."""
        limit = max(1, min(limit, MAX_BATCH))
        after = max(0, after)
        columns = ", ".join(FIELDS)
        with self._lock:
            db = self._db
            db.execute(
                "BEGIN" if self.dialect == SQLITE else "BEGIN ISOLATION LEVEL REPEATABLE READ"
            )
            try:
                rows = db.execute(
                    f"SELECT {columns}, receipt_no FROM event WHERE hall = ? AND receipt_no > ?"
                    " AND desk <> ? ORDER BY receipt_no LIMIT ?",
                    (desk.hall, after, desk.code, limit + 1),
                ).fetchall()
                more = len(rows) > limit
                rows = rows[:limit]
                if more:
                    cursor = int(rows[-1][-1])
                else:
                    top = db.execute(
                        "SELECT last_receipt FROM hall WHERE code = ?", (desk.hall,)
                    ).fetchone()
                    cursor = max(after, int(top[0]) if top else 0)
            finally:
                db.execute("COMMIT")
        events = [
            {**dict(zip(FIELDS, r[:-1], strict=True)), "payload": json.loads(r[8])} for r in rows
        ]
        return PullReply(self._now(), events, cursor, more)

    def own_events(self, desk: DeskIdentity, after: int, limit: int = MAX_BATCH) -> OwnEventsReply:
        """The desk's own events with ``seq`` > ``after``, in seq order, at most ``limit``, exactly
        as stored (recovery of a restored or replaced desk); ``more`` when there are further."""
        limit = max(1, min(limit, MAX_BATCH))
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM event WHERE desk = ? AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (desk.code, max(0, after), limit + 1),
            ).fetchall()
        more = len(rows) > limit
        events = [
            {**dict(zip(FIELDS, r, strict=True)), "payload": json.loads(r[8])} for r in rows[:limit]
        ]
        return OwnEventsReply(self._now(), events, more)

    def complaint(self, complaint_id: str) -> dict[str, Any] | None:
        """An applied complaint's full state, as head office holds it."""
        with self._lock:
            row = self._db.execute(
                "SELECT full_state FROM complaint WHERE id = ?", (complaint_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def complaint_reply(self, complaint_id: str) -> dict[str, Any] | None:
        """Head office's latest reply to a complaint: {reply, operator, replied_at, event_id}."""
        with self._lock:
            row = self._db.execute(
                "SELECT reply, operator, replied_at, event_id FROM complaint_reply"
                " WHERE complaint_id = ?",
                (complaint_id,),
            ).fetchone()
        keys = ("reply", "operator", "replied_at", "event_id")
        return dict(zip(keys, row, strict=True)) if row else None

    def refund_decision(self, refund_id: str) -> dict[str, Any] | None:
        """{hall, approved, reason, operator, decided_at, known, event_id} or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT hall, approved, reason, operator, decided_at, known, event_id"
                " FROM refund_decision WHERE refund_id = ?",
                (refund_id,),
            ).fetchone()
        if row is None:
            return None
        keys = ("hall", "approved", "reason", "operator", "decided_at", "known", "event_id")
        out = dict(zip(keys, row, strict=True))
        out["approved"], out["known"] = bool(out["approved"]), bool(out["known"])
        return out

    def refund(self, refund_id: str) -> dict[str, Any] | None:
        """A refund as head office holds it: its full state as its desk last sent it, with
        ``state`` as head office sees it (its own decision included)."""
        with self._lock:
            row = self._db.execute(
                "SELECT full_state, state FROM refund WHERE id = ?", (refund_id,)
            ).fetchone()
        return {**json.loads(row[0]), "state": row[1]} if row else None

    def refunds(self, hall: str, state: str | None = None) -> list[dict[str, Any]]:
        """A hall's refunds (e.g. ``state="待总部审批"``: those waiting for head office), by number."""
        sql, params = "SELECT full_state, state FROM refund WHERE hall = ?", [hall]
        if state is not None:
            sql, params = sql + " AND state = ?", [*params, state]
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY number", params).fetchall()
        return [{**json.loads(r[0]), "state": r[1]} for r in rows]

    @staticmethod
    def _policy_version(db: _Db, hall: str) -> int:
        row = db.execute(
            "SELECT max(version) FROM policy_version WHERE hall = ?", (hall,)
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else DEFAULT_POLICY.version

    def policy_version(self, hall: str) -> int:
        """The hall's current policy version (the built-in default's until one is set)."""
        with self._lock:
            if not self._db.execute("SELECT 1 FROM hall WHERE code = ?", (hall,)).fetchone():
                raise HQStoreError("hall.missing", f"hall {hall} does not exist")
            return self._policy_version(self._db, hall)

    def policy(self, hall: str) -> dict[str, Any] | None:
        """The hall's current policy document as published, or None (the built-in default)."""
        with self._lock:
            row = self._db.execute(
                "SELECT document FROM policy_version WHERE hall = ? ORDER BY version DESC LIMIT 1",
                (hall,),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def staff(self, hall: str, staff_no: str) -> dict[str, Any] | None:
        """A hall's staff account as head office holds it (its full state), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT full_state FROM hall_staff WHERE hall = ? AND staff_no = ?",
                (hall, staff_no),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def staff_held(self, hall: str, staff_no: str) -> bool:
        """Head office disabled this account and has not lifted it."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM staff_hold WHERE hall = ? AND staff_no = ?", (hall, staff_no)
            ).fetchone()
        return row is not None

    def count_applied(self) -> dict[str, int]:
        """Rows in the applied tables: {"complaint": n, "<family>": n …}."""
        with self._lock:
            counts = {
                "complaint": int(self._db.execute("SELECT count(*) FROM complaint").fetchone()[0])
            }
            refunds = int(self._db.execute("SELECT count(*) FROM refund").fetchone()[0])
            if refunds:
                counts[REFUND] = refunds
            for kind, n in self._db.execute(
                "SELECT kind, count(*) FROM entity_state GROUP BY kind"
            ).fetchall():
                counts[kind] = int(n)
        return counts
