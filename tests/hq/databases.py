"""Databases for head-office tests: a SQLite file, or a fresh PostgreSQL database per test.

The PostgreSQL server comes from ``$HALL_DESK_TEST_POSTGRES`` (default
``postgresql://hall_desk:hall_desk@127.0.0.1:5432/postgres``, the test role that
``packaging/bootstrap.sh`` creates). Each test gets ``CREATE DATABASE hdq_test_<random>``, dropped
afterwards; when the server cannot be reached the PostgreSQL variant skips with the reason (and with
``CI=true`` the suite's conftest turns that skip into a failure).
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

POSTGRES_ENV = "HALL_DESK_TEST_POSTGRES"
DEFAULT_POSTGRES = "postgresql://hall_desk:hall_desk@127.0.0.1:5432/postgres"
BACKENDS = ("sqlite", "postgresql")


def server_url() -> str:
    return os.environ.get(POSTGRES_ENV) or DEFAULT_POSTGRES


@cache
def postgres_unreachable() -> str:
    """Why the test PostgreSQL server cannot be used ("" when it can); asked once per run."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(server_url(), connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return (
            f"PostgreSQL for tests is unreachable at {_shown(server_url())} ({first}); run "
            f"packaging/bootstrap.sh or set {POSTGRES_ENV}"
        )
    return ""


def _shown(url: str) -> str:
    from hall_desk.hq.store import redact_url

    return redact_url(url)


def _with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    head = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    return f"{head}/{name}" + (f"?{query}" if query else "")


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped (connections and all) afterwards."""
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"hdq_test_{secrets.token_hex(6)}"
    with psycopg.connect(server_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server_url(), name)
    finally:
        _drop(name)


def _drop(name: str, patience: float = 15.0) -> None:
    """DROP … WITH (FORCE) ends our own connections, but not an autovacuum worker that happens to
    be in the new database (a superuser's process): wait for it to finish and try again."""
    import psycopg

    deadline = time.monotonic() + patience
    while True:
        try:
            with psycopg.connect(server_url(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def database(backend: str, directory: Path) -> Iterator[str]:
    """A fresh database URL of ``backend`` ("sqlite": a file in ``directory``)."""
    if backend == "sqlite":
        directory.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{directory / 'hq.sqlite3'}"
    else:
        with fresh_postgres() as url:
            yield url
