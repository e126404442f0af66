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
from pytestqt.qtbot import QtBot

from hall_desk.services.context import StaffSession
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.shortcut_keys import collisions

REPO = Path(__file__).resolve().parents[2]


def test_no_shortcut_is_a_text_editing_key_of_the_windows_scheme(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    window.start_session(hall["manager"])
    assert collisions(window) == []


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
    assert "3 passed" in report, report
