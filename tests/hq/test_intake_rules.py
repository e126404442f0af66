"""Issue 15, "head office trusts no desk": each finding against a real head office over HTTP, on
SQLite and PostgreSQL. A desk's token proves which desk sent an event, nothing more."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hall_desk.hq.cli import main
from hall_desk.hq.store import HQStore
from hall_desk.sync.protocol import parse_upload_reply, upload_request
from tests.hq.acting import act
from tests.hq.envelopes import DeskChain, complaint_state, refund_state, seed_staff
from tests.hq.live import LiveHQ

D2, D3, OTHER = "HA01-02", "HA01-03", "HB02-01"


@pytest.fixture
def hq(live_hq: LiveHQ) -> LiveHQ:
    live_hq.add_hall("HA01", "人民路营业厅")
    live_hq.add_hall("HB02", "解放路营业厅")
    store = live_hq.store()
    try:
        seed_staff(store)  # 3001, store manager of HA01
        seed_staff(store, "HA01", "3002", "营业员")
        seed_staff(store, "HB02", "5001")  # store manager of HB02
        store.add_operator("li.wei", role="leadership")  # decides any refund (issue 16)
    finally:
        store.close()
    return live_hq


@pytest.fixture
def tokens(hq: LiveHQ) -> dict[str, str]:
    return {desk: hq.add_desk(desk) for desk in (D2, D3, OTHER)}


@pytest.fixture
def store(hq: LiveHQ) -> Iterator[HQStore]:
    opened = hq.store()
    try:
        yield opened
    finally:
        opened.close()


def send(hq: LiveHQ, token: str, desk: str, events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    response = httpx.post(
        hq.url + "/v1/events", json=upload_request(desk, events), headers=hq.auth(token), timeout=30
    )
    assert response.status_code == 200, response.text
    body = response.json()
    parse_upload_reply(body, [e["id"] for e in events])  # the desk's own parser accepts it
    return [(r["outcome"], r["reason"]) for r in body["results"]]


def head_office_events(store: HQStore, hall: str = "HA01") -> list[dict[str, Any]]:
    return [e for e in store.events_of(f"{hall}-00") if e["actor"] != "op:seed"]


def test_a_forged_chain_link_is_refused_and_the_genuine_event_stored_afterwards(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore
) -> None:
    chain = DeskChain(D2)
    assert send(hq, tokens[D2], D2, chain.complaints(2)) == [("stored", "")] * 2
    forged = DeskChain(D2, start_seq=3, prev="e" * 64).next()
    assert send(hq, tokens[D2], D2, [forged]) == [("refused", "chain.link")]
    assert [e["seq"] for e in store.events_of(D2)] == [1, 2]
    assert store.complaint(forged["payload"]["id"]) is None
    genuine = chain.next()
    assert send(hq, tokens[D2], D2, [genuine]) == [("stored", "")]
    assert store.chain_of(D2).describe() == "intact" and store.chain_of(D2).highest_seq == 3
    assert store.complaint(genuine["payload"]["id"]) is not None


def test_a_desk_cannot_forge_a_head_office_refund_decision(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore
) -> None:
    chain, refund_id = DeskChain(D2), str(uuid.uuid4())
    complaint = complaint_state(D2, 1)
    assert send(hq, tokens[D2], D2, [
        chain.next(payload=complaint),
        chain.next("refund.proposed", refund_state(complaint, refund_id, "待审批")),
    ]) == [("stored", "")] * 2  # fmt: skip
    # Already marked 总部已批准 at 99,999.00 with no decision by head office.
    forged = chain.next("refund.approved", refund_state(
        complaint, refund_id, "总部已批准", amount="99999.00"
    ))  # fmt: skip
    assert send(hq, tokens[D2], D2, [forged]) == [("quarantined", "entity.fixed")]
    forged_state = chain.next("refund.approved", refund_state(complaint, refund_id, "总部已批准"))
    assert send(hq, tokens[D2], D2, [forged_state]) == [("quarantined", "state.transition")]
    sent = chain.next(
        "refund.sent_to_head_office", refund_state(complaint, refund_id, "待总部审批")
    )
    early = chain.next("refund.signed", refund_state(complaint, refund_id, "总部已批准"))
    assert send(hq, tokens[D2], D2, [sent, early]) == [
        ("stored", ""),
        ("quarantined", "refund.not_decided"),
    ]
    held = store.refund(refund_id)
    assert held is not None and (held["state"], held["amount"]) == ("待总部审批", "350.00")
    # Head office approves at 350.00; the desk cannot rewrite the amount afterwards.
    store.decide_refund(refund_id, True, "同意", store.operator("li.wei"))
    rewrite = chain.next("refund.signed", refund_state(
        complaint, refund_id, "总部已批准", amount="99999.00"
    ))  # fmt: skip
    assert send(hq, tokens[D2], D2, [rewrite]) == [("quarantined", "entity.fixed")]
    signed = chain.next("refund.signed", refund_state(
        complaint, refund_id, "总部已批准", signature_sha256="ab" * 32
    ))  # fmt: skip
    assert send(hq, tokens[D2], D2, [signed]) == [("stored", "")]
    held = store.refund(refund_id)
    assert held is not None and (held["state"], held["amount"]) == ("总部已批准", "350.00")
    # Another desk re-sending HA01-02's refund as its own change: not its refund.
    three = DeskChain(D3)
    resent = three.next("refund.cancelled", refund_state(complaint, refund_id, "已取消"))
    assert send(hq, tokens[D3], D3, [resent]) == [("quarantined", "entity.not_owner")]
    assert store.refund(refund_id)["state"] == "总部已批准"  # type: ignore[index]


def test_a_desk_of_another_hall_cannot_rewrite_a_complaint(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore
) -> None:
    mine = complaint_state(D2, 1)
    assert send(hq, tokens[D2], D2, [DeskChain(D2).next(payload=mine)]) == [("stored", "")]
    theirs = {
        **complaint_state(OTHER, 1, complaint_id=mine["id"]),
        "customer_name": "冒名",
    }
    other = DeskChain(OTHER)
    other_events = [other.next(payload=theirs, actor="5001")]
    assert send(hq, tokens[OTHER], OTHER, other_events) == [("quarantined", "entity.other_hall")]
    held = store.complaint(mine["id"])
    assert held is not None
    assert (held["hall"], held["desk"], held["customer_name"]) == ("HA01", D2, "王女士")
    reply = store.reply_complaint(mine["id"], "已核实", store.operator("li.wei"))
    assert reply["desk"] == "HA01-00"


def test_a_desk_cannot_mint_a_store_manager(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore
) -> None:
    chain = DeskChain(D2)
    minted = {"id": str(uuid.uuid4()), "staff_no": "6666", "name": "假店长", "role": "店长",
              "active": True, "password_hash": "pbkdf2$x", "changes": {}}  # fmt: skip
    by_nobody = chain.next("staff.changed", minted, actor="9999")
    by_clerk = chain.next("staff.changed", minted, actor="3002")
    assert send(hq, tokens[D2], D2, [by_nobody, by_clerk]) == [
        ("quarantined", "actor.unknown"),
        ("quarantined", "actor.role"),
    ]
    assert store.staff("HA01", "6666") is None
    assert head_office_events(store) == []  # nothing re-published to the hall


def test_head_office_disable_stands_until_head_office_lifts_it(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store.disable_staff("HA01", "3002", store.operator("li.wei"))
    assert store.staff_held("HA01", "3002")
    chain = DeskChain(D2)
    enabled = {**store.staff("HA01", "3002"), "active": True, "changes": {}}  # type: ignore[dict-item]
    again = chain.next("staff.changed", enabled)  # by the hall's store manager 3001
    assert send(hq, tokens[D2], D2, [again]) == [("quarantined", "staff.disabled_by_head_office")]
    assert store.staff("HA01", "3002")["active"] is False  # type: ignore[index]
    assert [e["payload"]["active"] for e in head_office_events(store)] == [False]
    # Head office lifts it (the command an operator runs).
    token = store.add_operator("li.wei", new_token_for_existing=True)
    assert act(token, "enable-staff", "HA01", "3002", "--database", hq.database) == 0
    assert "staff.changed" in capsys.readouterr().out
    assert store.staff("HA01", "3002")["active"] is True  # type: ignore[index]
    assert not store.staff_held("HA01", "3002")
    assert [e["payload"]["active"] for e in head_office_events(store)] == [False, True]
    # The hall may disable and enable its own clerk again.
    off = chain.next("staff.changed", {**enabled, "active": False})
    on = chain.next("staff.changed", {**enabled, "active": True})
    assert send(hq, tokens[D2], D2, [off, on]) == [("stored", "")] * 2
    assert act(token, "enable-staff", "HA01", "3002", "--database", hq.database) == 1
    assert "active" in capsys.readouterr().err


def test_a_complaint_by_a_clerk_disabled_while_the_desk_was_offline_is_applied_and_flagged(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store.disable_staff("HA01", "3002", store.operator("li.wei"))
    chain, refund_id = DeskChain(D2), str(uuid.uuid4())
    complaint = complaint_state(D2, 1)
    recorded = chain.next(payload=complaint, actor="3002")
    proposed = chain.next(
        "refund.proposed", refund_state(complaint, refund_id, "待审批", amount="50.00"),
        actor="3002",
    )  # fmt: skip
    approved = chain.next(
        "refund.approved", refund_state(complaint, refund_id, "已批准", amount="50.00"),
        actor="3002",
    )  # fmt: skip
    assert send(hq, tokens[D2], D2, [recorded, proposed, approved]) == [
        ("stored", ""),
        ("stored", ""),
        ("quarantined", "actor.disabled"),
    ]
    assert store.complaint(complaint["id"]) is not None  # 每诉必录
    assert [(f[0], f[3]) for f in store.flags(D2)] == [
        (recorded["id"], "actor.disabled"),
        (proposed["id"], "actor.disabled"),
    ]
    assert store.refund(refund_id)["state"] == "待审批"  # type: ignore[index]
    (status,) = [s for s in store.status() if s.desk == D2]
    assert status.flagged == 2
    assert main(["status", "--database", hq.database]) == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in capsys.readouterr().out.splitlines()}
    assert rows["desk"][-1] == "flagged" and rows[D2][-1] == "2"


def test_an_older_payload_version_is_applied_as_written_and_counted_per_rule(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """complaint v2 requires a mainland mobile, fixed line or 400/800 number as typed; v1 took
    any digits (95555, a 400 number with the trunk 0 older desks made up). A v1 event is applied as written; the same value under v2 is not."""
    chain = DeskChain(D2)
    v1 = [
        chain.next(payload={**complaint_state(D2, 1), "phone": "95555"}),
        chain.next(payload={**complaint_state(D2, 2), "phone": "04008123123"}),
    ]
    v2_good = chain.next(payload=complaint_state(D2, 3), schema=2)
    v2_bad = chain.next(payload={**complaint_state(D2, 4), "phone": "95555"}, schema=2)
    results = send(hq, tokens[D2], D2, [*v1, v2_good, v2_bad])
    assert results == [("stored", "")] * 3 + [("quarantined", "payload.invalid")]
    assert store.complaint(v1[0]["payload"]["id"])["phone"] == "95555"  # type: ignore[index]
    assert store.looser_rules() == [("complaint", 1, "phone.strict", 2)]
    assert main(["intake", "--database", hq.database]) == 0
    assert "looser\tcomplaint\t1\tphone.strict\t2" in capsys.readouterr().out.splitlines()


def test_a_step_arriving_before_its_creation_waits_then_is_applied(
    hq: LiveHQ, tokens: dict[str, str], store: HQStore, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = str(uuid.uuid4())
    case = {"id": case_id, "complaint_id": str(uuid.uuid4()), "title": "话费争议的处理",
            "desk": D2, "best_quarter": None, "changes": {}}  # fmt: skip
    # The store manager marks the case at desk 03 before desk 02 has uploaded it.
    marked = DeskChain(D3).next("typical_case.marked_best", {**case, "best_quarter": "2026Q4"})
    assert send(hq, tokens[D3], D3, [marked]) == [("quarantined", "waiting")]
    assert [(w[0], w[3], w[4]) for w in store.waiting()] == [
        (marked["id"], "typical_case", case_id)
    ]
    assert store.quarantined(D3) == []  # not a dead letter: it waits
    assert send(hq, tokens[D3], D3, [marked]) == [("quarantined", "waiting")]  # sent again
    assert main(["intake", "--database", hq.database]) == 0
    assert any(
        line.startswith(f"waiting\t{D3}\t1\t") for line in capsys.readouterr().out.split("\n")
    )
    written = DeskChain(D2).next("typical_case.written", case)
    assert send(hq, tokens[D2], D2, [written]) == [("stored", "")]
    assert store.waiting() == [] and store.quarantined() == []
    assert send(hq, tokens[D3], D3, [marked]) == [("duplicate", "")]
    assert store.count_applied()["typical_case"] == 1


@pytest.mark.parametrize(
    ("change", "fields", "reason"),
    [
        ({"state": "已飞走"}, {}, "payload.invalid"),
        ({"phone": "not a phone"}, {}, "payload.invalid"),
        ({"occurred_at": "yesterday"}, {}, "payload.invalid"),
        ({}, {"at": "9999-01-01T00:00:00.000000Z"}, "at.future"),
        ({"customer_name": "王\x00女士"}, {}, "text.nul"),
    ],
)
def test_nonsense_values_and_nul_are_quarantined_never_a_500(
    hq: LiveHQ,
    tokens: dict[str, str],
    store: HQStore,
    change: dict[str, Any],
    fields: dict[str, Any],
    reason: str,
) -> None:
    chain = DeskChain(D2)
    bad = chain.next(payload={**complaint_state(D2, 1), **change}, **fields)
    after = chain.next()
    assert send(hq, tokens[D2], D2, [bad, after]) == [("quarantined", reason), ("stored", "")]
    assert store.complaint(bad["payload"]["id"]) is None
    assert store.complaint(after["payload"]["id"]) is not None
    assert [q[1] for q in store.quarantined(D2)] == [reason]


def test_a_store_of_schema_5_knows_its_entities_owners_after_the_migration(
    database_url: str,
) -> None:
    """The intake rules' table is filled from what an older head office applied: a complaint,
    a refund and a generic entity keep their desk, so a desk of another hall or another desk
    still cannot change them after the upgrade."""
    from tests.hq.test_files_hq import make_store_at

    at = "'2026-11-22T02:00:00.000000Z'"
    event = (
        "INSERT INTO event (id, hall, desk, seq, type, schema, at, actor, payload, prev, hash,"
        " received_at, receipt_no) VALUES ('{id}', 'HA01', 'HA01-02', {seq}, '{type}', 1, " + at
        + ", '3001', '{{}}', '', 'h{seq}', " + at + ", {seq})"
    )  # fmt: skip
    complaint, refund = complaint_state(D2, 1), str(uuid.uuid4())
    make_store_at(
        database_url, 5,
        "INSERT INTO hall (code, name, created_at, last_receipt) VALUES ('HA01', 'x', " + at
        + ", 3)",
        "INSERT INTO desk (code, hall, token_hash, created_at) VALUES ('HA01-02', 'HA01', 't', "
        + at + ")",
        "INSERT INTO desk (code, hall, token_hash, created_at) VALUES ('HA01-00', 'HA01',"
        " 'head-office:HA01', " + at + ")",
        "INSERT INTO chain (desk) VALUES ('HA01-00')",
        event.format(id="e1", seq=1, type="complaint.created"),
        event.format(id="e2", seq=2, type="refund.proposed"),
        event.format(id="e3", seq=3, type="incident.opened"),
        "INSERT INTO complaint (id, number, hall, desk, phone, customer_name, tier, channel,"
        " main_class, sub_class, state, first_responder_no, first_responder_name, accepted_at,"
        " reply_due, regulator_due, important, media, escalated, repeat, amount, full_state,"
        f" source_event, source_desk, source_seq, updated_at) VALUES ('{complaint['id']}',"
        f" '{complaint['number']}', 'HA01', 'HA01-02', '1', 'x', 't', 'c', 'm', 's', '已受理',"
        f" '3001', 'x', {at}, {at}, {at}, 0, 0, 0, 0, NULL, '{{}}', 'e1', 'HA01-02', 1, {at})",
        "INSERT INTO refund (id, number, hall, desk, complaint_id, amount, state, full_state,"
        f" source_event, source_desk, source_seq, updated_at) VALUES ('{refund}', 'R1', 'HA01',"
        f" 'HA01-02', '{complaint['id']}', '350.00', '待审批', '{{}}', 'e2', 'HA01-02', 2, {at})",
        "INSERT INTO entity_state (kind, entity_id, full_state, source_event, source_desk,"
        f" source_seq, updated_at) VALUES ('incident', 'i1', '{{}}', 'e3', 'HA01-02', 3, {at})",
    )  # fmt: skip
    store = HQStore.open(database_url)
    try:
        store.add_hall("HB02", "解放路营业厅")
        store.add_desk("HA01-03")
        store.add_desk(OTHER)
        seed_staff(store)
        seed_staff(store, "HB02", "5001")
        rows = store._db.execute(
            "SELECT kind, entity_id, hall, desk, state, fixed, source_seq FROM intake_entity"
            " ORDER BY kind"
        ).fetchall()
        assert [(r[0], r[2], r[3], r[4], int(r[6])) for r in rows] == [
            ("complaint", "HA01", "HA01-02", "已受理", 1),
            ("incident", "HA01", "HA01-02", None, 3),
            ("refund", "HA01", "HA01-02", "待审批", 2),
        ]
        assert json.loads(rows[2][5]) == {"number": "R1", "amount": "350.00"}
        other = DeskChain(OTHER).next(
            payload={**complaint_state(OTHER, 1, complaint_id=complaint["id"])}, actor="5001"
        )
        from hall_desk.hq.store import DeskIdentity

        reply = store.upload(DeskIdentity(OTHER, "HB02", False), [other])
        assert reply.results[0].reason == "entity.other_hall"
        three = DeskChain("HA01-03").next(
            "refund.cancelled",
            refund_state({**complaint, "number": complaint["number"]}, refund, "已取消"),
        )
        reply = store.upload(DeskIdentity("HA01-03", "HA01", False), [three])
        assert reply.results[0].reason == "entity.not_owner"
    finally:
        store.close()
