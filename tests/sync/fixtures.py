"""Fixtures and helpers of the upload path, registered for the whole suite by ``tests/conftest.py``:
an in-memory keyring for every test (no test ever touches the machine's keyring), a real head office
(``tests.hq.live.LiveHQ``) and a desk registered with it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest

from hall_desk.domain import payloads
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Event
from tests.hq.live import LiveHQ
from tests.sync.keyrings import MemoryKeyring

DESK = "HA01-02"
HALL = "HA01"


@contextmanager
def newer_desk_family(family: str) -> Iterator[None]:
    """A desk newer than head office: its event catalogue holds ``family`` (head office's, a
    process of its own, does not), so it writes events head office does not know. Declared in
    this process for the block only."""
    assert (family, 1) not in payloads.CATALOGUE
    payloads.CATALOGUE[(family, 1)] = payloads.PayloadSpec(
        family, 1, {"id": payloads.FieldSpec(payloads.Kind.TEXT)}
    )
    payloads.LATEST[family] = 1
    try:
        yield
    finally:
        del payloads.CATALOGUE[(family, 1)], payloads.LATEST[family]
        payloads._written.cache_clear()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring, wired to storage as the app and the CLI wire the system keyring."""
    from hall_desk.services.keys import wire_keys

    wire_keys()
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def add_events(
    ctx: DeskContext, count: int, *, type: str = "document.noted", per_tx: int = 1000
) -> None:
    """``count`` more events of this desk (head office applies ``document.*`` generically)."""
    done = 0
    while done < count:
        with unit_of_work():
            for _ in range(min(per_tx, count - done)):
                done += 1
                append_event(
                    hall=HALL,
                    desk=DESK,
                    type=type,
                    actor="1001",
                    at=ctx.clock.now(),
                    state={"id": str(uuid.uuid4()), "n": done},
                )


def own_seqs() -> list[int]:
    return [
        row.seq for row in Event.select(Event.seq).where(Event.desk == DESK).order_by(Event.seq)
    ]


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    """A running head office that knows hall HA01 (the desk is added by ``registered``)."""
    live_hq.add_hall(HALL, "人民路营业厅")
    return live_hq


@pytest.fixture
def registered(hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ) -> str:
    """Desk HA01-02 set up, added at head office and registered with its token; returns it."""
    from hall_desk.services.sync import register_desk

    token = hq.add_desk(DESK)
    result = register_desk(ctx, hq.url, DESK, token)
    assert result.verified
    return token


@pytest.fixture
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file keyring a desk subprocess uses (``tests.sync.cli_helpers.desk_env``)."""
    return tmp_path_factory.mktemp("keyring") / "keyring.json"


@pytest.fixture
def cli_registered(
    hall: dict[str, StaffSession], hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> str:
    """Desk HA01-02 set up and registered by ``hall-desk register`` (token in ``keyring_file``)."""
    from tests.sync.cli_helpers import hall_desk

    token = hq.add_desk(DESK)
    result = hall_desk(
        data_dir, keyring_file, "register", "--hq", hq.url, "--desk", DESK, stdin=token
    )
    assert result.returncode == 0, result.stderr
    return token


@pytest.fixture
def data_dir(store: Path) -> Path:
    """The desk's data directory (``store`` lives at ``<dir>/desk.sqlite3``)."""
    return store.parent
