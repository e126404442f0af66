"""Issue 20, item 4 at head office (both stores): head office's reply by phone whose call time falls
in the quiet hours (22:00–08:00 Asia/Shanghai) needs a reason (客户要求 / 客户来电) and a note, by the
store and by ``hall-desk-hq reply``; an SMS is not a call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hall_desk.hq.store import DeskIdentity, HQStore, HQStoreError
from tests.hq.acting import act
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
AT_23_30 = "2026-11-22T15:30:00.000000Z"  # 23:30 in Shanghai
AT_15_00 = "2026-11-22T07:00:00.000000Z"


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    store.add_operator("li.wei")
    seed_staff(store)
    yield store
    store.close()


def test_a_phone_reply_in_quiet_hours_needs_a_reason_and_a_note(
    hq: HQStore, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    state = complaint_state("HA01-02", 1)
    hq.upload(D2, [DeskChain().next(payload=state)])
    op = hq.operator("li.wei")
    token = hq.add_operator("li.wei", new_token_for_existing=True)
    for reason, note in (("", ""), ("客户来电", ""), ("半夜", "客户来电")):
        with pytest.raises(HQStoreError) as refused:
            hq.reply_complaint(
                state["id"], "已退费", op, method="电话", called_at=AT_23_30,
                quiet_reason=reason, quiet_note=note,
            )  # fmt: skip
        assert refused.value.code == "reply.quiet_hours"
    assert hq.complaint_reply(state["id"]) is None
    code = act(
        token, *["reply", state["number"], "--text", "已退费", "--method", "电话",
         "--called-at", AT_23_30, "--database", database_url]
    )  # fmt: skip
    assert code == 1 and "quiet" in capsys.readouterr().err
    code = act(
        token, *["reply", state["number"], "--text", "已退费", "--method", "电话",
         "--called-at", AT_23_30, "--quiet-reason", "客户来电", "--quiet-note", "客户夜间来电催办",
         "--database", database_url]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    (replied,) = [e for e in hq.events_of("HA01-00") if e["type"] == "complaint.replied"]
    assert replied["payload"]["method"] == "电话"
    assert replied["payload"]["called_at"] == AT_23_30
    assert replied["payload"]["quiet_reason"] == "客户来电"
    assert replied["payload"]["quiet_note"] == "客户夜间来电催办"


def test_an_sms_or_a_daytime_call_needs_no_reason(hq: HQStore) -> None:
    state = complaint_state("HA01-02", 1)
    hq.upload(D2, [DeskChain().next(payload=state)])
    op = hq.operator("li.wei")
    sms = hq.reply_complaint(state["id"], "已退费", op, method="短信", called_at=AT_23_30)
    assert "quiet_reason" not in sms["payload"]
    day = hq.reply_complaint(state["id"], "已退费", op, method="电话", called_at=AT_15_00)
    assert day["payload"]["called_at"] == AT_15_00
    with pytest.raises(HQStoreError) as refused:
        hq.reply_complaint(state["id"], "已退费", op, method="飞鸽")
    assert refused.value.code == "reply.method"


def test_a_desks_phone_call_stated_in_quiet_hours_needs_a_reason_and_a_note(hq: HQStore) -> None:
    """Head office's intake holds the rule whoever writes: a desk's reply or callback by phone
    stated at 23:30 without 客户要求/客户来电 and a note is quarantined (call.quiet_hours); with
    them, or by SMS, it is stored; a record without the issue-20 fields (an older desk) is
    applied as written."""
    chain = DeskChain()
    state = {**complaint_state("HA01-02", 1), "reply_due": "2026-11-25T10:00:00.000000Z"}
    who = {"staff_no": "3001", "staff_name": "张三"}
    reply = {"id": "r-1", "content": "已退费", "method": "电话", "replied_at": AT_23_30,
             "late_entry": False, "late_reason": "", "quiet_reason": "", "quiet_note": "", **who}  # fmt: skip
    callback = {"id": "c-1", "satisfaction": "满意", "reason": "", "called_at": AT_23_30,
                "method": "电话", "late_entry": False, "late_reason": "", "quiet_reason": "",
                "quiet_note": "", **who}  # fmt: skip
    replied = {**state, "state": "已答复", "replied_at": AT_23_30, "reply_counted_at": AT_23_30,
               "late_reply": ""}  # fmt: skip
    reasons = {"quiet_reason": "客户来电", "quiet_note": "客户夜间来电催办"}

    def step(kind: str, record: dict[str, object]) -> dict[str, object]:
        return chain.next(kind, {**replied, "record": record}, actor="3001", at=AT_23_30)

    older = {k: v for k, v in reply.items() if k not in ("quiet_reason", "quiet_note")}
    events = [
        chain.next(payload=state),
        step("complaint.replied_to_customer", reply),
        step("complaint.replied_to_customer", {**reply, "quiet_note": "客户要求"}),
        step("complaint.replied_to_customer", {**reply, **reasons}),
        step("complaint.replied_to_customer", {**reply, "method": "短信"}),
        step("complaint.replied_to_customer", older),
        step("complaint.called_back", callback),
        step("complaint.called_back", {**callback, **reasons}),
        step("complaint.called_back", {**callback, "called_at": AT_15_00}),
    ]
    assert [(r.outcome.value, r.reason) for r in hq.upload(D2, events).results] == [
        ("stored", ""),
        ("quarantined", "call.quiet_hours"),
        ("quarantined", "call.quiet_hours"),
        ("stored", ""),
        ("stored", ""),
        ("stored", ""),
        ("quarantined", "call.quiet_hours"),
        ("stored", ""),
        ("stored", ""),
    ]


def test_a_desks_call_is_judged_by_the_quiet_hours_of_the_halls_policy(hq: HQStore) -> None:
    """The quiet hours at head office's intake are the hall's policy in force at head office, not
    the default 22:00–08:00: with the hall's quiet hours 21:00–07:00, a phone reply stated at 21:30
    without a reason is quarantined and one stated at 07:30 is stored (the default would judge
    both the other way); another hall keeps the default."""
    hq.set_policy(
        {"version": 2, "quiet_start_hour": 21, "quiet_end_hour": 7},
        hq.operator("li.wei"),
        hall="HA01",
    )
    at_21_30, at_07_30 = "2026-11-22T13:30:00.000000Z", "2026-11-21T23:30:00.000000Z"
    chain = DeskChain()
    state = {**complaint_state("HA01-02", 1), "reply_due": "2026-11-25T10:00:00.000000Z"}
    reply = {"id": "r-1", "content": "已退费", "method": "电话", "late_entry": False,
             "late_reason": "", "quiet_reason": "", "quiet_note": "", "staff_no": "3001",
             "staff_name": "张三"}  # fmt: skip

    def step(stated: str) -> dict[str, object]:
        replied = {**state, "state": "已答复", "replied_at": stated, "reply_counted_at": stated,
                   "late_reply": "", "record": {**reply, "replied_at": stated}}  # fmt: skip
        return chain.next("complaint.replied_to_customer", replied, actor="3001", at=AT_23_30)

    events = [chain.next(payload=state), step(at_21_30), step(at_07_30)]
    assert [(r.outcome.value, r.reason) for r in hq.upload(D2, events).results] == [
        ("stored", ""),
        ("quarantined", "call.quiet_hours"),
        ("stored", ""),
    ]
    (held,) = hq.quarantined("HA01-02")
    assert "21:00–07:00" in held[2]
