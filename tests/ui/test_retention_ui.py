"""资料保存期限 on screen: store managers only; the due records listed with head office's
confirmation; the chosen ones purged after a confirmation naming what goes; the list refreshed."""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.retention import PURGED
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event, Transfer
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.retention import RetentionDialog
from tests.services.test_retention_service import (
    FIRST_DUE_2Y,
    completed_transfer,
    head_office_holds_everything,
)
from tests.ui.conftest import sign_in
from tests.ui.helpers import press


def test_only_a_store_manager_gets_the_window(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.retention_action.isEnabled()  # signed out
    assert window.retention_action.shortcut().toString() == "Ctrl+Shift+B"
    for staff_no in ("3001", "2001"):
        sign_in(qtbot, window, staff_no)
        assert not window.retention_action.isEnabled()
        window.switch_user()
    sign_in(qtbot, window, "1001")
    assert window.retention_action.isEnabled()
    opened: list[RetentionDialog] = []

    def make() -> RetentionDialog:
        dialog = window.__class__.make_retention(window)
        dialog.exec = lambda: opened.append(dialog) or 0  # type: ignore[method-assign]
        return dialog

    window.make_retention = make  # type: ignore[method-assign]
    press(
        qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert len(opened) == 1 and opened[0].empty_label.isVisibleTo(opened[0])


def test_nothing_due_says_so(qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    dialog = RetentionDialog(ctx, hall["manager"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty_label.isVisible() and dialog.empty_label.text() == "没有到期的资料"
    assert not dialog.table.isVisible() and not dialog.purge_button.isEnabled()


def test_list_confirm_and_purge(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    held = completed_transfer(ctx, clerk)
    head_office_holds_everything(clock.now())
    waiting = completed_transfer(ctx, clerk, phone="139 0013 9000")  # not sent yet
    clock.set(FIRST_DUE_2Y)
    dialog = RetentionDialog(ctx, hall["manager"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 2 and not dialog.empty_label.isVisible()
    rows = {
        dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(6)]
        for r in range(2)
    }
    number = Transfer.get_by_id(held).number
    assert rows[number][1:5] == ["138****8000", "过户", "身份信息（原机主）", "2028-11-22"]
    assert rows[number][5] == "总部已确认"
    waiting_number = Transfer.get_by_id(waiting).number
    assert rows[waiting_number][5].startswith("等待总部确认")
    dialog.grab().save("/tmp/retention_dialog.png")

    # Everything selected from the keyboard: only what head office holds is chosen.
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert [r.transfer_id for r in dialog.selected()] == [held]
    assert dialog.purge_button.isEnabled()

    asked: list[str] = []
    dialog.confirm = lambda text: asked.append(text) or False  # type: ignore[method-assign]
    dialog.purge_button.click()
    assert "将清除 1 笔过户记录中的以下资料" in asked[0]
    assert "1 项身份信息：证件号码、姓名、住址" in asked[0]
    assert Event.select().where(Event.type == "retention.purged").count() == 0  # cancelled

    dialog.confirm = lambda text: asked.append(text) or True  # type: ignore[method-assign]
    dialog.table.selectAll()
    dialog.purge_button.click()
    assert Event.select().where(Event.type == "retention.purged").count() == 1
    assert json.loads(Transfer.get_by_id(held).parties)["registered_owner"]["address"] == PURGED
    assert dialog.status_label.text() == "已清除 1 笔记录的 1 项资料"
    assert dialog.table.rowCount() == 1  # refreshed: only the one waiting for head office
    assert dialog.table.item(0, 0).text() == waiting_number


def test_a_purge_refused_meanwhile_is_said_and_the_list_refreshed(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    completed_transfer(ctx, hall["clerk"])
    head_office_holds_everything(clock.now())
    clock.set(FIRST_DUE_2Y)
    dialog = RetentionDialog(ctx, hall["manager"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectAll()
    dialog.confirm = lambda text: True  # type: ignore[method-assign]
    clock.set(datetime(2028, 11, 1, tzinfo=FIRST_DUE_2Y.tzinfo))  # the list had gone stale
    dialog.purge_button.click()
    assert dialog.status_label.text() == "所选资料未到保存期限，或已被清除，请刷新列表"
    assert dialog.empty_label.isVisible()
