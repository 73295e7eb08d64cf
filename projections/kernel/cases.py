"""The case index: the case each event stream belongs to.

A *case* is what an auditor or a page opens as one thing: a cluster-year (its year
stream, the members' dossiers, its polls and ballots, its award proposal), a term
review (the term, the campaign, the units' reports), a unit, a cluster. Only a
stream's first event says where it belongs; later events are routed by originator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple
from uuid import UUID

from domain.org.cluster import Cluster
from domain.org.unit import Unit
from domain.polls.poll import Participation, Poll
from domain.review.campaign import ReviewCampaign
from domain.review.report import ReviewReport
from domain.review.term import CongressTerm
from domain.year.award import AwardProposal
from domain.year.dossier import Dossier
from domain.year.year import EmulationYear


class Case(NamedTuple):
    id: UUID
    kind: str  # "year" | "review" | "unit" | "cluster"


Lookup = Callable[[UUID], Case | None]


def case_of_created(event: Any, lookup: Lookup) -> Case | None:
    """The case a new stream joins, from its first event (None: not a case stream)."""
    match event:
        case EmulationYear.Created():
            return Case(event.originator_id, "year")
        case Dossier.Created() | Poll.Created() | AwardProposal.Created():
            return Case(event.year_id, "year")
        case Participation.Created():
            return lookup(event.poll)
        case ReviewCampaign.Created():
            return Case(event.originator_id, "review")
        case CongressTerm.Created():
            return Case(ReviewCampaign.id_for(event.originator_id), "review")
        case ReviewReport.Created():
            return Case(event.campaign, "review")
        case Unit.Created():
            return Case(event.originator_id, "unit")
        case Cluster.Created():
            return Case(event.originator_id, "cluster")
    return None
