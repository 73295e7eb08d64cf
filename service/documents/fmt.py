"""Vietnamese formats for documents: numbers (9,5; 1.000), dates (05/12/2015) and the
place-and-date line of Nghị định 30/2020/NĐ-CP ("Cao Bằng, ngày 05 tháng 01 năm 2016")."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

BLANK = "……………………"  # a line left to be filled in by hand: data the store does not hold


def number(value: Any, places: int | None = None) -> str:
    """9.5 → "9,5"; 1000 → "1.000"; -2 → "-2". `places` fixes the decimals (half-up)."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    else:
        d = d.normalize()
    sign, text = ("-", str(-d)) if d < 0 else ("", str(d))
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return sign + out + ("," + frac if frac else "")


def signed(value: Any) -> str:
    """A difference: "+1,5", "-2", "0"."""
    if value is None:
        return ""
    d = Decimal(str(value))
    return ("+" if d > 0 else "") + number(d)


def percent(value: Any, places: int = 1) -> str:
    return "" if value is None else number(value, places) + "%"


def day(value: date | str | None) -> str:
    """dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return d.strftime("%d/%m/%Y")


def place_date(place: str, value: date | str | None) -> str:
    """ "<place>, ngày 05 tháng 01 năm 2016": days below 10 and months 1–2 take a 0."""
    if value is None or value == "":
        return f"{place}, ngày {BLANK[:4]} tháng {BLANK[:4]} năm {BLANK[:6]}"
    d = date.fromisoformat(value) if isinstance(value, str) else value
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


FILTERS = {
    "num": number,
    "signed": signed,
    "pct": percent,
    "day": day,
    "place_date": place_date,
}
