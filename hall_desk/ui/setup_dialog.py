"""First start: the hall, this desk's number and the first store-manager account — or, for an
existing desk on a new PC, 从总部恢复本台席 (:mod:`hall_desk.ui.recover_dialog`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError, ValidationError, ValidationErrors
from hall_desk.services.context import DeskContext
from hall_desk.services.setup import HallInfo, set_up_hall
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import INVALID_STYLE


class SetupDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_info: HallInfo | None = None
        self.setWindowTitle(self.tr("首次使用：设置营业厅和台席"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("本台席第一次启动。请填写营业厅信息、本台席编号和第一位店长的账号。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields: dict[str, QWidget] = {}

        def line(name: str, label: str, placeholder: str = "", password: bool = False) -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            if password:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
            self.fields[name] = edit
            return edit

        self.hall_code = line("hall_code", self.tr("营业厅编码"), self.tr("如 HA01"))
        self.hall_name = line("hall_name", self.tr("营业厅名称"), self.tr("如 人民路营业厅"))
        self.district = line("district", self.tr("所属区域"), self.tr("如 城东区"))
        self.service_phone = line("service_phone", self.tr("服务电话"), "10086")
        self.desk_no = QSpinBox()
        self.desk_no.setObjectName("desk_no")
        self.desk_no.setRange(1, 99)
        form.addRow(self.tr("本台席号"), self.desk_no)
        self.fields["desk_no"] = self.desk_no
        self.manager_no = line("staff_no", self.tr("店长工号"))
        self.manager_name = line("name", self.tr("店长姓名"))
        self.password = line("password", self.tr("店长密码"), self.tr("至少 6 位"), password=True)
        self.password_again = line("password_again", self.tr("再次输入密码"), password=True)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.ERROR_TEXT)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("完成设置"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.recover_button = buttons.addButton(
            self.tr("从总部恢复本台席（更换电脑）"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.recover_button.setObjectName("recover")
        self.recover_button.clicked.connect(self.recover_from_head_office)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def recover_from_head_office(self) -> None:
        """An existing desk on a new PC: taken back from head office instead of set up anew."""
        from hall_desk.ui.recover_dialog import RecoverDeskDialog

        dialog = RecoverDeskDialog(self.ctx, self)
        self.recover_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_info is not None:
            self.result_info = dialog.result_info
            self.accept()

    def submit(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        if self.password.text() != self.password_again.text():
            self._show(
                ValidationErrors([ValidationError("password.mismatch", "password_again")]),
                self.tr("两次输入的密码不一致"),
            )
            return
        try:
            self.result_info = set_up_hall(
                self.ctx,
                hall_code=self.hall_code.text(),
                hall_name=self.hall_name.text(),
                district=self.district.text(),
                service_phone=self.service_phone.text(),
                desk_no=self.desk_no.value(),
                manager_no=self.manager_no.text(),
                manager_name=self.manager_name.text(),
                manager_password=self.password.text(),
            )
        except DomainError as error:
            self._show(error, error_text(error))
            return
        self.accept()

    def _show(self, error: DomainError, text: str) -> None:
        errors = error.errors if isinstance(error, ValidationErrors) else [error]
        for item in errors:
            widget = self.fields.get(item.field or "")
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
        self.error_label.setText(text)
        self.error_label.show()
