"""The failed-attempts notice (issue 20, item 7) is shown once per hall: wrong passwords typed into
the store manager's approval box at one desk are told at their next sign-in at any desk of the
hall, and not again at another desk — through a real head office and two desks as real processes
(the set-up of tests/sync/test_downlink_two_desks.py)."""

from __future__ import annotations

from tests.hq.live import LiveHQ
from tests.sync.test_downlink_two_desks import Desk, two_desks

__all__ = ["two_desks"]  # the fixture, shared


def wrong_password(desk: Desk, actor: str, password: str, approver: str) -> None:
    refused = desk.drive("approval-box", actor, password, approver, "not-the-password", ok=False)
    assert refused == {"error": "auth.wrong_credentials"}


def test_the_notice_is_shown_at_one_desk_of_the_hall_only(
    two_desks: tuple[Desk, Desk, LiveHQ],
) -> None:
    desk1, desk2, hq = two_desks
    desk1.as_manager("add-staff", "3005", "孙五", "营业员", "clerk-3005")
    for _ in range(2):  # a clerk at desk 1 types wrong passwords into 1001's approval box
        wrong_password(desk1, "3005", "clerk-3005", "1001")
    desk1.sync()
    desk2.sync()

    # 1001 signs in at desk 2 first: told there, of desk 1's two attempts, once
    assert desk2.drive("failed-notice", "1001", "pass-1001") == [{"desk": "HA01-01", "count": 2}]
    assert desk2.drive("failed-notice", "1001", "pass-1001") == []
    desk2.sync()
    desk1.sync()
    # ... and desk 1, where the attempts were typed, does not tell them again
    assert desk1.drive("failed-notice", "1001", "pass-1001") == []

    # a later attempt, at desk 2, is told at desk 1 and then not at desk 2
    wrong_password(desk2, "1002", "pass-1002", "1001")
    desk2.sync()
    desk1.sync()
    assert desk1.drive("failed-notice", "1001", "pass-1001") == [{"desk": "HA01-02", "count": 1}]
    desk1.sync()
    desk2.sync()
    assert desk2.drive("failed-notice", "1001", "pass-1001") == []
    status = hq.status()
    for desk in (desk1, desk2):
        assert status[desk.code]["quarantined"] == 0
        assert desk.show()["dead_letters"] == []
