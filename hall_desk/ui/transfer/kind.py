"""Step 1, 类型: 过户 or 特殊过户, and the number."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QFormLayout, QHBoxLayout, QRadioButton, QWidget

from hall_desk.domain.transfers import TransferKind
from hall_desk.services.transfers import TransferView
from hall_desk.ui import style
from hall_desk.ui.lifecycle_dialogs import line
from hall_desk.ui.transfer.common import StepPage, WizardHost, translate
from hall_desk.ui.transfers import message_label
from hall_desk.ui.vocabulary import term
from hall_desk.ui.widgets import form_row


class KindStep(StepPage):
    """The kind of transfer (fixed once saved) and the phone number."""

    name = "kind"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        layout = self.titled(
            translate("Transfers", "办理类型与号码"),
            translate(
                "Transfers",
                "过户：原机主与新机主都到场。特殊过户：原机主不在场，新机主须带有效证件，"
                "并提供至少两项证明（SIM 卡可正常使用、服务密码正确、近期充值发票）。",
            ),
        )
        form = QFormLayout()
        kinds = QHBoxLayout()
        self.normal_radio = QRadioButton(translate("Transfers", "过户（原机主到场）"))
        self.normal_radio.setObjectName("kind_normal")
        self.special_radio = QRadioButton(translate("Transfers", "特殊过户（原机主不在场）"))
        self.special_radio.setObjectName("kind_special")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.normal_radio)
        self.kind_group.addButton(self.special_radio)
        self.normal_radio.setChecked(True)
        kinds.addWidget(self.normal_radio)
        kinds.addWidget(self.special_radio)
        kinds.addStretch(1)
        kinds_widget = QWidget()
        kinds_widget.setLayout(kinds)
        kinds.setContentsMargins(0, 0, 0, 0)
        form.addRow(translate("Transfers", "类型"), kinds_widget)
        self.phone = line("phone", translate("Transfers", "11 位手机号码，可粘贴"))
        self.phone.setMaxLength(20)
        self.phone.setMaximumWidth(280)
        form_row(form, translate("Transfers", "手机号码(&P)"), self.phone)
        self.kind_fixed = message_label("kindFixed")
        self.kind_fixed.setStyleSheet(style.MUTED_TEXT)
        self.kind_fixed.hide()
        form.addRow("", self.kind_fixed)
        layout.addLayout(form)
        layout.addStretch(1)

    def kind(self) -> TransferKind:
        return TransferKind.SPECIAL if self.special_radio.isChecked() else TransferKind.NORMAL

    def lock(self) -> None:
        """Saved: the kind cannot change any more (and the page says why)."""
        for radio in (self.normal_radio, self.special_radio):
            radio.setEnabled(False)
        self.kind_fixed.setText(
            translate(
                "Transfers", "已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理。"
            ).format(kind=term(self.kind()))
        )
        self.kind_fixed.show()

    def fill(self, view: TransferView) -> None:
        (self.special_radio if view.kind is TransferKind.SPECIAL else self.normal_radio).setChecked(
            True
        )
        self.phone.setText(view.phone)

    def widget_for(self, field: str) -> QWidget | None:
        return {"kind": self.normal_radio, "phone": self.phone}.get(field)
