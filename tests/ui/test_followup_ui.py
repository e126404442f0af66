"""我的跟进: a transferred complaint stays on the first responder's list; overdue red, due within
2 hours amber as the clock moves; the counts in the main window; the notice before one of mine
becomes overdue, once; Enter opens the complaint; a shift leader's hall list and 只看我的."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui import style
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.tablemodels import DUE_SOON_BACKGROUND, OVERDUE_BACKGROUND, OVERDUE_TEXT
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press

SCREENSHOTS = Path("/tmp/hall_desk_screens")


def record(
    ctx: DeskContext,
    session: StaffSession,
    *,
    tier: str = "普通",
    name: str = "陈先生",
    phone: str = "13800138000",
    description: str = "本月话费多扣了 30 元",
) -> str:
    return complaints.record_complaint(
        ctx,
        session,
        ComplaintDraft(
            phone=phone,
            customer_name=name,
            tier=tier,
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description=description,
            customer_request="退还多扣的话费",
        ),
    ).id


def rows(window: MainWindow) -> list[list[str]]:
    model = window.followup_page.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def column(window: MainWindow, header: str) -> int:
    return window.followup_page.model.HEADERS.index(header)


def test_a_transferred_complaint_stays_on_the_first_responders_list(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id = record(ctx, hall["clerk"])
    lifecycle.transfer(
        ctx, hall["clerk"], complaint_id, to_kind="staff", to="3002", note="请协助核查扣费记录"
    )
    number = complaints.get_complaint(hall["clerk"], complaint_id).number

    sign_in(qtbot, window, "3001")
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.followup_page
    assert focused() is window.followup_page.table
    assert not window.followup_page.mine_only_check.isVisible()  # a clerk: only theirs anyway
    [line] = rows(window)
    assert line[column(window, "投诉编号")] == number
    assert line[column(window, "我是")] == "首问"
    assert line[column(window, "状态")] == "已转派"
    assert line[column(window, "当前处理人")] == "赵四（3002）"
    assert line[column(window, "客户号码")] == "138****8000"
    assert "13800138000" not in " ".join(line)

    # Enter opens it through the main window.
    opened: list[str] = []
    window.open_complaint = opened.append  # type: ignore[method-assign]
    press(qtbot, Qt.Key.Key_Return)
    assert opened == [complaint_id]

    # The colleague it was handed to has it too, as 当前处理人.
    press(
        qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    sign_in(qtbot, window, "3002")
    window.show_follow_ups()
    [line] = rows(window)
    assert line[column(window, "投诉编号")] == number
    assert line[column(window, "我是")] == "当前处理人"


def test_overdue_red_due_soon_amber_and_the_counts(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    vip = record(ctx, hall["clerk"], tier="VIP", name="钱女士", phone="13900139000")  # 8 h: 18:00
    record(ctx, hall["clerk"], tier="普通")  # 48 h
    sign_in(qtbot, window, "3001")
    qtbot.waitUntil(lambda: "我的跟进 2" in window.followup_counts_label.text())
    assert "超时 0" in window.followup_counts_label.text()
    assert window.tabs.tabText(window.tabs.indexOf(window.followup_page)) == "我的跟进（2）"

    window.show_follow_ups()
    model = window.followup_page.model
    assert model.row_at(0).complaint.id == vip  # nearest deadline first
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None

    clock.advance(hours=6, minutes=30)  # 16:30: the VIP's deadline is 1.5 h away
    window.monitor.check()  # what the minute timer does
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BACKGROUND
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "还剩 1小时30分" in rows(window)[0][column(window, "剩余时间")]
    assert "2小时内到期 1" in window.followup_counts_label.text()

    clock.advance(hours=2)  # 18:30: overdue
    window.monitor.check()
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_TEXT
    assert "超时 30分钟" in rows(window)[0][column(window, "剩余时间")]
    label = window.followup_counts_label.text()
    assert f'<b style="color:{style.ERROR_STRONG}">超时 1</b>' in label
    assert "2小时内到期 0" in label
    assert "超时 1" in window.tabs.tabText(window.tabs.indexOf(window.followup_page))

    SCREENSHOTS.mkdir(exist_ok=True)
    for n in range(3):
        record(ctx, hall["clerk"], name=f"客户{n}", phone=f"1370000000{n}")
    lifecycle.transfer(
        ctx, hall["clerk"], vip, to_kind="department", to="计费中心", note="核查扣费"
    )
    record(ctx, hall["clerk"], tier="VIP", name="吴先生", phone="13600136000")  # 8 h: 02:30 → 08:00
    clock.advance(hours=12)  # 06:30 next day: the new VIP is due in 1.5 h
    window.monitor.check()
    qtbot.wait(50)  # the status bar's layout settles
    window.grab().save(str(SCREENSHOTS / "followup.png"))


def test_a_save_updates_the_counts_without_waiting_for_the_minute(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    sign_in(qtbot, window, "3001")
    qtbot.waitUntil(lambda: "我的跟进 0" in window.followup_counts_label.text())
    record(ctx, hall["clerk"])
    window._records_changed()  # what a save, a step or a sync round calls
    qtbot.waitUntil(lambda: "我的跟进 1" in window.followup_counts_label.text(), timeout=2000)
    assert window.monitor.timer.isActive() and window.monitor.timer.interval() == 60_000


def test_the_notice_before_one_of_mine_becomes_overdue_fires_once(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    record(ctx, hall["clerk"], tier="VIP", name="钱女士")  # due 18:00
    number = complaints.list_complaints(hall["clerk"])[0].number
    sign_in(qtbot, window, "3001")
    announced: list[list[object]] = []
    window.monitor.becoming_overdue.connect(announced.append)
    window.monitor.check()
    assert announced == []

    window.show_intake()
    clock.advance(hours=7, minutes=40)  # 17:40: 20 minutes left
    window.monitor.check()
    assert len(announced) == 1
    assert number in window.statusBar().currentMessage()
    assert window.overdue_notice.isVisible() or window.tray is not None
    if window.tray is None:
        assert number in window.overdue_notice.text_label.text()
        assert focused() is window.intake.phone_edit  # the notice did not take the keyboard

    clock.advance(minutes=1)
    window.monitor.check()
    window.monitor.check()
    assert len(announced) == 1  # once per complaint, not every minute

    if window.tray is None:
        SCREENSHOTS.mkdir(exist_ok=True)
        qtbot.wait(50)
        window.grab().save(str(SCREENSHOTS / "notice.png"))
        qtbot.mouseClick(window.overdue_notice.show_button, Qt.MouseButton.LeftButton)
        assert not window.overdue_notice.isVisible()
        assert window.tabs.currentWidget() is window.followup_page


def test_a_shift_leader_sees_the_hall_and_may_narrow_it_to_their_own(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    record(ctx, hall["clerk"])
    record(ctx, hall["clerk2"], phone="13900139000")
    own = record(ctx, hall["leader"], phone="13700137000")
    sign_in(qtbot, window, "2001")
    window.show_follow_ups()
    page = window.followup_page
    assert page.title_label.text() == "全厅未办结投诉"
    assert page.model.rowCount() == 3
    assert sorted(line[column(window, "我是")] for line in rows(window)) == ["—", "—", "首问"]
    assert page.mine_only_check.isVisible()
    qtbot.mouseClick(page.mine_only_check, Qt.MouseButton.LeftButton)
    assert page.title_label.text() == "我的跟进"
    assert [page.model.row_at(r).complaint.id for r in range(page.model.rowCount())] == [own]
    qtbot.waitUntil(lambda: "我的跟进 1" in window.followup_counts_label.text())
