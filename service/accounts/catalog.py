"""What pages list: accounts, clusters and review campaigns, kept per process.

The list grows from creation events only, read from the log *after the last position
seen* (an index range on the notification id), so a page never rescans history: after
the first call, each refresh costs the events saved since the previous one.
"""

from __future__ import annotations

import threading
from uuid import UUID

from domain.accounts.account import Account
from domain.org.cluster import Cluster
from domain.review.campaign import ReviewCampaign
from service.platform.app import ThiduaApplication

BATCH = 1000
KINDS = {
    Account.Created.TOPIC: "accounts",
    Cluster.Created.TOPIC: "clusters",
    ReviewCampaign.Created.TOPIC: "campaigns",
}


class Catalog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._position: int | None = None
        self._ids: dict[str, list[UUID]] = {kind: [] for kind in KINDS.values()}

    def refresh(self, app: ThiduaApplication) -> None:
        with self._lock:
            head = app.recorder.max_notification_id() or 0
            while self._position is None or self._position < head:
                start = self._position
                batch = app.recorder.select_notifications(
                    start, BATCH, stop=head, topics=list(KINDS), inclusive_of_start=start is None
                )
                for n in batch:
                    self._ids[KINDS[n.topic]].append(UUID(str(n.originator_id)))
                self._position = batch[-1].id if len(batch) == BATCH else head

    def ids(self, app: ThiduaApplication, kind: str) -> list[UUID]:
        self.refresh(app)
        return list(self._ids[kind])


def catalog(app: ThiduaApplication) -> Catalog:
    """The catalogue of this application object (one per process and store)."""
    found = app.__dict__.get("_thidua_catalog")
    if found is None:
        found = app.__dict__["_thidua_catalog"] = Catalog()
    return found


def accounts(app: ThiduaApplication) -> list[Account]:
    found = [app.get(i) for i in catalog(app).ids(app, "accounts")]
    return sorted(found, key=lambda a: a.username)


def cluster_ids(app: ThiduaApplication) -> list[UUID]:
    return catalog(app).ids(app, "clusters")


def campaign_ids(app: ThiduaApplication) -> list[UUID]:
    return catalog(app).ids(app, "campaigns")
