"""The refund loop end to end with real processes (issue 16), on SQLite and PostgreSQL: a desk
proposes 450, the store manager forwards it to head office, a director decides it with
``hall-desk-hq decide-refund`` (their token on standard input), an operator executes it with
``execute-refund``, and the desk's next sync pulls ``refund.executed`` into its event log (applying it
at the desk is the desk side's, branch r16desk). A decision of 800 is refused to the director,
plainly. Every head-office log line of it passes the log scan."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.services import complaints, refunds, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refunds import RefundDraft
from hall_desk.storage.models import Event
from tests.conftest import PASSWORDS
from tests.hq.acting import hq_process
from tests.hq.live import LiveHQ
from tests.logscan import scan_log_files


def forwarded(ctx: DeskContext, hall: dict[str, StaffSession], amount: str, phone: str) -> str:
    """A clerk's refund of ``amount`` on a new complaint, forwarded by the store manager (above
    the hall's 300): 待总部审批. Its id."""
    clerk = hall["clerk"]
    complaint = complaints.record_complaint(ctx, clerk, ComplaintDraft(
        phone=phone, customer_name="陈先生", main_class="电信资费",
        sub_class="资费争议/乱收费", description="国际漫游费误收", customer_request="退费",
    )).id  # fmt: skip
    proposed = refunds.propose_refund(ctx, clerk, complaint, RefundDraft(
        item="国际漫游数据费", checked="查详单：客户当日未出境，基站记录为本地", amount=amount,
        account_type="后付费（全球通）", method="话费账户返还", reason="计费错误",
    ))  # fmt: skip
    sent = refunds.approve_refund(
        ctx, clerk, proposed.id, approver_no="1001", approver_password=PASSWORDS["1001"]
    )
    assert sent.state == "待总部审批"
    return sent.id


def test_a_desks_450_is_decided_by_a_director_executed_and_pulled_back(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str
) -> None:
    director = hq.add_operator("zhou.min", display_name="周敏", role="director")
    operator = hq.add_operator("wang.wu", display_name="王五")  # role operator
    refund_id = forwarded(ctx, hall, "450", "13800138000")
    big_id = forwarded(ctx, hall, "800", "13900139000")
    assert sync.sync_now(ctx).ok
    store = hq.store()
    try:
        number = store.refund(refund_id)["number"]  # type: ignore[index]
        big_number = store.refund(big_id)["number"]  # type: ignore[index]
    finally:
        store.close()

    # 800 is above the director's level: refused, said plainly, nothing recorded.
    refused = hq_process(
        hq.database, director, "decide-refund", big_number, "--approve", "--reason", "同意"
    )
    assert refused.returncode == 1 and refused.stdout == ""
    assert "above the level of 周敏 (zhou.min, director)" in refused.stderr
    assert "800.00 yuan" in refused.stderr and "needs a department_head" in refused.stderr
    assert refused.stderr.count("\n") == 1
    # The operators' API: the same token acts with the same role.
    answer = httpx.post(
        f"{hq.url}/v1/ops/refunds/{big_id}/decision",
        json={"approve": True, "reason": "同意"},
        headers=hq.auth(director),
        timeout=30,
    )
    assert (answer.status_code, answer.json()["error"]) == (400, "refund.over_level")
    # The director's own token decides 450; an operator's does not decide at all.
    not_decider = hq_process(
        hq.database, operator, "decide-refund", number, "--approve", "--reason", "同意"
    )
    assert not_decider.returncode == 1 and "does not decide refunds" in not_decider.stderr
    decided = hq_process(
        hq.database, director, "decide-refund", number, "--approve", "--reason", "核实无误"
    )
    assert decided.returncode == 0, decided.stderr
    assert "\trefund.decided\t" in decided.stdout
    queue = hq_process(hq.database, "", "execution-queue")
    assert [line.split("\t")[1] for line in queue.stdout.splitlines()[1:]] == [number]
    # The director decided it: the director does not execute it; the operator does.
    executed = hq_process(
        hq.database, operator, "execute-refund", number, "--reference", "BILL-20261122-0001",
        "--amount", "450.00", "--at", "2026-11-22T10:30:00+08:00",
    )  # fmt: skip
    assert executed.returncode == 0, executed.stderr
    assert "\trefund.executed\t" in executed.stdout

    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert refunds.get_refund(hall["manager"], refund_id).state == "总部已批准"
    pulled = {
        row.type: row
        for row in Event.select().where(Event.desk == "HA01-00")
        if row.type.startswith("refund.")
    }
    assert set(pulled) == {"refund.decided", "refund.executed"}
    stored = hq.store()
    try:
        executed_event = next(
            e for e in stored.events_of("HA01-00") if e["type"] == "refund.executed"
        )
        decided_event = next(
            e for e in stored.events_of("HA01-00") if e["type"] == "refund.decided"
        )
    finally:
        stored.close()
    assert pulled["refund.executed"].id == executed_event["id"]
    assert executed_event["payload"] == {
        "id": refund_id, "number": number, "billing_reference": "BILL-20261122-0001",
        "amount": "450.00", "executed_at": "2026-11-22T02:30:00.000000Z",
        "recorded_by": "wang.wu", "recorded_by_name": "王五",
    }  # fmt: skip
    assert (decided_event["payload"]["operator_name"], decided_event["payload"]["role"]) == (
        "周敏",
        "director",
    )
    assert decided_event["payload"]["complaint_total"] == "450.00"
    json.dumps(executed_event)


def test_the_head_office_log_of_the_loop_holds_no_personal_data(
    hall: dict[str, StaffSession], ctx: DeskContext, hq: LiveHQ, registered: str, tmp_path: Path
) -> None:
    """The log scan over head office's own log and the CLI's output, across every new event."""
    director = hq.add_operator("zhou.min", display_name="周敏", role="director")
    head = hq.add_operator("wu.bo", display_name="吴波", role="department_head")
    operator = hq.add_operator("wang.wu", display_name="王五")
    ids = [forwarded(ctx, hall, amount, "13800138000") for amount in ("800", "350")]
    assert sync.sync_now(ctx).ok
    outputs = [
        hq_process(hq.database, director, "recommend-refund", ids[0], "--approve", "--note", "建议同意"),
        hq_process(hq.database, head, "decide-refund", ids[0], "--approve", "--reason", "同意"),
        hq_process(hq.database, operator, "fail-refund", ids[0], "--reason", "账户状态异常"),
        hq_process(hq.database, operator, "cancel-execution", ids[0], "--reason", "客户改领充值卡"),
        hq_process(hq.database, head, "decide-refund", ids[1], "--approve", "--reason", "同意"),
        hq_process(
            hq.database, operator, "execute-refund", ids[1], "--reference", "B-1",
            "--amount", "350", "--at", "2026-11-22T10:30:00+08:00",
        ),
    ]  # fmt: skip
    assert [o.returncode for o in outputs] == [0] * 6, [o.stderr for o in outputs]
    assert sync.sync_now(ctx).ok
    kinds = {row.type for row in Event.select().where(Event.desk == "HA01-00")}
    assert {
        "refund.recommended", "refund.decided", "refund.execution_failed",
        "refund.execution_cancelled", "refund.executed",
    } <= kinds  # fmt: skip
    cli_log = tmp_path / "cli-logs"
    cli_log.mkdir()
    (cli_log / "hq-cli.log").write_text(
        "".join(o.stdout + o.stderr for o in outputs), encoding="utf-8"
    )
    assert scan_log_files(hq.log_path.parent, tuple(PASSWORDS.values())) == []
    assert scan_log_files(cli_log, tuple(PASSWORDS.values())) == []
