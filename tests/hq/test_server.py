"""The head-office service as a real process on loopback, spoken to over HTTP."""

from __future__ import annotations

import http.client
import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hall_desk.hq.app import OPENAPI_PATH, openapi_document
from hall_desk.sync.protocol import MAX_BODY_BYTES, parse_upload_reply, upload_request
from tests.hq.envelopes import DeskChain, complaint_state, rehash
from tests.hq.live import LiveHQ

DESK = "HA01-02"
UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


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
    with httpx.Client(base_url=hq.url, headers=hq.auth(token), timeout=10) as client:
        yield client


def send(client: httpx.Client, events: list[dict[str, Any]], desk: str = DESK) -> dict[str, Any]:
    response = client.post("/v1/events", json=upload_request(desk, events))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    parse_upload_reply(body, [e["id"] for e in events])  # the desk's own parser accepts it
    return body


def outcomes(body: dict[str, Any]) -> list[str]:
    return [r["outcome"] for r in body["results"]]


def assert_healthy(hq: LiveHQ) -> None:
    response = httpx.get(hq.url + "/v1/health", timeout=5)
    assert response.status_code == 200
    assert response.json()["protocol"] == 1


def test_health_needs_no_token(hq: LiveHQ) -> None:
    response = httpx.get(hq.url + "/v1/health", timeout=5)
    assert response.status_code == 200
    body = response.json()
    assert body["protocol"] == 1 and UTC_Z.match(body["server_time"])


def test_desk_info(client: httpx.Client) -> None:
    body = client.get("/v1/desk").json()
    assert (body["hall"], body["desk"], body["highest_seq"]) == ("HA01", DESK, 0)
    assert body["chain"] == {"state": "intact", "seq": None, "detail": ""}
    assert UTC_Z.match(body["server_time"])


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"},
     {"Authorization": "Bearer hd1_not-a-token-head-office-knows"},
     {"Authorization": "Bearer 令牌".encode()}],
)  # fmt: skip
def test_without_a_known_token_nothing_is_taken(
    hq: LiveHQ, token: str, headers: dict[str, Any]
) -> None:
    events = DeskChain().complaints(1)
    for method, path, body in (
        ("GET", "/v1/desk", None),
        ("POST", "/v1/events", upload_request(DESK, events)),
    ):
        response = httpx.request(method, hq.url + path, headers=headers, json=body, timeout=5)
        assert response.status_code == 401
        assert response.json()["error"] == "auth.invalid"
        assert UTC_Z.match(response.json()["server_time"])
    assert hq.status()[DESK]["stored"] == 0


def test_a_revoked_desk_is_told_so(hq: LiveHQ, client: httpx.Client) -> None:
    hq.revoke(DESK)
    response = client.post("/v1/events", json=upload_request(DESK, DeskChain().complaints(1)))
    assert response.status_code == 403
    assert response.json()["error"] == "auth.revoked"
    assert client.get("/v1/desk").status_code == 403
    assert hq.status()[DESK]["stored"] == 0 and hq.status()[DESK]["revoked"]


def test_store_then_duplicate(hq: LiveHQ, token: str, client: httpx.Client) -> None:
    events = DeskChain().complaints(3)
    body = send(client, events)
    assert outcomes(body) == ["stored"] * 3
    assert body["highest_seq"] == 3 and body["chain"]["state"] == "intact"
    assert UTC_Z.match(body["server_time"])
    again = send(client, events)
    assert outcomes(again) == ["duplicate"] * 3
    assert hq.status()[DESK]["stored"] == 3
    assert token not in hq.log_text() and "stored" in hq.log_text()


def test_same_id_other_content_is_refused_as_a_conflict_and_reported(
    hq: LiveHQ, client: httpx.Client
) -> None:
    events = DeskChain().complaints(2)
    send(client, events)
    forged = rehash({**events[1], "payload": {**events[1]["payload"], "phone": "13900000000"}})
    body = send(client, [forged])
    assert body["results"][0]["outcome"] == "refused"
    assert body["results"][0]["reason"] == "conflict"
    status = hq.status()[DESK]
    assert (status["stored"], status["conflicts"], status["chain"]) == (2, 1, "intact")


def test_another_desks_events_are_refused(hq: LiveHQ, client: httpx.Client) -> None:
    hq.add_desk("HA01-03")
    theirs = DeskChain("HA01-03").complaints(2)
    mine = DeskChain().complaints(1)
    body = send(client, [theirs[0], *mine, theirs[1]])
    assert [(r["outcome"], r["reason"]) for r in body["results"]] == [
        ("refused", "desk.not_yours"),
        ("stored", ""),
        ("refused", "desk.not_yours"),
    ]
    # A body claiming to be another desk is refused whole.
    response = client.post("/v1/events", json=upload_request("HA01-03", theirs))
    assert response.status_code == 403 and response.json()["error"] == "desk.not_yours"
    assert hq.status()["HA01-03"]["stored"] == 0


def test_one_invalid_payload_in_a_hundred(hq: LiveHQ, client: httpx.Client) -> None:
    chain = DeskChain()
    events = []
    for n in range(1, 101):
        payload = complaint_state(DESK, n)
        if n == 50:
            payload["important"] = "yes"  # not a flag
        events.append(chain.next(payload=payload))
    body = send(client, events)
    assert outcomes(body).count("stored") == 99
    assert body["results"][49] == {
        "id": events[49]["id"], "outcome": "quarantined", "reason": "payload.invalid",
        "detail": "important: type.flag (important breaks type.flag)",
    }  # fmt: skip
    assert body["highest_seq"] == 100 and body["chain"]["state"] == "intact"
    status = hq.status()[DESK]
    assert (status["stored"], status["quarantined"], status["chain"]) == (100, 1, "intact")
    store = hq.store()
    try:
        assert store.count_applied()["complaint"] == 99
    finally:
        store.close()


def test_unknown_type_is_kept_and_quarantined(hq: LiveHQ, client: httpx.Client) -> None:
    chain = DeskChain()
    # (refund.* is known since the refunds issue: a family head office has never heard of.)
    body = send(client, [chain.next("voucher.issued", {"id": "v1", "amount": "20.00"})])
    assert body["results"][0]["outcome"] == "quarantined"
    assert body["results"][0]["reason"] == "type.unknown"
    assert hq.status()[DESK]["stored"] == 1


def test_a_gap_is_reported_and_a_forged_link_refused(hq: LiveHQ, client: httpx.Client) -> None:
    events = DeskChain().complaints(6)
    body = send(client, events[:2] + events[3:])
    assert body["highest_seq"] == 2
    assert (body["chain"]["state"], body["chain"]["seq"]) == ("gap", 3)
    assert hq.status()[DESK]["chain"] == "gap at 3"
    assert client.get("/v1/desk").json()["chain"]["state"] == "gap"
    body = send(client, [events[2]])
    assert (body["highest_seq"], body["chain"]["state"]) == (6, "intact")
    stray = DeskChain(start_seq=7, prev="f" * 64).complaints(1)
    body = send(client, stray)
    assert [(r["outcome"], r["reason"]) for r in body["results"]] == [("refused", "chain.link")]
    assert (body["highest_seq"], body["chain"]["state"]) == (6, "intact")
    assert (hq.status()[DESK]["chain"], hq.status()[DESK]["stored"]) == ("intact", 6)


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{not json", 400, "body.not_json"),
        (b"\xff\xfe\x00", 400, "body.not_json"),
        (b"[]", 400, "request.invalid"),
        (b'{"protocol": 1, "desk": "HA01-02", "events": {}}', 400, "request.invalid"),
        (b'{"protocol": 1, "events": []}', 400, "request.invalid"),
        (b'{"protocol": 2, "desk": "HA01-02", "events": []}', 400, "protocol.unsupported"),
        (b'{"protocol": 1, "desk": "HA01-02", "events": [1]}', 200, None),
        (b"[" * 100_000 + b"]" * 100_000, 400, "body.too_deep"),
        (b'{"protocol": 1, "desk": "HA01-02", "events": [1e999999]}', 200, None),
    ],
)
def test_garbage_gets_a_4xx_and_the_server_stays_up(
    hq: LiveHQ, client: httpx.Client, content: bytes, status: int, code: str | None
) -> None:
    response = client.post(
        "/v1/events", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status, response.text
    if code:
        assert response.json()["error"] == code
    else:
        assert response.json()["results"][0]["outcome"] == "refused"
    assert UTC_Z.match(response.json()["server_time"])
    assert_healthy(hq)
    assert "Traceback" not in hq.log_text()


def test_too_many_events_in_one_batch(client: httpx.Client) -> None:
    events = [{"id": str(n)} for n in range(501)]
    response = client.post("/v1/events", json={"protocol": 1, "desk": DESK, "events": events})
    assert response.status_code == 400 and response.json()["error"] == "request.invalid"


def test_a_huge_body_is_refused_by_its_length(hq: LiveHQ, client: httpx.Client) -> None:
    response = client.post("/v1/events", content=b" " * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413 and response.json()["error"] == "request.too_large"
    assert_healthy(hq)


def test_a_huge_streamed_body_is_refused_as_it_comes(hq: LiveHQ, client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    response = client.post("/v1/events", content=chunks())  # chunked: no Content-Length
    assert response.status_code == 413 and response.json()["error"] == "request.too_large"
    assert_healthy(hq)


def test_a_lying_content_length_and_a_half_request_do_not_hurt(hq: LiveHQ, token: str) -> None:
    host, port = "127.0.0.1", int(hq.url.rsplit(":", 1)[1])
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(
            b"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode()
            + b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"protocol\": 1"
        )  # fmt: skip
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GARBAGE / HTTP/9.9\r\n\r\n")
        sock.recv(1024)
    assert_healthy(hq)
    assert "Traceback" not in hq.log_text()


def test_unknown_paths_and_methods_are_json_errors(hq: LiveHQ) -> None:
    response = httpx.get(hq.url + "/v2/events", timeout=5)
    assert response.status_code == 404 and response.json()["error"] == "request.not_found"
    response = httpx.delete(hq.url + "/v1/events", timeout=5)
    assert response.status_code == 405 and response.json()["error"] == "request.method"
    assert response.headers["Allow"] == "GET, HEAD, POST"  # RFC 9110: a 405 says what is allowed
    response = httpx.get(hq.url + "/v1/ops/policy", timeout=5)
    assert response.status_code == 405 and response.json()["error"] == "request.method"
    assert response.headers["Allow"] == "POST"
    response = httpx.post(hq.url + "/v1/files/" + "0" * 64, timeout=5)  # two routes, one path
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, PUT"


def test_openapi_document_matches_the_routes(hq: LiveHQ) -> None:
    served = httpx.get(hq.url + OPENAPI_PATH, timeout=5).json()
    assert served == openapi_document()
    assert served["openapi"].startswith("3.")
    from hall_desk.hq.app import create_app

    class _NoStore:
        pass

    app = create_app(_NoStore())  # type: ignore[arg-type]
    routes = {
        (route.path, method.lower())
        for route in app.routes
        for method in route.methods - {"HEAD"}  # type: ignore[attr-defined]
        if not route.path.startswith("/console/")  # the console's HTML pages (issue 17): no API
    }
    documented = {(path, method) for path, ops in served["paths"].items() for method in ops}
    assert routes == documented
    assert served["components"]["securitySchemes"]["deskToken"]["scheme"] == "bearer"
    for path in ("/v1/desk", "/v1/events"):
        for operation in served["paths"][path].values():
            assert "security" not in operation  # inherits the bearer requirement
    for path in ("/v1/health", OPENAPI_PATH):
        assert served["paths"][path]["get"]["security"] == []
    outcomes_documented = served["components"]["schemas"]["EventResult"]["properties"]["outcome"]
    assert set(outcomes_documented["enum"]) == {"stored", "duplicate", "quarantined", "refused"}
    json.dumps(served)


@pytest.mark.slow
def test_killed_mid_batch_then_resent_every_event_is_stored_once(hq: LiveHQ, token: str) -> None:
    hq.restart(env={"HALL_DESK_HQ_FAULT": "kill-mid-batch"})
    events = DeskChain().complaints(200)
    with pytest.raises(httpx.TransportError):
        httpx.post(
            hq.url + "/v1/events", headers=hq.auth(token), json=upload_request(DESK, events),
            timeout=10,
        )  # fmt: skip
    assert hq.wait_dead() == -9
    assert hq.status()[DESK]["stored"] == 100  # the first half was committed before the kill
    hq.start(env={})
    with httpx.Client(base_url=hq.url, headers=hq.auth(token), timeout=10) as client:
        body = send(client, events)
    assert outcomes(body) == ["duplicate"] * 100 + ["stored"] * 100
    assert (body["highest_seq"], body["chain"]["state"]) == (200, "intact")
    store = hq.store()
    try:
        assert store.events_of(DESK) == events
        assert store.count_applied()["complaint"] == 200
    finally:
        store.close()


def test_restart_keeps_everything_and_the_port(hq: LiveHQ, client: httpx.Client) -> None:
    send(client, DeskChain().complaints(5))
    url = hq.url
    hq.kill()
    hq.restart()
    assert hq.url == url
    assert client.get("/v1/desk").json()["highest_seq"] == 5


def test_a_reused_connection_is_answered_request_after_request(hq: LiveHQ, token: str) -> None:
    """The uploader keeps one connection for a round: head office keeps it open and answers every
    request on it, with and without a token. (How soon it answers, TCP_NODELAY against a delayed
    ACK, is benchmarks/bench_hq_http.py: a figure, not a test.)"""
    host, port = hq.url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.connect()
        opened = connection.sock
        for n in range(15):
            path, headers = ("/v1/health", {}) if n % 2 else ("/v1/desk", hq.auth(token))
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = json.loads(response.read())
            assert response.status == 200, body
            assert response.getheader("Connection", "").lower() != "close"
            if path == "/v1/health":
                assert body["protocol"] == 1
            else:
                assert body["desk"] == DESK
            assert connection.sock is opened  # the same socket: nothing was reconnected
    finally:
        connection.close()
