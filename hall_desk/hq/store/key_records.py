"""The keys head office's workers are given as files (issue 18 item 4), recorded once: every
worker, on any host, checks the key file it was given against the record and refuses to start
with another key. ``escrow``: the escrow key pair's public key and its fingerprint (public-key-only
workers serve that key); ``secrets``: the console's secrets key's fingerprint, never the key."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hall_desk.hq.store.base import _Base

log = logging.getLogger(__package__)  # one logger for the store, as before it was a package

ESCROW_RECORD = "escrow"
SECRETS_RECORD = "secrets"


@dataclass(frozen=True)
class KeyRecord:
    name: str
    public_key: str | None
    fingerprint: str
    recorded_at: str


class KeyRecordOps(_Base):
    """Recorded key fingerprints."""

    def key_record(self, name: str) -> KeyRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT name, public_key, fingerprint, recorded_at FROM key_record WHERE name = ?",
                (name,),
            ).fetchone()
        return None if row is None else KeyRecord(str(row[0]), row[1], str(row[2]), str(row[3]))

    def record_key(self, name: str, fingerprint: str, public_key: str | None = None) -> KeyRecord:
        """Record ``name``'s key unless one is recorded already; the record that holds (the first
        one: two workers starting at once record one key, and the second compares with it)."""
        with self._transaction() as db:
            inserted = db.execute(
                "INSERT INTO key_record (name, public_key, fingerprint, recorded_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                (name, public_key, fingerprint, self._now()),
            ).rowcount
        if inserted:
            log.info("%s key recorded: fingerprint %s", name, fingerprint)
        record = self.key_record(name)
        assert record is not None, "recorded just now, never deleted"
        return record
