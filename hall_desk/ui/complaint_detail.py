"""One complaint, read-only for now (the follow-up issue adds handling), with a receipt reprint."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.money import format_yuan
from hall_desk.services import complaints
from hall_desk.services.context import StaffSession


class ComplaintDetailDialog(QDialog):
    print_requested = Signal(str)  # complaint id

    def __init__(self, session: StaffSession, complaint_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        row = complaints.get_complaint(session, complaint_id)
        self.complaint_id = complaint_id
        self.setWindowTitle(self.tr("投诉 {number}").format(number=row.number))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        amount = complaints.amount_of(row)
        flags = [
            text
            for text, on in (
                (self.tr("重复投诉"), row.repeat), (self.tr("升级投诉"), row.escalated),
                (self.tr("重要投诉"), row.important), (self.tr("媒体"), row.media),
            )
            if on
        ]
        rows = [
            (self.tr("投诉编号"), row.number),
            (self.tr("状态"), row.state),
            (self.tr("客户"), f"{row.customer_name}（{mask_phone(row.phone)}，{row.tier}）"),
            (self.tr("受理渠道"), row.channel),
            (self.tr("分类"), f"{row.main_class} / {row.sub_class}（{row.regulator_class}）"),
            (self.tr("发生时间/地点"), f"{format_local(row.occurred_at)} {row.place}".strip()),
            (self.tr("涉及金额"), format_yuan(amount) if amount is not None else "—"),
            (self.tr("问题描述"), row.description),
            (self.tr("客户诉求"), row.customer_request),
            (self.tr("网络紧急程度"), row.network_urgency or "—"),
            (self.tr("越级去向"), " ".join(x for x in (row.escalation_source or "", row.escalation_reference) if x) or "—"),
            (self.tr("升级倾向"), row.escalation_tendency),
            (self.tr("标记"), "、".join(flags) or "—"),
            (self.tr("首问责任人"), f"{row.first_responder_name}（{row.first_responder_no}）"),
            (self.tr("受理时间"), format_local(row.accepted_at)),
            (self.tr("答复时限"), format_local(row.reply_due)),
            (self.tr("管局15天时限"), format_local(row.regulator_due)),
        ]
        earlier = complaints.repeat_links(complaint_id)
        if earlier:
            rows.append((self.tr("关联的前次投诉"), "\n".join(
                f"{e.number}（{format_local(e.accepted_at)}，{e.sub_class}）" for e in earlier
            )))
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            form.addRow(label + "：", text)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(
            self.tr("打印回执"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.complaint_id))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
