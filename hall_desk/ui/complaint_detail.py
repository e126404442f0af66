"""One complaint: where it is handled (首问责任制, DOMAIN.md "Handling steps"), with its history and a
receipt reprint.

- The header shows the state, the flags (重复, 重要, 升级, 不满意, 媒体, 重大批量投诉), the current
  handler and the promised time; the tabs show the record (概况), the replies, callbacks, progress
  notes and transfers (处理记录), and the timeline (时间线).
- One button per step. A step the state does not allow, or that the signed-in person may not take
  (not the first responder, the current handler nor a leader; or a complaint of another counter), is
  disabled with a tooltip saying why. Each step with fields opens a small dialog
  (:mod:`hall_desk.ui.lifecycle_dialogs`) through :meth:`ComplaintDetailDialog.open_step_dialog`,
  which tests replace; after a step the detail refreshes and :attr:`changed` is emitted.
- 退费 (issue 6): a tab with the complaint's refunds (:class:`~hall_desk.ui.refunds.RefundPanel`:
  审批, 客户签名, 打印退费单, 取消) and a 申请退费… button; their dialogs open through
  :meth:`ComplaintDetailDialog.open_step_dialog` too; 打印退费单 emits :attr:`refund_print_requested`.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.complaints import ComplaintState, media_instruction
from hall_desk.domain.errors import DomainError
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.lifecycle import (
    LATE_ENTRY,
    Satisfaction,
    Step,
    StepRefused,
    allowed_steps,
    transition,
)
from hall_desk.domain.money import format_yuan
from hall_desk.domain.staff import Permission, may
from hall_desk.services import complaints, incidents, lifecycle, typical_cases
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import require_desk
from hall_desk.services.timeline import timeline
from hall_desk.services.views import ComplaintView
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.lifecycle_dialogs import (
    CallbackDialog,
    ComplaintStepDialog,
    LinkIncidentDialog,
    ProgressDialog,
    ReplyDialog,
    TakeBackDialog,
    TransferDialog,
    UpgradeDialog,
    VerifyDialog,
)
from hall_desk.ui.refunds import ProposeRefundDialog, RefundPanel, outcome_text
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.timeline import TimelineView, mask_phones
from hall_desk.ui.typical_cases import TypicalCaseDialog
from hall_desk.ui.vocabulary import labelled, listing, term, with_number

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("ComplaintDetail", text)


# a step's dialog class: (ctx, session, complaint, parent) -> its dialog
DialogFactory = Callable[[DeskContext, StaffSession, ComplaintView, QWidget], ComplaintStepDialog]

# step → (button text, the dialog collecting its fields; None: no fields)
STEPS: list[tuple[Step, str, DialogFactory | None]] = [
    (Step.START_VERIFICATION, QT_TRANSLATE_NOOP("ComplaintDetail", "开始核实(&S)"), None),
    (Step.VERIFY, QT_TRANSLATE_NOOP("ComplaintDetail", "核实结果(&V)…"), VerifyDialog),
    (Step.TRANSFER, QT_TRANSLATE_NOOP("ComplaintDetail", "转派(&T)…"), TransferDialog),
    (Step.TAKE_BACK, QT_TRANSLATE_NOOP("ComplaintDetail", "收回(&B)…"), TakeBackDialog),
    (Step.NOTE_PROGRESS, QT_TRANSLATE_NOOP("ComplaintDetail", "进展说明(&G)…"), ProgressDialog),
    (Step.REPLY, QT_TRANSLATE_NOOP("ComplaintDetail", "答复客户(&R)…"), ReplyDialog),
    (Step.CALL_BACK, QT_TRANSLATE_NOOP("ComplaintDetail", "回访(&C)…"), CallbackDialog),
    (Step.CLOSE, QT_TRANSLATE_NOOP("ComplaintDetail", "归档(&A)"), None),
    (Step.UPGRADE, QT_TRANSLATE_NOOP("ComplaintDetail", "升级(&U)…"), UpgradeDialog),
    (Step.LINK_INCIDENT, QT_TRANSLATE_NOOP("ComplaintDetail", "关联事件(&I)…"), LinkIncidentDialog),
]

STEP_DONE = {
    Step.START_VERIFICATION: QT_TRANSLATE_NOOP("ComplaintDetail", "已开始核实"),
    Step.VERIFY: QT_TRANSLATE_NOOP("ComplaintDetail", "已记录核实结果"),
    Step.TRANSFER: QT_TRANSLATE_NOOP("ComplaintDetail", "已转派"),
    Step.TAKE_BACK: QT_TRANSLATE_NOOP("ComplaintDetail", "已收回"),
    Step.NOTE_PROGRESS: QT_TRANSLATE_NOOP("ComplaintDetail", "已记录进展说明"),
    Step.REPLY: QT_TRANSLATE_NOOP("ComplaintDetail", "已记录对客户的答复"),
    Step.CALL_BACK: QT_TRANSLATE_NOOP("ComplaintDetail", "已记录回访"),
    Step.CLOSE: QT_TRANSLATE_NOOP("ComplaintDetail", "已归档"),
    Step.UPGRADE: QT_TRANSLATE_NOOP("ComplaintDetail", "已升级为升级投诉"),
    Step.LINK_INCIDENT: QT_TRANSLATE_NOOP("ComplaintDetail", "已关联重大批量投诉"),
}

HANDLER_KIND_TEXT = {
    "department": QT_TRANSLATE_NOOP("ComplaintDetail", "部门"),
    "head_office": QT_TRANSLATE_NOOP("ComplaintDetail", "总部"),
    "staff": QT_TRANSLATE_NOOP("ComplaintDetail", "同事"),
}


LATE_REPLY_TEXT = {
    "补录": QT_TRANSLATE_NOOP("ComplaintDetail", "补录"),
    "店长已确认": QT_TRANSLATE_NOOP("ComplaintDetail", "补录·店长已确认"),
    "总部已认可": QT_TRANSLATE_NOOP("ComplaintDetail", "补录·总部已认可"),
}


def late_reply_text(late_reply: str) -> str:
    """Issue 20: how a 补录 reply is marked wherever the complaint is shown."""
    return translate("ComplaintDetail", LATE_REPLY_TEXT.get(late_reply, late_reply))


def deadline_text(row: ComplaintView) -> str:
    """The reply deadline, 估 when estimated, 已更正 with the estimate beside it (issue 20)."""
    due = format_local(row.reply_due)
    if row.reply_due_estimate is not None:
        return translate("ComplaintDetail", "{due}（已更正，原估 {estimate}）").format(
            due=due, estimate=format_local(row.reply_due_estimate)
        )
    if row.reply_due_estimated:
        return translate("ComplaintDetail", "{due}（估）").format(due=due)
    return due


def _entry_marks(record: Any) -> str:
    """A reply's or callback's 补录 and quiet-hours marks (issue 20). ``record`` is any of the
    reply and callback rows: the marks' attributes are read where the row has them."""
    marks = ""
    if getattr(record, "late_entry", False):
        marks += translate("ComplaintDetail", "［补录，录入于 {at}：{reason}］").format(
            at=format_local(record.recorded_at), reason=record.late_reason
        )
    if getattr(record, "quiet_reason", ""):
        marks += translate("ComplaintDetail", "［夜间通话：{reason}，{note}］").format(
            reason=record.quiet_reason, note=record.quiet_note
        )
    planned = getattr(record, "planned_callback_at", None)
    if planned is not None:
        marks += translate("ComplaintDetail", "［约定回访 {at}］").format(at=format_local(planned))
    return marks


class ComplaintDetailDialog(QDialog):
    print_requested = Signal(str)  # complaint id
    changed = Signal(str)  # complaint id: a step was recorded (lists may refresh)
    refund_print_requested = Signal(str)  # refund id: print its 退费单

    def __init__(
        self,
        session: StaffSession,
        complaint_id: str,
        parent: QWidget | None = None,
        *,
        ctx: DeskContext | None = None,
    ) -> None:
        super().__init__(parent)
        if ctx is None:  # the main window holds the desk's context
            found = getattr(parent, "ctx", None)
            ctx = found if isinstance(found, DeskContext) else DeskContext()
        self.ctx = ctx
        self.session = session
        self.complaint_id = complaint_id
        self.row: ComplaintView = complaints.get_complaint(session, complaint_id)
        self.setMinimumWidth(560)
        fit_to_screen(self, 1000, 640)
        self._build()
        self.refresh()

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("detailHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)

        body = QHBoxLayout()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.summary_form = QFormLayout()
        self.summary_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        summary_body = QWidget()
        summary_body.setLayout(self.summary_form)
        summary = QScrollArea()
        summary.setWidgetResizable(True)
        summary.setFrameShape(QScrollArea.Shape.NoFrame)
        summary.setWidget(summary_body)
        self.tabs.addTab(summary, translate("ComplaintDetail", "概况"))
        self.records = QTextBrowser()
        self.records.setObjectName("handlingRecords")
        self.tabs.addTab(self.records, translate("ComplaintDetail", "处理记录"))
        self.refund_panel = RefundPanel(
            self.ctx, self.session, self.complaint_id, lambda d: self.open_step_dialog(d)
        )
        self.refund_panel.setObjectName("refundPanel")
        self.refund_panel.print_requested.connect(self.refund_print_requested)
        self.refund_panel.changed.connect(self._refund_changed)
        self.refund_tab = self.tabs.addTab(self.refund_panel, translate("ComplaintDetail", "退费"))
        self.timeline_view = TimelineView()
        self.tabs.addTab(self.timeline_view, translate("ComplaintDetail", "时间线"))
        body.addWidget(self.tabs, 1)

        actions = QVBoxLayout()
        actions.setSpacing(4)
        self.step_buttons: dict[Step, QPushButton] = {}
        for step, text, _factory in STEPS:
            button = QPushButton(_t(text))
            button.setObjectName(f"step_{step.value}")
            button.setAutoDefault(False)
            button.setMinimumWidth(120)
            button.clicked.connect(lambda _=False, s=step: self.run_step(s))
            actions.addWidget(button)
            self.step_buttons[step] = button
        actions.addSpacing(12)
        self.propose_refund_button = QPushButton(translate("ComplaintDetail", "申请退费(&F)…"))
        self.propose_refund_button.setObjectName("proposeRefund")
        self.propose_refund_button.setAutoDefault(False)
        self.propose_refund_button.setMinimumWidth(120)
        self.propose_refund_button.clicked.connect(self.propose_refund)
        actions.addWidget(self.propose_refund_button)
        self.write_case_button = QPushButton(translate("ComplaintDetail", "写成典型案例(&W)…"))
        self.write_case_button.setObjectName("writeTypicalCase")
        self.write_case_button.setAutoDefault(False)
        self.write_case_button.setMinimumWidth(120)
        self.write_case_button.clicked.connect(self.write_typical_case)
        actions.addWidget(self.write_case_button)
        actions.addStretch(1)
        body.addLayout(actions)
        layout.addLayout(body, 1)

        # issue 20: a media complaint's instruction, and who reported it to 综合部
        media_row = QHBoxLayout()
        self.media_notice = QLabel()
        self.media_notice.setObjectName("mediaNotice")
        self.media_notice.setWordWrap(True)
        self.media_notice.setStyleSheet(f"color: {style.ERROR_STRONG}; font-weight: bold")
        media_row.addWidget(self.media_notice, 1)
        self.media_report_button = QPushButton(translate("ComplaintDetail", "已电话报告综合部"))
        self.media_report_button.setObjectName("mediaReported")
        self.media_report_button.setAutoDefault(False)
        self.media_report_button.clicked.connect(self.record_media_report)
        media_row.addWidget(self.media_report_button)
        self.confirm_late_button = QPushButton(translate("ComplaintDetail", "店长确认补录时间…"))
        self.confirm_late_button.setObjectName("confirmLateReply")
        self.confirm_late_button.setAutoDefault(False)
        self.confirm_late_button.clicked.connect(self.confirm_late_reply)
        media_row.addWidget(self.confirm_late_button)
        layout.addLayout(media_row)

        self.message = QLabel()
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            translate("ComplaintDetail", "关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.print_button = buttons.addButton(
            translate("ComplaintDetail", "打印回执(&P)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.complaint_id))
        self.refresh_button = buttons.addButton(
            translate("ComplaintDetail", "刷新"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self._safe_refresh)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # ----------------------------------------------------------------- showing
    def refresh(self) -> None:
        """Read the complaint again (after a step, or a pulled reply) and show it."""
        self.row = complaints.get_complaint(self.session, self.complaint_id)
        row = self.row
        self.setWindowTitle(translate("ComplaintDetail", "投诉 {number}").format(number=row.number))
        self.incident_numbers = {i.id: i.number for i in incidents.list_incidents(open_only=False)}
        self.header.setText(self._header_html(row))
        self._fill_summary(row)
        self.records.setHtml(self._records_html(row))
        self.timeline_view.show_entries(timeline(self.session, row.id), self.incident_numbers)
        self.refund_panel.refresh()
        self._update_buttons(row)
        self._show_issue20(row)

    # ----------------------------------------------------------------- issue 20
    def _show_issue20(self, row: ComplaintView) -> None:
        """A media complaint: the instruction (综合部's number from the policy, no statements)
        and who reported it; a 补录 reply a store manager may confirm."""
        text = ""
        if row.media:
            text = media_instruction(self.ctx.policy.general_office_phone)
            if row.media_reported_at is not None:
                text += translate("ComplaintDetail", "\n已由 {who} 于 {at} 报告综合部。").format(
                    who=row.media_reported_by, at=format_local(row.media_reported_at)
                )
        self.media_notice.setText(text)
        self.media_notice.setVisible(bool(text))
        self.media_report_button.setVisible(bool(row.media) and row.media_reported_at is None)
        may_confirm = row.late_reply == LATE_ENTRY and may(
            self.session.role, Permission.CONFIRM_LATE_REPLY
        )
        self.confirm_late_button.setVisible(may_confirm)

    def record_media_report(self) -> None:
        try:
            lifecycle.record_media_report(self.ctx, self.session, self.complaint_id)
        except DomainError as error:
            self.show_message(error_text(error), error=True)
            return
        self.refresh()
        self.changed.emit(self.complaint_id)

    def confirm_late_reply(self) -> None:
        note, ok = QInputDialog.getText(
            self,
            translate("ComplaintDetail", "确认补录答复的时间"),
            translate("ComplaintDetail", "核对了什么（如短信平台发送记录）："),
        )
        if not ok:
            return
        try:
            lifecycle.confirm_late_reply(self.ctx, self.session, self.complaint_id, note=note)
        except DomainError as error:
            self.show_message(error_text(error), error=True)
            return
        self.refresh()
        self.changed.emit(self.complaint_id)

    def flags(self, row: ComplaintView) -> list[str]:
        flags = [
            text
            for text, on in (
                (translate("ComplaintDetail", "重复投诉"), row.repeat),
                (translate("ComplaintDetail", "重要投诉"), row.important),
                (translate("ComplaintDetail", "升级投诉"), row.escalated),
                (translate("ComplaintDetail", "不满意"), row.dissatisfied),
                (translate("ComplaintDetail", "媒体"), row.media),
                (late_reply_text(row.late_reply), bool(row.late_reply)),  # issue 20
            )
            if on
        ]
        if row.incident_id:
            flags.append(
                translate("ComplaintDetail", "重大批量投诉 {number}")
                .format(number=self.incident_numbers.get(row.incident_id, ""))
                .strip()
            )
        return flags

    def handler_text(self, row: ComplaintView) -> str:
        if not row.handler_kind:
            return translate("ComplaintDetail", "首问责任人（未转派）")
        kind = _t(HANDLER_KIND_TEXT.get(row.handler_kind, row.handler_kind))
        name = with_number(row.handler_name, row.handler_no) if row.handler_no else row.handler_name
        back = (
            ""
            if row.state == ComplaintState.TRANSFERRED.value
            else translate("ComplaintDetail", "（已收回）")
        )
        return labelled(kind, name + back)

    def _header_html(self, row: ComplaintView) -> str:
        state_colour = style.OK if row.state in ("已答复", "已回访", "已归档") else style.INFO
        chips = "".join(
            f"<span style='background:{style.ERROR_STRONG}; color:{style.ON_STRONG}'>"
            f"&nbsp;{html.escape(f)}&nbsp;</span> "
            for f in self.flags(row)
        )
        promised = format_local(row.promised_at) if row.promised_at else "—"
        state = f"<b style='color:{state_colour}'>{html.escape(term(row.state))}</b>"
        customer = with_number(html.escape(row.customer_name), html.escape(mask_phone(row.phone)))
        first = with_number(
            html.escape(row.first_responder_name), html.escape(row.first_responder_no)
        )
        sep = "&nbsp;·&nbsp;"
        handler = html.escape(self.handler_text(row))
        return (
            f"<span style='font-size:{style.LARGE_PX}px'><b>{html.escape(row.number)}</b></span>"
            "&nbsp;&nbsp;"
            + labelled(translate("ComplaintDetail", "状态"), state)
            + f"&nbsp;&nbsp;{chips}<br>"
            + customer
            + sep
            + labelled(translate("ComplaintDetail", "首问责任人"), first)
            + sep
            + labelled(translate("ComplaintDetail", "当前处理"), handler)
            + "<br>"
            + labelled(translate("ComplaintDetail", "答复时限"), html.escape(deadline_text(row)))
            + sep
            + labelled(translate("ComplaintDetail", "承诺客户"), promised)
            + sep
            + labelled(translate("ComplaintDetail", "管局15天"), format_local(row.regulator_due))
        )

    def summary_rows(self, row: ComplaintView) -> list[tuple[str, str]]:
        amount = complaints.amount_of(row)
        verification = "—"
        if row.verification:
            verification = translate("ComplaintDetail", "{holds}，责任方：{whose}").format(
                holds=term(row.verification), whose=term(row.responsibility) or "—"
            )
            if row.verification_note:
                verification += "\n" + mask_phones(row.verification_note)
        rows = [
            (translate("ComplaintDetail", "投诉编号"), row.number),
            (translate("ComplaintDetail", "状态"), term(row.state)),
            (translate("ComplaintDetail", "核实结果"), verification),
            (translate("ComplaintDetail", "当前处理"), self.handler_text(row)),
            (translate("ComplaintDetail", "承诺客户时间"), format_local(row.promised_at) or "—"),
            (translate("ComplaintDetail", "回访满意度"), term(row.satisfaction) or "—"),
            (
                translate("ComplaintDetail", "客户"),
                translate("ComplaintDetail", "{name}（{phone}，{tier}）").format(
                    name=row.customer_name, phone=mask_phone(row.phone), tier=term(row.tier)
                ),
            ),
            (translate("ComplaintDetail", "受理渠道"), term(row.channel)),
            (
                translate("ComplaintDetail", "分类"),
                translate("ComplaintDetail", "{main} / {sub}（{regulator}）").format(
                    main=term(row.main_class),
                    sub=term(row.sub_class),
                    regulator=term(row.regulator_class),
                ),
            ),
            (
                translate("ComplaintDetail", "发生时间/地点"),
                f"{format_local(row.occurred_at)} {row.place}".strip() or "—",
            ),
            (
                translate("ComplaintDetail", "涉及金额"),
                format_yuan(amount) if amount is not None else "—",
            ),
            (translate("ComplaintDetail", "问题描述"), mask_phones(row.description)),
            (translate("ComplaintDetail", "客户诉求"), mask_phones(row.customer_request)),
            (translate("ComplaintDetail", "网络紧急程度"), term(row.network_urgency) or "—"),
            (
                translate("ComplaintDetail", "越级去向"),
                " ".join(x for x in (term(row.escalation_source), row.escalation_reference) if x)
                or "—",
            ),
            (translate("ComplaintDetail", "升级倾向"), term(row.escalation_tendency)),
            (translate("ComplaintDetail", "标记"), listing(self.flags(row)) or "—"),
            (
                translate("ComplaintDetail", "首问责任人"),
                with_number(row.first_responder_name, row.first_responder_no),
            ),
            (translate("ComplaintDetail", "受理台席"), row.desk_code),
            (translate("ComplaintDetail", "受理时间"), format_local(row.accepted_at)),
            (translate("ComplaintDetail", "答复时限"), deadline_text(row)),
            (translate("ComplaintDetail", "管局15天时限"), format_local(row.regulator_due)),
            (
                translate("ComplaintDetail", "首次答复客户"),
                (format_local(row.replied_at) or "—")
                + (
                    translate("ComplaintDetail", "（{mark}，计时按录入 {at}）").format(
                        mark=late_reply_text(row.late_reply),
                        at=format_local(row.reply_counted_at),
                    )
                    if row.late_reply and row.reply_counted_at != row.replied_at
                    else ""
                ),
            ),
            (translate("ComplaintDetail", "归档时间"), format_local(row.closed_at) or "—"),
        ]
        earlier = complaints.repeat_links(row.id)
        if earlier:
            # right under 状态, above the fold at 768 (issue 19: it was the last line)
            rows.insert(
                2,
                (
                    translate("ComplaintDetail", "关联的前次投诉"),
                    "\n".join(
                        translate("ComplaintDetail", "{number}（{accepted}，{sub}）").format(
                            number=e.number,
                            accepted=format_local(e.accepted_at),
                            sub=term(e.sub_class),
                        )
                        for e in earlier
                    ),
                ),
            )
        return rows

    def _fill_summary(self, row: ComplaintView) -> None:
        while self.summary_form.rowCount():
            self.summary_form.removeRow(0)
        for label, value in self.summary_rows(row):
            text = QLabel(value)
            text.setTextFormat(Qt.TextFormat.PlainText)  # user text: never read as markup
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary_form.addRow(labelled(label), text)

    def _records_html(self, row: ComplaintView) -> str:
        def section(title: str, items: list[str]) -> str:
            body = "".join(f"<li>{mask_phones(html.escape(i))}</li>" for i in items)
            return f"<h4 style='margin:6px 0 2px 0'>{html.escape(title)}</h4>" + (
                f"<ul style='margin-top:0'>{body}</ul>"
                if items
                else f"<p style='color:{style.MUTED}; margin:0 0 4px 16px'>"
                + translate("ComplaintDetail", "无")
                + "</p>"
            )

        replies = [
            translate("ComplaintDetail", "{at} {method}，{who}（{no}）：{content}").format(
                at=format_local(r.replied_at),
                method=term(r.method),
                who=r.staff_name,
                no=r.staff_no,
                content=r.content,
            )
            + _entry_marks(r)
            for r in lifecycle.customer_replies(row.id)
        ]
        hq = [
            translate("ComplaintDetail", "{at} 总部 {operator}：{reply}").format(
                at=format_local(r.replied_at), operator=r.operator, reply=r.reply
            )
            for r in complaints.head_office_replies(self.session, row.id)
        ]
        calls = [
            translate("ComplaintDetail", "{at} {satisfaction}{reason}，{who}（{no}）").format(
                at=format_local(c.called_at),
                satisfaction=term(c.satisfaction),
                reason=f"：{c.reason}" if c.reason else "",
                who=c.staff_name,
                no=c.staff_no,
            )
            + _entry_marks(c)
            for c in lifecycle.callbacks(row.id)
        ]
        notes = [
            translate(
                "ComplaintDetail", "{at} 告知客户：{text}；承诺 {promised}，{who}（{no}）"
            ).format(
                at=format_local(n.recorded_at),
                text=n.told_customer,
                promised=format_local(n.promised_at),
                who=n.staff_name,
                no=n.staff_no,
            )
            for n in lifecycle.progress_notes(row.id)
        ]
        moves = [
            translate("ComplaintDetail", "{at} 转派至{kind} {name}：{note}（{who}）").format(
                at=format_local(t.recorded_at),
                kind=_t(HANDLER_KIND_TEXT.get(t.to_kind, t.to_kind)),
                name=t.to_name + (f"（{t.to_no}）" if t.to_no else ""),
                note=t.note,
                who=t.staff_name,
            )
            for t in lifecycle.transfers(row.id)
        ]
        return "".join(
            [
                section(translate("ComplaintDetail", "答复客户"), replies),
                section(translate("ComplaintDetail", "总部答复"), hq),
                section(translate("ComplaintDetail", "回访"), calls),
                section(translate("ComplaintDetail", "进展说明"), notes),
                section(translate("ComplaintDetail", "转派"), moves),
            ]
        )

    # ----------------------------------------------------------------- steps
    def why_not(self, step: Step) -> str:
        """Why ``step`` cannot be taken now ('' when it can)."""
        row = self.row
        if not lifecycle.may_act_on(self.session, row):
            return error_text(DomainError(lifecycle.NOT_YOURS))
        if row.desk_code != require_desk().desk_code:
            return error_text(DomainError(lifecycle.OTHER_DESK, desk=row.desk_code))
        state = ComplaintState(row.state)
        if step not in allowed_steps(state):
            try:
                transition(state, step, satisfaction=Satisfaction.SATISFIED)
            except StepRefused as refused:
                return error_text(refused)
            return translate("ComplaintDetail", "当前状态不能执行此步骤")
        if step is Step.LINK_INCIDENT and not incidents.list_incidents():
            return error_text(DomainError("incident.none_open"))
        return ""

    def why_no_refund(self) -> str:
        """Why a refund cannot be proposed on this complaint now ('' when it can)."""
        row = self.row
        if not lifecycle.may_act_on(self.session, row):
            return error_text(DomainError(lifecycle.NOT_YOURS))
        if row.desk_code != require_desk().desk_code:
            return error_text(DomainError(lifecycle.OTHER_DESK, desk=row.desk_code))
        if row.state == ComplaintState.CLOSED.value:
            return error_text(DomainError("refund.complaint_closed", number=row.number))
        return ""

    def _update_buttons(self, row: ComplaintView) -> None:
        for step, button in self.step_buttons.items():
            why = self.why_not(step)
            button.setEnabled(not why)
            button.setToolTip(why)
        why = self.why_no_refund()
        self.propose_refund_button.setEnabled(not why)
        self.propose_refund_button.setToolTip(
            why or translate("ComplaintDetail", "先确认，后退费：核实争议费用后申请退费")
        )
        why = self.why_no_typical_case()
        self.write_case_button.setEnabled(not why)
        self.write_case_button.setToolTip(
            why or translate("ComplaintDetail", "把这件投诉写成典型案例，供全厅学习")
        )

    # ----------------------------------------------------------------- refunds
    def propose_refund(self) -> bool:
        """申请退费…: the proposal dialog; the 退费 tab then shows the new refund."""
        dialog = ProposeRefundDialog(self.ctx, self.session, self.row, self)
        accepted = self.open_step_dialog(dialog)
        view = dialog.result_value
        dialog.deleteLater()
        if not accepted or view is None:
            return False
        self.tabs.setCurrentIndex(self.refund_tab)
        self._refund_changed(view.id, outcome_text(view))
        return True

    # ----------------------------------------------------------------- 典型案例库
    def why_no_typical_case(self) -> str:
        """Why this complaint cannot be written up now ('' when it can): closed, its handler, once."""
        try:
            typical_cases.check_write_up(self.session, self.complaint_id)
        except DomainError as error:
            return error_text(error)
        return ""

    def write_typical_case(self) -> bool:
        """写成典型案例…: the write-up form (:mod:`hall_desk.ui.typical_cases`)."""
        dialog = TypicalCaseDialog(
            self.ctx, self.session, complaint_id=self.complaint_id, parent=self
        )
        accepted = self.open_step_dialog(dialog)
        dialog.deleteLater()
        if not accepted:
            return False
        self._safe_refresh()
        self.show_message(translate("ComplaintDetail", "已写成典型案例，可在“典型案例库”中查看"))
        return True

    def _refund_changed(self, refund_id: str, message: str) -> None:
        self._safe_refresh()
        self.refund_panel.refresh(refund_id)
        self.show_message(message)
        self.changed.emit(self.complaint_id)

    def open_step_dialog(self, dialog: QDialog) -> bool:
        """Show a step's dialog modally; tests replace this to type into it themselves."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask_close(self) -> bool:
        """归档 is final: confirm. Tests replace this."""
        answer = QMessageBox.question(
            self,
            translate("ComplaintDetail", "归档"),
            translate("ComplaintDetail", "归档后该投诉不能再修改。确认归档 {number} 吗？").format(
                number=self.row.number
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _direct(self, step: Step) -> Callable[[], object] | None:
        if step is Step.START_VERIFICATION:
            return lambda: lifecycle.start_verification(self.ctx, self.session, self.complaint_id)
        if step is Step.CLOSE:
            if not self.ask_close():
                return None
            return lambda: lifecycle.close(self.ctx, self.session, self.complaint_id)
        return None

    def run_step(self, step: Step) -> bool:
        """Take ``step``: through its dialog, or at once for a step without fields."""
        factory = next(f for s, _text, f in STEPS if s is step)
        if factory is None:
            action = self._direct(step)
            if action is None:
                return False
            try:
                action()
            except DomainError as error:
                self.show_message(error_text(error), error=True)
                self._safe_refresh()
                return False
        else:
            dialog = factory(self.ctx, self.session, self.row, self)
            accepted = self.open_step_dialog(dialog)
            dialog.deleteLater()
            if not accepted:
                return False
        self.refresh()
        self.show_message(_t(STEP_DONE[step]))
        self.changed.emit(self.complaint_id)
        return True

    def _safe_refresh(self) -> None:
        with contextlib.suppress(DomainError):
            self.refresh()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(style.banner(error=error))
        self.message.setText(text)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisibleTo(self) else ""
