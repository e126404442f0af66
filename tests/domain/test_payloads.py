"""The event catalogue (hall_desk.domain.payloads): each family's payload per version."""

from __future__ import annotations

from typing import Any

from hall_desk.domain.payloads import (
    CATALOGUE,
    HALL,
    HEAD_OFFICE,
    LATEST,
    OWN_DESK,
    looser_rules,
    spec_for,
    transition_problem,
    validate,
)
from tests.hq.envelopes import complaint_state, refund_state


def rules(event_type: str, schema: int, payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.field, p.rule) for p in validate(event_type, schema, payload)]


def test_todays_complaint_is_valid_under_both_versions() -> None:
    state = complaint_state("HA01-02", 1)
    assert validate("complaint.created", 1, state) == []
    assert validate("complaint.created", 2, state) == []
    assert looser_rules("complaint.created", 1, state) == []


def test_each_problem_names_the_field_and_the_rule() -> None:
    state = {**complaint_state("HA01-02", 1), "state": "已飞走", "occurred_at": "yesterday"}
    del state["number"]
    state["important"] = "yes"
    assert sorted(rules("complaint.created", 1, state)) == [
        ("important", "type.flag"),
        ("number", "field.missing"),
        ("occurred_at", "time.format"),
        ("state", "state.unknown"),
    ]
    assert rules(
        "complaint.created", 1, {**complaint_state("HA01-02", 1), "phone": "not a phone"}
    ) == [("phone", "phone.format")]
    nul = {**complaint_state("HA01-02", 1), "customer_name": "王\x00"}
    assert rules("complaint.created", 1, nul) == [("customer_name", "text.nul")]


def test_version_2_tightens_the_phone_and_version_1_is_counted_not_refused() -> None:
    # 95555 is a short code; 04008123123 the made-up trunk 0 older desks gave a 400 number
    # (issue 20: stored as typed now, and head office accepts both forms from v1).
    for phone in ("95555", "04008123123"):
        state = {**complaint_state("HA01-02", 1), "phone": phone}
        assert validate("complaint.created", 1, state) == []
        assert rules("complaint.created", 2, state) == [("phone", "phone.strict")]
        assert looser_rules("complaint.created", 1, state) == ["phone.strict"]
    typed = {**complaint_state("HA01-02", 1), "phone": "4008123123"}
    assert validate("complaint.created", 2, typed) == []
    assert validate("complaint.created", 1, typed) == []
    assert LATEST["complaint"] == 3  # v3 (issue 21): v2's rules, a creation without changes


def test_unknown_types_and_versions() -> None:
    assert rules("parcel.posted", 1, {}) == [("type", "type.unknown")]
    assert rules("complaint.created", 9, complaint_state("HA01-02", 1)) == [
        ("schema", "schema.unknown")
    ]
    assert rules("hq_link.renamed", 1, {}) == [("type", "type.unknown")]
    assert validate("hq_link.registered", 1, {"url": "https://hq", "plain_http": False,
                                              "ca_file": True}) == []  # fmt: skip


def test_who_may_produce_what() -> None:
    complaint = spec_for("complaint.created", 1)
    assert complaint is not None and complaint.producer_of("complaint.created") == OWN_DESK
    assert complaint.producer_of("complaint.replied") == HEAD_OFFICE
    case = spec_for("typical_case.marked_best", 1)
    assert case is not None and case.producer_of("typical_case.marked_best") == HALL
    assert case.producer_of("typical_case.written") == OWN_DESK
    assert spec_for("refund.decided", 1).producer_of("refund.decided") == HEAD_OFFICE  # type: ignore[union-attr]
    assert spec_for("escrow.released", 1).producer == HEAD_OFFICE  # type: ignore[union-attr]
    assert {r.value for r in CATALOGUE[("staff", 1)].roles} == {"店长"}


def test_refund_state_machine() -> None:
    spec = spec_for("refund.approved", 1)
    assert spec is not None
    complaint = complaint_state("HA01-02", 1)
    assert (
        validate("refund.proposed", 1, refund_state(complaint, "x", "待审批")) != []
    )  # not a UUID
    assert transition_problem(spec, "refund.proposed", None, "待审批", exists=False) is None
    assert transition_problem(spec, "refund.proposed", None, "总部已批准", exists=False)
    assert transition_problem(spec, "refund.approved", "待审批", "已批准", exists=True) is None
    assert transition_problem(spec, "refund.approved", "待审批", "总部已批准", exists=True)
    assert transition_problem(spec, "refund.cancelled", "已批准", "已取消", exists=True)
    assert transition_problem(spec, "refund.signed", "已批准", "已批准", exists=True) is None
    # A step of a refund not held yet: no verdict here (head office waits for its creation).
    assert transition_problem(spec, "refund.approved", None, "已批准", exists=False) is None
