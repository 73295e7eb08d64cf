"""Development keys (`thidua keys dev`): a CA, the chair's signing certificate as PKCS#12.

For development, tests and the demo only: a real bundle is signed with the chair's
certificate from a licensed Vietnamese CA (a token through PKCS#11, or a PKCS#12 file).
Writes into `directory`: ca.pem (trust root for verification), ca-key.pem (to issue
more certificates; mode 600), signer.p12 (key and certificate, with the CA in the
chain) and signer.pem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from service.platform.paths import private_dir

DEV_PASSWORD = "thidua-dev"  # a development key's password is no secret
KEY_BITS = 3072


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


@dataclass(frozen=True)
class DevKeys:
    ca: Path
    ca_key: Path
    p12: Path
    cert: Path
    password: str


def _name(
    common: str, organisation: str = "thidua (phát triển)", title: str | None = None
) -> x509.Name:
    """A subject: the person's name is its common name, their office its title."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            *([x509.NameAttribute(NameOID.TITLE, title)] if title else []),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def new_key(bits: int = KEY_BITS) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def make_ca(common: str = "thidua CA phát triển (không dùng thật)", bits: int = KEY_BITS) -> Issued:
    key = new_key(bits)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(_name(common))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(
    ca: Issued,
    common: str,
    *,
    timestamping: bool = False,
    days: int = 825,
    bits: int = KEY_BITS,
    title: str | None = None,
) -> Issued:
    """A certificate from `ca`: a document signer (non-repudiation), or a TSA."""
    key = new_key(bits)
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common, title=title))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def _usage(cert_sign: bool = False, signing: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def p12_bytes(signer: Issued, ca: Issued, password: str, name: str = "signer") -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name.encode(),
        signer.key,
        signer.cert,
        [ca.cert],
        serialization.BestAvailableEncryption(password.encode()),
    )


def _write(path: Path, data: bytes, private: bool = False) -> None:
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def make_dev_keys(
    directory: Path,
    signer_name: str = "Hoàng Đức Hạnh (phát triển)",
    password: str = DEV_PASSWORD,
    bits: int = KEY_BITS,
    signer_title: str = "Trưởng Cụm thi đua (phát triển)",
) -> DevKeys:
    private_dir(directory)
    ca = make_ca(bits=bits)
    signer = issue(ca, signer_name, bits=bits, title=signer_title)
    keys = DevKeys(
        directory / "ca.pem",
        directory / "ca-key.pem",
        directory / "signer.p12",
        directory / "signer.pem",
        password,
    )
    ca_key = ca.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write(keys.ca, pem(ca.cert))
    _write(keys.ca_key, ca_key, private=True)
    _write(keys.p12, p12_bytes(signer, ca, password), private=True)
    _write(keys.cert, pem(signer.cert))
    return keys
