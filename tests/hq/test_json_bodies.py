"""JSON bodies (issue 15, finding 9): nesting past 64 levels is refused before anything recurses,
``NaN``/``Infinity`` are refused, on every JSON endpoint, with a 400 and at most one log line."""

from __future__ import annotations

import json

import httpx
import pytest

from hall_desk.hq.json_body import MAX_DEPTH, BodyError, nesting_depth, parse_json_body
from tests.hq.live import LiveHQ

DESK = "HA01-02"


def nested(depth: int) -> bytes:
    """An upload whose one event is a list ``depth`` levels deep in all (the body counts as 1)."""
    inner = "[" * (depth - 2) + "1" + "]" * (depth - 2)
    return f'{{"protocol": 1, "desk": "{DESK}", "events": [{inner}]}}'.encode()


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"3", 0),
        (b"", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'["[[[[", "]]", "{{{"]', 1),
        (b'["\\"[[[", "\\\\", ["\\\\\\"{{"]]', 2),
        (b"[[[]], [[[]]], []]", 4),
    ],
)
def test_nesting_depth_ignores_brackets_in_strings(text: bytes, depth: int) -> None:
    assert nesting_depth(text) == depth
    if text:
        assert nesting_depth(json.dumps(json.loads(text)).encode()) == depth


def test_nesting_depth_of_large_bodies_stays_exact_up_to_the_limit() -> None:
    wide = b"[" + b",".join([b"[" * 63 + b"]" * 63] * 3000) + b"]"  # 64 deep, 384 000 brackets
    assert nesting_depth(wide) == MAX_DEPTH
    assert parse_json_body(wide)
    deeper = b"[" + b",".join([b"[" * 63 + b"]" * 63] * 3000 + [b"[" * 64 + b"]" * 64]) + b"]"
    assert nesting_depth(deeper) > MAX_DEPTH
    with pytest.raises(BodyError) as error:
        parse_json_body(b"[" * 1_000_000 + b"]" * 1_000_000)
    assert error.value.code == "body.too_deep"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (b"[NaN]", "body.nan"),
        (b'{"a": Infinity}', "body.nan"),
        (b"-Infinity", "body.nan"),
        (b"{", "body.not_json"),
        (b"\xff\xfe\x00", "body.not_json"),
        (b"1" * 5000, "body.not_json"),  # Python's limit on digits in an integer
    ],
)
def test_what_json_does_not_have_is_refused(text: bytes, code: str) -> None:
    with pytest.raises(BodyError) as error:
        parse_json_body(text)
    assert error.value.code == code


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    live_hq.add_hall("HA01", "人民路营业厅")
    return live_hq


def test_495_levels_answer_400_too_deep_with_one_log_line_at_most(hq: LiveHQ) -> None:
    token = hq.add_desk(DESK)
    body = nested(495)
    assert len(body) < 3100
    logged = len(hq.log_text())
    with httpx.Client(base_url=hq.url, headers=hq.auth(token), timeout=10) as client:
        response = client.post(
            "/v1/events", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400 and response.json()["error"] == "body.too_deep"
        at_the_limit = client.post(
            "/v1/events", content=nested(MAX_DEPTH), headers={"Content-Type": "application/json"}
        )
        assert at_the_limit.status_code == 200  # read; the event itself is refused for its shape
        assert at_the_limit.json()["results"][0]["outcome"] == "refused"
        past_it = client.post(
            "/v1/events",
            content=nested(MAX_DEPTH + 1),
            headers={"Content-Type": "application/json"},
        )
        assert past_it.status_code == 400 and past_it.json()["error"] == "body.too_deep"
        assert client.get("/v1/desk").status_code == 200
    new_log = hq.log_text()[logged:]
    assert "Traceback" not in new_log and "RecursionError" not in new_log
    assert len(new_log.splitlines()) <= 3  # one line a request at most (the stored batch's)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_answer_400_on_desk_and_operator_endpoints(
    hq: LiveHQ, constant: str
) -> None:
    token = hq.add_desk(DESK)
    operator = hq.add_operator("li.wei")
    upload = f'{{"protocol": 1, "desk": "{DESK}", "events": [{constant}]}}'
    decision = f'{{"approve": true, "reason": "ok", "hall": "HA01", "amount": {constant}}}'
    escrow = f'{{"protocol": 1, "sealed": {constant}}}'
    for path, auth, body, method in (
        ("/v1/events", token, upload, "POST"),
        ("/v1/desks/me/escrow", token, escrow, "PUT"),
        ("/v1/ops/refunds/r-1/decision", operator, decision, "POST"),
        ("/v1/ops/policy", operator, f'{{"version": {constant}}}', "POST"),
    ):
        response = httpx.request(
            method,
            hq.url + path,
            content=body.encode(),
            headers={**hq.auth(auth), "Content-Type": "application/json"},
            timeout=10,
        )
        assert response.status_code == 400, (path, response.text)
        assert response.json()["error"] == "body.nan", path
    assert hq.status()[DESK]["stored"] == 0
    assert "Traceback" not in hq.log_text()
