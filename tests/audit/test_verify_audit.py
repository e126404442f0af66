"""``hall-desk verify-audit``: the desk's whole chain re-checked from a real store, and the first bad
event named when a row was altered the way someone with the database file could alter it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage import compact
from hall_desk.storage.db import close_store
from hall_desk.storage.events import verify_desk_chain
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK, add_events

TARGET = 7  # the event tampered with


@pytest.fixture
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keyring") / "keyring.json"


@pytest.fixture
def log(hall: dict[str, StaffSession], ctx: DeskContext, store: Path) -> Path:
    """A desk with a few dozen events, the store closed so a "tamperer" can open the file."""
    add_events(ctx, 30)
    close_store()
    return store


def tamper(store: Path, sql: str, *params: object) -> str:
    """Run ``sql`` on event seq TARGET with the append-only triggers out of the way (as anyone
    holding the file could); returns the event's id."""
    conn = sqlite3.connect(store)
    try:
        event_id = conn.execute(
            "SELECT id FROM event WHERE desk = ? AND seq = ?", (DESK, TARGET)
        ).fetchone()[0]
        conn.executescript(
            "DROP TRIGGER event_append_only_update; DROP TRIGGER event_append_only_delete;"
        )
        conn.execute(sql, (*params, DESK, TARGET))
        conn.commit()
        return event_id
    finally:
        conn.close()


def payload_of(store: Path) -> dict:
    conn = sqlite3.connect(store)
    try:
        row = conn.execute("SELECT payload FROM event WHERE desk = ? AND seq = ?", (DESK, TARGET))
        return json.loads(compact.decode(row.fetchone()[0], conn))  # the stored form, decoded
    finally:
        conn.close()


def test_a_whole_chain_passes(log: Path, keyring_file: Path) -> None:
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 0, result.stdout + result.stderr
    total = sqlite3.connect(log).execute("SELECT count(*) FROM event WHERE desk = ?", (DESK,))
    assert f"event chain whole, {total.fetchone()[0]} events checked from seq 1" in result.stdout


def test_changed_payload_is_named(log: Path, keyring_file: Path) -> None:
    payload = payload_of(log)
    payload["n"] = 999
    event_id = tamper(
        log,
        "UPDATE event SET payload = ? WHERE desk = ? AND seq = ?",
        json.dumps(payload, sort_keys=True, separators=(",", ":")),
    )
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert (
        f"BROKEN at seq {TARGET} (event {event_id}): changed: the hash does not match"
        in result.stdout
    )
    assert f"the {TARGET - 1} events before it are whole" in result.stdout


def test_payload_that_cannot_be_hashed_is_named(log: Path, keyring_file: Path) -> None:
    """A float cannot be in canonical JSON: named as changed, not an unreadable log."""
    event_id = tamper(log, "UPDATE event SET payload = '{\"n\":1.5}' WHERE desk = ? AND seq = ?")
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert f"BROKEN at seq {TARGET} (event {event_id}): changed:" in result.stdout


def test_changed_hash_is_named(log: Path, keyring_file: Path) -> None:
    event_id = tamper(log, "UPDATE event SET hash = ? WHERE desk = ? AND seq = ?", "0" * 64)
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert (
        f"BROKEN at seq {TARGET} (event {event_id}): changed: the hash does not match"
        in result.stdout
    )


def test_rehashed_event_breaks_the_next_link(log: Path, keyring_file: Path) -> None:
    """Content changed and its hash recomputed: the next event's prev no longer matches."""
    from hall_desk.domain.envelope import envelope_hash

    conn = sqlite3.connect(log)
    cols = ("id", "hall", "desk", "seq", "type", "schema", "at", "actor", "payload", "prev")
    row = conn.execute(
        f"SELECT {', '.join(cols)} FROM event WHERE desk = ? AND seq = ?", (DESK, TARGET)
    ).fetchone()
    after_id = conn.execute(
        "SELECT id FROM event WHERE desk = ? AND seq = ?", (DESK, TARGET + 1)
    ).fetchone()[0]
    conn.close()
    envelope = dict(zip(cols, row, strict=True))
    envelope["payload"] = {**json.loads(compact.decode(envelope["payload"])), "n": 999}
    envelope["prev"] = compact.digest_text(envelope["prev"])  # stored as its 32 bytes
    tamper(
        log,
        "UPDATE event SET payload = ?, hash = ? WHERE desk = ? AND seq = ?",
        json.dumps(envelope["payload"]),
        envelope_hash(envelope),
    )
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert f"BROKEN at seq {TARGET + 1} (event {after_id}): broken link" in result.stdout


def test_deleted_event_is_named_as_missing(log: Path, keyring_file: Path) -> None:
    tamper(log, "DELETE FROM event WHERE desk = ? AND seq = ?")
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert f"BROKEN at seq {TARGET + 1}" in result.stdout
    assert f"gap: seq {TARGET} is missing" in result.stdout


def test_progress_is_reported_while_streaming(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    add_events(ctx, 2_500)
    seen: list[int] = []
    report = verify_desk_chain(DESK, seen.append, every=1_000)
    assert report.intact and report.count > 2_500
    assert seen == [1_000, 2_000]


def test_removed_last_events_that_head_office_answered_for_are_named(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, keyring_file: Path
) -> None:
    """The chain alone cannot show its last events were cut off; head office's answers can."""
    add_events(ctx, 10)
    close_store()
    conn = sqlite3.connect(store)
    last = conn.execute("SELECT max(seq) FROM event WHERE desk = ?", (DESK,)).fetchone()[0]
    conn.execute(  # head office answered for every event (as the uploader records it)
        "INSERT INTO sync_delivery (seq, event_id, outcome, reason, detail, answered_at)"
        " SELECT seq, id, 'stored', '', '', '2026-11-22T02:00:00.000000Z' FROM event"
        " WHERE desk = ?",
        (DESK,),
    )
    conn.executescript("DROP TRIGGER event_append_only_delete;")
    conn.execute("DELETE FROM event WHERE desk = ? AND seq >= ?", (DESK, last - 1))
    conn.commit()
    conn.close()
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert (
        f"stops at seq {last - 2} but head office answered for events up to seq {last}"
        in result.stdout
    )
    assert f"seq {last - 1}–{last} missing" in result.stdout


def test_a_first_responder_differing_from_its_creation_is_named(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path, keyring_file: Path
) -> None:
    """首问责任制 (issue 20): the triggers stop statements, not someone who drops them."""
    from hall_desk.services.complaints import record_complaint
    from tests.storage.test_store import draft

    for _ in range(2):
        record_complaint(ctx, hall["clerk"], draft())
    close_store()
    log = store
    whole = hall_desk(log.parent, keyring_file, "verify-audit")
    assert whole.returncode == 0, whole.stdout + whole.stderr
    conn = sqlite3.connect(log)
    compact.register_functions(conn)
    number = conn.execute("SELECT number FROM complaint ORDER BY number LIMIT 1").fetchone()[0]
    conn.execute("DROP TRIGGER complaint_first_responder_fixed")
    conn.execute("UPDATE complaint SET first_responder_no = '3002' WHERE number = ?", (number,))
    conn.commit()
    created = conn.execute(
        "SELECT json_extract(event_payload(payload), '$.first_responder_no') FROM event"
        " WHERE type = 'complaint.created'"
        " AND json_extract(event_payload(payload), '$.number') = ?",
        (number,),
    ).fetchone()[0]
    conn.close()
    result = hall_desk(log.parent, keyring_file, "verify-audit")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "event chain whole" in result.stdout
    assert (
        "1 complaints whose first responder differs from their complaint.created:" in result.stdout
    )
    assert f"  {number}: first responder 3002, complaint.created says {created}" in result.stdout
