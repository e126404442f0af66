"""Head office executes every refund paid to the phone account (issue 16, 电子工单): the 待执行
queue, each execution recorded as executed / failed / cancelled — an event on the hall's chain
``<HALL>-00`` and the ``refund_execution`` row in one transaction — and the billing system's result
file imported line by line (``hall-desk-hq import-executions``)."""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from hall_desk import faults
from hall_desk.domain.clock import utc_iso
from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_refunds import (
    ALREADY_EXECUTED,
    AMOUNT_DIFFERS,
    DECIDER_EXECUTES,
    EXECUTION_CANCELLED,
    NOT_EXECUTABLE,
    NOT_EXECUTOR,
    NOT_FAILED,
    REFERENCE_TAKEN,
    ExecutionRecord,
    check_cancellable_execution,
    check_recordable,
    credited_matches,
    needs_execution,
    validate_reference,
    validate_text,
)
from hall_desk.domain.refunds import ExecutionState, RefundRefused, RefundState
from hall_desk.hq.store.base import _Tx
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.decisions import DecisionOps
from hall_desk.hq.store.desks import OperatorIdentity
from hall_desk.sync.protocol import (
    REFUND_EXECUTED,
    REFUND_EXECUTION_CANCELLED,
    REFUND_EXECUTION_FAILED,
    head_office_desk,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package

MAX_CLOCK_SKEW = timedelta(minutes=5)  # a billing time later than head office's clock by more
MAX_IMPORT_LINES = 10_000
TIME_INVALID = "refund.time_invalid"
AMOUNT_INVALID = "refund.amount_invalid"
LINE_INVALID = "import.line_invalid"
#: The event head office writes for each outcome of executing a refund (执行退费).
EXECUTION_EVENT_TYPES = {
    ExecutionState.EXECUTED: REFUND_EXECUTED,
    ExecutionState.FAILED: REFUND_EXECUTION_FAILED,
    ExecutionState.CANCELLED: REFUND_EXECUTION_CANCELLED,
}


@dataclass(frozen=True)
class QueuedRefund:
    """A refund in head office's 待执行 queue (or failed, waiting to be retried or cancelled)."""

    id: str
    number: str
    hall: str
    complaint_id: str
    amount: str
    state: str  # the decision state: 已批准 (hall) or 总部已批准
    execution: str  # 待执行 or 执行失败
    since: str  # when head office last heard of the refund's approval
    decided_by: str  # head office's decider's login, or "" (approved at the hall)
    failure: str  # why the last attempt failed ("" while it waits)


@dataclass(frozen=True)
class ImportLine:
    """One line of an imported result file, as reported: ``executed``, ``failed`` (recorded as a
    failure: the amount differs) or ``refused`` (nothing recorded), and why."""

    line: int
    number: str
    outcome: str
    code: str
    message: str


def parse_billing_time(text: str, now: datetime) -> str:
    """When the billing system credited it: ISO 8601 with a UTC offset (``Z`` or ``+08:00``),
    not later than now (a few minutes of clock skew aside); stored as UTC like every event's
    time."""
    try:
        at = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise HQStoreError(
            TIME_INVALID, f"time {text!r} is not ISO 8601 (like 2026-12-07T10:30:00+08:00)"
        ) from None
    if at.tzinfo is None:
        raise HQStoreError(TIME_INVALID, f"time {text!r} has no UTC offset (Z or +08:00)")
    if at > now + MAX_CLOCK_SKEW:
        raise HQStoreError(TIME_INVALID, f"time {text!r} is in the future")
    return utc_iso(at.astimezone(UTC))


def parse_credited(text: str) -> Decimal:
    try:
        amount = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise HQStoreError(AMOUNT_INVALID, f"amount {text!r} is not a number of yuan") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise HQStoreError(AMOUNT_INVALID, f"amount {text!r} is not yuan > 0, two decimals")
    return amount.quantize(Decimal("0.01"))


class ExecutionOps(DecisionOps):
    """The 待执行 queue and the execution of refunds."""

    def execution_queue(self, hall: str | None = None) -> list[QueuedRefund]:
        """Every refund head office must execute and has not (待执行), and every failed one (执行
        失败), by hall and number: approved at the hall (已批准) or at head office (总部已批准),
        paid to the phone account (话费账户返还; a 充值卡返还 is handed over at the hall)."""
        sql = (
            "SELECT r.id, r.number, r.hall, r.complaint_id, r.amount, r.state, r.full_state,"
            " r.updated_at, x.state, x.reason, d.operator FROM refund r"
            " LEFT JOIN refund_execution x ON x.refund_id = r.id"
            " LEFT JOIN refund_decision d ON d.refund_id = r.id"
            " WHERE r.state IN (?, ?) AND (x.state IS NULL OR x.state = ?)"
        )
        params: list[Any] = [
            RefundState.APPROVED.value,
            RefundState.HEAD_OFFICE_APPROVED.value,
            ExecutionState.FAILED.value,
        ]
        if hall is not None:
            sql, params = sql + " AND r.hall = ?", [*params, hall]
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY r.hall, r.number", params).fetchall()
        queue = []
        for rid, number, hall_code, complaint, amount, state, full, since, x, why, by in rows:
            if not needs_execution(RefundState(state), str(json.loads(full).get("method", ""))):
                continue
            execution = x or ExecutionState.AWAITING.value
            queued = QueuedRefund(
                rid,
                number,
                hall_code,
                complaint,
                amount,
                state,
                execution,
                since,
                by or "",
                why or "",
            )
            queue.append(queued)
        return queue

    def refund_execution(self, refund_id: str) -> dict[str, Any] | None:
        """The latest recorded execution of a refund (None: none recorded)."""
        with self._lock:
            row = self._db.execute(
                "SELECT state, billing_reference, amount, at, reason, recorded_by, recorded_at,"
                " failures, event_id, hall FROM refund_execution WHERE refund_id = ?",
                (refund_id,),
            ).fetchone()
        keys = (
            "state", "billing_reference", "amount", "at", "reason", "recorded_by",
            "recorded_at", "failures", "event_id", "hall",
        )  # fmt: skip
        return dict(zip(keys, row, strict=True)) if row else None

    # -- recording ------------------------------------------------------------------------------

    def _find_refund(self, refund: str) -> tuple[str, str]:
        if not isinstance(refund, str) or not refund.strip() or len(refund) > 100:
            raise HQStoreError("refund.id", "a refund id or number is needed")
        with self._lock:
            row = self._db.execute(
                "SELECT id, hall FROM refund WHERE id = ? OR number = ? ORDER BY id LIMIT 1",
                (refund.strip(), refund.strip()),
            ).fetchone()
        if row is None:
            raise HQStoreError("refund.unknown", f"head office holds no refund {refund!r}")
        return row[0], row[1]

    @staticmethod
    def _held(tx: _Tx, refund_id: str) -> tuple[dict[str, Any], ExecutionRecord | None, int]:
        """Under the hall's lock: the refund (number, amount, state, method, decider), its latest
        execution, and how many attempts failed."""
        number, amount, state, full, decided_by = tx.execute(
            "SELECT r.number, r.amount, r.state, r.full_state, d.operator FROM refund r"
            " LEFT JOIN refund_decision d ON d.refund_id = r.id WHERE r.id = ?",
            (refund_id,),
        ).fetchone()
        row = tx.execute(
            "SELECT x.state, x.recorded_by, coalesce(o.display_name, x.recorded_by),"
            " x.recorded_at, x.failures FROM refund_execution x"
            " LEFT JOIN operator o ON o.name = x.recorded_by WHERE x.refund_id = ?",
            (refund_id,),
        ).fetchone()
        current = ExecutionRecord(ExecutionState(row[0]), row[1], row[2], row[3]) if row else None
        refund = {
            "number": number,
            "amount": Decimal(amount),
            "state": RefundState(state),
            "method": str(json.loads(full).get("method", "")),
            "decided_by": decided_by,
        }
        return refund, current, int(row[4]) if row else 0

    @staticmethod
    def _plainly(error: RefundRefused, number: str, operator: OperatorIdentity) -> HQStoreError:
        p = error.params
        who = f"{operator.display_name or operator.name} ({operator.name}, {operator.role})"
        text = {
            ALREADY_EXECUTED: f"refund {number} was already recorded as executed by"
            f" {p.get('by_name')} ({p.get('by')}) at {p.get('at')}",
            EXECUTION_CANCELLED: f"refund {number}'s execution was cancelled by"
            f" {p.get('by_name')} ({p.get('by')}) at {p.get('at')}",
            NOT_EXECUTABLE: f"refund {number} is not waiting for execution: it is {p.get('state')}"
            f" ({p.get('method')}); head office executes approved refunds paid to the phone"
            " account",
            NOT_EXECUTOR: f"{who} does not record executions (an operator or supervisor does)",
            DECIDER_EXECUTES: f"{who} decided refund {number}: someone else records its execution",
            NOT_FAILED: f"refund {number} is {p.get('state')}: only a failed execution is"
            " cancelled",
        }.get(error.code, f"refund {number}: {error}")
        return HQStoreError(error.code, text)

    def _record(
        self,
        tx: _Tx,
        refund_id: str,
        refund: dict[str, Any],
        operator: OperatorIdentity,
        state: ExecutionState,
        payload: dict[str, Any],
        *,
        reference: str | None = None,
        amount: str | None = None,
        at: str,
        reason: str = "",
        failures: int,
    ) -> dict[str, Any]:
        """The event and its ``refund_execution`` row, in the caller's transaction."""
        kind = EXECUTION_EVENT_TYPES[state]
        body = {
            "id": refund_id,
            "number": refund["number"],
            **payload,
            "recorded_by": operator.name,
            "recorded_by_name": operator.display_name or operator.name,
        }
        envelope = self._append_head_office(tx, kind, operator.actor, body)
        faults.hit("hq-execution-mid")  # the kill tests: the event without its row, uncommitted
        tx.execute(
            "INSERT INTO refund_execution (refund_id, hall, state, billing_reference, amount, at,"
            " reason, recorded_by, recorded_at, failures, event_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (refund_id) DO UPDATE SET"
            " state = excluded.state, billing_reference = excluded.billing_reference,"
            " amount = excluded.amount, at = excluded.at, reason = excluded.reason,"
            " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at,"
            " failures = excluded.failures, event_id = excluded.event_id",
            (
                refund_id, tx.hall, state.value, reference, amount, at, reason, operator.name,
                tx.now, failures, envelope["id"],
            ),
        )  # fmt: skip
        self._advance_chain(tx, head_office_desk(tx.hall))
        return envelope

    def record_execution(
        self,
        refund: str,
        reference: str,
        amount: str,
        executed_at: str,
        operator: OperatorIdentity,
    ) -> dict[str, Any]:
        """The billing system credited the refund (by id or number): ``refund.executed``. The
        amount credited must equal the approved amount — otherwise it is recorded as a failure
        (``refund.execution_failed``, the returned event says which) —, the billing reference is
        accepted once (``refund.reference_taken``), a refund recorded already is refused naming
        who recorded it (``refund.already_executed``), and whoever decided the refund does not
        record its execution (``refund.decider_executes``)."""
        try:
            clean_reference = validate_reference(reference)
        except DomainError as error:
            raise HQStoreError(
                error.code, f"billing reference {reference!r} is empty, too long or not ASCII"
            ) from None
        credited = parse_credited(amount)
        when = parse_billing_time(executed_at, self._clock.now())
        refund_id, hall = self._find_refund(refund)
        with self._hall_transaction(hall) as tx:
            held, current, failures = self._held(tx, refund_id)
            self._check(held, current, operator)
            taken = tx.execute(
                "SELECT r.number FROM refund_execution x JOIN refund r ON r.id = x.refund_id"
                " WHERE x.billing_reference = ?",
                (clean_reference,),
            ).fetchone()
            if taken is not None:
                raise HQStoreError(
                    REFERENCE_TAKEN,
                    f"billing reference {clean_reference} was accepted already, for refund"
                    f" {taken[0]}",
                )
            if not credited_matches(credited, held["amount"]):
                reason = (
                    f"金额不符：到账 {credited:.2f} 元，批准 {held['amount']:.2f} 元"
                    f"（计费流水 {clean_reference}）"
                )
                log.warning(
                    "refund %s: credited %s differs from approved %s: recorded as failed",
                    held["number"], credited, held["amount"],
                )  # fmt: skip
                return self._record(
                    tx, refund_id, held, operator, ExecutionState.FAILED,
                    {"reason": reason, "failed_at": when},
                    at=when, reason=reason, failures=failures + 1,
                )  # fmt: skip
            payload = {
                "billing_reference": clean_reference,
                "amount": f"{credited:.2f}",
                "executed_at": when,
            }
            tx.execute("SAVEPOINT reference")
            try:
                envelope = self._record(
                    tx, refund_id, held, operator, ExecutionState.EXECUTED, payload,
                    reference=clean_reference, amount=f"{credited:.2f}", at=when,
                    failures=failures,
                )  # fmt: skip
            except tx.db.integrity_errors:  # another hall took the reference at the same moment
                tx.execute("ROLLBACK TO SAVEPOINT reference")
                raise HQStoreError(
                    REFERENCE_TAKEN,
                    f"billing reference {clean_reference} was accepted already",
                ) from None
            tx.execute("RELEASE SAVEPOINT reference")
        log.info("refund %s executed, recorded by %s", held["number"], operator.name)
        return envelope

    def _check(
        self, held: dict[str, Any], current: ExecutionRecord | None, operator: OperatorIdentity
    ) -> None:
        try:
            check_recordable(
                held["state"],
                held["method"],
                current,
                role=self._role(operator),
                operator=operator.name,
                decided_by=held["decided_by"],
            )
        except RefundRefused as error:
            raise self._plainly(error, held["number"], operator) from None

    def record_failure(
        self, refund: str, reason: str, operator: OperatorIdentity, *, failed_at: str | None = None
    ) -> dict[str, Any]:
        """The billing system could not credit it: ``refund.execution_failed`` with why (it may be
        retried — recorded executed later — or cancelled)."""
        why = self._text(reason, "reason")
        refund_id, hall = self._find_refund(refund)
        when = parse_billing_time(failed_at, self._clock.now()) if failed_at else None
        with self._hall_transaction(hall) as tx:
            held, current, failures = self._held(tx, refund_id)
            self._check(held, current, operator)
            at = when or tx.now
            return self._record(
                tx, refund_id, held, operator, ExecutionState.FAILED,
                {"reason": why, "failed_at": at}, at=at, reason=why, failures=failures + 1,
            )  # fmt: skip

    def cancel_execution(
        self, refund: str, reason: str, operator: OperatorIdentity
    ) -> dict[str, Any]:
        """A failed execution given up, with a reason: ``refund.execution_cancelled``; the refund
        leaves the queue and no longer counts toward its complaint's total."""
        why = self._text(reason, "reason")
        refund_id, hall = self._find_refund(refund)
        with self._hall_transaction(hall) as tx:
            held, current, failures = self._held(tx, refund_id)
            try:
                check_cancellable_execution(
                    current,
                    role=self._role(operator),
                    operator=operator.name,
                    decided_by=held["decided_by"],
                )
            except RefundRefused as error:
                raise self._plainly(error, held["number"], operator) from None
            return self._record(
                tx, refund_id, held, operator, ExecutionState.CANCELLED,
                {"reason": why, "cancelled_at": tx.now}, at=tx.now, reason=why,
                failures=failures,
            )  # fmt: skip

    @staticmethod
    def _text(text: str, field: str) -> str:
        try:
            return validate_text(text, field)
        except DomainError as error:
            raise HQStoreError(error.code, f"the {field} is empty, too long or holds NUL") from None

    # -- the billing system's result file -------------------------------------------------------

    def import_executions(self, text: str, operator: OperatorIdentity) -> list[ImportLine]:
        """The billing system's result file (CSV: refund number, billing reference, amount
        credited, time; an optional header line ``number,reference,amount,time``): each line
        recorded on its own, checked like :meth:`record_execution`, and reported."""
        reports: list[ImportLine] = []
        rows = list(csv.reader(io.StringIO(text)))
        if len(rows) > MAX_IMPORT_LINES:
            raise HQStoreError(
                "import.too_long", f"at most {MAX_IMPORT_LINES} lines in one file, not {len(rows)}"
            )
        for index, row in enumerate(rows, start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells) or (index == 1 and cells and cells[0].lower() == "number"):
                continue  # a blank line, the header
            number = cells[0] if cells else ""
            if len(cells) != 4:
                reports.append(
                    ImportLine(index, number, "refused", LINE_INVALID,
                               f"{len(cells)} fields: number,reference,amount,time expected")
                )  # fmt: skip
                continue
            try:
                event = self.record_execution(number, cells[1], cells[2], cells[3], operator)
            except HQStoreError as error:
                reports.append(ImportLine(index, number, "refused", error.code, error.message))
                continue
            if event["type"] == REFUND_EXECUTION_FAILED:
                reports.append(
                    ImportLine(index, number, "failed", AMOUNT_DIFFERS, event["payload"]["reason"])
                )
            else:
                reports.append(
                    ImportLine(index, number, "executed", "",
                               f"{event['desk']} seq {event['seq']} {event['id']}")
                )  # fmt: skip
        return reports
