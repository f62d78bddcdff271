"""Notice-level reading: the headline, whether it is a Party inspection at all, and what event it reports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Literal

from ..models import Event, Kind, notice_year
from .extractors import Found
from .lexicon import LazyPattern, alternation

_LOOKALIKE = LazyPattern(lambda: alternation("kind", "lookalikes"))
_CHROME = LazyPattern(lambda: alternation("chrome", "markers"))
_PARTY = re.compile(r"党|中央|省委|市委|县委|区委|州委")
_EVENT_NAMES: tuple[Event, ...] = ("feedback", "other", "deployment", "mobilization")
_EVENTS = [(name, LazyPattern(partial(alternation, "event", name))) for name in _EVENT_NAMES]
_HEADER = re.compile(
    r"(?:委员会|网站|网|(?<![通公简汇快])报|首页|频道)$|^(?:来源|发布时间|作者|字号|分享|打印)|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}"
)


def _head(text: str) -> Iterator[tuple[int, str, bool]]:
    """The text's non-blank lines before its first sentence: start, line, and whether it is the page's own
    (a site's header, breadcrumbs, greetings, a date or share bar)."""
    pos, seen = 0, 0
    for line in text.split("\n"):
        start, body = pos + len(line) - len(line.lstrip()), line.strip()
        pos += len(line) + 1
        if not body:
            continue
        seen += 1
        if seen > 8 or body.startswith("根据") or "。" in body or len(body) > 60:
            return
        yield start, body, bool(_HEADER.search(body) or _CHROME.search(body))


def page_chrome(text: str) -> list[tuple[int, int]]:
    """The spans of the page's own lines at the head of a pasted or scraped page, each with its line break."""
    return [(start, min(len(text), start + len(body) + 1)) for start, body, chrome in _head(text) if chrome]


_PRINTED_DATE = re.compile(r"(?:发布时间|发布日期|发稿时间|发表时间|发布于)\s*:?\s*(?P<y>[0-9]{4})\s*[-年/.]\s*(?P<m>[0-9]{1,2})"
                           r"\s*[-月/.]\s*(?P<d>[0-9]{1,2})")


def publication_date(text: str) -> Found[str] | None:
    """The publication date a page prints with its label ("发布时间：2031-12-04", "发布日期：2031年12月4日"), ISO, with
    its span; None where it prints none, or none that is a day from 1949 to 2100."""
    for m in _PRINTED_DATE.finditer(text):
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        if notice_year(day.year):
            return Found(day.isoformat(), m.start("y"), m.end("d"))
    return None


def find_title(text: str) -> tuple[int, int] | None:
    """The span of the headline when the text starts with one (skipping the page's own lines), else None.
    A short line is a headline only when it names an inspection ("巡察公告")."""
    for start, body, chrome in _head(text):
        if chrome or (len(re.findall(r"[\u4e00-\u9fff]", body)) < 6 and not re.search(r"巡视|巡察", body)):
            continue
        return start, start + len(body)
    return None


def find_kind(text: str, team_kinds: list[str]) -> Kind:
    """`巡视`, `巡察`, or `其他` for texts about bodies that are not Party inspections."""
    if "监察院" in text and not _PARTY.search(text):  # Taiwan's Control Yuan also "巡察"s, in numbered 组s too
        return "其他"
    if team_kinds:
        return "巡察" if team_kinds.count("巡察") > team_kinds.count("巡视") else "巡视"
    inspections = len(re.findall(r"巡视|巡察", text))
    if inspections == 0 or len(_LOOKALIKE.findall(text)) >= inspections:
        return "其他"
    return text_kind(text)


def text_kind(text: str) -> Literal["巡视", "巡察"]:
    """巡视 or 巡察, by which word the text uses more, its first 200 characters (its headline and lead) counting ten
    times; a tie is 巡视's. The one rule for a notice's kind and for the kind of the teams it names bare ("一组")."""
    head = text[:200]
    counts = {k: head.count(k) * 10 + text.count(k) for k in ("巡视", "巡察")}
    return "巡察" if counts["巡察"] > counts["巡视"] else "巡视"


def find_event(title: str | None, text: str, has_team_channels: bool) -> Event:
    """mobilization, feedback, deployment or other, read from the headline (or the lead) first."""
    lead = title or text[:150]
    for name, pattern in _EVENTS:
        if pattern.search(lead):
            if name == "deployment" and has_team_channels:
                return "mobilization"
            return name
    return "mobilization" if has_team_channels else "other"
