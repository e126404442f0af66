"""What a clerk meets at 1024×768 (issue 19): the intake form's marks and flags, the history hint,
the repeat link in the detail, the window title and the wait cursor while a document is made."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import require_desk
from hall_desk.ui.intake import REQUIRED_MARK
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.print_preview import PrintPreviewDialog
from tests.ui.conftest import sign_in
from tests.ui.helpers import type_text
from tests.ui.test_counter import ReadBack, fill_walk_in_complaint

APP_NAME = "营业厅投诉受理台"
# The client area of a 1024×768 screen less a 40 px taskbar and a window frame.
COUNTER = (1008, 696)


@pytest.fixture
def counter_window(window: MainWindow) -> Iterator[MainWindow]:
    window.resize(*COUNTER)
    QApplication.processEvents()
    yield window


def draft(description: str = "彩铃未订购被扣费") -> ComplaintDraft:
    return ComplaintDraft(
        phone="13812345678",
        customer_name="陈先生",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        description=description,
        customer_request="退还多收费用",
    )


def label_of(widget: QWidget) -> QLabel:
    top = widget.window()
    labels = [label for label in top.findChildren(QLabel) if label.buddy() is widget]
    assert labels, f"no label for {widget.objectName()}"
    return labels[0]


def in_sight(widget: QWidget) -> bool:
    """Shown and wholly inside its window (not scrolled or pushed out of view)."""
    top = widget.window()
    where = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
    return (
        widget.isVisible() and top.rect().contains(where) and not widget.visibleRegion().isEmpty()
    )


def test_every_field_refused_empty_is_marked_required(
    qtbot: QtBot, counter_window: MainWindow
) -> None:
    """Issue 19: the required 客户姓名 was not marked. Saving an empty form names exactly the
    fields the domain refuses empty: each one's label carries the mark, and no other does."""
    sign_in(qtbot, counter_window, "3001")
    intake = counter_window.intake
    intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    intake.submit()
    refused = set(map(id, intake.field_errors.marked))
    assert refused, intake.error_message()
    intake.class_combo.setCurrentText("电信资费")  # the sub-class is refused once a class is chosen
    intake.submit()
    refused |= set(map(id, intake.field_errors.marked))
    for widget in intake._inputs():
        if widget in (intake.important_check, intake.media_check):
            continue  # check boxes: never required
        marked = label_of(widget).text().endswith(REQUIRED_MARK)
        assert marked == (id(widget) in refused), widget.objectName()
    assert label_of(intake.name_edit).text().endswith(REQUIRED_MARK)


def test_the_flags_stay_in_sight_after_the_first_save(
    qtbot: QtBot, counter_window: MainWindow
) -> None:
    """Issue 19: after the first save the saved banner pushed 重要投诉 / 媒体记者 below the fold."""
    sign_in(qtbot, counter_window, "3001")
    intake = counter_window.intake
    assert in_sight(intake.important_check) and in_sight(intake.media_check)
    intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    fill_walk_in_complaint(qtbot)
    assert counter_window.saved_banner.isVisible()
    QApplication.processEvents()
    assert in_sight(intake.important_check) and in_sight(intake.media_check)
    assert in_sight(intake.save_button)


def test_the_history_hint_asks_for_a_number_when_there_is_none(
    qtbot: QtBot, counter_window: MainWindow
) -> None:
    """Issue 19: with the number field emptied it still said 该号码没有历史投诉."""
    sign_in(qtbot, counter_window, "3001")
    intake = counter_window.intake
    type_text(qtbot, "13900001111")
    assert intake.history_hint.text() == "该号码没有历史投诉"
    intake.phone_edit.clear()
    assert intake.history_hint.text() == "输入完整号码后显示"
    assert intake.history_hint.isVisible()


def test_the_repeat_link_is_in_sight_in_the_detail(
    qtbot: QtBot,
    counter_window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    """Issue 19: 关联的前次投诉 was the last line of the detail, below the fold at 768."""
    first = complaints.record_complaint(ctx, hall["clerk"], draft())
    again = complaints.record_complaint(ctx, hall["clerk"], draft("又扣了一次"))
    assert again.repeat.is_repeat
    sign_in(qtbot, counter_window, "3001")
    detail = counter_window.make_detail(again.id)
    qtbot.addWidget(detail)
    with qtbot.waitExposed(detail):
        detail.show()
    assert detail.width() <= COUNTER[0] and detail.height() <= COUNTER[1]
    caption = next(
        label for label in detail.findChildren(QLabel) if label.text().startswith("关联的前次投诉")
    )
    value = detail.summary_form.itemAt(
        detail.summary_form.getWidgetPosition(caption)[0],
        detail.summary_form.ItemRole.FieldRole,
    ).widget()
    assert first.number in value.text()
    assert in_sight(caption) and in_sight(value)
    detail.close()


def test_the_title_names_the_app_once(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: 营业厅投诉受理台 — … — 营业厅投诉受理台 under X11, which appends the app's
    display name to every title itself."""
    here = MainWindow(ctx, require_desk())
    qtbot.addWidget(here)
    assert here.windowTitle().count(APP_NAME) == 1  # offscreen appends nothing
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    on_x11 = MainWindow(ctx, require_desk())
    qtbot.addWidget(on_x11)
    assert APP_NAME not in on_x11.windowTitle()
    assert "人民路营业厅" in on_x11.windowTitle()
    for win in (here, on_x11):
        win.idle.stop()


class CursorWhenPreviewBuilt(QObject):
    """Notes the override cursor when a print preview receives its first event (while it is
    being built, after the PDF was made)."""

    def __init__(self) -> None:
        super().__init__()
        self.shapes: list[Qt.CursorShape | None] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if isinstance(watched, PrintPreviewDialog) and not self.shapes:
            cursor = QApplication.overrideCursor()
            self.shapes.append(cursor.shape() if cursor is not None else None)
        return False


def test_a_wait_cursor_shows_while_the_receipt_is_made(
    qtbot: QtBot,
    counter_window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    """Issue 19: the first document of a session took 1.2 s with nothing on screen."""
    recorded = complaints.record_complaint(ctx, hall["clerk"], draft())
    sign_in(qtbot, counter_window, "3001")
    shown: list[PrintPreviewDialog] = []
    counter_window.open_print_preview = shown.append  # type: ignore[method-assign,assignment]
    spy = CursorWhenPreviewBuilt()
    QApplication.instance().installEventFilter(spy)
    try:
        counter_window.print_receipt(recorded.id)  # the PDF is made in the background
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=30_000)
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert len(shown) == 1
    assert spy.shapes == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None  # and gone once the preview is up


def test_f5_on_a_demo_desk_says_why_it_cannot_sync(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    """Issue 19: F5 / 立即同步 showed nothing; a demo desk says it has no head office."""
    demo = MainWindow(ctx, replace(require_desk(), demo=True))
    qtbot.addWidget(demo)
    demo.show()
    qtbot.waitExposed(demo)
    demo.start_sync()
    demo.sync_action.trigger()
    assert "演示台席不连接总部" in demo.statusBar().currentMessage()
    demo.idle.stop()
