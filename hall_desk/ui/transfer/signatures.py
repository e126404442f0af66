"""Step 6, 签名: one pad per signer; the second witness signs in first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hall_desk.domain.clock import format_local
from hall_desk.domain.errors import DomainError
from hall_desk.domain.refunds import SIGNATURE_EMPTY
from hall_desk.domain.transfers import PartyRole
from hall_desk.services import transfers
from hall_desk.services.transfers import NEW_CONTRACT_REMINDER, TransferView
from hall_desk.ui import style
from hall_desk.ui.errors import error_text
from hall_desk.ui.field_errors import error_line
from hall_desk.ui.lifecycle_dialogs import line
from hall_desk.ui.signature_pad import SignatureEmpty, SignaturePad
from hall_desk.ui.transfer.common import StepPage, WizardHost, _t, signer_label, translate
from hall_desk.ui.transfers import REMINDER_STYLE, busy, button, message_label

SIGNERS = ("registered_owner", "new_owner", "clerk", "second_witness")


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


class SignaturesStep(StepPage):
    """The reminder to read out and the pads of whoever must still sign, in order."""

    name = "signatures"

    def __init__(self, host: WizardHost) -> None:
        super().__init__(host)
        layout = self.titled(translate("Transfers", "签名"))
        self.sign_reminder = QLabel(_t(NEW_CONTRACT_REMINDER))
        self.sign_reminder.setObjectName("signReminder")
        self.sign_reminder.setWordWrap(True)
        self.sign_reminder.setStyleSheet(REMINDER_STYLE)
        layout.addWidget(self.sign_reminder)
        self.signer_boxes: dict[str, SignerBox] = {}
        for who in SIGNERS:
            box = SignerBox(who)
            box.confirm_button.clicked.connect(lambda _=False, w=who: self.confirm_signature(w))
            layout.addWidget(box)
            self.signer_boxes[who] = box
        layout.addStretch(1)

    def refresh(self) -> None:
        view = self.host.view
        if view is None:
            return
        session = self.host.session
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
                    name=session.name, no=session.staff_no
                )
            else:
                title = translate(
                    "Transfers",
                    "见证人（值班经理或店长，须与经办营业员不是同一人）：先输入工号和密码，再签名",
                )
            box.show_state(title, view.signatures.get(who))

    def focus_first(self, inputs: list[QWidget]) -> None:
        """The cursor to the first signer still to sign: the witness's staff number, or the
        pad."""
        wizard = self.window()
        unsigned = [
            b
            for b in self.signer_boxes.values()
            if b.isVisibleTo(wizard) and b.entry.isVisibleTo(wizard)
        ]
        if unsigned:
            first = unsigned[0]
            (first.staff_no if first.staff_no is not None else first.pad).setFocus()
            return
        super().focus_first(inputs)

    def enter(self, focused: QWidget | None) -> bool:
        """Enter on a pad confirms that signature."""
        for box in self.signer_boxes.values():
            if focused is not None and focused is box.pad:
                self.confirm_signature(box.who)
                return True
        return False

    def widget_for(self, field: str) -> QWidget | None:
        if field.startswith("signatures."):
            box = self.signer_boxes.get(field.removeprefix("signatures."))
            return box.pad if box is not None else None
        return None

    def confirm_signature(self, who: str) -> TransferView | None:
        host = self.host
        box = self.signer_boxes[who]
        if host.view is None or not box.entry.isVisibleTo(self.window()):
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
                        host.ctx,
                        host.session,
                        host.view.id,
                        PartyRole.NEW_OWNER if who == "new_owner" else PartyRole.REGISTERED_OWNER,
                        png,
                    )
                elif who == "clerk":
                    view = transfers.sign_as_clerk(host.ctx, host.session, host.view.id, png)
                else:
                    assert box.staff_no is not None and box.password is not None
                    view = transfers.sign_as_second_witness(
                        host.ctx,
                        host.session,
                        host.view.id,
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
        host.view = view
        self.refresh()
        host.refocus(self.name)
        return view
