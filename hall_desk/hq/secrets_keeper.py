"""Head office's secrets key (issue 17): seals the operators' TOTP secrets before they reach the
database, so that neither a copy of the database nor a log holds one in clear.

The key (AES-256-GCM, 32 random bytes, base64 on one line) is a file of its own, made on first use
with mode 0600, provided like the escrow key: ``hall-desk-hq serve --secrets-key FILE`` (or
``$HALL_DESK_HQ_SECRETS_KEY``); with a SQLite store it defaults to ``<database file>.secrets-key``
beside it. A sealed secret is ``v1:<base64 of nonce + ciphertext>``, bound to the operator's login
(associated data), so a sealed value moved to another account does not open. Losing the file means
every operator enrols again (``add-operator LOGIN --new-token``); back it up apart from the database.

Several workers or hosts (issue 18 item 4): every worker is given the same file. With PostgreSQL it
is never made on first use: ``hall-desk-hq secrets-key new FILE`` makes it once and records its
fingerprint (:func:`fingerprint_of`: a SHA-256 of the key under a label, which reveals nothing of
it); a worker whose file has another fingerprint refuses to start, naming both
(:mod:`hall_desk.hq.key_check`). A SQLite head office still makes it on first use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

SECRETS_KEY_ENV = "HALL_DESK_HQ_SECRETS_KEY"
_PREFIX = "v1:"
_FINGERPRINT_LABEL = b"hall_desk secrets key fingerprint\0"


def fingerprint_of(key: bytes) -> str:
    """What head office records of its secrets key (SHA-256 hex of a label and the key)."""
    return hashlib.sha256(_FINGERPRINT_LABEL + key).hexdigest()


class SecretsKeyError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def default_secrets_path(database_path: Path | None) -> Path | None:
    """``<database file>.secrets-key`` beside a SQLite store; None for PostgreSQL."""
    env = os.environ.get(SECRETS_KEY_ENV)
    if env:
        return Path(env).expanduser()
    if database_path is None:
        return None
    return database_path.with_name(database_path.name + ".secrets-key")


class SecretsKeeper:
    """The key file at ``path``: read once, made on first use."""

    def __init__(self, path: Path | None, *, make: bool = True) -> None:
        self.path = path
        self.make = make
        self._key: bytes | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.path is not None

    def _raw(self) -> bytes:
        if self.path is None:
            raise SecretsKeyError("head office has no secrets key (--secrets-key not set)")
        with self._lock:
            if self._key is None:
                self._key = self._load_or_make(self.path, make=self.make)
            return self._key

    def _aead(self) -> AESGCM:
        return AESGCM(self._raw())

    def fingerprint(self) -> str:
        return fingerprint_of(self._raw())

    @staticmethod
    def _load_or_make(path: Path, *, make: bool = True) -> bytes:
        if not path.exists():
            if not make:
                raise SecretsKeyError(
                    f"no secrets key {path}: with PostgreSQL it is never made on first use; make"
                    " it once with hall-desk-hq secrets-key new FILE and give every worker a copy"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            key = AESGCM.generate_key(bit_length=256)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(base64.b64encode(key).decode("ascii") + "\n")
            log.info("made head office's secrets key %s", path)
            return key
        try:
            key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
        except (OSError, UnicodeDecodeError, binascii.Error) as error:
            raise SecretsKeyError(f"cannot read the secrets key {path}: {error}") from None
        if len(key) != 32:
            raise SecretsKeyError(f"the secrets key {path} is not 32 bytes")
        return key

    def seal(self, secret: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead().encrypt(nonce, secret.encode("utf-8"), context.encode("utf-8"))
        return _PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, context: str) -> str:
        if not sealed.startswith(_PREFIX):
            raise SecretsKeyError("not a sealed secret")
        try:
            raw = base64.b64decode(sealed[len(_PREFIX) :], validate=True)
            plain = self._aead().decrypt(raw[:12], raw[12:], context.encode("utf-8"))
        except (binascii.Error, InvalidTag, ValueError):
            raise SecretsKeyError("a sealed secret does not open under this key") from None
        return plain.decode("utf-8")


def make_key_file(path: Path) -> str:
    """``hall-desk-hq secrets-key new FILE``: a new key in ``path`` (0600; refused when the file
    exists); returns its fingerprint."""
    if path.exists():
        raise SecretsKeyError(
            f"{path} exists: a new secrets key would make every operator enrol again"
        )
    try:
        return fingerprint_of(SecretsKeeper._load_or_make(path, make=True))
    except OSError as error:
        raise SecretsKeyError(f"cannot create the secrets key {path}: {error.strerror}") from None
