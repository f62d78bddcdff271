"""How sure each value is: its class (its field, how the text ties it to its team, or `suspect` where its shape is
off, and how the text says what it is: its cue) mapped to the share of such values that were right on notices the
rules were not written from (the sealed validation set), as measured by `llm-extract calibrate` into
`data/confidence.json`, or into a table of the caller's (`Rating.from_file`).

`rate` writes that figure into every evidence record; `abstain` leaves out the values below a threshold and
names them in the warnings. Nothing here reads text: it only looks the classes up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..models import Held, Notice, Team

TABLE_FILE = "data/confidence.json"
_SHOWN: dict[str, Callable[[Any], str]] = {"phones": lambda p: p.number, "mailboxes": lambda m: m.address}


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The measured table: `classes` ("field/support", "field/support~cue", "*/support", "*~cue", "field/*" →
    right, total, confidence), `threshold`."""
    path = resources.files("llm_extract").joinpath(TABLE_FILE)
    return json.loads(path.read_text("utf-8")) if path.is_file() else {"classes": {}, "threshold": 0.0}


@dataclass(frozen=True)
class Rating:
    """A confidence table and its threshold: the package's (`package()`), or one `calibrate` wrote (`from_file`)."""

    classes: dict[str, Any]
    threshold: float

    @classmethod
    def package(cls) -> Rating:
        return cls(table()["classes"], float(table().get("threshold", 0.0)))

    @classmethod
    def from_file(cls, path: str | Path) -> Rating:
        """The table at `path`; ValueError naming it when it is no table `calibrate` writes."""
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            classes, threshold = data["classes"], float(data["threshold"])
            if not isinstance(classes, dict) or not all(
                    isinstance(c, dict) and 0 <= float(c["confidence"]) <= 1 for c in classes.values()):
                raise ValueError("a class without a confidence from 0 to 1")
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}: not a confidence table written by `llm-extract calibrate` ({e})") from e
        return cls(classes, threshold)


def support_key(field: str, support: str) -> str:
    """The class a value is counted in: its field and its support ("phones/clause", "start_date/sole+range")."""
    return f"{field}/{support}"


def placement_key(support: str) -> str:
    """The wider class a support falls in: its placement over all fields ("start_date/sole+range" → "*/sole")."""
    return support_key("*", support.split("+")[0])


def field_key(field: str) -> str:
    """The wider class of a field over all its supports ("targets/*")."""
    return support_key(field, "*")


def cue_key(field: str, support: str, cue: str) -> str:
    """The narrowest class: field, support and cue ("targets/sole~verb")."""
    return f"{support_key(field, support)}~{cue}"


def cue_wide_key(cue: str) -> str:
    """The wider class of a cue over all fields and placements ("*~label")."""
    return f"*~{cue}"


def shown(team: Team, field: str) -> list[str]:
    """A team's values of one field as their evidence records show them (a phone by its number, a mailbox by its
    address)."""
    current = getattr(team, field, None)
    if isinstance(current, list):
        return [_SHOWN.get(field, str)(v) for v in current]
    return [] if current is None else [str(current)]


def confidence(field: str, support: str | None, classes: dict[str, Any] | None = None,
               cue: str | None = None) -> float | None:
    """The measured share of right values of this class (in `classes`, else the package's table). A class never seen
    where it was measured backs off to the coarser ones: field, support and cue ("targets/sole~verb") to the mean of
    its field and support ("targets/sole") and its cue over all fields ("*~verb"), or either alone; then its
    placement over all fields ("*/clause"), then its field over all placements ("targets/*"); else nothing (None:
    not rated, never left out)."""
    if support is None:
        return None
    classes = table()["classes"] if classes is None else classes
    if cue is not None:
        narrow = cue_key(field, support, cue)
        if narrow in classes:
            return float(classes[narrow]["confidence"])
        seen = [float(classes[k]["confidence"]) for k in (support_key(field, support), cue_wide_key(cue)) if k in classes]
        if seen:
            return sum(seen) / len(seen)
    for key in (support_key(field, support), placement_key(support), field_key(field)):
        if key in classes:
            return float(classes[key]["confidence"])
    return None


def checked(min_confidence: float | None) -> float | None:
    """`min_confidence` as given, when it is None or a number from 0 to 1; else a ValueError saying so."""
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise ValueError(f"min_confidence: expected a number from 0 to 1, got {min_confidence!r}")
    return min_confidence


def default_threshold() -> float:
    """The threshold the calibration picked where it measured (the best core micro-F1 there)."""
    return float(table().get("threshold", 0.0))


def rate(notice: Notice, classes: dict[str, Any] | None = None) -> Notice:
    """Every evidence record's `confidence`, from its field, support and cue (in place; returned for chaining)."""
    for e in notice.evidence:
        e.confidence = confidence(e.field, e.support, classes, e.cue)
    return notice


def abstain(notice: Notice, min_confidence: float) -> Notice:
    """The values rated below `min_confidence` left out, each named in the warnings; a team whose name is below
    it goes with all its values. In place; returned for chaining."""
    sure = {(e.team, e.field, e.value) for e in notice.evidence if e.confidence is None or e.confidence >= min_confidence}
    low = [e for e in notice.evidence if e.team is not None and e.confidence is not None and e.confidence < min_confidence
           and (e.team, e.field, e.value) not in sure]  # a value read twice stands on its surer reading
    if not low:
        return notice
    gone_teams = {e.team for e in low if e.field == "name"}
    for e in low:
        if e.team is None or e.team >= len(notice.teams):
            continue
        team = notice.teams[e.team]
        if e.team in gone_teams and e.field != "name":
            continue
        if e.field == "name" or _remove(team, e.field, e.value):
            notice.warnings.append(f"left out {e.field} {e.value!r} of {team.name}: confidence {e.confidence:.2f} "
                                   f"< {min_confidence:g} ({e.support})")
    low_ids = {id(e) for e in low}
    kept = [i for i in range(len(notice.teams)) if i not in gone_teams]
    index = {old: new for new, old in enumerate(kept)}
    notice.teams = [notice.teams[i] for i in kept]
    evidence = []
    for e in notice.evidence:
        if id(e) in low_ids or (e.team is not None and e.team not in index):
            continue
        e.team = index[e.team] if e.team is not None else None
        evidence.append(e)
    notice.evidence = evidence
    return notice


def holding(notice: Notice, min_confidence: float) -> Notice:
    """`abstain`, keeping the values as read on the record (`held`) where it leaves any out, so that a threshold
    chosen later can take them back (`at_confidence`). In place; returned for chaining."""
    before = Held(threshold=min_confidence, teams=[t.model_copy(deep=True) for t in notice.teams],
                  evidence=[e.model_copy() for e in notice.evidence], warnings=list(notice.warnings))
    abstain(notice, min_confidence)
    notice.held = before if len(notice.warnings) > len(before.warnings) else None
    return notice


def at_confidence(notice: Notice, min_confidence: float) -> Notice:
    """The record as a threshold of `min_confidence` leaves it: from the values it holds as read where it has
    them (a lower threshold takes left-out values back), else from its own (a higher one leaves more out). The record
    itself where the threshold changes nothing (most records: no copy), else a copy."""
    if (notice.held.threshold == min_confidence if notice.held is not None
            else all(e.confidence is None or e.confidence >= min_confidence for e in notice.evidence)):
        return notice
    copy = notice.model_copy(deep=True)
    if notice.held is not None:
        copy.teams, copy.evidence = notice.held.teams, notice.held.evidence
        copy.warnings = notice.held.warnings
        copy = copy.model_copy(deep=True)
    copy.held = None
    return holding(copy, min_confidence)


def _remove(team: Team, field: str, value: str) -> bool:
    """Take one value out of a team's field (as `shown` writes it); True when it was there."""
    values = shown(team, field)
    if value not in values:
        return False
    current = getattr(team, field)
    setattr(team, field, [v for v, seen in zip(current, values, strict=True) if seen != value]
            if isinstance(current, list) else None)
    return True
