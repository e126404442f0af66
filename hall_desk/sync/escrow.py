"""Key escrow (issue 9): the desk's own keys kept at head office, sealed, so a replaced PC can read
its data again. Pure crypto and wire shapes, shared by the desk and head office (no I/O here).

Design (the reasoning, for review):

- Head office has one escrow key pair (X25519), made on first use. Its private key never leaves head
  office's escrow key file (:mod:`hall_desk.hq.escrow_keeper`, mode 0600, apart from the database:
  a copy of the database alone opens nothing). ``GET /v1/escrow/key`` gives the public key.
- The desk seals its **bundle** — the secrets of :data:`hall_desk.credentials.ESCROWED_SERVICES`
  present in its keyring (signing-key passphrase, backup key, field key) plus the document-signing
  key as the desk database keeps it (encrypted PKCS#8 PEM and its certificate, which are in no
  event) — to that public key: an ephemeral X25519 key, HKDF-SHA256 over the shared secret (info
  binds both public keys), AES-256-GCM with the desk code as associated data. Head office stores
  only that ciphertext (``PUT /v1/desks/me/escrow``); the associated data means a blob moved to
  another desk's row does not open as that desk's.
- Opening (``POST /v1/desks/me/escrow/open``): the desk, holding a valid token for its code *and*
  the one-time **recovery code** head office issued with the token (``hall-desk-hq add-desk CODE
  --new-token``: valid :data:`RELEASE_HOURS` hours, once, for that desk only — a stolen token alone
  opens nothing, ``escrow.release_required``), sends a fresh ephemeral public key; head office opens
  the newest stored version that opens and re-seals the bundle to that key (associated data: desk
  code + ``open``), so the keys never cross the network in clear, even
  without TLS. A passive eavesdropper learns nothing; an *active* man in the middle on plain HTTP
  could substitute keys, which is why head office is reached over https in production, and why the
  desk pins head office's escrow key on first use (a changed key is refused, not used).
- The desk re-escrows when its bundle changed: the SHA-256 of the canonical bundle (plus head
  office's key) is kept in the desk's ``setting`` table and compared at each sync round. A digest of
  256-bit random keys reveals nothing usable.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ESCROW_KEY_PATH = "/v1/escrow/key"  # GET: head office's escrow public key (desk token)
ESCROW_PATH = "/v1/desks/me/escrow"  # PUT: store this desk's sealed bundle
ESCROW_OPEN_PATH = "/v1/desks/me/escrow/open"  # POST: the bundle re-sealed to an ephemeral key

SEAL_FORMAT = "hall_desk-seal-1"
BUNDLE_FORMAT = "hall_desk-escrow-1"
MAX_SEALED_BYTES = 64 * 1024  # a bundle is a few kB (three keys, a PEM key and certificate)
_INFO = b"hall_desk escrow v1"
_KEY_BYTES = 32
_NONCE_BYTES = 12

# Error codes (head office's replies and the desk's typed errors).
ESCROW_INVALID = "escrow.invalid"  # a sealed blob of the wrong shape
ESCROW_UNOPENABLE = "escrow.unopenable"  # does not decrypt: tampered, or sealed to another key
ESCROW_NONE = "escrow.none"  # head office holds no escrow for this desk
ESCROW_UNAVAILABLE = "escrow.unavailable"  # head office keeps no escrow key (not configured)
ESCROW_TOO_LARGE = "escrow.too_large"
# 403: no recovery code, or a wrong, expired, used or another desk's one (one answer for all)
ESCROW_RELEASE_REQUIRED = "escrow.release_required"

# The recovery code that releases a desk's escrow for one opening (issue 15): 16 symbols of
# Crockford's base32 (no I, L, O, U: nothing to misread when it is read out over the phone or
# copied from paper), 80 bits, shown in four groups of four. Head office keeps only a digest.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_SYMBOLS = 16
RELEASE_HOURS = 72  # a recovery code opens the escrow for this long after it was issued
RELEASE_MAX_FAILURES = 5  # this many wrong codes for a desk void its code (ask for a new one)
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


class EscrowError(ValueError):
    """A sealed blob or bundle that cannot be used; ``code`` is one of the ``ESCROW_*`` codes."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, what: str, *, size: int | None = None) -> bytes:
    if not isinstance(value, str) or len(value) > 2 * MAX_SEALED_BYTES:
        raise EscrowError(ESCROW_INVALID, f"{what} is not base64 text")
    try:
        data = base64.b64decode(value, validate=True)
    except ValueError:
        raise EscrowError(ESCROW_INVALID, f"{what} is not base64") from None
    if size is not None and len(data) != size:
        raise EscrowError(ESCROW_INVALID, f"{what} is not {size} bytes")
    return data


# -- keys ---------------------------------------------------------------------------------------


def new_private_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(key: X25519PrivateKey | X25519PublicKey) -> str:
    """The public key as it travels: base64 of its 32 raw bytes."""
    return _b64(public_bytes(key))


def parse_public_key(text: object) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(_unb64(text, "public key", size=_KEY_BYTES))


def fingerprint(public_key: str) -> str:
    """SHA-256 (hex) of the raw public key: what the desk pins."""
    return hashlib.sha256(_unb64(public_key, "public key", size=_KEY_BYTES)).hexdigest()


def private_bytes(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def private_from_bytes(data: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(data)


# -- sealing ------------------------------------------------------------------------------------


def _aead_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), _KEY_BYTES, salt=None, info=_INFO + ephemeral + recipient).derive(
        shared
    )


def seal(plaintext: bytes, recipient: X25519PublicKey, context: str) -> dict[str, Any]:
    """``plaintext`` sealed to ``recipient``; only its private key opens it, with the same
    ``context`` (associated data: the desk code, and what the seal is for)."""
    ephemeral = X25519PrivateKey.generate()
    epk, rpk = public_bytes(ephemeral), public_bytes(recipient)
    try:
        shared = ephemeral.exchange(recipient)
    except ValueError:  # a low-order point (all zeros …): no key can be agreed with it
        raise EscrowError(ESCROW_INVALID, "the recipient key is not a usable key") from None
    key = _aead_key(shared, epk, rpk)
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, context.encode("utf-8"))
    return {"format": SEAL_FORMAT, "epk": _b64(epk), "nonce": _b64(nonce), "ct": _b64(ciphertext)}


def check_sealed(sealed: object) -> dict[str, Any]:
    """The sealed blob when its shape is right (head office checks before storing); else
    :class:`EscrowError` ``escrow.invalid``."""
    if not isinstance(sealed, dict) or set(sealed) != {"format", "epk", "nonce", "ct"}:
        raise EscrowError(ESCROW_INVALID, "a sealed blob is {format, epk, nonce, ct}")
    if sealed["format"] != SEAL_FORMAT:
        raise EscrowError(ESCROW_INVALID, f"format must be {SEAL_FORMAT}")
    _unb64(sealed["epk"], "epk", size=_KEY_BYTES)
    _unb64(sealed["nonce"], "nonce", size=_NONCE_BYTES)
    if len(_unb64(sealed["ct"], "ct")) < 16:
        raise EscrowError(ESCROW_INVALID, "ct is shorter than its tag")
    return sealed


def open_sealed(sealed: object, private_key: X25519PrivateKey, context: str) -> bytes:
    """The plaintext of a blob :func:`seal` made for ``private_key``'s public key with
    ``context``; :class:`EscrowError` (``escrow.invalid`` / ``escrow.unopenable``) otherwise."""
    blob = check_sealed(sealed)
    epk = _unb64(blob["epk"], "epk", size=_KEY_BYTES)
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(epk))
    except ValueError:  # an all-zero (low-order) point
        raise EscrowError(ESCROW_UNOPENABLE, "epk is not a usable key") from None
    key = _aead_key(shared, epk, public_bytes(private_key))
    try:
        return AESGCM(key).decrypt(
            _unb64(blob["nonce"], "nonce"), _unb64(blob["ct"], "ct"), context.encode("utf-8")
        )
    except InvalidTag:
        raise EscrowError(
            ESCROW_UNOPENABLE, "the blob does not decrypt: altered, or sealed to another key"
        ) from None


def stored_context(desk: str) -> str:
    """Associated data of the blob head office stores for ``desk``."""
    return f"escrow:{desk}"


def opened_context(desk: str) -> str:
    """Associated data of the bundle head office re-seals for ``desk``'s ephemeral key."""
    return f"escrow-open:{desk}"


# -- recovery codes ---------------------------------------------------------------------------


def new_recovery_code() -> str:
    """A fresh recovery code, e.g. ``7KQ2-M9XD-4TRV-0HCW`` (80 random bits)."""
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_SYMBOLS))
    return "-".join(symbols[i : i + 4] for i in range(0, RECOVERY_SYMBOLS, 4))


def normalise_recovery_code(text: object) -> str | None:
    """The code as head office hashes it (16 symbols, upper case, no separators), forgiving what a
    person types (lower case, spaces or hyphens anywhere, O for 0, I or L for 1); None when it is
    not a recovery code."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    kept = "".join(c for c in text.upper() if c not in " -\t").translate(_MISREAD)
    if len(kept) != RECOVERY_SYMBOLS or any(c not in RECOVERY_ALPHABET for c in kept):
        return None
    return kept


def recovery_code_digest(desk: str, code: str) -> str:
    """What head office keeps of ``desk``'s recovery code (``code`` normalised): SHA-256 over the
    desk code and the code, so one desk's code never matches another desk's digest."""
    return hashlib.sha256(
        b"hall_desk escrow release\x00" + desk.encode("utf-8") + b"\x00" + code.encode("ascii")
    ).hexdigest()


# -- the bundle ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """What escrow keeps of one desk: keyring secrets by service, and desk settings by key (the
    signing key, encrypted, and its certificate)."""

    desk: str
    keyring: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        document = {
            "format": BUNDLE_FORMAT,
            "desk": self.desk,
            "keyring": dict(sorted(self.keyring.items())),
            "settings": dict(sorted(self.settings.items())),
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def digest(self, hq_key: str) -> str:
        """What the desk keeps to know whether this bundle (for this head-office key) is escrowed."""
        return hashlib.sha256(
            b"hall_desk escrow digest\x00" + hq_key.encode() + b"\x00" + self.encode()
        ).hexdigest()


def decode_bundle(data: bytes, desk: str) -> Bundle:
    try:
        document = json.loads(data)
    except ValueError:
        raise EscrowError(ESCROW_INVALID, "the bundle is not JSON") from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise EscrowError(ESCROW_INVALID, f"the bundle is not {BUNDLE_FORMAT}")
    if document.get("desk") != desk:
        raise EscrowError(ESCROW_INVALID, f"the bundle is desk {document.get('desk')}'s")
    parts: dict[str, dict[str, str]] = {}
    for key in ("keyring", "settings"):
        value = document.get(key)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise EscrowError(ESCROW_INVALID, f"the bundle's {key} is not text by name")
        parts[key] = value
    return Bundle(desk, parts["keyring"], parts["settings"])
