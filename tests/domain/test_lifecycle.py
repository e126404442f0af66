"""The complaint's state machine (首问责任制, handling steps): every step from every state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hall_desk.domain.complaints import ComplaintState, state_after_reply
from hall_desk.domain.errors import ValidationErrors
from hall_desk.domain.lifecycle import (
    Satisfaction,
    Step,
    StepRefused,
    allowed_steps,
    transition,
    validate_callback,
    validate_progress,
    validate_reply,
    validate_transfer,
    validate_upgrade,
    validate_verification,
)

S = ComplaintState
OPEN = [S.ACCEPTED, S.VERIFYING, S.TRANSFERRED, S.HANDLING]

# (step, state) → state after, or the refusal code. Every pair is listed: the full matrix.
EXPECTED: dict[Step, dict[ComplaintState, ComplaintState | str]] = {
    Step.START_VERIFICATION: {
        S.ACCEPTED: S.VERIFYING,
        S.VERIFYING: "lifecycle.verification_started",
        S.TRANSFERRED: "lifecycle.verification_started",
        S.HANDLING: "lifecycle.verification_started",
        S.REPLIED: "lifecycle.answered",
        S.CALLED_BACK: "lifecycle.answered",
        S.CLOSED: "lifecycle.closed",
    },
    Step.VERIFY: {
        S.ACCEPTED: S.HANDLING,
        S.VERIFYING: S.HANDLING,
        S.TRANSFERRED: "lifecycle.take_back_first",
        S.HANDLING: S.HANDLING,
        S.REPLIED: "lifecycle.answered",
        S.CALLED_BACK: "lifecycle.answered",
        S.CLOSED: "lifecycle.closed",
    },
    Step.TRANSFER: {
        S.ACCEPTED: S.TRANSFERRED,
        S.VERIFYING: S.TRANSFERRED,
        S.TRANSFERRED: S.TRANSFERRED,
        S.HANDLING: S.TRANSFERRED,
        S.REPLIED: "lifecycle.answered",
        S.CALLED_BACK: "lifecycle.answered",
        S.CLOSED: "lifecycle.closed",
    },
    Step.TAKE_BACK: {
        S.ACCEPTED: "lifecycle.not_transferred",
        S.VERIFYING: "lifecycle.not_transferred",
        S.TRANSFERRED: S.HANDLING,
        S.HANDLING: "lifecycle.not_transferred",
        S.REPLIED: "lifecycle.answered",
        S.CALLED_BACK: "lifecycle.answered",
        S.CLOSED: "lifecycle.closed",
    },
    Step.NOTE_PROGRESS: {
        S.ACCEPTED: S.ACCEPTED,
        S.VERIFYING: S.VERIFYING,
        S.TRANSFERRED: S.TRANSFERRED,
        S.HANDLING: S.HANDLING,
        S.REPLIED: "lifecycle.answered",
        S.CALLED_BACK: "lifecycle.answered",
        S.CLOSED: "lifecycle.closed",
    },
    Step.REPLY: {
        S.ACCEPTED: "lifecycle.verify_first",
        S.VERIFYING: "lifecycle.verify_first",
        S.TRANSFERRED: "lifecycle.take_back_first",
        S.HANDLING: S.REPLIED,
        S.REPLIED: S.REPLIED,
        S.CALLED_BACK: "lifecycle.answered",
        S.CLOSED: "lifecycle.closed",
    },
    Step.HEAD_OFFICE_REPLY: {
        S.ACCEPTED: S.REPLIED,
        S.VERIFYING: S.REPLIED,
        S.TRANSFERRED: S.REPLIED,
        S.HANDLING: S.REPLIED,
        S.REPLIED: S.REPLIED,
        S.CALLED_BACK: S.CALLED_BACK,
        S.CLOSED: S.CLOSED,
    },
    Step.CALL_BACK: {
        **{s: "lifecycle.reply_first" for s in OPEN},
        S.REPLIED: S.CALLED_BACK,
        S.CALLED_BACK: "lifecycle.already_called_back",
        S.CLOSED: "lifecycle.closed",
    },
    Step.CLOSE: {
        **{s: "lifecycle.reply_first" for s in OPEN},
        S.REPLIED: S.CLOSED,
        S.CALLED_BACK: S.CLOSED,
        S.CLOSED: "lifecycle.closed",
    },
    Step.UPGRADE: {**{s: s for s in S if s is not S.CLOSED}, S.CLOSED: "lifecycle.closed"},
    Step.LINK_INCIDENT: {**{s: s for s in S if s is not S.CLOSED}, S.CLOSED: "lifecycle.closed"},
}

MATRIX = [(step, state, EXPECTED[step][state]) for step in Step for state in S]


def test_the_matrix_covers_every_step_and_state() -> None:
    assert len(MATRIX) == len(Step) * len(S)


@pytest.mark.parametrize(("step", "state", "expected"), MATRIX)
def test_every_step_from_every_state(
    step: Step, state: ComplaintState, expected: ComplaintState | str
) -> None:
    satisfaction = Satisfaction.SATISFIED if step is Step.CALL_BACK else None
    if isinstance(expected, ComplaintState):
        assert transition(state, step, satisfaction=satisfaction) is expected
        if step is not Step.HEAD_OFFICE_REPLY:
            assert step in allowed_steps(state)
    else:
        with pytest.raises(StepRefused) as refused:
            transition(state, step, satisfaction=satisfaction)
        assert refused.value.code == expected
        assert step not in allowed_steps(state)


@pytest.mark.parametrize("state", list(S))
def test_a_head_office_reply_follows_the_downlinks_rule(state: ComplaintState) -> None:
    assert transition(state, Step.HEAD_OFFICE_REPLY) is state_after_reply(state)


@pytest.mark.parametrize("state", OPEN)
def test_closing_without_a_reply_is_refused(state: ComplaintState) -> None:
    with pytest.raises(StepRefused) as refused:
        transition(state, Step.CLOSE)
    assert refused.value.code == "lifecycle.reply_first"


@pytest.mark.parametrize(
    ("satisfaction", "after"),
    [
        (Satisfaction.SATISFIED, S.CALLED_BACK),
        (Satisfaction.FAIRLY_SATISFIED, S.CALLED_BACK),
        (Satisfaction.DISSATISFIED, S.HANDLING),
    ],
)
def test_dissatisfied_reopens_to_handling(
    satisfaction: Satisfaction, after: ComplaintState
) -> None:
    assert transition(S.REPLIED, Step.CALL_BACK, satisfaction=satisfaction) is after


def test_after_reopening_a_new_reply_is_needed_before_closing() -> None:
    reopened = transition(S.REPLIED, Step.CALL_BACK, satisfaction=Satisfaction.DISSATISFIED)
    with pytest.raises(StepRefused, match=r"lifecycle\.reply_first"):
        transition(reopened, Step.CLOSE)
    assert transition(transition(reopened, Step.REPLY), Step.CLOSE) is S.CLOSED


NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
ACCEPTED = NOW - timedelta(hours=3)


def fields(error: ValidationErrors) -> list[str]:
    return error.fields()


def test_a_dissatisfied_callback_needs_a_reason() -> None:
    with pytest.raises(ValidationErrors) as missing:
        validate_callback("不满意", "  ", None, accepted_at=ACCEPTED, now=NOW)
    assert fields(missing.value) == ["reason"]
    assert validate_callback("满意", "", None, accepted_at=ACCEPTED, now=NOW).called_at == NOW
    done = validate_callback("不满意", "费用未退", None, accepted_at=ACCEPTED, now=NOW)
    assert done.satisfaction is Satisfaction.DISSATISFIED and done.reason == "费用未退"


def test_verification_needs_both_answers() -> None:
    with pytest.raises(ValidationErrors) as bad:
        validate_verification("", "别人")
    assert sorted(fields(bad.value)) == ["responsibility", "verification"]
    result = validate_verification("成立", "我方", "多扣 5 元")
    assert (result.verification.value, result.responsibility.value) == ("成立", "我方")


def test_transfer_targets() -> None:
    assert validate_transfer("head_office", "", "请总部核查").to_name == "总部"
    dept = validate_transfer("department", "网络部", "请查基站")
    assert (dept.to_name, dept.to_no) == ("网络部", "")
    assert validate_transfer("staff", "3002", "请跟进").to_no == "3002"
    with pytest.raises(ValidationErrors) as bad:
        validate_transfer("department", "", "")
    assert sorted(fields(bad.value)) == ["note", "to_name"]


def test_a_reply_says_what_how_and_when_and_not_in_the_future() -> None:
    reply = validate_reply("已退费 5 元", "电话", None, accepted_at=ACCEPTED, now=NOW)
    assert (reply.method.value, reply.replied_at) == ("电话", NOW)
    with pytest.raises(ValidationErrors) as bad:
        validate_reply("", "飞鸽", NOW + timedelta(hours=1), accepted_at=ACCEPTED, now=NOW)
    assert sorted(fields(bad.value)) == ["content", "method", "replied_at"]
    with pytest.raises(ValidationErrors, match=r"validation\.many"):
        validate_reply("x", "短信", ACCEPTED - timedelta(minutes=1), accepted_at=ACCEPTED, now=NOW)


def test_a_progress_note_needs_a_promised_time_in_the_future() -> None:
    note = validate_progress("正在修复基站", NOW + timedelta(days=1), now=NOW)
    assert note.promised_at == NOW + timedelta(days=1)
    with pytest.raises(ValidationErrors) as bad:
        validate_progress("", NOW, now=NOW)
    assert sorted(fields(bad.value)) == ["promised_at", "told_customer"]


def test_an_upgrade_to_the_regulator_needs_its_reference() -> None:
    with pytest.raises(ValidationErrors) as bad:
        validate_upgrade("通信管理局")
    assert fields(bad.value) == ["escalation_reference"]
    assert validate_upgrade("媒体", tendency="有曝光倾向").tendency.value == "有曝光倾向"
