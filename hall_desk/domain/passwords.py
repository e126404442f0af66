"""Slow salted password hashes (scrypt from the standard library). Only the hash is ever stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# scrypt cost: ~50 ms on a counter PC, far too slow for guessing, fast enough to sign in.
_N, _R, _P = 2**14, 8, 1
_SCHEME = "scrypt"


def hash_password(password: str, *, n: int = _N) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=_R, p=_P, dklen=32)
    return "$".join(
        [
            _SCHEME,
            str(n),
            str(_R),
            str(_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != _SCHEME:
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def is_acceptable_hash(stored: object) -> bool:
    """A hash this desk would produce and can check at sign-in cost: the scheme and parameters of
    :func:`hash_password` within sane bounds (a staff account arriving from head office must not
    make sign-in spend seconds or gigabytes)."""
    if not isinstance(stored, str) or len(stored) > 200:
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = (
            base64.b64decode(parts[4], validate=True),
            base64.b64decode(parts[5], validate=True),
        )
    except ValueError:
        return False
    return (
        2 <= n <= 2**16
        and n & (n - 1) == 0
        and 1 <= r <= 16
        and 1 <= p <= 4
        and len(salt) >= 8
        and 16 <= len(digest) <= 64
    )
