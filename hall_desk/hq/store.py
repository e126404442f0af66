"""Head office's store: halls, desks and their token hashes, every event exactly once, quarantine,
conflicts, each desk's chain state, and the applied business tables. **All of head office's SQL is in
this module.**

- Opened from a database URL. ``sqlite:///relative/path`` or ``sqlite:////absolute/path`` now;
  PostgreSQL arrives in part 2. The SQL here keeps to what both speak (``INSERT … ON CONFLICT … DO
  UPDATE … WHERE``, no SQLite-only functions in the business logic); what differs — connecting,
  pragmas, ``BEGIN IMMEDIATE`` vs row locks, the ``?`` placeholder, ``PRAGMA user_version`` as the
  schema version — is confined to :class:`HQStore`'s open/transaction helpers.
- Plain ``sqlite3`` (not the desk's peewee ``database`` global: head office is its own process and its
  own file). WAL, ``synchronous=FULL``, a busy timeout, foreign keys. One connection, one lock: one
  writer at a time, which SQLite wants anyway.
- An upload batch is **one transaction**: a kill at any moment leaves either the whole batch or none
  of it, and a retry answers ``duplicate`` for whatever was committed.
- The chain is checked **incrementally**: per desk the highest contiguous ``seq`` and its hash; each
  batch only walks the events just above it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hall_desk.domain.clock import SystemClock, utc_iso
from hall_desk.domain.envelope import FIELDS, envelope_problem
from hall_desk.hq.apply import COMPLAINT, PAYLOAD_REJECTED, Application, CannotApply, plan
from hall_desk.sqlite_header import read_header
from hall_desk.sync.protocol import (
    CONFLICT,
    NOT_YOUR_DESK,
    TOKEN_PREFIX,
    ChainReportWire,
    ChainState,
    EventResult,
    Outcome,
    UploadReply,
)

log = logging.getLogger(__name__)

APPLICATION_ID = 0x48445131  # "HDQ1": marks the file as a head-office store (the desk's is "HDK1")
HALL_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
DESK_CODE = re.compile(r"^([A-Z][A-Z0-9]{1,9})-[0-9]{2,3}$")  # as envelope_problem checks it

V1 = """
CREATE TABLE hall (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE desk (
    code TEXT PRIMARY KEY,
    hall TEXT NOT NULL REFERENCES hall(code),
    token_hash TEXT NOT NULL UNIQUE,
    revoked_at TEXT,
    created_at TEXT NOT NULL
);
-- Every well-formed envelope exactly as received (payload as canonical JSON, so the hash still holds).
CREATE TABLE event (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    desk TEXT NOT NULL REFERENCES desk(code),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (desk, seq)
);
CREATE INDEX event_type ON event (type);
-- Stored but not applied, with the reason (never dropped).
CREATE TABLE quarantine (
    event_id TEXT PRIMARY KEY REFERENCES event(id),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL
);
-- Per desk: the highest contiguous seq from 1 and its hash; the first broken link, if any.
CREATE TABLE chain (
    desk TEXT PRIMARY KEY REFERENCES desk(code),
    contiguous_seq INTEGER NOT NULL DEFAULT 0,
    contiguous_hash TEXT NOT NULL DEFAULT '',
    break_seq INTEGER,
    break_detail TEXT NOT NULL DEFAULT ''
);
-- Refused conflicts (same id with other content, or a seq already taken): the envelope, for people.
CREATE TABLE conflict (
    desk TEXT NOT NULL,
    event_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    seq INTEGER NOT NULL,
    detail TEXT NOT NULL,
    envelope TEXT NOT NULL,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (desk, event_id, hash)
);
-- Applied: complaints, upserted from their events' full state.
CREATE TABLE complaint (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    hall TEXT NOT NULL,
    desk TEXT NOT NULL,
    phone TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    tier TEXT NOT NULL,
    channel TEXT NOT NULL,
    main_class TEXT NOT NULL,
    sub_class TEXT NOT NULL,
    state TEXT NOT NULL,
    first_responder_no TEXT NOT NULL,
    first_responder_name TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    reply_due TEXT NOT NULL,
    regulator_due TEXT NOT NULL,
    important INTEGER NOT NULL,
    media INTEGER NOT NULL,
    escalated INTEGER NOT NULL,
    repeat INTEGER NOT NULL,
    amount TEXT,
    full_state TEXT NOT NULL,
    source_event TEXT NOT NULL REFERENCES event(id),
    source_desk TEXT NOT NULL,
    source_seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaint_hall_accepted ON complaint (hall, accepted_at);
-- 首问责任制: the first responder is set once, at head office too.
CREATE TRIGGER complaint_first_responder_fixed
BEFORE UPDATE OF first_responder_no ON complaint
WHEN NEW.first_responder_no IS NOT OLD.first_responder_no
BEGIN
    SELECT RAISE(ABORT, 'first responder of a complaint cannot change');
END;
-- Applied: every other known entity family (hall, staff, document …) as its latest full state.
CREATE TABLE entity_state (
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    full_state TEXT NOT NULL,
    source_event TEXT NOT NULL REFERENCES event(id),
    source_desk TEXT NOT NULL,
    source_seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, entity_id)
);
"""


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _statements(V1):
        conn.execute(statement)


# One function per version; a version's schema never changes once shipped.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_to_v1]
LATEST_VERSION = len(MIGRATIONS)


def _statements(script: str) -> Iterator[str]:
    """Split a schema script into statements (``executescript`` would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


class HQStoreError(Exception):
    """The store cannot be opened or the command cannot be done. ``code`` names why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///…`` URL (three slashes: relative; four: absolute)."""
    if url.startswith(("postgres://", "postgresql://")):
        raise HQStoreError(
            "db.unsupported", "PostgreSQL is not supported yet (part 2); use sqlite:///"
        )
    if not url.startswith("sqlite:///") or len(url) == len("sqlite:///"):
        raise HQStoreError(
            "db.url", f"not a database URL head office understands: {url!r} (sqlite:///path)"
        )
    return Path(url[len("sqlite:///") :])


def _json_text(value: Any) -> str:
    """Canonical JSON (as :func:`hall_desk.domain.envelope.canonical_json`) of data that came off
    the wire and passed ``envelope_problem``: only JSON types, no floats, so the same bytes without
    ``plain_json``'s walk (which costs a third of a batch's time)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def token_hash(token: str) -> str:
    # A token is 256 bits from `secrets`: nobody can guess it, so a fast hash is enough (a slow
    # password hash defends weak, guessable secrets, which this is not). Head office keeps only this.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class DeskIdentity:
    code: str
    hall: str
    revoked: bool


@dataclass(frozen=True)
class ChainSummary:
    highest_seq: int  # highest seq such that 1..n are all held
    chain: ChainReportWire

    def describe(self) -> str:
        if self.chain.state is ChainState.INTACT:
            return "intact"
        return f"{self.chain.state.value} at {self.chain.seq}"


@dataclass(frozen=True)
class DeskStatus:
    desk: str
    hall: str
    revoked: bool
    stored: int
    highest_seq: int
    chain: ChainReportWire
    quarantined: int
    conflicts: int

    def describe_chain(self) -> str:
        return ChainSummary(self.highest_seq, self.chain).describe()


class HQStore:
    """Head office's database. Thread-safe: every call takes the store's lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Any = None) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self._clock = clock or SystemClock()

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, clock: Any = None, create: bool = True) -> HQStore:
        path = sqlite_path(url)
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            app_id, version = _inspect(path)
            if app_id not in (0, APPLICATION_ID) or (version > 0 and app_id != APPLICATION_ID):
                raise HQStoreError("db.foreign", f"{path} is not a head-office database")
            if version > LATEST_VERSION:
                raise HQStoreError(
                    "db.newer_schema",
                    f"{path} is from a newer hall-desk-hq (schema {version} > {LATEST_VERSION})",
                )
        elif not create:
            raise HQStoreError("db.missing", f"{path} does not exist")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise HQStoreError(
                    "db.unwritable", f"cannot create {path.parent}: {error}"
                ) from None
        try:
            conn = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except sqlite3.Error as error:
            raise HQStoreError("db.unopenable", f"cannot open {path}: {error}") from None
        try:
            conn.execute("PRAGMA journal_mode = wal")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn)
        except sqlite3.Error as error:
            conn.close()
            raise HQStoreError("db.damaged", f"{path}: {error}") from None
        return cls(conn, path, clock)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _now(self) -> str:
        now: datetime = self._clock.now()
        return utc_iso(now)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # --- halls and desks ---------------------------------------------------------------------

    def add_hall(self, code: str, name: str) -> None:
        if not HALL_CODE.match(code):
            raise HQStoreError("hall.code", f"hall code {code!r} is not like HA01")
        if not name.strip():
            raise HQStoreError("hall.name", "a hall needs a name")
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM hall WHERE code = ?", (code,)).fetchone():
                raise HQStoreError("hall.exists", f"hall {code} already exists")
            conn.execute(
                "INSERT INTO hall (code, name, created_at) VALUES (?, ?, ?)",
                (code, name.strip(), self._now()),
            )

    def add_desk(self, code: str, *, new_token_for_existing: bool = False) -> str:
        """Register a desk and return its new token (shown once; only its hash is kept).

        With ``new_token_for_existing`` an existing desk gets a fresh token (and is un-revoked)."""
        match = DESK_CODE.match(code)
        if not match:
            raise HQStoreError("desk.code", f"desk code {code!r} is not like HA01-02")
        hall = match.group(1)
        token = new_token()
        with self._transaction() as conn:
            if not conn.execute("SELECT 1 FROM hall WHERE code = ?", (hall,)).fetchone():
                raise HQStoreError("hall.missing", f"hall {hall} does not exist (add-hall first)")
            exists = conn.execute("SELECT 1 FROM desk WHERE code = ?", (code,)).fetchone()
            if exists and not new_token_for_existing:
                raise HQStoreError(
                    "desk.exists", f"desk {code} already exists (--new-token replaces its token)"
                )
            if exists:
                conn.execute(
                    "UPDATE desk SET token_hash = ?, revoked_at = NULL WHERE code = ?",
                    (token_hash(token), code),
                )
            else:
                conn.execute(
                    "INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)"
                    " VALUES (?, ?, ?, NULL, ?)",
                    (code, hall, token_hash(token), self._now()),
                )
                conn.execute("INSERT INTO chain (desk) VALUES (?)", (code,))
        log.info("desk %s registered (new token issued)", code)
        return token

    def revoke_desk(self, code: str) -> None:
        with self._transaction() as conn:
            row = conn.execute("SELECT revoked_at FROM desk WHERE code = ?", (code,)).fetchone()
            if row is None:
                raise HQStoreError("desk.unknown", f"desk {code} does not exist")
            if row[0] is None:
                conn.execute("UPDATE desk SET revoked_at = ? WHERE code = ?", (self._now(), code))
        log.info("desk %s revoked", code)

    def desk_for_token(self, token: str) -> DeskIdentity | None:
        """The desk this token belongs to (revoked or not), or None for an unknown token."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200 or not token.isascii():
            return None
        wanted = token_hash(token)
        with self._lock:
            row = self._conn.execute(
                "SELECT code, hall, token_hash, revoked_at FROM desk WHERE token_hash = ?",
                (wanted,),
            ).fetchone()
        if row is None or not hmac.compare_digest(row[2], wanted):
            return None
        return DeskIdentity(row[0], row[1], row[3] is not None)

    # --- upload ------------------------------------------------------------------------------

    def upload(self, desk: DeskIdentity, events: list[object]) -> UploadReply:
        """Take one batch from ``desk``: one transaction, one result per event, in order."""
        with self._transaction() as conn:
            now = self._now()
            results = [self._take(conn, desk, raw, now) for raw in events]
            summary = self._advance_chain(conn, desk.code)
        counts: dict[str, int] = {}
        for result in results:
            counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
        log.info(
            "desk %s sent %d events: %s; %s", desk.code, len(events), counts, summary.describe()
        )
        return UploadReply(now, results, summary.highest_seq, summary.chain)

    def _take(
        self, conn: sqlite3.Connection, desk: DeskIdentity, raw: object, now: str
    ) -> EventResult:
        event_id = raw.get("id") if isinstance(raw, dict) else None
        event_id = event_id if isinstance(event_id, str) else ""
        problem = envelope_problem(raw)
        if problem is not None:
            return EventResult(event_id, Outcome.REFUSED, problem, "malformed envelope")
        assert isinstance(raw, dict)
        env: dict[str, Any] = raw
        if env["desk"] != desk.code or env["hall"] != desk.hall:
            return EventResult(
                event_id,
                Outcome.REFUSED,
                NOT_YOUR_DESK,
                f"event of {env['desk']}, token of {desk.code}",
            )
        held = conn.execute(
            "SELECT e.hash, q.reason, q.detail FROM event e"
            " LEFT JOIN quarantine q ON q.event_id = e.id WHERE e.id = ?",
            (event_id,),
        ).fetchone()
        if held is not None:
            # envelope_problem checked the hash against the content: same hash = same content.
            if held[0] == env["hash"]:
                if held[1] is not None:  # still quarantined: say so again, the desk lists it
                    return EventResult(event_id, Outcome.QUARANTINED, held[1], held[2])
                return EventResult(event_id, Outcome.DUPLICATE)
            return self._conflict(conn, env, now, "this id is held with other content")
        taken = conn.execute(
            "SELECT id FROM event WHERE desk = ? AND seq = ?", (env["desk"], env["seq"])
        ).fetchone()
        if taken is not None:
            return self._conflict(conn, env, now, f"seq {env['seq']} is held by event {taken[0]}")
        conn.execute(
            "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                env["id"], env["hall"], env["desk"], env["seq"], env["type"], env["schema"],
                env["at"], env["actor"], _json_text(env["payload"]),
                env["prev"], env["hash"], now,
            ),
        )  # fmt: skip
        try:
            application = plan(env)
            conn.execute("SAVEPOINT apply")
            try:
                self._apply(conn, env, application, now)
            except sqlite3.IntegrityError as error:
                conn.execute("ROLLBACK TO apply")
                raise CannotApply(PAYLOAD_REJECTED, str(error)) from None
            finally:
                conn.execute("RELEASE apply")
        except CannotApply as why:
            conn.execute(
                "INSERT INTO quarantine (event_id, reason, detail, at) VALUES (?, ?, ?, ?)",
                (event_id, why.reason, why.detail, now),
            )
            log.warning(
                "event %s (%s seq %d) quarantined: %s", event_id, env["desk"], env["seq"], why
            )
            return EventResult(event_id, Outcome.QUARANTINED, why.reason, why.detail)
        return EventResult(event_id, Outcome.STORED)

    def _conflict(
        self, conn: sqlite3.Connection, env: dict[str, Any], now: str, detail: str
    ) -> EventResult:
        conn.execute(
            "INSERT INTO conflict (desk, event_id, hash, seq, detail, envelope, first_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (desk, event_id, hash) DO UPDATE"
            " SET times = conflict.times + 1, last_at = excluded.last_at",
            (
                env["desk"], env["id"], env["hash"], env["seq"], detail,
                _json_text(env), now, now,
            ),
        )  # fmt: skip
        log.warning(
            "event %s (%s seq %d) refused: conflict: %s", env["id"], env["desk"], env["seq"], detail
        )
        return EventResult(env["id"], Outcome.REFUSED, CONFLICT, detail)

    def _apply(
        self, conn: sqlite3.Connection, env: dict[str, Any], app: Application, now: str
    ) -> None:
        full_state = _json_text(app.state)
        # An older event of the same desk never overwrites a newer one (out-of-order arrival).
        newer_only = (
            "excluded.source_desk <> {t}.source_desk OR excluded.source_seq > {t}.source_seq"
        )
        if app.kind == COMPLAINT:
            columns = [
                *app.values,
                "full_state",
                "source_event",
                "source_desk",
                "source_seq",
                "updated_at",
            ]
            values = [*app.values.values(), full_state, env["id"], env["desk"], env["seq"], now]
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
            conn.execute(
                f"INSERT INTO complaint (id, {', '.join(columns)})"
                f" VALUES (?, {', '.join('?' for _ in columns)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
                f" WHERE {newer_only.format(t='complaint')}",
                (app.entity_id, *values),
            )
            return
        conn.execute(
            "INSERT INTO entity_state (kind, entity_id, full_state, source_event, source_desk,"
            " source_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, entity_id) DO UPDATE SET full_state = excluded.full_state,"
            " source_event = excluded.source_event, source_desk = excluded.source_desk,"
            " source_seq = excluded.source_seq, updated_at = excluded.updated_at"
            f" WHERE {newer_only.format(t='entity_state')}",
            (app.kind, app.entity_id, full_state, env["id"], env["desk"], env["seq"], now),
        )

    def _advance_chain(self, conn: sqlite3.Connection, desk: str) -> ChainSummary:
        conn.execute("INSERT INTO chain (desk) VALUES (?) ON CONFLICT (desk) DO NOTHING", (desk,))
        contiguous, last_hash, break_seq, break_detail = conn.execute(
            "SELECT contiguous_seq, contiguous_hash, break_seq, break_detail FROM chain WHERE desk = ?",
            (desk,),
        ).fetchone()
        before = contiguous
        cursor = conn.execute(
            "SELECT seq, prev, hash FROM event WHERE desk = ? AND seq > ? ORDER BY seq",
            (desk, contiguous),
        )
        for seq, prev, digest in cursor:  # stops at the first missing seq: incremental
            if seq != contiguous + 1:
                break
            if break_seq is None and prev != last_hash:
                break_seq = seq
                break_detail = f"prev of seq {seq} is not the hash of seq {seq - 1}"
                log.warning("desk %s: hash chain broken at seq %d", desk, seq)
            contiguous, last_hash = seq, digest
        cursor.close()
        if contiguous != before or break_seq is not None:
            conn.execute(
                "UPDATE chain SET contiguous_seq = ?, contiguous_hash = ?, break_seq = ?,"
                " break_detail = ? WHERE desk = ?",
                (contiguous, last_hash, break_seq, break_detail, desk),
            )
        return self._summary(conn, desk, contiguous, break_seq, break_detail)

    @staticmethod
    def _summary(
        conn: sqlite3.Connection, desk: str, contiguous: int, break_seq: int | None, detail: str
    ) -> ChainSummary:
        if break_seq is not None:
            return ChainSummary(contiguous, ChainReportWire(ChainState.BREAK, break_seq, detail))
        highest = conn.execute("SELECT max(seq) FROM event WHERE desk = ?", (desk,)).fetchone()[0]
        if highest is not None and highest > contiguous:
            missing = contiguous + 1
            return ChainSummary(
                contiguous,
                ChainReportWire(
                    ChainState.GAP, missing, f"seq {missing} is missing (held up to {highest})"
                ),
            )
        return ChainSummary(contiguous, ChainReportWire(ChainState.INTACT))

    # --- reading -----------------------------------------------------------------------------

    def chain_of(self, desk: str) -> ChainSummary:
        with self._lock:
            row = self._conn.execute(
                "SELECT contiguous_seq, break_seq, break_detail FROM chain WHERE desk = ?", (desk,)
            ).fetchone()
            if row is None:
                return ChainSummary(0, ChainReportWire(ChainState.INTACT))
            return self._summary(self._conn, desk, row[0], row[1], row[2])

    def status(self) -> list[DeskStatus]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT d.code, d.hall, d.revoked_at,"
                " (SELECT count(*) FROM event e WHERE e.desk = d.code),"
                " (SELECT count(*) FROM quarantine q JOIN event e ON e.id = q.event_id"
                "   WHERE e.desk = d.code),"
                " (SELECT count(*) FROM conflict c WHERE c.desk = d.code)"
                " FROM desk d ORDER BY d.code"
            ).fetchall()
            out = []
            for code, hall, revoked_at, stored, quarantined, conflicts in rows:
                summary = self.chain_of(code)
                out.append(
                    DeskStatus(
                        code, hall, revoked_at is not None, stored, summary.highest_seq,
                        summary.chain, quarantined, conflicts,
                    )
                )  # fmt: skip
            return out

    def halls(self) -> list[tuple[str, str]]:
        with self._lock:
            return [
                tuple(r) for r in self._conn.execute("SELECT code, name FROM hall ORDER BY code")
            ]

    def events_of(self, desk: str) -> list[dict[str, Any]]:
        """A desk's stored envelopes in seq order, exactly as received (for checks and tests)."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(FIELDS)} FROM event WHERE desk = ? ORDER BY seq",
                (desk,),
            ).fetchall()
        return [{**dict(zip(FIELDS, r, strict=True)), "payload": json.loads(r[8])} for r in rows]

    def quarantined(self, desk: str | None = None) -> list[tuple[str, str, str]]:
        """(event id, reason, detail) of quarantined events, in the desk's seq order."""
        with self._lock:
            return [
                tuple(r)
                for r in self._conn.execute(
                    "SELECT q.event_id, q.reason, q.detail FROM quarantine q"
                    " JOIN event e ON e.id = q.event_id WHERE ? IS NULL OR e.desk = ?"
                    " ORDER BY e.desk, e.seq",
                    (desk, desk),
                )
            ]

    def conflicts(self, desk: str | None = None) -> list[tuple[str, int, str, int]]:
        """(event id, seq, detail, times seen) of refused conflicts."""
        with self._lock:
            return [
                tuple(r)
                for r in self._conn.execute(
                    "SELECT event_id, seq, detail, times FROM conflict"
                    " WHERE ? IS NULL OR desk = ? ORDER BY desk, seq",
                    (desk, desk),
                )
            ]

    def complaint(self, complaint_id: str) -> dict[str, Any] | None:
        """An applied complaint's full state, as head office holds it."""
        with self._lock:
            row = self._conn.execute(
                "SELECT full_state FROM complaint WHERE id = ?", (complaint_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def count_applied(self) -> dict[str, int]:
        """Rows in the applied tables: {"complaint": n, "<family>": n …}."""
        with self._lock:
            counts = {
                "complaint": self._conn.execute("SELECT count(*) FROM complaint").fetchone()[0]
            }
            for kind, n in self._conn.execute(
                "SELECT kind, count(*) FROM entity_state GROUP BY kind"
            ):
                counts[kind] = n
        return counts


def _inspect(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file, read-only."""
    try:
        return read_header(path)
    except sqlite3.DatabaseError as error:
        raise HQStoreError("db.damaged", f"{path} is not a readable database: {error}") from None


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    while version < LATEST_VERSION:
        target = version + 1
        log.info("migrating head-office store to schema %d", target)
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated meanwhile: look again under the write lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= target:
                conn.execute("ROLLBACK")
                continue
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = target
