"""Every non-JSON type stored in events, transcoded in one place.

A transcoding's `name` is written into each stored event: never rename one.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.kernel.base import Actor


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ActorAsList(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> list[str | None]:
        return [obj.account, None if obj.unit is None else obj.unit.hex]

    def decode(self, data: list[str | None]) -> Actor:
        account, unit = data
        return Actor(str(account), None if unit is None else UUID(unit))


def register(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    transcoder.register(ActorAsList())
