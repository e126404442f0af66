"""常用投诉模板 on a real store (issue 23): saved by a store manager with one event head office
accepts, listed with head office's, a complaint records the template and version it came from; a
template whose sub-class left the catalogue is flagged and refused; a blank left is refused."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE_DATA, Catalogue
from hall_desk.domain.complaints import ComplaintDraft
from hall_desk.domain.errors import PermissionDenied, ValidationError
from hall_desk.domain.templates import ComplaintTemplate, TemplateSource
from hall_desk.hq.apply import plan
from hall_desk.services import templates
from hall_desk.services.complaints import record_complaint
from hall_desk.services.context import DeskContext, StaffSession
from hall_desk.storage.models import Complaint, Event

BROADBAND = ComplaintTemplate(
    id="",
    version=1,
    name="宽带故障",
    main_class="业务种类",
    sub_class="宽带业务",
    description="客户家中宽带自【日期】起无法上网。",
    customer_request="尽快上门修复",
)


def filled(template: ComplaintTemplate, **changes: str) -> ComplaintDraft:
    draft = ComplaintDraft(
        phone="13812345678",
        customer_name="陈先生",
        main_class=template.main_class,
        sub_class=template.sub_class,
        description=template.description.replace("【日期】", "3月5日"),
        customer_request=template.customer_request,
    )
    return replace(draft, **changes)


def test_a_store_manager_saves_and_retires_with_one_event_each(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    with pytest.raises(PermissionDenied):
        templates.save_template(ctx, hall["leader"], BROADBAND)
    saved = templates.save_template(ctx, hall["manager"], BROADBAND)
    event = Event.select().order_by(Event.seq.desc()).first()
    payload = json.loads(event.payload)
    assert (event.type, event.actor, payload["version"]) == ("template.saved", "1001", 1)
    envelope = {k: getattr(event, k) for k in ("type", "schema", "hall", "desk")}
    assert plan({**envelope, "payload": payload}).entity_id == saved.id  # head office takes it
    second = templates.save_template(ctx, hall["manager"], replace(saved, name="宽带断网"))
    assert second.version == 2
    assert [(e.template.name, e.template.version) for e in templates.list_templates(ctx)] == [
        ("宽带断网", 2)
    ]
    templates.retire_template(ctx, hall["manager"], saved.id)
    assert templates.list_templates(ctx) == []
    assert Event.select().order_by(Event.seq.desc()).first().type == "template.retired"


def test_a_complaint_records_the_template_and_version_it_came_from(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    saved = templates.save_template(ctx, hall["manager"], BROADBAND)
    recorded = record_complaint(ctx, hall["clerk"], filled(saved), template=saved)
    row = Complaint.get_by_id(recorded.id)
    assert (row.template_id, row.template_version) == (saved.id, 1)
    payload = json.loads(Event.select().order_by(Event.seq.desc()).first().payload)
    assert (payload["template_id"], payload["template_version"]) == (saved.id, 1)
    assert templates.template_use_counts([saved]) == {saved.id: 1}
    # typed freely: no template in the event at all
    free = record_complaint(ctx, hall["clerk"], filled(saved))
    assert Complaint.get_by_id(free.id).template_id is None
    assert "template_id" not in json.loads(
        Event.select().order_by(Event.seq.desc()).first().payload
    )


def test_a_blank_left_is_refused_and_named(hall: dict[str, StaffSession], ctx: DeskContext) -> None:
    saved = templates.save_template(ctx, hall["manager"], BROADBAND)
    draft = filled(saved, description=saved.description)
    with pytest.raises(ValidationError) as caught:
        record_complaint(ctx, hall["clerk"], draft, template=saved)
    assert (caught.value.code, caught.value.params["blank"]) == ("template.blank_unfilled", "日期")
    assert Complaint.select().count() == 0


def test_a_template_whose_sub_class_left_the_catalogue_is_flagged_and_refused(
    hall: dict[str, StaffSession], ctx: DeskContext
) -> None:
    saved = templates.save_template(ctx, hall["manager"], BROADBAND)
    smaller = {k: v for k, v in DEFAULT_CATALOGUE_DATA.items() if k != "业务种类"}
    narrowed = DeskContext(clock=ctx.clock, catalogue=Catalogue(smaller))
    (entry,) = templates.list_templates(narrowed)
    assert entry.template.id == saved.id and entry.usable is False
    with pytest.raises(ValidationError) as caught:
        record_complaint(narrowed, hall["clerk"], filled(saved), template=saved)
    assert caught.value.code == "template.not_in_catalogue"
    assert caught.value.params["sub"] == "宽带业务"
    assert entry.template.source is TemplateSource.HALL
