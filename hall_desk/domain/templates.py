"""常用投诉模板 (issue 23): a recurring situation written once, filled in at the counter.

A template names a class and sub-class, a description with blanks and the usual request. A blank is
a label in 【】 (``【金额】元``, ``【日期】``, ``【业务名称】``): the intake form selects one blank after
the other (Tab) and the read-back is refused while one is left (:func:`unfilled_blanks`).

Templates come from two places: head office's policy document (section ``templates``, checked by
:func:`parse_templates_section`, source 总部) and the hall's store manager (``template.*`` events,
source 本厅). A template whose sub-class has left the catalogue is refused when used
(:func:`check_usable`) and flagged in 常用模板. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hall_desk.domain.catalogue import Catalogue
from hall_desk.domain.errors import ErrorCollector, ValidationError, ValidationErrors

BLANK = re.compile(r"【([^【】\n]{1,12})】")
MAX_NAME = 30
MAX_DESCRIPTION = 500
MAX_REQUEST = 200
MAX_TEMPLATES = 200  # in one policy document

TEMPLATE_SAVED = "template.saved"
TEMPLATE_RETIRED = "template.retired"


class TemplateSource(StrEnum):
    HEAD_OFFICE = "总部"
    HALL = "本厅"


@dataclass(frozen=True)
class ComplaintTemplate:
    id: str
    version: int
    name: str  # the situation, e.g. 多扣话费
    main_class: str
    sub_class: str
    description: str  # with 【blanks】
    customer_request: str
    source: TemplateSource = TemplateSource.HALL
    retired: bool = False

    def blanks(self) -> list[str]:
        return blank_labels(self.description) + blank_labels(self.customer_request)

    def payload(self, hall: str) -> dict[str, Any]:
        """The state a ``template.*`` event carries."""
        return {
            "id": self.id,
            "hall": hall,
            "version": self.version,
            "name": self.name,
            "main_class": self.main_class,
            "sub_class": self.sub_class,
            "description": self.description,
            "customer_request": self.customer_request,
            "retired": self.retired,
        }


def blank_labels(text: str) -> list[str]:
    return [m.group(1) for m in BLANK.finditer(text)]


def blank_spans(text: str) -> list[tuple[int, int]]:
    """Where each blank is in ``text``: (start, end) of ``【…】``, in order."""
    return [(m.start(), m.end()) for m in BLANK.finditer(text)]


def unfilled_blanks(description: str, customer_request: str) -> list[str]:
    """The blanks still in a filled-in form (the read-back waits until there are none)."""
    return blank_labels(description) + blank_labels(customer_request)


def refuse_unfilled(description: str, customer_request: str) -> None:
    """``template.blank_unfilled`` naming the first blank left (and the field it is in)."""
    for field, text in (("description", description), ("customer_request", customer_request)):
        labels = blank_labels(text)
        if labels:
            raise ValidationError(
                "template.blank_unfilled", field, blank=labels[0], count=len(labels)
            )


def check_template(template: ComplaintTemplate, catalogue: Catalogue) -> None:
    """Every rule a template must meet to be saved (ValidationErrors naming each field)."""
    errors = ErrorCollector()
    for field, text, limit in (
        ("name", template.name, MAX_NAME),
        ("description", template.description, MAX_DESCRIPTION),
        ("customer_request", template.customer_request, MAX_REQUEST),
    ):
        if not text.strip():
            errors.add("text.required", field)
        elif len(text) > limit:
            errors.add("text.too_long", field, max=limit)
        elif "\x00" in text:
            errors.add("text.nul", field)
    if catalogue.find(template.main_class, template.sub_class) is None:
        errors.add(
            "template.not_in_catalogue",
            "sub_class",
            main=template.main_class,
            sub=template.sub_class,
        )
    errors.raise_if_any()


def in_catalogue(template: ComplaintTemplate, catalogue: Catalogue) -> bool:
    return catalogue.find(template.main_class, template.sub_class) is not None


def check_usable(template: ComplaintTemplate, catalogue: Catalogue) -> None:
    """A template is used only while its sub-class is in the catalogue in force."""
    if not in_catalogue(template, catalogue):
        raise ValidationError(
            "template.not_in_catalogue",
            "sub_class",
            main=template.main_class,
            sub=template.sub_class,
            name=template.name,
        )


def template_from_payload(
    payload: Mapping[str, Any], source: TemplateSource = TemplateSource.HALL
) -> ComplaintTemplate:
    """A template from a ``template.*`` payload or a policy entry (checked types; KeyError/
    TypeError on a malformed one)."""

    def text(key: str) -> str:
        value = payload[key]
        if not isinstance(value, str):
            raise TypeError(key)
        return value

    version = payload.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TypeError("version")
    return ComplaintTemplate(
        id=text("id"),
        version=version,
        name=text("name"),
        main_class=text("main_class"),
        sub_class=text("sub_class"),
        description=text("description"),
        customer_request=text("customer_request"),
        source=source,
        retired=bool(payload.get("retired", False)),
    )


_ENTRY_KEYS = {
    "id",
    "version",
    "name",
    "main_class",
    "sub_class",
    "description",
    "customer_request",
}


def parse_templates_section(
    errors: ErrorCollector, raw: object, catalogue: Catalogue
) -> list[ComplaintTemplate] | None:
    """The policy document's ``templates`` section, checked on its own: a list of entries with
    a unique ``id``, each meeting :func:`check_template` against the document's catalogue."""
    if not isinstance(raw, list) or len(raw) > MAX_TEMPLATES:
        errors.add("policy.templates", "templates", max=MAX_TEMPLATES)
        return None
    found: list[ComplaintTemplate] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"templates[{index}]"
        if not isinstance(entry, Mapping):
            errors.add("policy.not_object", where)
            continue
        unknown = sorted(str(k) for k in entry if k not in _ENTRY_KEYS)
        if unknown:
            errors.add("policy.unknown_key", f"{where}.{unknown[0]}")
            continue
        try:
            template = template_from_payload(entry, TemplateSource.HEAD_OFFICE)
        except (KeyError, TypeError) as missing:
            errors.add("policy.template_field", f"{where}.{missing.args[0]}")
            continue
        if not template.id.strip() or template.id in seen:
            errors.add("policy.template_id", f"{where}.id")
            continue
        seen.add(template.id)
        try:
            check_template(template, catalogue)
        except ValidationErrors as invalid:
            for error in invalid.errors:
                errors.add("policy.template_invalid", f"{where}.{error.field}")
            continue
        found.append(template)
    return found


def templates_section(templates: Iterable[ComplaintTemplate]) -> list[dict[str, Any]]:
    """The JSON form of the checked section (what travels in ``policy.set``)."""
    return [
        {
            "id": t.id,
            "version": t.version,
            "name": t.name,
            "main_class": t.main_class,
            "sub_class": t.sub_class,
            "description": t.description,
            "customer_request": t.customer_request,
        }
        for t in templates
    ]
