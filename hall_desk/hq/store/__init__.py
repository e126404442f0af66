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
- **Several processes** (``serve --workers N``, several hosts) may use one PostgreSQL database:
  nothing above rests on an in-process lock (on PostgreSQL ``self._lock`` only binds a pooled
  connection to the calling thread). A statement or lock wait past ``statement_timeout`` is
  :class:`HQStoreBusy` (503 with ``Retry-After``), as no connection within ``CHECKOUT_TIMEOUT``
  is :class:`HQStoreUnavailable`.
- A batch is taken **as a set** (``IntakeOps.set_based``): its reads once per kind, its writes in
  one pipeline (one multi-row insert of its events first), a bounded number of round trips; the
  per-event path is the reference it is tested against, and takes the batches it does not model.
- An upload batch is **one transaction**: a kill at any moment leaves either the whole batch or none
  of it, and a retry answers ``duplicate`` for whatever was committed. Staff changes in it are applied
  and re-published on the hall's head-office chain in the same transaction.
- The chain is checked **incrementally**: per desk the highest contiguous ``seq`` and its hash; each
  batch only walks the events just above it.
- Head office's own decisions for hall ``H`` are events on the chain ``H-00`` (a desk row without a
  usable token), with an operator as actor (``op:<name>``), stored in the same event table.
- Files the desks send (a transfer's evidence and final PDFs, schema 4) are kept once by the SHA-256
  head office computed, in ``stored_file`` (``BLOB`` / ``BYTEA``), apart from the events naming them.

One module per concern; each imports only those below it:

- ``connections``  database URLs, the SQLite connection or PostgreSQL pool, ``_Db``, the errors.
- ``schema``       the schema scripts V1…, ``LATEST_VERSION`` and the migrations.
- ``base``         ``_Base``: opening a store, its clock and its two kinds of write transaction.
- ``chains``       ``ChainOps``: storing an event with its receipt number; the chain check.
- ``desks``        ``DeskOps``: halls, desks and their tokens, operators.
- ``files``        ``FileOps``: the files the desks send.
- ``reads``        ``ReadOps``: the read models (status, downlink, quarantine, applied tables …).
- ``decisions``    ``DecisionOps``: head office's own chain and the operators' decisions on it.
- ``key_escrow``   ``EscrowOps``: key escrow, its release by recovery code, its openings.
- ``executions``   ``ExecutionOps``: the 待执行 queue and refunds' executions (issue 16).
- ``console``      ``ConsoleOps``: console accounts, sessions, sign-in failures, 待总部审批 (issue 17).
- ``audit``        ``AuditOps``: head office's own audit log, append-only and hash-chained.
- ``accounts``     ``AccountOps``: the console's accounts and staff pages' reads (issue 17).
- ``complaint_marks`` ``ComplaintMarkOps``: issue 20's marks on complaints, for the console.
- ``transferred``  ``TransferredOps``: 转总部投诉, a complaint's timeline, progress, hand-back.
- ``console_exec`` ``ExecConsoleOps``: the console's 待执行退费 and 营业厅与台席 reads (issue 17).
- ``intake``       ``IntakeOps``: upload batches, judged by :mod:`hall_desk.hq.intake_rules`.
- ``held``         ``HeldOps``: 隔离与冲突 listed, re-applied, closed with a note (issue 17).
- ``monitoring``   ``MonitorOps``: per-hall figures to watch, pool waits, replica lag (issue 18).
- ``key_records``  ``KeyRecordOps``: the escrow and secrets keys' recorded fingerprints (issue 18).
- ``account_enable`` ``AccountEnableOps``: a disabled account enabled again (issue 17).
- ``hall_policies`` ``HallPolicyOps``: the halls' published calendars and policy history.
- ``desk_clock``   ``DeskClockOps``: the desks' clock offsets as their uploads report them.
- ``refund_pages`` ``RefundPageOps``: a refund's own page and 全省指标's refund drill-downs.

:class:`HQStore` is all of them in one class (mixins: each concern's methods in its module, every
one using the connection and transactions of ``_Base``); a concern that calls another's methods
inherits from it, so the classes import downward like the modules.
"""

from __future__ import annotations

from hall_desk.hq.store.account_enable import AccountEnableOps  # issue 17 (console17b)
from hall_desk.hq.store.accounts import AccountOps, AccountRow, StaffRow
from hall_desk.hq.store.audit import AuditCheck, AuditEntry, HeadOfficeAction
from hall_desk.hq.store.chains import ChainSummary
from hall_desk.hq.store.complaint_marks import ComplaintMarkOps  # issue 20 (rules20c)
from hall_desk.hq.store.connections import (
    CHECKOUT_TIMEOUT,
    DB_BUSY,
    DB_UNAVAILABLE,
    DEFAULT_POOL_SIZE,
    HEALTH_TIMEOUT,
    POSTGRES,
    RETRY_AFTER,
    SQLITE,
    STATEMENT_TIMEOUT,
    HQStoreBusy,
    HQStoreError,
    HQStoreUnavailable,
    dialect_of,
    redact_url,
    sqlite_path,
)
from hall_desk.hq.store.console import AwaitingRefund, ConsoleAccount, ConsoleOps, ConsoleSession
from hall_desk.hq.store.console_exec import DeskRow, ExecConsoleOps, ExecutionRow
from hall_desk.hq.store.console_search import HeaderCounts, SearchOps, SearchResult  # hdr17
from hall_desk.hq.store.desk_clock import DeskClock, DeskClockOps  # issue 17 (console17b)
from hall_desk.hq.store.desks import (
    DeskIdentity,
    OperatorIdentity,
    OperatorRow,
    new_operator_token,
    new_token,
    token_hash,
)
from hall_desk.hq.store.executions import ImportLine, QueuedRefund
from hall_desk.hq.store.figures import FigureOps  # issue 17 (metrics17): 全省指标
from hall_desk.hq.store.files import FileOps
from hall_desk.hq.store.hall_policies import HallPolicyOps  # issue 17 (console17b)
from hall_desk.hq.store.held import HeldOps, HeldRow, Reapplied  # issue 17 (quar17)
from hall_desk.hq.store.key_escrow import (
    RELEASE_ACTOR,
    RELEASE_REQUIRED_MESSAGE,
    DeskReissue,
    EscrowOps,
)
from hall_desk.hq.store.key_records import ESCROW_RECORD, SECRETS_RECORD, KeyRecord, KeyRecordOps
from hall_desk.hq.store.monitoring import HallFigures, MonitorOps
from hall_desk.hq.store.reads import DeskStatus
from hall_desk.hq.store.refund_pages import RefundPageOps  # issue 17 (console17b)
from hall_desk.hq.store.schema import APPLICATION_ID, APPLICATION_NAME, LATEST_VERSION
from hall_desk.hq.store.transferred import TransferredOps  # issue 17: 转总部投诉

__all__ = [
    "APPLICATION_ID",
    "APPLICATION_NAME",
    "CHECKOUT_TIMEOUT",
    "DB_BUSY",
    "DB_UNAVAILABLE",
    "DEFAULT_POOL_SIZE",
    "ESCROW_RECORD",
    "HEALTH_TIMEOUT",
    "LATEST_VERSION",
    "POSTGRES",
    "RELEASE_ACTOR",
    "RELEASE_REQUIRED_MESSAGE",
    "RETRY_AFTER",
    "SECRETS_RECORD",
    "SQLITE",
    "STATEMENT_TIMEOUT",
    "AccountRow",
    "AuditCheck",
    "AuditEntry",
    "AwaitingRefund",
    "ChainSummary",
    "ConsoleAccount",
    "ConsoleSession",
    "DeskClock",
    "DeskIdentity",
    "DeskReissue",
    "DeskRow",
    "DeskStatus",
    "ExecutionRow",
    "HQStore",
    "HQStoreBusy",
    "HQStoreError",
    "HQStoreUnavailable",
    "HallFigures",
    "HeadOfficeAction",
    "HeaderCounts",
    "HeldRow",
    "ImportLine",
    "KeyRecord",
    "OperatorIdentity",
    "OperatorRow",
    "QueuedRefund",
    "Reapplied",
    "SearchResult",
    "StaffRow",
    "dialect_of",
    "new_operator_token",
    "new_token",
    "redact_url",
    "sqlite_path",
    "token_hash",
]


class HQStore(
    RefundPageOps,  # issue 17 (console17b): a refund's page, the refund drill-downs
    HeldOps,
    EscrowOps,
    FileOps,
    ConsoleOps,
    AccountOps,
    ComplaintMarkOps,
    FigureOps,
    TransferredOps,
    ExecConsoleOps,
    KeyRecordOps,
    MonitorOps,
    SearchOps,  # issue 17 (hdr17): header counts, search, full values
    AccountEnableOps,  # issue 17 (console17b): re-enable a disabled account
    HallPolicyOps,  # issue 17 (console17b): the halls' calendars and policy history
    DeskClockOps,  # issue 17 (console17b): the desks' clock offsets
):
    """Head office's database. Thread-safe: every call enters ``self._lock`` (SQLite: the one
    connection behind a lock; PostgreSQL: a connection from the pool for this thread) and uses
    ``self._db``, the connection it holds; several stores (processes) on one PostgreSQL database
    serialise writes per hall."""
