"""Which team a value belongs to, read from where it stands in the text.

A value belongs to the team it names within itself (a letter's recipient); else to the team named last
before it in the same sentence; else to the team whose heading line ("(一)县委第二巡察组") or clause
("县委第二巡察组巡察甲局。举报电话：…。县委第三巡察组…") it stands under; else to every team (shared
channels are repeated in each team, as the contract says). Each placement says how it was made (its
support: "sentence", "clause", "shared", …), which `confidence` rates. A heading's section runs to the
next heading; the last one's, when it is a list of items (numbered lines, or "label: value" lines with
labels the other teams' sections have too), ends after them: the paragraph after the list speaks for
every team.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .classify import find_title
from .extractors import Found, sentence_bounds
from .extractors.teams import ENUM_MARK, LIST_JOIN, TeamName, same_team
from .lexicon import LazyPattern, alternation, lexicon
from .supports import Support

_FULL_STOP = "。!?\n"  # what ends a sentence when a ; does not (a clause's parts)
_REACH = 300  # characters a sentence is looked at each way from a value
_LONGEST = 60  # characters a team's mention may span ("省委第一巡视组、第二巡视组" is two mentions)
_MARK = ENUM_MARK
# "(一)", "巡察组别:" before a team (the team's label: "巡察组", "组别", "巡察组别", "巡察组名称")
_ENUM = LazyPattern(lambda: rf"^\s*{_MARK}?\s*(?:{lexicon()['tables']['header_shape'].strip('^$')}\s*:\s*)?")
_ITEM = re.compile(r"^\s*(?:\d{1,2}[、.]|[(]\d{1,2}[)])")
_BLOCK = re.compile(r"\s*:\s*\S")  # a team's name, a colon, and its block on the same line
_CLAUSE_START = re.compile(  # a sentence's (or a list's) start, or a "(一)" item's, then at most a place's name
    rf"(?:(?:^|[。!?;:\n])\s*{_MARK}?"
    r"|\s(?:[(]?[一二三四五六七八九十]{1,3}[)、]|[(][一二三四五六七八九十\d]{1,3}[)]))\s*(?:中共)?"
    r"(?:[^\W\d由在对向的与和及经据是将为从把被让请各该其][^\W\d由在对向的与和及经据是将为]{0,4})?$"
)
_CONTACT_CUE = LazyPattern(lambda: alternation("clauses", "contact_cues"))
_LABELLED = re.compile(r"^\s*(?:\d{1,2}[、.]|[(]\d{1,2}[)])?\s*(?P<label>[^\s:,。;]{2,8})\s*:")


# The one team of a text referred to without its name earlier in the value's sentence ("巡察组对甲局开展巡察",
# "专项巡察组进驻…"); not teams given as a count or as all of a round's ("3个巡察组", "各巡视组").
_REFERRED = re.compile(r"(?<![\d一二三四五六七八九十两几个各、])(?:专项|提级|交叉)?(?:巡视|巡察)组(?![长员])")
_BRACKETED = re.compile(r"\s*\(\s*")  # a team named in brackets right after a value is the one it is for


class Placement(NamedTuple):
    """The teams a value belongs to and how the text ties it to them."""

    owners: list[int]
    support: str  # a `Support`


@dataclass(frozen=True)
class Roster:
    """The distinct teams of a notice and where each is mentioned."""

    teams: list[TeamName]
    mentions: list[tuple[int, int, int]]  # (start, end, team index), in text order
    headings: list[tuple[int, int, int]]  # (line start, section end, team index)
    cells: list[tuple[int, int, int]]  # (start, end, team index): table cells belong to their column's team
    clauses: list[tuple[int, int, int, Support]] = field(default_factory=list)  # (start, end, team, support)

    def owners(self, text: str, pos: int, end: int | None = None) -> list[int]:
        """The indexes of the teams a value at `pos` belongs to; a value that names a team within itself
        (an address ending in its recipient, `pos` to `end`) belongs to that team."""
        return self.place(text, pos, end).owners

    def place(self, text: str, pos: int, end: int | None = None) -> Placement:
        """The teams a value at `pos` (to `end`) belongs to, and how the text ties it to them (its support)."""
        if not self.teams:
            return Placement([], Support.NONE)
        inside = self.mentions[bisect_left(self._starts, pos) : bisect_left(self._starts, end)] if end is not None else []
        named = sorted({t for _, e, t in inside if end is not None and e <= end})
        if named:
            return Placement(named, Support.ADDRESSED)
        if end is not None and (after := _BRACKETED.match(text, end)):  # "0999-1111111（第一巡察组）"
            at = after.end()
            starting = self.mentions[bisect_left(self._starts, at) : bisect_right(self._starts, at)]
            named = sorted({t for _, e, t in starting if text[e:e + 1] == ")"})
            if named:
                return Placement(named, Support.ADDRESSED)
        in_cell = [t for s, e, t in self.cells if s <= pos < e]
        if in_cell:
            return Placement(in_cell, Support.CELL)
        sentence_start = _sentence(text, pos)[0]
        before = self.mentions[bisect_left(self._starts, sentence_start) : bisect_left(self._starts, pos)]
        if before:
            return Placement(_last_listed(text, before), Support.SENTENCE)
        heads = [h for h in self.headings if h[0] <= pos]
        last = max(h[0] for h in heads) if heads else -1
        k = bisect_right(self._clause_starts, pos)  # clauses do not overlap: only the last one begun can hold pos
        begun = self._clause_starts[k - 1] if k else -1
        clause = [(t, how) for _, stop, t, how in self.clauses[bisect_left(self._clause_starts, begun) : k] if pos < stop]
        if clause and begun > last:  # a clause inside a heading's section is the narrower
            return Placement(sorted(t for t, _ in clause), clause[0][1])
        under = sorted({t for start, stop, t in heads if start == last and pos < stop})
        if under:
            return Placement(under, Support.HEADING)
        if len(self.teams) > 1:
            return Placement(list(range(len(self.teams))), Support.SHARED)
        return Placement([0], Support.REFERRED if _REFERRED.search(text, sentence_start, pos) else Support.SOLE)

    @staticmethod
    def sentence(text: str, pos: int) -> tuple[int, int]:
        """The bounds of the sentence `pos` stands in."""
        return _sentence(text, pos)

    def named_in(self, start: int, end: int) -> list[int]:
        """The teams named between `start` and `end`."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return sorted({t for _, _, t in self.mentions[lo:hi]})

    def first_named(self, start: int, end: int) -> int | None:
        """Where the first team named between `start` and `end` is named, or None."""
        lo = bisect_left(self._starts, start)
        return self.mentions[lo][0] if lo < len(self.mentions) and self.mentions[lo][0] < end else None

    def in_order_named(self, start: int, end: int) -> list[int]:
        """The teams named between `start` and `end`, in the order first named there."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return list(dict.fromkeys(t for _, _, t in self.mentions[lo:hi]))

    @cached_property
    def _starts(self) -> list[int]:
        return [m[0] for m in self.mentions]

    @cached_property
    def _clause_starts(self) -> list[int]:
        return [c[0] for c in self.clauses]

    def listed_before(self, text: str, pos: int) -> bool:
        """True when the value at `pos` follows, in its sentence, teams named together ("第一、第二巡察组")."""
        sentence_start = _sentence(text, pos)[0]
        before = self.mentions[bisect_left(self._starts, sentence_start) : bisect_left(self._starts, pos)]
        return bool(before) and len(_last_listed(text, before)) > 1

    def in_text_order(self) -> list[int]:
        """The teams in the order the text first names them."""
        first: dict[int, int] = {}
        for start, _, t in self.mentions:
            first.setdefault(t, start)
        return sorted(range(len(self.teams)), key=lambda t: first.get(t, len(self.mentions)))

    def named_before(self, text: str, pos: int, gap: int = 2) -> list[int]:
        """The teams whose mention ends at most `gap` characters before `pos` on its line ("第七巡视组组长…"; not a
        table's header row of teams above its row of leaders)."""
        near = self.mentions[bisect_left(self._starts, pos - gap - _LONGEST) : bisect_left(self._starts, pos)]
        return sorted({t for _, e, t in near if 0 <= pos - e <= gap and "\n" not in text[e:pos]})


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the sentence `pos` stands in (`extractors.sentence_bounds`)."""
    return sentence_bounds(text, pos)


# What joins teams listed together, a team's note in brackets before it ("某组（组长某某）、某组"): one list.
_TEAMS_JOIN = re.compile(rf"(?:\([^()\n]{{1,20}}\))?{LIST_JOIN.pattern}")


def _last_listed(text: str, mentions: list[tuple[int, int, int]]) -> list[int]:
    """The teams of the last mention, with those listed right before it ("省委第一巡视组、第二巡视组")."""
    start = max(m[0] for m in mentions)
    group = {m[2] for m in mentions if m[0] == start}
    while listed := [m for m in mentions if m[1] <= start and _TEAMS_JOIN.fullmatch(text, m[1], start)]:
        start = min(m[0] for m in listed)
        group |= {m[2] for m in listed}
    return sorted(group)


def build_roster(text: str, mentions: list[Found[TeamName]], keep: list[TeamName] | None = None,
                 cells: Sequence[tuple[int, int, TeamName]] = (), refs: Sequence[Found[int]] = ()) -> Roster:
    """Merge mentions of one team (第七巡视组 = 省委第七巡视组) under its fullest name; map table cells
    and short references ("二组：…") to the team with that number when exactly one has it."""
    teams: list[TeamName] = []
    indexed: list[tuple[int, int, int]] = []
    for f in mentions:
        if keep is not None and not any(same_team(f.value, k) for k in keep):
            continue
        i = next((i for i, t in enumerate(teams) if same_team(t, f.value)), None)
        if i is None:
            teams.append(f.value)
            i = len(teams) - 1
        elif len(f.value.name) > len(teams[i].name):
            teams[i] = f.value
        indexed.append((f.start, f.end, i))
    for ref in refs:
        numbered = [i for i, t in enumerate(teams) if t.number == ref.value]
        if len(numbered) == 1:
            indexed.append((ref.start, ref.end, numbered[0]))
    indexed.sort()
    owned = [(s, e, i) for s, e, name in cells for i, t in enumerate(teams) if same_team(t, name)]
    in_cell = [(s, e) for s, e, _ in cells]
    outside = [m for m in indexed if not _inside(m, in_cell)]
    return Roster(teams, indexed, _headings(text, outside), owned, _clauses(text, outside))


def _clauses(text: str, mentions: list[tuple[int, int, int]]) -> list[tuple[int, int, int, Support]]:
    """Team clauses: sentences that start with a team's name ("县委第二巡察组巡察甲局。"), where at least two
    such start the clauses of different teams. A clause runs to the next one ("clause"). The last one runs to
    the end of its sentence (a 。, not a ;), then on over the sentences of its paragraph that give a channel of a
    kind the earlier clauses gave too ("clause_end": it may as well be every team's)."""
    starts = [m[0] for m in mentions]
    opened: dict[int, set[int]] = {}
    for s, e, team in mentions:
        if _CLAUSE_START.search(text, max(0, s - 12), s):
            opened.setdefault(s, set()).update([team, *_listed_after(text, mentions, starts, e)])
    if len({frozenset(g) for g in opened.values()}) < 2:
        return []
    order = sorted(opened)
    out = []
    for start, after in zip(order[:-1], order[1:], strict=True):
        out += [(start, after, t, Support.CLAUSE) for t in sorted(opened[start])]
    last = order[-1]
    seen = {m[0] for m in _CONTACT_CUE.finditer(text, order[0], last)}
    core, tail = _last_clause_end(text, last, seen)
    out += [(last, core, t, Support.CLAUSE) for t in sorted(opened[last])]
    return out + [(core, tail, t, Support.CLAUSE_END) for t in sorted(opened[last]) if tail > core]


def _stop_after(text: str, pos: int) -> int:
    """The end of the sentence (a 。, not a ;) that `pos` stands in, at most `_REACH` characters on."""
    ends = [i for i in (text.find(c, pos, pos + _REACH) for c in _FULL_STOP) if i >= 0]
    return min(ends) + 1 if ends else min(len(text), pos + _REACH)


def _last_clause_end(text: str, start: int, seen: set[str]) -> tuple[int, int]:
    """Where the last team clause's own sentence ends, and where the sentences after it in its paragraph that
    give a channel of a kind in `seen` end."""
    paragraph_end = text.find("\n", start)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    core = tail = min(_stop_after(text, start), paragraph_end)
    while tail < paragraph_end:
        following = min(_stop_after(text, tail), paragraph_end)
        if not {m[0] for m in _CONTACT_CUE.finditer(text, tail, following)} & seen:
            break
        tail = following
    return core, tail


def _listed_after(text: str, mentions: list[tuple[int, int, int]], starts: list[int], end: int) -> list[int]:
    """The teams named right after a mention ending at `end`, joined to it by 、 or 和 ("甲组、乙组"); `starts`
    are the mentions' starts, in text order: only the next mention can be joined."""
    out = []
    while (k := bisect_left(starts, end)) < len(mentions) and _TEAMS_JOIN.fullmatch(text, end, mentions[k][0]):
        out.append(mentions[k][2])
        end = mentions[k][1]
    return out


def _inside(mention: tuple[int, int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= mention[0] and mention[1] <= e for s, e in spans)


def _headings(text: str, mentions: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Lines that start with a team's name (after an optional "(一)"), each with where its section ends: a
    heading line of its own, or a team's block on one line ("市委第一巡察组：巡察甲局。电话：…")."""
    heads = []  # (line start, line end, team)
    blocks = set()  # line starts of one-line blocks
    title = find_title(text)
    mention_starts = [m[0] for m in mentions]
    for s, e, team in mentions:
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", s)
        line_end = line_end if line_end >= 0 else len(text)
        line = text[line_start:line_end]
        enum = _ENUM.match(line)
        if not enum or not _starts_line(text, line_start + enum.end(), s) or (
                title and title[0] == line_start and not enum.group().strip()):
            continue  # not at the line's start; or the notice's headline, which heads no section of its own
        if _BLOCK.match(text, e, line_end):
            blocks.add(line_start)
        if enum.group().strip() or (len(line) <= 40 and "。" not in line) or line_start in blocks:
            heads.append((line_start, line_end, team))
            heads += [(line_start, line_end, t) for t in _listed_after(text, mentions, mention_starts, e)]  # "甲组、乙组进驻公告"
    if not heads:
        return []
    line_ends = {start: end for start, end, _ in heads}
    starts = sorted(line_ends)
    sections = {s: _lines(text, line_ends[s] + 1, after) for s, after in zip(starts, starts[1:] + [len(text)], strict=True)}
    last = starts[-1]  # the next heading ends a section; the last one ends after its items
    elsewhere = {label for s in starts[:-1] for _, line in sections[s] if (label := _label(line))}
    last_end = _section_end(text, sections[last], elsewhere, line_ends[last] if last in blocks else None)
    return [(start, last_end if start == last else len(text), team) for start, _, team in heads]


_PLACE_BEFORE = re.compile(r"(?:中共)?[\u4e00-\u9fff]{1,10}")  # "平阳" of "平阳县委第二巡察组": the body's place
_BODY_START = re.compile(r"[省市县区州旗盟]委")


def _starts_line(text: str, at: int, mention: int) -> bool:
    """The team's mention starts the line at `at`, or only its body's place stands before it ("二、平阳县委第二巡察组")."""
    return at == mention or bool(_PLACE_BEFORE.fullmatch(text, at, mention) and _BODY_START.match(text, mention))


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The non-blank lines of text[start:end], each with its position."""
    out, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _label(line: str) -> str | None:
    """The label of a "label: value" line ("巡察对象：…", "2.值班电话：…"), else None."""
    m = _LABELLED.match(line)
    return m["label"] if m else None


def _section_end(text: str, lines: list[tuple[int, str]], labels_elsewhere: set[str], block_end: int | None) -> int:
    """Where the last heading's section ends: after its items (numbered lines, or "label: value" lines whose
    labels other teams' sections have too) when it has them, else at the end of its one-line block when it is
    one, else at the text's end."""
    items = 0
    for pos, line in lines:
        if not (_ITEM.match(line) or _label(line) in labels_elsewhere):
            return pos if items else block_end if block_end is not None else len(text)
        items += 1
    return len(text)
