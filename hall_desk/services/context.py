"""What every service needs: the clock, the policy in force and the catalogue, plus who is signed in."""

from __future__ import annotations

from dataclasses import dataclass, field

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, Catalogue
from hall_desk.domain.clock import Clock, SystemClock
from hall_desk.domain.policy import DEFAULT_POLICY, Policy, Role


@dataclass
class DeskContext:
    clock: Clock = field(default_factory=SystemClock)
    policy: Policy = DEFAULT_POLICY
    catalogue: Catalogue = DEFAULT_CATALOGUE


@dataclass(frozen=True)
class StaffSession:
    """The signed-in staff member. Created only by :func:`hall_desk.services.staff.sign_in`."""

    staff_no: str
    name: str
    role: Role
    hall_code: str
    desk_code: str
