"""The refund loop at head office (issue 16), on both stores: decisions by level on the whole
complaint's counted total, a director's recommendation and the decision chain, the 待执行 queue,
executions recorded (executed / failed / cancelled) with every check, a desk's cancellation refused
after execution, the CSV import, two operators at once, cancel racing execution, and a head office
killed while it records an execution."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.domain.refunds import ExecutionState
from hall_desk.hq.store import DeskIdentity, HQStore, HQStoreError, OperatorIdentity
from hall_desk.sync.protocol import upload_request
from tests.hq.acting import hq_process
from tests.hq.envelopes import DeskChain, complaint_state, refund_state, seed_staff
from tests.hq.live import REPO, LiveHQ

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
ACCOUNT, CARD = "话费账户返还", "充值卡返还"
PAID_AT = "2026-11-22T10:30:00+08:00"  # the store's clock is the real one: a past time
OPERATORS = {  # login → (display name, role)
    "wang.wu": ("王五", "operator"),
    "li.na": ("李娜", "operator"),
    "zhou.min": ("周敏", "director"),
    "wu.bo": ("吴波", "department_head"),
    "qian.li": ("钱丽", "leadership"),
    "sun.qi": ("孙琪", "auditor"),
}


class Hall:
    """Desk HA01-02's refunds as head office receives them."""

    def __init__(self, store: HQStore) -> None:
        self.store = store
        self.chain = DeskChain()
        self.n = 0
        self.complaints: dict[int, dict[str, Any]] = {}

    def complaint(self) -> dict[str, Any]:
        state = complaint_state("HA01-02", len(self.complaints) + 1)
        self.complaints[len(self.complaints) + 1] = state
        self.upload([self.chain.next(payload=state)])
        return state

    def upload(self, events: list[dict[str, Any]]) -> list[tuple[str, str]]:
        reply = self.store.upload(D2, events)
        return [(r.outcome.value, r.reason) for r in reply.results]

    def refund(
        self,
        complaint: dict[str, Any],
        amount: str,
        *,
        to: str = "待总部审批",
        method: str = ACCOUNT,
    ) -> dict[str, Any]:
        """Proposed, then sent to head office (待总部审批) or approved at the hall (已批准)."""
        self.n += 1
        rid, number = str(uuid.uuid4()), f"HA01-02-R261122-{self.n:04d}"
        extra = {"method_reason": "客户要求"} if method == CARD else {}
        kw = {"number": number, "amount": amount, "method": method, **extra}
        step = "refund.sent_to_head_office" if to == "待总部审批" else "refund.approved"
        outcomes = self.upload([
            self.chain.next("refund.proposed", refund_state(complaint, rid, "待审批", **kw)),
            self.chain.next(step, refund_state(complaint, rid, to, **kw)),
        ])  # fmt: skip
        assert outcomes == [("stored", "")] * 2
        return {"id": rid, "number": number, "amount": amount, "complaint": complaint, **kw}

    def cancel(self, refund: dict[str, Any]) -> list[tuple[str, str]]:
        kw = {k: refund[k] for k in ("number", "amount", "method")}
        state = refund_state(refund["complaint"], refund["id"], "已取消", **kw)
        return self.upload([self.chain.next("refund.cancelled", state)])


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    seed_staff(store)
    for login, (name, role) in OPERATORS.items():
        store.add_operator(login, display_name=name, role=role)
    yield store
    store.close()


@pytest.fixture
def hall(hq: HQStore) -> Hall:
    return Hall(hq)


def op(hq: HQStore, login: str) -> OperatorIdentity:
    return hq.operator(login)


def refused(call: Any, *args: Any, **kwargs: Any) -> HQStoreError:
    with pytest.raises(HQStoreError) as caught:
        call(*args, **kwargs)
    return caught.value


def chain_types(hq: HQStore) -> list[str]:
    return [e["type"] for e in hq.events_of("HA01-00") if e["actor"] != "op:seed"]


# -- decisions by level ---------------------------------------------------------------------------


def test_a_director_decides_450_and_the_event_names_who_and_on_what_total(
    hq: HQStore, hall: Hall
) -> None:
    refund = hall.refund(hall.complaint(), "450.00")
    event = hq.decide_refund(refund["number"], True, "核实无误", op(hq, "zhou.min"))
    payload = event["payload"]
    assert (payload["operator"], payload["operator_name"], payload["role"]) == (
        "zhou.min",
        "周敏",
        "director",
    )
    assert payload["complaint_total"] == "450.00" and "recommended_by" not in payload
    assert hq.refund(refund["id"])["state"] == "总部已批准"  # type: ignore[index]


def test_800_is_refused_to_a_director_recommended_and_decided_higher(
    hq: HQStore, hall: Hall
) -> None:
    refund = hall.refund(hall.complaint(), "800.00")
    error = refused(hq.decide_refund, refund["id"], True, "同意", op(hq, "zhou.min"))
    assert error.code == "refund.over_level"
    assert "800.00" in error.message and "500.00" in error.message
    assert "department_head" in error.message and "周敏" in error.message
    for who, code in (("wang.wu", "refund.not_decider"), ("sun.qi", "refund.not_decider")):
        assert refused(hq.decide_refund, refund["id"], True, "同意", op(hq, who)).code == code
    # Only a director recommends, and only above the director's level.
    assert refused(hq.recommend_refund, refund["id"], True, "建议", op(hq, "wu.bo")).code == (
        "refund.not_recommender"
    )
    recommended = hq.recommend_refund(refund["number"], True, "建议同意", op(hq, "zhou.min"))
    assert recommended["type"] == "refund.recommended"
    assert {k: v for k, v in recommended["payload"].items() if k != "recommended_at"} == {
        "id": refund["id"], "number": refund["number"], "recommended_by": "zhou.min",
        "recommended_by_name": "周敏", "note": "建议同意", "recommend": True,
    }  # fmt: skip
    assert hq.refund(refund["id"])["state"] == "待总部审批"  # type: ignore[index]
    assert refused(hq.decide_refund, refund["id"], True, "同意", op(hq, "zhou.min")).code == (
        "refund.over_level"
    )
    decided = hq.decide_refund(refund["id"], True, "同意主任建议", op(hq, "wu.bo"))["payload"]
    assert (decided["operator_name"], decided["role"], decided["complaint_total"]) == (
        "吴波",
        "department_head",
        "800.00",
    )
    assert (decided["recommended_by"], decided["recommended_by_name"]) == ("zhou.min", "周敏")
    assert decided["recommended_at"] == recommended["payload"]["recommended_at"]
    # The recommender, even with leadership's role now, does not decide what they recommended.
    hq.add_operator("zhou.min", role="leadership", new_token_for_existing=True)
    error = refused(hq.decide_refund, refund["id"], False, "改判", op(hq, "zhou.min"))
    assert error.code == "refund.recommender_decides"
    assert chain_types(hq) == ["refund.recommended", "refund.decided"]


def test_within_the_directors_level_there_is_nothing_to_recommend(hq: HQStore, hall: Hall) -> None:
    refund = hall.refund(hall.complaint(), "500.00")
    error = refused(hq.recommend_refund, refund["id"], True, "建议", op(hq, "zhou.min"))
    assert error.code == "refund.within_level"
    hq.decide_refund(refund["id"], True, "同意", op(hq, "zhou.min"))
    error = refused(hq.recommend_refund, refund["id"], True, "建议", op(hq, "zhou.min"))
    assert error.code == "refund.not_awaiting"


def test_the_whole_complaint_counts_a_second_refund_crossing_a_level_goes_higher(
    hq: HQStore, hall: Hall
) -> None:
    complaint = hall.complaint()
    first = hall.refund(complaint, "400.00")
    hq.decide_refund(first["id"], True, "同意", op(hq, "zhou.min"))
    second = hall.refund(complaint, "200.00")
    error = refused(hq.decide_refund, second["id"], True, "同意", op(hq, "zhou.min"))
    assert error.code == "refund.over_level" and "600.00" in error.message
    event = hq.decide_refund(second["id"], True, "同意", op(hq, "wu.bo"))
    assert event["payload"]["complaint_total"] == "600.00"
    # Head office changing its mind counts the refund again: refused, then approved.
    hq.decide_refund(second["id"], False, "复核：不予退费", op(hq, "wu.bo"))
    error = refused(hq.decide_refund, second["id"], True, "再次复核", op(hq, "zhou.min"))
    assert error.code == "refund.over_level" and "600.00" in error.message
    # Another complaint's refunds do not count: 200 alone is the director's.
    other = hall.refund(hall.complaint(), "200.00")
    hq.decide_refund(other["id"], True, "同意", op(hq, "zhou.min"))


def test_levels_follow_the_halls_policy(hq: HQStore, hall: Hall) -> None:
    hq.set_policy({"version": 2, "hq_levels": {"director": "900"}}, op(hq, "wang.wu"))
    refund = hall.refund(hall.complaint(), "800.00")
    assert hq.decide_refund(refund["id"], True, "同意", op(hq, "zhou.min"))["payload"]["role"] == (
        "director"
    )
    error = refused(hq.set_policy, {"version": 3}, op(hq, "sun.qi"))
    assert error.code == "operator.read_only"  # an auditor acts on nothing


# -- execution ----------------------------------------------------------------------------------


def test_the_queue_and_executions_with_every_check(hq: HQStore, hall: Hall) -> None:
    complaint = hall.complaint()
    big = hall.refund(complaint, "450.00")
    hq.decide_refund(big["id"], True, "同意", op(hq, "zhou.min"))
    small = hall.refund(hall.complaint(), "80.00", to="已批准")  # approved at the hall
    card = hall.refund(hall.complaint(), "50.00", to="已批准", method=CARD)  # handed over
    assert hall.refund(hall.complaint(), "350.00")  # still waiting for a decision: not queued
    queue = hq.execution_queue("HA01")
    assert [(q.number, q.execution, q.decided_by) for q in queue] == [
        (big["number"], "待执行", "zhou.min"),
        (small["number"], "待执行", ""),
    ]
    assert card["number"] not in {q.number for q in hq.execution_queue()}
    # The decider does not record the execution of what they decided.
    error = refused(hq.record_execution, big["id"], "B-1", "450.00", PAID_AT, op(hq, "zhou.min"))
    assert error.code == "refund.not_executor"  # a director records nothing at all
    hq.add_operator("zhou.min", role="operator", new_token_for_existing=True)
    error = refused(hq.record_execution, big["id"], "B-1", "450.00", PAID_AT, op(hq, "zhou.min"))
    assert error.code == "refund.decider_executes"
    executed = hq.record_execution(big["number"], "B-1", "450.00", PAID_AT, op(hq, "wang.wu"))
    assert executed["type"] == "refund.executed" and executed["desk"] == "HA01-00"
    assert {k: v for k, v in executed["payload"].items()} == {
        "id": big["id"], "number": big["number"], "billing_reference": "B-1",
        "amount": "450.00", "executed_at": "2026-11-22T02:30:00.000000Z",
        "recorded_by": "wang.wu", "recorded_by_name": "王五",
    }  # fmt: skip
    # A second operator recording it is told who did.
    error = refused(hq.record_execution, big["id"], "B-2", "450.00", PAID_AT, op(hq, "li.na"))
    assert error.code == "refund.already_executed"
    assert "王五 (wang.wu)" in error.message
    assert refused(hq.record_failure, big["id"], "失败", op(hq, "li.na")).code == (
        "refund.already_executed"
    )
    # The reference is accepted once; a card refund is never executed.
    error = refused(hq.record_execution, small["id"], "B-1", "80.00", PAID_AT, op(hq, "li.na"))
    assert error.code == "refund.reference_taken" and big["number"] in error.message
    error = refused(hq.record_execution, card["id"], "B-9", "50.00", PAID_AT, op(hq, "li.na"))
    assert error.code == "refund.not_executable"
    # Another amount than the approved one is recorded as a failure.
    failed = hq.record_execution(small["id"], "B-3", "79.00", PAID_AT, op(hq, "li.na"))
    assert failed["type"] == "refund.execution_failed"
    assert "79.00" in failed["payload"]["reason"] and "80.00" in failed["payload"]["reason"]
    assert [(q.number, q.execution) for q in hq.execution_queue()] == [
        (small["number"], "执行失败")
    ]
    retried = hq.record_execution(small["id"], "B-3", "80.00", PAID_AT, op(hq, "li.na"))
    assert retried["type"] == "refund.executed"  # B-3 was not taken by the failure
    assert hq.execution_queue() == []
    held = hq.refund_execution(small["id"])
    assert held is not None and (held["state"], held["failures"]) == ("已到账", 1)
    assert held["event_id"] == retried["id"]
    for bad, code in (
        (("B-4", "80", "2026-11-22T10:30:00"), "refund.time_invalid"),  # no offset
        (("B-4", "80", "2999-01-01T00:00:00Z"), "refund.time_invalid"),
        (("B-4", "-80", PAID_AT), "refund.amount_invalid"),
        (("", "80", PAID_AT), "refund.reference_required"),
    ):
        assert refused(hq.record_execution, small["id"], *bad, op(hq, "li.na")).code == code
    assert chain_types(hq) == [
        "refund.decided", "refund.executed", "refund.execution_failed", "refund.executed",
    ]  # fmt: skip


def test_a_failed_execution_retried_or_cancelled_and_then_it_no_longer_counts(
    hq: HQStore, hall: Hall
) -> None:
    complaint = hall.complaint()
    first = hall.refund(complaint, "450.00")
    hq.decide_refund(first["id"], True, "同意", op(hq, "zhou.min"))
    error = refused(hq.cancel_execution, first["id"], "放弃", op(hq, "wang.wu"))
    assert error.code == "refund.not_failed"  # only a failure is cancelled
    hq.record_failure(first["id"], "账户状态异常", op(hq, "wang.wu"))
    # A failed refund still counts: 450 + 100 > 500.
    second = hall.refund(complaint, "100.00")
    assert refused(hq.decide_refund, second["id"], True, "同意", op(hq, "zhou.min")).code == (
        "refund.over_level"
    )
    cancelled = hq.cancel_execution(first["number"], "客户改为到厅领取充值卡", op(hq, "li.na"))
    assert cancelled["type"] == "refund.execution_cancelled"
    assert cancelled["payload"]["reason"] == "客户改为到厅领取充值卡"
    assert cancelled["payload"]["recorded_by_name"] == "李娜"
    assert hq.execution_queue() == []
    event = hq.decide_refund(second["id"], True, "同意", op(hq, "zhou.min"))
    assert event["payload"]["complaint_total"] == "100.00"
    error = refused(hq.record_execution, first["id"], "B-7", "450.00", PAID_AT, op(hq, "wang.wu"))
    assert error.code == "refund.execution_cancelled" and "李娜" in error.message


def test_a_desk_cancellation_after_execution_is_refused_and_before_it_wins(
    hq: HQStore, hall: Hall
) -> None:
    # The desk cancels a refund it holds as 待总部审批; head office had approved and executed it.
    executed = hall.refund(hall.complaint(), "450.00")
    hq.decide_refund(executed["id"], True, "同意", op(hq, "zhou.min"))
    hq.record_execution(executed["id"], "B-1", "450.00", PAID_AT, op(hq, "wang.wu"))
    assert hall.cancel(executed) == [("quarantined", "refund.already_executed")]
    assert hq.refund(executed["id"])["state"] == "总部已批准"  # type: ignore[index]
    assert hq.refund_execution(executed["id"])["state"] == "已到账"  # type: ignore[index]
    # Approved but not executed yet: the cancellation applies and the refund leaves the queue.
    waiting = hall.refund(hall.complaint(), "300.50")
    hq.decide_refund(waiting["id"], True, "同意", op(hq, "zhou.min"))
    assert hall.cancel(waiting) == [("stored", "")]
    assert hq.execution_queue() == []
    error = refused(hq.record_execution, waiting["id"], "B-2", "300.50", PAID_AT, op(hq, "wang.wu"))
    assert error.code == "refund.not_executable" and "已取消" in error.message


# -- the command line (real processes) ------------------------------------------------------------


def token(hq: HQStore, login: str) -> str:
    return hq.add_operator(login, new_token_for_existing=True)


def test_import_executions_reports_every_line(
    hq: HQStore, hall: Hall, database_url: str, tmp_path: Path
) -> None:
    refunds = [hall.refund(hall.complaint(), amount, to="已批准") for amount in ("80.00", "60.00")]
    big = hall.refund(hall.complaint(), "450.00")
    hq.decide_refund(big["id"], True, "同意", op(hq, "zhou.min"))
    csv = tmp_path / "billing.csv"
    csv.write_text(
        "number,reference,amount,time\n"
        f"{refunds[0]['number']},B-100,80.00,2026-11-22T10:00:00+08:00\n"
        f"{refunds[1]['number']},B-100,60.00,2026-11-22T10:01:00+08:00\n"  # duplicate reference
        f"{big['number']},B-101,405.00,2026-11-22T10:02:00+08:00\n"  # wrong amount
        "HA01-02-R261122-9999,B-102,10.00,2026-11-22T10:03:00+08:00\n"  # unknown
        f"{refunds[1]['number']},B-103,60.00\n",  # a field missing
        encoding="utf-8",
    )
    result = hq_process(database_url, token(hq, "wang.wu"), "import-executions", str(csv))
    assert result.returncode == 1, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[0] == ["line", "number", "outcome", "code", "detail"]
    report = {int(row[0]): row[1:] for row in lines[1:]}
    assert [(n, r[1], r[2]) for n, r in sorted(report.items())] == [
        (2, "executed", "-"),
        (3, "refused", "refund.reference_taken"),
        (4, "failed", "refund.amount_differs"),
        (5, "refused", "refund.unknown"),
        (6, "refused", "import.line_invalid"),
    ]
    assert refunds[0]["number"] in report[3][3]  # which refund took the reference
    assert "405.00" in report[4][3] and "450.00" in report[4][3]
    assert "1 of 5 lines recorded as executed" in result.stderr
    assert hq.refund_execution(refunds[0]["id"])["billing_reference"] == "B-100"  # type: ignore[index]
    assert hq.refund_execution(big["id"])["state"] == "执行失败"  # type: ignore[index]
    assert hq.refund_execution(refunds[1]["id"]) is None
    # The queue, as the operator lists it.
    listed = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", "execution-queue", "--database", database_url],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    rows = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert [(r[1], r[4]) for r in rows] == [
        (refunds[1]["number"], "待执行"),
        (big["number"], "执行失败"),
    ]


def test_two_operators_recording_at_once_one_succeeds_the_other_is_told_who(
    hq: HQStore, hall: Hall, database_url: str
) -> None:
    refund = hall.refund(hall.complaint(), "80.00", to="已批准")
    tokens = {login: token(hq, login) for login in ("wang.wu", "li.na")}
    argv = ["execute-refund", refund["number"], "--amount", "80.00", "--at", PAID_AT]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = {
        login: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hall_desk.hq.cli",
                *argv,
                "--reference",
                f"B-{login}",
                "--database",
                database_url,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        for login in tokens
    }
    results = {
        login: process.communicate(tokens[login] + "\n", timeout=60)
        for login, process in processes.items()
    }
    codes = {login: processes[login].returncode for login in tokens}
    assert sorted(codes.values()) == [0, 1], results
    winner = next(login for login, code in codes.items() if code == 0)
    loser = next(login for login in tokens if login != winner)
    assert f"already recorded as executed by {OPERATORS[winner][0]} ({winner})" in results[loser][1]
    held = hq.refund_execution(refund["id"])
    assert held is not None and held["recorded_by"] == winner
    assert chain_types(hq).count("refund.executed") == 1


def test_head_office_killed_while_it_records_an_execution_leaves_both_or_neither(
    hq: HQStore, hall: Hall, database_url: str
) -> None:
    refund = hall.refund(hall.complaint(), "80.00", to="已批准")
    argv = ["execute-refund", refund["id"], "--reference", "B-1", "--amount", "80", "--at", PAID_AT]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HALL_DESK_FAULT": "hq-execution-mid"}
    killed = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", *argv, "--database", database_url],
        input=token(hq, "wang.wu") + "\n", capture_output=True, text=True, timeout=60,
        cwd=REPO, env=env,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    assert hq.refund_execution(refund["id"]) is None  # neither the row …
    assert "refund.executed" not in chain_types(hq)  # … nor the event
    assert [q.number for q in hq.execution_queue()] == [refund["number"]]
    again = hq_process(database_url, token(hq, "wang.wu"), *argv)
    assert again.returncode == 0, again.stderr
    held = hq.refund_execution(refund["id"])
    executed = [e for e in hq.events_of("HA01-00") if e["type"] == "refund.executed"]
    assert held is not None and [e["id"] for e in executed] == [held["event_id"]]


def test_killed_in_the_middle_of_an_import_every_line_has_its_event_and_row_or_neither(
    hq: HQStore, hall: Hall, database_url: str, tmp_path: Path
) -> None:
    complaint = hall.complaint()
    refunds = [hall.refund(complaint, f"{n}.00", to="已批准") for n in range(1, 41)]
    csv = tmp_path / "billing.csv"
    csv.write_text(
        "".join(f"{r['number']},B-{i},{r['amount']},{PAID_AT}\n" for i, r in enumerate(refunds)),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "hall_desk.hq.cli", "import-executions", str(csv),
         "--database", database_url],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(token(hq, "wang.wu") + "\n")
    process.stdin.close()
    done = threading.Event()

    def recorded() -> int:
        return sum(1 for r in refunds if hq.refund_execution(r["id"]) is not None)

    while process.poll() is None and recorded() < 5:
        done.wait(0.02)
    process.kill()
    process.wait(timeout=30)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    process.stderr.close()
    events = {
        e["payload"]["id"]: e for e in hq.events_of("HA01-00") if e["type"] == "refund.executed"
    }
    rows = {r["id"]: hq.refund_execution(r["id"]) for r in refunds}
    for refund in refunds:  # both or neither, for every line
        row = rows[refund["id"]]
        assert (row is None) == (refund["id"] not in events)
        if row is not None:
            assert row["event_id"] == events[refund["id"]]["id"]
    # Imported again: what was recorded is refused as such, the rest is recorded.
    again = hq_process(database_url, token(hq, "li.na"), "import-executions", str(csv))
    outcomes = [line.split("\t")[2] for line in again.stdout.splitlines()[1:]]
    assert outcomes.count("executed") == 40 - len(events)
    assert outcomes.count("refused") == len(events)
    assert hq.execution_queue() == []


# -- cancel racing execution, over HTTP against a real head office ---------------------------------


def test_cancel_racing_execution_one_of_them_wins_never_both(live_hq: LiveHQ) -> None:
    live_hq.add_hall("HA01", "人民路营业厅")
    desk_token = live_hq.add_desk("HA01-02")
    store = live_hq.store()
    try:
        seed_staff(store)
        for login in ("zhou.min", "wang.wu"):
            name, role = OPERATORS[login]
            store.add_operator(login, display_name=name, role=role)
        hall = Hall(store)
        refunds = [hall.refund(hall.complaint(), "450.00") for _ in range(4)]
        for refund in refunds:
            store.decide_refund(refund["id"], True, "同意", store.operator("zhou.min"))
        operator = store.add_operator("wang.wu", new_token_for_existing=True)
    finally:
        store.close()
    for index, refund in enumerate(refunds):
        kw = {k: refund[k] for k in ("number", "amount", "method")}
        state = refund_state(refund["complaint"], refund["id"], "已取消", **kw)
        body = upload_request("HA01-02", [hall.chain.next("refund.cancelled", state)])
        replies: dict[str, Any] = {}

        def cancel(body: dict[str, Any] = body, replies: dict[str, Any] = replies) -> None:
            replies["desk"] = httpx.post(
                live_hq.url + "/v1/events", json=body, headers=live_hq.auth(desk_token), timeout=30
            ).json()

        canceller = threading.Thread(target=cancel)
        canceller.start()
        executed = hq_process(
            live_hq.database, operator, "execute-refund", refund["number"],
            "--reference", f"B-{index}", "--amount", "450.00", "--at", PAID_AT,
        )  # fmt: skip
        canceller.join(timeout=60)
        outcome = replies["desk"]["results"][0]
        store = live_hq.store()
        try:
            held = store.refund(refund["id"])
            execution = store.refund_execution(refund["id"])
        finally:
            store.close()
        assert held is not None
        if executed.returncode == 0:  # executed first: the cancellation is refused
            assert (outcome["outcome"], outcome["reason"]) == (
                "quarantined",
                "refund.already_executed",
            )
            assert held["state"] == "总部已批准" and execution is not None
            assert execution["state"] == ExecutionState.EXECUTED.value
        else:  # cancelled first: nothing is executed
            assert outcome["outcome"] == "stored", outcome
            assert "refund.not_executable" in executed.stderr or "已取消" in executed.stderr
            assert held["state"] == "已取消" and execution is None


# -- schema and command line ----------------------------------------------------------------------


def test_operators_of_schema_8_become_operators_and_decisions_keep_their_rows(
    database_url: str,
) -> None:
    from hall_desk.hq.store import LATEST_VERSION
    from tests.hq.test_files_hq import make_store_at

    make_store_at(
        database_url,
        8,
        "INSERT INTO hall (code, name, created_at) VALUES"
        " ('HA01', '人民路营业厅', '2026-11-22T02:00:00.000000Z')",
        "INSERT INTO operator (name, token_hash, created_at, display_name) VALUES"
        " ('zhou.min', 'a-hash', '2026-11-22T02:00:00.000000Z', '周敏')",
    )
    store = HQStore.open(database_url)
    try:
        assert store.schema_version() == LATEST_VERSION >= 10  # issue 17 adds step 11
        [row] = store.operators()
        assert (row.login, row.display_name, row.role) == ("zhou.min", "周敏", "operator")
        assert store.execution_queue() == []
    finally:
        store.close()


def test_the_cli_help_says_where_the_token_comes_from(capsys: pytest.CaptureFixture[str]) -> None:
    from hall_desk.hq.cli import ACTING_COMMANDS, main

    for command in ACTING_COMMANDS:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert "read on standard input" in shown and "--operator" not in shown, command
    with pytest.raises(SystemExit):
        main(["add-operator", "--help"])
    shown = capsys.readouterr().out
    assert "--role" in shown and "department_head" in shown
