"""Issue 20, item 2 at head office (both stores): a store manager's confirmation of a 补录 reply
(``complaint.late_reply_confirmed``) is applied, never of their own reply nor by a clerk; only then
may head office accept it (``hall-desk-hq accept-late-reply``), which writes
``complaint.late_reply_accepted`` on the hall's chain and counts the reply by its stated time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hall_desk.hq.store import DeskIdentity, HQStore, HQStoreError
from tests.hq.acting import act
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
STATED = "2026-11-22T09:00:00.000000Z"
RECORDED = "2026-11-23T02:00:00.000000Z"


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    store.add_operator("li.wei")
    seed_staff(store)  # 3001, 店长
    seed_staff(store, staff_no="3002", role="营业员")
    yield store
    store.close()


def late_state(state: dict[str, Any], late_reply: str) -> dict[str, Any]:
    return {
        **state,
        "state": "已答复",
        "replied_at": STATED,
        "reply_counted_at": RECORDED,
        "late_reply": late_reply,
    }


def confirmation(state: dict[str, Any], recorder: str) -> dict[str, Any]:
    record = {"reply_id": "r-1", "reply_staff_no": recorder, "stated_at": STATED,
              "recorded_at": RECORDED, "note": "短信平台记录", "staff_no": "3001",
              "staff_name": "张三"}  # fmt: skip
    return {**late_state(state, "店长已确认"), "record": record}


def outcomes(hq: HQStore, events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r.outcome.value, r.reason) for r in hq.upload(D2, events).results]


def test_only_a_confirmed_late_reply_is_accepted_and_it_then_counts_as_stated(
    hq: HQStore, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    chain = DeskChain()
    state = complaint_state("HA01-02", 1)
    created = chain.next(payload=state)
    replied = chain.next(
        "complaint.replied_to_customer", {**late_state(state, "补录"), "record": {}}, actor="3002"
    )
    assert outcomes(hq, [created, replied]) == [("stored", ""), ("stored", "")]
    operator = hq.operator("li.wei")
    token = hq.add_operator("li.wei", new_token_for_existing=True)
    with pytest.raises(HQStoreError) as refused:
        hq.accept_late_reply(state["number"], "已核实", operator)
    assert refused.value.code == "late_reply.not_confirmed"

    own = chain.next("complaint.late_reply_confirmed", confirmation(state, "3001"))
    by_clerk = chain.next(
        "complaint.late_reply_confirmed", confirmation(state, "3001"), actor="3002"
    )
    confirmed = chain.next("complaint.late_reply_confirmed", confirmation(state, "3002"))
    assert outcomes(hq, [own, by_clerk, confirmed]) == [
        ("quarantined", "late_reply.own"),
        ("quarantined", "actor.role"),
        ("stored", ""),
    ]
    assert hq.complaint(state["id"])["late_reply"] == "店长已确认"  # type: ignore[index]

    code = act(
        token, *["accept-late-reply", state["number"], "--note", "核对短信平台记录无误",
         "--database", database_url]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "\tcomplaint.late_reply_accepted\t" in out
    (accepted,) = [e for e in hq.events_of("HA01-00") if e["type"].startswith("complaint.")]
    assert accepted["actor"] == "op:li.wei"
    assert accepted["payload"]["id"] == state["id"]
    assert accepted["payload"]["stated_at"] == STATED
    held = hq.complaint(state["id"])
    assert held is not None
    assert held["late_reply"] == "总部已认可"
    assert held["reply_counted_at"] == STATED


def test_a_desk_cannot_write_head_offices_acceptance(hq: HQStore) -> None:
    chain = DeskChain()
    state = complaint_state("HA01-02", 1)
    forged = chain.next(
        "complaint.late_reply_accepted", {"id": state["id"], "hq_accepted_at": RECORDED}
    )
    assert outcomes(hq, [forged]) == [("quarantined", "origin.head_office")]


def test_a_late_entry_written_as_an_ordinary_reply_is_quarantined(hq: HQStore) -> None:
    chain = DeskChain()
    state = {**complaint_state("HA01-02", 1), "reply_due": "2026-11-22T10:00:00.000000Z"}
    created = chain.next(payload=state)
    record = {"id": "r-1", "content": "已退费", "method": "短信", "replied_at": STATED,
              "late_entry": False, "late_reason": "", "staff_no": "3002", "staff_name": "赵四"}  # fmt: skip
    unmarked = chain.next(
        "complaint.replied_to_customer",
        {**state, "state": "已答复", "replied_at": STATED, "reply_counted_at": STATED,
         "late_reply": "", "record": record},
        actor="3002", at=RECORDED,
    )  # fmt: skip
    marked = chain.next(
        "complaint.replied_to_customer",
        {**late_state(state, "补录"),
         "record": {**record, "late_entry": True, "late_reason": "次日补录"}},
        actor="3002", at=RECORDED,
    )  # fmt: skip
    in_time = chain.next(
        "complaint.replied_to_customer",
        {**state, "state": "已答复", "replied_at": STATED, "reply_counted_at": STATED,
         "late_reply": "", "record": record},
        actor="3002", at="2026-11-22T09:30:00.000000Z",
    )  # fmt: skip
    assert outcomes(hq, [created, unmarked, marked, in_time]) == [
        ("stored", ""),
        ("quarantined", "late_entry.unmarked"),
        ("stored", ""),
        ("stored", ""),
    ]


def test_a_late_callback_written_as_an_ordinary_one_is_quarantined(hq: HQStore) -> None:
    """Callbacks recorded late are marked 补录 the same way as replies: a callback recorded on a
    later day (Asia/Shanghai) than the call it states, without late_entry and a late_reason, is
    quarantined (late_entry.unmarked); marked, or recorded the same day, or from an older desk
    (no issue-20 fields), it is stored."""
    chain = DeskChain()
    state = {**complaint_state("HA01-02", 1), "reply_due": "2026-11-22T10:00:00.000000Z"}
    who = {"staff_no": "3002", "staff_name": "赵四"}
    reply = {"id": "r-1", "content": "已退费", "method": "短信", "replied_at": STATED,
             "late_entry": False, "late_reason": "", **who}  # fmt: skip
    replied = {**state, "state": "已答复", "replied_at": STATED, "reply_counted_at": STATED,
               "late_reply": ""}  # fmt: skip
    callback = {"id": "c-1", "satisfaction": "满意", "reason": "", "called_at": STATED,
                "method": "电话", "late_entry": False, "late_reason": "", "quiet_reason": "",
                "quiet_note": "", **who}  # fmt: skip
    called = {**replied, "state": "已回访", "satisfaction": "满意"}

    def callback_step(record: dict[str, Any], at: str) -> dict[str, Any]:
        return chain.next(
            "complaint.called_back", {**called, "record": record}, actor="3002", at=at
        )

    older = {k: v for k, v in callback.items() if k not in ("late_entry", "late_reason")}
    events = [
        chain.next(payload=state),
        chain.next(
            "complaint.replied_to_customer", {**replied, "record": reply}, actor="3002", at=STATED
        ),
        callback_step(callback, RECORDED),  # the next day, unmarked
        callback_step({**callback, "late_entry": True, "late_reason": ""}, RECORDED),
        callback_step({**callback, "late_entry": True, "late_reason": "次日补录"}, RECORDED),
        callback_step(callback, "2026-11-22T09:30:00.000000Z"),  # the same day
        callback_step(older, RECORDED),
    ]
    assert outcomes(hq, events) == [
        ("stored", ""),
        ("stored", ""),
        ("quarantined", "late_entry.unmarked"),
        ("quarantined", "late_entry.unmarked"),
        ("stored", ""),
        ("stored", ""),
        ("stored", ""),
    ]


def test_a_later_step_from_a_desk_that_has_not_pulled_the_acceptance_does_not_undo_it(
    hq: HQStore,
) -> None:
    """Head office's acceptance stands: a callback recorded at the desk before it pulled
    complaint.late_reply_accepted carries late_reply 店长已确认 and the recorded time; head office
    keeps 总部已认可 and the stated time (its figures count the reply as stated). A new reply with
    another stated time is not covered by the acceptance."""
    chain = DeskChain()
    state = complaint_state("HA01-02", 1)
    created = chain.next(payload=state)
    replied = chain.next(
        "complaint.replied_to_customer", {**late_state(state, "补录"), "record": {}}, actor="3002"
    )
    confirmed = chain.next("complaint.late_reply_confirmed", confirmation(state, "3002"))
    assert outcomes(hq, [created, replied, confirmed]) == [("stored", "")] * 3
    hq.accept_late_reply(state["number"], "核对短信平台记录无误", hq.operator("li.wei"))
    callback = {"id": "c-1", "satisfaction": "满意", "reason": "", "called_at": RECORDED,
                "method": "电话", "staff_no": "3002", "staff_name": "赵四"}  # fmt: skip
    called = chain.next(
        "complaint.called_back",
        {**late_state(state, "店长已确认"), "state": "已回访", "record": callback},
        actor="3002",
    )
    assert outcomes(hq, [called]) == [("stored", "")]
    held = hq.complaint(state["id"])
    assert held is not None and held["state"] == "已回访"
    assert (held["late_reply"], held["reply_counted_at"]) == ("总部已认可", STATED)

    again = "2026-11-24T09:00:00.000000Z"
    reopened = chain.next(
        "complaint.replied_to_customer",
        {**late_state(state, "补录"), "replied_at": again, "reply_counted_at": again,
         "record": {}},
        actor="3002",
    )  # fmt: skip
    assert outcomes(hq, [reopened]) == [("stored", "")]
    held = hq.complaint(state["id"])
    assert held is not None
    assert (held["late_reply"], held["reply_counted_at"]) == ("补录", again)
