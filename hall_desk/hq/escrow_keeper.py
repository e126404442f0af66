"""Head office's escrow key pair (issue 9; design in :mod:`hall_desk.sync.escrow`).

The private key (X25519, 32 raw bytes, base64 on one line) is kept in a file of its own, made on
first use with mode 0600, apart from the database: ``hall-desk-hq serve --escrow-key FILE`` (or
``$HALL_DESK_HQ_ESCROW_KEY``); with a SQLite store it defaults to ``<database file>.escrow-key``
beside it. A PostgreSQL head office without a key file keeps no escrow (the endpoints answer
``escrow.unavailable``, 503) rather than putting the key into the database that holds the blobs.
The key is never logged; only its public fingerprint is.

Losing this file makes every stored escrow unopenable: back it up apart from the database (e.g.
offline), and never give both to the same person.

Several workers or hosts (issue 18 item 4): serving desks needs only the **public** key
(``GET /v1/escrow/key``, ``PUT /v1/desks/me/escrow``): a worker is given it as a file
(``serve --escrow-public-key FILE``, the ``FILE.pub`` that ``hall-desk-hq escrow-key new FILE``
writes) or takes the one head office recorded in its database; only workers started with
``--escrow-key FILE`` open escrows. With PostgreSQL the key is never made on first use:
``escrow-key new FILE`` makes it once and records its public key and fingerprint, and a worker
whose key (private or public) has another fingerprint refuses to start, naming both
(:mod:`hall_desk.hq.key_check`). A SQLite head office (one process) still makes it on first use.
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


PUBLIC_SUFFIX = ".pub"


class EscrowKeeper:
    """The private key file at ``path``: read once, made on first use when ``make``; or, without
    it, only the public key (``public_key``: base64 text, from a file or head office's record)."""

    def __init__(
        self, path: Path | None, *, public_key: str | None = None, make: bool = True
    ) -> None:
        self.path = path
        self.make = make
        self._public = public_key
        self._key: X25519PrivateKey | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Desks can escrow here (the public key is known)."""
        return self.path is not None or self._public is not None

    @property
    def can_open(self) -> bool:
        """Escrows open here (this worker holds the private key)."""
        return self.path is not None

    @property
    def mode(self) -> str:
        """``private`` (opens escrows), ``public`` (stores them only) or ``none``."""
        return "private" if self.can_open else "public" if self.available else "none"

    def private_key(self) -> X25519PrivateKey:
        if self.path is None:
            raise EscrowKeyError("head office keeps no escrow key (--escrow-key not set)")
        with self._lock:
            if self._key is None:
                self._key = self._load_or_make(self.path, make=self.make)
            return self._key

    def public_key(self) -> str:
        if self.path is None:
            if self._public is None:
                raise EscrowKeyError("head office keeps no escrow key (--escrow-key not set)")
            return self._public
        return escrow.public_text(self.private_key())

    @staticmethod
    def _load_or_make(path: Path, *, make: bool = True) -> X25519PrivateKey:
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            if not make:
                raise EscrowKeyError(
                    f"no escrow key {path}: with PostgreSQL it is never made on first use; make it"
                    " once with hall-desk-hq escrow-key new FILE (and restore it from its backup"
                    " on every host that opens escrows)"
                ) from None
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


def make_key_file(path: Path) -> str:
    """``hall-desk-hq escrow-key new FILE``: a new key pair, the private key in ``path`` (0600,
    refused when the file exists) and the public key in ``path.pub``; returns the public key."""
    if path.exists():
        raise EscrowKeyError(
            f"{path} exists: a new key would leave every escrow sealed to it unopenable"
        )
    key = EscrowKeeper._load_or_make(path, make=True)
    public = escrow.public_text(key)
    public_path = path.with_name(path.name + PUBLIC_SUFFIX)
    try:
        public_path.write_text(public + "\n", encoding="ascii")
    except OSError as error:
        raise EscrowKeyError(f"cannot write {public_path}: {error.strerror}") from None
    return public


def read_public_key(path: Path) -> str:
    """A public key file (``serve --escrow-public-key``): base64 of the 32 raw bytes, one line."""
    try:
        text = path.read_text(encoding="ascii").strip()
        escrow.parse_public_key(text)
    except OSError as error:
        raise EscrowKeyError(
            f"cannot read the escrow public key {path}: {error.strerror}"
        ) from None
    except (UnicodeDecodeError, ValueError, escrow.EscrowError):
        raise EscrowKeyError(f"{path} is not an escrow public key") from None
    return text


def default_key_path(database_path: Path | None) -> Path | None:
    """``<database file>.escrow-key`` beside a SQLite store; None for PostgreSQL."""
    if database_path is None:
        return None
    return database_path.with_name(database_path.name + ".escrow-key")
