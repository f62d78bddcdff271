"""Which records are of one inspection, over records only: what matching reads of each (its features), which
groups a record could join (blocking keys: its text, each team's contacts and pieces of its units), and the
tests that decide (teams that pair, nothing in conflict, something shared).

Two records are of the same inspection when every team of one is a team of the other (same 巡视/巡察, same
number, one name containing the other) and, for some such pair, the targets overlap with no conflicting date,
or a phone, box or e-mail is shared. Records whose rounds or years differ are never joined, nor a record that
failed or one with no team (unless it is the same text: same `text_sha256`).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import Notice
from ..reading.extractors.mailboxes import box_key
from ..reading.normalize import canon, name_form, team_number

_DATES = ("start_date", "end_date", "petition_deadline")
_CONTACTS = ("phones", "mailboxes", "emails")
_ROUND = re.compile(r"第(\d+)轮")
_SIMILAR = 0.6  # a target inside another is the same unit only when it is at least this share of it


@dataclass(frozen=True)
class Features:
    """What matching reads of one record, worked out once. Two records with equal features match every record
    alike, so a group holds one of them (the text is not compared: the same reading of another text is equal)."""

    kind: str
    forms: tuple[str, ...]  # name_form of each team
    numbers: tuple[tuple[str, int] | None, ...]
    contacts: tuple[frozenset[str], ...]  # each team's phones, boxes and e-mails, by key
    targets: tuple[tuple[str, ...], ...]  # each team's targets, canonical
    leaders: tuple[str | None, ...]  # each team's leader, canonical
    dates: tuple[tuple[str | None, ...], ...]  # each team's start, end and petition deadline
    rounds: frozenset[int]
    years: frozenset[str]
    text: str | None = field(compare=False)
    failed: bool = field(compare=False)

    @classmethod
    def of(cls, notice: Notice) -> Features:
        forms = tuple(name_form(t.name) for t in notice.teams)
        rounds = forms + ((name_form(notice.round.name),) if notice.round and notice.round.name else ())
        return cls(notice.kind, forms, tuple(team_number(f) for f in forms),
                   tuple(frozenset(item_key(f, v) for f in _CONTACTS for v in getattr(t, f)) for t in notice.teams),
                   tuple(tuple(canon(x) for x in t.targets) for t in notice.teams),
                   tuple(canon(t.leader) if t.leader else None for t in notice.teams),
                   tuple(tuple(getattr(t, d) for d in _DATES) for t in notice.teams),
                   frozenset(int(m) for f in rounds for m in _ROUND.findall(f)), frozenset(_years(notice)),
                   notice.text_sha256, bool(notice.error))


@dataclass
class _Group:
    """Records of one inspection, as matching sees them: one record of each text and each reading (a record with
    the same text or the same features as one already in is not compared again)."""

    distinct: dict[Features, Features] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)

    def add(self, f: Features) -> bool:
        """Take in the record; True when its features are new to the group (its blocking keys then lead here)."""
        new = f not in self.distinct and f.text not in self.texts
        if new:
            self.distinct[f] = f
        if f.text:
            self.texts.add(f.text)
        return new

    def takes(self, f: Features) -> bool:
        if f.text in self.texts:
            return True
        twin = self.distinct.get(f)
        if twin is not None and _linked(f, twin):
            return True
        return all(_compatible(f, m) for m in self.distinct) and any(_linked(f, m) for m in self.distinct)


def grouped(records: Iterable[tuple[Notice, dict]]) -> tuple[array, list[int]]:
    """The first read: each record's group (groups numbered in the order of their first record) and each group's
    last record. Candidate groups come from blocking keys (a text, a team's contact or unit), so a record is held
    only against groups it could join."""
    groups: list[_Group] = []
    index: dict[tuple, set[int]] = {}
    group_of = array("q")
    for notice, _ in records:
        f = Features.of(notice)
        keys = _keys(f)
        candidates = sorted(set().union(*(index.get(key, ()) for key in keys)))
        g = next((g for g in candidates if groups[g].takes(f)), None)
        if g is None:
            g = len(groups)
            groups.append(_Group())
        if groups[g].add(f):
            for key in keys:
                index.setdefault(key, set()).add(g)
        group_of.append(g)
    last = [0] * len(groups)
    for k, g in enumerate(group_of):
        last[g] = k
    return group_of, last


def _keys(f: Features) -> set[tuple]:
    """Where to look for the group a record may join: its text, and each team's contacts and units (any piece of
    a unit long enough to be the same unit), with the team's kind and number. Joining needs one of them shared.
    A failed record has none: it joins no group and none joins it."""
    if f.failed:
        return set()
    keys: set[tuple] = {("text", f.text)} if f.text else set()
    for number, contacts, targets in zip(f.numbers, f.contacts, f.targets, strict=True):
        keys.update(("contact", number, c) for c in contacts)
        keys.update(("unit", number, piece) for t in targets for piece in _pieces(t))
    return keys


_LONGEST_UNIT = 64  # characters: a unit's name is shorter (the longest seen run to ~40); a longer one is no name


def _pieces(unit: str) -> set[int]:
    """Every part of a unit (canonical) that another unit may be, by `_same_target`: itself and each substring
    at least `_SIMILAR` of it, hashed. Two units that are one share a piece: the shorter one itself. A "unit"
    longer than any name gives itself alone, so that its pieces cannot fill the memory (they grow as its cube)."""
    n = len(unit)
    if n > _LONGEST_UNIT:
        return {hash(unit)}
    return {hash(unit[i:i + m]) for m in range(1, n + 1) if m >= _SIMILAR * n for i in range(n - m + 1)}


def _same_team(a: Features, i: int, b: Features, j: int) -> bool:
    """Team i of a and team j of b are one team: same kind and number, and one name holding the other."""
    fa, fb = a.forms[i], b.forms[j]
    return (fa in fb or fb in fa) and a.numbers[i] == b.numbers[j]


def pairs(a: Features, b: Features) -> list[tuple[int, int]] | None:
    """Each team of the record with fewer teams paired with its team in the other; None when one has no match."""
    small, large = (a, b) if len(a.forms) <= len(b.forms) else (b, a)
    pairs, used = [], set()
    for i in range(len(small.forms)):
        j = next((j for j in range(len(large.forms)) if j not in used and _same_team(small, i, large, j)), None)
        if j is None:
            return None
        used.add(j)
        pairs.append((i, j) if small is a else (j, i))
    return pairs


def _compatible(a: Features, b: Features) -> bool:
    """Nothing rules out one inspection of two different texts: same kind, teams that pair, same round, a shared
    year, and no paired team told apart by what both texts give it (`_apart`)."""
    if a.kind != b.kind or a.kind == "其他" or not a.forms or not b.forms:
        return False
    if a.rounds and b.rounds and a.rounds != b.rounds or a.years and b.years and not a.years & b.years:
        return False
    paired = pairs(a, b)
    return paired is not None and not any(_apart(a, i, b, j) for i, j in paired)


def _apart(a: Features, i: int, b: Features, j: int) -> bool:
    """Team i of a and team j of b are two inspections, whatever contact they share: other leaders, periods that do
    not overlap, or units none of which is another's."""
    if a.leaders[i] and b.leaders[j] and a.leaders[i] != b.leaders[j]:
        return True
    (s1, e1, _), (s2, e2, _) = a.dates[i], b.dates[j]
    if s1 and e1 and s2 and e2 and "-" not in (s1[0], e1[0], s2[0], e2[0]) and (e1 < s2 or e2 < s1):
        return True
    return bool(a.targets[i] and b.targets[j]) and not any(x in y or y in x for x in a.targets[i] for y in b.targets[j])


def _linked(a: Features, b: Features) -> bool:
    """Something ties two different texts to one inspection: a team pair with overlapping targets and no date in
    conflict, or a shared phone, box or e-mail (which proposes the pair; `_compatible` may still keep it apart)."""
    for i, j in pairs(a, b) or []:
        if a.contacts[i] & b.contacts[j]:
            return True
        dates_agree = all(x == y for x, y in zip(a.dates[i], b.dates[j], strict=True) if x and y)
        if dates_agree and any(same_target(x, y) for x in a.targets[i] for y in b.targets[j]):
            return True
    return False


def same_target(a: str, b: str) -> bool:
    """Two targets (canonical forms) of one unit: equal, or one inside the other and most of it."""
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) >= _SIMILAR * len(long)


def _years(notice: Notice) -> set[str]:
    teams = notice.teams + ([notice.round] if notice.round else [])
    return {v[:4] for t in teams for d in _DATES if (v := getattr(t, d)) and v[0] != "-"}


def item_key(name: str, item: Any) -> str:
    """A list item as the scorer compares it: a phone's digits, a box's number, any other item canonical."""
    if name == "phones":
        return re.sub(r"\D", "", item.number)
    if name == "mailboxes":
        return box_key(canon(item.address))
    return canon(item).lower()
