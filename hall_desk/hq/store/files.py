"""Files the desks send (a transfer's evidence and final PDFs), kept once by the SHA-256 head office
computed, in ``stored_file``, apart from the events naming them."""

from __future__ import annotations

import logging
from typing import Any

from hall_desk.hq.store.base import _Base
from hall_desk.hq.store.desks import DeskIdentity
from hall_desk.sync.protocol import (
    FileReply,
    Outcome,
)

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package


class FileOps(_Base):
    """The files the desks send."""

    def put_file(
        self, desk: DeskIdentity, sha256: str, media_type: str, content: bytes
    ) -> FileReply:
        """Keep a file a desk sent (its SHA-256 checked by the caller against ``content``), once:
        ``stored`` the first time, ``duplicate`` when head office already holds it (from any desk;
        the first sender is kept)."""
        with self._transaction() as db:
            inserted = db.execute(
                "INSERT INTO stored_file (sha256, hall, desk, media_type, size, content, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                (sha256, desk.hall, desk.code, media_type, len(content), content, self._now()),
            ).rowcount
        outcome = Outcome.STORED if inserted == 1 else Outcome.DUPLICATE
        log.info(
            "desk %s sent file %s… (%s, %d bytes): %s",
            desk.code,
            sha256[:12],
            media_type,
            len(content),
            outcome.value,
        )
        return FileReply(self._now(), sha256, len(content), outcome)

    def file_info(self, sha256: str) -> dict[str, Any] | None:
        """{sha256, hall, desk, media_type, size, received_at} of a held file, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT sha256, hall, desk, media_type, size, received_at FROM stored_file"
                " WHERE sha256 = ?",
                (sha256,),
            ).fetchone()
        keys = ("sha256", "hall", "desk", "media_type", "size", "received_at")
        return dict(zip(keys, row, strict=True)) if row else None

    def file_content(self, sha256: str) -> tuple[str, bytes] | None:
        """(media type, bytes) of a held file, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT media_type, content FROM stored_file WHERE sha256 = ?", (sha256,)
            ).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def files_of(self, hall: str) -> list[dict[str, Any]]:
        """The files a hall's desks sent (no contents), in order of receipt."""
        with self._lock:
            rows = self._db.execute(
                "SELECT sha256, hall, desk, media_type, size, received_at FROM stored_file"
                " WHERE hall = ? ORDER BY received_at, sha256",
                (hall,),
            ).fetchall()
        keys = ("sha256", "hall", "desk", "media_type", "size", "received_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]
