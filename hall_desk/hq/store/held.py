"""隔离与冲突 (issue 17): the events head office holds without applying — quarantined, waiting for
their entity's creation, refused as conflicts — and the applied events it flagged
(``actor.disabled``), listed for people, re-applied or closed with a note.

- **Listed** one kind at a time, oldest first, filtered (hall, desk, reason, open or closed) and
  paged in SQL through each kind's own index (schema step 12); the envelope shown with every full
  phone and ID number masked and a transfer's parties as a purge leaves them
  (:func:`masked_envelope`).
- **Re-applied** (a quarantined or waiting event): judged again by the same code as intake
  (:meth:`IntakeOps._admit`, the intake rules of :mod:`hall_desk.hq.intake_rules`), then the
  events held after it for the same entity, in order (its own desk's by seq, then the others'
  as received). One that passes is applied and leaves the list; one that fails stays with the
  new reason. Each applied one is told to its desk as ``held.reapplied`` on ``<HALL>-00``.
- **Closed** with a note (one or many at once): the row stays, marked closed (when, by whom, the
  note); a waiting event closed is no longer waited for (a closed quarantine row, reason
  ``waiting``). Each desk event closed is told to its desk as ``held.closed`` with the note,
  which the desk's 未送达事件 shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hall_desk.domain.envelope import FIELDS
from hall_desk.domain.hq_refunds import EXECUTING_ROLES, HQRole
from hall_desk.domain.identity import mask_numbers_in_text
from hall_desk.domain.payloads import HELD_CLOSED, HELD_REAPPLIED
from hall_desk.domain.retention import Part, redact_transfer_state
from hall_desk.hq import intake_rules
from hall_desk.hq.store.base import _Tx
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.desks import OperatorIdentity
from hall_desk.hq.store.intake import IntakeOps
from hall_desk.hq.store.paged import (
    MAX_PER_PAGE,
    Filters,
    PagedQuery,
    check_page,
    paged_query,
    read_page,
)
from hall_desk.sync.protocol import CONFLICT, WAITING, Outcome, head_office_desk

QUARANTINE, WAITING_KIND, CONFLICT_KIND, FLAG_KIND = "quarantine", "waiting", "conflict", "flag"
KINDS = (QUARANTINE, WAITING_KIND, CONFLICT_KIND, FLAG_KIND)
OPEN, CLOSED = "open", "closed"
MAX_NOTE = 500
MAX_BULK = 500  # one bulk close closes at most this many (the oldest first)
ACTING_ROLES = EXECUTING_ROLES  # operators and supervisors re-apply and close; others read


HIDDEN = "（已隐藏）"
_PEOPLE_KEYS = ("parties", "signatures")  # a transfer's customers and agents, and who signed


def _hide_people(value: Any) -> Any:
    """Every name and address in a transfer's parties or signatures hidden, whatever the nesting."""
    if isinstance(value, dict):
        return {
            k: HIDDEN
            if isinstance(k, str) and (k.endswith("name") or "address" in k) and v
            else _hide_people(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_hide_people(v) for v in value]
    return value


def masked_envelope(envelope: dict[str, Any]) -> dict[str, Any]:
    """An envelope as the console shows it: a transfer's parties as a purge leaves them (masked ID
    number, no address), their and the signers' names and addresses hidden, then every full phone
    and ID number left anywhere masked."""
    payload = envelope.get("payload")
    if isinstance(payload, dict):
        payload = redact_transfer_state(payload, [Part.REGISTERED_OWNER, Part.NEW_OWNER])
        payload = {k: _hide_people(v) if k in _PEOPLE_KEYS else v for k, v in payload.items()}
        changes = payload.get("changes")
        if isinstance(changes, dict):
            payload["changes"] = {
                k: _hide_people(v) if k in _PEOPLE_KEYS else v for k, v in changes.items()
            }
        envelope = {**envelope, "payload": payload}
    text = mask_numbers_in_text(json.dumps(envelope, ensure_ascii=False, sort_keys=True))
    shown: dict[str, Any] = json.loads(text)
    return shown


@dataclass(frozen=True)
class HeldRow:
    """One row of 隔离与冲突 (the envelope already masked)."""

    kind: str
    ref: str  # what the console's forms name it by: kind:event id[:hash or flag]
    event_id: str
    hall: str
    desk: str
    seq: int
    type: str
    actor: str
    at: str
    reason: str
    detail: str
    since: str
    closed_at: str
    closed_by: str
    note: str
    times: int
    envelope: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "ref": self.ref, "event_id": self.event_id, "hall": self.hall,
            "desk": self.desk, "seq": self.seq, "type": self.type, "actor": self.actor,
            "at": self.at, "reason": self.reason, "detail": self.detail, "since": self.since,
            "state": CLOSED if self.closed_at else OPEN, "closed_at": self.closed_at or None,
            "closed_by": self.closed_by or None, "note": self.note or None, "times": self.times,
            "envelope": self.envelope,
        }  # fmt: skip


@dataclass(frozen=True)
class Reapplied:
    """What re-applying did to one event: ``stored`` (applied, gone from the list) or
    ``quarantined`` with the reason it is held for now."""

    event_id: str
    seq: int
    outcome: str
    reason: str
    detail: str


_ENV = ", ".join(f"e.{f}" for f in FIELDS)
# per kind: FROM, the hall and desk columns, the reason column, the closed and since columns
_KIND_SQL: dict[str, tuple[str, str, str, str, str, str]] = {
    QUARANTINE: (
        "FROM quarantine q JOIN event e ON e.id = q.event_id", "e.hall", "e.desk", "q.reason",
        "q.closed_at", "q.at",
    ),
    WAITING_KIND: (
        "FROM intake_waiting w JOIN event e ON e.id = w.event_id", "w.hall", "e.desk",
        f"'{WAITING}'", "NULL", "w.since",
    ),
    CONFLICT_KIND: (
        "FROM conflict c JOIN desk d ON d.code = c.desk", "d.hall", "c.desk", f"'{CONFLICT}'",
        "c.closed_at", "c.first_at",
    ),
    FLAG_KIND: (
        "FROM intake_flag f JOIN event e ON e.id = f.event_id", "f.hall", "e.desk", "f.flag",
        "f.closed_at", "f.at",
    ),
}  # fmt: skip
_SELECT = {
    QUARANTINE: f"{_ENV}, q.reason, q.detail, q.at, q.closed_at, q.closed_by, q.note, 1, ''",
    WAITING_KIND: f"{_ENV}, '{WAITING}', w.kind || ' ' || w.entity_id, w.since, NULL, NULL,"
    " NULL, 1, ''",
    CONFLICT_KIND: "c.event_id, d.hall, c.desk, c.seq, '', 0, '', '', c.envelope, '', c.hash,"
    f" '{CONFLICT}', c.detail, c.first_at, c.closed_at, c.closed_by, c.note, c.times, c.hash",
    FLAG_KIND: f"{_ENV}, f.flag, f.detail, f.at, f.closed_at, f.closed_by, f.note, 1, f.flag",
}
_ORDER = {
    QUARANTINE: "q.at, e.desk, e.seq",
    WAITING_KIND: "w.since, e.desk, e.seq",
    CONFLICT_KIND: "c.first_at, c.desk, c.seq, c.hash",
    FLAG_KIND: "f.at, e.desk, e.seq, f.flag",
}


def held_query(
    kind: str = QUARANTINE,
    *,
    state: str = OPEN,
    hall: str | None = None,
    desk: str | None = None,
    reason: str | None = None,
) -> PagedQuery:
    """The count and page statements of one kind (the page's ending ``LIMIT ? OFFSET ?``) and
    their filter parameters."""
    if kind not in KINDS or state not in (OPEN, CLOSED):
        raise HQStoreError("request.invalid", f"no list {kind!r} / {state!r}")
    joined, hall_col, desk_col, reason_col, closed_col, _since = _KIND_SQL[kind]
    filters = Filters.fixed(
        f"{closed_col} IS NULL" if state == OPEN else f"{closed_col} IS NOT NULL"
    )
    filters.equal(hall_col, hall).equal(desk_col, desk).equal(reason_col, reason)
    return paged_query(_SELECT[kind], joined, filters, _ORDER[kind])


def _row(kind: str, row: tuple[Any, ...]) -> HeldRow:
    envelope_fields = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
    rest = row[len(FIELDS) :]
    reason, detail, since, closed_at, closed_by, note, times, extra = rest
    if kind == CONFLICT_KIND:
        try:
            envelope: dict[str, Any] = json.loads(envelope_fields["payload"])
        except ValueError:
            envelope = {}
        if not isinstance(envelope, dict):
            envelope = {}
    else:
        envelope = {**envelope_fields, "payload": json.loads(envelope_fields["payload"])}
        if kind == WAITING_KIND:
            detail = f"waiting for {detail}"
    ref = f"{kind}:{envelope_fields['id']}" + (f":{extra}" if extra else "")
    return HeldRow(
        kind=kind, ref=ref, event_id=envelope_fields["id"], hall=envelope_fields["hall"],
        desk=envelope_fields["desk"], seq=int(envelope_fields["seq"]),
        type=str(envelope.get("type", "")), actor=str(envelope.get("actor", "")),
        at=str(envelope.get("at", "")), reason=reason,
        detail=mask_numbers_in_text(detail or ""), since=since, closed_at=closed_at or "",
        closed_by=closed_by or "", note=mask_numbers_in_text(note or ""),
        times=int(times), envelope=masked_envelope(envelope),
    )  # fmt: skip


def parse_ref(ref: str) -> tuple[str, str, str]:
    """(kind, event id, hash or flag) of a form's ``ref``; HQStoreError when it names none."""
    kind, _, rest = ref.partition(":")
    event_id, _, extra = rest.partition(":")
    if kind not in KINDS or not event_id or len(ref) > 300:
        raise HQStoreError("held.unknown", f"{ref[:80]!r} names no held event")
    if kind in (CONFLICT_KIND, FLAG_KIND) and not extra:
        raise HQStoreError("held.unknown", f"{ref[:80]!r} names no held event")
    return kind, event_id, extra


class HeldOps(IntakeOps):
    """隔离与冲突: list, re-apply, close."""

    def held_events(
        self,
        kind: str = QUARANTINE,
        *,
        page: int = 1,
        per_page: int = 20,
        state: str = OPEN,
        hall: str | None = None,
        desk: str | None = None,
        reason: str | None = None,
    ) -> tuple[list[HeldRow], int]:
        """A page of one kind, oldest first, and how many there are in all."""
        check_page(page, per_page)
        query = held_query(kind, state=state, hall=hall, desk=desk, reason=reason)
        with self._lock:
            rows, total = read_page(self._db, query, page, per_page)
        return [_row(kind, tuple(r)) for r in rows], total

    @classmethod
    def _may_work_held(cls, operator: OperatorIdentity) -> None:
        try:
            role = HQRole(operator.role)
        except ValueError:
            role = HQRole.AUDITOR
        if role not in ACTING_ROLES:
            raise HQStoreError(
                "operator.not_acting",
                f"operator {operator.name} ({operator.role}) reads 隔离与冲突 only: operators and"
                " supervisors re-apply and close",
            )

    # -- re-apply ---------------------------------------------------------------------------------

    def reapply_held(self, ref: str, operator: OperatorIdentity) -> list[Reapplied]:
        """Judge a quarantined or waiting event again as intake does, then the events held after
        it for the same entity; what became of each, the event first. When the event itself still
        fails, the ones after it are left as they were."""
        self._may_work_held(operator)
        kind, event_id, _extra = parse_ref(ref)
        if kind not in (QUARANTINE, WAITING_KIND):
            raise HQStoreError(
                "held.not_reapplicable",
                "only a quarantined or waiting event is re-applied: a conflict was never stored,"
                " a flagged event is applied already",
            )
        with self._lock:
            row = self._db.execute("SELECT hall FROM event WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise HQStoreError("held.unknown", f"head office holds no event {event_id}")
        with self._hall_transaction(str(row[0])) as tx:
            first = self._held_envelope(tx, event_id)
            if first is None:
                raise HQStoreError(
                    "held.changed", f"event {event_id} is no longer quarantined or waiting"
                )
            results = [self._reapply_one(tx, first, operator)]
            if results[0].outcome == Outcome.STORED.value:
                for env in self._held_after(tx, first):
                    results.append(self._reapply_one(tx, env, operator))
            self._advance_chain(tx, head_office_desk(tx.hall))
        return results

    @staticmethod
    def _held_envelope(tx: _Tx, event_id: str) -> dict[str, Any] | None:
        row = tx.execute(
            f"SELECT {_ENV}, e.receipt_no FROM event e WHERE e.id = ?"
            " AND (EXISTS (SELECT 1 FROM quarantine q WHERE q.event_id = e.id)"
            " OR EXISTS (SELECT 1 FROM intake_waiting w WHERE w.event_id = e.id))",
            (event_id,),
        ).fetchone()
        if row is None:
            return None
        env = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
        return {**env, "payload": json.loads(env["payload"]), "receipt_no": int(row[-1])}

    @staticmethod
    def _held_after(tx: _Tx, first: dict[str, Any]) -> list[dict[str, Any]]:
        """The open quarantined and waiting events of ``first``'s entity held after it: its own
        desk's with a higher seq (in seq order), then other desks' received later."""
        key = intake_rules.entity_key(first)
        if key is None:
            return []
        family = first["type"].split(".", 1)[0]
        rows = tx.execute(
            f"SELECT {_ENV}, e.receipt_no FROM event e"
            " WHERE e.hall = ? AND e.id <> ? AND e.type LIKE ?"
            " AND (e.id IN (SELECT q.event_id FROM quarantine q WHERE q.closed_at IS NULL)"
            " OR e.id IN (SELECT w.event_id FROM intake_waiting w WHERE w.kind = ?"
            " AND w.entity_id = ?))",
            (tx.hall, first["id"], family + ".%", key[0], key[1]),
        ).fetchall()
        after = []
        for row in rows:
            env = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
            env = {**env, "payload": json.loads(env["payload"]), "receipt_no": int(row[-1])}
            if intake_rules.entity_key(env) != key:
                continue
            same_desk = env["desk"] == first["desk"]
            if (same_desk and env["seq"] > first["seq"]) or (
                not same_desk and env["receipt_no"] > first["receipt_no"]
            ):
                after.append(env)
        after.sort(key=lambda e: (e["desk"] != first["desk"], e["seq"] if e["desk"] == first["desk"] else e["receipt_no"]))  # fmt: skip
        return after

    def _reapply_one(self, tx: _Tx, env: dict[str, Any], operator: OperatorIdentity) -> Reapplied:
        """The event's hold lifted, then judged and applied (or held again) by intake's own code."""
        env = {k: v for k, v in env.items() if k != "receipt_no"}
        before = tx.execute(
            "SELECT reason FROM quarantine WHERE event_id = ?", (env["id"],)
        ).fetchone()
        tx.execute("DELETE FROM quarantine WHERE event_id = ?", (env["id"],))
        tx.execute("DELETE FROM intake_waiting WHERE event_id = ?", (env["id"],))
        facts = self._batch_facts(tx, [env])
        result = self._admit(tx, env, facts)
        if result.outcome is Outcome.STORED:
            self._append_head_office(
                tx, HELD_REAPPLIED, operator.actor,
                {"id": env["id"], "desk": env["desk"],
                 "kind": QUARANTINE if before is not None else WAITING_KIND,
                 "reason": before[0] if before is not None else WAITING, "note": "",
                 "operator": operator.name},
            )  # fmt: skip
        return Reapplied(
            env["id"], int(env["seq"]), result.outcome.value, result.reason, result.detail
        )

    # -- close ------------------------------------------------------------------------------------

    def close_held(self, refs: list[str], note: str, operator: OperatorIdentity) -> int:
        """Close each of ``refs`` (still open) with ``note``; how many were closed."""
        self._may_work_held(operator)
        note = note.strip()
        if not note or len(note) > MAX_NOTE or not note.isprintable():
            raise HQStoreError(
                "held.note", f"a note of 1 to {MAX_NOTE} printable characters is needed"
            )
        if len(refs) > MAX_BULK:
            raise HQStoreError("held.too_many", f"at most {MAX_BULK} at once")
        parsed = [parse_ref(ref) for ref in refs]
        halls: dict[str, list[tuple[str, str, str]]] = {}
        with self._lock:
            for kind, event_id, extra in parsed:
                if kind == CONFLICT_KIND:
                    row = self._db.execute(
                        "SELECT d.hall FROM conflict c JOIN desk d ON d.code = c.desk"
                        " WHERE c.event_id = ? AND c.hash = ?",
                        (event_id, extra),
                    ).fetchone()
                else:
                    row = self._db.execute(
                        "SELECT hall FROM event WHERE id = ?", (event_id,)
                    ).fetchone()
                if row is not None:
                    halls.setdefault(str(row[0]), []).append((kind, event_id, extra))
        closed = 0
        for hall, items in sorted(halls.items()):
            with self._hall_transaction(hall) as tx:
                for kind, event_id, extra in items:
                    closed += self._close_one(tx, kind, event_id, extra, note, operator)
                self._advance_chain(tx, head_office_desk(hall))
        return closed

    def close_held_filtered(
        self,
        kind: str,
        note: str,
        operator: OperatorIdentity,
        *,
        hall: str | None = None,
        desk: str | None = None,
        reason: str | None = None,
    ) -> int:
        """Close the open ones a filter lists (at most MAX_BULK, the oldest first) with one note."""
        rows, _total = self.held_events(
            kind, page=1, per_page=MAX_PER_PAGE, hall=hall, desk=desk, reason=reason
        )
        refs = [r.ref for r in rows]
        page = 2
        while len(refs) < MAX_BULK and len(rows) == MAX_PER_PAGE:
            rows, _total = self.held_events(
                kind, page=page, per_page=MAX_PER_PAGE, hall=hall, desk=desk, reason=reason
            )
            refs += [r.ref for r in rows]
            page += 1
        return self.close_held(refs[:MAX_BULK], note, operator)

    def _close_one(
        self, tx: _Tx, kind: str, event_id: str, extra: str, note: str, operator: OperatorIdentity
    ) -> int:
        closing = (tx.now, operator.name, note)
        desk, reason = "", ""
        if kind == QUARANTINE:
            row = tx.execute(
                "SELECT q.reason, e.desk FROM quarantine q JOIN event e ON e.id = q.event_id"
                " WHERE q.event_id = ? AND q.closed_at IS NULL",
                (event_id,),
            ).fetchone()
            if row is None:
                return 0
            reason, desk = row
            tx.execute(
                "UPDATE quarantine SET closed_at = ?, closed_by = ?, note = ? WHERE event_id = ?",
                (*closing, event_id),
            )
        elif kind == WAITING_KIND:
            row = tx.execute(
                "SELECT w.kind, w.entity_id, w.since, e.desk FROM intake_waiting w"
                " JOIN event e ON e.id = w.event_id WHERE w.event_id = ?",
                (event_id,),
            ).fetchone()
            if row is None:
                return 0
            reason, desk = WAITING, row[3]
            tx.execute("DELETE FROM intake_waiting WHERE event_id = ?", (event_id,))
            tx.execute(
                "INSERT INTO quarantine (event_id, reason, detail, at, closed_at, closed_by, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event_id, WAITING, f"waited for {row[0]} {row[1]}", row[2], *closing),
            )
        elif kind == CONFLICT_KIND:
            row = tx.execute(
                "SELECT desk FROM conflict WHERE event_id = ? AND hash = ? AND closed_at IS NULL",
                (event_id, extra),
            ).fetchone()
            if row is None:
                return 0
            reason, desk = CONFLICT, row[0]
            tx.execute(
                "UPDATE conflict SET closed_at = ?, closed_by = ?, note = ?"
                " WHERE event_id = ? AND hash = ?",
                (*closing, event_id, extra),
            )
        else:
            updated = tx.execute(
                "UPDATE intake_flag SET closed_at = ?, closed_by = ?, note = ?"
                " WHERE event_id = ? AND flag = ? AND closed_at IS NULL",
                (*closing, event_id, extra),
            )
            return 1 if updated.rowcount else 0  # applied already: nothing for the desk to show
        self._append_head_office(
            tx, HELD_CLOSED, operator.actor,
            {"id": event_id, "desk": desk, "kind": kind, "reason": reason, "note": note,
             "operator": operator.name},
        )  # fmt: skip
        return 1
