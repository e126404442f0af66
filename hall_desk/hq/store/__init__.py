"""Head office's store: halls, desks and their token hashes, operators, every event exactly once,
quarantine, conflicts, each desk's chain state, head office's own chain per hall, and the applied
business tables. **All of head office's SQL is in this package.**

- Opened from a database URL: ``sqlite:///relative/path`` or ``sqlite:////absolute/path`` (the
  default), or ``postgresql://user:password@host:port/dbname`` (psycopg 3) for production. The SQL
  keeps to what both speak (``INSERT … ON CONFLICT … DO UPDATE … WHERE``, ``?`` placeholders, no
  dialect-only functions in the business logic); what differs is confined to :class:`_Db` and the
  schema scripts: connecting, pragmas, the ``%s`` placeholder, integer widths, the first-responder
  trigger, the schema version (``PRAGMA user_version`` vs a ``schema_version`` table) and locking.
- **Connections.** SQLite: one connection behind a lock. PostgreSQL: a pool (``psycopg_pool``,
  at most ``pool_size``) that checks each connection before handing it out and replaces those the
  server ended, so a dropped connection costs at most the operation using it; no connection within
  ``CHECKOUT_TIMEOUT`` is :class:`HQStoreUnavailable`. Either way ``with self._lock:`` gives the
  calling thread its connection as ``self._db``.
- **One writer per hall.** Every write transaction that adds events for a hall first locks that hall:
  SQLite's ``BEGIN IMMEDIATE`` (one writer at all), PostgreSQL's ``SELECT … FOR UPDATE`` on the hall
  row. Under that lock each stored event gets the hall's next **receipt number** (``event.receipt_no``,
  a per-hall counter in ``hall.last_receipt``), so receipt numbers commit in order and a desk pulling
  ``after=n`` can never miss an event committed later with a smaller number.
- An upload batch is **one transaction**: a kill at any moment leaves either the whole batch or none
  of it, and a retry answers ``duplicate`` for whatever was committed. Staff changes in it are applied
  and re-published on the hall's head-office chain in the same transaction.
- The chain is checked **incrementally**: per desk the highest contiguous ``seq`` and its hash; each
  batch only walks the events just above it.
- Head office's own decisions for hall ``H`` are events on the chain ``H-00`` (a desk row without a
  usable token), with an operator as actor (``op:<name>``), stored in the same event table.
- Files the desks send (a transfer's evidence and final PDFs, schema 4) are kept once by the SHA-256
  head office computed, in ``stored_file`` (``BLOB`` / ``BYTEA``), apart from the events naming them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hall_desk.domain.clock import parse_utc_iso, utc_iso
from hall_desk.domain.envelope import FIELDS, envelope_hash, envelope_problem
from hall_desk.domain.errors import DomainError
from hall_desk.domain.policy import DEFAULT_POLICY
from hall_desk.domain.policy_document import parse_policy_document, policy_document
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
from hall_desk.hq.store.chains import ChainOps, ChainSummary, _json_text
from hall_desk.hq.store.connections import (
    CHECKOUT_TIMEOUT,
    DB_UNAVAILABLE,
    DEFAULT_POOL_SIZE,
    HEALTH_TIMEOUT,
    POSTGRES,
    SQLITE,
    HQStoreError,
    HQStoreUnavailable,
    _Db,
    dialect_of,
    redact_url,
    sqlite_path,
)
from hall_desk.hq.store.desks import (
    DeskIdentity,
    DeskOps,
    OperatorIdentity,
    OperatorRow,
    new_operator_token,
    new_token,
    token_hash,
)
from hall_desk.hq.store.files import FileOps
from hall_desk.hq.store.schema import (
    APPLICATION_ID,
    APPLICATION_NAME,
    AWAITING_HEAD_OFFICE,
    HEAD_OFFICE_DECIDED_STATES,
    LATEST_VERSION,
)
from hall_desk.sync import escrow
from hall_desk.sync.protocol import (
    CHAIN_LINK,
    COMPLAINT_REPLIED,
    CONFLICT,
    ESCROW_OPENED,
    ESCROW_RELEASED,
    MAX_BATCH,
    NOT_YOUR_DESK,
    POLICY_SET,
    REFUND_DECIDED,
    STAFF_CHANGED,
    WAITING,
    ChainReportWire,
    ChainState,
    EventResult,
    Outcome,
    OwnEventsReply,
    PullReply,
    UploadReply,
    head_office_desk,
)

log = logging.getLogger(__name__)

__all__ = [
    "APPLICATION_ID",
    "APPLICATION_NAME",
    "CHECKOUT_TIMEOUT",
    "DB_UNAVAILABLE",
    "DEFAULT_POOL_SIZE",
    "HEALTH_TIMEOUT",
    "LATEST_VERSION",
    "POSTGRES",
    "RELEASE_ACTOR",
    "RELEASE_REQUIRED_MESSAGE",
    "SQLITE",
    "ChainSummary",
    "DeskIdentity",
    "DeskReissue",
    "DeskStatus",
    "HQStore",
    "HQStoreError",
    "HQStoreUnavailable",
    "OperatorIdentity",
    "OperatorRow",
    "dialect_of",
    "new_operator_token",
    "new_token",
    "redact_url",
    "sqlite_path",
    "token_hash",
]


MAX_DECISION_TEXT = 4000


RELEASE_ACTOR = "hq:add-desk"  # the actor of escrow.released (head office's command line)


RELEASE_REQUIRED_MESSAGE = (
    "opening this desk's key escrow needs the recovery code head office issues with a new token"
    f" (hall-desk-hq add-desk DESK --new-token; valid {escrow.RELEASE_HOURS} hours, once)"
)


def _has_nul(env: dict[str, Any]) -> bool:
    """PostgreSQL's text cannot hold U+0000; refuse it on both backends alike."""
    return any(isinstance(env[k], str) and "\x00" in env[k] for k in FIELDS)


@dataclass(frozen=True)
class DeskStatus:
    desk: str
    hall: str
    revoked: bool
    stored: int
    highest_seq: int
    chain: ChainReportWire
    quarantined: int
    conflicts: int
    files: int = 0  # files head office holds that this desk sent first
    escrow_version: int | None = None  # the version of its key escrow held here (issue 9)
    waiting: int = 0  # events held until their entity's creation arrives (issue 15)
    flagged: int = 0  # applied events head office flagged, e.g. actor.disabled (issue 15)

    def describe_chain(self) -> str:
        return ChainSummary(self.highest_seq, self.chain).describe()


@dataclass(frozen=True)
class DeskReissue:
    """What ``add-desk --new-token`` shows once: the token and, for a desk head office already
    knew, the recovery code releasing its escrow until ``expires_at`` (``escrow_version``: the
    newest escrow held then, None when none)."""

    desk: str
    token: str
    recovery_code: str | None
    expires_at: str | None
    escrow_version: int | None


class HQStore(FileOps, DeskOps, ChainOps):
    """Head office's database. Thread-safe: every call enters ``self._lock`` (SQLite: the one
    connection behind a lock; PostgreSQL: a connection from the pool for this thread) and uses
    ``self._db``, the connection it holds; several stores (processes) on one PostgreSQL database
    serialise writes per hall."""

    def upload(self, desk: DeskIdentity, events: list[object]) -> UploadReply:
        """Take one batch from ``desk``: one transaction, one result per event, in order."""
        with self._hall_transaction(desk.hall) as tx:
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
        neighbours = {
            int(r[0]): (r[1], r[2], r[3])
            for r in tx.execute(
                "SELECT seq, id, hash, prev FROM event WHERE desk = ? AND seq IN (?, ?, ?)",
                (env["desk"], env["seq"] - 1, env["seq"], env["seq"] + 1),
            ).fetchall()
        }
        if env["seq"] in neighbours:
            taken = neighbours[env["seq"]][0]
            return self._conflict(tx, env, f"seq {env['seq']} is held by event {taken}")
        link = self._link_problem(env, neighbours)
        if link is not None:
            return self._conflict(tx, env, link, CHAIN_LINK)
        self._insert_event(tx, env)
        return self._admit(tx, env, facts)

    def _admit(self, tx: _Tx, env: dict[str, Any], facts: BatchFacts) -> EventResult:
        """Judge a stored event by the intake rules and apply it, quarantine it or hold it until
        its entity's creation arrives; a creation applied releases the events waiting for it."""
        event_id = env["id"]
        verdict = intake_rules.judge(env, facts)
        if verdict.action is Action.WAIT:
            assert verdict.entity is not None
            tx.execute(
                "INSERT INTO intake_waiting (event_id, hall, kind, entity_id, since)"
                " VALUES (?, ?, ?, ?, ?)",
                (event_id, tx.hall, verdict.entity[0], verdict.entity[1], tx.now),
            )
            facts.waiting.add(verdict.entity)
            log.info(
                "event %s (%s seq %d) waits: %s", event_id, env["desk"], env["seq"], verdict.detail
            )
            return EventResult(event_id, Outcome.QUARANTINED, WAITING, verdict.detail)
        try:
            if verdict.action is Action.QUARANTINE:
                raise CannotApply(verdict.reason, verdict.detail)
            application = plan(env)
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
            tx.execute(
                "INSERT INTO quarantine (event_id, reason, detail, at) VALUES (?, ?, ?, ?)",
                (event_id, why.reason, why.detail, tx.now),
            )
            log.warning(
                "event %s (%s seq %d) quarantined: %s", event_id, env["desk"], env["seq"], why
            )
            return EventResult(event_id, Outcome.QUARANTINED, why.reason, why.detail)
        self._record_intake(tx, env, verdict, facts)
        if verdict.creates and verdict.entity in facts.waiting:
            assert verdict.entity is not None
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
            tx.execute(
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
            tx.execute(
                "INSERT INTO intake_flag (event_id, flag, hall, detail, at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (event_id, flag) DO NOTHING",
                (env["id"], flag, tx.hall, detail, tx.now),
            )
            log.warning(
                "event %s (%s seq %d) flagged: %s", env["id"], env["desk"], env["seq"], flag
            )
        for rule in verdict.looser:
            tx.execute(
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
        tx.execute(
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

    def _apply(self, tx: _Tx, env: dict[str, Any], app: Application) -> None:
        full_state = _json_text(app.state)
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
            tx.execute(
                f"INSERT INTO refund (id, {', '.join(columns)})"
                f" VALUES (?, {', '.join('?' for _ in columns)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
                f" WHERE {newer_only.format(t='refund')}",
                (app.entity_id, *values),
            )
            # Decided before it arrived (``decide-refund --hall``): the decision stands.
            approved, refused = HEAD_OFFICE_DECIDED_STATES
            tx.execute(
                "UPDATE refund SET state = (SELECT CASE WHEN d.approved = 1 THEN ? ELSE ? END"
                " FROM refund_decision d WHERE d.refund_id = refund.id)"
                " WHERE id = ? AND state = ?"
                " AND EXISTS (SELECT 1 FROM refund_decision d WHERE d.refund_id = refund.id)",
                (approved, refused, app.entity_id, AWAITING_HEAD_OFFICE),
            )
            return
        if app.kind == COMPLAINT:
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
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
            tx.execute(
                f"INSERT INTO complaint (id, {', '.join(columns)})"
                f" VALUES (?, {', '.join('?' for _ in columns)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
                f" WHERE {newer_only.format(t='complaint')}",
                (app.entity_id, *values),
            )
            return
        tx.execute(
            "INSERT INTO entity_state (kind, entity_id, full_state, source_event, source_desk,"
            " source_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, entity_id) DO UPDATE SET full_state = excluded.full_state,"
            " source_event = excluded.source_event, source_desk = excluded.source_desk,"
            " source_seq = excluded.source_seq, updated_at = excluded.updated_at"
            f" WHERE {newer_only.format(t='entity_state')}",
            (app.kind, app.entity_id, full_state, env["id"], env["desk"], env["seq"], tx.now),
        )

    def put_escrow(self, desk: DeskIdentity, sealed: str) -> tuple[int, str]:
        """Keep ``desk``'s sealed bundle (JSON text, already checked) as its next version; every
        earlier version stays. The same blob again is the version that holds it (nothing new);
        returns (version, SHA-256 of the text)."""
        sha256 = hashlib.sha256(sealed.encode("utf-8")).hexdigest()
        with self._transaction() as db:
            if self.dialect == POSTGRES:  # one version number at a time per desk
                db.execute("SELECT 1 FROM desk WHERE code = ? FOR UPDATE", (desk.code,))
            same = db.execute(
                "SELECT version FROM desk_escrow WHERE desk = ? AND sha256 = ?",
                (desk.code, sha256),
            ).fetchone()
            if same is not None:
                return int(same[0]), sha256  # the same blob again: nothing changes
            row = db.execute(
                "SELECT max(version) FROM desk_escrow WHERE desk = ?", (desk.code,)
            ).fetchone()
            version = int(row[0] or 0) + 1
            db.execute(
                "INSERT INTO desk_escrow (desk, hall, version, sealed, sha256, stored_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (desk.code, desk.hall, version, sealed, sha256, self._now()),
            )
        log.info("desk %s escrow stored: version %d (%s…)", desk.code, version, sha256[:12])
        return version, sha256

    def escrow_of(self, desk: str) -> tuple[int, str] | None:
        """(version, sealed JSON text) of the desk's newest escrow, or None."""
        versions = self.escrow_versions(desk, limit=1)
        return versions[0] if versions else None

    def escrow_versions(self, desk: str, *, limit: int | None = None) -> list[tuple[int, str]]:
        """Every escrow version of the desk held here, newest first: (version, sealed JSON)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT version, sealed FROM desk_escrow WHERE desk = ? ORDER BY version DESC"
                + (" LIMIT ?" if limit is not None else ""),
                (desk,) if limit is None else (desk, limit),
            ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def reissue_desk(self, code: str) -> DeskReissue:
        """``hall-desk-hq add-desk CODE --new-token``: a fresh token for the desk (the old one stops
        working; a revoked desk is un-revoked) and, for a desk head office already knew, a
        recovery code that releases its escrow for one opening within
        :data:`~hall_desk.sync.escrow.RELEASE_HOURS` hours (replacing an unused earlier one),
        recorded as ``escrow.released`` on the hall's head-office chain — all in one transaction.
        A desk not yet known is registered as by :meth:`add_desk` (it has no escrow: no code)."""
        hall = self._desk_hall(code)
        token = new_token()
        recovery_code = escrow.new_recovery_code()
        normalised = escrow.normalise_recovery_code(recovery_code)
        assert normalised is not None, "a new recovery code always reads back"
        with self._hall_transaction(hall) as tx:
            exists = tx.execute("SELECT 1 FROM desk WHERE code = ?", (code,)).fetchone()
            if not exists:
                tx.execute(
                    "INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)"
                    " VALUES (?, ?, ?, NULL, ?)",
                    (code, hall, token_hash(token), tx.now),
                )
                tx.execute("INSERT INTO chain (desk) VALUES (?)", (code,))
                log.info("desk %s registered (new token issued)", code)
                return DeskReissue(code, token, None, None, None)
            tx.execute(
                "UPDATE desk SET token_hash = ?, revoked_at = NULL WHERE code = ?",
                (token_hash(token), code),
            )
            expires_at = utc_iso(parse_utc_iso(tx.now) + timedelta(hours=escrow.RELEASE_HOURS))
            envelope = self._append_head_office(
                tx, ESCROW_RELEASED, RELEASE_ACTOR, {"desk": code, "expires_at": expires_at}
            )
            tx.execute(
                "INSERT INTO escrow_release (desk, hall, code_hash, issued_at, expires_at,"
                " failures, event_id) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (desk) DO UPDATE"
                " SET code_hash = excluded.code_hash, issued_at = excluded.issued_at,"
                " expires_at = excluded.expires_at, failures = 0, event_id = excluded.event_id",
                (
                    code,
                    hall,
                    escrow.recovery_code_digest(code, normalised),
                    tx.now,
                    expires_at,
                    envelope["id"],
                ),
            )
            held = tx.execute(
                "SELECT max(version) FROM desk_escrow WHERE desk = ?", (code,)
            ).fetchone()
            self._advance_chain(tx, head_office_desk(hall))
        log.warning(
            "desk %s: new token issued, its escrow released until %s (recovery code issued)",
            code,
            expires_at,
        )
        version = None if held is None or held[0] is None else int(held[0])
        return DeskReissue(code, token, recovery_code, expires_at, version)

    def check_escrow_release(self, desk: DeskIdentity, recovery_code: str) -> bool:
        """True when ``recovery_code`` (normalised) is the desk's unused, unexpired one; it is not
        consumed here (:meth:`record_escrow_opened` does). A wrong code counts against the desk's
        code: the :data:`~hall_desk.sync.escrow.RELEASE_MAX_FAILURES`-th voids it."""
        wanted = escrow.recovery_code_digest(desk.code, recovery_code)
        with self._transaction() as db:
            row = db.execute(
                "SELECT code_hash, expires_at, failures FROM escrow_release WHERE desk = ?",
                (desk.code,),
            ).fetchone()
            if row is None:
                return False
            if hmac.compare_digest(str(row[0]), wanted):
                if parse_utc_iso(str(row[1])) <= self._clock.now():
                    log.warning("desk %s: an expired recovery code was offered", desk.code)
                    return False
                return True
            failures = int(row[2]) + 1
            if failures >= escrow.RELEASE_MAX_FAILURES:
                db.execute("DELETE FROM escrow_release WHERE desk = ?", (desk.code,))
                log.warning(
                    "desk %s: %d wrong recovery codes, its code is void (issue a new one)",
                    desk.code,
                    failures,
                )
            else:
                db.execute(
                    "UPDATE escrow_release SET failures = ? WHERE desk = ?", (failures, desk.code)
                )
                log.warning("desk %s: a wrong recovery code (%d so far)", desk.code, failures)
        return False

    def record_escrow_opened(
        self, desk: DeskIdentity, version: int, *, recovery_code: str
    ) -> dict[str, Any]:
        """The desk's recovery code consumed and the opening audited, in one transaction:
        ``escrow.opened`` on the hall's head-office chain (which desk, which version opened, when;
        never a key), its actor the desk whose token asked. ``escrow.release_required``
        (:class:`HQStoreError`) when the code is no longer good (used meanwhile, expired)."""
        wanted = escrow.recovery_code_digest(desk.code, recovery_code)
        with self._hall_transaction(desk.hall) as tx:
            row = tx.execute(
                "SELECT code_hash, expires_at FROM escrow_release WHERE desk = ?", (desk.code,)
            ).fetchone()
            if (
                row is None
                or not hmac.compare_digest(str(row[0]), wanted)
                or parse_utc_iso(str(row[1])) <= self._clock.now()
            ):
                raise HQStoreError(escrow.ESCROW_RELEASE_REQUIRED, RELEASE_REQUIRED_MESSAGE)
            tx.execute("DELETE FROM escrow_release WHERE desk = ?", (desk.code,))
            envelope = self._append_head_office(
                tx,
                ESCROW_OPENED,
                f"desk:{desk.code}",
                {"desk": desk.code, "version": version, "opened_at": tx.now},
            )
            self._advance_chain(tx, head_office_desk(desk.hall))
        log.warning("desk %s escrow version %d opened (token of %s)", desk.code, version, desk.code)
        return envelope

    def _append_head_office(
        self, tx: _Tx, type: str, actor: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """Append the next event of ``<hall>-00`` (seq from 1, prev/hash chained like a desk's)."""
        desk = head_office_desk(tx.hall)
        last = tx.execute(
            "SELECT seq, hash FROM event WHERE desk = ? ORDER BY seq DESC LIMIT 1", (desk,)
        ).fetchone()
        envelope: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "hall": tx.hall,
            "desk": desk,
            "seq": (int(last[0]) + 1) if last else 1,
            "type": type,
            "schema": 1,
            "at": tx.now,
            "actor": actor,
            "payload": payload,
            "prev": last[1] if last else "",
        }
        envelope["hash"] = envelope_hash(envelope)
        self._insert_event(tx, envelope)
        tx.head_office.append(envelope)
        log.info("%s seq %d: %s by %s", desk, envelope["seq"], type, actor)
        return envelope

    def _republish_staff(
        self, tx: _Tx, actor: str, change: dict[str, Any], source_event: str
    ) -> dict[str, Any]:
        """Apply a staff change to the hall's accounts (order of receipt: the later wins) and
        append the resulting full state as ``staff.changed`` on ``<hall>-00``."""
        staff_no = change["staff_no"]
        row = tx.execute(
            "SELECT staff_id, full_state FROM hall_staff WHERE hall = ? AND staff_no = ?",
            (tx.hall, staff_no),
        ).fetchone()
        before: dict[str, Any] = json.loads(row[1]) if row else {}
        state = {k: v for k, v in change.items() if k != "changes"}
        if row is not None:
            state["id"] = row[0]  # one account per staff number: the id head office saw first
        changes = {
            key: [before.get(key), value]
            for key, value in state.items()
            if key not in before or before[key] != value
        }
        payload = {**state, "changes": changes}
        envelope = self._append_head_office(tx, STAFF_CHANGED, actor, payload)
        tx.execute(
            "INSERT INTO hall_staff (hall, staff_no, staff_id, full_state, source_event,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hall, staff_no) DO UPDATE SET"
            " full_state = excluded.full_state, source_event = excluded.source_event,"
            " updated_at = excluded.updated_at",
            (
                tx.hall,
                staff_no,
                state["id"],
                _json_text(state),
                source_event or envelope["id"],
                tx.now,
            ),
        )
        return envelope

    @staticmethod
    def _decision_text(text: str, what: str) -> str:
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise HQStoreError(f"{what}.empty", f"the {what} is empty")
        if len(text) > MAX_DECISION_TEXT:
            raise HQStoreError(f"{what}.long", f"the {what} is over {MAX_DECISION_TEXT} characters")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise HQStoreError(f"{what}.invalid", f"the {what} is not valid text") from None
        if "\x00" in text:
            raise HQStoreError(f"{what}.invalid", f"the {what} holds a NUL character")
        return text

    def reply_complaint(
        self, complaint: str, text: str, operator: OperatorIdentity
    ) -> dict[str, Any]:
        """Head office's answer to a complaint (by id or number): a ``complaint.replied`` event on
        the complaint's hall chain. ``complaint.unknown`` for a complaint head office never got."""
        reply = self._decision_text(text, "reply")
        with self._lock:
            row = self._db.execute(
                "SELECT id, number, hall FROM complaint WHERE id = ? OR number = ?",
                (complaint, complaint),
            ).fetchone()
        if row is None:
            raise HQStoreError("complaint.unknown", f"head office holds no complaint {complaint!r}")
        complaint_id, number, hall = row
        with self._hall_transaction(hall) as tx:
            payload = {
                "id": complaint_id, "number": number, "reply": reply,
                "replied_at": tx.now, "operator": operator.name,
            }  # fmt: skip
            envelope = self._append_head_office(tx, COMPLAINT_REPLIED, operator.actor, payload)
            tx.execute(
                "INSERT INTO complaint_reply (complaint_id, reply, operator, replied_at, event_id)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (complaint_id) DO UPDATE SET"
                " reply = excluded.reply, operator = excluded.operator,"
                " replied_at = excluded.replied_at, event_id = excluded.event_id",
                (complaint_id, reply, operator.name, tx.now, envelope["id"]),
            )
            self._advance_chain(tx, head_office_desk(hall))
        return envelope

    def decide_refund(
        self,
        refund_id: str,
        approve: bool,
        reason: str,
        operator: OperatorIdentity,
        *,
        hall: str | None = None,
    ) -> dict[str, Any]:
        """Head office's decision on a refund sent to it (待总部审批): a ``refund.decided`` event on
        the refund's hall chain, and the refund (by id, or by its number) becomes 总部已批准 /
        总部已拒绝 (deciding again changes the decision). A refund the hall approved, refused or
        withdrawn itself is refused (``refund.not_awaiting``). A refund head office has never seen
        may still be decided: it is recorded as not known, and then ``hall`` must say whose it is."""
        if not isinstance(refund_id, str) or not refund_id.strip() or len(refund_id) > 100:
            raise HQStoreError("refund.id", "a refund id is needed (at most 100 characters)")
        refund_id = self._decision_text(refund_id, "refund")
        why = self._decision_text(reason, "reason")
        with self._lock:
            row = self._db.execute(
                "SELECT id, hall FROM refund WHERE id = ? OR number = ? ORDER BY id LIMIT 1",
                (refund_id, refund_id),
            ).fetchone()
        known = row is not None
        refund_id = row[0] if row else refund_id
        refund_hall = row[1] if row else None
        if hall is not None and refund_hall is not None and hall != refund_hall:
            raise HQStoreError(
                "refund.hall", f"refund {refund_id} belongs to hall {refund_hall}, not {hall}"
            )
        refund_hall = refund_hall or hall
        if refund_hall is None:
            raise HQStoreError(
                "refund.hall_needed",
                f"head office has not seen refund {refund_id}: say which hall it belongs to",
            )
        if not known:
            log.warning("refund %s decided before head office received it", refund_id)
        with self._hall_transaction(refund_hall) as tx:
            if known:  # under the hall's lock: the desk's latest word on it
                state = tx.execute(
                    "SELECT state FROM refund WHERE id = ?", (refund_id,)
                ).fetchone()[0]
                if state not in (AWAITING_HEAD_OFFICE, *HEAD_OFFICE_DECIDED_STATES):
                    raise HQStoreError(
                        "refund.not_awaiting",
                        f"refund {refund_id} is {state} at the hall: head office decides only"
                        " refunds sent to it (待总部审批)",
                    )
                decided = HEAD_OFFICE_DECIDED_STATES[0 if approve else 1]
                tx.execute(
                    "UPDATE refund SET state = ?, updated_at = ? WHERE id = ?",
                    (decided, tx.now, refund_id),
                )
            payload = {
                "id": refund_id, "approved": bool(approve), "reason": why,
                "decided_at": tx.now, "operator": operator.name,
            }  # fmt: skip
            envelope = self._append_head_office(tx, REFUND_DECIDED, operator.actor, payload)
            tx.execute(
                "INSERT INTO refund_decision (refund_id, hall, approved, reason, operator,"
                " decided_at, known, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (refund_id) DO UPDATE SET approved = excluded.approved,"
                " reason = excluded.reason, operator = excluded.operator,"
                " decided_at = excluded.decided_at, event_id = excluded.event_id",
                (
                    refund_id, refund_hall, int(bool(approve)), why, operator.name, tx.now,
                    int(known), envelope["id"],
                ),
            )  # fmt: skip
            self._advance_chain(tx, head_office_desk(refund_hall))
        return envelope

    def set_policy(
        self, document: object, operator: OperatorIdentity, *, hall: str | None = None
    ) -> list[dict[str, Any]]:
        """Publish a policy document to one hall or (``hall=None``) to every hall: a ``policy.set``
        event on each hall's chain. The document is checked with ``parse_policy_document``; its
        version must be higher than each hall's current one (all halls or none)."""
        try:
            checked = parse_policy_document(document)
        except DomainError as error:
            problems = getattr(error, "errors", None) or [error]
            listed = ", ".join(f"{e.field or 'policy'}: {e.code}" for e in problems)
            raise HQStoreError(
                "policy.invalid", f"the policy document is not valid ({listed})"
            ) from None
        policy = policy_document(checked)
        version = policy["version"]
        halls = [hall] if hall is not None else [code for code, _ in self.halls()]
        if not halls:
            raise HQStoreError("hall.missing", "there is no hall to publish a policy to")
        for code in halls:
            current = self.policy_version(code)
            if version <= current:
                raise HQStoreError(
                    "policy.version",
                    f"hall {code} already has policy version {current}: the new one must be higher",
                )
        envelopes = []
        for code in halls:
            with self._hall_transaction(code) as tx:
                current = self._policy_version(tx.db, code)  # again, under the hall's lock
                if version <= current:
                    raise HQStoreError(
                        "policy.version",
                        f"hall {code} already has policy version {current}:"
                        " the new one must be higher",
                    )
                payload = {"version": version, "policy": policy}
                envelope = self._append_head_office(tx, POLICY_SET, operator.actor, payload)
                tx.execute(
                    "INSERT INTO policy_version (hall, version, document, operator, set_at,"
                    " event_id) VALUES (?, ?, ?, ?, ?, ?)",
                    (code, version, _json_text(policy), operator.name, tx.now, envelope["id"]),
                )
                self._advance_chain(tx, head_office_desk(code))
            envelopes.append(envelope)
        return envelopes

    def disable_staff(self, hall: str, staff_no: str, operator: OperatorIdentity) -> dict[str, Any]:
        """Disable a hall's staff account: its full state with ``active: false``, re-published as
        ``staff.changed`` on the hall's chain (``staff.unknown`` if head office holds no such
        account)."""
        with self._hall_transaction(hall) as tx:
            row = tx.execute(
                "SELECT full_state FROM hall_staff WHERE hall = ? AND staff_no = ?",
                (hall, staff_no),
            ).fetchone()
            if row is None:
                raise HQStoreError(
                    "staff.unknown", f"head office holds no staff account {staff_no} in hall {hall}"
                )
            state = {**json.loads(row[0]), "active": False}
            envelope = self._republish_staff(tx, operator.actor, state, "")
            # Head office's disable stands until head office lifts it (enable_staff): a desk's
            # change enabling the account again is quarantined (staff.disabled_by_head_office).
            tx.execute(
                "INSERT INTO staff_hold (hall, staff_no, operator, since) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (hall, staff_no) DO UPDATE SET operator = excluded.operator,"
                " since = excluded.since",
                (hall, staff_no, operator.name, tx.now),
            )
            self._advance_chain(tx, head_office_desk(hall))
        return envelope

    def enable_staff(self, hall: str, staff_no: str, operator: OperatorIdentity) -> dict[str, Any]:
        """Lift head office's disable of a hall's staff account (or enable one the hall disabled):
        its full state with ``active: true``, re-published as ``staff.changed`` on the hall's
        chain. ``staff.unknown`` if head office holds no such account, ``staff.active`` if it is
        active and not held."""
        with self._hall_transaction(hall) as tx:
            row = tx.execute(
                "SELECT s.full_state, h.staff_no FROM hall_staff s LEFT JOIN staff_hold h"
                " ON h.hall = s.hall AND h.staff_no = s.staff_no"
                " WHERE s.hall = ? AND s.staff_no = ?",
                (hall, staff_no),
            ).fetchone()
            if row is None:
                raise HQStoreError(
                    "staff.unknown", f"head office holds no staff account {staff_no} in hall {hall}"
                )
            state = json.loads(row[0])
            if state.get("active", True) and row[1] is None:
                raise HQStoreError("staff.active", f"staff {staff_no} of hall {hall} is active")
            tx.execute("DELETE FROM staff_hold WHERE hall = ? AND staff_no = ?", (hall, staff_no))
            envelope = self._republish_staff(tx, operator.actor, {**state, "active": True}, "")
            self._advance_chain(tx, head_office_desk(hall))
        log.info("staff %s of hall %s enabled by %s", staff_no, hall, operator.name)
        return envelope

    def staff_held(self, hall: str, staff_no: str) -> bool:
        """Head office disabled this account and has not lifted it."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM staff_hold WHERE hall = ? AND staff_no = ?", (hall, staff_no)
            ).fetchone()
        return row is not None

    def looser_rules(self) -> list[tuple[str, int, str, int]]:
        """(family, payload version, rule, events): events applied as their older version wrote
        them that the newest version's rule would refuse, per rule."""
        with self._lock:
            rows = self._db.execute(
                "SELECT family, schema, rule, events FROM intake_looser"
                " ORDER BY family, schema, rule"
            ).fetchall()
        return [(r[0], int(r[1]), r[2], int(r[3])) for r in rows]

    def flags(self, desk: str | None = None) -> list[tuple[str, str, int, str, str]]:
        """(event id, desk, seq, flag, detail) of applied events head office flagged, e.g.
        ``actor.disabled`` (a complaint recorded by an account head office had disabled)."""
        sql = (
            "SELECT f.event_id, e.desk, e.seq, f.flag, f.detail FROM intake_flag f"
            " JOIN event e ON e.id = f.event_id"
        )
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE e.desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY e.desk, e.seq", params).fetchall()
        return [(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]

    def waiting(self, desk: str | None = None) -> list[tuple[str, str, int, str, str]]:
        """(event id, desk, seq, family, entity id) of events held until their entity's creation
        arrives."""
        sql = (
            "SELECT w.event_id, e.desk, e.seq, w.kind, w.entity_id FROM intake_waiting w"
            " JOIN event e ON e.id = w.event_id"
        )
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE e.desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY e.receipt_no", params).fetchall()
        return [(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]

    def pull(self, desk: DeskIdentity, after: int, limit: int = MAX_BATCH) -> PullReply:
        """Events of the desk's hall, not its own, with a receipt number above ``after``, in
        order of receipt: at most ``limit``. ``cursor`` is the last receipt number looked at (past
        the desk's own events too, so it never scans them again); ``more`` when the page is full.

        One read snapshot: receipt numbers commit in order under the hall's lock, so nothing with
        a number at or below the cursor can appear later."""
        limit = max(1, min(limit, MAX_BATCH))
        after = max(0, after)
        columns = ", ".join(FIELDS)
        with self._lock:
            db = self._db
            db.execute(
                "BEGIN" if self.dialect == SQLITE else "BEGIN ISOLATION LEVEL REPEATABLE READ"
            )
            try:
                rows = db.execute(
                    f"SELECT {columns}, receipt_no FROM event WHERE hall = ? AND receipt_no > ?"
                    " AND desk <> ? ORDER BY receipt_no LIMIT ?",
                    (desk.hall, after, desk.code, limit + 1),
                ).fetchall()
                more = len(rows) > limit
                rows = rows[:limit]
                if more:
                    cursor = int(rows[-1][-1])
                else:
                    top = db.execute(
                        "SELECT last_receipt FROM hall WHERE code = ?", (desk.hall,)
                    ).fetchone()
                    cursor = max(after, int(top[0]) if top else 0)
            finally:
                db.execute("COMMIT")
        events = [
            {**dict(zip(FIELDS, r[:-1], strict=True)), "payload": json.loads(r[8])} for r in rows
        ]
        return PullReply(self._now(), events, cursor, more)

    def own_events(self, desk: DeskIdentity, after: int, limit: int = MAX_BATCH) -> OwnEventsReply:
        """The desk's own events with ``seq`` > ``after``, in seq order, at most ``limit``, exactly
        as stored (recovery of a restored or replaced desk); ``more`` when there are further."""
        limit = max(1, min(limit, MAX_BATCH))
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM event WHERE desk = ? AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (desk.code, max(0, after), limit + 1),
            ).fetchall()
        more = len(rows) > limit
        events = [
            {**dict(zip(FIELDS, r, strict=True)), "payload": json.loads(r[8])} for r in rows[:limit]
        ]
        return OwnEventsReply(self._now(), events, more)

    def chain_of(self, desk: str) -> ChainSummary:
        with self._lock:
            row = self._db.execute(
                "SELECT contiguous_seq, break_seq, break_detail FROM chain WHERE desk = ?", (desk,)
            ).fetchone()
            if row is None:
                return ChainSummary(0, ChainReportWire(ChainState.INTACT))
            return self._summary(self._db, desk, row[0], row[1], row[2])

    def status(self) -> list[DeskStatus]:
        with self._lock:
            rows = self._db.execute(
                "SELECT d.code, d.hall, d.revoked_at,"
                " (SELECT count(*) FROM event e WHERE e.desk = d.code),"
                " (SELECT count(*) FROM quarantine q JOIN event e ON e.id = q.event_id"
                "   WHERE e.desk = d.code),"
                " (SELECT count(*) FROM conflict c WHERE c.desk = d.code),"
                " (SELECT count(*) FROM stored_file f WHERE f.desk = d.code),"
                " (SELECT max(x.version) FROM desk_escrow x WHERE x.desk = d.code),"
                " (SELECT count(*) FROM intake_waiting w JOIN event e ON e.id = w.event_id"
                "   WHERE e.desk = d.code),"
                " (SELECT count(*) FROM intake_flag f JOIN event e ON e.id = f.event_id"
                "   WHERE e.desk = d.code)"
                " FROM desk d ORDER BY d.code"
            ).fetchall()
            out = []
            for (
                code,
                hall,
                revoked_at,
                stored,
                quarantined,
                conflicts,
                files,
                escrow,
                waiting,
                flagged,
            ) in rows:
                summary = self.chain_of(code)
                out.append(
                    DeskStatus(
                        code, hall, revoked_at is not None, stored, summary.highest_seq,
                        summary.chain, quarantined, conflicts, files,
                        None if escrow is None else int(escrow), int(waiting), int(flagged),
                    )
                )  # fmt: skip
            return out

    def halls(self) -> list[tuple[str, str]]:
        with self._lock:
            return [
                (r[0], r[1])
                for r in self._db.execute("SELECT code, name FROM hall ORDER BY code").fetchall()
            ]

    def events_of(self, desk: str) -> list[dict[str, Any]]:
        """A desk's stored envelopes in seq order, exactly as received (for checks and tests)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM event WHERE desk = ? ORDER BY seq",
                (desk,),
            ).fetchall()
        return [{**dict(zip(FIELDS, r, strict=True)), "payload": json.loads(r[8])} for r in rows]

    def quarantined(self, desk: str | None = None) -> list[tuple[str, str, str]]:
        """(event id, reason, detail) of quarantined events, in the desk's seq order."""
        sql = "SELECT q.event_id, q.reason, q.detail FROM quarantine q JOIN event e ON e.id = q.event_id"
        params: tuple[Any, ...] = ()
        if desk is not None:
            sql, params = sql + " WHERE e.desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY e.desk, e.seq", params).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def conflicts(self, desk: str | None = None) -> list[tuple[str, int, str, int]]:
        """(event id, seq, detail, times seen) of refused conflicts."""
        sql, params = "SELECT event_id, seq, detail, times FROM conflict", ()
        if desk is not None:
            sql, params = sql + " WHERE desk = ?", (desk,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY desk, seq", params).fetchall()
        return [(r[0], int(r[1]), r[2], int(r[3])) for r in rows]

    def complaint(self, complaint_id: str) -> dict[str, Any] | None:
        """An applied complaint's full state, as head office holds it."""
        with self._lock:
            row = self._db.execute(
                "SELECT full_state FROM complaint WHERE id = ?", (complaint_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def complaint_reply(self, complaint_id: str) -> dict[str, Any] | None:
        """Head office's latest reply to a complaint: {reply, operator, replied_at, event_id}."""
        with self._lock:
            row = self._db.execute(
                "SELECT reply, operator, replied_at, event_id FROM complaint_reply"
                " WHERE complaint_id = ?",
                (complaint_id,),
            ).fetchone()
        keys = ("reply", "operator", "replied_at", "event_id")
        return dict(zip(keys, row, strict=True)) if row else None

    def refund_decision(self, refund_id: str) -> dict[str, Any] | None:
        """{hall, approved, reason, operator, decided_at, known, event_id} or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT hall, approved, reason, operator, decided_at, known, event_id"
                " FROM refund_decision WHERE refund_id = ?",
                (refund_id,),
            ).fetchone()
        if row is None:
            return None
        keys = ("hall", "approved", "reason", "operator", "decided_at", "known", "event_id")
        out = dict(zip(keys, row, strict=True))
        out["approved"], out["known"] = bool(out["approved"]), bool(out["known"])
        return out

    def refund(self, refund_id: str) -> dict[str, Any] | None:
        """A refund as head office holds it: its full state as its desk last sent it, with
        ``state`` as head office sees it (its own decision included)."""
        with self._lock:
            row = self._db.execute(
                "SELECT full_state, state FROM refund WHERE id = ?", (refund_id,)
            ).fetchone()
        return {**json.loads(row[0]), "state": row[1]} if row else None

    def refunds(self, hall: str, state: str | None = None) -> list[dict[str, Any]]:
        """A hall's refunds (e.g. ``state="待总部审批"``: those waiting for head office), by number."""
        sql, params = "SELECT full_state, state FROM refund WHERE hall = ?", [hall]
        if state is not None:
            sql, params = sql + " AND state = ?", [*params, state]
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY number", params).fetchall()
        return [{**json.loads(r[0]), "state": r[1]} for r in rows]

    @staticmethod
    def _policy_version(db: _Db, hall: str) -> int:
        row = db.execute(
            "SELECT max(version) FROM policy_version WHERE hall = ?", (hall,)
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else DEFAULT_POLICY.version

    def policy_version(self, hall: str) -> int:
        """The hall's current policy version (the built-in default's until one is set)."""
        with self._lock:
            if not self._db.execute("SELECT 1 FROM hall WHERE code = ?", (hall,)).fetchone():
                raise HQStoreError("hall.missing", f"hall {hall} does not exist")
            return self._policy_version(self._db, hall)

    def policy(self, hall: str) -> dict[str, Any] | None:
        """The hall's current policy document as published, or None (the built-in default)."""
        with self._lock:
            row = self._db.execute(
                "SELECT document FROM policy_version WHERE hall = ? ORDER BY version DESC LIMIT 1",
                (hall,),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def staff(self, hall: str, staff_no: str) -> dict[str, Any] | None:
        """A hall's staff account as head office holds it (its full state), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT full_state FROM hall_staff WHERE hall = ? AND staff_no = ?",
                (hall, staff_no),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def count_applied(self) -> dict[str, int]:
        """Rows in the applied tables: {"complaint": n, "<family>": n …}."""
        with self._lock:
            counts = {
                "complaint": int(self._db.execute("SELECT count(*) FROM complaint").fetchone()[0])
            }
            refunds = int(self._db.execute("SELECT count(*) FROM refund").fetchone()[0])
            if refunds:
                counts[REFUND] = refunds
            for kind, n in self._db.execute(
                "SELECT kind, count(*) FROM entity_state GROUP BY kind"
            ).fetchall():
                counts[kind] = int(n)
        return counts
