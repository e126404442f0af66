"""The shift handover report (交班报表) read back from its PDF: the day's figures, what is overdue,
what falls due before the end of tomorrow, the escalated ones; phones masked; fonts embedded;
a clerk refused; another period gives the 投诉统计报表."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.errors import PermissionDenied
from hall_desk.domain.reporting import date_range
from hall_desk.services import reports
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint
from tests.documents.pdftools import page_count, pdf_fonts, pdf_text, squeeze
from tests.services.reporting_data import T0, Known, at_local, record, seed_known


@pytest.fixture
def known(hall: dict[str, StaffSession], ctx: DeskContext) -> Known:
    known = seed_known(hall, ctx)
    clerk = hall["clerk"]
    # Today (22nd): a VIP at 09:00 due 17:00 today, a 全球通 at 09:30 due 09:30 tomorrow, and an
    # escalated 普通 at 09:40 (due the 24th 09:40: after tomorrow).
    known.ids["due_today"] = record(ctx, clerk, at_local(22, 9), phone="13900000001", tier="VIP")
    known.ids["due_tomorrow"] = record(
        ctx, clerk, at_local(22, 9, 30), phone="13900000002", tier="全球通"
    )
    known.ids["escalated_today"] = record(
        ctx, clerk, at_local(22, 9, 40), phone="13900000003", source="媒体"
    )
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(T0)
    return known


def number(complaint_id: str) -> str:
    return str(Complaint.get_by_id(complaint_id).number)


def section(text: str, title: str, following: str) -> str:
    start = text.index(title)
    return text[start : text.index(following, start + len(title))]


def test_the_handover_report_reads_back(
    hall: dict[str, StaffSession], ctx: DeskContext, known: Known
) -> None:
    pdf = reports.report_pdf(ctx, hall["leader"])
    text = squeeze(pdf_text(pdf, layout=False))
    assert "交班报表" in text
    assert "人民路营业厅" in text
    assert "2026-11-22（星期日）" in text
    assert "李班长（2001）" in text
    # the day: next_midnight (00:00), due_today, due_tomorrow, escalated_today; none answered yet,
    # none past its deadline: no rate
    assert "受理投诉4件" in text
    assert "回复及时率—（尚无答复或到期）" in text
    assert "按时/超时/未到期0/0/4" in text
    assert "重复/升级/批量0/1/0" in text
    # hall-wide now: 7 open (overdue, last_second, next_midnight, before + the three of today)
    assert "全厅当前未办结7/已超时2/2小时内到期0" in text
    ids = known.ids
    overdue = section(text, "已超时未办结（2件）", "今日剩余及明日到期")
    assert number(ids["before"]) in overdue and number(ids["overdue"]) in overdue
    assert overdue.index(number(ids["overdue"])) < overdue.index(
        number(ids["before"])
    )  # worst first
    assert "2天17小时" in overdue  # overdue: due the 19th 17:00, now the 22nd 10:00
    coming = section(text, "今日剩余及明日到期（2件）", "升级投诉")
    assert number(ids["due_today"]) in coming and number(ids["due_tomorrow"]) in coming
    assert "7小时" in coming
    assert number(ids["escalated_today"]) not in coming
    escalated = section(text, "升级投诉（本期受理或仍未办结）（1件）", "交班人")
    assert number(ids["escalated_today"]) in escalated
    assert number(ids["repeat"]) not in escalated  # escalated on the 21st, closed since
    # phones masked, never whole
    assert "139****0001" in text
    assert "13900000001" not in text and "13800000003" not in text


def test_the_report_of_a_range_and_its_figures(
    hall: dict[str, StaffSession], ctx: DeskContext, known: Known
) -> None:
    pdf = reports.report_pdf(
        ctx, hall["manager"], date_range(date(2026, 11, 19), date(2026, 11, 21))
    )
    text = squeeze(pdf_text(pdf, layout=False))
    assert "投诉统计报表" in text
    assert "2026-11-19至2026-11-21" in text
    assert "受理投诉5件" in text
    assert "回复及时率50.0%（目标95%，未达标）" in text
    assert "按时/超时/未到期2/2/1" in text
    assert "本期未办结2件，其中超时1件" in text
    assert "回访满意度66.7%（满意1，基本满意1，不满意1；曾不满意1）" in text
    # the class table: 电信资费 accepted 3, on time 2, late 1, pending 0, 66.7 %, none open
    assert "电信资费321066.7%0" in text
    assert "网络质量20110.0%2" in text  # overdue (late), last_second (pending)
    # escalated in the range (closed since) is listed
    escalated = section(text, "升级投诉（本期受理或仍未办结）（2件）", "交班人")
    assert number(known.ids["repeat"]) in escalated


def test_fonts_are_embedded(hall: dict[str, StaffSession], ctx: DeskContext, known: Known) -> None:
    fonts = pdf_fonts(reports.report_pdf(ctx, hall["manager"]))
    assert fonts
    assert all(f.embedded for f in fonts), fonts


def test_long_lists_flow_onto_further_pages(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    for n in range(70):  # VIP complaints of the 20th: all overdue by now
        record(ctx, clerk, at_local(20, 9) + timedelta(minutes=n), phone=f"137{n:08d}", tier="VIP")
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(T0)
    pdf = reports.report_pdf(ctx, hall["manager"])
    pages = page_count(pdf)
    assert pages >= 3
    text = squeeze(pdf_text(pdf, layout=False))
    for page in range(1, pages + 1):
        assert f"第{page}页/共{pages}页" in text
    assert text.count("投诉编号") >= pages - 1  # the header row on every page of the list
    assert "已超时未办结（70件）" in text


def test_a_clerk_is_refused(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    with pytest.raises(PermissionDenied):
        reports.report_pdf(ctx, hall["clerk"])
