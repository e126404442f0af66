"""Half-typed forms kept per staff member, so a user switch or an idle lock loses nothing.

A draft belongs to the person who started it and comes back only to them. Drafts are local working
state, not business changes: they write no event and never leave the desk.
"""

from __future__ import annotations

import json
from typing import Any

from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Draft

INTAKE = "complaint.intake"


@signed_in
def save_draft(ctx: DeskContext, session: StaffSession, kind: str, data: dict[str, Any]) -> None:
    with unit_of_work():
        Draft.insert(
            staff_no=session.staff_no,
            kind=kind,
            data=json.dumps(data, ensure_ascii=False),
            updated_at=ctx.clock.now(),
        ).on_conflict_replace().execute()


@signed_in
def load_draft(session: StaffSession, kind: str) -> dict[str, Any] | None:
    row = Draft.get_or_none((Draft.staff_no == session.staff_no) & (Draft.kind == kind))
    if row is None:
        return None
    try:
        data = json.loads(row.data)
    except ValueError:
        return None  # a damaged draft is dropped rather than crash the sign-in
    return data if isinstance(data, dict) else None


@signed_in
def discard_draft(session: StaffSession, kind: str) -> None:
    with unit_of_work():
        Draft.delete().where((Draft.staff_no == session.staff_no) & (Draft.kind == kind)).execute()
