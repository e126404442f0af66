"""Schema v6's search indexes: the migration backfills what the store holds, triggers follow every
insert, update (the downlink's upsert of a pulled complaint included) and delete, and the indexes
stay consistent (FTS5 integrity checks; a rebuild gives the same answers)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hall_desk.domain.complaints import OPEN_STATES
from hall_desk.storage import schema
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.search_index import (
    OLDEST_OPEN_KEY,
    OPEN_STATES_SQL,
    match_from,
    newest_first_key,
    rebuild_search_index,
    search_index_intact,
    text_match,
)

COLUMNS = (
    "id, number, hall_code, desk_code, phone, customer_name, tier, channel, main_class, sub_class, "
    "regulator_class, description, customer_request, escalation_tendency, state, "
    "first_responder_no, first_responder_name, accepted_at, reply_due, regulator_due, "
    "deadline_basis, policy_version, updated_at"
)


def row(n: int, name: str, description: str, phone: str = "13800138000") -> tuple[object, ...]:
    at = f"2026-11-22T02:{n:02d}:00.000000Z"
    return (
        f"id-{n}", f"HA01-03-261122-{n:04d}", "HA01", "HA01-03", phone, name, "普通", "电话",
        "电信资费", "资费争议/乱收费", "收费争议", description, "退费", "无", "已受理", "3009", "某人",
        at, "2026-11-24T02:00:00.000000Z", "2026-12-07T02:00:00.000000Z", "tier", 1, at,
    )  # fmt: skip


def insert(conn_or_db: object, *values: object) -> None:
    sql = f"INSERT INTO complaint ({COLUMNS}) VALUES ({', '.join('?' * len(values))})"
    if isinstance(conn_or_db, sqlite3.Connection):
        conn_or_db.execute(sql, values)
    else:
        database.execute_sql(sql, values)


def found(text: str) -> list[str]:
    from_sql, where, params = match_from(text_match(text))
    sql = f"SELECT c.id FROM {from_sql} WHERE {' AND '.join(where)} ORDER BY c.rowid"
    return [r[0] for r in database.execute_sql(sql, params)]


def fts_checks() -> None:
    database.execute_sql(
        "INSERT INTO complaint_text (complaint_text, rank) VALUES ('integrity-check', 1)"
    )
    database.execute_sql(
        "INSERT INTO complaint_bigram (complaint_bigram) VALUES ('integrity-check')"
    )
    assert search_index_intact()


def test_the_open_states_of_the_partial_indexes_are_the_domains() -> None:
    assert f"WHERE state IN {OPEN_STATES_SQL};" in schema.V6
    assert f"WHERE state IN {OPEN_STATES_SQL};" in schema.OPEN_SEARCH_KEY  # list22's
    assert OPEN_STATES_SQL.count("'") == 2 * len(OPEN_STATES)


def test_the_migration_backfills_the_complaints_already_held(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for version, migration in enumerate(schema.MIGRATIONS[:5], start=1):
        conn.execute("BEGIN")
        migration(conn)
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    insert(conn, *row(1, "王伟", "本月话费多扣"))
    insert(conn, *row(2, "刘女士", "信号很差", phone="13912345678"))
    conn.close()
    open_store(path)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
        assert found("话费") == ["id-1"]
        assert found("信号") == ["id-2"]
        assert found("王伟") == ["id-1"]
        assert found("5678") == ["id-2"]
        assert found("0002") == ["id-2"]
        fts_checks()
    finally:
        close_store()


def test_triggers_follow_insert_update_upsert_and_delete(store: Path) -> None:
    insert(database, *row(1, "王伟", "本月话费多扣"))
    insert(database, *row(2, "刘女士", "信号很差"))
    assert found("话费") == ["id-1"]
    # A change of the description: the old words go, the new ones come.
    database.execute_sql("UPDATE complaint SET description = '宽带无法上网' WHERE id = 'id-1'")
    assert found("话费") == []
    assert found("宽带") == ["id-1"]
    assert found("无法上网") == ["id-1"]
    # A state change does not touch the indexes (the trigger's WHEN), and the text still matches.
    database.execute_sql("UPDATE complaint SET state = '处理中' WHERE id = 'id-1'")
    assert found("宽带") == ["id-1"]
    # The downlink's update-or-insert of a pulled complaint (issue 20): new, then changed.
    database.execute_sql(
        f"INSERT INTO complaint ({COLUMNS}) VALUES ({', '.join('?' * 23)})",
        row(3, "赵六", "积分兑换的礼品没收到"),
    )
    assert found("积分") == ["id-3"]
    database.execute_sql(
        "UPDATE complaint SET description = ?, customer_name = ? WHERE id = 'id-3'",
        ("要求退费", "赵六"),
    )
    assert found("积分") == []
    assert found("退费") == ["id-3"]
    assert found("赵六") == ["id-3"]
    # A complaint is never deleted (issue 20); should someone drop that trigger and delete one,
    # the indexes still follow.
    database.execute_sql("DROP TRIGGER complaint_never_deleted")
    database.execute_sql("DELETE FROM complaint WHERE id = 'id-2'")
    assert found("信号") == []
    assert found("刘女士") == []
    fts_checks()


def test_a_rebuild_gives_the_same_answers(store: Path) -> None:
    insert(database, *row(1, "王伟", "本月话费多扣"))
    insert(database, *row(2, "刘女士", "信号很差，话费也高"))
    before = {t: found(t) for t in ("话费", "信号", "王", "刘女士", "8000")}
    rebuild_search_index()
    assert {t: found(t) for t in before} == before
    assert before["话费"] == ["id-1", "id-2"]
    fts_checks()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", None),
        ("   ", None),
        ("13800138000", "phone"),
        ("ha01-02-261122-0007", "number"),
        ("话费", "bigram"),
        ("话", "bigram"),
        ("信息费", "trigram"),
        ("0007", "trigram"),
        ("话费 信息费", "both"),
        ("，", "nothing"),
    ],
)
def test_what_a_text_becomes(text: str, kind: str | None) -> None:
    match = text_match(text)
    if kind is None:
        assert match is None
        return
    assert match is not None
    got = {
        "phone": match.phone is not None,
        "number": match.number is not None,
        "bigram": match.bigram is not None and match.trigram is None,
        "trigram": match.trigram is not None and match.bigram is None,
        "both": match.trigram is not None and match.bigram is not None,
        "nothing": match.matches_nothing,
    }
    assert got[kind], match


def test_quotes_in_the_text_cannot_break_the_match_expression(store: Path) -> None:
    insert(database, *row(1, "王伟", '客户说"话费"不对'))
    assert found('"话费"') == ["id-1"]  # the quotes are part of the 4-character term
    assert found('"话费""') == []
    assert found('话费"') == ["id-1"]
    assert found('"') == []


def keys() -> dict[str, int]:
    return dict(database.execute_sql("SELECT id, search_key FROM complaint").fetchall())


def test_the_search_key_is_the_acceptance_order_set_by_the_triggers(store: Path) -> None:
    """Microseconds since the epoch × 1000, + n for the n-th in the same microsecond; a complaint
    pulled later with an earlier acceptance time takes its place in the order; a change of
    accepted_at re-keys (and re-indexes) the complaint."""
    base = (1_795_312_800 * 1_000_000 + 999_999) * 1000  # 2026-11-22T02:00:00.999999Z
    at = "2026-11-22T02:00:00.999999Z"
    a, b, c = row(1, "王伟", "话费多扣"), row(2, "刘女士", "话费太高"), row(3, "赵六", "话费")
    insert(database, *a[:17], at, *a[18:])
    insert(database, *b[:17], at, *b[18:])  # the same microsecond
    insert(database, *c[:17], "2026-11-22T01:59:59.000000Z", *c[18:])  # pulled late, older
    assert keys() == {"id-1": base, "id-2": base + 1, "id-3": base - 1_999_999_000}
    match = text_match("话费")
    from_sql, where, params = match_from(match)
    sql = (
        f"SELECT c.id FROM {from_sql} WHERE {' AND '.join(where)}"
        f" ORDER BY {newest_first_key(match)} DESC"
    )
    assert [r[0] for r in database.execute_sql(sql, params)] == ["id-2", "id-1", "id-3"]
    database.execute_sql(
        "UPDATE complaint SET accepted_at = '2026-11-22T03:00:00.000000Z' WHERE id = 'id-3'"
    )
    assert keys()["id-3"] == (1_795_312_800 + 3600) * 1_000_000_000
    assert [r[0] for r in database.execute_sql(sql, params)] == ["id-3", "id-2", "id-1"]
    # The downlink's update with the same acceptance time keeps the key.
    database.execute_sql(
        "UPDATE complaint SET accepted_at = ?, description = ? WHERE id = 'id-1'", (at, "要求退费")
    )
    assert keys()["id-1"] == base
    assert found("退费") == ["id-1"]
    assert found("话费") == ["id-2", "id-3"]
    fts_checks()


def test_a_vacuum_that_renumbers_the_rows_leaves_the_indexes_valid(store: Path) -> None:
    for n in range(1, 6):
        insert(database, *row(n, f"客户{n}", f"第{n}件话费投诉"))
    database.execute_sql("DROP TRIGGER complaint_never_deleted")  # rows gone, as by an old desk
    database.execute_sql("DELETE FROM complaint WHERE id IN ('id-1', 'id-2')")
    before = {t: found(t) for t in ("话费", "客户4", "0005")}
    database.execute_sql("VACUUM")
    assert {t: found(t) for t in before} == before == {
        "话费": ["id-3", "id-4", "id-5"], "客户4": ["id-4"], "0005": ["id-5"]
    }  # fmt: skip
    fts_checks()


def test_the_schema_step_indexes_the_open_ones_of_an_existing_store(store: Path) -> None:
    """list22's step on a store that holds complaints: the open ones' keys are indexed, the
    oldest open one's key is read through that index."""
    for n, state in ((1, "已归档"), (2, "已受理"), (3, "处理中"), (4, "已回访")):
        insert(database, *row(n, "陈先生", "信号很差")[:14], state, *row(n, "", "")[15:])
    close_store()
    conn = sqlite3.connect(store)
    conn.execute("DROP INDEX complaint_open_key")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._open_search_key)}")
    conn.commit()
    conn.close()
    open_store(store)
    oldest = f"SELECT {OLDEST_OPEN_KEY}"  # as match_from reads it
    plan = [r[3] for r in database.execute_sql("EXPLAIN QUERY PLAN " + oldest)]
    assert any("INDEX complaint_open_key" in line for line in plan), plan
    keys = database.execute_sql("SELECT id, search_key FROM complaint ORDER BY id").fetchall()
    assert database.execute_sql(oldest).fetchone()[0] == keys[1][1]
    assert [i for i, _ in keys] == ["id-1", "id-2", "id-3", "id-4"]
