"""数据备份 on screen (issue 9): the store manager chooses the folder and backs up now; the status
bar says plainly when a backup failed; the start-up check finds a damaged store in the background
and offers the latest backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hall_desk import app as app_module
from hall_desk.domain.clock import FixedClock
from hall_desk.services import backup
from hall_desk.services.backup import StoreCheck
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import close_store
from hall_desk.storage.models import Event
from hall_desk.ui.backup import damaged_store_text
from hall_desk.ui.mainwindow import MainWindow
from tests.services.closed import recorded
from tests.storage.damage import damage_an_index_page
from tests.ui.conftest import sign_in


def test_only_the_store_manager_may_open_backup_settings(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.backup_action.isEnabled()
    sign_in(qtbot, window, "2001")
    assert not window.backup_action.isEnabled()
    window.switch_user()
    sign_in(qtbot, window, "1001")
    assert window.backup_action.isEnabled()
    assert window.backup_status.text() == "未设置备份"


def test_choose_the_folder_and_back_up_now(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    tmp_path: Path,
) -> None:
    recorded(ctx, hall["clerk"])
    usb = tmp_path / "U盘"
    usb.mkdir()
    sign_in(qtbot, window, "1001")
    dialog = window.make_backup_dialog()
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.ask_folder = lambda start: asked.append(start) or str(usb)  # type: ignore[method-assign]
    dialog.generations_spin.setValue(5)
    dialog.choose_button.click()
    assert asked == [""]
    assert dialog.folder_edit.text() == str(usb)
    assert backup.backup_settings() == backup.BackupSettings(usb, 5)
    assert Event.select().order_by(Event.seq.desc()).first().type == "backup.folder_set"
    assert dialog.status_label.text() == "尚未备份"

    with qtbot.waitSignal(window.backups.finished, timeout=30_000) as done:
        dialog.backup_button.click()
        assert not dialog.backup_button.isEnabled()
        assert "正在备份" in window.backup_status.text()
    assert isinstance(done.args[0], backup.BackupDone), done.args[0]
    [made] = list(usb.iterdir())
    assert made.suffix == ".hdbak"
    assert "已备份并校验" in dialog.status_label.text() and made.name in dialog.status_label.text()
    assert dialog.backup_button.isEnabled()
    assert (
        dialog.generations_list.count() == 1 and made.name in dialog.generations_list.item(0).text()
    )
    assert (
        window.backup_status.text().startswith("最近备份：") and "✓" in window.backup_status.text()
    )
    dialog.grab().save(str(tmp_path / "backup-dialog.png"))


def test_a_missing_folder_is_refused_in_the_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    sign_in(qtbot, window, "1001")
    dialog = window.make_backup_dialog()
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "gone"))
    assert not dialog.save()
    assert "备份文件夹" in dialog.error_label.text() and "U 盘未插好" in dialog.error_label.text()
    assert backup.backup_settings().folder is None


def test_the_daily_backup_runs_when_due_and_a_failure_shows_plainly(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_backup_folder(ctx, hall["manager"], usb, 7)
    with qtbot.waitSignal(window.backups.finished, timeout=30_000):
        window.backups.check_due()  # what the hourly timer does
    assert len(list(usb.iterdir())) == 1
    window.backups.check_due()  # today's backup exists: nothing more
    assert not window.backups.running and len(list(usb.iterdir())) == 1

    clock.advance(days=1)
    usb.rename(tmp_path / "unplugged")
    with qtbot.waitSignal(window.backups.finished, timeout=30_000) as failed:
        window.backups.check_due()
    assert failed.args[0].code == "backup.folder_missing"
    text = window.backup_status.text()
    assert text.startswith("⚠ 备份失败") and "U 盘未插好" in text
    tip = window.backup_status.toolTip()
    assert "最近一次成功" in tip and str(tmp_path / "usb") in tip


def test_a_sound_store_starts_the_daily_backup_after_its_check(
    qtbot: QtBot, window: MainWindow
) -> None:
    asked: list[StoreCheck] = []
    window.ask_restore_damaged = asked.append  # type: ignore[method-assign, assignment]
    assert not window.backups.timer.isActive()
    with qtbot.waitSignal(window.store_checker.checked, timeout=30_000) as checked:
        window.start_store_check()
    assert checked.args[0].ok and checked.args[0].problems == []
    assert asked == [] and window.backups.timer.isActive()


def test_a_damaged_store_is_reported_with_its_file_and_the_latest_backup(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
) -> None:
    for phone in ("13812345678", "13912345678"):
        recorded(ctx, hall["clerk"], phone=phone)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_backup_folder(ctx, hall["manager"], usb, 7)
    made = backup.run_backup(ctx).backup.path
    damage_an_index_page(store)

    asked: list[StoreCheck] = []
    quits: list[bool] = []

    def answer(check: StoreCheck) -> bool:
        asked.append(check)
        return True

    window.ask_restore_damaged = answer  # type: ignore[method-assign]
    window.quit_for_restore = lambda: quits.append(True)  # type: ignore[method-assign]
    with qtbot.waitSignal(window.store_checker.checked, timeout=30_000):
        window.start_store_check()
    [check] = asked
    assert check.path == store and check.problems and check.latest == made
    text = damaged_store_text(check)
    assert str(store) in text and str(made) in text and "数据文件已损坏" in text
    assert "数据文件已损坏" in window.statusBar().currentMessage()
    assert not window.backups.timer.isActive()  # no backup of a damaged store
    assert window.restore_requested == made and quits == [True]


def test_the_app_restores_the_requested_backup_once_closed(
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded(ctx, hall["clerk"])
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_backup_folder(ctx, hall["manager"], usb, 7)
    made = backup.run_backup(ctx).backup.path
    close_store()
    damage_an_index_page(store)
    monkeypatch.setenv(app_module.NONINTERACTIVE_ENV, "1")
    assert app_module._restore_after_exit(store.parent, made) == 0
    [kept] = list(store.parent.glob("desk.sqlite3.replaced-*Z"))
    from hall_desk.storage.db import integrity_problems

    assert integrity_problems(kept) != [] and integrity_problems(store) == []
