"""办理过户 — the transfer wizard (DOMAIN.md "Transfer of ownership", issue 7); the rules and the
saving are in :mod:`hall_desk.services.transfers`, this is the form around them.

Steps: 类型 (过户 / 特殊过户, the number) → 账户 (account type, 开户日期 and where it was checked) →
身份 (原机主 for a 过户, 新机主, an agent per party) → 证明材料 (特殊过户: SIM, service password,
top-up invoices, scans and photos) → 资格检查 (every refusal as a sentence; 店长审批 for invoices
alone) → 签名 (the pads; the second witness signs in first) → 完成 (the agreements, verified when
opened).

- Keyboard first: Enter moves to the next field and, on a page's last field, to the next page;
  Ctrl+Enter is 下一步; Esc asks before closing.
- Nothing typed is lost: each 下一步 checks the page (the service's ``check_form``; a refusal
  names its field, marks it and puts the cursor there); leaving the 身份 page saves the transfer
  (填写中) and every later 下一步 from a data page saves the changes, so an interrupted transfer is
  resumed from 过户记录.
- Identity numbers are shown in full only in the fields being typed; summaries mask them. A
  transfer resumed comes back with its numbers masked (the service never hands them out in a
  view); 显示完整号码 beside a number asks :func:`~hall_desk.services.transfers.reveal_id_number`
  (offered only to whom it allows: a store manager, or whoever opened the transfer while it is
  填写中; each reveal is recorded as ``identity.viewed``). A number left masked stands for the
  stored one when saved; typing over it enters a new number.
- Each step is its own class in :mod:`hall_desk.ui.transfer` (one module per step); this module
  only wires them: which steps a kind of transfer has, moving between them, the keyboard, saving,
  and showing a refusal on the page of its field.
- Modal questions go through ``ask_…`` methods and ``open_step_dialog`` / ``open_print_preview``
  callables, which tests replace to act as the person at the counter.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.errors import DomainError, ValidationError, ValidationErrors
from hall_desk.domain.transfers import TransferKind, TransferState
from hall_desk.services import transfers
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import TransferForm, TransferView
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import FieldErrors, error_line
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.transfer.account import AccountStep
from hall_desk.ui.transfer.common import (
    DATA_STEPS,
    SAVE_FROM,
    STEP_TITLES,
    STEPS,
    StepPage,
    _t,
    focus_field,
    translate,
)
from hall_desk.ui.transfer.done import DoneStep
from hall_desk.ui.transfer.eligibility import EligibilityStep
from hall_desk.ui.transfer.evidence import EvidenceStep
from hall_desk.ui.transfer.kind import KindStep
from hall_desk.ui.transfer.parties import PartiesStep
from hall_desk.ui.transfer.signatures import SignaturesStep
from hall_desk.ui.transfers import (
    OK_STYLE,
    OpenDialog,
    OpenPreview,
    busy,
    button,
    exec_dialog,
    message_label,
    show_modal,
)

log = logging.getLogger(__name__)


class TransferWizard(QDialog):
    """办理过户, new (``transfer_id`` None) or resumed (a transfer 填写中)."""

    def __init__(
        self,
        ctx: DeskContext,
        session: StaffSession,
        transfer_id: str | None = None,
        parent: QWidget | None = None,
        *,
        open_step_dialog: OpenDialog = exec_dialog,
        open_preview: OpenPreview = show_modal,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.open_step_dialog = open_step_dialog
        self.open_print_preview = open_preview
        self.view: TransferView | None = None
        self.setWindowTitle(translate("Transfers", "办理过户"))
        self.setObjectName("transferWizard")
        fit_to_screen(self, 960, 720)
        # 540 logical px high fits 1366×768 at 125 % with a taskbar (issue 19); was 820×600.
        self.setMinimumSize(820, 520)
        self._shown_once = False

        layout = QVBoxLayout(self)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("wizardSteps")
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        self.steps_label.setStyleSheet(
            f"font-size: {style.EMPHASIS_PX}px; padding: 4px 2px 8px 2px;"
        )
        layout.addWidget(self.steps_label)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.error_label = error_line("wizardErrors")
        layout.addWidget(self.error_label)
        self.notice = message_label("wizardNotice")
        self.notice.setStyleSheet(OK_STYLE)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.field_errors = FieldErrors(self.error_label, self.widget_for)
        nav = QHBoxLayout()
        self.cancel_button = button(translate("Transfers", "关闭 (Esc)"), "wizardCancel")
        self.cancel_button.setAutoDefault(False)
        self.back_button = button(translate("Transfers", "上一步(&B)"), "wizardBack")
        self.back_button.setAutoDefault(False)
        self.next_button = button(translate("Transfers", "下一步(&N)"), "wizardNext")
        self.next_button.setAutoDefault(False)
        self.abandon_button = button(translate("Transfers", "放弃本笔(&X)…"), "wizardAbandon")
        self.abandon_button.setAutoDefault(False)
        self.abandon_button.setToolTip(
            translate("Transfers", "不再办理：说明原因后，本笔记为“已放弃”并留存")
        )
        nav.addWidget(self.cancel_button)
        nav.addWidget(self.abandon_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self.cancel_button.clicked.connect(self.reject)
        self.abandon_button.clicked.connect(self.abandon)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)

        self.kind_step = KindStep(self)
        self.account_step = AccountStep(self)
        self.parties_step = PartiesStep(self)
        self.evidence_step = EvidenceStep(self)
        self.eligibility_step = EligibilityStep(self)
        self.signatures_step = SignaturesStep(self)
        self.done_step = DoneStep(self)
        self.pages: dict[str, StepPage] = {
            page.name: page
            for page in (
                self.kind_step,
                self.account_step,
                self.parties_step,
                self.evidence_step,
                self.eligibility_step,
                self.signatures_step,
                self.done_step,
            )
        }
        assert tuple(self.pages) == STEPS
        self.areas: dict[str, QScrollArea] = {}
        for name, page in self.pages.items():
            area = QScrollArea()
            area.setObjectName(f"scroll_{name}")
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(page)
            self.areas[name] = area
            self.stack.addWidget(area)
        for widget in self.stack.findChildren(QWidget):
            widget.installEventFilter(self)
        self.kind_step.kind_group.buttonToggled.connect(lambda *_: self._kind_changed())
        self._kind_changed()
        if transfer_id is not None:
            self._resume(transfers.get_transfer(ctx, session, transfer_id))
        else:
            self._show("kind")
            self._say_if_not_ready()

    def _say_if_not_ready(self) -> None:
        """A desk that cannot open a transfer (no keyring) says so now, not after both parties'
        identity data has been typed (issue 19)."""
        try:
            transfers.ready_to_open(self.ctx, self.session)
        except DomainError as error:
            self.fail(error_text(error))
            self.next_button.setEnabled(False)

    # ------------------------------------------------------------ state
    @property
    def transfer_id(self) -> str | None:
        return self.view.id if self.view is not None else None

    def kind(self) -> TransferKind:
        return self.kind_step.kind()

    def steps(self) -> list[str]:
        return [s for s in STEPS if s != "evidence" or self.kind() is TransferKind.SPECIAL]

    def current_step(self) -> str:
        area = self.stack.currentWidget()
        return next((name for name, page in self.areas.items() if page is area), "kind")

    def page_of(self, widget: QWidget) -> str | None:
        return next((name for name, page in self.pages.items() if page.isAncestorOf(widget)), None)

    def _kind_changed(self) -> None:
        self.parties_step.show_kind(self.kind())
        self._show_steps()

    def _show_steps(self) -> None:
        current = self.current_step() if len(self.areas) == len(STEPS) else "kind"
        parts = []
        for number, name in enumerate(self.steps(), start=1):
            text = f"{number} {_t(str(STEP_TITLES[name]))}"
            if name == current:
                parts.append(f"<b style='color:{style.INFO}'>▶ {text}</b>")
            else:
                parts.append(f"<span style='color:{style.MUTED}'>{text}</span>")
        self.steps_label.setText("　›　".join(parts))

    def _show(self, name: str) -> None:
        self.stack.setCurrentWidget(self.areas[name])
        self._show_steps()
        steps = self.steps()
        index = steps.index(name)
        done = name == "done"
        self.back_button.setEnabled(index > 0 and not done)
        self.back_button.setVisible(not done)
        self.next_button.setVisible(True)
        self.next_button.setText(
            translate("Transfers", "完成办理(&F)")
            if name == "signatures"
            else translate("Transfers", "关闭")
            if done
            else translate("Transfers", "下一步(&N)")
        )
        self.cancel_button.setVisible(not done)
        self.abandon_button.setVisible(not done and self.view is not None)
        self.pages[name].refresh()
        self._focus_first(name)

    def _focus_first(self, name: str) -> None:
        self.pages[name].focus_first(self.inputs(name))

    def refocus(self, name: str) -> None:
        """The cursor to the page's first field still to fill, scrolled into view."""
        self._focus_first(name)
        focused = QApplication.focusWidget()
        if focused is not None:
            self.areas[name].ensureWidgetVisible(focused, 50, 200)

    def inputs(self, name: str) -> list[QWidget]:
        """The page's fields in focus order (what Enter walks through): no buttons or tables, and
        of the kind radios only the chosen one."""
        page = self.pages[name]
        found: list[QWidget] = []
        widget = page.nextInFocusChain()
        seen = 0
        while widget is not None and widget is not page and seen < 2000:
            seen += 1
            if (
                page.isAncestorOf(widget)
                and widget.isVisibleTo(page)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(widget, QPushButton | QTableWidget)
                and not (isinstance(widget, QRadioButton) and not widget.isChecked())
                and widget.focusProxy() is None
                and not any(f.isAncestorOf(widget) for f in found)
                and widget not in found
            ):
                found.append(widget)
            widget = widget.nextInFocusChain()
        return found

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        focused = QApplication.focusWidget()
        inside = focused is not None and self.isAncestorOf(focused)
        if not self._shown_once or not inside:
            self._focus_first(self.current_step())
        self._shown_once = True

    # ------------------------------------------------------------ keyboard
    def watch_keys(self, widget: QWidget) -> None:
        """Enter and Ctrl+Enter in a field added after the pages were built."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt API name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not isinstance(watched, QPushButton)
        ):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.go_next()
            else:
                self._enter()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.go_next()
            else:
                self._enter()
            event.accept()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        """Enter: the next field of the page, or the next page after its last field."""
        name = self.current_step()
        focused = QApplication.focusWidget()
        inputs = self.inputs(name)
        index = next(
            (
                i
                for i, w in enumerate(inputs)
                if focused is not None and (w is focused or w.isAncestorOf(focused))
            ),
            -1,
        )
        if self.pages[name].enter(focused):
            return
        if 0 <= index < len(inputs) - 1:
            focus_field(inputs[index + 1])
            return
        self.go_next()

    # ------------------------------------------------------------ the form
    def form(self) -> TransferForm:
        kind = self.kind()
        new_owner, registered_owner, agents = self.parties_step.people(kind)
        account = self.account_step
        evidence = self.evidence_step
        return TransferForm(
            kind=kind.value,
            phone=self.kind_step.phone.text(),
            account_type=account.account_type.currentText(),
            opened_on=account.opened(),
            opened_checked_where=account.opened_checked_where.text(),
            new_owner=new_owner,
            registered_owner=registered_owner,
            agents=agents,
            sim_working=evidence.sim_working.isChecked(),
            password_verified=evidence.password_verified.isChecked(),
            invoices=evidence.form_invoices(kind),
        )

    def widget_for(self, field: str | None) -> QWidget | None:
        if not field:
            return None
        return next(
            (w for page in self.pages.values() if (w := page.widget_for(field)) is not None),
            None,
        )

    def labels(self) -> dict[str, str]:
        """Field names the refusal texts do not know: 放弃原因 and the agents' fields."""
        return {"reason": translate("Transfers", "放弃原因"), **self.parties_step.agent_labels()}

    def show_error(self, error: DomainError, *, upto: str | None = None) -> bool:
        """Show a refusal: its fields marked on their page (the first such page shown, the cursor
        on the first bad field). With ``upto``, only fields on that page or before count; returns
        whether anything was shown."""
        items: list[DomainError] = (
            list(error.errors) if isinstance(error, ValidationErrors) else [error]
        )
        steps = self.steps()
        if upto is not None:
            limit = steps.index(upto)
            kept = []
            for item in items:
                widget = self.widget_for(item.field)
                page = self.page_of(widget) if widget is not None else None
                if page is not None and page in steps and steps.index(page) <= limit:
                    kept.append(item)
            if not kept:
                return False
            items = kept
        items = sorted(items, key=self._position)  # the first bad field as the eye meets it
        if isinstance(error, ValidationErrors):
            error = ValidationErrors([i for i in items if isinstance(i, ValidationError)])
        widgets = [w for w in (self.widget_for(i.field) for i in items) if w is not None]
        pages = [p for p in (self.page_of(w) for w in widgets) if p is not None and p in steps]
        if pages:
            first = min(pages, key=steps.index)
            if first != self.current_step():
                self._show(first)
        self.field_errors.labels = self.labels()
        self.field_errors.show(error)
        self.notice.hide()
        return True

    def _position(self, error: DomainError) -> tuple[int, int]:
        """Where a refused field is: its page, then its place on the page (unplaced ones last)."""
        widget = self.widget_for(error.field)
        page = self.page_of(widget) if widget is not None else None
        if widget is None or page is None:
            return (len(STEPS), 0)
        order = self.pages[page].findChildren(QWidget)
        return (STEPS.index(page), order.index(widget) if widget in order else 0)

    def clear_errors(self) -> None:
        self.field_errors.clear()

    def error_message(self) -> str:
        return self.field_errors.message(self)

    def fail(self, text: str) -> None:
        """A refusal that names no field, in the error line."""
        self.error_label.say(text)

    # ------------------------------------------------------------ moving
    def go_back(self) -> None:
        steps = self.steps()
        index = steps.index(self.current_step())
        if index > 0:
            self.clear_errors()
            self.notice.hide()
            self._show(steps[index - 1])

    def go_next(self) -> None:
        if not self.next_button.isEnabled():  # the desk cannot go on (no keyring, no field key)
            return
        name = self.current_step()
        self.notice.hide()
        if name == "done":
            self.accept()
            return
        if name in DATA_STEPS and not self._leave_data_page(name):
            return
        if name == "eligibility" and not self._eligible_to_sign():
            return
        if name == "signatures":
            self.complete()
            return
        self.clear_errors()
        steps = self.steps()
        self._show(steps[steps.index(name) + 1])

    def _leave_data_page(self, name: str) -> bool:
        """Check the data up to this page; from the 身份 page on, save it (open or update)."""
        form = self.form()
        try:
            transfers.check_form(
                self.ctx, self.session, form, self.view.id if self.view is not None else None
            )
        except ValidationErrors as errors:
            if self.show_error(errors, upto=name):
                return False
        except DomainError as error:
            self.show_error(error)
            return False
        steps = self.steps()
        if self.view is None and steps.index(name) < steps.index(SAVE_FROM):
            return True
        return self.save(form)

    def save(self, form: TransferForm | None = None) -> bool:
        form = form or self.form()
        had_signatures = bool(self.view and self.view.signatures)
        try:
            with busy():
                if self.view is None:
                    view = transfers.open_transfer(self.ctx, self.session, form)
                else:
                    view = transfers.update_transfer(self.ctx, self.session, self.view.id, form)
        except DomainError as error:
            self.show_error(error)
            return False
        changed = (
            self.view is None
            or view.number != self.view.number
            or (had_signatures and not view.signatures)
        )
        first = self.view is None
        self.view = view
        self.kind_step.lock()
        if first:
            self.setWindowTitle(
                translate("Transfers", "办理过户 — {number}").format(number=view.number)
            )
            self.say(
                translate(
                    "Transfers",
                    "已保存为 {number}（填写中）：中途关闭也不会丢失，可在“过户记录”中继续。",
                ).format(number=view.number)
            )
        elif changed:
            self.say(
                translate(
                    "Transfers", "资料已修改并保存；修改前的签名（及店长审批）已作废，请重新签名。"
                )
            )
        return True

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _eligible_to_sign(self) -> bool:
        """The conditions judged again now (a file removed, midnight passed) before anyone signs."""
        if self.view is None:
            return False
        self.view = transfers.get_transfer(self.ctx, self.session, self.view.id)
        self.eligibility_step.refresh()
        if self.eligibility_step.condition_refusals():
            self.fail(
                translate("Transfers", "尚不符合办理条件，请先按上面的说明处理，再请客户签名。")
            )
            return False
        return True

    # ------------------------------------------------------------ completing
    def complete(self) -> TransferView | None:
        if self.view is None:
            return None
        try:
            with busy():
                view = transfers.complete_transfer(self.ctx, self.session, self.view.id)
        except DomainError as error:
            self.show_error(error)
            return None
        self.view = view
        self.clear_errors()
        self.notice.hide()
        log.info("transfer %s completed in the wizard", view.number)
        self._show("done")
        return view

    # ------------------------------------------------------------ resuming, closing
    def _resume(self, view: TransferView) -> None:
        self.view = view
        self.kind_step.fill(view)
        self.kind_step.lock()
        self.setWindowTitle(
            translate("Transfers", "办理过户 — {number}").format(number=view.number)
        )
        self.account_step.fill(view)
        self.parties_step.fill(view)
        if not view.identity_readable:
            self.fail(
                translate(
                    "Transfers",
                    "本笔的客户身份资料无法读取（加密密钥不可用），暂不能继续办理。请联系技术支持",
                )
            )
            self.next_button.setEnabled(False)
        self.evidence_step.fill(view)
        if view.state is TransferState.FILLING:
            self._show("eligibility")
        else:
            self._show("done")

    def ask_abandon_reason(self) -> str | None:
        """Why the transfer is given up (tests replace this)."""
        text, ok = QInputDialog.getText(
            self,
            translate("Transfers", "放弃本笔过户"),
            translate("Transfers", "放弃原因（如：开户未满规定天数，客户改日再来）："),
        )
        return text if ok else None

    def abandon(self) -> TransferView | None:
        """放弃本笔: kept as 已放弃 with the reason; the wizard closes."""
        if self.view is None:
            return None
        reason = self.ask_abandon_reason()
        if reason is None:
            return None
        try:
            view = transfers.abandon_transfer(self.ctx, self.session, self.view.id, reason)
        except DomainError as error:
            self.show_error(error)
            return None
        self.view = view
        super().reject()
        return view

    def typed_anything(self) -> bool:
        return bool(
            self.kind_step.phone.text().strip()
            or self.account_step.opened_checked_where.text().strip()
            or self.parties_step.typed()
        )

    def ask_close(self, saved: bool) -> bool:
        """Esc or 关闭 before the end: ask first (tests replace this)."""
        if saved:
            text = translate(
                "Transfers", "关闭向导？已填写的内容已保存为“填写中”，可在“过户记录”中继续办理。"
            )
        else:
            text = translate("Transfers", "关闭向导？尚未保存，已填写的内容将丢失。")
        answer = QMessageBox.question(
            self,
            translate("Transfers", "关闭办理过户"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        done = self.view is not None and self.view.state is not TransferState.FILLING
        if (
            not done
            and (self.view is not None or self.typed_anything())
            and not self.ask_close(saved=self.view is not None)
        ):
            return
        super().reject()
