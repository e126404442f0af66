"""Test certificates, made by the tests themselves (``cryptography``; nothing downloaded, nothing
checked in): a private CA and server certificates for 127.0.0.1 / localhost signed by it.

    ca = TestCA.make(tmp_path)                      # ca.pem: what a desk is given (--ca-file)
    server = ca.issue(tmp_path, days=365)           # server.pem + server.key for --certfile/--keyfile
    short = ca.issue(tmp_path, days=10, name="short")   # expires within 30 days
    LiveHQ(tmp_path / "hq", tls=server).start()     # head office serving https
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK = ("127.0.0.1", "localhost")


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hall_desk tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True)
class ServerCert:
    certfile: Path  # the certificate (PEM)
    keyfile: Path  # its private key (PEM, unencrypted)
    not_after: datetime


@dataclass(frozen=True)
class TestCA:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    pem: Path  # the CA certificate alone, as a desk's --ca-file

    __test__ = False  # not a pytest test class

    @classmethod
    def make(cls, directory: Path, name: str = "hall_desk test CA") -> TestCA:
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        pem = directory / f"{name.replace(' ', '-')}.pem"
        pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return cls(key, certificate, pem)

    def issue(
        self,
        directory: Path,
        *,
        days: float = 365,
        hosts: tuple[str, ...] = LOOPBACK,
        name: str = "server",
    ) -> ServerCert:
        """A server certificate for ``hosts`` (IP addresses or DNS names), valid ``days`` from
        now, signed by this CA."""
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        not_after = (now + timedelta(days=days)).replace(microsecond=0)
        not_before = min(now, not_after) - timedelta(days=1)  # an expired one too (days < 0)
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(hosts[0]))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), False
            )
            .sign(self.key, hashes.SHA256())
        )
        certfile, keyfile = directory / f"{name}.pem", directory / f"{name}.key"
        certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        keyfile.write_bytes(_key_pem(key))
        keyfile.chmod(0o600)
        return ServerCert(certfile, keyfile, not_after)
