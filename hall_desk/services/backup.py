"""Backups (issue 9): the folder the store manager chooses, backing up now, the daily automatic
backup, the generations kept, verifying and restoring.

- :func:`set_backup_folder` — the store manager only (``backup.folder_set`` event): a folder that
  exists and can be written (a USB drive, a network share), and how many generations to keep.
- :func:`run_backup` — online backup of the open store, encrypted with the desk's key from the
  system keyring, verified after writing, then the oldest generations beyond the number kept are
  removed. The outcome (success or the reason it failed) is kept for the status bar and settings.
- :func:`backup_due` — no successful backup yet today (Shanghai date): the app's hourly check.
- :func:`restore_backup` — with the app closed (the data directory's lock): verify, then replace
  the store, keeping the replaced file. Restoring needs this desk's backup key in the system keyring;
  on a new PC that key must first be put back from head office's escrow.

No Qt here; the app runs :func:`run_backup` on a worker thread, never on the UI thread.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hall_desk import credentials
from hall_desk.domain.clock import parse_utc_iso, to_local, utc_iso
from hall_desk.domain.errors import PermissionDenied, ValidationError
from hall_desk.domain.policy import Role
from hall_desk.domain.staff import Permission, may, require
from hall_desk.services.context import DeskContext, StaffSession, signed_in
from hall_desk.services.setup import require_desk
from hall_desk.storage import backup as files
from hall_desk.storage.backup import BackupError, BackupFile, BackupHeader
from hall_desk.storage.db import database, integrity_problems, store_file, unit_of_work
from hall_desk.storage.events import append_event
from hall_desk.storage.lock import StoreLock
from hall_desk.storage.models import Setting, Staff

log = logging.getLogger(__name__)

FOLDER_SETTING = "backup.folder"
GENERATIONS_SETTING = "backup.generations"
LAST_SETTING = "backup.last"  # the last attempt (JSON)
SUCCESS_SETTING = "backup.last_success"  # the last verified backup (JSON)
DEFAULT_GENERATIONS = 7
MAX_GENERATIONS = 90

__all__ = [
    "BackupError",
    "BackupOutcome",
    "BackupSettings",
    "BackupStatus",
    "backup_due",
    "backup_key_present",
    "backup_now",
    "backup_settings",
    "backup_status",
    "latest_backup",
    "list_backups",
    "restore_backup",
    "run_backup",
    "set_backup_folder",
    "store_check",
    "verify_backup",
]


@dataclass(frozen=True)
class BackupSettings:
    folder: Path | None
    generations: int


@dataclass(frozen=True)
class BackupOutcome:
    """One attempt, as the status bar shows it."""

    at: datetime
    ok: bool
    file: str = ""
    size: int = 0
    seconds: float = 0.0
    code: str = ""  # why it failed
    detail: str = ""


@dataclass(frozen=True)
class BackupStatus:
    last: BackupOutcome | None  # the last attempt
    last_success: BackupOutcome | None


@dataclass(frozen=True)
class BackupDone:
    backup: BackupFile
    pruned: list[Path]
    seconds: float


def _setting(key: str) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else None


def _put(key: str, value: str) -> None:
    Setting.insert(key=key, value=value).on_conflict_replace().execute()


def backup_settings() -> BackupSettings:
    folder = _setting(FOLDER_SETTING)
    try:
        generations = int(_setting(GENERATIONS_SETTING) or DEFAULT_GENERATIONS)
    except ValueError:
        generations = DEFAULT_GENERATIONS
    return BackupSettings(Path(folder) if folder else None, generations)


@signed_in
def set_backup_folder(
    ctx: DeskContext, session: StaffSession, folder: str | Path, generations: int | str
) -> BackupSettings:
    """The store manager chooses where the daily backup goes and how many are kept."""
    require(session.role, Permission.CHOOSE_BACKUP_FOLDER)
    text = str(folder or "").strip()
    if not text:
        raise ValidationError("backup.folder_required", "backup_folder")
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise ValidationError("backup.folder_not_absolute", "backup_folder")
    if not path.is_dir():
        raise ValidationError("backup.folder_missing", "backup_folder", path=str(path))
    if not os.access(path, os.W_OK | os.X_OK):
        raise ValidationError("backup.folder_not_writable", "backup_folder", path=str(path))
    try:
        count = int(str(generations).strip())
    except ValueError:
        raise ValidationError(
            "backup.generations_invalid", "backup_generations", max=MAX_GENERATIONS
        ) from None
    if not 1 <= count <= MAX_GENERATIONS:
        raise ValidationError(
            "backup.generations_invalid", "backup_generations", max=MAX_GENERATIONS
        )
    desk = require_desk()
    before = backup_settings()
    now = ctx.clock.now()
    with unit_of_work():
        _put(FOLDER_SETTING, str(path))
        _put(GENERATIONS_SETTING, str(count))
        append_event(
            hall=desk.code,
            desk=desk.desk_code,
            type="backup.folder_set",
            actor=session.staff_no,
            at=now,
            state={"id": desk.desk_code, "folder": str(path), "generations": count},
            before=(
                {
                    "id": desk.desk_code,
                    "folder": str(before.folder),
                    "generations": before.generations,
                }
                if before.folder
                else None
            ),
        )
    log.info("backup folder set to %s (%d generations) by %s", path, count, session.staff_no)
    return backup_settings()


def _outcome(text: str | None) -> BackupOutcome | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        data["at"] = parse_utc_iso(data["at"])
        return BackupOutcome(**data)
    except (ValueError, TypeError, KeyError):
        return None


def backup_status() -> BackupStatus:
    return BackupStatus(_outcome(_setting(LAST_SETTING)), _outcome(_setting(SUCCESS_SETTING)))


def backup_due(ctx: DeskContext) -> bool:
    """A folder is chosen and no verified backup was made today (Shanghai date)."""
    if backup_settings().folder is None:
        return False
    success = backup_status().last_success
    if success is None:
        return True
    return to_local(success.at).date() < to_local(ctx.clock.now()).date()


def _record(outcome: BackupOutcome) -> None:
    data = {**outcome.__dict__, "at": utc_iso(outcome.at)}
    text = json.dumps(data, ensure_ascii=False)
    try:
        with unit_of_work():
            _put(LAST_SETTING, text)
            if outcome.ok:
                _put(SUCCESS_SETTING, text)
    except Exception:  # a full disk must not hide the backup's own outcome
        log.exception("could not record the backup outcome")


def _store_dir() -> Path:
    return Path(database.database).resolve().parent


@signed_in
def backup_now(
    ctx: DeskContext, session: StaffSession, *, folder: Path | None = None
) -> BackupDone:
    """立即备份: a manual backup, by a signed-in store manager whose account is still enabled and
    still a store manager's here (issue 20). The daily backup (:func:`run_backup`) needs no one."""
    require(session.role, Permission.BACKUP_NOW)
    held = Staff.get_or_none(Staff.staff_no == session.staff_no)
    if held is None or not held.active or not may(Role(held.role), Permission.BACKUP_NOW):
        raise PermissionDenied("auth.not_signed_in")
    log.info("manual backup by %s", session.staff_no)
    return run_backup(ctx, folder=folder)


def run_backup(ctx: DeskContext, *, folder: Path | None = None) -> BackupDone:
    """Back up now into ``folder`` (default: the chosen one), verify, prune; the outcome is kept.

    Raises :class:`BackupError` (``backup.no_folder``, ``backup.folder_missing``,
    ``backup.keyring_unavailable``, ``backup.write_failed``, ``backup.corrupt`` …); nothing
    unencrypted or unverified is left in the folder.
    """
    started = time.monotonic()
    now = ctx.clock.now()
    settings = backup_settings()
    target = Path(folder) if folder is not None else settings.folder
    try:
        if target is None:
            raise BackupError("backup.no_folder")
        if not target.is_dir():
            raise BackupError("backup.folder_missing", target)
        desk = require_desk()
        key = credentials.backup_key(desk.desk_code, create=True)
        assert key is not None
        made = files.create_backup(
            database.connection(), target, key, now=now, work_dir=_store_dir()
        )
        pruned = files.prune(target, desk.desk_code, settings.generations)
    except (BackupError, credentials.BackupKeyUnavailable) as error:
        detail = getattr(error, "detail", "") or ""
        log.warning("backup failed: %s %s", error.code, detail)
        _record(
            BackupOutcome(
                at=now,
                ok=False,
                file=str(target or ""),
                code=error.code,
                detail=detail,
                seconds=time.monotonic() - started,
            )
        )
        raise
    except OSError as error:
        log.warning("backup failed: %s", error)
        _record(
            BackupOutcome(
                at=now,
                ok=False,
                file=str(target or ""),
                code="backup.write_failed",
                detail=str(error),
                seconds=time.monotonic() - started,
            )
        )
        raise BackupError("backup.write_failed", target, str(error)) from error
    seconds = time.monotonic() - started
    _record(BackupOutcome(at=now, ok=True, file=str(made.path), size=made.size, seconds=seconds))
    return BackupDone(made, pruned, seconds)


def list_backups(folder: Path | None = None) -> list[tuple[Path, BackupHeader | None]]:
    """This desk's backups in the folder (default: the chosen one), newest first."""
    target = folder if folder is not None else backup_settings().folder
    if target is None:
        return []
    return files.generations(target, require_desk().desk_code)


def latest_backup() -> Path | None:
    """The newest readable backup of this desk in the chosen folder (None: none, or unplugged)."""
    for path, header in list_backups():
        if header is not None:
            return path
    return None


def backup_key_present(path: Path, header: BackupHeader) -> None:
    """Raises ``backup.no_key`` when this system keyring lacks the key of ``header``'s desk."""
    _key_for(path, header)


def _key_for(path: Path, header: BackupHeader) -> bytes:
    key = credentials.backup_key(header.desk, create=False)
    if key is None:
        raise BackupError(
            "backup.no_key",
            path,
            f"no backup key for desk {header.desk} in the system keyring",
            desk=header.desk,
        )
    return key


def verify_backup(path: Path, work_dir: Path) -> BackupHeader:
    """Decrypt, ``integrity_check`` and head-check a backup file (nothing is changed)."""
    header = files.read_header(path)
    return files.verify_backup(path, _key_for(path, header), work_dir=work_dir)


def restore_backup(
    store: Path, backup: Path, *, now: datetime, force: bool = False
) -> tuple[BackupHeader, Path | None]:
    """Replace the (closed) store at ``store`` by ``backup``, verified first.

    Refused while the app runs (``backup.app_running``: it holds the data directory's lock), for a
    backup of another desk unless ``force`` (``backup.other_desk``), without this desk's key in the
    system keyring (``backup.no_key``). The replaced file is kept as ``<name>.replaced-<time>``.
    """
    header = files.read_header(backup)
    key = _key_for(backup, header)
    lock = StoreLock(store.parent)
    if not lock.acquire():
        raise BackupError("backup.app_running", store)
    try:
        return files.restore_file(
            backup, key, store, now=now, expected_desk=files.store_desk(store), force=force
        )
    finally:
        lock.release()


@dataclass(frozen=True)
class StoreCheck:
    """The start-up check of the store file: its path, what is wrong ([] when sound), and the
    newest backup to offer when it is damaged."""

    path: Path
    problems: list[str]
    latest: Path | None = None
    latest_header: BackupHeader | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def store_check() -> StoreCheck:
    """``quick_check`` of the open store on a connection of its own (run it off the UI thread)."""
    path = store_file()
    problems = integrity_problems(path)
    if not problems:
        return StoreCheck(path, [])
    log.error("store %s fails its quick check: %s", path, "; ".join(problems[:3]))
    latest: Path | None = None
    header: BackupHeader | None = None
    try:
        latest = latest_backup()
        header = files.read_header(latest) if latest else None
    except Exception:  # the damage may reach the settings too: no backup to offer then
        log.exception("could not look for the latest backup")
    return StoreCheck(path, problems, latest, header)
