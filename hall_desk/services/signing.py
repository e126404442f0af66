"""The hall's signing key: the desk's own key that certifies its 过户 agreements (PAdES).

- Made on first use (:func:`hall_key` with ``create=True``): a private key and a self-signed
  certificate naming the hall and the desk (:func:`hall_desk.documents.certify.make_hall_key`).
- Protected through the keyring: the private key is stored in the desk database only encrypted
  (PKCS#8), under a random passphrase that lives in the system keyring
  (:func:`hall_desk.credentials.signing_passphrase`). Without a keyring backend there is no
  passphrase, and the transfer is refused (``transfer.keyring_unavailable``) rather than signed with
  an unprotected key. A key whose passphrase has gone from the keyring cannot be used
  (``transfer.signing_key_locked``); a new key is *not* made silently over it, since the
  agreements already certified name the old certificate.
- The certificate is public and kept beside the key, so a stored agreement can be verified on
  opening (:func:`verify_document`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from hall_desk import credentials
from hall_desk.domain.transfers import KEYRING_UNAVAILABLE, SIGNING_KEY_LOCKED, TransferRefused
from hall_desk.storage.db import unit_of_work
from hall_desk.storage.models import Setting

log = logging.getLogger(__name__)

KEY_SETTING = "signing.key"  # encrypted PKCS#8 PEM
CERT_SETTING = "signing.cert"  # the self-signed certificate, PEM


@dataclass(frozen=True)
class HallKey:
    key_pem: bytes  # decrypted, in memory only
    cert_pem: bytes

    @property
    def cert_sha256(self) -> str:
        from hall_desk.documents.certify import certificate_sha256

        return certificate_sha256(self.cert_pem)


def _setting(key: str) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return None if row is None else row.value


def certificate_pem() -> bytes | None:
    """This desk's signing certificate (public), or None before the first transfer."""
    text = _setting(CERT_SETTING)
    return None if text is None else text.encode("ascii")


def _passphrase(desk_code: str, *, create: bool) -> bytes | None:
    try:
        return credentials.signing_passphrase(desk_code, create=create)
    except credentials.CredentialsUnavailable as error:
        raise TransferRefused(KEYRING_UNAVAILABLE, None, detail=error.detail) from None


def hall_key(
    desk_code: str, hall_code: str, hall_name: str, now: datetime, *, create: bool = True
) -> HallKey:
    """The desk's signing key, made on first use. Raises ``TransferRefused`` with
    ``transfer.keyring_unavailable`` or ``transfer.signing_key_locked``."""
    from hall_desk.documents import certify

    stored_key, stored_cert = _setting(KEY_SETTING), _setting(CERT_SETTING)
    if stored_key is not None and stored_cert is not None:
        passphrase = _passphrase(desk_code, create=False)
        if passphrase is None:
            raise TransferRefused(SIGNING_KEY_LOCKED, None)
        try:
            key_pem = certify.decrypt_key(stored_key.encode("ascii"), passphrase)
        except ValueError:
            raise TransferRefused(SIGNING_KEY_LOCKED, None) from None
        return HallKey(key_pem, stored_cert.encode("ascii"))
    if not create:
        raise TransferRefused(SIGNING_KEY_LOCKED, None)
    passphrase = _passphrase(desk_code, create=True)
    assert passphrase is not None
    key_pem, cert_pem = certify.make_hall_key(hall_code, desk_code, hall_name, now)
    encrypted = certify.encrypt_key(key_pem, passphrase)
    with unit_of_work():
        Setting.replace(key=KEY_SETTING, value=encrypted.decode("ascii")).execute()
        Setting.replace(key=CERT_SETTING, value=cert_pem.decode("ascii")).execute()
    log.info(
        "signing key made for desk %s (certificate %s…)",
        desk_code,
        hashlib.sha256(cert_pem).hexdigest()[:12],
    )
    return HallKey(key_pem, cert_pem)
