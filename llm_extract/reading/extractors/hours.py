"""Phone hours as 24-hour ranges, and whether they hold on working days or every day."""

from __future__ import annotations

import re
from typing import Literal

from ..lexicon import LazyPattern, alternation
from . import Found

# Bounded gaps ({0,3}) keep the pattern linear in the text: an unbounded \s* before a required digit
# would rescan every run of blank lines from each of its positions.
_HALF = (r"(?P<{p}>上午|下午|中午|早上|晚上|早|晚)?\s{{0,3}}(?P<{h}>\d{{1,2}})"
         r"(?:\s{{0,3}}(?::|点|时)\s{{0,3}}(?P<{m}>\d{{2}}|半)?分?)?")
_RANGE = re.compile(
    _HALF.format(p="p1", h="h1", m="m1") + r"\s{0,3}(?:-{1,3}|至|到)\s{0,3}" + _HALF.format(p="p2", h="h2", m="m2")
)
_CUE = LazyPattern(lambda: alternation("hours", "cues"))
_WORKDAYS = LazyPattern(lambda: alternation("hours", "workdays"))
_DAILY = LazyPattern(lambda: alternation("hours", "daily"))
_PM = ("下午", "晚上", "晚")


def _clock(prefix: str | None, hour: int, minute: str | None) -> tuple[int, int]:
    mins = 30 if minute == "半" else int(minute or 0)
    if prefix in _PM and hour < 12:
        hour += 12
    return hour, mins


def find_hours(text: str) -> list[Found[str]]:
    """Every time range near a phone or hours cue, as `HH:MM-HH:MM`; 12-hour afternoons made 24-hour."""
    out: list[Found[str]] = []
    for m in _RANGE.finditer(text):
        if not any(m[k] for k in ("m1", "m2")) and "点" not in m[0] and "时" not in m[0]:
            continue  # "8-12" alone is not a clock range
        if text[m.end() : m.end() + 1] in ("月", "日", "号", "年") or text[m.start() - 1 : m.start()] in ("月", "年"):
            continue
        if not _CUE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        p1, p2 = m["p1"], m["p2"] or (m["p1"] if m["p1"] in _PM else None)
        h1, m1 = _clock(p1, int(m["h1"]), m["m1"])
        h2, m2 = _clock(p2, int(m["h2"]), m["m2"])
        if (h2, m2) <= (h1, m1) and h2 < 12:
            h2 += 12  # "8:30至5:30" is an afternoon end on a 12-hour clock
        if not (0 <= h1 < 24 and 0 < h2 <= 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2)):
            continue
        out.append(Found(f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}", m.start(), m.end()))
    return out


def hours_days(text: str, hours: list[Found[str]]) -> Literal["workdays", "daily"] | None:
    """`workdays` or `daily` when the words just before the first hours say so, else None."""
    if not hours:
        return None
    window = text[max(0, hours[0].start - 40) : hours[-1].end + 20]
    if _WORKDAYS.search(window):
        return "workdays"
    if _DAILY.search(window):
        return "daily"
    return None
