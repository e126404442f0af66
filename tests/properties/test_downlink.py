"""Bad input from the wire, deeper: pulled events that are well-formed envelopes (hashed, chained)
but whose payloads are mangled — fields dropped, replaced by arbitrary JSON, added — are applied,
kept, quarantined or refused by the downlink, never a crash, and the page still moves the cursor."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.sync.downlink import PageResult, apply_page, pull_cursor
from tests.properties.support import EXAMPLES, PROFILE, nasty_text
from tests.sync.downlink_events import (
    HEAD_OFFICE,
    OTHER_DESK,
    complaint,
    head_office,
    other_desk,
    staff,
    typical_case,
)
from tests.sync.fixtures import DESK, HALL

# Plain JSON as envelopes carry it (no floats: the desk and head office never write one).
plain_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | nasty_text,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)

BASES: dict[tuple[str, str], dict[str, Any]] = {
    (HEAD_OFFICE, "staff.changed"): staff(),
    (HEAD_OFFICE, "complaint.replied"): {"complaint_id": "x", "reply": "已处理", "operator": "op"},
    (HEAD_OFFICE, "refund.decided"): {"refund_id": "x", "decision": "approved"},
    (HEAD_OFFICE, "policy.set"): {"version": 2, "document": {}},
    (OTHER_DESK, "complaint.created"): complaint(OTHER_DESK, 1),
    (OTHER_DESK, "complaint.replied"): complaint(OTHER_DESK, 1),
    (OTHER_DESK, "typical_case.written"): typical_case(OTHER_DESK, complaint(OTHER_DESK, 1)),
    (OTHER_DESK, "refund.proposed"): {"id": "x", "complaint_id": "y"},
    (OTHER_DESK, "incident.opened"): {"id": "x"},
    (OTHER_DESK, "delegation.granted"): {"id": "x"},
    (OTHER_DESK, "transfer.opened"): {"id": "x"},
    (OTHER_DESK, "document.printed"): {"id": "x"},
}


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    desk, kind = draw(st.sampled_from(sorted(BASES)))
    payload: dict[str, Any] = {}
    for key, value in BASES[(desk, kind)].items():
        action = draw(st.sampled_from(["keep", "keep", "junk", "drop"]))
        if action == "keep":
            payload[key] = value
        elif action == "junk":
            payload[key] = draw(plain_json)
    payload.update(draw(st.dictionaries(st.text(max_size=10), plain_json, max_size=3)))
    return desk, kind, payload


def test_mangled_payloads_never_crash_the_downlink(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    chains = {HEAD_OFFICE: head_office(), OTHER_DESK: other_desk()}
    at = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    examples = 60 if PROFILE == "ci" else 1_000  # each one is a real transaction on the store

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(mangled())
    def apply_one(event: tuple[str, str, dict[str, Any]]) -> None:
        EXAMPLES["downlink.apply_page"] += 1
        desk, kind, payload = event
        envelope = chains[desk].next(type=kind, payload=payload)
        cursor = pull_cursor() + 1
        result = apply_page(
            [envelope], hall=HALL, desk=DESK, after=cursor - 1, cursor=cursor, at=at
        )
        assert isinstance(result, PageResult) and result.received == 1
        assert (
            result.applied + result.kept + result.quarantined + result.refused + result.duplicate
            == 1
        )
        assert pull_cursor() == cursor
        for outcome in ("applied", "kept", "quarantined", "refused", "duplicate"):
            seen[outcome] += getattr(result, outcome)

    seen: Counter[str] = Counter()
    apply_one()
    # Both ways were taken: some payloads made sense, some were quarantined.
    assert seen["applied"] + seen["kept"] > 0 and seen["quarantined"] > 0, seen
