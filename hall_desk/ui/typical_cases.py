"""典型案例库 (issue 8): the library window and the write-up form.

- :class:`TypicalCaseDialog`: 写成典型案例 on a closed complaint (from its detail), or 修改 by its
  author. Keyboard first (:class:`~hall_desk.ui.lifecycle_dialogs.StepDialog`: Enter moves on, Tab
  leaves a text box, Ctrl+Enter saves); the handler's month so far (本月已写 1/2) at the top.
- :class:`TypicalCaseLibrary`: a search box (any word of the title or write-up, 2-character words
  too), a class filter, 只看优秀案例, the list and a reading pane. Everyone sees their own month
  against the quota; shift leaders and store managers a table of every colleague's month; a store
  manager marks the quarter's best (评为本季度优秀案例, 本季度已评 3/5) or takes the mark back.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.staff import Permission, may
from hall_desk.domain.typical_cases import MAX_LEN, QuotaStatus, TypicalCaseDraft
from hall_desk.services import typical_cases as cases
from hall_desk.services.complaints import get_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.typical_cases import CaseView
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.lifecycle_dialogs import StepDialog, combo, line, text_box
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.tablemodels import RowsModel
from hall_desk.ui.vocabulary import term
from hall_desk.ui.widgets import ReadOnlyTable, read_only

Index = QModelIndex | QPersistentModelIndex

BEST_TEXT = style.qcolor(style.WARNING_DARK)
BEST_BACKGROUND = style.qcolor(style.WARNING_BACKGROUND)


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("TypicalCases", text)


# The form's own names for its fields (error messages name them so).
CASE_LABELS = {
    "title": translate("TypicalCases", "案例标题"),
    "main_class": translate("TypicalCases", "投诉大类"),
    "sub_class": translate("TypicalCases", "投诉子类"),
    "background": translate("TypicalCases", "案例背景"),
    "handling": translate("TypicalCases", "处理过程"),
    "lessons": translate("TypicalCases", "经验启示"),
}


def quota_text(status: QuotaStatus) -> str:
    """ "本月已写 1/2"; "（已完成）" once the quota is met."""
    text = translate("TypicalCases", "本月已写 {written}/{quota}").format(
        written=status.written, quota=status.quota
    )
    return text + (translate("TypicalCases", "（已完成）") if status.met else "")


def best_text(count: int, limit: int, quarter: str) -> str:
    return translate("TypicalCases", "{quarter} 已评优秀 {count}/{limit}").format(
        quarter=quarter, count=count, limit=limit
    )


# -- the form -----------------------------------------------------------------------------------------


class TypicalCaseDialog(StepDialog):
    """写成典型案例 (``complaint_id``) or 修改 (``case``)."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        *,
        complaint_id: str | None = None,
        case: CaseView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if (complaint_id is None) == (case is None):
            raise ValueError("either a complaint to write up or a case to change")
        number = case.complaint_number if case is not None else ""
        self.ctx = ctx
        self.session = session
        self.complaint_id = complaint_id
        self.case = case
        if complaint_id is not None:
            draft = cases.draft_for(ctx, session, complaint_id)
        else:
            assert case is not None  # exactly one of the two is given (checked above)
            draft = TypicalCaseDraft(case.title, case.main_class, case.sub_class, case.background,
                                     case.handling, case.lessons)  # fmt: skip
        if complaint_id is not None:
            number = get_complaint(session, complaint_id).number
        title = (
            translate("TypicalCases", "写成典型案例")
            if case is None
            else translate("TypicalCases", "修改典型案例")
        )
        super().__init__(f"{title} — {number}", parent)
        self.setMinimumWidth(640)
        self.field_errors.labels = CASE_LABELS
        self.set_intro(
            translate(
                "TypicalCases",
                "把处理得好的投诉写成案例，供全厅学习。{quota}。写清背景、怎么处理的、学到了什么。",
            ).format(quota=quota_text(cases.my_month(ctx, session)))
        )
        self.title_edit = line(
            "title", translate("TypicalCases", "一句话概括，如“国际漫游费误收的核实与退费”")
        )
        self.title_edit.setMaxLength(MAX_LEN["title"])
        self.title_edit.setText(draft.title)
        self.add_row(translate("TypicalCases", "案例标题(&T)"), self.title_edit)
        classes = ctx.catalogue.classes()
        self.main_combo = combo("main_class", classes, draft.main_class)
        self.sub_combo = combo("sub_class", [])
        self.main_combo.valueChanged.connect(self._load_sub_classes)
        self._load_sub_classes(self.main_combo.currentText())
        if draft.sub_class:
            self.sub_combo.setCurrentText(draft.sub_class)
        class_row = QWidget()
        row = QHBoxLayout(class_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.main_combo)
        row.addWidget(self.sub_combo, 1)
        self.add_row(translate("TypicalCases", "案例类别(&C)"), class_row)
        self.background_edit = text_box(
            "background", translate("TypicalCases", "客户、问题、诉求：发生了什么"), 80
        )
        self.handling_edit = text_box(
            "handling", translate("TypicalCases", "核实了什么、怎么处理、怎么答复客户"), 100
        )
        self.lessons_edit = text_box(
            "lessons", translate("TypicalCases", "做对了什么、下次如何做得更好"), 80
        )
        for edit, value, label in (
            (self.background_edit, draft.background, translate("TypicalCases", "案例背景(&B)")),
            (self.handling_edit, draft.handling, translate("TypicalCases", "处理过程(&H)")),
            (self.lessons_edit, draft.lessons, translate("TypicalCases", "经验启示(&L)")),
        ):
            edit.setPlainText(value)
            self.add_row(label, edit)

    def _load_sub_classes(self, main: str) -> None:
        current = self.sub_combo.currentText()
        self.sub_combo.clear()
        self.sub_combo.addItems(self.ctx.catalogue.sub_classes(main) if main else [])
        if current:
            self.sub_combo.setCurrentText(current)

    def draft(self) -> TypicalCaseDraft:
        return TypicalCaseDraft(
            title=self.title_edit.text(), main_class=self.main_combo.currentText(),
            sub_class=self.sub_combo.currentText(), background=self.background_edit.toPlainText(),
            handling=self.handling_edit.toPlainText(), lessons=self.lessons_edit.toPlainText(),
        )  # fmt: skip

    def save(self) -> CaseView:
        if self.case is not None:
            return cases.update_case(self.ctx, self.session, self.case.id, self.draft())
        assert self.complaint_id is not None
        return cases.write_up(self.ctx, self.session, self.complaint_id, self.draft())


# -- the library --------------------------------------------------------------------------------------


class CaseTableModel(RowsModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("Tables", "标题"),
        QT_TRANSLATE_NOOP("Tables", "类别"),
        QT_TRANSLATE_NOOP("Tables", "撰写人"),
        QT_TRANSLATE_NOOP("Tables", "撰写日期"),
        QT_TRANSLATE_NOOP("Tables", "优秀"),
    )  # shown by RowsModel through "Tables"

    def row_at(self, row: int) -> CaseView:
        return self._rows[row]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        return (
            self.header_text(section, orientation) if role == Qt.ItemDataRole.DisplayRole else None
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.title, term(item.sub_class if item.sub_class != "其他" else item.main_class),
                item.author_name, format_local(item.written_at)[:10],
                f"★ {item.best_quarter}" if item.best_quarter else "",
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.title}\n{term(item.main_class)}/{term(item.sub_class)} · {item.complaint_number}"
        if item.best_quarter and role == Qt.ItemDataRole.ForegroundRole:
            return BEST_TEXT
        if item.best_quarter and role == Qt.ItemDataRole.BackgroundRole:
            return BEST_BACKGROUND
        return None


def case_html(item: CaseView) -> str:
    """The reading pane."""

    def section(title: str, text: str) -> str:
        body = html.escape(text).replace("\n", "<br>")
        return (
            f"<h4 style='margin:10px 0 4px 0;color:{style.INFO}'>{html.escape(title)}</h4>"
            f"<p>{body}</p>"
        )

    best = ""
    if item.best_quarter:
        best = (f"<p style='color:{style.WARNING_DARK};background:{style.WARNING_BACKGROUND};"
                "padding:4px'>★ "
                + html.escape(translate("TypicalCases", "{quarter} 优秀案例（{name} 评）").format(
                    quarter=item.best_quarter, name=item.best_marked_by_name))
                + "</p>")  # fmt: skip
    meta = translate(
        "TypicalCases", "{main}/{sub} · 投诉 {number} · {author}（{no}）撰写于 {when}"
    ).format(
        main=term(item.main_class),
        sub=term(item.sub_class),
        number=item.complaint_number,
        author=item.author_name,
        no=item.author_no,
        when=format_local(item.written_at),
    )
    return (
        f"<h3 style='margin:0'>{html.escape(item.title)}</h3>"
        f"<p style='color:{style.MUTED}'>{html.escape(meta)}</p>{best}"
        + section(translate("TypicalCases", "案例背景"), item.background)
        + section(translate("TypicalCases", "处理过程"), item.handling)
        + section(translate("TypicalCases", "经验启示"), item.lessons)
    )


class TypicalCaseLibrary(QDialog):
    """The library window (main window: 典型案例库)."""

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(translate("TypicalCases", "典型案例库"))
        fit_to_screen(self, 1100, 680)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("caseSearch")
        self.search_edit.setPlaceholderText(
            translate(
                "TypicalCases",
                "标题、背景、处理过程、经验启示中的词，如“话费”“信号”；多个词用空格分开",
            )
        )
        self.search_edit.setClearButtonEnabled(True)
        find = QLabel(translate("TypicalCases", "查找(&F)"))
        find.setBuddy(self.search_edit)
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("caseClass")
        self.class_combo.addItem(translate("TypicalCases", "全部类别"), "")
        for main in ctx.catalogue.classes():
            self.class_combo.addItem(term(main), main)
        self.best_check = QCheckBox(translate("TypicalCases", "只看优秀案例(&B)"))
        self.best_check.setObjectName("bestOnly")
        top.addWidget(find)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.class_combo)
        top.addWidget(self.best_check)
        layout.addLayout(top)

        figures = QHBoxLayout()
        self.quota_label = QLabel()
        self.quota_label.setObjectName("quotaLabel")
        self.best_label = QLabel()
        self.best_label.setObjectName("bestLabel")
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.count_label.setStyleSheet(style.MUTED_TEXT)
        figures.addWidget(self.quota_label)
        figures.addSpacing(24)
        figures.addWidget(self.best_label)
        figures.addStretch(1)
        figures.addWidget(self.count_label)
        layout.addLayout(figures)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = CaseTableModel()
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        read_only(self.table, stretch=0)
        self.table.setWordWrap(False)
        left_layout.addWidget(self.table, 1)
        self.empty_label = QLabel(translate("TypicalCases", "没有找到案例。"))
        self.empty_label.setObjectName("caseEmpty")
        self.empty_label.setStyleSheet(style.MUTED_TEXT + " padding: 12px;")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        left_layout.addWidget(self.empty_label)
        # shift leaders and store managers: every colleague's month
        self.team_title = QLabel(
            translate("TypicalCases", "本月各人撰写情况（每人每月 {quota} 篇）").format(
                quota=ctx.policy.typical_case_monthly_quota
            )
        )
        self.team_title.setStyleSheet("font-weight: bold; margin-top: 6px;")
        self.team_table = ReadOnlyTable(
            [
                translate("TypicalCases", "工号"),
                translate("TypicalCases", "姓名"),
                translate("TypicalCases", "本月已写"),
            ],
            "teamTable",
            fit=False,
            stretch=None,
        )
        self.team_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.team_table.setMaximumHeight(170)
        left_layout.addWidget(self.team_title)
        left_layout.addWidget(self.team_table)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.reader = QTextBrowser()
        self.reader.setObjectName("caseReader")
        self.reader.setOpenLinks(False)
        right_layout.addWidget(self.reader, 1)
        actions = QHBoxLayout()
        self.edit_button = QPushButton(translate("TypicalCases", "修改(&E)…"))
        self.edit_button.setObjectName("editCase")
        self.edit_button.clicked.connect(self.edit_current)
        self.best_button = QPushButton(translate("TypicalCases", "评为本季度优秀案例(&M)"))
        self.best_button.setObjectName("markBest")
        self.best_button.clicked.connect(self.toggle_best)
        for button in (self.edit_button, self.best_button):
            button.setAutoDefault(False)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.best_button)
        right_layout.addLayout(actions)
        self.message = QLabel()
        self.message.setObjectName("caseMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        right_layout.addWidget(self.message)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox()
        close = buttons.addButton(
            translate("TypicalCases", "关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _: self._debounce.start())
        self.search_edit.returnPressed.connect(self.search)
        self.class_combo.currentIndexChanged.connect(lambda _: self.search())
        self.best_check.toggled.connect(lambda _: self.search())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.manager = cases.may_mark_best(session)
        self.best_button.setVisible(self.manager)
        hall_wide = may(session.role, Permission.SEE_HALL_COMPLAINTS)
        self.team_title.setVisible(hall_wide)
        self.team_table.setVisible(hall_wide)
        self.search()
        self.search_edit.setFocus()

    # ------------------------------------------------------------ reading
    def search(self) -> None:
        self._debounce.stop()
        current = self.current_case()
        rows = cases.search_cases(
            self.session, self.search_edit.text(), main_class=self.class_combo.currentData() or "",
            best_only=self.best_check.isChecked(),
        )  # fmt: skip
        self.model.set_rows(rows, self.ctx.clock.now())
        self.empty_label.setVisible(not rows)
        self.count_label.setText(translate("TypicalCases", "共 {n} 篇").format(n=len(rows)))
        ids = [r.id for r in rows]
        if current is not None and current.id in ids:
            self.table.setCurrentIndex(self.model.index(ids.index(current.id), 0))
        elif rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_figures()
        self._show_current()

    def _show_figures(self) -> None:
        mine = cases.my_month(self.ctx, self.session)
        self.quota_label.setText(quota_text(mine))
        self.quota_label.setStyleSheet(
            style.OK_TEXT_BOLD if mine.met else style.colour(style.WARNING_DARK, bold=True)
        )
        quarter = cases.quarter_now(self.ctx)
        self.best_label.setText(
            best_text(cases.best_count(quarter), self.ctx.policy.best_cases_per_quarter, quarter)
        )
        if self.team_table.isVisibleTo(self):
            team = cases.hall_month(self.ctx, self.session)
            self.team_table.setRowCount(len(team))
            for row, status in enumerate(team):
                cells = (status.staff_no, status.name, f"{status.written}/{status.quota}")
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if not status.met:
                        item.setForeground(style.qcolor(style.WARNING_DARK))
                    self.team_table.setItem(row, column, item)

    def current_case(self) -> CaseView | None:
        index = self.table.currentIndex()
        if index.isValid() and index.row() < self.model.rowCount():
            return self.model.row_at(index.row())
        return None

    def _show_current(self) -> None:
        item = self.current_case()
        self.reader.setHtml(case_html(item) if item is not None else "")
        self.edit_button.setEnabled(item is not None and item.author_no == self.session.staff_no)
        self.edit_button.setVisible(item is not None and item.author_no == self.session.staff_no)
        if item is None:
            self.best_button.setEnabled(False)
            return
        self.best_button.setEnabled(True)
        if item.best_quarter:
            self.best_button.setText(translate("TypicalCases", "取消优秀案例(&M)"))
            self.best_button.setToolTip(
                translate("TypicalCases", "取消后腾出 {quarter} 的一个名额").format(
                    quarter=item.best_quarter
                )
            )
        else:
            quarter = item.quarter
            self.best_button.setText(
                translate("TypicalCases", "评为本季度优秀案例(&M)")
                if quarter == cases.quarter_now(self.ctx)
                else translate("TypicalCases", "评为 {quarter} 优秀案例(&M)").format(
                    quarter=quarter
                )
            )
            self.best_button.setToolTip(
                best_text(
                    cases.best_count(quarter), self.ctx.policy.best_cases_per_quarter, quarter
                )
            )

    # ------------------------------------------------------------ changing
    def toggle_best(self) -> bool:
        item = self.current_case()
        if item is None or not self.manager:
            return False
        try:
            if item.best_quarter:
                cases.unmark_best(self.ctx, self.session, item.id)
                text = translate("TypicalCases", "已取消“{title}”的优秀案例").format(
                    title=item.title
                )
            else:
                done = cases.mark_best(self.ctx, self.session, item.id)
                text = translate("TypicalCases", "已评为 {quarter} 优秀案例：{title}").format(
                    quarter=done.best_quarter, title=item.title
                )
        except DomainError as error:
            self.show_message(error_text(error), error=True)
            return False
        self.search()
        self.show_message(text)
        return True

    def edit_current(self) -> bool:
        item = self.current_case()
        if item is None:
            return False
        dialog = TypicalCaseDialog(self.ctx, self.session, case=item, parent=self)
        accepted = self.open_form(dialog)
        dialog.deleteLater()
        if accepted:
            self.search()
            self.show_message(translate("TypicalCases", "已保存修改"))
        return accepted

    def open_form(self, dialog: TypicalCaseDialog) -> bool:
        """Show the form modally; tests replace this to type into it themselves."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(style.banner(error=error))
        self.message.setText(text)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisibleTo(self) else ""
