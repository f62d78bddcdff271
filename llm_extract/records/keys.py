"""Keys for counting across notices: a unit with the division its notice leaves implicit (县财政局 in a 平阳县
notice is 平阳县财政局), a phone as a caller inside its area dials it (a local number with its notice's area code).
A unit written in full or a phone the notice does not settle is keyed as written; a unit written short whose
division the notice does not settle has no key (None): as written, two counties' 县财政局 would count as one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Notice, Region, Team

# A unit written short, its rank's word then the unit (县财政局, 区委办, 市科技局); not a word that starts so
# (市场监督管理局, 县城, 区域).
_SHORT = re.compile(r"^(?P<rank>[省市县区])(?!场|城|域|直|属|级|内|外|区)(?=[\u4e00-\u9fff]{2})")
_AREA = re.compile(r"^(?P<area>0\d{2,3})-\d{7,8}")


def unit_full(unit: str, region: Region | None) -> str | None:
    """The unit with its division's name where it is written with only its rank's word and the notice's region is
    of that rank (县财政局 → 平阳县财政局 for a 平阳县 notice); None for such a unit where the region is not of that
    rank or unknown; else (a unit written in full) as written."""
    m = _SHORT.match(unit)
    if not m:
        return unit
    if region is None:
        return None
    place = {"县": region.county, "区": region.county, "市": region.county or region.city, "省": region.province}[m["rank"]]
    return place + unit[1:] if place and place.endswith(m["rank"]) else None


def phone_key(number: str, area: str | None) -> str:
    """The number as dialled inside its area: with its area code where written, a local number (7 or 8 digits)
    with `area` (its notice's), else as written."""
    return f"{area}-{number}" if area and re.fullmatch(r"\d{7,8}", number) else number


def notice_area(notice: Notice) -> str | None:
    """The one area code the notice's numbers share, None where they give none or several."""
    areas = {m["area"] for t in notice.teams + ([notice.round] if notice.round else []) for p in t.phones
             if (m := _AREA.match(p.number))}
    return areas.pop() if len(areas) == 1 else None


@dataclass(frozen=True)
class NoticeKeys:
    """What keys a notice's values: its region and its numbers' shared area code, worked out once a notice."""

    region: Region | None
    area: str | None

    @classmethod
    def of(cls, notice: Notice) -> NoticeKeys:
        return cls(notice.region, notice_area(notice))

    def units(self, team: Team) -> list[str | None]:
        """The team's units, each as `unit_full` keys it (None: no key)."""
        return [unit_full(t, self.region) for t in team.targets]

    def phones(self, team: Team) -> list[str]:
        """The team's phones, each as `phone_key` keys it."""
        return [phone_key(p.number, self.area) for p in team.phones]
