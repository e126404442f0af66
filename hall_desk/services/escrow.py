"""Key escrow, the desk's side (issue 9; the design is in :mod:`hall_desk.sync.escrow`).

- :func:`escrow_if_changed` — at the end of each good sync round: the desk's bundle (its
  :data:`~hall_desk.credentials.ESCROWED_SERVICES` secrets in the keyring, and the encrypted
  signing key with its certificate from the ``setting`` table) is sealed to head office's escrow
  key and sent, when it differs from what was last escrowed (a digest in ``setting``). A new key
  (the first transfer makes the signing key; a backup the backup key) is escrowed at the next round.
  Head office's escrow key is pinned on first use: a different one later is refused
  (``escrow.key_changed``), never silently trusted.
- :func:`restore_from_escrow` — a replaced PC: opens the escrow through head office with a fresh
  ephemeral key and the one-time recovery code head office issued with the desk's new token
  (without it head office answers ``escrow.release_required``), and puts the keys back into the
  keyring and the signing key into the store.
"""

from __future__ import annotations

import logging
from typing import Protocol

from hall_desk import credentials
from hall_desk.domain.errors import DomainError
from hall_desk.services import signing
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Setting
from hall_desk.sync import escrow
from hall_desk.sync.errors import HQTrouble, SyncError

log = logging.getLogger(__name__)

DIGEST_SETTING = "escrow.digest"  # digest of the bundle last escrowed (see Bundle.digest)
PIN_SETTING = "escrow.hq_key"  # head office's escrow public key, pinned on first use
VERSION_SETTING = "escrow.version"  # head office's version of what this desk escrowed last
ESCROWED_SETTINGS = (signing.KEY_SETTING, signing.CERT_SETTING)

KEY_CHANGED = "escrow.key_changed"


class EscrowRefused(DomainError):
    """Escrow could not be stored or opened: ``code`` is one of ``escrow.*``
    (:mod:`hall_desk.sync.escrow`) or ``escrow.key_changed``."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, None, detail=detail)
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code


class EscrowPeer(Protocol):
    """What escrow needs of head office (:class:`hall_desk.sync.transport.HQClient`)."""

    def escrow_key(self) -> str: ...

    def put_escrow(self, sealed: dict[str, object]) -> int: ...

    def open_escrow(self, public_key: str, recovery_code: str) -> tuple[int, dict[str, object]]: ...


def _setting(key: str) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return None if row is None else str(row.value)


def current_bundle(desk: str) -> escrow.Bundle:
    """What escrow must keep of this desk now."""
    settings = {key: value for key in ESCROWED_SETTINGS if (value := _setting(key)) is not None}
    return escrow.Bundle(desk, credentials.escrowed_secrets(desk), settings)


def _escrow_refusal(error: SyncError) -> SyncError | EscrowRefused:
    """Head office's ``escrow.*`` refusals as :class:`EscrowRefused`; anything else unchanged."""
    reason = getattr(error, "reason", "")
    if isinstance(error, HQTrouble) and reason.startswith("escrow."):
        return EscrowRefused(reason, error.detail)
    return error


def escrow_if_changed(
    desk: str, peer: EscrowPeer, *, held_at_hq: tuple[int | None] | None = None
) -> int | None:
    """Send this desk's bundle to head office when it changed since the last escrow, or when head
    office says (``held_at_hq``: ``(version,)`` from ``GET /v1/desk``) it holds another version
    than the one this desk sent last (its database restored, the escrow lost); head office's
    version when sent, None when nothing had changed (or there is nothing to keep yet). Raises
    :class:`EscrowRefused` (``escrow.key_changed``, ``escrow.unavailable`` …) or a
    :class:`SyncError`."""
    bundle = current_bundle(desk)
    if not bundle.keyring and not bundle.settings:
        return None
    pinned = _setting(PIN_SETTING)
    sent = _setting(VERSION_SETTING)
    lost = held_at_hq is not None and str(held_at_hq[0]) != sent
    if lost:
        log.warning(
            "head office holds escrow version %s of desk %s, not %s: escrowed again",
            held_at_hq[0] if held_at_hq else None,
            desk,
            sent,
        )
    if not lost and pinned is not None and bundle.digest(pinned) == _setting(DIGEST_SETTING):
        return None  # escrowed already, no need to ask head office anything
    try:
        hq_key = peer.escrow_key()
    except SyncError as error:
        raise _escrow_refusal(error) from None
    if pinned is not None and hq_key != pinned:
        log.error(
            "head office's escrow key changed (pinned %s…, offered %s…): not escrowed",
            escrow.fingerprint(pinned)[:16],
            escrow.fingerprint(hq_key)[:16],
        )
        raise EscrowRefused(
            KEY_CHANGED, "head office offers another escrow key than the pinned one"
        )
    try:
        recipient = escrow.parse_public_key(hq_key)
    except (escrow.EscrowError, ValueError):
        raise EscrowRefused(
            escrow.ESCROW_INVALID, "head office's escrow key is not a key"
        ) from None
    sealed = escrow.seal(bundle.encode(), recipient, escrow.stored_context(desk))
    try:
        version = peer.put_escrow(dict(sealed))
    except SyncError as error:
        raise _escrow_refusal(error) from None
    with unit_of_work():
        Setting.replace(key=PIN_SETTING, value=hq_key).execute()
        Setting.replace(key=DIGEST_SETTING, value=bundle.digest(hq_key)).execute()
        Setting.replace(key=VERSION_SETTING, value=str(version)).execute()
    log.info(
        "desk %s keys escrowed at head office: version %d (%d keyring secrets, %d settings)",
        desk,
        version,
        len(bundle.keyring),
        len(bundle.settings),
    )
    return version


def open_escrow(desk: str, peer: EscrowPeer, recovery_code: str) -> tuple[int, escrow.Bundle]:
    """Open this desk's escrow through head office with its one-time ``recovery_code``, re-sealed
    to a fresh ephemeral key: (head office's version that opened, the bundle). Nothing is written.
    Raises :class:`EscrowRefused` (``escrow.release_required``: no good recovery code;
    ``escrow.none``: head office holds none; ``escrow.unopenable`` / ``escrow.invalid``: altered,
    or not this desk's) or a :class:`SyncError` (unreachable, wrong token)."""
    ephemeral = escrow.new_private_key()
    try:
        version, sealed = peer.open_escrow(escrow.public_text(ephemeral), recovery_code)
    except SyncError as error:
        raise _escrow_refusal(error) from None
    try:
        data = escrow.open_sealed(sealed, ephemeral, escrow.opened_context(desk))
        bundle = escrow.decode_bundle(data, desk)
    except escrow.EscrowError as error:
        log.error("desk %s: the escrow head office sent does not open: %s", desk, error.code)
        raise EscrowRefused(error.code, error.detail) from None
    return version, bundle


def restore_from_escrow(
    desk: str, peer: EscrowPeer, recovery_code: str, *, into_store: bool = True
) -> escrow.Bundle:
    """:func:`open_escrow`, then the keys put back: the keyring secrets into the keyring and (with
    ``into_store``) the signing key and certificate into the store. Also raises
    :class:`~hall_desk.credentials.CredentialsUnavailable`."""
    version, bundle = open_escrow(desk, peer, recovery_code)
    credentials.put_back_escrowed(desk, bundle.keyring)
    if into_store:
        with unit_of_work():
            for key in ESCROWED_SETTINGS:
                if key in bundle.settings:
                    Setting.replace(key=key, value=bundle.settings[key]).execute()
            Setting.replace(key=VERSION_SETTING, value=str(version)).execute()
    log.info("desk %s keys put back from head office's escrow version %d", desk, version)
    return bundle
