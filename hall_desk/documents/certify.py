"""Tamper evidence for the hall's own agreements: a PAdES certification signature with the hall's key.

Every final 过户协议 / 完善客户资料协议 PDF is certified (DocMDP: no changes allowed) with a key the
desk makes on first use (:func:`make_hall_key`). The key is stored encrypted
(:func:`encrypt_key`, PKCS#8) in the desk database; the passphrase lives in the system keyring
(:func:`hall_desk.credentials.signing_passphrase`). :func:`verify_pdf` checks a stored agreement
when it is opened and says in one code what is wrong with it; it never raises on hostile bytes.

The key is EC P-256 (ECDSA with SHA-256): 128-bit security, which NIST SP 800-57 considers sound
well beyond 2030 (RSA-2048 is rated only to 2030, and these records are kept 25 years); key
generation takes a millisecond instead of RSA's tenths of a second; signatures are 70 bytes; Acrobat,
Foxit and pyHanko verify it. The certificate is self-signed: the trust anchor is the certificate
the desk stored with the key, not a public CA — this proves the file is unchanged since the hall
certified it, not who the hall is to a third party.

pyHanko and its dependencies are imported inside the functions: app start-up does not pay for them.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

log = logging.getLogger(__name__)

CERT_VALIDITY_YEARS = 30
"""Longer than the 25 years an agreement is kept, so a stored agreement verifies to its end."""

FIELD_NAME = "HallDeskCertification"

OK = "document.ok"
ALTERED = "document.altered"
MODIFIED_AFTER_SIGNING = "document.modified_after_signing"
UNSIGNED = "document.unsigned"
WRONG_KEY = "document.wrong_key"


@dataclass(frozen=True)
class Verification:
    """The outcome of :func:`verify_pdf`: ``ok`` only with code ``document.ok``; ``detail`` is an
    English technical note for the log (no personal data), the UI words the code."""

    ok: bool
    code: str
    detail: str = ""


# --- the key ------------------------------------------------------------------------------------


def make_hall_key(
    hall_code: str, desk_code: str, hall_name: str, now: datetime
) -> tuple[bytes, bytes]:
    """A new EC P-256 private key and its self-signed certificate naming the hall and desk.

    Returns ``(private key PEM, unencrypted PKCS#8; certificate PEM)``. Keep the key only encrypted
    (:func:`encrypt_key`). ``now`` must be aware; the certificate is valid from a day before it
    (a desk clock a little behind does not make a fresh certificate "not yet valid") for
    :data:`CERT_VALIDITY_YEARS`.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, hall_name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{hall_code} {desk_code}"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{hall_name} {desk_code} 协议签章"),
        ]
    )
    not_before = now - timedelta(days=1)
    not_after = now + timedelta(days=round(365.25 * CERT_VALIDITY_YEARS))
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def encrypt_key(key_pem: bytes, passphrase: bytes) -> bytes:
    """The private key as encrypted PKCS#8 PEM (the best encryption ``cryptography`` offers:
    PBES2, AES-256-CBC). The passphrase is 32 random bytes from the keyring, not a word a person
    chose, so the key derivation's iteration count is no part of the protection."""
    from cryptography.hazmat.primitives import serialization

    if not passphrase:
        raise ValueError("empty passphrase")
    key = serialization.load_pem_private_key(key_pem, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def decrypt_key(encrypted_pem: bytes, passphrase: bytes) -> bytes:
    """The unencrypted PKCS#8 PEM back; ``ValueError`` for a wrong passphrase or a damaged key."""
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(encrypted_pem, password=passphrase)
    except (ValueError, TypeError) as error:
        raise ValueError("the signing key cannot be decrypted with this passphrase") from error
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def certificate_sha256(cert_pem: bytes) -> str:
    """The certificate's SHA-256 fingerprint (hex, of the DER), to name the key in events."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).hexdigest()


# --- certify ------------------------------------------------------------------------------------


def certify_pdf(
    pdf: bytes,
    key_pem: bytes,
    cert_pem: bytes,
    *,
    reason: str,
    location: str,
    at: datetime | None = None,
) -> bytes:
    """``pdf`` with a PAdES certification signature appended (an incremental update).

    DocMDP level 1: any later change to the file breaks the certification. The signing time (the
    CMS signing-time attribute and the signature's /M) is ``at`` (aware; the service's clock),
    else the machine's clock. ECDSA signatures are randomised: the bytes differ at every call.
    """
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = _one_cert(load_certs_from_pemder_data(cert_pem))
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=load_private_key_from_pemder_data(key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore(),  # the signing certificate is embedded anyway
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        subfilter=fields.SigSeedSubFilter.PADES,
        signer_key_usage={"digital_signature", "non_repudiation"},
    )
    if at is not None and at.tzinfo is None:
        raise ValueError("at must be timezone-aware")

    class _Signer(signers.PdfSigner):
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            if at is not None:
                session.system_time = at  # read when the signed attributes are made
            return session

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = _Signer(meta, signer=signer).sign_pdf(writer)
    return out.getvalue()


def _one_cert(certs: Iterable[Any]) -> Any:
    found = list(certs)
    if len(found) != 1:
        raise ValueError(f"expected one certificate, found {len(found)}")
    return found[0]


# --- verify -------------------------------------------------------------------------------------


def verify_pdf(pdf: bytes, cert_pem: bytes, *, sha256: str | None = None) -> Verification:
    """Whether ``pdf`` is exactly as the holder of ``cert_pem``'s key certified it.

    ``document.ok`` only if the file carries exactly one signature, a certification (DocMDP)
    signature made with that certificate's key, whose digest matches, whose CMS signature is valid
    with that certificate as the only trust root, which covers the whole file, and after which
    nothing was appended. Anything else gives its code; unreadable bytes give
    ``document.altered``. Never raises for the PDF's content.

    The signature covers every byte but its own /Contents, and inside that the CMS structure has
    unsigned parts (the certificate set, the padding): a changed byte there leaves the document
    provably intact. Pass the file's stored ``sha256`` (hex) to refuse any changed byte at all.
    """
    from pyhanko.keys import load_certs_from_pemder_data

    cert = _one_cert(load_certs_from_pemder_data(cert_pem))  # the caller's own: errors do raise
    _pyhanko = _validation_api()  # imported before the catch-all: a broken install must raise
    try:
        result = _verify(pdf, cert, _pyhanko)
    except Exception as error:  # hostile or truncated bytes: pyHanko raises many types
        log.info("stored agreement unreadable as a signed PDF: %s", type(error).__name__)
        return Verification(False, ALTERED, f"unreadable: {type(error).__name__}: {error}"[:300])
    if result.ok and sha256 is not None and hashlib.sha256(pdf).hexdigest() != sha256.lower():
        return Verification(
            False, ALTERED, "the file differs from its stored SHA-256 (outside the signed bytes)"
        )
    return result


@dataclass(frozen=True)
class _ValidationApi:
    reader: Any
    validate: Any
    validation_error: type[Exception]
    entire_file: Any
    context: Any


def _validation_api() -> _ValidationApi:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    return _ValidationApi(
        reader=PdfFileReader,
        validate=validate_pdf_signature,
        validation_error=SignatureValidationError,
        entire_file=SignatureCoverageLevel.ENTIRE_FILE,
        context=ValidationContext,
    )


def _verify(pdf: bytes, cert: Any, api: _ValidationApi) -> Verification:
    if not pdf.startswith(b"%PDF-"):
        return Verification(False, ALTERED, "not a PDF file")
    reader = api.reader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return Verification(False, UNSIGNED, "no signature in the file")
    first = signatures[0]
    if first.docmdp_level is None:
        return Verification(False, UNSIGNED, "signed, but not certified")
    if len(signatures) > 1:
        return Verification(
            False, MODIFIED_AFTER_SIGNING, f"{len(signatures) - 1} signature(s) added"
        )
    if first.signer_cert.dump() != cert.dump():
        return Verification(False, WRONG_KEY, "certified with another key")
    # The certificate is judged at the time the signature claims: an agreement opened after the
    # certificate expired still verifies; the digest and the CMS signature are what prove integrity.
    context = api.context(
        trust_roots=[cert],
        moment=first.self_reported_timestamp,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        # No diff analysis of later revisions: any byte after the certification is refused below
        # (coverage), so pyHanko need not judge (and log) what an appended update changed.
        status = api.validate(first, context, skip_diff=True)
    except api.validation_error as error:
        return Verification(False, ALTERED, f"signature invalid: {error}"[:300])
    if not status.intact:
        return Verification(False, ALTERED, "digest mismatch: the signed bytes were changed")
    if not status.valid:
        return Verification(False, ALTERED, "the signature does not match the signed bytes")
    if not status.trusted:
        return Verification(False, WRONG_KEY, "the certificate is not the hall's")
    if status.coverage != api.entire_file:
        return Verification(
            False, MODIFIED_AFTER_SIGNING, f"bytes after the signature ({status.coverage.name})"
        )
    return Verification(True, OK, f"certified {status.signer_reported_dt}")
