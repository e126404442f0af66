"""Enabling a disabled operator account again from the console (issue 17, console17b).

A supervisor enables a disabled account; when its role decides refunds (director, department head,
leadership) one supervisor proposes it (``operator.enable_pending_by``, schema step 20) and a
second one confirms, as a deciding role given does. Nobody enables their own account. Enabling
clears the account's lockout (its recorded sign-in failures: the audit log keeps them) and keeps its
password, second factor and CLI token; the sessions it had stay ended (disabling deleted them, and
nothing brings a deleted session back). Each step is an entry in head office's audit log.
"""

from __future__ import annotations

from typing import Literal

from hall_desk.domain.hq_refunds import DECIDING_ROLES, HQRole
from hall_desk.hq.store.audit import (
    ACCOUNT_ENABLE_PROPOSED,
    ACCOUNT_ENABLED,
    CLI_CLIENT,
    append_audit,
)
from hall_desk.hq.store.base import _Base
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.desks import OperatorIdentity

Enabled = Literal["applied", "pending"]


class AccountEnableOps(_Base):
    """Re-enabling a disabled operator account (supervisors; deciding roles by two)."""

    def enable_operator(
        self, name: str, by: OperatorIdentity, *, client: str = CLI_CLIENT
    ) -> Enabled:
        """Supervisor ``by`` enables the disabled account ``name``: ``"applied"`` (its lockout
        cleared) or, for an account whose role decides refunds, ``"pending"`` until a second
        supervisor enables it too."""
        if by.role != HQRole.SUPERVISOR.value or by.revoked:
            raise HQStoreError(
                "operator.not_supervisor",
                f"{by.display_name or by.name} ({by.name}, {by.role}) does not enable accounts"
                " (a supervisor does)",
            )
        if by.name == name:
            raise HQStoreError("operator.own_account", "nobody enables their own account")
        with self._transaction() as db:
            row = db.execute(
                "SELECT revoked_at, role, enable_pending_by FROM operator WHERE name = ?", (name,)
            ).fetchone()
            if row is None:
                raise HQStoreError("operator.unknown", f"operator {name!r} does not exist")
            if row[0] is None:
                raise HQStoreError("operator.enabled", f"operator {name} is not disabled")
            deciding = row[1] in {r.value for r in DECIDING_ROLES}
            if deciding and row[2] in (None, by.name):
                if row[2] == by.name:
                    raise HQStoreError(
                        "operator.second_supervisor",
                        f"enabling {name} ({row[1]}) waits for a second supervisor, not"
                        f" {by.name} again",
                    )
                db.execute(
                    "UPDATE operator SET enable_pending_by = ? WHERE name = ?", (by.name, name)
                )
                append_audit(
                    db, self._now(), by.name, ACCOUNT_ENABLE_PROPOSED, subject=name,
                    client=client, detail={"role": row[1]},
                )  # fmt: skip
                return "pending"
            db.execute(
                "UPDATE operator SET revoked_at = NULL, enable_pending_by = NULL WHERE name = ?",
                (name,),
            )
            cleared = db.execute("DELETE FROM console_failure WHERE operator = ?", (name,)).rowcount
            # the sessions of before the disabling stay ended (deleted then; none since)
            db.execute("DELETE FROM console_session WHERE operator = ?", (name,))
            confirmed = {"proposed_by": row[2]} if deciding else {}
            append_audit(
                db, self._now(), by.name, ACCOUNT_ENABLED, subject=name, client=client,
                detail={"role": row[1], "failures_cleared": int(cleared), **confirmed},
            )  # fmt: skip
        return "applied"

    def enable_pending(self) -> dict[str, str]:
        """Disabled accounts whose enabling waits for a second supervisor: login → proposer."""
        with self._lock:
            rows = self._db.execute(
                "SELECT name, enable_pending_by FROM operator"
                " WHERE enable_pending_by IS NOT NULL AND revoked_at IS NOT NULL"
            ).fetchall()
        return {r[0]: r[1] for r in rows}
