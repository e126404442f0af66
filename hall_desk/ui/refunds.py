"""投诉退费 at the counter (DOMAIN.md "Refunds for complaints", issue 6): propose from a complaint,
approve within the limits (the approver types their staff number and password: the service checks
them), the customer signs, the slip prints; a store manager delegates their limit.

- :class:`ProposeRefundDialog` — 先确认，后退费: the disputed item, what was checked and found, the
  amount (its capitals shown as typed), the account type, the method (话费账户返还 / 充值卡返还 with
  a reason; there is no cash) and the reason.
- :class:`ApproveRefundDialog` — the refund, the complaint's counted total and who may approve it;
  批准 or 拒绝 (with a reason). Above the hall's limit 批准 sends it to head office (待总部审批).
- :class:`SignRefundDialog` — the customer signs on the :class:`~hall_desk.ui.signature_pad.SignaturePad`.
- :class:`CancelRefundDialog` — withdraw a pending refund, with a reason.
- :class:`RefundPanel` — the complaint's refunds (the detail dialog's 退费 tab) and their actions.
- :class:`PendingRefundsDialog` — what waits for approval (and for head office), from the main window.
- :class:`DelegationDialog` — a store manager delegates their limit to a shift leader for a period.

The dialogs are :class:`~hall_desk.ui.lifecycle_dialogs.StepDialog` forms: keyboard first, a refusal
names its field and keeps what was typed. Every dialog opens through an ``open_dialog`` callable
the owner passes (tests replace it to drive the dialog themselves).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.account_closure import ClosureRoute
from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import (
    AuthenticationError,
    DomainError,
    ValidationError,
)
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.money import format_yuan, yuan_in_capitals
from hall_desk.domain.policy import Role
from hall_desk.domain.refund_execution import ExecutionShown
from hall_desk.domain.refunds import (
    CANCELLABLE,
    NEEDS_SECOND_PERSON,
    OVER_LIMIT,
    SIGNABLE,
    SIGNATURE_EMPTY,
    AccountType,
    RefundMethod,
    RefundState,
)
from hall_desk.services import lifecycle, refund_loop, refunds, staff
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.documents import PRINTABLE
from hall_desk.services.refunds import DelegationView, RefundDraft, RefundView
from hall_desk.services.setup import require_desk
from hall_desk.services.views import ComplaintView
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import INVALID_STYLE, FieldErrors, error_line
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP, is_chinese
from hall_desk.ui.lifecycle_dialogs import (
    StepDialog,
    combo,
    line,
    local_datetime_edit,
    text_box,
    utc_of,
)
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.signature_pad import SignaturePad
from hall_desk.ui.vocabulary import labelled, listing, term, with_number
from hall_desk.ui.widgets import ReadOnlyTable, form_row

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Refunds", text)


OpenDialog = Callable[[QDialog], bool]

# A refund form's own names for fields the complaint forms name otherwise (ui.errors.field_label).
REFUND_LABELS = {
    "amount": QT_TRANSLATE_NOOP("Refunds", "退费金额"),
    "method": QT_TRANSLATE_NOOP("Refunds", "退费方式"),
    "reason": QT_TRANSLATE_NOOP("Refunds", "退费原因"),
    # issue 16: 销户 refunds
    "closed_number": QT_TRANSLATE_NOOP("Refunds", "销户号码"),
    "cash_balance": QT_TRANSLATE_NOOP("Refunds", "现金余额"),
    "card_balance": QT_TRANSLATE_NOOP("Refunds", "充值卡余额"),
    "route": QT_TRANSLATE_NOOP("Refunds", "余额去向"),
    "destination": QT_TRANSLATE_NOOP("Refunds", "转入号码/收款账户"),
}
STATE_COLOURS = {
    RefundState.PENDING.value: style.WARNING,
    RefundState.APPROVED.value: style.OK,
    RefundState.AWAITING_HEAD_OFFICE.value: style.HEAD_OFFICE,
    RefundState.HEAD_OFFICE_APPROVED.value: style.OK,
    RefundState.HEAD_OFFICE_REFUSED.value: style.ERROR_STRONG,
    RefundState.REFUSED.value: style.ERROR_STRONG,
    RefundState.CANCELLED.value: style.MUTED,
}


def exec_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def in_capitals(value: Decimal) -> str:
    """人民币壹佰元整: the check a Chinese reader makes on an amount; not shown in English."""
    return "人民币" + yuan_in_capitals(value) if is_chinese() else ""


def capitals_of(text: str) -> str:
    """The typed amount in capitals ("" while it is not an amount yet)."""
    try:
        value = Decimal((text or "").strip())
        return in_capitals(value) if value > 0 else ""
    except (InvalidOperation, DomainError):
        return ""


def state_html(state: str) -> str:
    colour = STATE_COLOURS.get(state, style.SECONDARY)
    return f"<b style='color:{colour}'>{html.escape(term(state))}</b>"


def limits_text(ctx: DeskContext) -> str:
    limits = ctx.policy.refund_limits
    hall_limit = max(limits.values())
    parts = translate("Refunds", "，").join(
        translate("Refunds", "{role} {limit:,} 元").format(role=term(role), limit=limits[role])
        for role in Role
    )
    return translate(
        "Refunds", "审批限额按本投诉退费合计：{parts}；超过 {limit} 元报总部审批。"
    ).format(parts=parts, limit=f"{hall_limit:,}")


def who_may_approve(ctx: DeskContext, total: Decimal) -> str:
    """Who at the hall may approve a complaint whose counted total is ``total`` — or that head
    office decides above the hall's limit."""
    limits = ctx.policy.refund_limits
    hall_limit = max(limits.values())
    if total > hall_limit:
        return translate(
            "Refunds",
            "合计超出营业厅审批权限（{limit} 元）：批准即报总部审批（待总部审批），"
            "总部决定后自动更新。",
        ).format(limit=f"{hall_limit:,}")
    roles = [role for role in Role if limits[role] >= total]
    active = dict(lifecycle.transfer_targets())
    people = [
        with_number(name, number)
        for number, name, role in staff.list_staff()
        if role in roles and number in active
    ]
    lowest = min((limits[r] for r in roles), default=hall_limit)
    if Role.SHIFT_LEADER not in roles and limits[Role.STORE_MANAGER] >= total:
        people += [
            translate("Refunds", "{name}（{no}，受 {by} 授权至 {until}）").format(
                name=d.to_name, no=d.to_no, by=d.from_name, until=format_local(d.ends_at)
            )
            for d in refunds.delegations(ctx)
            if d.in_force
        ]
    return translate("Refunds", "可由{roles}（限额 {limit} 元及以上）审批：{people}").format(
        roles=listing(term(r) for r in roles), limit=f"{lowest:,}", people=listing(people) or "—"
    )


def _insert(owner: QWidget, index: int, widget: QWidget) -> None:
    """Put ``widget`` at ``index`` of ``owner``'s own (box) layout."""
    layout = owner.layout()
    if not isinstance(layout, QBoxLayout):
        raise TypeError(f"{type(owner).__name__} has no box layout")
    layout.insertWidget(index, widget)


class RefundStepDialog(StepDialog):
    """A refund form: its own field names, and aliases from a service's field to a widget."""

    LABELS: ClassVar[Mapping[str, str]] = REFUND_LABELS
    ALIASES: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self, title: str, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.ctx = ctx
        self.session = session
        self.field_errors = FieldErrors(
            self.error_label, self.widget_for, {k: _t(v) for k, v in self.LABELS.items()}
        )

    def widget_for(self, field: str | None) -> QWidget | None:
        return super().widget_for(self.ALIASES.get(field or "", field))


def execution_text(view: RefundView) -> str:
    """Head office's execution as the hall shows it (issue 16): 已到账 with the date, the failure
    and its reason, 待执行, 未上传总部 (approved, not received by head office yet), or a 充值卡返还
    handed over at the hall; with the clash when the hall cancelled what head office executed."""
    shown = view.execution_shown
    execution = view.execution
    if shown == ExecutionShown.EXECUTED.value and execution is not None:
        when = format_local(execution.executed_at)[:10] if execution.executed_at else ""
        text = translate("Refunds", "已到账 {date}").format(date=when).strip()
    elif shown == ExecutionShown.FAILED.value and execution is not None:
        text = translate("Refunds", "执行失败：{reason}").format(reason=execution.failure_reason)
    else:
        text = {
            ExecutionShown.CANCELLED.value: translate("Refunds", "已取消执行"),
            ExecutionShown.AWAITING.value: translate("Refunds", "待执行"),
            ExecutionShown.NOT_UPLOADED.value: translate("Refunds", "未上传总部"),
            ExecutionShown.HANDED_OVER.value: translate("Refunds", "营业厅当场返还，无需总部执行"),
        }.get(shown, "")
    if view.clash:
        text += translate("Refunds", "（冲突：本厅已取消，总部已执行）")
    return text


def chain_text(view: RefundView) -> str:
    """Head office's decision chain: who recommended, who decided (display names)."""
    chain = view.chain
    if chain is None:
        return ""
    parts = []
    if chain.recommended_by_name:
        verdict = (
            translate("Refunds", "建议同意")
            if chain.recommend is not False
            else translate("Refunds", "建议不同意")
        )
        parts.append(f"{chain.recommended_by_name} {verdict}")
    if chain.decided_by_name:
        parts.append(translate("Refunds", "{name} 决定").format(name=chain.decided_by_name))
    return " → ".join(parts)


def closure_rows(view: RefundView) -> list[tuple[str, str]]:
    """A 销户 refund's record, the destination masked (only head office's work order shows it)."""
    closure = view.closure
    if closure is None:
        return []
    return [
        (
            translate("Refunds", "销户余额"),
            html.escape(
                translate("Refunds", "号码 {number}，现金 {cash}，充值卡 {card}").format(
                    number=mask_phone(closure.closed_number),
                    cash=format_yuan(closure.cash_balance),
                    card=format_yuan(closure.card_balance),
                )
            ),
        ),
        (
            translate("Refunds", "去向"),
            html.escape(f"{term(closure.route.value)}：{closure.masked_destination}"),
        ),
    ]


def refund_summary_html(view: RefundView, *, total: Decimal | None = None) -> str:
    """The refund as the approval and signing dialogs show it (phone masked)."""
    rows = [
        (translate("Refunds", "退费单号"), html.escape(view.number)),
        (
            translate("Refunds", "投诉"),
            html.escape(
                f"{view.complaint_number}　"
                + with_number(view.customer_name, mask_phone(view.phone))
            ),
        ),
        (translate("Refunds", "退费项目"), html.escape(view.item)),
        (
            translate("Refunds", "退费金额"),
            f"<b style='font-size:{style.LARGE_PX}px'>{format_yuan(view.amount)}</b>"
            f"　{in_capitals(view.amount)}",
        ),
        (translate("Refunds", "账户类型"), html.escape(term(view.account_type))),
        (
            translate("Refunds", "退费方式"),
            html.escape(
                term(view.method)
                + (
                    translate("Refunds", "（{reason}）").format(reason=view.method_reason)
                    if view.method_reason
                    else ""
                )
            ),
        ),
        (translate("Refunds", "核实情况"), html.escape(view.checked).replace("\n", "<br>")),
        (translate("Refunds", "退费原因"), html.escape(view.reason).replace("\n", "<br>")),
        (
            translate("Refunds", "申请人"),
            html.escape(
                with_number(view.proposed_by_name, view.proposed_by_no)
                + "  "
                + format_local(view.proposed_at)
            ),
        ),
        (translate("Refunds", "状态"), state_html(view.state)),
    ]
    if view.decided_by_name and view.state != RefundState.PENDING.value:
        who = (
            with_number(view.decided_by_name, view.decided_by_no)
            if view.decided_by_no
            else (view.decided_by_name)
        )
        if view.hq_operator:
            who = translate("Refunds", "总部 {operator}").format(operator=view.hq_operator)
        rows.append(
            (
                translate("Refunds", "审批/处理"),
                html.escape(
                    f"{who}　{format_local(view.decided_at) if view.decided_at else ''}".strip()
                ),
            )
        )
    if view.delegated_by_name:
        rows.append(
            (
                translate("Refunds", "授权"),
                html.escape(
                    translate("Refunds", "受 {name} 授权（至 {until}）").format(
                        name=view.delegated_by_name,
                        until=format_local(view.delegation_until) if view.delegation_until else "—",
                    )
                ),
            )
        )
    if view.decision_reason:
        rows.append((translate("Refunds", "说明"), html.escape(view.decision_reason)))
    rows.extend(closure_rows(view))
    if chain_text(view):
        rows.append((translate("Refunds", "总部审批"), html.escape(chain_text(view))))
    if execution_text(view):
        executed = execution_text(view)
        if view.execution is not None and view.execution.billing_reference:
            executed += translate("Refunds", "（计费流水 {reference}）").format(
                reference=view.execution.billing_reference
            )
        colour = (
            style.ERROR_STRONG if view.clash or view.execution_shown == "执行失败" else style.TEXT
        )
        rows.append(
            (
                translate("Refunds", "执行"),
                f"<b style='color:{colour}'>{html.escape(executed)}</b>",
            )
        )
    if total is not None:
        rows.append(
            (
                translate("Refunds", "本投诉退费合计"),
                translate(
                    "Refunds", "<b>{total}</b>（含本笔及待审批的，不含已拒绝、已取消）"
                ).format(total=format_yuan(total)),
            )
        )
    body = "".join(
        f"<tr><td style='color:{style.LABEL}; padding:2px 10px 2px 0' nowrap>{label}</td>"
        f"<td style='padding:2px 0'>{value}</td></tr>"
        for label, value in rows
    )
    return f"<table cellspacing='0'>{body}</table>"


def summary_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(style.FACT_BOX)
    return label


# -- proposing ------------------------------------------------------------------------------------


class ProposeRefundDialog(RefundStepDialog):
    """申请退费 from a complaint (先确认，后退费); a 销户 refund records the closed account's
    balance and where it goes (issue 16)."""

    ALIASES: ClassVar[Mapping[str, str]] = {"route": "closure_route"}

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            translate("Refunds", "申请退费 — {number}").format(number=row.number),
            ctx,
            session,
            parent,
        )
        self.complaint_id: str = row.id
        self.setMinimumWidth(560)
        total = refunds.counted_total(row.id)
        intro = translate(
            "Refunds",
            "先确认，后退费：先查账单、详单，确认争议费用属实，再申请退费。\n"
            "退费由总部按电子工单返还到话费账户；营业厅不以现金或优惠充值退费。",
        )
        if total > 0:
            intro += "\n" + translate(
                "Refunds", "本投诉已申请退费合计 {total}（含待审批的）；审批限额按合计计算。"
            ).format(total=format_yuan(total))
        self.set_intro(intro)
        self.item = line("item", translate("Refunds", "有争议的费用，如 2026年11月 彩铃功能费"))
        self.add_row(translate("Refunds", "退费项目(&I)"), self.item)
        self.checked = text_box(
            "checked",
            translate(
                "Refunds", "查了什么、发现了什么（必填），如：查详单，客户未订购，系统误开通"
            ),
        )
        self.checked.setMaximumHeight(96)
        self.add_row(translate("Refunds", "核实情况(&K)"), self.checked)
        self.amount = line("amount", translate("Refunds", "元，如 150 或 58.50"))
        self.amount.setMaxLength(16)
        self.capitals = QLabel()
        self.capitals.setObjectName("amountCapitals")
        self.capitals.setStyleSheet(style.SECONDARY_TEXT)
        self.capitals.setMinimumWidth(200)
        amount_row = QWidget()
        amount_layout = QHBoxLayout(amount_row)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        amount_layout.addWidget(self.amount, 1)
        amount_layout.addWidget(self.capitals, 2)
        self.add_row(translate("Refunds", "退费金额(&M)"), amount_row)
        self.amount.textChanged.connect(lambda text: self.capitals.setText(capitals_of(text)))
        current = AccountType.POSTPAID.value if row.tier == "全球通" else ""
        self.account_type = combo("account_type", ["", *[a.value for a in AccountType]], current)
        self.add_row(translate("Refunds", "账户类型(&T)"), self.account_type)
        self.method = combo("method", [m.value for m in RefundMethod])
        self.method.setToolTip(
            translate("Refunds", "充值卡返还仅限特殊情况，须说明原因；营业厅不以现金退费")
        )
        self.add_row(translate("Refunds", "退费方式(&W)"), self.method)
        self.method_reason = text_box(
            "method_reason", translate("Refunds", "选“充值卡返还”时必填：为何不返还到话费账户"), 44
        )
        self.method_reason.setMaximumHeight(56)
        self.add_row(translate("Refunds", "返还原因(&Y)"), self.method_reason)
        self.reason = text_box(
            "reason", translate("Refunds", "为何退费，如：系统误开通，客户未使用"), 48
        )
        self.reason.setMaximumHeight(72)
        self.add_row(translate("Refunds", "退费原因(&R)"), self.reason)
        # issue 16: 销户 — the balance of a closed account (head office pays it; never the closed
        # number itself; the destination is shown masked once saved)
        self.closure = QCheckBox(translate("Refunds", "销户余额退费（已销户账户的余额）"))
        self.closure.setObjectName("closure")
        self.add_row(translate("Refunds", "销户(&U)"), self.closure)
        self.closed_number = line("closed_number", translate("Refunds", "留空即投诉号码"))
        self.closed_number.setMaxLength(20)
        self.add_row(translate("Refunds", "销户号码(&N)"), self.closed_number)
        self.cash_balance = line("cash_balance", translate("Refunds", "现金余额，元"))
        self.card_balance = line("card_balance", translate("Refunds", "充值卡余额，元"))
        for edit in (self.cash_balance, self.card_balance):
            edit.setMaxLength(16)
        balances = QWidget()
        balances_layout = QHBoxLayout(balances)
        balances_layout.setContentsMargins(0, 0, 0, 0)
        balances_layout.addWidget(self.cash_balance)
        balances_layout.addWidget(self.card_balance)
        self.add_row(translate("Refunds", "余额(&B)"), balances)
        self.closure_route = combo("closure_route", [r.value for r in ClosureRoute])
        self.closure_route.setToolTip(
            translate(
                "Refunds",
                "推荐转入其他号码；充值卡余额和预付费账户只能转入其他号码；"
                "后付费（全球通）账户的现金余额也可由总部退至客户指定账户",
            )
        )
        self.destination = line(
            "destination", translate("Refunds", "转入的号码，或客户指定的收款账户")
        )
        self.destination.setMaxLength(100)
        where = QWidget()
        where_layout = QHBoxLayout(where)
        where_layout.setContentsMargins(0, 0, 0, 0)
        where_layout.addWidget(self.closure_route)
        where_layout.addWidget(self.destination, 1)
        self.add_row(translate("Refunds", "余额去向(&O)"), where)
        self._closure_rows = (self.closed_number, balances, where)
        self.closure.toggled.connect(self._closure_toggled)
        self._closure_toggled(False)
        self.save_button.setText(translate("Refunds", "提交申请 (Ctrl+Enter)"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.cancel)
        self.method.valueChanged.connect(self._method_changed)
        self._method_changed(self.method.currentText())

    def _closure_toggled(self, on: bool) -> None:
        for widget in self._closure_rows:
            self.form.setRowVisible(widget, on)
        if on:
            self.amount.setPlaceholderText(translate("Refunds", "留空即余额合计"))

    # Esc and 取消 ask before throwing away what was typed, as the intake form does (issue 19).
    def typed(self) -> bool:
        """Whether anything was typed (the drop-downs' defaults do not count)."""
        lines = (self.item.text(), self.amount.text())
        boxes = (self.checked, self.method_reason, self.reason)
        return any(t.strip() for t in lines) or any(b.toPlainText().strip() for b in boxes)

    def ask_discard(self) -> bool:
        """Whether to throw away what was typed; tests replace this."""
        answer = QMessageBox.question(
            self,
            translate("Refunds", "放弃申请"),
            translate("Refunds", "放弃这次退费申请吗？已填写的内容将被清空。"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def cancel(self) -> None:
        if self.typed() and not self.ask_discard():
            return
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt API name
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt API name
        if self.result() != QDialog.DialogCode.Accepted and self.typed() and not self.ask_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def _method_changed(self, method: str) -> None:
        special = method == RefundMethod.TOP_UP_CARD.value
        self.method_reason.setEnabled(special)

    def draft(self) -> RefundDraft:
        closure = self.closure.isChecked()
        return RefundDraft(
            item=self.item.text(),
            checked=self.checked.toPlainText(),
            amount=self.amount.text(),
            account_type=self.account_type.currentText(),
            method=self.method.currentText(),
            method_reason=self.method_reason.toPlainText(),
            reason=self.reason.toPlainText(),
            closure=closure,
            closed_number=self.closed_number.text() if closure else "",
            cash_balance=self.cash_balance.text() if closure else "",
            card_balance=self.card_balance.text() if closure else "",
            closure_route=self.closure_route.currentText() if closure else "",
            destination=self.destination.text() if closure else "",
        )

    def save(self) -> RefundView:
        return refunds.propose_refund(self.ctx, self.session, self.complaint_id, self.draft())


# -- approving ------------------------------------------------------------------------------------


class ApproveRefundDialog(RefundStepDialog):
    """批准 or 拒绝 a pending refund: the approver proves who they are (the service checks)."""

    LABELS: ClassVar[Mapping[str, str]] = {
        **REFUND_LABELS,
        "reason": QT_TRANSLATE_NOOP("Refunds", "拒绝原因"),
        "password": QT_TRANSLATE_NOOP("Refunds", "密码"),
    }
    ALIASES: ClassVar[Mapping[str, str]] = {
        "staff_no": "approver_no",
        "approver_password": "password",
    }

    def __init__(
        self, ctx: DeskContext, session: StaffSession, refund_id: str, parent: QWidget | None = None
    ) -> None:
        self.view = refunds.get_refund(session, refund_id)
        super().__init__(
            translate("Refunds", "审批退费 — {number}").format(number=self.view.number),
            ctx,
            session,
            parent,
        )
        self.setMinimumWidth(640)
        self.refund_id = refund_id
        self.action = "approve"
        self.total = refunds.counted_total(self.view.complaint_id)
        self.set_intro(
            translate("Refunds", "审批人本人在本机输入工号和密码确认身份（输错密码计入锁定次数）。")
        )
        self.summary = summary_label("refundSummary")
        self.summary.setText(refund_summary_html(self.view, total=self.total))
        _insert(self, 1, self.summary)
        self.who = QLabel()
        self.who.setObjectName("whoMayApprove")
        self.who.setWordWrap(True)
        above = self.total > max(ctx.policy.refund_limits.values())
        self.who.setStyleSheet(
            style.colour(style.HEAD_OFFICE, bold=True) if above else style.SECONDARY_TEXT
        )
        self.who.setText(who_may_approve(ctx, self.total) + "\n" + limits_text(ctx))
        _insert(self, 2, self.who)
        self.approver_no = line("approver_no", translate("Refunds", "审批人工号"))
        self.approver_no.setMaxLength(20)
        self.add_row(translate("Refunds", "审批人工号(&N)"), self.approver_no)
        self.password = line("password", translate("Refunds", "审批人密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_row(translate("Refunds", "密码(&P)"), self.password)
        self.reason = text_box("reason", translate("Refunds", "拒绝时必填：为何不予退费"), 48)
        self.reason.setMaximumHeight(72)
        self.add_row(translate("Refunds", "拒绝原因(&R)"), self.reason)
        self.save_button.setText(
            translate("Refunds", "批准 (Ctrl+Enter)")
            if not above
            else translate("Refunds", "批准并报总部 (Ctrl+Enter)")
        )
        self.save_button.setObjectName("approveButton")
        self.refuse_button = self.buttons.addButton(
            translate("Refunds", "拒绝(&J)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.refuse_button.setObjectName("refuseButton")
        self.refuse_button.setAutoDefault(False)
        self.refuse_button.clicked.connect(self.refuse)

    def refuse(self) -> None:
        self.action = "refuse"
        try:
            self.submit()
        finally:
            self.action = "approve"

    def save(self) -> RefundView:
        if self.action == "refuse":
            return refunds.refuse_refund(
                self.ctx,
                self.session,
                self.refund_id,
                approver_no=self.approver_no.text(),
                approver_password=self.password.text(),
                reason=self.reason.toPlainText(),
            )
        return refunds.approve_refund(
            self.ctx,
            self.session,
            self.refund_id,
            approver_no=self.approver_no.text(),
            approver_password=self.password.text(),
        )

    def show_error(self, error: DomainError) -> None:
        super().show_error(error)
        if isinstance(error, AuthenticationError):
            self.password.clear()  # a secret: typed again, never kept
            target = self.approver_no if error.field == "staff_no" else self.password
            target.setStyleSheet(INVALID_STYLE)
            target.setFocus()
        elif error.code in (OVER_LIMIT, NEEDS_SECOND_PERSON):
            self.password.clear()
            self.error_label.setText(
                self.error_label.text() + "\n" + who_may_approve(self.ctx, self.total)
            )


# -- signing --------------------------------------------------------------------------------------


class SignRefundDialog(RefundStepDialog):
    """The customer signs the slip on the pad (清除 / 确认签名; an empty pad is refused)."""

    LABELS: ClassVar[Mapping[str, str]] = {"signature": QT_TRANSLATE_NOOP("Refunds", "客户签名")}

    def __init__(
        self, ctx: DeskContext, session: StaffSession, refund_id: str, parent: QWidget | None = None
    ) -> None:
        self.view = refunds.get_refund(session, refund_id)
        super().__init__(
            translate("Refunds", "客户签名 — {number}").format(number=self.view.number),
            ctx,
            session,
            parent,
        )
        self.refund_id = refund_id
        self.setMinimumWidth(640)
        intro = translate("Refunds", "请客户核对退费金额、方式和原因后，在下方签名。")
        if self.view.waiting_for_head_office:
            intro += "\n" + translate(
                "Refunds", "该退费待总部审批：签名的是临时退费单，总部批准前不作为退费凭证。"
            )
        if self.view.signed:
            intro += "\n" + translate("Refunds", "已有签名：重新签名将替换原签名。")
        self.set_intro(intro)
        self.summary = summary_label("refundSummary")
        v = self.view
        self.summary.setText(
            f"<span style='font-size:{style.LARGE_PX}px'>"
            + labelled(translate("Refunds", "退费金额"))
            + f"<b>{format_yuan(v.amount)}</b>　{in_capitals(v.amount)}</span><br>"
            + html.escape(
                with_number(v.customer_name, mask_phone(v.phone)) + f"　{term(v.method)}　{v.item}"
            )
            + "<br>"
            + html.escape(translate("Refunds", "退费原因：{reason}").format(reason=v.reason))
        )
        _insert(self, 1, self.summary)
        confirm = QLabel(translate("Refunds", "本人已核对上述退费金额、方式及原因，确认无误。"))
        confirm.setStyleSheet("font-weight: bold;")
        self.form.addRow(confirm)
        self.pad = SignaturePad()
        self.pad.setObjectName("signature")
        self.pad.setMinimumHeight(200)
        self.pad.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.form.addRow(self.pad)
        self.pad.installEventFilter(self)
        self.pad.changed.connect(self._pad_changed)
        self.save_button.setText(translate("Refunds", "确认签名 (Ctrl+Enter)"))
        self.clear_button = self.buttons.addButton(
            translate("Refunds", "清除(&C)"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)

    def first_input(self) -> QWidget | None:
        return self.pad

    def clear(self) -> None:
        self.pad.clear()
        self.pad.setFocus()

    def _pad_changed(self) -> None:
        if not self.pad.is_empty() and self.field_errors.marked:
            # The error line keeps its room when the pen clears it: the pad jumped ~33 px up at
            # pen-down and the first stroke was drawn above the pen (issue 19).
            keep = self.error_label.sizePolicy()
            keep.setRetainSizeWhenHidden(True)
            self.error_label.setSizePolicy(keep)
            self.field_errors.clear()

    def save(self) -> RefundView:
        if self.pad.is_empty():
            raise ValidationError(SIGNATURE_EMPTY, "signature")
        return refunds.sign_refund(self.ctx, self.session, self.refund_id, self.pad.signature_png())


class CancelRefundDialog(RefundStepDialog):
    """撤回 a refund not yet decided (the customer no longer wants it, entered in error …)."""

    LABELS: ClassVar[Mapping[str, str]] = {
        **REFUND_LABELS,
        "reason": QT_TRANSLATE_NOOP("Refunds", "取消原因"),
    }

    def __init__(
        self, ctx: DeskContext, session: StaffSession, refund_id: str, parent: QWidget | None = None
    ) -> None:
        self.view = refunds.get_refund(session, refund_id)
        super().__init__(
            translate("Refunds", "取消退费 — {number}").format(number=self.view.number),
            ctx,
            session,
            parent,
        )
        self.refund_id = refund_id
        self.set_intro(translate("Refunds", "取消后该笔退费不再计入本投诉的退费合计。"))
        self.reason = text_box(
            "reason", translate("Refunds", "为何取消，如：客户不再要求、录入有误"), 60
        )
        self.add_row(translate("Refunds", "取消原因(&R)"), self.reason)
        self.save_button.setText(translate("Refunds", "取消该退费 (Ctrl+Enter)"))
        self.cancel_button.setText(translate("Refunds", "返回 (Esc)"))

    def save(self) -> RefundView:
        return refunds.cancel_refund(
            self.ctx, self.session, self.refund_id, reason=self.reason.toPlainText()
        )


# -- outcomes ---------------------------------------------------------------------------------------


def outcome_text(view: RefundView) -> str:
    """What to tell the person after an action on a refund."""
    texts = {
        RefundState.PENDING.value: translate(
            "Refunds", "已提交退费申请 {number}（{amount}），待审批。"
        ),
        RefundState.APPROVED.value: translate(
            "Refunds", "退费 {number}（{amount}）已批准。请客户签名并打印退费单。"
        ),
        RefundState.AWAITING_HEAD_OFFICE.value: translate(
            "Refunds",
            "退费 {number}（{amount}）超出营业厅审批权限，已报总部审批（待总部审批）。"
            "可打印临时退费单；总部决定后自动更新。",
        ),
        RefundState.REFUSED.value: translate("Refunds", "退费 {number} 已拒绝。"),
        RefundState.CANCELLED.value: translate("Refunds", "退费 {number} 已取消。"),
        RefundState.HEAD_OFFICE_APPROVED.value: translate("Refunds", "退费 {number} 总部已批准。"),
        RefundState.HEAD_OFFICE_REFUSED.value: translate("Refunds", "退费 {number} 总部已拒绝。"),
    }
    return texts.get(view.state, "").format(number=view.number, amount=format_yuan(view.amount))


def why_not(session: StaffSession, view: RefundView, action: str) -> str:
    """Why ``action`` (approve / sign / print / cancel / told) cannot be taken on the refund now."""
    state = RefundState(view.state)
    if action == "told":  # issue 16: the customer told of head office's execution or failure
        execution = view.execution
        if execution is None or execution.news_at is None or execution.told_at is not None:
            return translate("Refunds", "没有需要告知客户的到账或执行失败")
        if view.desk_code and view.desk_code != require_desk().desk_code:
            return error_text(
                DomainError("refund.other_desk", desk=view.desk_code, number=view.number)
            )
        return ""
    allowed = {
        "approve": {RefundState.PENDING},
        "sign": SIGNABLE,
        "print": PRINTABLE,
        "cancel": CANCELLABLE,
    }[action]
    if state not in allowed:
        code = {
            "approve": "refund.not_pending",
            "sign": "refund.not_signable",
            "print": "refund.not_printable",
            "cancel": "refund.not_cancellable",
        }[action]
        return error_text(DomainError(code, state=state.value))
    if action != "print" and view.desk_code and view.desk_code != require_desk().desk_code:
        return error_text(DomainError("refund.other_desk", desk=view.desk_code, number=view.number))
    return ""


class RefundTable(ReadOnlyTable):
    """Refunds, one a row (the refund's id in the first cell's UserRole)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Refunds", "退费单号"),
        QT_TRANSLATE_NOOP("Refunds", "投诉编号"),
        QT_TRANSLATE_NOOP("Refunds", "客户"),
        QT_TRANSLATE_NOOP("Refunds", "金额"),
        QT_TRANSLATE_NOOP("Refunds", "状态"),
        QT_TRANSLATE_NOOP("Refunds", "退费方式"),
        QT_TRANSLATE_NOOP("Refunds", "申请人"),
        QT_TRANSLATE_NOOP("Refunds", "审批"),
        QT_TRANSLATE_NOOP("Refunds", "签名"),
    )

    def __init__(self, columns: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__([_t(c) for c in columns], parent=parent)
        self.columns = columns
        self.setAlternatingRowColors(True)
        self.views: list[RefundView] = []

    def cell(self, view: RefundView, column: str) -> str:
        decided = ""
        if view.delegated_by_name:
            decided = translate("Refunds", "{name}（受{by}授权）").format(
                name=view.decided_by_name, by=view.delegated_by_name
            )
        elif view.hq_operator:
            decided = translate("Refunds", "总部 {name}").format(name=view.hq_operator)
        elif view.state != RefundState.PENDING.value:
            decided = view.decided_by_name or view.sent_by_name
        return {
            "退费单号": view.number,
            "投诉编号": view.complaint_number,
            "客户": with_number(view.customer_name, mask_phone(view.phone)),
            "金额": format_yuan(view.amount),
            "状态": term(view.state),
            "到账情况": execution_text(view) or "—",  # issue 16: head office's execution
            "退费方式": term(view.method)
            + (translate("Refunds", "（销户）") if view.closure is not None else ""),
            "申请人": with_number(view.proposed_by_name, view.proposed_by_no),
            "申请时间": format_local(view.proposed_at),
            "审批": decided or "—",
            "签名": translate("Refunds", "已签") if view.signed else "—",
        }[column]

    def show_refunds(self, views: list[RefundView], select_id: str = "") -> None:
        keep = select_id or self.current_id()
        self.views = views
        self.setRowCount(len(views))
        for row, view in enumerate(views):
            for column, name in enumerate(self.columns):
                item = QTableWidgetItem(self.cell(view, name))
                if name == "状态":
                    item.setForeground(QColor(STATE_COLOURS.get(view.state, style.SECONDARY)))
                if name == "到账情况" and (view.clash or view.execution_shown == "执行失败"):
                    item.setForeground(QColor(style.ERROR_STRONG))
                if name == "金额":
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, view.id)
                self.setItem(row, column, item)
        index = next((i for i, v in enumerate(views) if v.id == keep), len(views) - 1)
        if index >= 0:
            self.selectRow(index)

    def current_id(self) -> str:
        view = self.current_view()
        return view.id if view else ""

    def current_view(self) -> RefundView | None:
        row = self.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None


class RefundActions(QWidget):
    """审批 / 客户签名 / 打印退费单 / 取消 on the selected refund (shared by the panel and the
    pending list)."""

    print_requested = Signal(str)  # refund id
    done = Signal(str, str)  # refund id, what to tell the person

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        table: RefundTable,
        open_dialog: OpenDialog,
        parent: QWidget | None = None,
        *,
        actions: tuple[str, ...] = ("approve", "sign", "print", "cancel", "told"),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.table = table
        self.open_dialog = open_dialog
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        texts = {
            "approve": translate("Refunds", "审批(&E)…"),
            "sign": translate("Refunds", "客户签名(&Q)…"),
            "print": translate("Refunds", "打印退费单(&D)…"),
            "cancel": translate("Refunds", "取消退费(&X)…"),
            "told": translate("Refunds", "已告知客户(&L)"),
        }
        self.buttons: dict[str, QPushButton] = {}
        for action in actions:
            button = QPushButton(texts[action])
            button.setObjectName(f"refund_{action}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, a=action: self.run(a))
            layout.addWidget(button)
            self.buttons[action] = button
        layout.addStretch(1)
        table.itemSelectionChanged.connect(self.update_buttons)
        self.update_buttons()

    def update_buttons(self) -> None:
        view = self.table.current_view()
        for action, button in self.buttons.items():
            why = (
                translate("Refunds", "请先选择一笔退费")
                if view is None
                else why_not(self.session, view, action)
            )
            button.setEnabled(not why)
            button.setToolTip(why)

    def run(self, action: str) -> bool:
        view = self.table.current_view()
        if view is None:
            return False
        if action == "print":
            self.print_requested.emit(view.id)
            return True
        if action == "told":
            try:
                told = refund_loop.customer_told(self.ctx, self.session, view.id)
            except DomainError as error:
                self.done.emit(view.id, error_text(error))
                return False
            self.done.emit(
                view.id,
                translate("Refunds", "已记录：已告知客户 {number} {what}。").format(
                    number=told.number, what=execution_text(told)
                ),
            )
            return True
        factories: dict[str, Callable[[DeskContext, StaffSession, str, QWidget], StepDialog]] = {
            "approve": ApproveRefundDialog,
            "sign": SignRefundDialog,
            "cancel": CancelRefundDialog,
        }
        dialog = factories[action](self.ctx, self.session, view.id, self.window())
        accepted = self.open_dialog(dialog)
        result = dialog.result_value
        dialog.deleteLater()
        if not accepted or result is None:
            return False
        if action == "sign":
            message = translate("Refunds", "已保存客户签名（{number}），可打印退费单。").format(
                number=view.number
            )
        else:
            message = outcome_text(result)
        self.done.emit(view.id, message)
        return True


class RefundPanel(QWidget):
    """The complaint's refunds (the detail dialog's 退费 tab)."""

    print_requested = Signal(str)  # refund id
    changed = Signal(str, str)  # refund id, what to tell the person
    # The buttons panel. Its name shadows QWidget.actions() (kept: the tests and callers use it,
    # tests/ui/test_english_ui.py calls QWidget.actions unbound); declared for the type checker.
    actions: RefundActions  # type: ignore[assignment]

    COLUMNS = (
        QT_TRANSLATE_NOOP("Refunds", "退费单号"),
        QT_TRANSLATE_NOOP("Refunds", "金额"),
        QT_TRANSLATE_NOOP("Refunds", "状态"),
        QT_TRANSLATE_NOOP("Refunds", "退费方式"),
        QT_TRANSLATE_NOOP("Refunds", "申请人"),
        QT_TRANSLATE_NOOP("Refunds", "审批"),
        QT_TRANSLATE_NOOP("Refunds", "签名"),
        QT_TRANSLATE_NOOP("Refunds", "到账情况"),
    )

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        complaint_id: str,
        open_dialog: OpenDialog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.complaint_id = complaint_id
        layout = QVBoxLayout(self)
        self.total_label = QLabel()
        self.total_label.setObjectName("refundTotal")
        self.total_label.setWordWrap(True)
        layout.addWidget(self.total_label)
        self.table = RefundTable(self.COLUMNS)
        self.table.setObjectName("refundTable")
        layout.addWidget(self.table, 2)
        self.detail = summary_label("refundDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail, 3)
        self.actions = RefundActions(ctx, session, self.table, open_dialog)
        layout.addWidget(self.actions)
        self.actions.print_requested.connect(self.print_requested)
        self.actions.done.connect(self._done)
        self.table.itemSelectionChanged.connect(self._show_selected)

    def refresh(self, select_id: str = "") -> None:
        views = refunds.refunds_of(self.session, self.complaint_id)
        self.table.show_refunds(views, select_id)
        total = refunds.counted_total(self.complaint_id)
        self.total_label.setText(
            translate(
                "Refunds", "共 {n} 笔；计入限额的合计 {total}（不含已拒绝、已取消）。"
            ).format(n=len(views), total=format_yuan(total))
            if views
            else translate("Refunds", "本投诉没有退费申请。")
        )
        self._show_selected()
        self.actions.update_buttons()

    def _show_selected(self) -> None:
        view = self.table.current_view()
        self.detail.setVisible(view is not None)
        if view is not None:
            self.detail.setText(refund_summary_html(view))

    def _done(self, refund_id: str, message: str) -> None:
        self.refresh(refund_id)
        self.changed.emit(refund_id, message)

    def state_of(self, refund_id: str) -> str:
        return next((v.state for v in self.table.views if v.id == refund_id), "")


# -- the pending list ----------------------------------------------------------------------------


class PendingRefundsDialog(QDialog):
    """待审批退费 (and those waiting for head office): from the main window, for approvers."""

    open_complaint_requested = Signal(str)  # complaint id
    print_requested = Signal(str)  # refund id
    changed = Signal()
    # The buttons panel. Its name shadows QWidget.actions() (kept: the tests and callers use it,
    # tests/ui/test_english_ui.py calls QWidget.actions unbound); declared for the type checker.
    actions: RefundActions  # type: ignore[assignment]

    COLUMNS = (
        QT_TRANSLATE_NOOP("Refunds", "退费单号"),
        QT_TRANSLATE_NOOP("Refunds", "投诉编号"),
        QT_TRANSLATE_NOOP("Refunds", "客户"),
        QT_TRANSLATE_NOOP("Refunds", "金额"),
        QT_TRANSLATE_NOOP("Refunds", "状态"),
        QT_TRANSLATE_NOOP("Refunds", "申请人"),
        QT_TRANSLATE_NOOP("Refunds", "申请时间"),
    )

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(translate("Refunds", "待审批退费"))
        self.decided_here: list[str] = []
        fit_to_screen(self, 900, 460)
        layout = QVBoxLayout(self)
        self.intro = QLabel(limits_text(ctx))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = RefundTable(self.COLUMNS)
        self.table.setObjectName("pendingRefunds")
        self.table.doubleClicked.connect(lambda _index: self.actions.run("approve"))
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setObjectName("pendingMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.actions = RefundActions(
            ctx,
            session,
            self.table,
            lambda d: self.open_step_dialog(d),
            actions=("approve", "print"),
        )
        self.open_button = QPushButton(translate("Refunds", "打开投诉(&O)"))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._open_complaint)
        _insert(self.actions, 2, self.open_button)
        self.actions.done.connect(self._done)
        self.actions.print_requested.connect(self.print_requested)
        layout.addWidget(self.actions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(translate("Refunds", "关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self, select_id: str = "") -> None:
        views = refunds.pending_approvals(self.session) + refunds.awaiting_head_office(self.session)
        # One decided here stays listed, with its new state, until the dialog closes: the slip
        # can be printed at once (issue 19: the row vanished and 打印退费单 was greyed).
        listed = {view.id for view in views}
        views += [
            refunds.get_refund(self.session, refund_id)
            for refund_id in self.decided_here
            if refund_id not in listed
        ]
        self.table.show_refunds(views, select_id)
        self.open_button.setEnabled(bool(views))
        self.actions.update_buttons()

    def open_step_dialog(self, dialog: QDialog) -> bool:
        """Show an approval dialog modally; tests replace this to drive it themselves."""
        return exec_dialog(dialog)

    def _open_complaint(self) -> None:
        view = self.table.current_view()
        if view is not None:
            self.open_complaint_requested.emit(view.complaint_id)
            self.refresh(view.id)

    def _done(self, refund_id: str, message: str) -> None:
        if refund_id not in self.decided_here:
            self.decided_here.append(refund_id)
        self.refresh(refund_id)
        self.message.setText(message)
        self.message.setStyleSheet(style.OK_BANNER)
        self.message.show()
        self.changed.emit()


# -- delegation ----------------------------------------------------------------------------------


class DelegationDialog(QDialog):
    """A store manager delegates their approval limit to a shift leader for a period; the list of
    delegations, and 撤销."""

    LABELS: ClassVar[Mapping[str, str]] = {
        "to_staff_no": QT_TRANSLATE_NOOP("Refunds", "被授权人"),
        "starts_at": QT_TRANSLATE_NOOP("Refunds", "开始时间"),
        "ends_at": QT_TRANSLATE_NOOP("Refunds", "结束时间"),
        "note": QT_TRANSLATE_NOOP("Refunds", "说明"),
    }

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(translate("Refunds", "审批授权"))
        fit_to_screen(self, 820, 480)
        layout = QVBoxLayout(self)
        limits = ctx.policy.refund_limits
        intro = QLabel(
            translate(
                "Refunds",
                "店长不在时，可将本人的退费审批限额（{limit} 元）授权给一名值班经理，"
                "限定期间；期间内其批准的退费注明“受店长授权”。",
            ).format(limit=f"{limits[Role.STORE_MANAGER]:,}")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.error_label = error_line("delegationErrors")
        self.field_errors = FieldErrors(
            self.error_label, self.widget_for, {k: _t(v) for k, v in self.LABELS.items()}
        )
        layout.addWidget(self.error_label)
        form = QFormLayout()
        self.to_staff = QComboBox()
        self.to_staff.setObjectName("to_staff_no")
        active = dict(lifecycle.transfer_targets())
        for number, name, role in staff.list_staff():
            if role is Role.SHIFT_LEADER and number in active:
                self.to_staff.addItem(with_number(name, number), number)
        form_row(form, translate("Refunds", "被授权人(&T)"), self.to_staff)
        now = ctx.clock.now()
        self.starts = local_datetime_edit("starts_at", now)
        form_row(form, translate("Refunds", "开始时间(&S)"), self.starts)
        self.ends = local_datetime_edit("ends_at", now + timedelta(days=1))
        form_row(form, translate("Refunds", "结束时间(&E)"), self.ends)
        self.note = line("note", translate("Refunds", "如：店长休假"))
        self.note.setMaxLength(200)
        form_row(form, translate("Refunds", "说明(&N)"), self.note)
        layout.addLayout(form)
        grant_row = QHBoxLayout()
        self.grant_button = QPushButton(translate("Refunds", "授权(&G)"))
        self.grant_button.setObjectName("grantDelegation")
        self.grant_button.setAutoDefault(False)
        self.grant_button.clicked.connect(self.grant)
        grant_row.addWidget(self.grant_button)
        grant_row.addStretch(1)
        layout.addLayout(grant_row)
        self.table = ReadOnlyTable(
            [
                _t(c)
                for c in (
                    translate("Refunds", "被授权人"),
                    translate("Refunds", "授权人"),
                    translate("Refunds", "开始"),
                    translate("Refunds", "结束"),
                    translate("Refunds", "状态"),
                    translate("Refunds", "说明"),
                )
            ],
            "delegations",
        )
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.revoke_button = QPushButton(translate("Refunds", "撤销授权(&R)"))
        self.revoke_button.setObjectName("revokeDelegation")
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.clicked.connect(self.revoke)
        bottom.addWidget(self.revoke_button)
        self.message = QLabel()
        self.message.setObjectName("delegationMessage")
        bottom.addWidget(self.message, 1)
        close = QPushButton(translate("Refunds", "关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.table.itemSelectionChanged.connect(self._update_revoke)
        self.views: list[DelegationView] = []
        self.refresh()

    def widget_for(self, field: str | None) -> QWidget | None:
        return self.findChild(QWidget, field) if field else None

    def status(self, view: DelegationView) -> str:
        if view.revoked_at is not None:
            return translate("Refunds", "已撤销")
        if view.in_force:
            return translate("Refunds", "生效中")
        return (
            translate("Refunds", "未开始")
            if view.starts_at > self.ctx.clock.now()
            else translate("Refunds", "已过期")
        )

    def refresh(self) -> None:
        self.views = refunds.delegations(self.ctx)
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            cells = (
                with_number(view.to_name, view.to_no),
                with_number(view.from_name, view.from_no),
                format_local(view.starts_at),
                format_local(view.ends_at),
                self.status(view),
                view.note,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._update_revoke()

    def _update_revoke(self) -> None:
        row = self.table.currentRow()
        view = self.views[row] if 0 <= row < len(self.views) else None
        self.revoke_button.setEnabled(
            view is not None and view.revoked_at is None and view.ends_at > self.ctx.clock.now()
        )

    def grant(self) -> DelegationView | None:
        self.field_errors.clear()
        try:
            view = refunds.delegate_limit(
                self.ctx,
                self.session,
                to_staff_no=str(self.to_staff.currentData() or ""),
                starts_at=utc_of(self.starts),
                ends_at=utc_of(self.ends),
                note=self.note.text(),
            )
        except DomainError as error:
            self.field_errors.show(error)
            return None
        self.refresh()
        self.message.setText(
            translate("Refunds", "已授权 {name} 至 {until}").format(
                name=view.to_name, until=format_local(view.ends_at)
            )
        )
        return view

    def revoke(self) -> DelegationView | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.views):
            return None
        self.field_errors.clear()
        try:
            view = refunds.revoke_delegation(self.ctx, self.session, self.views[row].id)
        except DomainError as error:
            self.field_errors.show(error)
            return None
        self.refresh()
        self.message.setText(
            translate("Refunds", "已撤销对 {name} 的授权").format(name=view.to_name)
        )
        return view
