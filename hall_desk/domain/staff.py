"""Staff, roles and what each role may do (DOMAIN.md's permission table), and sign-in rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hall_desk.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from hall_desk.domain.policy import ROLE_RANK, Policy, Role
from hall_desk.domain.text import NUL, TEXT_NUL


class Permission(StrEnum):
    RECORD_COMPLAINT = "complaint.record"  # record, handle, transfer, reply to, call back
    SEE_HALL_COMPLAINTS = "complaint.see_hall"  # the whole hall's open complaints
    WITNESS_SPECIAL_TRANSFER = "transfer.witness"
    APPROVE_INVOICES_ONLY_TRANSFER = "transfer.approve_invoices_only"
    MANAGE_STAFF = "staff.manage"
    DELEGATE_APPROVAL = "refund.delegate"
    CHOOSE_BACKUP_FOLDER = "backup.choose_folder"
    BACKUP_NOW = "backup.now"  # 立即备份: a manual backup (issue 20; the daily one needs no one)
    SEE_FULL_ID_IN_EXPORTS = "export.full_id"
    SEE_FULL_ID = "identity.see_full"  # any transfer's full ID numbers (else: see may_see_full_id)
    MARK_BEST_CASES = "typical_case.mark_best"  # 典型案例库: the quarter's best cases
    PURGE_RECORDS = "retention.purge"  # 资料保存期限: list and purge records past their period
    MANAGE_TEMPLATES = "template.manage"  # 常用投诉模板 of the hall (issue 23)
    CONFIRM_LATE_REPLY = "complaint.confirm_late_reply"  # issue 20: a 补录 reply's stated time


_MIN_ROLE = {
    Permission.RECORD_COMPLAINT: Role.CLERK,
    Permission.SEE_HALL_COMPLAINTS: Role.SHIFT_LEADER,
    Permission.WITNESS_SPECIAL_TRANSFER: Role.SHIFT_LEADER,
    Permission.APPROVE_INVOICES_ONLY_TRANSFER: Role.STORE_MANAGER,
    Permission.MANAGE_STAFF: Role.STORE_MANAGER,
    Permission.DELEGATE_APPROVAL: Role.STORE_MANAGER,
    Permission.CHOOSE_BACKUP_FOLDER: Role.STORE_MANAGER,
    Permission.BACKUP_NOW: Role.STORE_MANAGER,
    Permission.SEE_FULL_ID_IN_EXPORTS: Role.STORE_MANAGER,
    Permission.SEE_FULL_ID: Role.STORE_MANAGER,
    Permission.MARK_BEST_CASES: Role.STORE_MANAGER,
    Permission.PURGE_RECORDS: Role.STORE_MANAGER,
    Permission.MANAGE_TEMPLATES: Role.STORE_MANAGER,  # issue 23
    Permission.CONFIRM_LATE_REPLY: Role.STORE_MANAGER,
}


def may(role: Role, permission: Permission) -> bool:
    """Roles are cumulative: a higher role may do all a lower one may."""
    return ROLE_RANK[role] >= ROLE_RANK[_MIN_ROLE[permission]]


def require(role: Role | None, permission: Permission) -> None:
    if role is None:
        raise PermissionDenied("auth.not_signed_in")
    if not may(role, permission):
        raise PermissionDenied(
            "permission.denied",
            permission=permission.value,
            role=role.value,
            needs=_MIN_ROLE[permission].value,
        )


IDENTITY_VIEW_DENIED = "identity.view_denied"
# issue 20 (rules20c): the person was told of the wrong passwords typed into their approval box.
# Defined here (hall_desk.domain.payloads names it too) so that the sign-in's services tell it
# without loading the payload rules before the sign-in window (issue 22).
AUTH_NOTICE_SHOWN = "auth_notice.shown"


def may_see_full_id(
    role: Role, staff_no: str, *, opened_by_no: str, unfinished: bool, completed_today: bool = False
) -> bool:
    """Whether a member of staff may see a transfer's full identity numbers (DOMAIN.md "Keeping
    records": restrict who may see them): a store manager for any transfer; whoever opened the
    transfer while it is still 填写中 (they hold the customer's card at the counter) and, for the
    hall copy of the agreement only (``completed_today``), on the day they completed it — to print
    the hall's paper copy for the records (基础业务, kept 25 years)."""
    if may(role, Permission.SEE_FULL_ID):
        return True
    return (unfinished or completed_today) and staff_no.casefold() == opened_by_no.casefold()


def require_full_id(
    role: Role | None,
    staff_no: str,
    *,
    opened_by_no: str,
    unfinished: bool,
    completed_today: bool = False,
) -> None:
    """:func:`may_see_full_id` or ``PermissionDenied("identity.view_denied")``."""
    if role is None:
        raise PermissionDenied("auth.not_signed_in")
    if not may_see_full_id(
        role,
        staff_no,
        opened_by_no=opened_by_no,
        unfinished=unfinished,
        completed_today=completed_today,
    ):
        raise PermissionDenied(IDENTITY_VIEW_DENIED, role=role.value)


_STAFF_NO = re.compile(r"^[A-Za-z0-9]{2,20}$")


def validate_staff_no(staff_no: str) -> str:
    value = (staff_no or "").strip()
    if not value:
        raise ValidationError("staff_no.required", "staff_no")
    if not _STAFF_NO.match(value):
        raise ValidationError("staff_no.invalid", "staff_no")
    return value


def validate_staff_name(name: str) -> str:
    value = (name or "").strip()
    if not value:
        raise ValidationError("text.required", "name")
    if NUL in value:
        raise ValidationError(TEXT_NUL, "name")
    if len(value) > 40:
        raise ValidationError("text.too_long", "name", max=40)
    return value


def validate_new_password(password: str, policy: Policy) -> str:
    if len(password or "") < policy.password_min_length:
        raise ValidationError("password.too_short", "password", min=policy.password_min_length)
    if len(password) > 128:
        raise ValidationError("text.too_long", "password", max=128)
    return password


@dataclass(frozen=True)
class LockState:
    failed_attempts: int
    locked_until: datetime | None


def check_not_locked(state: LockState, now: datetime) -> None:
    if state.locked_until is not None and now < state.locked_until:
        remaining = state.locked_until - now
        minutes = max(1, -(-int(remaining.total_seconds()) // 60))
        raise AuthenticationError("auth.locked", "password", minutes=minutes)


def after_failed_signin(state: LockState, now: datetime, policy: Policy) -> LockState:
    """One more wrong password; the Nth in a row locks the account for the lockout period."""
    attempts = state.failed_attempts + 1
    if state.locked_until is not None and now >= state.locked_until:
        attempts = 1  # the previous lock has run out: a fresh series
    if attempts >= policy.max_failed_signins:
        return LockState(attempts, now + timedelta(minutes=policy.lockout_minutes))
    return LockState(attempts, None)


def validate_role(role: object) -> Role:
    try:
        if not isinstance(role, str):
            raise ValueError(role)
        return Role(role)
    except ValueError:
        raise ValidationError("choice.invalid", "role") from None


def check_keeps_a_store_manager(active_store_managers_after: int) -> None:
    """A hall always keeps an active store manager (营业厅店长): only one may manage staff, so
    disabling or demoting the last one would leave nobody able to undo it at the hall."""
    if active_store_managers_after < 1:
        raise ValidationError("staff.last_manager", "role")
