"""The console's header counts, search and full values in head office's store (issue 17 items 4
and 5, hdr17), on SQLite and PostgreSQL: the counts and highlights in SQL (a complaint with a
colleague not counted; a desk silent before the cut-off counted), the search's statements on their
indexes (EXPLAIN, no sequential scan of complaint or refund), full values refused to auditors and
supervisors and without a reason (nothing written), and who opened a complaint."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from hall_desk.domain.clock import utc_iso
from hall_desk.hq.store import HQStore, HQStoreError
from hall_desk.hq.store.console_search import (
    COMPLAINT_BY_NUMBER,
    COMPLAINT_BY_PHONE,
    NOT_PERMITTED,
    REASON_REQUIRED,
    REFUND_BY_NUMBER,
)
from tests.hq.test_transferred_hq import hq, seed_queue  # noqa: F401  (the store fixture)


def test_header_counts_and_highlights(hq: HQStore) -> None:  # noqa: F811
    seed_queue(hq)
    now = datetime.now(UTC)
    counts = hq.header_counts(silent_before=utc_iso(now - timedelta(days=1)))
    assert counts.transferred == 3  # the one with a colleague is not head office's
    assert (counts.media_important, counts.near_reply_due) == (1, 1)
    assert (counts.awaiting, counts.executions, counts.held, counts.silent_desks) == (0, 0, 0, 0)
    # HA01-02 sent its events just now: silent only if the cut-off were later than that
    later = hq.header_counts(silent_before=utc_iso(now + timedelta(hours=1)))
    assert later.silent_desks == 1


def test_the_search_statements_use_their_indexes(hq: HQStore) -> None:  # noqa: F811
    seed_queue(hq)
    statements = [
        (COMPLAINT_BY_NUMBER, ["HA01-02-261122-0001", 50], "complaint_number"),
        (COMPLAINT_BY_PHONE, ["13912345678", 50], "complaint_phone"),
        (REFUND_BY_NUMBER, ["HA01-02-R261122-0001", 50], "refund_number"),
    ]
    with hq._lock:
        db = hq._db
        for sql, params, index in statements:
            if hq.dialect == "sqlite":
                plan = " ".join(str(r[-1]) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                assert index in plan, plan
                assert re.findall(r"SCAN (\w+)(?! USING)", plan) == [], plan
            else:
                db.execute("SET enable_seqscan = off")  # a small seed: what the planner can use
                plan = " ".join(str(r[0]) for r in db.execute(f"EXPLAIN {sql}", params).fetchall())
                db.execute("SET enable_seqscan = on")
                assert index in plan, plan
                assert "Seq Scan on complaint" not in plan and "Seq Scan on refund" not in plan


@pytest.mark.parametrize("login", ["shen.audit", "li.super"])
def test_full_values_are_refused_to_auditors_and_supervisors(
    hq: HQStore,  # noqa: F811
    login: str,
) -> None:
    made = seed_queue(hq)
    hq.add_operator("li.super", display_name="李管", role="supervisor")
    before = len(hq.events_of("HA01-00"))
    who = hq.operator(login)
    for action in (
        lambda: hq.reveal_phone(made["later"]["number"], "核对", who),
        lambda: hq.search_phone("13912345678", "核对", who),
    ):
        with pytest.raises(HQStoreError) as refused:
            action()
        assert refused.value.code == NOT_PERMITTED
    assert len(hq.events_of("HA01-00")) == before


def test_a_full_value_needs_a_reason_and_is_recorded_masked(hq: HQStore) -> None:  # noqa: F811
    made = seed_queue(hq)
    wang = hq.operator("wang.wu")
    with pytest.raises(HQStoreError) as refused:
        hq.reveal_phone(made["later"]["id"], "  ", wang)
    assert refused.value.code == REASON_REQUIRED
    assert not [e for e in hq.events_of("HA01-00") if e["type"] == "identity.viewed"]
    number, refund, phone = hq.reveal_phone(made["later"]["id"], "电话回访", wang)
    assert (number, refund, phone) == (made["later"]["number"], "", "13912345678")
    viewed = [e for e in hq.events_of("HA01-00") if e["type"] == "identity.viewed"]
    assert len(viewed) == 1 and viewed[0]["payload"]["reason"] == "电话回访"
    assert "139****5678" in viewed[0]["payload"]["viewed"] and "13912345678" not in str(viewed)


def test_who_opened_a_complaint(hq: HQStore) -> None:  # noqa: F811
    made = seed_queue(hq)
    wang, zhou = hq.operator("wang.wu"), hq.operator("zhou.min")
    hq.note_opened(made["later"]["id"], wang)
    hq.note_opened(made["later"]["id"], wang)  # again: one row, the latest opening
    assert [name for name, _at in hq.opened_by_others(made["later"]["id"], zhou)] == ["王五"]
    assert hq.opened_by_others(made["later"]["id"], wang) == []
    assert hq.opened_by_others(made["overdue"]["id"], zhou) == []
