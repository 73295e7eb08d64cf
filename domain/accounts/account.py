"""Account (tài khoản người dùng): a person who signs in, acting for one unit.

An administrator creates an account for a unit with the roles a person holds by
appointment (administrator, TLĐ officer, auditor, steering committee, federation
reviewer). Roles a *unit* holds for a year (chair, vice-chair, member) are never
stored here: the service derives them from the year's events.

The domain never sees a password: the service hashes it (argon2) and hands over the
hash. API tokens are stored as their SHA-256 only; the token itself is shown once.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require

# The appointed roles (service.auth names the same strings).
ROLES = ("admin", "tld", "auditor", "steering", "reviewer")
AUDITOR = "auditor"


def normal_username(username: str) -> str:
    return username.strip().lower()


def check_roles(roles: list[str], unit: UUID | None) -> list[str]:
    """The roles, sorted and unique; an auditor holds no other role and no unit."""
    clean = sorted(set(roles))
    for role in clean:
        require(role in ROLES, "account.bad_role", role=role)
    if AUDITOR in clean:
        require(clean == [AUDITOR] and unit is None, "account.auditor_exclusive")
    return clean


class Account(ThiduaAggregate):
    TOPIC = "thidua.Account"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.Account.Created"
        username: str
        display_name: str
        unit: UUID | None
        roles: list[str]
        password_hash: str
        on: date

    class PasswordChanged(ThiduaAggregate.Event):
        TOPIC = "thidua.Account.PasswordChanged"
        password_hash: str
        by_admin: bool
        on: date

    class RolesChanged(ThiduaAggregate.Event):
        TOPIC = "thidua.Account.RolesChanged"
        roles: list[str]
        on: date

    class Disabled(ThiduaAggregate.Event):
        TOPIC = "thidua.Account.Disabled"
        reason: str
        on: date

    class Enabled(ThiduaAggregate.Event):
        TOPIC = "thidua.Account.Enabled"
        on: date

    class TokenIssued(ThiduaAggregate.Event):
        TOPIC = "thidua.Account.TokenIssued"
        token_sha256: str
        label: str
        on: date

    class TokenRevoked(ThiduaAggregate.Event):
        TOPIC = "thidua.Account.TokenRevoked"
        token_sha256: str
        on: date

    @staticmethod
    def id_for(username: str) -> UUID:
        return natural_id("account", normal_username(username))

    @classmethod
    def create_id(cls, username: str, **_: object) -> UUID:
        return cls.id_for(username)

    @classmethod
    def create(
        cls,
        username: str,
        display_name: str,
        unit: UUID | None,
        roles: list[str],
        password_hash: str,
        on: date,
    ) -> Account:
        name = normal_username(username)
        require(bool(name), "account.username_required")
        allowed = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        require(set(name) <= allowed and len(name) <= 64, "account.bad_username")
        require(bool(display_name.strip()), "account.display_name_required")
        require(bool(password_hash), "account.password_required")
        return cls(
            username=name,
            display_name=display_name.strip(),
            unit=unit,
            roles=check_roles(roles, unit),
            password_hash=password_hash,
            on=on,
        )

    @event(Created)
    def __init__(
        self,
        username: str,
        display_name: str,
        unit: UUID | None,
        roles: list[str],
        password_hash: str,
        on: date,
    ) -> None:
        self.username = username
        self.display_name = display_name
        self.unit = unit
        self.roles = list(roles)
        self.password_hash = password_hash
        self.enabled = True
        self.tokens: dict[str, str] = {}  # sha256 -> label
        self.password_version = 1

    # -- commands ------------------------------------------------------------
    def change_password(self, password_hash: str, by_admin: bool, on: date) -> None:
        require(bool(password_hash), "account.password_required")
        self._password_changed(password_hash=password_hash, by_admin=by_admin, on=on)

    def change_roles(self, roles: list[str], on: date) -> None:
        clean = check_roles(roles, self.unit)
        require(clean != self.roles, "account.same_roles")
        self._roles_changed(roles=clean, on=on)

    def disable(self, reason: str, on: date) -> None:
        require(self.enabled, "account.already_disabled")
        self._disabled(reason=reason.strip(), on=on)

    def enable(self, on: date) -> None:
        require(not self.enabled, "account.already_enabled")
        self._enabled(on=on)

    def issue_token(self, token_sha256: str, label: str, on: date) -> None:
        require(self.enabled, "account.disabled")
        require(token_sha256 not in self.tokens, "account.token_exists")
        self._token_issued(token_sha256=token_sha256, label=label.strip(), on=on)

    def revoke_token(self, token_sha256: str, on: date) -> None:
        require(token_sha256 in self.tokens, "account.no_such_token")
        self._token_revoked(token_sha256=token_sha256, on=on)

    # -- mutators ------------------------------------------------------------
    @event(PasswordChanged)
    def _password_changed(self, password_hash: str, by_admin: bool, on: date) -> None:
        self.password_hash = password_hash
        self.password_version += 1

    @event(RolesChanged)
    def _roles_changed(self, roles: list[str], on: date) -> None:
        self.roles = list(roles)

    @event(Disabled)
    def _disabled(self, reason: str, on: date) -> None:
        self.enabled = False

    @event(Enabled)
    def _enabled(self, on: date) -> None:
        self.enabled = True

    @event(TokenIssued)
    def _token_issued(self, token_sha256: str, label: str, on: date) -> None:
        self.tokens[token_sha256] = label

    @event(TokenRevoked)
    def _token_revoked(self, token_sha256: str, on: date) -> None:
        del self.tokens[token_sha256]
