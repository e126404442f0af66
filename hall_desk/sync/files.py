"""The files head office must receive (issue 7): evidence scans and final certified PDFs of transfers,
kept once by SHA-256 in ``stored_file`` with ``upload = 1`` (signature images have ``upload = 0`` and
stay on the desk, inside the signed PDFs). The bytes are sealed at rest
(:mod:`hall_desk.storage.sealed`); what is sent, and named by its SHA-256, is the plaintext.

A file waits while ``uploaded_at`` is empty and no refusal is recorded; the sync round sends waiting
files one at a time, oldest first (``created_at``), after the events. Head office's ``stored`` or
``duplicate`` marks it uploaded. A permanent refusal (the bytes do not hash to the name, too large,
a media type head office does not take) is recorded in ``upload_error``: the file is no longer sent
(sending the same bytes again cannot help) and stays listed as failed until someone deals with it.

Order: head office takes a file on its own, before or after the transfer event naming it (events name
files by SHA-256). A round sends the events first, so a file usually follows its event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hall_desk.storage import sealed
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import StoredFile, TransferFile

# One round sends files until this many bytes (at least one file) or this many files have gone.
ROUND_BYTES = 64 * 1024 * 1024
ROUND_FILES = 50
_WAITING = (
    (StoredFile.upload == True)  # noqa: E712
    & StoredFile.uploaded_at.is_null()
    & (StoredFile.upload_error == "")
)
_FAILED = (
    (StoredFile.upload == True)  # noqa: E712
    & StoredFile.uploaded_at.is_null()
    & (StoredFile.upload_error != "")
)


@dataclass(frozen=True)
class PendingFile:
    """One file waiting for head office (its content is read only when it is its turn)."""

    sha256: str
    media_type: str
    size: int


@dataclass(frozen=True)
class FailedFile:
    """A file head office refused for good: what it is, why, and whose (transfer file names)."""

    sha256: str
    media_type: str
    size: int
    created_at: datetime
    error: str  # "<code>: <message>" as head office said it
    names: tuple[str, ...]  # the names it carries on transfers (one file may serve several)

    @property
    def reason(self) -> str:
        """Head office's code (``file.hash_mismatch`` …)."""
        return self.error.split(": ", 1)[0]

    @property
    def message(self) -> str:
        return self.error.split(": ", 1)[1] if ": " in self.error else ""


def next_file() -> PendingFile | None:
    """The oldest waiting file; None when none waits."""
    row = (
        StoredFile.select(StoredFile.sha256, StoredFile.media_type, StoredFile.size)
        .where(_WAITING)
        .order_by(StoredFile.created_at, StoredFile.sha256)
        .limit(1)
        .tuples()
        .first()
    )
    return PendingFile(row[0], row[1], int(row[2])) if row is not None else None


UNREADABLE = sealed.KEY_WRONG  # recorded as a failed file's error when its seal does not open


class FileUnreadable(Exception):
    """This one stored file's seal does not open (altered in the store) though the desk's key is
    right: it cannot be sent; the others can."""


def content_of(sha256: str) -> bytes:
    """One file's plaintext bytes (files are read one at a time, never all at once; sealed at
    rest, opened here: head office receives, and names by SHA-256, the plaintext). No usable key:
    the typed ``identity.*`` error; this file's seal alone not opening: :class:`FileUnreadable`."""
    sealed.key()  # a missing or wrong key is the desk's problem, raised as it is
    try:
        content = StoredFile.read(sha256)
    except sealed.IdentitySealError as error:
        raise FileUnreadable(error.detail) from None
    if content is None:
        raise FileUnreadable(f"stored file {sha256} is gone")
    return content


def record_uploaded(sha256: str, *, at: datetime) -> None:
    with unit_of_work():
        StoredFile.update(uploaded_at=at, upload_error="").where(
            StoredFile.sha256 == sha256
        ).execute()


def record_refused(sha256: str, code: str, message: str) -> None:
    """Head office refused the file for good: kept, not sent again, listed as failed."""
    error = f"{code}: {message}" if message else code
    with unit_of_work():
        StoredFile.update(upload_error=error[:500]).where(StoredFile.sha256 == sha256).execute()


def counts() -> tuple[int, int]:
    """(waiting, failed) files for head office."""
    waiting = StoredFile.select().where(_WAITING).count()
    failed = StoredFile.select().where(_FAILED).count()
    return waiting, failed


def failed_files() -> list[FailedFile]:
    """Files head office refused, oldest first, with the names they carry on transfers."""
    rows = list(
        StoredFile.select(
            StoredFile.sha256,
            StoredFile.media_type,
            StoredFile.size,
            StoredFile.created_at,
            StoredFile.upload_error,
        )
        .where(_FAILED)
        .order_by(StoredFile.created_at, StoredFile.sha256)
    )
    names: dict[str, list[str]] = {}
    if rows:
        for link in TransferFile.select(TransferFile.sha256, TransferFile.name).where(
            TransferFile.sha256.in_([r.sha256 for r in rows])
        ):
            names.setdefault(link.sha256, []).append(link.name)
    return [
        FailedFile(
            r.sha256,
            r.media_type,
            r.size,
            r.created_at,
            r.upload_error,
            tuple(names.get(r.sha256, ())),
        )
        for r in rows
    ]


def retry_failed() -> int:
    """Send the refused files again (after whatever made head office refuse them was fixed, e.g. a
    larger limit there): their refusal is cleared. Returns how many."""
    with unit_of_work():
        return int(StoredFile.update(upload_error="").where(_FAILED).execute())
