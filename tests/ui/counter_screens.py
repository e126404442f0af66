"""Every screen named in issue 19, rendered as a 1024×768 counter PC shows it, in Chinese and in
English: the main window (sign-in, intake before and after a save, 我的跟进, 投诉列表), the detail of
a repeat complaint and its 时间线, 统计看板, 申请退费, 待审批退费, 客户签名, the receipt's print
preview and 办理过户.

Not collected by itself (the file name does not start with ``test_``): the screen size must be set
before the QApplication exists, so tests/ui/test_screen_sizes.py runs this module in a subprocess
on an offscreen 1024×768 screen, and packaging/screenshots.py runs it for the README's pictures.
The PNGs go to ``HALL_DESK_SHOTS`` (required here), named ``<language>_<screen>.png``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.templates import ComplaintTemplate
from hall_desk.services import complaints, documents, lifecycle, refunds, templates
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.preferences import ENGLISH
from hall_desk.services.refunds import RefundDraft
from hall_desk.ui import i18n
from hall_desk.ui.complaint_detail import ComplaintDetailDialog
from hall_desk.ui.dashboard import DashboardWindow
from hall_desk.ui.print_preview import PrintPreviewDialog
from hall_desk.ui.refunds import ProposeRefundDialog, SignRefundDialog
from hall_desk.ui.screen import available_size
from tests.conftest import PASSWORDS
from tests.ui.conftest import open_window, sign_in

SHOTS_ENV = "HALL_DESK_SHOTS"
SCREEN = (1024, 768)
CLIENT = (1008, 696)  # the screen less a 40 px taskbar and a window frame
SCREENS = (
    "signin",
    "intake",
    "intake_saved",
    "followup",
    "list",
    "detail",
    "timeline",
    "dashboard",
    "refund_propose",
    "refunds_pending",
    "receipt_preview",
    "transfer_wizard",
    "refund_sign",
    "template_picker",  # issue 23
    "intake_template",
    "intake_blank_choices",  # issue 23: ↓ on 【日期】 offers today's date first
    "intake_subclass_suggestion",  # issue 23: the class chosen, its likeliest sub-class shown
    "templates",
)


def shots() -> Path:
    folder = Path(os.environ[SHOTS_ENV])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    if request.param == "en":
        assert i18n.install(ENGLISH)
    else:
        i18n.install("zh_CN")
    yield request.param
    i18n.uninstall()


def draft(phone: str, main: str, sub: str, description: str, request: str) -> ComplaintDraft:
    return ComplaintDraft(
        phone=phone,
        customer_name="陈先生",
        main_class=main,
        sub_class=sub,
        description=description,
        customer_request=request,
        network_urgency="一般" if main == "网络质量" else "",
    )


class Counter:
    """A morning at 人民路营业厅: complaints in several states, a repeat, a refund waiting."""

    def __init__(self, ctx: DeskContext, hall: dict[str, StaffSession], clock: FixedClock) -> None:
        clerk = hall["clerk"]
        clock.advance(days=-3)
        first = complaints.record_complaint(
            ctx,
            clerk,
            draft(
                "13812345678", "电信资费", "资费争议/乱收费", "彩铃功能费未订购被扣", "退还多收费用"
            ),
        )
        for phone, main, sub, text in (
            ("13900001111", "网络质量", "信号覆盖", "家中室内无信号，打电话断断续续"),
            ("13700002222", "电信服务", "服务态度", "营业员办理业务时态度生硬"),
            ("13600003333", "电信资费", "资费争议/乱收费", "流量包重复扣费"),
        ):
            complaints.record_complaint(ctx, clerk, draft(phone, main, sub, text, "尽快处理"))
        clock.advance(days=2)
        lifecycle.start_verification(ctx, clerk, first.id)
        lifecycle.verify(ctx, clerk, first.id, verification="成立", responsibility="我方")
        clock.advance(days=1)
        self.repeat = complaints.record_complaint(
            ctx,
            clerk,
            draft("13812345678", "电信资费", "资费争议/乱收费", "彩铃又被扣费", "退费并取消彩铃"),
        )
        self.refund_id = refunds.propose_refund(
            ctx,
            clerk,
            first.id,
            RefundDraft(
                item="2026年11月 彩铃功能费",
                checked="查详单：客户未订购，系统误开通",
                amount="150",
                account_type="预付费",
                method="话费账户返还",
                reason="系统误开通",
            ),
        ).id
        self.first_id = first.id
        clock.advance(minutes=30)


@pytest.fixture
def counter(ctx: DeskContext, hall: dict[str, StaffSession], clock: FixedClock) -> Counter:
    return Counter(ctx, hall, clock)


def grab(widget: QWidget, language: str, name: str, taken: list[str]) -> None:
    """Save what the clerk sees; a window larger than the screen's client area fails."""
    QApplication.processEvents()
    size, room = widget.size(), available_size(widget)  # the screen less taskbar and frame
    assert size.width() <= room.width() and size.height() <= room.height(), (
        f"{name}: {size.width()}×{size.height()} on a {SCREEN[0]}×{SCREEN[1]} screen"
    )
    path = shots() / f"{language}_{name}.png"
    assert widget.grab().save(str(path)), path
    taken.append(name)


def test_every_screen_at_1024x768(
    qtbot: QtBot,
    language: str,
    ctx: DeskContext,
    hall: dict[str, StaffSession],
    counter: Counter,
) -> None:
    screen = QApplication.primaryScreen().availableGeometry()
    assert (screen.width(), screen.height()) == SCREEN, "run on a 1024×768 screen (see above)"
    taken: list[str] = []
    window = open_window(qtbot, ctx)
    window.showNormal()
    window.resize(*CLIENT)  # as the window manager leaves it: the screen less taskbar and frame
    grab(window, language, "signin", taken)
    sign_in(qtbot, window, "1001")
    grab(window, language, "intake", taken)
    intake = window.intake
    intake.ask_read_back = lambda _intake, _deadlines: True  # type: ignore[method-assign]
    intake.phone_edit.setText("13500005555")
    intake.name_edit.setText("李女士")
    intake.class_combo.setCurrentIndex(1)
    intake.sub_combo.setCurrentIndex(1)
    intake.description_edit.setPlainText("宽带晚上经常断线")
    intake.request_edit.setText("尽快修复问题")
    intake.submit()
    assert window.saved_banner.isVisible(), intake.error_message()
    grab(window, language, "intake_saved", taken)
    window.show_follow_ups()
    grab(window, language, "followup", taken)
    window.show_list()
    grab(window, language, "list", taken)
    window.show_intake()
    # 常用投诉模板 (issue 23): the picker over the form, the form filled from it
    templates.save_template(
        ctx,
        hall["manager"],
        ComplaintTemplate(
            "", 1, "多扣话费", "电信资费", "资费争议/乱收费",
            "客户反映【日期】话费多扣【金额】元，未办理新业务。", "退还多收费用",
        ),
    )  # fmt: skip
    picker = intake.open_template_picker()
    assert picker is not None
    qtbot.waitExposed(picker)
    picker.filter_edit.setText("dkhf")
    grab(picker, language, "template_picker", taken)
    picker.accept_current()
    assert intake.template is not None
    grab(window, language, "intake_template", taken)
    assert intake.cycle_blank_choice(intake.description_edit, 1)  # 【日期】: today's date
    assert intake.blank_hint.isVisible()
    english = language == "en"
    hint = "【日期】: ↓/↑ for a usual value: " if english else "【日期】按 ↓/↑ 选常用值："
    assert intake.blank_hint.text().startswith(hint)  # the blank's label as written: data
    grab(window, language, "intake_blank_choices", taken)
    intake.clear()
    intake.class_combo.setCurrentText("电信资费")
    intake.description_edit.setPlainText("客户手机每月被扣代收信息费，称从未订阅")
    assert intake.suggestion_label.isVisible() and intake.sub_combo.currentText() == ""
    qtbot.waitUntil(lambda: not intake.suggestion_label.visibleRegion().isEmpty())  # in sight
    suggested = "Suggested sub-class: " if english else "建议子类："
    assert intake.suggestion_label.text().startswith(suggested)
    grab(window, language, "intake_subclass_suggestion", taken)
    intake.clear()

    def opened(
        make: Callable[[], QWidget], name: str, before: Callable[[QWidget], None] = lambda _: None
    ) -> None:
        widget = make()
        qtbot.addWidget(widget)
        with qtbot.waitExposed(widget):
            widget.show()
        before(widget)
        grab(widget, language, name, taken)
        if isinstance(widget, QDialog):
            QDialog.done(widget, 0)
        else:
            widget.close()

    def timeline(widget: QWidget) -> None:
        assert isinstance(widget, ComplaintDetailDialog)
        widget.tabs.setCurrentWidget(widget.timeline_view)

    opened(lambda: window.make_detail(counter.repeat.id), "detail")
    opened(lambda: window.make_detail(counter.first_id), "timeline", timeline)
    opened(lambda: DashboardWindow(ctx, window.session, window), "dashboard")  # type: ignore[arg-type]
    first = complaints.get_complaint(hall["manager"], counter.first_id)
    opened(lambda: ProposeRefundDialog(ctx, hall["manager"], first, window), "refund_propose")
    opened(window.make_pending_refunds, "refunds_pending")
    assert refunds.pending_approvals(hall["manager"])
    pdf = documents.receipt_pdf(ctx, hall["manager"], counter.first_id)
    opened(lambda: PrintPreviewDialog(pdf, "投诉受理回执", window), "receipt_preview")
    opened(lambda: window.make_transfer_wizard(), "transfer_wizard")
    opened(window.make_templates, "templates")
    approve_and_sign(ctx, hall, counter)
    opened(lambda: SignRefundDialog(ctx, hall["clerk"], counter.refund_id, window), "refund_sign")
    assert len(taken) == len(SCREENS), sorted(set(SCREENS) - set(taken))
    window.idle.stop()


def approve_and_sign(ctx: DeskContext, hall: dict[str, StaffSession], counter: Counter) -> None:
    """The store manager approves the refund at the clerk's counter: the customer signs next."""
    refunds.approve_refund(
        ctx,
        hall["clerk"],
        counter.refund_id,
        approver_no="1001",
        approver_password=PASSWORDS["1001"],
    )
