"""Dates, working periods, petition deadlines and durations, with the year inferred from the text.

A date without a year takes the year that puts it nearest to a dated anchor: another date in
the text (a deadline, a dateline, a signature) or, failing that, the reference date the caller
passes. With neither it is written `--MM-DD`, as the contract says. Each day keeps where its
year came from (`Day.year_from`), so that a record can say which years were inferred.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from ..lexicon import LazyPattern, alternation
from ..numerals import to_int
from . import Found, sentence_bounds

_CN = "〇零○一二三四五六七八九十两"
_NUM = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
_YEAR = rf"(?:(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*)"
_DATE = (
    rf"(?:{_YEAR}?(?P<mo>{_NUM})\s*月\s*(?:(?P<d>{_NUM})\s*[日号]|(?P<eom>底|末))"
    rf"|(?P<iy>(?:19|20)\d{{2}})[-/.](?P<imo>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?!\d)"
    rf"|(?P<by>\d{{4}})\s*年\s*(?P<bmd>\d{{3,4}})\s*[日号])"
)
_DATE_RE = re.compile(_DATE)
_DAY_ONLY = re.compile(rf"(?P<d>{_NUM})\s*[日号]")
_RANGE_SEP = re.compile(r"\s*(?:上午|下午)?\s*(?:起)?\s*(?:至|到|-+)\s*")
_SAME_DAY = re.compile(r"同日|当日|同一天|当天")
_SAME_DAY_REACH = 200  # characters back a 同日 looks for its date
_PERIOD_CUE = LazyPattern(lambda: alternation("dates", "period_context"))
# After a date: it starts something ("起", "进驻"), or a team's 进驻 or 动员会 follows in the same sentence
# ("5月6日，市委第一巡察组入驻…", "3月18日，某巡察组巡察某单位工作动员会召开"); a round's 动员部署会 is not one.
_ENDS = re.compile(r"\s*前?\s*(?:驻点|现场)?(?:巡视|巡察)?(?:工作)?结束(?:现场|驻点)?(?:巡视|巡察)?")
_TEAM_START = re.compile(r"进驻|入驻|动员")  # what the team itself does on the day: a cue of its own
_END_AFTER = re.compile(r"(?:巡视|巡察)(?:工作)?时间(?:到|至)\s*$")  # "巡视时间到4月30日": an end with no start
_STARTS = re.compile(r"\s*\)?\s*(?:起|开始|进驻|入驻|(?:上午|下午)?\s*,\s*(?:[^。;,\n]{2,20}?(?:进驻|入驻)"
                     r"|[^。;\n]{2,80}?组[^。;\n]{0,60}?(?<!部署)动员大?会))")
_CLOSING = LazyPattern(lambda: r"\s*起?\s*(?:" + alternation("dates", "closing") + ")")
_DEADLINE_CTX = LazyPattern(lambda: alternation("dates", "deadline_context"))
_SHARED_WINDOW = LazyPattern(lambda: alternation("dates", "shared_window"))
_DEADLINE_BEFORE = LazyPattern(
    lambda: r"(?:" + alternation("dates", "deadline_before") + r")\s*(?:为|到|至)?\s*(?:即日起至)?\s*$")
_DEADLINE_AFTER = LazyPattern(lambda: r"\s*(?:" + alternation("dates", "deadline_after") + ")")
_DURATION = re.compile(
    rf"(?P<v>(?:约)?(?:\d{{1,3}}|[{_CN}]{{1,3}})(?:个半|个)?(?:月|天|周|星期)(?:左右)?)(?![{_CN}\d]*\s*[日号底末])"
)
_DURATION_CUE = re.compile(r"(?:工作|为期|时间|时长|进驻|巡视|巡察)\s*(?:为|约)?\s*$")


@dataclass(frozen=True)
class Day:
    """A calendar day whose year may be unknown (`year` None)."""

    month: int
    day: int
    year: int | None = None
    eom: bool = False  # written as 月底: the month's last day, whatever the year
    # Where the year came from: "written" at the day itself, "period" (its period's other end), "text" (another
    # date in the text), "published" or "reference" (the notice's publication date, the run's reference date).
    year_from: str | None = field(default=None, compare=False)

    @classmethod
    def from_iso(cls, value: str) -> Day:
        """The day a contract date (`YYYY-MM-DD` or `--MM-DD`) writes; its year, where it has one, as given."""
        year, month, day = value.rsplit("-", 2) if not value.startswith("--") else ("", *value[2:].split("-"))
        return cls(int(month), int(day), int(year) if year else None)

    def iso(self) -> str:
        """`YYYY-MM-DD`, or `--MM-DD` when the year is unknown."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.year else f"--{self.month:02d}-{self.day:02d}"

    def ordinal(self, year: int) -> int:
        return date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1])).toordinal()


def _valid(month: int | None, day: int | None) -> bool:
    return month is not None and day is not None and 1 <= month <= 12 and 1 <= day <= 31


def _month_end(month: int, year: int | None) -> int:
    return calendar.monthrange(year or 2001, month)[1]  # 2001: not a leap year, as with no year Feb ends on 28


def _parse(m: re.Match[str]) -> Day | None:
    y: int | None
    mo: int | None
    d: int | None
    if m["iy"]:
        y, mo, d = int(m["iy"]), int(m["imo"]), int(m["id"])
    elif m["by"]:  # a broken date "2023年915日": split the digits where month and day are both valid
        y, md = int(m["by"]), m["bmd"]
        splits = [(int(md[:i]), int(md[i:])) for i in (1, 2) if _valid(int(md[:i]), int(md[i:]))]
        if not splits:
            return None
        mo, d = splits[0]
    else:
        y = to_int(m["y"]) if m["y"] else None
        mo = to_int(m["mo"])
        if mo is None or not 1 <= mo <= 12:
            return None
        d = _month_end(mo, y) if m["eom"] else to_int(m["d"])
    if mo is None or d is None or not _valid(mo, d) or (y is not None and not 1900 < y < 2200):
        return None
    return Day(mo, d, y, bool(m["eom"]), "written" if y else None)


def find_dates(text: str) -> list[Found[Day]]:
    """Every calendar date in `text`, years as written (None where the text gives none); 同日/当日 is the date
    written last before it."""
    out = []
    for m in _DATE_RE.finditer(text):
        day = _parse(m)
        if day:
            out.append(Found(day, m.start(), m.end()))
    ends = [f.end for f in out]
    for m in _SAME_DAY.finditer(text):  # "乙组于同日进驻": the day last written before it
        k = bisect_right(ends, m.start()) - 1
        if k >= 0 and m.start() - out[k].end <= _SAME_DAY_REACH:
            out.append(Found(out[k].value, m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


def infer_year(day: Day, anchors: list[Day]) -> Day:
    """Give a yearless day the year that puts it nearest in time to one of the dated anchors."""
    if day.year or not anchors:
        return day
    best: tuple[int, int, Day] | None = None
    for a in anchors:
        assert a.year is not None
        for y in (a.year - 1, a.year, a.year + 1):
            dist = abs(day.ordinal(y) - a.ordinal(a.year))
            if best is None or dist < best[0]:
                best = (dist, y, a)
    assert best is not None
    return _in_year(day, best[1], "text" if best[2].year_from == "written" else best[2].year_from)


def _in_year(day: Day, year: int, source: str | None) -> Day:
    return replace(day, year=year, day=_month_end(day.month, year) if day.eom else day.day, year_from=source)


def infer_period(start: Day | None, end: Day | None, anchors: list[Day]) -> tuple[Day | None, Day | None]:
    """A period's two ends given their years together, never an end before its start: a yearless end takes the
    start's year (the next when its month and day fall before the start's), a yearless start the end's (the one
    before, likewise); only an end with no start, or a start whose end has no year either, is placed by the
    anchors as a lone day is."""
    if start and end and start.year is None and end.year is not None:
        start = _in_year(start, end.year - ((start.month, start.day) > (end.month, end.day)), "period")
    start = infer_year(start, anchors) if start else None
    if start and end and end.year is None and start.year is not None:
        return start, _in_year(end, start.year + ((end.month, end.day) < (start.month, start.day)), "period")
    return start, infer_year(end, anchors) if end else None


def anchors(dates: list[Found[Day]], reference: date | None, reference_from: str = "reference") -> list[Day]:
    """The dated anchors a yearless date takes its year from: the text's own, else the reference date (whose
    `reference_from` says what it is: "published" for the notice's own publication date)."""
    own = [f.value for f in dates if f.value.year]
    if own:
        return own
    return [Day(reference.month, reference.day, reference.year, year_from=reference_from)] if reference else []


@dataclass(frozen=True)
class Range:
    """A from-to pair of days as written; `end` None when only the start is given."""

    start: Day | None
    end: Day | None


def find_ranges(text: str, dates: list[Found[Day]]) -> list[Found[Range]]:
    """Every `DATE 至 DATE` (or `DATE 至 N日`) in the text; the second date takes the first one's year and month."""
    out: list[Found[Range]] = []
    for i, first in enumerate(dates):
        sep = _RANGE_SEP.match(text, first.end)
        if not sep:
            continue
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt and nxt.start == sep.end():
            second, end = nxt.value, nxt.end
            if second.year is None and first.value.year and (second.month, second.day) >= (first.value.month, first.value.day):
                second = replace(second, year=first.value.year, year_from="period")
        elif (d := _DAY_ONLY.match(text, sep.end())) and _valid(first.value.month, to_int(d["d"])):
            second, end = replace(first.value, day=to_int(d["d"]) or 0,
                                  year_from="period" if first.value.year else None), d.end()
        else:
            continue
        out.append(Found(Range(first.value, second), first.start, end))
    return out


def find_periods(text: str, ranges: list[Found[Range]], dates: list[Found[Day]]) -> list[Found[Range]]:
    """The ranges that give a team's working period: those next to 巡视期间, 起止时间, 开展巡视 and the like."""
    out = []
    for r in ranges:
        s, e = sentence_bounds(text, r.start, r.end)
        near = text[max(s, r.start - 40) : min(e, r.end + 40)]
        if _SHARED_WINDOW.search(text, r.end, e):
            continue  # "5月21日至22日，各组分别进驻": the teams' entry window, nobody's period
        if _PERIOD_CUE.search(near) and not _DEADLINE_CTX.search(text[max(s, r.start - 12) : r.start]):
            out.append(r)
    if out:
        return out
    for f in dates:  # "3月1日起…", "于3月1日进驻", "5月6日，市委第一巡察组入驻…": a start with no end
        start = _STARTS.match(text, f.end)
        s, e = sentence_bounds(text, f.start, f.end)
        if start and not _CLOSING.match(text, f.end):
            if _TEAM_START.search(start[0]) or _PERIOD_CUE.search(text[s:e]):
                out.append(Found(Range(f.value, None), f.start, f.end))
        elif _END_AFTER.search(text, max(0, f.start - 12), f.start):
            out.append(Found(Range(None, f.value), f.start, f.end))
        elif (end := _ENDS.match(text, f.end)) and not _DEADLINE_CTX.search(text[s:e]):
            # "至5月26日结束", "6月11日结束现场巡察", "8月15日前驻村巡察结束": an end with no start
            if "巡" in end[0] or _PERIOD_CUE.search(text[s:e]):
                out.append(Found(Range(None, f.value), f.start, f.end))
    return out


def find_deadlines(text: str, dates: list[Found[Day]], ranges: list[Found[Range]]) -> list[Found[Day]]:
    """The last day petitions are accepted: 截止到 X, 截至 X, X 前, 于 X 关闭, 受理时间为 A 至 X."""
    out = []
    for f in dates:
        s, e = sentence_bounds(text, f.start, f.end)
        if not _DEADLINE_CTX.search(text[s:e]):
            continue
        before = text[max(s, f.start - 14) : f.start]
        if _DEADLINE_BEFORE.search(before) or _DEADLINE_AFTER.match(text, f.end):
            out.append(f)
    for r in ranges:
        s, _ = sentence_bounds(text, r.start, r.end)
        if r.value.end and re.search(r"受理|信访", text[max(s, r.start - 12) : r.start]):
            out.append(Found(r.value.end, r.start, r.end))
    return sorted(out, key=lambda f: f.start)


def find_durations(text: str) -> list[Found[str]]:
    """Stated working lengths as written (`2个月`, `2个半月左右`, `21天左右`) after 工作 / 为期 / 时间."""
    out = []
    for m in _DURATION.finditer(text):
        if _DURATION_CUE.search(text[max(0, m.start() - 8) : m.start()]):
            out.append(Found(m["v"], m.start("v"), m.end("v")))
    return out
