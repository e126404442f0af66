"""办理过户 at the counter (issue 7), typed and clicked as the clerk would: a complete 过户 and a
complete 特殊过户 (proofs, an evidence file, the shift leader signing in as second witness), a bad
resident ID number named precisely, the same person as both witnesses refused, an account too
young, no keyring, and a stored agreement altered after it was made."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from hall_desk.domain.transfers import PartyRole, TransferState
from hall_desk.services import transfers
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import (
    AGREEMENT_CUSTOMER,
    AGREEMENT_HALL,
    PROFILE_HALL,
    TransferForm,
)
from hall_desk.storage.models import Event, StoredFile, Transfer, TransferFile
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.print_preview import PrintPreviewDialog
from hall_desk.ui.transfer.common import STEPS, StepPage
from hall_desk.ui.transfer_wizard import TransferWizard
from hall_desk.ui.transfers import ImageViewer, TransferDocumentsDialog, TransferListDialog
from tests.conftest import PASSWORDS
from tests.documents.pdftools import pdf_text, squeeze
from tests.documents.samples import signature_png
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
RETURN = Qt.Key.Key_Return
SHOTS = Path(os.environ.get("HALL_DESK_SHOTS", "/tmp"))

OWNER_ID = "11010519491231002X"  # valid: region 110105, born 1949-12-31, check digit X
NEW_OWNER_ID = "440106199003071231"
AGENT_ID = "310104198511204567"


# -- acting as the person ------------------------------------------------------------------------


def shoot(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(SHOTS / name))


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled() and button.isVisible(), button.objectName()
    qtbot.mouseClick(button, LEFT)


def drag(qtbot: QtBot, pad: QWidget, points: list[tuple[int, int]]) -> None:
    first, *rest = [QPoint(x, y) for x, y in points]
    qtbot.mousePress(pad, LEFT, pos=first)
    for point in rest[:-1]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, LEFT, pos=rest[-1])


def scribble(qtbot: QtBot, pad: QWidget) -> None:
    drag(qtbot, pad, [(40, 100), (80, 40), (120, 110), (170, 40), (230, 100), (300, 60)])


class Previews:
    """Stands in for the window's print preview: keeps each dialog it is asked to show."""

    def __init__(self) -> None:
        self.shown: list[QDialog] = []

    def __call__(self, dialog: QDialog) -> None:
        self.shown.append(dialog)


def open_wizard(
    qtbot: QtBot, window: MainWindow, previews: Previews | None = None, keys: Qt.Key = Qt.Key.Key_T
) -> TransferWizard:
    """办理过户… from the window (Ctrl+T); the wizard shows non-modally for the test to drive."""
    opened: list[TransferWizard] = []
    window.open_transfer_wizard = opened.append  # type: ignore[method-assign]
    if previews is not None:
        window.open_print_preview = previews  # type: ignore[method-assign]
    press(qtbot, keys, CTRL)
    assert len(opened) == 1
    wizard = opened[0]
    qtbot.addWidget(wizard)
    wizard.resize(900, 700)
    with qtbot.waitActive(wizard):
        wizard.show()
        wizard.activateWindow()
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is not None and QApplication.focusWidget().window() is wizard
        )
    )
    return wizard


def type_kind(qtbot: QtBot, wizard: TransferWizard, *, special: bool, phone: str) -> None:
    assert wizard.current_step() == "kind"
    assert focused() is wizard.kind_step.normal_radio and wizard.kind_step.normal_radio.isChecked()
    if special:
        press(qtbot, Qt.Key.Key_Right)  # the arrow moves to 特殊过户 and chooses it
        assert wizard.kind_step.special_radio.isChecked()
    press(qtbot, RETURN)
    assert focused() is wizard.kind_step.phone
    type_text(qtbot, phone)
    press(qtbot, RETURN)


def type_account(qtbot: QtBot, wizard: TransferWizard, opened_on: str = "2026-09-01") -> None:
    assert wizard.current_step() == "account", wizard.error_message()
    assert focused() is wizard.account_step.account_type
    press(qtbot, Qt.Key.Key_Down)  # 预付费
    press(qtbot, RETURN)
    assert focused() is wizard.account_step.opened_on
    type_text(qtbot, opened_on)
    press(qtbot, RETURN)
    assert focused() is wizard.account_step.opened_checked_where
    type_text(qtbot, "BOSS 客户信息页")
    press(qtbot, RETURN)


def type_party(qtbot: QtBot, id_number: str, name: str, address: str) -> None:
    """From the party's 证件类别 (居民身份证 kept) to its 有代办人 box."""
    assert focused().objectName().endswith("_id_type")
    press(qtbot, RETURN)
    type_text(qtbot, id_number)
    press(qtbot, RETURN)
    type_text(qtbot, name)
    press(qtbot, RETURN)
    type_text(qtbot, address)
    press(qtbot, RETURN)
    assert focused().objectName().endswith("_has_agent")


def type_parties(
    qtbot: QtBot, wizard: TransferWizard, *, special: bool, new_owner_id: str = NEW_OWNER_ID
) -> None:
    assert wizard.current_step() == "parties", wizard.error_message()
    if not special:
        assert focused() is wizard.parties_step.registered_box.fields.id_type
        type_party(qtbot, OWNER_ID.lower(), "王五", "北京市西城区某街1号")
        press(qtbot, RETURN)  # no agent
    assert focused() is wizard.parties_step.new_box.fields.id_type
    type_party(qtbot, new_owner_id, "李四", "广州市天河区某路2号")
    press(qtbot, RETURN)  # no agent: the last field, so 下一步 (and the first save)


def sign_pad(qtbot: QtBot, wizard: TransferWizard, who: str) -> None:
    box = wizard.signatures_step.signer_boxes[who]
    assert box.isVisible() and box.status.text() == "未签名"
    scribble(qtbot, box.pad)
    click(qtbot, box.confirm_button)
    assert box.status.text().startswith("✔ 已签名"), box.error.text()


def evidence_png(tmp_path: Path) -> Path:
    image = QImage(400, 260, QImage.Format.Format_RGB32)
    image.fill(QColor("#e3f2fd"))
    path = tmp_path / "充值发票扫描.png"
    assert image.save(str(path))
    return path


def to_signatures_special(qtbot: QtBot, wizard: TransferWizard, tmp_path: Path) -> None:
    """A 特殊过户 typed up to the signature page: SIM and password proofs, one scan attached."""
    type_kind(qtbot, wizard, special=True, phone="13912345678")
    type_account(qtbot, wizard)
    type_parties(qtbot, wizard, special=True)
    assert wizard.current_step() == "evidence", wizard.error_message()
    assert not wizard.parties_step.registered_box.isVisible()
    assert focused() is wizard.evidence_step.sim_working
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, RETURN)
    assert focused() is wizard.evidence_step.password_verified
    press(qtbot, Qt.Key.Key_Space)
    scan = evidence_png(tmp_path)
    wizard.evidence_step.ask_evidence_files = lambda: [str(scan)]  # type: ignore[method-assign]
    click(qtbot, wizard.evidence_step.add_file_button)
    assert wizard.evidence_step.files_table.rowCount() == 1
    assert wizard.evidence_step.files_table.item(0, 0).text() == "充值发票扫描.png"
    assert wizard.evidence_step.files_table.item(0, 1).text() == "PNG 图片"
    shoot(wizard, "transfer_evidence.png")
    click(qtbot, wizard.next_button)
    assert wizard.current_step() == "eligibility", wizard.error_message()
    assert "符合办理条件" in wizard.eligibility_step.eligibility_text()
    click(qtbot, wizard.next_button)
    assert wizard.current_step() == "signatures"


# -- the tests ----------------------------------------------------------------------------------


def test_a_complete_normal_transfer(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    sign_in(qtbot, window, "3001")
    previews = Previews()
    wizard = open_wizard(qtbot, window, previews)
    shoot(wizard, "transfer_kind.png")
    type_kind(qtbot, wizard, special=False, phone="138 1234 5678")
    shoot(wizard, "transfer_account.png")
    type_account(qtbot, wizard)
    type_parties(qtbot, wizard, special=False)

    # Saved (填写中) and judged: eligible. Summaries mask the identity numbers.
    assert wizard.current_step() == "eligibility", wizard.error_message()
    row = Transfer.get()
    assert row.state == TransferState.FILLING.value and row.phone == "13812345678"
    assert wizard.view is not None and wizard.view.draft.registered_owner is not None
    assert json.loads(row.parties)["registered_owner"]["id_number"] == OWNER_ID  # x → X
    assert wizard.view.draft.registered_owner.id_number == "110105********002X"  # views mask
    summary = wizard.eligibility_step.summary.text()
    assert "110105********002X" in summary and OWNER_ID not in summary
    assert "440106********1231" in summary and NEW_OWNER_ID not in summary
    assert "符合办理条件" in wizard.eligibility_step.eligibility_text()
    assert row.number in wizard.notice.text()
    shoot(wizard, "transfer_eligibility.png")
    press(qtbot, RETURN, CTRL)

    # Signatures: 原机主, 新机主, the clerk; the reminder of the new 入网协议 is on the page.
    assert wizard.current_step() == "signatures"
    assert (
        wizard.signatures_step.sign_reminder.isVisible()
        and "入网协议" in wizard.signatures_step.sign_reminder.text()
    )
    assert not wizard.signatures_step.signer_boxes["second_witness"].isVisible()
    assert focused() is wizard.signatures_step.signer_boxes["registered_owner"].pad
    press(qtbot, RETURN)  # nothing signed yet
    assert (
        "请客户先在签名板上签名"
        in wizard.signatures_step.signer_boxes["registered_owner"].error.text()
    )
    box = wizard.signatures_step.signer_boxes["registered_owner"]
    scribble(qtbot, box.pad)
    click(qtbot, box.clear_button)
    assert box.pad.is_empty()
    sign_pad(qtbot, wizard, "registered_owner")
    assert "王五" in wizard.signatures_step.signer_boxes["registered_owner"].title()
    assert focused() is wizard.signatures_step.signer_boxes["new_owner"].pad
    sign_pad(qtbot, wizard, "new_owner")
    assert "张三（3001）" in wizard.signatures_step.signer_boxes["clerk"].title()
    shoot(wizard, "transfer_signatures.png")
    sign_pad(qtbot, wizard, "clerk")
    click(qtbot, wizard.next_button)  # 完成办理

    # Completed: the documents listed, one opened, verified and shown in the preview.
    assert wizard.current_step() == "done", wizard.error_message()
    panel = wizard.done_step.documents
    assert "过户已完成" in panel.heading.text() and "138****5678" in panel.heading.text()
    assert panel.reminder.isVisible() and "入网协议" in panel.reminder.text()
    assert "25 年" in panel.retention.text() and "2051-11-22" in panel.retention.text()
    titles = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert titles == ["过户协议（营业厅留存联）", "过户协议（客户联）"]
    shoot(wizard, "transfer_done.png")
    click(qtbot, panel.open_button)  # the hall copy (full numbers): its clerk, on the day, to print
    assert panel.checked[AGREEMENT_HALL].ok and not panel.warning.isVisible() and previews.shown
    panel.table.selectRow(1)
    click(qtbot, panel.open_button)  # the customer copy, numbers masked
    assert panel.checked[AGREEMENT_CUSTOMER].ok and not panel.warning.isVisible()
    assert panel.table.item(1, 2).text() == "✔ 完好"
    assert len(previews.shown) == 2
    assert OWNER_ID in squeeze(pdf_text(previews.shown[0].pdf))  # the hall copy: full numbers
    preview = previews.shown[1]
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count >= 1
    text = squeeze(pdf_text(preview.pdf))
    assert "过户协议" in text and "王五" in text and "李四" in text
    assert OWNER_ID not in text and "110105********002X" in text
    assert preview.windowTitle() == "过户协议（客户联）"

    done = transfers.get_transfer(ctx, hall["clerk"], row.id)
    assert done.state is TransferState.COMPLETED
    assert set(done.signatures) == {"registered_owner", "new_owner", "clerk"}
    assert Event.select().where(Event.type == "transfer.completed").count() == 1
    click(qtbot, wizard.next_button)  # 关闭
    assert wizard.result() == QDialog.DialogCode.Accepted


def test_a_complete_special_transfer_with_the_second_witness_and_an_evidence_file(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
    tmp_path: Path,
) -> None:
    sign_in(qtbot, window, "3001")
    previews = Previews()
    wizard = open_wizard(qtbot, window, previews)
    type_kind(qtbot, wizard, special=True, phone="13912345678")
    type_account(qtbot, wizard)
    type_parties(qtbot, wizard, special=True)

    # 证明材料: first with the proofs ticked but no file → refused on the 资格检查 page.
    assert wizard.current_step() == "evidence"
    press(qtbot, Qt.Key.Key_Space)  # SIM 卡可正常使用
    press(qtbot, RETURN)
    press(qtbot, Qt.Key.Key_Space)  # 服务密码验证正确
    click(qtbot, wizard.next_button)
    assert wizard.current_step() == "eligibility"
    assert "须附证明材料的扫描件或照片" in wizard.eligibility_step.eligibility_text()
    click(qtbot, wizard.next_button)  # not before the evidence is there
    assert wizard.current_step() == "eligibility"
    assert "尚不符合办理条件" in wizard.error_message()
    click(qtbot, wizard.back_button)

    scan = evidence_png(tmp_path)
    wizard.evidence_step.ask_evidence_files = lambda: [str(scan)]  # type: ignore[method-assign]
    click(qtbot, wizard.evidence_step.add_file_button)
    assert wizard.evidence_step.files_table.rowCount() == 1
    shoot(wizard, "transfer_evidence.png")
    click(qtbot, wizard.evidence_step.view_file_button)  # 查看: the photo itself
    viewer = previews.shown[-1]
    assert isinstance(viewer, ImageViewer) and viewer.windowTitle() == "充值发票扫描.png"
    click(qtbot, wizard.next_button)
    assert "符合办理条件" in wizard.eligibility_step.eligibility_text()
    assert "SIM 卡可正常使用、服务密码验证正确" in wizard.eligibility_step.summary.text()
    click(qtbot, wizard.next_button)

    # 签名: the new owner, the clerk, then the shift leader signs in and signs as witness.
    assert wizard.current_step() == "signatures"
    assert not wizard.signatures_step.signer_boxes["registered_owner"].isVisible()
    sign_pad(qtbot, wizard, "new_owner")
    sign_pad(qtbot, wizard, "clerk")
    witness = wizard.signatures_step.signer_boxes["second_witness"]
    assert focused() is witness.staff_no
    type_text(qtbot, "2001")
    press(qtbot, RETURN)
    assert focused() is witness.password
    type_text(qtbot, "wrong-password")
    press(qtbot, RETURN)
    assert focused() is witness.pad
    scribble(qtbot, witness.pad)
    press(qtbot, RETURN)  # Enter on the pad: 确认签名
    assert "工号或密码不正确" in witness.error.text()
    assert witness.password.text() == "" and focused() is witness.password
    type_text(qtbot, PASSWORDS["2001"])
    shoot(wizard, "transfer_witness.png")
    click(qtbot, witness.confirm_button)
    assert witness.status.text().startswith("✔ 已签名：李班长（2001）"), witness.error.text()
    click(qtbot, wizard.next_button)

    assert wizard.current_step() == "done", wizard.error_message()
    titles = [
        wizard.done_step.documents.table.item(r, 0).text()
        for r in range(wizard.done_step.documents.table.rowCount())
    ]
    assert titles == [
        "过户协议（营业厅留存联）",
        "过户协议（客户联）",
        "完善客户资料协议（营业厅留存联）",
        "完善客户资料协议（客户联）",
    ]
    row = Transfer.get()
    view = transfers.get_transfer(ctx, hall["clerk"], row.id)
    assert view.state is TransferState.COMPLETED
    assert view.signatures["second_witness"]["signer_no"] == "2001"
    assert view.signatures["clerk"]["signer_no"] == "3001"
    for document in view.documents:  # the PDFs exist, marked for head office
        stored = StoredFile.get_by_id(document.sha256)
        assert bytes(stored.content).startswith(b"%PDF") and stored.upload
    evidence = TransferFile.get(
        (TransferFile.transfer_id == row.id) & (TransferFile.role == "evidence")
    )
    assert evidence.name == "充值发票扫描.png" and evidence.media_type == "image/png"
    assert bytes(StoredFile.get_by_id(evidence.sha256).content) == scan.read_bytes()
    assert StoredFile.get_by_id(evidence.sha256).upload
    profile = next(d for d in view.documents if d.role == PROFILE_HALL)
    listed = squeeze(pdf_text(bytes(StoredFile.get_by_id(profile.sha256).content)))
    assert "充值发票扫描.png" in listed and evidence.sha256[:12] in listed  # the attachment list


def test_a_bad_resident_id_is_named_precisely_and_nothing_typed_is_lost(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
) -> None:
    sign_in(qtbot, window, "3001")
    wizard = open_wizard(qtbot, window)
    type_kind(qtbot, wizard, special=False, phone="13812345678")
    type_account(qtbot, wizard)
    assert focused() is wizard.parties_step.registered_box.fields.id_type
    type_party(qtbot, "110105194913310024", "王五", "北京市西城区某街1号")  # month 13
    press(qtbot, RETURN)
    type_party(qtbot, "440106199003071232", "李四", "广州市天河区某路2号")  # last digit wrong
    press(qtbot, RETURN)

    assert wizard.current_step() == "parties"
    message = wizard.error_message()
    assert "原机主证件号码：第 7–14 位的出生日期无效" in message, message
    assert "新机主证件号码：最后一位校验码不符" in message, message
    assert focused() is wizard.parties_step.registered_box.fields.id_number  # the first bad field
    assert wizard.parties_step.registered_box.fields.id_number.styleSheet()  # marked
    assert wizard.parties_step.new_box.fields.id_number.styleSheet()
    assert wizard.parties_step.new_box.fields.id_number.text() == "440106199003071232"
    assert wizard.parties_step.registered_box.fields.person_name.text() == "王五"
    assert wizard.parties_step.new_box.fields.address.text() == "广州市天河区某路2号"
    assert wizard.kind_step.phone.text() == "13812345678"
    assert Transfer.select().count() == 0
    shoot(wizard, "transfer_bad_id.png")

    # An unknown region and a short number are named too (the agent of the new owner).
    wizard.parties_step.registered_box.fields.id_number.setText(OWNER_ID)
    wizard.parties_step.new_box.fields.id_number.setText(NEW_OWNER_ID)
    wizard.parties_step.new_box.agent_check.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # 有代办人
    assert wizard.parties_step.new_box.agent_box.isVisible()
    assert focused() is wizard.parties_step.new_box.agent.id_number
    type_text(qtbot, "99999919800101000")
    press(qtbot, RETURN)
    type_text(qtbot, "赵六")
    press(qtbot, RETURN)
    type_text(qtbot, "上海市徐汇区某路3号")
    press(qtbot, RETURN, CTRL)
    message = wizard.error_message()
    assert message == "代办人（代新机主）证件号码：居民身份证号码应为 18 位，现为 17 位", message
    assert focused() is wizard.parties_step.new_box.agent.id_number
    wizard.parties_step.new_box.agent.id_number.setText("999999198001010003")
    press(qtbot, RETURN, CTRL)
    assert "前 6 位地区码 999999 不存在" in wizard.error_message()
    wizard.parties_step.new_box.agent.id_number.setText(AGENT_ID)
    press(qtbot, RETURN, CTRL)
    assert wizard.current_step() == "eligibility", wizard.error_message()
    view = wizard.view
    assert view is not None and len(view.draft.agents) == 1
    assert view.draft.agents[0].acts_for is PartyRole.NEW_OWNER
    assert "代办人（代新机主）" in wizard.eligibility_step.summary.text()


def test_the_same_person_cannot_be_both_witnesses(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    tmp_path: Path,
) -> None:
    sign_in(qtbot, window, "2001")  # the shift leader handles the transfer as the clerk
    wizard = open_wizard(qtbot, window)
    to_signatures_special(qtbot, wizard, tmp_path)
    sign_pad(qtbot, wizard, "new_owner")
    sign_pad(qtbot, wizard, "clerk")
    witness = wizard.signatures_step.signer_boxes["second_witness"]
    witness.staff_no.setFocus()  # type: ignore[union-attr]
    type_text(qtbot, "2001")
    press(qtbot, RETURN)
    type_text(qtbot, PASSWORDS["2001"])
    press(qtbot, RETURN)
    scribble(qtbot, witness.pad)
    click(qtbot, witness.confirm_button)
    text = witness.error.text()
    assert "见证人不能与经办营业员是同一人（工号 2001）" in text, text
    assert witness.error.isVisible() and witness.status.text() == "未签名"
    assert witness.password.text() == "" and focused() is witness.staff_no  # type: ignore[union-attr]
    shoot(wizard, "transfer_same_witness.png")
    click(qtbot, wizard.next_button)  # 完成办理 is refused too
    assert wizard.current_step() == "signatures"
    assert "见证人（值班经理/店长）尚未签名" in wizard.error_message()

    # The store manager witnesses instead.
    witness.staff_no.selectAll()  # type: ignore[union-attr]
    witness.staff_no.setFocus()  # type: ignore[union-attr]
    assert witness.pad.is_empty()  # another person signs with their own hand
    type_text(qtbot, "1001")
    press(qtbot, RETURN)
    type_text(qtbot, PASSWORDS["1001"])
    scribble(qtbot, witness.pad)
    click(qtbot, witness.confirm_button)
    assert witness.status.text().startswith("✔ 已签名：王店长（1001）"), witness.error.text()


def test_an_account_too_young_is_refused_with_the_day_it_may_be_transferred(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
) -> None:
    sign_in(qtbot, window, "3001")
    wizard = open_wizard(qtbot, window)
    type_kind(qtbot, wizard, special=False, phone="13812345678")
    type_account(qtbot, wizard, opened_on="2026-11-01")
    type_parties(qtbot, wizard, special=False)
    assert wizard.current_step() == "eligibility"
    text = wizard.eligibility_step.eligibility_text()
    assert (
        "开户日期：开户满 31 天后方可办理过户（须超过 30 天），目前开户 21 天，最早 2026-12-02 可办理"
        in text
    ), text
    shoot(wizard, "transfer_too_young.png")
    click(qtbot, wizard.next_button)
    assert wizard.current_step() == "eligibility"

    # The business system said 2026-09-01 after all: back, corrected, saved again.
    click(qtbot, wizard.back_button)
    click(qtbot, wizard.back_button)
    assert wizard.current_step() == "account"
    assert not wizard.kind_step.normal_radio.isEnabled()  # the kind is fixed once saved
    wizard.account_step.opened_on.setFocus()
    wizard.account_step.opened_on.selectAll()
    type_text(qtbot, "2026-09-01")
    press(qtbot, RETURN, CTRL)
    press(qtbot, RETURN, CTRL)
    assert wizard.current_step() == "eligibility"
    assert "符合办理条件" in wizard.eligibility_step.eligibility_text()
    assert Transfer.select().count() == 1 and Transfer.get().opened_on == "2026-09-01"
    assert Event.select().where(Event.type == "transfer.updated").count() == 1


def test_without_a_keyring_the_wizard_says_so_when_it_opens(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
) -> None:
    """Issue 19: the refusal comes when 办理过户 opens, not after both parties' identity data has
    been typed; nothing goes on and nothing is saved."""
    keyring.set_keyring(FailKeyring())
    sign_in(qtbot, window, "3001")
    wizard = open_wizard(qtbot, window)
    assert wizard.current_step() == "kind"
    message = wizard.error_label.text()
    assert wizard.error_label.isVisible(), message
    assert "本机没有可用的系统密钥环" in message and "联系技术支持" in message, message
    assert not wizard.next_button.isEnabled()
    type_text(qtbot, "13812345678", wizard.kind_step.phone)
    wizard.kind_step.phone.setFocus()
    press(qtbot, RETURN, CTRL)
    press(qtbot, RETURN)
    assert wizard.current_step() == "kind"
    assert Transfer.select().count() == 0
    assert Event.select().where(Event.type.startswith("transfer.")).count() == 0
    shoot(wizard, "transfer_no_keyring.png")


def completed_transfer(ctx: DeskContext, clerk: StaffSession) -> str:
    form = TransferForm(
        kind="过户",
        phone="13700001111",
        account_type="预付费",
        opened_on=date(2026, 9, 1),
        opened_checked_where="BOSS 客户信息页",
        new_owner={
            "id_type": "居民身份证",
            "id_number": NEW_OWNER_ID,
            "name": "李四",
            "address": "广州市天河区某路2号",
        },
        registered_owner={
            "id_type": "居民身份证",
            "id_number": OWNER_ID,
            "name": "王五",
            "address": "北京市西城区某街1号",
        },
    )
    view = transfers.open_transfer(ctx, clerk, form)
    transfers.sign_as_customer(ctx, clerk, view.id, PartyRole.REGISTERED_OWNER, signature_png())
    transfers.sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    transfers.sign_as_clerk(ctx, clerk, view.id, signature_png())
    return transfers.complete_transfer(ctx, clerk, view.id).id


def test_an_altered_stored_agreement_is_said_loudly_when_opened_from_the_list(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    done_id = completed_transfer(ctx, hall["clerk"])
    filling = transfers.open_transfer(
        ctx,
        hall["clerk"],
        TransferForm(
            kind="特殊过户",
            phone="13900002222",
            account_type="后付费（全球通）",
            opened_on=date(2025, 1, 10),
            opened_checked_where="BOSS 客户信息页",
            new_owner={
                "id_type": "护照",
                "id_number": "e1234567",
                "name": "John Smith",
                "address": "上海市浦东新区某路5号",
            },
        ),
    )
    done = transfers.get_transfer(ctx, hall["clerk"], done_id)
    entry = next(d for d in done.documents if d.role == AGREEMENT_HALL)
    stored = StoredFile.get_by_id(entry.sha256)
    content = bytearray(stored.content)
    content[len(content) // 2] ^= 0x01  # one byte changed
    StoredFile.update(sealed_content=StoredFile.sealed(entry.sha256, bytes(content))).where(
        StoredFile.sha256 == entry.sha256
    ).execute()

    sign_in(qtbot, window, "1001")  # the store manager: the hall copy shows full numbers
    lists: list[TransferListDialog] = []
    window.open_transfer_list = lists.append  # type: ignore[method-assign]
    press(qtbot, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)  # 过户记录
    dialog = lists[0]
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    with qtbot.waitExposed(dialog):
        dialog.show()
    numbers = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert set(numbers) == {done.number, filling.number}
    phones = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert set(phones) == {"137****1111", "139****2222"}
    type_text(qtbot, "1111", dialog.search)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == done.number
    shoot(dialog, "transfer_list.png")

    opened: list[QDialog] = []
    previews = Previews()
    window.open_print_preview = previews  # type: ignore[method-assign]
    dialog.open_documents = opened.append  # type: ignore[method-assign]
    click(qtbot, dialog.open_button)
    documents = opened[0]
    assert isinstance(documents, TransferDocumentsDialog)
    qtbot.addWidget(documents)
    documents.show()
    panel = documents.panel
    click(qtbot, panel.open_button)  # the hall copy, first row
    assert not panel.checked[AGREEMENT_HALL].ok
    assert panel.warning.isVisible()
    assert "文件已被改动，与办理时保存的不一致，不可作为凭证" in panel.warning.text()
    assert "已被改动" in panel.table.item(0, 2).text()
    preview = previews.shown[0]  # still shown, with the warning on top
    assert "不可作为凭证" in preview.windowTitle()
    banner = preview.findChild(QWidget, "previewAlteredWarning")
    assert banner is not None and "不可作为凭证" in banner.text()  # type: ignore[attr-defined]
    preview.resize(700, 500)
    shoot(preview, "transfer_altered_preview.png")
    shoot(documents, "transfer_altered.png")
    panel.table.selectRow(1)
    click(qtbot, panel.open_button)  # the customer copy is intact
    assert panel.table.item(1, 2).text() == "✔ 完好" and not panel.warning.isVisible()

    # The one 填写中 resumes the wizard with what was typed.
    wizards: list[TransferWizard] = []
    window.open_transfer_wizard = wizards.append  # type: ignore[method-assign]
    dialog.search.clear()
    row = next(
        r
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 0).text() == filling.number
    )
    dialog.table.selectRow(row)
    click(qtbot, dialog.open_button)
    wizard = wizards[0]
    qtbot.addWidget(wizard)
    assert wizard.current_step() == "eligibility"
    assert wizard.kind_step.phone.text() == "13900002222"
    assert (
        wizard.parties_step.new_box.fields.id_number.text() == "E****567"
    )  # masked (a permit: first and last three)
    assert (
        wizard.kind_step.special_radio.isChecked()
        and not wizard.kind_step.special_radio.isEnabled()
    )
    assert "须至少提供 2 项证明" in wizard.eligibility_step.eligibility_text()


def test_a_transfer_filling_in_is_resumed_or_abandoned_with_a_reason(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    young = transfers.open_transfer(
        ctx,
        hall["clerk"],
        TransferForm(
            kind="过户",
            phone="13700001111",
            account_type="后付费（全球通）",
            opened_on=date(2026, 10, 1),
            opened_checked_where="BOSS 客户信息页",
            new_owner={
                "id_type": "居民身份证",
                "id_number": NEW_OWNER_ID,
                "name": "李四",
                "address": "广州市天河区某路2号",
            },
            registered_owner={
                "id_type": "居民身份证",
                "id_number": OWNER_ID,
                "name": "王五",
                "address": "北京市西城区某街1号",
            },
        ),
    )
    sign_in(qtbot, window, "3001")
    wizards: list[TransferWizard] = []
    window.open_transfer_wizard = wizards.append  # type: ignore[method-assign]
    window.show_transfer_wizard(young.id)
    wizard = wizards[0]
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard):
        wizard.show()
    assert wizard.current_step() == "eligibility"
    assert (
        "最早 2026-12-31 可办理" in wizard.eligibility_step.eligibility_text()
    )  # post-paid: over 90 days
    assert (
        wizard.parties_step.registered_box.fields.id_number.text() == "110105********002X"
    )  # masked

    reasons = iter(["", "开户未满 90 天，客户改日再来"])
    wizard.ask_abandon_reason = lambda: next(reasons)  # type: ignore[method-assign]
    click(qtbot, wizard.abandon_button)
    assert wizard.error_message() == "放弃原因：必须填写" and wizard.isVisible()
    click(qtbot, wizard.abandon_button)
    assert not wizard.isVisible()
    view = transfers.get_transfer(ctx, hall["clerk"], young.id)
    assert view.state is TransferState.ABANDONED
    assert Transfer.get_by_id(young.id).abandoned_reason == "开户未满 90 天，客户改日再来"
    assert Event.select().where(Event.type == "transfer.abandoned").count() == 1


def _resume(
    qtbot: QtBot, ctx: DeskContext, session: StaffSession, transfer_id: str
) -> TransferWizard:
    wizard = TransferWizard(ctx, session, transfer_id)
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard):
        wizard.show()
    return wizard


def _identity_views() -> list[Event]:
    return list(Event.select().where(Event.type == "identity.viewed").order_by(Event.seq))


def test_a_resumed_transfer_shows_numbers_masked_and_reveals_them_only_as_allowed(
    qtbot: QtBot,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    """Issue 9: resuming puts the numbers back masked; 显示完整号码 is offered to the clerk who
    opened the transfer (填写中), shows the number and records the view; another clerk gets no
    control and a refusal if they try; a number left masked is kept when the data is saved."""
    filling = transfers.open_transfer(
        ctx,
        hall["clerk"],
        TransferForm(
            kind="过户",
            phone="13700001111",
            account_type="后付费（全球通）",
            opened_on=date(2025, 1, 10),
            opened_checked_where="BOSS 客户信息页",
            new_owner={
                "id_type": "居民身份证",
                "id_number": NEW_OWNER_ID,
                "name": "李四",
                "address": "广州市天河区某路2号",
            },
            registered_owner={
                "id_type": "居民身份证",
                "id_number": OWNER_ID,
                "name": "王五",
                "address": "北京市西城区某街1号",
            },
        ),
    )
    wizard = _resume(qtbot, ctx, hall["clerk"], filling.id)
    owner, new = wizard.parties_step.registered_box.fields, wizard.parties_step.new_box.fields
    assert owner.id_number.text() == "110105********002X"
    assert new.id_number.text() == "440106********1231"
    wizard._show("parties")
    assert owner.reveal_button.isVisible() and new.reveal_button.isVisible()
    assert owner.reveal_button.text() == "显示完整号码"
    shoot(wizard, "transfer_resumed_masked.png")
    assert _identity_views() == []
    click(qtbot, owner.reveal_button)
    assert owner.id_number.text() == OWNER_ID and not owner.reveal_button.isVisible()
    views = _identity_views()
    assert len(views) == 1 and views[0].actor == "3001"
    payload = json.loads(views[0].plain_payload)
    assert payload["transfer_id"] == filling.id and payload["party"] == "registered_owner"
    assert OWNER_ID not in views[0].plain_payload and "002X" not in views[0].plain_payload
    assert new.id_number.text() == "440106********1231"  # the other one stays masked

    # Saving with one number still masked keeps the stored number; an address change is saved.
    new.address.setText("广州市天河区某路3号")
    click(qtbot, wizard.next_button)
    assert wizard.current_step() != "parties", wizard.error_message()
    parties = json.loads(Transfer.get_by_id(filling.id).parties)
    assert parties["new_owner"]["id_number"] == NEW_OWNER_ID
    assert parties["new_owner"]["address"] == "广州市天河区某路3号"
    wizard.reject()

    # Another clerk: no control; forcing it is refused, said in words, nothing recorded.
    other = _resume(qtbot, ctx, hall["clerk2"], filling.id)
    other._show("parties")
    fields = other.parties_step.registered_box.fields
    assert fields.id_number.text() == "110105********002X"
    assert not fields.reveal_button.isVisible()
    assert not other.parties_step.reveal(fields, "registered_owner")
    assert "无权查看完整证件号码" in other.error_label.text()
    assert fields.id_number.text() == "110105********002X" and len(_identity_views()) == 1
    other.reject()

    # The store manager may, for any transfer.
    manager = _resume(qtbot, ctx, hall["manager"], filling.id)
    manager._show("parties")
    assert manager.parties_step.new_box.fields.reveal_button.isVisible()
    click(qtbot, manager.parties_step.new_box.fields.reveal_button)
    assert manager.parties_step.new_box.fields.id_number.text() == NEW_OWNER_ID
    assert [e.actor for e in _identity_views()] == ["3001", "1001"]
    manager.reject()


@pytest.fixture(autouse=True)
def _no_modal_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a wizard at the end of a test does not wait for an answer."""
    monkeypatch.setattr(TransferWizard, "ask_close", lambda self, saved: True)


def test_invoices_alone_need_the_store_managers_approval(
    qtbot: QtBot,
    window: MainWindow,
    hall: dict[str, StaffSession],
    tmp_path: Path,
) -> None:
    sign_in(qtbot, window, "3001")
    wizard = open_wizard(qtbot, window)
    type_kind(qtbot, wizard, special=True, phone="13912345678")
    type_account(qtbot, wizard)
    type_parties(qtbot, wizard, special=True)
    assert wizard.current_step() == "evidence"
    for month in ("2026-09", "2026-10", "2026-05"):  # May is outside the six months
        click(qtbot, wizard.evidence_step.add_invoice_button)
        type_text(qtbot, month)
    click(
        qtbot, wizard.evidence_step.add_invoice_button
    )  # a fixed-value one (this month) never counts
    press(qtbot, RETURN)
    press(qtbot, Qt.Key.Key_Space)
    scan = evidence_png(tmp_path)
    wizard.evidence_step.ask_evidence_files = lambda: [str(scan)]  # type: ignore[method-assign]
    click(qtbot, wizard.evidence_step.add_file_button)
    click(qtbot, wizard.next_button)
    text = wizard.eligibility_step.eligibility_text()
    assert "特殊过户须至少提供 2 项证明，现有 0 项" in text, text
    assert "现只计入 2 个月（不在期间内的：2026年5月；定额发票 1 张不计）" in text, text
    assert not wizard.eligibility_step.approve_button.isVisible()

    click(qtbot, wizard.back_button)
    wizard.evidence_step.invoice_table.setCurrentCell(2, 0)
    focus = wizard.evidence_step.invoice_table.cellWidget(2, 0)
    focus.setFocus()
    focus.selectAll()  # type: ignore[attr-defined]
    type_text(qtbot, "2026-08")
    click(qtbot, wizard.next_button)
    text = wizard.eligibility_step.eligibility_text()
    assert "仅凭充值发票原则上不能办理特殊过户" in text and "须由店长" in text, text
    assert wizard.eligibility_step.approve_button.isVisible()
    shoot(wizard, "transfer_invoices_alone.png")

    answers: list[str] = []

    def store_manager(dialog: QDialog) -> bool:
        with qtbot.waitExposed(dialog):
            dialog.show()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        type_text(qtbot, "3001", dialog.approver_no)  # type: ignore[attr-defined]
        type_text(qtbot, PASSWORDS["3001"], dialog.password)  # type: ignore[attr-defined]
        press(qtbot, RETURN, CTRL)
        answers.append(dialog.error_message())  # type: ignore[attr-defined]
        dialog.approver_no.setText("1001")  # type: ignore[attr-defined]
        type_text(qtbot, PASSWORDS["1001"], dialog.password)  # type: ignore[attr-defined]
        type_text(qtbot, "新机主为原机主配偶，原机主出国，已核实", dialog.reason)  # type: ignore[attr-defined]
        press(qtbot, RETURN, CTRL)
        answers.append(dialog.error_message())  # type: ignore[attr-defined]
        dialog.recent_usage.setChecked(True)  # type: ignore[attr-defined]
        dialog.plan.setChecked(True)  # type: ignore[attr-defined]
        shoot(dialog, "transfer_approval.png")
        press(qtbot, RETURN, CTRL)
        return dialog.result() == QDialog.DialogCode.Accepted

    wizard.open_step_dialog = store_manager
    click(qtbot, wizard.eligibility_step.approve_button)
    assert "审批人是营业员，仅凭发票办理须由店长审批" in answers[0], answers
    assert "店长须先核查近期使用记录和套餐信息" in answers[1], answers
    text = wizard.eligibility_step.eligibility_text()
    assert "经店长批准按例外程序（仅凭充值发票）办理" in text, text
    assert "王店长（1001）批准" in wizard.eligibility_step.summary.text()
    assert Event.select().where(Event.type == "transfer.approved").count() == 1
    click(qtbot, wizard.next_button)
    assert wizard.current_step() == "signatures"


def test_without_the_field_key_the_list_still_works_and_resuming_says_why(
    qtbot: QtBot,
    hall: dict[str, StaffSession],
    ctx: DeskContext,
) -> None:
    """Issue 9: identity data that cannot be opened (the key gone from the keyring) shows as a
    placeholder in 过户记录 and stops the wizard with a sentence, never a crash."""
    from hall_desk import credentials
    from hall_desk.storage import sealed
    from tests.sync.fixtures import DESK

    filling = transfers.open_transfer(
        ctx,
        hall["clerk"],
        TransferForm(
            kind="过户",
            phone="13700001111",
            account_type="后付费（全球通）",
            opened_on=date(2025, 1, 10),
            opened_checked_where="BOSS 客户信息页",
            new_owner={
                "id_type": "居民身份证",
                "id_number": NEW_OWNER_ID,
                "name": "李四",
                "address": "广州市天河区某路2号",
            },
            registered_owner={
                "id_type": "居民身份证",
                "id_number": OWNER_ID,
                "name": "王五",
                "address": "北京市西城区某街1号",
            },
        ),
    )
    keyring.delete_password(credentials.FIELD_SERVICE, DESK)
    sealed.forget_key()
    dialog = TransferListDialog(ctx, hall["clerk"], lambda _id: None)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 4).text() == "（身份资料无法读取）"
    wizard = _resume(qtbot, ctx, hall["clerk"], filling.id)
    assert "身份资料无法读取" in wizard.error_label.text() and wizard.error_label.isVisible()
    assert not wizard.next_button.isEnabled()
    wizard._show("parties")
    assert not wizard.parties_step.new_box.fields.reveal_button.isVisible()
    assert Transfer.select().count() == 1


STEP_OF_FIELD = {
    "kind": "kind",
    "phone": "kind",
    "account_type": "account",
    "opened_on": "account",
    "opened_checked_where": "account",
    "registered_owner.id_number": "parties",
    "new_owner.name": "parties",
    "new_owner.address": "parties",
    "agents": "parties",
    "evidence": "evidence",
    "invoices": "evidence",
    "evidence_files": "evidence",
    "signatures.clerk": "signatures",
    "signatures.second_witness": "signatures",
}


def test_each_step_is_a_page_of_its_own_and_names_the_fields_it_holds(
    qtbot: QtBot, ctx: DeskContext, hall: dict[str, StaffSession]
) -> None:
    """Issue 21: one class per step (its own module under hall_desk/ui/transfer), the wizard only
    wiring them; a refused field is found on the page that holds it, in the steps' order."""
    wizard = TransferWizard(ctx, hall["clerk"])
    qtbot.addWidget(wizard)
    pages = wizard.pages
    assert tuple(pages) == STEPS
    assert len({type(page) for page in pages.values()}) == len(STEPS)
    for name, page in pages.items():
        assert isinstance(page, StepPage) and page.name == name
        assert type(page).__module__.startswith("hall_desk.ui.transfer."), type(page)
        assert page.objectName() == f"page_{name}"
        assert wizard.areas[name].widget() is page
    for field, step in STEP_OF_FIELD.items():
        widget = wizard.widget_for(field)
        assert widget is not None, field
        assert wizard.page_of(widget) == step, field
    assert wizard.widget_for("no_such_field") is None
