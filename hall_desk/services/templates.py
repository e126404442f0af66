"""常用投诉模板 (issue 23): head office's default set and the hall's own, for the intake form.

- Head office's come with the policy in force (section ``templates``, source 总部).
- The hall's are the ``template.*`` events of the hall held in the event table: saved or retired
  by a store manager at any desk (one event, one transaction), pulled by every other desk. The
  newest state of a template is the event with its highest ``version`` (a save counts one up from
  the highest this desk holds).
- A template whose sub-class has left the catalogue in force is listed flagged (``usable`` False)
  and refused when used (:func:`hall_desk.domain.templates.check_usable`).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import cast

from hall_desk.domain.errors import NotFound
from hall_desk.domain.staff import Permission, require
from hall_desk.domain.templates import (
    TEMPLATE_RETIRED,
    TEMPLATE_SAVED,
    ComplaintTemplate,
    TemplateSource,
    check_template,
    in_catalogue,
    template_from_payload,
)
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.policy import policy_in_force
from hall_desk.services.setup import require_desk
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.models import Complaint, Event

log = logging.getLogger(__name__)

HISTORY_LIMIT = 5000  # the hall's newest complaints the class suggestion learns from


@dataclass(frozen=True)
class TemplateEntry:
    template: ComplaintTemplate
    usable: bool  # its sub-class is in the catalogue in force


def hall_templates(*, include_retired: bool = False) -> list[ComplaintTemplate]:
    """The hall's own templates, newest state of each, by name."""
    desk = require_desk()
    newest: dict[str, ComplaintTemplate] = {}
    query = Event.select(Event.id, Event.payload, Event.at).where(
        (Event.hall == desk.code) & (Event.type.in_([TEMPLATE_SAVED, TEMPLATE_RETIRED]))
    )
    for event in query.order_by(Event.at):
        try:
            template = template_from_payload(json.loads(event.plain_payload))
        except (ValueError, KeyError, TypeError):
            log.warning("template event %s cannot be read; skipped", event.id)
            continue
        held = newest.get(template.id)
        if held is None or template.version >= held.version:
            newest[template.id] = template
    found = [t for t in newest.values() if include_retired or not t.retired]
    return sorted(found, key=lambda t: t.name)


def head_office_templates() -> list[ComplaintTemplate]:
    return list(policy_in_force().templates)


def list_templates(ctx: DeskContext, *, include_retired: bool = False) -> list[TemplateEntry]:
    """Head office's, then the hall's; each flagged when its sub-class left the catalogue."""
    catalogue = ctx.catalogue
    return [
        TemplateEntry(t, in_catalogue(t, catalogue))
        for t in [*head_office_templates(), *hall_templates(include_retired=include_retired)]
    ]


def find_template(ctx: DeskContext, template_id: str) -> ComplaintTemplate:
    for entry in list_templates(ctx):
        if entry.template.id == template_id:
            return entry.template
    raise NotFound("template.not_found")


@signed_in
def save_template(
    ctx: DeskContext, session: StaffSession, template: ComplaintTemplate
) -> ComplaintTemplate:
    """Save a new template (empty ``id``) or a new version of one of the hall's."""
    require(session.role, Permission.MANAGE_TEMPLATES)
    check_template(template, ctx.catalogue)
    desk = require_desk()
    with unit_of_work():
        held = {t.id: t for t in hall_templates(include_retired=True)}
        if template.id and template.id not in held:
            raise NotFound("template.not_found")
        before = held.get(template.id)
        saved = replace(
            template,
            id=template.id or str(uuid.uuid4()),
            version=before.version + 1 if before is not None else 1,
            source=TemplateSource.HALL,
            retired=False,
        )
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=TEMPLATE_SAVED,
            actor=session.staff_no,
            at=ctx.clock.now(),
            state=saved.payload(desk.code),
            before=before.payload(desk.code) if before is not None else None,
        )
    log.info("template %s saved (version %d)", saved.id, saved.version)
    return saved


@signed_in
def retire_template(ctx: DeskContext, session: StaffSession, template_id: str) -> None:
    """停用: the template leaves the picker at every desk (its complaints keep naming it)."""
    require(session.role, Permission.MANAGE_TEMPLATES)
    desk = require_desk()
    with unit_of_work():
        held = {t.id: t for t in hall_templates()}
        before = held.get(template_id)
        if before is None:
            raise NotFound("template.not_found")
        after = replace(before, version=before.version + 1, retired=True)
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type=TEMPLATE_RETIRED,
            actor=session.staff_no,
            at=ctx.clock.now(),
            state=after.payload(desk.code),
            before=before.payload(desk.code),
        )


def suggestion_history(limit: int = HISTORY_LIMIT) -> list[tuple[str, str, str]]:
    """(class, sub-class, description) of the hall's newest complaints, for the suggestion."""
    rows = cast(
        Iterable[tuple[str, str, str]],
        Complaint.select(Complaint.main_class, Complaint.sub_class, Complaint.description)
        .order_by(Complaint.accepted_at.desc())
        .limit(limit)
        .tuples(),
    )
    return [(str(main), str(sub), str(text)) for main, sub, text in rows]


def template_use_counts(templates: Iterable[ComplaintTemplate]) -> dict[str, int]:
    """How many complaints each template gave (statistics: which situations recur)."""
    ids = [t.id for t in templates]
    if not ids:
        return {}
    rows = cast(
        Iterable[tuple[str, str]],
        Complaint.select(Complaint.template_id, Complaint.id)
        .where(Complaint.template_id.in_(ids))
        .tuples(),
    )
    counts: dict[str, int] = {}
    for template_id, _ in rows:
        counts[str(template_id)] = counts.get(str(template_id), 0) + 1
    return counts
