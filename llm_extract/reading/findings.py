"""Everything the deterministic extractors read from one notice, read once.

The rules backend assembles an answer from it; the LLM backend builds its focused prompt
from it and cross-checks the model's answer against it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from .assign import Roster, build_roster
from .classify import page_chrome, publication_date, text_kind
from .extractors import Found
from .extractors.dates import (
    Day,
    Range,
    anchors,
    find_dates,
    find_deadlines,
    find_durations,
    find_periods,
    find_ranges,
    infer_year,
)
from .extractors.emails import find_emails
from .extractors.hours import find_hours
from .extractors.mailboxes import MailboxValue, find_mailboxes, find_postcodes
from .extractors.people import find_deputies, find_leaders
from .extractors.phones import PhoneValue, find_phones
from .extractors.rounds import RoundWords, find_round
from .extractors.tables import find_tables
from .extractors.targets import find_targets, plan_times
from .extractors.teams import (
    TeamName,
    find_bare_teams,
    find_ordinal_heads,
    find_team_refs,
    find_teams,
    find_unnumbered_teams,
    same_team,
)
from .lexicon import LazyPattern, alternation
from .normalize import NormText, normalize

_FOOTER = LazyPattern(lambda: alternation("footer", "markers"))
_ARTICLE_END = LazyPattern(lambda: alternation("footer", "article_end"))
_SITE_LABEL = LazyPattern(lambda: alternation("footer", "site_labels"))
_NOT_SITE = LazyPattern(lambda: alternation("footer", "not_site"))
_SITE_LINE = 80  # characters: a site's address or phone line is short


@dataclass(frozen=True)
class Findings:
    """One notice's normalised text and every value the extractors found in it, with spans."""

    norm: NormText
    body_end: int
    anchors: list[Day]
    phones: list[Found[PhoneValue]]
    emails: list[Found[str]]
    mailboxes: list[Found[MailboxValue]]
    postcodes: list[Found[str]]
    hours: list[Found[str]]
    dates: list[Found[Day]]
    periods: list[Found[Range]]
    deadlines: list[Found[Day]]
    durations: list[Found[str]]
    teams: list[Found[TeamName]]
    leaders: list[Found[str]]
    deputies: list[Found[str]]
    targets: list[Found[str]]
    cells: list[tuple[int, int, TeamName]]
    team_refs: list[Found[int]]
    round: RoundWords
    published: Found[str] | None = None  # the publication date the page prints (发布时间：…), its span in the original

    @property
    def text(self) -> str:
        return self.norm.text

    @cached_property
    def placement(self) -> Roster:
        """Every team the text names and where each value belongs, by position (built once per notice)."""
        return build_roster(self.text, self.teams, cells=self.cells, refs=self.team_refs)

    def dated(self, day: Day) -> Day:
        """The day with its year inferred from this notice's anchors (and where that year came from)."""
        return infer_year(day, self.anchors)


def body_end(text: str) -> int:
    """Where a page's own footer starts (its phones are the site's or the newsroom's), else the text's end: the
    first footer marker in the text's last two thirds, moved back over the short lines of the site's address,
    phone or e-mail right before it (not before the article's editor line: those lines are the article's)."""
    m = _FOOTER.search(text, len(text) // 3)
    if not m:
        return len(text)
    end = m.start()
    if _ARTICLE_END.fullmatch(m[0]):  # "责任编辑": what stands right before it is the article's last lines
        return end
    while end > len(text) // 3:
        start = text.rfind("\n", 0, end - 1) + 1 if text[end - 1] == "\n" else text.rfind("\n", 0, end) + 1
        part = text[start:end].strip()
        if part and not _site_line(part):
            break
        end = start
    return end


def _site_line(line: str) -> bool:
    """A site's own address, phone or e-mail line: short, labelled, and saying nothing of the inspection."""
    return len(line) <= _SITE_LINE and bool(_SITE_LABEL.search(line)) and not _NOT_SITE.search(line)


def _one_team(mentions: list[Found[TeamName]], kind: str) -> list[Found[TeamName]]:
    """Of teams named without a number, the text's one team: of its kind, the one it names most (first, on a tie);
    "中央巡视组" and "省委巡视组" in a county's notice on its "县委巡察组" are other bodies' teams in passing."""
    ours = [m for m in mentions if m.value.kind == kind] or mentions
    groups: list[list[Found[TeamName]]] = []
    for m in ours:
        group = next((g for g in groups if same_team(g[0].value, m.value)), None)
        if group is None:
            groups.append([m])
        else:
            group.append(m)
    return max(groups, key=len) if groups else []


def _periods(body: str, ranges: list[Found[Range]], dates: list[Found[Day]],
             cells: list[tuple[int, int]]) -> list[Found[Range]]:
    """The ranges that give a team's working period: by their cues, in a table's column of periods (a day alone
    there its first), and the days of a staggered plan's units."""
    periods = find_periods(body, ranges, dates)

    def in_a_cell(f: Found[Any]) -> bool:
        return any(s <= f.start and f.end <= e for s, e in cells)

    in_cell = [r for r in ranges if in_a_cell(r)]
    alone = [Found(Range(d.value, None), d.start, d.end) for d in dates
             if in_a_cell(d) and not any(r.start <= d.start < r.end for r in in_cell)]
    periods += [r for r in in_cell + alone if r not in periods]
    planned = plan_times(body)  # sorted, apart: only the last one begun before a range can hold it
    starts = [s for s, _ in planned]
    seen = set(periods)

    def in_plan(r: Found[Range]) -> bool:
        k = bisect_right(starts, r.start) - 1
        return k >= 0 and r.end <= planned[k][1]

    return sorted(periods + [r for r in ranges if r not in seen and in_plan(r)], key=lambda r: r.start)


def read(original: str, reference: date | None = None, reference_from: str = "reference") -> Findings:
    """Run every extractor over one notice, its page chrome cut first (offsets kept). `reference` dates a notice
    whose text has no year; `reference_from` says what it is ("published": the notice's own publication date)."""
    norm = normalize(original)
    printed = publication_date(norm.text)  # in the page's own lines too, so before they are cut
    published = Found(printed.value, *norm.span(printed.start, printed.end)) if printed else None
    chrome = page_chrome(norm.text)
    dated_lines = [d for s, e in chrome for d in find_dates(norm.text[s:e])]  # a page's date line dates the notice
    norm = norm.without(chrome)
    text = norm.text
    end = body_end(text)
    body = text[:end]
    dates = find_dates(text)
    ranges = find_ranges(text, dates)
    kind = text_kind(body)
    tables = find_tables(body, kind)
    phones, emails, mailboxes = find_phones(body), find_emails(body), find_mailboxes(body)
    # The fullest names the text has: numbered teams; else lines headed by a team's number alone ("第一组："); else
    # teams named without a number; else, when the text
    # gives channels, a team it calls only "巡察组". A team word without a number is no team where the text
    # gives its teams as a count or speaks of several at once: that is the round's teams.
    round_words = find_round(body)
    teams = (find_teams(body) + tables.teams or find_ordinal_heads(body, kind)
             or ([] if round_words.several else _one_team(find_unnumbered_teams(body), kind)
                 or (find_bare_teams(body) if phones or emails or mailboxes else [])))
    return Findings(
        norm=norm,
        body_end=end,
        anchors=anchors(dated_lines + dates, reference, reference_from),
        phones=phones,
        emails=emails,
        mailboxes=mailboxes,
        postcodes=find_postcodes(body),
        hours=find_hours(body),
        dates=dates,
        periods=_periods(body, ranges, dates, tables.periods),
        deadlines=find_deadlines(body, dates, ranges),
        durations=find_durations(body),
        teams=sorted(teams, key=lambda t: t.start),
        leaders=sorted(find_leaders(body) + tables.leaders, key=lambda t: t.start),
        deputies=sorted(find_deputies(body) + tables.deputies, key=lambda t: t.start),
        targets=sorted(find_targets(body) + tables.targets, key=lambda t: t.start),
        cells=tables.cells,
        team_refs=find_team_refs(body),
        round=round_words,
        published=published,
    )
