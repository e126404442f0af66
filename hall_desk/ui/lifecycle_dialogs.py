"""One small dialog per handling step (首问责任制, DOMAIN.md "Handling steps").

Every dialog is keyboard first: Enter moves on (a new line in multi-line text, where Tab moves on),
Ctrl+Enter saves, Escape cancels. Saving calls the service; a refusal is shown in Chinese naming the
field, the field is marked, and nothing typed is cleared. Inputs are named (``objectName``) after the
service's field so a refusal finds its widget.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import SHANGHAI, format_local
from hall_desk.domain.complaints import EscalationSource, EscalationTendency
from hall_desk.domain.deadlines import in_quiet_hours
from hall_desk.domain.errors import DomainError, ValidationError
from hall_desk.domain.lifecycle import (
    CALL_METHODS,
    HandlerKind,
    QuietHoursReason,
    ReplyMethod,
    Responsibility,
    Satisfaction,
    Verification,
    is_late_callback,
    is_late_reply,
    planned_call_time,
)
from hall_desk.services import incidents, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.views import ComplaintView
from hall_desk.ui import style
from hall_desk.ui.field_errors import FieldErrors, error_line
from hall_desk.ui.i18n import QT_TRANSLATE_NOOP
from hall_desk.ui.vocabulary import TermCombo, with_number


def local_datetime_edit(name: str, at: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setDateTime(
        QDateTime(at.astimezone(SHANGHAI).replace(tzinfo=None, second=0, microsecond=0))
    )
    return edit


def utc_of(edit: QDateTimeEdit) -> datetime:
    """The edit's local (Shanghai) time as an aware UTC datetime."""
    local = edit.dateTime().toPython()  # PySide6's stubs say object: a naive datetime
    if not isinstance(local, datetime):
        raise TypeError(f"QDateTime.toPython() gave {type(local).__name__}")
    return local.replace(tzinfo=SHANGHAI).astimezone(UTC)


def now_edit(name: str, now: datetime) -> QDateTimeEdit:
    """A time that defaults to "now" (a reply, a callback): see :func:`moment_of`."""
    edit = local_datetime_edit(name, now)
    edit.setProperty("untouched", edit.dateTime())
    return edit


def moment_of(edit: QDateTimeEdit) -> datetime | None:
    """None while the edit still shows the minute it was opened with (the service then takes the
    exact moment: a minute cut off must not put a reply before the complaint's acceptance)."""
    if edit.dateTime() == edit.property("untouched"):
        return None
    return utc_of(edit)


def combo(name: str, items: list[str], current: str = "") -> TermCombo:
    """A choice among domain values (shown in the UI language, read as values)."""
    box = TermCombo()
    box.setObjectName(name)
    box.addItems(items)
    if current:
        box.setCurrentText(current)
    return box


def line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def text_box(name: str, placeholder: str = "", height: int = 72) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(height)
    return box


_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def input_in(widget: QWidget) -> QWidget | None:
    """The input a row's label should lead to: the widget itself, the page a stacked widget shows,
    or the first input inside a row container (issue 19: Alt+M went to the container, and the
    amount typed next landed in the field before)."""
    if isinstance(widget, _INPUTS):
        return widget
    if isinstance(widget, QStackedWidget):
        current = widget.currentWidget()
        return input_in(current) if current is not None else None
    return next((w for w in widget.findChildren(QWidget) if isinstance(w, _INPUTS)), None)


def point_label_at_input(label: QLabel, widget: QWidget, fallback: QWidget | None = None) -> None:
    """The label's mnemonic reaches the row's input (following a stacked widget's page; where the
    page holds none, ``fallback`` or no buddy)."""
    label.setBuddy(input_in(widget) or fallback)  # type: ignore[arg-type]
    if isinstance(widget, QStackedWidget):
        widget.currentChanged.connect(
            lambda _index: label.setBuddy(input_in(widget) or fallback)  # type: ignore[arg-type]
        )


class StepDialog(QDialog):
    """A form for one step. Subclasses add rows with :meth:`add_row` and implement :meth:`save`
    (call the service, return its result); :attr:`result_value` holds it after Ctrl+Enter."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.result_value: Any = None
        self._busy = False
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setObjectName("stepIntro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(style.SECONDARY_TEXT)
        self.intro.hide()
        layout.addWidget(self.intro)
        self.error_label = error_line("stepErrors")
        self.field_errors = FieldErrors(self.error_label, self.widget_for)
        layout.addWidget(self.error_label)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("保存 (Ctrl+Enter)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("stepSave")
        self.cancel_button = self.buttons.addButton(
            self.tr("取消 (Esc)"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)

    # ------------------------------------------------------------ building
    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_row(self, label: str, widget: QWidget, fallback: QWidget | None = None) -> QWidget:
        """A form row; its label's mnemonic leads to the row's input (or ``fallback``)."""
        self.form.addRow(label, widget)
        row_label = self.form.labelForField(widget)
        if isinstance(row_label, QLabel):
            point_label_at_input(row_label, widget, fallback)
        widget.installEventFilter(self)
        for child in widget.findChildren(QWidget):
            child.installEventFilter(self)
        return widget

    def first_input(self) -> QWidget | None:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if (
                widget is not None
                and widget.isEnabled()
                and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            ):
                return widget
        return None

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        first = self.first_input()
        if first is not None and not self.field_errors.marked:
            first.setFocus()

    # ------------------------------------------------------------ keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.submit()
                return True
            if not isinstance(watched, QPlainTextEdit):
                self.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ saving
    def save(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        if self._busy or self.result() == QDialog.DialogCode.Accepted:
            return
        self._busy = True
        try:
            self.result_value = self.save()
        except DomainError as error:
            self.show_error(error)
            return
        finally:
            self._busy = False
        self.error_label.hide()
        self.accept()

    def widget_for(self, field: str | None) -> QWidget | None:
        if not field:
            return None
        for widget in self.findChildren(QWidget, field):
            if widget.isVisibleTo(self):
                return widget
        return None

    def show_error(self, error: DomainError) -> None:
        self.field_errors.show(error)

    def error_message(self) -> str:
        return self.field_errors.message(self)


class ComplaintStepDialog(StepDialog):
    """A step on one complaint."""

    def __init__(
        self,
        title: str,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{title} — {row.number}", parent)
        self.ctx = ctx
        self.session = session
        self.complaint_id: str = row.id


class CallRules:
    """Issue 20 rows of a reply or callback: 补录 (recorded after the fact: a reason) and a call in
    the quiet hours (a reason and a note), each shown only when it applies."""

    dialog: ComplaintStepDialog

    def add_call_rows(self, dialog: ComplaintStepDialog) -> None:
        self.dialog = dialog
        self.late_reason = text_box(
            "late_reason", translate("StepDialog", "补录：为何事后才录入（如当时系统故障）"), 48
        )
        dialog.add_row(translate("StepDialog", "补录原因(&L)"), self.late_reason)
        self.quiet_reason = combo("quiet_reason", ["", *[r.value for r in QuietHoursReason]])
        dialog.add_row(translate("StepDialog", "夜间通话原因(&Q)"), self.quiet_reason)
        self.quiet_note = line("quiet_note", translate("StepDialog", "22:00–08:00 通话：说明情况"))
        dialog.add_row(translate("StepDialog", "夜间通话说明(&N)"), self.quiet_note)

    def update_call_rows(self, stated: datetime, method: str, late: bool) -> None:
        form = self.dialog.form
        form.setRowVisible(self.late_reason, late)
        quiet = method in CALL_METHODS and in_quiet_hours(stated, self.dialog.ctx.policy)
        form.setRowVisible(self.quiet_reason, quiet)
        form.setRowVisible(self.quiet_note, quiet)


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("StepDialog", text)


class VerifyDialog(ComplaintStepDialog):
    """核实: whether the complaint holds and whose responsibility it is."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "核实结果"), ctx, session, row, parent)
        self.set_intro(self.tr("查询账单、详单、网络状况后，判断投诉是否成立及责任方。"))
        self.verification = combo(
            "verification", ["", *[v.value for v in Verification]], row.verification or ""
        )
        self.add_row(self.tr("是否成立(&V)"), self.verification)
        self.responsibility = combo(
            "responsibility", ["", *[r.value for r in Responsibility]], row.responsibility or ""
        )
        self.add_row(self.tr("责任方(&R)"), self.responsibility)
        self.note = text_box("note", self.tr("查了什么、发现了什么（可不填）"))
        self.note.setPlainText(row.verification_note or "")
        self.add_row(self.tr("核实说明(&N)"), self.note)

    def save(self) -> ComplaintView:
        return lifecycle.verify(
            self.ctx,
            self.session,
            self.complaint_id,
            verification=self.verification.currentText(),
            responsibility=self.responsibility.currentText(),
            note=self.note.toPlainText(),
        )


class TransferDialog(ComplaintStepDialog):
    """转派: to a department (its name), to head office, or to a colleague (their staff number).
    The first responder stays responsible and keeps it on their list."""

    KINDS = (
        (HandlerKind.DEPARTMENT, QT_TRANSLATE_NOOP("StepDialog", "部门")),
        (HandlerKind.HEAD_OFFICE, QT_TRANSLATE_NOOP("StepDialog", "总部")),
        (HandlerKind.STAFF, QT_TRANSLATE_NOOP("StepDialog", "同事")),
    )

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "转派"), ctx, session, row, parent)
        intro = self.tr(
            "首问责任人 {name}（{no}）不变，投诉仍留在其跟进列表中，直到客户得到答复。"
        ).format(name=row.first_responder_name, no=row.first_responder_no)
        if row.handler_name:
            intro += "\n" + self.tr("当前处理：{handler}；再次转派将更换处理方。").format(
                handler=row.handler_name
            )
        self.set_intro(intro)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("to_kind")
        for kind, text in self.KINDS:
            self.kind_combo.addItem(self.tr(text), kind.value)
        self.add_row(self.tr("转派去向(&K)"), self.kind_combo)
        self.department_edit = line("to_name", self.tr("部门名称，如 计费中心、网络维护中心"))
        self.department_edit.setMaxLength(61)
        self.head_office_label = QLabel(self.tr("总部（答复将经总部下发到本台席）"))
        self.head_office_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_combo = QComboBox()
        self.staff_combo.setObjectName("to_name")
        for number, name in lifecycle.transfer_targets():
            if number != row.first_responder_no:
                self.staff_combo.addItem(with_number(name, number), number)
        self.target = QStackedWidget()
        for widget in (self.department_edit, self.head_office_label, self.staff_combo):
            self.target.addWidget(widget)
        self.target.setFixedHeight(self.department_edit.sizeHint().height())
        # 总部 has nothing to type: Alt+O then leads to the choice of 转派去向
        self.add_row(self.tr("转派对象(&O)"), self.target, fallback=self.kind_combo)
        self.note = text_box("note", self.tr("请对方做什么（必填）"))
        self.add_row(self.tr("转派说明(&N)"), self.note)
        self.kind_combo.currentIndexChanged.connect(self.target.setCurrentIndex)

    def save(self) -> ComplaintView:
        kind = str(self.kind_combo.currentData())
        if kind == HandlerKind.STAFF.value:
            to = str(self.staff_combo.currentData() or "")
        elif kind == HandlerKind.DEPARTMENT.value:
            to = self.department_edit.text()
        else:
            to = ""
        return lifecycle.transfer(
            self.ctx,
            self.session,
            self.complaint_id,
            to_kind=kind,
            to=to,
            note=self.note.toPlainText(),
        )


class TakeBackDialog(ComplaintStepDialog):
    """收回: the handler's result is back at the hall (已转派 → 处理中)."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "收回"), ctx, session, row, parent)
        self.set_intro(
            self.tr("收回 {handler} 的处理结果，继续由本厅答复客户。").format(
                handler=row.handler_name or "—"
            )
        )
        self.note = text_box("note", self.tr("处理方查明或处理的结果（可不填）"))
        self.add_row(self.tr("处理结果(&N)"), self.note)

    def save(self) -> ComplaintView:
        return lifecycle.take_back(
            self.ctx, self.session, self.complaint_id, note=self.note.toPlainText()
        )


class ProgressDialog(ComplaintStepDialog):
    """进展说明: what the customer was told and the new promised time (the deadline stays)."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "进展说明"), ctx, session, row, parent)
        self.set_intro(
            self.tr("答复时限 {due} 不因新的承诺时间而改变；超时的投诉仍计为超时。").format(
                due=format_local(row.reply_due)
            )
        )
        self.told = text_box("told_customer", self.tr("已告知客户的进展"))
        self.add_row(self.tr("告知客户(&T)"), self.told)
        tomorrow = (ctx.clock.now() + timedelta(days=1)).astimezone(SHANGHAI)
        self.promised = local_datetime_edit("promised_at", tomorrow.replace(minute=0))
        self.add_row(self.tr("新的承诺时间(&P)"), self.promised)
        self.moved = QLabel()
        self.moved.setObjectName("promisedMoved")
        self.moved.setStyleSheet(style.SECONDARY_TEXT)
        self.add_row("", self.moved)
        self.promised.dateTimeChanged.connect(self._show_moved)
        self._show_moved()

    def _show_moved(self) -> None:
        """Issue 20: a time in the quiet hours moves to 08:00; shown before saving."""
        typed = utc_of(self.promised)
        moved = planned_call_time(typed, self.ctx.policy)
        self.moved.setText(
            self.tr("夜间（22:00–08:00）不打电话：将记为 {at}").format(at=format_local(moved))
            if moved != typed
            else ""
        )
        self.form.setRowVisible(self.moved, moved != typed)

    def save(self) -> ComplaintView:
        return lifecycle.note_progress(
            self.ctx,
            self.session,
            self.complaint_id,
            told_customer=self.told.toPlainText(),
            promised_at=utc_of(self.promised),
        )


class ReplyDialog(ComplaintStepDialog, CallRules):
    """答复客户: what was said, how and when (by the signed-in staff member); issue 20: 补录,
    a call in the quiet hours, the planned callback time (约定回访时间)."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "答复客户"), ctx, session, row, parent)
        self.set_intro(
            self.tr("答复人：{name}（{no}）").format(name=session.name, no=session.staff_no)
        )
        self.content = text_box("content", self.tr("对客户说了什么：处理结果、解释、补偿……"), 96)
        self.add_row(self.tr("答复内容(&C)"), self.content)
        self.method = combo("method", [m.value for m in ReplyMethod])
        self.add_row(self.tr("答复方式(&M)"), self.method)
        self.replied_at = now_edit("replied_at", ctx.clock.now())
        self.add_row(self.tr("答复时间(&W)"), self.replied_at)
        self.reply_due = row.reply_due
        self.add_call_rows(self)
        self.plan_callback = QCheckBox(self.tr("与客户约定回访时间"))
        self.plan_callback.setObjectName("plan_callback")
        self.add_row("", self.plan_callback)
        later = (ctx.clock.now() + timedelta(days=1)).astimezone(SHANGHAI).replace(minute=0)
        self.planned = local_datetime_edit("planned_callback_at", later)
        self.add_row(self.tr("约定回访时间(&B)"), self.planned)
        self.planned_moved = QLabel()
        self.planned_moved.setObjectName("plannedMoved")
        self.planned_moved.setStyleSheet(style.SECONDARY_TEXT)
        self.add_row("", self.planned_moved)
        for signal in (
            self.method.currentTextChanged,
            self.replied_at.dateTimeChanged,
            self.plan_callback.toggled,
            self.planned.dateTimeChanged,
        ):
            signal.connect(self._update)
        self._update()

    def _update(self, *_: object) -> None:
        now = self.ctx.clock.now()
        stated = moment_of(self.replied_at) or now
        self.update_call_rows(
            stated, self.method.currentText(), is_late_reply(stated, now, self.reply_due)
        )
        planning = self.plan_callback.isChecked()
        self.form.setRowVisible(self.planned, planning)
        typed = utc_of(self.planned)
        moved = planned_call_time(typed, self.ctx.policy)
        self.planned_moved.setText(
            self.tr("夜间（22:00–08:00）不打电话：将记为 {at}").format(at=format_local(moved))
        )
        self.form.setRowVisible(self.planned_moved, planning and moved != typed)

    def save(self) -> ComplaintView:
        return lifecycle.reply_to_customer(
            self.ctx,
            self.session,
            self.complaint_id,
            content=self.content.toPlainText(),
            method=self.method.currentText(),
            replied_at=moment_of(self.replied_at),
            late_reason=self.late_reason.toPlainText(),
            quiet_reason=self.quiet_reason.currentText(),
            quiet_note=self.quiet_note.text(),
            planned_callback_at=utc_of(self.planned) if self.plan_callback.isChecked() else None,
        )


class CallbackDialog(ComplaintStepDialog, CallRules):
    """回访: satisfaction; 不满意 (with the reason) reopens the complaint and flags it; issue 20:
    how (a phone call unless said otherwise), 补录, a call in the quiet hours."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "回访"), ctx, session, row, parent)
        self.set_intro(
            self.tr(
                "“关于您之前反映的问题，我们已经为您处理完毕，请问您对这次的处理结果满意吗？”\n"
                "选“不满意”将重新打开投诉（处理中）并标记，须再次答复。"
            )
        )
        self.satisfaction = combo("satisfaction", ["", *[s.value for s in Satisfaction]])
        self.add_row(self.tr("满意度(&S)"), self.satisfaction)
        self.reason = text_box("reason", self.tr("不满意时必填：客户不满意的原因"), 60)
        self.add_row(self.tr("不满意原因(&R)"), self.reason)
        self.called_at = now_edit("called_at", ctx.clock.now())
        self.add_row(self.tr("回访时间(&W)"), self.called_at)
        self.method = combo("method", [m.value for m in ReplyMethod], ReplyMethod.PHONE.value)
        self.add_row(self.tr("回访方式(&M)"), self.method)
        self.add_call_rows(self)
        self.method.currentTextChanged.connect(self._update)
        self.called_at.dateTimeChanged.connect(self._update)
        self._update()

    def _update(self, *_: object) -> None:
        now = self.ctx.clock.now()
        stated = moment_of(self.called_at) or now
        self.update_call_rows(stated, self.method.currentText(), is_late_callback(stated, now))

    def save(self) -> ComplaintView:
        return lifecycle.call_back(
            self.ctx,
            self.session,
            self.complaint_id,
            satisfaction=self.satisfaction.currentText(),
            reason=self.reason.toPlainText(),
            called_at=moment_of(self.called_at),
            method=self.method.currentText(),
            late_reason=self.late_reason.toPlainText(),
            quiet_reason=self.quiet_reason.currentText(),
            quiet_note=self.quiet_note.text(),
        )


class UpgradeDialog(ComplaintStepDialog):
    """升级投诉 after intake: where the customer went, the reference, the tendency."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "升级投诉"), ctx, session, row, parent)
        self.set_intro(
            self.tr(
                "客户已越级投诉（10086管理层、通信管理局、工信部、媒体等）。升级后同时标记为重要投诉。"
            )
        )
        self.source = combo(
            "escalation_source",
            ["", *[s.value for s in EscalationSource]],
            row.escalation_source or "",
        )
        self.add_row(self.tr("越级去向(&S)"), self.source)
        self.reference = line("escalation_reference", self.tr("通信管理局/工信部的申诉编号"))
        self.reference.setText(row.escalation_reference or "")
        self.add_row(self.tr("申诉编号(&N)"), self.reference)
        self.tendency = combo(
            "escalation_tendency",
            [t.value for t in EscalationTendency],
            row.escalation_tendency or "",
        )
        self.add_row(self.tr("升级倾向(&T)"), self.tendency)

    def save(self) -> ComplaintView:
        return lifecycle.upgrade(
            self.ctx,
            self.session,
            self.complaint_id,
            source=self.source.currentText(),
            reference=self.reference.text(),
            tendency=self.tendency.currentText(),
        )


class LinkIncidentDialog(ComplaintStepDialog):
    """关联事件: link the complaint to an open 重大批量投诉."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        row: ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("StepDialog", "关联重大批量投诉"), ctx, session, row, parent)
        self.incident = QComboBox()
        self.incident.setObjectName("incident")
        for item in incidents.list_incidents():
            self.incident.addItem(
                f"{item.number}  " + with_number(item.cause[:24], item.area), item.id
            )
        if row.incident_id:
            index = self.incident.findData(row.incident_id)
            if index >= 0:
                self.incident.setCurrentIndex(index)
        self.add_row(self.tr("事件(&I)"), self.incident)

    def save(self) -> ComplaintView:
        incident_id = self.incident.currentData()
        if not incident_id:
            raise ValidationError("incident.none_open", "incident")
        return incidents.link_complaint(self.ctx, self.session, str(incident_id), self.complaint_id)
