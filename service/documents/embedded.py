"""Read a PDF's embedded files (the /EmbeddedFiles name tree) with pyHanko's reader.

Each file comes with what the PDF states about it (/Params /Size and /CheckSum, the
MD5 that PDF/A-3 attachments carry), so a verifier can tell a file that no longer
matches its own description.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EmbeddedFile:
    name: str
    data: bytes
    size: int | None  # /Params /Size, if stated
    md5: bytes | None  # /Params /CheckSum, if stated
    relationship: str | None  # /AFRelationship ("Source")

    @property
    def matches_params(self) -> bool:
        if self.size is not None and self.size != len(self.data):
            return False
        return self.md5 is None or self.md5 == hashlib.md5(self.data).digest()


def _names(node: Any) -> list[tuple[str, Any]]:
    """(name, filespec) pairs of a name tree node and its kids."""
    found = []
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names) - 1, 2):
            found.append((str(names[i]), names[i + 1].get_object()))
    for kid in node.get("/Kids", []):
        found.extend(_names(kid.get_object()))
    return found


def _raw(value: Any) -> bytes:
    """A PDF string's bytes (pyHanko reads some as text strings)."""
    original = getattr(value, "original_bytes", None)
    return bytes(original) if original is not None else bytes(value)


def files(reader: Any) -> dict[str, EmbeddedFile]:
    root = reader.root
    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    if tree is None:
        return {}
    found = {}
    for key, spec in _names(tree.get_object()):
        stream = spec["/EF"]["/F"].get_object()
        params = stream.get("/Params")
        params = params.get_object() if params is not None else {}
        size = params.get("/Size")
        checksum = params.get("/CheckSum")
        name = str(spec.get("/UF", spec.get("/F", key)))
        relationship = spec.get("/AFRelationship")
        found[name] = EmbeddedFile(
            name=name,
            data=stream.data,
            size=int(size) if size is not None else None,
            md5=_raw(checksum) if checksum is not None else None,
            relationship=str(relationship)[1:] if relationship is not None else None,
        )
    return found
