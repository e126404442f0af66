"""Key escrow from the desk's side (issue 9), against a real head office: the keys go at the end of a
sync round, sealed (head office's copy holds none of them in clear), again only when they change; a
changed head-office key is refused; a tampered escrow or another desk's token gives a typed error;
the opening needs the one-time recovery code head office issued with the desk's new token (issue
15: a token alone gets ``escrow.release_required``); the opening and the release are audited on the
hall's head-office chain and desks keep both events without a dead letter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import keyring
import pytest

from hall_desk import credentials
from hall_desk.hq.escrow_keeper import EscrowKeeper
from hall_desk.services import escrow as desk_escrow
from hall_desk.services import signing, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Event, PullDeadLetter, Setting
from hall_desk.sync import escrow
from hall_desk.sync.transport import HQClient
from tests.hq.live import LiveHQ
from tests.sync.desk_history import escrowed_keys
from tests.sync.fixtures import DESK, HALL


def held_at_head_office(hq: LiveHQ) -> tuple[int, str] | None:
    store = hq.store()
    try:
        return store.escrow_of(DESK)
    finally:
        store.close()


def opened_by_head_office(hq: LiveHQ) -> escrow.Bundle:
    held = held_at_head_office(hq)
    assert held is not None
    key = EscrowKeeper(hq.escrow_key_path).private_key()
    data = escrow.open_sealed(json.loads(held[1]), key, escrow.stored_context(DESK))
    return escrow.decode_bundle(data, DESK)


@pytest.fixture
def keyed(registered: str, hall: dict[str, StaffSession], ctx: DeskContext) -> dict[str, Any]:
    """The desk's keys: backup key, field key, and the signing key (with its passphrase)."""
    signing.hall_key(DESK, HALL, "人民路营业厅", ctx.clock.now())
    keys = escrowed_keys()
    assert set(keys) == set(credentials.ESCROWED_SERVICES)
    return keys


def test_the_keys_are_escrowed_sealed_and_again_only_when_they_change(
    keyed: dict[str, str], ctx: DeskContext, hq: LiveHQ
) -> None:
    report = sync.sync_now(ctx)
    assert report.ok and report.escrowed == 1 and report.escrow_error == ""
    version, text = held_at_head_office(hq)  # type: ignore[misc]
    assert version == 1
    signing_key = Setting.get_by_id(signing.KEY_SETTING).value
    for secret in [*keyed.values(), signing_key, signing_key.splitlines()[1]]:
        assert secret not in text  # only ciphertext at head office
    bundle = opened_by_head_office(hq)
    assert bundle.keyring == keyed
    assert bundle.settings[signing.KEY_SETTING] == signing_key
    assert bundle.settings[signing.CERT_SETTING] == signing.certificate_pem().decode()  # type: ignore[union-attr]
    for secret in keyed.values():  # nor in any log line
        assert secret not in hq.log_text()

    assert sync.sync_now(ctx).escrowed is None  # nothing changed: nothing sent
    assert held_at_head_office(hq)[0] == 1  # type: ignore[index]

    # a new field key (the old one lost from the keyring) goes at the next round
    keyring.delete_password(credentials.FIELD_SERVICE, DESK)
    new_field = credentials.field_key(DESK, create=True)
    assert sync.sync_now(ctx).escrowed == 2
    assert opened_by_head_office(hq).keyring[credentials.FIELD_SERVICE] == (
        __import__("base64").b64encode(new_field).decode()  # type: ignore[arg-type]
    )


def test_another_head_office_key_is_refused_not_trusted(
    keyed: dict[str, str], ctx: DeskContext, hq: LiveHQ
) -> None:
    assert sync.sync_now(ctx).escrowed == 1
    impostor = escrow.public_text(escrow.new_private_key())
    with unit_of_work():  # as if the key pinned at the first escrow were another one
        Setting.replace(key=desk_escrow.PIN_SETTING, value=impostor).execute()
    credentials.backup_key(DESK, create=False)
    keyring.delete_password(credentials.BACKUP_SERVICE, DESK)
    credentials.backup_key(DESK, create=True)  # a change to escrow
    report = sync.sync_now(ctx)
    assert report.ok  # the events went; the keys did not
    assert report.escrowed is None and report.escrow_error == desk_escrow.KEY_CHANGED
    assert held_at_head_office(hq)[0] == 1  # type: ignore[index]


def test_a_tampered_escrow_or_another_desks_token_gives_a_typed_error(
    keyed: dict[str, str], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    assert sync.sync_now(ctx).escrowed == 1
    # another desk's token (and its own recovery code) opens that desk's escrow, never this one's
    hq.add_desk("HA01-03")
    other, other_code = hq.reissue("HA01-03")
    with HQClient(hq.url, other) as client, pytest.raises(desk_escrow.EscrowRefused) as caught:
        desk_escrow.open_escrow(DESK, client, other_code)
    assert caught.value.code == escrow.ESCROW_NONE
    # a byte changed in head office's only copy
    store = hq.store()
    try:
        _, text = store.escrow_of(DESK)  # type: ignore[misc]
        sealed = json.loads(text)
        sealed["nonce"] = escrow.public_text(escrow.new_private_key())[:16]
        store._conn.execute("UPDATE desk_escrow SET sealed = ?", (json.dumps(sealed),))
    finally:
        store.close()
    token, code = hq.reissue(DESK)
    with HQClient(hq.url, token) as client, pytest.raises(desk_escrow.EscrowRefused) as caught:
        desk_escrow.restore_from_escrow(DESK, client, code)
    assert caught.value.code == escrow.ESCROW_UNOPENABLE
    assert credentials.escrowed_secrets(DESK) == keyed  # nothing overwritten


def test_a_token_without_its_recovery_code_gets_no_keys_and_a_clear_reason(
    keyed: dict[str, str], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    """Issue 15, finding 7: the desk's own (or a stolen) token alone opens nothing."""
    from hall_desk import cli

    assert sync.sync_now(ctx).escrowed == 1
    for code in ("", "7KQ2-M9XD-4TRV-0HCW"):
        with (
            HQClient(hq.url, registered) as client,
            pytest.raises(desk_escrow.EscrowRefused) as caught,
        ):
            desk_escrow.open_escrow(DESK, client, code)
        assert caught.value.code == escrow.ESCROW_RELEASE_REQUIRED
    assert "recovery code" in cli.reason(caught.value) and "--new-token" in cli.reason(caught.value)
    store = hq.store()
    try:
        assert not [e for e in store.events_of("HA01-00") if e["type"] == "escrow.opened"]
    finally:
        store.close()


def test_an_opening_is_kept_by_the_halls_desks_as_audit(
    keyed: dict[str, str], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    assert sync.sync_now(ctx).escrowed == 1
    token, code = hq.reissue(DESK)
    with HQClient(hq.url, token) as client:
        version, bundle = desk_escrow.open_escrow(DESK, client, code)
    assert version == 1 and bundle.keyring == keyed
    # this desk's own keyring gets the new token, as a new PC would (the old one is revoked)
    credentials.save_token(DESK, token)
    assert sync.sync_now(ctx).ok
    audit = [json.loads(e.payload) for e in Event.select().where(Event.type == "escrow.opened")]
    assert [(a["desk"], a["version"]) for a in audit] == [(DESK, 1)]
    released = [
        json.loads(e.payload) for e in Event.select().where(Event.type == "escrow.released")
    ]
    assert [r["desk"] for r in released] == [DESK] and set(released[0]) == {"desk", "expires_at"}
    assert PullDeadLetter.select().count() == 0


def test_nothing_to_escrow_asks_head_office_nothing(
    registered: str, ctx: DeskContext, hq: LiveHQ, tmp_path: Path
) -> None:
    for service in credentials.ESCROWED_SERVICES:  # no key made yet (none is made at set-up)
        if keyring.get_password(service, DESK) is not None:
            keyring.delete_password(service, DESK)
    report = sync.sync_now(ctx)
    assert report.ok and report.escrowed is None and held_at_head_office(hq) is None


def test_an_escrow_head_office_lost_is_sent_again(
    keyed: dict[str, str], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    assert sync.sync_now(ctx).escrowed == 1
    with HQClient(hq.url, registered) as client:
        who = client.who_am_i()
    assert (who.escrow_reported, who.escrow_version) == (True, 1)
    assert sync.sync_now(ctx).escrowed is None
    store = hq.store()
    try:  # head office's database restored from before the escrow
        store._conn.execute("DELETE FROM desk_escrow")
    finally:
        store.close()
    report = sync.sync_now(ctx)
    assert report.hq_escrow == (None,) and report.escrowed == 1
    assert opened_by_head_office(hq).keyring == keyed
    assert sync.sync_now(ctx).escrowed is None


def test_recovery_codes_are_random_typeable_and_read_back_forgivingly() -> None:
    codes = {escrow.new_recovery_code() for _ in range(200)}
    assert len(codes) == 200  # 80 random bits each
    assert len(escrow.RECOVERY_ALPHABET) ** escrow.RECOVERY_SYMBOLS >= 2**64
    assert not set("ILOU") & set(escrow.RECOVERY_ALPHABET)  # nothing to misread
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert escrow.normalise_recovery_code(code) == code.replace("-", "")
    assert escrow.normalise_recovery_code(" 7kq2 m9xd-4trv oHcw ") == "7KQ2M9XD4TRV0HCW"
    assert escrow.normalise_recovery_code("IL00-0000-0000-0000") == "1100000000000000"
    for wrong in ("", "7KQ2-M9XD-4TRV", "7KQ2-M9XD-4TRV-0HCWX", "7KQ2-M9XD-4TRV-0HC!", None, 7):
        assert escrow.normalise_recovery_code(wrong) is None
    # the digest head office keeps is the desk's: the same code for another desk differs
    assert escrow.recovery_code_digest(
        "HA01-02", "7KQ2M9XD4TRV0HCW"
    ) != escrow.recovery_code_digest("HA01-03", "7KQ2M9XD4TRV0HCW")
