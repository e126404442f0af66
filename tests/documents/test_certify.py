"""Tamper evidence: the hall's key, the certification of an agreement, and its verification when a
stored agreement is opened (every kind of change is caught, nothing hostile raises)."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import random
from datetime import UTC, datetime, timedelta

import keyring
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID, NameOID
from keyring.backends.fail import Keyring as FailKeyring

from hall_desk import credentials
from hall_desk.credentials import SIGNING_SERVICE, CredentialsUnavailable
from hall_desk.documents.certify import (
    ALTERED,
    MODIFIED_AFTER_SIGNING,
    OK,
    UNSIGNED,
    WRONG_KEY,
    Verification,
    certificate_sha256,
    certify_pdf,
    decrypt_key,
    encrypt_key,
    make_hall_key,
    verify_pdf,
)
from hall_desk.documents.data import AgreementCopy
from hall_desk.documents.transfer_agreement import AGREEMENT, fingerprint, transfer_agreement_pdf
from tests.documents.pdftools import pdf_text, squeeze
from tests.documents.samples import transfer_sample
from tests.sync.keyrings import MemoryKeyring

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
DESK = "HA01-02"
DATA = transfer_sample("过户")


@pytest.fixture(scope="module")
def hall_key() -> tuple[bytes, bytes]:
    return make_hall_key("HA01", DESK, "人民路营业厅", NOW)


@pytest.fixture(scope="module")
def agreement() -> bytes:
    copy = AgreementCopy.HALL
    return transfer_agreement_pdf(DATA, copy, fingerprint(DATA, copy, AGREEMENT))


@pytest.fixture(scope="module")
def certified(agreement: bytes, hall_key: tuple[bytes, bytes]) -> bytes:
    key, cert = hall_key
    return certify_pdf(agreement, key, cert, reason="过户协议", location="人民路营业厅 HA01-02")


def check(pdf: bytes, cert: bytes) -> Verification:
    result = verify_pdf(pdf, cert)
    assert isinstance(result, Verification)
    assert result.ok == (result.code == OK)
    return result


# --- the key --------------------------------------------------------------------------------------


def test_the_hall_key_is_p256_with_a_self_signed_certificate_naming_hall_and_desk(
    hall_key: tuple[bytes, bytes],
) -> None:
    from cryptography.hazmat.primitives import serialization

    key_pem, cert_pem = hall_key
    assert key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    key = serialization.load_pem_private_key(key_pem, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    cert = x509.load_pem_x509_certificate(cert_pem)
    assert cert.subject == cert.issuer
    assert cert.public_key() == key.public_key()
    names = " ".join(str(a.value) for a in cert.subject)
    assert "人民路营业厅" in names and "HA01" in names and DESK in names
    assert cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "CN"
    usage = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert cert.not_valid_before_utc <= NOW
    assert cert.not_valid_after_utc >= NOW + timedelta(days=25 * 366)  # outlives the records
    assert len(certificate_sha256(cert_pem)) == 64


def test_each_call_makes_a_new_key() -> None:
    first = make_hall_key("HA01", DESK, "人民路营业厅", NOW)
    second = make_hall_key("HA01", DESK, "人民路营业厅", NOW)
    assert first[0] != second[0] and first[1] != second[1]


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        make_hall_key("HA01", DESK, "人民路营业厅", NOW.replace(tzinfo=None))


def test_the_key_round_trips_encrypted_and_refuses_a_wrong_passphrase(
    hall_key: tuple[bytes, bytes],
) -> None:
    key_pem, _ = hall_key
    passphrase = os.urandom(32)
    encrypted = encrypt_key(key_pem, passphrase)
    assert encrypted.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    body = b"".join(key_pem.splitlines()[1:-1])
    assert body[:40] not in encrypted
    assert decrypt_key(encrypted, passphrase) == key_pem
    with pytest.raises(ValueError):
        decrypt_key(encrypted, passphrase[:-1] + bytes([passphrase[-1] ^ 1]))
    with pytest.raises(ValueError):
        decrypt_key(encrypted[:100], passphrase)
    with pytest.raises(ValueError):
        encrypt_key(key_pem, b"")


# --- certify and verify ---------------------------------------------------------------------------


def test_a_certified_agreement_verifies(certified: bytes, hall_key: tuple[bytes, bytes]) -> None:
    assert check(certified, hall_key[1]) == Verification(
        True, OK, check(certified, hall_key[1]).detail
    )


def test_the_certification_is_a_pades_docmdp_no_changes_signature(
    certified: bytes, agreement: bytes
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm

    assert certified.startswith(agreement)  # an incremental update: the agreement is unchanged
    signatures = PdfFileReader(io.BytesIO(certified)).embedded_signatures
    assert len(signatures) == 1
    signature = signatures[0]
    assert signature.docmdp_level == MDPPerm.NO_CHANGES
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_object["/Reason"] == "过户协议"


def test_the_certified_agreement_reads_as_before(certified: bytes, agreement: bytes) -> None:
    assert squeeze(pdf_text(certified)) == squeeze(pdf_text(agreement))


def test_one_changed_byte_anywhere_in_the_signed_content_is_detected(
    certified: bytes, agreement: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    cert = hall_key[1]
    rng = random.Random(7)
    positions = [10, len(agreement) // 3, len(agreement) // 2, len(agreement) - 20]
    positions += rng.sample(range(len(agreement)), 8)
    for position in positions:
        changed = bytearray(certified)
        changed[position] ^= 0x01
        result = check(bytes(changed), cert)
        assert result.code == ALTERED, (position, result)


def test_a_changed_digit_in_the_text_is_detected(
    certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    # The trailer's document /ID is plain text: change it like an editor would.
    at = certified.index(b"/ID")
    changed = bytearray(certified)
    digit = changed.index(b"<", at) + 1
    changed[digit] = ord("0") if changed[digit] != ord("0") else ord("1")
    assert check(bytes(changed), hall_key[1]).code == ALTERED


def _contents(pdf: bytes) -> tuple[int, bytes]:
    """Where the signature's /Contents hex starts, and the CMS DER it holds."""
    start = pdf.rindex(b"/Contents <") + len(b"/Contents <")
    return start, bytes.fromhex(pdf[start : pdf.index(b">", start)].decode())


def _flip_hex(pdf: bytes, position: int) -> bytes:
    changed = bytearray(pdf)
    changed[position] = ord("0") if changed[position] != ord("0") else ord("1")
    return bytes(changed)


def test_a_changed_signature_value_is_detected(
    certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    from asn1crypto import cms

    start, der = _contents(certified)
    signed_data = cms.ContentInfo.load(der.rstrip(b"\0"))["content"]
    value = signed_data["signer_infos"][0]["signature"].native
    offset = der.index(value)
    for byte in (offset, offset + len(value) // 2, offset + len(value) - 1):
        assert check(_flip_hex(certified, start + 2 * byte), hall_key[1]).code == ALTERED


def test_with_the_stored_sha256_any_changed_byte_is_detected(
    certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    # The CMS has unsigned parts (its set of algorithms, the padding of /Contents): a change there
    # leaves the signed document intact, which only the file's stored SHA-256 notices.
    cert = hall_key[1]
    digest = hashlib.sha256(certified).hexdigest()
    assert check(certified, cert).ok and verify_pdf(certified, cert, sha256=digest).ok
    assert verify_pdf(certified, cert, sha256=digest.upper()).ok
    start, der = _contents(certified)
    padding = start + 2 * len(der.rstrip(b"\0")) + 10  # inside the zero padding
    changed = _flip_hex(certified, padding)
    assert check(changed, cert).ok  # the signature alone cannot tell
    assert verify_pdf(changed, cert, sha256=digest).code == ALTERED
    for position in range(start, start + 2 * len(der), 37):
        assert not verify_pdf(_flip_hex(certified, position), cert, sha256=digest).ok, position


def test_an_incremental_update_after_certification_is_detected(
    certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter(io.BytesIO(certified), incremental=True)
    writer.add_metadata({"/Title": "已作废"})
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(certified)
    assert check(out.getvalue(), hall_key[1]).code == MODIFIED_AFTER_SIGNING

    writer = PdfWriter(io.BytesIO(certified), incremental=True)
    writer.add_annotation(0, FreeText(text="已作废", rect=(50, 50, 200, 100)))
    out = io.BytesIO()
    writer.write(out)
    assert check(out.getvalue(), hall_key[1]).code == MODIFIED_AFTER_SIGNING


def test_bytes_appended_after_certification_are_detected(
    certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    assert check(certified + b"\n% appended\n", hall_key[1]).code == MODIFIED_AFTER_SIGNING


def test_a_rewritten_file_is_detected(certified: bytes, hall_key: tuple[bytes, bytes]) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(certified)))
    out = io.BytesIO()
    writer.write(out)
    assert not check(out.getvalue(), hall_key[1]).ok


def test_another_key_is_the_wrong_key(
    agreement: bytes, certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    other_key, other_cert = make_hall_key("HA01", DESK, "人民路营业厅", NOW)
    by_other = certify_pdf(agreement, other_key, other_cert, reason="过户协议", location="x")
    assert check(by_other, hall_key[1]).code == WRONG_KEY
    assert check(by_other, other_cert).code == OK
    assert check(certified, other_cert).code == WRONG_KEY


def test_an_unsigned_agreement_is_unsigned(agreement: bytes, hall_key: tuple[bytes, bytes]) -> None:
    assert check(agreement, hall_key[1]).code == UNSIGNED


@pytest.mark.parametrize(
    "hostile",
    [
        b"",
        b"garbage",
        b"%PDF-1.7\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)),
        bytes(random.Random(2).randrange(256) for _ in range(4000)),
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["empty", "text", "pdf-header-noise", "noise", "minimal"],
)
def test_hostile_bytes_never_raise(hostile: bytes, hall_key: tuple[bytes, bytes]) -> None:
    result = check(hostile, hall_key[1])
    assert not result.ok and result.code in {ALTERED, UNSIGNED}


def test_a_truncated_certified_file_is_altered(
    certified: bytes, hall_key: tuple[bytes, bytes]
) -> None:
    for length in (len(certified) // 2, len(certified) - 10, 100):
        assert check(certified[:length], hall_key[1]).code == ALTERED


def test_a_damaged_certificate_of_the_caller_raises(certified: bytes) -> None:
    # The certificate comes from the desk's own database: a bad one is a bug, not a bad file.
    with pytest.raises(ValueError):
        verify_pdf(certified, b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")


# --- the passphrase in the keyring ----------------------------------------------------------------


def test_the_passphrase_is_made_once_and_stays(memory_keyring: MemoryKeyring) -> None:
    assert credentials.signing_passphrase(DESK, create=False) is None
    made = credentials.signing_passphrase(DESK, create=True)
    assert made is not None and len(base64.b64decode(made)) == 32
    assert credentials.signing_passphrase(DESK, create=True) == made
    assert credentials.signing_passphrase(DESK, create=False) == made
    assert credentials.signing_passphrase("HA01-03", create=True) != made
    # kept under its own service, apart from the head-office token
    assert memory_keyring.secrets[(SIGNING_SERVICE, DESK)] == made.decode()
    assert credentials.load_token(DESK) is None


def test_without_a_keyring_the_passphrase_is_refused_plainly() -> None:
    keyring.set_keyring(FailKeyring())
    for create in (True, False):
        with pytest.raises(CredentialsUnavailable) as caught:
            credentials.signing_passphrase(DESK, create=create)
        assert caught.value.code == "transfer.keyring_unavailable"
        assert "document-signing key" in str(caught.value)
        assert "transfers are refused" in str(caught.value)


def test_the_keyring_error_has_its_chinese_text() -> None:
    from hall_desk.ui.errors import error_text

    text = error_text(CredentialsUnavailable("NoKeyringError", signing=True))
    assert "系统密钥环" in text and "过户协议" in text and "不能办理过户" in text
    token_text = error_text(CredentialsUnavailable("NoKeyringError"))
    assert "总部令牌" in token_text and token_text != text


@pytest.mark.parametrize("code", [OK, ALTERED, MODIFIED_AFTER_SIGNING, UNSIGNED, WRONG_KEY])
def test_every_verification_code_has_a_chinese_text(code: str) -> None:
    from hall_desk.domain.errors import DomainError
    from hall_desk.ui.errors import error_text

    text = error_text(DomainError(code, None))
    assert text and code not in text and "协议文件" in text


def test_the_signing_time_is_the_one_given(agreement: bytes, hall_key: tuple[bytes, bytes]) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    key, cert = hall_key
    at = NOW + timedelta(hours=3)
    signed = certify_pdf(agreement, key, cert, reason="过户协议", location="x", at=at)
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    assert signature.self_reported_timestamp == at
    assert signature.sig_object["/M"] == "D:20261122050000Z"
    assert check(signed, cert).ok
    with pytest.raises(ValueError):
        certify_pdf(agreement, key, cert, reason="r", location="x", at=at.replace(tzinfo=None))
