"""One record per inspection: the records of reposts of one notice (a county site, a city portal, a Traditional
mirror, a shortened news version) joined, with the sources named and where they disagree said.

Over records only: no text is read. Which records are of one inspection is `same_inspection`'s; here their
values are joined. A failed record is kept as it was, its error with it.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..models import Notice, Team
from .same_inspection import Features, grouped, item_key, pairs, same_target

SCALARS = ("leader", "start_date", "end_date", "duration", "petition_deadline", "phone_days")
LISTS = ("targets", "deputy_leaders", "phones", "phone_hours", "mailboxes", "emails")
_OWN = ("doc_id", "sources", "source_records", "text_sha256", "usage")  # what one record of a reading has and another not


@dataclass
class _Source:
    """Records of one group that say the same (all but their ids): the first one read (its evidence left in
    `data` only) and the doc_ids of all."""

    notice: Notice
    data: dict
    features: Features
    doc_ids: list[str]
    texts: set[str | None]  # the text_sha256 of each
    said: str | None  # what they say (`_said`), None for a record alone in its group: nothing is held against it


def merge_records(records: Iterable[tuple[Notice, dict]]) -> Iterator[dict]:
    """The merged records, each in the place of its first source: `sources` (the doc_ids joined), the union of
    the sources' values, `conflicts` where they disagree. A record joined with no other comes back as it was,
    with `sources` of its own id.

    `records` is read twice (a reader of files, or a list): once to find the groups, holding only what matching
    reads, once to merge each group when its last record has been read; merged records wait in a temporary
    file for their place. Memory is bounded by the matching features and the largest group's readings."""
    if iter(records) is records:
        raise TypeError("records: merge reads them twice: give a list or a reader of files, not an iterator")
    group_of, last = grouped(records)
    with tempfile.TemporaryFile() as spool:
        at = [0] * len(last)
        open_groups: dict[int, tuple[list[_Source], list[str], dict[str, dict]]] = {}
        read = 0
        for k, (notice, data) in enumerate(records):
            if k >= len(group_of):
                break
            g, read = group_of[k], k + 1
            sources, ids, origins = open_groups.setdefault(g, ([], [], {}))
            _fold(sources, notice, data, alone=not sources and k == last[g])
            ids += data.get("sources") or [notice.doc_id]
            for origin in data.get("source_records") or [_origin(notice)]:  # a merged record's own sources kept
                origins.setdefault(str(origin.get("doc_id")), origin)
            if k == last[g]:
                at[g] = spool.tell()
                merged = _merged(sources, list(dict.fromkeys(ids))) | {"source_records": list(origins.values())}
                spool.write((json.dumps(merged, ensure_ascii=False) + "\n").encode("utf-8"))
                del open_groups[g]
        if read != len(group_of) or open_groups:
            raise ValueError("the records changed while they were merged (read twice, they differ)")
        for g in range(len(last)):
            spool.seek(at[g])
            yield json.loads(spool.readline())


def _origin(notice: Notice) -> dict:
    """Where one record's notice was published: its doc_id, publication date and url (None where not given)."""
    return {"doc_id": notice.doc_id, "published": notice.published, "url": notice.url}


def _fold(sources: list[_Source], notice: Notice, data: dict, alone: bool) -> None:
    """Add a record to its group's sources: to the source that says the same, or as a new one."""
    same = None if alone else _said(data)
    for s in sources:
        if s.said == same:
            s.doc_ids.append(notice.doc_id)
            s.texts.add(notice.text_sha256)
            return
    sources.append(_Source(notice.model_copy(update={"evidence": []}), data, Features.of(notice), [notice.doc_id],
                           {notice.text_sha256}, same))


def _said(data: dict) -> str:
    """What a record says, its ids and accounting aside: two records that say the same merge as one."""
    return json.dumps({k: v for k, v in data.items() if k not in _OWN}, sort_keys=True, ensure_ascii=False)


# --- the merged record ---------------------------------------------------------------------------------------

def _merged(group: list[_Source], ids: list[str]) -> dict:
    """One record from its sources: the first source's, with every source's values joined in; `ids` the doc_ids
    joined (a merged record's own sources among them)."""
    first = group[0]
    if len(group) == 1 and len(first.doc_ids) == 1:
        return first.data | {"sources": ids}
    texts = set().union(*(s.texts for s in group))
    base = max(group, key=lambda s: len(s.features.forms))  # the source naming the most teams gives the team order
    conflicts: list[dict] = []
    notice_values = {f: _scalar([(s.doc_ids, getattr(s.notice, f)) for s in group], None, f, conflicts)
                     for f in ("event", "title")}
    teams, evidence = [], []
    for k, team in enumerate(base.notice.teams):
        members = [(s, i) for s in group for i, j in (pairs(s.features, base.features) or []) if j == k]
        teams.append(_team(team, members, conflicts))
        evidence += [e | {"team": k, "source": e.get("source") or s.doc_ids[0]} for s, i in members
                     for e in s.data.get("evidence", []) if e["team"] == i]
    evidence += [e | {"source": e.get("source") or s.doc_ids[0]} for s in group for e in s.data.get("evidence", [])
                 if e["team"] is None]
    return {k: v for k, v in first.data.items() if k != "held"} | notice_values | {  # the sources' values as read are
        "doc_id": first.doc_ids[0], "sources": ids, "teams": teams, "conflicts": conflicts, "evidence": evidence,
        "warnings": [f"{_named(s.doc_ids)}: {w}" for s in group for w in s.notice.warnings],
        "backend": ", ".join(dict.fromkeys(s.notice.backend for s in group)), "usage": None,
        "text_sha256": next(iter(texts)) if len(texts) == 1 else None,  # one text read more than once keeps it
    }  # theirs: a merged record is merged at the threshold merge was given


def _named(doc_ids: list[str]) -> str:
    return doc_ids[0] + (f" and {len(doc_ids) - 1} more saying the same" if len(doc_ids) > 1 else "")


def _team(team: Team, members: list[tuple[_Source, int]], conflicts: list[dict]) -> dict:
    """One team from the teams the sources give for it: its fullest name, agreed scalars, joined lists."""
    given = [(s.doc_ids, s.notice.teams[i]) for s, i in members]
    name = max((t.name for _, t in given), key=len)
    out: dict[str, Any] = team.model_dump() | {"name": name}
    for f in SCALARS:
        out[f] = _scalar([(d, getattr(t, f)) for d, t in given], name, f, conflicts)
    for f in LISTS:
        out[f] = _union([(d, getattr(t, f)) for d, t in given], name, f, conflicts)
    return out


def _scalar(values: list[tuple[list[str], Any]], team: str | None, name: str, conflicts: list[dict]) -> Any:
    """The value most sources give (the first source's on a tie); a conflict when they give different ones."""
    by_value: dict[Any, list[str]] = {}
    for doc_ids, v in values:
        if v is not None:
            by_value.setdefault(v, []).extend(doc_ids)
    if len(by_value) > 1:
        conflicts.append({"team": team, "field": name,
                          "values": [{"value": v, "sources": ds} for v, ds in by_value.items()]})
    counts = Counter({v: len(ds) for v, ds in by_value.items()})
    return counts.most_common(1)[0][0] if counts else None


def _union(values: list[tuple[list[str], list]], team: str, name: str, conflicts: list[dict]) -> list:
    """Every source's items once (by the scorer's key: digits of a phone, a box's number, a unit within another),
    the first source's form kept; items that some source giving this field lacks are a conflict."""
    items: list[list] = []  # [key, item, sources]
    by_key: dict[str, list] = {}  # the same items by key: a repeated item is found at once, not by a scan
    for doc_ids, given in values:
        earlier = list(items)  # a unit is held against the other sources' units, not its own list's ("宁县", "正宁县")
        for item in given:
            key = item_key(name, item)
            hit = by_key.get(key) or (next((e for e in earlier if same_target(e[0], key)), None)
                                      if name == "targets" else None)
            if hit is None:
                items.append(by_key.setdefault(key, [key, item, list(doc_ids)]))
                continue
            by_key.setdefault(key, hit)
            if name == "mailboxes" and not hit[1].postcode:
                hit[1] = item  # the same box, with its postcode where the first source left it out
            hit[2] += [d for d in doc_ids if d not in hit[2]]
    giving = {d for ds, given in values if given for d in ds}
    partial = [{"value": _plain(item), "sources": ds} for _, item, ds in items if set(ds) != giving]
    if partial and len(giving) > 1:
        conflicts.append({"team": team, "field": name, "values": partial})
    return [_plain(item) for _, item, _ in items]


def _plain(item: Any) -> Any:
    return item.model_dump() if hasattr(item, "model_dump") else item
