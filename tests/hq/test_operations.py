"""Head-office decisions, staff re-publication and the downlink, on both stores (in process), and
over HTTP with operator and desk tokens (a real server)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.domain.envelope import envelope_problem, verify_chain
from hall_desk.hq.cli import main
from hall_desk.hq.store import DeskIdentity, HQStore, HQStoreError
from hall_desk.sync.protocol import (
    OPERATOR_TOKEN_PREFIX,
    parse_pull_reply,
    upload_request,
)
from tests.hq.acting import token_on_stdin
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff
from tests.hq.live import LiveHQ

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
D3 = DeskIdentity("HA01-03", "HA01", revoked=False)
OTHER = DeskIdentity("HB02-01", "HB02", revoked=False)


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_hall("HB02", "解放路营业厅")
    for desk in ("HA01-02", "HA01-03", "HB02-01"):
        store.add_desk(desk)
    store.add_operator("li.wei", role="leadership")  # decides any refund (issue 16)
    seed_staff(store)
    yield store
    store.close()


def staff_state(staff_no: str, name: str, *, staff_id: str = "s-1", active: bool = True) -> dict:
    return {
        "id": staff_id, "staff_no": staff_no, "name": name, "role": "营业员",
        "active": active, "password_hash": "pbkdf2$x", "changes": {},
    }  # fmt: skip


def pull_all(hq: HQStore, desk: DeskIdentity, page: int = 500) -> list[dict[str, Any]]:
    events, cursor, more = [], 0, True
    while more:
        reply = hq.pull(desk, cursor, page)
        parse_pull_reply(reply.to_json(), cursor)  # the desk's parser accepts every page
        events += reply.events
        cursor, more = reply.cursor, reply.more
    return [e for e in events if e["actor"] != SEED]


SEED = (
    "op:seed"  # head office's record of staff 3001 (tests.hq.envelopes.seed_staff): HA01-00 seq 1
)


def head_office(hq: HQStore, hall: str = "HA01") -> list[dict[str, Any]]:
    """Head office's own events for the hall, after the staff record the tests start from."""
    return [e for e in hq.events_of(f"{hall}-00") if e["actor"] != SEED]


# --- operators -----------------------------------------------------------------------------------


def test_operator_tokens_and_desk_tokens_are_distinct(hq: HQStore) -> None:
    token = hq.add_operator("zhao.min")
    assert token.startswith(OPERATOR_TOKEN_PREFIX)
    assert hq.operator_for_token(token).name == "zhao.min"  # type: ignore[union-attr]
    assert hq.desk_for_token(token) is None
    desk_token = hq.add_desk("HA01-04")
    assert hq.operator_for_token(desk_token) is None
    assert hq.operator_for_token(token + "x") is None
    with pytest.raises(HQStoreError) as error:
        hq.add_operator("zhao.min")
    assert error.value.code == "operator.exists"
    with pytest.raises(HQStoreError) as error:
        hq.add_operator("op:bad name")
    assert error.value.code == "operator.name"
    with pytest.raises(HQStoreError) as error:
        hq.operator("nobody")
    assert error.value.code == "operator.unknown"


def test_desk_number_00_is_reserved_for_head_office(hq: HQStore) -> None:
    with pytest.raises(HQStoreError) as error:
        hq.add_desk("HA01-00")
    assert error.value.code == "desk.reserved"
    with pytest.raises(HQStoreError):
        hq.revoke_desk("HA01-00")


# --- decisions -----------------------------------------------------------------------------------


def test_each_decision_is_an_event_on_the_halls_chain(hq: HQStore) -> None:
    op = hq.operator("li.wei")
    state = complaint_state("HA01-02", 1)
    hq.upload(D2, [DeskChain().next(payload=state)])
    replied = hq.reply_complaint(state["number"], "已核实，退还12.50元", op)
    assert replied["payload"] == {
        "id": state["id"], "number": state["number"], "reply": "已核实，退还12.50元",
        "replied_at": replied["at"], "operator": "li.wei",
    }  # fmt: skip
    assert hq.complaint_reply(state["id"])["reply"] == "已核实，退还12.50元"  # type: ignore[index]
    decided = hq.decide_refund("r-77", False, "超出退费时限", op, hall="HA01")
    assert decided["payload"]["approved"] is False
    assert hq.refund_decision("r-77")["known"] is False  # type: ignore[index]
    (policy,) = hq.set_policy({"version": 2, "regulator_days": 10}, op, hall="HA01")
    assert policy["payload"]["version"] == 2
    assert policy["payload"]["policy"]["regulator_days"] == 10
    assert hq.policy_version("HA01") == 2 and hq.policy_version("HB02") == 1
    chain = head_office(hq)
    assert [e["type"] for e in chain] == ["complaint.replied", "refund.decided", "policy.set"]
    assert [e["seq"] for e in chain] == [2, 3, 4]
    assert {e["actor"] for e in chain} == {"op:li.wei"}
    assert {e["desk"] for e in chain} == {"HA01-00"}
    assert all(envelope_problem(e) is None for e in chain)
    assert verify_chain(hq.events_of("HA01-00")).intact
    assert hq.chain_of("HA01-00").highest_seq == 4
    assert head_office(hq, "HB02") == []


def test_decisions_refuse_clearly(hq: HQStore) -> None:
    op = hq.operator("li.wei")
    cases = [
        (lambda: hq.reply_complaint("HA01-02-261122-9999", "答复", op), "complaint.unknown"),
        (lambda: hq.reply_complaint("x", "   ", op), "reply.empty"),
        (lambda: hq.decide_refund("r-1", True, "ok", op), "refund.hall_needed"),
        (lambda: hq.decide_refund("r-1", True, "ok", op, hall="HZ99"), "hall.missing"),
        (lambda: hq.set_policy({"version": 1}, op), "policy.version"),
        (lambda: hq.set_policy({"version": 3, "regulator_days": 0}, op), "policy.invalid"),
        (lambda: hq.set_policy({"version": 3}, op, hall="HZ99"), "hall.missing"),
        (lambda: hq.disable_staff("HA01", "3999", op), "staff.unknown"),
    ]
    for call, code in cases:
        with pytest.raises(HQStoreError) as error:
            call()
        assert error.value.code == code, error.value.message
    assert head_office(hq) == []


def test_a_refund_head_office_has_seen_is_known_and_its_hall_found(hq: HQStore) -> None:
    # A refund head office holds (issue 6: its refund table; see tests/hq/test_refunds_hq.py).
    from tests.hq.test_refunds_hq import refund_state

    chain, complaint = DeskChain("HA01-03"), complaint_state("HA01-03", 1)
    refund_id = "0b3f6c1e-9a2d-4c55-8e71-5d2c9a7b0009"
    proposed = refund_state(complaint, refund_id, "待审批", desk="HA01-03")
    sent = refund_state(complaint, refund_id, "待总部审批", desk="HA01-03")
    hq.upload(D3, [
        chain.next(payload=complaint), chain.next("refund.proposed", proposed),
        chain.next("refund.sent_to_head_office", sent),
    ])  # fmt: skip
    event = hq.decide_refund(refund_id, True, "同意", hq.operator("li.wei"))
    assert event["hall"] == "HA01"
    assert hq.refund_decision(refund_id)["known"] is True  # type: ignore[index]
    with pytest.raises(HQStoreError):
        hq.decide_refund(refund_id, True, "同意", hq.operator("li.wei"), hall="HB02")


def test_a_policy_without_hall_goes_to_every_hall_and_only_upwards(hq: HQStore) -> None:
    op = hq.operator("li.wei")
    events = hq.set_policy({"version": 5}, op)
    assert [(e["desk"], e["seq"]) for e in events] == [("HA01-00", 2), ("HB02-00", 1)]
    with pytest.raises(HQStoreError) as error:
        hq.set_policy({"version": 5}, op, hall="HA01")
    assert error.value.code == "policy.version"
    assert hq.policy("HA01")["version"] == 5  # type: ignore[index]


# --- staff ---------------------------------------------------------------------------------------


def test_staff_changes_are_republished_in_order_of_receipt(hq: HQStore) -> None:
    two, three = DeskChain("HA01-02"), DeskChain("HA01-03")
    created = two.next("staff.changed", staff_state("3009", "钱七", staff_id="id-2"))
    renamed_at_3 = three.next("staff.changed", staff_state("3009", "钱七七", staff_id="id-3"))
    renamed_at_2 = two.next("staff.changed", staff_state("3009", "钱小七", staff_id="id-2"))
    hq.upload(D2, [created])
    hq.upload(D3, [renamed_at_3])
    hq.upload(D2, [renamed_at_2])  # received last: wins, whatever the desks' clocks said
    chain = head_office(hq)
    assert [e["payload"]["name"] for e in chain] == ["钱七", "钱七七", "钱小七"]
    assert [e["actor"] for e in chain] == ["3001", "3001", "3001"]
    assert {e["payload"]["id"] for e in chain} == {"id-2"}  # one account per staff number
    assert chain[1]["payload"]["changes"] == {"name": ["钱七", "钱七七"]}
    assert set(chain[0]["payload"]) == set(staff_state("3009", "x"))  # the desk's shape
    assert verify_chain(hq.events_of("HA01-00")).intact
    assert hq.staff("HA01", "3009")["name"] == "钱小七"  # type: ignore[index]
    disabled = hq.disable_staff("HA01", "3009", hq.operator("li.wei"))
    assert disabled["actor"] == "op:li.wei" and disabled["payload"]["active"] is False
    assert disabled["payload"]["changes"] == {"active": [True, False]}
    assert disabled["payload"]["name"] == "钱小七"
    assert hq.staff("HA01", "3009")["active"] is False  # type: ignore[index]
    # A quarantined staff change is not re-published.
    hq.upload(D2, [two.next("staff.changed", {"id": "s9", "name": "无编号"})])
    assert len(head_office(hq)) == 4


# --- downlink ------------------------------------------------------------------------------------


def test_the_downlink_brings_the_halls_other_desks_and_head_office_never_ones_own(
    hq: HQStore,
) -> None:
    two, three, other = DeskChain("HA01-02"), DeskChain("HA01-03"), DeskChain("HB02-01")
    hq.upload(D2, two.complaints(3))
    hq.upload(D3, three.complaints(2))
    hq.upload(OTHER, other.complaints(2))
    state = two.events[0]["payload"]
    hq.reply_complaint(state["id"], "答复", hq.operator("li.wei"))
    hq.upload(D2, two.complaints(1))
    at_two = pull_all(hq, D2)
    at_three = pull_all(hq, D3)
    assert [(e["desk"], e["seq"]) for e in at_two] == [
        ("HA01-03", 1),
        ("HA01-03", 2),
        ("HA01-00", 2),
    ]
    assert [(e["desk"], e["seq"]) for e in at_three] == [
        ("HA01-02", 1), ("HA01-02", 2), ("HA01-02", 3), ("HA01-00", 2), ("HA01-02", 4),
    ]  # fmt: skip
    assert at_three[0] == two.events[0]  # byte for byte: the hash still holds
    assert [e["desk"] for e in pull_all(hq, OTHER)] == []
    assert all(e["hall"] == "HA01" for e in at_two + at_three)


def test_pull_pages_and_cursor(hq: HQStore) -> None:
    three = DeskChain("HA01-03")
    for _ in range(3):
        hq.upload(D3, three.complaints(250))
    after_seed = hq.pull(D2, 0, 1).cursor  # head office's record of staff 3001
    first = hq.pull(D2, after_seed, 300)
    assert len(first.events) == 300 and first.more
    second = hq.pull(D2, first.cursor, 300)
    assert [e["seq"] for e in second.events] == list(range(301, 601))
    third = hq.pull(D2, second.cursor, 300)
    assert len(third.events) == 150 and not third.more
    assert hq.pull(D2, third.cursor).events == []
    assert hq.pull(D2, third.cursor).cursor == third.cursor
    # Own events move the cursor without coming down, so they are not scanned again.
    two = DeskChain("HA01-02")
    hq.upload(D2, two.complaints(5))
    idle = hq.pull(D2, third.cursor)
    assert idle.events == [] and idle.cursor == third.cursor + 5 and not idle.more
    assert [e["seq"] for e in hq.pull(D3, third.cursor).events] == [1, 2, 3, 4, 5]
    assert hq.pull(D2, 0, 1).events[0]["actor"] == SEED


def test_pull_10000_events_in_pages_of_500(hq: HQStore) -> None:
    """Every event comes down once, in order (how fast: benchmarks/bench_hq_store.py)."""
    three = DeskChain("HA01-03")
    for _ in range(20):
        hq.upload(D3, three.complaints(500))
    events = pull_all(hq, D2)
    assert len(events) == 10_000 and [e["seq"] for e in events] == list(range(1, 10_001))


def test_two_desks_uploading_at_once_stay_whole(database_url: str, hq: HQStore) -> None:
    """Two stores (two connections, as two server processes would be) write the same hall at
    once: every event once, receipts without holes, both chains intact, and a staff account both
    change ends in the state of the later receipt."""
    stores = [HQStore.open(database_url), HQStore.open(database_url)]
    chains = [DeskChain("HA01-02"), DeskChain("HA01-03")]
    batches = [
        [[*c.complaints(40), c.next("staff.changed", staff_state("3009", f"{c.desk}-{n}"))]
         for n in range(5)]
        for c in chains
    ]  # fmt: skip
    errors: list[BaseException] = []

    def run(store: HQStore, desk: DeskIdentity, work: list[list[dict]]) -> None:
        try:
            for batch in work:
                assert {r.outcome.value for r in store.upload(desk, batch).results} == {"stored"}
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(stores[i], desk, batches[i]))
        for i, desk in enumerate((D2, D3))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for store in stores:
        store.close()
    assert not errors, errors
    for desk in ("HA01-02", "HA01-03"):
        assert len(hq.events_of(desk)) == 205 and verify_chain(hq.events_of(desk)).intact
    every = pull_all(hq, OTHER) + pull_all(hq, DeskIdentity("HA01-09", "HA01", False))
    assert len(every) == 410 + 10
    republished = head_office(hq)
    assert len(republished) == 10 and verify_chain(hq.events_of("HA01-00")).intact
    last_staff_change = [
        e for e in every if e["type"] == "staff.changed" and e["desk"] != "HA01-00"
    ][-1]
    assert hq.staff("HA01", "3009")["name"] == last_staff_change["payload"]["name"]  # type: ignore[index]


# --- over HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def served(live_hq: LiveHQ) -> dict[str, str]:
    live_hq.add_hall("HA01", "人民路营业厅")
    live_hq.add_hall("HB02", "解放路营业厅")
    live_hq.seed_staff()
    return {
        "HA01-02": live_hq.add_desk("HA01-02"),
        "HA01-03": live_hq.add_desk("HA01-03"),
        "HB02-01": live_hq.add_desk("HB02-01"),
        "op": live_hq.add_operator("li.wei", role="leadership"),
    }


def test_operator_api_and_downlink_over_http(live_hq: LiveHQ, served: dict[str, str]) -> None:
    url, auth = live_hq.url, live_hq.auth
    state = complaint_state("HA01-02", 1)
    chain = DeskChain("HA01-02")
    body = upload_request("HA01-02", [chain.next(payload=state)])
    assert httpx.post(url + "/v1/events", json=body, headers=auth(served["HA01-02"])).is_success
    # Each token only where it belongs.
    reply = {"text": "已核实，予以退费"}
    path = f"/v1/ops/complaints/{state['id']}/reply"
    refused = httpx.post(url + path, json=reply, headers=auth(served["HA01-02"]))
    assert (refused.status_code, refused.json()["error"]) == (403, "auth.wrong_kind")
    refused = httpx.get(url + "/v1/events", headers=auth(served["op"]))
    assert (refused.status_code, refused.json()["error"]) == (403, "auth.wrong_kind")
    assert httpx.post(url + path, json=reply).status_code == 401
    missing = httpx.post(
        url + "/v1/ops/complaints/nope/reply", json=reply, headers=auth(served["op"])
    )
    assert (missing.status_code, missing.json()["error"]) == (404, "complaint.unknown")
    ops = {
        path: reply,
        "/v1/ops/refunds/r-1/decision": {"approve": True, "reason": "同意", "hall": "HA01"},
        "/v1/ops/halls/HA01/policy": {"version": 2, "regulator_days": 12},
    }
    for ops_path, ops_body in ops.items():
        done = httpx.post(url + ops_path, json=ops_body, headers=auth(served["op"]))
        assert done.status_code == 200, done.text
        assert done.json()["events"][0]["actor"] == "op:li.wei"
    again = httpx.post(
        url + "/v1/ops/halls/HA01/policy", json={"version": 2}, headers=auth(served["op"])
    )
    assert (again.status_code, again.json()["error"]) == (409, "policy.version")
    staff = upload_request("HA01-02", [chain.next("staff.changed", staff_state("3009", "钱七"))])
    assert httpx.post(url + "/v1/events", json=staff, headers=auth(served["HA01-02"])).is_success
    disabled = httpx.post(url + "/v1/ops/halls/HA01/staff/3009/disable", headers=auth(served["op"]))
    assert disabled.status_code == 200, disabled.text
    # Every desk of the hall sees head office's chain; another hall does not.
    for desk in ("HA01-02", "HA01-03"):
        page = httpx.get(url + "/v1/events?after=0&limit=500", headers=auth(served[desk])).json()
        parse_pull_reply(page, 0)
        mine = [e for e in page["events"] if e["desk"] == "HA01-00" and e["actor"] != SEED]
        assert [e["type"] for e in mine] == [
            "complaint.replied", "refund.decided", "policy.set", "staff.changed", "staff.changed",
        ]  # fmt: skip
        assert verify_chain([e for e in page["events"] if e["desk"] == "HA01-00"]).intact
        assert all(e["desk"] != desk for e in page["events"])
    assert httpx.get(url + "/v1/events", headers=auth(served["HB02-01"])).json()["events"] == []
    bad = httpx.get(url + "/v1/events?limit=501", headers=auth(served["HA01-02"]))
    assert (bad.status_code, bad.json()["error"]) == (400, "request.invalid")


# --- the commands --------------------------------------------------------------------------------


def test_operator_commands(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*argv: str, token: str = "") -> tuple[int, str, str]:
        with token_on_stdin(token):  # acting commands read the operator's token there
            code = main([*argv, "--database", database_url])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("add-hall", "HA01", "--name", "人民路营业厅")[0] == 0
    code, out, err = run("add-desk", "HA01-00")
    assert code == 1 and "00" in err
    run("add-desk", "HA01-02")
    code, out, err = run("add-operator", "li.wei", "--role", "leadership")
    assert code == 0 and out.strip().startswith(OPERATOR_TOKEN_PREFIX) and out.strip() not in err
    op = out.strip()
    store = HQStore.open(database_url)
    seed_staff(store)
    state = complaint_state("HA01-02", 1)
    store.upload(D2, [DeskChain().next(payload=state)])
    store.close()
    code, out, err = run("reply", state["number"], "--text", "答复", token=op)
    assert code == 0 and out.startswith("HA01-00\t2\tcomplaint.replied\t")
    code, out, err = run("reply", "nope", "--text", "答复", token=op)
    assert code == 1 and "nope" in err
    code, _, err = run("reply", state["number"], "--text", "答复", token="hdop1_ghost")
    assert code == 1 and "not a head-office operator" in err
    code, out, _ = run(
        "decide-refund", "r-1", "--refuse", "--reason", "超时", "--hall", "HA01", token=op
    )
    assert code == 0 and "refund.decided" in out
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"version": 2, "regulator_days": 10}), encoding="utf-8")
    code, out, _ = run("set-policy", str(policy), token=op)
    assert code == 0 and "policy.set" in out
    code, _, err = run("set-policy", str(policy), "--hall", "HA01", token=op)
    assert code == 1 and "version" in err
    policy.write_text(json.dumps({"version": 3, "regulator_days": 99}), encoding="utf-8")
    code, _, err = run("set-policy", str(policy), token=op)
    assert code == 1 and "not valid" in err
    code, _, err = run("disable-staff", "HA01", "3999", token=op)
    assert code == 1 and "3999" in err
    store = HQStore.open(database_url)
    try:
        assert verify_chain(store.events_of("HA01-00")).intact
        assert len(store.events_of("HA01-00")) == 4
    finally:
        store.close()
