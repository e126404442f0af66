"""A transfer's refusals, all at once, each on its own line (hall_desk.ui.errors.error_text), now
that the transfers' rules are loaded only when such an error is shown (issue 22, goal 1)."""

from __future__ import annotations

from hall_desk.domain.errors import DomainError
from hall_desk.domain.transfers import (
    NOT_SPECIAL,
    SAME_WITNESS,
    TransferRefusals,
    TransferRefused,
)
from hall_desk.ui.errors import error_text


def test_every_refusal_is_a_line_of_its_own() -> None:
    first = TransferRefused(SAME_WITNESS, "signatures.second_witness", staff_no="2001")
    second = TransferRefused(NOT_SPECIAL, "approval")
    text = error_text(TransferRefusals([first, second]))
    assert text.split("\n") == [error_text(first), error_text(second)]
    assert "2001" in text
    # a plain error with that code (no refusals to list) is one message, not a crash
    assert "\n" not in error_text(DomainError("transfer.refused", None, count=0))
