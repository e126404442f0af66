"""Every head-office test runs against both stores: ``database_url`` is a fresh SQLite file or a
fresh PostgreSQL database (tests.hq.databases), and ``live_hq`` here serves it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hq.databases import BACKENDS, database
from tests.hq.live import LiveHQ


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    with database(backend, tmp_path / "db") as url:
        yield url


@pytest.fixture
def live_hq(tmp_path: Path, database_url: str) -> Iterator[LiveHQ]:
    """A started head office on ``database_url``; stopped after the test."""
    hq = LiveHQ(tmp_path / "hq", database=database_url).start()
    try:
        yield hq
    finally:
        hq.stop()
