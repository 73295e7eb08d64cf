"""The paper tally's figures checked together before the service is called, each error
beside its field and a unit's count beside that unit's row, named ("Cao Bằng: số phiếu
8 lớn hơn số phiếu phát ra 7"). The domain keeps the same rules (domain/polls/rules.py:
check_paper); these only say which figure is wrong, all at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from flask_babel import gettext as _
from marshmallow import ValidationError

from domain.kernel.base import DomainError
from service.polls.queries import poll_info
from service.year.clusters import is_chair, read_year
from web.shell.actions import Ctx
from web.shell.fields import Int
from web.shell.i18n import message

FIGURES = ("issued", "returned", "valid", "invalid")


def whole(value: Any) -> int | None:
    try:
        found = Int().deserialize(value)
    except ValidationError:
        return None
    return found if isinstance(found, int) and found >= 0 else None


def check_tally(ctx: Ctx, raw: Mapping[str, Any]) -> dict[str, list[str]]:
    try:
        poll = poll_info(ctx.app, ctx.args["poll_id"])
    except DomainError:  # no such poll: the service answers it
        return {}
    if not is_chair(ctx.who, read_year(ctx.app, UUID(poll["year_id"]))):
        return {}  # not theirs to enter: the service refuses it, before any figure
    issued, returned, valid, invalid = (whole(raw.get(f)) for f in FIGURES)
    errors: dict[str, list[str]] = {}

    def say(key: str, code: str, **params: Any) -> None:
        errors.setdefault(key, []).append(message(DomainError(code, **params)))

    eligible = poll["paper_eligible"]
    if issued is not None and issued > eligible:
        say("issued", "poll.tally_issued_over_eligible", eligible=eligible)
    if issued is not None and returned is not None and returned > issued:
        say("returned", "poll.tally_returned_over_issued")
    if None not in (returned, valid, invalid) and valid + invalid != returned:  # type: ignore[operator]
        say("valid", "poll.tally_valid_invalid_mismatch")
    names = {o["id"]: o["name"] for o in poll["options"]}
    rows = raw.get("counts")
    counted = []
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        votes = whole(row.get("votes")) if isinstance(row, Mapping) else None
        if votes is None:
            continue
        counted.append(votes)
        unit = names.get(str(row.get("option") or "").replace("-", ""), "")
        if issued is not None and votes > issued:
            text = _(
                "%(unit)s: số phiếu %(votes)s lớn hơn số phiếu phát ra %(issued)s.",
                unit=unit, votes=votes, issued=issued,
            )  # fmt: skip
        elif valid is not None and votes > valid:
            text = _(
                "%(unit)s: số phiếu %(votes)s lớn hơn số phiếu hợp lệ %(valid)s.",
                unit=unit, votes=votes, valid=valid,
            )  # fmt: skip
        else:
            continue
        errors[f"counts/{i}/votes"] = [text]
    most = (valid or 0) * int(poll["max_choices"] or 1)
    if valid is not None and sum(counted) > most:
        say("counts", "poll.tally_sum_over_capacity", most=most)
    return errors
