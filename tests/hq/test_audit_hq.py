"""Head office's own audit log (issue 17) on SQLite and PostgreSQL: account changes, enrolments,
sign-ins and failures, role changes (from the store the console uses and from the CLI) are entries
of an append-only, hash-chained log; triggers refuse UPDATE, DELETE (and TRUNCATE); a changed or
removed entry is found by ``verify-audit``, which names the first entry that breaks the chain."""

from __future__ import annotations

import pytest

from hall_desk.hq.cli import main
from hall_desk.hq.store import HQStore, HQStoreError, OperatorIdentity
from tests.hq.acting import act
from tests.hq.test_first_responder_hq import _errors, other_program


def _kinds(store: HQStore) -> list[tuple[str, str, str]]:
    entries, _total = store.audit_page(per_page=100)
    return [(e.operator, e.kind, e.subject) for e in reversed(entries)]


def _actions(store: HQStore) -> None:
    store.add_hall("HA01", "人民路营业厅")
    store.add_operator("chen.jing", display_name="陈静", role="supervisor")
    store.add_operator("lin.tao", display_name="林涛", role="supervisor")
    store.add_operator("wang.wu", display_name="王五")
    store.start_enrolment("wang.wu", by="chen.jing", client="10.1.2.3")
    store.record_sign_in_failure("wang.wu", "10.1.2.3", "sign_in")
    store.create_session("wang.wu", "10.1.2.3")
    chen = store.operator("chen.jing")
    lin = store.operator("lin.tao")
    assert store.set_operator_role("wang.wu", "director", chen, client="10.1.2.3") == "pending"
    assert store.set_operator_role("wang.wu", "director", lin, client="10.1.2.4") == "applied"
    store.revoke_operator("wang.wu", by="lin.tao", client="10.1.2.4")


def test_account_changes_sign_ins_and_roles_are_chained_entries(database_url: str) -> None:
    store = HQStore.open(database_url, create=True)
    try:
        _actions(store)
        assert _kinds(store) == [
            ("cli", "account.added", "chen.jing"),
            ("cli", "account.added", "lin.tao"),
            ("cli", "account.added", "wang.wu"),
            ("chen.jing", "enrolment.issued", "wang.wu"),
            ("wang.wu", "sign_in.failed", "wang.wu"),
            ("wang.wu", "sign_in", "wang.wu"),
            ("chen.jing", "role.proposed", "wang.wu"),
            ("lin.tao", "role.changed", "wang.wu"),
            ("lin.tao", "account.disabled", "wang.wu"),
        ]
        entries, total = store.audit_page(per_page=2)
        assert total == 9 and [e.seq for e in entries] == [9, 8]  # newest first
        changed = entries[1]
        assert changed.detail == {
            "role": "director", "from": "operator", "proposed_by": "chen.jing",
            "sessions_ended": 1,
        }  # fmt: skip
        assert changed.client == "10.1.2.4"
        by_lin, n = store.audit_page(operator="lin.tao")
        assert n == 2 and {e.kind for e in by_lin} == {"role.changed", "account.disabled"}
        failures, n = store.audit_page(kind="sign_in.failed")
        assert n == 1 and failures[0].client == "10.1.2.3"
        assert store.audit_page(page=2, per_page=5)[0][0].seq == 4
        with pytest.raises(HQStoreError):
            store.audit_page(page=0)
        checked = store.verify_audit()
        assert checked.intact and checked.entries == 9
        assert store.last_sign_ins()["wang.wu"] == entries_at(store, "sign_in")
        accounts = {a.login: a for a in store.console_accounts()}
        assert accounts["wang.wu"].disabled and accounts["wang.wu"].role == "director"
        assert accounts["wang.wu"].enrolling and not accounts["wang.wu"].enrolled
    finally:
        store.close()


def entries_at(store: HQStore, kind: str) -> str:
    return store.audit_page(kind=kind)[0][0].at


def test_a_refused_role_change_writes_nothing(database_url: str) -> None:
    store = HQStore.open(database_url, create=True)
    try:
        store.add_operator("chen.jing", role="supervisor")
        before = store.audit_page()[1]
        with pytest.raises(HQStoreError, match="own role"):
            store.set_operator_role("chen.jing", "leadership", store.operator("chen.jing"))
        assert store.audit_page()[1] == before
    finally:
        store.close()


@pytest.mark.parametrize("statement", ["UPDATE", "DELETE"])
def test_the_audit_log_refuses_update_and_delete(database_url: str, statement: str) -> None:
    store = HQStore.open(database_url, create=True)
    try:
        _actions(store)
    finally:
        store.close()
    sql = {
        "UPDATE": "UPDATE hq_audit SET operator = 'nobody' WHERE seq = 2",
        "DELETE": "DELETE FROM hq_audit WHERE seq = 9",
    }[statement]
    with other_program(database_url) as conn, pytest.raises(_errors(database_url), match="append"):
        conn.execute(sql)
    store = HQStore.open(database_url)
    try:
        assert store.verify_audit().entries == 9 and store.verify_audit().intact
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_refuses_truncating_the_audit_log(database_url: str) -> None:
    store = HQStore.open(database_url, create=True)
    try:
        _actions(store)
    finally:
        store.close()
    with other_program(database_url) as conn, pytest.raises(_errors(database_url), match="append"):
        conn.execute("TRUNCATE hq_audit")


def _drop_triggers(url: str, conn: object) -> None:
    on = "" if url.startswith("sqlite:///") else " ON hq_audit"
    for name in ("hq_audit_never_updated", "hq_audit_never_deleted"):
        conn.execute(f"DROP TRIGGER {name}{on}")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("tamper", "broken", "problem"),
    [
        ("UPDATE hq_audit SET subject = 'someone.else' WHERE seq = 4", 4, "changed"),
        ("UPDATE hq_audit SET detail = '{}' WHERE seq = 8", 8, "changed"),
        ("DELETE FROM hq_audit WHERE seq = 5", 5, "missing"),
    ],
)
def test_a_tampered_log_is_found_by_verify_audit(
    database_url: str, capsys: pytest.CaptureFixture[str], tamper: str, broken: int, problem: str
) -> None:
    store = HQStore.open(database_url, create=True)
    try:
        _actions(store)
    finally:
        store.close()
    assert main(["verify-audit", "--database", database_url]) == 0
    assert "9 entries, hash chain intact" in capsys.readouterr().out
    with other_program(database_url) as conn:
        _drop_triggers(database_url, conn)
        conn.execute(tamper)
    assert main(["verify-audit", "--database", database_url]) == 1
    err = capsys.readouterr().err
    assert f"broken at entry {broken}" in err and problem in err


def test_a_rewritten_chain_is_found_too(database_url: str) -> None:
    """Rewriting an entry and its own hash still breaks the next entry's link."""
    from hall_desk.hq.store.audit import entry_hash

    store = HQStore.open(database_url, create=True)
    try:
        _actions(store)
        row = store.audit_page(kind="role.changed")[0][0]
    finally:
        store.close()
    forged = '{"role": "director"}'
    with other_program(database_url) as conn:
        _drop_triggers(database_url, conn)
        mark = "?" if database_url.startswith("sqlite:///") else "%s"
        prev = conn.execute(f"SELECT prev_hash FROM hq_audit WHERE seq = {mark}", (row.seq,))
        new_hash = entry_hash(
            prev.fetchone()[0], row.seq, row.at, row.operator, row.kind, row.subject,
            row.client, forged,
        )  # fmt: skip
        conn.execute(
            f"UPDATE hq_audit SET detail = {mark}, hash = {mark} WHERE seq = {mark}",
            (forged, new_hash, row.seq),
        )
    store = HQStore.open(database_url)
    try:
        checked = store.verify_audit()
    finally:
        store.close()
    assert checked.broken_at == row.seq + 1 and "does not follow" in checked.problem


def test_the_cli_writes_the_same_entries(database_url: str) -> None:
    assert main(["add-hall", "HA01", "--name", "人民路营业厅", "--database", database_url]) == 0
    store = HQStore.open(database_url)
    try:
        chen = store.add_operator("chen.jing", role="supervisor")
        lin = store.add_operator("lin.tao", role="supervisor")
        store.add_operator("zhou.min")
    finally:
        store.close()
    assert main(["add-operator", "li.wei", "--name", "李伟", "--database", database_url]) == 0
    assert act(chen, "set-role", "zhou.min", "director", "--database", database_url) == 0
    assert act(lin, "set-role", "zhou.min", "director", "--database", database_url) == 0
    assert main(["revoke-operator", "li.wei", "--database", database_url]) == 0
    args = ["add-operator", "li.wei", "--new-token", "--database", database_url]
    assert main(args) == 0
    store = HQStore.open(database_url)
    try:
        assert _kinds(store)[3:] == [
            ("cli", "account.added", "li.wei"),
            ("cli", "enrolment.issued", "li.wei"),
            ("chen.jing", "role.proposed", "zhou.min"),
            ("lin.tao", "role.changed", "zhou.min"),
            ("cli", "account.disabled", "li.wei"),
            ("cli", "account.reissued", "li.wei"),
            ("cli", "enrolment.issued", "li.wei"),
        ]
        assert store.verify_audit().intact
        assert store.operator("zhou.min") == OperatorIdentity(
            "zhou.min", "zhou.min", False, "director"
        )
    finally:
        store.close()
