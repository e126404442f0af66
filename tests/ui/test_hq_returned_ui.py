"""Issue 17 (转总部投诉) at the desk's screen: a complaint head office handed back to the hall
(``complaint.returned``, pulled) shows on the first responder's 我的跟进 as 处理中 with head
office's note, flagged 总部退回; head office's progress note reads as a line of the timeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.services import lifecycle, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.sync import downlink
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.timeline import describe
from tests.sync.downlink_events import head_office
from tests.ui.conftest import sign_in
from tests.ui.helpers import press
from tests.ui.test_followup_ui import column, record, rows

SCREENSHOTS = Path("/tmp/hall_desk_screens")


def test_a_complaint_head_office_hands_back_is_on_my_follow_ups_with_its_note(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    lifecycle.transfer(ctx, hall["clerk"], complaint_id, to_kind="head_office", note="请总部协调")
    hq = head_office()
    base = {"id": complaint_id, "number": "N", "operator": "wang.wu"}
    pulled = [
        hq.next("complaint.progress", {**base, "text": "已转计费中心核查",
                "noted_at": "2026-11-22T02:00:00.000000Z",
                "promised_at": "2026-11-23T00:00:00.000000Z",
                "promised_typed": "2026-11-22T15:30:00.000000Z"}, actor="op:wang.wu"),
        hq.next("complaint.returned", {**base, "note": "请营业厅上门核实后答复",
                "returned_at": "2026-11-22T02:05:00.000000Z"}, actor="op:wang.wu"),
    ]  # fmt: skip
    result = downlink.apply_page(
        pulled, hall="HA01", desk="HA01-02", after=0, cursor=2, at=ctx.clock.now()
    )
    assert result.applied == 2, result.reasons

    sign_in(qtbot, window, "3001")
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    [line] = rows(window)
    assert line[column(window, "状态")] == "处理中（总部退回：请营业厅上门核实后答复）"
    assert "总部退回" in line[column(window, "标记")]
    assert line[column(window, "我是")] == "首问"
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "followup-hq-returned.png"))

    entries = timeline.timeline(hall["clerk"], complaint_id)
    progress = next(e for e in entries if e.action == "complaint.progress")
    shown = describe(progress)
    assert shown.what == "总部进展说明"
    assert "总部进展说明：已转计费中心核查" in shown.details
    assert any("夜间顺延至 08:00" in d for d in shown.details)
    returned = describe(next(e for e in entries if e.action == "complaint.returned"))
    assert "总部退回营业厅：请营业厅上门核实后答复" in returned.details
