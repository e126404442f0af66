"""Issue 20, item 6 at head office (both stores): a desk's ``complaint.deadline_corrected``,
written by the desk itself (``desk:<code>``), is applied and head office's complaint row (what its
figures read) takes the corrected deadline; another desk, or a person of another role, cannot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hall_desk.hq.store import DeskIdentity, HQStore
from tests.hq.envelopes import DeskChain, complaint_state, seed_staff

D2 = DeskIdentity("HA01-02", "HA01", revoked=False)
D3 = DeskIdentity("HA01-03", "HA01", revoked=False)
ESTIMATE = "2027-01-06T02:00:00.000000Z"
CORRECTED = "2027-01-05T02:00:00.000000Z"


@pytest.fixture
def hq(database_url: str) -> Iterator[HQStore]:
    store = HQStore.open(database_url)
    store.add_hall("HA01", "人民路营业厅")
    store.add_desk("HA01-02")
    store.add_desk("HA01-03")
    seed_staff(store)
    yield store
    store.close()


def reply_due_column(hq: HQStore, complaint_id: str) -> str:
    with hq._lock:
        row = hq._db.execute("SELECT reply_due FROM complaint WHERE id = ?", (complaint_id,))
        return str(row.fetchone()[0])


def test_the_correction_reaches_head_offices_figures(hq: HQStore) -> None:
    chain = DeskChain()
    state = {**complaint_state("HA01-02", 1), "reply_due": ESTIMATE, "reply_due_estimated": True}
    created = chain.next(payload=state)
    corrected_state = {
        **state, "reply_due": CORRECTED, "reply_due_estimated": False,
        "reply_due_estimate": ESTIMATE,
        "record": {"estimate": ESTIMATE, "corrected": CORRECTED, "applied": CORRECTED,
                   "answered_before": False, "calendar_years": [2027]},
    }  # fmt: skip
    corrected = chain.next("complaint.deadline_corrected", corrected_state, actor="desk:HA01-02")
    results = hq.upload(D2, [created, corrected]).results
    assert [(r.outcome.value, r.reason) for r in results] == [("stored", ""), ("stored", "")]
    assert reply_due_column(hq, state["id"]) == CORRECTED
    held = hq.complaint(state["id"])
    assert held is not None and held["reply_due_estimate"] == ESTIMATE

    other = DeskChain("HA01-03").next(
        "complaint.deadline_corrected", corrected_state, actor="desk:HA01-02"
    )
    (result,) = hq.upload(D3, [other]).results
    assert result.outcome.value == "quarantined"
