"""Scoring by ../shared/contract/notice-v1.md, rule by rule: team alignment, per-field TP/FP/FN,
precision/recall/F1, core micro-F1, grounding of contact values, and exact notices.

Pure functions over plain dicts (notice-v1 JSON), so any backend's output can be scored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..reading.extractors.mailboxes import box_key
from ..reading.normalize import canon, name_form, team_number

CORE = ["kind", "team", "leader", "targets", "start_date", "end_date", "petition_deadline",
        "phones", "phones_sms", "mailboxes", "postcodes", "emails"]
NOTICE_SCALARS = ["kind", "event", "title"]
TEAM_SCALARS = ["leader", "start_date", "end_date", "petition_deadline", "duration"]
TEAM_LISTS = ["targets", "deputy_leaders", "phones", "phones_sms", "emails", "phone_hours", "mailboxes", "postcodes"]
FIELDS = NOTICE_SCALARS[:1] + ["team"] + TEAM_SCALARS + TEAM_LISTS + NOTICE_SCALARS[1:]


@dataclass
class Count:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Count) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0


@dataclass
class NoticeScore:
    """One notice's counts per field, its grounding, and the values that were wrong or missing."""

    doc_id: str
    counts: dict[str, Count] = field(default_factory=lambda: {f: Count() for f in FIELDS})
    contact_values: int = 0
    ungrounded: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return all(self.counts[f].fp == 0 and self.counts[f].fn == 0 for f in CORE)


# --- normal forms ---------------------------------------------------------------------------------

def align(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs: equal names first, then containment, then number and kind."""
    tests: list[Callable[[str, str], bool]] = [
        lambda p, g: name_form(p) == name_form(g),
        lambda p, g: name_form(p) in name_form(g) or name_form(g) in name_form(p),
        lambda p, g: team_number(p) is not None and team_number(p) == team_number(g),
    ]
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for test in tests:
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(pred):
                if pi not in used_p and test(p.get("name", ""), g.get("name", "")):
                    pairs.append((pi, gi))
                    used_p.add(pi)
                    used_g.add(gi)
                    break
    return pairs


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def field_values(team: dict, name: str) -> list[str]:
    """A team's list field as the comparable items the contract names."""
    if name == "phones":
        return [_digits(p["number"]) for p in team.get("phones", [])]
    if name == "phones_sms":
        return [_digits(p["number"]) for p in team.get("phones", []) if p.get("sms_only")]
    if name == "mailboxes":
        return [box_key(canon(m["address"])) for m in team.get("mailboxes", [])]
    if name == "postcodes":
        return [m["postcode"] for m in team.get("mailboxes", []) if m.get("postcode")]
    if name == "emails":
        return [re.sub(r"\s+", "", e).lower() for e in team.get("emails", [])]
    if name == "targets":
        return [canon(t) for t in team.get("targets", [])]
    if name == "deputy_leaders":
        return [canon(d) for d in team.get("deputy_leaders", [])]
    return list(team.get(name, []))


def _scalar(p: Any, g: Any) -> Count:
    if p is None and g is None:
        return Count()
    if p == g:
        return Count(tp=1)
    return Count(fp=int(p is not None), fn=int(g is not None))


def _sets(pred: Iterable[str], gold: Iterable[str], contains: bool) -> tuple[Count, list[str], list[str]]:
    """Set comparison; with `contains`, an item matches when one contains the other (one-to-one)."""
    ps, gs = list(dict.fromkeys(pred)), list(dict.fromkeys(gold))
    unmatched_g = list(gs)
    wrong = []
    tp = 0
    for p in ps:
        hit = next((g for g in unmatched_g if p == g or (contains and (p in g or g in p))), None)
        if hit is None:
            wrong.append(p)
        else:
            unmatched_g.remove(hit)
            tp += 1
    return Count(tp=tp, fp=len(wrong), fn=len(unmatched_g)), wrong, unmatched_g


def scalar_form(name: str, value: Any) -> Any:
    return canon(value) if isinstance(value, str) and name in ("title", "leader", "duration") else value


def score_notice(pred: dict | None, gold: dict, source: str | None) -> NoticeScore:
    """Counts for one notice; `source` (its text) is needed for the grounding check."""
    pred = pred or {"teams": []}
    s = NoticeScore(gold.get("doc_id", ""))
    for name in NOTICE_SCALARS:
        c = _scalar(scalar_form(name, pred.get(name)), scalar_form(name, gold.get(name)))
        s.counts[name].add(c)
        _note(s, name, c, pred.get(name), gold.get(name))
    pteams, gteams = pred.get("teams") or [], gold.get("teams") or []
    pairs = align(pteams, gteams)
    s.counts["team"].add(Count(tp=len(pairs), fp=len(pteams) - len(pairs), fn=len(gteams) - len(pairs)))
    for pi, gi in pairs:
        _score_team(s, pteams[pi], gteams[gi])
    for pi in set(range(len(pteams))) - {p for p, _ in pairs}:
        s.wrong.append(f"team {pteams[pi].get('name')!r} (no such team in gold)")
        _score_team(s, pteams[pi], {})
    for gi in set(range(len(gteams))) - {g for _, g in pairs}:
        s.missing.append(f"team {gteams[gi].get('name')!r}")
        _score_team(s, {}, gteams[gi])
    if source is not None:
        _ground(s, pteams, source)
    return s


def _note(s: NoticeScore, name: str, c: Count, p: Any, g: Any, where: str = "") -> None:
    if c.fp:
        s.wrong.append(f"{where}{name}: {p!r}" + (f" (gold {g!r})" if g is not None else ""))
    elif c.fn:
        s.missing.append(f"{where}{name}: {g!r}")


def _score_team(s: NoticeScore, p: dict, g: dict) -> None:
    where = f"{(g or p).get('name')}: "
    for name in TEAM_SCALARS:
        pv, gv = scalar_form(name, p.get(name)), scalar_form(name, g.get(name))
        c = _scalar(pv, gv)
        s.counts[name].add(c)
        _note(s, name, c, p.get(name), g.get(name), where)
    for name in TEAM_LISTS:
        c, wrong, missing = _sets(field_values(p, name), field_values(g, name), contains=name == "targets")
        s.counts[name].add(c)
        s.wrong += [f"{where}{name}: {w!r}" for w in wrong]
        s.missing += [f"{where}{name}: {m!r}" for m in missing]


def _ground(s: NoticeScore, teams: list[dict], source: str) -> None:
    """Contact values that do not occur in the normalised source are ungrounded."""
    flat = canon(source)
    low = flat.lower()
    bare = re.sub(r"[-()]", "", flat)
    for t in teams:
        for p in t.get("phones", []):
            s.contact_values += 1
            if p["number"] not in flat and _digits(p["number"]) not in bare:
                s.ungrounded.append(f"phone {p['number']}")
        for e in t.get("emails", []):
            s.contact_values += 1
            if re.sub(r"\s+", "", e).lower() not in low:
                s.ungrounded.append(f"email {e}")
        for m in t.get("mailboxes", []):
            s.contact_values += 1
            if box_key(canon(m["address"])).lower() not in low:
                s.ungrounded.append(f"mailbox {m['address']}")
            if m.get("postcode"):
                s.contact_values += 1
                if m["postcode"] not in flat:
                    s.ungrounded.append(f"postcode {m['postcode']}")


@dataclass
class Summary:
    """Scores over a set of notices."""

    notices: list[NoticeScore]

    def total(self, name: str) -> Count:
        c = Count()
        for n in self.notices:
            c.add(n.counts[name])
        return c

    @property
    def micro(self) -> Count:
        """The core fields' counts together."""
        c = Count()
        for name in CORE:
            c.add(self.total(name))
        return c

    @property
    def micro_f1(self) -> float:
        return self.micro.f1

    @property
    def exact(self) -> float:
        return sum(n.exact for n in self.notices) / len(self.notices) if self.notices else 0.0

    @property
    def ungrounded(self) -> int:
        return sum(len(n.ungrounded) for n in self.notices)

    @property
    def ungrounded_rate(self) -> float:
        values = sum(n.contact_values for n in self.notices)
        return self.ungrounded / values if values else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The JSON summary: per-field counts and scores, core micro-F1, exact share, grounding, per-notice diffs."""
        return {
            "notices": len(self.notices),
            "core_micro_f1": round(self.micro_f1, 4),
            "core_micro_precision": round(self.micro.precision, 4),
            "core_micro_recall": round(self.micro.recall, 4),
            "exact_notices": round(self.exact, 4),
            "ungrounded": self.ungrounded,
            "ungrounded_rate": round(self.ungrounded_rate, 4),
            "fields": {
                f: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4), "f1": round(c.f1, 4)}
                for f in FIELDS for c in [self.total(f)]
            },
            "per_notice": [
                {"doc_id": n.doc_id, "exact": n.exact, "wrong": n.wrong, "missing": n.missing, "ungrounded": n.ungrounded}
                for n in self.notices
            ],
        }


def score(preds: dict[str, dict], golds: dict[str, dict], sources: dict[str, str]) -> Summary:
    """Score predictions (by doc_id) against every gold notice; a missing prediction scores as empty."""
    return Summary([score_notice(preds.get(d), g, sources.get(d)) for d, g in sorted(golds.items())])
