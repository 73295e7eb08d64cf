"""Password hashes are sealed before they are stored in events.

Events are kept for ever and exported whole for audit, so an argon2 hash stored plainly
would hand every export's reader an offline guessing target, old passwords included.
The hash is sealed with AES-GCM under a key derived (HKDF, its own salt) from the
server's sealing secret (the ballot secret: `THIDUA_BALLOT_SECRET` or its key file),
bound to the account's id. The store and its exports hold only the sealed text; the
audit chain still covers it byte for byte.
"""

from __future__ import annotations

from uuid import UUID

from service.platform.ballots import open_with, seal_with

SALT = b"thidua.credential.v1"
PREFIX = "c1:"


def seal_hash(account_id: UUID, password_hash: str) -> str:
    return seal_with(SALT, PREFIX, account_id, password_hash.encode())


def open_hash(account_id: UUID, stored: str) -> str | None:
    """The argon2 hash, or None when it cannot be opened (another server's secret)."""
    opened = open_with(SALT, PREFIX, account_id, stored)
    return None if opened is None else opened.decode()
