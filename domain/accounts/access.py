"""AccessRecord (nhật ký truy cập): one sign-in, refused sign-in, lockout or refused act.

Each record is a stream of one event with a random id: recording never loads anything
and never conflicts with another worker. What is kept: the outcome, the account (only
when the name typed is an existing account's: a password typed into the username box
never lands in the store), the client address and how many like records the service
left out before this one (service/access_log.py bounds the volume), and for a refused
act (HTTP 403) the request it refused ("POST /path"). Never a password.
"""

from __future__ import annotations

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, require

SIGNED_IN = "signed_in"
REFUSED = "refused"  # wrong username or password, or a disabled account
LIMITED = "limited"  # too many attempts from one address (HTTP 429)
FORBIDDEN = "forbidden"  # a signed-in or anonymous request refused as not allowed (HTTP 403)
OUTCOMES = (SIGNED_IN, REFUSED, LIMITED, FORBIDDEN)


class AccessRecord(ThiduaAggregate):
    TOPIC = "thidua.AccessRecord"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.AccessRecord.AccessRecorded"
        outcome: str
        account: str
        address: str
        suppressed: int
        request: str = ""

    @classmethod
    def record(
        cls, outcome: str, account: str, address: str, suppressed: int, request: str = ""
    ) -> AccessRecord:
        require(outcome in OUTCOMES, "access.bad_outcome", outcome=outcome)
        return cls(
            outcome=outcome,
            account=account,
            address=address[:64],
            suppressed=suppressed,
            request=request[:300],
        )

    @event(Created)
    def __init__(
        self, outcome: str, account: str, address: str, suppressed: int, request: str = ""
    ) -> None:
        self.outcome = outcome
        self.account = account
        self.address = address
        self.suppressed = suppressed
        self.request = request
