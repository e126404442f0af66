"""The shift handover report (交班报表, issue 8) and the same report for any period (投诉统计报表),
as PDF bytes for the print preview. Shift leaders and store managers only.

- The figures of the period: :func:`hall_desk.services.dashboard.dashboard_figures` (the day's for
  the handover report), by class, by sub-class (the ten largest) and by staff member, and the hot
  spots (:func:`hall_desk.services.dashboard.hot_spots`).
- The lists the next shift takes over, as of printing, hall-wide: every open complaint past its
  deadline (most overdue first); open ones falling due from now to the end of tomorrow (local
  time: what the next shift must answer, today's remaining hours included, so nothing falls between
  two reports); the escalated complaints (升级投诉) accepted in the period or still open.
  At most :data:`LIST_LIMIT` lines each; the report says how many more there are.
- Phone numbers masked; times in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hall_desk.documents.data import HandoverReportData, ReportComplaint, ReportList, ReportTable
from hall_desk.domain.clock import format_local, to_local, utc_iso
from hall_desk.domain.identity import mask_phone
from hall_desk.domain.reporting import (
    HotSpotRule,
    Period,
    PeriodKind,
    SatisfactionTally,
    Timeliness,
    format_rate,
    local_day,
    local_midnight,
    today,
)
from hall_desk.domain.staff import Permission, require
from hall_desk.services.complaints import ComplaintSummary, summaries_in_order
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.dashboard import (
    DashboardFigures,
    HotSpotReport,
    Tally,
    dashboard_figures,
    hot_spots,
)
from hall_desk.services.refund_loop import RefundFigures
from hall_desk.services.setup import require_desk
from hall_desk.storage.db import database
from hall_desk.storage.search_index import OPEN_STATES_SQL

LIST_LIMIT = 500
TOP_SUB_CLASSES = 10
WEEKDAYS = "一二三四五六日"

# Open complaints by deadline, on the v6 partial index (as 我的跟进's hall list): {range}.
_OPEN_BY_DUE = (
    f"FROM complaint AS c INDEXED BY complaint_open_due WHERE c.state IN {OPEN_STATES_SQL}{{range}}"
)
_ESCALATED = (
    "SELECT c.id AS id, c.accepted_at AS accepted_at FROM complaint AS c"
    " WHERE c.accepted_at >= ? AND c.accepted_at < ? AND c.escalated = 1"
    " UNION SELECT c.id, c.accepted_at FROM complaint AS c"
    f" WHERE c.state IN {OPEN_STATES_SQL} AND c.escalated = 1"
)


def period_text(period: Period) -> str:
    """How the report names its period: 2026-11-22（星期日）, 2026年11月, or first 至 last."""
    if period.kind is PeriodKind.TODAY:
        day = period.first_day
        return f"{day.isoformat()}（星期{WEEKDAYS[day.weekday()]}）"
    if period.kind is PeriodKind.MONTH:
        return f"{period.first_day.year}年{period.first_day.month}月"
    return f"{period.first_day.isoformat()} 至 {period.last_day.isoformat()}"


def hot_spot_rule_text(rule: HotSpotRule) -> str:
    """The rule in one sentence (on screen and on paper)."""
    return (
        f"热点：本期件数至少 {rule.min_count} 件，且达到近 {rule.baseline_periods} 个同类时段"
        f"同一区间平均数的 {rule.ratio:g} 倍、并高于“平均 + {rule.z:g}×√平均”（超出偶然波动）的类别。"
    )


def hot_spot_line(spot_class: str, spot_sub: str | None, count: int, mean: float) -> str:
    name = f"{spot_class} / {spot_sub}" if spot_sub else f"{spot_class}（整个大类）"
    times = f"，{count / mean:.1f} 倍" if mean else "，平时没有"
    return f"{name}：本期 {count} 件，平时平均 {mean:.1f} 件{times}"


def _duration(delta: timedelta) -> str:
    """1天16小时 / 7小时 / 25分钟 (whole units, rounded down; at least 1 minute)."""
    hours = int(delta.total_seconds() // 3600)
    if hours >= 24:
        return f"{hours // 24}天{hours % 24}小时"
    if hours:
        return f"{hours}小时"
    return f"{max(int(delta.total_seconds() // 60), 1)}分钟"


def _short_time(at: datetime, now: datetime) -> str:
    """11-20 09:03 within the year of printing, 2025-11-20 09:03 otherwise."""
    local = to_local(at)
    return local.strftime("%m-%d %H:%M" if local.year == to_local(now).year else "%Y-%m-%d %H:%M")


def _line(summary: ComplaintSummary, now: datetime, note: str = "") -> ReportComplaint:
    responsible = summary.first_responder_name
    if summary.handler_name:
        responsible += f" → {summary.handler_name}"
    return ReportComplaint(
        number=summary.number,
        masked_phone=mask_phone(summary.phone),
        classes=f"{summary.main_class} / {summary.sub_class}",
        tier=summary.tier,
        accepted_at=_short_time(summary.accepted_at, now),
        reply_due=_short_time(summary.reply_due, now)
        + ("（估）" if summary.deadline_estimated else "")
        + ("（已更正）" if summary.deadline_corrected else ""),
        state=summary.state + ("·补录" if summary.late_reply else ""),  # issue 20
        responsible=responsible,
        note=note,
    )


def _ids(sql: str, params: list[object]) -> list[str]:
    return [row[0] for row in database.execute_sql(sql, params)]


def _count(sql: str, params: list[object]) -> int:
    return int(database.execute_sql(sql, params).fetchone()[0])


def _lists(period: Period, now: datetime) -> tuple[ReportList, ...]:
    now_text = utc_iso(now)
    late = _OPEN_BY_DUE.format(range=" AND c.reply_due < ?")
    overdue = summaries_in_order(
        _ids(f"SELECT c.id {late} ORDER BY c.reply_due, c.id LIMIT ?", [now_text, LIST_LIMIT])
    )
    overdue_total = _count(f"SELECT count(*) {late}", [now_text])
    tomorrow_end = local_midnight(local_day(now) + timedelta(days=2))
    coming = _OPEN_BY_DUE.format(range=" AND c.reply_due >= ? AND c.reply_due < ?")
    due_params: list[object] = [now_text, utc_iso(tomorrow_end)]
    due = summaries_in_order(
        _ids(f"SELECT c.id {coming} ORDER BY c.reply_due, c.id LIMIT ?", [*due_params, LIST_LIMIT])
    )
    due_total = _count(f"SELECT count(*) {coming}", due_params)
    escalated_params: list[object] = [utc_iso(period.start), utc_iso(period.end)]
    escalated = summaries_in_order(
        _ids(f"SELECT id FROM ({_ESCALATED}) ORDER BY accepted_at DESC, id LIMIT ?",
             [*escalated_params, LIST_LIMIT])
    )  # fmt: skip
    escalated_total = _count(f"SELECT count(*) FROM ({_ESCALATED})", escalated_params)
    return (
        ReportList(
            "已超时未办结",
            tuple(_line(s, now, _duration(now - s.reply_due)) for s in overdue),
            "已超时",
            "没有超时的投诉。",
            overdue_total - len(overdue),
        ),
        ReportList(
            "今日剩余及明日到期",
            tuple(_line(s, now, _duration(s.reply_due - now)) for s in due),
            "距到期",
            "今明两天没有到期的投诉。",
            due_total - len(due),
        ),
        ReportList(
            "升级投诉（本期受理或仍未办结）",
            tuple(_line(s, now, "重复" if s.repeat else "") for s in escalated),
            "备注",
            "没有升级投诉。",
            escalated_total - len(escalated),
        ),
    )


def _rate(timeliness: Timeliness) -> str:
    return format_rate(timeliness.rate)


def _satisfaction(tally: SatisfactionTally) -> str:
    if not tally.called_back:
        return "—（尚无回访）"
    return (
        f"{format_rate(tally.rate)}（满意 {tally.satisfied}，基本满意 {tally.fairly_satisfied}，"
        f"不满意 {tally.dissatisfied}；曾不满意 {tally.ever_dissatisfied}）"
    )


def _figures(figures: DashboardFigures) -> tuple[tuple[str, str], ...]:
    total = figures.total
    timeliness = total.timeliness
    if timeliness.rate is None:
        rate = "—（尚无答复或到期）"
    else:
        verdict = "达标" if timeliness.meets(figures.target) else "未达标"
        rate = f"{_rate(timeliness)}（目标 {format_rate(figures.target, 0)}，{verdict}）"
    current = figures.current
    return (
        ("受理投诉", f"{total.count} 件"),
        ("回复及时率", rate),
        ("按时/超时/未到期", f"{timeliness.on_time} / {timeliness.late} / {timeliness.pending}"),
        ("本期未办结", f"{total.open} 件，其中超时 {total.overdue} 件"),
        ("重复/升级/批量", f"{total.repeat} / {total.escalated} / {total.incident}"),
        ("回访满意度", _satisfaction(total.satisfaction)),
        (
            "全厅当前",
            f"未办结 {current.open} / 已超时 {current.overdue} / 2小时内到期 {current.due_soon}",
        ),
        ("退费", refund_figures_text(figures.refunds)),
    )


def refund_figures_text(refunds: RefundFigures) -> str:
    """Issue 16: refunds proposed in the period by state now, and what head office credited."""
    return (
        f"待审批 {refunds.pending} / 已批准待执行 {refunds.approved} / 已到账 {refunds.executed}"
        f" / 执行失败 {refunds.failed}；本期到账金额 {refunds.executed_amount:.2f} 元"
    )


def _tables(figures: DashboardFigures) -> tuple[ReportTable, ...]:
    def row(name: str, tally: Tally) -> tuple[str, ...]:
        t = tally.timeliness
        return (name, str(tally.count), str(t.on_time), str(t.late), str(t.pending), _rate(t),
                str(tally.open))  # fmt: skip

    header = ("", "受理", "按时", "超时", "未到期", "及时率", "未办结")
    return (
        ReportTable("按大类", ("大类", *header[1:]),
                    tuple(row(b.label, b.tally) for b in figures.by_class)),
        ReportTable(f"按子类（前 {TOP_SUB_CLASSES}）", ("大类 / 子类", *header[1:]),
                    tuple(row(f"{b.parent} / {b.label}", b.tally)
                          for b in figures.by_sub_class[:TOP_SUB_CLASSES])),
        ReportTable("按首问责任人", ("首问责任人", *header[1:]),
                    tuple(row(f"{b.label}（{b.key}）", b.tally) for b in figures.by_staff)),
    )  # fmt: skip


@signed_in
def report_data(ctx: DeskContext, session: StaffSession, period: Period) -> HandoverReportData:
    """What the report prints for ``period`` (see the module docstring)."""
    require(session.role, Permission.SEE_HALL_COMPLAINTS)
    desk = require_desk()
    now = ctx.clock.now()
    figures = dashboard_figures(ctx, session, period)
    spots: HotSpotReport = hot_spots(ctx, session, period)
    handover = period.kind is PeriodKind.TODAY and period.first_day == to_local(now).date()
    return HandoverReportData(
        title="交班报表" if handover else "投诉统计报表",
        hall_name=desk.name,
        desk_code=desk.desk_code,
        period_text=period_text(period),
        printed_at=format_local(now),
        printed_by=f"{session.name}（{session.staff_no}）",
        figures=_figures(figures),
        tables=_tables(figures),
        hot_spots=tuple(
            hot_spot_line(s.main_class, s.sub_class, s.count, s.mean) for s in spots.spots
        ),
        hot_spot_rule=hot_spot_rule_text(spots.rule),
        lists_note=f"以下名单截至打印时（{format_local(now)}），全厅；号码已隐去部分数字。",
        lists=_lists(period, now),
    )


@signed_in
def report_pdf(ctx: DeskContext, session: StaffSession, period: Period | None = None) -> bytes:
    """The report as PDF bytes: today's handover report unless ``period`` says otherwise."""
    if period is None:
        period = today(local_day(ctx.clock.now()))
    data = report_data(ctx, session, period)
    # ReportLab costs a third of a second to import: pay it at the first print, not at start-up.
    from hall_desk.documents.daily_report import render_handover_report

    return render_handover_report(data)
