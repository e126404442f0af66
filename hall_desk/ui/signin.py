"""The sign-in page (also the lock screen and the user switch). Layout from forms/signin.ui."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from hall_desk.domain.errors import AuthenticationError
from hall_desk.services.context import StaffSession
from hall_desk.services.demo import DemoAccount
from hall_desk.ui.errors import error_text
from hall_desk.ui.forms.signin_ui import Ui_SignInForm


class SignInPage(QWidget):
    """Emits ``signed_in(session)`` once a staff number and password are accepted."""

    signed_in = Signal(object)

    def __init__(
        self,
        authenticate: Callable[[str, str], StaffSession],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self.ui = Ui_SignInForm()
        self.ui.setupUi(self)
        font = self.ui.titleLabel.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.ui.titleLabel.setFont(font)
        self.ui.errorLabel.setStyleSheet("color: #b00020;")
        self.ui.errorLabel.hide()
        self.ui.demoBox.hide()
        self.ui.staffNoEdit.returnPressed.connect(self.ui.passwordEdit.setFocus)
        self.ui.passwordEdit.returnPressed.connect(self.submit)
        self.ui.signInButton.clicked.connect(self.submit)
        for edit in (self.ui.staffNoEdit, self.ui.passwordEdit):
            edit.textEdited.connect(self.ui.errorLabel.hide)

    def set_hall(self, text: str) -> None:
        self.ui.hallLabel.setText(text)

    def show_demo_accounts(self, accounts: tuple[DemoAccount, ...]) -> None:
        lines = [f"{a.role.value}：工号 {a.staff_no}　密码 {a.password}　（{a.name}）" for a in accounts]
        self.ui.demoLabel.setText("\n".join(lines))
        self.ui.demoBox.show()

    def prepare(self, notice: str = "", staff_no: str = "") -> None:
        """Reset for the next person; ``notice`` explains why (locked, switched …)."""
        self.ui.noticeLabel.setText(notice)
        self.ui.noticeLabel.setVisible(bool(notice))
        self.ui.staffNoEdit.setText(staff_no)
        self.ui.passwordEdit.clear()
        self.ui.errorLabel.hide()
        (self.ui.passwordEdit if staff_no else self.ui.staffNoEdit).setFocus()

    def submit(self) -> None:
        staff_no = self.ui.staffNoEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if not staff_no:
            self._show_error(self.tr("请输入工号"))
            self.ui.staffNoEdit.setFocus()
            return
        try:
            session = self._authenticate(staff_no, password)
        except AuthenticationError as error:
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            self._show_error(error_text(error))
            return
        self.ui.passwordEdit.clear()
        self.signed_in.emit(session)

    def _show_error(self, text: str) -> None:
        self.ui.errorLabel.setText(text)
        self.ui.errorLabel.show()

    def error_message(self) -> str:
        return self.ui.errorLabel.text() if self.ui.errorLabel.isVisibleTo(self) else ""
