"""What every service needs: the clock, the policy in force and the catalogue, plus who is signed in."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from hall_desk.domain.catalogue import Catalogue
from hall_desk.domain.clock import Clock, SystemClock
from hall_desk.domain.errors import PermissionDenied
from hall_desk.domain.policy import Policy, Role
from hall_desk.domain.workdays import WorkingCalendar
from hall_desk.services.policy import calendar_in_force, policy_in_force

F = TypeVar("F", bound=Callable[..., Any])


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

    @property
    def calendar(self) -> WorkingCalendar:
        """Issue 20: head office's published holidays first, then the package's data."""
        return calendar_in_force()

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


def signed_in(function: F) -> F:
    """Refuse the call (``auth.not_signed_in``) unless its ``session`` is a signed-in
    :class:`StaffSession`: every service action taking a session wears this, so nothing is done,
    read or shown for no one (issue 9, "Access")."""
    parameters = list(inspect.signature(function).parameters)
    position = parameters.index("session")

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        session = args[position] if position < len(args) else kwargs.get("session")
        if not isinstance(session, StaffSession):
            raise PermissionDenied("auth.not_signed_in")
        return function(*args, **kwargs)

    return cast(F, guarded)
