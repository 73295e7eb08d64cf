"""Regulation presets (mẫu Quy chế) as data: `presets.json` beside this module.

Each preset names its legal sources and a regulation a person starts a draft from and
then edits (the legal basis, shares, caps, tie-break order ...). The figures are data,
never constants in code: DOMAIN.md "The world since 2024–2025".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from domain.kernel.base import require
from domain.org.regulation import Regulation

FILE = Path(__file__).with_name("presets.json")


@dataclass(frozen=True)
class Preset:
    code: str
    name: str
    name_en: str
    sources: tuple[str, ...]
    note: str
    regulation: Regulation


@cache
def presets() -> tuple[Preset, ...]:
    data: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
    return tuple(
        Preset(
            p["code"],
            p["name"],
            p.get("name_en", p["name"]),
            tuple(p.get("sources", ())),
            p.get("note", ""),
            Regulation.from_dict({**p["regulation"], "preset": p["code"]}),
        )
        for p in data["presets"]
    )


def preset(code: str) -> Preset:
    for p in presets():
        if p.code == code:
            return p
    require(False, "regulation.unknown_preset")
    raise AssertionError  # unreachable
