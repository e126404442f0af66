"""Staff accounts and sign-in (5 wrong passwords lock the account for 5 minutes, by default)."""

from __future__ import annotations

import logging

from hall_desk.domain.errors import AuthenticationError, ErrorCollector, NotFound
from hall_desk.domain.passwords import verify_password
from hall_desk.domain.policy import Role
from hall_desk.domain.staff import (
    LockState,
    Permission,
    after_failed_signin,
    check_not_locked,
    require,
    validate_new_password,
    validate_staff_name,
    validate_staff_no,
)
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import _create_staff_row, require_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Staff

log = logging.getLogger(__name__)


def _session(staff: Staff) -> StaffSession:
    desk = require_desk()
    return StaffSession(staff.staff_no, staff.name, Role(staff.role), desk.code, desk.desk_code)


def authenticate(ctx: DeskContext, staff_no: str, password: str) -> StaffSession:
    """Prove who someone is at this terminal now. Wrong passwords count toward the lockout."""
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
            return _session(staff)
        new_state = after_failed_signin(state, now, ctx.policy)
        Staff.update(
            failed_attempts=new_state.failed_attempts, locked_until=new_state.locked_until
        ).where(Staff.id == staff.id).execute()
    # Raised after the commit: the failed attempt must count.
    log.info("failed sign-in for staff %s (%d)", number, new_state.failed_attempts)
    check_not_locked(new_state, now)
    left = ctx.policy.max_failed_signins - new_state.failed_attempts
    raise AuthenticationError("auth.wrong_credentials", "password", attempts_left=left)


def sign_in(ctx: DeskContext, staff_no: str, password: str) -> StaffSession:
    return authenticate(ctx, staff_no, password)


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
            ctx, desk.code, desk.desk_code, number, clean_name, role, password,
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
