"""Step 2, 账户: the account type, 开户日期 and where it was checked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QWidget

from hall_desk.domain.refunds import AccountType
from hall_desk.domain.transfers import local_today
from hall_desk.services.transfers import TransferView
from hall_desk.ui.lifecycle_dialogs import combo, line
from hall_desk.ui.transfer.common import StepPage, WizardHost, translate
from hall_desk.ui.widgets import form_row


class AccountStep(StepPage):
    """What the BOSS customer page says about the account; the checker is who is signed in."""

    name = "account"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        ctx, session = host.ctx, host.session
        layout = self.titled(
            translate("Transfers", "账户"),
            translate(
                "Transfers",
                "按营业厅业务系统（BOSS）客户信息页显示的内容填写。账户须开户超过 {prepaid} 天（预付费）"
                "或 {postpaid} 天（后付费）方可过户。",
            ).format(
                prepaid=ctx.policy.transfer_prepaid_min_days,
                postpaid=ctx.policy.transfer_postpaid_min_days,
            ),
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.account_type = combo("account_type", ["", *[a.value for a in AccountType]])
        self.opened_on = QDateEdit()
        self.opened_on.setObjectName("opened_on")
        self.opened_on.setDisplayFormat("yyyy-MM-dd")
        self.opened_on.setCalendarPopup(True)
        self.opened_on.setMinimumDate(QDate(1990, 1, 1))
        today = local_today(ctx.clock.now())
        self.opened_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.opened_on.setDate(QDate(today.year, today.month, today.day))
        self.opened_on.setToolTip(
            translate("Transfers", "按业务系统显示的开户日期（北京时间）；可直接键入 2026-09-01")
        )
        self.opened_checked_where = line(
            "opened_checked_where", translate("Transfers", "如 BOSS 客户信息页")
        )
        self.opened_checked_where.setMaxLength(100)
        for widget, width in (
            (self.account_type, 280),
            (self.opened_on, 180),
            (self.opened_checked_where, 420),
        ):
            widget.setMaximumWidth(width)
        form_row(form, translate("Transfers", "账户类型(&T)"), self.account_type)
        form_row(form, translate("Transfers", "开户日期(&D)"), self.opened_on)
        form_row(form, translate("Transfers", "核对位置(&W)"), self.opened_checked_where)
        checker = QLabel(
            translate("Transfers", "{name}（工号 {no}，本人登录）").format(
                name=session.name, no=session.staff_no
            )
        )
        checker.setObjectName("checker")
        form_row(form, translate("Transfers", "核对人"), checker)
        layout.addLayout(form)
        layout.addStretch(1)

    def opened(self) -> date:
        picked = self.opened_on.date()
        return date(picked.year(), picked.month(), picked.day())

    def fill(self, view: TransferView) -> None:
        self.account_type.setCurrentText(view.account_type)
        self.opened_on.setDate(QDate(view.opened_on.year, view.opened_on.month, view.opened_on.day))
        self.opened_checked_where.setText(view.opened_checked_where)

    def widget_for(self, field: str) -> QWidget | None:
        return {
            "account_type": self.account_type,
            "opened_on": self.opened_on,
            "opened_checked_where": self.opened_checked_where,
        }.get(field)
