"""The store's connections: database URLs (``sqlite:///…``, ``postgresql://…``), the one SQLite
connection behind a lock or the PostgreSQL pool, :class:`_Db` (``?`` placeholders translated per
dialect), and the store's errors. Nothing here knows a table."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_POOL_SIZE = 4  # PostgreSQL connections at most (serve --pool-size)


CHECKOUT_TIMEOUT = 10.0  # seconds a request waits for a database connection


HEALTH_TIMEOUT = 2.0  # seconds /v1/health waits for the database to answer


RECONNECT_TIMEOUT = 5.0  # seconds the pool keeps retrying one lost connection in the background


DB_UNAVAILABLE = "db.unavailable"


DB_BUSY = "db.busy"


STATEMENT_TIMEOUT = 15.0  # seconds one PostgreSQL statement may take (serve --db-timeout)


RETRY_AFTER = 5  # seconds: the Retry-After of a 503 when the database is unavailable or slow


Trace = Callable[[str, tuple[Any, ...]], None]


class HQStoreError(Exception):
    """The store cannot be opened or the command cannot be done. ``code`` names why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


SQLITE = "sqlite"


POSTGRES = "postgresql"


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///…`` URL (three slashes: relative; four: absolute)."""
    if not url.startswith("sqlite:///") or len(url) == len("sqlite:///"):
        raise HQStoreError(
            "db.url",
            f"not a database URL head office understands: {url!r}"
            " (sqlite:///path or postgresql://user:password@host/dbname)",
        )
    return Path(url[len("sqlite:///") :])


def dialect_of(url: str) -> str:
    if url.startswith(("postgres://", "postgresql://")):
        return POSTGRES
    sqlite_path(url)
    return SQLITE


def redact_url(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


class _Db:
    """One connection and its dialect: SQL is written with ``?`` and translated here."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect
        self.trace: Trace | None = None
        # called once per round trip to the database (a statement, or a whole pipeline)
        self.on_round_trip: Callable[[], None] | None = None
        self._translated: dict[str, str] = {}
        if dialect == POSTGRES:
            import psycopg

            self.integrity_errors: tuple[type[Exception], ...] = (psycopg.IntegrityError,)
            self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
            # statement_timeout / lock_timeout: the database answers too slowly (issue 18 item 5)
            self.slow_errors: tuple[type[Exception], ...] = (
                psycopg.errors.QueryCanceled,
                psycopg.errors.LockNotAvailable,
            )
        else:
            self.integrity_errors = (sqlite3.IntegrityError,)
            self.errors = (sqlite3.Error,)
            self.slow_errors = (sqlite3.OperationalError,)  # only "database is locked" counts

    def _text(self, sql: str) -> str:
        text = self._translated.get(sql)
        if text is None:
            text = self._translated[sql] = sql.replace("?", "%s")
        return text

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        if self.trace is not None:
            self.trace(sql, tuple(params))
        if self.on_round_trip is not None:
            self.on_round_trip()
        try:
            if self.dialect == SQLITE:
                return self.raw.execute(sql, params)
            return self.raw.execute(self._text(sql), params or None)
        except self.slow_errors as error:
            self._busy(error)
            raise
        except self.errors as error:
            self._lost(error)
            raise

    def run_all(self, groups: list[tuple[str, list[tuple[Any, ...] | list[Any]]]]) -> None:
        """Run each group's statement once per parameter row, the groups in order, their results
        unread: on PostgreSQL in one pipeline, one round trip for all of them (issue 18 item 3),
        each group one ``executemany`` (its text converted once, not a cursor per row); the first
        error raises (on PostgreSQL the transaction is then aborted up to the last savepoint, as
        after any failed statement)."""
        if not groups:
            return
        if self.on_round_trip is not None:
            self.on_round_trip()
        if self.trace is not None:
            for sql, rows in groups:
                for params in rows:
                    self.trace(sql, tuple(params))
        try:
            if self.dialect == SQLITE:
                for sql, rows in groups:
                    if len(rows) == 1:
                        self.raw.execute(sql, rows[0])
                    else:
                        self.raw.executemany(sql, rows)
                return
            with self.raw.pipeline(), self.raw.cursor() as cursor:
                for sql, rows in groups:
                    if len(rows) == 1:
                        cursor.execute(self._text(sql), rows[0] or None)
                    else:
                        cursor.executemany(self._text(sql), rows)
        except self.slow_errors as error:
            self._busy(error)
            raise
        except self.errors as error:
            self._lost(error)
            raise

    def _lost(self, error: Exception) -> None:
        """The connection gone mid-statement (the server restarted or was stopped, the network
        cut it): :class:`HQStoreUnavailable`, 503 with ``Retry-After`` — the transaction was
        never committed, and the desk sends the batch again (issue 18: PostgreSQL restarted
        mid-load was answered 500)."""
        if self.broken:
            raise HQStoreUnavailable(
                f"the database connection was lost: {self.error_text(error)}"
            ) from None

    def _busy(self, error: Exception) -> None:
        """A slow answer (a statement or lock time-out; SQLite: "database is locked") is
        :class:`HQStoreBusy`; anything else is left to raise as it is."""
        if self.dialect == SQLITE and "locked" not in str(error):
            return
        raise HQStoreBusy(f"the database answers too slowly: {self.error_text(error)}") from None

    def error_text(self, error: Exception) -> str:
        diag = getattr(error, "diag", None)
        primary = getattr(diag, "message_primary", None) if diag is not None else None
        return str(primary or error)

    @property
    def broken(self) -> bool:
        """The connection is gone (PostgreSQL: the server ended it, or the network did)."""
        return self.dialect == POSTGRES and bool(self.raw.closed or self.raw.broken)

    def rollback(self) -> None:
        """ROLLBACK, unless the connection is gone (then there is nothing left to roll back, and
        the error that broke it is the one worth raising)."""
        gone: tuple[type[Exception], ...] = (HQStoreUnavailable, *self.errors)
        try:
            self.execute("ROLLBACK")
        except gone:
            if not self.broken:
                raise


class HQStoreUnavailable(HQStoreError):
    """The database does not answer (no connection could be had in time: the pool is exhausted
    or the server is gone). Head office answers 503 with ``Retry-After``."""

    def __init__(self, message: str, code: str = DB_UNAVAILABLE) -> None:
        super().__init__(code, message)
        self.retry_after = RETRY_AFTER


class HQStoreBusy(HQStoreUnavailable):
    """The database answered too slowly (a statement or lock wait ran past its time-out); the
    transaction was rolled back. Head office answers 503 with ``Retry-After``."""

    def __init__(self, message: str) -> None:
        super().__init__(message, DB_BUSY)


class _OneConnection:
    """SQLite: the store's one connection behind a re-entrant lock. ``with`` it to use it."""

    def __init__(self, db: _Db) -> None:
        self.db = db
        self._lock = threading.RLock()
        self.round_trips = 0  # statements (and pipelines) sent, for tests and benchmarks
        db.on_round_trip = self._count

    def _count(self) -> None:
        self.round_trips += 1

    def __enter__(self) -> _Db:
        self._lock.acquire()
        return self.db

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def current(self) -> _Db:
        return self.db

    def set_trace(self, callback: Trace | None) -> None:
        self.db.trace = callback

    def ask(self, timeout: float, sql: str) -> tuple[Any, ...] | None:
        """The first row of ``sql``, or None when the database does not answer in time."""
        if not self._lock.acquire(timeout=timeout):
            return None
        try:
            row: tuple[Any, ...] | None = self.db.execute(sql).fetchone()
            return row
        except (sqlite3.Error, HQStoreUnavailable):
            return None
        finally:
            self._lock.release()

    def close(self) -> None:
        with self:
            self.db.raw.close()


@dataclass
class _Held:
    db: _Db
    depth: int


class _PooledConnections:
    """PostgreSQL: a pool of connections (:mod:`psycopg_pool`). Entering binds one connection to
    the calling thread until its outermost ``with`` ends, so nested calls (``status`` reading
    ``chain_of``) share it and a transaction stays on one connection. The pool checks a connection
    before handing it out and replaces one the server ended, so a dropped connection costs at most
    the operation that was using it."""

    def __init__(self, pool: Any, url: str) -> None:
        self.pool = pool
        self.url = url
        self.trace: Trace | None = None
        self._local = threading.local()
        self._loose: _Db | None = None
        self._loose_lock = threading.Lock()
        self.round_trips = 0  # statements (and pipelines) sent, for tests and benchmarks

    def _count(self) -> None:
        self.round_trips += 1  # not exact under concurrent threads: a figure, never a lock

    def __enter__(self) -> _Db:
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None:
            held.depth += 1
            return held.db
        import psycopg_pool

        try:
            conn = self.pool.getconn(timeout=CHECKOUT_TIMEOUT)
        except psycopg_pool.PoolTimeout:
            raise HQStoreUnavailable(
                f"no database connection within {CHECKOUT_TIMEOUT:g} s ({redact_url(self.url)})"
            ) from None
        db = _Db(conn, POSTGRES)
        db.trace = self.trace
        db.on_round_trip = self._count
        self._local.held = _Held(db, 1)
        return db

    def __exit__(self, *exc: object) -> None:
        held: _Held = self._local.held
        held.depth -= 1
        if held.depth == 0:
            self._local.held = None
            self.pool.putconn(held.db.raw)  # a broken one is discarded and replaced

    def current(self) -> _Db:
        """The connection this thread holds; outside any ``with`` (tests' and tools' direct SQL) a
        connection of its own, in autocommit."""
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None:
            return held.db
        with self._loose_lock:
            if self._loose is None or self._loose.broken:
                import psycopg

                self._loose = _Db(
                    psycopg.connect(self.url, autocommit=True, connect_timeout=10), POSTGRES
                )
            return self._loose

    def set_trace(self, callback: Trace | None) -> None:
        self.trace = callback

    def ask(self, timeout: float, sql: str) -> tuple[Any, ...] | None:
        """The first row of ``sql``, or None when the database does not answer in time."""
        import psycopg
        import psycopg_pool

        try:
            with self.pool.connection(timeout=timeout) as conn:
                row: tuple[Any, ...] | None = conn.execute(sql).fetchone()
            return row
        except (psycopg_pool.PoolTimeout, psycopg.Error):
            return None

    def close(self) -> None:
        self.pool.close()
        with self._loose_lock:
            if self._loose is not None:
                self._loose.raw.close()
