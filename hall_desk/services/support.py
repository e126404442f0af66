"""导出诊断包 (issue 10): a zip for technical support, from the app's 帮助 menu or
``hall-desk support-bundle``.

What it holds (``hall_desk-diagnostics-<desk>-<yyyymmdd-HHMM>.zip``, Shanghai time):

- ``manifest.json`` — when, which desk, what is inside and what is deliberately left out;
- ``versions.json`` — hall_desk, Python, Qt, PySide6, SQLite, ReportLab, peewee, the OS and
  platform, frozen (installed build) or not;
- ``sync_status.json`` — counts and times only: events waiting, delivered, dead letters (own events
  head office quarantined / refused, pulled events not applied), files waiting / refused, last
  attempt / success / contact with head office, the last error's code, clock offset, the head-office
  address (without any user name or password in it); never an event's payload;
- ``store.json`` — the store file's size (and its WAL's), its schema version and the one this app
  writes, whether it opened (and why not), a fresh ``quick_check`` of it, the last backup attempt;
- ``logs/hall_desk.log`` and the rotated ``logs/hall_desk.log.N``.

Never in it: the database or any of its content, the keyring's secrets (token, keys), passwords.
Every text member goes through :func:`hall_desk.logfiles.redact` on the way in, so a full phone or
ID number or a token in an old log line is masked in the bundle too.

It works when the store cannot be opened (``store_open=False``): the bundle then says why, and
carries the logs and versions. Exporting it changes no record, so it writes no audit event; a log
line says who wrote which file.
"""

from __future__ import annotations

import errno
import importlib.metadata
import json
import logging
import os
import platform
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from hall_desk import __version__
from hall_desk.domain.clock import to_local
from hall_desk.domain.errors import DomainError
from hall_desk.logfiles import log_files, redact
from hall_desk.services.context import DeskContext
from hall_desk.sqlite_header import read_header
from hall_desk.storage.db import integrity_problems, store_file
from hall_desk.storage.schema import LATEST_VERSION

log = logging.getLogger(__name__)

BUNDLE_FORMAT = 1
NAME_PREFIX = "hall_desk-diagnostics"
LEFT_OUT = (
    "the database file and any of its content (complaints, customers, transfers, events)",
    "the system keyring's secrets: head-office token, signing passphrase, backup and field keys",
    "passwords",
    "full phone and ID numbers (masked in every member)",
)
MAX_PROBLEMS = 10

# Error codes (texts in hall_desk/ui/errors.py).
FOLDER_NOT_WRITABLE = "support.folder_not_writable"  # params: path
DISK_FULL = "support.disk_full"  # params: path
WRITE_FAILED = "support.write_failed"  # params: path, reason


class SupportBundleError(DomainError):
    """The bundle could not be written; nothing half-written is left at ``path``."""

    def __init__(self, code: str, path: Path, reason: str = "") -> None:
        super().__init__(code, None, path=str(path), reason=reason)
        self.path = path


@dataclass(frozen=True)
class SupportBundle:
    path: Path
    members: tuple[str, ...]
    size: int


def bundle_name(desk: str | None, now: datetime) -> str:
    """``hall_desk-diagnostics-HA01-02-20261122-1000.zip`` (Shanghai time; ``unknown`` desk
    when the store says none)."""
    return f"{NAME_PREFIX}-{desk or 'unknown'}-{to_local(now).strftime('%Y%m%d-%H%M')}.zip"


def desk_code() -> str | None:
    """This desk's code from the open store, None when no hall is set up or it cannot be read."""
    info = _desk_info()
    return info["desk"] if info is not None else None


def export_support_bundle(
    ctx: DeskContext, target: Path, logs: Path, qt_version: str = "", actor: str = ""
) -> SupportBundle:
    """帮助 → 导出诊断包, for anyone at the desk: signed in or not (``actor``: the staff number,
    or empty), as on the command line. A clerk who cannot sign in is exactly who calls support,
    and the bundle holds no personal data and no secret; so this is no session action."""
    return write_support_bundle(
        target,
        now=ctx.clock.now(),
        logs=logs,
        store=store_file(),
        store_open=True,
        qt_version=qt_version,
        actor=actor,
    )


def write_support_bundle(
    target: Path,
    *,
    now: datetime,
    logs: Path,
    store: Path,
    store_open: bool,
    store_problem: str = "",
    qt_version: str = "",
    actor: str = "",
) -> SupportBundle:
    """Write the bundle to ``target`` (atomically: a temporary file beside it, then renamed).
    ``store_open`` says the store at ``store`` is open in this process (sync status and desk are
    read from it); else ``store_problem`` says why not. Raises :class:`SupportBundleError`."""
    target = Path(target)
    info = _desk_info() if store_open else None
    members: dict[str, bytes] = {}
    members["versions.json"] = _json(versions(qt_version))
    members["sync_status.json"] = _json(
        sync_status()
        if store_open
        else {"available": False, "reason": store_problem or "store not open"}
    )
    members["store.json"] = _json(store_report(store, store_open, store_problem))
    for path in log_files(logs):
        members[f"logs/{path.name}"] = _log_text(path)
    manifest = {
        "format": BUNDLE_FORMAT,
        "created": now.isoformat(),
        "created_local": to_local(now).strftime("%Y-%m-%d %H:%M"),
        "hall": info["hall"] if info else None,
        "desk": info["desk"] if info else None,
        "demo": info["demo"] if info else None,
        "log_dir": str(logs),
        "members": ["manifest.json", *members],
        "left_out": list(LEFT_OUT),
    }
    members = {"manifest.json": _json(manifest), **members}
    size = _write_zip(target, members)
    log.info(
        "support bundle %s written (%d bytes, %d members) by %s",
        target,
        size,
        len(members),
        actor or "the command line",
    )
    return SupportBundle(target, tuple(members), size)


# -- what goes in -------------------------------------------------------------------------------


def versions(qt_version: str = "") -> dict[str, Any]:
    import reportlab

    return {
        "hall_desk": __version__,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "qt": qt_version or None,
        "pyside6": _package_version("PySide6", "PySide6-Essentials"),
        "sqlite": sqlite3.sqlite_version,
        "reportlab": reportlab.Version,
        "peewee": _package_version("peewee"),
        "keyring": _package_version("keyring"),
        "httpx": _package_version("httpx"),
        "os": platform.system(),
        "os_release": platform.release(),
        "os_version": platform.version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
    }


def _package_version(*names: str) -> str | None:
    """The installed distribution's version (the first of ``names`` installed; PySide6 may be
    installed as its parts); read from its metadata, so Qt is not imported here."""
    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def _desk_info() -> dict[str, Any] | None:
    from hall_desk.services.setup import current_desk

    try:
        info = current_desk()
    except Exception:
        log.exception("could not read the desk for the support bundle")
        return None
    if info is None:
        return None
    return {"hall": info.code, "desk": info.desk_code, "demo": info.demo}


def sync_status() -> dict[str, Any]:
    """Counts and times of the sync with head office; never a payload."""
    from hall_desk.services.setup import current_desk
    from hall_desk.sync import outbox

    info = current_desk()
    if info is None:
        return {"available": False, "reason": "no hall set up yet"}
    status = outbox.queue_status(info.desk_code)
    dead = outbox.dead_letter_counts()
    error = status.last_error
    return {
        "available": True,
        "registered": status.registered,
        "hq_url": _without_credentials(status.hq_url),
        "online": status.online,
        "reachability": status.reachability.value,  # online / hq_error / offline / unknown
        "waiting": status.waiting,
        "delivered": status.delivered,
        "dead_letters": status.dead_letters,
        "upload_quarantined": dead.get("quarantined", 0),
        "upload_refused": dead.get("refused", 0),
        "pull_dead_letters": status.pull_dead_letters,
        "files_waiting": status.files_waiting,
        "files_refused": status.files_failed,
        "pull_cursor": status.pull_cursor,
        "last_attempt": _time(status.last_attempt),
        "last_success": _time(status.last_success),
        "last_heard": _time(status.last_heard),
        "last_pull": _time(status.last_pull),
        "last_error": (
            {"code": error.code, "detail": error.detail, "at": _time(error.at)} if error else None
        ),
        "clock_offset_seconds": _seconds(status.clock_offset),
        "hq_chain_state": status.hq_chain_state,
        "hq_chain_detail": status.hq_chain_detail,
        # the link (issue 15): never the CA's certificates themselves, only whether there are some
        "plain_http": status.plain_http,
        "private_ca": status.private_ca,
        "hq_cert_not_after": _time(status.hq_cert_not_after),
    }


def store_report(store: Path, store_open: bool, store_problem: str = "") -> dict[str, Any]:
    """The store file from the outside: sizes, schema, a fresh quick check; never its content."""
    store = Path(store)
    wal = store.with_name(store.name + "-wal")
    report: dict[str, Any] = {
        "path": str(store),
        "exists": store.is_file(),
        "size_bytes": store.stat().st_size if store.is_file() else None,
        "wal_bytes": wal.stat().st_size if wal.is_file() else None,
        "opened": store_open,
        "open_problem": store_problem or None,
        "schema_version": None,
        "app_schema_version": LATEST_VERSION,
        "application_id": None,
        "quick_check": None,
        "last_backup": None,
        "last_good_backup": None,
    }
    if not store.is_file():
        return report
    try:
        app_id, version = read_header(store)
        report["schema_version"], report["application_id"] = version, f"{app_id:#x}"
    except sqlite3.DatabaseError as error:
        report["header_problem"] = str(error)
    problems = integrity_problems(store)
    report["quick_check"] = {"ok": not problems, "problems": problems[:MAX_PROBLEMS]}
    if store_open:
        from hall_desk.services.backup import backup_status

        try:
            status = backup_status()
        except Exception:
            log.exception("could not read the backup status for the support bundle")
        else:
            report["last_backup"] = _backup(status.last)
            report["last_good_backup"] = _backup(status.last_success)
    return report


def _backup(outcome: Any) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "at": _time(outcome.at),
        "ok": outcome.ok,
        "size_bytes": outcome.size,
        "seconds": outcome.seconds,
        "code": outcome.code or None,
    }


def _without_credentials(url: str) -> str:
    """The head-office address without user name, password, query or fragment."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _seconds(value: timedelta | None) -> float | None:
    return value.total_seconds() if value is not None else None


def _json(data: Mapping[str, Any]) -> bytes:
    return (
        redact(json.dumps(data, ensure_ascii=False, indent=2, default=str)).encode("utf-8") + b"\n"
    )


def _log_text(path: Path) -> bytes:
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as error:
        text = f"(could not read {path.name}: {error.strerror})\n"
    return redact(text).encode("utf-8")


# -- writing ------------------------------------------------------------------------------------

_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _write_zip(target: Path, members: Mapping[str, bytes]) -> int:
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise _error(error, target) from error
    part = Path(name)
    try:
        with os.fdopen(handle, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
                for member, data in members.items():
                    bundle.writestr(member, data)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, target)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise _error(error, target) from error
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _error(error: OSError, target: Path) -> SupportBundleError:
    if error.errno in _FULL:
        return SupportBundleError(DISK_FULL, target, error.strerror or "")
    if isinstance(error, PermissionError) or error.errno in _NOT_WRITABLE:
        return SupportBundleError(FOLDER_NOT_WRITABLE, target, error.strerror or "")
    return SupportBundleError(WRITE_FAILED, target, error.strerror or str(error))
