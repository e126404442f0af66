"""Files waiting for head office, and those it refused, where staff can see them: the sync status bar
and the dead-letter view (with 重新上传被拒文件)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.services import sync as sync_service
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import StoredFile
from hall_desk.ui.sync_panel import DeadLetterDialog, SyncStatusPanel
from tests.sync.stored_files import attach, file_bytes, keep_file


def refuse(digest: str, error: str) -> None:
    with unit_of_work():
        StoredFile.update(upload_error=error).where(StoredFile.sha256 == digest).execute()


def test_the_status_bar_counts_files_waiting_and_refused(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    panel = SyncStatusPanel(ctx)
    qtbot.addWidget(panel)
    panel.show_status(sync_service.queue_status())
    assert "文件" not in panel.waiting_label.text()  # nothing waits: nothing said

    keep_file(file_bytes(1), clock.now())
    keep_file(file_bytes(2), clock.now())
    keep_file(b"\x89PNG signature", clock.now(), media_type="image/png", upload=False)
    refuse(keep_file(file_bytes(3), clock.now()), "file.hash_mismatch: the SHA-256 differs")
    panel.show_status(sync_service.queue_status())
    text = panel.waiting_label.text()
    assert "待上传文件 2 个" in text and "总部拒收文件 1 个" in text
    panel.grab().save("/tmp/sync_files_panel.png")


def test_refused_files_are_listed_with_the_reason_and_can_be_queued_again(
    qtbot: QtBot,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    damaged = keep_file(file_bytes(1), clock.now() - timedelta(minutes=1))
    attach(damaged, "原机主身份证.pdf", clock.now(), str(uuid.uuid4()))
    refuse(damaged, "file.hash_mismatch: the SHA-256 of the body is not the one in the path")
    keep_file(file_bytes(2), clock.now())  # waiting, not refused: not listed
    dialog = DeadLetterDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[0] == "上传文件" and row[3] == "原机主身份证.pdf" and row[5] == "被拒收"
    assert row[6] == "文件内容与校验值不符（本机文件可能已损坏）"
    assert damaged[:12] in row[7]
    assert dialog.retry_files_button.isEnabled() and not dialog.export_button.isEnabled()
    dialog.resize(1000, 300)
    dialog.grab().save("/tmp/sync_files_dialog.png")

    told: list[str] = []
    monkeypatch.setattr(
        "hall_desk.ui.sync_panel.QMessageBox.information",
        lambda _parent, _title, text: told.append(text),
    )
    qtbot.mouseClick(dialog.retry_files_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)  # done in the background
    assert told == ["1 个文件将在下次同步时重新上传"]
    assert dialog.table.rowCount() == 0 and not dialog.retry_files_button.isEnabled()
    status = sync_service.queue_status()
    assert (status.files_waiting, status.files_failed) == (2, 0)
