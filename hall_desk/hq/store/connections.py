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
        self._translated: dict[str, str] = {}
        if dialect == POSTGRES:
            import psycopg

            self.integrity_errors: tuple[type[Exception], ...] = (psycopg.IntegrityError,)
            self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        else:
            self.integrity_errors = (sqlite3.IntegrityError,)
            self.errors = (sqlite3.Error,)

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        if self.trace is not None:
            self.trace(sql, tuple(params))
        if self.dialect == SQLITE:
            return self.raw.execute(sql, params)
        text = self._translated.get(sql)
        if text is None:
            text = self._translated[sql] = sql.replace("?", "%s")
        return self.raw.execute(text, params or None)

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
        try:
            self.execute("ROLLBACK")
        except self.errors:
            if not self.broken:
                raise


class HQStoreUnavailable(HQStoreError):
    """The database does not answer (no connection could be had in time)."""

    def __init__(self, message: str) -> None:
        super().__init__(DB_UNAVAILABLE, message)


class _OneConnection:
    """SQLite: the store's one connection behind a re-entrant lock. ``with`` it to use it."""

    def __init__(self, db: _Db) -> None:
        self.db = db
        self._lock = threading.RLock()

    def __enter__(self) -> _Db:
        self._lock.acquire()
        return self.db

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def current(self) -> _Db:
        return self.db

    def set_trace(self, callback: Trace | None) -> None:
        self.db.trace = callback

    def answers(self, timeout: float) -> bool:
        if not self._lock.acquire(timeout=timeout):
            return False
        try:
            self.db.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False
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

    def answers(self, timeout: float) -> bool:
        import psycopg
        import psycopg_pool

        try:
            with self.pool.connection(timeout=timeout) as conn:
                conn.execute("SELECT 1").fetchone()
            return True
        except (psycopg_pool.PoolTimeout, psycopg.Error):
            return False

    def close(self) -> None:
        self.pool.close()
        with self._loose_lock:
            if self._loose is not None:
                self._loose.raw.close()
