"""Issue 20's marks as head office's store exposes them for the console (both stores):
``HQStore.complaint_marks`` gives, as plain data, a reply's stated time beside the time it was
recorded, the 补录 flag and reason, the store manager's confirmation and head office's
acceptance, 补录 callbacks, and a corrected (已更正) deadline with the estimate it replaced; and
head office's 回复及时率 (``complaint_timeliness``) counts a 补录 reply by the time it was recorded
until head office accepts it, against the corrected deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from hall_desk.domain.reporting import Timeliness
from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
DUE = "2026-11-22T10:00:00.000000Z"
STATED = "2026-11-22T09:00:00.000000Z"
RECORDED = "2026-11-23T02:00:00.000000Z"
ESTIMATE = "2027-01-06T02:00:00.000000Z"
CORRECTED = "2027-01-05T02:00:00.000000Z"


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


def stored(hq: HQStore, events: list[dict[str, Any]]) -> None:
    results = hq.upload(D2, events).results
    assert [(r.outcome.value, r.reason) for r in results] == [("stored", "")] * len(events)


def test_the_marks_of_a_late_reply_its_acceptance_a_late_callback_and_a_correction(
    hq: HQStore,
) -> None:
    chain = DeskChain()
    late = {**complaint_state("HA01-02", 1), "reply_due": DUE}
    plain = complaint_state("HA01-02", 2)
    estimated = {**complaint_state("HA01-02", 3), "reply_due": ESTIMATE,
                 "reply_due_estimated": True}  # fmt: skip
    who = {"staff_no": "3002", "staff_name": "赵四"}
    reply = {"id": "r-1", "content": "已退费", "method": "短信", "replied_at": STATED,
             "late_entry": True, "late_reason": "次日补录", **who}  # fmt: skip
    replied = {**late, "state": "已答复", "replied_at": STATED, "reply_counted_at": RECORDED,
               "late_reply": "补录"}  # fmt: skip
    confirmation = {"reply_id": "r-1", "reply_staff_no": "3002", "stated_at": STATED,
                    "recorded_at": RECORDED, "note": "短信平台记录", "staff_no": "3001",
                    "staff_name": "张三"}  # fmt: skip
    callback = {"id": "c-1", "satisfaction": "满意", "reason": "", "called_at": RECORDED,
                "method": "电话", "late_entry": True, "late_reason": "忘记登记",
                "quiet_reason": "", "quiet_note": "", **who}  # fmt: skip
    stored(
        hq,
        [
            chain.next(payload=late),
            chain.next(payload=plain),
            chain.next(payload=estimated),
            chain.next(
                "complaint.replied_to_customer", {**replied, "record": reply}, actor="3002",
                at=RECORDED,
            ),
            chain.next(
                "complaint.late_reply_confirmed",
                {**replied, "late_reply": "店长已确认", "record": confirmation},
                at="2026-11-23T03:00:00.000000Z",
            ),
            chain.next(
                "complaint.called_back",
                {**replied, "late_reply": "店长已确认", "state": "已回访", "satisfaction": "满意",
                 "record": callback},
                actor="3002", at="2026-11-24T02:00:00.000000Z",
            ),
            chain.next(
                "complaint.deadline_corrected",
                {**estimated, "reply_due": CORRECTED, "reply_due_estimated": False,
                 "reply_due_estimate": ESTIMATE,
                 "record": {"estimate": ESTIMATE, "corrected": CORRECTED, "applied": CORRECTED,
                            "answered_before": False, "calendar_years": [2027]}},
                actor="desk:HA01-02", at="2026-12-01T02:00:00.000000Z",
            ),
        ],
    )  # fmt: skip
    before = {m["number"]: m for m in hq.complaint_marks("HA01")}
    assert sorted(before) == sorted([late["number"], estimated["number"]])  # not the plain one
    mark = before[late["number"]]
    assert mark["reply"] == {
        "stated_at": STATED, "recorded_at": RECORDED, "late_entry": True,
        "late_reason": "次日补录", "method": "短信", "staff_no": "3002", "staff_name": "赵四",
    }  # fmt: skip
    assert (mark["late_reply"], mark["reply_counted_at"], mark["accepted"]) == (
        "店长已确认",
        RECORDED,
        None,
    )
    assert mark["confirmation"] == {
        "staff_no": "3001", "staff_name": "张三", "confirmed_at": "2026-11-23T03:00:00.000000Z",
        "note": "短信平台记录", "stated_at": STATED,
    }  # fmt: skip
    [called] = mark["callbacks"]
    assert (called["called_at"], called["recorded_at"], called["late_entry"]) == (
        RECORDED,
        "2026-11-24T02:00:00.000000Z",
        True,
    )
    assert called["late_reason"] == "忘记登记"
    assert (mark["deadline_corrected"], mark["reply_due_estimate"]) == (False, None)

    # head office's 回复及时率: the 补录 reply late, the plain one open past its deadline, the
    # corrected one not yet due
    november = ("2026-11-01T00:00:00.000000Z", "2026-12-01T00:00:00.000000Z")
    december = datetime(2026, 12, 2, tzinfo=UTC)
    assert hq.complaint_timeliness("HA01", *november, december) == Timeliness(0, 2, 1)

    hq.accept_late_reply(late["number"], "核对短信平台记录无误", hq.operator("li.wei"))
    # accepted: it counts by its stated time; the corrected deadline (not the estimate) applies
    assert hq.complaint_timeliness("HA01", *november, december) == Timeliness(1, 1, 1)
    between = datetime(2027, 1, 5, 12, tzinfo=UTC)  # after the corrected, before the estimate
    assert hq.complaint_timeliness("HA01", *november, between) == Timeliness(1, 2, 0)
    [after] = hq.complaint_marks("HA01", late["id"])
    assert after["late_reply"] == "总部已认可" and after["reply_counted_at"] == STATED
    assert after["accepted"] is not None
    assert (after["accepted"]["operator"], after["accepted"]["note"]) == (
        "li.wei",
        "核对短信平台记录无误",
    )
    assert after["reply"]["recorded_at"] == RECORDED  # the recorded time stays visible

    corrected = before[estimated["number"]]
    assert (corrected["reply_due"], corrected["reply_due_estimate"]) == (CORRECTED, ESTIMATE)
    assert corrected["deadline_corrected"] is True and corrected["reply_due_estimated"] is False
    assert corrected["deadline_corrected_at"] == "2026-12-01T02:00:00.000000Z"

    [unmarked] = hq.complaint_marks("HA01", plain["id"])  # asked for: given whatever its marks
    assert unmarked["reply"] is None and unmarked["late_reply"] == ""
    assert hq.complaint_marks("HB02") == [] and hq.complaint_marks("HA01", "no-such-id") == []
