"""One worker of ``hall-desk-hq serve --workers N`` (issue 18 item 2).

uvicorn starts each worker as a fresh process (``spawn``) and builds its app from an import string,
so what ``serve`` was told travels in one environment variable, :data:`WORKER_ENV` (JSON), and
:func:`app_from_environment` — the factory uvicorn calls in each worker — opens that worker's own
store (its own PostgreSQL pool) and builds the app. The parent process has migrated the database
before any worker starts, so workers never race to migrate; a worker that finds a newer schema
refuses to start like ``serve`` does.

Nothing here is shared between workers but the database: every write that must be serialised takes
the hall's row lock (``SELECT … FOR UPDATE``) or relies on a unique constraint, never an in-process
lock. SQLite stays single-process (``serve`` refuses ``--workers`` > 1 on it).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from starlette.applications import Starlette

from hall_desk.hq.figures_refresher import attach as attach_figures_refresher
from hall_desk.logfiles import masking_handler

WORKER_ENV = "HALL_DESK_HQ_WORKER"
APP_FACTORY = "hall_desk.hq.worker:app_from_environment"


@dataclass(frozen=True)
class WorkerSettings:
    database: str
    pool_size: int
    statement_timeout: float
    escrow_key: str | None
    fault: str
    log_level: str
    escrow_public_key: str | None = None
    secrets_key: str | None = None
    make_keys: bool = False  # SQLite only; workers run on PostgreSQL
    figures_every: float = 0.0  # the figures refresher's period (0: none)

    def to_environment(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> WorkerSettings:
        text = os.environ.get(WORKER_ENV)
        if not text:
            raise RuntimeError(f"{WORKER_ENV} is not set: start workers with hall-desk-hq serve")
        data = json.loads(text)
        return cls(
            str(data["database"]),
            int(data["pool_size"]),
            float(data["statement_timeout"]),
            data["escrow_key"] if data["escrow_key"] is None else str(data["escrow_key"]),
            str(data["fault"]),
            str(data["log_level"]),
            _optional(data.get("escrow_public_key")),
            _optional(data.get("secrets_key")),
            bool(data.get("make_keys", False)),
            float(data.get("figures_every", 0.0)),
        )


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def app_from_environment() -> Starlette:
    """uvicorn's app factory in each worker process."""
    from hall_desk.hq.app import create_app
    from hall_desk.hq.key_check import KeyCheckError, KeyFiles, worker_keys
    from hall_desk.hq.store import HQStore

    settings = WorkerSettings.from_environment()
    logging.basicConfig(
        level=settings.log_level.upper(),
        handlers=[masking_handler(logging.StreamHandler(sys.stderr))],
    )
    # create=False: the parent created and migrated it; a newer schema raises HQStoreError,
    # uvicorn then stops every worker (a failed start is not retried).
    store = HQStore.open(
        settings.database,
        create=False,
        pool_size=settings.pool_size,
        statement_timeout=settings.statement_timeout,
    )
    # Each worker checks its key files against head office's record (issue 18 item 4): one with
    # another key refuses to start, naming both fingerprints.
    files = KeyFiles(
        _path(settings.escrow_key), _path(settings.escrow_public_key), _path(settings.secrets_key)
    )
    try:
        escrow_keeper, secrets_keeper = worker_keys(store, files, make=settings.make_keys)
    except KeyCheckError as error:
        store.close()
        logging.getLogger(__name__).error("worker %d refuses to start: %s", os.getpid(), error)
        raise
    logging.getLogger(__name__).info(
        "worker %d serving (escrow: %s)", os.getpid(), escrow_keeper.mode
    )
    app = create_app(
        store, fault=settings.fault, escrow_keeper=escrow_keeper, secrets_keeper=secrets_keeper
    )
    if settings.figures_every > 0:  # one per worker; the figures' lock: one refresh at a time
        attach_figures_refresher(app, store, settings.figures_every)
    return app


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None
