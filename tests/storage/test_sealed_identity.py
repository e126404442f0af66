"""Identity data at rest (issue 9, DOMAIN.md "Keeping records"): the parties' 证件号码, 姓名 and 住址
are nowhere in clear in the desk's database file — neither in the ``transfer`` table nor in the
stored ``transfer.*`` event payloads, this desk's own or pulled from another desk — yet read back
exactly through the services, the chain verifies on the plaintext and the upload carries the
plaintext. An older plaintext store is sealed once. No keyring, a lost key, a wrong key: typed
errors, nothing saved, nothing crashes."""

from __future__ import annotations

import base64
import json
import secrets
import sqlite3
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest

from hall_desk import credentials
from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import PartyRole
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.identity import seal_stored_identity
from hall_desk.services.transfers import (
    TransferForm,
    complete_transfer,
    get_transfer,
    open_transfer,
    recent_transfers,
    reveal_id_number,
    sign_as_clerk,
    sign_as_customer,
    update_transfer,
)
from hall_desk.storage import sealed
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.events import events_of_desk, verify_desk_chain
from hall_desk.storage.models import Event, Transfer
from hall_desk.sync import downlink, outbox
from tests.documents.samples import signature_png
from tests.hq.envelopes import transfer_state
from tests.sync.cli_helpers import hall_desk
from tests.sync.downlink_events import OTHER_DESK, other_desk
from tests.sync.fixtures import DESK, HALL
from tests.sync.keyrings import MemoryKeyring

# Identity data no other record holds (the clerk's own name, 张三, legitimately is in clear).
OWNER = {
    "id_type": "居民身份证",
    "id_number": "310104198512250047",
    "name": "欧阳娜娜",
    "address": "上海市徐汇区漕溪北路88号",
}
NEW_OWNER = {
    "id_type": "居民身份证",
    "id_number": "110101199003071233",
    "name": "司马青山",
    "address": "北京市东城区东直门南大街9号",
}
AGENT = {
    "id_type": "护照",
    "id_number": "E98765432",
    "name": "诸葛明远",
    "address": "广州市天河区体育西路123号",
}
PULLED = {
    "from": {
        "name": "慕容雪晴",
        "id_type": "居民身份证",
        "id_number": "11010119900307451X",
        "address": "南京市鼓楼区中山路321号",
    },
    "to": {
        "name": "上官云飞",
        "id_type": "居民身份证",
        "id_number": "440106199003071231",
        "address": "深圳市福田区深南大道456号",
    },
}


STALE_ADDRESS = "上海市徐汇区漕溪北路旧址77号"


def secrets_typed() -> list[str]:
    values = []
    for party in (OWNER, NEW_OWNER, AGENT, PULLED["from"], PULLED["to"]):
        values += [party["id_number"], party["name"], party["address"]]
    return values


def form(**changes: Any) -> TransferForm:
    made = TransferForm(
        kind="过户",
        phone="138 0013 8000",
        account_type="预付费",
        opened_on=date(2026, 9, 1),
        opened_checked_where="BOSS 客户信息页",
        new_owner=dict(NEW_OWNER),
        registered_owner=dict(OWNER),
        agents=[("新机主", dict(AGENT))],
    )
    for key, value in changes.items():
        setattr(made, key, value)
    return made


def file_bytes(store: Path) -> bytes:
    """The database file and its WAL, as anyone copying them would have them."""
    data = store.read_bytes()
    wal = store.with_name(store.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def in_clear(store: Path) -> list[str]:
    data = file_bytes(store)
    return [value for value in secrets_typed() if value.encode("utf-8") in data]


def completed(ctx: DeskContext, clerk: StaffSession) -> str:
    view = open_transfer(ctx, clerk, form())
    for who in (PartyRole.REGISTERED_OWNER, PartyRole.NEW_OWNER):
        sign_as_customer(ctx, clerk, view.id, who, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png(300, 100))
    complete_transfer(ctx, clerk, view.id)
    return view.id


def pull_one(ctx: DeskContext) -> str:
    transfer_id = str(uuid.uuid4())
    state = transfer_state(OTHER_DESK, transfer_id, parties=PULLED)
    result = downlink.apply_page(
        [other_desk().next("transfer.opened", state)],
        hall=HALL,
        desk=DESK,
        after=0,
        cursor=1,
        at=ctx.clock.now(),
    )
    assert result.applied == 1, result.reasons
    return transfer_id


def test_identity_data_is_nowhere_in_clear_and_reads_back_exactly(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path
) -> None:
    clerk, manager = hall["clerk"], hall["manager"]
    done_id = completed(ctx, clerk)
    filling = open_transfer(ctx, clerk, form())
    update_transfer(
        ctx,
        clerk,
        filling.id,
        form(new_owner={**NEW_OWNER, "address": "北京市东城区东直门南大街10号"}),
    )
    pulled_id = pull_one(ctx)

    assert in_clear(store) == []
    for table_value in database.execute_sql("SELECT parties, signatures FROM transfer").fetchall():
        assert all(sealed.is_sealed(v) for v in table_value if v != "{}")
    stored = Event.select().where(Event.type.startswith("transfer."))
    assert stored.count() >= 7 and all(sealed.payload_is_sealed(e.payload) for e in stored)

    # Read back through storage and the services: the exact values.
    assert json.loads(Transfer.get_by_id(done_id).parties)["registered_owner"] == OWNER
    assert json.loads(Transfer.get_by_id(pulled_id).parties) == PULLED
    assert reveal_id_number(ctx, manager, done_id, "agents.0") == AGENT["id_number"]
    assert reveal_id_number(ctx, clerk, filling.id, "new_owner") == NEW_OWNER["id_number"]
    view = get_transfer(ctx, manager, filling.id)
    assert view.draft.new_owner.address == "北京市东城区东直门南大街10号"
    assert view.draft.new_owner.name == NEW_OWNER["name"]
    assert view.draft.new_owner.id_number == "110101********1233"  # masked in every view
    signed = get_transfer(ctx, manager, done_id).signatures
    assert signed["registered_owner"]["signer_name"] == OWNER["name"]

    # The chain verifies on the plaintext; the events read back (and upload) as plaintext.
    report = verify_desk_chain(DESK)
    assert report.intact, report.reason
    own = [e for e in events_of_desk(DESK) if e["type"] == "transfer.opened"]
    assert own[0]["payload"]["parties"]["new_owner"] == NEW_OWNER
    batch = outbox.next_batch(DESK)
    opened = next(e for e in batch if e["type"] == "transfer.opened")
    assert opened["payload"]["parties"]["registered_owner"] == OWNER
    # The timeline's entity index still finds a transfer's events by its id.
    found = database.execute_sql(
        "SELECT count(*) FROM event WHERE entity = event_entity_key(?)", (done_id,)
    ).fetchone()[0]
    assert (
        found
        == Event.select().where(Event.type.startswith("transfer.") & (Event.desk == DESK)).count()
        - 2
    )  # 2: the other one

    # Closed (WAL folded into the file) and reopened: still nothing in clear, still readable.
    close_store()
    assert in_clear(store) == []
    open_store(store)
    assert json.loads(Transfer.get_by_id(pulled_id).parties)["to"] == PULLED["to"]


def test_a_sealed_value_moved_to_another_row_does_not_open(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    first = open_transfer(ctx, hall["clerk"], form())
    second = open_transfer(ctx, hall["clerk"], form(new_owner={**NEW_OWNER, "name": "司马白"}))
    moved = database.execute_sql(
        "SELECT parties FROM transfer WHERE id = ?", (first.id,)
    ).fetchone()[0]
    database.execute_sql("UPDATE transfer SET parties = ? WHERE id = ?", (moved, second.id))
    with pytest.raises(DomainError) as caught:
        Transfer.get_by_id(second.id).parties  # noqa: B018
    assert caught.value.code == "identity.key_wrong"
    assert not get_transfer(ctx, hall["manager"], second.id).identity_readable  # listed, not read


def _plaintext_store(ctx: DeskContext, hall: dict[str, StaffSession], store: Path) -> str:
    """A store as the app wrote it before sealing: the same rows with their identity data in
    clear (written back by hand, the append-only trigger out of the way as a tamperer would)."""
    transfer_id = completed(ctx, hall["clerk"])
    pull_one(ctx)
    plain_columns = [
        (row_id, Transfer.get_by_id(row_id).parties, Transfer.get_by_id(row_id).signatures)
        for (row_id,) in database.execute_sql("SELECT id FROM transfer").fetchall()
    ]
    plain_events = [
        (e.id, e.plain_payload) for e in Event.select().where(Event.type.startswith("transfer."))
    ]
    close_store()
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA secure_delete = 0")  # as the app ran before: freed cells kept their bytes
    conn.execute("DROP TRIGGER event_append_only_update")
    for row_id, parties, signatures in plain_columns:
        # A version changed since, long enough to take overflow pages: freed, they keep it.
        earlier = parties.replace(OWNER["address"], STALE_ADDRESS + "。" * 3000)
        conn.execute("UPDATE transfer SET parties = ? WHERE id = ?", (earlier, row_id))
        conn.commit()
        conn.execute(
            "UPDATE transfer SET parties = ?, signatures = ? WHERE id = ?",
            (parties, signatures, row_id),
        )
    for event_id, payload in plain_events:
        conn.execute("UPDATE event SET payload = ? WHERE id = ?", (payload, event_id))
    conn.execute(
        "CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event BEGIN "
        "SELECT RAISE(ABORT, 'the event log is append-only'); END"
    )
    conn.commit()
    conn.close()
    return transfer_id


def test_an_older_plaintext_store_is_sealed_once_at_opening(
    hall: dict[str, StaffSession], ctx: DeskContext, store: Path
) -> None:
    transfer_id = _plaintext_store(ctx, hall, store)
    assert OWNER["id_number"].encode() in file_bytes(store)  # the old store, in clear
    assert STALE_ADDRESS.encode() in file_bytes(store)  # and an earlier version in a freed cell

    open_store(store)
    assert sealed.plaintext_rows() > 0
    assert seal_stored_identity() >= 8  # 2 transfers' columns, their events
    assert sealed.plaintext_rows() == 0
    assert in_clear(store) == []  # no freed page, no WAL frame left with the old plaintext
    assert STALE_ADDRESS.encode() not in file_bytes(store)
    assert seal_stored_identity() == 0  # done once: the store is marked
    assert sealed.sealing_done() and sealed.seal_plaintext_rows() == 0  # and idempotent anyway
    assert verify_desk_chain(DESK).intact  # same logical events
    assert (
        reveal_id_number(ctx, hall["manager"], transfer_id, "registered_owner")
        == OWNER["id_number"]
    )
    with pytest.raises(Exception, match="append-only"):
        database.execute_sql("UPDATE event SET actor = 'x'")  # the trigger is back
    close_store()
    assert in_clear(store) == []


def _lose_field_key() -> None:
    keyring.delete_password(credentials.FIELD_SERVICE, DESK)
    sealed.forget_key()


def counts() -> tuple[int, int]:
    return Transfer.select().count(), Event.select().count()


def test_a_lost_key_refuses_transfers_and_is_never_replaced_silently(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    filling = open_transfer(ctx, clerk, form())
    _lose_field_key()
    before = counts()
    for attempt in (
        lambda: open_transfer(ctx, clerk, form()),
        lambda: update_transfer(ctx, clerk, filling.id, form(phone="13900001111")),
        lambda: reveal_id_number(ctx, clerk, filling.id, "new_owner"),
    ):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "identity.key_missing"
    assert counts() == before  # nothing saved, not even an event
    assert keyring.get_password(credentials.FIELD_SERVICE, DESK) is None  # no new key over the data
    listed = recent_transfers(ctx, clerk)  # the list keeps working
    assert [v.identity_readable for v in listed] == [False]
    assert listed[0].number == filling.number and listed[0].draft.new_owner.name == ""
    assert seal_stored_identity() == 0  # nothing to do, no crash


def test_a_wrong_key_is_a_typed_error_and_seals_nothing_new(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    filling = open_transfer(ctx, clerk, form())
    keyring.set_password(
        credentials.FIELD_SERVICE, DESK, base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    )
    sealed.forget_key()
    before = counts()
    for attempt in (
        lambda: open_transfer(ctx, clerk, form()),
        lambda: update_transfer(ctx, clerk, filling.id, form(phone="13900001111")),
        lambda: reveal_id_number(ctx, hall["manager"], filling.id, "new_owner"),
    ):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "identity.key_wrong"
    assert counts() == before
    assert not get_transfer(ctx, clerk, filling.id).identity_readable


class FieldKeyringFails(MemoryKeyring):
    """A keyring that keeps everything but the field key (as a backend that refuses it)."""

    def get_password(self, service: str, username: str) -> str | None:
        if service == credentials.FIELD_SERVICE:
            raise keyring.errors.KeyringLocked("locked")
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if service == credentials.FIELD_SERVICE:
            raise keyring.errors.PasswordSetError("refused")
        super().set_password(service, username, password)


def test_no_keyring_for_the_field_key_refuses_before_anything_is_saved(
    hall: dict[str, StaffSession], ctx: DeskContext, memory_keyring: MemoryKeyring
) -> None:
    failing = FieldKeyringFails()
    failing.secrets = dict(memory_keyring.secrets)
    keyring.set_keyring(failing)
    sealed.forget_key()
    with pytest.raises(DomainError) as caught:
        open_transfer(ctx, hall["clerk"], form())
    assert caught.value.code == "identity.keyring_unavailable"
    assert Transfer.select().count() == 0
    assert recent_transfers(ctx, hall["clerk"]) == []
    # A pulled transfer is not stored unsealed either: the page is not applied, kept for later.
    with pytest.raises(DomainError):
        pull_one(ctx)
    assert Transfer.select().count() == 0


def test_verify_audit_passes_on_a_desk_with_sealed_transfers(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    completed(ctx, hall["clerk"])
    pull_one(ctx)
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(
        json.dumps(
            {
                f"{service}|{user}": value
                for (service, user), value in memory_keyring.secrets.items()
            }
        )
    )
    close_store()
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "event chain whole" in result.stdout
    keyring_file.write_text("{}")  # the key gone: said plainly, not a crash
    result = hall_desk(store.parent, keyring_file, "verify-audit")
    assert result.returncode == 1
    assert "identity.key_missing" in result.stderr and "Traceback" not in result.stderr


def test_upgrading_a_pre_sealing_store_leaves_no_copy_in_clear(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
) -> None:
    """The upgrade copy is taken before the one-time sealing step: it held identity data in clear,
    so it is removed once the store is sealed (and the user told so)."""
    from hall_desk.services.identity import seal_stored_identity
    from hall_desk.storage.db import UPGRADE_BACKUP_DIR, last_upgrade_backup
    from hall_desk.storage.schema import MIGRATIONS

    _plaintext_store(ctx, hall, store)  # as the app wrote it before sealing (closed)
    conn = sqlite3.connect(store)  # ... at the schema before this release's last migration
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    conn.commit()
    conn.close()
    last = MIGRATIONS[-1]
    MIGRATIONS[-1] = lambda conn: None  # its change is already there
    try:
        open_store(store)
    finally:
        MIGRATIONS[-1] = last
    upgrade = last_upgrade_backup()
    assert upgrade is not None and upgrade.path.exists()
    assert OWNER["id_number"].encode() in upgrade.path.read_bytes()  # the copy: in clear
    assert seal_stored_identity() > 0
    assert in_clear(store) == []
    assert not upgrade.path.exists()
    assert list((store.parent / UPGRADE_BACKUP_DIR).glob("*.sqlite3")) == []


def test_two_threads_making_the_first_field_key_get_the_same_key(
    hall: dict[str, StaffSession], ctx: DeskContext, memory_keyring: MemoryKeyring
) -> None:
    """The UI thread (a first transfer) and the sync thread (a pulled transfer) both find no key;
    a real keyring is slow IPC, so both used to make one and one thread sealed with a lost key."""
    import threading
    import time

    from hall_desk import credentials

    real_get = memory_keyring.get_password

    def slow_get(service: str, user: str) -> str | None:
        value = real_get(service, user)
        time.sleep(0.05)  # Credential Manager / Secret Service round trip
        return value

    memory_keyring.get_password = slow_get  # type: ignore[method-assign]
    sealed.forget_key()
    try:
        got: list[bytes] = []
        threads = [
            threading.Thread(target=lambda: got.append(sealed.key(create=True))) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        memory_keyring.get_password = real_get  # type: ignore[method-assign]
    kept = credentials.field_key("HA01-02", create=False)
    assert got == [kept, kept]


def test_a_transfer_payload_is_compressed_before_it_is_sealed_and_old_ones_still_open(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 22: ciphertext does not compress, so a 过户's payload is compressed, then sealed; a
    payload sealed before (its JSON sealed as it was) still opens to the same text."""
    transfer_id = completed(ctx, hall["clerk"])
    rows = list(Event.select().where(Event.type.startswith("transfer.")).order_by(Event.seq))
    assert len(rows) >= 4, "opened, three signatures, completed"
    for event in rows:
        text = event.plain_payload
        assert json.loads(text)["id"] == transfer_id
        stored = event.payload
        assert sealed.payload_is_sealed(stored)
        inner = json.loads(stored)[sealed.PAYLOAD_KEY]
        # the sealed form is much smaller than sealing the JSON itself would be (base64 of it)
        assert len(inner) < len(base64.b64encode(text.encode("utf-8"))) * 0.8, event.type
        # a payload sealed the old way (the JSON itself) opens to the same text
        old_inner = sealed._seal_bytes(text, "event", event.id)
        old = sealed.seal_payload_wrapper(text, old_inner)
        assert sealed.open_payload(event.id, old) == text
        assert sealed.open_payload(event.id, stored) == text
        # bound to its event as before
        with pytest.raises(DomainError) as caught:
            sealed.open_payload(str(uuid.uuid4()), stored)
        assert caught.value.code == "identity.key_wrong"
    assert verify_desk_chain(DESK).intact
