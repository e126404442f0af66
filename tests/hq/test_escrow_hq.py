"""Key escrow at head office (issue 9), over HTTP against a real head office on both stores: the escrow
key pair made on first use and kept in a 0600 file, only ciphertext stored, each desk opening only
its own escrow (re-sealed to its ephemeral key), the opening audited on the hall's head-office chain,
hostile bodies refused with a clear 4xx."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.hq.escrow_keeper import EscrowKeeper
from hall_desk.hq.store import LATEST_VERSION, DeskIdentity, HQStore
from hall_desk.sync import escrow
from tests.hq.live import LiveHQ
from tests.hq.test_files_hq import make_store_at

DESK, OTHER = "HA01-02", "HA01-03"
SECRET = "c2VjcmV0LWJhY2t1cC1rZXktMzItYnl0ZXMtbG9uZyE="  # stands for a keyring value


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    live_hq.add_hall("HA01", "人民路营业厅")
    live_hq.add_hall("HB02", "解放路营业厅")
    return live_hq


@pytest.fixture
def tokens(hq: LiveHQ) -> dict[str, str]:
    return {DESK: hq.add_desk(DESK), OTHER: hq.add_desk(OTHER)}


@pytest.fixture
def client(hq: LiveHQ) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hq.url, timeout=30) as client:
        yield client


def bundle(desk: str) -> bytes:
    return escrow.Bundle(desk, {"hall_desk backup key": SECRET}, {"signing.cert": "PEM"}).encode()


def put_escrow(client: httpx.Client, hq: LiveHQ, token: str, desk: str) -> httpx.Response:
    key = client.get(escrow.ESCROW_KEY_PATH, headers=hq.auth(token)).json()["public_key"]
    sealed = escrow.seal(bundle(desk), escrow.parse_public_key(key), escrow.stored_context(desk))
    return client.put(
        escrow.ESCROW_PATH, headers=hq.auth(token), json={"protocol": 1, "sealed": sealed}
    )


def open_escrow(client: httpx.Client, hq: LiveHQ, token: str, desk: str) -> bytes:
    ephemeral = escrow.new_private_key()
    reply = client.post(
        escrow.ESCROW_OPEN_PATH,
        headers=hq.auth(token),
        json={"protocol": 1, "public_key": escrow.public_text(ephemeral)},
    )
    assert reply.status_code == 200, reply.text
    return escrow.open_sealed(reply.json()["sealed"], ephemeral, escrow.opened_context(desk))


def test_the_escrow_key_is_made_once_in_a_private_file_and_only_ciphertext_is_stored(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    assert not hq.escrow_key_path.exists()  # made on first use
    first = client.get(escrow.ESCROW_KEY_PATH, headers=hq.auth(tokens[DESK])).json()["public_key"]
    assert stat.S_IMODE(os.stat(hq.escrow_key_path).st_mode) == 0o600
    hq.restart()
    again = client.get(escrow.ESCROW_KEY_PATH, headers=hq.auth(tokens[OTHER])).json()["public_key"]
    assert again == first  # the same key after a restart
    private = hq.escrow_key_path.read_text().strip()
    assert private not in hq.log_text()

    stored = put_escrow(client, hq, tokens[DESK], DESK)
    assert stored.status_code == 200 and stored.json()["version"] == 1
    store = hq.store()
    try:
        version, text = store.escrow_of(DESK)  # type: ignore[misc]
    finally:
        store.close()
    assert version == 1
    assert SECRET not in text and base64.b64decode(SECRET).hex() not in text and "PEM" not in text
    # ... and it is the bundle, sealed to head office's key for this desk
    keeper = EscrowKeeper(hq.escrow_key_path)
    opened = escrow.open_sealed(json.loads(text), keeper.private_key(), escrow.stored_context(DESK))
    assert opened == bundle(DESK)
    # another blob replaces it as the next version
    assert put_escrow(client, hq, tokens[DESK], DESK).json()["version"] == 2


def test_a_desk_opens_only_its_own_escrow_and_the_opening_is_audited(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    # the other desk holds none: its token gets nothing, certainly not HA01-02's keys
    ephemeral = escrow.new_private_key()
    none = client.post(
        escrow.ESCROW_OPEN_PATH,
        headers=hq.auth(tokens[OTHER]),
        json={"protocol": 1, "public_key": escrow.public_text(ephemeral)},
    )
    assert none.status_code == 404 and none.json()["error"] == escrow.ESCROW_NONE
    # once it has its own, its token opens that one, sealed for HA01-03 only
    put_escrow(client, hq, tokens[OTHER], OTHER)
    assert open_escrow(client, hq, tokens[OTHER], OTHER) == bundle(OTHER)
    assert open_escrow(client, hq, tokens[DESK], DESK) == bundle(DESK)
    # no token, an unknown one, an operator's: refused
    operator = hq.add_operator("zhou.min")
    body = {"protocol": 1, "public_key": escrow.public_text(ephemeral)}
    assert client.post(escrow.ESCROW_OPEN_PATH, json=body).status_code == 401
    assert (
        client.post(
            escrow.ESCROW_OPEN_PATH, json=body, headers=hq.auth("hd1_" + "x" * 40)
        ).status_code
        == 401
    )
    assert (
        client.post(escrow.ESCROW_OPEN_PATH, json=body, headers=hq.auth(operator)).status_code
        == 403
    )
    # each opening is an event on the hall's head-office chain, naming the desk, never a key
    store = hq.store()
    try:
        audit = [e for e in store.events_of("HA01-00") if e["type"] == "escrow.opened"]
        assert [(e["payload"]["desk"], e["actor"]) for e in audit] == [
            (OTHER, f"desk:{OTHER}"),
            (DESK, f"desk:{DESK}"),
        ]
        assert SECRET not in json.dumps(audit)
        assert store.chain_of("HA01-00").chain.state.value == "intact"
    finally:
        store.close()


def test_a_revoked_token_opens_nothing_and_a_reissued_one_does(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    store = hq.store()
    try:
        new_token = store.add_desk(DESK, new_token_for_existing=True)  # the PC was replaced
    finally:
        store.close()
    ephemeral = escrow.new_private_key()
    old = client.post(
        escrow.ESCROW_OPEN_PATH,
        headers=hq.auth(tokens[DESK]),
        json={"protocol": 1, "public_key": escrow.public_text(ephemeral)},
    )
    assert old.status_code == 401
    assert open_escrow(client, hq, new_token, DESK) == bundle(DESK)


def test_a_tampered_or_moved_blob_does_not_open(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    put_escrow(client, hq, tokens[OTHER], OTHER)
    store = hq.store()
    try:
        _, text = store.escrow_of(DESK)  # type: ignore[misc]
        sealed = json.loads(text)
        ct = bytearray(base64.b64decode(sealed["ct"]))
        ct[3] ^= 0x01
        tampered = json.dumps({**sealed, "ct": base64.b64encode(bytes(ct)).decode()})
        store.put_escrow(DeskIdentity(DESK, "HA01", False), tampered)
        # HA01-03's blob copied into its own row still opens as HA01-03's only
        _, other_text = store.escrow_of(OTHER)  # type: ignore[misc]
    finally:
        store.close()
    ephemeral = escrow.new_private_key()
    body = {"protocol": 1, "public_key": escrow.public_text(ephemeral)}
    reply = client.post(escrow.ESCROW_OPEN_PATH, headers=hq.auth(tokens[DESK]), json=body)
    assert reply.status_code == 409 and reply.json()["error"] == escrow.ESCROW_UNOPENABLE
    store = hq.store()
    try:
        store.put_escrow(DeskIdentity(DESK, "HA01", False), other_text)  # moved to another desk
    finally:
        store.close()
    reply = client.post(escrow.ESCROW_OPEN_PATH, headers=hq.auth(tokens[DESK]), json=body)
    assert reply.status_code == 409 and reply.json()["error"] == escrow.ESCROW_UNOPENABLE
    assert "Traceback" not in hq.log_text()


HOSTILE_PUTS: list[tuple[Any, int, str]] = [
    (b"not json", 400, "body.not_json"),
    (b"[1, 2]", 400, "request.invalid"),
    (json.dumps({"sealed": {}}).encode(), 400, "protocol.unsupported"),
    (json.dumps({"protocol": 1}).encode(), 400, escrow.ESCROW_INVALID),
    (
        json.dumps(
            {"protocol": 1, "sealed": {"format": "x", "epk": "", "nonce": "", "ct": ""}}
        ).encode(),
        400,
        escrow.ESCROW_INVALID,
    ),
    (
        json.dumps(
            {
                "protocol": 1,
                "sealed": {
                    "format": escrow.SEAL_FORMAT,
                    "epk": "AAAA",
                    "nonce": "AAAA",
                    "ct": "AAAA",
                },
            }
        ).encode(),
        400,
        escrow.ESCROW_INVALID,
    ),
    (
        json.dumps(
            {
                "protocol": 1,
                "sealed": {
                    "format": escrow.SEAL_FORMAT,
                    "epk": "A" * 43 + "=",
                    "nonce": "A" * 16,
                    "ct": "A" * 100_000,
                },
            }
        ).encode(),
        413,
        escrow.ESCROW_TOO_LARGE,
    ),
    (b"[" * 100_000, 400, "body.too_deep"),
]


@pytest.mark.parametrize(("body", "status", "code"), HOSTILE_PUTS)
def test_hostile_escrow_bodies_get_a_clear_refusal(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client, body: bytes, status: int, code: str
) -> None:
    reply = client.put(
        escrow.ESCROW_PATH,
        content=body,
        headers={**hq.auth(tokens[DESK]), "Content-Type": "application/json"},
    )
    assert (reply.status_code, reply.json()["error"]) == (status, code)
    bad_key = client.post(
        escrow.ESCROW_OPEN_PATH,
        headers=hq.auth(tokens[DESK]),
        json={"protocol": 1, "public_key": "not a key"},
    )
    assert (bad_key.status_code, bad_key.json()["error"]) == (400, escrow.ESCROW_INVALID)
    store = hq.store()
    try:
        assert store.escrow_of(DESK) is None
    finally:
        store.close()


def test_a_desk_fetches_only_its_own_halls_files(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    pdf = b"%PDF-1.7\n" + "过户协议".encode() * 100
    sha = __import__("hashlib").sha256(pdf).hexdigest()
    put = client.put(
        f"/v1/files/{sha}",
        content=pdf,
        headers={**hq.auth(tokens[DESK]), "Content-Type": "application/pdf"},
    )
    assert put.status_code == 201
    mine = client.get(f"/v1/files/{sha}", headers=hq.auth(tokens[OTHER]))  # same hall
    assert mine.status_code == 200 and mine.content == pdf
    assert mine.headers["content-type"] == "application/pdf"
    stranger = hq.add_desk("HB02-01")
    other_hall = client.get(f"/v1/files/{sha}", headers=hq.auth(stranger))
    assert other_hall.status_code == 404 and other_hall.json()["error"] == "file.unknown"
    assert client.get(f"/v1/files/{sha}").status_code == 401
    assert client.get("/v1/files/XYZ", headers=hq.auth(tokens[DESK])).status_code == 400


def test_a_store_of_schema_4_gains_the_escrow_table(database_url: str) -> None:
    make_store_at(database_url, 4)
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() == LATEST_VERSION
        store.add_hall("HA01", "人民路营业厅")
        store.add_desk(DESK)
        desk = DeskIdentity(DESK, "HA01", False)
        assert store.put_escrow(desk, '{"a":1}')[0] == 1
        assert store.put_escrow(desk, '{"a":1}')[0] == 1  # the same blob: no new version
        assert store.put_escrow(desk, '{"a":2}')[0] == 2
        assert store.escrow_of(DESK) == (2, '{"a":2}')
        assert store.record_escrow_opened(desk, 2)["seq"] == 1
    finally:
        store.close()


def test_without_an_escrow_key_head_office_says_so(tmp_path: Path) -> None:
    """A head office with no key file (PostgreSQL without --escrow-key) keeps no escrow."""
    import asyncio

    from hall_desk.hq.app import create_app

    store = HQStore.open(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    try:
        store.add_hall("HA01", "人民路营业厅")
        auth = {"Authorization": f"Bearer {store.add_desk(DESK)}"}
        app = create_app(store, escrow_keeper=EscrowKeeper(None))

        async def ask() -> tuple[httpx.Response, httpx.Response]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hq") as http:
                key = await http.get(escrow.ESCROW_KEY_PATH, headers=auth)
                put = await http.put(
                    escrow.ESCROW_PATH, headers=auth, json={"protocol": 1, "sealed": {}}
                )
                return key, put

        key, put = asyncio.run(ask())
        assert key.status_code == 503 and key.json()["error"] == escrow.ESCROW_UNAVAILABLE
        assert put.status_code == 503 and put.json()["error"] == escrow.ESCROW_UNAVAILABLE
        assert store.escrow_of(DESK) is None
    finally:
        store.close()


def test_a_low_order_ephemeral_key_is_refused_not_a_crash(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    zeros = base64.b64encode(bytes(32)).decode()
    reply = client.post(
        escrow.ESCROW_OPEN_PATH,
        headers=hq.auth(tokens[DESK]),
        json={"protocol": 1, "public_key": zeros},
    )
    assert (reply.status_code, reply.json()["error"]) == (400, escrow.ESCROW_INVALID)
    store = hq.store()
    try:  # not opened: no audit event
        assert not [e for e in store.events_of("HA01-00") if e["type"] == "escrow.opened"]
    finally:
        store.close()


@pytest.mark.parametrize("content", ["", "   \n", "not base64 at all", "\xff\xfe"])
def test_an_empty_or_damaged_key_file_is_a_clear_error_never_a_new_key(
    tmp_path: Path, content: str
) -> None:
    """A truncated (or touched) key file may have been the real key: making a new one would leave
    every desk's escrow unopenable, so head office says so instead (it used to recurse forever)."""
    from hall_desk.hq.escrow_keeper import EscrowKeyError

    path = tmp_path / "hq.sqlite3.escrow-key"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(EscrowKeyError) as refused:
        EscrowKeeper(path).public_key()
    assert str(path) in str(refused.value)
    assert path.read_bytes() == content.encode("latin-1")  # left as found
