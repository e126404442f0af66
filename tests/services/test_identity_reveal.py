"""Who may see a full identity number, and that every look is recorded (issue 9; DOMAIN.md
"Keeping records": restrict who may see them, and record who looked): a store manager for any
transfer; the clerk who opened a transfer while it is 填写中. Each allowed reveal writes exactly one
``identity.viewed`` event (who, when, which transfer and person), never the number."""

from __future__ import annotations

import json

import pytest

from hall_desk.domain.errors import NotFound, PermissionDenied
from hall_desk.domain.transfers import PartyRole, TransferState
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.services.transfers import (
    IDENTITY_VIEWED,
    abandon_transfer,
    complete_transfer,
    get_transfer,
    may_reveal,
    open_transfer,
    reveal_id_number,
    sign_as_clerk,
    sign_as_customer,
)
from hall_desk.storage.models import Event
from tests.documents.samples import signature_png
from tests.services.test_transfers_service import NEW_OWNER, OWNER, normal_form


def viewed() -> list[Event]:
    return list(Event.select().where(Event.type == IDENTITY_VIEWED).order_by(Event.seq))


def test_the_opening_clerk_and_the_store_manager_may_see_a_transfer_being_filled_in(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    assert view.draft.registered_owner is not None
    assert view.draft.registered_owner.id_number == "310104********0047"  # the view masks

    assert reveal_id_number(ctx, clerk, view.id, "registered_owner") == OWNER["id_number"]
    events = viewed()
    assert len(events) == 1
    payload = json.loads(events[0].plain_payload)
    assert events[0].actor == "3001"
    assert payload["transfer_id"] == view.id and payload["number"] == view.number
    assert payload["party"] == "registered_owner" and payload["viewer_role"] == "营业员"
    assert payload["viewed_at"] == "2026-11-22T02:00:00.000000Z"
    for text in (events[0].payload, events[0].plain_payload):
        assert OWNER["id_number"] not in text and "0047" not in text

    assert reveal_id_number(ctx, hall["manager"], view.id, "new_owner") == NEW_OWNER["id_number"]
    assert [e.actor for e in viewed()] == ["3001", "1001"]
    assert may_reveal(clerk, view) and may_reveal(hall["manager"], view)


@pytest.mark.parametrize("who", ["clerk2", "leader"])
def test_others_are_refused_and_nothing_is_recorded(
    who: str, hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    view = open_transfer(ctx, hall["clerk"], normal_form())
    with pytest.raises(PermissionDenied) as refused:
        reveal_id_number(ctx, hall[who], view.id, "new_owner")
    assert refused.value.code == "identity.view_denied"
    assert viewed() == [] and not may_reveal(hall[who], view)


def test_after_completion_only_the_store_manager_may(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    for party in (PartyRole.REGISTERED_OWNER, PartyRole.NEW_OWNER):
        sign_as_customer(ctx, clerk, view.id, party, signature_png())
    sign_as_clerk(ctx, clerk, view.id, signature_png())
    done = complete_transfer(ctx, clerk, view.id)
    assert done.state is TransferState.COMPLETED and not may_reveal(clerk, done)
    with pytest.raises(PermissionDenied) as refused:
        reveal_id_number(ctx, clerk, view.id, "new_owner")
    assert refused.value.code == "identity.view_denied"
    assert viewed() == []
    assert reveal_id_number(ctx, hall["manager"], view.id, "new_owner") == NEW_OWNER["id_number"]
    assert len(viewed()) == 1


def test_an_abandoned_transfer_is_no_longer_the_clerks_to_see(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    view = open_transfer(ctx, hall["clerk"], normal_form())
    abandon_transfer(ctx, hall["clerk"], view.id, "客户改日再来")
    with pytest.raises(PermissionDenied):
        reveal_id_number(ctx, hall["clerk"], view.id, "new_owner")
    assert viewed() == []


def test_an_unknown_person_is_not_found_and_not_recorded(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    view = open_transfer(ctx, hall["clerk"], normal_form())
    for who in ("agents.0", "agents.x", "somebody"):
        with pytest.raises(NotFound):
            reveal_id_number(ctx, hall["manager"], view.id, who)
    assert viewed() == []


def test_a_number_sent_back_masked_keeps_the_stored_one_and_a_new_one_replaces_it(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    from hall_desk.services.transfers import update_transfer
    from hall_desk.storage.models import Transfer

    clerk = hall["clerk"]
    view = open_transfer(ctx, clerk, normal_form())
    shown = normal_form(
        new_owner={**NEW_OWNER, "id_number": view.draft.new_owner.id_number},
        registered_owner={**OWNER, "id_number": "310104********0047"},
    )
    same = update_transfer(ctx, clerk, view.id, shown)
    assert same.number == view.number
    parties = json.loads(Transfer.get_by_id(view.id).parties)
    assert parties["new_owner"]["id_number"] == NEW_OWNER["id_number"]
    assert Event.select().where(Event.type == "transfer.updated").count() == 0  # nothing changed
    retyped = normal_form(
        new_owner={**NEW_OWNER, "id_number": "440106199003071231"},
        registered_owner={**OWNER, "id_number": "310104********0047"},
    )
    update_transfer(ctx, clerk, view.id, retyped)
    parties = json.loads(Transfer.get_by_id(view.id).parties)
    assert parties["new_owner"]["id_number"] == "440106199003071231"
    assert parties["registered_owner"]["id_number"] == OWNER["id_number"]
    assert get_transfer(ctx, clerk, view.id).draft.new_owner.id_number == "440106********1231"
