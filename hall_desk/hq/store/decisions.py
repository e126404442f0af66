"""Head office's own decisions: events on each hall's head-office chain ``H-00`` (replies to
complaints, refund decisions, policies, staff accounts re-published, disabled and enabled), with an
operator as actor (``op:<name>``)."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hall_desk.domain.envelope import envelope_hash
from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_refunds import (
    ALREADY_EXECUTED,
    DEFAULT_HQ_LEVELS,
    NOT_DECIDER,
    NOT_RECOMMENDER,
    OVER_LEVEL,
    RECOMMENDER_DECIDES,
    WITHIN_LEVEL,
    HQLevels,
    HQRole,
    check_decision,
    check_recommendation,
    complaint_total,
    parse_hq_levels,
)
from hall_desk.domain.lifecycle import ReplyMethod, validate_quiet_hours_call
from hall_desk.domain.payloads import LATE_REPLY_ACCEPTED, NotInCatalogue, known_type, parse_utc
from hall_desk.domain.policy import Policy
from hall_desk.domain.policy_document import parse_policy_document, policy_document
from hall_desk.domain.refunds import ExecutionState, RefundRefused, RefundState
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
    REFUND_RECOMMENDED,
    STAFF_CHANGED,
    head_office_desk,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


MAX_DECISION_TEXT = 4000
# issue 20: a 补录 reply's confirmation states (the complaint's ``late_reply``)
LATE_REPLY_CONFIRMED_STATE = "店长已确认"
LATE_REPLY_ACCEPTED_STATE = "总部已认可"
REPLY_METHODS = frozenset(m.value for m in ReplyMethod)


def counted_total(rows: Iterable[Any], refund_id: str) -> Decimal:
    """The complaint's counted total from its refunds' (id, amount, state, execution state), the
    refund ``refund_id`` counted even when head office refused it before."""
    counted = []
    for rid, amount, state, execution in rows:
        try:
            refund_state = (
                RefundState.AWAITING_HEAD_OFFICE if rid == refund_id else RefundState(state)
            )
        except ValueError:
            continue
        counted.append(
            (Decimal(amount), refund_state, ExecutionState(execution) if execution else None)
        )
    return complaint_total(counted)


class DecisionOps(ReadOps):
    """Head office's chain per hall and the operators' decisions on it."""

    def _append_head_office(
        self, tx: _Tx, type: str, actor: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """Append the next event of ``<hall>-00`` (seq from 1, prev/hash chained like a desk's).
        Only a type of the event catalogue (:mod:`hall_desk.domain.payloads`), as every desk's."""
        if not known_type(type):
            raise NotInCatalogue(f"{type!r}: no family of the event catalogue has this type")
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
        check: Callable[[Any], None] | None = None,
    ) -> dict[str, Any]:
        """Head office's answer to a complaint (by id or number): a ``complaint.replied`` event on
        the complaint's hall chain. ``complaint.unknown`` for a complaint head office never got.

        Issue 20: ``method`` says how the customer was told (电话, 短信 …; empty: not said); a
        reply by phone whose call time (``called_at``, UTC ISO; now if not given) falls in the
        hall's quiet hours needs ``quiet_reason`` (客户要求 / 客户来电) and ``quiet_note``
        (``reply.quiet_hours``). ``check`` (issue 17, the console) runs first under the hall's
        lock on its connection: it refuses a complaint changed since the page was opened."""
        self._may_act(operator)
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
            if check is not None:
                check(tx.db)
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
        self._may_act(operator)
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
                "id": complaint_id, "number": number, "hq_accepted_at": tx.now,
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

    def _hq_levels(self, db: Any, hall: str) -> HQLevels:
        """The hall's head-office decision levels: its current policy's ``hq_levels`` (a policy
        published before issue 16 has none: the defaults)."""
        row = db.execute(
            "SELECT document FROM policy_version WHERE hall = ? ORDER BY version DESC LIMIT 1",
            (hall,),
        ).fetchone()
        document = json.loads(row[0]) if row else {}
        try:
            return parse_hq_levels(document.get("hq_levels", {}))
        except DomainError:  # checked when it was published; never trust it blindly
            log.warning("hall %s: the policy's hq_levels cannot be read, defaults used", hall)
            return DEFAULT_HQ_LEVELS

    @staticmethod
    def _complaint_total(tx: _Tx, refund_id: str) -> Decimal:
        """The counted total of the refund's complaint as head office holds it, this refund
        included: every refund not refused or cancelled, nor cancelled at execution."""
        rows = tx.execute(
            "SELECT r.id, r.amount, r.state, x.state FROM refund r"
            " LEFT JOIN refund_execution x ON x.refund_id = r.id"
            " WHERE r.complaint_id = (SELECT complaint_id FROM refund WHERE id = ?)",
            (refund_id,),
        ).fetchall()
        return counted_total(rows, refund_id)

    @classmethod
    def _may_act(cls, operator: OperatorIdentity) -> None:
        """An auditor reads only: every decision on a hall's chain is refused to it."""
        if cls._role(operator) is HQRole.AUDITOR:
            raise HQStoreError(
                "operator.read_only", f"operator {operator.name} is an auditor: it acts on nothing"
            )

    @staticmethod
    def _role(operator: OperatorIdentity) -> HQRole:
        try:
            return HQRole(operator.role)
        except ValueError:
            raise HQStoreError(
                "operator.role", f"operator {operator.name} has no known role ({operator.role!r})"
            ) from None

    @staticmethod
    def _refusal(error: RefundRefused, operator: OperatorIdentity, number: str) -> HQStoreError:
        """A domain refusal of the refund loop, said plainly (the CLI prints the message)."""
        p = error.params
        who = f"{operator.display_name or operator.name} ({operator.name}, {operator.role})"
        messages = {
            OVER_LEVEL: lambda: (
                f"refund {number} is above the level of {who}: the complaint's counted total is"
                f" {p.get('total')} yuan and a {p.get('role')} decides up to {p.get('level')} yuan;"
                f" it needs a {p.get('needed')} (a director may recommend it: recommend-refund)"
            ),
            NOT_DECIDER: lambda: (
                f"{who} does not decide refunds (a director, department_head or leadership does)"
            ),
            NOT_RECOMMENDER: lambda: f"{who} does not recommend refunds (a director does)",
            WITHIN_LEVEL: lambda: (
                f"refund {number} is within the director's level ({p.get('total')} ≤"
                f" {p.get('level')} yuan): the director decides it, there is nothing to recommend"
            ),
            RECOMMENDER_DECIDES: lambda: (
                f"{who} recommended refund {number}: someone else decides it"
            ),
        }
        message = messages.get(error.code, lambda: f"refund {number}: {error}")()
        return HQStoreError(error.code, message)

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
        may still be decided: it is recorded as not known, and then ``hall`` must say whose it is.

        Issue 16: by level. The decider's role (director / department_head / leadership) must
        cover the whole complaint's counted total, this refund included (``refund.over_level``);
        the director who recommended it does not decide it (``refund.recommender_decides``). A
        refund head office has not received has no known total: only leadership (no limit)
        decides it."""
        if not isinstance(refund_id, str) or not refund_id.strip() or len(refund_id) > 100:
            raise HQStoreError("refund.id", "a refund id is needed (at most 100 characters)")
        refund_id = self._decision_text(refund_id, "refund")
        why = self._decision_text(reason, "reason")
        role = self._role(operator)
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
            number, total = refund_id, None
            recommendation = None
            if known:  # under the hall's lock: the desk's latest word on it
                state, number = tx.execute(
                    "SELECT state, number FROM refund WHERE id = ?", (refund_id,)
                ).fetchone()
                if state not in (AWAITING_HEAD_OFFICE, *HEAD_OFFICE_DECIDED_STATES):
                    raise HQStoreError(
                        "refund.not_awaiting",
                        f"refund {refund_id} is {state} at the hall: head office decides only"
                        " refunds sent to it (待总部审批)",
                    )
                if tx.execute(
                    "SELECT 1 FROM refund_execution WHERE refund_id = ? AND state = ?",
                    (refund_id, ExecutionState.EXECUTED.value),
                ).fetchone():
                    raise HQStoreError(
                        ALREADY_EXECUTED,
                        f"refund {number} was credited to the account already: it is not decided"
                        " again",
                    )
                total = self._complaint_total(tx, refund_id)
                recommendation = tx.execute(
                    "SELECT r.operator, o.display_name, r.recommended_at FROM"
                    " refund_recommendation r LEFT JOIN operator o ON o.name = r.operator"
                    " WHERE r.refund_id = ?",
                    (refund_id,),
                ).fetchone()
            levels = self._hq_levels(tx.db, refund_hall)
            try:
                if total is None:  # not received: no total to check a level against
                    levels.level(role)  # a role that decides nothing is refused all the same
                    if role is not HQRole.LEADERSHIP:
                        raise HQStoreError(
                            OVER_LEVEL,
                            f"head office has not received refund {refund_id}: its complaint's"
                            " total is unknown, so only leadership (no limit) decides it",
                        )
                else:
                    check_decision(
                        role,
                        total,
                        levels,
                        decider=operator.name,
                        recommended_by=recommendation[0] if recommendation else None,
                    )
            except RefundRefused as error:
                raise self._refusal(error, operator, number) from None
            if known:
                decided = HEAD_OFFICE_DECIDED_STATES[0 if approve else 1]
                tx.execute(
                    "UPDATE refund SET state = ?, updated_at = ? WHERE id = ?",
                    (decided, tx.now, refund_id),
                )
            shown_total = f"{total:.2f}" if total is not None else ""
            payload = {
                "id": refund_id, "approved": bool(approve), "reason": why,
                "decided_at": tx.now, "operator": operator.name,
                # issue 16: who decided, as what, on which counted total; who recommended it
                "operator_name": operator.display_name or operator.name, "role": role.value,
                "complaint_total": shown_total,
            }  # fmt: skip
            if recommendation is not None:
                payload["recommended_by"] = recommendation[0]
                payload["recommended_by_name"] = recommendation[1] or recommendation[0]
                payload["recommended_at"] = recommendation[2]
            envelope = self._append_head_office(tx, REFUND_DECIDED, operator.actor, payload)
            tx.execute(
                "INSERT INTO refund_decision (refund_id, hall, approved, reason, operator,"
                " decided_at, known, event_id, role, complaint_total)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (refund_id) DO UPDATE SET approved = excluded.approved,"
                " reason = excluded.reason, operator = excluded.operator,"
                " decided_at = excluded.decided_at, event_id = excluded.event_id,"
                " role = excluded.role, complaint_total = excluded.complaint_total",
                (
                    refund_id, refund_hall, int(bool(approve)), why, operator.name, tx.now,
                    int(known), envelope["id"], role.value, shown_total,
                ),
            )  # fmt: skip
            self._advance_chain(tx, head_office_desk(refund_hall))
        return envelope

    def recommend_refund(
        self, refund_id: str, recommend: bool, note: str, operator: OperatorIdentity
    ) -> dict[str, Any]:
        """A director's recommendation (approve or refuse) on a refund sent to head office whose
        complaint's counted total is above the director's level: a ``refund.recommended`` event;
        the decision state does not change. Recommending again replaces it."""
        if not isinstance(refund_id, str) or not refund_id.strip() or len(refund_id) > 100:
            raise HQStoreError("refund.id", "a refund id is needed (at most 100 characters)")
        text = self._decision_text(note, "note")
        role = self._role(operator)
        with self._lock:
            row = self._db.execute(
                "SELECT id, hall FROM refund WHERE id = ? OR number = ? ORDER BY id LIMIT 1",
                (refund_id, refund_id),
            ).fetchone()
        if row is None:
            raise HQStoreError("refund.unknown", f"head office holds no refund {refund_id!r}")
        refund_id, refund_hall = row
        with self._hall_transaction(refund_hall) as tx:
            state, number = tx.execute(
                "SELECT state, number FROM refund WHERE id = ?", (refund_id,)
            ).fetchone()
            if state != AWAITING_HEAD_OFFICE:
                raise HQStoreError(
                    "refund.not_awaiting",
                    f"refund {number} is {state}: only a refund waiting for head office's"
                    " decision (待总部审批) is recommended",
                )
            total = self._complaint_total(tx, refund_id)
            try:
                check_recommendation(role, total, self._hq_levels(tx.db, refund_hall))
            except RefundRefused as error:
                raise self._refusal(error, operator, number) from None
            payload = {
                "id": refund_id, "number": number, "recommended_by": operator.name,
                "recommended_by_name": operator.display_name or operator.name,
                "recommended_at": tx.now, "note": text, "recommend": bool(recommend),
            }  # fmt: skip
            envelope = self._append_head_office(tx, REFUND_RECOMMENDED, operator.actor, payload)
            tx.execute(
                "INSERT INTO refund_recommendation (refund_id, hall, recommend, note, operator,"
                " recommended_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (refund_id) DO UPDATE SET recommend = excluded.recommend,"
                " note = excluded.note, operator = excluded.operator,"
                " recommended_at = excluded.recommended_at, event_id = excluded.event_id",
                (refund_id, refund_hall, int(bool(recommend)), text, operator.name, tx.now,
                 envelope["id"]),
            )  # fmt: skip
            self._advance_chain(tx, head_office_desk(refund_hall))
        return envelope

    def set_policy(
        self, document: object, operator: OperatorIdentity, *, hall: str | None = None
    ) -> list[dict[str, Any]]:
        """Publish a policy document to one hall or (``hall=None``) to every hall: a ``policy.set``
        event on each hall's chain. The document is checked with ``parse_policy_document``; its
        version must be higher than each hall's current one (all halls or none)."""
        self._may_act(operator)
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
        self._may_act(operator)
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
        self._may_act(operator)
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
