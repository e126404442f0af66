"""Head office's own decisions: events on each hall's head-office chain ``H-00`` (replies to
complaints, refund decisions, policies, staff accounts re-published, disabled and enabled), with an
operator as actor (``op:<name>``)."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from hall_desk.domain.envelope import envelope_hash
from hall_desk.domain.errors import DomainError
from hall_desk.domain.lifecycle import ReplyMethod, validate_quiet_hours_call
from hall_desk.domain.payloads import LATE_REPLY_ACCEPTED, parse_utc
from hall_desk.domain.policy import Policy
from hall_desk.domain.policy_document import parse_policy_document, policy_document
from hall_desk.hq.store.base import _Tx
from hall_desk.hq.store.chains import _json_text
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.desks import OperatorIdentity
from hall_desk.hq.store.reads import ReadOps
from hall_desk.hq.store.schema import AWAITING_HEAD_OFFICE, HEAD_OFFICE_DECIDED_STATES
from hall_desk.sync.protocol import (
    COMPLAINT_REPLIED,
    POLICY_SET,
    REFUND_DECIDED,
    STAFF_CHANGED,
    head_office_desk,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


MAX_DECISION_TEXT = 4000
# issue 20: a 补录 reply's confirmation states (the complaint's ``late_reply``)
LATE_REPLY_CONFIRMED_STATE = "店长已确认"
LATE_REPLY_ACCEPTED_STATE = "总部已认可"
REPLY_METHODS = frozenset(m.value for m in ReplyMethod)


class DecisionOps(ReadOps):
    """Head office's chain per hall and the operators' decisions on it."""

    def _append_head_office(
        self, tx: _Tx, type: str, actor: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """Append the next event of ``<hall>-00`` (seq from 1, prev/hash chained like a desk's)."""
        desk = head_office_desk(tx.hall)
        last = tx.execute(
            "SELECT seq, hash FROM event WHERE desk = ? ORDER BY seq DESC LIMIT 1", (desk,)
        ).fetchone()
        envelope: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "hall": tx.hall,
            "desk": desk,
            "seq": (int(last[0]) + 1) if last else 1,
            "type": type,
            "schema": 1,
            "at": tx.now,
            "actor": actor,
            "payload": payload,
            "prev": last[1] if last else "",
        }
        envelope["hash"] = envelope_hash(envelope)
        self._insert_event(tx, envelope)
        tx.head_office.append(envelope)
        log.info("%s seq %d: %s by %s", desk, envelope["seq"], type, actor)
        return envelope

    def _republish_staff(
        self, tx: _Tx, actor: str, change: dict[str, Any], source_event: str
    ) -> dict[str, Any]:
        """Apply a staff change to the hall's accounts (order of receipt: the later wins) and
        append the resulting full state as ``staff.changed`` on ``<hall>-00``."""
        staff_no = change["staff_no"]
        row = tx.execute(
            "SELECT staff_id, full_state FROM hall_staff WHERE hall = ? AND staff_no = ?",
            (tx.hall, staff_no),
        ).fetchone()
        before: dict[str, Any] = json.loads(row[1]) if row else {}
        state = {k: v for k, v in change.items() if k != "changes"}
        if row is not None:
            state["id"] = row[0]  # one account per staff number: the id head office saw first
        changes = {
            key: [before.get(key), value]
            for key, value in state.items()
            if key not in before or before[key] != value
        }
        payload = {**state, "changes": changes}
        envelope = self._append_head_office(tx, STAFF_CHANGED, actor, payload)
        tx.execute(
            "INSERT INTO hall_staff (hall, staff_no, staff_id, full_state, source_event,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hall, staff_no) DO UPDATE SET"
            " full_state = excluded.full_state, source_event = excluded.source_event,"
            " updated_at = excluded.updated_at",
            (
                tx.hall,
                staff_no,
                state["id"],
                _json_text(state),
                source_event or envelope["id"],
                tx.now,
            ),
        )
        return envelope

    @staticmethod
    def _decision_text(text: str, what: str) -> str:
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise HQStoreError(f"{what}.empty", f"the {what} is empty")
        if len(text) > MAX_DECISION_TEXT:
            raise HQStoreError(f"{what}.long", f"the {what} is over {MAX_DECISION_TEXT} characters")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise HQStoreError(f"{what}.invalid", f"the {what} is not valid text") from None
        if "\x00" in text:
            raise HQStoreError(f"{what}.invalid", f"the {what} holds a NUL character")
        return text

    def reply_complaint(
        self,
        complaint: str,
        text: str,
        operator: OperatorIdentity,
        *,
        method: str = "",
        called_at: str | None = None,
        quiet_reason: str = "",
        quiet_note: str = "",
    ) -> dict[str, Any]:
        """Head office's answer to a complaint (by id or number): a ``complaint.replied`` event on
        the complaint's hall chain. ``complaint.unknown`` for a complaint head office never got.

        Issue 20: ``method`` says how the customer was told (电话, 短信 …; empty: not said); a
        reply by phone whose call time (``called_at``, UTC ISO; now if not given) falls in the
        hall's quiet hours needs ``quiet_reason`` (客户要求 / 客户来电) and ``quiet_note``
        (``reply.quiet_hours``)."""
        reply = self._decision_text(text, "reply")
        with self._lock:
            row = self._db.execute(
                "SELECT id, number, hall FROM complaint WHERE id = ? OR number = ?",
                (complaint, complaint),
            ).fetchone()
        if row is None:
            raise HQStoreError("complaint.unknown", f"head office holds no complaint {complaint!r}")
        complaint_id, number, hall = row
        call = self._phone_call(hall, method, called_at, quiet_reason, quiet_note)
        with self._hall_transaction(hall) as tx:
            payload = {
                "id": complaint_id, "number": number, "reply": reply,
                "replied_at": tx.now, "operator": operator.name,
            }  # fmt: skip
            if method:
                payload.update(method=method, called_at=call[0] or tx.now)
                if call[1]:
                    payload.update(quiet_reason=call[1], quiet_note=call[2])
            envelope = self._append_head_office(tx, COMPLAINT_REPLIED, operator.actor, payload)
            tx.execute(
                "INSERT INTO complaint_reply (complaint_id, reply, operator, replied_at, event_id)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (complaint_id) DO UPDATE SET"
                " reply = excluded.reply, operator = excluded.operator,"
                " replied_at = excluded.replied_at, event_id = excluded.event_id",
                (complaint_id, reply, operator.name, tx.now, envelope["id"]),
            )
            self._advance_chain(tx, head_office_desk(hall))
        return envelope

    def _phone_call(
        self, hall: str, method: str, called_at: str | None, reason: str, note: str
    ) -> tuple[str, str, str]:
        """(call time as given, reason, note) of a head-office reply; checks the quiet hours of
        the hall's policy for a reply by phone (issue 20)."""
        if method and method not in REPLY_METHODS:
            raise HQStoreError(
                "reply.method", f"method must be one of {', '.join(sorted(REPLY_METHODS))}"
            )
        if called_at is not None and (not method or parse_utc(called_at) is None):
            raise HQStoreError("reply.called_at", "called_at needs a method and a UTC time (…Z)")
        at = parse_utc(called_at) if called_at is not None else datetime.now(UTC)
        assert at is not None
        document = self.policy(hall)
        policy = parse_policy_document(document).policy if document else Policy()
        try:
            call = validate_quiet_hours_call(method, at, reason, note, policy)
        except DomainError as error:
            raise HQStoreError(
                "reply.quiet_hours",
                "a reply by phone in the quiet hours"
                f" ({policy.quiet_start_hour:02d}:00–{policy.quiet_end_hour:02d}:00 Asia/Shanghai)"
                " needs --quiet-reason 客户要求 or 客户来电 and --quiet-note",
            ) from error
        return called_at or "", call.reason, call.note

    def accept_late_reply(
        self, complaint: str, note: str, operator: OperatorIdentity
    ) -> dict[str, Any]:
        """Issue 20: head office accepts a store manager's confirmation of a 补录 reply's stated
        time (the complaint by id or number): a ``complaint.late_reply_accepted`` event on the
        complaint's hall chain; the complaint's desk then counts the reply by its stated time.
        Refused (``late_reply.not_confirmed``) unless the store manager's confirmation
        (``complaint.late_reply_confirmed``) has arrived; ``complaint.unknown`` for a complaint
        head office never got."""
        why = self._decision_text(note, "note")
        with self._lock:
            row = self._db.execute(
                "SELECT id, number, hall, full_state FROM complaint WHERE id = ? OR number = ?",
                (complaint, complaint),
            ).fetchone()
        if row is None:
            raise HQStoreError("complaint.unknown", f"head office holds no complaint {complaint!r}")
        complaint_id, number, hall, full_state = row
        with self._hall_transaction(hall) as tx:
            current = tx.execute(
                "SELECT full_state FROM complaint WHERE id = ?", (complaint_id,)
            ).fetchone()
            state: dict[str, Any] = json.loads(current[0] if current else full_state)
            if state.get("late_reply") != LATE_REPLY_CONFIRMED_STATE:
                raise HQStoreError(
                    "late_reply.not_confirmed",
                    f"complaint {number} has no 补录 reply its store manager has confirmed"
                    f" (late_reply is {state.get('late_reply', '')!r})",
                )
            payload = {
                "id": complaint_id, "number": number, "accepted_at": tx.now,
                "operator": operator.name, "note": why,
                "stated_at": state.get("replied_at"),
            }  # fmt: skip
            envelope = self._append_head_office(tx, LATE_REPLY_ACCEPTED, operator.actor, payload)
            state["late_reply"] = LATE_REPLY_ACCEPTED_STATE
            state["reply_counted_at"] = state.get("replied_at")
            tx.execute(
                "UPDATE complaint SET full_state = ? WHERE id = ?",
                (_json_text(state), complaint_id),
            )
            self._advance_chain(tx, head_office_desk(hall))
        return envelope

    def decide_refund(
        self,
        refund_id: str,
        approve: bool,
        reason: str,
        operator: OperatorIdentity,
        *,
        hall: str | None = None,
    ) -> dict[str, Any]:
        """Head office's decision on a refund sent to it (待总部审批): a ``refund.decided`` event on
        the refund's hall chain, and the refund (by id, or by its number) becomes 总部已批准 /
        总部已拒绝 (deciding again changes the decision). A refund the hall approved, refused or
        withdrawn itself is refused (``refund.not_awaiting``). A refund head office has never seen
        may still be decided: it is recorded as not known, and then ``hall`` must say whose it is."""
        if not isinstance(refund_id, str) or not refund_id.strip() or len(refund_id) > 100:
            raise HQStoreError("refund.id", "a refund id is needed (at most 100 characters)")
        refund_id = self._decision_text(refund_id, "refund")
        why = self._decision_text(reason, "reason")
        with self._lock:
            row = self._db.execute(
                "SELECT id, hall FROM refund WHERE id = ? OR number = ? ORDER BY id LIMIT 1",
                (refund_id, refund_id),
            ).fetchone()
        known = row is not None
        refund_id = row[0] if row else refund_id
        refund_hall = row[1] if row else None
        if hall is not None and refund_hall is not None and hall != refund_hall:
            raise HQStoreError(
                "refund.hall", f"refund {refund_id} belongs to hall {refund_hall}, not {hall}"
            )
        refund_hall = refund_hall or hall
        if refund_hall is None:
            raise HQStoreError(
                "refund.hall_needed",
                f"head office has not seen refund {refund_id}: say which hall it belongs to",
            )
        if not known:
            log.warning("refund %s decided before head office received it", refund_id)
        with self._hall_transaction(refund_hall) as tx:
            if known:  # under the hall's lock: the desk's latest word on it
                state = tx.execute(
                    "SELECT state FROM refund WHERE id = ?", (refund_id,)
                ).fetchone()[0]
                if state not in (AWAITING_HEAD_OFFICE, *HEAD_OFFICE_DECIDED_STATES):
                    raise HQStoreError(
                        "refund.not_awaiting",
                        f"refund {refund_id} is {state} at the hall: head office decides only"
                        " refunds sent to it (待总部审批)",
                    )
                decided = HEAD_OFFICE_DECIDED_STATES[0 if approve else 1]
                tx.execute(
                    "UPDATE refund SET state = ?, updated_at = ? WHERE id = ?",
                    (decided, tx.now, refund_id),
                )
            payload = {
                "id": refund_id, "approved": bool(approve), "reason": why,
                "decided_at": tx.now, "operator": operator.name,
            }  # fmt: skip
            envelope = self._append_head_office(tx, REFUND_DECIDED, operator.actor, payload)
            tx.execute(
                "INSERT INTO refund_decision (refund_id, hall, approved, reason, operator,"
                " decided_at, known, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (refund_id) DO UPDATE SET approved = excluded.approved,"
                " reason = excluded.reason, operator = excluded.operator,"
                " decided_at = excluded.decided_at, event_id = excluded.event_id",
                (
                    refund_id, refund_hall, int(bool(approve)), why, operator.name, tx.now,
                    int(known), envelope["id"],
                ),
            )  # fmt: skip
            self._advance_chain(tx, head_office_desk(refund_hall))
        return envelope

    def set_policy(
        self, document: object, operator: OperatorIdentity, *, hall: str | None = None
    ) -> list[dict[str, Any]]:
        """Publish a policy document to one hall or (``hall=None``) to every hall: a ``policy.set``
        event on each hall's chain. The document is checked with ``parse_policy_document``; its
        version must be higher than each hall's current one (all halls or none)."""
        try:
            checked = parse_policy_document(document)
        except DomainError as error:
            problems = getattr(error, "errors", None) or [error]
            listed = ", ".join(f"{e.field or 'policy'}: {e.code}" for e in problems)
            raise HQStoreError(
                "policy.invalid", f"the policy document is not valid ({listed})"
            ) from None
        policy = policy_document(checked)
        version = policy["version"]
        halls = [hall] if hall is not None else [code for code, _ in self.halls()]
        if not halls:
            raise HQStoreError("hall.missing", "there is no hall to publish a policy to")
        for code in halls:
            current = self.policy_version(code)
            if version <= current:
                raise HQStoreError(
                    "policy.version",
                    f"hall {code} already has policy version {current}: the new one must be higher",
                )
        envelopes = []
        for code in halls:
            with self._hall_transaction(code) as tx:
                current = self._policy_version(tx.db, code)  # again, under the hall's lock
                if version <= current:
                    raise HQStoreError(
                        "policy.version",
                        f"hall {code} already has policy version {current}:"
                        " the new one must be higher",
                    )
                payload = {"version": version, "policy": policy}
                envelope = self._append_head_office(tx, POLICY_SET, operator.actor, payload)
                tx.execute(
                    "INSERT INTO policy_version (hall, version, document, operator, set_at,"
                    " event_id) VALUES (?, ?, ?, ?, ?, ?)",
                    (code, version, _json_text(policy), operator.name, tx.now, envelope["id"]),
                )
                self._advance_chain(tx, head_office_desk(code))
            envelopes.append(envelope)
        return envelopes

    def disable_staff(self, hall: str, staff_no: str, operator: OperatorIdentity) -> dict[str, Any]:
        """Disable a hall's staff account: its full state with ``active: false``, re-published as
        ``staff.changed`` on the hall's chain (``staff.unknown`` if head office holds no such
        account)."""
        with self._hall_transaction(hall) as tx:
            row = tx.execute(
                "SELECT full_state FROM hall_staff WHERE hall = ? AND staff_no = ?",
                (hall, staff_no),
            ).fetchone()
            if row is None:
                raise HQStoreError(
                    "staff.unknown", f"head office holds no staff account {staff_no} in hall {hall}"
                )
            state = {**json.loads(row[0]), "active": False}
            envelope = self._republish_staff(tx, operator.actor, state, "")
            # Head office's disable stands until head office lifts it (enable_staff): a desk's
            # change enabling the account again is quarantined (staff.disabled_by_head_office).
            tx.execute(
                "INSERT INTO staff_hold (hall, staff_no, operator, since) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (hall, staff_no) DO UPDATE SET operator = excluded.operator,"
                " since = excluded.since",
                (hall, staff_no, operator.name, tx.now),
            )
            self._advance_chain(tx, head_office_desk(hall))
        return envelope

    def enable_staff(self, hall: str, staff_no: str, operator: OperatorIdentity) -> dict[str, Any]:
        """Lift head office's disable of a hall's staff account (or enable one the hall disabled):
        its full state with ``active: true``, re-published as ``staff.changed`` on the hall's
        chain. ``staff.unknown`` if head office holds no such account, ``staff.active`` if it is
        active and not held."""
        with self._hall_transaction(hall) as tx:
            row = tx.execute(
                "SELECT s.full_state, h.staff_no FROM hall_staff s LEFT JOIN staff_hold h"
                " ON h.hall = s.hall AND h.staff_no = s.staff_no"
                " WHERE s.hall = ? AND s.staff_no = ?",
                (hall, staff_no),
            ).fetchone()
            if row is None:
                raise HQStoreError(
                    "staff.unknown", f"head office holds no staff account {staff_no} in hall {hall}"
                )
            state = json.loads(row[0])
            if state.get("active", True) and row[1] is None:
                raise HQStoreError("staff.active", f"staff {staff_no} of hall {hall} is active")
            tx.execute("DELETE FROM staff_hold WHERE hall = ? AND staff_no = ?", (hall, staff_no))
            envelope = self._republish_staff(tx, operator.actor, {**state, "active": True}, "")
            self._advance_chain(tx, head_office_desk(hall))
        log.info("staff %s of hall %s enabled by %s", staff_no, hall, operator.name)
        return envelope
