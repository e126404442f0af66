"""What every step of the transfer wizard shares: the step names, the texts' context, the wizard
as the steps see it (:class:`WizardHost`) and the page base class (:class:`StepPage`)."""

from __future__ import annotations

import html
from typing import ClassVar, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QVBoxLayout, QWidget

from hall_desk.domain.errors import DomainError
from hall_desk.domain.identity import mask_id_number
from hall_desk.domain.transfers import PartyIdentity, TransferKind
from hall_desk.services import transfers
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import TransferView
from hall_desk.ui import style
from hall_desk.ui.transfers import OpenDialog, OpenPreview, message_label
from hall_desk.ui.vocabulary import term

translate = QCoreApplication.translate  # pyside6-lupdate extracts translate("Context", "text")


def _t(text: str) -> str:
    return translate("Transfers", text)


def signer_label(who: str) -> str:
    """新机主 / 原机主 / 经办营业员 / 见证人 in the UI language (markers: ui/errors.py SIGNER_NAMES)."""
    return translate("Errors", transfers.SIGNER_LABELS[who])


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


class WizardHost(Protocol):
    """The wizard as its steps use it: the desk, who is signed in, the transfer saved so far, the
    dialogs tests replace, and the one place refusals and notices are shown."""

    ctx: DeskContext
    session: StaffSession
    view: TransferView | None
    open_step_dialog: OpenDialog
    open_print_preview: OpenPreview

    def kind(self) -> TransferKind: ...

    def show_error(self, error: DomainError, *, upto: str | None = None) -> bool: ...

    def clear_errors(self) -> None: ...

    def fail(self, text: str) -> None: ...

    def say(self, text: str) -> None: ...

    def labels(self) -> dict[str, str]: ...

    def watch_keys(self, widget: QWidget) -> None: ...

    def refocus(self, name: str) -> None: ...


class StepPage(QWidget):
    """One page of the wizard. Subclasses build their widgets in ``__init__`` and override what
    applies to them."""

    name: ClassVar[str]

    def __init__(self, host: WizardHost) -> None:
        super().__init__()
        self.host = host
        self.setObjectName(f"page_{self.name}")

    def titled(self, text: str, intro: str = "") -> QVBoxLayout:
        """The page's layout, opened with its heading and, if given, an intro paragraph."""
        layout = QVBoxLayout(self)
        title = QLabel(text)
        title.setStyleSheet(style.heading())
        layout.addWidget(title)
        if intro:
            label = message_label("")
            label.setText(intro)
            label.setStyleSheet(style.SECONDARY_TEXT)
            layout.addWidget(label)
        return layout

    def refresh(self) -> None:
        """Called each time the page is shown."""

    def fill(self, view: TransferView) -> None:
        """Put a resumed transfer's data into the page."""

    def widget_for(self, field: str) -> QWidget | None:
        """The widget of a refused field when it is on this page."""
        return None

    def focus_first(self, inputs: list[QWidget]) -> None:
        """The cursor to where the page starts (``inputs``: its fields in focus order)."""
        if inputs:
            focus_field(inputs[0])

    def enter(self, focused: QWidget | None) -> bool:
        """Enter on ``focused``: True when the page acted on it (else: the next field or page)."""
        return False
