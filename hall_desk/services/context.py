"""What every service needs: the clock, the policy in force and the catalogue, plus who is signed in."""

from __future__ import annotations

from dataclasses import dataclass

from hall_desk.domain.catalogue import Catalogue
from hall_desk.domain.clock import Clock, SystemClock
from hall_desk.domain.policy import Policy, Role
from hall_desk.services.policy import policy_in_force


class DeskContext:
    """The clock, and the policy and catalogue for what is accepted now.

    ``policy`` and ``catalogue`` come from the store (the newest ``policy.set`` head office
    published, :func:`hall_desk.services.policy.policy_in_force`), or the defaults, read afresh on
    each use so a policy applied by the sync thread holds for the next complaint. Passing them
    (``DeskContext(policy=…)``) pins them instead (tests, the demo).
    """

    def __init__(
        self,
        clock: Clock | None = None,
        policy: Policy | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._policy = policy
        self._catalogue = catalogue

    @property
    def policy(self) -> Policy:
        if self._policy is not None:
            return self._policy
        return policy_in_force().policy

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is not None:
            return self._catalogue
        return policy_in_force().catalogue

    def __repr__(self) -> str:
        return f"DeskContext(clock={self.clock!r}, pinned_policy={self._policy is not None})"


@dataclass(frozen=True)
class StaffSession:
    """The signed-in staff member. Created only by :func:`hall_desk.services.staff.sign_in`."""

    staff_no: str
    name: str
    role: Role
    hall_code: str
    desk_code: str
