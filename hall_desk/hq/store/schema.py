"""The store's schema: one script per version (V1…V9, never changed once shipped), their
translation for PostgreSQL, and the migrations that take a SQLite file or a PostgreSQL database to
:data:`LATEST_VERSION`."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from hall_desk.hq.store.connections import POSTGRES, SQLITE, HQStoreError, _Db
from hall_desk.sqlite_header import read_header

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


APPLICATION_ID = 0x48445131  # "HDQ1": marks the file as a head-office store (the desk's is "HDK1")


APPLICATION_NAME = "hall-desk-hq"  # the same mark in PostgreSQL's schema_version table


V1 = """
CREATE TABLE hall (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE desk (
    code TEXT PRIMARY KEY,
    hall TEXT NOT NULL REFERENCES hall(code),
    token_hash TEXT NOT NULL UNIQUE,
    revoked_at TEXT,
    created_at TEXT NOT NULL
);
-- Every well-formed envelope exactly as received (payload as canonical JSON, so the hash still holds).
CREATE TABLE event (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    desk TEXT NOT NULL REFERENCES desk(code),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (desk, seq)
);
CREATE INDEX event_type ON event (type);
-- Stored but not applied, with the reason (never dropped).
CREATE TABLE quarantine (
    event_id TEXT PRIMARY KEY REFERENCES event(id),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL
);
-- Per desk: the highest contiguous seq from 1 and its hash; the first broken link, if any.
CREATE TABLE chain (
    desk TEXT PRIMARY KEY REFERENCES desk(code),
    contiguous_seq INTEGER NOT NULL DEFAULT 0,
    contiguous_hash TEXT NOT NULL DEFAULT '',
    break_seq INTEGER,
    break_detail TEXT NOT NULL DEFAULT ''
);
-- Refused conflicts (same id with other content, or a seq already taken): the envelope, for people.
CREATE TABLE conflict (
    desk TEXT NOT NULL,
    event_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    seq INTEGER NOT NULL,
    detail TEXT NOT NULL,
    envelope TEXT NOT NULL,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (desk, event_id, hash)
);
-- Applied: complaints, upserted from their events' full state.
CREATE TABLE complaint (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    hall TEXT NOT NULL,
    desk TEXT NOT NULL,
    phone TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    tier TEXT NOT NULL,
    channel TEXT NOT NULL,
    main_class TEXT NOT NULL,
    sub_class TEXT NOT NULL,
    state TEXT NOT NULL,
    first_responder_no TEXT NOT NULL,
    first_responder_name TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    reply_due TEXT NOT NULL,
    regulator_due TEXT NOT NULL,
    important INTEGER NOT NULL,
    media INTEGER NOT NULL,
    escalated INTEGER NOT NULL,
    repeat INTEGER NOT NULL,
    amount TEXT,
    full_state TEXT NOT NULL,
    source_event TEXT NOT NULL REFERENCES event(id),
    source_desk TEXT NOT NULL,
    source_seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaint_hall_accepted ON complaint (hall, accepted_at);
-- Applied: every other known entity family (hall, staff, document …) as its latest full state.
CREATE TABLE entity_state (
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    full_state TEXT NOT NULL,
    source_event TEXT NOT NULL REFERENCES event(id),
    source_desk TEXT NOT NULL,
    source_seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, entity_id)
);
"""


# 首问责任制: the first responder is set once, at head office too (one trigger per dialect).
V1_SQLITE_TRIGGER = """
CREATE TRIGGER complaint_first_responder_fixed
BEFORE UPDATE OF first_responder_no ON complaint
WHEN NEW.first_responder_no IS NOT OLD.first_responder_no
BEGIN
    SELECT RAISE(ABORT, 'first responder of a complaint cannot change');
END;
"""
V1_POSTGRES_TRIGGER = [
    """CREATE FUNCTION complaint_first_responder_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.first_responder_no IS DISTINCT FROM OLD.first_responder_no THEN
        RAISE EXCEPTION 'first responder of a complaint cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$""",
    "CREATE TRIGGER complaint_first_responder_fixed BEFORE UPDATE OF first_responder_no"
    " ON complaint FOR EACH ROW EXECUTE FUNCTION complaint_first_responder_fixed()",
]

# Part 2: receipt numbers (the downlink's cursor), head office's own chains, operators, decisions.
V2 = """
ALTER TABLE hall ADD COLUMN last_receipt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event ADD COLUMN receipt_no INTEGER;
CREATE TABLE operator (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
-- Head office's answer to a complaint (the latest one; every one is an event on <HALL>-00).
CREATE TABLE complaint_reply (
    complaint_id TEXT PRIMARY KEY REFERENCES complaint(id),
    reply TEXT NOT NULL,
    operator TEXT NOT NULL,
    replied_at TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES event(id)
);
-- Head office's refund decisions; known = head office held the refund when it decided.
CREATE TABLE refund_decision (
    refund_id TEXT PRIMARY KEY,
    hall TEXT NOT NULL REFERENCES hall(code),
    approved INTEGER NOT NULL,
    reason TEXT NOT NULL,
    operator TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    known INTEGER NOT NULL,
    event_id TEXT NOT NULL REFERENCES event(id)
);
-- Every policy version published to a hall; the highest is the hall's current one.
CREATE TABLE policy_version (
    hall TEXT NOT NULL REFERENCES hall(code),
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    operator TEXT NOT NULL,
    set_at TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES event(id),
    PRIMARY KEY (hall, version)
);
-- A hall's staff accounts by staff number, in head office's order of receipt (the later wins).
CREATE TABLE hall_staff (
    hall TEXT NOT NULL REFERENCES hall(code),
    staff_no TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    full_state TEXT NOT NULL,
    source_event TEXT NOT NULL REFERENCES event(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (hall, staff_no)
);
"""
V2_SQLITE_BACKFILL = "UPDATE event SET receipt_no = rowid"
V2_POSTGRES_BACKFILL = (
    "UPDATE event SET receipt_no = ordered.n FROM (SELECT id, row_number()"
    " OVER (ORDER BY received_at, desk, seq) AS n FROM event) AS ordered"
    " WHERE event.id = ordered.id"
)
V2_AFTER = """
UPDATE hall SET last_receipt = (SELECT coalesce(max(receipt_no), 0) FROM event
                                WHERE event.hall = hall.code);
CREATE UNIQUE INDEX event_hall_receipt ON event (hall, receipt_no);
INSERT INTO desk (code, hall, token_hash, revoked_at, created_at)
    SELECT code || '-00', code, 'head-office:' || code, NULL, created_at FROM hall;
INSERT INTO chain (desk) SELECT code || '-00' FROM hall;
"""


# Part 3 (the refunds issue): refunds from the desks, by id, with their latest full state. ``state``
# follows the desk's events and head office's own decisions (总部已批准 / 总部已拒绝); an event the
# desk wrote before it heard of a decision does not take the decision back.
V3 = """
CREATE TABLE refund (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    hall TEXT NOT NULL REFERENCES hall(code),
    desk TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    amount TEXT NOT NULL,
    state TEXT NOT NULL,
    full_state TEXT NOT NULL,
    source_event TEXT NOT NULL REFERENCES event(id),
    source_desk TEXT NOT NULL,
    source_seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX refund_hall_state ON refund (hall, state);
CREATE INDEX refund_complaint ON refund (complaint_id);
"""
HEAD_OFFICE_DECIDED_STATES = ("总部已批准", "总部已拒绝")
AWAITING_HEAD_OFFICE = "待总部审批"

# Part 4 (the transfers issue): files the desks send (evidence scans, final certified PDFs), kept once
# by their SHA-256 as head office computed it, with who sent it first. ``BLOB`` is ``BYTEA`` on
# PostgreSQL (:func:`_postgres_types`).
V4 = """
CREATE TABLE stored_file (
    sha256 TEXT PRIMARY KEY,
    hall TEXT NOT NULL REFERENCES hall(code),
    desk TEXT NOT NULL REFERENCES desk(code),
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX stored_file_hall ON stored_file (hall, received_at);
"""

# Part 5 (issue 9, key escrow): each desk's sealed key bundle, only as ciphertext (head office's
# escrow private key is in a file of its own, never here). ``version`` counts the replacements;
# each opening is an ``escrow.opened`` event on the hall's head-office chain.
V5 = """
CREATE TABLE desk_escrow (
    desk TEXT PRIMARY KEY REFERENCES desk(code),
    hall TEXT NOT NULL REFERENCES hall(code),
    version INTEGER NOT NULL,
    sealed TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
"""

# Part 6 (issue 15, escrow released on purpose): every escrow version a desk sent is kept (a new
# row each, never replaced), and the one-time recovery code that releases a desk's escrow for one
# opening: only its digest, its expiry, the wrong guesses so far, and the ``escrow.released`` event
# on the hall's head-office chain that recorded its issue. One row per desk: a new code replaces an
# unused one; a successful opening, or too many wrong guesses, deletes it.
V6 = """
CREATE TABLE desk_escrow_v6 (
    desk TEXT NOT NULL REFERENCES desk(code),
    hall TEXT NOT NULL REFERENCES hall(code),
    version INTEGER NOT NULL,
    sealed TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    PRIMARY KEY (desk, version),
    UNIQUE (desk, sha256)
);
INSERT INTO desk_escrow_v6 (desk, hall, version, sealed, sha256, stored_at)
    SELECT desk, hall, version, sealed, sha256, stored_at FROM desk_escrow;
DROP TABLE desk_escrow;
ALTER TABLE desk_escrow_v6 RENAME TO desk_escrow;
CREATE TABLE escrow_release (
    desk TEXT PRIMARY KEY REFERENCES desk(code),
    hall TEXT NOT NULL REFERENCES hall(code),
    code_hash TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    event_id TEXT NOT NULL REFERENCES event(id)
);
"""


# Part 7 (issue 15): an operator logs in with an ASCII login (``operator.name``, the actor
# ``op:<login>`` of its decisions) and is shown by a display name of any script (王五); an
# operator can be revoked (its tokens stop working at once). Operators registered before keep their
# login as their name.
V7 = """
ALTER TABLE operator ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE operator ADD COLUMN revoked_at TEXT;
UPDATE operator SET display_name = name;
"""


# Part 8 (the trust issue): what head office's intake rules (hall_desk.hq.intake_rules) keep.
# ``intake_entity``: each entity's hall, owning desk, state as its desks last sent it (and from
# which desk's seq: an older event arriving late after a gap does not take it back), and the fields
# fixed at its creation (JSON), by family and id (staff accounts are ``hall_staff``);
# ``intake_waiting``: events held until their entity's creation arrives; ``intake_flag``: applied
# events head office flags (``actor.disabled``); ``intake_looser``: per family, version and rule,
# how many events were applied under an older version's looser rule; ``staff_hold``: accounts
# head office disabled (a hall cannot enable them again; ``enable-staff`` lifts it).
V8 = """
CREATE TABLE intake_entity (
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    hall TEXT NOT NULL,
    desk TEXT NOT NULL,
    state TEXT,
    fixed TEXT NOT NULL DEFAULT '{}',
    source_desk TEXT NOT NULL DEFAULT '',
    source_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, entity_id)
);
CREATE TABLE intake_waiting (
    event_id TEXT PRIMARY KEY REFERENCES event(id),
    hall TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    since TEXT NOT NULL
);
CREATE INDEX intake_waiting_entity ON intake_waiting (kind, entity_id);
CREATE TABLE intake_flag (
    event_id TEXT NOT NULL REFERENCES event(id),
    flag TEXT NOT NULL,
    hall TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (event_id, flag)
);
CREATE TABLE intake_looser (
    family TEXT NOT NULL,
    schema INTEGER NOT NULL,
    rule TEXT NOT NULL,
    events INTEGER NOT NULL,
    last_event TEXT NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (family, schema, rule)
);
CREATE TABLE staff_hold (
    hall TEXT NOT NULL REFERENCES hall(code),
    staff_no TEXT NOT NULL,
    operator TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (hall, staff_no)
);
INSERT INTO intake_entity (kind, entity_id, hall, desk, state, fixed, source_desk, source_seq)
    SELECT 'complaint', id, hall, desk, state,
           '{"number":"' || number || '","first_responder_no":"' || first_responder_no || '"}',
           source_desk, source_seq
    FROM complaint;
INSERT INTO intake_entity (kind, entity_id, hall, desk, state, fixed, source_desk, source_seq)
    SELECT 'refund', id, hall, desk, state,
           '{"number":"' || number || '","amount":"' || amount || '"}', source_desk, source_seq
    FROM refund;
INSERT INTO intake_entity (kind, entity_id, hall, desk, state, fixed, source_desk, source_seq)
    SELECT s.kind, s.entity_id, e.hall, s.source_desk, NULL, '{}', s.source_desk, s.source_seq
    FROM entity_state s JOIN event e ON e.id = s.source_event
    WHERE s.kind <> 'staff';
"""


# Part 9 (issue 20, 首问责任制): replacing the row changed the first responder where the update
# trigger of V1 could not: SQLite's ``INSERT OR REPLACE``/``REPLACE``, ``DELETE`` then ``INSERT``,
# PostgreSQL's ``TRUNCATE`` then ``INSERT``. What holds now, on both databases: a complaint row is
# never deleted (``complaint_never_deleted``; on PostgreSQL also never truncated,
# ``complaint_never_truncated``) and an id already held is never inserted again
# (``complaint_never_replaced``, which refuses an upsert's insert too: intake updates a held
# complaint and inserts only a new one). ``hall-desk-hq status`` reports any complaint whose first
# responder differs from its ``complaint.created`` event (a trigger stops statements, not someone
# who drops it).
V9_SQLITE = """
CREATE TRIGGER complaint_never_deleted BEFORE DELETE ON complaint
BEGIN
    SELECT RAISE(ABORT, 'a complaint is never deleted');
END;
CREATE TRIGGER complaint_never_replaced BEFORE INSERT ON complaint
WHEN EXISTS (SELECT 1 FROM complaint WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'a complaint is never replaced');
END;
"""
V9_POSTGRES = [
    """CREATE FUNCTION complaint_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a complaint is never deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$""",
    "CREATE TRIGGER complaint_never_deleted BEFORE DELETE ON complaint"
    " FOR EACH ROW EXECUTE FUNCTION complaint_never_deleted()",
    "CREATE TRIGGER complaint_never_truncated BEFORE TRUNCATE ON complaint"
    " FOR EACH STATEMENT EXECUTE FUNCTION complaint_never_deleted()",
    """CREATE FUNCTION complaint_never_replaced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM complaint WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'a complaint is never replaced'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$""",
    "CREATE TRIGGER complaint_never_replaced BEFORE INSERT ON complaint"
    " FOR EACH ROW EXECUTE FUNCTION complaint_never_replaced()",
]
# Part 10 (issue 16, the refund loop closes): head office's operator roles (operators registered
# before are ``operator``); each decision's role and the complaint's counted total at it; a
# director's recommendation above their level; and the execution (电子工单) of refunds paid to the
# phone account: the latest recorded execution of each (executed / failed / cancelled; a refund
# without a row waits, 待执行), its billing reference accepted once.
V10 = """
ALTER TABLE operator ADD COLUMN role TEXT NOT NULL DEFAULT 'operator';
ALTER TABLE refund_decision ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE refund_decision ADD COLUMN complaint_total TEXT NOT NULL DEFAULT '';
CREATE TABLE refund_recommendation (
    refund_id TEXT PRIMARY KEY,
    hall TEXT NOT NULL REFERENCES hall(code),
    recommend INTEGER NOT NULL,
    note TEXT NOT NULL,
    operator TEXT NOT NULL,
    recommended_at TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES event(id)
);
CREATE TABLE refund_execution (
    refund_id TEXT PRIMARY KEY REFERENCES refund(id),
    hall TEXT NOT NULL REFERENCES hall(code),
    state TEXT NOT NULL,
    billing_reference TEXT UNIQUE,
    amount TEXT,
    at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    event_id TEXT NOT NULL REFERENCES event(id)
);
CREATE INDEX refund_execution_hall_state ON refund_execution (hall, state);
"""

# Part 11 (issue 17, the console): an operator's console account — its password (scrypt, as the
# desks hash theirs), its TOTP secret sealed under head office's secrets key (a file outside the
# database; never here in clear), the last TOTP time step accepted (a code is accepted once across
# every worker) and a one-time enrolment link's hash; sessions as rows (every worker sees them;
# disabling, resetting or a role change deletes them); failed sign-ins per account and client
# address (the lockout window) and whether the holder was told; a deciding role given by one
# supervisor waits (role_pending, role_pending_by) for a second supervisor's confirmation.
V11 = """
ALTER TABLE operator ADD COLUMN password_hash TEXT;
ALTER TABLE operator ADD COLUMN totp_sealed TEXT;
ALTER TABLE operator ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operator ADD COLUMN enrol_hash TEXT;
ALTER TABLE operator ADD COLUMN enrol_expires TEXT;
ALTER TABLE operator ADD COLUMN role_pending TEXT;
ALTER TABLE operator ADD COLUMN role_pending_by TEXT;
CREATE TABLE console_session (
    id_hash TEXT PRIMARY KEY,
    operator TEXT NOT NULL REFERENCES operator(name),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    client TEXT NOT NULL
);
CREATE INDEX console_session_operator ON console_session (operator);
CREATE TABLE console_failure (
    operator TEXT NOT NULL,
    client TEXT NOT NULL,
    at TEXT NOT NULL,
    what TEXT NOT NULL,
    told INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX console_failure_key ON console_failure (operator, client, at);
CREATE INDEX refund_state_updated ON refund (state, updated_at, id);
"""

# -- issue 17 (quar17): 隔离与冲突 ----------------------------------------------------------------
# A quarantined event, a refused conflict and a flagged event are closed by an operator with a note
# (closed_at, closed_by, note; NULL: open); a waiting event closed becomes a closed quarantine row
# with reason ``waiting``. The console's list pages each kind by its own index, oldest first.
V12 = """
ALTER TABLE quarantine ADD COLUMN closed_at TEXT;
ALTER TABLE quarantine ADD COLUMN closed_by TEXT;
ALTER TABLE quarantine ADD COLUMN note TEXT;
ALTER TABLE conflict ADD COLUMN closed_at TEXT;
ALTER TABLE conflict ADD COLUMN closed_by TEXT;
ALTER TABLE conflict ADD COLUMN note TEXT;
ALTER TABLE intake_flag ADD COLUMN closed_at TEXT;
ALTER TABLE intake_flag ADD COLUMN closed_by TEXT;
ALTER TABLE intake_flag ADD COLUMN note TEXT;
CREATE INDEX quarantine_listed ON quarantine (closed_at, at, event_id);
CREATE INDEX conflict_listed ON conflict (closed_at, first_at, event_id);
CREATE INDEX intake_flag_listed ON intake_flag (closed_at, at, event_id);
CREATE INDEX intake_waiting_listed ON intake_waiting (since, event_id);
"""
# -- end of issue 17 (quar17) ---------------------------------------------------------------------


# Part 13 (issue 17, accounts and audit): head office's own audit log — sign-ins and failures,
# enrolments, account and role changes, resets, exports — append-only and hash-chained: each entry's
# ``hash`` is SHA-256 over the previous entry's hash and its own fields
# (:func:`hall_desk.hq.store.audit.entry_hash`), ``seq`` counts from 1 without gaps. Triggers
# refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE); ``hall-desk-hq verify-audit``
# recomputes the chain (a trigger stops statements, not someone who drops it).
V13 = """
CREATE TABLE hq_audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    client TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX hq_audit_operator ON hq_audit (operator, seq);
CREATE INDEX hq_audit_kind ON hq_audit (kind, seq);
"""
V13_SQLITE = """
CREATE TRIGGER hq_audit_never_updated BEFORE UPDATE ON hq_audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER hq_audit_never_deleted BEFORE DELETE ON hq_audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
"""
V13_POSTGRES = [
    """CREATE FUNCTION hq_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$""",
    "CREATE TRIGGER hq_audit_never_updated BEFORE UPDATE ON hq_audit"
    " FOR EACH ROW EXECUTE FUNCTION hq_audit_append_only()",
    "CREATE TRIGGER hq_audit_never_deleted BEFORE DELETE ON hq_audit"
    " FOR EACH ROW EXECUTE FUNCTION hq_audit_append_only()",
    "CREATE TRIGGER hq_audit_never_truncated BEFORE TRUNCATE ON hq_audit"
    " FOR EACH STATEMENT EXECUTE FUNCTION hq_audit_append_only()",
]

# Part 14 (issue 17, 转总部投诉 in the console): who handles each complaint now, from its latest
# full state (``head_office``: transferred to head office, media complaints included); the queue
# (handled by head office and still 已转派) walks a partial index over those (media first, then the
# nearest reply deadline: the overdue ones come first).
V14 = """
ALTER TABLE complaint ADD COLUMN handler_kind TEXT NOT NULL DEFAULT '';
UPDATE complaint SET handler_kind = {handler_kind};
CREATE INDEX complaint_head_office_queue ON complaint (media DESC, reply_due, id)
    WHERE handler_kind = 'head_office' AND state = '已转派';
"""
V14_HANDLER_KIND = {
    SQLITE: "coalesce(json_extract(full_state, '$.handler_kind'), '')",
    POSTGRES: "coalesce(CAST(full_state AS json) ->> 'handler_kind', '')",
}

# Part 15 (issue 17, the console's 待执行退费 and 营业厅与台席 pages): a refund's payment method as a
# column (intake writes it from the payload; older rows are filled from their full state), so that
# the 待执行 queue — approved refunds paid to the phone account, oldest first — is read through a
# partial index in SQL; per desk, when its token was issued, and when it last called head office
# and whether over TLS (noted by the server at most once a minute per desk and worker).
V15 = """
ALTER TABLE refund ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE desk ADD COLUMN token_issued_at TEXT;
ALTER TABLE desk ADD COLUMN last_seen_at TEXT;
ALTER TABLE desk ADD COLUMN last_seen_tls INTEGER;
UPDATE desk SET token_issued_at = created_at;
CREATE INDEX refund_executable ON refund (updated_at, id)
    WHERE method = '话费账户返还' AND state IN ('已批准', '总部已批准');
"""
V15_SQLITE_BACKFILL = (
    "UPDATE refund SET method = coalesce(json_extract(full_state, '$.method'), '')"
)
V15_POSTGRES_BACKFILL = "UPDATE refund SET method = coalesce(full_state::json->>'method', '')"

# Part 16 (issue 18 item 4, keys with several workers or hosts): the keys head office's workers are
# given as files, recorded once so that every worker (on any host) checks its file against the same
# record and refuses to start with another key: ``escrow`` (the escrow key pair's public key and
# its fingerprint: what public-key-only workers serve) and ``secrets`` (the console's secrets key:
# a fingerprint only, never the key).
V16 = """
CREATE TABLE key_record (
    name TEXT PRIMARY KEY,
    public_key TEXT,
    fingerprint TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
"""

# Part 18 (issue 17, hdr17: the console's search and "who opened it"): a complaint found by its
# number or by the customer's full phone number and a refund by its number, each through an index;
# and who opened a complaint's or refund's page when (one row per operator and item, the latest
# opening), so that the page shows others "王五 于 10:02 打开" within 15 minutes.
V18 = """
CREATE INDEX complaint_number ON complaint (number);
CREATE INDEX complaint_phone ON complaint (phone);
CREATE INDEX refund_number ON refund (number);
CREATE TABLE console_opened (
    item TEXT NOT NULL,
    operator TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    PRIMARY KEY (item, operator)
);
"""


# Part 17 (issue 17 item 3, 全省指标): the daily figures intake keeps per hall and Asia/Shanghai
# day, each complaint's and refund's contribution to them, and the rows changed since the last
# refresh (marked by triggers, whoever writes, with a count of changes so that a refresh never
# drops a mark a later change renewed; :mod:`hall_desk.hq.store.figure_rows`). Rows held
# before this step are counted by a rebuild, not by marking them all (that would make the first
# hall transaction after the upgrade recompute the whole table): ``figure_pending`` holds a row
# when there were any, and ``hall-desk-hq migrate`` / ``serve`` rebuild once before serving.
V17 = """
CREATE TABLE figure_dirty (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    changes INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, id)
);
CREATE TABLE figure_complaint (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    due INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    late INTEGER NOT NULL,
    repeat_count INTEGER NOT NULL,
    media INTEGER NOT NULL,
    regulator_breach INTEGER NOT NULL,
    called_back INTEGER NOT NULL,
    satisfied INTEGER NOT NULL,
    is_open INTEGER NOT NULL,
    reply_due TEXT NOT NULL,
    regulator_due TEXT NOT NULL,
    answered_by_due INTEGER NOT NULL
);
CREATE INDEX figure_complaint_hall_day ON figure_complaint (hall, day);
CREATE INDEX figure_complaint_open ON figure_complaint (day, hall) WHERE is_open = 1;
CREATE TABLE figure_day (
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    due INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    late INTEGER NOT NULL,
    repeat_count INTEGER NOT NULL,
    media INTEGER NOT NULL,
    regulator_breach INTEGER NOT NULL,
    called_back INTEGER NOT NULL,
    satisfied INTEGER NOT NULL,
    PRIMARY KEY (hall, day)
);
CREATE INDEX figure_day_day ON figure_day (day, hall);
CREATE TABLE figure_refund (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    level TEXT NOT NULL,
    state TEXT NOT NULL,
    fen INTEGER NOT NULL
);
CREATE TABLE figure_refund_day (
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    level TEXT NOT NULL,
    state TEXT NOT NULL,
    count INTEGER NOT NULL,
    fen INTEGER NOT NULL,
    PRIMARY KEY (hall, day, level, state)
);
CREATE INDEX figure_refund_day_day ON figure_refund_day (day, hall);
CREATE TABLE figure_pending (since TEXT NOT NULL);
INSERT INTO figure_pending (since) SELECT CURRENT_TIMESTAMP
    WHERE EXISTS (SELECT 1 FROM complaint) OR EXISTS (SELECT 1 FROM refund);
"""
V17_SQLITE = """
CREATE TRIGGER complaint_figures_inserted AFTER INSERT ON complaint BEGIN
    INSERT INTO figure_dirty (kind, id) VALUES ('complaint', NEW.id)
        ON CONFLICT (kind, id) DO UPDATE SET changes = figure_dirty.changes + 1;
END;
CREATE TRIGGER complaint_figures_updated AFTER UPDATE ON complaint BEGIN
    INSERT INTO figure_dirty (kind, id) VALUES ('complaint', NEW.id)
        ON CONFLICT (kind, id) DO UPDATE SET changes = figure_dirty.changes + 1;
END;
CREATE TRIGGER refund_figures_inserted AFTER INSERT ON refund BEGIN
    INSERT INTO figure_dirty (kind, id) VALUES ('refund', NEW.id)
        ON CONFLICT (kind, id) DO UPDATE SET changes = figure_dirty.changes + 1;
END;
CREATE TRIGGER refund_figures_updated AFTER UPDATE ON refund BEGIN
    INSERT INTO figure_dirty (kind, id) VALUES ('refund', NEW.id)
        ON CONFLICT (kind, id) DO UPDATE SET changes = figure_dirty.changes + 1;
END;
"""
V17_POSTGRES = [
    """CREATE FUNCTION figure_dirty_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO figure_dirty (kind, id) VALUES (TG_ARGV[0], NEW.id)
        ON CONFLICT (kind, id) DO UPDATE SET changes = figure_dirty.changes + 1;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER complaint_figures_changed AFTER INSERT OR UPDATE ON complaint"
    " FOR EACH ROW EXECUTE FUNCTION figure_dirty_mark('complaint')",
    "CREATE TRIGGER refund_figures_changed AFTER INSERT OR UPDATE ON refund"
    " FOR EACH ROW EXECUTE FUNCTION figure_dirty_mark('refund')",
]

# Part 20 (issue 17, console17b: the console's remaining gaps): re-enabling a disabled account
# whose role decides refunds waits (enable_pending_by) for a second supervisor; and a desk's clock
# offset against head office's as the desk last reported it (its send time in the upload,
# offset = received - sent, bounded by the round trip it measured), with when it was recorded;
# 全省指标's refund figures list their refunds through figure_refund's index (day, hall, level,
# state). Refund levels now follow each hall's policy when the refund was proposed: a database whose
# figures counted refunds while policies were published is marked for one rebuild (figure_pending,
# as step 17 does; ``migrate`` / ``serve`` rebuild before serving).
V20 = """
ALTER TABLE operator ADD COLUMN enable_pending_by TEXT;
ALTER TABLE desk ADD COLUMN clock_offset_ms INTEGER;
ALTER TABLE desk ADD COLUMN clock_offset_bound_ms INTEGER;
ALTER TABLE desk ADD COLUMN clock_offset_at TEXT;
CREATE INDEX figure_refund_listed ON figure_refund (day, hall, level, state);
INSERT INTO figure_pending (since) SELECT CURRENT_TIMESTAMP
    WHERE EXISTS (SELECT 1 FROM figure_refund) AND EXISTS (SELECT 1 FROM policy_version)
    AND NOT EXISTS (SELECT 1 FROM figure_pending);
"""


# Part 19 (issue 17 item 6, queue17: the console at scale). 待执行's waiting marker: the 待执行
# queue reads only the refunds still waiting for their execution — ``refund.execution_waiting`` is
# 待执行 (approved, paid to the phone account, no execution recorded) or 执行失败 (its last attempt
# failed), NULL otherwise — on partial indexes holding exactly those, in queue order, by hall and
# by desk (``refund_executable`` also holds every executed or cancelled one: at scale, nearly
# all). Kept right by triggers whoever writes (intake's refund rows, a decision's state, the
# execution rows), on both databases; older rows filled here. 待总部审批 by desk on its own
# partial index (by hall: refund_hall_state; unfiltered: refund_state_updated). And 全省指标's
# monthly roll-up of the daily figures (``figure_month``, kept with ``figure_day`` by the same
# refresh, filled from it here): a year over 1,000 halls sums 12,000 rows, not 365,000.
_WAITING_EXPR = (
    "CASE WHEN {method} = '话费账户返还' AND {state} IN ('已批准', '总部已批准') THEN CASE"
    " WHEN NOT EXISTS (SELECT 1 FROM refund_execution x WHERE x.refund_id = {id}) THEN '待执行'"
    " WHEN EXISTS (SELECT 1 FROM refund_execution x WHERE x.refund_id = {id}"
    " AND x.state = '执行失败') THEN '执行失败' END END"
)
_WAITING_ROW = _WAITING_EXPR.format(id="refund.id", method="refund.method", state="refund.state")
V19 = """
ALTER TABLE refund ADD COLUMN execution_waiting TEXT;
CREATE INDEX refund_execution_waiting ON refund (updated_at, id)
    WHERE execution_waiting IS NOT NULL;
CREATE INDEX refund_execution_waiting_hall ON refund (hall, updated_at, id)
    WHERE execution_waiting IS NOT NULL;
CREATE INDEX refund_execution_waiting_desk ON refund (desk, updated_at, id)
    WHERE execution_waiting IS NOT NULL;
CREATE INDEX refund_awaiting_desk ON refund (desk, updated_at, id) WHERE state = '待总部审批';
CREATE TABLE figure_month (
    hall TEXT NOT NULL,
    month TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    due INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    late INTEGER NOT NULL,
    repeat_count INTEGER NOT NULL,
    media INTEGER NOT NULL,
    regulator_breach INTEGER NOT NULL,
    called_back INTEGER NOT NULL,
    satisfied INTEGER NOT NULL,
    PRIMARY KEY (hall, month)
);
CREATE INDEX figure_month_month ON figure_month (month, hall);
"""
# figure_month from figure_day (the upgrade; the benchmark after its COPY)
FIGURE_MONTH_FILL = (
    "INSERT INTO figure_month (hall, month, accepted, due, on_time, late, repeat_count, media,"
    " regulator_breach, called_back, satisfied)"
    " SELECT hall, substr(day, 1, 7), sum(accepted), sum(due), sum(on_time), sum(late),"
    " sum(repeat_count), sum(media), sum(regulator_breach), sum(called_back), sum(satisfied)"
    " FROM figure_day GROUP BY hall, substr(day, 1, 7)"
)
V19_BACKFILL = (
    f"UPDATE refund SET execution_waiting = {_WAITING_ROW}"
    " WHERE method = '话费账户返还' AND state IN ('已批准', '总部已批准')"
)
_WAITING_NEW = _WAITING_EXPR.format(id="NEW.id", method="NEW.method", state="NEW.state")
V19_SQLITE = f"""
CREATE TRIGGER refund_waiting_inserted AFTER INSERT ON refund
    WHEN NEW.method = '话费账户返还' AND NEW.state IN ('已批准', '总部已批准') BEGIN
    UPDATE refund SET execution_waiting = {_WAITING_NEW} WHERE id = NEW.id;
END;
CREATE TRIGGER refund_waiting_updated AFTER UPDATE OF method, state ON refund BEGIN
    UPDATE refund SET execution_waiting = {_WAITING_NEW}
        WHERE id = NEW.id AND execution_waiting IS NOT ({_WAITING_NEW});
END;
CREATE TRIGGER refund_execution_waiting_inserted AFTER INSERT ON refund_execution BEGIN
    UPDATE refund SET execution_waiting = {_WAITING_ROW}
        WHERE id = NEW.refund_id AND execution_waiting IS NOT ({_WAITING_ROW});
END;
CREATE TRIGGER refund_execution_waiting_updated AFTER UPDATE ON refund_execution BEGIN
    UPDATE refund SET execution_waiting = {_WAITING_ROW}
        WHERE id IN (NEW.refund_id, OLD.refund_id) AND execution_waiting IS NOT ({_WAITING_ROW});
END;
CREATE TRIGGER refund_execution_waiting_deleted AFTER DELETE ON refund_execution BEGIN
    UPDATE refund SET execution_waiting = {_WAITING_ROW}
        WHERE id = OLD.refund_id AND execution_waiting IS NOT ({_WAITING_ROW});
END;
"""
V19_POSTGRES = [
    "CREATE FUNCTION refund_execution_waiting(rid TEXT, rmethod TEXT, rstate TEXT) RETURNS TEXT"
    " LANGUAGE sql STABLE AS $$ SELECT "
    + _WAITING_EXPR.format(id="rid", method="rmethod", state="rstate")
    + " $$",
    """CREATE FUNCTION refund_waiting_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.execution_waiting := refund_execution_waiting(NEW.id, NEW.method, NEW.state);
    RETURN NEW;
END
$$""",
    """CREATE FUNCTION refund_waiting_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid TEXT;
BEGIN
    FOREACH rid IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.refund_id]
        WHEN 'DELETE' THEN ARRAY[OLD.refund_id] ELSE ARRAY[NEW.refund_id, OLD.refund_id] END
    LOOP
        UPDATE refund r SET execution_waiting = refund_execution_waiting(r.id, r.method, r.state)
            WHERE r.id = rid AND r.execution_waiting IS DISTINCT FROM
                refund_execution_waiting(r.id, r.method, r.state);
    END LOOP;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER refund_waiting_kept BEFORE INSERT OR UPDATE OF method, state ON refund"
    " FOR EACH ROW EXECUTE FUNCTION refund_waiting_set()",
    "CREATE TRIGGER refund_execution_waiting_kept AFTER INSERT OR UPDATE OR DELETE"
    " ON refund_execution FOR EACH ROW EXECUTE FUNCTION refund_waiting_follow()",
]


def _statements(script: str) -> Iterator[str]:
    """Split a schema script into statements (``executescript`` would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


def _wide(statement: str) -> str:
    """PostgreSQL's INTEGER is 32 bits; seq and receipt numbers go up to 2**53."""
    return re.sub(r"\bINTEGER\b", "BIGINT", statement)


def _postgres_types(statement: str) -> str:
    """:func:`_wide`, and PostgreSQL's name for bytes (``BYTEA``) where SQLite says ``BLOB``."""
    return re.sub(r"\bBLOB\b", "BYTEA", _wide(statement))


def _migration_steps(dialect: str, version: int) -> list[str]:
    """The statements that take a store from ``version`` to ``version + 1``."""
    postgres = dialect == POSTGRES
    if version == 0:
        tables = [_wide(t) if postgres else t for t in _statements(V1)]
        return tables + (V1_POSTGRES_TRIGGER if postgres else list(_statements(V1_SQLITE_TRIGGER)))
    if version == 1:
        steps = [_wide(t) if postgres else t for t in _statements(V2)]
        steps.append(V2_POSTGRES_BACKFILL if postgres else V2_SQLITE_BACKFILL)
        return steps + list(_statements(V2_AFTER))
    if version == 2:
        return [_wide(t) if postgres else t for t in _statements(V3)]
    if version == 3:
        return [_postgres_types(t) if postgres else t for t in _statements(V4)]
    if version == 4:
        return [_wide(t) if postgres else t for t in _statements(V5)]
    if version == 5:
        return [_wide(t) if postgres else t for t in _statements(V6)]
    if version == 6:
        return list(_statements(V7))
    if version == 7:
        return [_wide(t) if postgres else t for t in _statements(V8)]
    if version == 8:
        return list(V9_POSTGRES) if postgres else list(_statements(V9_SQLITE))
    if version == 9:  # issue 16: the refund loop (roles, levels, recommendation, execution)
        return [_wide(t) if postgres else t for t in _statements(V10)]
    if version == 10:  # issue 17: console accounts, sessions, sign-in failures
        return [_wide(t) if postgres else t for t in _statements(V11)]
    if version == 11:  # issue 17 (quar17): 隔离与冲突 closed with a note, listed by index
        return list(_statements(V12))
    if version == 12:  # issue 17: head office's audit log (append-only, hash-chained)
        tables = [_wide(t) if postgres else t for t in _statements(V13)]
        return tables + (V13_POSTGRES if postgres else list(_statements(V13_SQLITE)))
    if version == 13:  # issue 17 (transfer17): 转总部投诉's queue
        script = V14.replace("{handler_kind}", V14_HANDLER_KIND[dialect])
        return [_wide(t) if postgres else t for t in _statements(script)]
    if version == 14:  # issue 17: 待执行退费 and 营业厅与台席 (refund.method, desk contact)
        steps = [_wide(t) if postgres else t for t in _statements(V15)]
        return [*steps, V15_POSTGRES_BACKFILL if postgres else V15_SQLITE_BACKFILL]
    if version == 15:  # issue 18: the recorded key fingerprints
        return list(_statements(V16))
    if version == 16:  # issue 17 (metrics17): 全省指标's daily figures, kept by intake
        tables = [_wide(t) if postgres else t for t in _statements(V17)]
        return tables + (V17_POSTGRES if postgres else list(_statements(V17_SQLITE)))
    if version == 17:  # issue 17 (hdr17): search indexes, who opened an item
        return list(_statements(V18))
    if version == 18:  # issue 17 item 6 (queue17): 待执行's marker, figure_month
        steps = [_wide(t) if postgres else t for t in _statements(V19)]
        steps += [V19_BACKFILL, FIGURE_MONTH_FILL]
        return steps + (V19_POSTGRES if postgres else list(_statements(V19_SQLITE)))
    if version == 19:  # issue 17 (console17b): re-enable confirmation, desks' clock offsets
        return [_wide(t) if postgres else t for t in _statements(V20)]
    raise AssertionError(f"no migration from schema {version}")


# One step per version; a version's schema never changes once shipped.
LATEST_VERSION = 20


def newer_schema(shown: str, version: int) -> HQStoreError:
    """A worker of an older version never opens a newer schema (issue 18 item 5): it would miss
    what the newer one writes. The message names both versions."""
    from hall_desk import __version__

    return HQStoreError(
        "db.newer_schema",
        f"{shown} is from a newer hall-desk-hq: the database has schema {version}, this"
        f" hall-desk-hq {__version__} knows schema {LATEST_VERSION} at most; upgrade this"
        " worker (README: upgrades)",
    )


def _inspect(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file, read-only."""
    try:
        return read_header(path)
    except sqlite3.DatabaseError as error:
        raise HQStoreError("db.damaged", f"{path} is not a readable database: {error}") from None


def _migrate_sqlite(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    while version < LATEST_VERSION:
        target = version + 1
        log.info("migrating head-office store to schema %d", target)
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated meanwhile: look again under the write lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= target:
                conn.execute("ROLLBACK")
                continue
            for statement in _migration_steps(SQLITE, version):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = target


def _migrate_postgres(db: _Db, shown: str) -> None:
    """Schema versions in a ``schema_version`` table; one migrator at a time (advisory lock)."""
    db.execute("BEGIN")
    try:
        db.execute("SELECT pg_advisory_xact_lock(?)", (APPLICATION_ID,))
        tables = {
            r[0]
            for r in db.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            ).fetchall()
        }
        if "schema_version" in tables:
            row = db.execute("SELECT application, version FROM schema_version").fetchone()
            if row is None or row[0] != APPLICATION_NAME:
                raise HQStoreError("db.foreign", f"{shown} is not a head-office database")
            version = int(row[1])
        elif tables:
            raise HQStoreError(
                "db.foreign", f"{shown} holds other tables: not a head-office database"
            )
        else:
            db.execute(
                "CREATE TABLE schema_version (application TEXT NOT NULL, version INTEGER NOT NULL)"
            )
            db.execute(
                "INSERT INTO schema_version (application, version) VALUES (?, 0)",
                (APPLICATION_NAME,),
            )
            version = 0
        if version > LATEST_VERSION:
            raise newer_schema(shown, version)
        while version < LATEST_VERSION:
            log.info("migrating head-office store to schema %d", version + 1)
            for statement in _migration_steps(POSTGRES, version):
                db.execute(statement)
            version += 1
            db.execute("UPDATE schema_version SET version = ?", (version,))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
