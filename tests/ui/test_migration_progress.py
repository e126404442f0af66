"""Issue 22: a long store upgrade shows where it is and can be interrupted from the window; issue
21: it runs on a worker thread through the UI's runner, the UI thread waiting in its own event
loop (no ``processEvents`` loop)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from hall_desk.storage.db import MigrationInterrupted, MigrationProgress, StoreError
from hall_desk.ui.migration_progress import MigrationWindow


def test_nothing_shows_for_a_short_upgrade_and_its_result_comes_back(qtbot: QtBot) -> None:
    window = MigrationWindow(show_after_s=60)
    seen: list[str] = []

    def upgrade(progress: object) -> str:
        assert callable(progress)
        progress(MigrationProgress("step", 17, 0, 2))
        seen.append(threading.current_thread().name)
        return "opened"

    assert window.run(upgrade) == "opened"
    assert window.dialog is None
    assert seen == ["hall-desk-upgrade"]  # not the UI thread


def test_a_long_upgrade_shows_its_step_and_the_interrupt_button_stops_it(qtbot: QtBot) -> None:
    window = MigrationWindow(show_after_s=0)
    shown: list[tuple[str, int]] = []

    def press_interrupt() -> None:
        if window.dialog is None:
            QTimer.singleShot(20, press_interrupt)
            return
        shown.append((window.dialog.labelText(), window.dialog.value()))
        (button,) = window.dialog.findChildren(QPushButton)
        assert button.text() == "中断"
        button.click()

    def upgrade(progress: object) -> None:
        assert callable(progress)
        progress(MigrationProgress("copy", 0, 0, 3))
        progress(MigrationProgress("copy", 0, 1, 3))
        for _ in range(2000):  # a long step, ticking, until interrupted
            progress(MigrationProgress("step", 17, 1, 3, ticking=True))
            time.sleep(0.005)
        raise AssertionError("never interrupted")

    QTimer.singleShot(50, press_interrupt)
    with pytest.raises(MigrationInterrupted):
        window.run(upgrade)
    assert shown and ("备份" in shown[0][0] or "第 2/3 步" in shown[0][0])
    assert window.dialog is None  # closed once the upgrade ended


def test_a_store_that_cannot_be_opened_is_raised_on_the_ui_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    def upgrade(_progress: object) -> None:
        raise StoreError("db.damaged", tmp_path / "x.sqlite3", "not a database")

    with pytest.raises(StoreError) as raised:
        MigrationWindow(show_after_s=0).run(upgrade)
    assert raised.value.code == "db.damaged"


def test_a_step_converting_rows_shows_the_rows_done_of_the_total(qtbot: QtBot) -> None:
    """Issue 22 goal 5: converting a big store's events takes long; the window counts the rows
    converted (not the step's ticks, which would set the bar back to the step count)."""
    window = MigrationWindow(show_after_s=0)
    shown: list[tuple[str, int, int]] = []

    def look() -> None:
        if window.dialog is None or "条" not in window.dialog.labelText():
            QTimer.singleShot(20, look)
            return
        dialog = window.dialog
        shown.append((dialog.labelText(), dialog.value(), dialog.maximum()))
        (button,) = dialog.findChildren(QPushButton)
        button.click()

    def upgrade(progress: object) -> None:
        assert callable(progress)
        progress(MigrationProgress("step", 19, 1, 3))
        progress(MigrationProgress("step", 19, 1, 3, True, 4_000, 121_420))
        for _ in range(2000):  # the batch under way ticks; the rows stay shown
            progress(MigrationProgress("step", 19, 1, 3, ticking=True))
            time.sleep(0.005)
        raise AssertionError("never interrupted")

    QTimer.singleShot(50, look)
    with pytest.raises(MigrationInterrupted):
        window.run(upgrade)
    (label, value, maximum) = shown[0]
    assert "4,000 / 121,420 条" in label and "下次启动时从中断处继续" in label
    assert (value, maximum) == (4_000, 121_420)
