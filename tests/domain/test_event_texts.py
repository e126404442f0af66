"""Every event type and payload field has a readable text beside the event catalogue (issue 19).

The catalogue's own declarations (every family's fields in every payload version, every type it
names) and the payloads head office's refund loop writes (the contract's four new types and
``refund.decided``'s new fields) — a type or key without a text fails here. The events a real
store writes are checked in tests/ui/test_timeline_texts.py.
"""

from __future__ import annotations

from hall_desk.domain import event_texts, payloads
from hall_desk.domain.event_texts import EVENT_TEXTS, FAMILY_FIELD_TEXTS, event_text, field_text
from hall_desk.domain.payloads import CATALOGUE, family_of

# The refund loop (issue 16): head office's payloads, as the contract gives them.
REFUND_LOOP_PAYLOADS: dict[str, set[str]] = {
    "refund.recommended": {
        "id", "number", "recommended_by", "recommended_by_name", "recommended_at", "note",
        "recommend",
    },
    "refund.executed": {
        "id", "number", "billing_reference", "amount", "executed_at", "recorded_by",
        "recorded_by_name",
    },
    "refund.execution_failed": {
        "id", "number", "reason", "failed_at", "recorded_by", "recorded_by_name",
    },
    "refund.execution_cancelled": {
        "id", "number", "reason", "cancelled_at", "recorded_by", "recorded_by_name",
    },
    "refund.decided": {
        "id", "approved", "reason", "operator", "decided_at", "operator_name", "role",
        "complaint_total", "recommended_by", "recommended_by_name", "recommended_at",
    },
}  # fmt: skip


def catalogue_types() -> set[str]:
    """Every event type the catalogue names: declared types, creating types and per-type rules."""
    found: set[str] = set()
    for spec in CATALOGUE.values():
        for names in (
            spec.types or (),
            spec.creates or (),
            spec.type_producer,
            spec.type_roles,
            spec.type_when_actor_disabled,
        ):
            found.update(names)
    return found


def test_every_type_the_catalogue_names_has_a_text() -> None:
    types = catalogue_types()
    assert {"refund.proposed", "refund.executed", "escrow.released"} <= types
    assert sorted(t for t in types if not event_text(t)) == []


def test_every_field_of_every_family_and_version_has_a_text() -> None:
    missing = [
        f"{spec.family} v{spec.version}: {key}"
        for spec in CATALOGUE.values()
        for key in spec.fields
        if not field_text(spec.family, key)
    ]
    assert missing == []


def test_the_refund_loop_types_and_fields_have_texts() -> None:
    missing = [
        f"{event_type}: {key}"
        for event_type, keys in REFUND_LOOP_PAYLOADS.items()
        for key in sorted(keys)
        if not field_text(family_of(event_type), key)
    ]
    assert missing == []
    assert all(event_text(t) for t in REFUND_LOOP_PAYLOADS)
    assert event_text("refund.proposed") == "申请退费"
    assert field_text("refund", "number") == "退费单号"
    assert field_text("complaint", "number") == "投诉单号"


def test_texts_name_known_families_and_read_as_chinese() -> None:
    families = {spec.family for spec in CATALOGUE.values()}
    assert {family_of(t) for t in EVENT_TEXTS} <= families
    assert set(FAMILY_FIELD_TEXTS) <= families
    for text in event_texts.all_texts():
        assert text.strip() and not text.isascii(), text  # a label, not a key left in place


def test_the_catalogue_module_carries_the_texts() -> None:
    """The texts are reached beside the catalogue's entries (hall_desk.domain.payloads)."""
    assert payloads.event_text is event_text and payloads.field_text is field_text
