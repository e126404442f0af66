"""``hall-desk verify-audit`` after a retention purge: the redacted events pass as "redacted by
<event>" (links checked, content checked against the hash the purge recorded), and a real tamper
with a redacted event — its other content changed, its purge named wrongly — is still caught."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.retention import Part
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.retention import purge_records
from hall_desk.storage import compact
from hall_desk.storage.db import close_store
from tests.services.test_retention_service import (
    FIRST_DUE_2Y,
    completed_transfer,
    head_office_holds_everything,
)
from tests.sync.cli_helpers import hall_desk
from tests.sync.fixtures import DESK
from tests.sync.keyrings import MemoryKeyring


@pytest.fixture
def keyring_file(
    tmp_path_factory: pytest.TempPathFactory,
    memory_keyring: MemoryKeyring,
    purged: tuple[Path, str],
) -> Path:
    """The desk's keyring for the ``hall-desk`` subprocess: the field key opens the sealed
    ``transfer.*`` payloads the chain is checked on."""
    path = tmp_path_factory.mktemp("keyring") / "keyring.json"
    path.write_text(
        json.dumps(
            {
                f"{service}|{user}": value
                for (service, user), value in memory_keyring.secrets.items()
            }
        )
    )
    return path


@pytest.fixture
def purged(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, store: Path
) -> tuple[Path, str]:
    """A desk whose transfer's registered owner was purged; the store closed. (store, purge id)"""
    transfer_id = completed_transfer(ctx, hall["clerk"])
    clock.set(FIRST_DUE_2Y)
    head_office_holds_everything(clock.now())
    result = purge_records(ctx, hall["manager"], [(transfer_id, Part.REGISTERED_OWNER)])
    close_store()
    return store, result.event_id


def redacted_rows(store: Path) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(store)
    try:
        return conn.execute(
            "SELECT seq, id, redacted_by FROM event WHERE desk = ? AND redacted_by <> '' "
            "ORDER BY seq",
            (DESK,),
        ).fetchall()
    finally:
        conn.close()


def tamper(store: Path, sql: str, *params: object) -> None:
    """Change the file the way anyone holding it could: triggers out of the way."""
    conn = sqlite3.connect(store)
    try:
        conn.executescript(
            "DROP TRIGGER event_append_only_update; DROP TRIGGER event_append_only_delete;"
        )
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def test_redacted_events_pass_and_are_named(purged: tuple[Path, str], keyring_file: Path) -> None:
    store, purge_id = purged
    rows = redacted_rows(store)
    assert len(rows) >= 5
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "event chain whole" in result.stdout
    assert f"{len(rows)} events redacted by a retention purge" in result.stdout
    for seq, event_id, by in rows:
        assert by == purge_id
        assert f"seq {seq} (event {event_id}): redacted by {purge_id}" in result.stdout


def test_other_content_of_a_redacted_event_changed_is_caught(
    purged: tuple[Path, str], keyring_file: Path
) -> None:
    store, purge_id = purged
    seq, event_id, _ = redacted_rows(store)[-1]
    conn = sqlite3.connect(store)
    payload = json.loads(
        conn.execute("SELECT payload FROM event WHERE id = ?", (event_id,)).fetchone()[0]
    )
    conn.close()
    payload["phone"] = "13999999999"
    tamper(
        store,
        "UPDATE event SET payload = ? WHERE id = ?",
        json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        event_id,
    )
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert (
        f"BROKEN at seq {seq} (event {event_id}): changed after its redaction by {purge_id}"
        in result.stdout
    )


@pytest.mark.parametrize(
    ("redacted_by", "says"),
    [
        ("00000000-0000-4000-8000-000000000000", "an event this desk does not hold"),
        (
            "",
            "changed: the hash does not match",
        ),  # the redaction hidden: the content is not the hashed
    ],
)
def test_a_redaction_naming_no_real_purge_is_caught(
    purged: tuple[Path, str], keyring_file: Path, redacted_by: str, says: str
) -> None:
    store, _ = purged
    seq, event_id, _ = redacted_rows(store)[0]
    tamper(store, "UPDATE event SET redacted_by = ? WHERE id = ?", redacted_by, event_id)
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert f"BROKEN at seq {seq} (event {event_id}): " in result.stdout
    assert says in result.stdout


def test_a_purge_event_changed_to_cover_a_tamper_is_caught(
    purged: tuple[Path, str], keyring_file: Path
) -> None:
    store, purge_id = purged
    conn = sqlite3.connect(store)
    seq, payload = conn.execute(
        "SELECT seq, payload FROM event WHERE id = ?", (purge_id,)
    ).fetchone()
    changed = json.loads(compact.decode(payload, conn))  # the stored form, decoded
    conn.close()
    changed["redacted"] = {k: "0" * 64 for k in changed["redacted"]}
    tamper(
        store,
        "UPDATE event SET payload = ? WHERE id = ?",
        json.dumps(changed, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        purge_id,
    )
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    first_redacted = redacted_rows(store)[0][0]
    assert f"BROKEN at seq {min(seq, first_redacted)}" in result.stdout


def test_the_log_stays_append_only_for_anything_but_a_redaction(purged: tuple[Path, str]) -> None:
    store, _ = purged
    _, event_id, _ = redacted_rows(store)[0]
    conn = sqlite3.connect(store)
    try:
        for sql in (
            "UPDATE event SET payload = '{}' WHERE id = ?",  # no new redacting event named
            "UPDATE event SET actor = 'x', redacted_by = 'other' WHERE id = ?",
            "UPDATE event SET hash = 'x', redacted_by = 'other' WHERE id = ?",
            "DELETE FROM event WHERE id = ?",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql, (event_id,))
    finally:
        conn.close()
