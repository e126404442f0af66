"""The shared widgets of hall_desk/ui/widgets.py, used as a person at the desk uses them: the
read-only table (no editing, rows chosen with the keyboard, Ctrl+C copies them), the error banner,
and the form row whose mnemonic puts the cursor into its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hall_desk.ui import style
from hall_desk.ui.field_errors import error_line
from hall_desk.ui.widgets import ErrorBanner, ReadOnlyTable, form_row
from tests.ui.helpers import focused, press

ROWS = [
    ("TR-001", "13800000001", "填写中"),
    ("TR-002", "13800000002", "已完成"),
    ("TR-003", "13800000003", "已放弃"),
]


def shown_table(qtbot: QtBot, *, multi: bool = False) -> ReadOnlyTable:
    table = ReadOnlyTable(("编号", "号码", "状态"), "someTable", multi=multi)
    qtbot.addWidget(table)
    table.set_rows(ROWS)
    with qtbot.waitExposed(table):
        table.show()
    table.activateWindow()
    table.setFocus()
    return table


def test_a_read_only_table_has_its_headers_and_rows_and_cannot_be_edited(qtbot: QtBot) -> None:
    table = shown_table(qtbot)
    assert table.objectName() == "someTable"
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["编号", "号码", "状态"]
    assert [[table.item(r, c).text() for c in range(3)] for r in range(3)] == [
        list(row) for row in ROWS
    ]
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    table.setCurrentCell(0, 1)
    press(qtbot, Qt.Key.Key_F2)  # the platform's edit key opens no editor
    qtbot.keyClicks(table, "999")  # typing searches, it does not overwrite
    assert table.item(0, 1).text() == "13800000001"
    assert table.state() != QAbstractItemView.State.EditingState
    assert not table.verticalHeader().isVisible()


def test_rows_are_chosen_with_the_keyboard_and_copied_with_ctrl_c(qtbot: QtBot) -> None:
    table = shown_table(qtbot)
    table.selectRow(0)
    press(qtbot, Qt.Key.Key_Down)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [1]
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # one row at a time
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]
    QGuiApplication.clipboard().clear()
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "TR-003\t13800000003\t已放弃"


def test_a_table_for_several_rows_copies_them_all_in_order(qtbot: QtBot) -> None:
    table = shown_table(qtbot, multi=True)
    table.selectRow(2)
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert sorted(i.row() for i in table.selectionModel().selectedRows()) == [1, 2]
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "TR-002\t13800000002\t已完成\nTR-003\t13800000003\t已放弃"
    )


def test_the_error_banner_is_hidden_until_it_says_something_in_the_error_red(
    qtbot: QtBot,
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    banner = error_line("someErrors")  # the forms' banner is this widget
    assert isinstance(banner, ErrorBanner)
    banner.setParent(holder)
    holder.show()
    assert not banner.isVisible()
    assert style.ERROR in banner.styleSheet() and style.ERROR_BACKGROUND in banner.styleSheet()
    banner.say("请填写手机号码")
    assert banner.isVisible() and banner.text() == "请填写手机号码"
    assert banner.wordWrap()
    banner.dismiss()
    assert not banner.isVisible() and banner.text() == ""


def test_a_form_rows_mnemonic_puts_the_cursor_into_its_field(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    name = QLineEdit()
    phone = QLineEdit()
    composite = QWidget()  # a field with a button beside its input
    inner = QHBoxLayout(composite)
    number = QLineEdit()
    inner.addWidget(number)
    inner.addWidget(QPushButton("显示"))
    name_label = form_row(form, "姓名(&M)", name)
    form_row(form, "手机号码(&P)", phone, hint="11 位手机号码")
    form_row(form, "证件号码(&I)", composite, buddy=number)
    assert form.labelForField(name) is name_label
    assert phone.toolTip() == "11 位手机号码"
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    name.setFocus()
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert focused() is phone
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert focused() is number
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert focused() is name


def test_every_list_of_the_ui_is_made_read_only_by_the_shared_set_up() -> None:
    """Issue 21 item 5: one set-up for the UI's read-only tables and lists (``widgets.read_only``,
    used by :class:`ReadOnlyTable` and by the model-backed lists), not a copy in each dialog."""
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "hall_desk" / "ui"
    copies = [
        f"{path.relative_to(ui)}:{number}"
        for path in sorted(ui.rglob("*.py"))
        if path.name != "widgets.py" and "forms" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "NoEditTriggers" in line
    ]
    assert copies == [], f"use hall_desk.ui.widgets.read_only / ReadOnlyTable: {copies}"
