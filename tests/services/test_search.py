"""Search: number, phone (complete or some digits), name, Chinese text with two-character words,
through the indexes (the query plan never scans the complaint table); filters, sorting, pages and
the count; a clerk searches only their own and their follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from benchmarks.instructions import vm_instructions
from hall_desk.domain.clock import FixedClock
from hall_desk.domain.complaints import OPEN_STATES, ComplaintDraft, ComplaintState
from hall_desk.domain.errors import ValidationError
from hall_desk.services import complaints, search
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.search import ComplaintSearch
from hall_desk.storage.db import database
from hall_desk.storage.models import Complaint
from tests.services.older_rows import older_copies


def record(
    ctx: DeskContext, session: StaffSession, description: str, *, phone: str = "13800138000",
    name: str = "陈先生", tier: str = "普通", main: str = "电信资费", sub: str = "资费争议/乱收费",
    urgency: str = "", source: str = "",
) -> str:  # fmt: skip
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.advance(minutes=1)
    draft = ComplaintDraft(
        phone=phone, customer_name=name, tier=tier, main_class=main, sub_class=sub,
        description=description, customer_request="尽快处理", network_urgency=urgency,
        escalation_source=source,
    )  # fmt: skip
    return complaints.record_complaint(ctx, session, draft).id


@pytest.fixture
def filled(hall: dict[str, StaffSession], ctx: DeskContext) -> dict[str, str]:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    return {
        "fee": record(ctx, clerk, "本月话费比上月多出35元", phone="13912345678", name="王伟"),
        "signal": record(
            ctx,
            clerk2,
            "小区室内信号很差，通话经常中断",
            phone="13700001111",
            name="刘女士",
            main="网络质量",
            sub="信号覆盖",
            urgency="一般",
            tier="VIP",
        ),
        "refund": record(
            ctx, clerk, "要求退费并道歉", phone="02012345678", name="李", source="媒体"
        ),
        "info": record(ctx, clerk2, "账单中出现不认识的信息费", phone="13912345678", name="王伟"),
    }


def ids(ctx: DeskContext, session: StaffSession, **criteria: object) -> list[str]:
    return [s.id for s in search.search_complaints(ctx, session, ComplaintSearch(**criteria))]  # type: ignore[arg-type]


def count(ctx: DeskContext, session: StaffSession, **criteria: object) -> int:
    return search.count_search_results(ctx, session, ComplaintSearch(**criteria))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("话费", ["fee"]),
        ("信号", ["signal"]),
        ("退费", ["refund"]),
        ("费", ["info", "refund", "fee"]),  # one character: anywhere in the text
        ("信息费", ["info"]),  # three or more: the trigram index
        ("不认识的信息费", ["info"]),
        ("王伟", ["info", "fee"]),  # a two-character name
        ("刘女士", ["signal"]),
        ("5678", ["info", "refund", "fee"]),  # some digits of the phone
        ("13912345678", ["info", "fee"]),  # a complete number
        ("139 1234 5678", ["info", "fee"]),
        ("话费 35", ["fee"]),  # every word must match
        ("话费 信号", []),
        ("宽带", []),
    ],
)
def test_text_finds_the_right_complaints(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str], text: str,
    expected: list[str],
) -> None:  # fmt: skip
    manager = hall["manager"]
    want = [filled[k] for k in expected]
    assert ids(ctx, manager, text=text) == want
    assert count(ctx, manager, text=text) == len(want)
    # list_complaints (kept for the existing screens) goes through the same indexes.
    assert [s.id for s in complaints.list_complaints(manager, text)] == want


def test_by_complaint_number_whole_or_part(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str]
) -> None:
    number = Complaint.get_by_id(filled["signal"]).number
    assert ids(ctx, hall["manager"], text=number) == [filled["signal"]]
    assert ids(ctx, hall["manager"], text=number.lower()) == [filled["signal"]]
    assert ids(ctx, hall["manager"], text=number[-7:]) == [filled["signal"]]  # "-0002" style


def test_a_clerk_searches_their_own_and_their_follow_ups(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str]
) -> None:
    clerk = hall["clerk"]
    assert ids(ctx, clerk, text="王伟") == [filled["fee"]]
    assert count(ctx, clerk, text="王伟") == 1
    Complaint.update(handler_kind="staff", handler_no="3001", handler_name="张三").where(
        Complaint.id == filled["info"]
    ).execute()
    assert ids(ctx, clerk, text="王伟") == [filled["info"], filled["fee"]]
    assert count(ctx, clerk) == 3
    # A shift leader may ask for only theirs.
    assert ids(ctx, hall["leader"], text="王伟", mine=True) == []


def test_filters(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock, filled: dict[str, str]
) -> None:
    m = hall["manager"]
    assert ids(ctx, m, main_classes=("网络质量",)) == [filled["signal"]]
    assert ids(ctx, m, sub_classes=("信号覆盖",)) == [filled["signal"]]
    assert ids(ctx, m, tiers=("VIP",)) == [filled["signal"]]
    assert ids(ctx, m, escalated=True) == [filled["refund"]]
    assert count(ctx, m, escalated=False) == 3
    assert ids(ctx, m, important=True) == [filled["refund"], filled["signal"]]  # media, VIP
    Complaint.update(repeat=True).where(Complaint.id == filled["info"]).execute()
    assert ids(ctx, m, repeat=True) == [filled["info"]]
    Complaint.update(state=ComplaintState.CLOSED.value).where(
        Complaint.id == filled["fee"]
    ).execute()
    assert ids(ctx, m, states=(ComplaintState.CLOSED.value,)) == [filled["fee"]]
    # the media complaint ("refund") went to head office in its save (issue 20): 已转派
    assert count(ctx, m, states=(ComplaintState.ACCEPTED.value,)) == 2
    assert ids(ctx, m, states=(ComplaintState.TRANSFERRED.value,)) == [filled["refund"]]
    Complaint.update(incident_id="inc-1").where(Complaint.id == filled["signal"]).execute()
    assert ids(ctx, m, incident_id="inc-1") == [filled["signal"]]
    assert ids(ctx, m, in_incident=True) == [filled["signal"]]
    assert count(ctx, m, in_incident=False) == 3
    assert ids(ctx, m, mine=True) == []
    assert ids(ctx, m, text="王伟", states=(ComplaintState.CLOSED.value,)) == [filled["fee"]]
    # Overdue: open past its deadline (the VIP one after 8 h); the closed one is not.
    clock.advance(hours=9)
    assert ids(ctx, m, overdue=True) == [filled["signal"]]
    assert count(ctx, m, overdue=False) == 3
    # Date range, local days inclusive (the fixture's clock: Sunday 2026-11-22 in Shanghai).
    day = date(2026, 11, 22)
    assert count(ctx, m, accepted_from=day, accepted_to=day) == 4
    assert count(ctx, m, accepted_from=day + timedelta(days=1)) == 0
    assert count(ctx, m, accepted_to=day - timedelta(days=1)) == 0
    with pytest.raises(ValidationError) as refused:
        ids(ctx, m, accepted_from=day, accepted_to=day - timedelta(days=1))
    assert refused.value.code == "search.date_range_invalid"


def test_sorting_paging_and_count(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str]
) -> None:
    m = hall["manager"]
    newest_first = [filled[k] for k in ("info", "refund", "signal", "fee")]
    assert ids(ctx, m) == newest_first
    assert ids(ctx, m, descending=False) == newest_first[::-1]
    by_name = search.search_complaints(
        ctx, m, ComplaintSearch(sort="customer_name", descending=False)
    )
    assert [s.customer_name for s in by_name] == sorted(s.customer_name for s in by_name)
    by_due = search.search_complaints(ctx, m, ComplaintSearch(sort="reply_due", descending=False))
    assert by_due[0].id == filled["signal"]  # VIP: 8 h
    page = search.search_complaints(ctx, m, ComplaintSearch(text="费"), page=1, page_size=2)
    assert [s.id for s in page] == [filled["fee"]]
    assert count(ctx, m, text="费") == 3
    with pytest.raises(ValidationError) as refused:
        ids(ctx, m, sort="password_hash")
    assert refused.value.code == "search.sort_invalid"
    with pytest.raises(ValidationError):
        search.search_complaints(ctx, m, ComplaintSearch(), page_size=0)
    assert search.with_sort(ComplaintSearch(), "number", False).sort == "number"


@pytest.mark.parametrize("text", ["话费", "费", "信息费", "5678", "话费 信息费", "王伟"])
@pytest.mark.parametrize("role", ["manager", "clerk"])
def test_a_text_search_never_scans_the_complaint_table(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str], text: str, role: str
) -> None:
    criteria = ComplaintSearch(text=text, states=(ComplaintState.ACCEPTED.value,), overdue=False)
    for c in (ComplaintSearch(text=text), criteria):
        sql, params = search.search_sql(ctx, hall[role], c)
        plan = [r[3] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
        scans = [line for line in plan if line.startswith("SCAN")]
        assert scans, plan
        assert all("VIRTUAL TABLE" in line for line in scans), plan  # no SCAN c, full or partial
        # each match looked up by its search_key (issue 22: in complaint_search_owner, which
        # holds the owner and state too)
        assert any("INDEX complaint_search_owner (search_key=?)" in line for line in plan), plan
        # Newest first is the index's own order: nothing sorted, the page stops after 50 lookups.
        assert not any("TEMP B-TREE" in line for line in plan), plan


@pytest.mark.parametrize("text", ["信号", "信息费"])
def test_open_ones_by_deadline_with_a_text_are_read_from_the_open_rows(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str], text: str
) -> None:
    """Issue 22: 信号 among the open ones sorted by deadline: the open rows (few) drive, the text's
    matches are a set they are checked against; the answer is the FTS-driven one's."""
    open_states = tuple(sorted(s.value for s in OPEN_STATES))
    by_due = ComplaintSearch(text=text, states=open_states, sort="reply_due", descending=False)
    sql, params = search.search_sql(ctx, hall["manager"], by_due)
    plan = [r[3] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
    assert not any(line.split()[:2] == ["SCAN", "c"] for line in plan), plan  # no table scan
    assert any("LIST SUBQUERY" in line for line in plan), plan
    got = [s.id for s in search.search_complaints(ctx, hall["manager"], by_due)]
    newest = ComplaintSearch(text=text, states=open_states)  # FTS-driven
    keys = dict(
        (row[0], (row[1], row[2]))
        for row in database.execute_sql("SELECT id, reply_due, search_key FROM complaint")
    )
    expected = sorted(search.all_matching_ids(ctx, hall["manager"], newest), key=keys.__getitem__)
    assert got == expected and got


def test_a_text_among_the_open_ones_skips_the_matches_older_than_the_oldest_open_one(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str]
) -> None:
    """Issue 22 (list22): 信号 among the open ones reads the text's matches from the oldest open
    complaint on (complaint_open_key), not every match of the store's years: with 300 older closed
    matches, the same answer for about the same SQLite instructions; an open one older than them
    is still found."""
    open_states = tuple(sorted(s.value for s in OPEN_STATES))
    m = hall["manager"]

    def by_due(text: str = "信号") -> list[str]:
        wanted = ComplaintSearch(text=text, states=open_states, sort="reply_due", descending=False)
        return [s.id for s in search.search_complaints(ctx, m, wanted)]

    assert by_due() == [filled["signal"]]
    steps = vm_instructions(by_due)
    older_copies(filled["signal"], 300, state=ComplaintState.CLOSED.value)
    assert by_due() == [filled["signal"]]
    assert vm_instructions(by_due) <= steps * 1.2 + 200  # the 300 read: thousands more
    # an open one accepted before all of them: every match from it on is read again, none missed
    (oldest,) = older_copies(filled["signal"], 1, days_before=400, state="已受理")
    assert by_due() == [oldest, filled["signal"]]  # the same deadline: in acceptance order
    assert vm_instructions(by_due) > steps * 1.2 + 200
    for text in ("信号很差", "信号 中断"):  # the trigram index, and both indexes
        assert by_due(text) == [oldest, filled["signal"]]


def test_a_complete_phone_or_number_is_an_index_lookup(
    hall: dict[str, StaffSession], ctx: DeskContext, filled: dict[str, str]
) -> None:
    for text in ("13912345678", Complaint.get_by_id(filled["fee"]).number):
        sql, params = search.search_sql(ctx, hall["manager"], ComplaintSearch(text=text))
        plan = [r[3] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
        assert not any(line.startswith("SCAN") for line in plan), plan


def test_newest_first_is_exact_with_equal_acceptance_times_and_pages(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    m = hall["manager"]
    draft = ComplaintDraft(
        phone="13800138000", customer_name="陈先生", tier="普通", main_class="电信资费",
        sub_class="资费争议/乱收费", description="话费多扣", customer_request="退费",
    )  # fmt: skip
    # Five in the very same microsecond (the clock does not move), then one a minute later.
    same = [complaints.record_complaint(ctx, m, draft).id for _ in range(5)]
    clock.advance(minutes=1)
    later = complaints.record_complaint(ctx, m, draft).id
    newest_first = [later, *same[::-1]]  # ties: the most recently stored first
    assert ids(ctx, m, text="话费") == newest_first
    assert ids(ctx, m) == newest_first
    assert ids(ctx, m, text="话费", descending=False) == newest_first[::-1]
    pages = [
        [s.id for s in search.search_complaints(ctx, m, ComplaintSearch(text="话费"), page=p, page_size=4)]
        for p in (0, 1)
    ]  # fmt: skip
    assert pages == [newest_first[:4], newest_first[4:]]
    keys = [Complaint.get_by_id(i) for i in newest_first]
    assert len({k.accepted_at for k in keys}) == 2
    rows = database.execute_sql("SELECT search_key FROM complaint ORDER BY search_key").fetchall()
    assert len({r[0] for r in rows}) == 6
