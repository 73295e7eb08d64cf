"""Accounts: create, change password, roles, disable, API tokens, and sign-in checks.

Passwords are hashed here with argon2id (argon2-cffi); the domain stores only the
hash. Policy (check_policy, for every way a password is set: creation, reset, change):
at least PASSWORD_MIN characters, not containing the username, not in
service/common_passwords.txt, at least 4 different characters. API tokens are
`<account id hex>.<random>`; only their SHA-256 is stored, the token is shown once.

Managing accounts is the administrator's; a person changes their own password and
issues or revokes their own tokens. Sign-ins are recorded by service/access_log.py,
each as a stream of its own (never on the account's stream), with the volume bounded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date
from functools import cache
from pathlib import Path
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from eventsourcing.application import AggregateNotFoundError

from domain.accounts.account import AUDITOR, Account, normal_username
from domain.kernel.base import DomainError
from service.accounts.credentials import open_hash, seal_hash
from service.org.units import unit_by_code
from service.platform.app import ThiduaApplication, execute
from service.platform.auth import Principal, allow, require_role

PASSWORD_MIN = 10
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
_hasher = PasswordHasher()
# Verified against when the account does not exist, so a miss costs as much as a hit.
_DUMMY_HASH = _hasher.hash("thidua-no-such-account")


def hash_password(username: str, password: str) -> str:
    """The argon2id hash, sealed for storage (service/credentials.py)."""
    check_policy(username, password)
    return seal_hash(Account.id_for(username), _hasher.hash(password))


def check_policy(username: str, password: str) -> None:
    """At least PASSWORD_MIN characters, not built on the username, not a common one."""
    if len(password) < PASSWORD_MIN:
        raise DomainError("account.password_too_short", min=PASSWORD_MIN)
    lowered, name = password.strip().lower(), normal_username(username)
    if name and (name in lowered or lowered in name):
        raise DomainError("account.password_is_username")
    if lowered in common_passwords() or len(set(lowered)) < 4:
        raise DomainError("account.password_common")


@cache
def common_passwords() -> frozenset[str]:
    lines = (COMMON_PASSWORDS.read_text(encoding="utf-8")).splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _verify(account: Account | None, password: str) -> bool:
    opened = open_hash(account.id, account.password_hash) if account is not None else None
    try:
        return _hasher.verify(opened or _DUMMY_HASH, password) and opened is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def account_of(app: ThiduaApplication, username: str) -> Account | None:
    """The account to change (a command's own copy), or None."""
    if not normal_username(username):
        return None
    return app.find(Account.id_for(username))


def read_account(app: ThiduaApplication, username: str) -> Account | None:
    """The account for reading only (who is signed in, checking a password), or None."""
    found = account_id(username)
    if found is None:
        return None
    try:
        return app.read(found)
    except AggregateNotFoundError:
        return None


def account_id(username: str) -> UUID | None:
    """The id of `username`'s account (None: not a username)."""
    return Account.id_for(username) if normal_username(username) else None


def load_account(app: ThiduaApplication, username: str) -> Account:
    account = account_of(app, username)
    if account is None:
        raise DomainError("account.not_found", username=username)
    return account


def principal_for(account: Account) -> Principal:
    """The service-layer principal of a signed-in account. An auditor gets no unit and
    no other role, so every command handler refuses it (it reads, never acts)."""
    if AUDITOR in account.roles:
        return Principal(account.username, None, frozenset({AUDITOR}))
    return Principal(account.username, account.unit, frozenset(account.roles))


# -- management (administrator) -------------------------------------------------------
def create_account(
    app: ThiduaApplication,
    who: Principal,
    username: str,
    display_name: str,
    unit_code: str | None,
    roles: list[str],
    password: str,
    on: date,
) -> UUID:
    require_role(who)
    password_hash = hash_password(username, password)

    def run() -> UUID:
        if app.exists(Account.id_for(username)):
            raise DomainError("account.exists", username=normal_username(username))
        unit = unit_by_code(app, unit_code, read_only=True) if unit_code else None
        if unit is not None and not unit.is_active:  # merged, split or dissolved
            raise DomainError("account.unit_inactive", name=unit.name)
        unit_id = unit.id if unit is not None else None
        account = Account.create(username, display_name, unit_id, roles, password_hash, on)
        app.save(account)
        return account.id

    return execute(app, who.actor, run)


def _admin_change(app: ThiduaApplication, who: Principal, username: str, change) -> None:  # type: ignore[no-untyped-def]
    require_role(who)

    def run() -> None:
        account = load_account(app, username)
        change(account)
        app.save(account)

    execute(app, who.actor, run)


def set_roles(
    app: ThiduaApplication, who: Principal, username: str, roles: list[str], on: date
) -> None:
    _admin_change(app, who, username, lambda a: a.change_roles(roles, on))


def disable(app: ThiduaApplication, who: Principal, username: str, reason: str, on: date) -> None:
    allow(normal_username(username) != who.account)  # never lock yourself out
    _admin_change(app, who, username, lambda a: a.disable(reason, on))


def enable(app: ThiduaApplication, who: Principal, username: str, on: date) -> None:
    _admin_change(app, who, username, lambda a: a.enable(on))


def reset_password(
    app: ThiduaApplication, who: Principal, username: str, password: str, on: date
) -> None:
    password_hash = hash_password(username, password)
    _admin_change(app, who, username, lambda a: a.change_password(password_hash, True, on))


# -- a person's own account ---------------------------------------------------------
def change_own_password(
    app: ThiduaApplication, who: Principal, current: str, new: str, on: date
) -> None:
    password_hash = hash_password(who.account, new)

    def run() -> None:
        account = load_account(app, who.account)
        if not _verify(account, current):
            raise DomainError("account.wrong_password")
        account.change_password(password_hash, False, on)
        app.save(account)

    execute(app, who.actor, run)


def authenticate(app: ThiduaApplication, username: str, password: str) -> Account | None:
    """The enabled account whose password this is, or None (for any reason)."""
    account = read_account(app, username)
    if not _verify(account, password) or account is None or not account.enabled:
        return None
    return account


# -- API tokens ------------------------------------------------------------------------
def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(app: ThiduaApplication, who: Principal, label: str, on: date) -> str:
    """A new token for the principal's own account; returned once, stored as a hash."""
    account_id = Account.id_for(who.account)
    token = f"{account_id.hex}.{secrets.token_urlsafe(32)}"

    def run() -> None:
        account = load_account(app, who.account)
        account.issue_token(token_digest(token), label or "API", on)
        app.save(account)

    execute(app, who.actor, run)
    return token


def revoke_token(app: ThiduaApplication, who: Principal, token_sha256: str, on: date) -> None:
    def run() -> None:
        account = load_account(app, who.account)
        account.revoke_token(token_sha256, on)
        app.save(account)

    execute(app, who.actor, run)


def account_for_token(app: ThiduaApplication, token: str) -> Account | None:
    """The enabled account that holds `token`, or None."""
    head, _, rest = token.partition(".")
    try:
        account_id = UUID(hex=head)
    except ValueError:
        return None
    if not rest:
        return None
    account = app.find(account_id)
    if not isinstance(account, Account) or not account.enabled:
        return None
    digest = token_digest(token)
    if any(hmac.compare_digest(digest, known) for known in account.tokens):
        return account
    return None
