"""A known set of complaints for the dashboard and report tests (19–22 November 2026, Shanghai;
"now" 22 November 10:00, conftest's T0), recorded through the service, then answered, called back
and grouped by writing the lifecycle columns directly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint

T0 = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # Sunday 10:00 in Shanghai (conftest's clock)


def at_local(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """November 2026, Shanghai wall time → UTC."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=UTC) - timedelta(hours=8)


@dataclass
class Known:
    ids: dict[str, str]


def record(
    ctx: DeskContext, session: StaffSession, when: datetime, *, phone: str, tier: str = "普通",
    main: str = "电信资费", sub: str = "资费争议/乱收费", channel: str = "营业厅现场",
    source: str = "",
) -> str:  # fmt: skip
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(when)
    draft = ComplaintDraft(
        phone=phone, customer_name="陈先生", tier=tier, channel=channel, main_class=main,
        sub_class=sub, description="客户反映问题", customer_request="尽快处理",
        network_urgency="一般" if main == "网络质量" else "", escalation_source=source,
    )  # fmt: skip
    return complaints.record_complaint(ctx, session, draft).id


def answer(
    complaint_id: str, replied_at: datetime, *, state: str = "已答复", **more: object
) -> None:
    Complaint.update(replied_at=replied_at, reply_counted_at=replied_at, state=state, **more).where(
        Complaint.id == complaint_id
    ).execute()


def seed_known(hall: dict[str, StaffSession], ctx: DeskContext) -> Known:
    """Complaints of 19–22 November 2026 (Shanghai), "now" 22 November 10:00 (T0)."""
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    ids = {
        # 20th 10:00, 普通: due 22nd 10:00 (48 h); answered exactly at the deadline → on time
        "at_deadline": record(ctx, clerk, at_local(20, 10), phone="13800000001"),
        # 20th 10:00, VIP: due 18:00 the same day; answered one second after → late
        "second_late": record(ctx, clerk, at_local(20, 10), phone="13800000002", tier="VIP"),
        # 19th 09:00, VIP: due 17:00; still open → late (overdue)
        "overdue": record(ctx, clerk2, at_local(19, 9), phone="13800000003", tier="VIP",
                          main="网络质量", sub="信号覆盖", channel="电话"),
        # 21st 23:59:59: the last second of the range 19–21; open, not due → pending
        "last_second": record(ctx, clerk2, at_local(21, 23, 59, 59), phone="13800000004",
                              main="网络质量", sub="信号覆盖", channel="电话"),
        # 22nd 00:00:00: outside the range 19–21
        "next_midnight": record(ctx, clerk, at_local(22, 0), phone="13800000005"),
        # 21st 15:00: the same customer again about the same problem → 重复投诉; escalated too
        "repeat": record(ctx, clerk, at_local(21, 15), phone="13800000001", source="10086管理层"),
        # 18th 23:59:59: the second before the range
        "before": record(ctx, clerk, at_local(18, 23, 59, 59), phone="13800000006"),
    }  # fmt: skip
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(T0)
    due = {i: Complaint.get_by_id(c).reply_due for i, c in ids.items()}
    assert due["at_deadline"] == at_local(22, 10)
    assert due["second_late"] == at_local(20, 18)
    answer(ids["at_deadline"], due["at_deadline"], state="已回访", satisfaction="满意")
    answer(ids["second_late"], due["second_late"] + timedelta(seconds=1), state="已回访",
           satisfaction="不满意", dissatisfied=True)  # fmt: skip
    answer(ids["repeat"], at_local(21, 16), state="已归档", satisfaction="基本满意")
    Complaint.update(incident_id="incident-1").where(Complaint.id == ids["overdue"]).execute()
    return Known(ids)
