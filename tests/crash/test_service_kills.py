"""Nothing lost (issue 9): a desk at work through all its services — intake, follow-up, refunds,
transfers, sync — SIGKILLed at random moments and started again, over and over.

After each kill: every change the process reported done (``DONE`` lines of
:mod:`tests.crash.worker`) is in the store in at least the reported state, the event chain is whole
and SQLite's integrity check passes. Every few kills, and at the end, one clean sync: head office
holds every desk event exactly once, in order, nothing quarantined, and every file meant for it
(evidence scans, certified agreements) exactly once.

The seed is printed and named in every assertion message; ``HALL_DESK_CRASH_SEED=<seed>`` replays
a run. 50 kills here (CI), 1,000 with ``-m soak``. A quarter of the workers are also armed at one
of the named fault points (``hall_desk.faults``), so kills land at the worst moments too: after a
transaction's writes before its COMMIT, with an upload on the wire, after head office stored a batch
the desk has not noted, after a pulled page came in.

Also, per service action, a kill at ``before-commit`` (its rows and event written, not committed):
afterwards the store is exactly as before the action.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import pytest

from hall_desk import faults
from hall_desk.domain.complaints import ComplaintState
from hall_desk.domain.envelope import plain_json
from hall_desk.domain.refunds import RefundState
from hall_desk.domain.transfers import TransferState
from hall_desk.services.complaints import complaint_state
from hall_desk.services.refunds import refund_state
from hall_desk.services.transfers import transfer_state
from hall_desk.storage.db import database
from hall_desk.storage.events import verify_desk_chain
from hall_desk.storage.models import Complaint, Event, Refund, StoredFile, Transfer, TransferFile
from hall_desk.sync import outbox
from tests.crash.worker import ACTIONS, EVIDENCE_ROLE, transfer_signatures
from tests.hq.live import LiveHQ
from tests.sync.cli_helpers import REPO, desk_env, hall_desk
from tests.sync.fixtures import DESK, HALL
from tests.sync.keyrings import FILE_ENV, FileKeyring


@pytest.fixture(autouse=True)
def _reads_with_the_workers_keyring(keyring_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk's identity data is sealed under its field key (hall_desk.storage.sealed), which
    the worker keeps in the file keyring: this process reads the store with that keyring too."""
    monkeypatch.setenv(FILE_ENV, str(keyring_file))
    keyring.set_keyring(FileKeyring())


pytestmark = pytest.mark.slow

KILLED = -signal.SIGKILL
SEED_ENV = "HALL_DESK_CRASH_SEED"
LONGEST_LIFE = 1.2  # seconds a worker may work before its kill (uniform from 0)
FAULT_SHARE = 0.25  # lives armed at a named fault point as well
COMPLAINT_ORDER = [s.value for s in ComplaintState]
REFUND_DECIDED = {RefundState.APPROVED.value, RefundState.AWAITING_HEAD_OFFICE.value}


@dataclass
class Reported:
    """What the workers reported done, the latest report per entity."""

    complaints: dict[str, str] = field(default_factory=dict)  # id → state
    refunds: dict[str, tuple[str, bool]] = field(default_factory=dict)  # id → (state, signed)
    transfers: dict[str, tuple[str, set[str], int]] = field(default_factory=dict)
    synced_upto: int = 0  # highest own seq a finished sync round had sent
    lines: int = 0

    def read(self, output: str) -> None:
        for line in output.splitlines(keepends=True):
            if not line.startswith("DONE ") or not line.endswith("\n"):
                continue  # a line cut by the kill was never reported
            self.lines += 1
            kind, ident, *marker = line.split()[1:]
            if kind == "complaint":
                self.complaints[ident] = marker[0]
            elif kind == "refund":
                self.refunds[ident] = (marker[0], marker[1] == "1")
            elif kind == "transfer":
                signed = set() if marker[1] == "-" else set(marker[1].split(","))
                self.transfers[ident] = (marker[0], signed, int(marker[2]))
            else:
                self.synced_upto = max(self.synced_upto, int(marker[0]))


# Event families whose payload is an entity's full state: (its model, how its events state it).
FAMILIES = {
    "complaint": (Complaint, complaint_state),
    "refund": (Refund, refund_state),
    "transfer": (Transfer, transfer_state),
}


class Mirror:
    """The entities as the desk's events tell them: each one's state in its latest event (read
    on from where the last check stopped)."""

    def __init__(self) -> None:
        self.seq = 0
        self.latest: dict[str, dict[str, Any]] = {}

    def check(self, where: str) -> None:
        """Every business row has its events and the latest carries the row as it is: no change
        committed without its event, no event without its change."""
        for row in (
            Event.select().where((Event.desk == DESK) & (Event.seq > self.seq)).order_by(Event.seq)
        ):
            if row.type.split(".")[0] in FAMILIES:
                self.latest[json.loads(row.plain_payload)["id"]] = json.loads(row.plain_payload)
            self.seq = row.seq
        seen = set()
        for family, (model, state_of) in FAMILIES.items():
            for row in model.select():
                seen.add(row.id)
                event = self.latest.get(row.id)
                assert event is not None, f"{where}: {family} {row.number} has no event"
                state = plain_json(state_of(row))
                state.pop("complaint_number", None)  # refunds: named in the event only
                differ = {k for k, v in state.items() if event.get(k) != v}
                assert not differ, (
                    f"{where}: {family} {row.number} differs from its event: {differ}"
                )
        assert set(self.latest) <= seen, f"{where}: events of entities the store lacks"


def check_store(reported: Reported, mirror: Mirror, where: str) -> None:
    """Each reported change there in at least the reported state; the chain whole and agreeing
    with the rows; SQLite sound."""
    for ident, state in reported.complaints.items():
        row = Complaint.get_or_none(Complaint.id == ident)
        assert row is not None, f"{where}: complaint {ident} lost"
        assert COMPLAINT_ORDER.index(row.state) >= COMPLAINT_ORDER.index(state), (
            f"{where}: complaint {ident} is {row.state}, was reported {state}"
        )
    for ident, (state, signed) in reported.refunds.items():
        row = Refund.get_or_none(Refund.id == ident)
        assert row is not None, f"{where}: refund {ident} lost"
        if state in REFUND_DECIDED:
            assert row.state == state, f"{where}: refund {ident} {row.state}, reported {state}"
        if signed:
            assert row.signed_at is not None, f"{where}: refund {ident} lost its signature"
    for ident, (state, signed, evidence) in reported.transfers.items():
        row = Transfer.get_or_none(Transfer.id == ident)
        assert row is not None, f"{where}: transfer {ident} lost"
        if state == TransferState.COMPLETED.value:
            assert row.state == state, f"{where}: transfer {ident} {row.state}, reported {state}"
        assert transfer_signatures(row) >= signed, f"{where}: transfer {ident} lost a signature"
        held = (
            TransferFile.select()
            .where((TransferFile.transfer_id == ident) & (TransferFile.role == EVIDENCE_ROLE))
            .count()
        )
        assert held >= evidence, f"{where}: transfer {ident} lost an evidence file"
    chain = verify_desk_chain(DESK)
    assert chain.intact, f"{where}: the desk's chain is broken: {chain}"
    mirror.check(where)
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok", where


def check_head_office(
    hq: LiveHQ, reported: Reported, data_dir: Path, keyring_file: Path, where: str
) -> None:
    """What a finished sync round reported is at head office; after one clean round, everything,
    once: events in order, no quarantine, the files exactly once."""
    store = hq.store()
    try:
        held = {e["seq"] for e in store.events_of(DESK)}
    finally:
        store.close()
    assert set(range(1, reported.synced_upto + 1)) <= held, f"{where}: reported sync lost events"
    result = hall_desk(data_dir, keyring_file, "sync-now")
    assert result.returncode == 0, f"{where}: {result.stdout}{result.stderr}"
    store = hq.store()
    try:
        events = store.events_of(DESK)
        files = store.files_of(HALL)
        quarantined = store.quarantined(DESK)
        conflicts = store.conflicts(DESK)
    finally:
        store.close()
    ids = [e["id"] for e in events]
    mine = [row.id for row in Event.select(Event.id).where(Event.desk == DESK).order_by(Event.seq)]
    assert len(ids) == len(set(ids)), f"{where}: head office holds an event twice"
    assert ids == mine, f"{where}: head office's events differ from the desk's"
    assert [e["seq"] for e in events] == list(range(1, len(mine) + 1)), where
    assert not quarantined and not conflicts, f"{where}: {quarantined} {conflicts}"
    status = hq.status()[DESK]
    assert status["chain_state"] == "intact", f"{where}: {status}"
    queue = outbox.queue_status(DESK)
    assert (queue.waiting, queue.dead_letters, queue.files_waiting, queue.files_failed) == (
        0,
        0,
        0,
        0,
    ), f"{where}: {queue}"
    sent = [f["sha256"] for f in files]
    assert len(sent) == len(set(sent)), f"{where}: head office holds a file twice"
    meant = {
        row.sha256
        for row in StoredFile.select(StoredFile.sha256).where(StoredFile.upload == True)  # noqa: E712
    }
    assert set(sent) == meant, f"{where}: files differ"
    # Every completed transfer's agreements are among them, whole.
    for row in Transfer.select().where(Transfer.state == TransferState.COMPLETED.value):
        for document in json.loads(row.documents):
            assert document["sha256"] in set(sent), f"{where}: {row.number} agreement missing"
            content = bytes(StoredFile.get_by_id(document["sha256"]).content)
            assert hashlib.sha256(content).hexdigest() == document["sha256"], where


def start_worker(
    data_dir: Path, keyring_file: Path, seed: int, *args: str, fault: str = ""
) -> subprocess.Popen[str]:
    """The worker; with ``fault`` it also kills itself at that named point (``hall_desk.faults``)."""
    extra = {faults.ENV: fault} if fault else {}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash.worker", str(data_dir), str(seed), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=desk_env(keyring_file, **extra),
    )


def kill_services_at_random(
    kills: int, data_dir: Path, keyring_file: Path, hq: LiveHQ, check_hq_every: int
) -> Reported:
    seed = int(os.environ.get(SEED_ENV) or random.randrange(2**32))
    print(f"crash harness seed: {seed} (replay: {SEED_ENV}={seed})")
    rng = random.Random(seed)
    reported, mirror = Reported(), Mirror()
    started, named = time.monotonic(), 0
    for kill in range(1, kills + 1):
        where = f"{SEED_ENV}={seed}, kill {kill}"
        # A quarter of the lives also die at a named point, whichever comes first: inside a
        # transaction after its writes, or in an upload or a pull at the worst moment.
        fault = rng.choice(faults.POINTS) if rng.random() < FAULT_SHARE else ""
        process = start_worker(data_dir, keyring_file, rng.randrange(2**32), fault=fault)
        assert process.stdout is not None
        ready = process.stdout.readline()
        if ready.strip() != "ready":
            process.kill()
            pytest.fail(f"{where}: the worker did not start: {process.communicate()[1]}")
        time.sleep(rng.uniform(0.0, LONGEST_LIFE))
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)
        assert process.returncode == KILLED, f"{where}: the worker failed by itself:\n{err}"
        reported.read(out)
        if fault and f"killing myself at {fault}" in err:
            named += 1
        check_store(reported, mirror, where)
        if kill % check_hq_every == 0 or kill == kills:
            check_head_office(hq, reported, data_dir, keyring_file, where)
    print(
        f"{kills} kills survived with 0 lost and 0 doubled in {time.monotonic() - started:.0f} s:"
        f" {reported.lines} changes reported done ({len(reported.complaints)} complaints,"
        f" {len(reported.refunds)} refunds, {len(reported.transfers)} transfers),"
        f" {named} of the kills at a named point,"
        f" {Event.select().where(Event.desk == DESK).count()} events at head office"
    )
    return reported


def test_killed_at_random_moments_nothing_lost(
    cli_registered: str, hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    """50 kills (CI), in every service and in sync rounds."""
    reported = kill_services_at_random(50, data_dir, keyring_file, hq, check_hq_every=10)
    # The harness did real work of every kind (else it proved nothing).
    assert reported.complaints and reported.refunds and reported.transfers
    assert reported.synced_upto > 0


@pytest.mark.soak
def test_killed_at_random_moments_nothing_lost_soak(
    cli_registered: str, hq: LiveHQ, data_dir: Path, keyring_file: Path
) -> None:
    """1,000 kills: run with ``-m soak``."""
    kill_services_at_random(1000, data_dir, keyring_file, hq, check_hq_every=50)


def snapshot(store: Path) -> dict[str, str]:
    """Every table's rows (but staff: signing in writes its own transaction), hashed."""
    connection = sqlite3.connect(store)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'staff'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]  # their shadow tables are compared
        return {
            table: hashlib.sha256(
                repr(
                    sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                ).encode()
            ).hexdigest()
            for table in tables
        }
    finally:
        connection.close()


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_killed_inside_an_actions_transaction_leaves_no_trace(
    action: str, cli_registered: str, data_dir: Path, keyring_file: Path, store: Path
) -> None:
    """Killed after the action's rows and event are written, before COMMIT: neither is there."""
    process = start_worker(data_dir, keyring_file, 1, action)
    assert process.stdout is not None and process.stdin is not None
    prepared = process.stdout.readline()
    while prepared.startswith("DONE"):  # what preparing it reported
        prepared = process.stdout.readline()
    if not prepared.startswith("PREPARED"):
        process.kill()
        pytest.fail(f"{action}: not prepared: {process.communicate()[1]}")
    before = snapshot(store)
    events_before = Event.select().count()
    process.stdin.write("go\n")
    process.stdin.flush()
    out, err = process.communicate(timeout=60)
    assert process.returncode == KILLED, err
    assert "killing myself at before-commit" in err
    assert "DONE" not in out and "survived" not in out
    after = snapshot(store)
    assert {t for t in before if before[t] != after.get(t)} == set()
    assert Event.select().count() == events_before
    assert verify_desk_chain(DESK).intact
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
