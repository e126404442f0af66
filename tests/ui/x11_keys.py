"""Run by tests/ui/test_keys_x11.py under Xvfb with the xcb platform (Qt's X11 key scheme); not
collected by a plain run (its name does not start with ``test_``).

Every application shortcut of the main window (and the intake form's own QShortcuts), sent to a focused line edit, plain-text edit and
spin box holding text (the cursor inside the text, so a delete-to-end, delete-line or
delete-character key would show): the text survives and the action runs. And no shortcut is a
binding of a text-editing standard key of this scheme. 切换用户 is then pressed for real in the
intake form's phone field: the sign-in page shows and the number is kept for its owner.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hall_desk.services.context import StaffSession
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, type_text
from tests.ui.shortcut_keys import application_shortcuts, collisions, press_form_shortcuts
from tests.ui.test_keys_x11 import intake_fields

LINE = "13800138000 投诉 abc"
PLAIN = "第一行 first line\n第二行 second line"


@pytest.fixture(autouse=True)
def _on_x11(qapp: QApplication) -> None:
    assert qapp.platformName() == "xcb", "run under Xvfb by tests/ui/test_keys_x11.py"


def _editors(window: MainWindow) -> tuple[QLineEdit, QPlainTextEdit, QSpinBox]:
    probe = QWidget()
    layout = QVBoxLayout(probe)
    line, plain, spin = QLineEdit(), QPlainTextEdit(), QSpinBox()
    spin.setRange(0, 999_999)
    for widget in (line, plain, spin):
        layout.addWidget(widget)
    window.tabs.addTab(probe, "probe")
    window.tabs.setCurrentWidget(probe)
    return line, plain, spin


def _fill(line: QLineEdit, plain: QPlainTextEdit, spin: QSpinBox) -> None:
    line.setText(LINE)
    line.setCursorPosition(5)
    plain.setPlainText(PLAIN)
    cursor = plain.textCursor()
    cursor.setPosition(4)
    plain.setTextCursor(cursor)
    spin.setValue(123456)
    spin.lineEdit().setCursorPosition(3)


def test_no_shortcut_is_a_text_editing_key_of_the_x11_scheme(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    window.start_session(hall["manager"])
    assert collisions(window) == []


def test_every_shortcut_reaches_its_action_from_a_text_field(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    window.start_session(hall["manager"])
    shortcuts = application_shortcuts(window)
    assert len(shortcuts) >= 12  # 受理投诉 … 立即同步: every window-level shortcut
    ran: list[str] = []
    for text, action in shortcuts.items():
        # Only the key's routing is under test here: each action records that it ran instead of
        # opening its window (a modal dialog would wait for a person).
        action.triggered.disconnect()
        action.triggered.connect(lambda _=False, t=text: ran.append(t))
        action.setEnabled(True)
    line, plain, spin = _editors(window)
    failures = []
    for text, action in sorted(shortcuts.items()):
        sequence = QKeySequence(text)
        combo = sequence[0]
        for editor in (line, plain, spin):
            _fill(line, plain, spin)
            editor.setFocus()
            qtbot.waitUntil(lambda e=editor: focused() in (e, getattr(e, "lineEdit", lambda: e)()))
            ran.clear()
            qtbot.keyClick(focused(), combo.key(), combo.keyboardModifiers())
            where = f"{action.text()} ({text}) in a {type(editor).__name__}"
            if ran != [text]:
                failures.append(f"{where}: the action did not run")
            if (line.text(), plain.toPlainText(), spin.value()) != (LINE, PLAIN, 123456):
                failures.append(f"{where}: the text changed")
    assert not failures, "\n".join(failures)


def test_no_intake_shortcut_destroys_text_in_a_focused_field_under_x11(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    """The intake form's own keys (常用模板 F2, 建议分类 F3, F8, Escape, Ctrl+Enter) in its
    line edit, completer line edit, plain-text edit and date edit: each runs, no text changes."""
    window.start_session(hall["manager"])
    form = window.intake
    assert press_form_shortcuts(qtbot, form, intake_fields(form)) == []


def test_switch_user_from_a_typed_phone_number(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    sign_in(qtbot, window, "3001")
    type_text(qtbot, "13900139000")
    assert focused() is window.intake.phone_edit
    switch: QAction = window.switch_action
    combo = switch.shortcut()[0]
    qtbot.keyClick(focused(), combo.key(), combo.keyboardModifiers())
    assert window.stack.currentWidget() is window.signin_page
    sign_in(qtbot, window, "3001")
    assert window.intake.phone_edit.text() == "13900139000"
    assert Qt.Key.Key_L == combo.key()
