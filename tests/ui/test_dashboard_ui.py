"""统计看板: a store manager opens it from the main window (Ctrl+Shift+D), switches the period, clicks
a class bar and the complaint list shows exactly that class's complaints of the period; the
numbers toggle; the hot-spot panel; the handover report through the print preview; a clerk has no
dashboard; signing out closes it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.reporting import PeriodKind
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui.charts import BarChart
from hall_desk.ui.dashboard import DashboardWindow
from hall_desk.ui.mainwindow import MainWindow
from tests.services.reporting_data import T0, at_local, record, seed_known
from tests.ui.conftest import sign_in
from tests.ui.helpers import press

SCREENSHOTS = Path("/tmp/hall_desk_screens")
# The windows are raised when opened; the offscreen platform says it cannot.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def listed_numbers(window: MainWindow) -> set[str]:
    model = window.list_page.model
    return {model.index(r, 0).data() for r in range(model.rowCount())}


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_dashboard(qtbot: QtBot, window: MainWindow) -> DashboardWindow:
    press(qtbot, Qt.Key.Key_D, CTRL_SHIFT)
    board = window.dashboard
    assert board is not None and board.isVisible()
    qtbot.addWidget(board)
    return board


def click_bar(qtbot: QtBot, chart: BarChart, index: int) -> None:
    centre = chart.bar_rect(index).center()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y())))


def test_a_click_on_a_class_bar_lists_its_complaints(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    known = seed_known(hall, ctx)
    sign_in(qtbot, window, "1001")
    board = open_dashboard(qtbot, window)
    # 今天 (22nd): only next_midnight, 电信资费
    assert board.period_buttons[PeriodKind.TODAY].isChecked()
    assert board.tiles["total"].value_label.text() == "1"
    board.period_buttons[PeriodKind.MONTH].click()
    assert board.figures is not None and board.figures.total.count == 7
    assert "2026年11月" in board.period_label.text()
    # 自定义 19–21: five complaints, 网络质量 two of them
    board.set_range(date(2026, 11, 19), date(2026, 11, 21))
    figures = board.figures
    assert figures is not None and figures.total.count == 5
    chart = board.class_chart.chart
    assert isinstance(chart, BarChart)
    index = [b.key for b in figures.by_class].index("网络质量")
    with qtbot.waitSignal(board.complaints_requested):
        click_bar(qtbot, chart, index)
    assert window.tabs.currentWidget() is window.list_page
    from hall_desk.storage.models import Complaint

    expected = {Complaint.get_by_id(known.ids[k]).number for k in ("overdue", "last_second")}
    assert listed_numbers(window) == expected
    # the list is seen (issue 19): the dashboard, a child window always in front of the main one,
    # steps aside and says how to come back; Ctrl+Shift+D (issue 19: Ctrl+D deletes a character
    # on X11) brings it back
    assert board.isMinimized()
    assert QApplication.focusWidget() is window.list_page.table
    assert "按 Ctrl+Shift+D 回到统计看板" in window.statusBar().currentMessage()
    press(qtbot, Qt.Key.Key_D, CTRL_SHIFT)
    assert not board.isMinimized() and board.isVisible()
    filters = window.list_page.filters
    assert filters.class_combo.currentText() == "网络质量"
    assert filters.date_check.isChecked()
    assert (filters.from_edit.date().day(), filters.to_edit.date().day()) == (19, 21)
    # a sub-class bar: the filter row shows the condition it has no widget for
    index = [b.key for b in figures.by_sub_class].index("信号覆盖")
    board.sub_chart.activated.emit(index)
    assert listed_numbers(window) == expected
    assert "信号覆盖" in filters.extra_label.text() and filters.extra_label.isVisibleTo(filters)
    filters.clear_button.click()
    assert not filters.extra_label.isVisibleTo(filters)
    assert len(listed_numbers(window)) == 7
    # an upside-down range is named, the figures shown stay those of the last good period
    board.from_edit.setDate(QDate(2026, 11, 21))  # 21st–21st
    shown = board.figures
    board.to_edit.setDate(QDate(2026, 11, 19))
    assert board.message_label.isVisibleTo(board)
    assert "不能早于开始日期" in board.message_label.text()
    assert board.figures is shown
    board.to_edit.setDate(QDate(2026, 11, 22))
    assert not board.message_label.isVisibleTo(board)
    # last_second and repeat on the 21st, next_midnight on the 22nd
    assert board.figures is not None and board.figures.total.count == 3


def test_numbers_toggle_tiles_and_hot_spots(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    phone = 13900000000
    for back in range(1, 7):  # one 信号覆盖 complaint a week, six weeks back
        phone += 1
        record(ctx, clerk, at_local(16, 11) - timedelta(weeks=back), phone=str(phone),
               main="网络质量", sub="信号覆盖")  # fmt: skip
    for n in range(7):  # this week: seven (16th … 21st, 16th twice), and two VIP fee complaints
        phone += 1
        record(
            ctx, clerk, at_local(16 + n % 6, 12), phone=str(phone), main="网络质量", sub="信号覆盖"
        )
    for _ in range(2):
        phone += 1
        record(ctx, clerk, at_local(17, 12), phone=str(phone), tier="VIP")
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(T0)
    sign_in(qtbot, window, "2001")  # a shift leader may see it too
    board = open_dashboard(qtbot, window)
    board.period_buttons[PeriodKind.WEEK].click()
    assert board.figures is not None and board.figures.total.count == 9
    # numbers beside the chart
    board.class_chart.numbers_button.click()
    table = board.class_chart.table
    assert board.class_chart.stack.currentWidget() is table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["网络质量"] == "7" and rows["电信资费"] == "2"
    # hot spots: 信号覆盖 (7 against 1 a week) and its class
    hot = board.hot_chart.table
    names = [hot.item(r, 0).text() for r in range(hot.rowCount())]
    assert "网络质量 / 信号覆盖" in names and "网络质量（大类）" in names
    assert "平均" in board.hot_rule.text()
    # late, unanswered: the two VIP ones (8 h) and the 信号覆盖 ones of the 16th (×2), 17th, 18th
    # and 19th (48 h: past due before Sunday 10:00); the tile lists exactly those
    assert board.tiles["late"].value_label.text() == "7"
    assert board.tiles["late"].detail_label.text() == "按时 0，未到期 2"
    with qtbot.waitSignal(board.complaints_requested):
        board.tiles["late"].click()
    assert len(listed_numbers(window)) == 7
    assert window.list_page.filters.overdue_check.isChecked()
    # a screenshot to look at
    board.resize(1280, 820)
    board.more_tabs.setCurrentIndex(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    board.class_chart.numbers_button.click()
    board.grab().save(str(SCREENSHOTS / "dashboard.png"))


def test_the_handover_report_opens_in_the_print_preview(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    seed_known(hall, ctx)
    sign_in(qtbot, window, "1001")
    board = open_dashboard(qtbot, window)
    shown = []
    board.open_print_preview = lambda dialog: shown.append(dialog)  # type: ignore[method-assign]
    board.print_day_button.click()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30_000)  # made in the background
    assert shown[0].windowTitle() == "交班报表"
    from tests.documents.pdftools import pdf_text, squeeze

    assert "交班报表" in squeeze(pdf_text(shown[0]._pdf, layout=False))


def test_a_clerk_has_no_dashboard_and_signing_out_closes_it(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    sign_in(qtbot, window, "3001")
    assert not window.dashboard_action.isEnabled()
    window.show_dashboard()
    assert window.dashboard is None
    press(qtbot, Qt.Key.Key_L, CTRL_SHIFT)  # 切换用户
    sign_in(qtbot, window, "1001")
    board = open_dashboard(qtbot, window)
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # 锁定
    assert window.dashboard is None
    assert not board.isVisible()
