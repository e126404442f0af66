"""What the console's accounts, policy and staff pages read (issue 17): the operator accounts with
their console state, a hall's staff as head office holds them. The writes are the operations the
CLI uses (``add_operator``, ``revoke_operator``, ``start_enrolment``, ``set_operator_role``,
``set_policy``, ``disable_staff``, ``enable_staff``); the audit log is :mod:`.audit`."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hall_desk.domain.console_limits import (
    DEFAULT_CONSOLE_LIMITS,
    ConsoleLimits,
    parse_console_limits,
)
from hall_desk.domain.errors import DomainError
from hall_desk.hq.store.audit import AuditOps

LIMITS_LOOKBACK = 200  # published policy rows searched, newest first, for a ``console`` section


@dataclass(frozen=True)
class AccountRow:
    """One operator account as the accounts page lists it."""

    login: str
    display_name: str
    role: str
    enrolled: bool  # a password and second factor are set
    enrolling: bool  # an enrolment link is outstanding
    disabled: bool
    last_sign_in: str  # UTC ISO, or ""
    role_pending: str  # a deciding role waiting for a second supervisor, or ""
    role_pending_by: str


@dataclass(frozen=True)
class StaffRow:
    """A hall's staff account as head office holds it (no password hash)."""

    staff_no: str
    name: str
    role: str
    active: bool
    held: bool  # head office disabled it (a hall cannot enable it again)
    updated_at: str


class AccountOps(AuditOps):
    """The reads of the accounts and staff pages, and the console's limits."""

    def console_limits(self) -> ConsoleLimits:
        """The ``console`` section of the latest published policy that has one (to any hall: the
        console is head office's, not a hall's), or the defaults."""
        with self._lock:
            rows = self._db.execute(
                "SELECT document FROM policy_version ORDER BY set_at DESC, version DESC LIMIT ?",
                (LIMITS_LOOKBACK,),
            ).fetchall()
        for (document,) in rows:
            section = json.loads(document).get("console")
            if section is not None:
                try:
                    return parse_console_limits(section)
                except DomainError:  # checked when published; a newer format's, say
                    continue
        return DEFAULT_CONSOLE_LIMITS

    def console_accounts(self) -> list[AccountRow]:
        """Every operator account, by login, with its last sign-in from the audit log."""
        last = self.last_sign_ins()
        with self._lock:
            rows = self._db.execute(
                "SELECT name, display_name, role, password_hash IS NOT NULL, enrol_hash IS NOT"
                " NULL, revoked_at, role_pending, role_pending_by FROM operator ORDER BY name"
            ).fetchall()
        return [
            AccountRow(
                r[0],
                r[1],
                r[2],
                bool(r[3]),
                bool(r[4]),
                r[5] is not None,
                last.get(r[0], ""),
                r[6] or "",
                r[7] or "",
            )
            for r in rows
        ]

    def hall_staff(self, hall: str) -> list[StaffRow]:
        """A hall's staff accounts by staff number, with head office's holds."""
        with self._lock:
            rows = self._db.execute(
                "SELECT s.staff_no, s.full_state, h.staff_no, s.updated_at FROM hall_staff s"
                " LEFT JOIN staff_hold h ON h.hall = s.hall AND h.staff_no = s.staff_no"
                " WHERE s.hall = ? ORDER BY s.staff_no",
                (hall,),
            ).fetchall()
        result = []
        for row in rows:
            state = json.loads(row[1])
            result.append(
                StaffRow(
                    row[0],
                    str(state.get("name", "")),
                    str(state.get("role", "")),
                    bool(state.get("active", True)),
                    row[2] is not None,
                    row[3],
                )
            )
        return result
