"""The token lives in the system keyring only; without a keyring the desk says so and keeps queuing."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from hall_desk import credentials
from hall_desk.credentials import CredentialsUnavailable
from hall_desk.services import sync
from hall_desk.services.context import DeskContext, StaffSession
from tests.hq.live import LiveHQ
from tests.sync.fixtures import DESK, add_events, own_seqs

PACKAGE = Path(__file__).resolve().parents[2] / "hall_desk"


def test_save_load_forget() -> None:
    assert credentials.load_token(DESK) is None
    credentials.save_token(DESK, "hd1_secret")
    assert credentials.load_token(DESK) == "hd1_secret"
    credentials.forget_token(DESK)
    credentials.forget_token(DESK)  # twice is fine
    assert credentials.load_token(DESK) is None


def test_no_keyring_backend_is_said_plainly() -> None:
    keyring.set_keyring(FailKeyring())
    with pytest.raises(CredentialsUnavailable) as caught:
        credentials.save_token(DESK, "hd1_secret")
    assert caught.value.code == "credentials.unavailable"
    assert "no system keyring" in str(caught.value)
    assert "hd1_secret" not in str(caught.value)
    with pytest.raises(CredentialsUnavailable):
        credentials.load_token(DESK)


def test_without_a_keyring_registration_stores_nothing_and_the_desk_keeps_queuing(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ
) -> None:
    token = hq.add_desk(DESK)
    keyring.set_keyring(FailKeyring())
    with pytest.raises(CredentialsUnavailable):
        sync.register_desk(ctx, hq.url, DESK, token)
    assert not sync.queue_status().registered
    add_events(ctx, 4)  # business goes on
    assert sync.queue_status().waiting == len(own_seqs())


def test_a_registered_desk_that_loses_its_keyring_keeps_queuing(
    registered: str, ctx: DeskContext, hq: LiveHQ
) -> None:
    keyring.set_keyring(FailKeyring())
    add_events(ctx, 4)
    report = sync.sync_now(ctx)
    assert report.error is not None and report.error.code == "credentials.unavailable"
    assert report.status.waiting == len(own_seqs())
    assert sync.queue_status().last_error.code == "credentials.unavailable"


def test_the_token_is_never_in_the_store_or_the_log(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    hq: LiveHQ,
    store: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token = hq.add_desk(DESK)
    sync.register_desk(ctx, hq.url, DESK, token)
    add_events(ctx, 10)
    assert sync.sync_now(ctx).ok
    hq.revoke(DESK)
    assert not sync.sync_now(ctx).ok
    from hall_desk.storage.db import checkpoint

    checkpoint()
    for path in store.parent.glob("desk.sqlite3*"):
        assert token.encode() not in path.read_bytes(), path
    assert token not in caplog.text
    assert token[4:20] not in caplog.text


def test_only_credentials_imports_keyring() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "keyring" or n.startswith("keyring.") for n in names):
                offenders.append(path.relative_to(PACKAGE.parent).as_posix())
    assert sorted(set(offenders)) == ["hall_desk/credentials.py"]
