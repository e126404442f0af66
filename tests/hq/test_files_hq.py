"""Head office and transfers (issue 7): files sent by SHA-256 (``PUT /v1/files/{sha256}``), kept once,
refused for good when they are not what they claim; transfer events stored and applied. On both
stores (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.hq.store import (
    APPLICATION_ID,
    APPLICATION_NAME,
    LATEST_VERSION,
    POSTGRES,
    SQLITE,
    DeskIdentity,
    HQStore,
)
from hall_desk.hq.store.schema import _migration_steps
from hall_desk.sync.protocol import MAX_FILE_BYTES, upload_request
from tests.hq.envelopes import DeskChain, file_entry, transfer_state
from tests.hq.live import LiveHQ

DESK = "HA01-02"
PDF = b"%PDF-1.7\n" + "过户协议".encode() * 500 + b"\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
HTML = b"<!doctype html><html><body>%PDF-</body></html>"


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    live_hq.add_hall("HA01", "人民路营业厅")
    live_hq.seed_staff()
    return live_hq


@pytest.fixture
def token(hq: LiveHQ) -> str:
    return hq.add_desk(DESK)


@pytest.fixture
def client(hq: LiveHQ, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hq.url, headers=hq.auth(token), timeout=30) as client:
        yield client


def put(
    client: httpx.Client,
    content: bytes,
    media_type: str = "application/pdf",
    name: str | None = None,
    token: str | None = None,
) -> httpx.Response:
    headers = {"Content-Type": media_type}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.put(f"/v1/files/{name or sha(content)}", content=content, headers=headers)


def held(hq: LiveHQ) -> list[dict[str, Any]]:
    store = hq.store()
    try:
        return store.files_of("HA01")
    finally:
        store.close()


def test_a_file_is_stored_once_and_an_operator_can_fetch_it(
    hq: LiveHQ, client: httpx.Client
) -> None:
    first = put(client, PDF)
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["outcome"], body["sha256"], body["size"]) == ("stored", sha(PDF), len(PDF))
    assert body["server_time"].endswith("Z")
    again = put(client, PDF)
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    photo = put(client, JPEG, "image/jpeg; charset=binary")
    assert photo.status_code == 201
    signature = put(client, PNG, "image/png")
    assert signature.status_code == 201
    files = held(hq)
    assert [(f["sha256"], f["desk"], f["media_type"], f["size"]) for f in files] == [
        (sha(PDF), DESK, "application/pdf", len(PDF)), (sha(JPEG), DESK, "image/jpeg", len(JPEG)),
        (sha(PNG), DESK, "image/png", len(PNG)),
    ]  # fmt: skip

    operator = hq.auth(hq.add_operator("li.wei"))
    fetched = httpx.get(
        f"{hq.url}/v1/ops/files/{sha(PDF)}?reason=核对协议", headers=operator, timeout=10
    )
    assert fetched.status_code == 200
    assert fetched.content == PDF and fetched.headers["content-type"] == "application/pdf"
    missing = httpx.get(
        f"{hq.url}/v1/ops/files/{'0' * 64}", headers={**operator, "X-Reason": "x"}, timeout=10
    )
    assert missing.status_code == 404 and missing.json()["error"] == "file.unknown"
    # A desk's token does not fetch files.
    assert client.get(f"/v1/ops/files/{sha(PDF)}").status_code == 403


def test_the_same_file_from_another_desk_is_a_duplicate_kept_as_the_first_senders(
    hq: LiveHQ, client: httpx.Client
) -> None:
    assert put(client, PDF).status_code == 201
    other = hq.add_desk("HA01-03")
    response = put(client, PDF, token=other)
    assert response.status_code == 200 and response.json()["outcome"] == "duplicate"
    assert [f["desk"] for f in held(hq)] == [DESK]


def test_bytes_that_do_not_hash_to_the_name_are_refused(hq: LiveHQ, client: httpx.Client) -> None:
    response = put(client, PDF, name=sha(JPEG))
    assert response.status_code == 422
    assert response.json()["error"] == "file.hash_mismatch"
    assert held(hq) == []


def test_a_file_over_the_limit_is_refused(hq: LiveHQ, client: httpx.Client) -> None:
    big = b"\0" * (MAX_FILE_BYTES + 1)
    response = put(client, big)
    assert response.status_code == 413 and response.json()["error"] == "file.too_large"

    def streamed() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(MAX_FILE_BYTES // (1024 * 1024) + 1):
            yield b"\0" * (1024 * 1024)

    response = client.put(
        f"/v1/files/{sha(big)}", content=streamed(), headers={"Content-Type": "application/pdf"}
    )
    assert response.status_code == 413 and response.json()["error"] == "file.too_large"
    assert held(hq) == []
    exactly = b"%PDF-" + b"\1" * (MAX_FILE_BYTES - 5)  # the limit itself is allowed
    assert put(client, exactly).status_code == 201


@pytest.mark.parametrize(
    ("name", "media_type", "content", "status", "error"),
    [
        ("0" * 63, "application/pdf", PDF, 400, "request.invalid"),
        (sha(PDF).upper(), "application/pdf", PDF, 400, "request.invalid"),
        (None, "text/html", PDF, 415, "file.media_type"),
        (None, "", PDF, 415, "file.media_type"),
        (None, "application/pdf", b"", 400, "file.empty"),
        (None, "image/png", HTML, 415, "file.type_mismatch"),
        (None, "application/pdf", HTML, 415, "file.type_mismatch"),
        (None, "application/pdf", JPEG, 415, "file.type_mismatch"),
        (None, "image/jpeg", PNG, 415, "file.type_mismatch"),
        (None, "image/png", JPEG, 415, "file.type_mismatch"),
        (None, "image/jpeg", b"\xff\xd8", 415, "file.type_mismatch"),
        (None, "application/pdf", b" %PDF-1.7", 415, "file.type_mismatch"),
    ],
)  # fmt: skip
def test_what_is_not_a_file_head_office_takes_is_refused_with_a_code(
    hq: LiveHQ,
    client: httpx.Client,
    name: str | None,
    media_type: str,
    content: bytes,
    status: int,
    error: str,
) -> None:
    response = put(client, content, media_type, name=name)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert held(hq) == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer hd1_not-a-token-head-office-knows"},
        {"Authorization": "Basic x"},
    ],
)
def test_without_a_desk_token_no_file_is_taken(hq: LiveHQ, headers: dict[str, str]) -> None:
    response = httpx.put(
        f"{hq.url}/v1/files/{sha(PDF)}",
        content=PDF,
        headers={"Content-Type": "application/pdf", **headers},
        timeout=10,
    )
    assert response.status_code == 401 and response.json()["error"] == "auth.invalid"
    operator = hq.auth(hq.add_operator("li.wei"))
    response = httpx.put(
        f"{hq.url}/v1/files/{sha(PDF)}",
        content=PDF,
        headers={"Content-Type": "application/pdf", **operator},
        timeout=10,
    )
    assert response.status_code == 403 and response.json()["error"] == "auth.wrong_kind"
    assert held(hq) == []


def test_a_revoked_desk_sends_no_file(hq: LiveHQ, client: httpx.Client) -> None:
    hq.revoke(DESK)
    response = put(client, PDF)
    assert response.status_code == 403 and response.json()["error"] == "auth.revoked"
    assert held(hq) == []


def test_transfer_events_are_applied_not_quarantined(hq: LiveHQ, client: httpx.Client) -> None:
    chain = DeskChain(DESK)
    transfer_id = str(uuid.uuid4())
    opened = transfer_state(DESK, transfer_id)
    attached = transfer_state(DESK, transfer_id, files=[file_entry(sha(JPEG))])
    completed = transfer_state(
        DESK, transfer_id, "已完成", files=attached["files"],
        documents=[{"role": "agreement", "name": "过户协议.pdf", "sha256": sha(PDF),
                    "size": len(PDF), "media_type": "application/pdf", "fingerprint": "ab12"}],
        completed_at="2026-11-22T02:30:00.000000Z",
    )  # fmt: skip
    events = [
        chain.next("transfer.opened", opened),
        chain.next("transfer.evidence_attached", attached),
        chain.next("transfer.completed", completed),
    ]
    reply = client.post("/v1/events", json=upload_request(DESK, events)).json()
    assert [r["outcome"] for r in reply["results"]] == ["stored"] * 3, reply
    store = hq.store()
    try:
        assert store.quarantined(DESK) == []
        assert store.count_applied().get("transfer") == 1
        row = store._db.execute(
            "SELECT full_state, source_seq FROM entity_state WHERE kind = 'transfer'"
            " AND entity_id = ?",
            (transfer_id,),
        ).fetchone()
    finally:
        store.close()
    assert row[1] == 3
    assert '"已完成"' in row[0] and sha(PDF) in row[0]


def test_a_transfer_of_another_desk_or_without_an_id_is_quarantined(
    hq: LiveHQ, client: httpx.Client
) -> None:
    chain = DeskChain(DESK)
    events = [
        chain.next("transfer.opened", transfer_state("HA01-03", str(uuid.uuid4()))),
        chain.next("transfer.opened", {**transfer_state(DESK, "x"), "id": 7}),
        chain.next("transfer.opened", transfer_state(DESK, str(uuid.uuid4()), files="none")),
    ]
    reply = client.post("/v1/events", json=upload_request(DESK, events)).json()
    results = reply["results"]
    assert [(r["outcome"], r["reason"]) for r in results] == [
        ("quarantined", "entity.not_owner")
    ] + [("quarantined", "payload.invalid")] * 2
    assert reply["chain"]["state"] == "intact"


HALL_AT_V3 = (
    "INSERT INTO hall (code, name, created_at) VALUES ('HA01', '人民路营业厅',"
    " '2026-11-22T02:00:00.000000Z')"
)


def make_store_at(database_url: str, version: int, *statements: str) -> None:
    """A head-office database as an older release left it: schema ``version``, then
    ``statements`` (its data)."""
    if database_url.startswith("sqlite:///"):
        conn = sqlite3.connect(database_url[len("sqlite:///") :])
        for step in range(version):
            for statement in _migration_steps(SQLITE, step):
                conn.execute(statement)
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            for step in range(version):
                for statement in _migration_steps(POSTGRES, step):
                    conn.execute(statement)
            conn.execute(
                "CREATE TABLE schema_version (application TEXT NOT NULL, version INTEGER NOT NULL)"
            )
            conn.execute("INSERT INTO schema_version VALUES (%s, %s)", (APPLICATION_NAME, version))
            for statement in statements:
                conn.execute(statement)


def test_a_store_of_schema_3_gains_the_file_table(database_url: str, tmp_path: Path) -> None:
    """An existing head office (schema 3) is migrated: its events stay, files can be kept."""
    make_store_at(database_url, 3, HALL_AT_V3)
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() == LATEST_VERSION
        assert store.halls() == [("HA01", "人民路营业厅")]
        store.add_desk(DESK)
        desk = DeskIdentity(DESK, "HA01", revoked=False)
        assert store.put_file(desk, sha(JPEG), "image/jpeg", JPEG).outcome.value == "stored"
        assert store.put_file(desk, sha(JPEG), "image/jpeg", JPEG).outcome.value == "duplicate"
        assert store.file_content(sha(JPEG)) == ("image/jpeg", JPEG)  # bytes, BLOB or BYTEA
        assert store.file_info(sha(JPEG))["size"] == len(JPEG)  # type: ignore[index]
    finally:
        store.close()
