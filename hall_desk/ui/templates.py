"""常用投诉模板 (issue 23): the intake form's template picker and the store manager's 常用模板.

- :class:`TemplatePickerDialog` (F2 in the intake form): typing characters or pinyin (``dkhf`` for
  多扣话费, :mod:`hall_desk.domain.pinyin_match`) filters the list; Up/Down choose; Enter takes
  the template; Escape closes. Templates are data: shown in Chinese whatever the UI language.
- :class:`TemplatesDialog` (设置 → 常用模板, store managers): head office's templates (read only)
  and the hall's own; 新建 / 修改 / 停用 the hall's. A template whose sub-class has left the
  catalogue is flagged (分类已停用) and refused when used.
- :class:`TemplateEditDialog`: one template's name, class, sub-class, description (blanks in 【】)
  and usual request.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError
from hall_desk.domain.pinyin_match import matches
from hall_desk.domain.templates import ComplaintTemplate, TemplateSource
from hall_desk.services import templates as template_service
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.templates import TemplateEntry
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import TermCombo, listing, term

ID_ROLE = Qt.ItemDataRole.UserRole


def template_matches(template: ComplaintTemplate, query: str) -> bool:
    """The picker's filter: the name, then the class and sub-class, by characters or pinyin."""
    return any(
        matches(text, query) for text in (template.name, template.sub_class, template.main_class)
    )


class TemplatePickerDialog(QDialog):
    """Choose a template by typing (characters or pinyin) and Enter."""

    def __init__(self, entries: list[TemplateEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templatePicker")
        self.setWindowTitle(self.tr("常用投诉模板"))
        fit_to_screen(self, 560, 420)
        self.entries = entries
        self.chosen: TemplateEntry | None = None
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("templateFilter")
        self.filter_edit.setPlaceholderText(self.tr("输入汉字或拼音，如 dkhf（多扣话费）"))
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the filter keeps the keys
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        self.empty_label = QLabel(self.tr("没有符合的模板"))
        self.empty_label.setObjectName("templateEmpty")
        self.empty_label.setStyleSheet(style.MUTED_TEXT)
        hint = QLabel(self.tr("↑↓ 选择，Enter 填入表单，Esc 关闭"))
        hint.setStyleSheet(style.MUTED_TEXT)
        label = QLabel(self.tr("查找(&F)"))
        label.setBuddy(self.filter_edit)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(hint)
        self.filter_edit.textChanged.connect(self._refilter)
        self.filter_edit.installEventFilter(self)
        self._refilter("")
        self.filter_edit.setFocus()

    def _refilter(self, query: str) -> None:
        self.list.clear()
        for index, entry in enumerate(self.entries):
            template = entry.template
            if not template_matches(template, query):
                continue
            parts = [
                template.name,
                f"{term(template.main_class)}/{term(template.sub_class)}",
                term(template.source.value),
            ]
            if not entry.usable:
                parts.append(self.tr("分类已停用"))
            text = "  ·  ".join(parts)
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, index)
            if not entry.usable:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty_label.setVisible(self.list.count() == 0)

    def visible_names(self) -> list[str]:
        return [
            self.entries[int(self.list.item(i).data(ID_ROLE))].template.name
            for i in range(self.list.count())
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
        return super().eventFilter(watched, event)

    def accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = self.entries[int(item.data(ID_ROLE))]
        self.accept()


class TemplateEditDialog(QDialog):
    """One of the hall's templates: new (``template`` None) or a new version of one."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        template: ComplaintTemplate | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.template = template
        self.saved: ComplaintTemplate | None = None
        self.setWindowTitle(self.tr("常用模板") if template is None else self.tr("修改常用模板"))
        fit_to_screen(self, 620, 460)
        self.name_edit = QLineEdit(template.name if template else "")
        self.name_edit.setObjectName("name")
        self.name_edit.setPlaceholderText(self.tr("如 多扣话费"))
        self.class_combo = TermCombo()
        self.class_combo.setObjectName("main_class")
        self.class_combo.addItems(["", *ctx.catalogue.classes()])
        self.sub_combo = TermCombo()
        self.sub_combo.setObjectName("sub_class")
        self.class_combo.valueChanged.connect(self._class_changed)
        self.description_edit = QPlainTextEdit(template.description if template else "")
        self.description_edit.setObjectName("description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            self.tr("空白写在【】中，如：客户反映【日期】话费多扣【金额】元")
        )
        self.request_edit = QLineEdit(template.customer_request if template else "")
        self.request_edit.setObjectName("customer_request")
        self.error_label = QLabel()
        self.error_label.setObjectName("templateErrors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.ERROR_TEXT)
        self.error_label.hide()
        form = QFormLayout()
        for text, widget in (
            (self.tr("模板名称(&N)"), self.name_edit),
            (self.tr("投诉大类(&L)"), self.class_combo),
            (self.tr("投诉子类(&U)"), self.sub_combo),
            (self.tr("问题描述(&D)"), self.description_edit),
            (self.tr("客户诉求(&R)"), self.request_edit),
        ):
            form.addRow(text, widget)
            label = form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("保存(&S)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            self.tr("取消(&C)"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        if template is not None:
            self.class_combo.setCurrentText(template.main_class)
            self._class_changed(template.main_class)
            if template.main_class not in ctx.catalogue.classes():
                self.class_combo.addItems([template.main_class])
                self.class_combo.setCurrentText(template.main_class)
            if self.sub_combo.findData(template.sub_class) < 0:
                self.sub_combo.addItems([template.sub_class])
            self.sub_combo.setCurrentText(template.sub_class)
        else:
            self._class_changed("")
        self.name_edit.setFocus()

    def _class_changed(self, main: str) -> None:
        self.sub_combo.clear()
        self.sub_combo.addItems(["", *self.ctx.catalogue.sub_classes(main)])

    def draft(self) -> ComplaintTemplate:
        return ComplaintTemplate(
            id=self.template.id if self.template is not None else "",
            version=self.template.version if self.template is not None else 1,
            name=self.name_edit.text().strip(),
            main_class=self.class_combo.currentText(),
            sub_class=self.sub_combo.currentText(),
            description=self.description_edit.toPlainText().strip(),
            customer_request=self.request_edit.text().strip(),
            source=TemplateSource.HALL,
        )

    def save(self) -> None:
        try:
            self.saved = template_service.save_template(self.ctx, self.session, self.draft())
        except DomainError as error:
            self.error_label.setText(error_text(error))
            self.error_label.show()
            return
        self.accept()


class TemplatesDialog(QDialog):
    """设置 → 常用模板: head office's and the hall's templates; the hall's edited here."""

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(self.tr("常用模板"))
        fit_to_screen(self, 900, 480)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("templateTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("来源"),
                self.tr("模板名称"),
                self.tr("投诉分类"),
                self.tr("版本"),
                self.tr("已用"),
                self.tr("状态"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "总部下发的模板随政策更新，只能查看；本厅模板由店长维护，保存后同步到本厅所有台席。"
                "分类已停用的模板不能在受理时使用，请修改其分类或停用。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(style.MUTED_TEXT)
        self.new_button = QPushButton(self.tr("新建(&N)…"))
        self.edit_button = QPushButton(self.tr("修改(&E)…"))
        self.retire_button = QPushButton(self.tr("停用(&T)"))
        close = QPushButton(self.tr("关闭"))
        self.new_button.clicked.connect(self.new_template)
        self.edit_button.clicked.connect(self.edit_template)
        self.retire_button.clicked.connect(self.retire_template)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.entries: list[TemplateEntry] = []
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self.entries = template_service.list_templates(self.ctx)
        counts = template_service.template_use_counts(e.template for e in self.entries)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            t = entry.template
            cells = (
                term(t.source.value),
                t.name,
                f"{term(t.main_class)}/{term(t.sub_class)}",
                str(t.version),
                str(counts.get(t.id, 0)),
                self.tr("可用") if entry.usable else self.tr("分类已停用"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not entry.usable:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        flagged = [e.template.name for e in self.entries if not e.usable]
        self.status_label.setText(
            self.tr("分类已停用（受理时不能使用）：{names}").format(names=listing(flagged))
            if flagged
            else ""
        )
        self.status_label.setStyleSheet(style.ERROR_TEXT if flagged else "")
        if self.entries:
            self.table.selectRow(0)
        self._selection_changed()

    def current(self) -> TemplateEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        entry = self.current()
        own = entry is not None and entry.template.source == TemplateSource.HALL
        self.edit_button.setEnabled(own)
        self.retire_button.setEnabled(own)

    def open_editor(self, dialog: TemplateEditDialog) -> bool:
        """Show the editor modally; tests replace this to drive it themselves."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def new_template(self) -> None:
        if self.open_editor(TemplateEditDialog(self.ctx, self.session, None, self)):
            self.refresh()

    def edit_template(self) -> None:
        entry = self.current()
        if entry is None or entry.template.source != TemplateSource.HALL:
            return
        if self.open_editor(TemplateEditDialog(self.ctx, self.session, entry.template, self)):
            self.refresh()

    def confirm_retire(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("停用常用模板"),
            self.tr("停用模板“{name}”？本厅所有台席将不再提供该模板。").format(name=name),
        )
        return answer == QMessageBox.StandardButton.Yes

    def retire_template(self) -> None:
        entry = self.current()
        if entry is None or entry.template.source != TemplateSource.HALL:
            return
        if not self.confirm_retire(entry.template.name):
            return
        try:
            template_service.retire_template(self.ctx, self.session, entry.template.id)
        except DomainError as error:
            self.status_label.setText(error_text(error))
            return
        self.refresh()
