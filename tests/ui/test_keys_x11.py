"""No application shortcut is a text-editing key (issue 19), in both of Qt's key schemes a desk meets.

The suite's offscreen platform uses the Windows scheme: checked here. The X11 scheme (where Ctrl+U
empties a line edit) needs a real X server: tests/ui/x11_keys.py runs in a subprocess under Xvfb
with ``QT_QPA_PLATFORM=xcb`` and sends every shortcut to focused text fields.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hall_desk.services.context import StaffSession
from hall_desk.ui.intake import SUGGESTION_KEY, TEMPLATE_KEY, IntakeForm
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.shortcut_keys import clashes, collisions, form_shortcuts, press_form_shortcuts

REPO = Path(__file__).resolve().parents[2]


def test_no_shortcut_is_a_text_editing_key_of_the_windows_scheme(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    window.start_session(hall["manager"])
    assert collisions(window) == []


def intake_fields(form: IntakeForm) -> list[QWidget]:
    """One of each kind of text field of the intake form (line, completer line, plain text, date)."""
    return [form.phone_edit, form.request_edit, form.description_edit, form.occurred_edit]


def test_the_intake_forms_own_shortcuts_are_enumerated_and_clash_with_nothing(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    window.start_session(hall["manager"])
    keys = {s.key().toString() for s in form_shortcuts(window.intake)}
    template, suggestion = QKeySequence(TEMPLATE_KEY), QKeySequence(SUGGESTION_KEY)
    assert {template.toString(), suggestion.toString(), "F8", "Esc", "Ctrl+Return"} <= keys
    assert clashes(window) == []
    assert collisions(window) == []


def test_no_intake_shortcut_destroys_text_in_a_focused_field(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    window.start_session(hall["manager"])
    form = window.intake
    assert window.tabs.currentWidget() is form or form.isVisible()
    assert press_form_shortcuts(qtbot, form, intake_fields(form)) == []


@pytest.mark.qt_log_ignore("Ambiguous shortcut overload")  # the clash, as Qt reports it
def test_the_checks_catch_a_clash_and_a_text_editing_key(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    """The checks above can fail: a form shortcut on a window action's key (F5, 立即同步) and one
    on a text-editing key (Ctrl+A, select all) are both caught."""
    window.start_session(hall["manager"])
    form = window.intake
    for keys in ("F5", "Ctrl+A"):
        shortcut = QShortcut(QKeySequence(keys), form)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: None)
    assert [c for c in clashes(window) if "F5" in c] == ["IntakeForm shortcut F5 is also 立即同步"]
    assert any(c.startswith("IntakeForm shortcut Ctrl+A Ctrl+A is") for c in collisions(window))
    failures = press_form_shortcuts(qtbot, form, intake_fields(form))
    assert any("Ctrl+A" in f and "did not run" in f for f in failures)
    assert any("F5" in f and "did not run" in f for f in failures)  # ambiguous: neither runs


def test_shortcuts_under_x11(tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.skip("xvfb-run is not installed (packaging/bootstrap.sh installs xvfb)")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        HALL_DESK_TEST_XCB="1",
        XDG_RUNTIME_DIR=str(runtime),
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    done = subprocess.run(
        [
            xvfb_run, "-a", "-s", "-screen 0 1366x768x24",
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            str(REPO / "tests" / "ui" / "x11_keys.py"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    report = done.stdout[-6000:] + done.stderr[-3000:]
    assert done.returncode == 0, report
    assert "4 passed" in report, report
