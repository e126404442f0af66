"""Staff accounts and sign-in (5 wrong passwords lock the account for 5 minutes, by default).

Staff accounts are hall data (issue 4): a store manager creates or changes them at any desk; every
change writes ``staff.changed`` with the account's full state (``id, staff_no, name, role, active,
password_hash`` — the hash travels so a clerk can sign in at any counter of the hall; it is never
logged), shows here at once, travels up to head office and down to the hall's other desks, and head
office's echo confirms or overrides it (its order of receipt decides when two changes meet).
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.domain.errors import (
    AuthenticationError,
    ErrorCollector,
    NotFound,
    ValidationError,
)
from hall_desk.domain.passwords import hash_password, verify_password
from hall_desk.domain.policy import Role
from hall_desk.domain.staff import (
    AUTH_NOTICE_SHOWN,
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
from hall_desk.storage.db import database, unit_of_work
from hall_desk.storage.models import Setting, Staff

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
        from hall_desk.storage.events import append_event  # issue 22: not at start

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


# -- the approval box (issue 20) ------------------------------------------------------------------
# Wrong passwords typed into someone else's approval box (a refund's approver, a transfer's
# approver or witness) once locked that person's sign-in: a clerk could lock the store manager out
# for 5 minutes. Now they pause approvals by that person at this desk only (the policy's count
# and lockout period, kept in this desk's settings, never travelling) and never touch the
# person's sign-in. Each wrong password is an ``auth.failed`` event (whose box, the desk, the
# time, the count in the series; never the text typed), so the person is told at their next
# sign-in at any desk of the hall, once (:func:`failed_attempts_notice`: ``auth_notice.shown``).
APPROVAL_PAUSE_SETTING = "approval_pause:"  # + staff number → {"attempts": n, "until": iso|null}
FAILED_SHOWN_SETTING = "auth_failed_shown:"  # + staff number → the last auth.failed row shown
AUTH_FAILED = "auth.failed"
APPROVAL_PAUSED = "auth.approval_paused"  # params: minutes


def _approval_pause(staff_no: str) -> LockState:
    row = Setting.get_or_none(Setting.key == APPROVAL_PAUSE_SETTING + staff_no)
    if row is None:
        return LockState(0, None)
    try:
        data = json.loads(row.value)
        until = parse_utc_iso(data["until"]) if data.get("until") else None
        return LockState(int(data["attempts"]), until)
    except (ValueError, KeyError, TypeError):
        return LockState(0, None)


def _put_approval_pause(staff_no: str, state: LockState) -> None:
    value = json.dumps(
        {
            "attempts": state.failed_attempts,
            "until": utc_iso(state.locked_until) if state.locked_until else None,
        }
    )
    Setting.insert(
        key=APPROVAL_PAUSE_SETTING + staff_no, value=value
    ).on_conflict_replace().execute()


def _check_not_paused(state: LockState, now: datetime) -> None:
    try:
        check_not_locked(state, now)
    except AuthenticationError as locked:
        raise AuthenticationError(APPROVAL_PAUSED, "password", **locked.params) from None


@signed_in
def authenticate_approver(
    ctx: DeskContext, session: StaffSession, approver_no: str, password: str
) -> StaffSession:
    """The approver (or witness) proves who they are in ``session``'s approval box. Their own box:
    as :func:`authenticate`. Someone else's: wrong passwords pause approvals by that person at
    this desk (``auth.approval_paused``, params ``minutes``) and are each an ``auth.failed``
    event; the person's sign-in is never locked by them."""
    number = (approver_no or "").strip()
    if number == session.staff_no:
        return authenticate(ctx, number, password)
    now = ctx.clock.now()
    desk = require_desk()
    with unit_of_work():
        pause = _approval_pause(number)
        _check_not_paused(pause, now)
        staff = Staff.get_or_none(Staff.staff_no == number)
        if staff is None:
            raise AuthenticationError("auth.wrong_credentials", "password")
        if not staff.active:
            raise AuthenticationError("auth.disabled", "staff_no")
        check_not_locked(LockState(staff.failed_attempts, staff.locked_until), now)
        if verify_password(password or "", staff.password_hash):
            if pause.failed_attempts or pause.locked_until:
                _put_approval_pause(number, LockState(0, None))
            if staff.must_change_password:
                raise AuthenticationError("auth.must_change_password", "new_password")
            return _session(staff)
        paused = after_failed_signin(pause, now, ctx.policy)
        _put_approval_pause(number, paused)
        from hall_desk.storage.events import append_event  # issue 22: not at start

        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=AUTH_FAILED,
            actor=session.staff_no,
            at=now,
            state={
                "id": str(uuid.uuid4()),
                "staff_no": number,
                "desk": desk.desk_code,
                "failed_at": utc_iso(now),
                "count": paused.failed_attempts,
                "box": "approval",
            },
        )
    log.info("wrong password in the approval box of staff %s (%d)", number, paused.failed_attempts)
    _check_not_paused(paused, now)
    left = ctx.policy.max_failed_signins - paused.failed_attempts
    raise AuthenticationError("auth.wrong_credentials", "password", attempts_left=left)


@dataclass(frozen=True)
class FailedAttempts:
    """Wrong passwords typed into someone's approval box at one desk, for the sign-in notice."""

    desk: str
    count: int
    first_at: datetime
    last_at: datetime


@signed_in
def failed_attempts_notice(ctx: DeskContext, session: StaffSession) -> list[FailedAttempts]:
    """The ``auth.failed`` events about ``session``'s account (this desk's and pulled from the
    hall's others) the person has not been told of at any desk of the hall, per desk.

    Shown once per hall: telling them writes an ``auth_notice.shown`` event (their own, listing
    the attempts' ids) that travels to the hall's other desks, which then show those attempts no
    more. Two desks telling the same attempts before either has synced each tell them once."""
    key = FAILED_SHOWN_SETTING + session.staff_no
    shown = Setting.get_or_none(Setting.key == key)
    after = int(shown.value) if shown is not None and shown.value.isdigit() else 0
    rows = database.execute_sql(
        "SELECT rowid, desk, at, event_payload(payload) FROM event WHERE type = ? AND rowid > ?"
        " ORDER BY rowid",
        (AUTH_FAILED, after),
    ).fetchall()
    told = _told_attempts(session.staff_no) if rows else set()
    per_desk: dict[str, list[datetime]] = {}
    telling: list[str] = []
    for _rowid, desk, at, payload in rows:
        try:
            state = json.loads(payload)
        except ValueError:
            continue
        if not isinstance(state, dict) or state.get("staff_no") != session.staff_no:
            continue
        attempt = str(state.get("id") or "")
        if attempt in told:
            continue  # told at another desk of the hall
        per_desk.setdefault(str(state.get("desk") or desk), []).append(parse_utc_iso(at))
        if attempt:
            telling.append(attempt)
    if rows:
        with unit_of_work():
            Setting.insert(key=key, value=str(rows[-1][0])).on_conflict_replace().execute()
            if telling:
                desk = require_desk()
                now = ctx.clock.now()
                from hall_desk.storage.events import append_event  # issue 22: not at start

                append_event(
                    hall=desk.code,
                    desk=desk.desk_code,
                    type=AUTH_NOTICE_SHOWN,
                    actor=session.staff_no,
                    at=now,
                    state={
                        "id": str(uuid.uuid4()),
                        "staff_no": session.staff_no,
                        "desk": desk.desk_code,
                        "shown_at": utc_iso(now),
                        "failed_ids": telling,
                    },
                )
    return [
        FailedAttempts(desk, len(times), min(times), max(times))
        for desk, times in sorted(per_desk.items())
    ]


def _told_attempts(staff_no: str) -> set[str]:
    """The ids of the ``auth.failed`` events ``staff_no`` was told of at any desk of the hall
    (their own ``auth_notice.shown`` events, this desk's and pulled)."""
    told: set[str] = set()
    for actor, payload in database.execute_sql(
        "SELECT actor, event_payload(payload) FROM event WHERE type = ?", (AUTH_NOTICE_SHOWN,)
    ).fetchall():
        try:
            state = json.loads(payload)
        except ValueError:
            continue
        if actor != staff_no or not isinstance(state, dict) or state.get("staff_no") != staff_no:
            continue  # only the person's own sign-in tells them
        ids = state.get("failed_ids")
        if isinstance(ids, list):
            told.update(i for i in ids if isinstance(i, str))
    return told


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
        from hall_desk.storage.events import append_event  # issue 22: not at start

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
