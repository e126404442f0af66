"""What an application shortcut may be (issue 19): not a key a text field acts on.

A main-window shortcut reaches its action only if the focused widget does not claim the key first:
a line edit, plain-text edit or spin box claims every key of the text-editing standard keys of the
platform's key scheme (on X11: Ctrl+U empties the line, Ctrl+K deletes to its end, Ctrl+D deletes a
character, Ctrl+E moves to the end). :func:`collisions` compares each shortcut with
``QKeySequence.keyBindings`` of **every** ``StandardKey`` of the running platform: a shortcut may
share a binding only with an application-level key no text field acts on (New, Print, Find,
Refresh …).

A form's own keys are ``QShortcut`` objects (the intake form's 常用模板 F2, 建议分类 F3, F8,
Escape, Ctrl+Enter): :func:`form_shortcuts` enumerates them, :func:`collisions` holds them to the
same rule and :func:`clashes` refuses one that shares its key with a window action or with another
shortcut that can be live at the same time. :func:`press_form_shortcuts` presses each in each kind
of text field of its form, holding text with the cursor inside: the shortcut runs, the text stays.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

SK = QKeySequence.StandardKey

# Standard keys no text field acts on: an application may use their bindings for its own actions.
APPLICATION_LEVEL = frozenset(
    {
        SK.HelpContents, SK.WhatsThis, SK.Open, SK.Close, SK.Save, SK.SaveAs, SK.New, SK.Print,
        SK.Quit, SK.Refresh, SK.Find, SK.FindNext, SK.FindPrevious, SK.Replace, SK.AddTab,
        SK.NextChild, SK.PreviousChild, SK.Preferences, SK.FullScreen, SK.ZoomIn, SK.ZoomOut,
        SK.Back, SK.Forward,
        SK.Cancel,  # Escape: closes a dialog or popup; no line edit, text edit or spin box acts on it
    }
)  # fmt: skip


def application_shortcuts(window: QMainWindow) -> dict[str, QAction]:
    """Every key sequence of the window's actions (its own, its menus' and toolbar's) → action."""
    found: dict[str, QAction] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
                assert text not in found or found[text] is action, f"{text} used twice"
                found[text] = action
    return found


def _text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def form_shortcuts(window: QWidget) -> list[QShortcut]:
    """Every QShortcut of the window's forms (the intake form's F2, F3 …), with a key."""
    return [s for s in window.findChildren(QShortcut) if not s.key().isEmpty()]


def _where(shortcut: QShortcut) -> str:
    parent = shortcut.parent()
    return f"{type(parent).__name__} shortcut {_text(shortcut.key())}"


def collisions(window: QMainWindow) -> list[str]:
    """Each (shortcut, standard key) pair where the standard key is not application-level: the
    window's actions and its forms' QShortcuts."""
    bindings: dict[str, list[str]] = {}
    for key in SK:
        for sequence in QKeySequence.keyBindings(key):
            bindings.setdefault(_text(sequence), []).append(key.name)
    named = [(text, action.text()) for text, action in application_shortcuts(window).items()]
    named += [(_text(s.key()), _where(s)) for s in form_shortcuts(window)]
    found = []
    for text, name_of in sorted(named):
        for name in bindings.get(text, []):
            if SK[name] not in APPLICATION_LEVEL:
                found.append(f"{name_of} {text} is the standard key {name}")
    return found


def _live_together(a: QShortcut, b: QShortcut) -> bool:
    """Whether two form shortcuts can both be live: one's widget is (inside) the other's."""
    pa, pb = a.parent(), b.parent()
    if not isinstance(pa, QWidget) or not isinstance(pb, QWidget):
        return True
    return pa is pb or pa.isAncestorOf(pb) or pb.isAncestorOf(pa)


def clashes(window: QMainWindow) -> list[str]:
    """A form shortcut whose key is a window action's too (the window's wins or neither runs), or
    another form shortcut's that can be live at the same time (Qt runs neither: ambiguous)."""
    actions = application_shortcuts(window)
    shortcuts = form_shortcuts(window)
    found = []
    for index, shortcut in enumerate(shortcuts):
        text = _text(shortcut.key())
        if text in actions:
            found.append(f"{_where(shortcut)} is also {actions[text].text()}")
        for other in shortcuts[index + 1 :]:
            if _text(other.key()) == text and _live_together(shortcut, other):
                found.append(f"{_where(shortcut)} is also {_where(other)}")
    return found


LINE = "13800 abc 投诉"
PLAIN = "第一行 first line\n第二行 second line"


def _fill(fields: list[QWidget]) -> Callable[[], list[str]]:
    """Put text in each field with the cursor inside it; returns a reader of their texts."""
    for field in fields:
        if isinstance(field, QLineEdit):
            field.setText(LINE)
            field.setCursorPosition(5)
        elif isinstance(field, QPlainTextEdit):
            field.setPlainText(PLAIN)
            cursor = field.textCursor()
            cursor.setPosition(4)
            field.setTextCursor(cursor)
        elif isinstance(field, QAbstractSpinBox):
            field.lineEdit().setCursorPosition(3)

    def texts() -> list[str]:
        return [
            f.text() if isinstance(f, QLineEdit) else
            f.toPlainText() if isinstance(f, QPlainTextEdit) else
            f.lineEdit().text() if isinstance(f, QAbstractSpinBox) else ""
            for f in fields
        ]  # fmt: skip

    return texts


def press_form_shortcuts(qtbot: QtBot, form: QWidget, fields: list[QWidget]) -> list[str]:
    """Press each of ``form``'s QShortcuts in each of ``fields`` (text in it, the cursor inside):
    what went wrong, one line each (the shortcut did not run, or a field's text changed). Only the
    keys' routing is under test: each shortcut records that it ran instead of acting."""
    shortcuts = [s for s in form_shortcuts(form) if s.parent() is form]
    ran: list[str] = []
    for shortcut in shortcuts:
        shortcut.activated.disconnect()
        text = _text(shortcut.key())
        shortcut.activated.connect(lambda t=text: ran.append(t))
    failures = []
    for shortcut in shortcuts:
        text = _text(shortcut.key())
        combo = shortcut.key()[0]
        for field in fields:
            if isinstance(field, QAbstractSpinBox) and hasattr(field, "setDateTime"):
                field.setDateTime(QDateTime.fromString("2026-12-07 10:30", "yyyy-MM-dd HH:mm"))
            texts = _fill(fields)
            before = texts()
            field.setFocus()
            qtbot.waitUntil(
                lambda f=field: (
                    QApplication.focusWidget() in (f, getattr(f, "lineEdit", lambda: f)())
                )
            )
            ran.clear()
            qtbot.keyClick(QApplication.focusWidget(), combo.key(), combo.keyboardModifiers())
            where = f"{_where(shortcut)} in {type(field).__name__} {field.objectName()}"
            if ran != [text]:
                failures.append(f"{where}: the shortcut did not run ({ran})")
            if texts() != before:
                failures.append(f"{where}: the text changed")
    return failures
