"""``--demo``: the demo hall DEMO, desk DEMO-01, one account per role and a few weeks of complaints.

Refuses a store that holds a real hall. A demo desk is marked as such and can never be registered
with head office (the registration service checks ``HallInfo.demo``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, timedelta

from hall_desk.domain.catalogue import NETWORK_CLASS, Channel
from hall_desk.domain.clock import SHANGHAI, FixedClock
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import SetupError
from hall_desk.domain.policy import NetworkUrgency, Role, Tier
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext
from hall_desk.services.setup import DEMO_HALL, current_desk, set_up_hall
from hall_desk.services.staff import create_staff, sign_in


@dataclass(frozen=True)
class DemoAccount:
    staff_no: str
    name: str
    role: Role
    password: str


DEMO_ACCOUNTS = (
    DemoAccount("1001", "王店长", Role.STORE_MANAGER, "demo1001"),
    DemoAccount("2001", "李班长", Role.SHIFT_LEADER, "demo2001"),
    DemoAccount("3001", "张营业员", Role.CLERK, "demo3001"),
    DemoAccount("3002", "赵营业员", Role.CLERK, "demo3002"),
)

_STORIES = [
    (
        "电信资费",
        "资费争议/乱收费",
        "本月话费比上月多出五十多元，客户称未办理任何新业务。",
        "核实话费并退还多收费用",
    ),
    ("电信资费", "代收信息费", "账单中出现两项不认识的信息费，客户称从未订购。", "取消订购并退费"),
    ("网络质量", "信号覆盖", "家中室内信号很差，通话经常中断。", "尽快解决室内信号问题"),
    ("网络质量", "上网速率", "晚上高峰时段上网速度很慢，视频无法播放。", "给出解释并改善网速"),
    ("电信服务", "服务态度", "上次来营业厅办理业务时工作人员态度冷淡。", "希望道歉"),
    (
        "电信服务",
        "业务办理差错",
        "办理套餐变更后新套餐没有生效，仍按旧套餐扣费。",
        "更正套餐并补偿差额",
    ),
    ("业务种类", "垃圾短信", "每天收到多条营销短信，要求屏蔽。", "停止发送营销短信"),
    (
        "业务种类",
        "携号转网",
        "申请携号转网时被告知有未结清费用，客户不认可。",
        "解释原因并协助办理",
    ),
    ("电信服务", "积分兑换", "积分兑换的礼品一直未收到。", "尽快发放礼品"),
]
_NAMES = ["陈先生", "刘女士", "周先生", "吴女士", "郑先生", "孙女士", "马先生", "朱女士"]


def create_demo_hall(ctx: DeskContext, complaints: int = 36, seed: int = 7) -> None:
    info = current_desk()
    if info is not None and not info.demo:
        raise SetupError("demo.real_data")
    if info is not None:
        return  # the demo hall is already there
    manager = DEMO_ACCOUNTS[0]
    set_up_hall(
        ctx,
        hall_code=DEMO_HALL,
        hall_name="演示营业厅",
        district="演示区",
        service_phone="10086",
        desk_no=1,
        manager_no=manager.staff_no,
        manager_name=manager.name,
        manager_password=manager.password,
        demo=True,
    )
    session = sign_in(ctx, manager.staff_no, manager.password)
    for account in DEMO_ACCOUNTS[1:]:
        create_staff(
            ctx,
            session,
            staff_no=account.staff_no,
            name=account.name,
            role=account.role,
            password=account.password,
        )
    _seed_complaints(ctx, complaints, seed)


def _seed_complaints(ctx: DeskContext, count: int, seed: int) -> None:
    rng = random.Random(seed)
    now = ctx.clock.now()
    clerks = [sign_in(ctx, a.staff_no, a.password) for a in DEMO_ACCOUNTS]
    phones = [f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}" for _ in range(12)]
    local_now = now.astimezone(SHANGHAI)
    moments = sorted(
        (local_now - timedelta(days=rng.randint(1, 28)))
        .replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))
        .astimezone(UTC)
        for _ in range(count)
    )
    for at in moments:
        main, sub, story, wish = rng.choice(_STORIES)
        draft = ComplaintDraft(
            phone=rng.choice(phones),
            customer_name=rng.choice(_NAMES),
            tier=rng.choice([Tier.ORDINARY, Tier.ORDINARY, Tier.GOTONE, Tier.VIP]).value,
            channel=rng.choice([Channel.WALK_IN, Channel.WALK_IN, Channel.PHONE]).value,
            main_class=main,
            sub_class=sub,
            description=story,
            customer_request=wish,
            network_urgency=NetworkUrgency.NORMAL.value if main == NETWORK_CLASS else "",
        )
        stepped = DeskContext(clock=FixedClock(at), policy=ctx.policy, catalogue=ctx.catalogue)
        record_complaint(stepped, rng.choice(clerks), draft)
