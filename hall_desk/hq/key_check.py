"""The keys a head-office worker is given, checked against head office's record before it serves
(issue 18 item 4): ``serve`` (and each of its ``--workers``) calls :func:`worker_keys`.

- Escrow: the private key file (``--escrow-key``: this worker opens escrows), else a public key
  file (``--escrow-public-key``), else the public key head office recorded. Its fingerprint must be
  the recorded one; a worker with another refuses to start and names both. No record yet: the key
  given is recorded (the first worker to start records it; ``escrow-key new`` records it at once).
- Secrets (the console's TOTP seal): the file's fingerprint, likewise.
- ``make`` (a SQLite head office, one process): a key file that does not exist yet is left to be
  made on first use, as before; it is recorded at the next start. With PostgreSQL (``make`` False) a
  missing file is an error naming the command that makes it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from hall_desk.hq.escrow_keeper import EscrowKeeper, EscrowKeyError, read_public_key
from hall_desk.hq.secrets_keeper import SecretsKeeper, SecretsKeyError
from hall_desk.hq.store import ESCROW_RECORD, SECRETS_RECORD, HQStore
from hall_desk.sync import escrow

log = logging.getLogger(__name__)


class KeyCheckError(Exception):
    """A worker must not start with these keys: ``message`` says why (one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class KeyFiles:
    """What ``serve`` was told: the files (None: not given)."""

    escrow_key: Path | None
    escrow_public_key: Path | None
    secrets_key: Path | None


def _compare(store: HQStore, name: str, what: str, given: str, public: str | None) -> None:
    record = store.key_record(name) or store.record_key(name, given, public)
    if record.fingerprint != given:
        raise KeyCheckError(
            f"the {what} has fingerprint {given}, but head office recorded {record.fingerprint}"
            f" on {record.recorded_at}: this worker refuses to start with another key (give it"
            " the recorded key's file)"
        )


def worker_keys(
    store: HQStore, files: KeyFiles, *, make: bool
) -> tuple[EscrowKeeper, SecretsKeeper]:
    """The keepers this worker serves with, every key checked against head office's record
    (:class:`KeyCheckError` when one differs or cannot be read)."""
    try:
        escrow_keeper = _escrow_keeper(store, files, make=make)
    except EscrowKeyError as error:
        raise KeyCheckError(error.message) from None
    secrets_keeper = SecretsKeeper(files.secrets_key, make=make)
    if files.secrets_key is not None and (not make or files.secrets_key.exists()):
        try:
            fingerprint = secrets_keeper.fingerprint()
        except SecretsKeyError as error:
            raise KeyCheckError(error.message) from None
        _compare(store, SECRETS_RECORD, f"secrets key {files.secrets_key}", fingerprint, None)
    elif files.secrets_key is None and store.key_record(SECRETS_RECORD) is not None:
        log.warning("no --secrets-key on this worker: nobody can sign in to the console here")
    return escrow_keeper, secrets_keeper


def _escrow_keeper(store: HQStore, files: KeyFiles, *, make: bool) -> EscrowKeeper:
    public_file = (
        read_public_key(files.escrow_public_key) if files.escrow_public_key is not None else None
    )
    if files.escrow_key is not None:
        keeper = EscrowKeeper(files.escrow_key, make=make)
        if make and not files.escrow_key.exists():
            return keeper  # SQLite: made on first use, recorded at the next start
        public = keeper.public_key()
        if public_file is not None and public_file != public:
            raise EscrowKeyError(
                f"--escrow-public-key {files.escrow_public_key} (fingerprint"
                f" {escrow.fingerprint(public_file)}) is not the public key of --escrow-key"
                f" {files.escrow_key} (fingerprint {escrow.fingerprint(public)})"
            )
        what = f"escrow key {files.escrow_key}"
        _compare(store, ESCROW_RECORD, what, escrow.fingerprint(public), public)
        return keeper
    if public_file is not None:
        what = f"escrow public key {files.escrow_public_key}"
        _compare(store, ESCROW_RECORD, what, escrow.fingerprint(public_file), public_file)
        return EscrowKeeper(None, public_key=public_file)
    record = store.key_record(ESCROW_RECORD)
    if record is None or record.public_key is None:
        return EscrowKeeper(None)  # no escrow kept here (escrow.unavailable)
    log.info("escrow public key: head office's record (fingerprint %s)", record.fingerprint)
    return EscrowKeeper(None, public_key=record.public_key)
