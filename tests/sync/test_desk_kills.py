"""The desk process SIGKILLed at named points (``HALL_DESK_FAULT``), then run again: head office
holds every event exactly once, in order, and the desk's queue is empty."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hall_desk.services.context import DeskContext
from hall_desk.storage.models import Complaint, Event
from hall_desk.sync import outbox
from tests.conftest import PASSWORDS
from tests.hq.live import LiveHQ
from tests.sync.cli_helpers import REPO, desk_env, hall_desk
from tests.sync.fixtures import DESK, add_events, own_seqs

pytestmark = pytest.mark.slow

KILLED = -signal.SIGKILL


def assert_exactly_once_in_order(hq: LiveHQ) -> None:
    store = hq.store()
    try:
        held = store.events_of(DESK)
    finally:
        store.close()
    ids = [e["id"] for e in held]
    assert len(ids) == len(set(ids))
    assert [e["seq"] for e in held] == own_seqs()
    mine = {row.id for row in Event.select(Event.id).where(Event.desk == DESK)}
    assert set(ids) == mine
    assert hq.status()[DESK]["chain_state"] == "intact"
    assert outbox.queue_status(DESK).waiting == 0


CHILD_COMPLAINT = """
import sys
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext
from hall_desk.services.staff import sign_in
from hall_desk.storage.db import open_store
open_store(sys.argv[1])
ctx = DeskContext()
clerk = sign_in(ctx, "3001", sys.argv[2])
draft = ComplaintDraft(phone="13800138000", customer_name="陈先生", main_class="电信资费",
                       sub_class="资费争议/乱收费", description="话费多扣", customer_request="退费")
record_complaint(ctx, clerk, draft)
print("committed")
"""


def test_killed_before_its_transaction_commits(
    cli_registered: str,
    ctx: DeskContext,
    hq: LiveHQ,
    data_dir: Path,
    keyring_file: Path,
    store: Path,
) -> None:
    assert hall_desk(data_dir, keyring_file, "sync-now").returncode == 0
    events_before = len(own_seqs())
    complaints_before = Complaint.select().count()
    child = subprocess.run(
        [sys.executable, "-c", CHILD_COMPLAINT, str(store), PASSWORDS["3001"]],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=desk_env(keyring_file, HALL_DESK_FAULT="before-commit"),
    )
    assert child.returncode == KILLED, child.stderr
    assert "committed" not in child.stdout
    assert "killing myself at before-commit" in child.stderr
    # Neither the change nor its event happened; the desk works on and uploads the rest.
    assert len(own_seqs()) == events_before
    assert Complaint.select().count() == complaints_before
    add_events(ctx, 5)
    result = hall_desk(data_dir, keyring_file, "sync-now")
    assert result.returncode == 0, result.stderr
    assert_exactly_once_in_order(hq)


@pytest.mark.parametrize("point", ["mid-batch", "after-hq-stored"])
def test_killed_during_an_upload(
    point: str,
    cli_registered: str,
    ctx: DeskContext,
    hq: LiveHQ,
    data_dir: Path,
    keyring_file: Path,
) -> None:
    add_events(ctx, 1234)
    for _ in range(2):  # killed twice in a row at the same point
        result = hall_desk(data_dir, keyring_file, "sync-now", HALL_DESK_FAULT=point)
        assert result.returncode == KILLED, result.stderr
        assert f"killing myself at {point}" in result.stderr
    assert outbox.queue_status(DESK).delivered == 0  # the first batch was never recorded
    result = hall_desk(data_dir, keyring_file, "sync-now")
    assert result.returncode == 0, result.stderr
    if point == "after-hq-stored":
        assert "duplicate 500" in result.stdout  # head office had it; the desk learns so now
    assert_exactly_once_in_order(hq)


def kill_at_random_moments(
    kills: int, data_dir: Path, keyring_file: Path, hq: LiveHQ, check_every: int
) -> None:
    """``kills`` desk processes at work, each SIGKILLed at a random moment (the seed is printed);
    every ``check_every`` kills a clean restart must bring head office every event exactly once."""
    seed = random.randrange(2**32)
    print(f"random kill seed: {seed}")
    rng = random.Random(seed)
    env = desk_env(keyring_file)
    for kill in range(1, kills + 1):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.sync.desk_worker",
                str(data_dir),
                str(rng.randrange(2**32)),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        assert process.stdout is not None
        ready = process.stdout.readline()
        assert ready.strip() == "ready", f"seed {seed}, kill {kill}: {process.stderr.read()}"
        time.sleep(rng.uniform(0.0, 0.6))
        process.send_signal(signal.SIGKILL)
        _, err = process.communicate(timeout=60)
        assert process.returncode == KILLED, f"seed {seed}, kill {kill}: {err}"
        if kill % check_every == 0 or kill == kills:
            result = hall_desk(data_dir, keyring_file, "sync-now")
            assert result.returncode == 0, f"seed {seed}, after kill {kill}: {result.stderr}"
            assert_exactly_once_in_order(hq)


def test_killed_at_random_moments(
    cli_registered: str, hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    """50 kills (CI): inside business transactions, between them, anywhere in an upload."""
    kill_at_random_moments(50, data_dir, keyring_file, hq, check_every=10)


@pytest.mark.soak
def test_killed_at_random_moments_soak(
    cli_registered: str, hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    """1,000 kills: run with ``-m soak`` (about a quarter of an hour)."""
    kill_at_random_moments(1000, data_dir, keyring_file, hq, check_every=50)
