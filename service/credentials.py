"""Password hashes are sealed before they are stored in events.

Events are kept for ever and exported whole for audit, so an argon2 hash stored plainly
would hand every export's reader an offline guessing target, old passwords included.
The hash is sealed with AES-GCM under a key derived (HKDF, its own salt) from the
server's sealing secret (the ballot secret: `THIDUA_BALLOT_SECRET` or its key file),
bound to the account's id. The store and its exports hold only the sealed text; the
audit chain still covers it byte for byte.
"""

from __future__ import annotations

import base64
import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from service.ballots import ballot_secret

SALT = b"thidua.credential.v1"
PREFIX = "c1:"


def _key(account_id: UUID) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=account_id.bytes)
    return hkdf.derive(ballot_secret())


def seal_hash(account_id: UUID, password_hash: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(account_id)).encrypt(nonce, password_hash.encode(), account_id.bytes)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def open_hash(account_id: UUID, stored: str) -> str | None:
    """The argon2 hash, or None when it cannot be opened (another server's secret)."""
    if not stored.startswith(PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :])
        return AESGCM(_key(account_id)).decrypt(raw[:12], raw[12:], account_id.bytes).decode()
    except (InvalidTag, ValueError):
        return None
