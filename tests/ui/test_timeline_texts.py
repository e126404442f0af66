"""时间线 reads as staff speak, in Chinese and in English (issue 19): every step of a real store is
named (申请退费 ¥50.00，退费单 …), every changed field labelled, and no line shows an event type
(``refund.proposed``) or a payload key (``complaint_number``, ``decided_by_no``).

The store is real: a complaint with its steps, a refund of 50 proposed, approved and signed, one of
350 sent to head office and decided there (pulled through the downlink, with the refund loop's
fields), and the other families' events the English test's records write. Every event type in it
and every key of every payload (its ``changes`` and step ``record`` included) has a text beside the
event catalogue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.event_texts import event_text, field_text
from hall_desk.domain.payloads import family_of
from hall_desk.services import complaints, lifecycle, refunds, timeline
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.preferences import ENGLISH
from hall_desk.services.refunds import RefundDraft
from hall_desk.services.setup import require_desk
from hall_desk.storage.models import Event
from hall_desk.sync import downlink
from hall_desk.ui import i18n
from hall_desk.ui.timeline import TimelineView, describe
from tests.conftest import PASSWORDS
from tests.documents.samples import signature_png
from tests.hq.envelopes import DeskChain
from tests.ui.test_english_ui import CHINESE, SHOTS, Records, english_hall  # noqa: F401

RAW_TYPE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")  # refund.proposed
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # complaint_number, decided_by_no


class Story:
    """One complaint's refunds, in English data (the English run reads every line)."""

    def __init__(self, ctx: DeskContext, hall: dict[str, StaffSession]) -> None:
        manager, clerk = hall["manager"], hall["clerk"]
        self.complaint_id = complaints.record_complaint(
            ctx,
            clerk,
            ComplaintDraft(
                phone="13800138000",
                customer_name="Mr Chen",
                main_class="电信资费",
                sub_class="资费争议/乱收费",
                description="Roaming charged although never abroad",
                customer_request="Refund",
            ),
        ).id
        lifecycle.start_verification(ctx, clerk, self.complaint_id)
        lifecycle.verify(
            ctx, clerk, self.complaint_id, verification="成立", responsibility="我方", note="Bill"
        )
        small = refunds.propose_refund(
            ctx,
            clerk,
            self.complaint_id,
            RefundDraft(
                item="Roaming data",
                checked="Base station records: local",
                amount="50",
                account_type="预付费",
                method="话费账户返还",
                reason="Charged by mistake",
            ),
        )
        self.small_number = small.number
        refunds.approve_refund(
            ctx, clerk, small.id, approver_no="1001", approver_password=PASSWORDS["1001"]
        )
        refunds.sign_refund(ctx, clerk, small.id, signature_png())
        large = refunds.propose_refund(
            ctx,
            clerk,
            self.complaint_id,
            RefundDraft(
                item="Roaming voice",
                checked="Call records: local",
                amount="350",
                account_type="预付费",
                method="话费账户返还",
                reason="Charged by mistake",
            ),
        )
        self.large_number = large.number
        sent = refunds.approve_refund(
            ctx, clerk, large.id, approver_no="1001", approver_password=PASSWORDS["1001"]
        )
        assert sent.state == "待总部审批"
        desk = require_desk()
        chain = DeskChain(f"{desk.code}-00")
        common = {"id": large.id, "number": large.number}
        pulled = [
            chain.next(
                "refund.recommended",
                {
                    **common,
                    "recommended_by": "li.na",
                    "recommended_by_name": "Li Na",
                    "recommended_at": "2026-11-22T02:30:00.000000Z",
                    "note": "Records checked",
                    "recommend": True,
                },
                actor="op:li.na",
            ),
            chain.next(
                "refund.decided",
                {
                    "id": large.id,
                    "approved": True,
                    "reason": "Agreed after the check",
                    "decided_at": "2026-11-22T03:00:00.000000Z",
                    "operator": "zhou.min",
                    "operator_name": "Zhou Min",
                    "role": "refund_approver",
                    "complaint_total": "400.00",
                    "recommended_by": "li.na",
                    "recommended_by_name": "Li Na",
                    "recommended_at": "2026-11-22T02:30:00.000000Z",
                },
                actor="op:zhou.min",
            ),
            chain.next(
                "refund.execution_failed",
                {
                    **common,
                    "reason": "Account frozen",
                    "failed_at": "2026-11-22T04:00:00.000000Z",
                    "recorded_by": "wu.fei",
                    "recorded_by_name": "Wu Fei",
                },
                actor="op:wu.fei",
            ),
            chain.next(
                "refund.executed",
                {
                    **common,
                    "billing_reference": "BL-20261122-0042",
                    "amount": "350.00",
                    "executed_at": "2026-11-22T05:00:00.000000Z",
                    "recorded_by": "wu.fei",
                    "recorded_by_name": "Wu Fei",
                },
                actor="op:wu.fei",
            ),
        ]
        downlink.apply_page(
            pulled, hall=desk.code, desk=desk.desk_code, after=0, cursor=4, at=ctx.clock.now()
        )
        self.pulled = {e["type"] for e in pulled}
        self.session = manager


@pytest.fixture
def story(english_hall: dict[str, StaffSession], ctx: DeskContext) -> Story:  # noqa: F811
    Records(ctx, english_hall)  # the other families' events: transfer, incident, typical case …
    return Story(ctx, english_hall)


@pytest.fixture
def in_english(qapp: QApplication) -> Iterator[None]:
    assert i18n.install(ENGLISH)
    yield
    i18n.uninstall()


def _keys(payload: dict[str, Any]) -> Iterator[str]:
    for key, value in payload.items():
        yield key
        if key in ("changes", "record") and isinstance(value, dict):
            yield from value


def test_every_type_and_key_a_real_store_holds_has_a_text(story: Story) -> None:
    missing = set()
    types = set()
    for row in Event.select(Event.type, Event.payload):
        types.add(row.type)
        if not event_text(row.type):
            missing.add(row.type)
        for key in _keys(json.loads(row.payload)):
            if not field_text(family_of(row.type), key):
                missing.add(f"{row.type}: {key}")
    assert {"refund.proposed", "refund.decided", "transfer.opened", "incident.opened"} <= types
    assert sorted(missing) == []


def _lines(story: Story) -> list[str]:
    entries = timeline.timeline(story.session, story.complaint_id)
    return [describe(e).text() for e in entries]


def _shown(qtbot: QtBot, story: Story, name: str) -> str:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show_entries(timeline.timeline(story.session, story.complaint_id))
    view.show()
    qtbot.waitExposed(view)
    view.grab().save(str(SHOTS / name))
    return view.toPlainText()


def _no_raw_names(texts: list[str]) -> None:
    for text in texts:
        assert not RAW_TYPE.search(text), text
        assert not RAW_KEY.search(text), text


def test_the_timeline_reads_in_chinese(qtbot: QtBot, story: Story) -> None:
    lines = _lines(story)
    assert any(f"申请退费 ¥50.00，退费单 {story.small_number}" in line for line in lines), lines
    assert any(f"批准退费 ¥50.00，退费单 {story.small_number}" in line for line in lines), lines
    assert any(f"报总部审批 ¥350.00，退费单 {story.large_number}" in line for line in lines)
    assert any("总部审批退费" in line and "总部批准" in line for line in lines), lines
    assert any("退费到账" in line and "BL-20261122-0042" in line for line in lines), lines
    assert any("退费执行失败" in line and "Account frozen" in line for line in lines), lines
    assert any("总部审核建议" in line and "建议批准" in line for line in lines), lines
    shown = _shown(qtbot, story, "timeline_zh.png")
    _no_raw_names([*lines, shown])
    assert "退费状态：待审批 → 已批准" in shown, shown


def test_the_timeline_reads_in_english(qtbot: QtBot, story: Story, in_english: None) -> None:
    lines = _lines(story)
    assert any(f"Refund proposed ¥50.00, refund {story.small_number}" in line for line in lines), (
        lines
    )
    assert any("Refund credited" in line and "BL-20261122-0042" in line for line in lines)
    assert any("Approved by head office" in line for line in lines), lines
    shown = _shown(qtbot, story, "timeline_en.png")
    _no_raw_names([*lines, shown])
    chinese = [line for line in [*lines, *shown.splitlines()] if CHINESE.search(line)]
    assert chinese == []
