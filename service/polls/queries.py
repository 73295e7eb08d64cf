"""The poll's read model: what its page, its API answer and the year's documents read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.org.regulation import Threshold
from service.org.regulation_words import quorum_words, rule_sentence, rules_of
from service.platform.app import ThiduaApplication
from service.polls import polls
from service.polls.explain import explain
from service.year import queries


def poll_info(app: ThiduaApplication, poll_id: UUID, lang: str = "vi") -> dict[str, Any]:
    poll = polls.poll_of(app, poll_id)
    info = queries.year(app, poll.year_id)
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
        "year": info,
    }
