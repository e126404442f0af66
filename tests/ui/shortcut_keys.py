"""What an application shortcut may be (issue 19): not a key a text field acts on.

A main-window shortcut reaches its action only if the focused widget does not claim the key first:
a line edit, plain-text edit or spin box claims every key of the text-editing standard keys of the
platform's key scheme (on X11: Ctrl+U empties the line, Ctrl+K deletes to its end, Ctrl+D deletes a
character, Ctrl+E moves to the end). :func:`collisions` compares each shortcut with
``QKeySequence.keyBindings`` of **every** ``StandardKey`` of the running platform: a shortcut may
share a binding only with an application-level key no text field acts on (New, Print, Find,
Refresh …).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

SK = QKeySequence.StandardKey

# Standard keys no text field acts on: an application may use their bindings for its own actions.
APPLICATION_LEVEL = frozenset(
    {
        SK.HelpContents, SK.WhatsThis, SK.Open, SK.Close, SK.Save, SK.SaveAs, SK.New, SK.Print,
        SK.Quit, SK.Refresh, SK.Find, SK.FindNext, SK.FindPrevious, SK.Replace, SK.AddTab,
        SK.NextChild, SK.PreviousChild, SK.Preferences, SK.FullScreen, SK.ZoomIn, SK.ZoomOut,
        SK.Back, SK.Forward,
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


def collisions(window: QMainWindow) -> list[str]:
    """Each (shortcut, standard key) pair where the standard key is not application-level."""
    bindings: dict[str, list[str]] = {}
    for key in SK:
        for sequence in QKeySequence.keyBindings(key):
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            bindings.setdefault(text, []).append(key.name)
    found = []
    for text, action in sorted(application_shortcuts(window).items()):
        for name in bindings.get(text, []):
            if SK[name] not in APPLICATION_LEVEL:
                found.append(f"{action.text()} {text} is the standard key {name}")
    return found
