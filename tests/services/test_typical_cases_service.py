"""典型案例库 on a real store: written up once by the handler of a closed complaint, one event per
change with the full state, found by a 2-character word, counted per Shanghai month, the quarter's
best marked by a store manager up to the policy's limit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from hall_desk.domain.clock import FixedClock
from hall_desk.domain.envelope import plain_json
from hall_desk.domain.errors import NotFound, PermissionDenied, ValidationErrors
from hall_desk.domain.policy import DEFAULT_POLICY
from hall_desk.domain.typical_cases import CaseRefused, TypicalCaseDraft
from hall_desk.hq.apply import plan
from hall_desk.services import lifecycle
from hall_desk.services import typical_cases as cases
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Event, TypicalCase
from tests.services.closed import close, closed, recorded, write


def last_event() -> Event:
    return Event.select().order_by(Event.seq.desc()).first()


def test_a_closed_complaint_is_written_up_once_with_one_event(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    complaint_id = closed(ctx, clerk)
    before = Event.select().count()
    view = write(ctx, clerk, complaint_id)
    assert Event.select().count() == before + 1
    event = last_event()
    payload = json.loads(event.payload)
    assert event.type == "typical_case.written" and event.actor == "3001"
    state = plain_json(cases.case_state(TypicalCase.get_by_id(view.id)))
    assert {k: v for k, v in payload.items() if k != "changes"} == state
    assert payload["main_class"] == "电信资费" and payload["author_name"] == "张三"
    # head office stores it (not quarantined as an unknown type)
    envelope = {
        "type": event.type,
        "schema": event.schema,
        "hall": event.hall,
        "desk": event.desk,
        "payload": payload,
    }
    assert plan(envelope).entity_id == view.id
    assert cases.case_of_complaint(complaint_id) == view
    with pytest.raises(CaseRefused) as again:
        write(ctx, clerk, complaint_id)
    assert again.value.code == "typical_case.already_written"
    assert Event.select().count() == before + 1


def test_an_open_complaint_is_refused_and_nothing_written(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    complaint_id = recorded(ctx, hall["clerk"])
    before = Event.select().count()
    with pytest.raises(CaseRefused) as caught:
        write(ctx, hall["clerk"], complaint_id)
    assert caught.value.code == "typical_case.not_closed"
    assert Event.select().count() == before and TypicalCase.select().count() == 0


def test_the_colleague_it_was_transferred_to_may_write_it_up_others_not(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    complaint_id = recorded(ctx, clerk)
    lifecycle.transfer(ctx, clerk, complaint_id, to_kind="staff", to="3002", note="请跟进")
    lifecycle.take_back(ctx, clerk2, complaint_id, note="已处理")
    close(ctx, clerk2, complaint_id)
    for other in (hall["leader"], hall["manager"]):
        with pytest.raises(PermissionDenied) as caught:
            write(ctx, other, complaint_id)
        assert caught.value.code == "typical_case.not_handler"
    view = write(ctx, clerk2, complaint_id)
    assert view.author_no == "3002"


def test_field_errors_name_every_field(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    complaint_id = closed(ctx, hall["clerk"])
    with pytest.raises(ValidationErrors) as caught:
        write(ctx, hall["clerk"], complaint_id, title="", lessons="")
    assert set(caught.value.fields()) == {"title", "lessons"}
    assert TypicalCase.select().count() == 0


def test_only_the_author_updates_the_text(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    view = write(ctx, hall["clerk"], closed(ctx, hall["clerk"]))
    draft = TypicalCaseDraft(
        title="新标题",
        main_class=view.main_class,
        sub_class=view.sub_class,
        background=view.background,
        handling=view.handling,
        lessons="新的启示",
    )
    with pytest.raises(PermissionDenied):
        cases.update_case(ctx, hall["manager"], view.id, draft)
    updated = cases.update_case(ctx, hall["clerk"], view.id, draft)
    assert (updated.title, updated.lessons) == ("新标题", "新的启示")
    event = last_event()
    assert event.type == "typical_case.updated"
    assert json.loads(event.payload)["changes"] == {
        "title": [view.title, "新标题"],
        "lessons": [view.lessons, "新的启示"],
    }


def test_search_finds_two_character_words_and_filters(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk = hall["clerk"]
    fee = write(ctx, clerk, closed(ctx, clerk), title="多扣话费的核实")
    clock.advance(minutes=5)
    signal = write(
        ctx, clerk, closed(ctx, clerk, main_class="网络质量", sub_class="信号覆盖",
                           network_urgency="一般"),
        title="小区信号弱", background="地下车库无信号", handling="协调网络部测试",
        lessons="及时转派", main_class="网络质量", sub_class="信号覆盖",
    )  # fmt: skip
    assert [c.id for c in cases.search_cases(clerk, "话费")] == [fee.id]
    assert [c.id for c in cases.search_cases(clerk, "信号")] == [signal.id]
    assert [c.id for c in cases.search_cases(clerk, "转派 车库")] == [signal.id]  # every word
    assert cases.search_cases(clerk, "话费 车库") == []
    assert [c.id for c in cases.search_cases(clerk, "")] == [signal.id, fee.id]  # newest first
    assert [c.id for c in cases.search_cases(clerk, main_class="网络质量")] == [signal.id]
    assert cases.search_cases(clerk, "%") == []  # a wildcard typed is a character
    assert [c.id for c in cases.search_cases(clerk, "张三")] == [signal.id, fee.id]  # the author


def test_monthly_counts_follow_shanghai_months(
    hall: dict[str, StaffSession], ctx: DeskContext, clock: FixedClock
) -> None:
    clerk, clerk2 = hall["clerk"], hall["clerk2"]
    # 31 October, 23:30 in Shanghai: October's
    clock.set(datetime(2026, 10, 31, 15, 30, tzinfo=UTC))
    write(ctx, clerk, closed(ctx, clerk))
    assert cases.my_month(ctx, clerk).written == 1
    clock.advance(minutes=40)  # 1 November 00:10 in Shanghai
    assert cases.my_month(ctx, clerk).written == 0
    write(ctx, clerk, closed(ctx, clerk))
    clock.advance(days=10)
    write(ctx, clerk, closed(ctx, clerk))
    mine = cases.my_month(ctx, clerk)
    assert (mine.written, mine.quota, mine.met) == (2, 2, True)
    table = {s.staff_no: s.written for s in cases.hall_month(ctx, hall["manager"])}
    assert table == {"1001": 0, "2001": 0, "3001": 2, "3002": 0}
    assert cases.hall_month(ctx, hall["manager"])[-1].staff_no == "3001"
    with pytest.raises(PermissionDenied):
        cases.hall_month(ctx, clerk2)


def test_the_quota_is_the_policys(hall: dict[str, StaffSession], clock: FixedClock) -> None:
    ctx = DeskContext(clock, policy=replace(DEFAULT_POLICY, typical_case_monthly_quota=3))
    assert cases.my_month(ctx, hall["clerk"]).quota == 3


def test_a_store_manager_marks_at_most_the_limit_of_a_quarter(
    hall: dict[str, StaffSession], clock: FixedClock
) -> None:
    ctx = DeskContext(clock, policy=replace(DEFAULT_POLICY, best_cases_per_quarter=2))
    clerk, manager = hall["clerk"], hall["manager"]
    views = [write(ctx, clerk, closed(ctx, clerk)) for _ in range(3)]
    with pytest.raises(PermissionDenied):
        cases.mark_best(ctx, hall["leader"], views[0].id)
    assert cases.mark_best(ctx, manager, views[0].id).best_quarter == "2026Q4"
    event = last_event()
    assert event.type == "typical_case.marked_best" and event.actor == "1001"
    assert json.loads(event.payload)["changes"]["best_quarter"] == [None, "2026Q4"]
    cases.mark_best(ctx, manager, views[1].id)
    before = Event.select().count()
    with pytest.raises(CaseRefused) as caught:
        cases.mark_best(ctx, manager, views[2].id)
    assert caught.value.code == "typical_case.best_full"
    assert caught.value.params == {"quarter": "2026Q4", "limit": 2}
    assert Event.select().count() == before
    # unmarking frees a place
    assert cases.unmark_best(ctx, manager, views[0].id).best_quarter is None
    assert last_event().type == "typical_case.unmarked"
    assert cases.mark_best(ctx, manager, views[2].id).best_quarter == "2026Q4"
    assert cases.best_count("2026Q4") == 2
    assert {c.id for c in cases.search_cases(clerk, best_only=True)} == {views[1].id, views[2].id}


def test_a_case_counts_for_the_quarter_it_was_written_in(
    hall: dict[str, StaffSession], clock: FixedClock
) -> None:
    ctx = DeskContext(clock, policy=replace(DEFAULT_POLICY, best_cases_per_quarter=1))
    clerk, manager = hall["clerk"], hall["manager"]
    clock.set(datetime(2026, 12, 31, 15, 0, tzinfo=UTC))  # 31 December 23:00 in Shanghai
    december = write(ctx, clerk, closed(ctx, clerk))
    clock.advance(hours=2)  # 1 January: the manager chooses Q4's best now
    january = write(ctx, clerk, closed(ctx, clerk))
    assert cases.mark_best(ctx, manager, december.id).best_quarter == "2026Q4"
    assert cases.mark_best(ctx, manager, january.id).best_quarter == "2027Q1"


def test_unknown_case(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    with pytest.raises(NotFound):
        cases.mark_best(ctx, hall["manager"], "nope")
