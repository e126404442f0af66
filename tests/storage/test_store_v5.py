"""Schema v5 (the lifecycle): a v4 file migrates and keeps its complaints; the timeline's lookup and
the handler's follow-ups are index searches."""

from __future__ import annotations

from pathlib import Path

import pytest

from hall_desk.storage import db as storage_db
from hall_desk.storage.db import close_store, database, open_store, schema_version
from hall_desk.storage.models import Complaint

V4_COMPLAINT = (
    "INSERT INTO complaint (id, number, hall_code, desk_code, phone, customer_name, tier, channel,"
    " main_class, sub_class, regulator_class, description, customer_request, escalation_tendency,"
    " state, first_responder_no, first_responder_name, accepted_at, reply_due, regulator_due,"
    " deadline_basis, policy_version, updated_at) VALUES ('c1', 'HA01-02-261122-0001', 'HA01',"
    " 'HA01-02', '13800138000', '陈先生', '普通', '营业厅现场', '电信资费', '资费争议/乱收费',"
    " '收费争议', '话费多扣', '退费', '无', '处理中', '3001', '张三', '2026-11-22T02:00:00.000000Z',"
    " '2026-11-24T02:00:00.000000Z', '2026-12-07T02:00:00.000000Z', 'tier', 1, '2026-11-22T02:00:00.000000Z')"
)


def test_a_version_4_file_migrates_to_v5_and_keeps_its_complaints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v4.sqlite3"
    monkeypatch.setattr(storage_db, "MIGRATIONS", storage_db.MIGRATIONS[:4])
    open_store(path)
    assert schema_version() == 4
    database.execute_sql(V4_COMPLAINT)
    close_store()
    monkeypatch.undo()
    open_store(path)
    try:
        assert schema_version() >= 5
        row = Complaint.get_by_id("c1")
        assert (row.number, row.state, row.first_responder_no) == (
            "HA01-02-261122-0001",
            "处理中",
            "3001",
        )
        assert (row.handler_no, row.handler_name, row.dissatisfied, row.incident_id) == (
            "",
            "",
            False,
            None,
        )
        assert row.verification is None and row.replied_at is None
    finally:
        close_store()


def plan(sql: str, *params: object) -> str:
    return " ".join(str(r[-1]) for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))


def test_timeline_and_follow_ups_use_indexes(store: Path) -> None:
    timeline = plan("SELECT seq FROM event WHERE entity = event_entity_key(?)", "c1")
    assert "event_entity_key" in timeline and "SCAN" not in timeline
    mine = plan(
        "SELECT id FROM complaint WHERE state IN ('已受理', '处理中')"
        " AND (first_responder_no = ? OR handler_no = ?)",
        "3001",
        "3001",
    )
    assert "SCAN complaint" not in mine  # an index search (which one is the planner's choice)
    by_handler = plan(
        "SELECT id FROM complaint WHERE handler_no = ? AND state = ?", "3001", "处理中"
    )
    assert "complaint_handler" in by_handler
