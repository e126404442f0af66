"""TLS on the desk's link to head office (issue 15, finding 10).

- :func:`read_ca_bundle` — ``hall-desk register --ca-file PEM``: the certificates of a private CA
  (only the ``CERTIFICATE`` blocks are kept: a PEM that also holds a private key does not leave
  that key in the desk's store). They are kept with the registration (the desk's settings), as
  text rather than as a path, so moving or deleting the file, a drive letter that changes, or a
  restore on another PC never breaks the link — and no environment variable is needed, in the
  Windows bundle as anywhere.
- :func:`verify_for` — what every desk → head office connection verifies against: with a CA
  bundle, an :class:`ssl.SSLContext` trusting **only** those certificates (like ``curl --cacert``:
  head office's certificates come from that CA, so no public CA may vouch for the name instead);
  without, httpx's default (the bundled public CAs).
- :func:`peer_not_after` — the end of validity of the certificate head office presented on a
  response (``notAfter``), for the expiry warning.
- :func:`certificate_problem` — the verification failure behind an httpx error, if that is what
  it was (expired, unknown issuer, wrong host name …).
"""

from __future__ import annotations

import re
import ssl
from datetime import UTC, datetime
from pathlib import Path

import httpx

from hall_desk.domain.errors import ValidationError

CA_INVALID = "hq_ca.invalid"  # not a readable PEM file of certificates
_CERTIFICATE = re.compile(
    r"-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+?-----END CERTIFICATE-----"
)


class CABundleInvalid(ValidationError):
    """``--ca-file`` is unreadable or holds no usable certificate; ``detail`` says which and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(CA_INVALID, "ca_file", detail=detail)
        self.detail = detail


def read_ca_bundle(path: Path | str) -> str:
    """The certificates of the PEM file at ``path``, as PEM text (one or more); a typed
    ``hq_ca.invalid`` error (with the reason in ``detail``) when it is unreadable or holds none."""
    try:
        text = Path(path).expanduser().read_text(encoding="ascii", errors="replace")
    except OSError as error:
        raise CABundleInvalid(f"{path}: {error.strerror}") from None
    blocks = [match.group(0).replace("\r\n", "\n") for match in _CERTIFICATE.finditer(text)]
    if not blocks:
        raise CABundleInvalid(f"{path}: no PEM certificate in it")
    bundle = "\n".join(blocks) + "\n"
    try:
        ssl.create_default_context(cadata=bundle)
    except (ssl.SSLError, ValueError) as error:
        raise CABundleInvalid(f"{path}: {error}") from None
    return bundle


def verify_for(ca_pem: str) -> ssl.SSLContext | bool:
    """httpx's ``verify=``: a context trusting only ``ca_pem`` when given, else the default."""
    if not ca_pem:
        return True
    return ssl.create_default_context(cadata=ca_pem)


def peer_not_after(response: httpx.Response) -> datetime | None:
    """When the certificate head office presented for ``response`` stops being valid (UTC); None
    over plain http or when the TLS layer does not say."""
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        ssl_object = stream.get_extra_info("ssl_object")
        certificate = ssl_object.getpeercert() if ssl_object is not None else None
    except (AttributeError, ValueError, ssl.SSLError):
        return None
    text = certificate.get("notAfter") if isinstance(certificate, dict) else None
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromtimestamp(ssl.cert_time_to_seconds(text), UTC)
    except ValueError:
        return None


def certificate_problem(error: BaseException) -> str | None:
    """The certificate verification failure behind ``error`` (its message, e.g. "certificate has
    expired"), or None when ``error`` was something else."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return str(current.verify_message or current.reason or current)
        current = current.__cause__ or current.__context__
    return None
