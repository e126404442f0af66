"""Pulled events for downlink tests: another desk's chain and head office's chain (``HA01-00``),
with payloads as the desk services and head office write them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.passwords import hash_password
from hall_desk.sync.protocol import PROTOCOL
from tests.hq.envelopes import T0, DeskChain
from tests.hq.envelopes import complaint_state as hq_complaint_state

OTHER_DESK = "HA01-01"
HEAD_OFFICE = "HA01-00"
FAST_HASH = hash_password("clerk-3009", n=2**4)  # a valid scrypt hash, cheap for tests


def complaint(desk: str, n: int, **changes: Any) -> dict[str, Any]:
    """A complaint's full state as ``services.complaints.complaint_state`` writes it."""
    state = hq_complaint_state(desk, n)
    state.update(
        tier="普通",
        channel="营业厅现场",
        main_class="电信资费",
        sub_class="资费争议/乱收费",
        regulator_class="收费争议",
        escalation_tendency="无",
        state="已受理",
        deadline_basis="tier",
        phone="13812345678",
        accepted_at=utc_iso(T0 - timedelta(days=1) + timedelta(minutes=n)),
    )
    state.update(changes)
    return state


def staff(staff_no: str = "3009", **changes: Any) -> dict[str, Any]:
    state = {
        "id": f"00000000-0000-4000-8000-00000000{staff_no:0>4}",
        "staff_no": staff_no,
        "name": "钱九",
        "role": "营业员",
        "active": True,
        "password_hash": FAST_HASH,
        "changes": {},
    }
    state.update(changes)
    return state


def page(events: list[dict[str, Any]], cursor: int, *, more: bool = False) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL,
        "server_time": "2026-11-22T02:00:00.000000Z",
        "events": events,
        "cursor": cursor,
        "more": more,
    }


def head_office() -> DeskChain:
    chain = DeskChain(HEAD_OFFICE)
    return chain


def other_desk() -> DeskChain:
    return DeskChain(OTHER_DESK)


def typical_case(desk: str, complaint_state: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A typical case's full state as ``services.typical_cases.case_state`` writes it."""
    state = {
        "id": "5c0ffee0-0000-4000-8000-000000000001", "hall": "HA01", "desk": desk,
        "complaint_id": complaint_state["id"], "complaint_number": complaint_state["number"],
        "title": "多扣话费的核实", "main_class": "电信资费", "sub_class": "资费争议/乱收费",
        "background": "客户反映话费被多扣", "handling": "调取详单后退费", "lessons": "先核实后退费",
        "author_no": "3009", "author_name": "钱九", "written_at": utc_iso(T0),
        "updated_at": utc_iso(T0), "best_quarter": None, "best_marked_by_no": "",
        "best_marked_by_name": "", "best_marked_at": None, "changes": {},
    }  # fmt: skip
    state.update(changes)
    return state
