"""Issue 22: a long store upgrade shows where it is and can be interrupted from the window."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from hall_desk.storage.db import MigrationInterrupted, MigrationProgress
from hall_desk.ui.migration_progress import MigrationWindow


def test_nothing_shows_for_a_short_upgrade(qtbot: QtBot) -> None:
    window = MigrationWindow(show_after_s=60)
    window(MigrationProgress("step", 17, 0, 2))
    assert window.dialog is None


def test_a_long_upgrade_shows_its_step_and_the_interrupt_button_stops_it(qtbot: QtBot) -> None:
    window = MigrationWindow(show_after_s=0)
    try:
        window(MigrationProgress("copy", 0, 0, 3))
        assert window.dialog is not None and window.dialog.isVisible()
        assert "备份" in window.dialog.labelText()
        window(MigrationProgress("step", 17, 1, 3))
        assert "第 2/3 步" in window.dialog.labelText() and window.dialog.value() == 1
        window.dialog.cancel()  # what 中断 does
        with pytest.raises(MigrationInterrupted):
            window(MigrationProgress("step", 17, 1, 3, ticking=True))
    finally:
        window.close()
