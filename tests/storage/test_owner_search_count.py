"""Issue 22: a clerk's search total of 2-character words comes from ``complaint_owner_bigram``
(the owners' index) and equals the count through the complaint table — after inserts, transfers
and take-backs (the handler changes), text changes (the downlink's upsert), a moved acceptance
time, a deletion, a rebuild and the schema step that builds it for an existing store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hall_desk.domain.policy import Role
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.search import ComplaintSearch, all_matching_ids, count_search_results
from hall_desk.storage import schema
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.search_index import (
    match_from,
    owner_count,
    rebuild_search_index,
    text_match,
)
from tests.storage.test_search_index import COLUMNS, row

WORDS = ("话费", "信号", "退费", "宽带", "话费 信号", "王伟", "ab", "AB", "话费 zz")
STAFF = ("3001", "3002", "3009", "4001")


def add(n: int, name: str, description: str, first: str, handler: str = "") -> None:
    values = list(row(n, name, description))
    values[COLUMNS.split(", ").index("first_responder_no")] = first
    database.execute_sql(
        f"INSERT INTO complaint ({COLUMNS}) VALUES ({', '.join('?' * len(values))})", values
    )
    if handler:
        database.execute_sql(
            "UPDATE complaint SET handler_no = ? WHERE id = ?", (handler, f"id-{n}")
        )


def joined(text: str, staff_no: str) -> int:
    """The count the way it was made before: every match's owners looked up."""
    from_sql, where, params = match_from(text_match(text))
    where.append("(c.first_responder_no = ? OR c.handler_no = ?)")
    sql = f"SELECT count(*) FROM {from_sql} WHERE {' AND '.join(where)}"
    return int(database.execute_sql(sql, [*params, staff_no, staff_no]).fetchone()[0])


def assert_counts_agree() -> None:
    seen = 0
    for text in WORDS:
        for staff_no in STAFF:
            counted = owner_count(text_match(text), staff_no)  # type: ignore[arg-type]
            assert counted == joined(text, staff_no), (text, staff_no)
            seen += counted or 0
    assert seen > 0
    database.execute_sql(
        "INSERT INTO complaint_owner_bigram (complaint_owner_bigram) VALUES ('integrity-check')"
    )


def seed() -> None:
    add(1, "王伟", "本月话费多扣，信号也差", "3001")
    add(2, "刘女士", "信号很差", "3001", handler="3002")
    add(3, "赵六", "要求退费；话费AB", "3002", handler="3002")  # handler = first responder
    add(4, "王伟", "宽带无法上网，话费", "3009", handler="3001")
    add(5, "钱七", "话", "3002")  # one character: its last character alone
    add(6, "孙八", "话费话费话费 ab", "3001", handler="3009")


def test_the_owners_count_equals_the_joined_count_through_every_change(store: Path) -> None:
    seed()
    assert_counts_agree()
    assert owner_count(text_match("话费"), "3001") == 3  # type: ignore[arg-type]
    # a transfer, a take-back, a transfer on
    database.execute_sql("UPDATE complaint SET handler_no = '4001' WHERE id = 'id-1'")
    database.execute_sql("UPDATE complaint SET handler_no = '' WHERE id = 'id-4'")
    database.execute_sql("UPDATE complaint SET handler_no = '3001' WHERE id = 'id-2'")
    assert_counts_agree()
    # the text changes (the downlink's upsert), with the owner in the same statement
    database.execute_sql(
        "UPDATE complaint SET description = '宽带话费', handler_no = '3002' WHERE id = 'id-6'"
    )
    database.execute_sql("UPDATE complaint SET customer_name = '王伟' WHERE id = 'id-5'")
    assert_counts_agree()
    # a new acceptance time (a new search key: never made by the app), with a new text
    database.execute_sql(
        "UPDATE complaint SET accepted_at = '2026-11-23T03:00:00.000000Z', description = '退费信号'"
        " WHERE id = 'id-3'"
    )
    assert_counts_agree()
    database.execute_sql("DROP TRIGGER complaint_never_deleted")
    database.execute_sql("DELETE FROM complaint WHERE id = 'id-1'")
    assert_counts_agree()
    rebuild_search_index()
    assert_counts_agree()


def test_words_other_than_two_letters_are_counted_through_the_rows(store: Path) -> None:
    for text in ("话", "信息费", "话费 信息费", "13800138000", "话,", "HA01-03-261122-0001"):
        match = text_match(text)
        assert match is not None
        assert owner_count(match, "3001") is None


def test_a_clerks_total_is_the_number_of_matching_complaints(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    seed()
    clerk = hall["clerk"]
    assert clerk.role is Role.CLERK and clerk.staff_no == "3001"
    for text in WORDS:
        search = ComplaintSearch(text=text)
        assert count_search_results(ctx, clerk, search) == len(all_matching_ids(ctx, clerk, search))
        mine = ComplaintSearch(text=text, mine=True)
        manager = hall["manager"]
        assert count_search_results(ctx, manager, mine) == len(all_matching_ids(ctx, manager, mine))
    # with another condition beside the text: through the rows, the same answer
    search = ComplaintSearch(text="话费", states=("已受理",))
    assert count_search_results(ctx, clerk, search) == len(all_matching_ids(ctx, clerk, search))
    assert count_search_results(ctx, clerk, ComplaintSearch(text="话费")) == 3


def test_the_schema_step_builds_the_owners_index_of_an_existing_store(store: Path) -> None:
    seed()
    expected = {(t, s): joined(t, s) for t in WORDS for s in STAFF}
    step = schema.MIGRATIONS.index(schema._owner_bigrams)
    close_store()
    conn = sqlite3.connect(store)
    for trigger in ("key", "text", "delete"):
        conn.execute(f"DROP TRIGGER complaint_owner_bigram_{trigger}")
    conn.execute("DROP TABLE complaint_owner_bigram")
    conn.execute(f"PRAGMA user_version = {step}")
    conn.commit()
    conn.close()
    open_store(store)
    assert {
        (t, s): owner_count(text_match(t), s)  # type: ignore[arg-type]
        for t, s in expected
    } == expected
