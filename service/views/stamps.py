"""An event's stamp (class, stream, version, recorded time, actor) read from its stored
bytes without decoding the event: what a timeline row needs.

The stored state is the library's JSON (eventsourcing's JSONTranscoder with
service/platform/transcodings.py): every event's state starts with its timestamp and
(after a creation's `originator_topic`) its actor, as
`{"timestamp":{"_type_":"datetime_iso","_data_":"…"},"actor":{"_type_":"actor","_data_":[…]}`.
The ISO time is the one `timestamp.isoformat()` gives back after decoding, so a row from
the stamp equals the row from the decoded event (tests/service/test_timeline_stamps.py
compares them for every event of the demo). A state that does not start that way
(compressed, encrypted, an older shape, an escaped account name) gives None: the caller
decodes the event as before.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from eventsourcing.utils import resolve_topic

from projections.audit.timeline import Stamp

_PREFIX = re.compile(
    rb'\{"timestamp":\{"_type_":"datetime_iso","_data_":"([0-9T:.+\-]+)"\},'
    rb'(?:"originator_topic":"[^"\\]*",)?'
    rb'"actor":\{"_type_":"actor","_data_":\["([^"\\]*)",(?:null|"([0-9a-f]{32})")\]\}[,}]'
)
_CLASSES: dict[str, type] = {}


def stamp_of(notification: Any) -> Stamp | None:
    """The stamp of a stored event (a notification), or None if its bytes do not say it
    plainly."""
    state = notification.state
    found = _PREFIX.match(state if isinstance(state, bytes) else bytes(state))
    if found is None:
        return None
    cls = _CLASSES.get(notification.topic)
    if cls is None:
        cls = _CLASSES[notification.topic] = resolve_topic(notification.topic)
    at, account, unit = found.groups()
    originator = notification.originator_id
    return Stamp(
        cls,
        originator.hex if isinstance(originator, UUID) else UUID(originator).hex,
        notification.originator_version,
        at.decode(),
        account.decode(),
        unit.decode() if unit is not None else None,
    )
