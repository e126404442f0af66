"""A full disk while saving at the counter (issue 9): a clear message, nothing saved, every typed
field kept; once there is space the same form saves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hall_desk.services import drafts
from hall_desk.storage.db import StorageFull, database
from hall_desk.storage.models import Complaint, Draft, Event
from hall_desk.ui.mainwindow import MainWindow
from tests.services.test_storage_full import fill_the_disk
from tests.ui.conftest import sign_in
from tests.ui.helpers import press
from tests.ui.test_counter import DESCRIPTION, ReadBack, fill_walk_in_complaint

# An account long enough to need new pages in any store (1,900 different characters: ~6 KB in the
# complaint row, as much again in its compressed event, thousands of search-index entries), where
# a short one, or a repetitive one that compresses, may fit in the free room of 8 KiB pages.
LONG = DESCRIPTION + "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(1_900))


def test_the_form_says_the_disk_is_full_and_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(qtbot, window, "3001")
    window.intake.ask_read_back = ReadBack()  # type: ignore[method-assign]
    events = Event.select().count()
    pages = fill_the_disk()
    fill_walk_in_complaint(qtbot, description=LONG)
    assert Complaint.select().count() == 0 and Event.select().count() == events
    message = window.intake.error_message()
    assert "磁盘已满" in message and "未保存" in message and "已填写的内容仍保留" in message
    assert window.intake.error_label.isVisible()
    assert not window.saved_banner.isVisible()
    form = window.intake
    assert form.phone_edit.text() == "13800138000"
    assert form.name_edit.text() == "陈先生"
    assert (form.class_combo.currentText(), form.sub_combo.currentText()) == (
        "电信资费",
        "资费争议/乱收费",
    )
    assert form.place_edit.text() == "本营业厅"
    assert form.amount_edit.text() == "58.5"
    assert form.description_edit.toPlainText() == LONG
    assert form.request_edit.text() == "退还多收话费"
    # A draft is small (it may fit in a page with room), but when even it cannot be kept the
    # autosave fails quietly, and a user switch (or the idle lock) holds it for its owner in memory.
    Draft.delete().execute()

    def full(*_args: object) -> None:
        raise StorageFull("database or disk is full")

    monkeypatch.setattr(drafts, "save_draft", full)
    form.stash()
    assert form.name_edit.text() == "陈先生" and "磁盘已满" in form.error_message()
    window.switch_user()
    assert form.name_edit.text() == "" and Draft.select().count() == 0
    sign_in(qtbot, window, "3002")
    assert form.name_edit.text() == ""  # not for the next person
    window.switch_user()
    sign_in(qtbot, window, "3001")
    assert form.name_edit.text() == "陈先生"
    assert form.description_edit.toPlainText() == LONG
    form.phone_edit.setFocus()

    database.execute_sql(f"PRAGMA max_page_count = {pages * 100}")  # space again
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert Complaint.select().count() == 1
    assert Complaint.get().customer_name == "陈先生"
    assert window.saved_banner.isVisible()
