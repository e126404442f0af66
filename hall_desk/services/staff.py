"""Staff accounts and sign-in (5 wrong passwords lock the account for 5 minutes, by default).

Staff accounts are hall data (issue 4): a store manager creates or changes them at any desk; every
change writes ``staff.changed`` with the account's full state (``id, staff_no, name, role, active,
password_hash`` — the hash travels so a clerk can sign in at any counter of the hall; it is never
logged), shows here at once, travels up to head office and down to the hall's other desks, and head
office's echo confirms or overrides it (its order of receipt decides when two changes meet).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from hall_desk.domain.errors import (
    AuthenticationError,
    ErrorCollector,
    NotFound,
    ValidationError,
)
from hall_desk.domain.passwords import hash_password, verify_password
from hall_desk.domain.policy import Role
from hall_desk.domain.staff import (
    LockState,
    Permission,
    after_failed_signin,
    check_keeps_a_store_manager,
    check_not_locked,
    require,
    validate_new_password,
    validate_role,
    validate_staff_name,
    validate_staff_no,
)
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import _create_staff_row, require_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Staff

log = logging.getLogger(__name__)


def _session(staff: Staff) -> StaffSession:
    desk = require_desk()
    return StaffSession(staff.staff_no, staff.name, Role(staff.role), desk.code, desk.desk_code)


def _check_password(ctx: DeskContext, staff_no: str, password: str) -> Staff:
    """The account whose password this is. Wrong passwords count toward the lockout."""
    now = ctx.clock.now()
    number = (staff_no or "").strip()
    with unit_of_work():
        staff = Staff.get_or_none(Staff.staff_no == number)
        if staff is None:
            # Same answer as a wrong password: do not reveal which staff numbers exist.
            raise AuthenticationError("auth.wrong_credentials", "password")
        if not staff.active:
            raise AuthenticationError("auth.disabled", "staff_no")
        state = LockState(staff.failed_attempts, staff.locked_until)
        check_not_locked(state, now)
        if verify_password(password or "", staff.password_hash):
            if staff.failed_attempts or staff.locked_until:
                Staff.update(failed_attempts=0, locked_until=None).where(
                    Staff.id == staff.id
                ).execute()
            return staff
        new_state = after_failed_signin(state, now, ctx.policy)
        Staff.update(
            failed_attempts=new_state.failed_attempts, locked_until=new_state.locked_until
        ).where(Staff.id == staff.id).execute()
    # Raised after the commit: the failed attempt must count.
    log.info("failed sign-in for staff %s (%d)", number, new_state.failed_attempts)
    check_not_locked(new_state, now)
    left = ctx.policy.max_failed_signins - new_state.failed_attempts
    raise AuthenticationError("auth.wrong_credentials", "password", attempts_left=left)


def authenticate(ctx: DeskContext, staff_no: str, password: str) -> StaffSession:
    """Prove who someone is at this terminal now. Wrong passwords count toward the lockout. A
    password a store manager reset gives no session (``auth.must_change_password``) until its
    owner has replaced it with :func:`change_own_password`."""
    staff = _check_password(ctx, staff_no, password)
    if staff.must_change_password:
        raise AuthenticationError("auth.must_change_password", "new_password")
    return _session(staff)


def change_own_password(
    ctx: DeskContext, staff_no: str, password: str, new_password: str
) -> StaffSession:
    """Someone replaces their own password (the one a store manager reset, or any time) and is
    signed in. One transaction: the account and its ``staff.changed`` event."""
    staff = _check_password(ctx, staff_no, password)
    validate_new_password(new_password, ctx.policy)
    if new_password == password:
        raise ValidationError("password.unchanged", "new_password")
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        staff = Staff.get_by_id(staff.id)
        before = staff_state(staff)
        Staff.update(
            password_hash=hash_password(new_password), must_change_password=False, updated_at=now
        ).where(Staff.id == staff.id).execute()
        staff = Staff.get_by_id(staff.id)
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type="staff.changed",
            actor=staff.staff_no,
            at=now,
            state=staff_state(staff),
            before=before,
        )
    log.info("staff %s changed their own password", staff.staff_no)
    return _session(staff)


def sign_in(ctx: DeskContext, staff_no: str, password: str) -> StaffSession:
    return authenticate(ctx, staff_no, password)


@signed_in
def create_staff(
    ctx: DeskContext, session: StaffSession, *, staff_no: str, name: str, role: Role, password: str
) -> StaffSession:
    """A store manager adds a staff account (营业员, 值班经理 or 店长)."""
    require(session.role, Permission.MANAGE_STAFF)
    errors = ErrorCollector()
    number = errors.check(validate_staff_no, staff_no)
    clean_name = errors.check(validate_staff_name, name)
    errors.check(validate_new_password, password, ctx.policy)
    errors.raise_if_any()
    desk = require_desk()
    with unit_of_work():
        if Staff.get_or_none(Staff.staff_no == number) is not None:
            errors.add("staff_no.taken", "staff_no")
            errors.raise_if_any()
        staff = _create_staff_row(
            ctx,
            desk.code,
            desk.desk_code,
            number,
            clean_name,
            role,
            password,
            actor=session.staff_no,
        )
    return _session(staff)


def list_staff() -> list[tuple[str, str, Role]]:
    return [(s.staff_no, s.name, Role(s.role)) for s in Staff.select().order_by(Staff.staff_no)]


def staff_name(staff_no: str) -> str:
    staff = Staff.get_or_none(Staff.staff_no == staff_no)
    if staff is None:
        raise NotFound("staff.not_found", "staff_no")
    return str(staff.name)


@dataclass(frozen=True)
class StaffAccount:
    """A staff account as the staff page shows it (never the password hash)."""

    id: str
    staff_no: str
    name: str
    role: Role
    active: bool
    locked: bool


def _account(staff: Staff, ctx: DeskContext | None = None) -> StaffAccount:
    now = ctx.clock.now() if ctx is not None else None
    locked = bool(staff.locked_until and now is not None and now < staff.locked_until)
    return StaffAccount(
        staff.id, staff.staff_no, staff.name, Role(staff.role), bool(staff.active), locked
    )


def staff_state(staff: Staff) -> dict[str, Any]:
    """The account's full state as it travels in ``staff.changed`` (the shape head office and the
    other desks rely on; ``must_change_password`` since schema v11, absent from older events)."""
    return {
        "id": staff.id,
        "staff_no": staff.staff_no,
        "name": staff.name,
        "role": staff.role,
        "active": bool(staff.active),
        "password_hash": staff.password_hash,
        # A reset password must be replaced at the next sign-in at any desk of the hall.
        "must_change_password": bool(staff.must_change_password),
    }


@signed_in
def list_accounts(ctx: DeskContext, session: StaffSession) -> list[StaffAccount]:
    """The hall's staff accounts (made at any desk), active and disabled: for the store manager."""
    require(session.role, Permission.MANAGE_STAFF)
    return [_account(s, ctx) for s in Staff.select().order_by(Staff.staff_no)]


@signed_in
def change_staff(
    ctx: DeskContext,
    session: StaffSession,
    staff_no: str,
    *,
    name: str | None = None,
    role: Role | str | None = None,
    active: bool | None = None,
    new_password: str | None = None,
) -> StaffAccount:
    """A store manager changes an account (name, role, a new password, disabled or enabled); what is
    None stays. One transaction: the account and its ``staff.changed`` event. The hall always keeps
    an active store manager (``staff.last_manager``). Nothing changed: nothing written."""
    require(session.role, Permission.MANAGE_STAFF)
    errors = ErrorCollector()
    clean_name = errors.check(validate_staff_name, name) if name is not None else None
    clean_role = errors.check(validate_role, role) if role is not None else None
    if new_password is not None:
        errors.check(validate_new_password, new_password, ctx.policy)
    errors.raise_if_any()
    desk = require_desk()
    now = ctx.clock.now()
    with unit_of_work():
        staff = Staff.get_or_none(Staff.staff_no == (staff_no or "").strip())
        if staff is None:
            raise NotFound("staff.not_found", "staff_no")
        before = staff_state(staff)
        changes: dict[Any, Any] = {}
        if clean_name is not None and clean_name != staff.name:
            changes[Staff.name] = clean_name
        if clean_role is not None and clean_role.value != staff.role:
            changes[Staff.role] = clean_role.value
        if active is not None and bool(active) != bool(staff.active):
            changes[Staff.active] = bool(active)
        if new_password is not None:
            changes[Staff.password_hash] = hash_password(new_password)
            changes[Staff.failed_attempts] = 0
            changes[Staff.locked_until] = None
            # Set by someone else: only its owner may know their password, so they replace it
            # at their next sign-in.
            changes[Staff.must_change_password] = staff.staff_no != session.staff_no
        if not changes:
            return _account(staff, ctx)
        losing_manager = (
            staff.role == Role.STORE_MANAGER.value
            and staff.active
            and (
                changes.get(Staff.active) is False
                or changes.get(Staff.role, Role.STORE_MANAGER.value) != Role.STORE_MANAGER.value
            )
        )
        if losing_manager:
            others = (
                Staff.select()
                .where(
                    (Staff.role == Role.STORE_MANAGER.value) & Staff.active & (Staff.id != staff.id)
                )
                .count()
            )
            check_keeps_a_store_manager(others)
        changes[Staff.updated_at] = now
        Staff.update(changes).where(Staff.id == staff.id).execute()
        staff = Staff.get_by_id(staff.id)
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type="staff.changed",
            actor=session.staff_no,
            at=now,
            state=staff_state(staff),
            before=before,
        )
    log.info(
        "staff %s changed by %s (%s)",
        staff.staff_no,
        session.staff_no,
        ", ".join(sorted(f.name for f in changes if f.name != "updated_at")),
    )
    return _account(staff, ctx)


@signed_in
def rename_staff(ctx: DeskContext, session: StaffSession, staff_no: str, name: str) -> StaffAccount:
    return change_staff(ctx, session, staff_no, name=name)


@signed_in
def set_staff_role(
    ctx: DeskContext, session: StaffSession, staff_no: str, role: Role
) -> StaffAccount:
    return change_staff(ctx, session, staff_no, role=role)


@signed_in
def reset_staff_password(
    ctx: DeskContext, session: StaffSession, staff_no: str, new_password: str
) -> StaffAccount:
    """A new password set by the store manager (also clears a lock-out); its owner must replace it
    at the next sign-in."""
    return change_staff(ctx, session, staff_no, new_password=new_password)


@signed_in
def disable_staff(ctx: DeskContext, session: StaffSession, staff_no: str) -> StaffAccount:
    return change_staff(ctx, session, staff_no, active=False)


@signed_in
def enable_staff(ctx: DeskContext, session: StaffSession, staff_no: str) -> StaffAccount:
    return change_staff(ctx, session, staff_no, active=True)
