"""Head office and refunds (issue 6), on both stores: refunds from the desks are applied by id (not
quarantined), ``decide-refund`` finds the refund's hall in the refund table and answers only what
was sent to it, and a desk's late event never takes a decision back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from hall_desk.hq.store import DeskIdentity, HQStore, HQStoreError
from tests.hq.acting import act
from tests.hq.envelopes import DeskChain, complaint_state, refund_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_hall("HB02", "解放路营业厅")
    store.add_desk("HA01-02")
    store.add_operator("li.wei", role="leadership")  # decides any refund (issue 16)
    seed_staff(store)
    yield store
    store.close()


@pytest.fixture
def sent(hq: HQStore) -> tuple[DeskChain, dict[str, Any], str]:
    """A complaint and a refund of 350 sent to head office, uploaded by HA01-02."""
    chain, refund_id = DeskChain(), str(uuid.uuid4())
    complaint = complaint_state("HA01-02", 1)
    events = [
        chain.next(payload=complaint),
        chain.next("refund.proposed", refund_state(complaint, refund_id, "待审批")),
        chain.next("refund.sent_to_head_office", refund_state(
            complaint, refund_id, "待总部审批", sent_by_no="1001", sent_by_name="王店长",
            limit="300.00", counted_total="350.00",
        )),
    ]  # fmt: skip
    reply = hq.upload(D2, events)
    assert [r.outcome.value for r in reply.results] == ["stored"] * 3
    return chain, complaint, refund_id


def test_refunds_from_desks_are_applied_by_id(
    hq: HQStore, sent: tuple[DeskChain, dict[str, Any], str]
) -> None:
    _, complaint, refund_id = sent
    held = hq.refund(refund_id)
    assert held is not None
    assert (held["state"], held["amount"], held["complaint_id"]) == (
        "待总部审批",
        "350.00",
        complaint["id"],
    )
    assert "changes" not in held
    assert hq.count_applied()["refund"] == 1
    assert hq.quarantined() == []
    assert [r["id"] for r in hq.refunds("HA01", "待总部审批")] == [refund_id]


def test_decide_refund_finds_the_hall_in_the_refund_table_and_updates_it(
    hq: HQStore, sent: tuple[DeskChain, dict[str, Any], str]
) -> None:
    _, _, refund_id = sent
    op = hq.operator("li.wei")
    with pytest.raises(HQStoreError) as caught:
        hq.decide_refund(refund_id, True, "同意", op, hall="HB02")
    assert caught.value.code == "refund.hall"
    event = hq.decide_refund("HA01-02-R261122-0001", True, "核实无误，同意退费", op)  # by number
    assert (event["hall"], event["desk"], event["type"]) == ("HA01", "HA01-00", "refund.decided")
    assert event["payload"]["id"] == refund_id and event["payload"]["approved"] is True
    decision = hq.refund_decision(refund_id)
    assert decision is not None and decision["known"] is True and decision["hall"] == "HA01"
    assert hq.refund(refund_id)["state"] == "总部已批准"  # type: ignore[index]
    hq.decide_refund(refund_id, False, "复核：超出退费时限", op)  # head office changes its mind
    assert hq.refund(refund_id)["state"] == "总部已拒绝"  # type: ignore[index]


def test_a_late_desk_event_does_not_take_the_decision_back(
    hq: HQStore, sent: tuple[DeskChain, dict[str, Any], str]
) -> None:
    chain, complaint, refund_id = sent
    hq.decide_refund(refund_id, True, "同意", hq.operator("li.wei"))
    # The customer signed the provisional slip before the desk heard of the decision.
    signed = chain.next("refund.signed", refund_state(
        complaint, refund_id, "待总部审批", signature_sha256="ab" * 32,
    ))  # fmt: skip
    assert hq.upload(D2, [signed]).results[0].outcome.value == "stored"
    held = hq.refund(refund_id)
    assert held is not None and held["state"] == "总部已批准"
    assert held["signature_sha256"] == "ab" * 32


def test_head_office_decides_only_refunds_sent_to_it(hq: HQStore) -> None:
    chain, refund_id = DeskChain(), str(uuid.uuid4())
    complaint = complaint_state("HA01-02", 1)
    hq.upload(D2, [
        chain.next(payload=complaint),
        chain.next("refund.proposed", refund_state(complaint, refund_id, "待审批", amount="80.00")),
        chain.next("refund.approved", refund_state(complaint, refund_id, "已批准", amount="80.00")),
    ])  # fmt: skip
    with pytest.raises(HQStoreError) as caught:
        hq.decide_refund(refund_id, True, "同意", hq.operator("li.wei"))
    assert caught.value.code == "refund.not_awaiting"
    assert hq.refund_decision(refund_id) is None


def test_a_refund_head_office_cannot_read_is_quarantined(hq: HQStore) -> None:
    chain = DeskChain()
    complaint = complaint_state("HA01-02", 1)
    bad = [
        refund_state(complaint, str(uuid.uuid4()), "待审批", amount="0.00"),
        refund_state(complaint, "not-a-uuid", "待审批"),
        refund_state(complaint, str(uuid.uuid4()), "已付现金"),
        {"id": str(uuid.uuid4()), "amount": "5"},
    ]
    reply = hq.upload(
        D2, [chain.next(payload=complaint)] + [chain.next("refund.proposed", p) for p in bad]
    )
    assert [(r.outcome.value, r.reason) for r in reply.results[1:]] == [
        ("quarantined", "payload.invalid")
    ] * 4
    assert "refund" not in hq.count_applied()


def test_delegations_are_kept_as_entities(hq: HQStore) -> None:
    delegation = {
        "id": str(uuid.uuid4()), "hall": "HA01", "desk": "HA01-02", "from_no": "1001",
        "from_name": "王店长", "to_no": "2001", "to_name": "李班长",
        "starts_at": "2026-11-22T02:00:00.000000Z", "ends_at": "2026-11-24T02:00:00.000000Z",
        "note": "", "created_at": "2026-11-22T02:00:00.000000Z", "revoked_at": None,
        "revoked_by_no": "", "changes": {},
    }  # fmt: skip
    reply = hq.upload(D2, [DeskChain().next("delegation.granted", delegation)])
    assert reply.results[0].outcome.value == "stored"
    assert hq.count_applied()["delegation"] == 1


def test_the_cli_decides_a_refund_it_holds_without_a_hall(
    hq: HQStore,
    database_url: str,
    sent: tuple[DeskChain, dict[str, Any], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, refund_id = sent
    token = hq.add_operator("li.wei", new_token_for_existing=True)
    code = act(
        token, "decide-refund", refund_id, "--approve", "--reason", "同意",
        "--database", database_url,
    )  # fmt: skip
    assert code == 0 and "refund.decided" in capsys.readouterr().out
    assert hq.refund(refund_id)["state"] == "总部已批准"  # type: ignore[index]


def test_an_older_step_arriving_late_after_a_gap_is_applied_not_judged_as_a_step_back(
    hq: HQStore,
) -> None:
    """Seq 3 (sent to head office) arrives after seq 4 (cancelled): the state machine judges the
    desk's steps in its own order, so the late one is taken and does not take the state back."""
    chain, refund_id = DeskChain(), str(uuid.uuid4())
    complaint = complaint_state("HA01-02", 1)
    created = chain.next(payload=complaint)
    proposed = chain.next("refund.proposed", refund_state(complaint, refund_id, "待审批"))
    sent = chain.next(
        "refund.sent_to_head_office", refund_state(complaint, refund_id, "待总部审批")
    )
    cancelled = chain.next("refund.cancelled", refund_state(complaint, refund_id, "已取消"))
    first = hq.upload(D2, [created, proposed, cancelled])
    assert [r.outcome.value for r in first.results] == ["stored"] * 3
    late = hq.upload(D2, [sent])
    assert [(r.outcome.value, r.reason) for r in late.results] == [("stored", "")]
    assert hq.refund(refund_id)["state"] == "已取消"  # type: ignore[index]
    # A step back in the desk's own order is still refused.
    back = chain.next("refund.approved", refund_state(complaint, refund_id, "已批准"))
    assert [r.reason for r in hq.upload(D2, [back]).results] == ["state.transition"]
