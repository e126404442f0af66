"""人员管理: the store manager's list of the hall's staff accounts, made at any desk of the hall.

Adding, renaming, changing the role, a new password, disabling and enabling all go through
``hall_desk.services.staff`` (which checks the permission and writes the ``staff.changed`` event that
carries the change to the hall's other desks). The widgets only collect input and show the result.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError
from hall_desk.domain.policy import Role
from hall_desk.services import staff as staff_service
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.staff import StaffAccount
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import term
from hall_desk.ui.widgets import ReadOnlyTable


class AccountDialog(QDialog):
    """New account (all fields) or a change of one (staff number fixed; password optional)."""

    def __init__(self, account: StaffAccount | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.setWindowTitle(self.tr("新增人员") if account is None else self.tr("修改人员"))
        form = QFormLayout()
        self.staff_no_edit = QLineEdit(account.staff_no if account else "")
        self.staff_no_edit.setObjectName("staff_no")
        self.staff_no_edit.setReadOnly(account is not None)
        self.name_edit = QLineEdit(account.name if account else "")
        self.name_edit.setObjectName("name")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role")
        for role in Role:
            self.role_combo.addItem(term(role), role)
        if account is not None:
            self.role_combo.setCurrentIndex(list(Role).index(account.role))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(
            self.tr("至少 6 位") if account is None else self.tr("不修改请留空")
        )
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("工号"), self.staff_no_edit)
        form.addRow(self.tr("姓名"), self.name_edit)
        form.addRow(self.tr("岗位"), self.role_combo)
        form.addRow(self.tr("密码") if account is None else self.tr("新密码"), self.password_edit)
        form.addRow(self.tr("确认密码"), self.confirm_edit)
        if account is not None:
            hint = QLabel(self.tr("重置密码后，本人下次登录时须设置新密码。"))
            hint.setObjectName("resetHint")
            hint.setStyleSheet(style.colour(style.LABEL))
            hint.setWordWrap(True)
            form.addRow("", hint)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet(style.ERROR_TEXT)
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        # set by StaffAdminDialog: (dialog) -> None, raises DomainError
        self.save_action: Callable[[AccountDialog], None] | None = None

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def _save(self) -> None:
        self.error_label.clear()
        if self.password_edit.text() != self.confirm_edit.text():
            self.error_label.setText(self.tr("两次输入的密码不一致"))
            self.confirm_edit.setFocus()
            return
        try:
            assert self.save_action is not None
            self.save_action(self)
        except DomainError as error:
            self.error_label.setText(error_text(error))  # nothing typed is cleared
            return
        self.accept()


class StaffAdminDialog(QDialog):
    COLUMNS = (
        QT_TRANSLATE_NOOP("StaffAdminDialog", "工号"),
        QT_TRANSLATE_NOOP("StaffAdminDialog", "姓名"),
        QT_TRANSLATE_NOOP("StaffAdminDialog", "岗位"),
        QT_TRANSLATE_NOOP("StaffAdminDialog", "状态"),
    )

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(self.tr("人员管理"))
        fit_to_screen(self, 640, 420)
        self.table = ReadOnlyTable([self.tr(c) for c in self.COLUMNS], fit=False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = QPushButton(self.tr("新增…"))
        self.add_button.setObjectName("addButton")
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.setObjectName("editButton")
        self.toggle_button = QPushButton(self.tr("停用"))
        self.toggle_button.setObjectName("toggleButton")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        note = QLabel(self.tr("在任一台席修改的账号会同步到本营业厅的其他台席。"))
        note.setStyleSheet(style.MUTED_TEXT)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.accounts: list[StaffAccount] = []
        self.refresh()

    # ----------------------------------------------------------------- list
    def refresh(self, select: str | None = None) -> None:
        self.accounts = staff_service.list_accounts(self.ctx, self.session)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            state = self.tr("在岗") if account.active else self.tr("已停用")
            if account.locked:
                state += self.tr("（密码错误次数过多，暂时锁定）")
            for column, text in enumerate(
                (account.staff_no, account.name, term(account.role), state)
            ):
                item = QTableWidgetItem(text)
                if not account.active:
                    item.setForeground(style.qcolor(style.INACTIVE))
                self.table.setItem(row, column, item)
            if account.staff_no == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> StaffAccount | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        account = self.selected()
        self.edit_button.setEnabled(account is not None)
        self.toggle_button.setEnabled(account is not None)
        self.toggle_button.setText(
            self.tr("启用") if account is not None and not account.active else self.tr("停用")
        )

    # -------------------------------------------------------------- actions
    def open_account_dialog(self, dialog: AccountDialog) -> bool:
        """Shows the dialog modally; tests replace it to type into the dialog themselves."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def add(self) -> None:
        dialog = AccountDialog(None, self)

        def save(d: AccountDialog) -> None:
            staff_service.create_staff(
                self.ctx,
                self.session,
                staff_no=d.staff_no_edit.text(),
                name=d.name_edit.text(),
                role=d.role(),
                password=d.password_edit.text(),
            )

        dialog.save_action = save
        if self.open_account_dialog(dialog):
            self.refresh(select=dialog.staff_no_edit.text().strip())

    def edit_selected(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = AccountDialog(account, self)

        def save(d: AccountDialog) -> None:
            staff_service.change_staff(
                self.ctx,
                self.session,
                account.staff_no,
                name=d.name_edit.text(),
                role=d.role(),
                new_password=d.password_edit.text() or None,
            )

        dialog.save_action = save
        if self.open_account_dialog(dialog):
            self.refresh(select=account.staff_no)

    def ask_confirm(self, text: str) -> bool:
        """Tests replace this to answer without a message box."""
        answer = QMessageBox.question(self, self.tr("人员管理"), text)
        return answer == QMessageBox.StandardButton.Yes

    def toggle_selected(self) -> None:
        account = self.selected()
        if account is None:
            return
        if account.active and not self.ask_confirm(
            self.tr("停用 {name}（{no}）后，该账号在本营业厅所有台席都不能登录。确定停用？").format(
                name=account.name, no=account.staff_no
            )
        ):
            return
        try:
            staff_service.change_staff(
                self.ctx, self.session, account.staff_no, active=not account.active
            )
        except DomainError as error:
            QMessageBox.warning(self, self.tr("人员管理"), error_text(error))
            return
        self.refresh(select=account.staff_no)
