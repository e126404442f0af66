"""Store managers manage staff through the services: add, disable, reset a password that must be
changed at the next sign-in; the last active store manager cannot be disabled."""

from __future__ import annotations

import pytest

from hall_desk.domain.errors import AuthenticationError, ValidationError
from hall_desk.domain.policy import Role
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.staff import (
    authenticate,
    change_own_password,
    create_staff,
    disable_staff,
    enable_staff,
    list_accounts,
    reset_staff_password,
    set_staff_role,
    sign_in,
)
from hall_desk.storage.models import Event
from tests.conftest import PASSWORDS


def accounts(ctx: DeskContext, manager: StaffSession) -> dict[str, tuple[Role, bool]]:
    return {a.staff_no: (a.role, a.active) for a in list_accounts(ctx, manager)}


def test_add_and_disable_a_clerk(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    manager = hall["manager"]
    create_staff(ctx, manager, staff_no="3009", name="钱七", role=Role.CLERK, password="start123")
    assert sign_in(ctx, "3009", "start123").role is Role.CLERK
    disable_staff(ctx, manager, "3009")
    assert accounts(ctx, manager)["3009"] == (Role.CLERK, False)
    with pytest.raises(AuthenticationError) as refused:
        sign_in(ctx, "3009", "start123")
    assert refused.value.code == "auth.disabled"
    enable_staff(ctx, manager, "3009")
    assert sign_in(ctx, "3009", "start123").staff_no == "3009"


def test_a_reset_password_must_be_changed_at_the_next_sign_in(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    reset_staff_password(ctx, hall["manager"], "3001", "temp1234")
    with pytest.raises(AuthenticationError) as refused:
        sign_in(ctx, "3001", PASSWORDS["3001"])  # the old one is gone
    assert refused.value.code == "auth.wrong_credentials"
    with pytest.raises(AuthenticationError) as refused:
        sign_in(ctx, "3001", "temp1234")  # right, but no session yet
    assert refused.value.code == "auth.must_change_password"
    with pytest.raises(AuthenticationError):  # an approver with a reset password neither
        authenticate(ctx, "3001", "temp1234")
    with pytest.raises(ValidationError) as invalid:
        change_own_password(ctx, "3001", "temp1234", "temp1234")
    assert invalid.value.code == "password.unchanged"
    with pytest.raises(ValidationError) as invalid:
        change_own_password(ctx, "3001", "temp1234", "x")
    assert invalid.value.code == "password.too_short"
    with pytest.raises(AuthenticationError):
        change_own_password(ctx, "3001", "wrong-one", "mine5678")
    events_before = Event.select().count()
    session = change_own_password(ctx, "3001", "temp1234", "mine5678")
    assert session.staff_no == "3001" and session.role is Role.CLERK
    assert Event.select().count() == events_before + 1
    last = Event.select().order_by(Event.seq.desc()).first()
    assert last.type == "staff.changed" and last.actor == "3001"
    assert sign_in(ctx, "3001", "mine5678").staff_no == "3001"  # from now on, as usual
    with pytest.raises(AuthenticationError):
        sign_in(ctx, "3001", "temp1234")


def test_a_password_changed_by_its_owner_is_not_flagged(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    reset_staff_password(ctx, hall["manager"], "1001", "own12345")
    assert sign_in(ctx, "1001", "own12345").staff_no == "1001"


def test_the_last_active_store_manager_cannot_be_disabled_or_demoted(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    manager = hall["manager"]
    for change in (
        lambda: disable_staff(ctx, manager, "1001"),
        lambda: set_staff_role(ctx, manager, "1001", Role.CLERK),
    ):
        events_before = Event.select().count()
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.code == "staff.last_manager"
        assert accounts(ctx, manager)["1001"] == (Role.STORE_MANAGER, True)
        assert Event.select().count() == events_before
    # With a second store manager, the first may go.
    set_staff_role(ctx, manager, "2001", Role.STORE_MANAGER)
    disable_staff(ctx, manager, "1001")
    assert accounts(ctx, manager)["1001"] == (Role.STORE_MANAGER, False)
    second = sign_in(ctx, "2001", PASSWORDS["2001"])
    with pytest.raises(ValidationError):
        disable_staff(ctx, second, "2001")


def test_a_reset_made_at_another_desk_must_be_changed_here_too(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """The flag travels in staff.changed: head office re-publishes a reset made at desk 01, and
    this desk asks for a new password too; the owner's change (flag cleared) travels the same way."""
    from datetime import UTC, datetime

    from hall_desk.domain.passwords import hash_password
    from hall_desk.storage.models import Staff
    from hall_desk.sync.downlink import apply_page
    from tests.sync.downlink_events import head_office, staff
    from tests.sync.fixtures import DESK, HALL

    account = Staff.get(Staff.staff_no == "3001")
    temp_hash = hash_password("temp1234", n=2**4)
    chain = head_office()
    at = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

    def publish(cursor: int, **state: object) -> None:
        event = chain.next(
            "staff.changed",
            staff("3001", id=account.id, name=account.name, role=account.role, **state),
        )
        result = apply_page([event], hall=HALL, desk=DESK, after=cursor - 1, cursor=cursor, at=at)
        assert result.applied == 1, result.reasons

    publish(1, password_hash=temp_hash, must_change_password=True)
    with pytest.raises(AuthenticationError) as refused:
        sign_in(ctx, "3001", "temp1234")
    assert refused.value.code == "auth.must_change_password"
    own_hash = hash_password("mine5678", n=2**4)
    publish(2, password_hash=own_hash, must_change_password=False)
    assert sign_in(ctx, "3001", "mine5678").staff_no == "3001"
