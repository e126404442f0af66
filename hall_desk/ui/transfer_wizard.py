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
- Modal questions go through ``ask_…`` methods and ``open_step_dialog`` / ``open_print_preview``
  callables, which tests replace to act as the person at the counter.
"""

from __future__ import annotations

import html
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPixmap, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError, ValidationError, ValidationErrors
from hall_desk.domain.identity import mask_id_number
from hall_desk.domain.refunds import SIGNATURE_EMPTY, AccountType
from hall_desk.domain.transfers import (
    SIGNATURE_MISSING,
    IdType,
    PartyIdentity,
    PartyRole,
    TopUpInvoice,
    TransferKind,
    TransferState,
    local_today,
)
from hall_desk.services import transfers
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import NEW_CONTRACT_REMINDER, TransferForm, TransferView
from hall_desk.ui import style
from hall_desk.ui.errors import PARTY_FIELDS, error_text
from hall_desk.ui.field_errors import FieldErrors, error_line
from hall_desk.ui.lifecycle_dialogs import combo, line
from hall_desk.ui.screen import fit_to_screen
from hall_desk.ui.signature_pad import SignatureEmpty, SignaturePad
from hall_desk.ui.transfers import (
    OK_STYLE,
    REMINDER_STYLE,
    DocumentsPanel,
    ExceptionalApprovalDialog,
    ImageViewer,
    OpenDialog,
    OpenPreview,
    busy,
    button,
    exec_dialog,
    human_size,
    media_label,
    message_label,
    show_modal,
    table,
)
from hall_desk.ui.vocabulary import listing, term

log = logging.getLogger(__name__)


translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def signer_label(who: str) -> str:
    """新机主 / 原机主 / 经办营业员 / 见证人 in the UI language (markers: ui/errors.py SIGNER_NAMES)."""
    return translate("Errors", transfers.SIGNER_LABELS[who])


def _t(text: str) -> str:
    return translate("Transfers", text)


STEPS = ("kind", "account", "parties", "evidence", "eligibility", "signatures", "done")
STEP_TITLES = {
    "kind": QT_TRANSLATE_NOOP("Transfers", "类型"),
    "account": QT_TRANSLATE_NOOP("Transfers", "账户"),
    "parties": QT_TRANSLATE_NOOP("Transfers", "身份"),
    "evidence": QT_TRANSLATE_NOOP("Transfers", "证明材料"),
    "eligibility": QT_TRANSLATE_NOOP("Transfers", "资格检查"),
    "signatures": QT_TRANSLATE_NOOP("Transfers", "签名"),
    "done": QT_TRANSLATE_NOOP("Transfers", "完成"),
}
DATA_STEPS = ("kind", "account", "parties", "evidence")
SAVE_FROM = "parties"  # leaving this page saves the transfer for the first time
EVIDENCE_FILTER = QT_TRANSLATE_NOOP(
    "Transfers", "图片或 PDF (*.jpg *.jpeg *.png *.pdf *.JPG *.JPEG *.PNG *.PDF)"
)


def focus_field(widget: QWidget) -> None:
    """The cursor into a field as Tab puts it there; a date is selected whole, so typing
    2026-09-01 replaces it."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    if isinstance(widget, QDateEdit):
        widget.setCurrentSection(widget.sectionAt(0))
        widget.selectAll()


def masked_party(party: PartyIdentity) -> str:
    return (
        f"{html.escape(party.name)}　{html.escape(term(party.id_type))} "
        f"{html.escape(mask_id_number(party.id_number))}　{html.escape(term(party.address))}"
    )


# -- one person's identity -----------------------------------------------------------------------


class PartyFields(QWidget):
    """证件类别, 证件号码, 姓名, 住址 of one person (typed or pasted; an ID-card reader may fill
    them later through :meth:`fill`)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.id_type = combo(f"{name}_id_type", [t.value for t in IdType])
        self.id_number = line(
            f"{name}_id_number", translate("Transfers", "18 位号码，可粘贴；末位 x 自动转大写")
        )
        self.id_number.setMaxLength(40)
        self.reveal_button = QPushButton(translate("Transfers", "显示完整号码"))
        self.reveal_button.setObjectName(f"{name}_reveal")
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setToolTip(
            translate("Transfers", "显示本人完整证件号码（将记录查看人和时间）")
        )
        self.reveal_button.hide()
        self.masked_number = ""  # the number as shown masked after resuming ("" once typed over)
        self.id_number.textEdited.connect(self._typed_over)
        number_row = QWidget()
        number_layout = QHBoxLayout(number_row)
        number_layout.setContentsMargins(0, 0, 0, 0)
        number_layout.addWidget(self.id_number, 1)
        number_layout.addWidget(self.reveal_button)
        self.person_name = line(f"{name}_name", translate("Transfers", "与证件一致"))
        self.person_name.setMaxLength(40)
        self.address = line(f"{name}_address", translate("Transfers", "证件上的住址"))
        self.address.setMaxLength(200)
        for label, widget in (
            (translate("Transfers", "证件类别"), self.id_type),
            (translate("Transfers", "证件号码"), number_row),
            (translate("Transfers", "姓名"), self.person_name),
            (translate("Transfers", "住址"), self.address),
        ):
            form.addRow(label, widget)
            buddy = form.labelForField(widget)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(self.id_number if widget is number_row else widget)

    def widget(self, part: str) -> QWidget | None:
        return {
            "id_type": self.id_type,
            "id_number": self.id_number,
            "name": self.person_name,
            "address": self.address,
        }.get(part)

    def values(self) -> dict[str, str]:
        return {
            "id_type": self.id_type.currentText(),
            "id_number": self.id_number.text(),
            "name": self.person_name.text(),
            "address": self.address.text(),
        }

    def fill(self, party: PartyIdentity, *, may_reveal: bool = False) -> None:
        """Fill in a person; a masked number (a resumed transfer) gets 显示完整号码 when
        ``may_reveal``."""
        self.id_type.setCurrentText(party.id_type.value)
        self.id_number.setText(party.id_number)
        self.person_name.setText(party.name)
        self.address.setText(party.address)
        self.masked_number = party.id_number if "*" in party.id_number else ""
        self.reveal_button.setVisible(bool(self.masked_number) and may_reveal)

    def show_full(self, number: str) -> None:
        self.id_number.setText(number)
        self.masked_number = ""
        self.reveal_button.hide()

    def _typed_over(self, _text: str) -> None:
        if self.masked_number:  # a new number is being typed over the masked one
            self.masked_number = ""
            self.reveal_button.hide()

    def typed(self) -> bool:
        return any(w.text().strip() for w in (self.id_number, self.person_name, self.address))


class PartyBox(QGroupBox):
    """A party (原机主 / 新机主) and, when 有代办人 is ticked, the agent acting for them."""

    def __init__(self, role: PartyRole, key: str, parent: QWidget | None = None) -> None:
        super().__init__(term(role), parent)
        self.role = role
        self.key = key
        self.setObjectName(f"{key}_box")
        layout = QVBoxLayout(self)
        self.fields = PartyFields(key)
        layout.addWidget(self.fields)
        self.agent_check = QCheckBox(
            translate("Transfers", "有代办人（代{role}办理）").format(role=term(role))
        )
        self.agent_check.setObjectName(f"{key}_has_agent")
        layout.addWidget(self.agent_check)
        self.agent_box = QGroupBox(
            translate("Transfers", "代办人（代{role}）").format(role=term(role))
        )
        self.agent_box.setObjectName(f"{key}_agent_box")
        agent_layout = QVBoxLayout(self.agent_box)
        self.agent = PartyFields(f"{key}_agent")
        agent_layout.addWidget(self.agent)
        layout.addWidget(self.agent_box)
        layout.addStretch(1)
        self.agent_box.setVisible(False)
        self.agent_check.toggled.connect(self._agent_toggled)

    def _agent_toggled(self, on: bool) -> None:
        self.agent_box.setVisible(on)
        if on:
            self.agent.id_number.setFocus()


# -- one signer ----------------------------------------------------------------------------------


class SignerBox(QGroupBox):
    """One signature: the pad, 清除 and 确认签名; the second witness first types their staff number
    and password (checked by the service)."""

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.who = who
        self.setObjectName(f"signer_{who}")
        layout = QVBoxLayout(self)
        status_row = QHBoxLayout()
        self.status = message_label(f"signer_{who}_status")
        status_row.addWidget(self.status, 1)
        self.image = QLabel()  # the signature just given, small
        self.image.setObjectName(f"signer_{who}_image")
        status_row.addWidget(self.image)
        layout.addLayout(status_row)
        self.entry = QWidget()  # what is hidden once signed
        entry = QVBoxLayout(self.entry)
        entry.setContentsMargins(0, 0, 0, 0)
        self.staff_no: QLineEdit | None = None
        self.password: QLineEdit | None = None
        if who == "second_witness":
            row = QHBoxLayout()
            self.staff_no = line("witness_staff_no", translate("Transfers", "值班经理或店长的工号"))
            self.staff_no.setMaxLength(20)
            self.password = line("witness_password", translate("Transfers", "本人密码"))
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            for text, widget in (
                (translate("Transfers", "见证人工号"), self.staff_no),
                (translate("Transfers", "密码"), self.password),
            ):
                label = QLabel(text)
                label.setBuddy(widget)
                row.addWidget(label)
                row.addWidget(widget, 1)
            entry.addLayout(row)
        self.pad = SignaturePad()
        self.pad.setObjectName(f"pad_{who}")
        self.pad.setFixedHeight(140)
        self.pad.setAccessibleName(
            translate("Transfers", "{who}签名").format(who=signer_label(who))
        )
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.pad, 1)
        buttons = QVBoxLayout()
        self.confirm_button = button(translate("Transfers", "确认签名"), f"confirm_{who}")
        self.clear_button = button(translate("Transfers", "清除"), f"clear_{who}")
        self.clear_button.setAutoDefault(False)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        pad_row.addLayout(buttons)
        entry.addLayout(pad_row)
        layout.addWidget(self.entry)
        self.error = error_line(f"signer_{who}_error")
        layout.addWidget(self.error)
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad.changed.connect(self.error.hide)
        self.signed_png = b""

    def show_state(self, title: str, signed: dict[str, Any] | None) -> None:
        """Unsigned: the pad (and the witness's sign-in); signed: who and when, and the
        signature when it was given here."""
        self.setTitle(title)
        done = signed is not None
        if signed is not None:
            at = signed.get("at")
            when = format_local(datetime.fromisoformat(at)) if isinstance(at, str) and at else ""
            self.status.setText(
                translate("Transfers", "✔ 已签名：{name}{no}　{when}").format(
                    name=signed.get("signer_name", ""),
                    no=f"（{signed['signer_no']}）" if signed.get("signer_no") else "",
                    when=when,
                )
            )
            self.status.setStyleSheet(style.OK_TEXT_BOLD + f" font-size: {style.EMPHASIS_PX}px;")
            self.pad.clear()
            self.error.hide()
        else:
            self.signed_png = b""
            self.status.setText(translate("Transfers", "未签名"))
            self.status.setStyleSheet(style.WARNING_TEXT)
        pixmap = QPixmap()
        if done and self.signed_png and pixmap.loadFromData(self.signed_png):
            self.image.setPixmap(
                pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation)
            )
            self.image.show()
        else:
            self.image.hide()
        self.entry.setVisible(not done)

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


# -- the wizard ----------------------------------------------------------------------------------


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
        self._agent_boxes: list[PartyBox] = []  # the agents of the last form, in its order
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

        self.pages: dict[str, QWidget] = {}
        self.areas: dict[str, QScrollArea] = {}
        builders = {
            "kind": self._build_kind,
            "account": self._build_account,
            "parties": self._build_parties,
            "evidence": self._build_evidence,
            "eligibility": self._build_eligibility,
            "signatures": self._build_signatures,
            "done": self._build_done,
        }
        for name in STEPS:
            page = QWidget()
            page.setObjectName(f"page_{name}")
            builders[name](page)
            area = QScrollArea()
            area.setObjectName(f"scroll_{name}")
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(page)
            self.pages[name] = page
            self.areas[name] = area
            self.stack.addWidget(area)
        for widget in self.stack.findChildren(QWidget):
            widget.installEventFilter(self)
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
            self.error_label.setText(error_text(error))
            self.error_label.show()
            self.next_button.setEnabled(False)

    # ------------------------------------------------------------ pages: building
    def _title(self, page: QWidget, text: str, intro: str = "") -> QVBoxLayout:
        layout = QVBoxLayout(page)
        title = QLabel(text)
        title.setStyleSheet(style.heading())
        layout.addWidget(title)
        if intro:
            label = message_label("")
            label.setText(intro)
            label.setStyleSheet(style.SECONDARY_TEXT)
            layout.addWidget(label)
        return layout

    def _build_kind(self, page: QWidget) -> None:
        layout = self._title(
            page,
            translate("Transfers", "办理类型与号码"),
            translate(
                "Transfers",
                "过户：原机主与新机主都到场。特殊过户：原机主不在场，新机主须带有效证件，"
                "并提供至少两项证明（SIM 卡可正常使用、服务密码正确、近期充值发票）。",
            ),
        )
        form = QFormLayout()
        kinds = QHBoxLayout()
        self.normal_radio = QRadioButton(translate("Transfers", "过户（原机主到场）"))
        self.normal_radio.setObjectName("kind_normal")
        self.special_radio = QRadioButton(translate("Transfers", "特殊过户（原机主不在场）"))
        self.special_radio.setObjectName("kind_special")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.normal_radio)
        self.kind_group.addButton(self.special_radio)
        self.normal_radio.setChecked(True)
        kinds.addWidget(self.normal_radio)
        kinds.addWidget(self.special_radio)
        kinds.addStretch(1)
        kinds_widget = QWidget()
        kinds_widget.setLayout(kinds)
        kinds.setContentsMargins(0, 0, 0, 0)
        form.addRow(translate("Transfers", "类型"), kinds_widget)
        self.phone = line("phone", translate("Transfers", "11 位手机号码，可粘贴"))
        self.phone.setMaxLength(20)
        self.phone.setMaximumWidth(280)
        form.addRow(translate("Transfers", "手机号码(&P)"), self.phone)
        phone_label = form.labelForField(self.phone)
        if isinstance(phone_label, QLabel):
            phone_label.setBuddy(self.phone)
        self.kind_fixed = message_label("kindFixed")
        self.kind_fixed.setStyleSheet(style.MUTED_TEXT)
        self.kind_fixed.hide()
        form.addRow("", self.kind_fixed)
        layout.addLayout(form)
        layout.addStretch(1)
        self.kind_group.buttonToggled.connect(lambda *_: self._kind_changed())

    def _build_account(self, page: QWidget) -> None:
        layout = self._title(
            page,
            translate("Transfers", "账户"),
            translate(
                "Transfers",
                "按营业厅业务系统（BOSS）客户信息页显示的内容填写。账户须开户超过 {prepaid} 天（预付费）"
                "或 {postpaid} 天（后付费）方可过户。",
            ).format(
                prepaid=self.ctx.policy.transfer_prepaid_min_days,
                postpaid=self.ctx.policy.transfer_postpaid_min_days,
            ),
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.account_type = combo("account_type", ["", *[a.value for a in AccountType]])
        form.addRow(translate("Transfers", "账户类型(&T)"), self.account_type)
        self.opened_on = QDateEdit()
        self.opened_on.setObjectName("opened_on")
        self.opened_on.setDisplayFormat("yyyy-MM-dd")
        self.opened_on.setCalendarPopup(True)
        self.opened_on.setMinimumDate(QDate(1990, 1, 1))
        today = local_today(self.ctx.clock.now())
        self.opened_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.opened_on.setDate(QDate(today.year, today.month, today.day))
        self.opened_on.setToolTip(
            translate("Transfers", "按业务系统显示的开户日期（北京时间）；可直接键入 2026-09-01")
        )
        form.addRow(translate("Transfers", "开户日期(&D)"), self.opened_on)
        self.opened_checked_where = line(
            "opened_checked_where", translate("Transfers", "如 BOSS 客户信息页")
        )
        self.opened_checked_where.setMaxLength(100)
        for widget, width in (
            (self.account_type, 280),
            (self.opened_on, 180),
            (self.opened_checked_where, 420),
        ):
            widget.setMaximumWidth(width)
        form.addRow(translate("Transfers", "核对位置(&W)"), self.opened_checked_where)
        checker = QLabel(
            translate("Transfers", "{name}（工号 {no}，本人登录）").format(
                name=self.session.name, no=self.session.staff_no
            )
        )
        checker.setObjectName("checker")
        form.addRow(translate("Transfers", "核对人"), checker)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(field.widget())
        layout.addLayout(form)
        layout.addStretch(1)

    def _build_parties(self, page: QWidget) -> None:
        layout = self._title(
            page,
            translate("Transfers", "身份"),
            translate(
                "Transfers",
                "按证件填写（证件类别、证件号码、姓名、住址）；有人代办时勾选“有代办人”并登记代办人的证件。"
                "居民身份证号码逐位校验（出生日期、地区码、校验码）。",
            ),
        )
        row = QHBoxLayout()
        self.registered_box = PartyBox(PartyRole.REGISTERED_OWNER, "registered_owner")
        self.new_box = PartyBox(PartyRole.NEW_OWNER, "new_owner")
        row.addWidget(self.registered_box, 1)
        row.addWidget(self.new_box, 1)
        layout.addLayout(row)
        layout.addStretch(1)

    def _build_evidence(self, page: QWidget) -> None:
        policy = self.ctx.policy
        layout = self._title(
            page,
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

    def _build_eligibility(self, page: QWidget) -> None:
        layout = self._title(page, translate("Transfers", "资格检查"))
        self.summary = message_label("transferSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet(style.FACT_BOX)
        layout.addWidget(self.summary)
        self.verdict = message_label("eligibilityVerdict")
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdict)
        row = QHBoxLayout()
        self.approve_button = button(translate("Transfers", "店长审批(&A)…"), "approveExceptional")
        self.approve_button.clicked.connect(self.ask_approval)
        row.addWidget(self.approve_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def _build_signatures(self, page: QWidget) -> None:
        layout = self._title(page, translate("Transfers", "签名"))
        self.sign_reminder = QLabel(_t(NEW_CONTRACT_REMINDER))
        self.sign_reminder.setObjectName("signReminder")
        self.sign_reminder.setWordWrap(True)
        self.sign_reminder.setStyleSheet(REMINDER_STYLE)
        layout.addWidget(self.sign_reminder)
        self.signer_boxes: dict[str, SignerBox] = {}
        for who in ("registered_owner", "new_owner", "clerk", "second_witness"):
            box = SignerBox(who)
            box.confirm_button.clicked.connect(lambda _=False, w=who: self.confirm_signature(w))
            layout.addWidget(box)
            self.signer_boxes[who] = box
        layout.addStretch(1)

    def _build_done(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
        self.documents = DocumentsPanel(
            self.ctx, self.session, lambda dialog: self.open_print_preview(dialog)
        )
        layout.addWidget(self.documents)

    # ------------------------------------------------------------ state
    @property
    def transfer_id(self) -> str | None:
        return self.view.id if self.view is not None else None

    def kind(self) -> TransferKind:
        return TransferKind.SPECIAL if self.special_radio.isChecked() else TransferKind.NORMAL

    def steps(self) -> list[str]:
        return [s for s in STEPS if s != "evidence" or self.kind() is TransferKind.SPECIAL]

    def current_step(self) -> str:
        area = self.stack.currentWidget()
        return next((name for name, page in self.areas.items() if page is area), "kind")

    def page_of(self, widget: QWidget) -> str | None:
        return next((name for name, page in self.pages.items() if page.isAncestorOf(widget)), None)

    def _kind_changed(self) -> None:
        special = self.kind() is TransferKind.SPECIAL
        self.registered_box.setVisible(not special)
        self._show_steps()

    def _show_steps(self) -> None:
        current = self.current_step() if len(self.areas) == len(STEPS) else "kind"
        parts = []
        for number, name in enumerate(self.steps(), start=1):
            text = f"{number} {_t(STEP_TITLES[name])}"
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
        refresh = {
            "evidence": self._refresh_evidence,
            "eligibility": self._refresh_eligibility,
            "signatures": self._refresh_signatures,
            "done": self._refresh_done,
        }
        if name in refresh:
            refresh[name]()
        self._focus_first(name)

    def _focus_first(self, name: str) -> None:
        inputs = self.inputs(name)
        if name == "signatures":
            unsigned = [
                b
                for b in self.signer_boxes.values()
                if b.isVisibleTo(self) and b.entry.isVisibleTo(self)
            ]
            if unsigned:
                first = unsigned[0]
                (first.staff_no if first.staff_no is not None else first.pad).setFocus()
                return
        if inputs:
            focus_field(inputs[0])

    def inputs(self, name: str) -> list[QWidget]:
        """The page's fields in focus order (what Enter walks through): no buttons or tables, and
        of the kind radios only the chosen one."""
        page = self.pages[name]
        found: list[QWidget] = []
        widget = page.nextInFocusChain()
        seen = 0
        while widget is not page and seen < 2000:
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
        if name == "signatures":
            box = next(
                (
                    b
                    for b in self.signer_boxes.values()
                    if focused is not None and b.isAncestorOf(focused)
                ),
                None,
            )
            if box is not None and focused is box.pad:
                self.confirm_signature(box.who)
                return
        if 0 <= index < len(inputs) - 1:
            focus_field(inputs[index + 1])
            return
        self.go_next()

    # ------------------------------------------------------------ the form
    def form(self) -> TransferForm:
        kind = self.kind()
        agents: list[tuple[str, dict[str, str]]] = []
        self._agent_boxes = []
        boxes = (
            [self.new_box] if kind is TransferKind.SPECIAL else [self.registered_box, self.new_box]
        )
        for box in boxes:
            if box.agent_check.isChecked():
                agents.append((box.role.value, box.agent.values()))
                self._agent_boxes.append(box)
        invoices = []
        for row in range(self.invoice_table.rowCount()):
            month, fixed = self._invoice_row(row)
            invoices.append(TopUpInvoice(month, fixed))
        qdate = self.opened_on.date()
        return TransferForm(
            kind=kind.value,
            phone=self.phone.text(),
            account_type=self.account_type.currentText(),
            opened_on=date(qdate.year(), qdate.month(), qdate.day()),
            opened_checked_where=self.opened_checked_where.text(),
            new_owner=self.new_box.fields.values(),
            registered_owner=(
                self.registered_box.fields.values() if kind is TransferKind.NORMAL else None
            ),
            agents=agents,
            sim_working=self.sim_working.isChecked(),
            password_verified=self.password_verified.isChecked(),
            invoices=invoices if kind is TransferKind.SPECIAL else [],
        )

    def widget_for(self, field: str | None) -> QWidget | None:
        if not field:
            return None
        direct: dict[str, QWidget] = {
            "kind": self.normal_radio,
            "phone": self.phone,
            "account_type": self.account_type,
            "opened_on": self.opened_on,
            "opened_checked_where": self.opened_checked_where,
            "registered_owner": self.registered_box.fields.id_number,
            "new_owner": self.new_box.fields.id_number,
            "evidence": self.sim_working,
            "invoices": self.invoice_table,
            "evidence_files": self.files_table,
            "agents": self.new_box.agent_check,
        }
        if field in direct:
            return direct[field]
        if field.startswith("signatures."):
            box = self.signer_boxes.get(field.removeprefix("signatures."))
            return box.pad if box is not None else None
        head, _, part = field.rpartition(".")
        if head in ("new_owner", "registered_owner"):
            box = self.new_box if head == "new_owner" else self.registered_box
            return box.fields.widget(part)
        if head.startswith("agents."):
            index = int(head.split(".")[1])
            if 0 <= index < len(self._agent_boxes):
                box = self._agent_boxes[index]
                return box.agent_check if part == "acts_for" else box.agent.widget(part)
        return None

    def labels(self) -> dict[str, str]:
        """The agents' fields by whom they act for (agents.0.name → 代办人（代新机主）姓名)."""
        labels = {"reason": translate("Transfers", "放弃原因")}
        for index, box in enumerate(self._agent_boxes):
            for part, text in PARTY_FIELDS.items():
                labels[f"agents.{index}.{part}"] = translate(
                    "Transfers", "代办人（代{role}）"
                ).format(role=term(box.role)) + _t(text)
        return labels

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
        pages = [
            self.page_of(w) for w in (self.widget_for(i.field) for i in items) if w is not None
        ]
        pages = [p for p in pages if p in steps]
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
        self._lock_kind()
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

    def _lock_kind(self) -> None:
        for radio in (self.normal_radio, self.special_radio):
            radio.setEnabled(False)
        self.kind_fixed.setText(
            translate(
                "Transfers", "已保存为“{kind}”，类型不能更改；如需更改，请放弃本笔后重新办理。"
            ).format(kind=term(self.kind()))
        )
        self.kind_fixed.show()

    def _condition_refusals(self) -> list[Any]:
        assert self.view is not None
        return [
            r
            for r in self.view.eligibility.refusals
            if r.code != SIGNATURE_MISSING and not (r.field or "").startswith("signatures.")
        ]

    def _eligible_to_sign(self) -> bool:
        """The conditions judged again now (a file removed, midnight passed) before anyone signs."""
        if self.view is None:
            return False
        self.view = transfers.get_transfer(self.ctx, self.session, self.view.id)
        self._refresh_eligibility()
        if self._condition_refusals():
            self.error_label.setText(
                translate("Transfers", "尚不符合办理条件，请先按上面的说明处理，再请客户签名。")
            )
            self.error_label.show()
            return False
        return True

    # ------------------------------------------------------------ evidence
    def add_invoice(self, month: date | None = None, fixed_value: bool = False) -> None:
        row = self.invoice_table.rowCount()
        self.invoice_table.insertRow(row)
        today = local_today(self.ctx.clock.now())
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
        edit.installEventFilter(self)
        check.installEventFilter(self)
        self.invoice_table.selectRow(row)
        focus_field(edit)

    def _invoice_row(self, row: int) -> tuple[date, bool]:
        edit = self.invoice_table.cellWidget(row, 0)
        check = self.invoice_table.cellWidget(row, 1)
        assert isinstance(edit, QDateEdit) and isinstance(check, QCheckBox)
        picked = edit.date()
        return date(picked.year(), picked.month(), 1), check.isChecked()

    def remove_invoice(self) -> None:
        row = self.invoice_table.currentRow()
        if row < 0:
            row = self.invoice_table.rowCount() - 1
        if row >= 0:
            self.invoice_table.removeRow(row)

    def ask_evidence_files(self) -> list[str]:
        """The scans or photos to attach (the system file dialog; tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self, translate("Transfers", "添加证明材料"), "", _t(EVIDENCE_FILTER)
        )
        return paths

    def add_evidence(self) -> None:
        if self.view is None:
            return
        attached = 0
        for path in self.ask_evidence_files():
            name = Path(path).name
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                self.error_label.setText(
                    translate("Transfers", "无法读取文件“{name}”：{why}").format(
                        name=name, why=error.strerror or error
                    )
                )
                self.error_label.show()
                continue
            try:
                self.view = transfers.attach_evidence(
                    self.ctx, self.session, self.view.id, name, data
                )
            except DomainError as error:
                self.show_error(error)
                continue
            attached += 1
        if attached:
            self.clear_errors()
            self.say(translate("Transfers", "已添加 {n} 份证明材料。").format(n=attached))
        self._refresh_evidence()

    def _selected_file(self) -> transfers.FileView | None:
        row = self.files_table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.evidence_files):
            return None
        return self.view.evidence_files[row]

    def view_evidence(self) -> None:
        item = self._selected_file()
        if item is None or self.view is None:
            return
        name, media_type, data = transfers.file_content(self.session, self.view.id, item.id)
        if media_type == "application/pdf":
            from hall_desk.ui.print_preview import PrintPreviewDialog

            self.open_print_preview(PrintPreviewDialog(data, name, self))
        else:
            self.open_print_preview(ImageViewer(name, data, self))

    def remove_evidence(self) -> None:
        item = self._selected_file()
        if item is None or self.view is None:
            return
        try:
            self.view = transfers.remove_evidence(self.ctx, self.session, self.view.id, item.id)
        except DomainError as error:
            self.show_error(error)
            return
        self.say(
            translate("Transfers", "已移除“{name}”（文件仍留存备查）。").format(name=item.name)
        )
        self._refresh_evidence()

    def _refresh_evidence(self) -> None:
        files = self.view.evidence_files if self.view is not None else []
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
        saved = self.view is not None
        self.add_file_button.setEnabled(saved)
        self.view_file_button.setEnabled(bool(files))
        self.remove_file_button.setEnabled(bool(files))

    # ------------------------------------------------------------ eligibility
    def _refresh_eligibility(self) -> None:
        view = self.view
        if view is None:
            return
        draft = view.draft
        rows = [
            (translate("Transfers", "编号"), html.escape(view.number)),
            (translate("Transfers", "类型"), html.escape(term(view.kind))),
            (translate("Transfers", "号码"), html.escape(view.masked_phone)),
            (
                translate("Transfers", "账户"),
                html.escape(
                    translate(
                        "Transfers", "{type}，开户日期 {opened}（{who}核对于 {where}）"
                    ).format(
                        type=term(view.account_type),
                        opened=view.opened_on.isoformat(),
                        who=view.created_by_name,
                        where=view.opened_checked_where,
                    )
                ),
            ),
        ]
        if draft.registered_owner is not None:
            rows.append((translate("Transfers", "原机主"), masked_party(draft.registered_owner)))
        rows.append((translate("Transfers", "新机主"), masked_party(draft.new_owner)))
        for agent in draft.agents:
            rows.append(
                (
                    translate("Transfers", "代办人（代{role}）").format(role=term(agent.acts_for)),
                    masked_party(agent.identity),
                )
            )
        if view.kind is TransferKind.SPECIAL:
            proofs = []
            if draft.evidence.sim_working:
                proofs.append(translate("Transfers", "SIM 卡可正常使用"))
            if draft.evidence.password_verified:
                proofs.append(translate("Transfers", "服务密码验证正确"))
            if draft.evidence.invoices:
                proofs.append(
                    translate("Transfers", "充值发票 {n} 张（计入 {m} 个月）").format(
                        n=len(draft.evidence.invoices), m=len(view.eligibility.invoice_months)
                    )
                )
            rows.append(
                (
                    translate("Transfers", "证明"),
                    html.escape(listing(proofs) or translate("Transfers", "无")),
                )
            )
            rows.append(
                (
                    translate("Transfers", "材料文件"),
                    html.escape(
                        translate("Transfers", "{n} 份").format(n=len(view.evidence_files))
                    ),
                )
            )
        if view.approval:
            rows.append(
                (
                    translate("Transfers", "店长审批"),
                    html.escape(
                        translate("Transfers", "{name}（{no}）批准：{reason}").format(
                            name=view.approval.get("approver_name", ""),
                            no=view.approval.get("approver_no", ""),
                            reason=view.approval.get("reason", ""),
                        )
                    ),
                )
            )
        self.summary.setText(
            "<table cellspacing='0'>"
            + "".join(
                f"<tr><td style='color:{style.LABEL}; padding:2px 12px 2px 0' nowrap>{label}</td>"
                f"<td style='padding:2px 0'>{value}</td></tr>"
                for label, value in rows
            )
            + "</table>"
        )
        refusals = self._condition_refusals()
        if refusals:
            items = "".join(
                f"<li style='margin-bottom:4px'>{html.escape(error_text(r))}</li>" for r in refusals
            )
            self.verdict.setText(
                f"<div style='color:{style.ERROR}; font-size:{style.EMPHASIS_PX}px'><b>"
                + html.escape(translate("Transfers", "尚不符合办理条件："))
                + f"</b><ul style='margin-left:-20px'>{items}</ul></div>"
            )
            self.verdict.setStyleSheet(
                f"QLabel {{ background: {style.ERROR_BACKGROUND}; padding: 8px; }}"
            )
        else:
            note = translate("Transfers", "符合办理条件，请各方签名。")
            if view.eligibility.exceptional:
                note = translate("Transfers", "经店长批准按例外程序（仅凭充值发票）办理，") + note
            self.verdict.setText(
                f"<b style='color:{style.OK}; font-size:{style.EMPHASIS_PX}px'>"
                f"✔ {html.escape(note)}</b>"
            )
            self.verdict.setStyleSheet(
                f"QLabel {{ background: {style.OK_BACKGROUND}; padding: 8px; }}"
            )
        self.approve_button.setVisible(view.needs_exceptional_approval)

    def eligibility_text(self) -> str:
        """What the 资格检查 page says (plain text)."""
        text = QTextDocument()
        text.setHtml(self.verdict.text())
        return text.toPlainText()

    def ask_approval(self) -> None:
        if self.view is None:
            return
        dialog = ExceptionalApprovalDialog(self.ctx, self.session, self.view, self)
        accepted = self.open_step_dialog(dialog)
        result = dialog.result_value
        dialog.deleteLater()
        if accepted and result is not None:
            self.view = result
            self.say(translate("Transfers", "店长已批准按例外程序办理。"))
            self._refresh_eligibility()

    # ------------------------------------------------------------ signatures
    def _refresh_signatures(self) -> None:
        view = self.view
        if view is None:
            return
        needed = view.signers_needed()
        parties = {
            "new_owner": view.draft.new_owner.name,
            "registered_owner": view.draft.registered_owner.name
            if view.draft.registered_owner
            else "",
        }
        for who, box in self.signer_boxes.items():
            box.setVisible(who in needed)
            if who not in needed:
                continue
            if who in parties:
                title = translate("Transfers", "{role}：{name}").format(
                    role=signer_label(who), name=parties[who]
                )
            elif who == "clerk":
                title = translate("Transfers", "经办营业员：{name}（{no}）").format(
                    name=self.session.name, no=self.session.staff_no
                )
            else:
                title = translate(
                    "Transfers",
                    "见证人（值班经理或店长，须与经办营业员不是同一人）：先输入工号和密码，再签名",
                )
            box.show_state(title, view.signatures.get(who))

    def confirm_signature(self, who: str) -> TransferView | None:
        box = self.signer_boxes[who]
        if self.view is None or not box.entry.isVisibleTo(self):
            return None
        try:
            png = box.pad.signature_png()
        except SignatureEmpty:
            box.fail(
                translate("Transfers", "请先在签名板上签名")
                if who in ("clerk", "second_witness")
                else error_text(DomainError(SIGNATURE_EMPTY))
            )
            box.pad.setFocus()
            return None
        try:
            with busy():
                if who in ("new_owner", "registered_owner"):
                    view = transfers.sign_as_customer(
                        self.ctx,
                        self.session,
                        self.view.id,
                        PartyRole.NEW_OWNER if who == "new_owner" else PartyRole.REGISTERED_OWNER,
                        png,
                    )
                elif who == "clerk":
                    view = transfers.sign_as_clerk(self.ctx, self.session, self.view.id, png)
                else:
                    assert box.staff_no is not None and box.password is not None
                    view = transfers.sign_as_second_witness(
                        self.ctx,
                        self.session,
                        self.view.id,
                        staff_no=box.staff_no.text(),
                        password=box.password.text(),
                        png=png,
                    )
        except DomainError as error:
            box.fail(error_text(error))
            if box.password is not None:
                box.password.clear()  # typed again, by the same or by another person
                if error.code.startswith("auth."):
                    box.password.setFocus()
            if box.staff_no is not None and not error.code.startswith("auth."):
                box.pad.clear()  # another person signs: their own signature
                box.fail(error_text(error))
                box.staff_no.setFocus()
                box.staff_no.selectAll()
            return None
        if box.password is not None:
            box.password.clear()
        box.signed_png = png
        self.view = view
        self._refresh_signatures()
        self._focus_first("signatures")
        focused = QApplication.focusWidget()
        if focused is not None:
            self.areas["signatures"].ensureWidgetVisible(focused, 50, 200)
        return view

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

    def _refresh_done(self) -> None:
        if self.view is not None:
            self.documents.show_transfer(self.view)

    # ------------------------------------------------------------ resuming, closing
    def _resume(self, view: TransferView) -> None:
        self.view = view
        (self.special_radio if view.kind is TransferKind.SPECIAL else self.normal_radio).setChecked(
            True
        )
        self._lock_kind()
        self.setWindowTitle(
            translate("Transfers", "办理过户 — {number}").format(number=view.number)
        )
        self.phone.setText(view.phone)
        self.account_type.setCurrentText(view.account_type)
        self.opened_on.setDate(QDate(view.opened_on.year, view.opened_on.month, view.opened_on.day))
        self.opened_checked_where.setText(view.opened_checked_where)
        draft = view.draft
        allowed = view.identity_readable and transfers.may_reveal(self.session, view)
        self.new_box.fields.fill(draft.new_owner, may_reveal=allowed)
        self._connect_reveal(self.new_box.fields, "new_owner")
        if draft.registered_owner is not None:
            self.registered_box.fields.fill(draft.registered_owner, may_reveal=allowed)
            self._connect_reveal(self.registered_box.fields, "registered_owner")
        for index, agent in enumerate(draft.agents):
            box = self.new_box if agent.acts_for is PartyRole.NEW_OWNER else self.registered_box
            box.agent_check.setChecked(True)
            box.agent.fill(agent.identity, may_reveal=allowed)
            self._connect_reveal(box.agent, f"agents.{index}")
        if not view.identity_readable:
            self.error_label.setText(
                translate(
                    "Transfers",
                    "本笔的客户身份资料无法读取（加密密钥不可用），暂不能继续办理。请联系技术支持",
                )
            )
            self.error_label.show()
            self.next_button.setEnabled(False)
        self.sim_working.setChecked(draft.evidence.sim_working)
        self.password_verified.setChecked(draft.evidence.password_verified)
        for invoice in draft.evidence.invoices:
            self.add_invoice(invoice.month, invoice.fixed_value)
        if view.state is TransferState.FILLING:
            self._show("eligibility")
        else:
            self._show("done")

    def _connect_reveal(self, fields: PartyFields, who: str) -> None:
        fields.reveal_button.clicked.connect(lambda _checked=False: self.reveal(fields, who))

    def reveal(self, fields: PartyFields, who: str) -> bool:
        """显示完整号码: the service checks who may and records the view; refused: said why."""
        if self.view is None:
            return False
        try:
            number = transfers.reveal_id_number(self.ctx, self.session, self.view.id, who)
        except DomainError as error:
            fields.reveal_button.hide()
            self.error_label.setText(error_text(error, self.labels()))
            self.error_label.show()
            return False
        fields.show_full(number)
        return True

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
            self.phone.text().strip()
            or self.opened_checked_where.text().strip()
            or self.new_box.fields.typed()
            or self.registered_box.fields.typed()
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
