"""Valid event envelopes for tests: a desk's hash chain, built the way the desk builds it.

``DeskChain("HA01-02").complaints(3)`` gives seq 1..3, linked, hashes right; ``chain.next(type,
payload)`` one more of any type; ``rehash({**event, "payload": ...})`` the same id with other content
and a valid hash (a conflict).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.envelope import envelope_hash

T0 = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def rehash(envelope: dict[str, Any]) -> dict[str, Any]:
    """The envelope with its ``hash`` recomputed (after a test changed something)."""
    out = {k: v for k, v in envelope.items() if k != "hash"}
    out["hash"] = envelope_hash(out)
    return out


def complaint_state(desk: str, n: int, *, complaint_id: str | None = None) -> dict[str, Any]:
    """A complaint's full state as ``complaint.created`` carries it (services.complaints)."""
    hall = desk.rsplit("-", 1)[0]
    accepted = T0 + timedelta(minutes=n)
    return {
        "id": complaint_id or str(uuid.uuid4()),
        "number": f"{desk}-261122-{n:04d}",
        "hall": hall,
        "desk": desk,
        "phone": "13800138000",
        "customer_name": "王女士",
        "tier": "普通",
        "channel": "营业厅现场",
        "main_class": "电信资费",
        "sub_class": "资费争议/乱收费",
        "regulator_class": "收费争议",
        "occurred_at": None,
        "place": "",
        "amount": "12.50",
        "description": f"第{n}件：本月多扣了话费",
        "customer_request": "退还多扣的费用",
        "network_urgency": None,
        "escalation_source": None,
        "escalation_reference": "",
        "escalation_tendency": "none",
        "important": False,
        "media": False,
        "escalated": False,
        "repeat": False,
        "state": "已受理",
        "first_responder_no": "3001",
        "first_responder_name": "张三",
        "accepted_at": utc_iso(accepted),
        "reply_due": utc_iso(accepted + timedelta(hours=24)),
        "regulator_due": utc_iso(accepted + timedelta(days=15)),
        "deadline_basis": "ordinary 24h",
        "policy_version": 1,
        "repeat_of": [],
        "report_to_hq_now": False,
        "changes": {},
    }


def seed_staff(
    store: Any, hall: str = "HA01", staff_no: str = "3001", role: str = "店长", **state: Any
) -> None:
    """Head office's record of a hall's staff account, as a store manager's ``staff.changed``
    leaves it (the intake rules judge every event's actor against it): re-published on the hall's
    chain ``<HALL>-00`` like any staff change. Tests of other rules start from here instead of
    uploading each hall's setup first."""
    from hall_desk.domain.passwords import hash_password

    full = {"id": str(uuid.uuid4()), "staff_no": staff_no, "name": "张三", "role": role,
            "active": True, "password_hash": hash_password(f"pass-{staff_no}", n=2**4),
            "must_change_password": False, **state}  # fmt: skip
    with store._hall_transaction(hall) as tx:
        store._republish_staff(tx, "op:seed", full, "")
        store._advance_chain(tx, f"{hall}-00")


class DeskChain:
    """Makes a desk's events in seq order, each linked to the previous by ``prev``."""

    def __init__(self, desk: str = "HA01-02", *, start_seq: int = 1, prev: str = "") -> None:
        self.desk = desk
        self.hall = desk.rsplit("-", 1)[0]
        self.seq = start_seq - 1
        self.prev = prev
        self.events: list[dict[str, Any]] = []

    def next(
        self, type: str = "complaint.created", payload: dict[str, Any] | None = None, **fields: Any
    ) -> dict[str, Any]:
        self.seq += 1
        envelope = {
            "id": str(uuid.uuid4()),
            "hall": self.hall,
            "desk": self.desk,
            "seq": self.seq,
            "type": type,
            "schema": 1,
            "at": utc_iso(T0 + timedelta(seconds=self.seq)),
            "actor": "3001",
            "payload": payload if payload is not None else complaint_state(self.desk, self.seq),
            "prev": self.prev,
        }
        envelope.update(fields)
        envelope = rehash(envelope)
        self.prev = envelope["hash"]
        self.events.append(envelope)
        return envelope

    def complaints(self, count: int) -> list[dict[str, Any]]:
        return [self.next() for _ in range(count)]


def refund_state(complaint: dict[str, Any], refund_id: str, state: str, **changes: Any) -> dict:
    """A refund's full state as ``hall_desk.services.refunds.refund_state`` writes it."""
    payload = {
        "id": refund_id, "number": "HA01-02-R261122-0001", "hall": "HA01", "desk": "HA01-02",
        "complaint_id": complaint["id"], "complaint_number": complaint["number"],
        "item": "彩铃功能费", "checked": "查详单：未订购", "amount": "350.00",
        "account_type": "预付费", "method": "话费账户返还", "method_reason": "", "reason": "误收费",
        "state": state, "proposed_by_no": "3001", "proposed_by_name": "张三",
        "proposed_at": "2026-11-22T02:00:00.000000Z", "decided_by_no": "",
        "decided_by_name": "", "decided_at": None, "decision_reason": "", "limit": None,
        "counted_total": None, "delegation_id": None, "delegated_by_no": "",
        "delegated_by_name": "", "delegation_until": None, "sent_by_no": "", "sent_by_name": "",
        "sent_at": None, "policy_version": 1, "hq_operator": "", "hq_decided_at": None,
        "signature_sha256": "", "signed_at": None, "signed_by_no": "", "changes": {},
    }  # fmt: skip
    payload.update(changes)
    return payload


def transfer_state(desk: str, transfer_id: str, state: str = "填写中", **changes: Any) -> dict:
    """A transfer's full state as the transfer events carry it (hall_desk.services.transfers):
    the transfer's columns (the JSON ones as objects) and its ``files``."""
    hall = desk.rsplit("-", 1)[0]
    payload = {
        "id": transfer_id, "number": f"{desk}-T261122-0001", "hall_code": hall, "desk_code": desk,
        "kind": "过户", "state": state, "phone": "13812345678", "account_type": "个人",
        "opened_on": "2020-05-01", "opened_checked_where": "BSS 客户资料",
        "parties": {"from": {"name": "王五", "id_type": "居民身份证", "id_number": "110101199003074514"},
                    "to": {"name": "赵六", "id_type": "居民身份证", "id_number": "11010119900307803X"}},
        "evidence": {"checked": ["原机主身份证"]}, "approval": None, "signatures": {},
        "documents": [], "retention_class": "过户资料", "paper_kept_until": "2031-11-22",
        "policy_version": 1, "created_by_no": "3001", "created_by_name": "张三",
        "created_at": "2026-11-22T02:00:00.000000Z", "completed_at": None, "abandoned_reason": "",
        "updated_at": "2026-11-22T02:00:00.000000Z", "files": [], "changes": {},
    }  # fmt: skip
    payload.update(changes)
    return payload


def file_entry(sha256: str, role: str = "evidence", name: str = "身份证正面.jpg") -> dict:
    """One of a transfer state's ``files``."""
    return {
        "id": str(uuid.uuid4()), "role": role, "name": name, "sha256": sha256,
        "media_type": "image/jpeg", "size": 1234, "added_at": "2026-11-22T02:01:00.000000Z",
        "added_by_no": "3001", "removed_at": None,
    }  # fmt: skip
