"""首问责任制 at head office (issue 20), on SQLite and PostgreSQL: no SQL statement replaces or
removes a complaint row (so none changes its first responder 3001 → 3002), intake still applies a
complaint's later events over HTTP, and ``hall-desk-hq status`` names a complaint whose first
responder differs from its ``complaint.created`` event (someone dropped the triggers)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from hall_desk.hq.cli import main
from hall_desk.hq.store import HQStore
from hall_desk.sync.protocol import upload_request
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff
from tests.hq.live import LiveHQ

DESK = "HA01-02"


@contextmanager
def other_program(url: str) -> Iterator[Any]:
    """A connection of another program, straight to the database (autocommit)."""
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
        conn.execute("PRAGMA recursive_triggers = 1")  # no help: delete triggers do not decide
    else:
        import psycopg

        conn = psycopg.connect(url, autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


def _errors(url: str) -> tuple[type[Exception], ...]:
    if url.startswith("sqlite:///"):
        return (sqlite3.IntegrityError,)
    import psycopg

    return (psycopg.Error,)


def _marks(url: str, count: int) -> str:
    return ", ".join(("?" if url.startswith("sqlite:///") else "%s") for _ in range(count))


def _rewrites(url: str, row: dict[str, Any]) -> dict[str, Callable[[Any], object]]:
    other = {**row, "first_responder_no": "3002", "first_responder_name": "李四"}
    columns, values = ", ".join(other), tuple(other.values())
    marks = _marks(url, len(other))
    one = _marks(url, 1)
    insert = f"INSERT INTO complaint ({columns}) VALUES ({marks})"

    def delete_then_insert(conn: Any) -> None:
        conn.execute(f"DELETE FROM complaint WHERE id = {one}", (row["id"],))
        conn.execute(insert, values)

    def truncate_then_insert(conn: Any) -> None:
        conn.execute("TRUNCATE complaint CASCADE")
        conn.execute(insert, values)

    forms: dict[str, Callable[[Any], object]] = {
        "update": lambda c: c.execute(
            f"UPDATE complaint SET first_responder_no = '3002' WHERE id = {one}", (row["id"],)
        ),
        "delete then insert": delete_then_insert,
        "upsert": lambda c: c.execute(
            insert + " ON CONFLICT (id) DO UPDATE SET"
            " first_responder_no = excluded.first_responder_no",
            values,
        ),
        "insert, conflict ignored": lambda c: c.execute(
            insert + " ON CONFLICT (id) DO NOTHING", values
        ),
    }
    if url.startswith("sqlite:///"):
        forms["insert or replace"] = lambda c: c.execute(
            insert.replace("INSERT", "INSERT OR REPLACE", 1), values
        )
        forms["replace"] = lambda c: c.execute(insert.replace("INSERT", "REPLACE", 1), values)
    else:
        forms["truncate then insert"] = truncate_then_insert
    return forms


BOTH = ("update", "delete then insert", "upsert", "insert, conflict ignored")


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    live_hq.add_hall("HA01", "人民路营业厅")
    store = live_hq.store()
    try:
        seed_staff(store)
    finally:
        store.close()
    return live_hq


def send(hq: LiveHQ, token: str, events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    response = httpx.post(
        hq.url + "/v1/events", json=upload_request(DESK, events), headers=hq.auth(token), timeout=30
    )
    assert response.status_code == 200, response.text
    return [(r["outcome"], r["reason"]) for r in response.json()["results"]]


def held_rows(url: str) -> list[tuple[str, str, str]]:
    with other_program(url) as conn:
        return [
            (str(r[0]), str(r[1]), str(r[2]))
            for r in conn.execute(
                "SELECT id, first_responder_no, state FROM complaint ORDER BY number"
            ).fetchall()
        ]


def _refused(hq: LiveHQ, url: str, form: str) -> None:
    token = hq.add_desk(DESK)
    assert send(hq, token, [DeskChain(DESK).next()]) == [("stored", "")]
    with other_program(url) as conn:
        cursor = conn.execute("SELECT * FROM complaint")
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
        with pytest.raises(_errors(url), match=r"first responder|never"):
            _rewrites(url, row)[form](conn)
    assert held_rows(url) == [(row["id"], "3001", "已受理")]


@pytest.mark.parametrize("form", BOTH)
def test_no_statement_replaces_or_removes_a_complaint_at_head_office(
    hq: LiveHQ, database_url: str, form: str
) -> None:
    _refused(hq, database_url, form)


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("form", ["insert or replace", "replace"])
def test_sqlite_replace_forms_are_refused_at_head_office(
    hq: LiveHQ, database_url: str, form: str
) -> None:
    _refused(hq, database_url, form)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_truncate_is_refused_at_head_office(hq: LiveHQ, database_url: str) -> None:
    _refused(hq, database_url, "truncate then insert")


def test_intake_still_applies_a_complaints_later_events(hq: LiveHQ, database_url: str) -> None:
    token = hq.add_desk(DESK)
    chain = DeskChain(DESK)
    first = complaint_state(DESK, 1)
    second = complaint_state(DESK, 2)
    events = [chain.next(payload=first), chain.next(payload=second)]
    events.append(chain.next("complaint.verified", payload={**first, "state": "处理中"}))
    assert send(hq, token, events) == [("stored", "")] * 3
    assert held_rows(database_url) == [
        (first["id"], "3001", "处理中"),
        (second["id"], "3001", "已受理"),
    ]
    # The same event again (a desk's retry) and an older one after a newer: nothing changes.
    assert send(hq, token, events[2:]) == [("duplicate", "")]
    assert held_rows(database_url)[0] == (first["id"], "3001", "处理中")


def _drop_guards(url: str, conn: Any) -> None:
    conn.execute(
        "DROP TRIGGER complaint_first_responder_fixed"
        + ("" if "sqlite" in url else " ON complaint")
    )


def test_status_names_a_complaint_whose_first_responder_differs_from_its_creation(
    hq: LiveHQ, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    token = hq.add_desk(DESK)
    chain = DeskChain(DESK)
    events = chain.complaints(2)
    assert send(hq, token, events) == [("stored", "")] * 2
    assert main(["status", "--database", database_url]) == 0
    assert "first_responder_differs" not in capsys.readouterr().out
    with other_program(database_url) as conn:
        _drop_guards(database_url, conn)
        conn.execute(
            "UPDATE complaint SET first_responder_no = '3002' WHERE number = "
            + _marks(database_url, 1),
            (events[1]["payload"]["number"],),
        )
    assert main(["status", "--database", database_url]) == 0
    out = capsys.readouterr().out
    table = out.split("first_responder_differs", 1)[1].strip().splitlines()
    assert table[1:] == [f"{events[1]['payload']['number']}\t3002\t3001"]
    store = HQStore.open(database_url)
    try:
        assert [m.number for m in store.first_responder_mismatches()] == [
            events[1]["payload"]["number"]
        ]
    finally:
        store.close()
