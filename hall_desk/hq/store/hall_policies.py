"""What the console reads of the halls' published policies (issue 17, console17b): each hall's
working calendar as its latest policy publishes it (the header's silent desks), and a hall's policy
versions with when each was set (the refund levels that applied when a refund was proposed)."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

from hall_desk.domain.errors import DomainError
from hall_desk.domain.hq_refunds import DEFAULT_HQ_LEVELS
from hall_desk.domain.policy import DEFAULT_POLICY, Role
from hall_desk.domain.policy_document import parse_policy_document
from hall_desk.hq.store.base import _Base

log = logging.getLogger(__name__)

# The latest version per hall, through the primary key (hall, version).
LATEST_POLICIES = (
    "SELECT p.hall, p.document FROM policy_version p"
    " WHERE p.version = (SELECT max(q.version) FROM policy_version q WHERE q.hall = p.hall)"
)


class HallPolicyOps(_Base):
    """The halls' published calendars and policy history, for the console."""

    def policy_stamp(self) -> str:
        """A cheap mark that changes whenever a policy is published (how many, the latest)."""
        with self._lock:
            row = self._db.execute("SELECT count(*), max(set_at) FROM policy_version").fetchone()
        return f"{row[0]}/{row[1] or ''}"

    def published_calendars(self) -> dict[str, dict[str, Any]]:
        """Hall → the ``calendar`` section of its latest published policy, for the halls whose
        latest policy has one (the others keep the holiday package's calendar)."""
        with self._lock:
            rows = self._db.execute(LATEST_POLICIES).fetchall()
        found = {}
        for hall, document in rows:
            section = json.loads(document).get("calendar")
            if isinstance(section, dict):
                found[str(hall)] = section
        return found


# -- the refund levels that applied in a hall at a time (issue 17 item 3 of console17b) --------

DEFAULT_LEVELS: tuple[tuple[str, Decimal | None], ...] = (
    ("clerk", DEFAULT_POLICY.refund_limits[Role.CLERK]),
    ("store_manager", DEFAULT_POLICY.refund_limits[Role.STORE_MANAGER]),
    ("director", DEFAULT_HQ_LEVELS.director),
    ("department_head", DEFAULT_HQ_LEVELS.department_head),
    ("leadership", None),
)


def levels_of(document: dict[str, Any]) -> tuple[tuple[str, Decimal | None], ...]:
    """The refund levels of a published policy: the hall's clerk and store manager limits
    (``refund_limits``), head office's director and department head (``hq_levels``), leadership
    above; a section that cannot be read keeps the defaults."""
    clerk, manager = DEFAULT_LEVELS[0][1], DEFAULT_LEVELS[1][1]
    levels = DEFAULT_HQ_LEVELS
    try:
        checked = parse_policy_document(document)
        clerk = checked.policy.refund_limits[Role.CLERK]
        manager = checked.policy.refund_limits[Role.STORE_MANAGER]
        levels = checked.hq_levels
    except DomainError:
        log.warning("a published policy's refund levels cannot be read: defaults used")
    return (
        ("clerk", clerk),
        ("store_manager", manager),
        ("director", levels.director),
        ("department_head", levels.department_head),
        ("leadership", None),
    )


class LevelBook:
    """The refund levels each hall's policy set at a time, read once per hall for one
    transaction (a figures refresh or rebuild): the latest version set at or before the time."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self._halls: dict[str, list[tuple[str, tuple[tuple[str, Decimal | None], ...]]]] = {}

    def levels(self, hall: str, at: str) -> tuple[tuple[str, Decimal | None], ...]:
        if hall not in self._halls:
            rows = self._db.execute(
                "SELECT set_at, document FROM policy_version WHERE hall = ? ORDER BY version",
                (hall,),
            ).fetchall()
            self._halls[hall] = [(str(r[0]), levels_of(json.loads(r[1]))) for r in rows]
        found = DEFAULT_LEVELS
        for set_at, levels in self._halls[hall]:
            if set_at <= at:
                found = levels
        return found
