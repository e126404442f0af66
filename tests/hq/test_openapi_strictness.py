"""The OpenAPI document is as strict as the server (issue 15, finding 11): what a real head office
refuses, the document's schemas refuse too (an empty or malformed ``desk``, blank reply and reason
texts, unknown policy keys), and what it takes, they take. The property test
(test_openapi_properties.py) checks the other direction: every answer keeps to the document."""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema_rs
import pytest

from hall_desk.domain import policy_document as policy_module
from hall_desk.domain.policy import NetworkUrgency, RetentionClass, Role, Tier
from hall_desk.hq.app import openapi_document
from tests.hq.envelopes import DeskChain, complaint_state
from tests.hq.live import LiveHQ

DESK = "HA01-02"
DOCUMENT = openapi_document()


def body_schema(path: str) -> Any:
    operation = next(iter(DOCUMENT["paths"][path].values()))
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return jsonschema_rs.validator_for({**schema, "components": DOCUMENT["components"]})


UPLOAD = body_schema("/v1/events")
REPLY = body_schema("/v1/ops/complaints/{complaint}/reply")
DECISION = body_schema("/v1/ops/refunds/{refund}/decision")
POLICY = body_schema("/v1/ops/policy")


@pytest.fixture
def hq(live_hq: LiveHQ) -> dict[str, Any]:
    live_hq.add_hall("HA01", "人民路营业厅")
    live_hq.seed_staff()  # head office knows the complaint's actor
    token = live_hq.add_desk(DESK)
    complaint = complaint_state(DESK, 1)
    store = live_hq.store()
    try:
        desk = store.desk_for_token(token)
        assert desk is not None
        reply = store.upload(desk, [DeskChain(DESK).next(payload=complaint)])
        assert [r.outcome.value for r in reply.results] == ["stored"]
    finally:
        store.close()
    return {
        "url": live_hq.url,
        "desk": live_hq.auth(token),
        "operator": live_hq.auth(live_hq.add_operator("li.wei")),
        "complaint": complaint["id"],
    }


def post(hq: dict[str, Any], path: str, body: Any, who: str = "operator") -> httpx.Response:
    return httpx.post(hq["url"] + path, json=body, headers=hq[who], timeout=10)


@pytest.mark.parametrize("desk", ["", "ha01-02", "HA01", "HA01-2", " HA01-02"])
def test_a_desk_code_the_server_refuses_the_document_refuses(hq: dict[str, Any], desk: str) -> None:
    body = {"protocol": 1, "desk": desk, "events": []}
    assert not UPLOAD.is_valid(body)
    response = post(hq, "/v1/events", body, "desk")
    assert response.status_code == 400 and response.json()["error"] == "request.invalid"
    ours = {"protocol": 1, "desk": DESK, "events": []}
    assert UPLOAD.is_valid(ours) and post(hq, "/v1/events", ours, "desk").status_code == 200


@pytest.mark.parametrize("text", ["", " ", "\u3000\n\t", "回复\x00内容", "\x00"])
def test_blank_texts_the_server_refuses_the_document_refuses(hq: dict[str, Any], text: str) -> None:
    reply = {"text": text}
    assert not REPLY.is_valid(reply)
    response = post(hq, f"/v1/ops/complaints/{hq['complaint']}/reply", reply)
    assert response.status_code == 400 and response.json()["error"].startswith("reply.")
    decision = {"approve": True, "reason": text, "hall": "HA01"}
    assert not DECISION.is_valid(decision)
    response = post(hq, "/v1/ops/refunds/r-1/decision", decision)
    assert response.status_code == 400 and response.json()["error"].startswith("reason.")


def test_a_text_with_blanks_around_it_is_taken_by_both(hq: dict[str, Any]) -> None:
    reply = {"text": "  已核实，费用已退还。 "}
    assert REPLY.is_valid(reply)
    assert post(hq, f"/v1/ops/complaints/{hq['complaint']}/reply", reply).status_code == 200


@pytest.mark.parametrize(
    "document",
    [
        {"version": 2, "colour": "red"},
        {"version": 2, "tier_reply_hours": {"金卡": 5}},
        {"version": 2, "refund_limits": {"店长": "300", "保安": "1"}},
        {"version": 2, "paper_retention_years": {"基础业务": 101}},
        {"version": 2, "regulator_days": 61},
        {"version": 2, "catalogue": {"电信资费": {"乱收费": "别的"}}},
        {"version": 2, "catalogue": {}},
        {"version": 0},
        {},
    ],
)
def test_a_policy_the_server_refuses_the_document_refuses(
    hq: dict[str, Any], document: dict[str, Any]
) -> None:
    assert not POLICY.is_valid(document)
    response = post(hq, "/v1/ops/policy", document)
    assert response.status_code == 400 and response.json()["error"] == "policy.invalid"


def test_a_full_policy_is_taken_by_both(hq: dict[str, Any]) -> None:
    full = policy_module.policy_document(policy_module.parse_policy_document({"version": 2}))
    assert POLICY.is_valid(full)
    response = post(hq, "/v1/ops/policy", full)
    assert response.status_code == 200, response.text


def test_the_policy_schema_names_the_keys_and_ranges_the_domain_checks() -> None:
    schema = DOCUMENT["components"]["schemas"]["PolicyDocument"]
    properties = schema["properties"]
    assert schema["additionalProperties"] is False
    assert set(properties) == policy_module._KNOWN
    for key, (low, high) in policy_module._INTS.items():
        assert (properties[key]["minimum"], properties[key]["maximum"]) == (low, high), key
    for key, enum in (
        ("tier_reply_hours", Tier),
        ("urgency_reply_hours", NetworkUrgency),
        ("refund_limits", Role),
        ("paper_retention_years", RetentionClass),
    ):
        assert set(properties[key]["properties"]) == {m.value for m in enum}, key
        assert properties[key]["additionalProperties"] is False
