"""常用投诉模板 at the counter (issue 23), typed as a clerk would: F2 opens the picker, characters,
initials and full pinyin filter it, Enter fills the form with the cursor in the first blank, Tab
moves blank to blank, a blank left blocks the read-back and is named, the saved complaint records
the template and its version; a template whose sub-class left the catalogue is refused and flagged
in 设置 → 常用模板; pinyin search in the intake's pick lists and the complaint list's filters; the
suggested class, taken with F3, never over the clerk's choice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE_DATA, Catalogue
from hall_desk.domain.clock import SHANGHAI, FixedClock
from hall_desk.domain.templates import ComplaintTemplate
from hall_desk.services import templates
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint, Event
from hall_desk.sync import downlink
from hall_desk.ui.intake import SUGGESTION_KEY, TEMPLATE_KEY
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.templates import TemplateEditDialog, TemplatePickerDialog, TemplatesDialog
from tests.domain.test_default_templates import DEFAULT_POLICY_FILE
from tests.sync.downlink_events import head_office
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text
from tests.ui.shortcut_keys import APPLICATION_LEVEL
from tests.ui.test_counter import ReadBack
from tests.ui.test_english_ui import SHOTS, english  # noqa: F401  (the fixture)

OVERCHARGE = ComplaintTemplate(
    id="",
    version=1,
    name="多扣话费",
    main_class="电信资费",
    sub_class="资费争议/乱收费",
    description="客户反映【日期】话费多扣【金额】元，未办理新业务。",
    customer_request="退还多收费用",
)
BROADBAND = ComplaintTemplate(
    id="",
    version=1,
    name="宽带断网",
    main_class="业务种类",
    sub_class="宽带业务",
    description="客户家中宽带自【日期】起无法上网。",
    customer_request="尽快上门修复",
)
SIGNAL = ComplaintTemplate(
    id="",
    version=1,
    name="信号差",
    main_class="网络质量",
    sub_class="信号覆盖",
    description="客户反映【地点】手机信号差，通话经常中断。",
    customer_request="尽快改善信号",
)


@pytest.fixture
def saved(hall: dict[str, StaffSession], ctx: DeskContext) -> dict[str, ComplaintTemplate]:
    return {
        t.name: templates.save_template(ctx, hall["manager"], t)
        for t in (OVERCHARGE, BROADBAND, SIGNAL)
    }


def open_picker(qtbot: QtBot, window: MainWindow) -> TemplatePickerDialog:
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TemplatePickerDialog))
    picker = QApplication.activeModalWidget()
    assert isinstance(picker, TemplatePickerDialog)
    qtbot.waitUntil(lambda: focused() is picker.filter_edit)
    return picker


def erase(qtbot: QtBot, picker: TemplatePickerDialog) -> None:
    picker.filter_edit.selectAll()
    press(qtbot, Qt.Key.Key_Backspace)


def selected_text() -> str:
    widget = focused()
    if isinstance(widget, QPlainTextEdit):
        return widget.textCursor().selectedText()
    return widget.selectedText()  # type: ignore[attr-defined,no-any-return]


def test_picker_by_characters_initials_and_full_pinyin_then_tab_through_the_blanks(
    qtbot: QtBot, window: MainWindow, saved: dict[str, ComplaintTemplate]
) -> None:
    sign_in(qtbot, window, "3001")
    read_back = ReadBack()
    window.intake.ask_read_back = read_back  # type: ignore[method-assign]
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "陈先生")
    picker = open_picker(qtbot, window)
    assert picker.visible_names() == ["信号差", "多扣话费", "宽带断网"]  # the hall's, by name
    type_text(qtbot, "dkhf")  # initials
    assert picker.visible_names() == ["多扣话费"]
    erase(qtbot, picker)
    type_text(qtbot, "kuandai")  # full spelling
    assert picker.visible_names() == ["宽带断网"]
    erase(qtbot, picker)
    type_text(qtbot, "话费")  # characters, through the input method
    assert picker.visible_names() == ["多扣话费"]
    erase(qtbot, picker)
    type_text(qtbot, "duokouhf")  # mixed
    assert picker.visible_names() == ["多扣话费"]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    form = window.intake
    assert (form.class_combo.currentText(), form.sub_combo.currentText()) == (
        "电信资费",
        "资费争议/乱收费",
    )
    assert form.request_edit.text() == "退还多收费用"
    qtbot.waitUntil(lambda: focused() is form.description_edit)
    assert selected_text() == "【日期】"  # the cursor in the first blank
    type_text(qtbot, "本月")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.description_edit and selected_text() == "【金额】"
    type_text(qtbot, "30")
    press(qtbot, Qt.Key.Key_Tab)  # no blank left: Tab moves on as usual
    assert focused() is form.request_edit
    assert form.description_edit.toPlainText() == "客户反映本月话费多扣30元，未办理新业务。"
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(read_back.seen) == 1, form.error_message()
    row = Complaint.get()
    template = saved["多扣话费"]
    assert (row.template_id, row.template_version) == (template.id, template.version)
    assert row.description == "客户反映本月话费多扣30元，未办理新业务。"
    assert form.template is None and not form.template_label.isVisible()  # ready for the next


def test_an_unfilled_blank_blocks_the_read_back_and_is_named(
    qtbot: QtBot, window: MainWindow, saved: dict[str, ComplaintTemplate]
) -> None:
    sign_in(qtbot, window, "3001")
    read_back = ReadBack()
    window.intake.ask_read_back = read_back  # type: ignore[method-assign]
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "陈先生")
    picker = open_picker(qtbot, window)
    type_text(qtbot, "kddw")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    form = window.intake
    qtbot.waitUntil(lambda: focused() is form.description_edit)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 【日期】 left
    assert read_back.seen == []
    assert "模板空白“日期”尚未填写" in form.error_message() and "问题描述" in form.error_message()
    assert focused() is form.description_edit and selected_text() == "【日期】"
    type_text(qtbot, "昨天")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(read_back.seen) == 1, form.error_message()
    assert Complaint.get().template_id == saved["宽带断网"].id


def test_a_template_whose_sub_class_left_the_catalogue_is_refused_and_flagged(
    qtbot: QtBot,
    window: MainWindow,
    saved: dict[str, ComplaintTemplate],
    ctx: DeskContext,
    hall: dict[str, StaffSession],
) -> None:
    # Head office's catalogue in force no longer has 业务种类 (pinned as a policy would).
    ctx._catalogue = Catalogue({k: v for k, v in DEFAULT_CATALOGUE_DATA.items() if k != "业务种类"})
    sign_in(qtbot, window, "3001")
    picker = open_picker(qtbot, window)
    type_text(qtbot, "kd")
    assert picker.visible_names() == ["宽带断网"]
    assert "分类已停用" in picker.list.item(0).text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    form = window.intake
    assert form.template is None and form.class_combo.currentText() == ""
    message = form.error_label.text()
    assert "宽带断网" in message and "业务种类/宽带业务" in message and "常用模板" in message
    dialog = TemplatesDialog(ctx, hall["manager"], window)
    qtbot.addWidget(dialog)
    assert "宽带断网" in dialog.status_label.text()
    flagged = [
        dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 5).text() == "分类已停用"
    ]
    assert flagged == ["宽带断网"]


def test_pinyin_search_in_the_intake_pick_lists_and_the_list_filters(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    form = window.intake
    form.class_combo.setFocus()
    type_text(qtbot, "zf")
    assert form.class_combo.currentText() == "电信资费"
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.sub_combo
    type_text(qtbot, "zifei")  # full spelling
    assert form.sub_combo.currentText() == "资费争议/乱收费"
    form.tier_combo.setFocus()
    type_text(qtbot, "qqt")
    assert form.tier_combo.currentText() == "全球通"
    form.channel_combo.setFocus()
    type_text(qtbot, "dh")
    assert "电话" in form.channel_combo.currentText()
    window.tabs.setCurrentIndex(1)
    filters = window.list_page.findChild(type(form.class_combo).__mro__[1], "classFilter")
    assert filters is not None
    filters.setFocus()
    type_text(qtbot, "wangluo")
    assert "网络质量" in filters.currentData()


def test_the_suggested_class_is_shown_taken_with_f3_and_never_over_the_clerks_choice(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    form = window.intake
    form.description_edit.setFocus()
    type_text(qtbot, "客户说这个月的话费被多扣了二十元")
    assert form.suggestion_label.isVisible()
    assert form.suggestion is not None
    suggested = (form.suggestion.main_class, form.suggestion.sub_class)
    assert form.class_combo.currentText() == ""  # shown, not chosen
    press(qtbot, Qt.Key.Key_F3)
    assert (form.class_combo.currentText(), form.sub_combo.currentText()) == suggested
    assert not form.suggestion_label.isVisible()
    # The clerk's own class first: never another class, only a sub-class of theirs.
    form.clear()
    form.class_combo.setFocus()
    type_text(qtbot, "wlzl")
    assert form.class_combo.currentText() == "网络质量"
    form.description_edit.setFocus()
    type_text(qtbot, "客户说这个月的话费被多扣了二十元")
    assert form.suggestion is not None and form.suggestion.main_class == "网络质量"
    assert form.suggestion_label.text().startswith("建议子类：")
    press(qtbot, Qt.Key.Key_F3)
    assert form.class_combo.currentText() == "网络质量"
    assert form.sub_combo.currentText() in form.ctx.catalogue.sub_classes("网络质量")
    # Class and sub-class both the clerk's: nothing suggested, F3 changes nothing.
    form.clear()
    form.class_combo.setFocus()
    type_text(qtbot, "wlzl")
    form.sub_combo.setFocus()
    type_text(qtbot, "bjmy")  # 边界漫游
    assert form.sub_combo.currentText() == "边界漫游"
    form.description_edit.setFocus()
    type_text(qtbot, "客户说这个月的话费被多扣了二十元")
    assert not form.suggestion_label.isVisible()
    press(qtbot, Qt.Key.Key_F3)
    assert (form.class_combo.currentText(), form.sub_combo.currentText()) == (
        "网络质量",
        "边界漫游",
    )


def test_once_the_class_is_chosen_its_likeliest_sub_class_is_suggested_and_f3_takes_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    form = window.intake
    form.class_combo.setFocus()
    type_text(qtbot, "dxzf")  # 电信资费 by its initials
    assert form.class_combo.currentText() == "电信资费"
    form.description_edit.setFocus()
    type_text(qtbot, "客户手机每月被扣代收信息费，称从未订阅")
    # shown, not chosen: the class stays, the sub-class empty until F3
    assert form.suggestion_label.isVisible()
    assert form.suggestion_label.text().startswith("建议子类：代收信息费")
    assert form.sub_combo.currentText() == ""
    press(qtbot, Qt.Key.Key_F3)
    assert (form.class_combo.currentText(), form.sub_combo.currentText()) == (
        "电信资费",
        "代收信息费",
    )
    assert not form.suggestion_label.isVisible()
    # The clerk changes the sub-class: no suggestion over it, F3 leaves it.
    form.sub_combo.setFocus()
    type_text(qtbot, "tcbg")  # 套餐变更
    assert form.sub_combo.currentText() == "套餐变更"
    form.description_edit.setFocus()
    type_text(qtbot, "，又被扣了一次信息费")
    assert not form.suggestion_label.isVisible()
    press(qtbot, Qt.Key.Key_F3)
    assert form.sub_combo.currentText() == "套餐变更"
    # The clerk changes the class: the sub-class empties, a sub-class of the new class is offered.
    form.class_combo.setFocus()
    type_text(qtbot, "ywzl")  # 业务种类
    assert form.class_combo.currentText() == "业务种类" and form.sub_combo.currentText() == ""
    assert form.suggestion is not None and form.suggestion.main_class == "业务种类"


def test_the_store_manager_keeps_the_halls_templates(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession]
) -> None:
    sign_in(qtbot, window, "1001")
    assert window.templates_action.isEnabled()
    dialog = window.make_templates()
    qtbot.addWidget(dialog)
    edited: list[TemplateEditDialog] = []

    def drive(editor: TemplateEditDialog) -> bool:
        edited.append(editor)
        editor.open()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.name_edit)
        type_text(qtbot, "积分未到账")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "dxfw")  # 电信服务, by initials
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "jfdh")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "客户【日期】办理的积分兑换未到账。")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "尽快补发积分")
        press(qtbot, Qt.Key.Key_Return)
        return editor.result() == TemplateEditDialog.DialogCode.Accepted

    dialog.open_editor = drive  # type: ignore[method-assign]
    dialog.new_button.click()
    assert edited and edited[0].saved is not None, (
        edited[0].error_label.text(),
        edited[0].draft(),
    )
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [
        "积分未到账"
    ]
    assert Event.select().where(Event.type == "template.saved").count() == 1
    dialog.confirm_retire = lambda name: True  # type: ignore[method-assign]
    dialog.retire_button.click()
    assert dialog.table.rowCount() == 0
    assert Event.select().where(Event.type == "template.retired").count() == 1


def test_a_clerk_has_no_templates_setting(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "3001")
    assert not window.templates_action.isEnabled()


def test_pypinyin_is_not_loaded_before_sign_in() -> None:
    """The sign-in window comes first: the desk's UI modules import without pypinyin (it loads on
    the first pinyin search, or when the intake form warms it up after sign-in)."""
    code = (
        "import sys\n"
        "import hall_desk.app, hall_desk.ui.mainwindow, hall_desk.ui.intake, hall_desk.ui.templates\n"
        "import hall_desk.ui.search_filters, hall_desk.domain.pinyin_match\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin loaded before sign-in'\n"
        "from hall_desk.domain.pinyin_match import matches\n"
        "assert matches('多扣话费', 'dkhf') and 'pypinyin' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.usefixtures("english", "saved")
def test_the_english_ui_shows_the_picker_in_english_and_the_templates_as_written(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in(qtbot, window, "3001")
    picker = open_picker(qtbot, window)
    assert picker.windowTitle() == "Complaint templates"
    assert picker.filter_edit.placeholderText().startswith("Type characters or pinyin")
    type_text(qtbot, "dkhf")
    row = picker.list.item(0).text()
    assert row.startswith("多扣话费") and "Telecom charges" in row and "This hall" in row
    picker.grab().save(str(SHOTS / "english_template_picker_chinese_data.png"))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    form = window.intake
    assert form.description_edit.toPlainText().startswith("客户反映")  # the template as written
    assert form.template_label.text().startswith("Template applied: 多扣话费")


def test_the_template_and_suggestion_keys_are_no_text_editing_key(qapp: QApplication) -> None:
    """F2 and F3 act in the intake form's text fields: no standard key a field acts on uses them
    (this platform's scheme; tests/ui/test_keys_x11.py covers the window's actions under X11)."""
    taken = {
        sequence.toString(QKeySequence.SequenceFormat.PortableText)
        for key in QKeySequence.StandardKey
        if key not in APPLICATION_LEVEL
        for sequence in QKeySequence.keyBindings(key)
    }
    for key in (TEMPLATE_KEY, SUGGESTION_KEY):
        text = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
        assert text in ("F2", "F3") and text not in taken


def test_a_kept_draft_keeps_its_template(
    qtbot: QtBot, window: MainWindow, saved: dict[str, ComplaintTemplate]
) -> None:
    """A user switch keeps the half-typed form (issue 19): the template it came from too."""
    sign_in(qtbot, window, "3001")
    form = window.intake
    form.ask_read_back = ReadBack()  # type: ignore[method-assign]
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "陈先生")
    picker = open_picker(qtbot, window)
    type_text(qtbot, "kddw")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.description_edit)
    form.stash()
    form.clear()
    assert form.template is None
    form.restore()
    assert form.template is not None and form.template.id == saved["宽带断网"].id
    assert form.template_label.isVisible()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 【日期】 still blank
    assert "日期" in form.error_message() and Complaint.select().count() == 0
    assert focused() is form.description_edit and selected_text() == "【日期】"
    type_text(qtbot, "昨天")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert Complaint.get().template_id == saved["宽带断网"].id


def test_fewer_keys_a_returning_customers_name_a_title_by_one_key_and_a_blanks_usual_values(
    qtbot: QtBot, window: MainWindow, saved: dict[str, ComplaintTemplate]
) -> None:
    """Issue 23's ≤ 10 typed keys: the name of a returning customer from the number's history;
    a new customer's surname and ↓ for 先生/女士; ↓/↑ on a blank for its usual values, today's
    date first. Each offered, never over what the clerk typed, and editable."""
    sign_in(qtbot, window, "3001")
    read_back = ReadBack()
    form = window.intake
    form.ask_read_back = read_back  # type: ignore[method-assign]
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.name_edit and form.name_edit.text() == ""  # a new customer
    type_text(qtbot, "陈")
    press(qtbot, Qt.Key.Key_Down)
    assert form.name_edit.text() == "陈先生"
    press(qtbot, Qt.Key.Key_Down)
    assert form.name_edit.text() == "陈女士"
    press(qtbot, Qt.Key.Key_Up)
    assert form.name_edit.text() == "陈先生"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # an edit like typing
    assert form.name_edit.text() == "陈女士"
    press(qtbot, Qt.Key.Key_Up)
    assert form.name_edit.text() == "陈先生"

    picker = open_picker(qtbot, window)
    type_text(qtbot, "xhc")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    qtbot.waitUntil(lambda: focused() is form.description_edit)
    assert selected_text() == "【地点】"
    assert form.blank_hint.isVisible() and "家中" in form.blank_hint.text()
    press(qtbot, Qt.Key.Key_Down)
    assert selected_text() == "家中"
    press(qtbot, Qt.Key.Key_Down)
    assert selected_text() == "单位"
    press(qtbot, Qt.Key.Key_Up)
    assert selected_text() == "家中"
    assert form.description_edit.toPlainText() == "客户反映家中手机信号差，通话经常中断。"
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    form.urgency_combo.setFocus()  # the network class's urgency, named by the read-back refusal
    type_text(qtbot, "yb")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(read_back.seen) == 1, form.error_message()
    assert Complaint.get().customer_name == "陈先生"

    # The same number again: the name is filled in, selected (typing replaces it).
    type_text(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.name_edit and form.name_edit.text() == "陈先生"
    assert form.name_edit.selectedText() == "陈先生"
    # Another number: the prefilled name goes with it ...
    form.phone_edit.setFocus()
    press(qtbot, Qt.Key.Key_Backspace)
    assert form.name_edit.text() == ""
    # ... but a name the clerk typed stays whatever the number.
    form.name_edit.setFocus()
    type_text(qtbot, "王女士")
    form.phone_edit.setFocus()
    form.phone_edit.end(False)
    type_text(qtbot, "0")
    assert form.history_list.count() == 1 and form.name_edit.text() == "王女士"

    # 【日期】 offers today's date first, then the days before it.
    form.name_edit.setFocus()
    picker = open_picker(qtbot, window)
    type_text(qtbot, "kddw")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    qtbot.waitUntil(lambda: focused() is form.description_edit)
    today = form.ctx.clock.now().astimezone(SHANGHAI).date()
    assert selected_text() == "【日期】"
    press(qtbot, Qt.Key.Key_Down)
    assert selected_text() == f"{today.month}月{today.day}日"
    yesterday = today - timedelta(days=1)
    press(qtbot, Qt.Key.Key_Down)
    assert selected_text() == f"{yesterday.month}月{yesterday.day}日"
    type_text(qtbot, "上周五")  # typed over the offer: the clerk's words
    assert form.description_edit.toPlainText() == "客户家中宽带自上周五起无法上网。"
    press(qtbot, Qt.Key.Key_Down)  # on no blank: ↓ is the text's own key again
    assert form.description_edit.toPlainText() == "客户家中宽带自上周五起无法上网。"


def test_head_offices_default_set_shows_in_the_picker_beside_the_halls_own(
    qtbot: QtBot,
    window: MainWindow,
    saved: dict[str, ComplaintTemplate],
    ctx: DeskContext,
    clock: FixedClock,
) -> None:
    """The shipped default set (resources/policy), pulled as head office's policy.set: the
    picker lists it, 总部, before the hall's own (本厅); initials find either; one fills the form."""
    document = json.loads(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    policy = head_office().next(
        "policy.set", {"version": document["version"], "policy": document}, actor="op:ops"
    )
    result = downlink.apply_page(
        [policy], hall="HA01", desk="HA01-02", after=0, cursor=1, at=clock.now()
    )
    assert result.applied == 1 and result.policy_changed
    shipped = [t["name"] for t in document["templates"]]
    sign_in(qtbot, window, "3001")
    picker = open_picker(qtbot, window)
    assert picker.visible_names() == [*shipped, "信号差", "多扣话费", "宽带断网"]
    sources = [picker.list.item(i).text().rsplit("  ·  ", 1)[1] for i in range(picker.list.count())]
    assert sources == ["总部"] * len(shipped) + ["本厅"] * 3
    type_text(qtbot, "tcwjty")  # 套餐未经同意变更, head office's only
    assert picker.visible_names() == ["套餐未经同意变更"]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    form = window.intake
    assert (form.class_combo.currentText(), form.sub_combo.currentText()) == (
        "电信资费",
        "套餐变更",
    )
    assert form.template is not None and form.template.id == "hq-tcbg"
    qtbot.waitUntil(lambda: focused() is form.description_edit)
    assert selected_text() == "【日期】"
