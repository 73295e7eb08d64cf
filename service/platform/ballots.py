"""Sealing secret ballots (phiếu kín): AES-256-GCM under a per-poll key.

Why the sealed ballot and the Participation cannot be linked from the store alone:
a secret ballot is saved as two records in one transaction. The Participation
(`natural_id("vote", poll, voter)`) says who voted; the poll's `BallotSealed` holds
the choices, encrypted, with a neutral actor. The two are adjacent in the log (and
close in time), so the pair voter ↔ sealed ballot is visible; but a sealed ballot is
random bytes without the ballot secret, which is never in the event store: it comes
from `THIDUA_BALLOT_SECRET`, or from the key file `THIDUA_BALLOT_KEY_FILE` (default
`ballot.key` in the secrets folder, created with mode 0600 when missing). So no stored field links
a voter to a choice, and no tally can be computed from the store before the poll
closes; the service opens the ballots only to close the poll, and stores only the
totals. Someone holding *both* the store and the secret could still open ballots one
by one: keep the secret off the database host and out of its backups.

Per-poll key: HKDF-SHA256(secret, salt=SALT, info=poll id). Each ballot has a random
96-bit nonce and the poll id as associated data, so a ballot copied into another poll
does not open. Format: "v1:" + urlsafe base64 (nonce ‖ ciphertext ‖ tag).
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.kernel.base import DomainError
from service.platform.paths import private_dir, secret_file

SECRET_ENV = "THIDUA_BALLOT_SECRET"
KEY_FILE_ENV = "THIDUA_BALLOT_KEY_FILE"
KEY_FILE = "ballot.key"  # in the secrets folder (service/platform/paths.py)
SALT = b"thidua.ballot.v1"
PREFIX = "v1:"
MIN_SECRET = 32  # characters of THIDUA_BALLOT_SECRET


class BallotSecretError(RuntimeError):
    """The ballot secret is missing, too short, or readable by others."""


def ballot_secret() -> bytes:
    """The server's ballot secret: from the environment, or from the key file."""
    text = os.environ.get(SECRET_ENV)
    if text is not None:
        if len(text) < MIN_SECRET:
            raise BallotSecretError(f"{SECRET_ENV} must have at least {MIN_SECRET} characters")
        return text.encode()
    return _read_or_create(
        Path(os.environ.get(KEY_FILE_ENV) or secret_file(KEY_FILE, kept_in_cwd=True))
    )


def _read_or_create(path: Path) -> bytes:
    private_dir(path.parent)
    if not path.exists():
        _create_whole(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BallotSecretError(f"{path} must be readable by its owner only (chmod 600)")
    text = path.read_text().strip()
    if len(text) < MIN_SECRET:
        raise BallotSecretError(f"{path} holds no usable secret")
    return text.encode()


def _create_whole(path: Path) -> None:
    """Write a new secret to a private temporary file, then link it into place: the
    key file appears complete or not at all, and the first of several processes
    creating it at once wins (the others read the winner's secret)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: keep its secret
            os.link(temporary, path)
    finally:
        temporary.unlink()


def seal_with(
    salt: bytes, prefix: str, context: UUID, plaintext: bytes, secret: bytes | None = None
) -> str:
    """AES-GCM under HKDF-SHA256(server secret, salt, info=context), the context also
    bound as associated data: `prefix` + base64(nonce ‖ ciphertext). Ballots and stored
    password hashes are sealed this way, each purpose with its own salt and prefix."""
    nonce = os.urandom(12)
    sealed = AESGCM(_key(salt, context, secret)).encrypt(nonce, plaintext, context.bytes)
    return prefix + base64.urlsafe_b64encode(nonce + sealed).decode()


def open_with(
    salt: bytes, prefix: str, context: UUID, sealed: str, secret: bytes | None = None
) -> bytes | None:
    """What `seal_with` sealed, or None when it cannot be opened (another secret or
    context, a damaged text)."""
    if not sealed.startswith(prefix):
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed[len(prefix) :])
        return AESGCM(_key(salt, context, secret)).decrypt(raw[:12], raw[12:], context.bytes)
    except (InvalidTag, ValueError):
        return None


def _key(salt: bytes, context: UUID, secret: bytes | None) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=context.bytes)
    return hkdf.derive(ballot_secret() if secret is None else secret)


def seal(poll_id: UUID, plaintext: bytes, secret: bytes | None = None) -> str:
    return seal_with(SALT, PREFIX, poll_id, plaintext, secret)


def unseal(poll_id: UUID, sealed: str, secret: bytes | None = None) -> bytes:
    """The ballot's plaintext, or DomainError poll.ballot_unreadable."""
    opened = open_with(SALT, PREFIX, poll_id, sealed, secret)
    if opened is None:
        raise DomainError("poll.ballot_unreadable")
    return opened


def sealer(poll_id: UUID) -> Callable[[bytes], str]:
    """`seal` bound to one poll, with the secret read once."""
    secret = ballot_secret()
    return lambda plaintext: seal(poll_id, plaintext, secret)


def unsealer(poll_id: UUID) -> Callable[[str], bytes]:
    key_secret = ballot_secret()
    return lambda sealed: unseal(poll_id, sealed, key_secret)
