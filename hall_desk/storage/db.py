"""Opening the store: checks before touching the file, pragmas on every connection, migrations.

- Every connection gets WAL, foreign keys, a busy timeout and ``synchronous=FULL``: a complaint the UI
  calls saved is on disk, even through a power cut.
- WAL auto-checkpoints are off so no save pays for one; :func:`checkpoint` runs from a background timer.
- ``secure_delete`` is on: freed content is overwritten with zeros, so identity data once in clear
  (a store from before sealing, :mod:`hall_desk.storage.sealed`) does not survive in free pages.
- A file from a newer app version is refused and never altered; a damaged or foreign file is reported
  with its path and never replaced.
- Before a file from an older app version is migrated, it is copied (SQLite's online backup,
  verified: ``integrity_check`` and its old schema version) into ``upgrade-backups/`` beside it;
  :func:`last_upgrade_backup` tells the caller, who tells the user. No copy, no migration.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee

from hall_desk.domain.errors import DomainError
from hall_desk.sqlite_header import read_header
from hall_desk.storage import compact, schema
from hall_desk.storage.schema import APPLICATION_ID, LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)

PRAGMAS = {
    # 8 KiB pages for a new store (first: it must precede the journal mode): a ten-year event log's
    # rows (~400 bytes) and index entries waste less of each page than with SQLite's 4 KiB, 4 % of
    # the event table and 10 % of its indexes (issue 22 goal 5, bench_store_size). A store made
    # with another page size keeps it (in WAL mode this is a no-op).
    "page_size": 8192,
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": 2,  # FULL
    "wal_autocheckpoint": 0,  # checkpoints off the save path
    # Deleted and overwritten content is zeroed in the file's pages (freed pages included): no
    # plaintext left behind by sealing (storage.sealed), nothing left of data purged past its
    # retention period (storage.retention).
    "secure_delete": 1,
}

database = peewee.SqliteDatabase(None, pragmas=PRAGMAS)


def _sql_event_payload(value: object) -> str:
    """SQL ``event_payload(payload)``: a stored payload's text (compact.decode, the one decoder)."""
    return compact.decode(value, database.connection())


# Every connection reads stored payloads and entity keys in SQL through the storage's own functions
# (hall_desk.storage.compact): e.g. ``json_extract(event_payload(payload), '$.x')``,
# ``entity = event_entity_key(?)``.
database.register_function(_sql_event_payload, "event_payload", 1)
database.register_function(compact.entity_key, "event_entity_key", 1)


def _read_dictionary(dictionary_id: int) -> bytes | None:
    row = database.execute_sql(
        "SELECT data FROM payload_dictionary WHERE id = ?", (dictionary_id,)
    ).fetchone()
    return None if row is None else bytes(row[0])


compact.set_loader(_read_dictionary)


class StoreError(Exception):
    """The store cannot be opened. ``code`` names why; ``path`` is the file."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        self.code = code
        self.path = path
        self.detail = detail
        super().__init__(f"{code}: {path} {detail}".strip())


def inspect(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file, read-only, without altering it."""
    try:
        return read_header(path)
    except sqlite3.DatabaseError as error:
        raise StoreError("db.damaged", path, str(error)) from error


UPGRADE_BACKUP_DIR = "upgrade-backups"
UPGRADE_BACKUPS_KEPT = 3


@dataclass(frozen=True)
class UpgradeBackup:
    """The copy of the store taken before migrating it from ``from_version`` to ``to_version``."""

    path: Path
    from_version: int
    to_version: int


_last_upgrade: UpgradeBackup | None = None


def last_upgrade_backup() -> UpgradeBackup | None:
    """The copy the last :func:`open_store` took before migrating (None: nothing was migrated)."""
    return _last_upgrade


@dataclass(frozen=True)
class MigrationProgress:
    """Where bringing an older store up to date is (issue 22: a million-row store took 54 s with
    nothing on screen): ``stage`` "copy" (the upgrade copy) or "step" (schema step ``version``);
    ``done`` of ``total`` stages finished so far. Reported before and after each stage and, while
    a step runs, every :data:`TICK_INSTRUCTIONS` SQLite instructions (``ticking``)."""

    stage: str
    version: int
    done: int
    total: int
    ticking: bool = False
    # a step that converts rows in batches (compact events): rows converted of rows to convert
    rows_done: int = 0
    rows_total: int = 0


class MigrationInterrupted(Exception):
    """Raised by a progress callback to stop bringing the store up to date: the step under way is
    rolled back, the steps before it stay (each commits on its own), and the next
    :func:`open_store` goes on from there."""


TICK_INSTRUCTIONS = 200_000  # between progress reports while a step runs (a few ms each)
MigrationCallback = Callable[[MigrationProgress], None]


def open_store(path: Path, progress: MigrationCallback | None = None) -> peewee.SqliteDatabase:
    """Open (creating if absent) the desk's store at ``path`` and bring its schema up to date.

    A store from an older app version is first copied (see :func:`take_upgrade_backup`); when
    the copy fails, nothing is migrated (``db.upgrade_backup_failed``). ``progress`` hears where
    the copy and the steps are (:class:`MigrationProgress`) and may stop them by raising
    :class:`MigrationInterrupted`, which ``open_store`` raises in turn (the store closed)."""
    global _last_upgrade
    _last_upgrade = None
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        app_id, version = inspect(path)
        if version > LATEST_VERSION:
            raise StoreError("db.newer_schema", path, f"version {version} > {LATEST_VERSION}")
        if version > 0 and app_id != APPLICATION_ID:
            raise StoreError("db.foreign", path, f"application_id {app_id:#x}")
        if version == 0 and app_id not in (0, APPLICATION_ID):
            raise StoreError("db.foreign", path, f"application_id {app_id:#x}")
        if 0 < version < len(MIGRATIONS):  # a migration will run
            if not database.is_closed():
                database.close()
            total = len(MIGRATIONS) - version + 1
            if progress is not None:
                progress(MigrationProgress("copy", 0, 0, total))
            _last_upgrade = take_upgrade_backup(path, version)
            if progress is not None:
                progress(MigrationProgress("copy", 0, 1, total))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if not database.is_closed():
        database.close()
    _forget_field_key()
    database.init(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        database.connect()
        _migrate(database.connection(), progress)
    except MigrationInterrupted:
        database.close()
        raise
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        database.close()
        raise StoreError("db.damaged", path, str(error)) from error
    return database


def take_upgrade_backup(path: Path, version: int, now: datetime | None = None) -> UpgradeBackup:
    """Copy the store at ``path`` (schema ``version``, about to be migrated) into
    ``upgrade-backups/<name>-<UTC time>-v<version>.sqlite3`` beside it, verified.

    A plain SQLite file, not an encrypted backup: it stays in the same data directory as the
    store, with the same protection as the store itself (identity data in it is sealed with the
    field key either way), and it must be possible with no keyring at all. Going back means the
    older app version and this file put in the store's place. The newest
    :data:`UPGRADE_BACKUPS_KEPT` copies are kept.
    """
    from hall_desk.storage.backup import snapshot

    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = path.parent / UPGRADE_BACKUP_DIR
    target = folder / f"{path.stem}-{stamp}-v{version}.sqlite3"
    part = target.with_name(target.name + ".part")
    try:
        folder.mkdir(exist_ok=True)
        source = sqlite3.connect(path)
        try:
            snapshot(source, part)
        finally:
            source.close()
        problems = integrity_problems(part, quick=False)
        if problems:
            raise StoreError("db.upgrade_backup_failed", path, "copy: " + "; ".join(problems[:3]))
        if read_header(part)[1] != version:
            raise StoreError("db.upgrade_backup_failed", path, "copy has another schema version")
        os.replace(part, target)
    except (OSError, sqlite3.Error) as error:
        raise StoreError("db.upgrade_backup_failed", path, str(error)) from error
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    log.warning(
        "store %s at schema %d backed up to %s before migrating to %d",
        path,
        version,
        target,
        len(MIGRATIONS),
    )
    for old in sorted(folder.glob(f"{path.stem}-*-v*.sqlite3"))[:-UPGRADE_BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    return UpgradeBackup(target, version, len(MIGRATIONS))


def discard_upgrade_backups() -> list[Path]:
    """Remove the upgrade copies beside the open store: called once the one-time sealing step has
    sealed identity data an older version kept in clear (:mod:`hall_desk.storage.sealed`) — those
    copies hold it in clear and nothing else would ever seal or purge them. The encrypted daily
    backups remain the way back."""
    store = Path(database.database)
    removed = []
    for copy in sorted((store.parent / UPGRADE_BACKUP_DIR).glob(f"{store.stem}-*-v*.sqlite3")):
        try:
            copy.unlink()
        except OSError as error:
            log.error("could not remove the upgrade copy %s: %s", copy, error)
            continue
        removed.append(copy)
    if removed:
        log.warning("removed %d upgrade copies that held identity data in clear", len(removed))
    return removed


def _migrate(conn: sqlite3.Connection, progress: MigrationCallback | None = None) -> None:
    """Every schema step the store lacks, each in its own transaction (an interrupted step is
    rolled back whole; the ones before it stay: the next start resumes there)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    first = version
    # stages: the upgrade copy (already done when steps run on an existing store) + the steps
    total = len(MIGRATIONS) - first + (1 if first > 0 else 0)
    done = 1 if first > 0 else 0
    stopped: list[MigrationInterrupted] = []
    while version < len(MIGRATIONS):
        target = version + 1
        log.info("migrating store to schema %d", target)
        if progress is not None:
            progress(MigrationProgress("step", target, done, total))

            def tick(target: int = target, done: int = done) -> int:
                try:
                    progress(MigrationProgress("step", target, done, total, ticking=True))
                except MigrationInterrupted as stop:
                    stopped.append(stop)
                    return 1  # SQLite stops the statement ("interrupted")
                return 0

            conn.set_progress_handler(tick, TICK_INSTRUCTIONS)

            def rows(converted: int, of: int, target: int = target, done: int = done) -> None:
                progress(MigrationProgress("step", target, done, total, True, converted, of))

            schema.step_rows = rows
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if stopped:
                log.warning("migration to schema %d interrupted; resumes at the next start", target)
                raise stopped[0] from error
            raise
        finally:
            conn.set_progress_handler(None, 0)
            schema.step_rows = None
        version = target
        done += 1
    if progress is not None and first < len(MIGRATIONS):
        progress(MigrationProgress("step", version, done, total))


def schema_version() -> int:
    return int(database.execute_sql("PRAGMA user_version").fetchone()[0])


class StorageFull(DomainError):
    """The disk (or the store's page limit) is full: the change was rolled back whole, nothing of
    it is saved; the form keeps what was typed. Code ``storage.full``."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("storage.full", None)
        self.detail = detail


SQLITE_FULL = 13


def _is_full(error: BaseException | None) -> bool:
    """SQLITE_FULL, here or earlier in the chain: when SQLite has already rolled the transaction
    back itself, peewee's own ROLLBACK fails ("no transaction is active") on top of it."""
    seen = 0
    while error is not None and seen < 10:
        if getattr(error, "sqlite_errorcode", None) == SQLITE_FULL or (
            "database or disk is full" in str(error)
        ):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


@contextmanager
def unit_of_work() -> Iterator[None]:
    """One business change and its event, in one write transaction (BEGIN IMMEDIATE).

    A full disk (SQLITE_FULL) while writing or committing becomes :class:`StorageFull`; the whole
    transaction is rolled back, so nothing is half-saved.
    """
    try:
        with database.atomic("IMMEDIATE"):
            yield
    except (sqlite3.OperationalError, peewee.OperationalError) as error:
        if not _is_full(error):
            raise
        log.error("store full: a change was not saved (%s)", error)
        if database.in_transaction():  # SQLite may have rolled back already; make sure
            database.rollback()
        raise StorageFull(str(error)) from error


def store_file() -> Path:
    """The open store's file."""
    return Path(database.database)


def integrity_problems(path: Path, *, quick: bool = True) -> list[str]:
    """What SQLite's ``quick_check`` (or ``integrity_check``) finds wrong in the store file, on a
    read-only connection of its own (so any thread may run it, the app's connections untouched);
    an empty list when the file is sound. A quick check of a large file takes seconds: never on
    the UI thread."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def checkpoint() -> None:
    """Fold the WAL into the main file without blocking writers (PASSIVE)."""
    database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")


def fold_wal() -> None:
    """Fold the WAL into the main file and empty it (TRUNCATE), so old page images of purged data
    do not stay in the WAL file; a reader still open makes it a partial checkpoint, no error."""
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# What modules keep for the open store (storage.sealed: the field key held in memory) is dropped
# whenever the store is opened anew or closed. Those modules register here, so this module imports
# none of them (storage.sealed reads through this module's database: no import cycle).
_store_change_hooks: list[Callable[[], None]] = [compact.forget]


def on_store_change(hook: Callable[[], None]) -> None:
    """Call ``hook`` each time the store is opened anew or closed (registered once)."""
    if hook not in _store_change_hooks:
        _store_change_hooks.append(hook)


def _forget_field_key() -> None:
    for hook in _store_change_hooks:
        hook()


def close_store() -> None:
    _forget_field_key()
    if not database.is_closed():
        try:
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            database.close()
