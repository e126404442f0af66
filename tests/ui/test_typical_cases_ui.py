"""典型案例库 on screen: the handler writes up a closed complaint from its detail by typing into the
form (a missing field named, nothing typed lost), finds it in the library by a 2-character word,
and a store manager marks it among the quarter's best."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hall_desk.services import typical_cases as cases
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui.complaint_detail import ComplaintDetailDialog
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.typical_cases import TypicalCaseDialog, TypicalCaseLibrary
from tests.services.closed import closed, recorded, write
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text
from tests.ui.test_lifecycle_ui import activate, open_detail

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SCREENSHOTS = Path("/tmp/hall_desk_screens")


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def fill_form(qtbot: QtBot, detail: ComplaintDetailDialog) -> list[str]:
    """Stands in for the person at the form; the error lines it showed."""
    errors: list[str] = []

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, TypicalCaseDialog)
        activate(qtbot, dialog)
        assert "本月已写 1/2" in dialog.intro.text()
        assert focused().objectName() == "title"
        type_text(qtbot, "国际漫游费误收的核实与退费")
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "main_class"  # the complaint's class, kept
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "sub_class"
        press(qtbot, Qt.Key.Key_Return)
        assert focused().objectName() == "background"
        type_text(qtbot, "客户当日未出境，却被收取国际漫游数据费 350 元。")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused().objectName() == "handling"
        type_text(qtbot, "调取基站记录确认客户在本地，报总部审批后全额退费。")
        press(qtbot, Qt.Key.Key_Return, CTRL)  # the lessons are missing
        errors.append(dialog.error_message())
        assert focused().objectName() == "lessons"
        assert dialog.title_edit.text() == "国际漫游费误收的核实与退费"  # nothing typed lost
        type_text(qtbot, "先核实后退费；基站记录是关键证据。")
        SCREENSHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / "typical_case_form.png"))
        press(qtbot, Qt.Key.Key_Return, CTRL)
        return dialog.result() == QDialog.DialogCode.Accepted

    detail.open_step_dialog = run  # type: ignore[method-assign]
    return errors


def test_write_up_find_and_mark_best(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    complaint_id = closed(ctx, hall["clerk"], description="国际漫游费误收")
    write(ctx, hall["clerk"], closed(ctx, hall["clerk"]), title="话费多扣的核实")  # another one
    cases_before = len(cases.search_cases(hall["clerk"]))
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    button = detail.write_case_button
    assert button.isEnabled(), button.toolTip()
    errors = fill_form(qtbot, detail)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert errors == ["经验启示：必须填写"]
    assert detail.message_text() == "已写成典型案例，可在“典型案例库”中查看"
    assert not button.isEnabled() and "已写成典型案例" in button.toolTip()
    assert len(cases.search_cases(hall["clerk"])) == cases_before + 1
    detail.close()
    back_to(qtbot, window)

    # the library: found by a 2-character word; my month against the quota
    shown: list[TypicalCaseLibrary] = []
    monkeypatch.setattr(TypicalCaseLibrary, "exec", lambda self: shown.append(self) or 0)
    press(qtbot, Qt.Key.Key_K, CTRL | SHIFT)  # 典型案例库
    (library,) = shown
    qtbot.addWidget(library)
    assert library.quota_label.text() == "本月已写 2/2（已完成）"
    assert library.model.rowCount() == 2
    assert not library.best_button.isVisible() and not library.team_table.isVisibleTo(library)
    activate(qtbot, library)
    assert focused() is library.search_edit
    type_text(qtbot, "漫游")
    press(qtbot, Qt.Key.Key_Return)
    assert library.model.rowCount() == 1
    assert library.current_case().title == "国际漫游费误收的核实与退费"
    assert "基站记录是关键证据" in library.reader.toPlainText()
    assert library.edit_button.isVisible()  # the author may change it
    library.close()
    back_to(qtbot, window)

    # the store manager marks it among the quarter's best
    window.switch_user()
    sign_in(qtbot, window, "1001")
    press(qtbot, Qt.Key.Key_K, CTRL | SHIFT)  # 典型案例库
    manager_view = shown[-1]
    qtbot.addWidget(manager_view)
    activate(qtbot, manager_view)
    assert manager_view.best_label.text() == "2026Q4 已评优秀 0/5"
    assert manager_view.team_table.isVisibleTo(manager_view)
    team = {
        manager_view.team_table.item(r, 0).text(): manager_view.team_table.item(r, 2).text()
        for r in range(manager_view.team_table.rowCount())
    }
    assert team == {"1001": "0/2", "2001": "0/2", "3001": "2/2", "3002": "0/2"}
    type_text(qtbot, "漫游", manager_view.search_edit)
    press(qtbot, Qt.Key.Key_Return)
    assert manager_view.best_button.text() == "评为本季度优秀案例(&M)"
    assert not manager_view.edit_button.isVisible()
    qtbot.mouseClick(manager_view.best_button, Qt.MouseButton.LeftButton)
    assert manager_view.message_text() == "已评为 2026Q4 优秀案例：国际漫游费误收的核实与退费"
    assert manager_view.best_label.text() == "2026Q4 已评优秀 1/5"
    assert manager_view.current_case().best_quarter == "2026Q4"
    assert manager_view.best_button.text() == "取消优秀案例(&M)"
    manager_view.search_edit.clear()
    manager_view.best_check.setChecked(True)
    assert manager_view.model.rowCount() == 1
    manager_view.best_check.setChecked(False)
    manager_view.resize(1100, 680)
    manager_view.grab().save(str(SCREENSHOTS / "typical_case_library.png"))


def test_an_open_complaint_cannot_be_written_up_and_says_why(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id = recorded(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")
    detail = open_detail(qtbot, window, complaint_id)
    assert not detail.write_case_button.isEnabled()
    assert "归档后才能写成典型案例" in detail.write_case_button.toolTip()


def test_someone_elses_closed_complaint_is_not_theirs_to_write_up(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id = closed(ctx, hall["clerk"])
    sign_in(qtbot, window, "2001")
    detail = open_detail(qtbot, window, complaint_id)
    assert not detail.write_case_button.isEnabled()
    assert "首问责任人或被转派的处理人" in detail.write_case_button.toolTip()


def test_the_sixth_best_of_a_quarter_is_refused_on_screen(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    made = [
        write(ctx, hall["clerk"], closed(ctx, hall["clerk"]), title=f"案例{n}") for n in range(6)
    ]
    for view in made[:5]:
        cases.mark_best(ctx, hall["manager"], view.id)
    library = TypicalCaseLibrary(ctx, hall["manager"])
    qtbot.addWidget(library)
    library.search_edit.setText("案例5")
    library.search()
    assert not library.toggle_best()
    assert library.message_text() == "2026Q4 已评满 5 篇优秀案例，请先取消其中一篇"


def test_the_author_changes_a_case_and_the_manager_takes_a_mark_back(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    view = write(ctx, hall["clerk"], closed(ctx, hall["clerk"]), title="信号问题的处理")
    library = TypicalCaseLibrary(ctx, hall["clerk"])
    qtbot.addWidget(library)
    assert library.edit_button.isEnabled()

    def change(dialog: TypicalCaseDialog) -> bool:
        assert dialog.title_edit.text() == "信号问题的处理"
        dialog.lessons_edit.setPlainText("转派前先测速")
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    library.open_form = change  # type: ignore[method-assign]
    assert library.edit_current()
    assert library.message_text() == "已保存修改"
    assert "转派前先测速" in library.reader.toPlainText()

    cases.mark_best(ctx, hall["manager"], view.id)
    manager_view = TypicalCaseLibrary(ctx, hall["manager"])
    qtbot.addWidget(manager_view)
    assert manager_view.best_button.text() == "取消优秀案例(&M)"
    assert manager_view.toggle_best()
    assert manager_view.message_text() == "已取消“信号问题的处理”的优秀案例"
    assert manager_view.best_label.text() == "2026Q4 已评优秀 0/5"
