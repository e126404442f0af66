"""The policy in force (DOMAIN.md: "keep the numbers in one policy module"): the newest
``policy.set`` head office published and this desk applied, or the defaults of DOMAIN.md.

A policy applies to what is accepted after it arrives: a complaint keeps the deadlines and the
``policy_version`` computed when it was accepted (they are stored on it), so nothing here ever
recomputes an accepted complaint.

:func:`policy_in_force` is cheap enough to call on every use (one primary-key look-up; the parsed
document is cached by store and version), so a policy applied by the sync thread is in force for the
next complaint at once, in every thread.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime

import peewee

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, DEFAULT_CATALOGUE_DATA, OTHER, Catalogue
from hall_desk.domain.errors import DomainError
from hall_desk.domain.policy import DEFAULT_POLICY, Policy
from hall_desk.domain.policy_document import parse_policy_document
from hall_desk.domain.templates import ComplaintTemplate
from hall_desk.storage.db import database
from hall_desk.storage.models import PolicyVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PolicyInForce:
    policy: Policy
    catalogue: Catalogue
    version: int
    received_at: datetime | None  # None: the defaults (no policy from head office yet)
    actor: str  # the head-office operator who set it ("" for the defaults)
    templates: tuple[ComplaintTemplate, ...] = ()  # issue 23: head office's 常用投诉模板

    @property
    def from_head_office(self) -> bool:
        return self.received_at is not None


DEFAULTS = PolicyInForce(DEFAULT_POLICY, DEFAULT_CATALOGUE, DEFAULT_POLICY.version, None, "")

_cache: dict[tuple[str, int], PolicyInForce] = {}
_lock = threading.Lock()


def policy_in_force() -> PolicyInForce:
    """The policy and catalogue for what is accepted now. The defaults when no store is open or
    head office has not published a policy yet."""
    if database.database is None or database.is_closed():
        return DEFAULTS
    try:
        row = (
            PolicyVersion.select(PolicyVersion.version)
            .order_by(PolicyVersion.version.desc())
            .first()
        )
    except peewee.DatabaseError:  # a store of an older schema being opened: the defaults
        return DEFAULTS
    if row is None:
        return DEFAULTS
    key = (str(database.database), int(row.version))
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    found = _load(int(row.version))
    with _lock:
        _cache[key] = found
    return found


def _load(version: int) -> PolicyInForce:
    row = PolicyVersion.get_by_id(version)
    try:
        document = parse_policy_document(json.loads(row.document))
    except (ValueError, DomainError):  # checked when applied; a damaged row falls back loudly
        log.error("policy version %d in the store cannot be read; using the defaults", version)
        return DEFAULTS
    return PolicyInForce(
        document.policy,
        Catalogue(display_order(document.catalogue)),
        document.policy.version,
        row.received_at,
        row.actor,
        document.templates,
    )


def display_order(catalogue: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """A catalogue in the order staff know: canonical JSON (the event hash) sorts keys, so a
    published catalogue arrives in code-point order. Classes and sub-classes of the default
    catalogue keep its order, new ones follow, and 其他 stays last."""

    def rank(name: str, known: list[str]) -> tuple[int, int, str]:
        if name == OTHER:
            return (2, 0, name)
        return (0, known.index(name), name) if name in known else (1, 0, name)

    mains = list(DEFAULT_CATALOGUE_DATA)
    ordered: dict[str, dict[str, str]] = {}
    for main in sorted(catalogue, key=lambda m: rank(m, mains)):
        subs = list(DEFAULT_CATALOGUE_DATA.get(main, {}))
        ordered[main] = {
            s: catalogue[main][s] for s in sorted(catalogue[main], key=lambda x: rank(x, subs))
        }
    return ordered


def policy_history() -> list[PolicyInForce]:
    """Every policy applied at this desk, newest first (for a "policy" page, and support)."""
    return [
        _load(int(r.version))
        for r in PolicyVersion.select(PolicyVersion.version).order_by(PolicyVersion.version.desc())
    ]
