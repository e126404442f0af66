"""复述确认: the recorded complaint read back to the customer before the final save."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.complaints import ComplaintIntake
from hall_desk.domain.deadlines import Deadlines
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.money import format_yuan
from hall_desk.ui import style
from hall_desk.ui.vocabulary import labelled, listing, term

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def read_back_phrase(intake: ComplaintIntake) -> str:
    """The trained phrase: "我跟您确认一下，您反映的问题是……，您希望……，是这样吗？"."""
    return translate(
        "ReadBack",
        "我跟您确认一下，您反映的问题是：{description}，您希望：{customer_request}，是这样吗？",
    ).format(description=intake.description, customer_request=intake.customer_request)


class ReadBackDialog(QDialog):
    def __init__(
        self, intake: ComplaintIntake, deadlines: Deadlines, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("复述确认"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        phrase = QLabel(read_back_phrase(intake))
        phrase.setTextFormat(Qt.TextFormat.PlainText)  # holds what was typed
        phrase.setWordWrap(True)
        phrase.setObjectName("readBackPhrase")
        phrase.setStyleSheet(
            f"font-size: {style.LARGE_PX}px; padding: 8px; background: {style.WARNING_BACKGROUND};"
        )
        phrase.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(phrase)
        form = QFormLayout()
        rows = [
            (
                self.tr("客户"),
                self.tr("{name}（{phone}，{tier}）").format(
                    name=intake.customer_name,
                    phone=mask_phone(intake.phone),
                    tier=term(intake.tier),
                ),
            ),
            (self.tr("渠道"), term(intake.channel)),
            (self.tr("分类"), f"{term(intake.main_class)} / {term(intake.sub_class)}"),
        ]
        if intake.amount is not None:
            rows.append((self.tr("涉及金额"), format_yuan(intake.amount)))
        if intake.network_urgency:
            rows.append((self.tr("紧急程度"), intake.network_urgency.value))
        flags = [
            text
            for text, on in (
                (self.tr("升级投诉"), intake.escalated),
                (self.tr("重要投诉"), intake.important),
                (self.tr("媒体：立即报送综合部"), intake.media),
            )
            if on
        ]
        if flags:
            rows.append((self.tr("标记"), listing(flags)))
        rows.append((self.tr("答复时限"), format_local(deadlines.reply_due)))
        for label, value in rows:
            field = QLabel(value)
            field.setTextFormat(Qt.TextFormat.PlainText)  # what was typed, never read as markup
            field.setWordWrap(True)
            form.addRow(labelled(label), field)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(
            self.tr("客户确认，保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("返回修改"), QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
