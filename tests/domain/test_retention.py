"""资料保存期限 rules: what of a transfer is due when, at the day boundaries, and what a purge
leaves of a party's identity."""

from __future__ import annotations

from datetime import date, timedelta

from hall_desk.domain.policy import DEFAULT_POLICY, Policy
from hall_desk.domain.retention import (
    PURGED,
    DueItem,
    Held,
    Part,
    TransferFacts,
    due_items,
    new_owner_service_ends,
    redact_party,
    redact_transfer_state,
)
from hall_desk.domain.transfers import TransferState

ALL = frozenset(Part)
DAY = timedelta(days=1)


def completed(
    id: str,
    on: date,
    *,
    phone: str = "13800138000",
    parts: frozenset[Part] = ALL,
    purged: frozenset[Part] = frozenset(),
) -> TransferFacts:
    return TransferFacts(
        id=id,
        number=f"N-{id}",
        phone=phone,
        desk_code="HA01-02",
        state=TransferState.COMPLETED,
        completed_on=on,
        abandoned_on=None,
        paper_kept_until=on.replace(year=on.year + 25),
        parts_held=parts,
        purged=purged,
    )


def due(
    transfers: list[TransferFacts], today: date, policy: Policy = DEFAULT_POLICY
) -> set[tuple[str, Part]]:
    return {item.key for item in due_items(transfers, today, policy)}


def test_the_registered_owners_data_is_due_the_day_after_completion_plus_two_years() -> None:
    t = completed("t1", date(2026, 11, 22))
    assert due([t], date(2028, 11, 22)) == set()  # the last day it must be kept
    assert due([t], date(2028, 11, 23)) == {("t1", Part.REGISTERED_OWNER)}
    [item] = due_items([t], date(2028, 11, 23), DEFAULT_POLICY)
    assert item == DueItem("t1", "N-t1", "13800138000", Part.REGISTERED_OWNER, date(2028, 11, 22))


def test_the_years_come_from_the_policy() -> None:
    t = completed("t1", date(2026, 11, 22))
    three = Policy(identity_retention_years_after_service=3)
    assert due([t], date(2029, 11, 22), three) == set()
    assert due([t], date(2029, 11, 23), three) == {("t1", Part.REGISTERED_OWNER)}


def test_the_new_owner_is_due_only_after_the_number_is_transferred_again() -> None:
    first = completed("t1", date(2026, 11, 22))
    assert due([first], date(2060, 1, 1)) - {("t1", Part.FILES)} == {("t1", Part.REGISTERED_OWNER)}
    # Another number transferred later says nothing about this one.
    other = completed("t9", date(2027, 3, 1), phone="13900139000")
    assert ("t1", Part.NEW_OWNER) not in due([first, other], date(2060, 1, 1))
    second = completed("t2", date(2027, 6, 30))
    assert new_owner_service_ends([second, first]) == {"t1": date(2027, 6, 30)}
    assert ("t1", Part.NEW_OWNER) not in due([first, second], date(2029, 6, 30))
    assert ("t1", Part.NEW_OWNER) in due([first, second], date(2029, 7, 1))
    assert ("t2", Part.NEW_OWNER) not in due([first, second], date(2060, 1, 1))


def test_files_of_a_completed_transfer_are_due_after_the_agreements_25_years() -> None:
    t = completed("t1", date(2026, 11, 22))
    assert ("t1", Part.FILES) not in due([t], date(2051, 11, 22))
    assert ("t1", Part.FILES) in due([t], date(2051, 11, 23))


def test_an_abandoned_transfer_is_due_whole_two_years_after_it_was_given_up() -> None:
    t = TransferFacts(
        id="a",
        number="N-a",
        phone="13800138000",
        desk_code="HA01-02",
        state=TransferState.ABANDONED,
        completed_on=None,
        abandoned_on=date(2026, 12, 1),
        paper_kept_until=None,
        parts_held=ALL,
    )
    assert due([t], date(2028, 12, 1)) == set()
    assert due([t], date(2028, 12, 2)) == {("a", p) for p in Part}
    assert due([t], date(2029, 12, 1), Policy(abandoned_transfer_retention_years=3)) == set()
    assert len(due([t], date(2029, 12, 2), Policy(abandoned_transfer_retention_years=3))) == 3


def test_a_transfer_being_filled_in_is_never_due_nor_what_it_does_not_hold_or_was_purged() -> None:
    filling = TransferFacts(
        id="f",
        number="N-f",
        phone="1",
        desk_code="HA01-02",
        state=TransferState.FILLING,
        completed_on=None,
        abandoned_on=None,
        paper_kept_until=None,
        parts_held=ALL,
    )
    special = completed("s", date(2026, 11, 22), parts=frozenset({Part.NEW_OWNER, Part.FILES}))
    purged = completed("p", date(2026, 1, 1), phone="2", purged=frozenset({Part.REGISTERED_OWNER}))
    assert due([filling, special, purged], date(2099, 1, 1)) == {
        ("s", Part.FILES),
        ("p", Part.FILES),
    }


def test_confirmed_only_when_every_event_and_file_is_held() -> None:
    assert Held(5, 5, 0).confirmed
    assert not Held(5, 4, 0).confirmed
    assert not Held(5, 5, 1).confirmed


OWNER = {
    "id_type": "居民身份证",
    "id_number": "310104198512250047",
    "name": "欧阳娜娜",
    "address": "上海市徐汇区某路2号",
}
NEW = {
    "id_type": "护照",
    "id_number": "E12345678",
    "name": "李四",
    "address": "北京市东城区某街1号",
}
AGENT = {
    "acts_for": "原机主",
    "id_type": "居民身份证",
    "id_number": "110101199003071233",
    "name": "王五",
    "address": "某地",
}


def test_a_redacted_party_keeps_only_what_a_screen_shows() -> None:
    redacted = redact_party(OWNER)
    assert redacted == {
        "id_type": "居民身份证",
        "id_number": "310104********0047",
        "name": "欧***",
        "address": PURGED,
    }
    assert redact_party(redacted) == redacted  # idempotent
    assert redact_party(NEW)["id_number"] == "E*****678"  # a permit: its first and last three


def test_a_transfer_state_is_redacted_for_the_parts_only_changes_included() -> None:
    parties = {"registered_owner": OWNER, "new_owner": NEW, "agents": [AGENT]}
    state = {
        "id": "t1",
        "phone": "13800138000",
        "parties": parties,
        "signatures": {
            "registered_owner": {"signer_name": "欧阳娜娜", "sha256": "a"},
            "clerk": {"signer_name": "张三", "signer_no": "3001"},
        },
        "changes": {"parties": [None, parties], "state": ["填写中", "已完成"]},
    }
    out = redact_transfer_state(state, [Part.REGISTERED_OWNER])
    text = repr(out)
    for value in ("310104198512250047", "欧阳娜娜", "上海市", "110101199003071233", "王五"):
        assert value not in text
    assert out["parties"]["new_owner"] == NEW  # the other party untouched
    assert out["signatures"]["clerk"]["signer_name"] == "张三"  # staff are not purged
    assert out["changes"]["state"] == ["填写中", "已完成"]
    assert out["changes"]["parties"][0] is None
    assert out["phone"] == "13800138000"
    assert redact_transfer_state(out, [Part.REGISTERED_OWNER]) == out
    assert redact_transfer_state(state, [Part.FILES]) == state
    assert state["parties"]["registered_owner"] == OWNER  # the input is not changed


def test_purging_the_files_replaces_the_evidence_names_in_the_state() -> None:
    files = [{"role": "evidence", "name": "欧阳娜娜身份证.jpg", "sha256": "a" * 64, "size": 9}]
    state = {
        "id": "t1",
        "files": files,
        "parties": {"new_owner": NEW},
        "changes": {"files": [[], files]},
    }
    out = redact_transfer_state(state, [Part.FILES])
    assert out["files"] == [{**files[0], "name": PURGED}]
    assert out["changes"]["files"] == [[], [{**files[0], "name": PURGED}]]
    assert out["parties"] == state["parties"]  # identity untouched by a files purge
    assert redact_transfer_state(out, [Part.FILES]) == out
