"""Step 5, 资格检查: what was entered, masked, and every refusal as a sentence; 店长审批 for a
特殊过户 proven by invoices alone."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout

from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import SIGNATURE_MISSING, TransferKind
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.transfer.common import StepPage, WizardHost, masked_party, translate
from hall_desk.ui.transfers import ExceptionalApprovalDialog, button, message_label
from hall_desk.ui.vocabulary import listing, term


class EligibilityStep(StepPage):
    """The summary of the transfer and the verdict: may the parties sign?"""

    name = "eligibility"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        layout = self.titled(translate("Transfers", "资格检查"))
        self.summary = message_label("transferSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet(style.FACT_BOX)
        layout.addWidget(self.summary)
        self.verdict = message_label("eligibilityVerdict")
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdict)
        row = QHBoxLayout()
        self.approve_button = button(translate("Transfers", "店长审批(&A)…"), "approveExceptional")
        self.approve_button.clicked.connect(self.ask_approval)
        row.addWidget(self.approve_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def condition_refusals(self) -> list[DomainError]:
        """What stands in the way, signatures apart (they come on the next page)."""
        view = self.host.view
        assert view is not None
        return [
            r
            for r in view.eligibility.refusals
            if r.code != SIGNATURE_MISSING and not (r.field or "").startswith("signatures.")
        ]

    def refresh(self) -> None:
        view = self.host.view
        if view is None:
            return
        draft = view.draft
        rows = [
            (translate("Transfers", "编号"), html.escape(view.number)),
            (translate("Transfers", "类型"), html.escape(term(view.kind))),
            (translate("Transfers", "号码"), html.escape(view.masked_phone)),
            (
                translate("Transfers", "账户"),
                html.escape(
                    translate(
                        "Transfers", "{type}，开户日期 {opened}（{who}核对于 {where}）"
                    ).format(
                        type=term(view.account_type),
                        opened=view.opened_on.isoformat(),
                        who=view.created_by_name,
                        where=view.opened_checked_where,
                    )
                ),
            ),
        ]
        if draft.registered_owner is not None:
            rows.append((translate("Transfers", "原机主"), masked_party(draft.registered_owner)))
        rows.append((translate("Transfers", "新机主"), masked_party(draft.new_owner)))
        for agent in draft.agents:
            rows.append(
                (
                    translate("Transfers", "代办人（代{role}）").format(role=term(agent.acts_for)),
                    masked_party(agent.identity),
                )
            )
        if view.kind is TransferKind.SPECIAL:
            proofs = []
            if draft.evidence.sim_working:
                proofs.append(translate("Transfers", "SIM 卡可正常使用"))
            if draft.evidence.password_verified:
                proofs.append(translate("Transfers", "服务密码验证正确"))
            if draft.evidence.invoices:
                proofs.append(
                    translate("Transfers", "充值发票 {n} 张（计入 {m} 个月）").format(
                        n=len(draft.evidence.invoices), m=len(view.eligibility.invoice_months)
                    )
                )
            rows.append(
                (
                    translate("Transfers", "证明"),
                    html.escape(listing(proofs) or translate("Transfers", "无")),
                )
            )
            rows.append(
                (
                    translate("Transfers", "材料文件"),
                    html.escape(
                        translate("Transfers", "{n} 份").format(n=len(view.evidence_files))
                    ),
                )
            )
        if view.approval:
            rows.append(
                (
                    translate("Transfers", "店长审批"),
                    html.escape(
                        translate("Transfers", "{name}（{no}）批准：{reason}").format(
                            name=view.approval.get("approver_name", ""),
                            no=view.approval.get("approver_no", ""),
                            reason=view.approval.get("reason", ""),
                        )
                    ),
                )
            )
        self.summary.setText(
            "<table cellspacing='0'>"
            + "".join(
                f"<tr><td style='color:{style.LABEL}; padding:2px 12px 2px 0' nowrap>{label}</td>"
                f"<td style='padding:2px 0'>{value}</td></tr>"
                for label, value in rows
            )
            + "</table>"
        )
        refusals = self.condition_refusals()
        if refusals:
            items = "".join(
                f"<li style='margin-bottom:4px'>{html.escape(error_text(r))}</li>" for r in refusals
            )
            self.verdict.setText(
                f"<div style='color:{style.ERROR}; font-size:{style.EMPHASIS_PX}px'><b>"
                + html.escape(translate("Transfers", "尚不符合办理条件："))
                + f"</b><ul style='margin-left:-20px'>{items}</ul></div>"
            )
            self.verdict.setStyleSheet(
                f"QLabel {{ background: {style.ERROR_BACKGROUND}; padding: 8px; }}"
            )
        else:
            note = translate("Transfers", "符合办理条件，请各方签名。")
            if view.eligibility.exceptional:
                note = translate("Transfers", "经店长批准按例外程序（仅凭充值发票）办理，") + note
            self.verdict.setText(
                f"<b style='color:{style.OK}; font-size:{style.EMPHASIS_PX}px'>"
                f"✔ {html.escape(note)}</b>"
            )
            self.verdict.setStyleSheet(
                f"QLabel {{ background: {style.OK_BACKGROUND}; padding: 8px; }}"
            )
        self.approve_button.setVisible(view.needs_exceptional_approval)

    def eligibility_text(self) -> str:
        """What the 资格检查 page says (plain text)."""
        text = QTextDocument()
        text.setHtml(self.verdict.text())
        return text.toPlainText()

    def ask_approval(self) -> None:
        host = self.host
        if host.view is None:
            return
        dialog = ExceptionalApprovalDialog(host.ctx, host.session, host.view, self.window())
        accepted = host.open_step_dialog(dialog)
        result = dialog.result_value
        dialog.deleteLater()
        if accepted and result is not None:
            host.view = result
            host.say(translate("Transfers", "店长已批准按例外程序办理。"))
            self.refresh()
