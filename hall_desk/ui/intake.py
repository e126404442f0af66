"""每诉必录: the intake form. Keyboard first; validation, deadlines and repeats come from services.

- Tab order follows the form; Enter moves on in single-line fields; Ctrl+Enter reads back and saves;
  Escape asks before discarding.
- A bad field is marked and named; nothing typed is ever cleared by an error.
- When the phone number is complete, the customer's earlier complaints appear beside the form, with
  the 重复投诉 warning the saving service will apply.
- While a 重大批量投诉 is open, a bar above the form offers "一键受理" (F8): number and name only,
  the rest from the incident (:mod:`hall_desk.ui.incidents`); "重大批量投诉…" opens, lists and
  closes incidents.
- 常用投诉模板 (issue 23): F2 opens the template picker (:mod:`hall_desk.ui.templates`); Enter
  fills class, sub-class, description and request and selects the first blank (【金额】 …); Tab
  moves blank to blank; a blank left blocks the read-back and is named. The saved complaint
  records the template and its version. Everything stays editable.
- 建议分类 (issue 23): as the description is typed, while no class is chosen, the likeliest class
  and sub-class are shown (:mod:`hall_desk.domain.class_suggestion`); F3 takes them. Once a class
  is chosen and while no sub-class is, the likeliest sub-class of that class is shown; F3 takes it.
  Never chosen silently, never over a class or sub-class the clerk chose.
- Fewer keys (issue 23, :mod:`hall_desk.domain.quick_entry`): a complete number of a returning
  customer fills the name from their latest complaint (selected: typing replaces it; never over a
  name typed); ↓/↑ in the name add 先生/女士 to a surname; ↓/↑ on a template's blank put its usual
  values in it (today's date first for 【日期】), named above the form. All of it editable.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.catalogue import NETWORK_CLASS, Channel
from hall_desk.domain.class_suggestion import ClassSuggester, Suggestion
from hall_desk.domain.clock import SHANGHAI, format_local
from hall_desk.domain.complaints import (
    MAX_LEN,
    ComplaintDraft,
    ComplaintIntake,
    EscalationSource,
    EscalationTendency,
    appeal_window_passed,
)
from hall_desk.domain.deadlines import Coordination, Deadlines
from hall_desk.domain.errors import DomainError
from hall_desk.domain.identity import is_complete_phone, mask_phone
from hall_desk.domain.policy import NetworkUrgency, Tier
from hall_desk.domain.quick_entry import blank_choices, next_choice, next_title
from hall_desk.domain.templates import (
    BLANK,
    ComplaintTemplate,
    blank_spans,
    check_usable,
    refuse_unfilled,
)
from hall_desk.services import complaints, drafts, incidents
from hall_desk.services import templates as template_service
from hall_desk.services.complaints import RecordedComplaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import FieldErrors, error_line
from hall_desk.ui.incidents import IncidentBar, IncidentsDialog, QuickIntakeDialog
from hall_desk.ui.readback import ReadBackDialog
from hall_desk.ui.templates import TemplatePickerDialog
from hall_desk.ui.vocabulary import TermCombo, listing, term
from hall_desk.ui.widgets import form_row

log = logging.getLogger(__name__)

TEMPLATE_KEY = Qt.Key.Key_F2  # 常用模板: no text field acts on F2 (tests/ui/test_keys_x11.py)
SUGGESTION_KEY = Qt.Key.Key_F3  # take the suggested class
MIN_SUGGESTION_TEXT = 4  # characters of description before a class is suggested

REQUIRED_MARK = " *"  # after the label of a field that must be filled in

COMMON_REQUESTS = [
    "给予解释说明",
    "尽快修复问题",
    "退还多收费用",
    "给予补偿",
    "赔礼道歉",
    "取消业务",
]


class IntakeForm(QWidget):
    saved = Signal(object)  # RecordedComplaint

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session: StaffSession | None = None
        # Drafts the store could not keep (a full disk), per staff number, until they can be.
        self._held_drafts: dict[str, dict[str, object]] = {}
        self.template: ComplaintTemplate | None = None  # the 常用模板 the form was filled from
        self.suggestion: Suggestion | None = None
        self._suggester: ClassSuggester | None = None  # built after sign-in, on first use
        self._prefilled_name = ""  # the name filled from the number's history, while untouched
        # The blank whose usual values ↓/↑ go through: (field, start, choices, index shown).
        self._choice: tuple[QWidget, int, tuple[str, ...], int] | None = None
        self._build()
        self._connect()
        self.clear()
        self._class_changed(self.class_combo.currentText())  # no class yet: network-only fields off

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.error_label = error_line("intakeErrors")
        self.field_errors = FieldErrors(self.error_label, self._widget_for)
        self.incident_bar = IncidentBar()
        self.incident_bar.hide()
        left.addWidget(self.incident_bar)
        left.addWidget(self.error_label)
        self.template_label = QLabel()
        self.template_label.setObjectName("templateInUse")
        self.template_label.setWordWrap(True)
        self.template_label.setStyleSheet(style.SECONDARY_TEXT)
        self.template_label.hide()
        left.addWidget(self.template_label)
        self.blank_hint = QLabel()
        self.blank_hint.setObjectName("blankChoices")
        self.blank_hint.setWordWrap(True)
        self.blank_hint.setStyleSheet(style.SECONDARY_TEXT)
        self.blank_hint.hide()
        left.addWidget(self.blank_hint)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.phone_edit = self._line(
            "phone", 20, self.tr("手机 11 位，固话带区号，或 400/800 号码")
        )
        self.name_edit = self._line("customer_name", MAX_LEN["customer_name"], self.tr("如 陈先生"))
        self.tier_combo = self._combo("tier", [t.value for t in Tier])
        self.channel_combo = self._combo("channel", [c.value for c in Channel])
        self.class_combo = self._combo("main_class", ["", *self.ctx.catalogue.classes()])
        self.sub_combo = self._combo("sub_class", [""])
        self.urgency_combo = self._combo(
            "network_urgency", ["", *[u.value for u in NetworkUrgency]]
        )
        self.coordination_combo = self._combo(
            "coordination", ["", *[c.value for c in Coordination]]
        )
        self.coordination_combo.setToolTip(
            self.tr("需外省或其他企业（他网运营商、银行等）配合处理的网络投诉：按工作日计时限")
        )
        self.occurred_edit = QDateTimeEdit()
        self.occurred_edit.setObjectName("occurred_at")
        self.occurred_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.occurred_edit.setCalendarPopup(True)
        # 申诉 window (issue 20): a warning under the occurrence time, never a refusal.
        self.appeal_label = QLabel()
        self.appeal_label.setObjectName("appealWindowWarning")
        self.appeal_label.setWordWrap(True)
        self.appeal_label.setStyleSheet(style.ALARM_BANNER)
        self.appeal_label.hide()
        self.place_edit = self._line(
            "place", MAX_LEN["place"], self.tr("如 本营业厅、家中、XX 小区")
        )
        self.amount_edit = self._line("amount", 16, self.tr("元，如 58.50；无则留空"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("客户反映的问题经过"))
        self.description_edit.setMinimumHeight(70)
        self.request_edit = self._line(
            "customer_request", MAX_LEN["customer_request"], self.tr("解释、修复、补偿、道歉……")
        )
        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("classSuggestion")
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setStyleSheet(style.SECONDARY_TEXT)
        self.suggestion_label.hide()
        completer = QCompleter(COMMON_REQUESTS, self.request_edit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.request_edit.setCompleter(completer)
        self.escalation_combo = self._combo(
            "escalation_source", ["", *[s.value for s in EscalationSource]]
        )
        self.reference_edit = self._line(
            "escalation_reference",
            MAX_LEN["escalation_reference"],
            self.tr("通信管理局/工信部编号"),
        )
        self.tendency_combo = self._combo(
            "escalation_tendency", [t.value for t in EscalationTendency]
        )
        self.important_check = QCheckBox(self.tr("重要投诉（律师、政府、知名人士等）"))
        self.important_check.setObjectName("important")
        self.media_check = QCheckBox(self.tr("媒体记者（出示记者证）"))
        self.media_check.setObjectName("media")

        rows: list[tuple[str, QWidget]] = [
            (self.tr("客户号码(&P)"), self.phone_edit),
            (self.tr("客户姓名(&N)"), self.name_edit),
            (self.tr("客户品牌"), self.tier_combo),
            (self.tr("受理渠道"), self.channel_combo),
            (self.tr("投诉大类(&L)"), self.class_combo),
            (self.tr("投诉子类"), self.sub_combo),
            (self.tr("网络紧急程度"), self.urgency_combo),
            (self.tr("跨省/跨企业"), self.coordination_combo),
            (self.tr("发生时间"), self.occurred_edit),
            (self.tr("发生地点"), self.place_edit),
            (self.tr("涉及金额"), self.amount_edit),
            (self.tr("问题描述(&D)"), self.description_edit),
            (self.tr("客户诉求(&R)"), self.request_edit),
            (self.tr("越级去向"), self.escalation_combo),
            (self.tr("申诉编号"), self.reference_edit),
            (self.tr("升级倾向"), self.tendency_combo),
        ]
        for label, widget in rows:
            form_row(form, label, widget)
            if widget is self.occurred_edit:
                form.addRow("", self.appeal_label)
            if widget is self.description_edit:
                form.addRow("", self.suggestion_label)
        # What the domain refuses empty is marked (issue 19: 客户姓名 was not).
        for widget in self.required_inputs():
            field_label = form.labelForField(widget)
            if isinstance(field_label, QLabel):
                field_label.setText(field_label.text() + REQUIRED_MARK)
                field_label.setToolTip(self.tr("必填"))

        scroll_body = QWidget()
        scroll_body.setLayout(form)
        scroll = QScrollArea()
        self._scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setWidget(scroll_body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left.addWidget(scroll, 1)
        # The flags sit under the scrolling form, always in sight: after the first save the
        # saved-banner pushed them below the fold at 768 (issue 19).
        flags = QHBoxLayout()
        flags_label = QLabel(self.tr("标记"))
        flags_label.setObjectName("flagsLabel")
        flags.addWidget(flags_label, 0, Qt.AlignmentFlag.AlignTop)
        checks = QVBoxLayout()  # one under the other: side by side they were too wide in English
        checks.setSpacing(2)
        checks.addWidget(self.important_check)
        checks.addWidget(self.media_check)
        flags.addLayout(checks)
        flags.addStretch()
        legend = QLabel(self.tr("* 为必填项"))
        legend.setObjectName("requiredLegend")
        legend.setStyleSheet(style.MUTED_TEXT)
        flags.addWidget(legend, 0, Qt.AlignmentFlag.AlignBottom)
        left.addLayout(flags)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("复述确认并保存 (Ctrl+Enter)"))
        self.save_button.setObjectName("saveButton")
        self.discard_button = QPushButton(self.tr("清空 (Esc)"))
        self.incidents_button = QPushButton(self.tr("重大批量投诉…"))
        self.incidents_button.setObjectName("incidentsButton")
        self.template_button = QPushButton(self.tr("常用模板 (F2)"))
        self.template_button.setObjectName("templateButton")
        self.template_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F2 from any field
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch()
        buttons.addWidget(self.incidents_button)
        left.addLayout(buttons)
        outer.addLayout(left, 3)

        right = QVBoxLayout()
        deadline_box = QGroupBox(self.tr("处理时限（保存时确定）"))
        deadline_layout = QFormLayout(deadline_box)
        self.reply_due_label = QLabel()
        self.reply_due_label.setObjectName("replyDue")
        self.regulator_due_label = QLabel()
        self.deadline_note = QLabel()
        self.deadline_note.setWordWrap(True)
        self.deadline_note.setStyleSheet(style.MUTED_TEXT)
        deadline_layout.addRow(self.tr("答复客户"), self.reply_due_label)
        deadline_layout.addRow(self.tr("管局15天"), self.regulator_due_label)
        deadline_layout.addRow(self.deadline_note)
        right.addWidget(deadline_box)

        history_box = QGroupBox(self.tr("该客户的历史投诉"))
        history_layout = QVBoxLayout(history_box)
        self.repeat_label = QLabel()
        self.repeat_label.setObjectName("repeatWarning")
        self.repeat_label.setWordWrap(True)
        self.repeat_label.setStyleSheet(style.ALARM_BANNER)
        self.repeat_label.hide()
        self.history_list = QListWidget()
        self.history_list.setObjectName("historyList")
        self.history_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_list.setAlternatingRowColors(True)
        self.history_list.setSpacing(2)
        self.history_list.setWordWrap(True)
        self.history_hint = QLabel(self.tr("输入完整号码后显示"))
        self.history_hint.setStyleSheet(style.MUTED_TEXT)
        history_layout.addWidget(self.repeat_label)
        history_layout.addWidget(self.history_hint)
        history_layout.addWidget(self.history_list, 1)
        right.addWidget(history_box, 1)
        side = QWidget()
        side.setLayout(right)
        side.setMinimumWidth(300)
        side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        outer.addWidget(side, 2)

    def required_inputs(self) -> list[QWidget]:
        """The fields the domain refuses empty (the network urgency only for a network class)."""
        return [
            self.phone_edit,
            self.name_edit,
            self.class_combo,
            self.sub_combo,
            self.description_edit,
            self.request_edit,
        ]

    def _line(self, name: str, max_length: int, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(max_length + 1)  # one over: the domain names the limit instead of cutting
        edit.setPlaceholderText(placeholder)
        return edit

    def _combo(self, name: str, items: list[str]) -> TermCombo:
        combo = TermCombo()
        combo.setObjectName(name)
        combo.addItems(items)
        return combo

    def _inputs(self) -> list[QWidget]:
        return [
            self.phone_edit,
            self.name_edit,
            self.tier_combo,
            self.channel_combo,
            self.class_combo,
            self.sub_combo,
            self.urgency_combo,
            self.coordination_combo,
            self.occurred_edit,
            self.place_edit,
            self.amount_edit,
            self.description_edit,
            self.request_edit,
            self.escalation_combo,
            self.reference_edit,
            self.tendency_combo,
            self.important_check,
            self.media_check,
        ]

    def _connect(self) -> None:
        for widget in self._inputs():
            widget.installEventFilter(self)
        self.phone_edit.textChanged.connect(self._phone_changed)
        self.class_combo.valueChanged.connect(self._class_changed)
        self.sub_combo.valueChanged.connect(lambda _: self._refresh_repeat())
        self.sub_combo.valueChanged.connect(lambda _: self._refresh_appeal_window())
        self.occurred_edit.dateTimeChanged.connect(lambda _: self._refresh_appeal_window())
        self.tier_combo.valueChanged.connect(lambda _: self._refresh_deadlines())
        self.urgency_combo.valueChanged.connect(lambda _: self._refresh_deadlines())
        self.coordination_combo.valueChanged.connect(lambda _: self._refresh_deadlines())
        self.escalation_combo.valueChanged.connect(self._escalation_changed)
        self.save_button.clicked.connect(self.submit)
        self.discard_button.clicked.connect(self.discard)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.discard)
        self._deadline_timer = QTimer(self)
        self._deadline_timer.setInterval(30_000)
        self._deadline_timer.timeout.connect(self._refresh_deadlines)
        self._deadline_timer.timeout.connect(self.refresh_incidents)  # pulled ones appear too
        self._deadline_timer.start()
        self.incidents_button.clicked.connect(self.manage_incidents)
        self.incident_bar.quick_intake_requested.connect(self.quick_intake)
        quick = QShortcut(QKeySequence(Qt.Key.Key_F8), self)
        quick.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        quick.activated.connect(self._quick_intake_current)
        picker = QShortcut(QKeySequence(TEMPLATE_KEY), self)
        picker.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        picker.activated.connect(self.open_template_picker)
        self.template_button.clicked.connect(self.open_template_picker)
        take = QShortcut(QKeySequence(SUGGESTION_KEY), self)
        take.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        take.activated.connect(self.accept_suggestion)
        self.description_edit.textChanged.connect(self._refresh_suggestion)
        self.class_combo.valueChanged.connect(lambda _: self._refresh_suggestion())
        self.sub_combo.valueChanged.connect(lambda _: self._refresh_suggestion())

    # ------------------------------------------------------------- keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and not event.modifiers()
            & (
                Qt.KeyboardModifier.ShiftModifier
                | Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
            )
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            if watched is self.name_edit and self.cycle_title(step):
                return True
            if watched in (self.description_edit, self.request_edit) and self.cycle_blank_choice(
                watched, step
            ):
                return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            and watched in (self.description_edit, self.request_edit)
        ):
            if self.next_blank(watched):
                return True
            self.blank_hint.hide()  # no blank left: Tab moves on
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.submit()
                return True
            if self._enter_moves_on(watched):
                self.focusNextChild()
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _enter_moves_on(widget: QObject) -> bool:
        """Enter moves to the next field, except in the multi-line text and an open completer."""
        if isinstance(widget, QPlainTextEdit):
            return False
        completer = widget.completer() if isinstance(widget, QLineEdit) else None
        if completer is not None:
            popup = completer.popup()
            return popup is None or not popup.isVisible()
        return True

    # ---------------------------------------------------------------- state
    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.incidents_button.setEnabled(session is not None)
        self.template_button.setEnabled(session is not None)
        self._suggester = None  # learnt again (the hall's history, the catalogue in force)
        self.refresh_incidents()
        if session is not None:  # pypinyin after sign-in, never before the first window
            QTimer.singleShot(0, _warm_up_pinyin)

    # Every input's objectName is the ComplaintDraft field it holds.
    @staticmethod
    def _value_of(widget: QWidget) -> object:
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        assert isinstance(widget, QDateTimeEdit)
        local = widget.dateTime().toPython()  # PySide6's stubs say object: a naive datetime
        if not isinstance(local, datetime):
            raise TypeError(f"QDateTime.toPython() gave {type(local).__name__}")
        return local.replace(tzinfo=SHANGHAI).astimezone(UTC)

    @staticmethod
    def _set_value(widget: QWidget, value: object) -> None:
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(str(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QDateTimeEdit) and isinstance(value, datetime):
            widget.setDateTime(QDateTime(value.astimezone(SHANGHAI).replace(tzinfo=None)))

    def draft(self) -> ComplaintDraft:
        return ComplaintDraft(**{w.objectName(): self._value_of(w) for w in self._inputs()})  # type: ignore[arg-type]

    def load_draft(self, draft: ComplaintDraft) -> None:
        for widget in self._inputs():  # in form order: the class before its sub-class
            self._set_value(widget, getattr(draft, widget.objectName()))
        self._refresh_deadlines()

    def clear(self) -> None:
        self.template = None
        self.template_label.hide()
        self.blank_hint.hide()
        self._choice = None
        self.load_draft(ComplaintDraft(occurred_at=self.ctx.clock.now()))
        self._prefilled_name = ""
        self._unmark_all()
        self.error_label.hide()
        self.history_list.clear()
        self.history_hint.show()
        self.repeat_label.hide()
        self.phone_edit.setFocus()

    def is_dirty(self) -> bool:
        current, empty = self.draft(), ComplaintDraft()
        current.occurred_at = None
        return current != empty

    # ------------------------------------------------------------- reactions
    def _class_changed(self, main: str) -> None:
        previous = self.sub_combo.currentText()
        self.sub_combo.blockSignals(True)
        self.sub_combo.clear()
        self.sub_combo.addItems(["", *self.ctx.catalogue.sub_classes(main)])
        if previous in self.ctx.catalogue.sub_classes(main):
            self.sub_combo.setCurrentText(previous)
        self.sub_combo.blockSignals(False)
        network = main == NETWORK_CLASS
        self.urgency_combo.setEnabled(network)
        self.coordination_combo.setEnabled(network)
        if not network:
            self.urgency_combo.setCurrentIndex(0)
            self.coordination_combo.setCurrentIndex(0)
        self._refresh_repeat()
        self._refresh_appeal_window()
        self._refresh_deadlines()

    def _escalation_changed(self, source: str) -> None:
        if source == EscalationSource.MEDIA.value:
            self.media_check.setChecked(True)

    def _phone_changed(self, text: str) -> None:
        if is_complete_phone(text):
            self._refresh_history()
        else:
            self.history_list.clear()
            # not 该号码没有历史投诉 left from the last number (issue 19)
            self.history_hint.setText(self.tr("输入完整号码后显示"))
            self.history_hint.show()
            self.repeat_label.hide()
            if self._prefilled_name and self.name_edit.text() == self._prefilled_name:
                self.name_edit.clear()  # the other customer's name, not the clerk's typing
            self._prefilled_name = ""

    def _prefill_name(self, history: list[complaints.ComplaintSummary]) -> None:
        """A returning customer: the name of their latest complaint, when the name field is
        empty or still holds an earlier prefill (never over a name the clerk typed)."""
        current = self.name_edit.text()
        if current and current != self._prefilled_name:
            return
        name = next((item.customer_name for item in history if item.customer_name.strip()), "")
        if not name:
            return
        self.name_edit.setText(name)
        self.name_edit.selectAll()  # typing replaces it
        self._prefilled_name = name

    def cycle_title(self, step: int) -> bool:
        """↓/↑ in the name: a surname with 先生, 女士, or alone (False: not a surname)."""
        name = next_title(self.name_edit.text(), step)
        if name is None:
            return False
        self.name_edit.selectAll()
        self.name_edit.insert(name)  # an edit like typing: Ctrl+Z takes it back
        return True

    def _refresh_history(self) -> None:
        self.history_list.clear()
        try:
            history = complaints.customer_history(self.phone_edit.text())
        except DomainError:
            return
        self.history_hint.setVisible(not history)
        if not history:
            self.history_hint.setText(self.tr("该号码没有历史投诉"))
        self._prefill_name(history)
        for item in history:
            self.history_list.addItem(
                f"{format_local(item.accepted_at)}  {item.number}\n"
                f"{term(item.main_class)}/{term(item.sub_class)} · {term(item.state)}\n{item.description[:40]}"
            )
        self._refresh_repeat()

    def _refresh_repeat(self) -> None:
        main, sub = self.class_combo.currentText(), self.sub_combo.currentText()
        if not (main and sub and is_complete_phone(self.phone_edit.text())):
            self.repeat_label.hide()
            return
        check = complaints.preview_repeat(self.ctx, self.phone_edit.text(), main, sub)
        if check.is_repeat:
            numbers = listing(e.number for e in check.earlier)
            self.repeat_label.setText(
                self.tr(
                    "重复投诉：该客户 {days} 天内已就同类问题投诉过（{numbers}）。保存后将标记为重复投诉并关联。"
                ).format(days=self.ctx.policy.repeat_window_days, numbers=numbers)
            )
        self.repeat_label.setVisible(check.is_repeat)

    def _refresh_appeal_window(self) -> None:
        """申诉 window (DOMAIN.md): fee disputes older than 5 months, others older than 2 years."""
        main, sub = self.class_combo.currentText(), self.sub_combo.currentText()
        regulator = self.ctx.catalogue.regulator_class(main, sub) if main and sub else None
        passed = appeal_window_passed(
            self._value_of(self.occurred_edit),  # type: ignore[arg-type]
            regulator.value if regulator is not None else None,
            self.ctx.clock.now(),
        )
        if passed is not None:
            self.appeal_label.setText(
                self.tr(
                    "发生时间已超过 {months} 个月：收费争议超过 {months} 个月，"
                    "客户向通信管理局申诉将不被受理。投诉照常受理和记录。"
                ).format(months=passed.months)
                if passed.fee_dispute
                else self.tr(
                    "发生时间已超过 {years} 年：超过 {years} 年的争议，"
                    "客户向通信管理局申诉将不被受理。投诉照常受理和记录。"
                ).format(years=passed.months // 12)
            )
        self.appeal_label.setVisible(passed is not None)

    def _refresh_deadlines(self) -> None:
        urgency = self.urgency_combo.currentText() if self.urgency_combo.isEnabled() else ""
        across = (
            self.coordination_combo.currentText() if self.coordination_combo.isEnabled() else ""
        )
        deadlines = complaints.preview_deadlines(
            self.ctx, self.tier_combo.currentText(), urgency or None, across or None
        )
        self.reply_due_label.setText(format_local(deadlines.reply_due))
        self.regulator_due_label.setText(format_local(deadlines.regulator_due))
        self.deadline_note.setText(self._deadline_note(deadlines))

    def _deadline_note(self, deadlines: Deadlines) -> str:
        basis = {
            "urgency": self.tr("按网络紧急程度"),
            "other_province": self.tr("跨省协调：{n} 个工作日").format(
                n=self.ctx.policy.other_province_working_days
            ),
            "other_company": self.tr("跨企业协调：{n} 个工作日").format(
                n=self.ctx.policy.other_company_working_days
            ),
        }.get(deadlines.basis, self.tr("按客户品牌"))
        if deadlines.estimated:
            basis += self.tr("（估：超出节假日日历，按周一至周五计）")
        if deadlines.moved_out_of_quiet_hours:
            basis += self.tr("；落在 22:00–08:00 的时限顺延至 08:00")
        return basis

    # ---------------------------------------------------------------- errors
    def _widget_for(self, field: str | None) -> QWidget | None:
        return self.findChild(QWidget, field) if field else None

    def _unmark_all(self) -> None:
        self.field_errors.unmark()

    def show_errors(self, error: DomainError) -> None:
        self.field_errors.show(error)

    def error_message(self) -> str:
        return self.field_errors.message(self)

    # ------------------------------------------------------------ save flow
    def ask_read_back(self, intake: ComplaintIntake, deadlines: Deadlines) -> bool:
        """复述确认 with the customer. Tests replace this to answer without a modal dialog."""
        return ReadBackDialog(intake, deadlines, self).exec() == ReadBackDialog.DialogCode.Accepted

    def ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("放弃填写"),
            self.tr("放弃当前填写的投诉内容吗？已填写的内容将被清空。"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def submit(self) -> RecordedComplaint | None:
        if self.session is None:
            return None
        draft = self.draft()
        if self.template is not None:  # a blank of the template left: named, before read-back
            try:
                refuse_unfilled(draft.description, draft.customer_request)
            except DomainError as error:
                self.show_errors(error)
                self._select_first_blank()
                return None
        try:
            intake = complaints.check_draft(self.ctx, draft)
        except DomainError as error:
            self.show_errors(error)
            return None
        self._unmark_all()
        self.error_label.hide()
        deadlines = complaints.preview_deadlines(
            self.ctx,
            intake.tier.value,
            intake.network_urgency.value if intake.network_urgency else None,
        )
        if not self.ask_read_back(intake, deadlines):
            return None
        try:
            recorded = complaints.record_complaint(
                self.ctx, self.session, draft, template=self.template
            )
        except DomainError as error:
            self.show_errors(error)
            return None
        log.info("saved complaint %s for %s", recorded.number, mask_phone(intake.phone))
        drafts.discard_draft(self.session, drafts.INTAKE)
        self.clear()
        self.saved.emit(recorded)
        return recorded

    def discard(self) -> None:
        if self.is_dirty() and not self.ask_discard():
            return
        if self.session is not None:
            drafts.discard_draft(self.session, drafts.INTAKE)
        self.clear()

    # ------------------------------------------------------ 常用投诉模板
    def show_picker(self, dialog: TemplatePickerDialog) -> None:
        """Open the picker (window-modal, not blocking: the clerk types into it)."""
        dialog.open()

    def open_template_picker(self) -> TemplatePickerDialog | None:
        if self.session is None:
            return None
        dialog = TemplatePickerDialog(template_service.list_templates(self.ctx), self.window())
        dialog.finished.connect(lambda _code: self._picker_closed(dialog))
        self.show_picker(dialog)
        return dialog

    def _picker_closed(self, dialog: TemplatePickerDialog) -> None:
        chosen = dialog.chosen
        dialog.deleteLater()
        self.window().activateWindow()  # the keys come back to the form
        if chosen is None:
            return
        self.apply_template(chosen.template)

    def apply_template(self, template: ComplaintTemplate) -> bool:
        """Fill class, sub-class, description and request; the cursor in the first blank. A
        template whose sub-class left the catalogue is refused, named."""
        try:
            check_usable(template, self.ctx.catalogue)
        except DomainError as error:
            self.error_label.setText(
                self.tr("模板“{name}”不能使用：").format(name=template.name) + error_text(error)
            )
            self.error_label.show()
            return False
        self._unmark_all()
        self.error_label.hide()
        self.template = template
        self.class_combo.setCurrentText(template.main_class)
        self.sub_combo.setCurrentText(template.sub_class)
        self.description_edit.setPlainText(template.description)
        self.request_edit.setText(template.customer_request)
        self.template_label.setText(
            self.tr("已套用模板：{name}（版本 {version}），Tab 依次填写空白").format(
                name=template.name, version=template.version
            )
        )
        self.template_label.show()
        if not self._select_first_blank():
            self.blank_hint.hide()
            self.description_edit.setFocus()
            self.description_edit.moveCursor(QTextCursor.MoveOperation.End)
        return True

    def _blanks(self) -> list[tuple[QWidget, int, int]]:
        found: list[tuple[QWidget, int, int]] = []
        for widget, text in (
            (self.description_edit, self.description_edit.toPlainText()),
            (self.request_edit, self.request_edit.text()),
        ):
            found.extend((widget, start, end) for start, end in blank_spans(text))
        return found

    def _select(self, widget: QWidget, start: int, end: int) -> None:
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
        elif isinstance(widget, QLineEdit):
            widget.setSelection(start, end - start)
        self._choice = None
        self._show_blank_hint(self._selection(widget)[0])

    @staticmethod
    def _selection(widget: QObject) -> tuple[str, int]:
        """The selected text of a description or request field and where it starts."""
        if isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            return cursor.selectedText(), cursor.selectionStart()
        if isinstance(widget, QLineEdit) and widget.hasSelectedText():
            return widget.selectedText(), widget.selectionStart()
        return "", -1

    def _today_choices(self, label: str) -> tuple[str, ...]:
        return blank_choices(label, self.ctx.clock.now().astimezone(SHANGHAI).date())

    def _show_blank_hint(self, selected: str) -> None:
        """Name the usual values of the blank just selected (hidden for a blank without any)."""
        found = BLANK.fullmatch(selected)
        choices = self._today_choices(found.group(1)) if found else ()
        if not found or not choices:
            self.blank_hint.hide()
            return
        self.blank_hint.setText(
            self.tr("【{label}】按 ↓/↑ 选常用值：{values}（或直接输入）").format(
                label=found.group(1), values=" / ".join(choices)
            )
        )
        self.blank_hint.show()

    def cycle_blank_choice(self, widget: QObject, step: int) -> bool:
        """↓/↑ on a selected blank (or on the value ↓/↑ put there): the next usual value, put in
        and selected (typing replaces it; Tab goes on). False when nothing is offered."""
        selected, start = self._selection(widget)
        if not selected or not isinstance(widget, QWidget):
            return False
        state = self._choice
        if state is not None and state[0] is widget and state[1] == start:
            _, _, choices, index = state
            if index < 0 or selected != choices[index]:
                state = None
        if state is None:
            found = BLANK.fullmatch(selected)
            if found is None:
                return False
            choices, index = self._today_choices(found.group(1)), -1
            if not choices:
                return False
        index = next_choice(choices, index, step)
        value = choices[index]
        if isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.insertText(value)  # an edit like typing: Ctrl+Z takes it back
            cursor.setPosition(start)
            cursor.setPosition(start + len(value), QTextCursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
        elif isinstance(widget, QLineEdit):
            widget.insert(value)
            widget.setSelection(start, len(value))
        else:
            return False
        self._choice = (widget, start, choices, index)
        return True

    def _select_first_blank(self) -> bool:
        blanks = self._blanks()
        if blanks:
            self._select(*blanks[0])
        return bool(blanks)

    def next_blank(self, watched: QObject) -> bool:
        """Tab in the description or the request of a templated form: the next blank after the
        cursor (description, then request); False when none is left (Tab moves on)."""
        if self.template is None:
            return False
        if isinstance(watched, QPlainTextEdit):
            position = watched.textCursor().selectionStart()
            selected = watched.textCursor().hasSelection()
        elif isinstance(watched, QLineEdit):
            position = watched.selectionStart() if watched.hasSelectedText() else -1
            selected = watched.hasSelectedText()
            if position < 0:
                position = watched.cursorPosition()
        else:
            return False
        for widget, start, end in self._blanks():
            if widget is watched:
                if start > position or (start == position and not selected):
                    self._select(widget, start, end)
                    return True
            elif watched is self.description_edit and widget is self.request_edit:
                self._select(widget, start, end)  # the description's blanks done: the request's
                return True
        return False

    # ------------------------------------------------------------ 建议分类
    def suggester(self) -> ClassSuggester:
        if self._suggester is None:
            suggester = ClassSuggester(self.ctx.catalogue)
            suggester.learn(template_service.suggestion_history())
            self._suggester = suggester
        return self._suggester

    def _refresh_suggestion(self) -> None:
        text = self.description_edit.toPlainText()
        main = self.class_combo.currentText()  # the clerk's (or the template's) class stands
        if (
            self.session is None
            or self.sub_combo.currentText()  # so does their sub-class
            or len(text.strip()) < MIN_SUGGESTION_TEXT
        ):
            self.suggestion = None
            self.suggestion_label.hide()
            return
        ranked = self.suggester().suggest(text, 1, within=main or None)
        self.suggestion = ranked[0] if ranked else None
        if self.suggestion is None:
            self.suggestion_label.hide()
            return
        if main:
            shown = self.tr("建议子类：{sub}（按 F3 采用；依据“{words}”）").format(
                sub=term(self.suggestion.sub_class), words=listing(self.suggestion.because)
            )
        else:
            shown = self.tr("建议分类：{main}/{sub}（按 F3 采用；依据“{words}”）").format(
                main=term(self.suggestion.main_class),
                sub=term(self.suggestion.sub_class),
                words=listing(self.suggestion.because),
            )
        self.suggestion_label.setText(shown)
        self.suggestion_label.show()
        # Under the description, which may sit at the foot of the scrolled form at 768 px: in sight.
        QTimer.singleShot(0, self._suggestion_in_sight)

    def _suggestion_in_sight(self) -> None:
        if self.suggestion_label.isVisible():
            self._scroll.ensureWidgetVisible(self.suggestion_label, 0, 4)

    def accept_suggestion(self) -> bool:
        """F3: the suggested class and sub-class while the clerk has chosen neither, or the
        suggested sub-class of the class they chose while they have chosen no sub-class."""
        main = self.class_combo.currentText()
        suggestion = self.suggestion
        if (
            suggestion is None
            or self.sub_combo.currentText()
            or (main and main != suggestion.main_class)
        ):
            return False
        if not main:
            self.class_combo.setCurrentText(suggestion.main_class)
        self.sub_combo.setCurrentText(suggestion.sub_class)
        self.suggestion = None
        self.suggestion_label.hide()
        return True

    # ------------------------------------------------------ 重大批量投诉
    def refresh_incidents(self) -> None:
        """Show the bar while an incident is open (signed in only)."""
        if self.session is None:
            self.incident_bar.hide()
            return
        self.incident_bar.show_incidents(incidents.list_incidents())

    def open_incident_dialog(self, dialog: QDialog) -> None:
        """Show an incident dialog modally; tests replace this to drive it themselves."""
        dialog.exec()

    def manage_incidents(self) -> None:
        if self.session is None:
            return
        dialog = IncidentsDialog(self.ctx, self.session, self.window())
        self.open_incident_dialog(dialog)
        dialog.deleteLater()
        self.refresh_incidents()

    def _quick_intake_current(self) -> None:
        incident_id = self.incident_bar.current_id()
        if incident_id and self.incident_bar.isVisible():
            self.quick_intake(incident_id)

    def quick_intake(self, incident_id: str) -> None:
        """重大批量投诉：一键受理: one caller after another; each save is announced like a normal
        save (:attr:`saved`: the main window shows the number)."""
        if self.session is None:
            return
        try:
            incident = incidents.get_incident(incident_id)
        except DomainError as error:
            self.error_label.setText(error_text(error))
            self.error_label.show()
            self.refresh_incidents()
            return
        dialog = QuickIntakeDialog(self.ctx, self.session, incident, self.window())
        dialog.saved.connect(self.saved.emit)
        self.open_incident_dialog(dialog)
        dialog.deleteLater()
        self.refresh_incidents()

    # ----------------------------------------------------------- user switch
    def stash(self) -> None:
        """Keep the half-typed form for its owner (user switch, lock, crash safety)."""
        if self.session is None:
            return
        data = self.draft().to_dict() if self.is_dirty() else None
        if data is not None and self.template is not None:  # issue 23: which template, kept too
            data["template_id"] = self.template.id
            data["template_version"] = self.template.version
        try:
            if data is not None:
                drafts.save_draft(self.ctx, self.session, drafts.INTAKE, data)
            else:
                drafts.discard_draft(self.session, drafts.INTAKE)
            self._held_drafts.pop(self.session.staff_no, None)
        except DomainError as error:  # a full disk: held in memory for its owner instead
            log.warning("draft not kept in the store: %s", error.code)
            if data is not None:
                self._held_drafts[self.session.staff_no] = data
            self.error_label.setText(error_text(error))
            self.error_label.show()

    def restore(self) -> None:
        """Bring back the signed-in person's own half-typed form, if any."""
        self.clear()
        if self.session is None:
            return
        data = self._held_drafts.pop(self.session.staff_no, None) or drafts.load_draft(
            self.session, drafts.INTAKE
        )
        if data:
            self.load_draft(ComplaintDraft.from_dict(data))
            if self.phone_edit.text():
                self._phone_changed(self.phone_edit.text())
            self._restore_template(data.get("template_id"), data.get("template_version"))

    def _restore_template(self, template_id: object, version: object) -> None:
        """The template a kept draft was filled from (its version then), while the hall has it."""
        if not isinstance(template_id, str):
            return
        for entry in template_service.list_templates(self.ctx):
            if entry.template.id == template_id:
                template = entry.template
                if isinstance(version, int) and not isinstance(version, bool):
                    template = replace(template, version=version)
                self.template = template
                self.template_label.setText(
                    self.tr("已套用模板：{name}（版本 {version}），Tab 依次填写空白").format(
                        name=template.name, version=template.version
                    )
                )
                self.template_label.show()
                return


def _warm_up_pinyin() -> None:
    """Load pypinyin's tables once signed in, so the first letter typed in a pick list is quick."""
    from hall_desk.domain.pinyin_match import readings

    readings(chr(0x91CD))  # a polyphonic character (zhong/chong): the heteronym tables too
