"""Permissions (DOMAIN.md's table), sign-in lockout, password hashing, masking."""

from datetime import UTC, datetime, timedelta

import pytest

from hall_desk.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from hall_desk.domain.identity import mask_id_number, mask_phone
from hall_desk.domain.passwords import hash_password, verify_password
from hall_desk.domain.policy import DEFAULT_POLICY, Role
from hall_desk.domain.staff import (
    LockState,
    Permission,
    after_failed_signin,
    check_not_locked,
    may,
    require,
    validate_new_password,
)

TABLE = {
    Permission.RECORD_COMPLAINT: (True, True, True),
    Permission.SEE_HALL_COMPLAINTS: (False, True, True),
    Permission.WITNESS_SPECIAL_TRANSFER: (False, True, True),
    Permission.APPROVE_INVOICES_ONLY_TRANSFER: (False, False, True),
    Permission.MANAGE_STAFF: (False, False, True),
    Permission.DELEGATE_APPROVAL: (False, False, True),
    Permission.CHOOSE_BACKUP_FOLDER: (False, False, True),
    Permission.BACKUP_NOW: (False, False, True),  # 立即备份 (issue 20)
    Permission.SEE_FULL_ID_IN_EXPORTS: (False, False, True),
    Permission.MARK_BEST_CASES: (False, False, True),
    Permission.PURGE_RECORDS: (False, False, True),
    Permission.MANAGE_TEMPLATES: (False, False, True),  # issue 23: 常用投诉模板
    Permission.SEE_FULL_ID: (False, False, True),  # a transfer's own clerk: may_see_full_id
}


@pytest.mark.parametrize("permission", list(Permission))
def test_permission_table(permission: Permission) -> None:
    roles = (Role.CLERK, Role.SHIFT_LEADER, Role.STORE_MANAGER)
    assert tuple(may(r, permission) for r in roles) == TABLE[permission]


def test_require_names_what_is_needed() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require(Role.CLERK, Permission.MANAGE_STAFF)
    assert caught.value.params["needs"] == Role.STORE_MANAGER.value
    with pytest.raises(PermissionDenied) as nobody:
        require(None, Permission.RECORD_COMPLAINT)
    assert nobody.value.code == "auth.not_signed_in"


NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def test_five_wrong_passwords_lock_for_five_minutes() -> None:
    state = LockState(0, None)
    for _ in range(4):
        state = after_failed_signin(state, NOW, DEFAULT_POLICY)
        check_not_locked(state, NOW)
    state = after_failed_signin(state, NOW, DEFAULT_POLICY)
    assert state.locked_until == NOW + timedelta(minutes=5)
    with pytest.raises(AuthenticationError) as caught:
        check_not_locked(state, NOW + timedelta(minutes=4, seconds=59))
    assert caught.value.code == "auth.locked"
    check_not_locked(state, NOW + timedelta(minutes=5))


def test_after_a_lock_runs_out_counting_starts_again() -> None:
    locked = LockState(5, NOW)
    state = after_failed_signin(locked, NOW + timedelta(minutes=1), DEFAULT_POLICY)
    assert state == LockState(1, None)


def test_passwords_are_salted_slow_hashes() -> None:
    first, second = hash_password("secret1"), hash_password("secret1")
    assert first != second and "secret1" not in first
    assert first.startswith("scrypt$")
    assert verify_password("secret1", first)
    assert not verify_password("secret2", first)
    assert not verify_password("secret1", "garbage")


def test_password_minimum_length() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_new_password("12345", DEFAULT_POLICY)
    assert caught.value.code == "password.too_short"
    validate_new_password("123456", DEFAULT_POLICY)


def test_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("110101199001011234") == "110101********1234"


def test_full_id_numbers_for_the_manager_and_the_transfers_own_clerk_while_it_is_theirs() -> None:
    from hall_desk.domain.staff import may_see_full_id

    def sees(role: Role, staff_no: str, **when: bool) -> bool:
        return may_see_full_id(role, staff_no, opened_by_no="3001", **{"unfinished": False, **when})

    assert sees(Role.STORE_MANAGER, "1001")
    assert sees(Role.CLERK, "3001", unfinished=True)
    assert sees(Role.CLERK, "3001", completed_today=True)  # the hall's paper copy, that day
    assert not sees(Role.CLERK, "3001")
    assert not sees(Role.CLERK, "3002", unfinished=True)
    assert not sees(Role.SHIFT_LEADER, "2001", completed_today=True)
