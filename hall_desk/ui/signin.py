"""The sign-in page (also the lock screen and the user switch). Layout from forms/signin.ui.

A password a store manager reset is accepted only together with a new one: the page then asks for
the new password twice and signs in with it (``change_own_password``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from hall_desk.domain.errors import AuthenticationError, DomainError, ValidationError
from hall_desk.services.context import StaffSession
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.forms.signin_ui import Ui_SignInForm
from hall_desk.ui.vocabulary import term

if TYPE_CHECKING:  # the demo's services record complaints: not loaded for the sign-in window
    from hall_desk.services.demo import DemoAccount

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


class SignInPage(QWidget):
    """Emits ``signed_in(session)`` once a staff number and password are accepted."""

    signed_in = Signal(object)

    def __init__(
        self,
        authenticate: Callable[[str, str], StaffSession],
        parent: QWidget | None = None,
        change_password: Callable[[str, str, str], StaffSession] | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self._change_password = change_password
        self.ui = Ui_SignInForm()
        self.ui.setupUi(self)
        self.ui.titleLabel.setFont(
            style.sized_font(self.ui.titleLabel.font(), plus=style.TITLE_PLUS_PT, bold=True)
        )
        self.ui.errorLabel.setStyleSheet(style.ERROR_TEXT)
        self.ui.errorLabel.hide()
        self.ui.demoBox.hide()
        self.ui.staffNoEdit.returnPressed.connect(self.ui.passwordEdit.setFocus)
        self.ui.passwordEdit.returnPressed.connect(self.submit)
        self.ui.signInButton.clicked.connect(self.submit)
        # Shown only when a reset password must be replaced.
        self.new_password_edit, self.confirm_password_edit = QLineEdit(self), QLineEdit(self)
        self._new_rows: list[QLabel] = []
        for edit, label in (
            (self.new_password_edit, self.tr("新密码")),
            (self.confirm_password_edit, self.tr("再次输入新密码")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(128)
            row_label = QLabel(label, self)
            row_label.setBuddy(edit)
            self.ui.formLayout.addRow(row_label, edit)
            self._new_rows.append(row_label)
        self.new_password_edit.returnPressed.connect(self.confirm_password_edit.setFocus)
        self.confirm_password_edit.returnPressed.connect(self.submit)
        self._set_changing(False)
        for edit in (
            self.ui.staffNoEdit,
            self.ui.passwordEdit,
            self.new_password_edit,
            self.confirm_password_edit,
        ):
            edit.textEdited.connect(self.ui.errorLabel.hide)

    def set_hall(self, text: str) -> None:
        self.ui.hallLabel.setText(text)

    def show_demo_accounts(self, accounts: tuple[DemoAccount, ...]) -> None:
        lines = [
            translate("SignIn", "{value}：工号 {staff_no}　密码 {password}　（{name}）").format(
                value=term(a.role), staff_no=a.staff_no, password=a.password, name=a.name
            )
            for a in accounts
        ]
        self.ui.demoLabel.setText("\n".join(lines))
        self.ui.demoBox.show()

    def prepare(self, notice: str = "", staff_no: str = "") -> None:
        """Reset for the next person; ``notice`` explains why (locked, switched …)."""
        self.ui.noticeLabel.setText(notice)
        self.ui.noticeLabel.setVisible(bool(notice))
        self._set_changing(False)
        self.ui.staffNoEdit.setText(staff_no)
        self.ui.passwordEdit.clear()
        self.ui.errorLabel.hide()
        (self.ui.passwordEdit if staff_no else self.ui.staffNoEdit).setFocus()

    def changing_password(self) -> bool:
        return not self.new_password_edit.isHidden()

    def _set_changing(self, changing: bool) -> None:
        for widget in (self.new_password_edit, self.confirm_password_edit, *self._new_rows):
            widget.setVisible(changing)
        self.new_password_edit.clear()
        self.confirm_password_edit.clear()
        self.ui.staffNoEdit.setReadOnly(changing)
        self.ui.passwordEdit.setReadOnly(changing)

    def submit(self) -> None:
        staff_no = self.ui.staffNoEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if self.changing_password():
            self._submit_new_password(staff_no, password)
            return
        if not staff_no:
            self._show_error(self.tr("请输入工号"))
            self.ui.staffNoEdit.setFocus()
            return
        try:
            session = self._authenticate(staff_no, password)
        except AuthenticationError as error:
            if error.code == "auth.must_change_password" and self._change_password is not None:
                self._set_changing(True)
                self.ui.noticeLabel.setText(error_text(error))
                self.ui.noticeLabel.show()
                self.new_password_edit.setFocus()
                return
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            self._show_error(error_text(error))
            return
        self.ui.passwordEdit.clear()
        self.signed_in.emit(session)

    def _new_labels(self) -> dict[str, str]:
        return {"password": self.tr("新密码"), "new_password": self.tr("新密码")}

    def _submit_new_password(self, staff_no: str, password: str) -> None:
        assert self._change_password is not None
        new = self.new_password_edit.text()
        if new != self.confirm_password_edit.text():
            self.confirm_password_edit.clear()
            self.confirm_password_edit.setFocus()
            self._show_error(
                error_text(ValidationError("password.mismatch", "new_password"), self._new_labels())
            )
            return
        try:
            session = self._change_password(staff_no, password, new)
        except ValidationError as error:
            self.new_password_edit.clear()
            self.confirm_password_edit.clear()
            self.new_password_edit.setFocus()
            self._show_error(error_text(error, self._new_labels()))
            return
        except DomainError as error:  # e.g. locked meanwhile: start over
            self.prepare(staff_no=staff_no)
            self._show_error(error_text(error))
            return
        self.prepare()
        self.signed_in.emit(session)

    def _show_error(self, text: str) -> None:
        self.ui.errorLabel.setText(text)
        self.ui.errorLabel.show()

    def error_message(self) -> str:
        return self.ui.errorLabel.text() if self.ui.errorLabel.isVisibleTo(self) else ""
