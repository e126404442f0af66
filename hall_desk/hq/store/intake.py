"""Intake of uploads: a batch in one transaction, each event checked (envelope, ownership, chain
link, conflicts), stored once, then judged by the intake rules — applied, quarantined or held until
its entity's creation arrives — and the chains advanced."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from hall_desk.domain.envelope import FIELDS, envelope_problem
from hall_desk.domain.errors import DomainError
from hall_desk.domain.lifecycle import LATE_ENTRY
from hall_desk.domain.policy import Policy
from hall_desk.domain.policy_document import parse_policy_document
from hall_desk.domain.refunds import ExecutionState
from hall_desk.hq import intake_rules
from hall_desk.hq.apply import (
    COMPLAINT,
    PAYLOAD_REJECTED,
    REFUND,
    STAFF,
    Application,
    CannotApply,
    plan,
)
from hall_desk.hq.intake_rules import Action, Actor, BatchFacts, Entity
from hall_desk.hq.store.base import _Tx
from hall_desk.hq.store.chains import _json_text
from hall_desk.hq.store.connections import POSTGRES
from hall_desk.hq.store.decisions import LATE_REPLY_ACCEPTED_STATE, LATE_REPLY_CONFIRMED_STATE
from hall_desk.hq.store.desks import DeskIdentity
from hall_desk.hq.store.executions import ExecutionOps
from hall_desk.hq.store.schema import AWAITING_HEAD_OFFICE, HEAD_OFFICE_DECIDED_STATES
from hall_desk.sync.protocol import (
    CHAIN_LINK,
    CONFLICT,
    NOT_YOUR_DESK,
    WAITING,
    EventResult,
    Outcome,
    UploadReply,
    head_office_desk,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


_EVENT_COLUMNS = (
    "id", "hall", "desk", "seq", "type", "schema", "at", "actor", "payload", "prev", "hash",
    "received_at", "receipt_no",
)  # fmt: skip


_EVENT_INTEGERS = frozenset({"seq", "schema", "receipt_no"})


def _events_insert(events: list[dict[str, Any]], dialect: str) -> tuple[str, list[Any]]:
    """One INSERT of a batch's new events (each with its receipt number and ``received_at``), as
    :meth:`ChainOps._insert_event` inserts one: on PostgreSQL from one JSON array of the rows
    (``json_to_recordset``: a short statement with one parameter whatever the batch's size, which
    psycopg neither parses nor escapes element by element), on SQLite as multi-row VALUES."""
    rows = [
        (
            env["id"], env["hall"], env["desk"], env["seq"], env["type"], env["schema"],
            env["at"], env["actor"], _json_text(env["payload"]), env["prev"], env["hash"],
            env["received_at"], env["receipt_no"],
        )
        for env in events
    ]  # fmt: skip
    columns = ", ".join(_EVENT_COLUMNS)
    if dialect == POSTGRES:
        record = ", ".join(
            f"{c} {'bigint' if c in _EVENT_INTEGERS else 'text'}" for c in _EVENT_COLUMNS
        )
        text = json.dumps(
            [dict(zip(_EVENT_COLUMNS, values, strict=True)) for values in rows],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return (
            f"INSERT INTO event ({columns}) SELECT {columns}"
            f" FROM json_to_recordset(?::json) AS r({record})",
            [text],
        )
    row = f"({', '.join('?' for _ in _EVENT_COLUMNS)})"
    return (
        f"INSERT INTO event ({columns}) VALUES {', '.join([row] * len(rows))}",
        [value for values in rows for value in values],
    )


# The tables a batch's deferred writes go to. None of these writes reads another of these tables
# (their foreign keys name ``event``, whose rows are inserted first, ``desk`` or ``hall``; the
# complaint triggers read ``complaint``; a refund's decision is read from ``refund_decision``, which
# intake never writes), so writes to different tables may run in any order; each table's own
# writes keep theirs.
_COMMUTING = frozenset({
    "complaint", "refund", "entity_state", "intake_entity", "intake_flag", "intake_looser",
    "intake_waiting", "quarantine", "conflict",
})  # fmt: skip


_WRITTEN = re.compile(r"\s*(?:INSERT INTO|UPDATE)\s+(\w+)")


def _runs(
    writes: list[tuple[str, tuple[Any, ...] | list[Any]]],
) -> list[tuple[str, list[tuple[Any, ...] | list[Any]]]]:
    """A batch's writes as groups of one statement and its parameter rows (one ``executemany``
    each, issue 18 item 2): a write joins its table's latest group when that group has the same
    statement, so each table's writes keep their order (see :data:`_COMMUTING`); a write to any
    other table keeps its place and nothing is moved across it."""
    groups: list[tuple[str, list[tuple[Any, ...] | list[Any]]]] = []
    latest: dict[str, int] = {}  # table → index of its latest group
    for sql, params in writes:
        written = _WRITTEN.match(sql)
        table = written.group(1) if written else ""
        at = latest.get(table)
        if at is not None and groups[at][0] == sql:
            groups[at][1].append(params)
            continue
        if table not in _COMMUTING:
            latest = {}  # a barrier: nothing joins a group from before it
        else:
            latest[table] = len(groups)
        groups.append((sql, [params]))
    return groups


# issue 20: a 补录 reply not yet accepted by head office (a complaint's ``late_reply``)
_NOT_YET_ACCEPTED = frozenset({LATE_ENTRY, LATE_REPLY_CONFIRMED_STATE})


def _hall_policy(tx: _Tx, hall: str) -> Policy:
    """The hall's current policy as head office published it (its newest version), or the
    built-in default when it has none or it cannot be read (checked when it was published)."""
    row = tx.execute(
        "SELECT document FROM policy_version WHERE hall = ? ORDER BY version DESC LIMIT 1",
        (hall,),
    ).fetchone()
    if row is None:
        return Policy()
    try:
        return parse_policy_document(json.loads(row[0])).policy
    except (DomainError, ValueError):
        log.warning("hall %s: the policy cannot be read, the default quiet hours apply", hall)
        return Policy()


def _has_nul(env: dict[str, Any]) -> bool:
    """PostgreSQL's text cannot hold U+0000; refuse it on both backends alike."""
    return any(isinstance(env[k], str) and "\x00" in env[k] for k in FIELDS)


class _PerEvent(Exception):
    """The batch holds what the set path does not take (a staff change re-published on head
    office's chain, a creation releasing waiting events, a lookup it did not fetch, a write the
    database refused): the per-event path takes the whole batch instead."""


@dataclass
class BatchView:
    """What the per-event path reads one event at a time, fetched once for the whole batch and
    kept current as the batch's writes are planned (issue 18 item 3)."""

    held: dict[str, tuple[str, str | None, str | None, str | None]]  # id → hash, quarantine, wait
    seqs: dict[int, tuple[str, str, str]]  # the desk's seq → id, hash, prev
    fetched_seqs: set[int]
    complaints: dict[str, tuple[str, int] | None]  # complaint id → source desk and seq, or None
    events: list[dict[str, Any]] = field(default_factory=list)  # to insert, in receipt order


class IntakeOps(ExecutionOps):
    """Upload batches from the desks."""

    #: Take batches as sets (issue 18 item 3): a bounded number of round trips per batch. False
    #: takes every batch event by event (the reference the set path is tested against).
    set_based = True

    def upload(self, desk: DeskIdentity, events: list[object]) -> UploadReply:
        """Take one batch from ``desk``: one transaction, one result per event, in order."""
        with self._hall_transaction(desk.hall) as tx:
            results = self._take_set(tx, desk, events) if self.set_based else None
            if results is None:
                facts = self._batch_facts(tx, events)
                results = [self._take(tx, desk, raw, facts) for raw in events]
            summary = self._advance_chain(tx, desk.code)
            if tx.head_office:
                self._advance_chain(tx, head_office_desk(desk.hall))
        counts: dict[str, int] = {}
        for result in results:
            counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
        log.info(
            "desk %s sent %d events: %s; %s", desk.code, len(events), counts, summary.describe()
        )
        return UploadReply(tx.now, results, summary.highest_seq, summary.chain)

    def _take_set(
        self, tx: _Tx, desk: DeskIdentity, events: list[object]
    ) -> list[EventResult] | None:
        """The batch as a set: its reads in one query per kind, every event judged as the
        per-event path judges it, then its writes sent together — one multi-row insert of the
        events, then the rest in order — in one pipeline. None (nothing written) when the
        per-event path must take it (:class:`_PerEvent`)."""
        start = tx.receipt
        facts = self._batch_facts(tx, events)
        tx.view = self._batch_view(tx, desk, events)
        tx.deferred = []
        try:
            results = [self._take(tx, desk, raw, facts) for raw in events]
        except _PerEvent as why:
            log.info("desk %s: batch taken event by event (%s)", desk.code, why)
            tx.receipt = start
            return None
        finally:
            view, writes = tx.view, tx.deferred
            tx.view = tx.deferred = None
        assert view is not None and writes is not None
        if view.events:
            writes.insert(0, _events_insert(view.events, tx.db.dialect))
        try:
            tx.db.run_all(
                [("SAVEPOINT batch", [()]), *_runs(writes), ("RELEASE SAVEPOINT batch", [()])]
            )
        except tx.db.integrity_errors as error:
            # A payload the database refuses: the per-event path quarantines just that event.
            tx.execute("ROLLBACK TO SAVEPOINT batch")
            tx.execute("RELEASE SAVEPOINT batch")
            log.info("desk %s: batch taken event by event (%s)", desk.code, error)
            tx.receipt = start
            return None
        return results

    @staticmethod
    def _batch_view(tx: _Tx, desk: DeskIdentity, events: list[object]) -> BatchView:
        """The batch's held events (by id), the desk's events around its seqs, and the complaints
        it changes: three queries."""
        ids = sorted(
            {e["id"] for e in events if isinstance(e, dict) and isinstance(e.get("id"), str)}
        )
        held: dict[str, tuple[str, str | None, str | None, str | None]] = {}
        if ids:
            for event_id, digest, reason, detail, waiting in tx.execute(
                "SELECT e.id, e.hash, q.reason, q.detail, w.entity_id FROM event e"
                " LEFT JOIN quarantine q ON q.event_id = e.id"
                " LEFT JOIN intake_waiting w ON w.event_id = e.id"
                f" WHERE e.id IN ({', '.join('?' for _ in ids)})",
                ids,
            ).fetchall():
                held[event_id] = (digest, reason, detail, waiting)
        wanted: set[int] = set()
        complaint_ids: set[str] = set()
        for e in events:
            if not isinstance(e, dict):
                continue
            seq = e.get("seq")
            if type(seq) is int:
                wanted |= {seq - 1, seq, seq + 1}
            payload = e.get("payload")
            if (
                isinstance(e.get("type"), str)
                and e["type"].startswith(COMPLAINT + ".")
                and isinstance(payload, dict)
                and isinstance(payload.get("id"), str)
            ):
                complaint_ids.add(payload["id"])
        seqs: dict[int, tuple[str, str, str]] = {}
        if wanted:
            ordered = sorted(wanted)
            for seq, event_id, digest, prev in tx.execute(
                "SELECT seq, id, hash, prev FROM event WHERE desk = ?"
                f" AND seq IN ({', '.join('?' for _ in ordered)})",
                (desk.code, *ordered),
            ).fetchall():
                seqs[int(seq)] = (event_id, digest, prev)
        complaints: dict[str, tuple[str, int] | None] = dict.fromkeys(complaint_ids)
        if complaint_ids:
            ordered_ids = sorted(complaint_ids)
            for complaint_id, source_desk, source_seq in tx.execute(
                "SELECT id, source_desk, source_seq FROM complaint"
                f" WHERE id IN ({', '.join('?' for _ in ordered_ids)})",
                ordered_ids,
            ).fetchall():
                complaints[complaint_id] = (source_desk, int(source_seq))
        return BatchView(held, seqs, wanted, complaints)

    def _batch_facts(self, tx: _Tx, events: list[object]) -> BatchFacts:
        """What the batch's events are judged against: one query per kind (actors, entities and
        their states, refund decisions)."""
        # Each event's envelope is checked in _take; here only what needs() reads must be sound.
        envelopes = [raw for raw in events if intake_rules.readable(raw, tx.hall)]
        facts = BatchFacts(tx.hall, self._clock.now())
        self._fetch_facts(tx, facts, intake_rules.needs(envelopes))  # type: ignore[arg-type]
        facts.waiting = {
            (r[0], r[1])
            for r in tx.execute(
                "SELECT kind, entity_id FROM intake_waiting WHERE hall = ?", (tx.hall,)
            ).fetchall()
        }
        return facts

    @staticmethod
    def _fetch_facts(tx: _Tx, facts: BatchFacts, wanted: intake_rules.Needs) -> None:
        if wanted.policy and facts.policy is None:  # issue 20: the hall's quiet hours
            facts.policy = _hall_policy(tx, facts.hall)
        staff = sorted(wanted.staff - set(facts.actors))
        if staff:
            rows = tx.execute(
                "SELECT s.staff_no, s.full_state, h.staff_no FROM hall_staff s"
                " LEFT JOIN staff_hold h ON h.hall = s.hall AND h.staff_no = s.staff_no"
                f" WHERE s.hall = ? AND s.staff_no IN ({', '.join('?' for _ in staff)})",
                (tx.hall, *staff),
            ).fetchall()
            for staff_no, full_state, held in rows:
                state = json.loads(full_state)
                facts.actors[staff_no] = Actor(
                    staff_no,
                    str(state.get("role", "")),
                    bool(state.get("active", True)),
                    str(state.get("name", "")),
                    held is not None,
                )
        ids = sorted({e for k, e in wanted.entities if (k, e) not in facts.entities})
        if ids:
            rows = tx.execute(
                "SELECT kind, entity_id, hall, desk, state, fixed, source_desk, source_seq"
                f" FROM intake_entity WHERE entity_id IN ({', '.join('?' for _ in ids)})",
                ids,
            ).fetchall()
            for kind, entity_id, hall, desk, state, fixed, source_desk, source_seq in rows:
                if (kind, entity_id) in wanted.entities:
                    facts.entities[(kind, entity_id)] = Entity(
                        kind, entity_id, hall, desk, state, json.loads(fixed), source_desk,
                        int(source_seq),
                    )  # fmt: skip
        refunds = sorted(wanted.refunds - set(facts.decisions))
        if refunds:
            rows = tx.execute(
                "SELECT refund_id, approved FROM refund_decision"
                f" WHERE hall = ? AND refund_id IN ({', '.join('?' for _ in refunds)})",
                (tx.hall, *refunds),
            ).fetchall()
            facts.decisions.update({r[0]: bool(r[1]) for r in rows})
            # issue 16: refunds head office recorded as credited (a cancellation is refused)
            executed = tx.execute(
                "SELECT refund_id FROM refund_execution WHERE state = ?"
                f" AND hall = ? AND refund_id IN ({', '.join('?' for _ in refunds)})",
                (ExecutionState.EXECUTED.value, tx.hall, *refunds),
            ).fetchall()
            facts.executed.update(r[0] for r in executed)

    def _take(self, tx: _Tx, desk: DeskIdentity, raw: object, facts: BatchFacts) -> EventResult:
        event_id = raw.get("id") if isinstance(raw, dict) else None
        event_id = event_id if isinstance(event_id, str) else ""
        problem = envelope_problem(raw)
        if problem is None and _has_nul(raw):  # type: ignore[arg-type]
            problem = "envelope.text"
        if problem is not None:
            return EventResult(event_id, Outcome.REFUSED, problem, "malformed envelope")
        assert isinstance(raw, dict)
        env: dict[str, Any] = raw
        if env["desk"] != desk.code or env["hall"] != desk.hall:
            return EventResult(
                event_id,
                Outcome.REFUSED,
                NOT_YOUR_DESK,
                f"event of {env['desk']}, token of {desk.code}",
            )
        view: BatchView | None = tx.view
        held: tuple[Any, ...] | None  # hash, quarantine reason and detail, waited-for entity
        if view is not None:
            held = view.held.get(event_id)
        else:
            held = tx.execute(
                "SELECT e.hash, q.reason, q.detail, w.entity_id FROM event e"
                " LEFT JOIN quarantine q ON q.event_id = e.id"
                " LEFT JOIN intake_waiting w ON w.event_id = e.id WHERE e.id = ?",
                (event_id,),
            ).fetchone()
        if held is not None:
            # envelope_problem checked the hash against the content: same hash = same content.
            if held[0] == env["hash"]:
                if held[1] is not None:  # still quarantined: say so again, the desk lists it
                    return EventResult(event_id, Outcome.QUARANTINED, held[1], held[2])
                if held[3] is not None:
                    return EventResult(
                        event_id, Outcome.QUARANTINED, WAITING, f"still waiting for {held[3]}"
                    )
                return EventResult(event_id, Outcome.DUPLICATE)
            return self._conflict(tx, env, "this id is held with other content")
        around = (env["seq"] - 1, env["seq"], env["seq"] + 1)
        if view is not None:
            if not view.fetched_seqs.issuperset(around):
                raise _PerEvent(f"seq {env['seq']} was not fetched")
            neighbours = {s: view.seqs[s] for s in around if s in view.seqs}
        else:
            neighbours = {
                int(r[0]): (r[1], r[2], r[3])
                for r in tx.execute(
                    "SELECT seq, id, hash, prev FROM event WHERE desk = ? AND seq IN (?, ?, ?)",
                    (env["desk"], *around),
                ).fetchall()
            }
        if env["seq"] in neighbours:
            taken = neighbours[env["seq"]][0]
            return self._conflict(tx, env, f"seq {env['seq']} is held by event {taken}")
        link = self._link_problem(env, neighbours)
        if link is not None:
            return self._conflict(tx, env, link, CHAIN_LINK)
        if view is not None:
            # inserted with the batch's other events (one multi-row insert), numbered now
            view.events.append({**env, "received_at": tx.now, "receipt_no": tx.next_receipt()})
            view.held[event_id] = (env["hash"], None, None, None)
            view.seqs[env["seq"]] = (event_id, env["hash"], env["prev"])
        else:
            self._insert_event(tx, env)
        return self._admit(tx, env, facts)

    def _admit(self, tx: _Tx, env: dict[str, Any], facts: BatchFacts) -> EventResult:
        """Judge a stored event by the intake rules and apply it, quarantine it or hold it until
        its entity's creation arrives; a creation applied releases the events waiting for it."""
        event_id = env["id"]
        verdict = intake_rules.judge(env, facts)
        if verdict.action is Action.WAIT:
            assert verdict.entity is not None
            tx.write(
                "INSERT INTO intake_waiting (event_id, hall, kind, entity_id, since)"
                " VALUES (?, ?, ?, ?, ?)",
                (event_id, tx.hall, verdict.entity[0], verdict.entity[1], tx.now),
            )
            if tx.view is not None:
                tx.view.held[event_id] = (env["hash"], None, None, verdict.entity[1])
            facts.waiting.add(verdict.entity)
            log.info(
                "event %s (%s seq %d) waits: %s", event_id, env["desk"], env["seq"], verdict.detail
            )
            return EventResult(event_id, Outcome.QUARANTINED, WAITING, verdict.detail)
        try:
            if verdict.action is Action.QUARANTINE:
                raise CannotApply(verdict.reason, verdict.detail)
            application = plan(env)
            if tx.view is not None:
                if application.kind == STAFF:
                    raise _PerEvent("a staff change is re-published on head office's chain")
                # no savepoint: a write the database refuses sends the batch event by event
                self._apply(tx, env, application)
            else:
                tx.execute("SAVEPOINT apply")
                try:
                    self._apply(tx, env, application)
                    if application.kind == STAFF:
                        self._republish_staff(tx, env["actor"], application.state, env["id"])
                except tx.db.integrity_errors as error:
                    tx.execute("ROLLBACK TO SAVEPOINT apply")
                    raise CannotApply(PAYLOAD_REJECTED, tx.db.error_text(error)) from None
                finally:
                    tx.execute("RELEASE SAVEPOINT apply")
        except CannotApply as why:
            tx.write(
                "INSERT INTO quarantine (event_id, reason, detail, at) VALUES (?, ?, ?, ?)",
                (event_id, why.reason, why.detail, tx.now),
            )
            if tx.view is not None:
                tx.view.held[event_id] = (env["hash"], why.reason, why.detail, None)
            log.warning(
                "event %s (%s seq %d) quarantined: %s", event_id, env["desk"], env["seq"], why
            )
            return EventResult(event_id, Outcome.QUARANTINED, why.reason, why.detail)
        self._record_intake(tx, env, verdict, facts)
        if verdict.creates and verdict.entity in facts.waiting:
            assert verdict.entity is not None
            if tx.view is not None:
                raise _PerEvent(f"{verdict.entity[1]} releases the events waiting for it")
            facts.waiting.discard(verdict.entity)
            self._release_waiting(tx, verdict.entity, facts)
        return EventResult(event_id, Outcome.STORED)

    @staticmethod
    def _record_intake(
        tx: _Tx, env: dict[str, Any], verdict: intake_rules.Verdict, facts: BatchFacts
    ) -> None:
        """What the intake rules keep of an applied event: its entity's owner and state, its
        flags, and the newer version's rules it was applied without."""
        entity = intake_rules.note_applied(env, verdict, facts)
        if entity is not None:
            # as note_applied left it (a late event of the same desk changed nothing)
            tx.write(
                "INSERT INTO intake_entity (kind, entity_id, hall, desk, state, fixed, source_desk,"
                " source_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, entity_id)"
                " DO UPDATE SET state = excluded.state, source_desk = excluded.source_desk,"
                " source_seq = excluded.source_seq",
                (
                    entity.kind, entity.entity_id, entity.hall, entity.desk, entity.state,
                    _json_text(entity.fixed), entity.source_desk, entity.source_seq,
                ),
            )  # fmt: skip
        for flag, detail in verdict.flags:
            tx.write(
                "INSERT INTO intake_flag (event_id, flag, hall, detail, at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (event_id, flag) DO NOTHING",
                (env["id"], flag, tx.hall, detail, tx.now),
            )
            log.warning(
                "event %s (%s seq %d) flagged: %s", env["id"], env["desk"], env["seq"], flag
            )
        for rule in verdict.looser:
            tx.write(
                "INSERT INTO intake_looser (family, schema, rule, events, last_event, last_at)"
                " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (family, schema, rule) DO UPDATE"
                " SET events = intake_looser.events + 1, last_event = excluded.last_event,"
                " last_at = excluded.last_at",
                (env["type"].split(".", 1)[0], env["schema"], rule, env["id"], tx.now),
            )

    def _release_waiting(self, tx: _Tx, entity: tuple[str, str], facts: BatchFacts) -> None:
        """The events that waited for this entity's creation, judged and applied in the order head
        office received them."""
        rows = tx.execute(
            f"SELECT {', '.join('e.' + f for f in FIELDS)} FROM intake_waiting w"
            " JOIN event e ON e.id = w.event_id WHERE w.kind = ? AND w.entity_id = ?"
            " ORDER BY e.receipt_no",
            entity,
        ).fetchall()
        if not rows:
            return
        envelopes = [
            {**dict(zip(FIELDS, r, strict=True)), "payload": json.loads(r[8])} for r in rows
        ]
        self._fetch_facts(tx, facts, intake_rules.needs(envelopes))
        for env in envelopes:
            tx.execute("DELETE FROM intake_waiting WHERE event_id = ?", (env["id"],))
            result = self._admit(tx, env, facts)
            log.info(
                "waiting event %s (%s seq %d): %s",
                env["id"],
                env["desk"],
                env["seq"],
                result.outcome.value,
            )

    @staticmethod
    def _link_problem(
        env: dict[str, Any], neighbours: dict[int, tuple[str, str, str]]
    ) -> str | None:
        """Why this event does not link into its desk's held chain (None when it does, or when
        the events either side are not held yet): its ``prev`` must be the hash of the held
        ``seq - 1``, and the held ``seq + 1`` must name its hash. Such an event is refused and
        not stored, so the genuine event for that seq can still be."""
        before = neighbours.get(env["seq"] - 1)
        if before is not None and env["prev"] != before[1]:
            return f"prev is not the hash of seq {env['seq'] - 1} (event {before[0]})"
        after = neighbours.get(env["seq"] + 1)
        if after is not None and after[2] != env["hash"]:
            return f"seq {env['seq'] + 1} (event {after[0]}) names another prev"
        return None

    def _conflict(
        self, tx: _Tx, env: dict[str, Any], detail: str, reason: str = CONFLICT
    ) -> EventResult:
        tx.write(
            "INSERT INTO conflict (desk, event_id, hash, seq, detail, envelope, first_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (desk, event_id, hash) DO UPDATE"
            " SET times = conflict.times + 1, last_at = excluded.last_at",
            (
                env["desk"], env["id"], env["hash"], env["seq"], detail,
                _json_text(env), tx.now, tx.now,
            ),
        )  # fmt: skip
        log.warning(
            "event %s (%s seq %d) refused: %s: %s",
            env["id"],
            env["desk"],
            env["seq"],
            reason,
            detail,
        )
        return EventResult(env["id"], Outcome.REFUSED, reason, detail)

    @staticmethod
    def _acceptance_kept(tx: _Tx, app: Application) -> Application:
        """Issue 20: head office's acceptance of a 补录 reply's stated time stands. A desk's later
        step written before it pulled ``complaint.late_reply_accepted`` carries the reply as not
        yet accepted (补录 / 店长已确认, counted by the time it was recorded); the same reply
        (the same stated time) stays accepted and counted as stated. Read only for such steps
        (rare): the complaint's other events pay nothing."""
        if app.state.get("late_reply") not in _NOT_YET_ACCEPTED:
            return app
        row = tx.execute("SELECT full_state FROM complaint WHERE id = ?", (app.entity_id,))
        held = row.fetchone()
        if held is None:
            return app
        before = json.loads(held[0])
        stated = app.state.get("replied_at")
        if (
            before.get("late_reply") != LATE_REPLY_ACCEPTED_STATE
            or before.get("replied_at") != stated
        ):
            return app
        state = {**app.state, "late_reply": LATE_REPLY_ACCEPTED_STATE, "reply_counted_at": stated}
        return Application(app.kind, app.entity_id, state, app.values)

    def _apply(self, tx: _Tx, env: dict[str, Any], app: Application) -> None:
        # a complaint's state is written once :meth:`_acceptance_kept` had its say
        full_state = "" if app.kind == COMPLAINT else _json_text(app.state)
        # An older event of the same desk never overwrites a newer one (out-of-order arrival).
        newer_only = (
            "excluded.source_desk <> {t}.source_desk OR excluded.source_seq > {t}.source_seq"
        )
        if app.kind == REFUND:
            columns = [
                *app.values,
                "full_state",
                "source_event",
                "source_desk",
                "source_seq",
                "updated_at",
            ]
            values = [*app.values.values(), full_state, env["id"], env["desk"], env["seq"], tx.now]
            decided = ", ".join(f"'{s}'" for s in HEAD_OFFICE_DECIDED_STATES)
            updates = ", ".join(
                f"{c} = excluded.{c}"
                if c != "state"
                else f"state = CASE WHEN refund.state IN ({decided})"
                f" AND excluded.state = '{AWAITING_HEAD_OFFICE}' THEN refund.state"
                " ELSE excluded.state END"
                for c in columns
            )
            tx.write(
                f"INSERT INTO refund (id, {', '.join(columns)})"
                f" VALUES (?, {', '.join('?' for _ in columns)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
                f" WHERE {newer_only.format(t='refund')}",
                (app.entity_id, *values),
            )
            # Decided before it arrived (``decide-refund --hall``): the decision stands.
            approved, refused = HEAD_OFFICE_DECIDED_STATES
            tx.write(
                "UPDATE refund SET state = (SELECT CASE WHEN d.approved = 1 THEN ? ELSE ? END"
                " FROM refund_decision d WHERE d.refund_id = refund.id)"
                " WHERE id = ? AND state = ?"
                " AND EXISTS (SELECT 1 FROM refund_decision d WHERE d.refund_id = refund.id)",
                (approved, refused, app.entity_id, AWAITING_HEAD_OFFICE),
            )
            return
        if app.kind == COMPLAINT:
            app = self._acceptance_kept(tx, app)  # issue 20
            full_state = _json_text(app.state)
            columns = [
                *app.values,
                "full_state",
                "source_event",
                "source_desk",
                "source_seq",
                "updated_at",
            ]
            values = [int(v) if isinstance(v, bool) else v for v in app.values.values()] + [
                full_state,
                env["id"],
                env["desk"],
                env["seq"],
                tx.now,
            ]
            # Update-or-insert, never an upsert: the ``complaint_never_replaced`` trigger refuses
            # every INSERT of a held id (issue 20).
            if tx.view is not None:
                if app.entity_id not in tx.view.complaints:
                    raise _PerEvent(f"complaint {app.entity_id} was not fetched")
                held = tx.view.complaints[app.entity_id]
            else:
                held = tx.execute(
                    "SELECT source_desk, source_seq FROM complaint WHERE id = ?", (app.entity_id,)
                ).fetchone()
            if held is not None and not (held[0] != env["desk"] or int(held[1]) < env["seq"]):
                return  # an older event of the same desk: the newer one stands
            if tx.view is not None:
                tx.view.complaints[app.entity_id] = (env["desk"], env["seq"])
            if held is None:
                tx.write(
                    f"INSERT INTO complaint (id, {', '.join(columns)})"
                    f" VALUES (?, {', '.join('?' for _ in columns)})",
                    (app.entity_id, *values),
                )
            else:
                tx.write(
                    f"UPDATE complaint SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                    (*values, app.entity_id),
                )
            return
        tx.write(
            "INSERT INTO entity_state (kind, entity_id, full_state, source_event, source_desk,"
            " source_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, entity_id) DO UPDATE SET full_state = excluded.full_state,"
            " source_event = excluded.source_event, source_desk = excluded.source_desk,"
            " source_seq = excluded.source_seq, updated_at = excluded.updated_at"
            f" WHERE {newer_only.format(t='entity_state')}",
            (app.kind, app.entity_id, full_state, env["id"], env["desk"], env["seq"], tx.now),
        )
