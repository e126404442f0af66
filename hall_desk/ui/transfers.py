"""过户 at the counter around the wizard (issue 7): 过户记录 (the desk's transfers, searched by
number; a transfer 填写中 resumes the wizard, a completed one shows its documents), the documents
of a completed transfer — each verified when opened, a changed file said loudly —, the store
manager's approval of a 特殊过户 on invoices alone, and the small helpers the wizard shares
(:mod:`hall_desk.ui.transfer_wizard`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import APPROVAL_ROLE, TRANSFER_RETENTION, TransferState
from hall_desk.services import transfers
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import NEW_CONTRACT_REMINDER, TransferView
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import FieldErrors
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.lifecycle_dialogs import StepDialog, line, text_box
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import term
from hall_desk.ui.widgets import ReadOnlyTable

log = logging.getLogger(__name__)


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Transfers", text)


OpenDialog = Callable[[QDialog], bool]
OpenPreview = Callable[[QDialog], None]

NEW_CONTRACT_REMINDER_TEXT = QT_TRANSLATE_NOOP(
    "Transfers", "请新机主另行签署新的《入网协议》。"
)  # = NEW_CONTRACT_REMINDER
ALTERED_WARNING = QT_TRANSLATE_NOOP("Transfers", "文件已被改动，与办理时保存的不一致，不可作为凭证")
REMINDER_STYLE = style.REMINDER_BOX
OK_STYLE = style.OK_BANNER
WARN_STYLE = style.ALARM_BOX


def exec_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_modal(dialog: QDialog) -> None:
    dialog.exec()


@contextmanager
def busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def media_label(media_type: str) -> str:
    return {
        "image/jpeg": translate("Transfers", "JPEG 图片"),
        "image/png": translate("Transfers", "PNG 图片"),
        "application/pdf": "PDF",
    }.get(media_type, media_type)


def table(columns: tuple[str, ...], name: str) -> ReadOnlyTable:
    return ReadOnlyTable([_t(c) for c in columns], name, min_width=72)


def button(text: str, name: str) -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    return widget


def message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


# -- the store manager's approval of "invoices only" ---------------------------------------------


class ExceptionalApprovalDialog(StepDialog):
    """店长审批: the store manager types their staff number and password, the written reason and
    confirms the extra checks (recent usage, plan details)."""

    ALIASES: ClassVar[dict[str, str]] = {
        "approval.approver_staff_no": "approver_no",
        "approval.reason": "reason",
        "approval": "recent_usage_checked",
        "staff_no": "approver_no",
    }

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        view: TransferView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            translate("Transfers", "店长审批 — 仅凭充值发票办理（{number}）").format(
                number=view.number
            ),
            parent,
        )
        self.ctx = ctx
        self.session = session
        self.transfer_id = view.id
        self.setMinimumWidth(560)
        self.field_errors = FieldErrors(
            self.error_label,
            self.widget_for,
            {
                "approver_no": translate("Transfers", "店长工号"),
                "password": translate("Transfers", "密码"),
                "reason": translate("Transfers", "书面理由"),
                "approval.reason": translate("Transfers", "书面理由"),
                "approval.approver_staff_no": translate("Transfers", "店长工号"),
                "approval": translate("Transfers", "核查"),
            },
        )
        self.set_intro(
            translate(
                "Transfers",
                "仅凭充值发票原则上不予办理特殊过户。店长核查客户近期使用记录和套餐信息后，"
                "可按例外程序批准，并写明理由。店长本人在本机输入工号和密码确认身份。",
            )
        )
        self.approver_no = line("approver_no", translate("Transfers", "店长工号"))
        self.approver_no.setMaxLength(20)
        self.add_row(translate("Transfers", "店长工号(&N)"), self.approver_no)
        self.password = line("password", translate("Transfers", "店长密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_row(translate("Transfers", "密码(&P)"), self.password)
        self.reason = text_box("reason", translate("Transfers", "为何按例外程序办理（必填）"), 64)
        self.add_row(translate("Transfers", "书面理由(&R)"), self.reason)
        self.recent_usage = QCheckBox(translate("Transfers", "已核查近期使用记录（通话/上网）"))
        self.recent_usage.setObjectName("recent_usage_checked")
        self.add_row("", self.recent_usage)
        self.plan = QCheckBox(translate("Transfers", "已核查套餐信息"))
        self.plan.setObjectName("plan_checked")
        self.add_row("", self.plan)
        self.save_button.setText(translate("Transfers", "批准 (Ctrl+Enter)"))

    def widget_for(self, field: str | None) -> QWidget | None:
        return super().widget_for(self.ALIASES.get(field or "", field))

    def save(self) -> TransferView:
        try:
            return transfers.approve_exceptional(
                self.ctx,
                self.session,
                self.transfer_id,
                approver_no=self.approver_no.text(),
                approver_password=self.password.text(),
                reason=self.reason.toPlainText(),
                recent_usage_checked=self.recent_usage.isChecked(),
                plan_checked=self.plan.isChecked(),
            )
        except DomainError as error:
            if error.code.startswith("auth.") or error.code == APPROVAL_ROLE:
                self.password.clear()  # another try, or another person
            raise


# -- the documents of a completed transfer --------------------------------------------------------


class DocumentsPanel(QWidget):
    """The agreements of a completed transfer: each verified when opened (a file changed since it
    was made is said loudly), then previewed and printed; the retention line and the reminder."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        open_preview: OpenPreview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.open_preview = open_preview
        self.view: TransferView | None = None
        layout = QVBoxLayout(self)
        self.heading = message_label("transferDoneHeading")
        self.heading.setStyleSheet(style.heading(style.OK))
        layout.addWidget(self.heading)
        self.reminder = QLabel(_t(NEW_CONTRACT_REMINDER))
        self.reminder.setObjectName("doneReminder")
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet(REMINDER_STYLE)
        layout.addWidget(self.reminder)
        self.retention = message_label("retentionLine")
        self.retention.setStyleSheet(style.SECONDARY_TEXT)
        layout.addWidget(self.retention)
        self.table = table(
            (
                translate("Transfers", "文件"),
                translate("Transfers", "文件名"),
                translate("Transfers", "核验"),
            ),
            "transferDocuments",
        )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.setMaximumHeight(170)
        layout.addWidget(self.table)
        self.warning = message_label("documentWarning")
        self.warning.setStyleSheet(WARN_STYLE)
        self.warning.hide()
        layout.addWidget(self.warning)
        row = QHBoxLayout()
        self.open_button = button(translate("Transfers", "打开/打印(&O)…"), "openDocument")
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.checked: dict[str, transfers.OpenedDocument] = {}

    def show_transfer(self, view: TransferView) -> None:
        self.view = view
        self.checked.clear()
        self.warning.hide()
        if view.state is TransferState.COMPLETED:
            self.heading.setText(
                translate("Transfers", "过户已完成：{number}（{kind}，{phone}）　{at}").format(
                    number=view.number,
                    kind=view.kind.value,
                    phone=view.masked_phone,
                    at=format_local(view.completed_at),
                )
            )
            self.heading.setStyleSheet(style.heading(style.OK))
        else:
            self.heading.setText(
                translate("Transfers", "{number}：{state}").format(
                    number=view.number, state=term(view.state)
                )
            )
            self.heading.setStyleSheet(style.heading(style.MUTED))
        self.reminder.setVisible(view.state is TransferState.COMPLETED)
        years = self.ctx.policy.paper_retention_years[TRANSFER_RETENTION]
        self.retention.setText(
            translate(
                "Transfers",
                "过户协议属基础业务档案：纸质协议（营业厅留存联）保存 {years} 年，至 {until}；"
                "电子文件长期保存，并上传总部。",
            ).format(years=years, until=view.paper_kept_until or "—")
            if view.state is TransferState.COMPLETED
            else ""
        )
        self.table.setRowCount(len(view.documents))
        for row, document in enumerate(view.documents):
            for column, text in enumerate(
                (document.title, document.name, translate("Transfers", "打开时核验"))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if view.documents:
            self.table.selectRow(0)
        self.open_button.setEnabled(bool(view.documents))

    def open_selected(self) -> transfers.OpenedDocument | None:
        row = self.table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.documents):
            return None
        return self.open_document(self.view.documents[row].role)

    def open_document(self, role: str) -> transfers.OpenedDocument | None:
        assert self.view is not None
        try:
            with busy():
                opened = transfers.open_document(self.ctx, self.session, self.view.id, role)
        except DomainError as error:
            self.warning.setText(error_text(error))
            self.warning.show()
            return None
        self.checked[role] = opened
        row = next(i for i, d in enumerate(self.view.documents) if d.role == role)
        item = QTableWidgetItem(
            translate("Transfers", "✔ 完好")
            if opened.ok
            else translate("Transfers", "⚠ 已被改动，不可作为凭证")
        )
        item.setForeground(style.qcolor(style.OK if opened.ok else style.ERROR_STRONG))
        self.table.setItem(row, 2, item)
        if opened.ok:
            self.warning.hide()
        else:
            self.warning.setText(self.altered_text(opened))
            self.warning.show()
        if opened.pdf:
            self.preview(opened)
        return opened

    def altered_text(self, opened: transfers.OpenedDocument) -> str:
        text = translate("Transfers", "⚠ {title}：{warning}。").format(
            title=opened.title, warning=_t(ALTERED_WARNING)
        )
        if opened.code != "document.altered":
            text += "\n" + error_text(DomainError(opened.code))
        return text

    def preview(self, opened: transfers.OpenedDocument) -> None:
        from hall_desk.ui.print_preview import PrintPreviewDialog  # QtPdf: loaded on first use

        title = opened.title if opened.ok else f"{opened.title} — {_t(ALTERED_WARNING)}"
        dialog = PrintPreviewDialog(opened.pdf, title, self.window())
        if not opened.ok:
            banner = QLabel(self.altered_text(opened))
            banner.setObjectName("previewAlteredWarning")
            banner.setWordWrap(True)
            banner.setStyleSheet(WARN_STYLE)
            layout = dialog.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, banner)
        self.open_preview(dialog)


class TransferDocumentsDialog(QDialog):
    """A completed (or abandoned) transfer from 过户记录: its documents, verified on opening."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        transfer_id: str,
        open_preview: OpenPreview = show_modal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        view = transfers.get_transfer(ctx, session, transfer_id)
        self.setWindowTitle(translate("Transfers", "过户 {number}").format(number=view.number))
        fit_to_screen(self, 820, 520)
        layout = QVBoxLayout(self)
        self.panel = DocumentsPanel(ctx, session, open_preview)
        self.panel.show_transfer(view)
        layout.addWidget(self.panel, 1)
        close = button(translate("Transfers", "关闭"), "closeDocuments")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)


class ImageViewer(QDialog):
    """An evidence photo or scan, scaled to fit."""

    def __init__(self, name: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        fit_to_screen(self, 820, 640)
        layout = QVBoxLayout(self)
        area = QScrollArea()
        area.setWidgetResizable(True)
        label = QLabel()
        label.setObjectName("evidenceImage")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            label.setPixmap(
                pixmap.scaled(
                    780,
                    560,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            label.setText(translate("Transfers", "无法显示该图片"))
        area.setWidget(label)
        layout.addWidget(area)
        close = button(translate("Transfers", "关闭"), "closeImage")
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


# -- 过户记录 ---------------------------------------------------------------------------------------

STATE_COLOURS = {
    TransferState.FILLING: style.WARNING,
    TransferState.COMPLETED: style.OK,
    TransferState.ABANDONED: style.MUTED,
}


class TransferListDialog(QDialog):
    """过户记录: the desk's newest transfers (号码 masked), searched by number. 打开 resumes the
    wizard for one 填写中 and shows the documents of one 已完成 (verified when opened)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Transfers", "编号"),
        QT_TRANSLATE_NOOP("Transfers", "类型"),
        QT_TRANSLATE_NOOP("Transfers", "状态"),
        QT_TRANSLATE_NOOP("Transfers", "号码"),
        QT_TRANSLATE_NOOP("Transfers", "新机主"),
        QT_TRANSLATE_NOOP("Transfers", "经办"),
        QT_TRANSLATE_NOOP("Transfers", "创建时间"),
    )

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        open_wizard: Callable[[str | None], None],
        open_preview: OpenPreview = show_modal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.open_wizard = open_wizard
        self.open_preview = open_preview
        self.views: list[TransferView] = []
        self.setWindowTitle(translate("Transfers", "过户记录"))
        fit_to_screen(self, 900, 520)
        layout = QVBoxLayout(self)
        search = QHBoxLayout()
        label = QLabel(translate("Transfers", "按号码查找(&S)"))
        self.search = line("transferSearch", translate("Transfers", "手机号码或其中几位"))
        self.search.setMaxLength(20)
        label.setBuddy(self.search)
        search.addWidget(label)
        search.addWidget(self.search, 1)
        layout.addLayout(search)
        self.table = table(self.COLUMNS, "transferList")
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        self.count = message_label("transferCount")
        layout.addWidget(self.count)
        row = QHBoxLayout()
        self.new_button = button(translate("Transfers", "办理过户(&N)…"), "newTransfer")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(lambda: self._wizard(None))
        self.open_button = button(translate("Transfers", "打开(&O)"), "openTransfer")
        self.open_button.clicked.connect(self.open_selected)
        close = button(translate("Transfers", "关闭"), "closeTransfers")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row.addWidget(self.new_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.returnPressed.connect(self.open_selected)
        self.refresh()
        self.search.setFocus()

    def refresh(self, select_id: str = "") -> None:
        self.views = transfers.recent_transfers(self.ctx, self.session, phone=self.search.text())
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            cells = (
                view.number,
                term(view.kind),
                term(view.state),
                view.masked_phone,
                view.draft.new_owner.name
                if view.identity_readable
                else translate("Transfers", "（身份资料无法读取）"),
                view.created_by_name,
                format_local(view.created_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setForeground(QColor(STATE_COLOURS[view.state]))
                self.table.setItem(row, column, item)
        if self.views:
            index = next((i for i, v in enumerate(self.views) if v.id == select_id), 0)
            self.table.selectRow(index)
        self.open_button.setEnabled(bool(self.views))
        self.count.setText(
            translate("Transfers", "共 {n} 笔").format(n=len(self.views))
            if self.views
            else translate("Transfers", "没有找到过户记录")
        )

    def current_view(self) -> TransferView | None:
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def open_selected(self) -> None:
        view = self.current_view()
        if view is None:
            return
        if view.state is TransferState.FILLING:
            self._wizard(view.id)
            return
        self.open_documents(
            TransferDocumentsDialog(self.ctx, self.session, view.id, self.open_preview, self)
        )
        self.refresh(view.id)

    def _wizard(self, transfer_id: str | None) -> None:
        self.open_wizard(transfer_id)
        self.refresh(transfer_id or "")

    def open_documents(self, dialog: QDialog) -> None:
        """Shows a completed transfer's documents modally; tests replace it."""
        dialog.exec()
