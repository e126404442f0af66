"""Head office's execution of a refund (电子工单, issue 16) as the hall sees it. Pure Python.

Execution is a second dimension beside the decision state (:class:`RefundState`, unchanged when a
refund is executed): :class:`ExecutionState`. Which refunds need it: 话费账户返还 approved at the hall
(已批准) or at head office (总部已批准), and every account-closure (销户) refund; a 充值卡返还 is
handed over at the hall and never needs it.

- An approved refund head office has not received yet shows 未上传总部, not 待执行.
- A refund head office has held for more than ``execution_wait_working_days`` working days (the
  holiday calendar the deadlines use) without executing it is named on 我的跟进.
- Counting toward the complaint's total: executed and failed refunds count like approved ones; an
  execution-cancelled one does not.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from hall_desk.domain.refunds import ExecutionState, RefundMethod, RefundState
from hall_desk.domain.workdays import CHINESE_CALENDAR, WorkingCalendar, add_working_days

NOT_UPLOADED = "未上传总部"  # approved, but head office has not received it yet
HANDED_OVER_AT_HALL = "营业厅当场返还，无需总部执行"  # 充值卡返还

EXECUTABLE_STATES = frozenset({RefundState.APPROVED, RefundState.HEAD_OFFICE_APPROVED})


class ExecutionShown(StrEnum):
    """What the hall shows of a refund's execution (besides the decision state)."""

    NONE = ""  # not approved (yet): nothing to execute
    HANDED_OVER = HANDED_OVER_AT_HALL
    NOT_UPLOADED = NOT_UPLOADED
    AWAITING = ExecutionState.AWAITING.value
    EXECUTED = ExecutionState.EXECUTED.value
    FAILED = ExecutionState.FAILED.value
    CANCELLED = ExecutionState.CANCELLED.value


def needs_execution(method: str, state: str, *, closure: bool) -> bool:
    """Head office executes it: an approved 话费账户返还 or an approved closure refund."""
    if state not in {s.value for s in EXECUTABLE_STATES}:
        return False
    return closure or method == RefundMethod.ACCOUNT.value


def execution_shown(
    method: str,
    state: str,
    execution: str | None,
    *,
    closure: bool,
    head_office_holds: bool,
) -> ExecutionShown:
    """The execution a refund shows. ``execution`` is head office's last word (an
    :class:`ExecutionState` value, or None); ``head_office_holds``: head office has received the
    approved refund. Head office's word shows whatever the decision state says here (a refund the
    hall cancelled that head office executed shows 已到账: the clash is marked beside it)."""
    if execution:
        return ExecutionShown(execution)
    executable = state in {s.value for s in EXECUTABLE_STATES}
    if executable and not closure and method == RefundMethod.TOP_UP_CARD.value:
        return ExecutionShown.HANDED_OVER
    if not needs_execution(method, state, closure=closure):
        return ExecutionShown.NONE
    return ExecutionShown.AWAITING if head_office_holds else ExecutionShown.NOT_UPLOADED


def counts_toward_total(state: str, execution: str | None, counted: frozenset[RefundState]) -> bool:
    """DOMAIN.md "every refund not refused or cancelled counts": executed and failed count, an
    execution-cancelled refund does not."""
    if execution == ExecutionState.CANCELLED.value:
        return False
    return state in {s.value for s in counted}


def held_too_long(
    held_since: datetime,
    now: datetime,
    working_days: int,
    calendar: WorkingCalendar = CHINESE_CALENDAR,
) -> bool:
    """Head office has held the refund for more than ``working_days`` working days (the same clock
    time on the Nth working day after the day it received it has passed)."""
    return now > add_working_days(held_since, working_days, calendar).due


def cancellation_clash(state: str, execution: str | None) -> bool:
    """The hall cancelled a refund head office executed: both facts kept, the clash shown."""
    return state == RefundState.CANCELLED.value and execution == ExecutionState.EXECUTED.value
