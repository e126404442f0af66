"""人员管理 by the store manager, and the hall-wide list's "last heard from head office" line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from hall_desk.domain.errors import AuthenticationError
from hall_desk.services import staff
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.staff_admin import AccountDialog, StaffAdminDialog
from hall_desk.ui.sync_panel import DeadLetterDialog
from tests.conftest import PASSWORDS
from tests.ui.conftest import sign_in
from tests.ui.helpers import press, type_text


def fill(qtbot: QtBot, dialog: AccountDialog, **fields: str) -> None:
    for name, text in fields.items():
        edit = getattr(dialog, f"{name}_edit")
        edit.setFocus()
        edit.selectAll()
        type_text(qtbot, text, edit)


def ok(dialog: AccountDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_only_a_store_manager_gets_staff_admin(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.staff_action.isEnabled()  # signed out
    sign_in(qtbot, window, "3001")
    assert not window.staff_action.isEnabled()
    window.switch_user()
    sign_in(qtbot, window, "1001")
    assert window.staff_action.isEnabled()


def test_add_an_account_typing_and_sign_in_with_it(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    admin = StaffAdminDialog(ctx, hall["manager"])
    qtbot.addWidget(admin)
    seen: list[AccountDialog] = []

    def drive(dialog: AccountDialog) -> bool:
        seen.append(dialog)
        dialog.show()
        fill(qtbot, dialog, staff_no="3003", name="钱五", password="abc12345", confirm="abc1234")
        dialog.role_combo.setCurrentIndex(1)  # 值班经理
        ok(dialog)
        assert "两次输入的密码不一致" in dialog.error_label.text()
        fill(qtbot, dialog, confirm="abc12345")
        ok(dialog)
        return dialog.result() == AccountDialog.DialogCode.Accepted

    admin.open_account_dialog = drive  # type: ignore[method-assign]
    before = Event.select().where(Event.type == "staff.changed").count()
    qtbot.mouseClick(admin.add_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and seen[0].result() == AccountDialog.DialogCode.Accepted
    assert seen[0].error_label.text() == ""
    rows = {
        admin.table.item(r, 0).text(): admin.table.item(r, 2).text()
        for r in range(admin.table.rowCount())
    }
    assert rows["3003"] == "值班经理"
    assert Event.select().where(Event.type == "staff.changed").count() == before + 1
    assert staff.sign_in(ctx, "3003", "abc12345").name == "钱五"


def test_a_bad_field_is_named_and_nothing_typed_is_lost(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    admin = StaffAdminDialog(ctx, hall["manager"])
    qtbot.addWidget(admin)

    def drive(dialog: AccountDialog) -> bool:
        dialog.show()
        fill(qtbot, dialog, staff_no="3001", name="重复", password="abc12345", confirm="abc12345")
        ok(dialog)
        assert "工号" in dialog.error_label.text() and "已存在" in dialog.error_label.text()
        assert dialog.name_edit.text() == "重复" and dialog.password_edit.text() == "abc12345"
        dialog.reject()
        return False

    admin.open_account_dialog = drive  # type: ignore[method-assign]
    qtbot.mouseClick(admin.add_button, Qt.MouseButton.LeftButton)


def test_disable_asks_then_the_account_cannot_sign_in(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    admin = StaffAdminDialog(ctx, hall["manager"])
    qtbot.addWidget(admin)
    row = next(r for r in range(admin.table.rowCount()) if admin.table.item(r, 0).text() == "3002")
    admin.table.selectRow(row)
    assert admin.toggle_button.text() == "停用"
    questions: list[str] = []
    admin.ask_confirm = lambda text: questions.append(text) or True  # type: ignore[method-assign]
    qtbot.mouseClick(admin.toggle_button, Qt.MouseButton.LeftButton)
    assert "赵四" in questions[0]
    assert admin.table.item(row, 3).text() == "已停用"
    assert admin.toggle_button.text() == "启用"
    with pytest.raises(AuthenticationError) as caught:
        staff.sign_in(ctx, "3002", PASSWORDS["3002"])
    assert caught.value.code == "auth.disabled"


def test_edit_renames_and_resets_the_password(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    admin = StaffAdminDialog(ctx, hall["manager"])
    qtbot.addWidget(admin)
    row = next(r for r in range(admin.table.rowCount()) if admin.table.item(r, 0).text() == "3001")
    admin.table.selectRow(row)

    def drive(dialog: AccountDialog) -> bool:
        dialog.show()
        assert dialog.staff_no_edit.isReadOnly()
        fill(qtbot, dialog, name="张三丰", password="new-pass-1", confirm="new-pass-1")
        ok(dialog)
        return dialog.result() == AccountDialog.DialogCode.Accepted

    admin.open_account_dialog = drive  # type: ignore[method-assign]
    qtbot.mouseClick(admin.edit_button, Qt.MouseButton.LeftButton)
    assert admin.table.item(row, 1).text() == "张三丰"
    with pytest.raises(AuthenticationError, match=r"auth\.must_change_password"):
        staff.sign_in(ctx, "3001", "new-pass-1")  # a reset password: its owner replaces it first
    assert staff.change_own_password(ctx, "3001", "new-pass-1", "own-pass-2").name == "张三丰"


def test_hall_list_says_when_it_has_never_heard_from_head_office(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "2001")  # a shift leader sees the whole hall
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    label = window.list_page.freshness_label
    assert label.isVisible() and "尚未与总部同步" in label.text()
    window.switch_user()
    sign_in(qtbot, window, "3001")  # a clerk's own list: no hall view, no line
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert not label.isVisible()


def test_dead_letter_view_opens_empty_with_export_disabled(
    qtbot: QtBot, hall: dict[str, StaffSession]
) -> None:
    dialog = DeadLetterDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert not dialog.export_button.isEnabled()


def test_a_reset_password_is_replaced_at_sign_in(
    qtbot: QtBot, hall: dict[str, StaffSession], ctx: DeskContext, window: MainWindow
) -> None:
    staff.reset_staff_password(ctx, hall["manager"], "3001", "temp1234")
    page = window.signin
    assert not page.new_password_edit.isVisible()
    sign_in(qtbot, window, "3001", "temp1234")
    assert window.stack.currentWidget() is window.signin_page  # not signed in yet
    assert page.new_password_edit.isVisible() and page.confirm_password_edit.isVisible()
    assert "重置" in page.ui.noticeLabel.text()
    assert page.new_password_edit.hasFocus()
    type_text(qtbot, "mine5678")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "mine5679")  # a typo in the second entry
    press(qtbot, Qt.Key.Key_Return)
    assert page.error_message() == "新密码：两次输入的新密码不一致"
    assert window.stack.currentWidget() is window.signin_page
    page.grab().save("/tmp/audit_signin_new_password.png")
    type_text(qtbot, "mine5678", page.confirm_password_edit)
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is not window.signin_page
    assert window.session is not None and window.session.staff_no == "3001"
    assert not page.new_password_edit.isVisible()
    assert staff.sign_in(ctx, "3001", "mine5678").staff_no == "3001"
