"""重大批量投诉 (issue 5): open an incident, see the open ones, close one, and the one-step intake of a
further caller while one is open (number and name; the rest from the incident).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.catalogue import NETWORK_CLASS
from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.incidents import DEFAULT_REQUEST, MAX_LEN, IncidentDraft
from hall_desk.domain.policy import NetworkUrgency
from hall_desk.services import incidents
from hall_desk.services.complaints import RecordedComplaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.incidents import IncidentView
from hall_desk.services.setup import require_desk
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.lifecycle_dialogs import (
    StepDialog,
    combo,
    line,
    local_datetime_edit,
    text_box,
    utc_of,
)
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.vocabulary import term, with_number
from hall_desk.ui.widgets import ReadOnlyTable

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


DEFAULT_REQUEST_TEXT = QT_TRANSLATE_NOOP(
    "Incidents", "尽快恢复并说明原因"
)  # = DEFAULT_REQUEST, typed in the UI language


def _t(text: str) -> str:
    return translate("Incidents", text)


class OpenIncidentDialog(StepDialog):
    """A new incident: cause, area, class/sub-class (catalogue), urgency, started at."""

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(translate("Incidents", "新建重大批量投诉"), parent)
        self.ctx, self.session = ctx, session
        self.set_intro(
            translate(
                "Incidents",
                "同一原因、多位客户（如基站故障）。事件进行中时，受理页可一键受理后续来电客户。",
            )
        )
        self.cause = text_box("cause", translate("Incidents", "如 XX 基站故障导致 XX 小区无信号"))
        self.add_row(translate("Incidents", "事件原因(&C)"), self.cause)
        self.area = line("area", translate("Incidents", "如 城东区人民路一带"))
        self.area.setMaxLength(MAX_LEN["area"] + 1)
        self.add_row(translate("Incidents", "影响区域(&A)"), self.area)
        self.main_class = combo("main_class", ["", *ctx.catalogue.classes()], NETWORK_CLASS)
        self.add_row(translate("Incidents", "投诉大类"), self.main_class)
        self.sub_class = combo("sub_class", [""])
        self.add_row(translate("Incidents", "投诉子类"), self.sub_class)
        self.urgency = combo("network_urgency", ["", *[u.value for u in NetworkUrgency]])
        self.add_row(translate("Incidents", "网络紧急程度"), self.urgency)
        self.started = local_datetime_edit("started_at", ctx.clock.now())
        self.add_row(translate("Incidents", "开始时间(&S)"), self.started)
        self.request = line("customer_request")
        self.request.setText(_t(DEFAULT_REQUEST))
        self.add_row(translate("Incidents", "客户诉求"), self.request)
        self.main_class.valueChanged.connect(self._class_changed)
        self._class_changed(self.main_class.currentText())

    def _class_changed(self, main: str) -> None:
        self.sub_class.clear()
        self.sub_class.addItems(["", *self.ctx.catalogue.sub_classes(main)])
        network = main == NETWORK_CLASS
        self.urgency.setEnabled(network)
        if not network:
            self.urgency.setCurrentIndex(0)

    def save(self) -> IncidentView:
        draft = IncidentDraft(
            cause=self.cause.toPlainText(),
            area=self.area.text(),
            main_class=self.main_class.currentText(),
            sub_class=self.sub_class.currentText(),
            network_urgency=self.urgency.currentText() if self.urgency.isEnabled() else "",
            started_at=utc_of(self.started),
            customer_request=self.request.text(),
        )
        return incidents.open_incident(self.ctx, self.session, draft)


class QuickIntakeDialog(StepDialog):
    """重大批量投诉：一键受理. One caller after another: number and name, Ctrl+Enter saves and the form
    is ready for the next caller; Escape ends. Each save is announced by :attr:`saved`."""

    saved = Signal(object)  # RecordedComplaint

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        incident: IncidentView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("Incidents", "重大批量投诉：一键受理"), parent)
        self.setMinimumWidth(560)
        self.ctx, self.session, self.incident = ctx, session, incident
        urgency = (
            translate("Incidents", "，{urgency}").format(urgency=term(incident.network_urgency))
            if incident.network_urgency
            else ""
        )
        self.set_intro(
            translate(
                "Incidents",
                "事件 {number}：{cause}\n影响区域：{area}；{main}/{sub}{urgency}；开始于 {started}\n"
                "只需填写号码和姓名，其余按事件自动填写，保存时照常判断重复投诉。",
            ).format(
                number=incident.number,
                cause=incident.cause,
                area=incident.area,
                main=term(incident.main_class),
                sub=term(incident.sub_class),
                urgency=urgency,
                started=format_local(incident.started_at),
            )
        )
        self.phone = line("phone", translate("Incidents", "手机 11 位，固话带区号"))
        self.phone.setMaxLength(21)
        self.add_row(translate("Incidents", "客户号码(&H)"), self.phone)
        self.name = line("customer_name", translate("Incidents", "如 陈先生"))
        self.name.setMaxLength(41)
        self.add_row(translate("Incidents", "客户姓名(&N)"), self.name)
        self.save_button.setText(translate("Incidents", "保存，下一位 (Ctrl+Enter)"))
        self.cancel_button.setText(translate("Incidents", "结束 (Esc)"))
        self.done_label = QLabel()
        self.done_label.setObjectName("quickIntakeDone")
        self.done_label.setStyleSheet(style.OK_TEXT)
        self.done_list = QListWidget()
        self.done_list.setObjectName("quickIntakeList")
        self.done_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_list.setMaximumHeight(110)
        self.done_list.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, self.done_label)
        layout.insertWidget(layout.count() - 1, self.done_list)
        self.recorded: list[RecordedComplaint] = []

    def save(self) -> RecordedComplaint:
        return incidents.quick_intake(
            self.ctx,
            self.session,
            self.incident.id,
            phone=self.phone.text(),
            customer_name=self.name.text(),
        )

    def submit(self) -> None:
        """Save one caller and get ready for the next (the dialog stays open)."""
        if self._busy:
            return
        self._busy = True
        try:
            recorded = self.save()
        except DomainError as error:
            self.show_error(error)
            return
        finally:
            self._busy = False
        text = translate("Incidents", "已保存投诉 {number}（{name}，{phone}）").format(
            number=recorded.number,
            name=self.name.text().strip(),
            phone=mask_phone(self.phone.text().strip()),
        )
        if recorded.repeat.is_repeat:
            text += translate("Incidents", "，已标记为重复投诉")
        self.recorded.append(recorded)
        self.result_value = recorded
        self.done_label.setText(text)
        self.done_list.insertItem(0, text)
        self.done_list.show()
        self.field_errors.clear()
        self.phone.clear()
        self.name.clear()
        self.phone.setFocus()
        self.saved.emit(recorded)


class IncidentsDialog(QDialog):
    """The hall's incidents: open ones first; open a new one, close the selected one."""

    changed = Signal()

    COLUMNS = (
        QT_TRANSLATE_NOOP("Incidents", "编号"),
        QT_TRANSLATE_NOOP("Incidents", "事件原因"),
        QT_TRANSLATE_NOOP("Incidents", "影响区域"),
        QT_TRANSLATE_NOOP("Incidents", "分类"),
        QT_TRANSLATE_NOOP("Incidents", "开始时间"),
        QT_TRANSLATE_NOOP("Incidents", "状态"),
        QT_TRANSLATE_NOOP("Incidents", "投诉数"),
        QT_TRANSLATE_NOOP("Incidents", "创建台席"),
    )

    def __init__(
        self, ctx: DeskContext, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.session = ctx, session
        self.setWindowTitle(translate("Incidents", "重大批量投诉"))
        fit_to_screen(self, 900, 420)
        layout = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("incidentsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.table = ReadOnlyTable([_t(c) for c in self.COLUMNS], "incidentsTable", stretch=1)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(translate("Incidents", "新建(&N)…"))
        self.close_button = QPushButton(translate("Incidents", "结束所选事件(&E)"))
        self.show_closed = QCheckBox(translate("Incidents", "显示已结束的"))
        for button in (self.new_button, self.close_button):
            button.setAutoDefault(False)
        row.addWidget(self.new_button)
        row.addWidget(self.close_button)
        row.addWidget(self.show_closed)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox()
        buttons.addButton(translate("Incidents", "关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new_button.clicked.connect(self.new_incident)
        self.close_button.clicked.connect(self.close_selected)
        self.show_closed.toggled.connect(lambda _: self.refresh())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.items: list[IncidentView] = []
        self.refresh()

    def refresh(self) -> None:
        self.items = incidents.list_incidents(open_only=not self.show_closed.isChecked())
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            values = [
                item.number,
                item.cause,
                item.area,
                f"{term(item.main_class)}/{term(item.sub_class)}",
                format_local(item.started_at),
                term(item.state),
                str(item.complaint_count),
                item.desk_code,
            ]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(r, c, cell)
        if self.items:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> IncidentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        item = self.selected()
        why = ""
        if item is None:
            why = translate("Incidents", "请先选择一个事件")
        elif item.state != "处理中":
            why = error_text(DomainError("incident.closed"))
        elif item.desk_code != require_desk().desk_code:
            why = error_text(DomainError("incident.other_desk", desk=item.desk_code))
        self.close_button.setEnabled(not why)
        self.close_button.setToolTip(why)

    def open_dialog(self, dialog: QDialog) -> bool:
        """Show a child dialog modally; tests replace this to drive it themselves."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask_close(self, item: IncidentView) -> bool:
        """Confirm ending an incident. Tests replace this."""
        answer = QMessageBox.question(
            self,
            translate("Incidents", "结束事件"),
            translate(
                "Incidents",
                "结束 {number} 后不能再一键受理或关联；已受理的投诉仍需逐一答复。确认结束吗？",
            ).format(number=item.number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_incident(self) -> IncidentView | None:
        dialog = OpenIncidentDialog(self.ctx, self.session, self)
        if not self.open_dialog(dialog):
            return None
        view: IncidentView = dialog.result_value
        self.refresh()
        self._say(translate("Incidents", "已新建重大批量投诉 {number}").format(number=view.number))
        self.changed.emit()
        return view

    def close_selected(self) -> bool:
        item = self.selected()
        if item is None or not self.ask_close(item):
            return False
        try:
            incidents.close_incident(self.ctx, self.session, item.id)
        except DomainError as error:
            self._say(error_text(error), error=True)
            return False
        self.refresh()
        self._say(translate("Incidents", "已结束 {number}").format(number=item.number))
        self.changed.emit()
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        sheet = (
            f"color: {style.ERROR}; background: {style.ERROR_BACKGROUND};"
            if error
            else style.OK_TEXT
        )
        self.message.setStyleSheet(sheet + " padding: 4px;")
        self.message.setText(text)
        self.message.show()


class IncidentBar(QWidget):
    """On the intake form while an incident is open: which one, and "重大批量投诉：一键受理"."""

    quick_intake_requested = Signal(str)  # incident id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            f"#incidentBar {{ background: {style.WARNING_BACKGROUND};"
            f" border: 1px solid {style.WARNING_BORDER}; }}"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("incidentLabel")
        self.combo = QComboBox()
        self.combo.setObjectName("incidentCombo")
        self.combo.setMinimumWidth(260)
        # Not as wide as the longest incident (issue 19): the bar must fit a 1024 px window.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(20)
        self.quick_button = QPushButton(translate("Incidents", "重大批量投诉：一键受理 (F8)"))
        self.quick_button.setObjectName("quickIntakeButton")
        # The label wraps (issue 19): in English the bar was wider than a 1024 px window.
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        row.addWidget(self.combo, 2)
        row.addWidget(self.quick_button)
        self.quick_button.clicked.connect(self._quick)
        self.items: list[IncidentView] = []

    def show_incidents(self, items: list[IncidentView]) -> None:
        self.items = items
        current = self.combo.currentData()
        self.combo.clear()
        for item in items:
            self.combo.addItem(
                f"{item.number}  " + with_number(item.cause[:30], item.area), item.id
            )
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(index, 0))
        self.label.setText(
            translate("Incidents", "重大批量投诉进行中（{count}）：").format(count=len(items))
        )
        self.setVisible(bool(items))

    def current_id(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def _quick(self) -> None:
        incident_id = self.current_id()
        if incident_id:
            self.quick_intake_requested.emit(incident_id)
