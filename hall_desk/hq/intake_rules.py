"""Head office trusts no desk: the rules an event must meet before it changes head office's books.

A desk's token proves which desk sent an event, nothing more. The chain link (``prev``) is checked by
the store before anything is kept; everything else is decided here, from the event catalogue
(:mod:`hall_desk.domain.payloads`) and what head office already holds (:class:`BatchFacts`, fetched
once per batch by the store with one query per kind: actors, entities and their states, refund
decisions). Pure Python, no SQL. :func:`judge` gives a :class:`Verdict`:

- **ownership**: the entity belongs to the sending desk's hall and is changed only by the desks the
  catalogue allows (its own desk, or any desk of the hall); head office's own types (refund
  decisions, replies, policies, escrow) come only from ``<HALL>-00``, never from a desk;
- **authority**: the actor exists in the hall and, by head office's record, holds a role the type
  needs. An actor head office has disabled: complaint and follow-up events are applied and flagged
  (``actor.disabled``: 每诉必录, the customer's complaint happened); approvals and staff changes are
  quarantined. A desk's setup is its one bootstrap: ``hall.configured`` at seq 1 and, at seq 2, the
  store manager it creates for itself (a staff number the hall does not have yet);
- **values and states**: the payload checked against the version the event declares; its state
  change allowed by the family's state machine; fields fixed at creation unchanged; a refund only
  shows head office's decision if head office made it. An event valid under its older version but
  not the newest is applied as written, and the newest version's rules it misses are counted;
- **waiting**: a step of an entity whose creation (another desk's, or after a gap) has not arrived
  is held, and applied when the creation arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from hall_desk.domain.deadlines import in_quiet_hours
from hall_desk.domain.lifecycle import (
    CALL_METHODS,
    QuietHoursReason,
    is_late_callback,
    is_late_reply,
)
from hall_desk.domain.payloads import (
    AUTH_NOTICE_SHOWN,
    DEADLINE_CORRECTED,
    FLAG,
    HEAD_OFFICE,
    HEAD_OFFICE_REFUND_STATES,
    LATE_REPLY_CONFIRMED,
    MAX_FUTURE_SECONDS,
    OWN_DESK,
    PayloadSpec,
    looser_rules,
    parse_utc,
    spec_for,
    transition_problem,
    validate,
)
from hall_desk.domain.policy import Policy, Role
from hall_desk.domain.refunds import RefundState

# Quarantine reasons (besides the catalogue's ``type.unknown`` / ``schema.unknown``).
PAYLOAD_INVALID = "payload.invalid"  # a value the declared version's validators refuse
TEXT_NUL = "text.nul"  # U+0000 in a text: no database column can hold it
AT_FUTURE = "at.future"  # dated beyond head office's clock (plus a day)
ORIGIN_HEAD_OFFICE = "origin.head_office"  # a type only head office writes, sent by a desk
ENTITY_OTHER_HALL = "entity.other_hall"  # the entity is another hall's
ENTITY_NOT_OWNER = "entity.not_owner"  # the entity is another desk's (its own desk changes it)
ENTITY_FIXED = "entity.fixed"  # a field fixed at creation changed
STATE_TRANSITION = "state.transition"  # a state change the family's state machine forbids
REFUND_NOT_DECIDED = "refund.not_decided"  # a head-office state head office never decided
# issue 16: a desk's cancellation of a refund head office recorded as credited (已到账)
REFUND_ALREADY_EXECUTED = "refund.already_executed"
ACTOR_UNKNOWN = "actor.unknown"  # no such staff account in the hall, by head office's record
ACTOR_ROLE = "actor.role"  # the actor's role may not produce this type
ACTOR_DISABLED = "actor.disabled"  # disabled: quarantined, or applied and flagged (complaints)
STAFF_HELD = "staff.disabled_by_head_office"  # a hall may not undo head office's disable
WAITING = "waiting"  # the entity's creation has not arrived: held, applied when it does
LATE_REPLY_OWN = "late_reply.own"  # issue 20: a store manager confirming their own 补录 reply
LATE_ENTRY_UNMARKED = "late_entry.unmarked"  # issue 20: a 补录 reply written as an ordinary one
NOTICE_NOT_OWN = "auth_notice.not_own"  # issue 20: someone else acknowledging a person's notice
REPLIED_TO_CUSTOMER = "complaint.replied_to_customer"
CALLED_BACK = "complaint.called_back"
# issue 20: a call (电话) stated in the quiet hours without 客户要求/客户来电 and a note
CALL_QUIET_HOURS = "call.quiet_hours"
# the record's key of a step's stated call time
_STATED_CALL = {REPLIED_TO_CUSTOMER: "replied_at", CALLED_BACK: "called_at"}
LATE_ENTRY_STATES = frozenset({"补录", "店长已确认", "总部已认可"})

UNATTENDED_PREFIX = "desk:"  # actor of an event a desk writes with nobody signed in ("" too)


class Action(StrEnum):
    APPLY = "apply"
    QUARANTINE = "quarantine"
    WAIT = "wait"


@dataclass(frozen=True)
class Actor:
    """A hall's staff account as head office holds it."""

    staff_no: str
    role: str
    active: bool
    name: str = ""
    held: bool = False  # disabled by head office: stands until head office lifts it


@dataclass
class Entity:
    kind: str
    entity_id: str
    hall: str
    desk: str
    state: str | None
    fixed: dict[str, Any] = field(default_factory=dict)
    source_desk: str = ""  # the desk and seq of the event its state came from
    source_seq: int = 0

    def older(self, env: dict[str, Any]) -> bool:
        """``env`` is an event of the same desk older than the one the state came from (it
        arrives late, after a gap): it does not take the state back."""
        return bool(env["desk"] == self.source_desk and env["seq"] < self.source_seq)


@dataclass
class BatchFacts:
    """What head office holds that a batch's events are judged against (fetched once per batch,
    kept up to date in memory as the batch's events are applied)."""

    hall: str
    now: datetime
    actors: dict[str, Actor] = field(default_factory=dict)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    decisions: dict[str, bool] = field(default_factory=dict)  # refund id → approved
    executed: set[str] = field(default_factory=set)  # refund ids head office recorded credited
    waiting: set[tuple[str, str]] = field(default_factory=set)  # entities events wait for
    # issue 20: the hall's policy in force at head office (its quiet hours for calls), fetched
    # when the batch holds a call step (None: not fetched; the built-in default until head
    # office publishes one to the hall)
    policy: Policy | None = None


@dataclass(frozen=True)
class Needs:
    """What to fetch for a batch: staff numbers, (kind, entity id) pairs, refund ids."""

    staff: frozenset[str]
    entities: frozenset[tuple[str, str]]
    refunds: frozenset[str]
    policy: bool = False  # issue 20: a call step is judged against the hall's policy


@dataclass
class Verdict:
    action: Action
    reason: str = ""
    detail: str = ""
    entity: tuple[str, str] | None = None
    flags: list[tuple[str, str]] = field(default_factory=list)
    looser: list[str] = field(default_factory=list)
    creates: bool = False

    @classmethod
    def quarantine(cls, reason: str, detail: str) -> Verdict:
        return cls(Action.QUARANTINE, reason, detail)


def entity_key(env: dict[str, Any]) -> tuple[str, str] | None:
    """(family, entity id) the event changes, or None when its payload does not name one."""
    spec = spec_for(env["type"], env["schema"]) or spec_for(env["type"], 1)
    if spec is None:
        return None
    if spec.key is None:
        return spec.family, env["desk"]
    value = env["payload"].get(spec.key)
    return (spec.family, value) if isinstance(value, str) and value else None


def readable(raw: object, hall: str) -> bool:
    """Enough of an envelope of ``hall`` for :func:`needs` (the whole envelope is checked
    before the event is judged)."""
    return (
        isinstance(raw, dict)
        and raw.get("hall") == hall
        and all(isinstance(raw.get(k), str) for k in ("type", "actor", "desk"))
        and isinstance(raw.get("schema"), int)
        and isinstance(raw.get("payload"), dict)
    )


def needs(envelopes: Iterable[dict[str, Any]]) -> Needs:
    staff: set[str] = set()
    entities: set[tuple[str, str]] = set()
    refunds: set[str] = set()
    policy = False
    for env in envelopes:
        staff.add(env["actor"])
        policy = policy or env["type"] in _STATED_CALL
        key = entity_key(env)
        if key is None:
            continue
        entities.add(key)
        if key[0] == "staff":
            staff.add(key[1])
        if key[0] == "refund":
            refunds.add(key[1])
    return Needs(frozenset(staff), frozenset(entities), frozenset(refunds), policy)


def judge(env: dict[str, Any], facts: BatchFacts) -> Verdict:
    """What head office does with this well-formed, chain-linked event of ``facts.hall``."""
    event_type, schema, payload = env["type"], env["schema"], env["payload"]
    state = {k: v for k, v in payload.items() if k != "changes"}
    problems = validate(event_type, schema, state)
    if problems and problems[0].rule in ("type.unknown", "schema.unknown"):
        return Verdict.quarantine(problems[0].rule, problems[0].detail)
    spec = spec_for(event_type, schema)
    assert spec is not None  # validate() said the type and version are known
    if spec.producer_of(event_type) == HEAD_OFFICE:
        return Verdict.quarantine(
            ORIGIN_HEAD_OFFICE, f"{event_type} is written by head office only, not by a desk"
        )
    at = parse_utc(env["at"])
    if at is None or at > facts.now + timedelta(seconds=MAX_FUTURE_SECONDS):
        return Verdict.quarantine(AT_FUTURE, f"dated {env['at']}: no desk clock shows that")
    if problems:
        nul = [p for p in problems if p.rule == "text.nul"]
        if nul:
            return Verdict.quarantine(TEXT_NUL, "; ".join(str(p) for p in nul)[:500])
        return Verdict.quarantine(PAYLOAD_INVALID, "; ".join(str(p) for p in problems)[:500])
    key = entity_key(env)
    if key is None:
        return Verdict.quarantine(PAYLOAD_INVALID, f"{spec.key} names no entity")
    verdict = Verdict(Action.APPLY, entity=key, creates=spec.creating(event_type))
    refusal = (
        _ownership(env, spec, state, key, facts)
        or _authority(env, spec, state, facts)
        or _late_reply_confirmation(env, state)  # issue 20
        or _late_entry_marked(env, state)  # issue 20
        or _quiet_hours_call(env, state, facts.policy or Policy())  # issue 20
        or _own_notice(env, state)  # issue 20
    )
    if refusal is not None:
        return refusal
    if env["actor"] in facts.actors and not facts.actors[env["actor"]].active:
        verdict.flags.append((ACTOR_DISABLED, f"{env['actor']} is disabled at head office"))
    entity = facts.entities.get(key)
    if entity is None and not spec.creating(event_type) and key[0] != "staff":
        return Verdict(
            Action.WAIT,
            WAITING,
            f"{key[0]} {key[1]} has not arrived yet: held until its creation does",
            entity=key,
        )
    refusal = _states(env, spec, state, entity, facts)
    if refusal is not None:
        return refusal
    verdict.looser = looser_rules(event_type, schema, state)
    return verdict


def _ownership(
    env: dict[str, Any],
    spec: PayloadSpec,
    state: dict[str, Any],
    key: tuple[str, str],
    facts: BatchFacts,
) -> Verdict | None:
    if spec.hall_key is not None and state.get(spec.hall_key) != env["hall"]:
        return Verdict.quarantine(
            ENTITY_OTHER_HALL, f"{spec.hall_key} {state.get(spec.hall_key)!r} is not {env['hall']}"
        )
    producer = spec.producer_of(env["type"])
    owner = state.get(spec.owner_key) if spec.owner_key is not None else env["desk"]
    if owner != env["desk"] and (
        producer == OWN_DESK or str(owner).rsplit("-", 1)[0] != env["hall"]
    ):
        return Verdict.quarantine(
            ENTITY_NOT_OWNER, f"{spec.owner_key} {owner!r} is not {env['desk']}"
        )
    entity = facts.entities.get(key) if key[0] != "staff" else None
    if entity is None:
        return None
    if entity.hall != env["hall"]:
        return Verdict.quarantine(
            ENTITY_OTHER_HALL, f"{key[0]} {key[1]} belongs to hall {entity.hall}"
        )
    if producer == OWN_DESK and entity.desk != env["desk"]:
        return Verdict.quarantine(
            ENTITY_NOT_OWNER, f"{key[0]} {key[1]} is desk {entity.desk}'s: only it changes it"
        )
    return None


def _late_reply_confirmation(env: dict[str, Any], state: dict[str, Any]) -> Verdict | None:
    """Issue 20: a store manager confirms the stated time of a 补录 reply someone else recorded,
    never their own (the reply's recorder is in the event's ``record``)."""
    if env["type"] != LATE_REPLY_CONFIRMED:
        return None
    record = state.get("record")
    recorder = record.get("reply_staff_no") if isinstance(record, dict) else None
    if not isinstance(recorder, str) or not recorder:
        return Verdict.quarantine(PAYLOAD_INVALID, "record.reply_staff_no is missing")
    if recorder == env["actor"]:
        return Verdict.quarantine(
            LATE_REPLY_OWN, f"{env['actor']} may not confirm a 补录 reply they recorded themselves"
        )
    return None


def _late_entry_marked(env: dict[str, Any], state: dict[str, Any]) -> Verdict | None:
    """Issue 20: a reply recorded (the event's ``at``) after the deadline with an earlier stated
    time is 补录 — its record says so, with a reason, and the complaint is marked — so a late
    reply cannot be made to count as on time by the desk that writes it. Checked on payloads that
    carry the issue-20 fields (``late_reply``); an older desk's reply is applied as written.
    Callbacks recorded late are marked 补录 the same way (:func:`_late_callback_marked`)."""
    if env["type"] == CALLED_BACK:
        return _late_callback_marked(env, state)
    if env["type"] != REPLIED_TO_CUSTOMER or "late_reply" not in state:
        return None
    record = state.get("record")
    stated = parse_utc(record.get("replied_at")) if isinstance(record, dict) else None
    due, at = parse_utc(state.get("reply_due")), parse_utc(env["at"])
    if stated is None or due is None or at is None or not is_late_reply(stated, at, due):
        return None
    assert isinstance(record, dict)
    if not _marked_late(record) or state.get("late_reply") not in LATE_ENTRY_STATES:
        return Verdict.quarantine(
            LATE_ENTRY_UNMARKED,
            f"a reply recorded at {env['at']} after the deadline {state.get('reply_due')} and"
            f" stated at {record.get('replied_at')} is 补录: late_entry, late_reason and"
            " late_reply are needed",
        )
    return None


def _late_callback_marked(env: dict[str, Any], state: dict[str, Any]) -> Verdict | None:
    """Issue 20: a callback has no deadline of its own; recorded (the event's ``at``) on a later
    local day (Asia/Shanghai) than the call it states, it is 补录 — its record says so, with a
    reason — as the desk marks it (:func:`hall_desk.domain.lifecycle.is_late_callback`). Checked
    on records that carry the issue-20 fields (``late_entry``); an older desk's callback is
    applied as written."""
    record = state.get("record")
    if not isinstance(record, dict) or "late_entry" not in record:
        return None
    stated, at = parse_utc(record.get("called_at")), parse_utc(env["at"])
    if stated is None or at is None or not is_late_callback(stated, at):
        return None
    if _marked_late(record):
        return None
    return Verdict.quarantine(
        LATE_ENTRY_UNMARKED,
        f"a callback recorded at {env['at']} on a later day than the call it states"
        f" ({record.get('called_at')}) is 补录: late_entry and late_reason are needed",
    )


def _marked_late(record: dict[str, Any]) -> bool:
    """The step's record says 补录 and why."""
    reason = record.get("late_reason")
    return record.get("late_entry") is True and isinstance(reason, str) and bool(reason.strip())


def _quiet_hours_call(env: dict[str, Any], state: dict[str, Any], policy: Policy) -> Verdict | None:
    """Issue 20: a reply or callback by phone whose stated call time (not its time of entry) is
    in the quiet hours (by default 22:00–08:00 Asia/Shanghai, DOMAIN.md; the hall's policy in
    force at head office, ``policy``, as for head office's own replies) carries why — 客户要求 or
    客户来电 — and a note. Checked on records that carry the issue-20 fields (``quiet_reason``);
    an older desk's record is applied as written."""
    key = _STATED_CALL.get(env["type"])
    record = state.get("record")
    if key is None or not isinstance(record, dict) or "quiet_reason" not in record:
        return None
    stated = parse_utc(record.get(key))
    if record.get("method") not in CALL_METHODS or stated is None:
        return None
    if not in_quiet_hours(stated, policy):
        return None
    reason, note = record.get("quiet_reason"), record.get("quiet_note")
    if reason in {r.value for r in QuietHoursReason} and isinstance(note, str) and note.strip():
        return None
    return Verdict.quarantine(
        CALL_QUIET_HOURS,
        f"a call stated at {record.get(key)} is in the hall's quiet hours"
        f" ({policy.quiet_start_hour:02d}:00–{policy.quiet_end_hour:02d}:00 Asia/Shanghai):"
        " quiet_reason 客户要求 or 客户来电 and quiet_note are needed",
    )


def _own_notice(env: dict[str, Any], state: dict[str, Any]) -> Verdict | None:
    """Issue 20: the failed-attempts notice is acknowledged (``auth_notice.shown``) by the
    person's own sign-in only: the hall's desks then show those attempts no more."""
    if env["type"] != AUTH_NOTICE_SHOWN or state.get("staff_no") == env["actor"]:
        return None
    return Verdict.quarantine(
        NOTICE_NOT_OWN,
        f"{env['actor']} may not acknowledge {state.get('staff_no')}'s failed-attempts notice",
    )


def _setup_step(env: dict[str, Any], state: dict[str, Any], facts: BatchFacts) -> bool:
    """A desk's setup: ``hall.configured`` at seq 1, then at seq 2 the store manager it creates
    for itself (actor = that staff number, new to the hall)."""
    if env["type"] == "hall.configured" and env["seq"] == 1:
        return True
    return (
        env["type"] == "staff.changed"
        and env["seq"] == 2
        and state.get("staff_no") == env["actor"]
        and state.get("role") == Role.STORE_MANAGER.value
        and env["actor"] not in facts.actors
    )


def _authority(
    env: dict[str, Any], spec: PayloadSpec, state: dict[str, Any], facts: BatchFacts
) -> Verdict | None:
    actor_no = env["actor"]
    if spec.unattended and actor_no in ("", f"{UNATTENDED_PREFIX}{env['desk']}"):
        return None
    # issue 20: a desk corrects its own 估 deadlines itself when the year's calendar arrives
    if env["type"] == DEADLINE_CORRECTED and actor_no == f"{UNATTENDED_PREFIX}{env['desk']}":
        return None
    if _setup_step(env, state, facts):
        return None
    actor = facts.actors.get(actor_no)
    if actor is None:
        return Verdict.quarantine(
            ACTOR_UNKNOWN, f"hall {facts.hall} has no staff {actor_no!r} at head office"
        )
    roles = {r.value for r in spec.roles_of(env["type"])}
    if actor.role not in roles and not _own_account(env, state, actor):
        return Verdict.quarantine(
            ACTOR_ROLE, f"{actor_no} is {actor.role}: {env['type']} needs {sorted(roles)}"
        )
    if not actor.active and spec.disabled_actor(env["type"]) != FLAG:
        return Verdict.quarantine(
            ACTOR_DISABLED, f"{actor_no} is disabled at head office: {env['type']} is not applied"
        )
    return None


def _own_account(env: dict[str, Any], state: dict[str, Any], actor: Actor) -> bool:
    """Someone changing their own password: their own account, role, name and state unchanged."""
    return (
        env["type"] == "staff.changed"
        and state.get("staff_no") == actor.staff_no
        and state.get("role") == actor.role
        and state.get("active", True) == actor.active
        and state.get("name", actor.name) == actor.name
    )


def _states(
    env: dict[str, Any],
    spec: PayloadSpec,
    state: dict[str, Any],
    entity: Entity | None,
    facts: BatchFacts,
) -> Verdict | None:
    if spec.family == "staff":
        held = facts.actors.get(state["staff_no"])
        if held is not None and held.held and state.get("active", True):
            return Verdict.quarantine(
                STAFF_HELD,
                f"{state['staff_no']} was disabled by head office: only head office enables it",
            )
        return None
    if entity is not None:
        for name in spec.fixed:
            if name in entity.fixed and state.get(name) != entity.fixed[name]:
                return Verdict.quarantine(
                    ENTITY_FIXED,
                    f"{name} was {entity.fixed[name]!r} and cannot become {state.get(name)!r}",
                )
    after = state.get(spec.state_key)
    before = entity.state if entity is not None else None
    late = entity is not None and entity.older(env)
    why = None if late else transition_problem(spec, env["type"], before, after, entity is not None)
    if why is not None:
        return Verdict.quarantine(STATE_TRANSITION, why)
    if (
        spec.family == "refund"
        and after == RefundState.CANCELLED.value
        and state.get("id") in facts.executed
    ):
        return Verdict.quarantine(
            REFUND_ALREADY_EXECUTED,
            f"refund {state.get('number')} was credited to the account by head office: it"
            " cannot be cancelled",
        )
    if spec.family == "refund" and after in HEAD_OFFICE_REFUND_STATES and after != before:
        decided = facts.decisions.get(state["id"])
        approved = after == RefundState.HEAD_OFFICE_APPROVED.value
        if decided is None or decided != approved:
            return Verdict.quarantine(
                REFUND_NOT_DECIDED, f"head office has not decided refund {state['id']} as {after}"
            )
    return None


def note_applied(env: dict[str, Any], verdict: Verdict, facts: BatchFacts) -> Entity | None:
    """Bring ``facts`` up to date after the event was applied; returns the entity as it now stands
    (for the store's ``intake_entity`` row), or None when the event names none."""
    if verdict.entity is None:
        return None
    state = {k: v for k, v in env["payload"].items() if k != "changes"}
    spec = spec_for(env["type"], env["schema"])
    assert spec is not None
    if spec.family == "staff":
        before = facts.actors.get(state["staff_no"])
        facts.actors[state["staff_no"]] = Actor(
            state["staff_no"],
            state["role"],
            bool(state.get("active", True)),
            str(state.get("name", "")),
            before.held if before is not None else False,
        )
        return None  # the hall's accounts are head office's hall_staff rows, by staff number
    entity = facts.entities.get(verdict.entity)
    current = state.get(spec.state_key)
    if entity is None:
        entity = Entity(
            verdict.entity[0],
            verdict.entity[1],
            env["hall"],
            env["desk"],
            current if isinstance(current, str) else None,
            {name: state.get(name) for name in spec.fixed if name in state},
            env["desk"],
            env["seq"],
        )
        facts.entities[verdict.entity] = entity
    elif not entity.older(env):
        entity.state = current if isinstance(current, str) else entity.state
        entity.source_desk, entity.source_seq = env["desk"], env["seq"]
    return entity
