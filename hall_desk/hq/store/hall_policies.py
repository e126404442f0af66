"""What the console reads of the halls' published policies (issue 17, console17b): each hall's
working calendar as its latest policy publishes it (the header's silent desks), and a hall's policy
versions with when each was set (the refund levels that applied when a refund was proposed)."""

from __future__ import annotations

import json
from typing import Any

from hall_desk.hq.store.base import _Base

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

