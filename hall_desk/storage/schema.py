"""Schema migrations, one function per version; ``PRAGMA user_version`` holds the version.

Each migration is explicit SQL so that a version's schema never changes after it shipped.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

from hall_desk.domain.clock import utc_iso
from hall_desk.domain.identity import stored_phone
from hall_desk.storage import compact

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


# v5: the lifecycle (issue 5, 首问责任制). On the complaint: the 核实 result, the current handler
# after a 转派 (the first responder never changes: handler_* are beside it), the last callback's
# satisfaction and the 不满意 flag, the latest promised time, when the customer was first answered
# and when it was archived, and the incident it belongs to. Beside it, one row per reply to the
# customer, callback, progress note and transfer (each also travels in its complaint event), and the
# incidents (重大批量投诉). ``event_entity`` finds an entity's events (own and pulled) for the
# timeline without reading the whole log.
V5 = """
ALTER TABLE complaint ADD COLUMN verification TEXT;
ALTER TABLE complaint ADD COLUMN responsibility TEXT;
ALTER TABLE complaint ADD COLUMN verification_note TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN handler_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN handler_no TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN handler_name TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN satisfaction TEXT;
ALTER TABLE complaint ADD COLUMN dissatisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint ADD COLUMN promised_at TEXT;
ALTER TABLE complaint ADD COLUMN replied_at TEXT;
ALTER TABLE complaint ADD COLUMN closed_at TEXT;
ALTER TABLE complaint ADD COLUMN incident_id TEXT;

-- "我的跟进": open complaints where I am the first responder (complaint_first_responder, v1) or
-- the current handler (this one).
CREATE INDEX complaint_handler ON complaint (handler_no, state);
CREATE INDEX complaint_incident ON complaint (incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE complaint_customer_reply (
    id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    content TEXT NOT NULL,
    method TEXT NOT NULL,
    replied_at TEXT NOT NULL,
    staff_no TEXT NOT NULL,
    staff_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX complaint_customer_reply_complaint ON complaint_customer_reply (complaint_id, replied_at);

CREATE TABLE complaint_callback (
    id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    satisfaction TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    called_at TEXT NOT NULL,
    staff_no TEXT NOT NULL,
    staff_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX complaint_callback_complaint ON complaint_callback (complaint_id, called_at);

CREATE TABLE complaint_progress_note (
    id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    told_customer TEXT NOT NULL,
    promised_at TEXT NOT NULL,
    staff_no TEXT NOT NULL,
    staff_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX complaint_progress_note_complaint ON complaint_progress_note (complaint_id, recorded_at);

CREATE TABLE complaint_transfer (
    id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    to_kind TEXT NOT NULL,
    to_no TEXT NOT NULL DEFAULT '',
    to_name TEXT NOT NULL,
    note TEXT NOT NULL,
    staff_no TEXT NOT NULL,
    staff_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX complaint_transfer_complaint ON complaint_transfer (complaint_id, recorded_at);

CREATE TABLE incident (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    hall_code TEXT NOT NULL,
    desk_code TEXT NOT NULL,
    cause TEXT NOT NULL,
    area TEXT NOT NULL,
    main_class TEXT NOT NULL,
    sub_class TEXT NOT NULL,
    network_urgency TEXT,
    customer_request TEXT NOT NULL,
    started_at TEXT NOT NULL,
    state TEXT NOT NULL,
    opened_by_no TEXT NOT NULL,
    opened_by_name TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    closed_by_no TEXT NOT NULL DEFAULT '',
    closing_note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX incident_state ON incident (state, opened_at DESC);

CREATE INDEX event_entity ON event (json_extract(payload, '$.id'));
"""


def _v5(conn: sqlite3.Connection) -> None:
    run_script(conn, V5)


# v6: "我的跟进" and search (issue 5).
# - Partial indexes over the open complaints (已受理 / 核实中 / 已转派 / 处理中; the IN list is spelt
#   exactly as ``hall_desk.storage.search_index.OPEN_STATES_SQL`` so the planner can use them),
#   nearest deadline first: a clerk's own (first responder) and the whole hall's. (The current
#   handler's arm uses v5's ``complaint_handler``.)
# - ``complaint.search_key``: the complaint's place in newest-first order, unique: the acceptance
#   time in microseconds since the epoch × 1000, plus n for the n-th complaint accepted in the same
#   microsecond (in the order they were stored). Set by the insert trigger, again only if
#   ``accepted_at`` changes; never by the app (nor by hand: the search indexes would not follow). It is the rowid of both search indexes, so a text
#   search reads the index newest first (``ORDER BY rowid DESC``) and stops after one page: only the
#   complaints of that page are looked up (``complaint_search_key``), however many match. It is a
#   real column, so a VACUUM (which may renumber rowids) leaves the search indexes valid.
#   (Past the 1000th complaint in one microsecond, or with an unreadable accepted_at, the key is
#   the largest one held + 1: still unique, out of order.)
# - Search through two FTS5 indexes, kept by triggers on ``complaint`` (so complaints pulled from the
#   other desks, upserted by the downlink, are indexed too), their rowid being ``search_key``:
#   ``complaint_text``: trigram tokenizer over number, phone, name and description, external content
#   (no copy of the text): substrings of 3 characters or more (phone digits, number parts, 信息费);
#   ``complaint_bigram``: the name and description cut by SQL into overlapping 2-character tokens
#   (the last character alone too, so a 1-character prefix query finds every character;
#   ``search_position`` numbers the characters: text past 4,096 characters is not cut), contentless
#   and ``detail=none`` (a rowid list per token, no positions): 2-character words (话费, 信号, 退费),
#   which a trigram MATCH cannot find (SQLite 3.40: a 2-character LIKE on it silently finds nothing).
#   ``hall_desk.storage.search_index.rebuild_search_index`` rebuilds both (to repair).
#
# The key's arithmetic: ``unixepoch`` of the text up to the seconds (given the fraction, SQLite
# rounds to milliseconds and .9995 would become the next second) × 1e6 + the 6 digits of the
# fraction (``utc_iso``: 'YYYY-MM-DDTHH:MM:SS.ffffffZ'); × 1000 leaves room for 1000 complaints per
# microsecond and stays below 2^63 until the year 2262.
_SEARCH_KEY_BASE = (
    "(unixepoch(substr({t}, 1, 19)) * 1000000 + CAST(substr({t}, 21, 6) AS INTEGER)) * 1000"
)
_SET_SEARCH_KEY = f"""
    UPDATE complaint SET search_key = (
        SELECT CASE WHEN m IS NULL THEN b WHEN m < b + 999 THEN m + 1 END
        FROM (SELECT b, (SELECT max(search_key) FROM complaint
                         WHERE search_key BETWEEN b AND b + 999) AS m
              FROM (SELECT {_SEARCH_KEY_BASE.format(t="NEW.accepted_at")} AS b))
    ) WHERE rowid = NEW.rowid AND search_key IS NULL;
    UPDATE complaint SET search_key = (SELECT coalesce(max(search_key), 0) + 1 FROM complaint)
    WHERE rowid = NEW.rowid AND search_key IS NULL;"""
_NEW_KEY = "(SELECT search_key FROM complaint WHERE rowid = NEW.rowid)"
_INSERT_NEW = f"""
    INSERT INTO complaint_text (rowid, number, phone, customer_name, description)
    VALUES ({_NEW_KEY}, NEW.number, NEW.phone, NEW.customer_name, NEW.description);
    INSERT INTO complaint_bigram (rowid, grams)
    SELECT {_NEW_KEY}, group_concat(substr(t, n, 2), ' ')
    FROM (SELECT NEW.customer_name || ' ' || NEW.description AS t), search_position
    WHERE n <= length(t);"""
_DELETE_OLD = """
    INSERT INTO complaint_text (complaint_text, rowid, number, phone, customer_name, description)
    VALUES ('delete', OLD.search_key, OLD.number, OLD.phone, OLD.customer_name, OLD.description);
    INSERT INTO complaint_bigram (complaint_bigram, rowid, grams)
    SELECT 'delete', OLD.search_key, group_concat(substr(t, n, 2), ' ')
    FROM (SELECT OLD.customer_name || ' ' || OLD.description AS t), search_position
    WHERE n <= length(t);"""
# Every complaint's search key in one statement (the schema step, and bulk writers that fill the
# table with its triggers set aside: the benchmarks' seeder); the key the insert trigger gives when
# acceptance times are distinct, as they are when each complaint's is its own microsecond.
SEARCH_KEYS_FILL = f"""UPDATE complaint SET search_key = k.key
FROM (
    SELECT rowid AS r, b + row_number() OVER (PARTITION BY b ORDER BY rowid) - 1 AS key
    FROM (SELECT rowid, {_SEARCH_KEY_BASE.format(t="accepted_at")} AS b FROM complaint)
) AS k
WHERE complaint.rowid = k.r;"""
V6 = f"""
CREATE INDEX complaint_open_first_responder_due ON complaint (first_responder_no, reply_due)
    WHERE state IN ('处理中', '已受理', '已转派', '核实中');
CREATE INDEX complaint_open_due ON complaint (reply_due)
    WHERE state IN ('处理中', '已受理', '已转派', '核实中');

ALTER TABLE complaint ADD COLUMN search_key INTEGER;
-- The complaints already held, in acceptance order, ties in the order they were stored.
{SEARCH_KEYS_FILL}
CREATE UNIQUE INDEX complaint_search_key ON complaint (search_key);

CREATE TABLE search_position (n INTEGER PRIMARY KEY);
INSERT INTO search_position (n)
    WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 4096)
    SELECT n FROM p;

CREATE VIRTUAL TABLE complaint_text USING fts5(
    number, phone, customer_name, description,
    content='complaint', content_rowid='search_key', tokenize='trigram'
);
CREATE VIRTUAL TABLE complaint_bigram USING fts5(grams, content='', detail='none', columnsize=0);

CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint
BEGIN{_SET_SEARCH_KEY}{_INSERT_NEW}
END;

-- A change of the text (the downlink's upsert of a pulled complaint included): out with the old
-- words, in with the new; a change of accepted_at (never made by the app) gives a new key first.
CREATE TRIGGER complaint_search_update
AFTER UPDATE OF number, phone, customer_name, description, accepted_at ON complaint
WHEN OLD.number IS NOT NEW.number OR OLD.phone IS NOT NEW.phone
  OR OLD.customer_name IS NOT NEW.customer_name OR OLD.description IS NOT NEW.description
  OR OLD.accepted_at IS NOT NEW.accepted_at
BEGIN{_DELETE_OLD}
    UPDATE complaint SET search_key = NULL
    WHERE rowid = NEW.rowid AND OLD.accepted_at IS NOT NEW.accepted_at;{_SET_SEARCH_KEY}{_INSERT_NEW}
END;

CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint
BEGIN{_DELETE_OLD}
END;

-- Backfill: every complaint already held.
INSERT INTO complaint_text (complaint_text) VALUES ('rebuild');
INSERT INTO complaint_bigram (rowid, grams)
    SELECT c.search_key, (
        SELECT group_concat(substr(c.customer_name || ' ' || c.description, n, 2), ' ')
        FROM search_position WHERE n <= length(c.customer_name || ' ' || c.description)
    )
    FROM complaint AS c;
"""


def _v6(conn: sqlite3.Connection) -> None:
    run_script(conn, V6)


# v7: a working-day deadline past the holiday calendar's data is an estimate (估): remember that it
# was, as the deadline itself is fixed at acceptance.
V7 = """
ALTER TABLE complaint ADD COLUMN reply_due_estimated INTEGER NOT NULL DEFAULT 0;
"""


def _v7(conn: sqlite3.Connection) -> None:
    run_script(conn, V7)


# v8: refunds for complaints (issue 6, 投诉退费).
# - ``refund``: one row per refund (UUID; ``number`` ``<desk>-R<yymmdd>-<nnnn>`` from the desk's
#   ``day_counter`` under the key ``R<yymmdd>``), its complaint, the proposal, money in fen (> 0),
#   the state, who proposed / decided / sent it to head office and when, the limit and counted total
#   it was decided under, the delegation it was approved under, the policy version, head office's
#   decision, and the customer's signature (the PNG stays on the desk that took it; its SHA-256
#   travels in the events). Refunds of the hall's other desks are upserted by the downlink (no
#   signature image).
# - ``refund_delegation``: a store manager's limit delegated to a shift leader for a period.
# A refund's events carry its id as the payload's ``id`` (v5's ``event_entity`` finds them) and
# ``complaint_id``; the complaint's timeline joins them through ``refund_complaint``.
V8 = """
CREATE TABLE refund (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    hall_code TEXT NOT NULL,
    desk_code TEXT NOT NULL,
    complaint_id TEXT NOT NULL REFERENCES complaint(id),
    item TEXT NOT NULL,
    checked TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    account_type TEXT NOT NULL,
    method TEXT NOT NULL,
    method_reason TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    proposed_by_no TEXT NOT NULL,
    proposed_by_name TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by_no TEXT NOT NULL DEFAULT '',
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    decision_reason TEXT NOT NULL DEFAULT '',
    limit_fen INTEGER,
    counted_total_fen INTEGER,
    delegation_id TEXT,
    delegated_by_no TEXT NOT NULL DEFAULT '',
    delegated_by_name TEXT NOT NULL DEFAULT '',
    delegation_until TEXT,
    sent_by_no TEXT NOT NULL DEFAULT '',
    sent_by_name TEXT NOT NULL DEFAULT '',
    sent_at TEXT,
    policy_version INTEGER NOT NULL,
    hq_operator TEXT NOT NULL DEFAULT '',
    hq_decided_at TEXT,
    hq_event_id TEXT NOT NULL DEFAULT '',
    signature_png BLOB,
    signature_sha256 TEXT NOT NULL DEFAULT '',
    signed_at TEXT,
    signed_by_no TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX refund_complaint ON refund (complaint_id, proposed_at);
CREATE INDEX refund_waiting ON refund (state, proposed_at) WHERE state IN ('待审批', '待总部审批');

CREATE TABLE refund_delegation (
    id TEXT PRIMARY KEY,
    hall_code TEXT NOT NULL,
    desk_code TEXT NOT NULL,
    from_no TEXT NOT NULL,
    from_name TEXT NOT NULL,
    to_no TEXT NOT NULL,
    to_name TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by_no TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX refund_delegation_to ON refund_delegation (to_no, ends_at);
"""


def _v8(conn: sqlite3.Connection) -> None:
    run_script(conn, V8)


# v9: 过户 (transfer of ownership, issue 7). The identity data is kept as JSON in ``parties``
# (证件类别, 证件号码, 姓名, 住址 of each party and agent). Files — evidence scans, signature images
# and the final certified PDFs — are stored once by SHA-256 in ``stored_file`` (in the database, so a
# saved transfer and its files commit together); ``upload`` marks those head office must receive
# (evidence and final PDFs; signature images stay on the desk, inside the signed PDFs).
V9 = """
CREATE TABLE transfer (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    hall_code TEXT NOT NULL,
    desk_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    phone TEXT NOT NULL,
    account_type TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    opened_checked_where TEXT NOT NULL,
    parties TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '{}',
    approval TEXT,
    signatures TEXT NOT NULL DEFAULT '{}',
    documents TEXT NOT NULL DEFAULT '[]',
    retention_class TEXT NOT NULL,
    paper_kept_until TEXT NOT NULL DEFAULT '',
    policy_version INTEGER NOT NULL,
    created_by_no TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT,
    abandoned_reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX transfer_recent ON transfer (created_at);
CREATE INDEX transfer_phone ON transfer (phone, created_at);

CREATE TABLE stored_file (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL,
    upload INTEGER NOT NULL DEFAULT 0,
    uploaded_at TEXT,
    upload_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stored_file_to_upload ON stored_file (created_at) WHERE upload = 1 AND uploaded_at IS NULL;

CREATE TABLE transfer_file (
    id TEXT PRIMARY KEY,
    transfer_id TEXT NOT NULL REFERENCES transfer (id),
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES stored_file (sha256),
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    added_by_no TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX transfer_file_of ON transfer_file (transfer_id, role);
"""


def _v9(conn: sqlite3.Connection) -> None:
    run_script(conn, V9)


# v10: 典型案例库 (issue 8): a closed complaint written up as a typical case by its handler.
# - ``typical_case``: one per complaint (UUID id; the desk where it was written, which alone changes
#   its text), the class, the write-up, its author and times; ``best_quarter`` ('2026Q4') when a
#   store manager chose it among the quarter's best (any desk of the hall may mark it: the marking
#   columns travel in their own events), who marked it and when.
# - Searched with LIKE over title and write-up (a library of a few hundred cases a year: a scan is
#   instant, and a 2-character word such as 话费 is found, which a trigram index would not find).
# - Indexes: a handler's cases by time (the monthly quota), the best of a quarter.
TYPICAL_CASES = """
CREATE TABLE typical_case (
    id TEXT PRIMARY KEY,
    hall_code TEXT NOT NULL,
    desk_code TEXT NOT NULL,
    complaint_id TEXT NOT NULL UNIQUE,
    complaint_number TEXT NOT NULL,
    title TEXT NOT NULL,
    main_class TEXT NOT NULL,
    sub_class TEXT NOT NULL,
    background TEXT NOT NULL,
    handling TEXT NOT NULL,
    lessons TEXT NOT NULL,
    author_no TEXT NOT NULL,
    author_name TEXT NOT NULL,
    written_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    best_quarter TEXT,
    best_marked_by_no TEXT NOT NULL DEFAULT '',
    best_marked_by_name TEXT NOT NULL DEFAULT '',
    best_marked_at TEXT
);
CREATE INDEX typical_case_author_written ON typical_case (author_no, written_at);
CREATE INDEX typical_case_written ON typical_case (written_at);
CREATE INDEX typical_case_best ON typical_case (best_quarter) WHERE best_quarter IS NOT NULL;
"""


def _typical_cases(conn: sqlite3.Connection) -> None:
    run_script(conn, TYPICAL_CASES)


# A password a store manager reset must be changed by its owner at the next sign-in (issue 9).
MUST_CHANGE_PASSWORD = """
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
"""


def _must_change_password(conn: sqlite3.Connection) -> None:
    run_script(conn, MUST_CHANGE_PASSWORD)


# 资料保存期限 (issue 9): a transfer's identity data and files purged when past their retention
# period (hall_desk.domain.retention). ``retention_purge`` says what of which record is purged and by
# which ``retention.purged`` event. The identity values also sit in the stored payloads of that
# transfer's events: those are redacted in place, keeping id, seq, prev and hash, and
# ``event.redacted_by`` names the ``retention.purged`` event that did it (its payload holds the hash
# of each redacted event's new content, so hall-desk verify-audit still catches any other change).
# The append-only trigger now lets exactly that through: payload and redacted_by, with a new
# non-empty redacted_by, every other column unchanged.
# The append-only trigger as the retention step makes it (tests/storage/old_store.py puts it back
# to make a store from before the compact-events step).
RETENTION_APPEND_ONLY = """
CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
WHEN NOT (
    NEW.redacted_by <> '' AND NEW.redacted_by IS NOT OLD.redacted_by
    AND NEW.id IS OLD.id AND NEW.hall IS OLD.hall AND NEW.desk IS OLD.desk
    AND NEW.seq IS OLD.seq AND NEW.type IS OLD.type AND NEW.schema IS OLD.schema
    AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.prev IS OLD.prev
    AND NEW.hash IS OLD.hash
)
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END
""".strip()

RETENTION = f"""
ALTER TABLE event ADD COLUMN redacted_by TEXT NOT NULL DEFAULT '';
DROP TRIGGER event_append_only_update;
{RETENTION_APPEND_ONLY};
CREATE TABLE retention_purge (
    record_id TEXT NOT NULL,
    part TEXT NOT NULL,
    event_id TEXT NOT NULL,
    purged_at TEXT NOT NULL,
    PRIMARY KEY (record_id, part)
);
"""


def _retention(conn: sqlite3.Connection) -> None:
    run_script(conn, RETENTION)


# Issue 20 (首问责任制 and service numbers), one step:
# - The first responder could still be rewritten by replacing the row: ``INSERT OR REPLACE`` /
#   ``REPLACE`` of the same id (SQLite fires delete triggers on a replace only under
#   ``PRAGMA recursive_triggers``, which another writer need not set), or ``DELETE`` then
#   ``INSERT``. What holds now: a complaint row is never deleted (``complaint_never_deleted``) and an
#   id already held is never inserted again (``complaint_never_replaced``: this refuses every
#   ``INSERT`` of a held id, an upsert's too, so the app updates a held complaint and inserts only a
#   new one); with ``complaint_first_responder_fixed`` (v1) no statement changes 首问责任人.
#   Triggers stop statements, not someone who drops them: ``hall-desk verify-audit`` also compares
#   every complaint's first responder with its ``complaint.created`` event.
# - 400/800 numbers were stored with a made-up trunk 0 (``04008123123``); they are stored as typed
#   now (hall_desk.domain.identity), and the rows written before are corrected here, once, by
#   :func:`_service_numbers_as_typed` (the events keep what they said).
FIRST_RESPONDER_ROWS = """
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


def _service_numbers_as_typed(conn: sqlite3.Connection) -> None:
    """Every ``0400…``/``0800…`` number in the complaint table (and a hall's service number)
    written as typed; only numbers libphonenumber classes as 400/800 (toll-free, shared cost)."""
    for table, column in (("complaint", "phone"), ("hall", "service_phone")):
        rows = conn.execute(
            f"SELECT rowid, {column} FROM {table} WHERE {column} LIKE '04%' OR {column} LIKE '08%'"
        ).fetchall()
        for rowid, phone in rows:
            corrected = stored_phone(phone)
            if corrected != phone:
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (corrected, rowid))


def _first_responder_rows_and_service_numbers(conn: sqlite3.Connection) -> None:
    run_script(conn, FIRST_RESPONDER_ROWS)
    _service_numbers_as_typed(conn)


# Issue 23 (tpl23), one step: the 常用投诉模板 a complaint was entered from and that template's
# version (both NULL for a complaint typed freely), for statistics of recurring situations. The
# templates themselves are the ``template.*`` events of the event table and the policy in force.
COMPLAINT_TEMPLATE = """
CREATE INDEX IF NOT EXISTS complaint_template ON complaint (template_id)
    WHERE template_id IS NOT NULL;
"""


def _complaint_template(conn: sqlite3.Connection) -> None:
    """Idempotent: a test (or a support repair) may run the steps after an older version again."""
    held = {row[1] for row in conn.execute("PRAGMA table_info(complaint)")}
    for column, kind in (("template_id", "TEXT"), ("template_version", "INTEGER")):
        if column not in held:
            conn.execute(f"ALTER TABLE complaint ADD COLUMN {column} {kind}")
    run_script(conn, COMPLAINT_TEMPLATE)


# The refund loop, desk side (issue 16). ``refund.closure``: the 销户 (account-closure) record of a
# refund as JSON (account type, closed number, cash / card balance, route, destination; NULL for
# other refunds). ``refund_execution``: head office's last word on executing a refund (电子工单),
# applied from ``refund.executed`` / ``refund.execution_failed`` / ``refund.execution_cancelled``
# on <HALL>-00; keyed by the refund's id without a foreign key (head office's word may arrive
# before the refund of another desk). ``news_at``: when an execution or failure arrived that the
# customer must be told of (我的跟进 of the first responder, even on a closed complaint) and
# ``told_at`` when the desk recorded that they were told. ``refund_recommendation``: a director's
# ``refund.recommended`` (the decision chain printed on the slip).
REFUND_LOOP = """
ALTER TABLE refund ADD COLUMN closure TEXT;
CREATE TABLE refund_execution (
    refund_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    billing_reference TEXT NOT NULL DEFAULT '',
    amount_fen INTEGER,
    executed_at TEXT,
    failure_reason TEXT NOT NULL DEFAULT '',
    failed_at TEXT,
    cancel_reason TEXT NOT NULL DEFAULT '',
    cancelled_at TEXT,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_by_name TEXT NOT NULL DEFAULT '',
    event_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    news_at TEXT,
    told_at TEXT,
    told_by_no TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refund_execution_news ON refund_execution (news_at) WHERE news_at IS NOT NULL;
CREATE TABLE refund_recommendation (
    event_id TEXT PRIMARY KEY,
    refund_id TEXT NOT NULL,
    recommended_by TEXT NOT NULL,
    recommended_by_name TEXT NOT NULL,
    recommended_at TEXT NOT NULL,
    recommend INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL
);
CREATE INDEX refund_recommendation_refund ON refund_recommendation (refund_id, recommended_at);
"""


def _refund_loop(conn: sqlite3.Connection) -> None:
    run_script(conn, REFUND_LOOP)


# Issue 20 (the rules hold whoever writes; items 2, 4, 5, 6), one step (v16; items 1 and 3's is v13):
# - 补录 (item 2): a reply recorded after its deadline with an earlier stated time. ``replied_at``
#   stays the stated first answer (shown); ``reply_counted_at`` is the time every timeliness figure
#   counts (dashboard, reports, 超时, 我的跟进): the recording time of a 补录 reply until head office
#   accepts the stated time. ``late_reply``: '' / 补录 / 店长已确认 / 总部已认可. Existing rows are
#   counted again from their replies' recording times (the time recorded was stored but unused).
# - quiet hours (item 4): the reply's 约定回访时间 and why a call was made in the quiet hours.
# - media complaints (item 5): who reported it to 综合部 and when.
# - next year's holidays (item 6): the 估 estimate a ``complaint.deadline_corrected`` replaced.
ISSUE20_RULES = """
ALTER TABLE complaint ADD COLUMN reply_counted_at TEXT;
ALTER TABLE complaint ADD COLUMN late_reply TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN planned_callback_at TEXT;
ALTER TABLE complaint ADD COLUMN media_reported_by TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN media_reported_at TEXT;
ALTER TABLE complaint ADD COLUMN reply_due_estimate TEXT;
ALTER TABLE complaint_customer_reply ADD COLUMN late_entry INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint_customer_reply ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_customer_reply ADD COLUMN quiet_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_customer_reply ADD COLUMN quiet_note TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_customer_reply ADD COLUMN planned_callback_at TEXT;
ALTER TABLE complaint_callback ADD COLUMN method TEXT NOT NULL DEFAULT '电话';
ALTER TABLE complaint_callback ADD COLUMN late_entry INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaint_callback ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_callback ADD COLUMN quiet_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint_callback ADD COLUMN quiet_note TEXT NOT NULL DEFAULT '';

UPDATE complaint_customer_reply SET late_entry = 1 WHERE EXISTS (
    SELECT 1 FROM complaint c WHERE c.id = complaint_customer_reply.complaint_id
    AND complaint_customer_reply.recorded_at > c.reply_due
    AND complaint_customer_reply.replied_at <= c.reply_due);
UPDATE complaint SET late_reply = '补录' WHERE id IN (
    SELECT complaint_id FROM complaint_customer_reply WHERE late_entry = 1);
UPDATE complaint SET reply_counted_at = (
    SELECT min(t) FROM (
        SELECT CASE WHEN r.late_entry THEN r.recorded_at ELSE r.replied_at END AS t
        FROM complaint_customer_reply r WHERE r.complaint_id = complaint.id
        UNION ALL
        SELECT h.replied_at FROM complaint_reply h WHERE h.complaint_id = complaint.id))
WHERE replied_at IS NOT NULL;
UPDATE complaint SET reply_counted_at = replied_at
WHERE replied_at IS NOT NULL AND reply_counted_at IS NULL;
"""


def _issue20_rules(conn: sqlite3.Connection) -> None:
    run_script(conn, ISSUE20_RULES)


# Issue 17 (transfer17), one step (v17): head office handed a complaint transferred to it back to
# the hall (``complaint.returned``): its note and when, shown on the first responder's 我的跟进.
HQ_RETURNED = """
ALTER TABLE complaint ADD COLUMN hq_returned_note TEXT NOT NULL DEFAULT '';
ALTER TABLE complaint ADD COLUMN hq_returned_at TEXT;
"""


def _hq_returned(conn: sqlite3.Connection) -> None:
    run_script(conn, HQ_RETURNED)


# --- issue 22 (perf22): the indexes a clerk's lists need ------------------------------------------
LIST_INDEXES = """
-- a clerk's own list: those transferred to them, newest first (with complaint_first_responder_
-- accepted for those they took), read in index order and stopped after the page
CREATE INDEX IF NOT EXISTS complaint_handler_accepted ON complaint (handler_no, accepted_at DESC)
    WHERE handler_no != '';
-- a text search's matches checked for who owns them and their state without reading the rows
-- (a clerk's total for 话费 looked up every 话费 complaint's row)
CREATE INDEX IF NOT EXISTS complaint_search_owner
    ON complaint (search_key, first_responder_no, handler_no, state);
"""


def _list_indexes(conn: sqlite3.Connection) -> None:
    run_script(conn, LIST_INDEXES)


# --- end of issue 22's block ----------------------------------------------------------------------


# --- issue 22 goal 5 (compact22): compact events -------------------------------------------------
# An event's payload is stored compressed (hall_desk.storage.compact: zstd with a dictionary trained
# on the store's own payloads, kept here in ``payload_dictionary`` under an id, never changed or
# deleted; each compressed payload names its dictionary), sealed payloads stay sealed text; the
# entity index moves from ``json_extract(payload, '$.id')`` (which a compressed payload cannot
# answer) to the ``entity`` column (the payload's id: 16 bytes for a UUID). Hashes, seals, uploads
# stay over the logical canonical envelope. The append-only trigger also keeps ``entity``.
# Existing rows are converted in batches, each committed on its own (the trigger steps aside inside
# each batch only): interrupted, the next start goes on from the first row not yet converted. Then
# the file is VACUUMed (shrunk rows leave their pages mostly empty).
COMPACT_EVENTS = """
CREATE TABLE IF NOT EXISTS payload_dictionary (
    id INTEGER PRIMARY KEY,
    data BLOB NOT NULL,
    trained_at TEXT NOT NULL,
    samples INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS payload_dictionary_kept_update BEFORE UPDATE ON payload_dictionary
BEGIN
    SELECT RAISE(ABORT, 'a payload dictionary is never changed');
END;
CREATE TRIGGER IF NOT EXISTS payload_dictionary_kept_delete BEFORE DELETE ON payload_dictionary
BEGIN
    SELECT RAISE(ABORT, 'a payload dictionary is never deleted');
END;
DROP INDEX IF EXISTS event_entity;
DROP TRIGGER IF EXISTS event_append_only_update;
CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
WHEN NOT (
    NEW.redacted_by <> '' AND NEW.redacted_by IS NOT OLD.redacted_by
    AND NEW.id IS OLD.id AND NEW.hall IS OLD.hall AND NEW.desk IS OLD.desk
    AND NEW.seq IS OLD.seq AND NEW.type IS OLD.type AND NEW.schema IS OLD.schema
    AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND NEW.prev IS OLD.prev
    AND NEW.hash IS OLD.hash AND NEW.entity IS OLD.entity
)
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE INDEX IF NOT EXISTS event_entity_key ON event (entity) WHERE entity IS NOT NULL;
"""
COMPACT_BATCH = 2_000  # events in the conversion's first committed batch (and its smallest)
COMPACT_BATCH_MAX = 16_000  # its largest (about 50 MB of old payload text in memory)
COMPACT_BATCH_SECONDS = 0.5  # batches are sized to take about this long (the progress shown)
COMPACT_VACUUM_DUE = "storage.compact_events_vacuum_due"  # setting: converted, not yet VACUUMed
# The write-ahead log is folded back into the file (and truncated) after about this many converted
# events: every batch rewrites pages of the event table and, in random order, of its entity index,
# and with the store's automatic checkpoints off the log of a million-complaint store grew past
# 14 GB beside its 16 GB file before the conversion was half done (bench_convert, 2026-12-08).
COMPACT_CHECKPOINT_EVENTS = 100_000

# Called with (events converted, events to convert) while the conversion runs (set by
# hall_desk.storage.db for the step's progress; None: nobody listens).
step_rows: Callable[[int, int], None] | None = None


def _compact_events(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(event)")}
    if "entity" not in columns:
        conn.execute("ALTER TABLE event ADD COLUMN entity BLOB")
    run_script(conn, COMPACT_EVENTS)
    if compact.dictionary_due(conn):
        compact.train(conn, compact.training_samples(conn), utc_iso(datetime.now(UTC)))
    conn.execute("COMMIT")  # the schema and the dictionary stay, whatever happens to the batches
    # The batches' commits are not fsynced one by one (in WAL mode the store stays whole; a batch
    # lost to a power cut is converted again at the next start, like one interrupted): the
    # step's last commit, under the store's own setting again, makes them all durable.
    synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    conn.execute("PRAGMA synchronous = NORMAL")  # not inside a transaction (SQLite refuses)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _convert_events(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # the batch under way (as the caller would)
        raise
    finally:
        conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
    conn.execute("BEGIN IMMEDIATE")  # committed by the caller, with the schema version
    conn.execute("DELETE FROM setting WHERE key = ?", (COMPACT_VACUUM_DUE,))


def _convert_events(conn: sqlite3.Connection) -> None:
    """The batches of :func:`_compact_events`, then its VACUUM (in a transaction when it returns
    or raises)."""
    total = compact.rows_to_convert(conn)
    if total:  # committed with the first batch: the VACUUM below is owed until it has run
        conn.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, '1')", (COMPACT_VACUUM_DUE,)
        )
    done = last = since_checkpoint = 0
    size = COMPACT_BATCH
    while True:
        if step_rows is not None:
            step_rows(done, total)
        started = time.monotonic()
        last, changed = compact.convert_batch(conn, last, size)
        if last < 0:
            break
        done += changed
        since_checkpoint += changed
        conn.execute("COMMIT")
        if since_checkpoint >= COMPACT_CHECKPOINT_EVENTS:
            _checkpoint(conn)
            since_checkpoint = 0
        conn.execute("BEGIN IMMEDIATE")
        took = time.monotonic() - started
        if took < COMPACT_BATCH_SECONDS / 2:
            size = min(size * 2, max(COMPACT_BATCH, COMPACT_BATCH_MAX))
        elif took > COMPACT_BATCH_SECONDS * 2:
            size = max(size // 2, COMPACT_BATCH)
    if step_rows is not None:
        step_rows(done, total)
    if conn.execute("SELECT 1 FROM setting WHERE key = ?", (COMPACT_VACUUM_DUE,)).fetchone():
        # Rows shrunk in place leave their pages mostly empty (SQLite does not merge them): the
        # file is rewritten compact (2 s for 20,000 complaints). Interrupted, it is undone whole
        # and the mark stays, so the step runs it again at the next start.
        conn.execute("COMMIT")
        _checkpoint(conn)
        conn.execute("VACUUM")  # in WAL mode the new file goes through the log: folded back too
        _checkpoint(conn)
        conn.execute("BEGIN IMMEDIATE")


def _checkpoint(conn: sqlite3.Connection) -> None:
    """Fold the write-ahead log back into the file and truncate it (outside a transaction; what
    another connection still reads stays in the log until a later checkpoint)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


# --- end of compact22's block --------------------------------------------------------------------
# --- issue 22 (dash22): the dashboard's daily figures ---------------------------------------------
# Per local day (Asia/Shanghai, as the dashboard's LOCAL_DAY_SQL) and breakdown, the sums of the
# dashboard's flags over the complaints that are no longer open: a closed complaint's figures do
# not depend on "now" (on time / late by ``reply_counted_at`` against the corrected ``reply_due``,
# issue 20), so they can be added up once. Open ones (few) are still counted from their rows.
# breakdown 'sub': key = main class, second = sub-class (classes, days and the total are sums of
# these); 'tier', 'channel': second = ''; 'staff': first responder's number and name. The triggers
# keep the rows current whoever writes to the complaint table (a row whose n fell to 0 stays,
# read as nothing; a complaint is never deleted: complaint_never_deleted). Built once here.
# the states a complaint is still open in: the daily figures hold only the others
STILL_OPEN = "('处理中', '已受理', '已转派', '核实中')"
# the new row's figures added to its day and breakdowns (both triggers), when ``when`` holds
_DAY_FIGURE_ADD = """\
    INSERT INTO complaint_day_figure
    SELECT date(substr(NEW.accepted_at, 1, 19), '+8 hours'), b.breakdown, b.k, b.s, 1,
        NEW.reply_counted_at IS NOT NULL AND NEW.reply_counted_at <= NEW.reply_due,
        NEW.reply_counted_at IS NOT NULL AND NEW.reply_counted_at > NEW.reply_due,
        NEW.repeat != 0, NEW.escalated != 0, NEW.incident_id IS NOT NULL,
        coalesce(NEW.satisfaction = '满意', 0), coalesce(NEW.satisfaction = '基本满意', 0),
        coalesce(NEW.satisfaction = '不满意', 0), NEW.dissatisfied != 0
    FROM (SELECT 'sub' AS breakdown, NEW.main_class AS k, NEW.sub_class AS s
        UNION ALL SELECT 'tier', NEW.tier, '' UNION ALL SELECT 'channel', NEW.channel, ''
        UNION ALL SELECT 'staff', NEW.first_responder_no, NEW.first_responder_name) AS b
    WHERE {when}
    ON CONFLICT (day, breakdown, key, second) DO UPDATE SET n = n + excluded.n,
        on_time = on_time + excluded.on_time, late = late + excluded.late,
        repeat = repeat + excluded.repeat, escalated = escalated + excluded.escalated,
        incident = incident + excluded.incident, satisfied = satisfied + excluded.satisfied,
        fairly_satisfied = fairly_satisfied + excluded.fairly_satisfied,
        dissatisfied = dissatisfied + excluded.dissatisfied,
        ever_dissatisfied = ever_dissatisfied + excluded.ever_dissatisfied;
"""
# Every closed complaint's figures added up in one statement (the schema step, and bulk writers
# that fill the complaint table with its triggers set aside: the benchmarks' seeder).
DAY_FIGURES_FILL = f"""INSERT INTO complaint_day_figure
SELECT date(substr(c.accepted_at, 1, 19), '+8 hours') AS d, b.breakdown,
    CASE b.breakdown WHEN 'sub' THEN c.main_class WHEN 'tier' THEN c.tier
        WHEN 'channel' THEN c.channel ELSE c.first_responder_no END AS k,
    CASE b.breakdown WHEN 'sub' THEN c.sub_class WHEN 'staff' THEN c.first_responder_name
        ELSE '' END AS s,
    count(*),
    sum(c.reply_counted_at IS NOT NULL AND c.reply_counted_at <= c.reply_due),
    sum(c.reply_counted_at IS NOT NULL AND c.reply_counted_at > c.reply_due),
    sum(c.repeat != 0), sum(c.escalated != 0), sum(c.incident_id IS NOT NULL),
    sum(coalesce(c.satisfaction = '满意', 0)), sum(coalesce(c.satisfaction = '基本满意', 0)),
    sum(coalesce(c.satisfaction = '不满意', 0)), sum(c.dissatisfied != 0)
FROM complaint AS c
CROSS JOIN (SELECT 'sub' AS breakdown UNION ALL SELECT 'tier' UNION ALL SELECT 'channel'
    UNION ALL SELECT 'staff') AS b
WHERE c.state NOT IN {STILL_OPEN}
GROUP BY d, b.breakdown, k, s;"""
DAY_FIGURES = f"""
CREATE TABLE complaint_day_figure (
    day TEXT NOT NULL,
    breakdown TEXT NOT NULL,
    key TEXT NOT NULL,
    second TEXT NOT NULL,
    n INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    late INTEGER NOT NULL,
    repeat INTEGER NOT NULL,
    escalated INTEGER NOT NULL,
    incident INTEGER NOT NULL,
    satisfied INTEGER NOT NULL,
    fairly_satisfied INTEGER NOT NULL,
    dissatisfied INTEGER NOT NULL,
    ever_dissatisfied INTEGER NOT NULL,
    PRIMARY KEY (day, breakdown, key, second)
) WITHOUT ROWID;

{DAY_FIGURES_FILL}

CREATE TRIGGER complaint_day_figure_insert AFTER INSERT ON complaint
WHEN NEW.state NOT IN {STILL_OPEN}
BEGIN
{_DAY_FIGURE_ADD.format(when="true")}END;

-- an update is the old row taken out and the new one put in (each only when not open)
CREATE TRIGGER complaint_day_figure_update AFTER UPDATE OF state, accepted_at, main_class,
    sub_class, tier, channel, first_responder_no, first_responder_name, reply_counted_at,
    reply_due, repeat, escalated, incident_id, satisfaction, dissatisfied ON complaint
WHEN (OLD.state NOT IN {STILL_OPEN}
        OR NEW.state NOT IN {STILL_OPEN})
    AND (OLD.state IS NOT NEW.state OR OLD.accepted_at IS NOT NEW.accepted_at
        OR OLD.main_class IS NOT NEW.main_class OR OLD.sub_class IS NOT NEW.sub_class
        OR OLD.tier IS NOT NEW.tier OR OLD.channel IS NOT NEW.channel
        OR OLD.first_responder_no IS NOT NEW.first_responder_no
        OR OLD.first_responder_name IS NOT NEW.first_responder_name
        OR OLD.reply_counted_at IS NOT NEW.reply_counted_at OR OLD.reply_due IS NOT NEW.reply_due
        OR OLD.repeat IS NOT NEW.repeat OR OLD.escalated IS NOT NEW.escalated
        OR OLD.incident_id IS NOT NEW.incident_id OR OLD.satisfaction IS NOT NEW.satisfaction
        OR OLD.dissatisfied IS NOT NEW.dissatisfied)
BEGIN
    UPDATE complaint_day_figure SET n = n - 1,
        on_time = on_time - (OLD.reply_counted_at IS NOT NULL AND OLD.reply_counted_at <= OLD.reply_due),
        late = late - (OLD.reply_counted_at IS NOT NULL AND OLD.reply_counted_at > OLD.reply_due),
        repeat = repeat - (OLD.repeat != 0), escalated = escalated - (OLD.escalated != 0),
        incident = incident - (OLD.incident_id IS NOT NULL),
        satisfied = satisfied - coalesce(OLD.satisfaction = '满意', 0),
        fairly_satisfied = fairly_satisfied - coalesce(OLD.satisfaction = '基本满意', 0),
        dissatisfied = dissatisfied - coalesce(OLD.satisfaction = '不满意', 0),
        ever_dissatisfied = ever_dissatisfied - (OLD.dissatisfied != 0)
    WHERE OLD.state NOT IN {STILL_OPEN}
        AND day = date(substr(OLD.accepted_at, 1, 19), '+8 hours') AND (
        (breakdown = 'sub' AND key = OLD.main_class AND second = OLD.sub_class)
        OR (breakdown = 'tier' AND key = OLD.tier AND second = '')
        OR (breakdown = 'channel' AND key = OLD.channel AND second = '')
        OR (breakdown = 'staff' AND key = OLD.first_responder_no
            AND second = OLD.first_responder_name));
{_DAY_FIGURE_ADD.format(when=f"NEW.state NOT IN {STILL_OPEN}")}END;
"""


def _day_figures(conn: sqlite3.Connection) -> None:
    run_script(conn, DAY_FIGURES)


# A clerk's search total (issue 22, goal 3): ``complaint_owner_bigram`` holds, per complaint (rowid
# = search_key), the 2-character tokens of ``complaint_bigram`` prefixed with each of its owners'
# staff numbers (the first responder and the current handler) and U+E000 (a private-use character:
# a token character to the tokenizer, never typed), so a clerk's count of a 2-character word is
# one doclist of the FTS index ('"3001\ue000话费"') instead of a lookup of every match's owners.
# Contentless like complaint_bigram: a document is taken out with the tokens it went in with.
# Kept by two triggers: one on a new or changed search_key (the search triggers set it after an
# insert or a change of accepted_at: out with the old key's document, in with the new one's) and
# one on a change of the text or the owners (created after complaint_search_update, so it runs
# before it: the document is re-made under the current key before that trigger moves it).
OWNER_GRAMS_SQL = """(SELECT group_concat(o.no || char(57344) || substr(t, n, 2), ' ')
        FROM (SELECT {r}.customer_name || ' ' || {r}.description AS t), search_position,
            (SELECT {r}.first_responder_no AS no
             UNION SELECT {r}.handler_no WHERE {r}.handler_no != '') AS o
        WHERE n <= length(t))"""
OWNER_BIGRAMS = f"""
CREATE VIRTUAL TABLE complaint_owner_bigram
    USING fts5(grams, content='', detail='none', columnsize=0);

INSERT INTO complaint_owner_bigram (rowid, grams)
SELECT c.search_key, {OWNER_GRAMS_SQL.format(r="c")} FROM complaint AS c
WHERE c.search_key IS NOT NULL;

CREATE TRIGGER complaint_owner_bigram_key AFTER UPDATE OF search_key ON complaint
WHEN OLD.search_key IS NOT NEW.search_key
BEGIN
    INSERT INTO complaint_owner_bigram (complaint_owner_bigram, rowid, grams)
    SELECT 'delete', OLD.search_key, {OWNER_GRAMS_SQL.format(r="OLD")}
    WHERE OLD.search_key IS NOT NULL;
    INSERT INTO complaint_owner_bigram (rowid, grams)
    SELECT NEW.search_key, {OWNER_GRAMS_SQL.format(r="NEW")}
    WHERE NEW.search_key IS NOT NULL;
END;

CREATE TRIGGER complaint_owner_bigram_text
AFTER UPDATE OF customer_name, description, first_responder_no, handler_no ON complaint
WHEN NEW.search_key IS NOT NULL AND OLD.search_key IS NEW.search_key AND (
    OLD.customer_name IS NOT NEW.customer_name OR OLD.description IS NOT NEW.description
    OR OLD.first_responder_no IS NOT NEW.first_responder_no OR OLD.handler_no IS NOT NEW.handler_no)
BEGIN
    INSERT INTO complaint_owner_bigram (complaint_owner_bigram, rowid, grams)
    SELECT 'delete', OLD.search_key, {OWNER_GRAMS_SQL.format(r="OLD")};
    INSERT INTO complaint_owner_bigram (rowid, grams)
    SELECT NEW.search_key, {OWNER_GRAMS_SQL.format(r="NEW")};
END;

-- a complaint is never deleted (complaint_never_deleted); should that trigger be dropped, the
-- index still follows, as the search indexes do
CREATE TRIGGER complaint_owner_bigram_delete AFTER DELETE ON complaint
WHEN OLD.search_key IS NOT NULL
BEGIN
    INSERT INTO complaint_owner_bigram (complaint_owner_bigram, rowid, grams)
    SELECT 'delete', OLD.search_key, {OWNER_GRAMS_SQL.format(r="OLD")};
END;
"""


def _owner_bigrams(conn: sqlite3.Connection) -> None:
    run_script(conn, OWNER_BIGRAMS)


# --- end of dash22's block ------------------------------------------------------------------------
# --- issue 22 goal 3 (list22): the open ones' lowest search key -----------------------------------
# A text among the open complaints (信号 among the open ones by deadline) reads only the search
# index's matches from the oldest open complaint on (search_index.match_from): its search key, the
# lowest of the open ones, is the first entry of this index (open ones are few: a small index), so
# the matches read do not grow with the store's years of closed complaints.
OPEN_SEARCH_KEY = f"""
CREATE INDEX IF NOT EXISTS complaint_open_key ON complaint (search_key) WHERE state IN {STILL_OPEN};
"""


def _open_search_key(conn: sqlite3.Connection) -> None:
    run_script(conn, OPEN_SEARCH_KEY)


# --- end of list22's block ------------------------------------------------------------------------

# A signature's print rendition (issue 22 goal 2, doc22): the image a document embeds for a
# signature image (hall_desk.documents.signature_print), made when the signature is captured and
# kept by the SHA-256 of the pad's PNG (a refund's ``signature_sha256``, a transfer's signature
# file's); derived data, sealed like the files (hall_desk.storage.sealed), never uploaded, and made
# again from the PNG whenever it is missing or does not open. Written without a version number:
# a step like every other, whatever its place in MIGRATIONS.
SIGNATURE_PRINT = """
CREATE TABLE IF NOT EXISTS signature_print (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
"""


def _signature_print(conn: sqlite3.Connection) -> None:
    run_script(conn, SIGNATURE_PRINT)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _typical_cases,
    _must_change_password,
    _retention,
    _first_responder_rows_and_service_numbers,
    _complaint_template,  # 14: issue 23
    _refund_loop,  # 15: issue 16, the refund loop at the desk
    _issue20_rules,  # 16: issue 20 items 2, 4, 5, 6
    _hq_returned,  # 17: issue 17, head office's hand-back of a transferred complaint
    _list_indexes,  # 18: issue 22 (perf22), a clerk's lists
    _compact_events,  # 19: issue 22 goal 5 (compact22), compact stored events
    _day_figures,  # 20: issue 22 (dash22), the dashboard's daily figures
    _owner_bigrams,  # 21: issue 22 (dash22), a clerk's search total
    _signature_print,  # 22: issue 22 goal 2 (doc22), signatures' print renditions
    _open_search_key,  # 23: issue 22 (list22), a text among the open ones
]
LATEST_VERSION = len(MIGRATIONS)
