"""Schema migrations, one function per version; ``PRAGMA user_version`` holds the version.

Each migration is explicit SQL so that a version's schema never changes after it shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x48444B31  # "HDK1": marks the file as a hall_desk store

V1 = """
CREATE TABLE hall (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    district TEXT NOT NULL,
    service_phone TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE desk (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    code TEXT NOT NULL UNIQUE,
    hall_code TEXT NOT NULL REFERENCES hall(code),
    demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    hall_code TEXT NOT NULL REFERENCES hall(code),
    staff_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE complaint (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    hall_code TEXT NOT NULL,
    desk_code TEXT NOT NULL,
    phone TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    tier TEXT NOT NULL,
    channel TEXT NOT NULL,
    main_class TEXT NOT NULL,
    sub_class TEXT NOT NULL,
    regulator_class TEXT NOT NULL,
    occurred_at TEXT,
    place TEXT NOT NULL DEFAULT '',
    amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
    description TEXT NOT NULL,
    customer_request TEXT NOT NULL,
    network_urgency TEXT,
    escalation_source TEXT,
    escalation_reference TEXT NOT NULL DEFAULT '',
    escalation_tendency TEXT NOT NULL,
    important INTEGER NOT NULL DEFAULT 0,
    media INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0,
    repeat INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    first_responder_no TEXT NOT NULL,
    first_responder_name TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    reply_due TEXT NOT NULL,
    regulator_due TEXT NOT NULL,
    deadline_basis TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaint_phone_accepted ON complaint (phone, accepted_at DESC);
CREATE INDEX complaint_accepted ON complaint (accepted_at DESC);
CREATE INDEX complaint_first_responder ON complaint (first_responder_no, state);

-- 首问责任制: the first responder is set once and never changes, whoever writes to the file.
CREATE TRIGGER complaint_first_responder_fixed
BEFORE UPDATE OF first_responder_no, first_responder_name ON complaint
WHEN NEW.first_responder_no IS NOT OLD.first_responder_no
  OR NEW.first_responder_name IS NOT OLD.first_responder_name
BEGIN
    SELECT RAISE(ABORT, 'first responder of a complaint cannot change');
END;

CREATE TABLE complaint_link (
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    earlier_id TEXT NOT NULL REFERENCES complaint(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (complaint_id, earlier_id, kind)
);
CREATE INDEX complaint_link_earlier ON complaint_link (earlier_id);

CREATE TABLE day_counter (
    day TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE draft (
    staff_no TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Desk-local settings (receipt paper …): not business data, no events.
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Documents handed out (receipts, slips): a later print of the same document is a reprint (补打).
CREATE TABLE document_print (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reprint INTEGER NOT NULL
);
CREATE INDEX document_print_entity ON document_print (kind, entity_id);

-- The event log: audit trail and outbox in one (ARCHITECTURE.md). Append-only.
CREATE TABLE event (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    desk TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    type TEXT NOT NULL,
    schema INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (desk, seq)
);
CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
"""


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute statement by statement inside the caller's transaction (executescript would commit)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending[:60]}")


def _v1(conn: sqlite3.Connection) -> None:
    run_script(conn, V1)


# v2: a clerk's own list ("my complaints, newest first") walked the whole hall's complaints in date
# order to find theirs: 1.3 s on a million rows; with this index, 14 ms.
V2 = """
CREATE INDEX complaint_first_responder_accepted ON complaint (first_responder_no, accepted_at DESC);
"""


def _v2(conn: sqlite3.Connection) -> None:
    run_script(conn, V2)


# v3: the upload path (issue 3). The event table stays append-only, so what head office answered
# about each of this desk's own events lives beside it:
# - ``sync_delivery``: one row per answered own event, keyed by its ``seq`` (the rowid: no second
#   index on a UUID for a million rows); ``outcome`` is the protocol's stored / duplicate /
#   quarantined / refused. Quarantined and refused rows are the dead letters (a partial index keeps
#   them a lookup, however long the log).
# - ``sync_state`` (one row): ``answered_through`` = every own event with ``seq`` ≤ it has an
#   answer, so "what still waits" is an index range on event (desk, seq) past it, never a join
#   over the whole log; plus where head office is and how the last exchanges went. The desk's token
#   is never here (it lives in the system keyring only).
V3 = """
CREATE TABLE sync_delivery (
    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
    event_id TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'quarantined', 'refused')),
    reason TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL
);
CREATE INDEX sync_delivery_dead_letter ON sync_delivery (seq)
    WHERE outcome IN ('quarantined', 'refused');

CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hq_url TEXT NOT NULL DEFAULT '',
    answered_through INTEGER NOT NULL DEFAULT 0 CHECK (answered_through >= 0),
    last_attempt_at TEXT,
    last_attempt_ok INTEGER NOT NULL DEFAULT 0,
    last_success_at TEXT,
    last_error_code TEXT NOT NULL DEFAULT '',
    last_error_detail TEXT NOT NULL DEFAULT '',
    last_error_at TEXT,
    clock_offset_ms INTEGER,
    clock_offset_at TEXT,
    hq_highest_seq INTEGER,
    hq_chain_state TEXT NOT NULL DEFAULT '',
    hq_chain_detail TEXT NOT NULL DEFAULT ''
);
INSERT INTO sync_state (id) VALUES (1);
"""


def _v3(conn: sqlite3.Connection) -> None:
    run_script(conn, V3)


# v4: the downlink (issue 4). Pulled events go into ``event`` as they are (their own desk's chain,
# never re-uploaded: the outbox only reads this desk's code); beside them:
# - ``sync_state.pull_cursor``: head office's receipt number of the last pulled event applied (or
#   refused), moved in the same transaction as the page it ends; ``last_heard_at``: the last
#   successful exchange with head office (upload or pull), for "最后同步于 …" on hall-wide views.
# - ``pull_dead_letter``: pulled events that were not applied, with the reason. ``outcome`` is
#   ``refused`` (not kept: malformed, another hall's, this desk's own, a conflict) or
#   ``quarantined`` (kept in the log, chain whole, but its payload could not be applied).
#   ``fingerprint`` (SHA-256 of the envelope as received and the reason) makes a re-pulled page
#   add nothing.
# - ``policy``: every applied ``policy.set`` (versions only go up); the highest is in force.
# - ``complaint_reply``: head office's answers to complaints (``complaint.replied``).
# - ``hq_decision``: head-office decisions the desk keeps but does not act on yet
#   (``refund.decided``: refunds are a later issue).
V4 = """
ALTER TABLE sync_state ADD COLUMN pull_cursor INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0);
ALTER TABLE sync_state ADD COLUMN last_heard_at TEXT;
ALTER TABLE sync_state ADD COLUMN last_pull_at TEXT;

CREATE TABLE pull_dead_letter (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL DEFAULT '',
    desk TEXT NOT NULL DEFAULT '',
    seq INTEGER,
    type TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL CHECK (outcome IN ('quarantined', 'refused')),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    envelope TEXT NOT NULL,
    cursor INTEGER NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE policy (
    version INTEGER PRIMARY KEY CHECK (version >= 1),
    document TEXT NOT NULL,
    event_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE complaint_reply (
    event_id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    reply TEXT NOT NULL,
    replied_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX complaint_reply_complaint ON complaint_reply (complaint_id, replied_at);

CREATE TABLE hq_decision (
    event_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX hq_decision_entity ON hq_decision (entity_id);

-- The hall-wide list of open complaints (store manager, shift leader) and its freshness.
CREATE INDEX complaint_state_accepted ON complaint (state, accepted_at DESC);
"""


def _v4(conn: sqlite3.Connection) -> None:
    run_script(conn, V4)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4]
LATEST_VERSION = len(MIGRATIONS)
