"""One record per inspection: the records of reposts of one notice (a county site, a city portal, a Traditional
mirror, a shortened news version) joined, with the sources named and where they disagree said.

Over records only: no text is read. Two records are of the same inspection when every team of one is a team
of the other (same 巡视/巡察, same number, one name containing the other) and, for some such pair, the
targets overlap with no conflicting date, or a phone, box or e-mail is shared. Records whose rounds or
years differ are never joined, nor a record that failed (its error kept) or one with no team (unless it is
the same text: same `text_sha256`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .extractors.mailboxes import box_key
from .models import Notice, Team
from .normalize import canon, name_form, team_number

SCALARS = ("leader", "start_date", "end_date", "duration", "petition_deadline", "phone_days")
LISTS = ("targets", "deputy_leaders", "phones", "phone_hours", "mailboxes", "emails")
_DATES = ("start_date", "end_date", "petition_deadline")
_CONTACTS = ("phones", "mailboxes", "emails")
_ROUND = re.compile(r"第(\d+)轮")
_SIMILAR = 0.6  # a target inside another is the same unit only when it is at least this share of it


@dataclass
class _Source:
    """One record as the merge sees it: the record (its evidence left in `data` only) and what matching reads,
    worked out once."""

    notice: Notice
    data: dict
    forms: list[str] = field(default_factory=list)  # name_form of each team
    numbers: list[tuple[str, int] | None] = field(default_factory=list)
    contacts: list[set[str]] = field(default_factory=list)  # each team's phones, boxes and e-mails, by key
    targets: list[list[str]] = field(default_factory=list)  # each team's targets, canonical
    rounds: set[int] = field(default_factory=set)
    years: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, notice: Notice, data: dict) -> _Source:
        forms = [name_form(t.name) for t in notice.teams]
        rounds = forms + ([name_form(notice.round.name)] if notice.round and notice.round.name else [])
        contacts = [{_item_key(f, v) for f in _CONTACTS for v in getattr(t, f)} for t in notice.teams]
        return cls(notice.model_copy(update={"evidence": []}), data, forms, [team_number(f) for f in forms], contacts,
                   [[canon(x) for x in t.targets] for t in notice.teams],
                   {int(m) for f in rounds for m in _ROUND.findall(f)}, _years(notice))

    @property
    def doc_id(self) -> str:
        return self.notice.doc_id


@dataclass
class _Group:
    """Records of one inspection; those with the same text as one already in are not compared again."""

    members: list[_Source] = field(default_factory=list)
    distinct: list[_Source] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)

    def add(self, src: _Source) -> None:
        self.members.append(src)
        if src.notice.text_sha256 not in self.texts:
            self.distinct.append(src)
        if src.notice.text_sha256:
            self.texts.add(src.notice.text_sha256)

    def takes(self, src: _Source) -> bool:
        if src.notice.text_sha256 in self.texts:
            return True
        return all(_compatible(src, m) for m in self.distinct) and any(_linked(src, m) for m in self.distinct)


def merge_records(records: Iterable[tuple[Notice, dict]]) -> Iterator[dict]:
    """The merged records, each in the place of its first source: `sources` (the doc_ids joined), the union of
    the sources' values, `conflicts` where they disagree. A record joined with no other comes back as it was,
    with `sources` of its own id."""
    groups: list[_Group] = []
    index: dict[Any, list[int]] = {}
    for notice, data in records:
        src = _Source.of(notice, data)
        keys = _keys(src)
        chosen = next((g for g in sorted({i for k in keys for i in index.get(k, [])}) if groups[g].takes(src)), None)
        if chosen is None:
            chosen = len(groups)
            groups.append(_Group())
        groups[chosen].add(src)
        for k in keys:
            if chosen not in index.setdefault(k, []):
                index[k].append(chosen)
    for group in groups:
        yield _merged(group.members)


def _keys(src: _Source) -> list[Any]:
    """Where to look for the group a record may join: its teams' kinds and numbers, or its text. A failed record
    has none: it joins no group and none joins it."""
    if src.notice.error:
        return []
    keys: list[Any] = [("text", src.notice.text_sha256)] if src.notice.text_sha256 else []
    return keys + [("team", n or f) for n, f in zip(src.numbers, src.forms, strict=True)]


def _same_team(a: _Source, i: int, b: _Source, j: int) -> bool:
    """Team i of a and team j of b are one team: same kind and number, and one name holding the other."""
    fa, fb = a.forms[i], b.forms[j]
    return (fa in fb or fb in fa) and a.numbers[i] == b.numbers[j]


def _pairs(a: _Source, b: _Source) -> list[tuple[int, int]] | None:
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


def _compatible(a: _Source, b: _Source) -> bool:
    """Nothing rules out one inspection of two different texts: same kind, teams that pair, same round, a shared
    year."""
    if a.notice.kind != b.notice.kind or a.notice.kind == "其他" or not a.forms or not b.forms:
        return False
    if a.rounds and b.rounds and a.rounds != b.rounds or a.years and b.years and not a.years & b.years:
        return False
    return _pairs(a, b) is not None


def _linked(a: _Source, b: _Source) -> bool:
    """Something ties two different texts to one inspection: a team pair with overlapping targets and no date in
    conflict, or a shared phone, box or e-mail."""
    for i, j in _pairs(a, b) or []:
        if a.contacts[i] & b.contacts[j]:
            return True
        ta, tb = a.notice.teams[i], b.notice.teams[j]
        dates_agree = all(getattr(ta, d) == getattr(tb, d) for d in _DATES if getattr(ta, d) and getattr(tb, d))
        if dates_agree and any(_same_target(x, y) for x in a.targets[i] for y in b.targets[j]):
            return True
    return False


def _same_target(a: str, b: str) -> bool:
    """Two targets (canonical forms) of one unit: equal, or one inside the other and most of it."""
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) >= _SIMILAR * len(long)


def _years(notice: Notice) -> set[str]:
    teams = notice.teams + ([notice.round] if notice.round else [])
    return {v[:4] for t in teams for d in _DATES if (v := getattr(t, d)) and v[0] != "-"}


# --- the merged record ---------------------------------------------------------------------------------------

def _merged(group: list[_Source]) -> dict:
    """One record from its sources: the first source's, with every source's values joined in."""
    first = group[0]
    ids = list(dict.fromkeys(d for s in group for d in s.data.get("sources") or [s.doc_id]))  # a merged one's too
    if len(group) == 1:
        return first.data | {"sources": ids}
    base = max(group, key=lambda s: len(s.forms))  # the source that names the most teams gives the team order
    conflicts: list[dict] = []
    notice_values = {f: _scalar([(s.doc_id, getattr(s.notice, f)) for s in group], None, f, conflicts)
                     for f in ("event", "title")}
    teams, evidence = [], []
    for k, team in enumerate(base.notice.teams):
        members = [(s, i) for s in group for i, j in (_pairs(s, base) or []) if j == k]
        teams.append(_team(team, members, conflicts))
        evidence += [e | {"team": k, "source": s.doc_id} for s, i in members
                     for e in s.data.get("evidence", []) if e["team"] == i]
    evidence += [e | {"source": s.doc_id} for s in group for e in s.data.get("evidence", []) if e["team"] is None]
    return first.data | notice_values | {
        "doc_id": first.doc_id, "sources": ids, "teams": teams, "conflicts": conflicts, "evidence": evidence,
        "warnings": [f"{s.doc_id}: {w}" for s in group for w in s.notice.warnings],
        "backend": ", ".join(dict.fromkeys(s.notice.backend for s in group)), "usage": None,
        "text_sha256": None,
    }


def _team(team: Team, members: list[tuple[_Source, int]], conflicts: list[dict]) -> dict:
    """One team from the teams the sources give for it: its fullest name, agreed scalars, joined lists."""
    given = [(s.doc_id, s.notice.teams[i]) for s, i in members]
    name = max((t.name for _, t in given), key=len)
    out: dict[str, Any] = team.model_dump() | {"name": name}
    for f in SCALARS:
        out[f] = _scalar([(d, getattr(t, f)) for d, t in given], name, f, conflicts)
    for f in LISTS:
        out[f] = _union([(d, getattr(t, f)) for d, t in given], name, f, conflicts)
    return out


def _scalar(values: list[tuple[str, Any]], team: str | None, name: str, conflicts: list[dict]) -> Any:
    """The value most sources give (the first source's on a tie); a conflict when they give different ones."""
    by_value: dict[Any, list[str]] = {}
    for doc_id, v in values:
        if v is not None:
            by_value.setdefault(v, []).append(doc_id)
    if len(by_value) > 1:
        conflicts.append({"team": team, "field": name,
                          "values": [{"value": v, "sources": ds} for v, ds in by_value.items()]})
    counts = Counter({v: len(ds) for v, ds in by_value.items()})
    return counts.most_common(1)[0][0] if counts else None


def _union(values: list[tuple[str, list]], team: str, name: str, conflicts: list[dict]) -> list:
    """Every source's items once (by the scorer's key: digits of a phone, a box's number, a unit within another),
    the first source's form kept; items that some source giving this field lacks are a conflict."""
    items: list[list] = []  # [key, item, sources]
    by_key: dict[str, list] = {}  # the same items by key: a repeated item is found at once, not by a scan
    for doc_id, given in values:
        earlier = list(items)  # a unit is held against the other sources' units, not its own list's ("宁县", "正宁县")
        for item in given:
            key = _item_key(name, item)
            hit = by_key.get(key) or (next((e for e in earlier if _same_target(e[0], key)), None)
                                      if name == "targets" else None)
            if hit is None:
                items.append(by_key.setdefault(key, [key, item, [doc_id]]))
                continue
            by_key.setdefault(key, hit)
            if name == "mailboxes" and not hit[1].postcode:
                hit[1] = item  # the same box, with its postcode where the first source left it out
            if doc_id not in hit[2]:
                hit[2].append(doc_id)
    giving = {d for d, given in values if given}
    partial = [{"value": _plain(item), "sources": ds} for _, item, ds in items if set(ds) != giving]
    if partial and len(giving) > 1:
        conflicts.append({"team": team, "field": name, "values": partial})
    return [_plain(item) for _, item, _ in items]


def _item_key(name: str, item: Any) -> str:
    """A list item as the scorer compares it: a phone's digits, a box's number, any other item canonical."""
    if name == "phones":
        return re.sub(r"\D", "", item.number)
    if name == "mailboxes":
        return box_key(canon(item.address))
    return canon(item).lower()


def _plain(item: Any) -> Any:
    return item.model_dump() if hasattr(item, "model_dump") else item
