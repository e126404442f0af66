"""What every concern of the store stands on: :class:`_Base` holds the connections and the clock,
opens (and migrates) a store, and gives the two write transactions — one that adds no events, and
one that locks a hall and hands out its receipt numbers (:class:`_Tx`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Self

from hall_desk.domain.clock import SystemClock, utc_iso
from hall_desk.hq.store.connections import (
    CHECKOUT_TIMEOUT,
    DEFAULT_POOL_SIZE,
    HEALTH_TIMEOUT,
    POSTGRES,
    RECONNECT_TIMEOUT,
    SQLITE,
    STATEMENT_TIMEOUT,
    HQStoreError,
    Trace,
    _Db,
    _OneConnection,
    _PooledConnections,
    dialect_of,
    redact_url,
    sqlite_path,
)
from hall_desk.hq.store.schema import (
    APPLICATION_ID,
    LATEST_VERSION,
    _inspect,
    _migrate_postgres,
    _migrate_sqlite,
    newer_schema,
)


@dataclass
class _Tx:
    """A write transaction on one hall: the connection and the hall's receipt counter.

    ``deferred``: while a batch is taken as a set (issue 18 item 3), :meth:`write` keeps each
    write, in order, to be sent at once (one pipeline) instead of running it; ``view`` is what
    the batch's reads were answered from (:class:`hall_desk.hq.store.intake.BatchView`)."""

    db: _Db
    hall: str
    receipt: int
    now: str
    head_office: list[dict[str, Any]] = field(default_factory=list)
    deferred: list[tuple[str, tuple[Any, ...] | list[Any]]] | None = None
    view: Any = None

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        return self.db.execute(sql, params)

    def write(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> None:
        """A write whose result is not read: run now, or kept for the batch's pipeline."""
        if self.deferred is not None:
            self.deferred.append((sql, params))
        else:
            self.db.execute(sql, params)

    def next_receipt(self) -> int:
        self.receipt += 1
        return self.receipt


class _Base:
    """The store's connections, clock and transactions, which every concern's methods use."""

    def __init__(
        self, connections: _OneConnection | _PooledConnections, path: Path | None,
        clock: Any = None, url: str = "", dialect: str = SQLITE,
    ) -> None:  # fmt: skip
        # Named ``_lock`` for history (every concern's methods say ``with self._lock:``), but only
        # SQLite's is a lock (one connection, one process). On PostgreSQL it binds a pooled
        # connection to the calling thread and excludes nothing: several threads, processes
        # (serve --workers) and hosts write at once, serialised per hall by the hall row's
        # ``FOR UPDATE`` in _hall_transaction and kept exactly-once by unique constraints.
        self._lock = connections
        self.path = path
        self.url = url
        self.dialect = dialect
        self._clock = clock or SystemClock()

    @property
    def _db(self) -> _Db:
        """The connection the calling thread holds (inside ``with self._lock``)."""
        return self._lock.current()

    @property
    def _conn(self) -> Any:
        """The raw connection (sqlite3 or psycopg), for tests."""
        return self._db.raw

    @property
    def round_trips(self) -> int:
        """Statements (and pipelines, each one round trip) this store has sent to its database
        through the store's connections (issue 18 item 3: a batch's cost)."""
        return self._lock.round_trips

    def set_trace(self, callback: Trace | None) -> None:
        """Call ``callback(sql, params)`` for every statement (tests: what a batch runs)."""
        self._lock.set_trace(callback)

    def database_answers(self, timeout: float = HEALTH_TIMEOUT) -> bool:
        """Whether the database answers within ``timeout`` seconds (``/v1/health``)."""
        return self.database_schema(timeout) is not None

    def database_schema(self, timeout: float = HEALTH_TIMEOUT) -> int | None:
        """The schema version the database answers within ``timeout`` seconds, None when it does
        not answer (``/v1/health``)."""
        sql = (
            "SELECT version FROM schema_version"
            if self.dialect == POSTGRES
            else "PRAGMA user_version"
        )
        row = self._lock.ask(timeout, sql)
        return None if row is None else int(row[0])

    @classmethod
    def open(
        cls, url: str, *, clock: Any = None, create: bool = True,
        pool_size: int = DEFAULT_POOL_SIZE, statement_timeout: float = STATEMENT_TIMEOUT,
    ) -> Self:  # fmt: skip
        """Open (and migrate) the store at ``url``; on PostgreSQL with a pool of at most
        ``pool_size`` connections, each statement (and lock wait) cut off after
        ``statement_timeout`` seconds (:class:`HQStoreBusy`)."""
        if dialect_of(url) == POSTGRES:
            return cls(
                _open_postgres(url, pool_size, statement_timeout), None, clock, url, POSTGRES
            )
        path = sqlite_path(url)
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            app_id, version = _inspect(path)
            if app_id not in (0, APPLICATION_ID) or (version > 0 and app_id != APPLICATION_ID):
                raise HQStoreError("db.foreign", f"{path} is not a head-office database")
            if version > LATEST_VERSION:
                raise newer_schema(str(path), version)
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
            _migrate_sqlite(conn)
        except sqlite3.Error as error:
            conn.close()
            raise HQStoreError("db.damaged", f"{path}: {error}") from None
        return cls(_OneConnection(_Db(conn, SQLITE)), path, clock, url, SQLITE)

    def close(self) -> None:
        self._lock.close()

    def schema_version(self) -> int:
        with self._lock:
            if self.dialect == POSTGRES:
                return int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _now(self) -> str:
        now: datetime = self._clock.now()
        return utc_iso(now)

    @contextmanager
    def _transaction(self) -> Iterator[_Db]:
        """A write transaction that adds no events (halls, desks, operators)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE" if self.dialect == SQLITE else "BEGIN")
            try:
                yield self._db
            except BaseException:
                self._db.rollback()
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _hall_transaction(self, hall: str) -> Iterator[_Tx]:
        """A write transaction that may add events for ``hall``: the hall is locked (one writer per
        hall), and its receipt counter advances as events are stored."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE" if self.dialect == SQLITE else "BEGIN")
            try:
                lock = " FOR UPDATE" if self.dialect == POSTGRES else ""
                row = db.execute(
                    f"SELECT last_receipt FROM hall WHERE code = ?{lock}", (hall,)
                ).fetchone()
                if row is None:
                    raise HQStoreError("hall.missing", f"hall {hall} does not exist")
                tx = _Tx(db, hall, int(row[0]), self._now())
                start = tx.receipt
                yield tx
                if tx.receipt != start:
                    db.execute(
                        "UPDATE hall SET last_receipt = ? WHERE code = ?", (tx.receipt, hall)
                    )
            except BaseException:
                db.rollback()
                raise
            db.execute("COMMIT")


def _open_postgres(url: str, pool_size: int, statement_timeout: float) -> _PooledConnections:
    """Migrate on a connection of its own, then open the pool the store works through."""
    if pool_size < 1:
        raise HQStoreError("db.pool_size", f"a pool needs at least one connection, not {pool_size}")
    try:
        import psycopg
        import psycopg_pool
    except ImportError:  # pragma: no cover - the hq extra installs them
        raise HQStoreError(
            "db.unsupported",
            "PostgreSQL needs psycopg and psycopg-pool: pip install 'hall-desk[hq]'",
        ) from None
    shown = redact_url(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise HQStoreError("db.unopenable", f"cannot open {shown}: {detail}") from None
    db = _Db(conn, POSTGRES)
    try:
        _migrate_postgres(db, shown)
    except HQStoreError:
        conn.close()
        raise
    except psycopg.Error as error:
        conn.close()
        raise HQStoreError("db.damaged", f"{shown}: {error}") from None
    conn.close()
    pool = psycopg_pool.ConnectionPool(
        url,
        kwargs={
            "autocommit": True,
            "connect_timeout": 10,
            # a slow answer is cut off and answered 503 Retry-After (issue 18 item 5)
            "options": f"-c statement_timeout={max(1, round(statement_timeout * 1000))}",
        },
        min_size=1,
        max_size=pool_size,
        open=False,
        check=psycopg_pool.ConnectionPool.check_connection,  # a dead one is replaced, not handed out
        name="hall-desk-hq",
        timeout=CHECKOUT_TIMEOUT,
        # Give a failing reconnection up soon: the next request then starts a fresh attempt at
        # once, instead of waiting out an ever longer back-off once the database is back.
        reconnect_timeout=RECONNECT_TIMEOUT,
    )
    try:
        pool.open(wait=True, timeout=CHECKOUT_TIMEOUT)
    except psycopg_pool.PoolTimeout:
        pool.close()
        raise HQStoreError("db.unopenable", f"cannot open a pool on {shown}") from None
    return _PooledConnections(pool, url)
