"""Step 4 (特殊过户 only), 证明材料: SIM, service password, top-up invoices, scans and photos."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import TopUpInvoice, TransferKind, local_today
from hall_desk.services import transfers
from hall_desk.services.transfers import TransferView
from hall_desk.ui.transfer.common import StepPage, WizardHost, _t, focus_field, translate
from hall_desk.ui.transfers import ImageViewer, button, human_size, media_label, table

EVIDENCE_FILTER = QT_TRANSLATE_NOOP(
    "Transfers", "图片或 PDF (*.jpg *.jpeg *.png *.pdf *.JPG *.JPEG *.PNG *.PDF)"
)


class EvidenceStep(StepPage):
    """The proofs of a 特殊过户; files are attached to the saved transfer at once."""

    name = "evidence"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        policy = host.ctx.policy
        layout = self.titled(
            translate("Transfers", "证明材料（特殊过户）"),
            translate(
                "Transfers",
                "至少提供 {n} 项：SIM 卡可正常使用（柜台核验）、服务密码验证正确、近 {window} 个月内至少 "
                "{months} 个不同月份的充值发票（定额发票不计）。所有证明材料须扫描或拍照附在本笔过户中。",
            ).format(
                n=policy.transfer_min_proofs,
                window=policy.transfer_invoice_window_months,
                months=policy.transfer_invoice_min_months,
            ),
        )
        self.sim_working = QCheckBox(translate("Transfers", "SIM 卡可正常使用（已在柜台核验）(&S)"))
        self.sim_working.setObjectName("sim_working")
        self.password_verified = QCheckBox(translate("Transfers", "服务密码验证正确(&W)"))
        self.password_verified.setObjectName("password_verified")
        layout.addWidget(self.sim_working)
        layout.addWidget(self.password_verified)

        invoices = QGroupBox(translate("Transfers", "充值发票（每张一行）"))
        invoices_layout = QVBoxLayout(invoices)
        self.invoice_table = table(
            (translate("Transfers", "发票月份"), translate("Transfers", "定额发票（不计）")),
            "invoices",
        )
        self.invoice_table.setMinimumHeight(110)
        self.invoice_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.invoice_table.setColumnWidth(0, 180)
        self.invoice_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        invoices_layout.addWidget(self.invoice_table)
        buttons = QHBoxLayout()
        self.add_invoice_button = button(translate("Transfers", "添加发票(&I)"), "addInvoice")
        self.add_invoice_button.clicked.connect(lambda: self.add_invoice())
        self.remove_invoice_button = button(translate("Transfers", "删除发票"), "removeInvoice")
        self.remove_invoice_button.clicked.connect(self.remove_invoice)
        buttons.addWidget(self.add_invoice_button)
        buttons.addWidget(self.remove_invoice_button)
        buttons.addStretch(1)
        invoices_layout.addLayout(buttons)
        layout.addWidget(invoices)

        files = QGroupBox(
            translate("Transfers", "证明材料文件（扫描件或照片：JPEG、PNG、PDF，每份不超过 10 MB）")
        )
        files_layout = QVBoxLayout(files)
        self.files_table = table(
            (
                translate("Transfers", "文件名"),
                translate("Transfers", "类型"),
                translate("Transfers", "大小"),
                translate("Transfers", "添加时间"),
            ),
            "evidence_files",
        )
        self.files_table.setMinimumHeight(110)
        self.files_table.doubleClicked.connect(lambda _index: self.view_evidence())
        files_layout.addWidget(self.files_table)
        buttons = QHBoxLayout()
        self.add_file_button = button(translate("Transfers", "添加文件(&F)…"), "addEvidence")
        self.add_file_button.clicked.connect(self.add_evidence)
        self.view_file_button = button(translate("Transfers", "查看(&V)"), "viewEvidence")
        self.view_file_button.clicked.connect(self.view_evidence)
        self.remove_file_button = button(translate("Transfers", "移除(&R)"), "removeEvidence")
        self.remove_file_button.clicked.connect(self.remove_evidence)
        for widget in (self.add_file_button, self.view_file_button, self.remove_file_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        files_layout.addLayout(buttons)
        layout.addWidget(files)
        layout.addStretch(1)

    # -- invoices
    def add_invoice(self, month: date | None = None, fixed_value: bool = False) -> None:
        row = self.invoice_table.rowCount()
        self.invoice_table.insertRow(row)
        today = local_today(self.host.ctx.clock.now())
        month = month or today.replace(day=1)
        edit = QDateEdit()
        edit.setObjectName(f"invoice_month_{row}")
        edit.setDisplayFormat("yyyy-MM")
        edit.setCalendarPopup(True)
        edit.setMaximumDate(QDate(today.year, today.month, 1))
        edit.setDate(QDate(month.year, month.month, 1))
        self.invoice_table.setCellWidget(row, 0, edit)
        check = QCheckBox(translate("Transfers", "定额发票"))
        check.setObjectName(f"invoice_fixed_{row}")
        check.setChecked(fixed_value)
        self.invoice_table.setCellWidget(row, 1, check)
        self.host.watch_keys(edit)
        self.host.watch_keys(check)
        self.invoice_table.selectRow(row)
        focus_field(edit)

    def _invoice_row(self, row: int) -> tuple[date, bool]:
        edit = self.invoice_table.cellWidget(row, 0)
        check = self.invoice_table.cellWidget(row, 1)
        assert isinstance(edit, QDateEdit) and isinstance(check, QCheckBox)
        picked = edit.date()
        return date(picked.year(), picked.month(), 1), check.isChecked()

    def invoices(self) -> list[TopUpInvoice]:
        return [
            TopUpInvoice(*self._invoice_row(row)) for row in range(self.invoice_table.rowCount())
        ]

    def remove_invoice(self) -> None:
        row = self.invoice_table.currentRow()
        if row < 0:
            row = self.invoice_table.rowCount() - 1
        if row >= 0:
            self.invoice_table.removeRow(row)

    # -- files
    def ask_evidence_files(self) -> list[str]:
        """The scans or photos to attach (the system file dialog; tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self.window(), translate("Transfers", "添加证明材料"), "", _t(str(EVIDENCE_FILTER))
        )
        return paths

    def add_evidence(self) -> None:
        host = self.host
        if host.view is None:
            return
        attached = 0
        for path in self.ask_evidence_files():
            name = Path(path).name
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                host.fail(
                    translate("Transfers", "无法读取文件“{name}”：{why}").format(
                        name=name, why=error.strerror or error
                    )
                )
                continue
            try:
                host.view = transfers.attach_evidence(
                    host.ctx, host.session, host.view.id, name, data
                )
            except DomainError as error:
                host.show_error(error)
                continue
            attached += 1
        if attached:
            host.clear_errors()
            host.say(translate("Transfers", "已添加 {n} 份证明材料。").format(n=attached))
        self.refresh()

    def _selected_file(self) -> transfers.FileView | None:
        row = self.files_table.currentRow()
        view = self.host.view
        if view is None or not 0 <= row < len(view.evidence_files):
            return None
        return view.evidence_files[row]

    def view_evidence(self) -> None:
        item = self._selected_file()
        view = self.host.view
        if item is None or view is None:
            return
        name, media_type, data = transfers.file_content(self.host.session, view.id, item.id)
        if media_type == "application/pdf":
            from hall_desk.ui.print_preview import PrintPreviewDialog

            self.host.open_print_preview(PrintPreviewDialog(data, name, self.window()))
        else:
            self.host.open_print_preview(ImageViewer(name, data, self.window()))

    def remove_evidence(self) -> None:
        host = self.host
        item = self._selected_file()
        if item is None or host.view is None:
            return
        try:
            host.view = transfers.remove_evidence(host.ctx, host.session, host.view.id, item.id)
        except DomainError as error:
            host.show_error(error)
            return
        host.say(
            translate("Transfers", "已移除“{name}”（文件仍留存备查）。").format(name=item.name)
        )
        self.refresh()

    # -- the page
    def refresh(self) -> None:
        view = self.host.view
        files = view.evidence_files if view is not None else []
        self.files_table.setRowCount(len(files))
        for row, item in enumerate(files):
            for column, text in enumerate(
                (
                    item.name,
                    media_label(item.media_type),
                    human_size(item.size),
                    format_local(item.added_at),
                )
            ):
                self.files_table.setItem(row, column, QTableWidgetItem(text))
        if files:
            self.files_table.selectRow(len(files) - 1)
        self.add_file_button.setEnabled(view is not None)
        self.view_file_button.setEnabled(bool(files))
        self.remove_file_button.setEnabled(bool(files))

    def fill(self, view: TransferView) -> None:
        evidence = view.draft.evidence
        self.sim_working.setChecked(evidence.sim_working)
        self.password_verified.setChecked(evidence.password_verified)
        for invoice in evidence.invoices:
            self.add_invoice(invoice.month, invoice.fixed_value)

    def form_invoices(self, kind: TransferKind) -> list[TopUpInvoice]:
        """The invoices of the TransferForm (none for a 过户)."""
        invoices = self.invoices()
        return invoices if kind is TransferKind.SPECIAL else []

    def widget_for(self, field: str) -> QWidget | None:
        return {
            "evidence": self.sim_working,
            "invoices": self.invoice_table,
            "evidence_files": self.files_table,
        }.get(field)
