"""帮助 → 导出诊断包… (issue 10): the save dialog's suggestion, the busy indicator, the file, and
what the person is told — saved where, or plainly why not."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from hall_desk import logfiles
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.support import bundle_name
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.support import default_folder
from tests.services.closed import recorded
from tests.ui.conftest import sign_in


@pytest.fixture
def logs() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        try:
            yield logfiles.setup_logging(Path(name) / "logs")
        finally:
            logfiles.close_logging()


def help_action(window: MainWindow) -> QAction:
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)"]
    [action] = [a for a in menu.actions() if a.text() == "导出诊断包…"]
    return action


class Person:
    """Answers the save dialog and reads the message instead of a modal box."""

    def __init__(self, window: MainWindow, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[Path] = []
        self.told: list[tuple[str, bool]] = []
        window.support.ask_path = self.ask  # type: ignore[method-assign]
        window.support.show_result = self.tell  # type: ignore[method-assign]

    def ask(self, default: Path) -> Path | None:
        self.asked.append(default)
        return self.answer

    def tell(self, text: str, *, error: bool) -> None:
        self.told.append((text, error))


def test_export_from_the_help_menu_writes_the_bundle_and_says_where(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    logs: Path,
    tmp_path: Path,
) -> None:
    recorded(ctx, hall["clerk"])
    sign_in(qtbot, window, "3001")  # a clerk may: they are who calls support
    target = tmp_path / "诊断" / "bundle.zip"
    target.parent.mkdir()
    person = Person(window, target)
    action = help_action(window)
    assert action.isEnabled()

    with qtbot.waitSignal(window.support.finished, timeout=30_000):
        action.trigger()
        progress = window.support.progress
        assert progress is not None and progress.isVisible()
        assert "正在生成诊断包" in progress.labelText()
        progress.grab().save(str(tmp_path / "support-progress.png"))
    assert person.asked == [default_folder() / bundle_name("HA01-02", ctx.clock.now())]
    assert window.support.progress is None
    [(text, error)] = person.told
    assert not error and text.startswith(f"诊断包已保存：{target}")
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        assert "manifest.json" in names and "logs/hall_desk.log" in names
        assert b"recorded by 3001" in bundle.read("logs/hall_desk.log")
    logfiles.log_handler().flush()  # type: ignore[union-attr]
    said = (logs / "hall_desk.log").read_text("utf-8")
    assert f"support bundle {target} written" in said and "by 3001" in said  # who, in the log


def test_a_folder_that_cannot_be_written_is_said_plainly_and_cancel_writes_nothing(
    qtbot: QtBot, window: MainWindow, logs: Path, tmp_path: Path
) -> None:
    # Not signed in: still offered (a clerk who cannot sign in calls support too).
    action = help_action(window)
    assert action.isEnabled() and window.session is None
    person = Person(window, None)
    action.trigger()
    assert window.support.progress is None and person.told == [] and len(person.asked) == 1

    missing = tmp_path / "gone" / "bundle.zip"
    person.answer = missing
    with qtbot.waitSignal(window.support.finished, timeout=30_000):
        action.trigger()
    [(text, error)] = person.told
    assert error and text.startswith("诊断包未保存：该文件夹不能写入") and str(missing) in text
    assert not missing.parent.exists()
