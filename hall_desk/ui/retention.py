"""资料保存期限: the store manager's list of this desk's records past their retention period, and the
purge of the chosen ones after a confirmation (rules and checks: ``hall_desk.services.retention``).

An item head office has not confirmed holding yet is shown as 等待总部确认 and cannot be chosen.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError
from hall_desk.domain.retention import Part
from hall_desk.services import retention as retention_service
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.retention import DueRecord
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import listing, with_number
from hall_desk.ui.widgets import ReadOnlyTable


class RetentionDialog(QDialog):
    COLUMNS = (
        QT_TRANSLATE_NOOP("RetentionDialog", "过户编号"),
        QT_TRANSLATE_NOOP("RetentionDialog", "客户号码"),
        QT_TRANSLATE_NOOP("RetentionDialog", "类型"),
        QT_TRANSLATE_NOOP("RetentionDialog", "到期内容"),
        QT_TRANSLATE_NOOP("RetentionDialog", "保存至"),
        QT_TRANSLATE_NOOP("RetentionDialog", "总部确认"),
    )

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(self.tr("资料保存期限"))
        fit_to_screen(self, 1000, 460)
        self.table = ReadOnlyTable(
            [self.tr(c) for c in self.COLUMNS], "dueTable", multi=True, fit=False
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty_label = QLabel(self.tr("没有到期的资料"))
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(
            style.MUTED_TEXT + f" font-size: {style.LARGE_PX}px; padding: 24px;"
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "过户时登记的身份信息（证件类别、证件号码、姓名、住址）保存至服务期满后 2 年；"
                "新机主的服务期在该号码再次过户时才算结束（销户在业务系统办理，本台席无从得知）；"
                "过户协议及证明文件为基础业务资料，保存 25 年。清除后只保留脱敏证件号码和姓氏。"
                "只有总部已确认收到的资料才能清除，总部保留其副本。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(style.MUTED_TEXT)
        self.purge_button = QPushButton(self.tr("清除…"))
        self.purge_button.setObjectName("purgeButton")
        self.purge_button.clicked.connect(self.purge_selected)
        refresh = QPushButton(self.tr("刷新"))
        refresh.clicked.connect(self.refresh)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.purge_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.records: list[DueRecord] = []
        self.refresh()

    # ----------------------------------------------------------------- list
    def part_text(self, part: Part) -> str:
        return {
            Part.REGISTERED_OWNER: self.tr("身份信息（原机主）"),
            Part.NEW_OWNER: self.tr("身份信息（新机主）"),
            Part.FILES: self.tr("协议及证明文件"),
        }[part]

    def held_text(self, record: DueRecord) -> str:
        if record.confirmed:
            return self.tr("总部已确认")
        held = record.held
        details = []
        if held.events_acknowledged < held.events_total:
            details.append(
                self.tr("总部已确认 {done}/{total} 条操作记录").format(
                    done=held.events_acknowledged, total=held.events_total
                )
            )
        if held.files_waiting:
            details.append(self.tr("{count} 个文件待上传").format(count=held.files_waiting))
        waiting = self.tr("等待总部确认")
        return with_number(waiting, listing(details)) if details else waiting  # 等待…（甲、乙）

    def refresh(self) -> None:
        self.records = retention_service.due_records(self.ctx, self.session)
        self.table.clearSelection()
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            texts = (
                record.number,
                record.masked_phone,
                self.tr("过户"),
                self.part_text(record.part),
                record.kept_until.isoformat(),
                self.held_text(record),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if not record.confirmed:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(style.qcolor(style.INACTIVE))
                    item.setToolTip(self.tr("总部确认收到后才能清除，请先同步"))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        empty = not self.records
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self._selection_changed()

    def selected(self) -> list[DueRecord]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.records[r] for r in rows if self.records[r].confirmed]

    def _selection_changed(self) -> None:
        self.purge_button.setEnabled(bool(self.selected()))

    # ---------------------------------------------------------------- purge
    def confirmation_text(self, chosen: list[DueRecord]) -> str:
        records = len({r.transfer_id for r in chosen})
        parts = Counter(r.part for r in chosen)
        lines = [self.tr("将清除 {records} 笔过户记录中的以下资料：").format(records=records)]
        identity = parts[Part.REGISTERED_OWNER] + parts[Part.NEW_OWNER]
        if identity:
            lines.append(
                self.tr(
                    "· {count} 项身份信息：证件号码、姓名、住址（只保留脱敏证件号码和姓氏）"
                ).format(count=identity)
            )
        if parts[Part.FILES]:
            lines.append(
                self.tr(
                    "· {count} 笔记录的协议及证明文件（过户协议、证明材料扫描件、签名图像）"
                ).format(count=parts[Part.FILES])
            )
        lines.append(self.tr("清除后本台席无法恢复（总部保留其副本）。确定清除吗？"))
        return "\n".join(lines)

    def confirm(self, text: str) -> bool:
        """Asks before purging; tests replace this."""
        answer = QMessageBox.question(
            self,
            self.tr("清除到期资料"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def purge_selected(self) -> None:
        chosen = self.selected()
        if not chosen or not self.confirm(self.confirmation_text(chosen)):
            return
        try:
            result = retention_service.purge_records(
                self.ctx, self.session, [r.key for r in chosen]
            )
        except DomainError as error:
            self.status_label.setStyleSheet(style.ERROR_TEXT)
            self.status_label.setText(error_text(error))
            self.refresh()
            return
        self.status_label.setStyleSheet(style.OK_TEXT)
        self.status_label.setText(
            self.tr("已清除 {records} 笔记录的 {parts} 项资料").format(
                records=result.records, parts=result.parts
            )
        )
        self.refresh()
