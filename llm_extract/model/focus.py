"""What the model is asked about, and the few phrases it needs for that.

The rules answer comes first; the model is asked only where it is open or unsure (`gaps`): no team
although the text names some; a numbered team word of a shape no extractor reads; a team without
leader, deputies or targets while the text has words for them (a 组长 or 副组长 not followed by words
that name nobody: "副组长及有关同志出席" names nobody, and asking would only invite an invented name);
several teams whose contacts are placed team by team, and one that nothing in the text places. The
excerpt then holds only the cues for those, most telling first, contacts marked with their ids
(`marks`), so the part of the prompt that changes per notice stays at about a hundred tokens. The fixed part (system text,
schema, example: ~800 tokens) is cached by the server: on two cores the 1.5B model answers a notice in
~5 s once it is cached, ~27 s for the first one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..models import Evidence, Notice
from ..reading.classify import find_title
from ..reading.extractors import sentence_bounds
from ..reading.extractors.people import DEPUTY_CUE, LEADER_CUE, NAME_AFTER_ROLE, team_roles
from ..reading.extractors.targets import target_patterns
from ..reading.extractors.teams import find_team_words
from ..reading.findings import Findings
from ..reading.lexicon import LazyPattern, Regex, alternation
from .marks import marked, open_contacts, with_marks

_TEAM_WORD = re.compile(r"巡视组|巡察组")
_NO_NAME = LazyPattern(lambda: NAME_AFTER_ROLE + r"(?:$|[,。;!?\n]|" + alternation("teams", "no_name_after") + ")")
_BREAKS = ",、:"  # clause and list breaks inside a sentence
_SNAP = 8  # characters a window may grow to reach one


def gaps(notice: Notice, findings: Findings) -> set[str]:
    """What the rules left open or unsure that the text may still hold: teams, leader, deputies, targets,
    and which team a contact belongs to. Where the reading is sure (most notices) this is empty."""
    text = findings.text[: findings.body_end]
    if notice.kind == "其他":
        return set()
    unread = _unread_teams(findings)
    if not notice.teams:
        # Teams the extractors saw but kept none of, or numbered team words of a shape they do not know.
        return {"teams"} if notice.event != "deployment" and (findings.teams or unread) else set()
    out = {"teams"} if unread else set()
    if any(t.leader is None for t in notice.teams) and _names_someone(LEADER_CUE, text):
        out.add("leader")
    if any(not t.deputy_leaders for t in notice.teams) and _names_someone(DEPUTY_CUE, text):
        out.add("deputies")
    if any(not t.targets for t in notice.teams):
        out.add("targets")
    if len(notice.teams) > 1 and open_contacts(findings):
        out.add("contacts")
    return out


def _unread_teams(findings: Findings) -> list[tuple[int, int]]:
    """Numbered team words no extractor read as a team ("巡察工作第一组"): a name the model may know."""
    body = findings.text[: findings.body_end]
    known = [(m.start, m.end) for m in findings.teams]
    return [(w.start, w.end) for w in find_team_words(body) if not any(s < w.end and w.start < e for s, e in known)]


def _names_someone(role: Regex, text: str) -> bool:
    """True when the role word stands, somewhere in the text, where a name may follow (a title, a list)."""
    return any(not _NO_NAME.match(text, m.end()) for m in team_roles(role, text))


def _window(text: str, s: int, e: int, before: int, after: int) -> tuple[int, int]:
    """`before` and `after` characters around the cue [s, e), within its sentence, each edge moved to a
    clause or list break when one is near (out a few characters, else back towards the cue), so that no
    unit or name is cut in half: a model splices cut words into names the text does not have."""
    lo, hi = sentence_bounds(text, s, reach=None)
    start, end = max(lo, s - before), min(hi, e + after)
    if start > lo:
        out = max(text.rfind(c, lo, start) for c in _BREAKS)
        inward = [i for i in (text.find(c, start, s) for c in _BREAKS) if i >= 0]
        start = out + 1 if out >= 0 and start - out <= _SNAP else min(inward) + 1 if inward else start
    if end < hi:
        outs = [i for i in (text.find(c, end, hi) for c in _BREAKS) if i >= 0]
        inward_end = max(text.rfind(c, e, end) for c in _BREAKS)
        end = (hi if hi - end <= _SNAP else min(outs) if outs and min(outs) - end <= _SNAP
               else inward_end if inward_end > e else end)
    return start, end


def excerpt(findings: Findings, wanted: set[str], budget: int = 150) -> str:
    """Windows around the cues of the wanted fields, by priority, merged and in text order, within `budget` chars;
    the contacts in them marked with their ids."""
    text = findings.text[: findings.body_end]
    title = find_title(text)
    skip_until = title[1] if title else 0
    every = "teams" in wanted
    groups = []
    if every or "leader" in wanted:
        groups.append([_window(text, m.start(), m.end(), 16, 14) for m in team_roles(LEADER_CUE, text)])
    if every or "deputies" in wanted:
        groups.append([_window(text, m.start(), m.end(), 16, 20) for m in team_roles(DEPUTY_CUE, text)])
    if every or "targets" in wanted:
        groups.append([_window(text, m.start(), m.end(), 16, 0) for p in target_patterns() for m in p.finditer(text)])
    if "contacts" in wanted:  # each open contact with what stands before it, where its team may be named
        groups.append([_window(text, c.found.start, c.found.end, 40, 0) for c in open_contacts(findings)])
    groups.append([_window(text, f.start, f.end, 0, 12) for f in findings.teams])
    if every:
        groups.append([_window(text, s, e, 20, 20) for s, e in _unread_teams(findings)])
        groups.append([_window(text, m.start(), m.end(), 20, 20) for m in _TEAM_WORD.finditer(text)])
    chosen: list[tuple[int, int]] = []
    for group in groups:
        for s, e in group:
            s = max(s, skip_until)
            if e <= s or any(text[s:e].strip() in text[cs:ce] for cs, ce in chosen):
                continue  # inside the title, or the same words are in already
            merged = _merge(chosen + [(s, e)])
            if sum(ce - cs for cs, ce in merged) <= budget:
                chosen = merged
    return "\n".join(marked(findings, s, e).strip(" ,、:") for s, e in chosen)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# Fields whose suspect values the model is asked about: names, which it can copy whole from beside their mark. A
# copy answers a doubt about a name's shape (cut, run on), not about whose it is: a value weak for its placement
# (a unit of the round's list, a date or channel shared by every team) is not asked, since the embedded model's
# yes or no says nothing there (measured: it answers yes to every value, right or wrong).
CHECKED_FIELDS = ("targets", "leader", "deputy_leaders")
MAX_CHECKS = 8  # values put to the model in one request, the least sure first
_CHECK_BUDGET = 480  # characters of excerpt for them


@dataclass(frozen=True)
class Weak:
    """A value rated below the threshold, put to the model under its id (⟦V1⟧, marked right after it)."""

    id: str
    team: str
    evidence: Evidence
    start: int  # its span in the normalised text
    end: int


def weak(notice: Notice, findings: Findings, threshold: float) -> list[Weak]:
    """The names (rated) whose shape is suspect and whose confidence is below `threshold`, least sure first, at
    most `MAX_CHECKS`; each with its span in the normalised text. None where the reading is sure."""
    origin = findings.norm.origin
    low = sorted((e for e in notice.evidence if e.team is not None and e.team < len(notice.teams) and e.suspect
                  and e.field in CHECKED_FIELDS and e.confidence is not None and e.confidence < threshold),
                 key=lambda e: e.confidence or 0.0)
    out: list[Weak] = []
    for e in low[:MAX_CHECKS]:
        start, end = bisect_left(origin, e.start), bisect_left(origin, e.end)
        if e.team is not None and end <= findings.body_end:
            out.append(Weak(f"V{len(out) + 1}", notice.teams[e.team].name, e, start, end))
    return out


def check_excerpt(findings: Findings, asked: list[Weak]) -> str:
    """The phrases around the values put to the model, each value followed by its id (⟦V1⟧), merged and in text
    order within a budget."""
    text = findings.text[: findings.body_end]
    per_value = max(40, _CHECK_BUDGET // max(1, len(asked)))
    spans = _merge([_window(text, w.start, w.end, per_value - (w.end - w.start), 8) for w in asked])
    marks = [(w.end, w.id) for w in asked]
    return "\n".join(with_marks(text, s, e, marks).strip(" ,、:") for s, e in spans)
