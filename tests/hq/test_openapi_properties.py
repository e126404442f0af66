"""Property-based test of the head-office API generated from its OpenAPI document (schemathesis),
against a real server (LiveHQ) on both stores: whatever schemathesis sends, head office never answers 5xx, and
every answer conforms to the document. Valid tokens are supplied: a desk's on the desk paths, an
operator's on ``/v1/ops/…``. Deterministic (derandomised) and bounded for CI."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from hall_desk.hq.app import openapi_document
from tests.hq.envelopes import DeskChain, complaint_state, refund_state
from tests.hq.live import LiveHQ

MAX_EXAMPLES = 30
EXECUTABLE = "00000000-0000-4000-8000-0000000000ab"
pytestmark = pytest.mark.slow  # about 30 s for both stores


# Files (PUT /v1/files/{sha256}, GET /v1/ops/files/{sha256}) are raw bytes; PDFs are sent as such.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")
schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture
def api(live_hq: LiveHQ) -> dict[str, Any]:
    """A served head office with a hall, a desk (one complaint, one staff account) and an
    operator: the tokens to send."""
    live_hq.add_hall("HA01", "人民路营业厅")
    live_hq.seed_staff()  # head office knows the complaint's actor
    desk_token = live_hq.add_desk("HA01-02")
    operator_token = live_hq.add_operator("li.wei")
    chain = DeskChain("HA01-02")
    complaint = complaint_state("HA01-02", 1)
    refund = "00000000-0000-4000-8000-0000000000aa"
    events = [
        chain.next(payload=complaint),
        chain.next("staff.changed", {"id": "s1", "staff_no": "3009", "role": "营业员"}),
        # issue 17: one refund waiting for head office, so 待总部审批's list has a row to check
        chain.next("refund.proposed", refund_state(complaint, refund, "待审批", amount="450.00")),
        chain.next(
            "refund.sent_to_head_office",
            refund_state(complaint, refund, "待总部审批", amount="450.00"),
        ),
        # issue 17: one refund approved at the hall, so 待执行退费's list has a row to check
        chain.next(
            "refund.proposed", refund_state(complaint, EXECUTABLE, "待审批", number="HA01-02-R2")
        ),
        chain.next(
            "refund.approved", refund_state(complaint, EXECUTABLE, "已批准", number="HA01-02-R2")
        ),
        # issue 17 (transfer17): the complaint transferred to head office, so 转总部投诉 has a row
        chain.next(
            "complaint.transferred",
            {
                **complaint,
                "state": "已转派",
                "handler_kind": "head_office",
                "handler_no": "",
                "handler_name": "总部",
                "record": {
                    "id": "t-1",
                    "to_kind": "head_office",
                    "to_no": "",
                    "to_name": "总部",
                    "note": "转总部",
                    "staff_no": "3001",
                    "staff_name": "张三",
                },
            },
        ),
    ]
    store = live_hq.store()
    try:
        desk = store.desk_for_token(desk_token)
        assert desk is not None
        assert {r.outcome.value for r in store.upload(desk, events).results} == {"stored"}
        # issue 17: an approval by an account head office does not know, so 隔离与冲突 has a row
        unknown = chain.next(
            "refund.approved", refund_state(complaint, refund, "已批准", amount="450.00"),
            actor="9999",
        )  # fmt: skip
        assert [r.reason for r in store.upload(desk, [unknown]).results] == ["actor.unknown"]
    finally:
        store.close()
    return {
        "url": live_hq.url,
        "desk": live_hq.auth(desk_token),
        "operator": live_hq.auth(operator_token),
    }


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_head_office_api_keeps_to_its_document(case: Any, api: dict[str, Any]) -> None:
    headers = api["operator"] if case.path.startswith("/v1/ops/") else api["desk"]
    case.call_and_validate(
        base_url=api["url"],
        headers=headers,
        checks=[not_a_server_error, response_schema_conformance],
    )
