"""The console's accounts, sessions and first queue (issue 17).

- **Enrolment.** ``add-operator`` (or ``--reset``) starts an enrolment: a one-time link whose hash
  is kept with an expiry; the holder sets a password (scrypt hash) and proves a TOTP code, and the
  link is spent. The TOTP secret arrives here already sealed (:mod:`hall_desk.hq.secrets_keeper`).
- **A code is accepted once**: :meth:`ConsoleOps.accept_totp_step` moves ``totp_last_step`` up in
  one conditional ``UPDATE``; a second worker offered the same code finds no row to update.
- **Sessions are rows**, only the hash of their id kept; idle and total limits are checked against
  the row at every request; disabling, resetting an account or changing its role deletes its rows.
- **Failures** per account and client address in ``console_failure``; the lockout is counted in the
  database, so every worker sees it, and the holder is told at the next sign-in.
- **待总部审批**: refunds waiting for head office, oldest first, filtered and paged by SQL.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.hq_refunds import DECIDING_ROLES, HQRole
from hall_desk.domain.identity import mask_phone
from hall_desk.hq.store.audit import (
    CLI_ACTOR,
    CLI_CLIENT,
    ENROLMENT_COMPLETED,
    ENROLMENT_ISSUED,
    ROLE_CHANGED,
    ROLE_PROPOSED,
    SIGN_IN,
    SIGN_IN_FAILED,
    append_audit,
)
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.hq.store.decisions import DecisionOps, counted_total
from hall_desk.hq.store.desks import OperatorIdentity
from hall_desk.hq.store.paged import (
    REFUND_NUMBER,
    Filters,
    PagedQuery,
    check_page,
    paged_query,
    read_page,
)
from hall_desk.hq.store.schema import AWAITING_HEAD_OFFICE

ENROL_HOURS = 72


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _iso(moment: datetime) -> str:
    return utc_iso(moment)


@dataclass(frozen=True)
class ConsoleAccount:
    """What sign-in needs of an operator (the TOTP secret still sealed)."""

    operator: OperatorIdentity
    password_hash: str | None
    totp_sealed: str | None
    totp_last_step: int


@dataclass(frozen=True)
class ConsoleSession:
    operator: OperatorIdentity
    csrf: str
    created_at: str


@dataclass(frozen=True)
class AwaitingRefund:
    """One row of 待总部审批 (the customer's phone masked)."""

    id: str
    number: str
    hall: str
    desk: str
    complaint_number: str
    main_class: str
    sub_class: str
    customer: str
    amount: str
    complaint_total: str
    item: str
    checked: str
    reason: str
    proposed_by: str
    since: str
    recommended_by: str
    description: str

    def to_json(self) -> dict[str, str]:
        return dict(self.__dict__)


class ConsoleOps(DecisionOps):
    """Console accounts, sessions, sign-in failures and the 待总部审批 queue."""

    # -- enrolment --------------------------------------------------------------------------

    def start_enrolment(
        self, name: str, *, hours: int = ENROL_HOURS, by: str = CLI_ACTOR, client: str = CLI_CLIENT
    ) -> str:
        """A one-time enrolment token for ``name`` (shown once): the account's password and second
        factor are cleared and its sessions end (a reset; in the audit log as ``by``'s)."""
        token = secrets.token_urlsafe(32)
        expires = _iso(self._clock.now() + timedelta(hours=hours))
        with self._transaction() as db:
            held = db.execute(
                "SELECT password_hash FROM operator WHERE name = ?", (name,)
            ).fetchone()
            if not held:
                raise HQStoreError("operator.unknown", f"operator {name!r} does not exist")
            db.execute(
                "UPDATE operator SET enrol_hash = ?, enrol_expires = ?, password_hash = NULL,"
                " totp_sealed = NULL, totp_last_step = 0 WHERE name = ?",
                (_digest(token), expires, name),
            )
            ended = db.execute("DELETE FROM console_session WHERE operator = ?", (name,)).rowcount
            append_audit(
                db, self._now(), by, ENROLMENT_ISSUED, subject=name, client=client,
                detail={"reset": held[0] is not None, "sessions_ended": int(ended), "hours": hours},
            )  # fmt: skip
        return token

    def enrolment_for(self, token: str) -> OperatorIdentity | None:
        """The unrevoked operator a valid, unexpired enrolment token belongs to."""
        if not token or len(token) > 100:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT name, display_name, revoked_at, role, enrol_expires FROM operator"
                " WHERE enrol_hash = ?",
                (_digest(token),),
            ).fetchone()
        if row is None or row[2] is not None or row[4] is None or row[4] < self._now():
            return None
        return OperatorIdentity(row[0], row[1], role=row[3])

    def finish_enrolment(self, token: str, password_hash: str, totp_sealed: str, step: int) -> str:
        """Spend the token: the password and sealed secret are the account's; the step that proved
        the secret is the last accepted. Answers the login."""
        operator = self.enrolment_for(token)
        if operator is None:
            raise HQStoreError("enrol.invalid", "this enrolment link is spent or expired")
        with self._transaction() as db:
            updated = db.execute(
                "UPDATE operator SET password_hash = ?, totp_sealed = ?, totp_last_step = ?,"
                " enrol_hash = NULL, enrol_expires = NULL WHERE name = ? AND enrol_hash = ?",
                (password_hash, totp_sealed, step, operator.name, _digest(token)),
            ).rowcount
            if updated == 1:
                append_audit(db, self._now(), operator.name, ENROLMENT_COMPLETED,
                             subject=operator.name)  # fmt: skip
        if updated != 1:
            raise HQStoreError("enrol.invalid", "this enrolment link is spent or expired")
        return operator.name

    # -- sign-in ----------------------------------------------------------------------------

    def console_account(self, name: str) -> ConsoleAccount | None:
        with self._lock:
            row = self._db.execute(
                "SELECT name, display_name, revoked_at, role, password_hash, totp_sealed,"
                " totp_last_step FROM operator WHERE name = ?",
                (name,),
            ).fetchone()
        if row is None:
            return None
        identity = OperatorIdentity(row[0], row[1], row[2] is not None, row[3])
        return ConsoleAccount(identity, row[4], row[5], int(row[6]))

    def accept_totp_step(self, name: str, step: int) -> bool:
        """Accept the code of time step ``step`` once: True when it is above the last accepted."""
        with self._transaction() as db:
            updated = db.execute(
                "UPDATE operator SET totp_last_step = ? WHERE name = ? AND totp_last_step < ?",
                (step, name, step),
            ).rowcount
        return bool(updated == 1)

    def record_sign_in_failure(self, name: str, client: str, what: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO console_failure (operator, client, at, what, told)"
                " VALUES (?, ?, ?, ?, 0)",
                (name[:64], client[:64], self._now(), what),
            )
            append_audit(
                db, self._now(), name, SIGN_IN_FAILED, subject=name, client=client,
                detail={"what": what},
            )  # fmt: skip

    def recent_failures(self, name: str, client: str, minutes: int) -> int:
        since = _iso(self._clock.now() - timedelta(minutes=minutes))
        with self._lock:
            row = self._db.execute(
                "SELECT count(*) FROM console_failure WHERE operator = ? AND client = ? AND at > ?",
                (name[:64], client[:64], since),
            ).fetchone()
        return int(row[0])

    def take_untold_failures(self, name: str) -> list[tuple[str, str, str]]:
        """The failed sign-ins of ``name`` not yet shown to its holder (at, client, what), which
        are now marked told."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT at, client, what FROM console_failure WHERE operator = ? AND told = 0"
                " ORDER BY at",
                (name,),
            ).fetchall()
            db.execute("UPDATE console_failure SET told = 1 WHERE operator = ?", (name,))
        return [(r[0], r[1], r[2]) for r in rows]

    # -- sessions ---------------------------------------------------------------------------

    def create_session(self, name: str, client: str) -> tuple[str, str]:
        """A new session of ``name``: (its id for the cookie, its CSRF token)."""
        sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self._now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO console_session (id_hash, operator, csrf, created_at, seen_at, client)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (_digest(sid), name, csrf, now, now, client[:64]),
            )
            append_audit(db, now, name, SIGN_IN, subject=name, client=client)
        return sid, csrf

    def session(self, sid: str, *, idle_minutes: int, total_hours: int) -> ConsoleSession | None:
        """The live session ``sid`` (its last use now), or None: unknown, idle too long, too old,
        or its account revoked — an ended session's row is deleted."""
        if not sid or len(sid) > 100:
            return None
        now = self._clock.now()
        with self._transaction() as db:
            row = db.execute(
                "SELECT s.operator, s.csrf, s.created_at, s.seen_at, o.display_name, o.revoked_at,"
                " o.role FROM console_session s JOIN operator o ON o.name = s.operator"
                " WHERE s.id_hash = ?",
                (_digest(sid),),
            ).fetchone()
            if row is None:
                return None
            idle_cut = _iso(now - timedelta(minutes=idle_minutes))
            total_cut = _iso(now - timedelta(hours=total_hours))
            if row[5] is not None or row[3] < idle_cut or row[2] < total_cut:
                db.execute("DELETE FROM console_session WHERE id_hash = ?", (_digest(sid),))
                return None
            db.execute(
                "UPDATE console_session SET seen_at = ? WHERE id_hash = ?",
                (_iso(now), _digest(sid)),
            )
        return ConsoleSession(OperatorIdentity(row[0], row[4], False, row[6]), row[1], row[2])

    def end_session(self, sid: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM console_session WHERE id_hash = ?", (_digest(sid),))

    def end_sessions(self, name: str) -> int:
        with self._transaction() as db:
            return int(
                db.execute("DELETE FROM console_session WHERE operator = ?", (name,)).rowcount
            )

    def set_operator_role(
        self, name: str, role: str, by: OperatorIdentity, *, client: str = CLI_CLIENT
    ) -> str:
        """Supervisor ``by`` gives ``name`` the role ``role``: ``"applied"`` (its sessions end at
        once) or, for a deciding role given by one supervisor, ``"pending"`` until a second
        supervisor gives the same role. Nobody changes their own role."""
        if role not in {r.value for r in HQRole}:
            raise HQStoreError("operator.role", f"operator role {role!r} is not known")
        if by.role != HQRole.SUPERVISOR.value or by.revoked:
            raise HQStoreError(
                "operator.not_supervisor",
                f"{by.display_name or by.name} ({by.name}, {by.role}) does not change roles"
                " (a supervisor does)",
            )
        if by.name == name:
            raise HQStoreError("operator.own_role", "nobody changes their own role")
        deciding = role in {r.value for r in DECIDING_ROLES}  # a second supervisor confirms
        with self._transaction() as db:
            row = db.execute(
                "SELECT role, role_pending, role_pending_by FROM operator WHERE name = ?", (name,)
            ).fetchone()
            if row is None:
                raise HQStoreError("operator.unknown", f"operator {name!r} does not exist")
            if deciding and not (row[1] == role and row[2] not in (None, by.name)):
                if row[1] == role and row[2] == by.name:
                    raise HQStoreError(
                        "operator.second_supervisor",
                        f"{name} becoming {role} waits for a second supervisor, not {by.name}"
                        " again",
                    )
                db.execute(
                    "UPDATE operator SET role_pending = ?, role_pending_by = ? WHERE name = ?",
                    (role, by.name, name),
                )
                append_audit(
                    db, self._now(), by.name, ROLE_PROPOSED, subject=name, client=client,
                    detail={"role": role, "from": row[0]},
                )  # fmt: skip
                return "pending"
            db.execute(
                "UPDATE operator SET role = ?, role_pending = NULL, role_pending_by = NULL"
                " WHERE name = ?",
                (role, name),
            )
            ended = db.execute("DELETE FROM console_session WHERE operator = ?", (name,)).rowcount
            confirmed = {"proposed_by": row[2]} if deciding else {}
            append_audit(
                db, self._now(), by.name, ROLE_CHANGED, subject=name, client=client,
                detail={"role": role, "from": row[0], "sessions_ended": int(ended), **confirmed},
            )  # fmt: skip
        return "applied"

    # -- 待总部审批 ---------------------------------------------------------------------------

    @staticmethod
    def _awaiting_query(
        *, hall: str | None = None, desk: str | None = None, number: str | None = None
    ) -> PagedQuery:
        """待总部审批's count and page statements (the page's ending ``LIMIT ? OFFSET ?``) and
        their filter parameters: the state index (refund_state_updated) orders and pages it."""
        filters = (
            Filters.fixed()
            .where(f"r.state = '{AWAITING_HEAD_OFFICE}'")  # a constant: the partial indexes
            .equal("r.hall", hall)
            .equal("r.desk", desk)
            .where_if(number, REFUND_NUMBER, number, number)
        )
        return paged_query(
            "r.id, r.number, r.hall, r.desk, c.number, c.main_class, c.sub_class, c.phone,"
            " r.amount, r.full_state, r.updated_at, m.operator, c.full_state",
            "FROM refund r LEFT JOIN complaint c ON c.id = r.complaint_id",
            filters,
            "r.updated_at, r.id",
            page_joins="LEFT JOIN refund_recommendation m ON m.refund_id = r.id",
        )

    def awaiting_refunds(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        hall: str | None = None,
        desk: str | None = None,
        number: str | None = None,
    ) -> tuple[list[AwaitingRefund], int]:
        """A page of refunds waiting for head office, oldest first, and how many there are in
        all; ``number`` is a refund's or its complaint's number. Filtered and paged in SQL."""
        check_page(page, per_page)
        query = self._awaiting_query(hall=hall, desk=desk, number=number)
        with self._lock:
            rows, total = read_page(self._db, query, page, per_page)
            totals = self._complaint_totals([str(row[0]) for row in rows])
            result = []
            for row in rows:
                counted = totals[row[0]]
                state: dict[str, Any] = json.loads(row[9])
                complaint: dict[str, Any] = json.loads(row[12]) if row[12] else {}
                result.append(
                    AwaitingRefund(
                        id=row[0], number=row[1], hall=row[2], desk=row[3],
                        complaint_number=row[4] or "", main_class=row[5] or "",
                        sub_class=row[6] or "", customer=mask_phone(row[7] or ""),
                        amount=row[8], complaint_total=f"{counted:.2f}",
                        item=str(state.get("item", "")), checked=str(state.get("checked", "")),
                        reason=str(state.get("reason", "")),
                        proposed_by=str(state.get("proposed_by_name", "")),
                        since=row[10], recommended_by=row[11] or "",
                        description=str(complaint.get("description", "")),
                    )
                )  # fmt: skip
        return result, total

    def _complaint_totals(self, refund_ids: list[str]) -> dict[str, Decimal]:
        """:meth:`DecisionOps._complaint_total` of each refund of a page, in one query (not one
        a row: at scale the round trips were most of the page's time)."""
        if not refund_ids:
            return {}
        marks = ", ".join("?" for _ in refund_ids)
        rows = self._db.execute(
            "SELECT r.complaint_id, r.id, r.amount, r.state, x.state FROM refund r"
            " LEFT JOIN refund_execution x ON x.refund_id = r.id WHERE r.complaint_id IN"
            f" (SELECT p.complaint_id FROM refund p WHERE p.id IN ({marks}))",
            refund_ids,
        ).fetchall()
        by_complaint: dict[str, list[tuple[str, str, str, str | None]]] = {}
        complaint_of: dict[str, str] = {}
        for complaint_id, rid, amount, state, execution in rows:
            by_complaint.setdefault(complaint_id, []).append((rid, amount, state, execution))
            complaint_of[rid] = complaint_id
        return {
            refund_id: counted_total(
                by_complaint.get(complaint_of.get(refund_id, ""), []), refund_id
            )
            for refund_id in refund_ids
        }


def since_now(at: str, now: datetime) -> str:
    """How long ago ``at`` (UTC ISO) was, in Chinese (for a queue's age column)."""
    try:
        then = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return ""
    minutes = max(0, int((now.astimezone(UTC) - then).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} 分钟"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时"
    return f"{minutes // 1440} 天"
