"""Typing and clicking as a person would.

Chinese text is committed the way an input method does (a QInputMethodEvent with a commit string):
``qtbot.keyClicks`` with non-ASCII text aborts the test process (ARCHITECTURE.md, known traps).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: QtBot, text: str, widget: QWidget | None = None) -> None:
    """Type into ``widget`` (default: whatever has the focus): ASCII as keys, the rest through IME."""
    target = widget or focused()
    if text.isascii():
        qtbot.keyClicks(target, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def press(
    qtbot: QtBot,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    times: int = 1,
) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)
