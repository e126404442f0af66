"""The approval box (issue 20): wrong passwords typed for the store manager pause their approvals
here, never their sign-in; they are told at their next sign-in how many, from which desk, when."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import AuthenticationError
from hall_desk.services import complaints, refunds
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.ui.errors import error_text
from hall_desk.ui.mainwindow import MainWindow
from tests.services.test_refunds import refund_draft
from tests.ui.conftest import sign_in


def test_the_store_manager_signs_in_and_is_told_of_the_attempts(
    qtbot: QtBot, window: MainWindow, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    complaint = complaints.record_complaint(
        ctx,
        clerk,
        ComplaintDraft(phone="13800138000", customer_name="陈先生", main_class="电信资费",
                       sub_class="资费争议/乱收费", description="话费多扣", customer_request="退费",
                       amount="150"),
    )  # fmt: skip
    refund = refunds.propose_refund(ctx, clerk, complaint.id, refund_draft("150"))
    for _ in range(5):
        with pytest.raises(AuthenticationError) as caught:
            refunds.approve_refund(ctx, clerk, refund.id, approver_no="1001", approver_password="x")
    assert caught.value.code == "auth.approval_paused"
    assert "不影响其登录" in error_text(caught.value)
    told: list[str] = []
    window.show_failed_attempts = told.append  # type: ignore[method-assign]
    sign_in(qtbot, window, "1001")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tabs)
    assert len(told) == 1
    assert "HA01-02：5 次" in told[0] and "您的登录不受影响" in told[0]


def test_the_intake_warns_when_the_appeal_window_has_passed(
    qtbot: QtBot, window: MainWindow, ctx: DeskContext
) -> None:
    """Issue 20: a fee dispute that happened more than 5 months ago (others: 2 years) is still
    recorded, with a warning that an appeal to the telecom administration would be refused."""
    from datetime import timedelta

    from PySide6.QtCore import QDateTime

    from hall_desk.domain.clock import SHANGHAI

    sign_in(qtbot, window, "3001")
    form = window.intake
    form.class_combo.setCurrentText("电信资费")
    form.sub_combo.setCurrentText("资费争议/乱收费")
    assert form.appeal_label.isHidden()
    long_ago = (ctx.clock.now() - timedelta(days=160)).astimezone(SHANGHAI).replace(tzinfo=None)
    form.occurred_edit.setDateTime(QDateTime(long_ago))
    assert not form.appeal_label.isHidden()
    assert "5 个月" in form.appeal_label.text() and "照常受理" in form.appeal_label.text()
    # Not a fee dispute: within 2 years, no warning.
    form.class_combo.setCurrentText("电信服务")
    form.sub_combo.setCurrentText(form.sub_combo.itemText(1))
    assert form.appeal_label.isHidden()
