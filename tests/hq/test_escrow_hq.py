"""Key escrow at head office (issue 9), over HTTP against a real head office on both stores: the escrow
key pair made on first use and kept in a 0600 file, only ciphertext stored, each desk opening only
its own escrow (re-sealed to its ephemeral key), the opening audited on the hall's head-office chain,
hostile bodies refused with a clear 4xx.

Issue 15: a desk token alone opens nothing — the one-time recovery code ``add-desk --new-token``
issues (72 hours, that desk only, single use, voided by 5 wrong guesses) must come with it, and its
issue is ``escrow.released`` on the chain; every version a desk sent is kept, a blob head office
cannot open as that desk's escrow is refused at PUT, and opening falls back from the newest version
that does not open, saying which one opened."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.domain.clock import FixedClock, SystemClock, parse_utc_iso
from hall_desk.hq.escrow_keeper import EscrowKeeper
from hall_desk.hq.store import LATEST_VERSION, DeskIdentity, DeskReissue, HQStore
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


def reissue(hq: LiveHQ, desk: str, clock: Any = None) -> DeskReissue:
    """``hall-desk-hq add-desk DESK --new-token``: a new token and the recovery code."""
    store = HQStore.open(hq.database, clock=clock)
    try:
        return store.reissue_desk(desk)
    finally:
        store.close()


def ask_open(
    client: httpx.Client, hq: LiveHQ, token: str, code: str | None = None
) -> tuple[httpx.Response, Any]:
    """POST …/escrow/open with a fresh ephemeral key (and the recovery code, if any)."""
    ephemeral = escrow.new_private_key()
    body: dict[str, Any] = {"protocol": 1, "public_key": escrow.public_text(ephemeral)}
    if code is not None:
        body["recovery_code"] = code
    return client.post(escrow.ESCROW_OPEN_PATH, headers=hq.auth(token), json=body), ephemeral


def open_escrow(client: httpx.Client, hq: LiveHQ, token: str, desk: str, code: str) -> bytes:
    reply, ephemeral = ask_open(client, hq, token, code)
    assert reply.status_code == 200, reply.text
    return escrow.open_sealed(reply.json()["sealed"], ephemeral, escrow.opened_context(desk))


def chain_events(hq: LiveHQ, kind: str) -> list[dict[str, Any]]:
    store = hq.store()
    try:
        assert store.chain_of("HA01-00").chain.state.value == "intact"
        return [e for e in store.events_of("HA01-00") if e["type"] == kind]
    finally:
        store.close()


def test_the_escrow_key_is_made_once_in_a_private_file_and_only_ciphertext_is_stored(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    # SQLite: made on first use; PostgreSQL (issue 18): never, ``escrow-key new`` made it
    assert hq.escrow_key_path.exists() == (hq.database_path is None)
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
    # another blob is kept beside it as the next version; the first stays as it was
    assert put_escrow(client, hq, tokens[DESK], DESK).json()["version"] == 2
    store = hq.store()
    try:
        versions = store.escrow_versions(DESK)
    finally:
        store.close()
    assert [v for v, _ in versions] == [2, 1] and versions[1][1] == text
    desk_info = client.get("/v1/desk", headers=hq.auth(tokens[DESK])).json()
    assert desk_info["escrow_version"] == 2


def test_a_desk_opens_only_its_own_escrow_and_the_opening_is_audited(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    mine, other = reissue(hq, DESK), reissue(hq, OTHER)
    # the other desk holds none: its token and code get nothing, certainly not HA01-02's keys
    none, _ = ask_open(client, hq, other.token, other.recovery_code)
    assert none.status_code == 404 and none.json()["error"] == escrow.ESCROW_NONE
    # HA01-02's code with HA01-03's token: refused like no code at all
    swapped, _ = ask_open(client, hq, other.token, mine.recovery_code)
    assert (swapped.status_code, swapped.json()["error"]) == (403, escrow.ESCROW_RELEASE_REQUIRED)
    # once it has its own, its token and code open that one, sealed for HA01-03 only
    put_escrow(client, hq, other.token, OTHER)
    assert open_escrow(client, hq, other.token, OTHER, other.recovery_code) == bundle(OTHER)  # type: ignore[arg-type]
    assert open_escrow(client, hq, mine.token, DESK, mine.recovery_code) == bundle(DESK)  # type: ignore[arg-type]
    # no token, an unknown one, an operator's: refused
    operator = hq.add_operator("zhou.min")
    ephemeral = escrow.new_private_key()
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
    audit = chain_events(hq, "escrow.opened")
    assert [(e["payload"]["desk"], e["payload"]["version"], e["actor"]) for e in audit] == [
        (OTHER, 1, f"desk:{OTHER}"),
        (DESK, 1, f"desk:{DESK}"),
    ]
    assert SECRET not in json.dumps(audit)


def test_a_desk_token_alone_opens_no_escrow(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    """Issue 15, finding 7: a stolen desk token does not yield the desk's keys."""
    put_escrow(client, hq, tokens[DESK], DESK)
    for code in (None, "", "not a code", "0000-0000-0000-0000", 12345678):
        reply, _ = ask_open(client, hq, tokens[DESK], code)  # type: ignore[arg-type]
        assert (reply.status_code, reply.json()["error"]) == (403, escrow.ESCROW_RELEASE_REQUIRED)
        assert "add-desk" in reply.json()["message"] and "--new-token" in reply.json()["message"]
        assert "sealed" not in reply.json()
    assert chain_events(hq, "escrow.opened") == []  # nothing opened


def test_a_recovery_code_opens_once_for_its_desk_within_72_hours(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    before = SystemClock().now()
    issued = reissue(hq, DESK)
    assert issued.recovery_code is not None and issued.escrow_version == 1
    code = issued.recovery_code
    assert len(code) == 19 and code.count("-") == 3  # four groups of four
    assert escrow.normalise_recovery_code(code) is not None
    expires = parse_utc_iso(issued.expires_at)  # type: ignore[arg-type]
    assert timedelta(hours=72) <= expires - before < timedelta(hours=72, minutes=5)
    # the release is an event on the hall's head-office chain: which desk, until when; no code
    [released] = chain_events(hq, "escrow.released")
    assert released["payload"] == {"desk": DESK, "expires_at": issued.expires_at}
    assert released["desk"] == "HA01-00"
    assert escrow.normalise_recovery_code(code) not in json.dumps(released)
    # the old token stopped working; the new one with the code opens, as a person typed it
    typed = code.lower().replace("-", " ").replace("0", "o")
    assert open_escrow(client, hq, issued.token, DESK, typed) == bundle(DESK)
    reply, _ = ask_open(client, hq, tokens[DESK], code)
    assert reply.status_code == 401
    # used once: the same code again is refused
    again, _ = ask_open(client, hq, issued.token, code)
    assert (again.status_code, again.json()["error"]) == (403, escrow.ESCROW_RELEASE_REQUIRED)
    assert len(chain_events(hq, "escrow.opened")) == 1
    raw = hq.log_text()
    assert code not in raw and escrow.normalise_recovery_code(code) not in raw


def test_an_expired_replaced_or_guessed_at_code_opens_nothing(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    # issued 73 hours ago by head office's clock: expired
    old = reissue(hq, DESK, clock=FixedClock(SystemClock().now() - timedelta(hours=73)))
    expired, _ = ask_open(client, hq, old.token, old.recovery_code)
    assert (expired.status_code, expired.json()["error"]) == (403, escrow.ESCROW_RELEASE_REQUIRED)
    # a new --new-token replaces an unused earlier code: the earlier one no longer opens
    first = reissue(hq, DESK)
    second = reissue(hq, DESK)
    replaced, _ = ask_open(client, hq, second.token, first.recovery_code)
    assert replaced.status_code == 403
    # four wrong guesses (the replaced code was the first) leave the code good; the fifth voids it
    for n in range(3):
        wrong, _ = ask_open(client, hq, second.token, f"AAAA-AAAA-AAAA-AAA{n}")
        assert wrong.status_code == 403
    assert open_escrow(client, hq, second.token, DESK, second.recovery_code) == bundle(DESK)  # type: ignore[arg-type]
    third = reissue(hq, DESK)
    for n in range(5):
        wrong, _ = ask_open(client, hq, third.token, f"AAAA-AAAA-AAAA-AAA{n}")
        assert wrong.status_code == 403
    void, _ = ask_open(client, hq, third.token, third.recovery_code)
    assert (void.status_code, void.json()["error"]) == (403, escrow.ESCROW_RELEASE_REQUIRED)
    assert [e["payload"]["version"] for e in chain_events(hq, "escrow.opened")] == [1]
    assert len(chain_events(hq, "escrow.released")) == 4


def test_a_revoked_token_opens_nothing_and_a_reissued_one_does(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    issued = reissue(hq, DESK)  # the PC was replaced
    old, _ = ask_open(client, hq, tokens[DESK], issued.recovery_code)
    assert old.status_code == 401
    assert open_escrow(client, hq, issued.token, DESK, issued.recovery_code) == bundle(DESK)  # type: ignore[arg-type]


def test_opening_falls_back_from_a_version_that_does_not_open_and_says_which_opened(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    put_escrow(client, hq, tokens[DESK], DESK)
    put_escrow(client, hq, tokens[OTHER], OTHER)
    desk = DeskIdentity(DESK, "HA01", False)
    store = hq.store()
    try:  # versions that slipped in without the check at PUT (an older head office kept them)
        _, text = store.escrow_of(DESK)  # type: ignore[misc]
        sealed = json.loads(text)
        ct = bytearray(base64.b64decode(sealed["ct"]))
        ct[3] ^= 0x01
        store.put_escrow(desk, json.dumps({**sealed, "ct": base64.b64encode(bytes(ct)).decode()}))
        _, other_text = store.escrow_of(OTHER)  # type: ignore[misc]
        store.put_escrow(desk, other_text)  # HA01-03's blob: opens as HA01-03's only
    finally:
        store.close()
    issued = reissue(hq, DESK)
    reply, ephemeral = ask_open(client, hq, issued.token, issued.recovery_code)
    assert reply.status_code == 200, reply.text
    assert (reply.json()["version"], reply.json()["newest"]) == (1, 3)
    opened = escrow.open_sealed(reply.json()["sealed"], ephemeral, escrow.opened_context(DESK))
    assert opened == bundle(DESK)
    [audit] = chain_events(hq, "escrow.opened")
    assert audit["payload"]["version"] == 1
    assert "Traceback" not in hq.log_text()


def test_when_no_version_opens_the_code_is_kept_and_nothing_is_sent(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    store = hq.store()
    try:
        store.put_escrow(DeskIdentity(DESK, "HA01", False), '{"format":"x"}')
    finally:
        store.close()
    issued = reissue(hq, DESK)
    reply, _ = ask_open(client, hq, issued.token, issued.recovery_code)
    assert (reply.status_code, reply.json()["error"]) == (409, escrow.ESCROW_UNOPENABLE)
    assert chain_events(hq, "escrow.opened") == []
    put_escrow(client, hq, issued.token, DESK)  # a good one arrives: the same code opens it
    assert open_escrow(client, hq, issued.token, DESK, issued.recovery_code) == bundle(DESK)  # type: ignore[arg-type]


def test_an_escrow_blob_head_office_cannot_open_is_refused_and_the_good_one_kept(
    hq: LiveHQ, tokens: dict[str, str], client: httpx.Client
) -> None:
    """Issue 15, finding 6: a blob head office cannot open never replaces the desk's good one."""
    assert put_escrow(client, hq, tokens[DESK], DESK).json()["version"] == 1
    key = escrow.parse_public_key(
        client.get(escrow.ESCROW_KEY_PATH, headers=hq.auth(tokens[DESK])).json()["public_key"]
    )
    elsewhere = escrow.new_private_key().public_key()
    unopenable = {
        "sealed to another key": escrow.seal(bundle(DESK), elsewhere, escrow.stored_context(DESK)),
        "sealed for another desk": escrow.seal(bundle(DESK), key, escrow.stored_context(OTHER)),
        "another desk's bundle": escrow.seal(bundle(OTHER), key, escrow.stored_context(DESK)),
        "not a bundle": escrow.seal(b"{}", key, escrow.stored_context(DESK)),
    }
    for what, sealed in unopenable.items():
        reply = client.put(
            escrow.ESCROW_PATH,
            headers=hq.auth(tokens[DESK]),
            json={"protocol": 1, "sealed": sealed},
        )
        assert (reply.status_code, reply.json()["error"]) == (422, escrow.ESCROW_UNOPENABLE), what
    store = hq.store()
    try:
        assert [v for v, _ in store.escrow_versions(DESK)] == [1]
    finally:
        store.close()
    assert client.get("/v1/desk", headers=hq.auth(tokens[DESK])).json()["escrow_version"] == 1
    issued = reissue(hq, DESK)
    assert open_escrow(client, hq, issued.token, DESK, issued.recovery_code) == bundle(DESK)  # type: ignore[arg-type]


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
        assert store.put_escrow(desk, '{"a":1}')[0] == 1  # an older one again: still version 1
        assert store.escrow_of(DESK) == (2, '{"a":2}')
        assert store.escrow_versions(DESK) == [(2, '{"a":2}'), (1, '{"a":1}')]
        code = store.reissue_desk(DESK).recovery_code
        assert code is not None and store.check_escrow_release(
            desk,
            escrow.normalise_recovery_code(code),  # type: ignore[arg-type]
        )
        opened = store.record_escrow_opened(
            desk,
            2,
            recovery_code=escrow.normalise_recovery_code(code),  # type: ignore[arg-type]
        )
        assert (opened["seq"], opened["type"]) == (2, "escrow.opened")  # after escrow.released
    finally:
        store.close()


def test_a_store_of_schema_5_keeps_its_escrow_as_the_first_of_its_versions(
    database_url: str,
) -> None:
    """HQ schema 6: the one escrow a schema-5 head office held per desk becomes that desk's
    version (its number kept); later ones are added beside it."""
    now = "2026-11-20T08:00:00.000000Z"
    make_store_at(
        database_url,
        5,
        f"INSERT INTO hall (code, name, created_at) VALUES ('HA01', '人民路营业厅', '{now}')",
        f"INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)"
        f" VALUES ('HA01-00', 'HA01', 'head-office:HA01', NULL, '{now}')",
        "INSERT INTO chain (desk) VALUES ('HA01-00')",
        f"INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)"
        f" VALUES ('{DESK}', 'HA01', 'x', NULL, '{now}')",
        "INSERT INTO chain (desk) VALUES ('HA01-02')",
        f"INSERT INTO desk_escrow (desk, hall, version, sealed, sha256, stored_at)"
        f" VALUES ('{DESK}', 'HA01', 3, '{{\"v\":3}}', 'abc', '{now}')",
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() == LATEST_VERSION
        assert store.escrow_versions(DESK) == [(3, '{"v":3}')]
        assert store.put_escrow(DeskIdentity(DESK, "HA01", False), '{"v":4}')[0] == 4
        assert [v for v, _ in store.escrow_versions(DESK)] == [4, 3]
        assert [s.escrow_version for s in store.status() if s.desk == DESK] == [4]
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
    issued = reissue(hq, DESK)
    zeros = base64.b64encode(bytes(32)).decode()
    reply = client.post(
        escrow.ESCROW_OPEN_PATH,
        headers=hq.auth(issued.token),
        json={"protocol": 1, "public_key": zeros, "recovery_code": issued.recovery_code},
    )
    assert (reply.status_code, reply.json()["error"]) == (400, escrow.ESCROW_INVALID)
    assert chain_events(hq, "escrow.opened") == []  # not opened: no audit event
    # and the code was not used up by it
    assert open_escrow(client, hq, issued.token, DESK, issued.recovery_code) == bundle(DESK)  # type: ignore[arg-type]


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
