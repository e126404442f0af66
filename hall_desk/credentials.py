"""The desk's head-office token, kept in the system keyring and nowhere else.

The only module that imports :mod:`keyring` (a test in ``tests/sync`` checks it). The token is never
written to the database, a settings file or a log. Where the machine has no usable keyring backend (a
headless Linux has only keyring's failing one), :class:`CredentialsUnavailable` says so plainly; the
desk keeps working and queuing, it just cannot upload until a keyring exists.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors

from hall_desk.domain.errors import DomainError

log = logging.getLogger(__name__)

SERVICE = "hall_desk head office"  # keyring "service"; the desk code is the "username"


class CredentialsUnavailable(DomainError):
    """No usable system keyring: the token can be neither stored nor read."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("credentials.unavailable", None, detail=detail)
        self.detail = detail

    def __str__(self) -> str:
        return (
            "no system keyring is available to keep the head-office token"
            + (f" ({self.detail})" if self.detail else "")
            + "; this desk keeps queuing its events but cannot upload them"
        )


def _unavailable(error: Exception) -> CredentialsUnavailable:
    # keyring's messages name backends and config files, never the secret.
    detail = type(error).__name__
    log.warning("system keyring unavailable: %s", detail)
    return CredentialsUnavailable(detail)


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
