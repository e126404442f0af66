"""Views between services and the UI (issue 21): what a service returns is a frozen copy of the row
with every column, never the peewee row itself."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from hall_desk.services import complaints, lifecycle
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.views import (
    CallbackView,
    ComplaintView,
    CustomerReplyView,
    ProgressNoteView,
    TransferRecordView,
)
from hall_desk.storage.models import (
    CallbackRecord,
    Complaint,
    CustomerReplyRecord,
    ProgressNoteRecord,
    TransferRecord,
)
from tests.services.closed import recorded

PAIRS: list[tuple[type[Any], Any]] = [
    (ComplaintView, Complaint),
    (CustomerReplyView, CustomerReplyRecord),
    (CallbackView, CallbackRecord),
    (ProgressNoteView, ProgressNoteRecord),
    (TransferRecordView, TransferRecord),
]


@pytest.mark.parametrize(("view", "model"), PAIRS, ids=[v.__name__ for v, _ in PAIRS])
def test_a_view_has_every_column_of_its_row(view: type[Any], model: Any) -> None:
    """A column added to the model without its view field fails here (and the other way round)."""
    assert [f.name for f in dataclasses.fields(view)] == list(model._meta.fields)


def test_services_return_frozen_views_not_rows(
    ctx: DeskContext, hall: dict[str, StaffSession]
) -> None:
    clerk = hall["clerk"]
    complaint_id = recorded(ctx, clerk)
    shown = complaints.get_complaint(clerk, complaint_id)
    assert type(shown) is ComplaintView and shown.number.startswith(shown.hall_code)
    with pytest.raises(dataclasses.FrozenInstanceError):
        shown.state = "已归档"  # type: ignore[misc]

    after = lifecycle.verify(ctx, clerk, complaint_id, verification="成立", responsibility="我方")
    assert type(after) is ComplaintView and after.verification == "成立"
    assert after.state != shown.state  # a copy taken after the step, not the earlier one
    lifecycle.transfer(ctx, clerk, complaint_id, to_kind="department", to="网络部", note="查信号")
    lifecycle.take_back(ctx, clerk, complaint_id, note="已修复")
    lifecycle.reply_to_customer(ctx, clerk, complaint_id, content="已退还 5 元", method="短信")
    moves = lifecycle.transfers(complaint_id)
    replies = lifecycle.customer_replies(complaint_id)
    assert [type(m) for m in moves] == [TransferRecordView] and moves[0].to_name == "网络部"
    assert [type(r) for r in replies] == [CustomerReplyView] and replies[0].method == "短信"
    assert complaints.get_complaint(clerk, complaint_id).state == "已答复"
