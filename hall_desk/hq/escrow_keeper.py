"""Head office's escrow key pair (issue 9; design in :mod:`hall_desk.sync.escrow`).

The private key (X25519, 32 raw bytes, base64 on one line) is kept in a file of its own, made on
first use with mode 0600, apart from the database: ``hall-desk-hq serve --escrow-key FILE`` (or
``$HALL_DESK_HQ_ESCROW_KEY``); with a SQLite store it defaults to ``<database file>.escrow-key``
beside it. A PostgreSQL head office without a key file keeps no escrow (the endpoints answer
``escrow.unavailable``, 503) rather than putting the key into the database that holds the blobs.
The key is never logged; only its public fingerprint is.

Losing this file makes every stored escrow unopenable: back it up apart from the database (e.g.
offline), and never give both to the same person.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hall_desk.sync import escrow

log = logging.getLogger(__name__)

ESCROW_KEY_ENV = "HALL_DESK_HQ_ESCROW_KEY"


class EscrowKeyError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EscrowKeeper:
    """The key file at ``path``: read once, made on first use."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._key: X25519PrivateKey | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.path is not None

    def private_key(self) -> X25519PrivateKey:
        if self.path is None:
            raise EscrowKeyError("head office keeps no escrow key (--escrow-key not set)")
        with self._lock:
            if self._key is None:
                self._key = self._load_or_make(self.path)
            return self._key

    def public_key(self) -> str:
        return escrow.public_text(self.private_key())

    @staticmethod
    def _load_or_make(path: Path) -> X25519PrivateKey:
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            text = None
        except (OSError, UnicodeDecodeError) as error:
            raise EscrowKeyError(f"cannot read the escrow key {path}: {error}") from None
        if text == "":  # never made so (written whole, then linked): truncated or touched
            raise EscrowKeyError(
                f"{path} is empty: restore the escrow key from its backup (a new key would leave "
                "every desk's escrow unopenable), or remove the file to start with a new key"
            )
        if text:
            try:
                key = escrow.private_from_bytes(base64.b64decode(text, validate=True))
            except ValueError:
                raise EscrowKeyError(f"{path} is not an escrow key") from None
            return key
        key = escrow.new_private_key()
        encoded = base64.b64encode(escrow.private_bytes(key)) + b"\n"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(encoded)
                file.flush()
                os.fsync(file.fileno())
            # link, not rename: two head-office processes starting at once never make two keys.
            os.link(tmp, path)
        except FileExistsError:
            return EscrowKeeper._load_or_make(path)  # the other one's key, complete
        except OSError as error:
            raise EscrowKeyError(f"cannot create the escrow key {path}: {error.strerror}") from None
        finally:
            tmp.unlink(missing_ok=True)
        log.info(
            "escrow key made in %s (public fingerprint %s…)",
            path,
            escrow.fingerprint(escrow.public_text(key))[:16],
        )
        return key


def default_key_path(database_path: Path | None) -> Path | None:
    """``<database file>.escrow-key`` beside a SQLite store; None for PostgreSQL."""
    if database_path is None:
        return None
    return database_path.with_name(database_path.name + ".escrow-key")
