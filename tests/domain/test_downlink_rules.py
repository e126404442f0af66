"""Domain rules the downlink relies on: a reply answers a complaint; an account's hash is checkable."""

from __future__ import annotations

import pytest

from hall_desk.domain.complaints import OPEN_STATES, ComplaintState, state_after_reply
from hall_desk.domain.errors import ValidationError
from hall_desk.domain.passwords import hash_password, is_acceptable_hash
from hall_desk.domain.staff import check_keeps_a_store_manager, validate_role


@pytest.mark.parametrize("state", sorted(OPEN_STATES))
def test_a_reply_answers_an_open_complaint(state: ComplaintState) -> None:
    assert state_after_reply(state) is ComplaintState.REPLIED


@pytest.mark.parametrize(
    "state", [ComplaintState.REPLIED, ComplaintState.CALLED_BACK, ComplaintState.CLOSED]
)
def test_a_later_reply_never_reopens_or_rewinds(state: ComplaintState) -> None:
    assert state_after_reply(state) is state


def test_only_hashes_this_desk_makes_and_can_check_cheaply_are_acceptable() -> None:
    assert is_acceptable_hash(hash_password("secret-1"))
    assert is_acceptable_hash(hash_password("secret-1", n=2**4))
    for bad in (
        "",
        "plain",
        "scrypt$1048576$8$1$AAAAAAAAAAA=$" + "A" * 44,
        "bcrypt$16384$8$1$AAAAAAAAAAA=$" + "A" * 44,
        "scrypt$16384$8$1$!!$!!",
        None,
        7,
    ):
        assert not is_acceptable_hash(bad)


def test_a_hall_keeps_a_store_manager() -> None:
    check_keeps_a_store_manager(1)
    with pytest.raises(ValidationError) as caught:
        check_keeps_a_store_manager(0)
    assert caught.value.code == "staff.last_manager"
    assert validate_role("店长").value == "店长"
    with pytest.raises(ValidationError):
        validate_role("boss")
