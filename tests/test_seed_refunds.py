"""The benchmarks' seeder writes refunds as the services would (issue 22, goal 4).

A small seed (2,000 complaints, built in this process) must hold refunds on about one fee-class
complaint in ten, in every state a real hall's store has (approved, sent to head office and decided
there, still waiting, executed and told), approved at the level DOMAIN.md's limits give, each with
the chained, valid events of its life; and the app's own services must list and open them.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks import seed
from hall_desk.domain.clock import FixedClock, parse_utc_iso
from hall_desk.domain.payloads import read_payload
from hall_desk.domain.refunds import RefundState
from hall_desk.services.context import DeskContext
from hall_desk.services.refund_loop import refund_follow_ups
from hall_desk.services.refunds import awaiting_head_office, get_refund, refunds_of
from hall_desk.services.staff import sign_in
from hall_desk.storage.db import close_store, database, open_store
from hall_desk.storage.events import verify_desk_chain

pytestmark = pytest.mark.slow

SEED_ROWS = 2_000

ROWS = 2_000


def rows(sql: str, *args: object) -> list[tuple]:
    return database.execute_sql(sql, args).fetchall()


def test_refunds_in_their_proportion_and_states_approved_at_the_right_level(seeded: Path) -> None:
    open_store(seeded)
    try:
        fee = rows("SELECT count(*) FROM complaint WHERE main_class = ?", seed.REFUND_CLASS)[0][0]
        refunds = rows(
            "SELECT r.state, r.amount_fen, r.limit_fen, r.decided_by_no, r.sent_by_no, "
            "r.proposed_by_no, c.main_class, c.verification, r.signature_sha256 "
            "FROM refund r JOIN complaint c ON c.id = r.complaint_id"
        )
        chain = verify_desk_chain(seed.DESK)
    finally:
        close_store()
    assert chain.intact
    assert 0.05 * fee < len(refunds) < 0.15 * fee  # about one fee-class complaint in ten
    states = Counter(r[0] for r in refunds)
    assert states[RefundState.APPROVED.value] > 0
    assert states[RefundState.HEAD_OFFICE_APPROVED.value] > 0
    for state, fen, limit, decided_by, sent_by, proposer, main, verification, sha in refunds:
        assert main == seed.REFUND_CLASS and verification == "成立"  # 先确认，后退费
        if state == RefundState.APPROVED.value:
            assert fen <= limit
            if decided_by != seed.MANAGER.staff_no:  # a clerk or shift leader: their own 100
                assert decided_by == proposer and fen <= 10_000
            else:
                assert fen <= 30_000
        if state in (
            RefundState.AWAITING_HEAD_OFFICE.value,
            RefundState.HEAD_OFFICE_APPROVED.value,
            RefundState.HEAD_OFFICE_REFUSED.value,
        ):
            assert fen > 30_000 and sent_by == seed.MANAGER.staff_no  # above the hall's limit
        if state != RefundState.PENDING.value:
            assert len(sha) == 64  # the customer signed the slip


def test_every_refund_event_is_valid_and_ends_in_the_rows_desk_state(seeded: Path) -> None:
    open_store(seeded)
    try:
        held = dict(rows("SELECT id, state FROM refund"))
        events = rows(
            "SELECT type, schema, event_payload(payload) FROM event WHERE type LIKE 'refund.%'"
            " ORDER BY seq"
        )
        told = rows("SELECT count(*) FROM refund_execution WHERE told_at IS NOT NULL")[0][0]
        decisions = dict(rows("SELECT entity_id, payload FROM hq_decision"))
    finally:
        close_store()
    last: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    for kind, schema, text in events:
        state = read_payload(kind, schema, json.loads(text))  # raises when the catalogue refuses
        last[state["id"]] = state["state"]
        kinds[kind] += 1
    assert set(last) == set(held)
    assert kinds["refund.proposed"] == len(held)
    assert kinds["refund.customer_told"] == told > 0
    for refund_id, state in held.items():
        if state in (RefundState.HEAD_OFFICE_APPROVED.value, RefundState.HEAD_OFFICE_REFUSED.value):
            # head office's word arrives by the downlink, not as a desk event: the desk's last is
            # the sending, or the customer told of the execution (the row's state by then)
            assert last[refund_id] in (RefundState.AWAITING_HEAD_OFFICE.value, state)
            assert json.loads(decisions[refund_id])["approved"] is (
                state == RefundState.HEAD_OFFICE_APPROVED.value
            )
        else:
            assert last[refund_id] == state


def test_the_services_list_and_open_seeded_refunds(seeded: Path) -> None:
    open_store(seeded)
    try:
        newest = rows("SELECT max(accepted_at) FROM complaint")[0][0]
        ctx = DeskContext(clock=FixedClock(parse_utc_iso(newest) + timedelta(minutes=1)))
        manager = sign_in(ctx, seed.MANAGER.staff_no, seed.MANAGER.password)
        refund_id, complaint_id, fen = rows(
            "SELECT id, complaint_id, amount_fen FROM refund WHERE state = ? LIMIT 1",
            RefundState.HEAD_OFFICE_APPROVED.value,
        )[0]
        view = get_refund(manager, refund_id)
        assert view.amount == Decimal(fen) / 100
        assert view.state == RefundState.HEAD_OFFICE_APPROVED.value
        assert refund_id in [r.id for r in refunds_of(manager, complaint_id)]
        waiting = awaiting_head_office(manager, hall_wide=True)
        held = rows("SELECT count(*) FROM refund WHERE state = ?", "待总部审批")[0][0]
        assert len(waiting) == held
        refund_follow_ups(ctx, manager)  # reads the executions without error
    finally:
        close_store()
