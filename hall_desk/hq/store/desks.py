"""Halls, desks and their tokens (only a token's hash is kept), and head office's operators."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

from hall_desk.domain.hq_refunds import HQRole
from hall_desk.hq.store.audit import (
    ACCOUNT_ADDED,
    ACCOUNT_DISABLED,
    ACCOUNT_REISSUED,
    CLI_ACTOR,
    CLI_CLIENT,
    append_audit,
)
from hall_desk.hq.store.base import _Base
from hall_desk.hq.store.connections import HQStoreError
from hall_desk.sync.protocol import (
    OPERATOR_PREFIX,
    OPERATOR_TOKEN_PREFIX,
    TOKEN_PREFIX,
    head_office_desk,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


HALL_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


DESK_CODE = re.compile(r"^([A-Z][A-Z0-9]{1,9})-([0-9]{2,3})$")  # as envelope_problem checks it


OPERATOR_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")


HEAD_OFFICE_TOKEN_MARK = "head-office:"  # token_hash of H-00 rows: no token hashes to it


def token_hash(token: str) -> str:
    # A token is 256 bits from `secrets`: nobody can guess it, so a fast hash is enough (a slow
    # password hash defends weak, guessable secrets, which this is not). Head office keeps only this.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_operator_token() -> str:
    return OPERATOR_TOKEN_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class DeskIdentity:
    code: str
    hall: str
    revoked: bool


@dataclass(frozen=True)
class OperatorIdentity:
    name: str  # the login: ASCII, the actor op:<name> of the operator's decisions
    display_name: str = ""  # how people know the operator (王五); the login when none was given
    revoked: bool = False
    role: str = HQRole.OPERATOR.value  # issue 16: what the account may do (HQRole)

    @property
    def actor(self) -> str:
        return OPERATOR_PREFIX + self.name


@dataclass(frozen=True)
class OperatorRow:
    """One operator as listed (``hall-desk-hq status``)."""

    login: str
    display_name: str
    created_at: str
    revoked: bool
    role: str = HQRole.OPERATOR.value


def _display_name(text: str) -> str:
    """An operator's display name: any script, not blank, at most 40 characters, no control
    characters (U+0000 included)."""
    shown = text.strip()
    if not shown or len(shown) > 40 or any(ord(c) < 32 or ord(c) == 127 for c in shown):
        raise HQStoreError(
            "operator.display_name", "an operator's name is 1–40 characters, no control characters"
        )
    return shown


class DeskOps(_Base):
    """Halls, desks and operators."""

    def add_hall(self, code: str, name: str) -> None:
        if not HALL_CODE.match(code):
            raise HQStoreError("hall.code", f"hall code {code!r} is not like HA01")
        if not name.strip() or "\x00" in name:
            raise HQStoreError("hall.name", "a hall needs a name")
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM hall WHERE code = ?", (code,)).fetchone():
                raise HQStoreError("hall.exists", f"hall {code} already exists")
            now = self._now()
            db.execute(
                "INSERT INTO hall (code, name, created_at) VALUES (?, ?, ?)",
                (code, name.strip(), now),
            )
            # Head office's own chain for this hall: a desk row no token can ever match.
            db.execute(
                "INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)"
                " VALUES (?, ?, ?, NULL, ?)",
                (head_office_desk(code), code, HEAD_OFFICE_TOKEN_MARK + code, now),
            )
            db.execute("INSERT INTO chain (desk) VALUES (?)", (head_office_desk(code),))

    @staticmethod
    def _desk_hall(code: str) -> str:
        """The hall of a desk code a desk may have (``desk.code`` / ``desk.reserved``)."""
        match = DESK_CODE.match(code)
        if not match:
            raise HQStoreError("desk.code", f"desk code {code!r} is not like HA01-02")
        if int(match.group(2)) == 0:
            raise HQStoreError(
                "desk.reserved", f"desk number 00 is head office's own chain ({code}); use 01…"
            )
        return match.group(1)

    def add_desk(self, code: str, *, new_token_for_existing: bool = False) -> str:
        """Register a desk and return its new token (shown once; only its hash is kept).

        With ``new_token_for_existing`` an existing desk gets a fresh token (and is un-revoked),
        but no recovery code: the command line's ``--new-token`` is :meth:`reissue_desk`."""
        hall = self._desk_hall(code)
        token = new_token()
        with self._transaction() as db:
            if not db.execute("SELECT 1 FROM hall WHERE code = ?", (hall,)).fetchone():
                raise HQStoreError("hall.missing", f"hall {hall} does not exist (add-hall first)")
            exists = db.execute("SELECT 1 FROM desk WHERE code = ?", (code,)).fetchone()
            if exists and not new_token_for_existing:
                raise HQStoreError(
                    "desk.exists", f"desk {code} already exists (--new-token replaces its token)"
                )
            if exists:
                db.execute(
                    "UPDATE desk SET token_hash = ?, revoked_at = NULL, token_issued_at = ?"
                    " WHERE code = ?",
                    (token_hash(token), self._now(), code),
                )
            else:
                db.execute(
                    "INSERT INTO desk (code, hall, token_hash, revoked_at, created_at,"
                    " token_issued_at) VALUES (?, ?, ?, NULL, ?, ?)",
                    (code, hall, token_hash(token), self._now(), self._now()),
                )
                db.execute("INSERT INTO chain (desk) VALUES (?)", (code,))
        log.info("desk %s registered (new token issued)", code)
        return token

    def revoke_desk(self, code: str) -> None:
        with self._transaction() as db:
            row = db.execute("SELECT revoked_at FROM desk WHERE code = ?", (code,)).fetchone()
            if row is None or code.endswith("-00"):
                raise HQStoreError("desk.unknown", f"desk {code} does not exist")
            if row[0] is None:
                db.execute("UPDATE desk SET revoked_at = ? WHERE code = ?", (self._now(), code))
        log.info("desk %s revoked", code)

    def desk_for_token(self, token: str) -> DeskIdentity | None:
        """The desk this token belongs to (revoked or not), or None for an unknown token (an
        operator's token included)."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200 or not token.isascii():
            return None
        wanted = token_hash(token)
        with self._lock:
            row = self._db.execute(
                "SELECT code, hall, token_hash, revoked_at FROM desk WHERE token_hash = ?",
                (wanted,),
            ).fetchone()
        if row is None or not hmac.compare_digest(row[2], wanted):
            return None
        return DeskIdentity(row[0], row[1], row[3] is not None)

    def add_operator(
        self,
        name: str,
        *,
        display_name: str | None = None,
        new_token_for_existing: bool = False,
        role: str | None = None,
        by: str = CLI_ACTOR,
        client: str = CLI_CLIENT,
    ) -> str:
        """Register a head-office operator by login (ASCII, like li.wei) with a display name of
        any script (王五; the login when None), and return the token (shown once; only its hash
        kept). With ``new_token_for_existing`` an existing operator gets a fresh token (and is no
        longer revoked); a display name or a role given then replaces the old one. ``role`` is
        one of :class:`~hall_desk.domain.hq_refunds.HQRole` (a new operator: ``operator``).
        ``by`` (a login, or ``cli``) and ``client`` go into head office's audit log."""
        if not OPERATOR_NAME.match(name):
            raise HQStoreError(
                "operator.name",
                f"operator login {name!r} is not like li.wei (ASCII letters first, ≤ 40);"
                " a name in Chinese goes in --name",
            )
        shown = _display_name(display_name) if display_name is not None else None
        if role is not None and role not in {r.value for r in HQRole}:
            raise HQStoreError(
                "operator.role",
                f"operator role {role!r} is not one of {', '.join(r.value for r in HQRole)}",
            )
        token = new_operator_token()
        with self._transaction() as db:
            exists = db.execute("SELECT 1 FROM operator WHERE name = ?", (name,)).fetchone()
            if exists and not new_token_for_existing:
                raise HQStoreError(
                    "operator.exists",
                    f"operator {name} already exists (--new-token replaces the token)",
                )
            if exists:
                db.execute(
                    "UPDATE operator SET token_hash = ?, revoked_at = NULL,"
                    " display_name = coalesce(?, display_name), role = coalesce(?, role)"
                    " WHERE name = ?",
                    (token_hash(token), shown, role, name),
                )
                # issue 17: a reset (and a role changed with it) ends the console sessions
                db.execute("DELETE FROM console_session WHERE operator = ?", (name,))
                append_audit(
                    db, self._now(), by, ACCOUNT_REISSUED, subject=name, client=client,
                    detail={"role": role or "", "display_name": shown or ""},
                )  # fmt: skip
            else:
                db.execute(
                    "INSERT INTO operator (name, token_hash, created_at, display_name, role)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        name,
                        token_hash(token),
                        self._now(),
                        shown or name,
                        role or HQRole.OPERATOR.value,
                    ),
                )
                append_audit(
                    db, self._now(), by, ACCOUNT_ADDED, subject=name, client=client,
                    detail={"role": role or HQRole.OPERATOR.value, "display_name": shown or name},
                )  # fmt: skip
        log.info("operator %s registered (new token issued)", name)
        return token

    def revoke_operator(self, name: str, *, by: str = CLI_ACTOR, client: str = CLI_CLIENT) -> None:
        """Revoke an operator: its token stops working at once (``add-operator --new-token``
        gives it a new one); its console sessions end. Recorded in the audit log as ``by``'s."""
        with self._transaction() as db:
            row = db.execute("SELECT revoked_at FROM operator WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise HQStoreError("operator.unknown", f"operator {name!r} does not exist")
            if row[0] is None:
                db.execute(
                    "UPDATE operator SET revoked_at = ?, enable_pending_by = NULL WHERE name = ?",
                    (self._now(), name),
                )
                append_audit(db, self._now(), by, ACCOUNT_DISABLED, subject=name, client=client)
            # issue 17: a disabled account's console sessions end at once
            db.execute("DELETE FROM console_session WHERE operator = ?", (name,))
        log.info("operator %s revoked", name)

    def operator_for_token(self, token: str) -> OperatorIdentity | None:
        """The operator this token belongs to (revoked or not), or None (a desk's token
        included)."""
        if not token.startswith(OPERATOR_TOKEN_PREFIX) or len(token) > 200 or not token.isascii():
            return None
        wanted = token_hash(token)
        with self._lock:
            row = self._db.execute(
                "SELECT name, token_hash, display_name, revoked_at, role FROM operator"
                " WHERE token_hash = ?",
                (wanted,),
            ).fetchone()
        if row is None or not hmac.compare_digest(row[1], wanted):
            return None
        return OperatorIdentity(row[0], row[2], row[3] is not None, row[4])

    def operator(self, name: str) -> OperatorIdentity:
        """A registered, unrevoked operator by login (the CLI acts for one), or
        ``operator.unknown`` / ``operator.revoked``."""
        with self._lock:
            row = self._db.execute(
                "SELECT name, display_name, revoked_at, role FROM operator WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            raise HQStoreError(
                "operator.unknown", f"operator {name!r} does not exist (add-operator first)"
            )
        if row[2] is not None:
            raise HQStoreError("operator.revoked", f"operator {name} was revoked")
        return OperatorIdentity(row[0], row[1], role=row[3])

    def operators(self) -> list[OperatorRow]:
        """Every operator, by login."""
        with self._lock:
            rows = self._db.execute(
                "SELECT name, display_name, created_at, revoked_at, role FROM operator"
                " ORDER BY name"
            ).fetchall()
        return [OperatorRow(r[0], r[1], r[2], r[3] is not None, r[4]) for r in rows]
