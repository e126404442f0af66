"""Head office's part of a refund (issue 16, DOMAIN.md "People and roles" and "Refunds for
complaints"): its operators' roles, the decision levels above the hall, the director's
recommendation, and the execution (电子工单) of every refund paid to the phone account. Pure Python.

- Levels (policy section ``hq_levels``, defaults director 500 / department head 1000 / leadership
  above, no limit) apply to the **whole complaint's counted total**, this refund included: a second
  refund that crosses a level goes to the higher level.
- A decision above the decider's level is refused (``refund.over_level``). Above the director's
  level the director may *recommend* (approve or refuse); the department head or leadership
  decides, and the recommender never decides the refund they recommended.
- Execution: an approved refund paid to the phone account (话费账户返还; 充值卡返还 is handed over at
  the hall) waits (待执行) until an operator records it executed — the amount credited must equal
  the approved amount, the billing reference is accepted once — or failed (retried, or cancelled
  with a reason: then it no longer counts). Whoever decided a refund does not record its execution.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from hall_desk.domain.errors import ErrorCollector, ValidationError
from hall_desk.domain.refunds import (
    COUNTED_STATES,
    ExecutionState,
    RefundMethod,
    RefundRefused,
    RefundState,
)
from hall_desk.domain.text import NUL, TEXT_NUL

# -- error codes ------------------------------------------------------------------------------
OVER_LEVEL = "refund.over_level"  # params: role, level, total, needed
NOT_DECIDER = "refund.not_decider"  # params: role (this role decides no refund)
NOT_RECOMMENDER = "refund.not_recommender"  # params: role (only a director recommends)
WITHIN_LEVEL = "refund.within_level"  # params: level, total (the director decides it, no need)
RECOMMENDER_DECIDES = "refund.recommender_decides"  # params: operator
NOT_EXECUTOR = "refund.not_executor"  # params: role
DECIDER_EXECUTES = "refund.decider_executes"  # params: operator
NOT_EXECUTABLE = "refund.not_executable"  # params: state, method
ALREADY_EXECUTED = "refund.already_executed"  # params: by, by_name, at
EXECUTION_CANCELLED = "refund.execution_cancelled"  # params: by, by_name, at
NOT_FAILED = "refund.not_failed"  # params: state (only a failed execution is cancelled)
REFERENCE_REQUIRED = "refund.reference_required"
REFERENCE_INVALID = "refund.reference_invalid"
REFERENCE_TAKEN = "refund.reference_taken"  # params: refund (the number it was accepted for)
AMOUNT_DIFFERS = "refund.amount_differs"  # params: credited, approved
LEVELS_ORDER = "policy.hq_levels_order"

MAX_REFERENCE = 64
MAX_TEXT = 500


class HQRole(StrEnum):
    """Head office's operator roles (ASCII, as the CLI takes them)."""

    OPERATOR = "operator"  # records executions, answers complaints
    DIRECTOR = "director"  # 投诉中心主任: decides up to the director's level
    DEPARTMENT_HEAD = "department_head"  # 部门负责人: up to the department head's level
    LEADERSHIP = "leadership"  # 公司领导: above, no limit
    SUPERVISOR = "supervisor"  # oversees the operators; records executions
    AUDITOR = "auditor"  # reads only: acts on nothing


DECIDING_ROLES = (HQRole.DIRECTOR, HQRole.DEPARTMENT_HEAD, HQRole.LEADERSHIP)
EXECUTING_ROLES = frozenset({HQRole.OPERATOR, HQRole.SUPERVISOR})


@dataclass(frozen=True)
class HQLevels:
    """The most each deciding role may decide (the complaint's counted total); leadership has no
    limit."""

    director: Decimal = Decimal("500.00")
    department_head: Decimal = Decimal("1000.00")

    def level(self, role: HQRole) -> Decimal | None:
        """The role's level; None for leadership (no limit). :class:`RefundRefused`
        (``refund.not_decider``) for a role that decides nothing."""
        if role is HQRole.DIRECTOR:
            return self.director
        if role is HQRole.DEPARTMENT_HEAD:
            return self.department_head
        if role is HQRole.LEADERSHIP:
            return None
        raise RefundRefused(NOT_DECIDER, "role", role=role.value)

    def to_json(self) -> dict[str, str]:
        return {
            "director": f"{self.director:.2f}",
            "department_head": f"{self.department_head:.2f}",
        }


DEFAULT_HQ_LEVELS = HQLevels()


def parse_hq_levels(raw: object) -> HQLevels:
    """The policy's ``hq_levels`` section, checked on its own: ``{"director": "500.00",
    "department_head": "1000.00"}`` (either may be left out: the default); amounts > 0 with at most
    two decimals, the director's not above the department head's. ``ValidationErrors`` naming
    every bad key."""
    errors = ErrorCollector()
    if not isinstance(raw, Mapping):
        raise ValidationError("policy.not_object", "hq_levels")
    values = DEFAULT_HQ_LEVELS.to_json()
    parsed: dict[str, Decimal] = {}
    for key, value in raw.items():
        if key not in values:
            errors.add("policy.unknown_key", f"hq_levels.{key}")
            continue
        try:
            amount = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            amount = None
        if (
            amount is None
            or not amount.is_finite()
            or amount <= 0
            or amount != amount.quantize(Decimal("0.01"))
        ):
            errors.add("policy.amount", f"hq_levels.{key}")
            continue
        parsed[key] = amount.quantize(Decimal("0.01"))
    errors.raise_if_any()
    levels = HQLevels(
        parsed.get("director", DEFAULT_HQ_LEVELS.director),
        parsed.get("department_head", DEFAULT_HQ_LEVELS.department_head),
    )
    if levels.director > levels.department_head:
        raise ValidationError(LEVELS_ORDER, "hq_levels.director")
    return levels


# -- deciding by level ------------------------------------------------------------------------


def needed_role(total: Decimal, levels: HQLevels) -> HQRole:
    """The lowest role whose level covers the complaint's counted total."""
    if total <= levels.director:
        return HQRole.DIRECTOR
    if total <= levels.department_head:
        return HQRole.DEPARTMENT_HEAD
    return HQRole.LEADERSHIP


def check_decision(
    role: HQRole,
    total: Decimal,
    levels: HQLevels,
    *,
    decider: str,
    recommended_by: str | None = None,
) -> None:
    """May ``decider`` (login, of ``role``) decide a refund whose complaint's counted total is
    ``total``? ``refund.not_decider`` for a role that decides nothing, ``refund.over_level`` above
    the role's level (naming the role needed), ``refund.recommender_decides`` for the director who
    recommended it."""
    level = levels.level(role)
    if level is not None and total > level:
        raise RefundRefused(
            OVER_LEVEL,
            "amount",
            role=role.value,
            level=f"{level:.2f}",
            total=f"{total:.2f}",
            needed=needed_role(total, levels).value,
        )
    if recommended_by is not None and recommended_by == decider:
        raise RefundRefused(RECOMMENDER_DECIDES, "operator", operator=decider)


def check_recommendation(role: HQRole, total: Decimal, levels: HQLevels) -> None:
    """Only a director recommends, and only a refund above the director's level (within it the
    director decides)."""
    if role is not HQRole.DIRECTOR:
        raise RefundRefused(NOT_RECOMMENDER, "role", role=role.value)
    if total <= levels.director:
        raise RefundRefused(
            WITHIN_LEVEL, "amount", level=f"{levels.director:.2f}", total=f"{total:.2f}"
        )


# -- counting ---------------------------------------------------------------------------------


def counts(state: RefundState, execution: ExecutionState | None) -> bool:
    """Counted toward the complaint's total: not refused or cancelled (pending included), and not
    cancelled at execution; executed and failed refunds count like approved ones."""
    return state in COUNTED_STATES and execution is not ExecutionState.CANCELLED


def complaint_total(
    refunds: Iterable[tuple[Decimal, RefundState, ExecutionState | None]],
) -> Decimal:
    """The complaint's counted total, the refund to decide included."""
    return sum(
        (amount for amount, state, execution in refunds if counts(state, execution)),
        Decimal("0"),
    )


# -- execution (电子工单) ----------------------------------------------------------------------

EXECUTABLE_STATES = frozenset({RefundState.APPROVED, RefundState.HEAD_OFFICE_APPROVED})


def needs_execution(state: RefundState, method: str) -> bool:
    """Paid by head office to the phone account once approved (at the hall or at head office); a
    top-up card (充值卡返还) is handed over at the hall."""
    return state in EXECUTABLE_STATES and method == RefundMethod.ACCOUNT.value


@dataclass(frozen=True)
class ExecutionRecord:
    """The latest recorded execution of a refund (None: it waits, 待执行)."""

    state: ExecutionState
    by: str
    by_name: str
    at: str


def check_recordable(
    state: RefundState,
    method: str,
    current: ExecutionRecord | None,
    *,
    role: HQRole,
    operator: str,
    decided_by: str | None,
) -> None:
    """May ``operator`` (login, of ``role``) record this refund's execution or failure now?"""
    if role not in EXECUTING_ROLES:
        raise RefundRefused(NOT_EXECUTOR, "role", role=role.value)
    if current is not None and current.state is ExecutionState.EXECUTED:
        raise RefundRefused(
            ALREADY_EXECUTED, "refund", by=current.by, by_name=current.by_name, at=current.at
        )
    if current is not None and current.state is ExecutionState.CANCELLED:
        raise RefundRefused(
            EXECUTION_CANCELLED, "refund", by=current.by, by_name=current.by_name, at=current.at
        )
    if not needs_execution(state, method):
        raise RefundRefused(NOT_EXECUTABLE, "refund", state=state.value, method=method)
    if decided_by is not None and decided_by == operator:
        raise RefundRefused(DECIDER_EXECUTES, "operator", operator=operator)


def check_cancellable_execution(
    current: ExecutionRecord | None, *, role: HQRole, operator: str, decided_by: str | None
) -> None:
    """Only a failed execution is cancelled (with a reason), by whoever may record executions."""
    if role not in EXECUTING_ROLES:
        raise RefundRefused(NOT_EXECUTOR, "role", role=role.value)
    if current is not None and current.state is ExecutionState.EXECUTED:
        raise RefundRefused(
            ALREADY_EXECUTED, "refund", by=current.by, by_name=current.by_name, at=current.at
        )
    if current is None or current.state is not ExecutionState.FAILED:
        shown = current.state.value if current is not None else ExecutionState.AWAITING.value
        raise RefundRefused(NOT_FAILED, "refund", state=shown)
    if decided_by is not None and decided_by == operator:
        raise RefundRefused(DECIDER_EXECUTES, "operator", operator=operator)


def validate_reference(reference: str) -> str:
    """A billing system's reference: printable ASCII without spaces, at most 64 characters."""
    text = (reference or "").strip()
    if not text:
        raise ValidationError(REFERENCE_REQUIRED, "billing_reference")
    if len(text) > MAX_REFERENCE or not all(33 <= ord(c) < 127 for c in text):
        raise ValidationError(REFERENCE_INVALID, "billing_reference", max=MAX_REFERENCE)
    return text


def credited_matches(credited: Decimal, approved: Decimal) -> bool:
    """The amount credited must equal the approved amount (else it is recorded as a failure)."""
    return credited == approved


def validate_text(text: str, field: str) -> str:
    """A failure's or a cancellation's reason, a recommendation's note: not blank, ≤ 500."""
    shown = (text or "").strip()
    if not shown:
        raise ValidationError("refund.reason_required", field)
    if NUL in shown:
        raise ValidationError(TEXT_NUL, field)
    if len(shown) > MAX_TEXT:
        raise ValidationError("text.too_long", field, max=MAX_TEXT)
    return shown
