"""Head office's own audit log (issue 17): what head office does that belongs to no hall's chain —
sign-ins and their failures, enrolments, accounts added, disabled and reset, roles proposed and
changed, exports — in ``hq_audit`` (schema step 12), append-only and hash-chained.

- **Append** (:func:`append_audit`) inside the transaction of the action it records, so an action
  and its entry commit together. Entries are numbered 1, 2, … without gaps; each ``hash`` is
  SHA-256 over the previous entry's hash and this entry's fields (:func:`entry_hash`), the first
  entry's previous hash being :data:`GENESIS`. Writers take turns: SQLite's ``BEGIN IMMEDIATE``
  already makes one writer at a time; PostgreSQL takes a transaction-level advisory lock.
- **Append-only**: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).
- **Checked** by :meth:`AuditOps.verify_audit` (``hall-desk-hq verify-audit``): the chain
  recomputed from the first entry; a changed, removed or inserted entry breaks it at that entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hall_desk.hq.store.base import _Base
from hall_desk.hq.store.connections import POSTGRES, HQStoreError, _Db
from hall_desk.sync.protocol import head_office_desk

GENESIS = "0" * 64
AUDIT_LOCK = 0x48444155  # "HDAU": PostgreSQL's advisory lock serialising the log's writers
CLI_ACTOR = "cli"  # an administrative command run at the server, with no operator signed in
CLI_CLIENT = "cli"
VERIFY_BATCH = 1000
MAX_AUDIT_PAGE = 10_000
MAX_AUDIT_PER_PAGE = 100

# What an entry records (``kind``).
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in.failed"
ENROLMENT_ISSUED = "enrolment.issued"  # a one-time link issued: a new account's, or a reset
ENROLMENT_COMPLETED = "enrolment.completed"
ACCOUNT_ADDED = "account.added"
ACCOUNT_REISSUED = "account.reissued"  # add-operator --new-token: a new CLI token
ACCOUNT_DISABLED = "account.disabled"
ROLE_PROPOSED = "role.proposed"  # a deciding role waiting for a second supervisor
ROLE_CHANGED = "role.changed"
EXPORTED = "export"
# issue 17 (hdr17): a search by a full phone number that found no complaint (no hall's chain)
IDENTITY_VIEWED_AUDIT = "identity.viewed"
# issue 17 (console17b): a disabled account enabled again; a deciding one first proposed
ACCOUNT_ENABLE_PROPOSED = "account.enable_proposed"
ACCOUNT_ENABLED = "account.enabled"
AUDIT_KINDS = (
    SIGN_IN, SIGN_IN_FAILED, ENROLMENT_ISSUED, ENROLMENT_COMPLETED, ACCOUNT_ADDED,
    ACCOUNT_REISSUED, ACCOUNT_DISABLED, ROLE_PROPOSED, ROLE_CHANGED, EXPORTED,
    IDENTITY_VIEWED_AUDIT, ACCOUNT_ENABLE_PROPOSED, ACCOUNT_ENABLED,
)  # fmt: skip


def entry_hash(prev_hash: str, seq: int, at: str, operator: str, kind: str, subject: str,
               client: str, detail: str) -> str:  # fmt: skip
    """The entry's hash: SHA-256 over the previous hash and the entry's fields as a JSON array
    (unambiguous whatever the fields hold)."""
    body = json.dumps(
        [prev_hash, seq, at, operator, kind, subject, client, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append_audit(
    db: _Db,
    at: str,
    operator: str,
    kind: str,
    *,
    subject: str = "",
    client: str = "",
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Append one entry inside the caller's write transaction on ``db``; its number."""
    if kind not in AUDIT_KINDS:
        raise HQStoreError("audit.kind", f"audit entry kind {kind!r} is not known")
    if db.dialect == POSTGRES:
        db.execute("SELECT pg_advisory_xact_lock(?)", (AUDIT_LOCK,))
    row = db.execute("SELECT seq, hash FROM hq_audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (int(row[0]) + 1, str(row[1])) if row else (1, GENESIS)
    text = json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True)
    fields = (at, operator[:64], kind, subject[:64], client[:64], text)
    db.execute(
        "INSERT INTO hq_audit (seq, at, operator, kind, subject, client, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, *fields, prev, entry_hash(prev, seq, *fields)),
    )
    return seq


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    operator: str
    kind: str
    subject: str
    client: str
    detail: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class AuditCheck:
    """The chain recomputed: how many entries, and the first one that breaks it (None: intact)."""

    entries: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


@dataclass(frozen=True)
class HeadOfficeAction:
    """An operator's event on a hall's head-office chain (``H-00``), for the audit page."""

    hall: str
    seq: int
    type: str
    actor: str
    at: str


class AuditOps(_Base):
    """Head office's audit log: append, read by page, verify."""

    def audit(
        self,
        operator: str,
        kind: str,
        *,
        subject: str = "",
        client: str = CLI_CLIENT,
        detail: Mapping[str, Any] | None = None,
    ) -> int:
        """Append one entry in a transaction of its own (an export, say); its number."""
        with self._transaction() as db:
            return append_audit(
                db, self._now(), operator, kind, subject=subject, client=client, detail=detail
            )

    def audit_page(
        self,
        *,
        page: int = 1,
        per_page: int = 50,
        operator: str | None = None,
        kind: str | None = None,
    ) -> tuple[list[AuditEntry], int]:
        """A page of the log, newest first, filtered by operator and/or kind (in SQL), and how
        many entries match."""
        if not 1 <= page <= MAX_AUDIT_PAGE or not 1 <= per_page <= MAX_AUDIT_PER_PAGE:
            raise HQStoreError("request.invalid", "page or per_page out of range")
        where, params = [], []
        if operator:
            where.append("operator = ?")
            params.append(operator)
        if kind:
            where.append("kind = ?")
            params.append(kind)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._lock:
            total = int(
                self._db.execute(f"SELECT count(*) FROM hq_audit{clause}", params).fetchone()[0]
            )
            rows = self._db.execute(
                "SELECT seq, at, operator, kind, subject, client, detail, hash FROM hq_audit"
                f"{clause} ORDER BY seq DESC LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page],
            ).fetchall()
        entries = [
            AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7])
            for r in rows
        ]
        return entries, total

    def verify_audit(self) -> AuditCheck:
        """Recompute the chain from the first entry (in batches): numbers without gaps, each
        entry's previous hash the one before's hash, each hash its fields'."""
        prev, expected, count = GENESIS, 1, 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT seq, at, operator, kind, subject, client, detail, prev_hash, hash"
                    " FROM hq_audit WHERE seq >= ? ORDER BY seq LIMIT ?",
                    (expected, VERIFY_BATCH),
                ).fetchall()
            if not rows:
                return AuditCheck(count)
            for row in rows:
                seq = int(row[0])
                if seq != expected:
                    return AuditCheck(count, expected, f"entry {expected} is missing")
                if row[7] != prev:
                    return AuditCheck(
                        count, seq, f"entry {seq} does not follow entry {seq - 1}'s hash"
                    )
                if entry_hash(prev, seq, *row[1:7]) != row[8]:
                    return AuditCheck(count, seq, f"entry {seq} was changed after it was written")
                prev, expected, count = row[8], seq + 1, count + 1

    def last_sign_ins(self) -> dict[str, str]:
        """Each operator's last console sign-in (UTC ISO), from the log."""
        with self._lock:
            rows = self._db.execute(
                "SELECT operator, max(at) FROM hq_audit WHERE kind = ? GROUP BY operator",
                (SIGN_IN,),
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def head_office_actions(self, hall: str, *, limit: int = 50) -> list[HeadOfficeAction]:
        """The latest operators' events on hall ``hall``'s head-office chain, newest first (the
        chain's (desk, seq) index, never a scan of the event table)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT hall, seq, type, actor, at FROM event WHERE desk = ?"
                " ORDER BY seq DESC LIMIT ?",
                (head_office_desk(hall), limit),
            ).fetchall()
        return [HeadOfficeAction(r[0], int(r[1]), r[2], r[3], r[4]) for r in rows]
