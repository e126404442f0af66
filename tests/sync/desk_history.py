"""A desk's working history for recovery tests (issue 9): complaints, a refund the hall decides, a
refund head office decides, a completed special transfer (evidence, certified agreements), a closed
complaint written up as a typical case, and hundreds of events more than one page, all synced to a
live head office."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hall_desk import credentials
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.transfers import PartyRole
from hall_desk.services import complaints, refunds, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.refunds import RefundDraft
from hall_desk.services.transfers import (
    attach_evidence,
    complete_transfer,
    open_document,
    open_transfer,
    sign_as_clerk,
    sign_as_customer,
    sign_as_second_witness,
)
from hall_desk.storage.db import close_store, open_store
from hall_desk.storage.models import Complaint, Refund, Transfer
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png
from tests.hq.acting import operator_token
from tests.hq.live import REPO, LiveHQ
from tests.services.closed import closed, write
from tests.services.test_transfers_service import PDF_SCAN, special_form
from tests.sync.fixtures import DESK, add_events

PAGE = 500  # head office's page (MAX_BATCH): more own events than this need several pages


@dataclass
class History:
    complaints: dict[str, str] = field(default_factory=dict)  # id → number
    refunds: dict[str, str] = field(default_factory=dict)  # id → state
    transfers: dict[str, str] = field(default_factory=dict)  # id → number
    cases: dict[str, str] = field(default_factory=dict)  # typical case id → title


def complaint(ctx: DeskContext, clerk: StaffSession, text: str) -> str:
    return complaints.record_complaint(ctx, clerk, ComplaintDraft(
        phone="13800138000", customer_name="陈先生", main_class="电信资费",
        sub_class="资费争议/乱收费", description=text, customer_request="退费",
    )).id  # fmt: skip


def refund(ctx: DeskContext, clerk: StaffSession, complaint_id: str, amount: str) -> str:
    proposed = refunds.propose_refund(ctx, clerk, complaint_id, RefundDraft(
        item="国际漫游数据费", checked="查详单：客户当日未出境，基站记录为本地", amount=amount,
        account_type="后付费（全球通）", method="话费账户返还", reason="计费错误",
    ))  # fmt: skip
    return refunds.approve_refund(
        ctx, clerk, proposed.id, approver_no="1001", approver_password=PASSWORDS["1001"]
    ).id


def decide(hq: LiveHQ, refund_id: str) -> None:
    """``hall-desk-hq decide-refund … --approve`` as head office's operator runs it."""
    token = operator_token(hq.database, "zhou.min", "leadership")  # decides any refund
    result = subprocess.run(
        [sys.executable, "-m", "hall_desk.hq.cli", "decide-refund", refund_id, "--approve",
         "--reason", "核实无误", "--database", hq.database],
        input=token + "\n", capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def transfer(ctx: DeskContext, clerk: StaffSession) -> str:
    view = open_transfer(ctx, clerk, special_form(sim_working=True, password_verified=True))
    attach_evidence(ctx, clerk, view.id, "SIM 卡照片.pdf", PDF_SCAN)
    sign_as_customer(ctx, clerk, view.id, PartyRole.NEW_OWNER, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png())
    sign_as_second_witness(
        ctx, clerk, view.id, staff_no="2001", password=PASSWORDS["2001"], png=signature_png()
    )
    return complete_transfer(ctx, clerk, view.id).id


def work(
    ctx: DeskContext,
    hall: dict[str, StaffSession],
    hq: LiveHQ,
    history: History,
    tag: str,
    *,
    extra_events: int = 0,
) -> None:
    """Some of everything, then synced (head office's decision pulled in too)."""
    clerk = hall["clerk"]
    first = complaint(ctx, clerk, f"{tag} 国际漫游费误收")
    second = complaint(ctx, clerk, f"{tag} 套餐变更未生效")
    small = refund(ctx, clerk, first, "30")  # within the hall's limits: decided here
    large = refund(ctx, clerk, second, "350")  # above them: head office decides
    moved = transfer(ctx, clerk)
    case = write(ctx, clerk, closed(ctx, clerk), title=f"{tag} 多扣话费的核实")
    if extra_events:
        add_events(ctx, extra_events)
    report = sync.sync_now(ctx)
    assert report.ok, report.error
    assert report.status is not None and report.status.files_waiting == 0
    decide(hq, large)
    assert sync.sync_now(ctx).ok
    for complaint_id in (first, second):
        history.complaints[complaint_id] = Complaint.get_by_id(complaint_id).number
    for refund_id in (small, large):
        history.refunds[refund_id] = Refund.get_by_id(refund_id).state
    assert history.refunds[large] == "总部已批准"
    history.transfers[moved] = Transfer.get_by_id(moved).number
    history.cases[case.id] = case.title


def escrowed_keys() -> dict[str, str]:
    """The desk's own keys as the keyring holds them (made first where missing)."""
    credentials.backup_key(DESK, create=True)
    credentials.field_key(DESK, create=True)
    return credentials.escrowed_secrets(DESK)


def agreements_verify(ctx: DeskContext, session: StaffSession, transfer_id: str) -> list[str]:
    """The roles of the transfer's stored documents, each opened and verified (asserted)."""
    row = Transfer.get_by_id(transfer_id)
    roles = [d["role"] for d in json.loads(row.documents)]
    for role in roles:
        opened = open_document(ctx, session, transfer_id, role)
        assert opened.ok, (role, opened.code, opened.detail)
    return roles


def copy_store(store: Path, to: Path) -> None:
    """The store file as a backup would hold it (closed first, so the WAL is checkpointed)."""
    close_store()
    shutil.copyfile(store, to)
    open_store(store)


def put_back(store: Path, old: Path) -> None:
    close_store()
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(old, store)
    open_store(store)
