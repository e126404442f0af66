"""A desk at work through its real services, there to be killed (issue 9, "Nothing lost").

    python -m tests.crash.worker DATA_DIR SEED            # random work until SIGKILLed
    python -m tests.crash.worker DATA_DIR SEED ACTION     # prepare, wait for a line, then ACTION

The store in DATA_DIR is set up (hall HA01, desk HA01-02, the staff of ``tests.conftest``) and
registered with head office; the keyring is the test file keyring (``tests.sync.keyrings``).

Random work: complaints recorded and followed up (verify → reply → call back → close), refunds
(propose → approve with the approver's password → the customer's signature), transfers (open →
evidence → signatures → complete, both kinds) and sync rounds, interleaved, each picked by the seed
and continuing from whatever the store holds. After each action returns the worker prints, and
flushes, one line — what it reported done::

    DONE complaint <id> <state>
    DONE refund <id> <state> <signed 0|1>
    DONE transfer <id> <state> <signatures, comma-separated or -> <evidence files>
    DONE sync - <highest own seq head office had acknowledged>

With ACTION (one of :data:`ACTIONS`) the worker brings an entity to just before that action,
prints ``PREPARED <kind> <id>``, waits for a line on stdin, arms ``HALL_DESK_FAULT=before-commit``
and does the action: it dies inside that action's transaction, after its rows and event are written.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from hall_desk import faults
from hall_desk.domain.complaints import ComplaintDraft, ComplaintState
from hall_desk.domain.refunds import RefundState
from hall_desk.domain.transfers import PartyRole, TransferState, local_today
from hall_desk.paths import store_path
from hall_desk.services import complaints, lifecycle, refunds, sync, transfers
from hall_desk.services.context import DeskContext
from hall_desk.services.keys import wire_keys
from hall_desk.services.refunds import RefundDraft
from hall_desk.services.setup import require_desk
from hall_desk.services.signing import hall_key
from hall_desk.services.staff import sign_in
from hall_desk.services.transfers import TransferForm
from hall_desk.storage.db import open_store
from hall_desk.storage.models import Complaint, Event, Refund, Transfer, TransferFile
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png

DESK = "HA01-02"
CLERK, WITNESS, APPROVER = "3001", "2001", "1001"
SIGNATURE = signature_png()
EVIDENCE_ROLE = transfers.EVIDENCE
NEW_OWNER = {
    "id_type": "居民身份证",
    "id_number": "110101199003071233",
    "name": "李四",
    "address": "北京市东城区某街1号",
}
OWNER = {
    "id_type": "居民身份证",
    "id_number": "310104198512250047",
    "name": "张三",
    "address": "上海市徐汇区某路2号",
}
# The follow-up path of a complaint: its state → the step that moves it on.
NEXT_STEP = {
    ComplaintState.ACCEPTED.value: "verify",
    ComplaintState.HANDLING.value: "reply",
    ComplaintState.REPLIED.value: "call_back",
    ComplaintState.CALLED_BACK.value: "close",
}
# Actions a single-action run can be killed in, and what each needs done first.
ACTIONS = {
    "complaint.record": [],
    "complaint.verify": ["complaint.record"],
    "complaint.reply": ["complaint.record", "complaint.verify"],
    "complaint.call_back": ["complaint.record", "complaint.verify", "complaint.reply"],
    "complaint.close": [
        "complaint.record",
        "complaint.verify",
        "complaint.reply",
        "complaint.call_back",
    ],
    "refund.propose": ["complaint.record"],
    "refund.approve": ["complaint.record", "refund.propose"],
    "refund.sign": ["complaint.record", "refund.propose", "refund.approve"],
    "transfer.open": ["signing.key"],  # made on first use, in a transaction of its own
    "transfer.evidence": ["transfer.open_special"],
    "transfer.sign_customer": ["transfer.open_special"],
    "transfer.sign_clerk": ["transfer.open_special"],
    "transfer.witness": ["transfer.open_special"],
    "transfer.complete": [
        "transfer.open_special",
        "transfer.evidence",
        "transfer.sign_customer",
        "transfer.sign_clerk",
        "transfer.witness",
    ],
}


class Desk:
    """The services as a clerk (3001) uses them, each action printing what it reported done."""

    def __init__(self, rng: random.Random) -> None:
        self.ctx = DeskContext()
        self.rng = rng
        self.clerk = sign_in(self.ctx, CLERK, PASSWORDS[CLERK])
        self.complaint_id = ""
        self.refund_id = ""
        self.transfer_id = ""

    # -- reporting ------------------------------------------------------------------------------

    @staticmethod
    def done(*fields: object) -> None:
        print("DONE", *fields, flush=True)

    def done_complaint(self, complaint_id: str) -> None:
        self.complaint_id = complaint_id
        self.done("complaint", complaint_id, Complaint.get_by_id(complaint_id).state)

    def done_refund(self, view: refunds.RefundView) -> None:
        self.refund_id = view.id
        self.done("refund", view.id, view.state, int(view.signed))

    def done_transfer(self, view: transfers.TransferView) -> None:
        self.transfer_id = view.id
        row = Transfer.get_by_id(view.id)
        signed = ",".join(sorted(transfer_signatures(row))) or "-"
        evidence = (
            TransferFile.select()
            .where((TransferFile.transfer_id == view.id) & (TransferFile.role == EVIDENCE_ROLE))
            .count()
        )
        self.done("transfer", view.id, view.state.value, signed, evidence)

    # -- complaints -----------------------------------------------------------------------------

    def record_complaint(self) -> None:
        phone = "138" + "".join(self.rng.choice("0123456789") for _ in range(8))
        draft = ComplaintDraft(
            phone=phone,
            customer_name="陈先生",
            main_class="电信资费",
            sub_class="资费争议/乱收费",
            description="话费多扣",
            customer_request="退费",
        )
        self.done_complaint(complaints.record_complaint(self.ctx, self.clerk, draft).id)

    def step(self, complaint_id: str) -> None:
        step = NEXT_STEP[Complaint.get_by_id(complaint_id).state]
        if step == "verify":
            lifecycle.verify(
                self.ctx, self.clerk, complaint_id, verification="成立", responsibility="我方"
            )
        elif step == "reply":  # by SMS: the real clock may be in the quiet hours (issue 20)
            lifecycle.reply_to_customer(
                self.ctx, self.clerk, complaint_id, content="已退还多扣费用", method="短信"
            )
        elif step == "call_back":
            lifecycle.call_back(
                self.ctx, self.clerk, complaint_id, satisfaction="满意", method="短信"
            )
        else:
            lifecycle.close(self.ctx, self.clerk, complaint_id)
        self.done_complaint(complaint_id)

    # -- refunds --------------------------------------------------------------------------------

    def propose(self, complaint_id: str) -> None:
        draft = RefundDraft(
            item="彩铃功能费",
            checked="查详单：客户未订购",
            amount=f"{self.rng.randrange(1, 20)}.50",
            account_type="预付费",
            method="话费账户返还",
            reason="误收费",
        )
        self.done_refund(refunds.propose_refund(self.ctx, self.clerk, complaint_id, draft))

    def approve(self, refund_id: str) -> None:
        self.done_refund(
            refunds.approve_refund(
                self.ctx,
                self.clerk,
                refund_id,
                approver_no=APPROVER,
                approver_password=PASSWORDS[APPROVER],
            )
        )

    def sign_refund(self, refund_id: str) -> None:
        self.done_refund(refunds.sign_refund(self.ctx, self.clerk, refund_id, SIGNATURE))

    # -- transfers ------------------------------------------------------------------------------

    def open_transfer(self, special: bool) -> None:
        today = local_today(self.ctx.clock.now())
        form = TransferForm(
            kind="特殊过户" if special else "过户",
            phone="138 0013 8000",
            account_type="预付费",
            opened_on=today - timedelta(days=90),
            opened_checked_where="BOSS 客户信息页",
            new_owner=dict(NEW_OWNER),
            registered_owner=None if special else dict(OWNER),
            sim_working=special,
            password_verified=special,
        )
        self.done_transfer(transfers.open_transfer(self.ctx, self.clerk, form))

    def transfer_step(self, transfer_id: str) -> None:
        row = Transfer.get_by_id(transfer_id)
        signed = transfer_signatures(row)
        special = row.kind == "特殊过户"
        if special and not has_evidence(transfer_id):
            self.attach_evidence(transfer_id)
        elif not special and "registered_owner" not in signed:
            self.sign_customer(transfer_id, PartyRole.REGISTERED_OWNER)
        elif "new_owner" not in signed:
            self.sign_customer(transfer_id, PartyRole.NEW_OWNER)
        elif "clerk" not in signed:
            self.sign_clerk(transfer_id)
        elif special and "second_witness" not in signed:
            self.witness(transfer_id)
        else:
            self.done_transfer(transfers.complete_transfer(self.ctx, self.clerk, transfer_id))

    def attach_evidence(self, transfer_id: str) -> None:
        scan = f"%PDF-1.4\n% a scanned invoice {uuid.uuid4()}\n".encode()  # one file per transfer
        self.done_transfer(
            transfers.attach_evidence(self.ctx, self.clerk, transfer_id, "SIM 卡照片.pdf", scan)
        )

    def sign_customer(self, transfer_id: str, who: PartyRole = PartyRole.NEW_OWNER) -> None:
        self.done_transfer(
            transfers.sign_as_customer(self.ctx, self.clerk, transfer_id, who, SIGNATURE)
        )

    def sign_clerk(self, transfer_id: str) -> None:
        self.done_transfer(transfers.sign_as_clerk(self.ctx, self.clerk, transfer_id, SIGNATURE))

    def witness(self, transfer_id: str) -> None:
        self.done_transfer(
            transfers.sign_as_second_witness(
                self.ctx,
                self.clerk,
                transfer_id,
                staff_no=WITNESS,
                password=PASSWORDS[WITNESS],
                png=SIGNATURE,
            )
        )

    def signing_key(self) -> None:
        desk = require_desk()
        hall_key(desk.desk_code, desk.code, desk.name, self.ctx.clock.now())

    # -- sync -----------------------------------------------------------------------------------

    def sync(self) -> None:
        last = Event.select(Event.seq).where(Event.desk == DESK).order_by(Event.seq.desc()).first()
        report = sync.sync_now(self.ctx)
        if report.error is not None or report.status is None or report.status.waiting:
            sys.stderr.write(f"sync round not done: {report.error}\n")
            return
        self.done("sync", "-", last.seq if last else 0)

    # -- random work ----------------------------------------------------------------------------

    def random_action(self) -> None:
        rng = self.rng
        kind = rng.choices(["complaint", "refund", "transfer", "sync"], [5, 3, 3, 1])[0]
        if kind == "complaint":
            waiting = open_complaints()
            if waiting and rng.random() < 0.7:
                self.step(rng.choice(waiting))
            else:
                self.record_complaint()
        elif kind == "refund":
            pending = [
                r
                for r in Refund.select().where(
                    Refund.state.in_(
                        [
                            RefundState.PENDING.value,
                            RefundState.APPROVED.value,
                            RefundState.AWAITING_HEAD_OFFICE.value,
                        ]
                    )
                    & Refund.signed_at.is_null()
                )
            ]
            if pending and rng.random() < 0.7:
                refund = rng.choice(pending)
                if refund.state == RefundState.PENDING.value:
                    self.approve(refund.id)
                else:
                    self.sign_refund(refund.id)
            else:
                targets = open_complaints()
                if targets:
                    self.propose(rng.choice(targets))
                else:
                    self.record_complaint()
        elif kind == "transfer":
            filling = [
                t.id
                for t in Transfer.select(Transfer.id).where(
                    Transfer.state == TransferState.FILLING.value
                )
            ]
            if filling and rng.random() < 0.8:
                self.transfer_step(rng.choice(filling))
            else:
                self.open_transfer(special=rng.random() < 0.5)
        else:
            self.sync()

    # -- one action, prepared -------------------------------------------------------------------

    def act(self, action: str) -> Callable[[], None]:
        """``action`` on the entity made last (the functions the random work uses)."""
        return {
            "complaint.record": self.record_complaint,
            "complaint.verify": lambda: self.step(self.complaint_id),
            "complaint.reply": lambda: self.step(self.complaint_id),
            "complaint.call_back": lambda: self.step(self.complaint_id),
            "complaint.close": lambda: self.step(self.complaint_id),
            "refund.propose": lambda: self.propose(self.complaint_id),
            "refund.approve": lambda: self.approve(self.refund_id),
            "refund.sign": lambda: self.sign_refund(self.refund_id),
            "signing.key": self.signing_key,
            "transfer.open": lambda: self.open_transfer(special=False),
            "transfer.open_special": lambda: self.open_transfer(special=True),
            "transfer.evidence": lambda: self.attach_evidence(self.transfer_id),
            "transfer.sign_customer": lambda: self.sign_customer(self.transfer_id),
            "transfer.sign_clerk": lambda: self.sign_clerk(self.transfer_id),
            "transfer.witness": lambda: self.witness(self.transfer_id),
            "transfer.complete": lambda: self.transfer_step(self.transfer_id),
        }[action]


def transfer_signatures(row: Transfer) -> set[str]:
    return set(json.loads(row.signatures or "{}"))


def has_evidence(transfer_id: str) -> bool:
    return (
        TransferFile.select()
        .where((TransferFile.transfer_id == transfer_id) & (TransferFile.role == EVIDENCE_ROLE))
        .exists()
    )


def open_complaints() -> list[str]:
    return [
        c.id
        for c in Complaint.select(Complaint.id).where(
            Complaint.state.in_(list(NEXT_STEP)) & (Complaint.first_responder_no == CLERK)
        )
    ]


def main(data_dir: str, seed: str, action: str = "") -> None:
    wire_keys()  # as the app and the CLI do at start-up
    open_store(store_path(Path(data_dir)))
    desk = Desk(random.Random(int(seed)))
    if action:
        for before in ACTIONS[action]:
            desk.act(before)()
        kind = action.split(".")[0]
        print("PREPARED", kind, getattr(desk, f"{kind}_id", ""), flush=True)
        sys.stdin.readline()
        faults.ARMED = "before-commit"
        desk.act(action)()
        print("survived", flush=True)  # the test fails on this: the action did not commit
        return
    print("ready", flush=True)
    while True:
        desk.random_action()


if __name__ == "__main__":
    main(*sys.argv[1:4])
