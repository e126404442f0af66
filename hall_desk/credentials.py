"""The desk's secrets, kept in the system keyring and nowhere else: the head-office token, the
passphrase of the hall's document-signing key (过户协议 certification) and the key that encrypts the
desk's backups.

The only module that imports :mod:`keyring` (a test in ``tests/sync`` checks it). The token is never
written to the database, a settings file or a log. Where the machine has no usable keyring backend (a
headless Linux has only keyring's failing one), :class:`CredentialsUnavailable` says so plainly; the
desk keeps working and queuing, it just cannot upload until a keyring exists.
"""

from __future__ import annotations

import base64
import logging
import secrets
from types import ModuleType
from typing import Any

from hall_desk.domain.errors import DomainError

log = logging.getLogger(__name__)


class _Keyring:
    """:mod:`keyring`, imported on first use (~0.07 s with its backends' entry points): importing
    this module, as many services do, loads no keyring, so the desk's sign-in window shows without
    it (issue 22); the app imports it in the background once the window is up."""

    _module: ModuleType | None = None

    def __getattr__(self, name: str) -> Any:
        if _Keyring._module is None:
            import keyring
            import keyring.errors

            _Keyring._module = keyring
        return getattr(_Keyring._module, name)


keyring: Any = _Keyring()


def load_keyring() -> None:
    """Import :mod:`keyring` now (the app's warm-up after its window shows); no backend is asked."""
    keyring.errors  # noqa: B018 - the first attribute read imports it


SERVICE = "hall_desk head office"  # keyring "service"; the desk code is the "username"
SIGNING_SERVICE = "hall_desk signing key"  # the signing key's passphrase, same "username"
BACKUP_SERVICE = "hall_desk backup key"  # the backups' AES-256 key, same "username"
FIELD_SERVICE = "hall_desk field key"  # AES-256 key of identity data at rest, same "username"
PROBE_SERVICE = (
    "hall_desk self-test"  # a throw-away entry: `hall-desk self-test` writes, reads, deletes
)
# The desk's own keys (not the token, which head office re-issues): what key escrow must keep.
ESCROWED_SERVICES = (SIGNING_SERVICE, BACKUP_SERVICE, FIELD_SERVICE)
BACKUP_KEY_BYTES = 32
PASSPHRASE_BYTES = 32

TOKEN_UNAVAILABLE = "credentials.unavailable"
SIGNING_UNAVAILABLE = "transfer.keyring_unavailable"
BACKUP_UNAVAILABLE = "backup.keyring_unavailable"
FIELD_UNAVAILABLE = "identity.keyring_unavailable"


class CredentialsUnavailable(DomainError):
    """No usable system keyring: the secret can be neither stored nor read.

    ``signing`` says which secret: the head-office token (False, code ``credentials.unavailable``;
    the desk keeps queuing) or the document-signing key's passphrase (True, code
    ``transfer.keyring_unavailable``; transfers are refused).
    """

    def __init__(self, detail: str = "", *, signing: bool = False) -> None:
        super().__init__(SIGNING_UNAVAILABLE if signing else TOKEN_UNAVAILABLE, None, detail=detail)
        self.detail = detail
        self.signing = signing

    def __str__(self) -> str:
        what = "the document-signing key" if self.signing else "the head-office token"
        consequence = (
            "transfer agreements cannot be certified, so transfers are refused"
            if self.signing
            else "this desk keeps queuing its events but cannot upload them"
        )
        detail = f" ({self.detail})" if self.detail else ""
        return f"no system keyring is available to keep {what}{detail}; {consequence}"


def _unavailable(error: Exception, *, signing: bool = False) -> CredentialsUnavailable:
    # keyring's messages name backends and config files, never the secret.
    detail = type(error).__name__
    log.warning("system keyring unavailable: %s", detail)
    return CredentialsUnavailable(detail, signing=signing)


def save_token(desk: str, token: str) -> None:
    try:
        keyring.set_password(SERVICE, desk, token)
    except keyring.errors.KeyringError as error:  # NoKeyringError, PasswordSetError …
        raise _unavailable(error) from None
    log.info("head-office token for desk %s stored in the system keyring", desk)


def load_token(desk: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, desk)
    except keyring.errors.KeyringError as error:
        raise _unavailable(error) from None


def forget_token(desk: str) -> None:
    try:
        keyring.delete_password(SERVICE, desk)
    except keyring.errors.PasswordDeleteError:
        return  # nothing stored: already forgotten
    except keyring.errors.KeyringError as error:
        raise _unavailable(error) from None
    log.info("head-office token for desk %s removed from the system keyring", desk)


def signing_passphrase(desk: str, *, create: bool) -> bytes | None:
    """The passphrase of this desk's document-signing key (32 random bytes, base64 in the keyring).

    With ``create`` a missing passphrase is made and stored first; without it a missing one gives
    ``None``. :class:`CredentialsUnavailable` when there is no keyring backend: the key is then never
    made or used (an agreement is not signed with an unprotected key).
    """
    try:
        stored = keyring.get_password(SIGNING_SERVICE, desk)
        if stored is None and create:
            stored = base64.b64encode(secrets.token_bytes(PASSPHRASE_BYTES)).decode("ascii")
            keyring.set_password(SIGNING_SERVICE, desk, stored)
            log.info("signing-key passphrase for desk %s created in the system keyring", desk)
    except keyring.errors.KeyringError as error:
        raise _unavailable(error, signing=True) from None
    if stored is None:
        return None
    return stored.encode("utf-8")


def _random_key(service: str, desk: str, *, create: bool, what: str) -> bytes | None:
    """A 32-byte key kept base64 in the keyring under ``service``; made first when ``create``.

    Raises keyring's own errors (the callers turn them into their typed errors) and ``ValueError``
    when the stored value is not a 32-byte key.
    """
    stored = keyring.get_password(service, desk)
    if stored is None and create:
        made = base64.b64encode(secrets.token_bytes(BACKUP_KEY_BYTES)).decode("ascii")
        keyring.set_password(service, desk, made)
        stored = keyring.get_password(service, desk) or made  # what the keyring kept wins
        log.info("%s for desk %s created in the system keyring", what, desk)
    if stored is None:
        return None
    key = base64.b64decode(stored)
    if len(key) != BACKUP_KEY_BYTES:
        raise ValueError(f"the stored {what} is not {BACKUP_KEY_BYTES} bytes")
    return key


def backup_key(desk: str, *, create: bool) -> bytes | None:
    """The AES-256 key of this desk's backups (32 random bytes, base64 in the keyring).

    With ``create`` a missing key is made and stored first; without it (a restore) a missing key
    gives ``None``. A backup is never written without a key: with no keyring backend this raises
    :class:`BackupKeyUnavailable` (code ``backup.keyring_unavailable``).
    """
    try:
        return _random_key(BACKUP_SERVICE, desk, create=create, what="backup key")
    except keyring.errors.KeyringError as error:
        log.warning("system keyring unavailable for the backup key: %s", type(error).__name__)
        raise BackupKeyUnavailable(type(error).__name__) from None
    except ValueError as error:
        raise BackupKeyUnavailable(str(error)) from None


def field_key(desk: str, *, create: bool) -> bytes | None:
    """The AES-256 key that encrypts identity data (证件号码, 姓名, 住址) at rest in the desk database.

    Same keeping as :func:`backup_key`; with no keyring backend :class:`FieldKeyUnavailable` (code
    ``identity.keyring_unavailable``): identity data is then never stored unencrypted.
    """
    try:
        return _random_key(FIELD_SERVICE, desk, create=create, what="field key")
    except keyring.errors.KeyringError as error:
        log.warning("system keyring unavailable for the field key: %s", type(error).__name__)
        raise FieldKeyUnavailable(type(error).__name__) from None
    except ValueError as error:
        raise FieldKeyUnavailable(str(error)) from None


def keyring_backend_name() -> str:
    """The keyring backend in use, as ``module.Class`` (e.g. ``keyring.backends.Windows.WinVaultKeyring``)."""
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def probe_keyring() -> str:
    """Write a random value under :data:`PROBE_SERVICE`, read it back and delete it (the self-test).

    Returns the backend's name; raises :class:`CredentialsUnavailable` naming the backend and what
    failed (keyring's failing backend, a value read back different, an entry not deleted). The
    desk's own secrets are never touched.
    """
    name = keyring_backend_name()
    user = f"probe-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    try:
        keyring.set_password(PROBE_SERVICE, user, value)
        try:
            if keyring.get_password(PROBE_SERVICE, user) != value:
                raise CredentialsUnavailable(f"{name}: the value read back differs")
        finally:
            keyring.delete_password(PROBE_SERVICE, user)
        if keyring.get_password(PROBE_SERVICE, user) is not None:
            raise CredentialsUnavailable(f"{name}: the probe entry was not deleted")
    except keyring.errors.KeyringError as error:
        raise CredentialsUnavailable(f"{name}: {type(error).__name__}") from None
    return name


class BackupKeyUnavailable(DomainError):
    """No usable system keyring for the backup key: no backup is written (never unencrypted)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(BACKUP_UNAVAILABLE, None, detail=detail)
        self.detail = detail

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return (
            f"no system keyring is available to keep the backup key{detail}; "
            "no backup is written without encryption"
        )


class FieldKeyUnavailable(DomainError):
    """No usable field key: identity data can be neither sealed nor read (never kept in clear)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(FIELD_UNAVAILABLE, None, detail=detail)
        self.detail = detail

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return (
            f"no system keyring is available to keep the identity-data key{detail}; "
            "identity data is never stored unencrypted"
        )


def escrowed_secrets(desk: str) -> dict[str, str]:
    """The secrets of :data:`ESCROWED_SERVICES` this keyring holds for ``desk``, by service (what key
    escrow seals; never logged). :class:`CredentialsUnavailable` without a keyring backend."""
    held: dict[str, str] = {}
    try:
        for service in ESCROWED_SERVICES:
            value = keyring.get_password(service, desk)
            if value is not None:
                held[service] = value
    except keyring.errors.KeyringError as error:
        raise _unavailable(error) from None
    return held


def put_back_escrowed(desk: str, secrets_by_service: dict[str, str]) -> list[str]:
    """Put escrowed secrets back into the keyring (a replaced PC); only services of
    :data:`ESCROWED_SERVICES` are taken. Returns the services written."""
    written = []
    try:
        for service in ESCROWED_SERVICES:
            value = secrets_by_service.get(service)
            if value is not None:
                keyring.set_password(service, desk, value)
                written.append(service)
    except keyring.errors.KeyringError as error:
        raise _unavailable(error) from None
    log.info("desk %s: %d escrowed keys put back into the system keyring", desk, len(written))
    return written
