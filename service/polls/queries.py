"""The poll's read model: what its page, its API answer and the year's documents read."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.org.regulation import Threshold
from domain.polls.poll import Poll
from service.org.regulation_words import quorum_words, rule_sentence, rules_of
from service.platform.app import ThiduaApplication
from service.polls import polls
from service.polls.explain import explain
from service.views.projector import counts_for
from service.year import queries


def poll_on(app: ThiduaApplication, poll_id: UUID, day: date) -> tuple[Poll, bool]:
    """The poll as it stood at the end of `day` (its events up to the first one that
    counts for a later day), and whether it was open by then at all."""
    current = polls.poll_of(app, poll_id)
    version, counted = None, None
    for stored in app.recorder.select_events(poll_id):
        event: Any = app.mapper.to_domain_event(stored)
        counted = counts_for(event, counted)
        if counted is not None and counted > day:
            break
        version = event.originator_version
    if version is None:
        return app.repository.get(poll_id, version=1), False
    if version == current.version:
        return current, True
    return app.repository.get(poll_id, version=version), True


def poll_info(
    app: ThiduaApplication, poll_id: UUID, lang: str = "vi", *, day: date | None = None
) -> dict[str, Any]:
    """The poll's page and API answer; as of a `day`: its ballots and result then, with
    the names units bore that day."""
    poll, opened = (
        (polls.poll_of(app, poll_id), True) if day is None else poll_on(app, poll_id, day)
    )
    info = queries.year(app, poll.year_id, day=day)
    result = poll.result.to_dict() if poll.is_closed else None
    options = [(o.hex, info["names"].get(o.hex, o.hex)) for o in poll.options]
    award_name = info["award_names"].get(poll.award or "", "")
    threshold = Threshold(**poll.rules["threshold"])
    return {
        "id": poll.id.hex,
        "year_id": poll.year_id.hex,
        "kind": poll.kind,
        "award": poll.award,
        "round": poll.round,
        "question": poll.question,
        "secret": poll.secret,
        "method": poll.method,
        "max_choices": poll.max_choices,
        "opened_on": poll.opened_on,
        "options": [{"id": o.hex, "name": info["names"].get(o.hex, o.hex)} for o in poll.options],
        "voters": [v.hex for v in poll.voters],
        "closed": poll.is_closed,
        "ballots_received": poll.ballots_received,
        "result": result,
        "rule": rule_sentence(poll.kind, threshold, award_name, lang),
        "quorum_rule": quorum_words(rules_of({**poll.rules, "thresholds": {}, "awards": []}), lang),
        "explanation": explain(poll.kind, result, options, award_name, poll.cap, lang)
        if result
        else None,
        "opened": opened,  # False: as of a day before it was opened
        "year": info,
    }
