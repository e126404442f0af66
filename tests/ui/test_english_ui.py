"""The English UI (issue 10): with the English translation installed, every main screen and every
dialog shows no Chinese character — window titles, labels, buttons, placeholders, choices, tabs,
group titles, table headers and cells, menus and toolbars, tooltips, domain error messages.

The hall and everything typed in the test are English (hall "Riverside Hall", customer "Mr Chen",
descriptions in English): what a person types is shown as typed, in any language, so English data
lets the test read *every* cell and text browser instead of guessing which ones hold user data.
The domain's own values (states, channels, the catalogue's classes, ID types …) are stored Chinese
and must come out English through ``hall_desk.ui.vocabulary.term``: they are checked.

Exceptions, each deliberate: the language menu names each language in itself ("中文"), and the
PDFs (receipts, agreements, refund slips) are for Chinese customers — the print preview shows
their pages as pictures, its own controls are checked.

Every QDialog / QMainWindow subclass in hall_desk.ui is either opened here (OPENERS) or listed in
NOT_OPENED with the reason, so a new dialog cannot be missed silently.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

import hall_desk.ui as ui_package
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import DomainError, ValidationError
from hall_desk.domain.incidents import IncidentDraft
from hall_desk.domain.policy import Role
from hall_desk.domain.templates import ComplaintTemplate
from hall_desk.domain.typical_cases import TypicalCaseDraft
from hall_desk.services import (
    complaints,
    documents,
    incidents,
    lifecycle,
    refunds,
    templates,
    transfers,
)
from hall_desk.services import typical_cases as cases
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.preferences import ENGLISH
from hall_desk.services.refunds import RefundDraft
from hall_desk.services.setup import require_desk, set_up_hall
from hall_desk.services.staff import create_staff, list_accounts, sign_in
from hall_desk.services.templates import TemplateEntry
from hall_desk.services.transfers import TransferForm
from hall_desk.ui import errors, i18n
from hall_desk.ui.mainwindow import MainWindow
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png

# Han ideographs, CJK punctuation (、。《》) and full-width forms (（）：，；); not the ideographic space
CHINESE = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
TAGS = re.compile(r"<[^>]+>")
SHOTS = Path(os.environ.get("HALL_DESK_SHOTS", "/tmp"))

# (object name of an action, why it may show Chinese)
ALLOWED_ACTIONS = {"language_zh_CN": "the language menu names Chinese in Chinese"}


# ------------------------------------------------------------------ the walk
def _model_texts(model: QAbstractItemModel | None) -> Iterator[tuple[str, str]]:
    if model is None:
        return
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model's columnCount is private in PySide6
        columns = 1
    for section in range(columns):
        yield f"header[{section}]", str(model.headerData(section, Qt.Orientation.Horizontal) or "")
    for row in range(min(model.rowCount(QModelIndex()), 200)):
        for column in range(columns):
            index = model.index(row, column, QModelIndex())
            for role, name in (
                (Qt.ItemDataRole.DisplayRole, "cell"),
                (Qt.ItemDataRole.ToolTipRole, "tip"),
            ):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield f"{name}[{row},{column}]", value


def _action_texts(action: QAction, path: str) -> Iterator[tuple[str, str]]:
    if action.objectName() in ALLOWED_ACTIONS or action.isSeparator():
        return
    yield f"{path}/{action.text() or action.objectName()}", action.text()
    yield f"{path}/{action.text()}.toolTip", action.toolTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield f"{path}/{action.text()}.title", menu.title()
        for sub in menu.actions():
            yield from _action_texts(sub, f"{path}/{menu.title()}")


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything a person can read on ``widget``, without its children."""
    yield "windowTitle", widget.windowTitle() if widget.isWindow() else ""
    yield "toolTip", widget.toolTip()
    yield "accessibleName", widget.accessibleName()
    if isinstance(widget, QLabel):
        yield "text", TAGS.sub("", widget.text())
    if isinstance(widget, QAbstractButton):
        yield "text", widget.text()
    if isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
        yield "text", widget.text()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield "placeholder", widget.placeholderText()
        yield "text", widget.toPlainText()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"item[{i}]", widget.itemText(i)
        if widget.isEditable() and widget.lineEdit() is not None:
            yield "placeholder", widget.lineEdit().placeholderText()
    if isinstance(widget, QAbstractSpinBox):
        yield "specialValueText", widget.specialValueText()
        for attribute in ("suffix", "prefix"):
            if hasattr(widget, attribute):
                yield attribute, getattr(widget, attribute)()
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"tab[{i}]", widget.tabText(i)
            yield f"tabToolTip[{i}]", widget.tabToolTip(i)
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget.model())
    if isinstance(widget, QWizard):
        for page_id in widget.pageIds():
            page = widget.page(page_id)
            yield f"page[{page_id}].title", page.title()
            yield f"page[{page_id}].subTitle", page.subTitle()
    if isinstance(widget, QMainWindow):
        for action in widget.menuBar().actions():
            yield from _action_texts(action, "menuBar")
    for action in QWidget.actions(widget):  # unbound: some widgets name an attribute "actions"
        yield from _action_texts(action, "actions")


def _inside_combo(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def _path(widget: QWidget, top: QWidget) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not top:
        parts.append(
            type(current).__name__ + (f"#{current.objectName()}" if current.objectName() else "")
        )
        current = current.parentWidget()
    parts.append(type(top).__name__)
    return "/".join(reversed(parts))


def chinese_texts(top: QWidget) -> list[str]:
    """Every text on ``top`` and its children (shown or not: hidden labels show later) that holds a
    Chinese character, as ``path.where: text``."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if isinstance(widget, QMenu | QHeaderView) or _inside_combo(widget, top):
            continue  # read through their actions, their view's model, their combo box
        for where, text in widget_texts(widget):
            if text and CHINESE.search(text):
                found.append(f"{_path(widget, top)}.{where}: {text!r}")
    return found


def assert_english(top: QWidget) -> None:
    found = chinese_texts(top)
    assert not found, (
        f"{len(found)} Chinese text(s) on {type(top).__name__} in the English UI — wrap the text in "
        "self.tr / translate, run packaging/update_translations.py and translate it:\n  "
        + "\n  ".join(found)
    )


# ------------------------------------------------------------------ an English hall
@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    assert i18n.install(ENGLISH), "resources/translations/hall_desk_en.qm missing"
    yield
    i18n.uninstall()


@pytest.fixture
def english_hall(store: Path, ctx: DeskContext) -> dict[str, StaffSession]:
    set_up_hall(
        ctx,
        hall_code="HB01",
        hall_name="Riverside Hall",
        district="East District",
        service_phone="10086",
        desk_no=1,
        manager_no="1001",
        manager_name="Wang Fang",
        manager_password=PASSWORDS["1001"],
    )
    manager = sign_in(ctx, "1001", PASSWORDS["1001"])
    for number, name, role in (
        ("2001", "Li Lei", Role.SHIFT_LEADER),
        ("3001", "Zhang Wei", Role.CLERK),
    ):
        create_staff(
            ctx, manager, staff_no=number, name=name, role=role, password=PASSWORDS[number]
        )
    return {
        "manager": manager,
        "leader": sign_in(ctx, "2001", PASSWORDS["2001"]),
        "clerk": sign_in(ctx, "3001", PASSWORDS["3001"]),
    }


class Records:
    """One of each kind of record, in English, for the dialogs to show."""

    def __init__(self, ctx: DeskContext, hall: dict[str, StaffSession]) -> None:
        manager = hall["manager"]
        self.open_id = complaints.record_complaint(
            ctx,
            manager,
            ComplaintDraft(
                phone="13812345678",
                customer_name="Mr Chen",
                main_class="电信资费",
                sub_class="资费争议/乱收费",
                description="Ringback tone charged although never ordered",
                customer_request="Refund the wrong charge",
            ),
        ).id
        lifecycle.start_verification(ctx, manager, self.open_id)
        lifecycle.verify(
            ctx,
            manager,
            self.open_id,
            verification="成立",
            responsibility="我方",
            note="Itemised bill checked",
        )
        lifecycle.transfer(
            ctx,
            manager,
            self.open_id,
            to_kind="department",
            to="Billing centre",
            note="Please check the order",
        )
        lifecycle.take_back(ctx, manager, self.open_id, note="Opened by mistake")
        lifecycle.note_progress(
            ctx,
            manager,
            self.open_id,
            told_customer="Refund under way",
            promised_at=ctx.clock.now() + timedelta(days=1),
        )
        self.refund_id = refunds.propose_refund(
            ctx,
            manager,
            self.open_id,
            RefundDraft(
                item="Ringback tone November 2026",
                checked="Itemised bill: never ordered",
                amount="10",
                account_type="预付费",
                method="话费账户返还",
                reason="Charged by mistake",
            ),
        ).id

        self.closed_id = complaints.record_complaint(
            ctx,
            manager,
            ComplaintDraft(
                phone="13900001111",
                customer_name="Ms Liu",
                main_class="网络质量",
                sub_class="信号覆盖",
                description="No signal at home",
                customer_request="Fix the coverage",
                network_urgency="紧急",
            ),
        ).id
        lifecycle.start_verification(ctx, manager, self.closed_id)
        lifecycle.verify(ctx, manager, self.closed_id, verification="成立", responsibility="我方")
        lifecycle.reply_to_customer(
            ctx, manager, self.closed_id, content="Repeater installed", method="电话"
        )
        lifecycle.call_back(ctx, manager, self.closed_id, satisfaction="满意")
        lifecycle.close(ctx, manager, self.closed_id)
        self.case = cases.write_up(
            ctx,
            manager,
            self.closed_id,
            TypicalCaseDraft(
                title="Coverage fixed with a repeater",
                main_class="网络质量",
                sub_class="信号覆盖",
                background="No signal at home",
                handling="Measured, installed a repeater",
                lessons="Measure first",
            ),
        )
        self.incident = incidents.open_incident(
            ctx,
            manager,
            IncidentDraft(
                cause="Base station BS-12 down",
                area="Riverside",
                main_class="网络质量",
                sub_class="网络故障",
                network_urgency="特急",
                customer_request="Restore service",
                started_at=ctx.clock.now() - timedelta(hours=1),
            ),
        )
        owner = {
            "id_type": "护照",
            "id_number": "E12345678",
            "name": "John Smith",
            "address": "1 River Road",
        }
        new_owner = {
            "id_type": "护照",
            "id_number": "E87654321",
            "name": "Mary Smith",
            "address": "2 River Road",
        }
        self.transfer = transfers.open_transfer(
            ctx,
            manager,
            TransferForm(
                kind="过户",
                phone="13700002222",
                account_type="预付费",
                opened_on=date(2026, 1, 5),
                opened_checked_where="BOSS",
                new_owner=new_owner,
                registered_owner=owner,
            ),
        )
        self.complaint = complaints.get_complaint(manager, self.open_id)


@pytest.fixture
def records(english_hall: dict[str, StaffSession], ctx: DeskContext) -> Records:
    return Records(ctx, english_hall)


@pytest.fixture
def window(
    qtbot: QtBot,
    english: None,
    english_hall: dict[str, StaffSession],
    ctx: DeskContext,
    records: Records,
) -> Iterator[MainWindow]:
    win = MainWindow(ctx, require_desk())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.idle.stop()


# ------------------------------------------------------------------ every dialog
Opener = Callable[[MainWindow, DeskContext, StaffSession, Records], QWidget]


def _pdf(ctx: DeskContext, session: StaffSession, records: Records) -> bytes:
    return documents.receipt_pdf(ctx, session, records.open_id)


def _import(path: str) -> Any:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(f"hall_desk.ui.{module}"), name)


def _retention_with_due_rows(
    window: MainWindow, ctx: DeskContext, session: StaffSession, records: Records
) -> QWidget:
    """The transfer given up, 3 years on its identity data is due (listed, head office pending)."""
    transfers.abandon_transfer(ctx, session, records.transfer.id, "Customer changed their mind")
    ctx.clock.advance(days=3 * 366)  # type: ignore[attr-defined]
    dialog = window.make_retention()
    assert dialog.table.rowCount() > 0
    return dialog


def _template_entries(ctx: DeskContext, session: StaffSession) -> list[TemplateEntry]:
    """The hall's templates (one saved if none yet). Templates are data, shown as written (in
    Chinese at a Chinese hall: tests/ui/test_templates_ui.py); this English hall wrote its own."""
    if not templates.hall_templates():
        templates.save_template(
            ctx,
            session,
            ComplaintTemplate(
                id="",
                version=1,
                name="Overcharged",
                main_class="电信资费",
                sub_class="资费争议/乱收费",
                description="Charged twice for the monthly plan.",
                customer_request="Refund the overcharge",
            ),
        )
    return templates.list_templates(ctx)


def _templates_dialog(window: MainWindow, ctx: DeskContext, session: StaffSession) -> QWidget:
    _template_entries(ctx, session)
    return window.make_templates()


OPENERS: dict[str, Opener] = {
    "mainwindow.MainWindow": lambda w, c, s, r: w,
    "setup_dialog.SetupDialog": lambda w, c, s, r: _import("setup_dialog.SetupDialog")(c),
    "complaint_detail.ComplaintDetailDialog": lambda w, c, s, r: _import(
        "complaint_detail.ComplaintDetailDialog"
    )(s, r.open_id, w, ctx=c),
    "lifecycle_dialogs.VerifyDialog": lambda w, c, s, r: _import("lifecycle_dialogs.VerifyDialog")(
        c, s, r.complaint, w
    ),
    "lifecycle_dialogs.TransferDialog": lambda w, c, s, r: _import(
        "lifecycle_dialogs.TransferDialog"
    )(c, s, r.complaint, w),
    "lifecycle_dialogs.TakeBackDialog": lambda w, c, s, r: _import(
        "lifecycle_dialogs.TakeBackDialog"
    )(c, s, r.complaint, w),
    "lifecycle_dialogs.ProgressDialog": lambda w, c, s, r: _import(
        "lifecycle_dialogs.ProgressDialog"
    )(c, s, r.complaint, w),
    "lifecycle_dialogs.ReplyDialog": lambda w, c, s, r: _import("lifecycle_dialogs.ReplyDialog")(
        c, s, r.complaint, w
    ),
    "lifecycle_dialogs.CallbackDialog": lambda w, c, s, r: _import(
        "lifecycle_dialogs.CallbackDialog"
    )(c, s, r.complaint, w),
    "lifecycle_dialogs.UpgradeDialog": lambda w, c, s, r: _import(
        "lifecycle_dialogs.UpgradeDialog"
    )(c, s, r.complaint, w),
    "lifecycle_dialogs.LinkIncidentDialog": lambda w, c, s, r: _import(
        "lifecycle_dialogs.LinkIncidentDialog"
    )(c, s, r.complaint, w),
    "refunds.ProposeRefundDialog": lambda w, c, s, r: _import("refunds.ProposeRefundDialog")(
        c, s, r.complaint, w
    ),
    "refunds.ApproveRefundDialog": lambda w, c, s, r: _import("refunds.ApproveRefundDialog")(
        c, s, r.refund_id, w
    ),
    "refunds.SignRefundDialog": lambda w, c, s, r: _import("refunds.SignRefundDialog")(
        c, s, r.refund_id, w
    ),
    "refunds.CancelRefundDialog": lambda w, c, s, r: _import("refunds.CancelRefundDialog")(
        c, s, r.refund_id, w
    ),
    "refunds.PendingRefundsDialog": lambda w, c, s, r: _import("refunds.PendingRefundsDialog")(
        c, s, w
    ),
    "refunds.DelegationDialog": lambda w, c, s, r: _import("refunds.DelegationDialog")(c, s, w),
    "incidents.IncidentsDialog": lambda w, c, s, r: _import("incidents.IncidentsDialog")(c, s, w),
    "incidents.OpenIncidentDialog": lambda w, c, s, r: _import("incidents.OpenIncidentDialog")(
        c, s, w
    ),
    "incidents.QuickIntakeDialog": lambda w, c, s, r: _import("incidents.QuickIntakeDialog")(
        c, s, r.incident, w
    ),
    "dashboard.DashboardWindow": lambda w, c, s, r: _import("dashboard.DashboardWindow")(c, s, w),
    "typical_cases.TypicalCaseLibrary": lambda w, c, s, r: _import(
        "typical_cases.TypicalCaseLibrary"
    )(c, s, w),
    "typical_cases.TypicalCaseDialog": lambda w, c, s, r: _import(
        "typical_cases.TypicalCaseDialog"
    )(c, s, case=r.case, parent=w),
    "backup.BackupDialog": lambda w, c, s, r: w.make_backup_dialog(),
    "recover_dialog.RecoverDeskDialog": lambda w, c, s, r: _import(
        "recover_dialog.RecoverDeskDialog"
    )(c, w),
    "retention.RetentionDialog": lambda w, c, s, r: _retention_with_due_rows(w, c, s, r),
    "staff_admin.StaffAdminDialog": lambda w, c, s, r: _import("staff_admin.StaffAdminDialog")(
        c, s, w
    ),
    "staff_admin.AccountDialog": lambda w, c, s, r: _import("staff_admin.AccountDialog")(
        list_accounts(c, s)[0], w
    ),
    "sync_panel.DeadLetterDialog": lambda w, c, s, r: _import("sync_panel.DeadLetterDialog")(w),
    "transfer_wizard.TransferWizard": lambda w, c, s, r: _import("transfer_wizard.TransferWizard")(
        c, s, r.transfer.id, w
    ),
    "transfers.TransferListDialog": lambda w, c, s, r: _import("transfers.TransferListDialog")(
        c, s, lambda _id: None, parent=w
    ),
    "transfers.TransferDocumentsDialog": lambda w, c, s, r: _import(
        "transfers.TransferDocumentsDialog"
    )(c, s, r.transfer.id, parent=w),
    "transfers.ExceptionalApprovalDialog": lambda w, c, s, r: _import(
        "transfers.ExceptionalApprovalDialog"
    )(c, s, r.transfer, w),
    "transfers.ImageViewer": lambda w, c, s, r: _import("transfers.ImageViewer")(
        "evidence.png", signature_png(), w
    ),
    # issue 23: 常用投诉模板
    "templates.TemplatePickerDialog": lambda w, c, s, r: _import("templates.TemplatePickerDialog")(
        _template_entries(c, s), w
    ),
    "templates.TemplatesDialog": lambda w, c, s, r: _templates_dialog(w, c, s),
    "templates.TemplateEditDialog": lambda w, c, s, r: _import("templates.TemplateEditDialog")(
        c, s, _template_entries(c, s)[0].template, w
    ),
    "print_preview.PrintPreviewDialog": lambda w, c, s, r: _import(
        "print_preview.PrintPreviewDialog"
    )(_pdf(c, s, r), "Receipt", w),
}

NOT_OPENED = {
    "lifecycle_dialogs.StepDialog": "base class: every step dialog above is one",
    "lifecycle_dialogs.ComplaintStepDialog": "base class of the complaint step dialogs above",
    "refunds.RefundStepDialog": "base class of the refund dialogs above",
    "readback.ReadBackDialog": "opened from the intake form by test_intake_read_back_in_english",
}


def ui_dialog_classes() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(ui_package.__path__):
        module = importlib.import_module(f"hall_desk.ui.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ == module.__name__ and issubclass(obj, QDialog | QMainWindow):
                found.add(f"{info.name}.{name}")
    return found


def test_every_dialog_is_opened_or_excused() -> None:
    classes = ui_dialog_classes()
    listed = set(OPENERS) | set(NOT_OPENED)
    assert not classes - listed, (
        f"dialogs the English test does not open: {sorted(classes - listed)}"
    )
    assert not listed - classes, f"listed but gone: {sorted(listed - classes)}"


@pytest.mark.parametrize("name", sorted(OPENERS))
def test_dialog_in_english(
    name: str,
    qtbot: QtBot,
    window: MainWindow,
    ctx: DeskContext,
    english_hall: dict[str, StaffSession],
    records: Records,
) -> None:
    session = english_hall["manager"]
    window.start_session(session)
    widget = OPENERS[name](window, ctx, session, records)
    widget.show()
    qtbot.waitExposed(widget)
    try:
        widget.grab().save(str(SHOTS / f"english_{name.replace('.', '_')}.png"))
        assert_english(widget)
    finally:
        if isinstance(widget, QDialog):
            QDialog.done(widget, 0)  # not reject(): the wizard would ask whether to close
            widget.deleteLater()


# ------------------------------------------------------------------ main window, sign-in, errors
def test_sign_in_page_and_its_error_in_english(qtbot: QtBot, window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.signin_page
    assert_english(window)
    window.signin.ui.staffNoEdit.setText("1001")
    window.signin.ui.passwordEdit.setText("wrong password")
    window.signin.ui.signInButton.click()
    message = window.signin.ui.errorLabel.text()
    assert message and not CHINESE.search(message), message
    assert "Wrong staff no. or password" in message
    assert_english(window)
    window.grab().save(str(SHOTS / "english_sign_in.png"))


def test_main_window_tabs_and_menus_in_english(
    qtbot: QtBot, window: MainWindow, english_hall: dict[str, StaffSession]
) -> None:
    window.start_session(english_hall["manager"])
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        assert_english(window)
    window.tabs.setCurrentIndex(0)
    window.grab().save(str(SHOTS / "english_main_window.png"))
    texts = [a.text() for a in window.menuBar().actions()]
    assert "&Settings" in texts


def test_every_domain_error_code_reads_english(english: None) -> None:
    texts = errors.message_texts()
    assert len(texts) > 100
    for code in texts:
        text = errors.error_text(ValidationError(code, "phone", max=10, min=6, needed=2))
        assert not CHINESE.search(text), f"{code}: {text}"
    assert (
        errors.error_text(DomainError("no.such.code"))
        == "The operation did not complete (no.such.code)"
    )


def test_intake_read_back_in_english(
    qtbot: QtBot, window: MainWindow, english_hall: dict[str, StaffSession]
) -> None:
    """The read-back dialog opens from a filled-in intake form, as at the counter."""
    from hall_desk.ui.readback import ReadBackDialog

    window.start_session(english_hall["manager"])
    intake = window.intake
    intake.phone_edit.setText("13812345678")
    intake.name_edit.setText("Mr Chen")
    intake.class_combo.setCurrentText("电信资费")
    intake.sub_combo.setCurrentText("资费争议/乱收费")
    intake.description_edit.setPlainText("Charged twice for data")
    intake.request_edit.setText("Refund")
    opened: list[ReadBackDialog] = []

    def read_back(data: Any, deadlines: Any) -> bool:
        dialog = ReadBackDialog(data, deadlines, intake)
        qtbot.addWidget(dialog)
        dialog.show()
        opened.append(dialog)
        assert_english(dialog)
        return False

    intake.ask_read_back = read_back  # type: ignore[method-assign]
    intake.submit()
    assert opened, "the read-back dialog did not open: " + intake.error_message()
    assert_english(window)
