"""Everyone on the event catalogue (issue 21): what desks write, what head office and the other
desks read, all through :mod:`hall_desk.domain.payloads`.

- A creating event (``complaint.created``, ``refund.proposed``, …) carries the state without a
  ``changes`` map: the next payload version of each family that has one; the later events keep it.
- Envelopes desks wrote before (payload version 1, ``tests/sync/stored/desk_events_v1.json``, made
  by the services of the commit before this issue) still verify, still meet their version's rules
  at head office, and are still applied by the desk's row builders (as recovery applies them).
- A field that head office and the other desks keep is added with one catalogue edit, the
  producer's value and a test — this file's last test is that walkthrough.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall_desk.domain.envelope import envelope_hash
from hall_desk.domain.incidents import IncidentDraft
from hall_desk.domain.payloads import (
    CATALOGUE,
    CHANGES,
    LATEST,
    FieldSpec,
    Kind,
    NotInCatalogue,
    read_payload,
    spec_for,
    validate,
)
from hall_desk.services import complaints, incidents, refunds, sync
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.setup import set_up_hall
from hall_desk.storage.db import close_store, open_store, unit_of_work
from hall_desk.storage.events import append_event, events_of_desk
from hall_desk.storage.models import (
    Complaint,
    Event,
    Incident,
    Refund,
    RefundDelegation,
    TypicalCase,
)
from hall_desk.sync import downlink
from hall_desk.sync.protocol import PULL_PATH
from tests.hq.live import LiveHQ
from tests.services.closed import closed, recorded, write
from tests.services.test_refunds import approve, propose
from tests.sync.fixtures import DESK, HALL

STORED_V1 = Path(__file__).parent / "stored" / "desk_events_v1.json"
OTHER_DESK = f"{HALL}-03"


def creating_types() -> dict[str, frozenset[str]]:
    """family → its creating types, for the families whose newest version leaves ``changes`` out."""
    return {
        family: CATALOGUE[(family, version)].creates or frozenset()
        for family, version in LATEST.items()
        if not CATALOGUE[(family, version)].changes_on_create
    }


def work_of_a_day(ctx: DeskContext, hall: dict[str, StaffSession]) -> None:
    """A complaint taken to 已归档 and written up, a refund proposed and approved, a delegation,
    an incident: every family with a creating type but transfers (tests/services cover those)."""
    clerk, manager, leader = hall["clerk"], hall["manager"], hall["leader"]
    complaint_id = closed(ctx, clerk)
    write(ctx, clerk, complaint_id)
    approve(ctx, leader, propose(ctx, clerk, recorded(ctx, clerk), "5.00"), "2001")
    now = ctx.clock.now()
    refunds.delegate_limit(
        ctx, manager, to_staff_no="2001", starts_at=now, ends_at=now + timedelta(days=2)
    )
    incidents.open_incident(
        ctx,
        leader,
        IncidentDraft(cause="人民路基站停电", area="人民路", sub_class="网络故障",
                      network_urgency="紧急", started_at=now),
    )  # fmt: skip


def test_a_creating_event_carries_the_state_without_changes(
    ctx: DeskContext, hall: dict[str, StaffSession]
) -> None:
    work_of_a_day(ctx, hall)
    creating = creating_types()
    assert set(creating) == {
        "complaint", "refund", "transfer", "incident", "delegation", "typical_case",
    }  # fmt: skip
    seen: set[str] = set()
    for env in events_of_desk(DESK):
        family = env["type"].split(".", 1)[0]
        if family not in creating:
            continue
        seen.add(env["type"])
        assert env["schema"] == LATEST[family], env["type"]
        assert (CHANGES in env["payload"]) == (env["type"] not in creating[family]), env["type"]
        assert validate(env["type"], env["schema"], env["payload"]) == [], env["type"]
        assert envelope_hash(env) == env["hash"]
    assert {
        "complaint.created", "complaint.closed", "typical_case.written", "refund.proposed",
        "refund.approved", "delegation.granted", "incident.opened",
    } <= seen  # fmt: skip


def test_a_complaint_with_a_phone_older_rules_took_is_still_written_as_version_1(
    ctx: DeskContext, hall: dict[str, StaffSession]
) -> None:
    complaint_id = recorded(ctx, hall["clerk"])
    with unit_of_work():  # recorded before the strict phone rule (complaint v2)
        Complaint.update(phone="95555").where(Complaint.id == complaint_id).execute()
        row = Complaint.get_by_id(complaint_id)
        state = complaints.complaint_state(row)
        envelope = append_event(
            hall=HALL, desk=DESK, type="complaint.noted", actor="3001", at=ctx.clock.now(),
            state=state, before={**state, "phone": "13812345678"},
        )  # fmt: skip
    assert envelope.schema == 1 and envelope.payload[CHANGES] == {"phone": ["13812345678", "95555"]}
    assert validate(envelope.type, 1, envelope.payload) == []


def test_a_type_or_a_field_the_catalogue_does_not_declare_is_not_written(
    ctx: DeskContext, hall: dict[str, StaffSession]
) -> None:
    complaint_id = recorded(ctx, hall["clerk"])
    count = Event.select().count()
    state = complaints.complaint_state(Complaint.get_by_id(complaint_id))
    for event_type, payload in (
        ("parcel.posted", {"id": "x"}),  # no such family
        ("hq_link.renamed", {"url": "https://hq"}),  # a family whose types are listed
        ("complaint.noted", {**state, "queue_ticket": "A017"}),  # an undeclared field
    ):
        with pytest.raises(NotInCatalogue), unit_of_work():
            append_event(
                hall=HALL, desk=DESK, type=event_type, actor="3001", at=ctx.clock.now(),
                state=payload,
            )  # fmt: skip
    assert Event.select().count() == count


def stored_v1() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(STORED_V1.read_text(encoding="utf-8"))
    return events


def test_envelopes_desks_wrote_before_still_parse_everywhere(store: Path) -> None:
    events = stored_v1()
    assert {e["schema"] for e in events} == {1}
    assert any(CHANGES in e["payload"] and e["type"] == "complaint.created" for e in events)
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for env in events:
        assert envelope_hash(env) == env["hash"]  # the hash: over the payload as it was written
        assert validate(env["type"], 1, env["payload"]) == []  # head office's intake rules
        state = read_payload(env["type"], 1, env["payload"])
        assert CHANGES not in state and state.items() <= env["payload"].items()
        spec = spec_for(env["type"], 1)
        assert spec is not None
        assert spec.version < LATEST[spec.family] or spec.family in ("staff", "hall")
    # As recovery takes a desk's own events back (the same row builders as the downlink).
    with unit_of_work():
        outcomes = [downlink.insert_and_apply(env, hall=HALL, at=at) for env in events]
    assert [o for o, _, _ in outcomes if o.dead] == []
    assert {o.value for o, _, _ in outcomes} == {"applied", "kept"}
    assert Complaint.select().count() == 2
    assert Refund.get().state == "已批准"
    assert (TypicalCase.select().count(), Incident.select().count()) == (1, 1)
    assert RefundDelegation.select().count() == 1
    assert Complaint.get(Complaint.state == "已归档").verification == "成立"


@contextmanager
def declared(family: str, name: str, spec: FieldSpec) -> Iterator[None]:
    """The catalogue edit: ``name`` declared in ``family``'s latest version (as a branch adding a
    field writes it into hall_desk/domain/payloads.py; undone after the test)."""
    fields = CATALOGUE[(family, LATEST[family])].fields
    assert isinstance(fields, dict) and name not in fields
    fields[name] = spec
    try:
        yield
    finally:
        del fields[name]


def test_a_field_is_added_with_one_catalogue_edit_the_producers_value_and_a_test(
    ctx: DeskContext, registered: str, hq: LiveHQ, hall: dict[str, StaffSession], tmp_path: Path
) -> None:
    """The walkthrough: a queue ticket number (取号) on a complaint. Without the catalogue entry the
    producer cannot write it; with it, head office keeps it in the complaint's state and another
    desk of the hall keeps it in the event it pulls and applies the complaint."""
    complaint_id = recorded(ctx, hall["clerk"])
    state = complaints.complaint_state(Complaint.get_by_id(complaint_id))

    def note_ticket() -> None:
        with unit_of_work():
            append_event(
                hall=HALL, desk=DESK, type="complaint.ticket_noted", actor="3001",
                at=ctx.clock.now(), state={**state, "queue_ticket": "A017"}, before=state,
            )  # fmt: skip

    with pytest.raises(NotInCatalogue, match="queue_ticket"):
        note_ticket()  # 1. the producer's value alone: refused, nothing written
    with declared("complaint", "queue_ticket", FieldSpec(Kind.TEXT, required=False)):
        note_ticket()  # 2. one catalogue edit: written as the family's latest version
    written = list(events_of_desk(DESK))[-1]
    assert (written["schema"], written["payload"]["queue_ticket"]) == (LATEST["complaint"], "A017")
    assert written["payload"][CHANGES] == {"queue_ticket": [None, "A017"]}
    report = sync.sync_now(ctx)
    assert report.error is None
    hq_store = hq.store()
    try:  # head office keeps it
        assert hq_store.quarantined() == []
        held = hq_store.complaint(complaint_id)
        assert held is not None and held["queue_ticket"] == "A017"
    finally:
        hq_store.close()
    # Another desk of the hall pulls the hall's events and applies them with its downlink.
    token = hq.add_desk(OTHER_DESK)
    reply = httpx.get(
        hq.url + PULL_PATH, params={"after": "0", "limit": "500"}, headers=hq.auth(token)
    ).json()
    close_store()
    open_store(tmp_path / "other-desk.sqlite3")
    set_up_hall(
        ctx, hall_code=HALL, hall_name="人民路营业厅", district="城东区", service_phone="10086",
        desk_no=3, manager_no="1009", manager_name="钱店长", manager_password="pass-1009-long",
    )  # fmt: skip
    result = downlink.apply_page(
        reply["events"], hall=HALL, desk=OTHER_DESK, after=0, cursor=reply["cursor"],
        at=ctx.clock.now(),
    )  # fmt: skip
    assert result.dead == 0, result.reasons
    kept = [e for e in events_of_desk(DESK) if e["type"] == "complaint.ticket_noted"]
    assert len(kept) == 1 and kept[0]["payload"]["queue_ticket"] == "A017"
    assert kept[0]["hash"] == written["hash"]
    assert Complaint.get_by_id(complaint_id).number == state["number"]  # applied there too
