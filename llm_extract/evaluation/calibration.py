"""How often each support class is right against gold, the risk–coverage trade, and the confidence table.

A value is right when the scorer would count it a true positive: its team aligns with a gold team and the
gold team's field holds it (by the contract's comparison for that field). `llm-extract calibrate` turns
these counts into `data/confidence.json`; `llm-extract eval` prints them per backend.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..models import Notice, Team
from ..reading.confidence import abstain, cue_key, cue_wide_key, field_key, placement_key, rate, shown, support_key
from ..reading.extractors.mailboxes import box_key
from ..reading.normalize import canon
from .scoring import Summary, align, field_values, scalar_form, score

THRESHOLDS = (0.0, 0.5, 0.7, 0.9, 0.95)
_COMPARED: dict[str, Callable[[str], str]] = {  # a value as the scorer compares it, for the list fields
    "phones": lambda v: re.sub(r"\D", "", v),
    "mailboxes": lambda v: box_key(canon(v)),
    "emails": lambda v: re.sub(r"\s+", "", v).lower(),
    "targets": canon,
    "deputy_leaders": canon,
    "phone_hours": str,
}


def verdicts(pred: dict, gold: dict) -> list[tuple[str, str, bool]]:
    """(field, support, right) for each distinct team value of `pred` that has evidence with a support."""
    return [(e["field"], e["support"], right) for e, right in _judged(pred, gold)]


def _judged(pred: dict, gold: dict) -> list[tuple[dict, bool]]:
    """Each distinct team value's evidence record (one with a support) and whether the value is right."""
    teams, gold_teams = pred.get("teams") or [], gold.get("teams") or []
    aligned = dict(align(teams, gold_teams))
    out, seen = [], set()
    for e in pred.get("evidence") or []:
        i, field, value, support = e.get("team"), e.get("field"), e.get("value"), e.get("support")
        if i is None or support is None or i >= len(teams) or (i, field, value) in seen or not _holds(teams[i], field, value):
            continue
        seen.add((i, field, value))
        g = gold_teams[aligned[i]] if i in aligned else None
        out.append((e, g is not None and _right(g, field, value)))
    return out


def check_counts(preds: dict[str, dict], golds: dict[str, dict]) -> dict[str, Counter[str]]:
    """Per outcome of the model's check ("asked/confirmed", "asked/repaired", "asked/unconfirmed"): right and total
    values, so that what the check keeps, and what it leaves doubtful, is measured like any class."""
    counts: dict[str, Counter[str]] = {}
    for doc_id, gold in golds.items():
        for e, right in _judged(preds.get(doc_id) or {}, gold):
            if e.get("asked"):
                c = counts.setdefault(f"asked/{e['asked']}", Counter())
                c["total"] += 1
                c["right"] += right
    return dict(sorted(counts.items()))


def _holds(team: dict, field: str, value: str) -> bool:
    """True when the record's team still has the value its evidence names (the cross-check may have dropped it)."""
    return field == "name" or value in shown(Team.model_validate(team), field)


def _right(gold: dict, field: str, value: str) -> bool:
    if field == "name":
        return True
    if field in _COMPARED:
        mine, theirs = _COMPARED[field](value), field_values(gold, field)
        return any(mine == g or (field == "targets" and (mine in g or g in mine)) for g in theirs)
    return scalar_form(field, value) == scalar_form(field, gold.get(field))


def class_keys(field: str, support: str, cue: str | None) -> list[str]:
    """The classes a value is counted in: field and support, its placement over all fields, its field over all
    placements, and with a cue, field, support and cue and the cue over all fields."""
    keys = [support_key(field, support), placement_key(support), field_key(field)]
    return keys + ([cue_key(field, support, cue), cue_wide_key(cue)] if cue else [])


def class_counts(preds: dict[str, dict], golds: dict[str, dict]) -> dict[str, Counter[str]]:
    """Per class (`class_keys`): right and total values."""
    counts: dict[str, Counter[str]] = {}
    for doc_id, gold in golds.items():
        for e, right in _judged(preds.get(doc_id) or {}, gold):
            for key in class_keys(e["field"], e["support"], e.get("cue")):
                c = counts.setdefault(key, Counter())
                c["total"] += 1
                c["right"] += right
    return counts


def kept(record: dict, threshold: float, classes: dict[str, Any] | None = None) -> dict:
    """A record as it would be written with `--min-confidence threshold`, rated by `classes` (else the table)."""
    if not record.get("evidence"):
        return record
    return abstain(rate(Notice.model_validate(record), classes), threshold).contract()


def risk_coverage(preds: dict[str, dict], golds: dict[str, dict], sources: dict[str, str],
                  thresholds: tuple[float, ...] = THRESHOLDS, classes: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Per threshold: core micro precision, recall and F1 of what is kept, and the share of values kept."""
    every = _values(preds)
    rows = []
    for t in thresholds:
        cut = {d: kept(p, t, classes) for d, p in preds.items()}
        summary: Summary = score(cut, golds, sources)
        micro = summary.micro
        rows.append({"threshold": t, "precision": round(micro.precision, 4), "recall": round(micro.recall, 4),
                     "f1": round(micro.f1, 4), "kept": round(_values(cut) / every, 4) if every else 1.0})
    return rows


def _values(preds: dict[str, dict]) -> int:
    return sum(1 for p in preds.values() for e in p.get("evidence") or [] if e.get("team") is not None)


PRIOR_WEIGHT = 4  # values' worth of the wider classes' share that a class's own count is drawn towards


def _wide(key: str) -> bool:
    return key.startswith(("*/", "*~")) or key.endswith("/*")


def _order(key: str) -> int:
    """Wide classes first, then field and support, then field, support and cue: each one's prior is made first."""
    return 0 if _wide(key) else 2 if "~" in key else 1


def confidence_table(counts: dict[str, Counter[str]]) -> dict[str, dict[str, Any]]:
    """Each class's right and total values and its confidence. A wide class (a placement over all fields,
    "*/sentence", a cue over all fields, "*~label", or a field over all placements, "targets/*") is its share right
    drawn towards one half by one right and one wrong value not seen; a narrow one ("phones/sentence") is its share
    right drawn towards the mean of its placement's and its field's by `PRIOR_WEIGHT` values, and the narrowest
    ("targets/sole~verb") towards the mean of its field and support's and its cue's, so that a class seen a few
    times is neither taken as certain nor condemned by one slip."""
    table: dict[str, dict[str, Any]] = {}
    for key, c in sorted(counts.items(), key=lambda kc: (_order(kc[0]), kc[0])):
        if _wide(key):
            share = (c["right"] + 1) / (c["total"] + 2)
        else:
            field, support = key.split("/", 1)
            if "~" in support:
                support, cue = support.split("~", 1)
                prior = (table[support_key(field, support)]["confidence"] + table[cue_wide_key(cue)]["confidence"]) / 2
            else:
                prior = (table[placement_key(support)]["confidence"] + table[field_key(field)]["confidence"]) / 2
            share = (c["right"] + PRIOR_WEIGHT * prior) / (c["total"] + PRIOR_WEIGHT)
        table[key] = {"right": c["right"], "total": c["total"], "confidence": round(share, 4)}
    return dict(sorted(table.items()))


def best_threshold(preds: dict[str, dict], golds: dict[str, dict], sources: dict[str, str],
                   classes: dict[str, dict[str, Any]]) -> float:
    """The threshold (0 or a class's confidence) with the best core micro-F1 on these notices; the lowest of equals."""
    candidates = sorted({0.0} | {c["confidence"] for c in classes.values()})
    rows = risk_coverage(preds, golds, sources, tuple(candidates), classes)
    scored = [(row["f1"], -row["threshold"]) for row in rows]
    return -max(scored)[1]
