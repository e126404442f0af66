"""投诉列表 search: a two-character Chinese word typed through the input method finds the right
complaints and not the others; filters narrow; a header click sorts through the query; pages of 50
with the total, PageDown / PageUp; 只看未办结 is the state filter's 未办结; masked numbers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui.mainwindow import MainWindow
from tests.ui.conftest import sign_in
from tests.ui.helpers import focused, press, type_text

SCREENSHOTS = Path("/tmp/hall_desk_screens")


def record(
    ctx: DeskContext,
    session: StaffSession,
    *,
    description: str,
    name: str = "陈先生",
    phone: str = "13800138000",
    tier: str = "普通",
    main_class: str = "电信资费",
    sub_class: str = "资费争议/乱收费",
) -> str:
    return complaints.record_complaint(
        ctx,
        session,
        ComplaintDraft(
            phone=phone,
            customer_name=name,
            tier=tier,
            main_class=main_class,
            sub_class=sub_class,
            description=description,
            customer_request="给个说法",
            network_urgency="一般" if main_class == "网络质量" else "",
        ),
    ).number


def numbers(window: MainWindow) -> list[str]:
    model = window.list_page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def mixed_hall(ctx: DeskContext, hall: dict[str, StaffSession]) -> dict[str, str]:
    clerk = hall["clerk"]
    return {
        "bill": record(
            ctx,
            clerk,
            description="本月话费多扣了 30 元",
            name="钱女士",
            phone="13900139001",
            tier="VIP",
        ),
        "bill2": record(
            ctx, clerk, description="话费账单看不懂，要求解释", name="孙先生", phone="13900139002"
        ),
        "signal": record(
            ctx,
            clerk,
            description="家里信号很差，经常断线",
            name="李先生",
            phone="13900139003",
            main_class="网络质量",
            sub_class="信号覆盖",
        ),
        "attitude": record(
            ctx,
            clerk,
            description="营业员态度差",
            name="周女士",
            phone="13900139004",
            main_class="电信服务",
            sub_class="服务态度",
        ),
    }


def test_a_two_character_search_finds_the_right_complaints(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    made = mixed_hall(ctx, hall)
    sign_in(qtbot, window, "3001")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.list_page.search_edit
    assert window.list_page.page_label.text() == "共 4 条，第 1/1 页"
    type_text(qtbot, "话费")
    press(qtbot, Qt.Key.Key_Return)
    assert sorted(numbers(window)) == sorted([made["bill"], made["bill2"]])
    assert window.list_page.page_label.text() == "共 2 条，第 1/1 页"
    shown = " ".join(
        window.list_page.model.index(r, c).data() or ""
        for r in range(window.list_page.model.rowCount())
        for c in range(window.list_page.model.columnCount())
    )
    assert "139****9001" in shown and "13900139001" not in shown

    window.list_page.search_edit.clear()
    type_text(qtbot, "信号", window.list_page.search_edit)
    press(qtbot, Qt.Key.Key_Return)
    assert numbers(window) == [made["signal"]]


def test_filters_narrow_and_open_only_is_the_state_filter(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    made = mixed_hall(ctx, hall)
    lifecycle.verify(
        ctx,
        hall["clerk"],
        complaints.list_complaints(hall["clerk"], made["attitude"])[0].id,
        verification="成立",
        responsibility="我方",
    )
    sign_in(qtbot, window, "3001")
    window.show_list()
    page = window.list_page
    filters = page.filters
    assert len(numbers(window)) == 4

    filters.tier_combo.setCurrentIndex(filters.tier_combo.findText("VIP"))
    assert numbers(window) == [made["bill"]]
    filters.tier_combo.setCurrentIndex(0)

    filters.class_combo.setCurrentIndex(filters.class_combo.findText("电信资费"))
    assert sorted(numbers(window)) == sorted([made["bill"], made["bill2"]])
    type_text(qtbot, "账单", page.search_edit)  # text and filter together
    press(qtbot, Qt.Key.Key_Return)
    assert numbers(window) == [made["bill2"]]
    qtbot.mouseClick(filters.clear_button, Qt.MouseButton.LeftButton)
    page.search_edit.clear()
    page.search()
    assert len(numbers(window)) == 4

    filters.state_combo.setCurrentIndex(filters.state_combo.findText("处理中"))
    assert numbers(window) == [made["attitude"]]
    assert not page.open_only_check.isChecked()
    qtbot.mouseClick(page.open_only_check, Qt.MouseButton.LeftButton)  # → state 未办结
    assert filters.state_combo.currentText() == "未办结"
    assert len(numbers(window)) == 4  # 已受理 and 处理中 are both open
    filters.state_combo.setCurrentIndex(filters.state_combo.findText("已答复"))
    assert not page.open_only_check.isChecked() and numbers(window) == []
    assert page.page_label.text() == "共 0 条，第 0/0 页"


def test_a_header_click_sorts_through_the_query(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    for name in ("丙", "甲", "乙"):
        record(ctx, hall["clerk"], description="话费", name=name, phone="13900139000")
    sign_in(qtbot, window, "3001")
    window.show_list()
    page = window.list_page
    header = page.table.horizontalHeader()
    customer = page.model.HEADERS.index("客户")

    def names() -> list[str]:
        return [page.model.index(r, customer).data() for r in range(page.model.rowCount())]

    def click(section: int) -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    assert names() == ["乙", "甲", "丙"]  # newest first
    click(customer)
    assert (page.sort, page.descending) == ("customer_name", False)
    assert names() == sorted(["丙", "甲", "乙"])  # by the database's collation
    click(customer)
    assert names() == sorted(["丙", "甲", "乙"], reverse=True)
    assert header.sortIndicatorSection() == customer
    flags = page.model.HEADERS.index("标记")
    click(flags)  # not sortable: nothing changes
    assert (page.sort, page.descending) == ("customer_name", True)
    assert header.sortIndicatorSection() == customer


def test_pages_of_fifty_with_the_total_and_page_keys(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    for n in range(63):
        record(
            ctx,
            hall["clerk"],
            description=f"话费第{n}笔",
            name=f"客户{n}",
            phone=f"1390013{n:04d}",
            tier="VIP" if n % 3 == 0 else "普通",
        )
    record(
        ctx,
        hall["clerk"],
        description="信号差",
        name="别人",
        phone="13700137000",
        main_class="网络质量",
        sub_class="信号覆盖",
    )
    sign_in(qtbot, window, "3001")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "话费")
    press(qtbot, Qt.Key.Key_Return)
    page = window.list_page
    assert page.page_label.text() == "共 63 条，第 1/2 页"
    assert page.model.rowCount() == 50
    first_page = numbers(window)
    press(qtbot, Qt.Key.Key_PageDown)
    assert page.page_label.text() == "共 63 条，第 2/2 页"
    assert page.model.rowCount() == 13
    assert not set(numbers(window)) & set(first_page)
    press(qtbot, Qt.Key.Key_PageDown)  # no further page
    assert page.page_label.text() == "共 63 条，第 2/2 页"
    press(qtbot, Qt.Key.Key_PageUp)
    assert numbers(window) == first_page

    # From the table: Down leaves the box; PageDown on the last row turns the page.
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.table
    page.table.setCurrentIndex(page.model.index(49, 0))
    press(qtbot, Qt.Key.Key_PageDown)
    assert page.page_label.text() == "共 63 条，第 2/2 页"
    assert page.table.currentIndex().row() == 0

    page.filters.tier_combo.setCurrentIndex(page.filters.tier_combo.findText("VIP"))
    assert page.page_label.text() == "共 21 条，第 1/1 页"  # a filter starts at the first page

    SCREENSHOTS.mkdir(exist_ok=True)
    page.filters.date_check.setChecked(True)
    qtbot.waitUntil(lambda: "我的跟进 64" in window.followup_counts_label.text())
    qtbot.wait(50)  # the status bar's layout settles
    window.grab().save(str(SCREENSHOTS / "search.png"))
