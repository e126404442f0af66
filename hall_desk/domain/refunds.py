"""投诉退费 (DOMAIN.md "Refunds for complaints"): what a refund proposal must hold, its states, the
approval limits and delegations. Pure Python: no I/O.

- "先确认，后退费": a proposal records what was checked and what was found (``checked``, required).
- The amount is exact yuan, > 0, at most two decimals (:func:`hall_desk.domain.money.parse_amount`).
- Never cash, never a discounted top-up: 话费账户返还 (head office credits the phone account from the
  hall's electronic work order) or, as the special case with a reason, 充值卡返还.
- Limits (policy, defaults clerk 100 / shift leader 100 / store manager 300) apply to the **total**
  of the complaint's refunds that are not refused or cancelled, pending ones included
  (:data:`COUNTED_STATES`), so splitting never gets under a limit. A requester may approve their own
  request within their own limit; above it a second person with a high enough limit approves; above
  every limit at the hall (the store manager's, by default) the request goes to head office.
- A store manager may delegate their limit to a named shift leader for a stated period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from hall_desk.domain.errors import DomainError, ErrorCollector, ValidationError
from hall_desk.domain.money import parse_amount
from hall_desk.domain.policy import Policy, Role
from hall_desk.domain.text import NUL, TEXT_NUL

# -- error codes ------------------------------------------------------------------------------
ITEM_REQUIRED = "refund.item_required"
CHECKED_REQUIRED = "refund.checked_required"  # 先确认，后退费
REASON_REQUIRED = "refund.reason_required"
AMOUNT_POSITIVE = "refund.amount_positive"
METHOD_REASON_REQUIRED = "refund.method_reason_required"  # 充值卡返还 needs a reason
CASH_FORBIDDEN = "refund.cash_forbidden"  # never cash, never a discounted top-up
OVER_LIMIT = "refund.over_limit"  # params: limit, total
NEEDS_SECOND_PERSON = "refund.needs_second_person"  # params: limit, total
NOT_PENDING = "refund.not_pending"  # params: state
NOT_CANCELLABLE = "refund.not_cancellable"  # params: state
NOT_SIGNABLE = "refund.not_signable"  # params: state
SIGNATURE_EMPTY = "refund.signature_empty"
SIGNATURE_INVALID = "refund.signature_invalid"  # not a PNG image
SIGNATURE_TOO_LARGE = "refund.signature_too_large"  # params: max (bytes)
COMPLAINT_CLOSED = "refund.complaint_closed"
OTHER_DESK = "refund.other_desk"  # params: desk, number
NOT_FOUND = "refund.not_found"
DELEGATION_NOT_LEADER = "delegation.not_leader"
DELEGATION_PERIOD_INVALID = "delegation.period_invalid"
DELEGATION_NOT_FOUND = "delegation.not_found"
DELEGATION_REVOKED = "delegation.already_revoked"

MAX_LEN = {"item": 200, "checked": 1000, "reason": 500, "method_reason": 500, "note": 200}
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class AccountType(StrEnum):
    PREPAID = "预付费"
    POSTPAID = "后付费（全球通）"


class RefundMethod(StrEnum):
    ACCOUNT = "话费账户返还"  # credited to the phone account by head office's work order
    TOP_UP_CARD = "充值卡返还"  # the special case, with a reason


# What a hall may never do (DOMAIN.md): typed into the method, refused with its own code.
FORBIDDEN_METHODS = ("现金", "现金返还", "现金退费", "优惠充值")


class RefundState(StrEnum):
    PENDING = "待审批"
    APPROVED = "已批准"
    AWAITING_HEAD_OFFICE = "待总部审批"
    HEAD_OFFICE_APPROVED = "总部已批准"
    HEAD_OFFICE_REFUSED = "总部已拒绝"
    REFUSED = "已拒绝"
    CANCELLED = "已取消"


# Counted toward the complaint's total: everything not refused or cancelled, pending included.
COUNTED_STATES = frozenset(
    {
        RefundState.PENDING,
        RefundState.APPROVED,
        RefundState.AWAITING_HEAD_OFFICE,
        RefundState.HEAD_OFFICE_APPROVED,
    }
)
HEAD_OFFICE_DECIDED = frozenset({RefundState.HEAD_OFFICE_APPROVED, RefundState.HEAD_OFFICE_REFUSED})
# Head office's decision applies to a refund sent to it (again, when it changes its mind).
DECIDABLE_BY_HEAD_OFFICE = frozenset({RefundState.AWAITING_HEAD_OFFICE, *HEAD_OFFICE_DECIDED})
CANCELLABLE = frozenset({RefundState.PENDING, RefundState.AWAITING_HEAD_OFFICE})
# A slip is handed out (and signed) once approved, or provisionally while head office decides.
SIGNABLE = frozenset(
    {
        RefundState.APPROVED,
        RefundState.AWAITING_HEAD_OFFICE,
        RefundState.HEAD_OFFICE_APPROVED,
    }
)


class ExecutionState(StrEnum):
    """Head office's execution (电子工单) of a refund paid to the phone account: a second dimension
    beside the decision state. An approved refund waits (待执行) from the moment head office receives
    it; head office records it executed (已到账) or failed (执行失败, retried or cancelled)."""

    AWAITING = "待执行"
    EXECUTED = "已到账"
    FAILED = "执行失败"
    CANCELLED = "已取消执行"  # after a failure, with a reason: the refund no longer counts


class RefundRefused(DomainError):
    """An action the refund's state or the approver's limit does not allow."""


# -- the proposal -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundProposal:
    item: str
    checked: str
    amount: Decimal
    account_type: AccountType
    method: RefundMethod
    method_reason: str
    reason: str


def _text(errors: ErrorCollector, value: str | None, field: str, code: str | None) -> str:
    text = (value or "").strip()
    if code is not None and not text:
        errors.add(code, field)
    elif NUL in text:
        errors.add(TEXT_NUL, field)
    elif len(text) > MAX_LEN[field]:
        errors.add("text.too_long", field, max=MAX_LEN[field])
    return text


def _amount(errors: ErrorCollector, text: str | Decimal | None) -> Decimal | None:
    try:
        value = parse_amount(text, "amount")
    except ValidationError as error:
        if error.code == "amount.negative":
            errors.add(AMOUNT_POSITIVE, "amount")
        else:
            errors.errors.append(error)
        return None
    if value is None or value <= 0:
        errors.add(AMOUNT_POSITIVE, "amount")
        return None
    return value


def validate_proposal(
    *,
    item: str,
    checked: str,
    amount: str | Decimal,
    account_type: str,
    method: str,
    method_reason: str = "",
    reason: str,
) -> RefundProposal:
    """Every bad field at once (:class:`~hall_desk.domain.errors.ValidationErrors`)."""
    errors = ErrorCollector()
    clean_item = _text(errors, item, "item", ITEM_REQUIRED)
    clean_checked = _text(errors, checked, "checked", CHECKED_REQUIRED)
    value = _amount(errors, amount)
    account: AccountType | None = None
    if not account_type:
        errors.add("choice.required", "account_type")
    else:
        try:
            account = AccountType(account_type)
        except ValueError:
            errors.add("choice.invalid", "account_type")
    how: RefundMethod | None = None
    typed = (method or "").strip()
    if not typed:
        errors.add("choice.required", "method")
    elif typed in FORBIDDEN_METHODS:
        errors.add(CASH_FORBIDDEN, "method")
    else:
        try:
            how = RefundMethod(typed)
        except ValueError:
            errors.add("choice.invalid", "method")
    why_method = _text(
        errors,
        method_reason,
        "method_reason",
        METHOD_REASON_REQUIRED if how is RefundMethod.TOP_UP_CARD else None,
    )
    if how is RefundMethod.ACCOUNT:
        why_method = ""  # only the special case carries a reason
    clean_reason = _text(errors, reason, "reason", REASON_REQUIRED)
    errors.raise_if_any()
    assert value is not None and account is not None and how is not None
    return RefundProposal(clean_item, clean_checked, value, account, how, why_method, clean_reason)


# -- approval ---------------------------------------------------------------------------------


class ApprovalOutcome(StrEnum):
    APPROVE = "approve"  # within the approver's limit: 已批准
    TO_HEAD_OFFICE = "to_head_office"  # above every limit at the hall: 待总部审批


@dataclass(frozen=True)
class ApprovalDecision:
    outcome: ApprovalOutcome
    limit: Decimal  # the limit the total was checked against (the hall's, when sent up)
    total: Decimal  # the complaint's counted total, this refund included
    delegated: bool  # the approver's limit came from a store manager's delegation


def own_limit(role: Role, policy: Policy) -> Decimal:
    return policy.refund_limits[role]


def hall_limit(policy: Policy) -> Decimal:
    """The most anybody at the hall may approve (the store manager's limit, by default)."""
    return max(policy.refund_limits.values())


def approver_limit(role: Role, policy: Policy, *, delegated: bool) -> tuple[Decimal, bool]:
    """(the approver's limit, whether it comes from a delegation). A delegation gives a shift
    leader the store manager's limit, when that is higher than their own."""
    own = own_limit(role, policy)
    if delegated and role is Role.SHIFT_LEADER:
        manager = own_limit(Role.STORE_MANAGER, policy)
        if manager > own:
            return manager, True
    return own, False


def counted_total(amounts_by_state: list[tuple[Decimal, RefundState]]) -> Decimal:
    """The total the limits apply to: every refund of the complaint not refused or cancelled."""
    return sum(
        (amount for amount, state in amounts_by_state if state in COUNTED_STATES), Decimal("0")
    )


def decide_approval(
    total: Decimal,
    approver_role: Role,
    *,
    own_request: bool,
    policy: Policy,
    delegated: bool = False,
) -> ApprovalDecision:
    """Approve, send to head office, or :class:`RefundRefused`:

    - total ≤ the approver's own limit: approve; else ≤ the store manager's limit for a shift
      leader under a delegation: approve, saying so;
    - total above every limit at the hall: nobody here may approve it, it goes to head office;
    - otherwise someone at the hall could approve it, but not this approver: the requester's own
      request needs a second person (``refund.needs_second_person``), a second person's limit is
      too low (``refund.over_limit``).
    """
    own = own_limit(approver_role, policy)
    if total <= own:  # the approver's own limit: no delegation needed, none shown
        return ApprovalDecision(ApprovalOutcome.APPROVE, own, total, False)
    limit, by_delegation = approver_limit(approver_role, policy, delegated=delegated)
    if total <= limit:
        return ApprovalDecision(ApprovalOutcome.APPROVE, limit, total, by_delegation)
    highest = hall_limit(policy)
    if total > highest:
        return ApprovalDecision(ApprovalOutcome.TO_HEAD_OFFICE, highest, total, False)
    code = NEEDS_SECOND_PERSON if own_request else OVER_LIMIT
    raise RefundRefused(code, "approver_no", limit=str(limit), total=str(total))


def check_pending(state: RefundState) -> None:
    if state is not RefundState.PENDING:
        raise RefundRefused(NOT_PENDING, state=state.value)


def check_cancellable(state: RefundState) -> None:
    if state not in CANCELLABLE:
        raise RefundRefused(NOT_CANCELLABLE, state=state.value)


def check_signable(state: RefundState) -> None:
    if state not in SIGNABLE:
        raise RefundRefused(NOT_SIGNABLE, state=state.value)


def check_signature_png(data: bytes | None) -> bytes:
    """The customer's signature as a PNG image: not empty, a PNG, at most 2 MB."""
    if not data:
        raise ValidationError(SIGNATURE_EMPTY, "signature")
    if not isinstance(data, bytes | bytearray) or not bytes(data).startswith(PNG_MAGIC):
        raise ValidationError(SIGNATURE_INVALID, "signature")
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError(SIGNATURE_TOO_LARGE, "signature", max=MAX_SIGNATURE_BYTES)
    return bytes(data)


def validate_decision_reason(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError(REASON_REQUIRED, field)
    if NUL in text:
        raise ValidationError(TEXT_NUL, field)
    if len(text) > MAX_LEN["reason"]:
        raise ValidationError("text.too_long", field, max=MAX_LEN["reason"])
    return text


# -- delegation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DelegationPeriod:
    starts_at: datetime
    ends_at: datetime
    note: str


def validate_delegation(
    to_role: Role,
    starts_at: datetime | None,
    ends_at: datetime | None,
    note: str,
    *,
    now: datetime,
) -> DelegationPeriod:
    """A store manager's limit goes to a named shift leader, for a stated period that has not
    ended yet."""
    errors = ErrorCollector()
    if to_role is not Role.SHIFT_LEADER:
        errors.add(DELEGATION_NOT_LEADER, "to_staff_no")
    if (
        starts_at is None
        or ends_at is None
        or starts_at.tzinfo is None
        or ends_at.tzinfo is None
        or ends_at <= starts_at
        or ends_at <= now
    ):
        errors.add(DELEGATION_PERIOD_INVALID, "ends_at")
    text = (note or "").strip()
    if NUL in text:
        errors.add(TEXT_NUL, "note")
    elif len(text) > MAX_LEN["note"]:
        errors.add("text.too_long", "note", max=MAX_LEN["note"])
    errors.raise_if_any()
    assert starts_at is not None and ends_at is not None
    return DelegationPeriod(starts_at, ends_at, text)


def delegation_in_force(
    starts_at: datetime, ends_at: datetime, revoked_at: datetime | None, at: datetime
) -> bool:
    return revoked_at is None and starts_at <= at < ends_at
