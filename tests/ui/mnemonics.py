"""Keyboard mnemonics of a window (issue 19): what Alt+letter reaches, and where two collide.

A label's mnemonic moves the focus to its buddy, so the buddy must be an input widget (a row
container or a bare label lets the next typed keys land elsewhere). Two mnemonics with the same
letter on the same screen (the menu bar's included) make Alt+letter cycle or pick the wrong one.
Only what is on screen together counts: each page of a tab or stacked widget is checked as shown.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QKeySequence, Qt  # QtGui's Qt carries mightBeRichText
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
)


def mnemonic(text: str) -> str:
    """The letter Alt reaches in ``text`` (``&S`` → ``s``), or ""."""
    sequence = QKeySequence.mnemonic(text)
    if sequence.isEmpty():
        return ""
    return sequence.toString(QKeySequence.SequenceFormat.PortableText).split("+")[-1].lower()


def _label_mnemonic(label: QLabel) -> str:
    """A plain-text label's mnemonic (rich text has none: ``&nbsp;`` is an entity)."""
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())
    )
    return "" if rich else mnemonic(label.text())


def _is_input(widget: QWidget) -> bool:
    return isinstance(widget, INPUTS) or (
        widget.focusPolicy().value & 0x1 != 0 and not isinstance(widget, QLabel | QGroupBox)
        and widget.findChild(QWidget) is None
    )  # fmt: skip


def buddy_problems(window: QWidget) -> list[str]:
    """Every label whose mnemonic reaches nothing, or something that is not an input widget."""
    found = []
    for label in window.findChildren(QLabel):
        letter = _label_mnemonic(label)
        if not letter:
            continue  # no Alt+letter: where its buddy is does not matter
        buddy = label.buddy()
        if buddy is None:
            found.append(f"label {label.text()!r}: Alt+{letter} has no buddy")
        elif not _is_input(buddy):
            found.append(
                f"label {label.text()!r}: its buddy is a {type(buddy).__name__}, not an input"
            )
    return found


def _shown_mnemonics(window: QWidget) -> Iterator[tuple[str, str]]:
    """(letter, what) of every mnemonic on screen now."""
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                yield mnemonic(action.text()), f"menu {action.text()!r}"
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            yield _label_mnemonic(widget), f"label {widget.text()!r}"
        elif isinstance(widget, QAbstractButton):
            yield mnemonic(widget.text()), f"button {widget.text()!r}"
        elif isinstance(widget, QGroupBox):
            yield mnemonic(widget.title()), f"group {widget.title()!r}"
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield mnemonic(widget.tabText(i)), f"tab {widget.tabText(i)!r}"


def collisions_now(window: QWidget) -> list[str]:
    seen: dict[str, str] = {}
    found = []
    for letter, what in _shown_mnemonics(window):
        if not letter:
            continue
        if letter in seen:
            found.append(f"Alt+{letter.upper()}: {seen[letter]} and {what}")
        else:
            seen[letter] = what
    return found


def collisions(window: QWidget) -> list[str]:
    """Collisions on every page of every tab and stacked widget (one switched at a time), then
    back to the pages that were current."""
    found = collisions_now(window)
    switchers = [
        w for w in window.findChildren(QWidget) if isinstance(w, QTabWidget | QStackedWidget)
    ]
    for switcher in switchers:
        current = switcher.currentIndex()
        for index in range(switcher.count()):
            switcher.setCurrentIndex(index)
            found += [f"{f} (page {index})" for f in collisions_now(window) if f not in found]
        switcher.setCurrentIndex(current)
    return sorted(set(found))
