"""What the model is asked about, and the few phrases it needs for that.

The rules answer comes first; the model is asked only about what it left open (`gaps`): no team
although the text names some, a team without leader, deputies or targets while the text has words
for them (a 组长 or 副组长 not followed by words that name nobody: "副组长及有关同志出席" names
nobody, and asking would only invite an invented name). The excerpt then holds only the cues for
those gaps, most telling first, so the part of the prompt that changes per notice stays at about a
hundred tokens. The fixed part (system text, schema, example: ~800 tokens) is cached by the server:
on two cores the 1.5B model answers a notice in ~5 s once it is cached, ~27 s for the first one.
"""

from __future__ import annotations

import re

from .classify import find_title
from .extractors.teams import DEPUTY_CUE, LEADER_CUE, NAME_AFTER_ROLE, TARGET_PATTERNS
from .findings import Findings
from .lexicon import alternation
from .models import Notice

_LEADER = re.compile(LEADER_CUE)
_DEPUTY = re.compile(DEPUTY_CUE)
_TEAM_WORD = re.compile(r"巡视组|巡察组")
_NO_NAME = re.compile(NAME_AFTER_ROLE + r"(?:$|[,。;!?\n]|" + alternation("teams", "no_name_after") + ")")
_ENDS = "。!?;\n"


def gaps(notice: Notice, findings: Findings) -> set[str]:
    """The fields the rules left open that the text may still hold: teams, leader, deputies, targets."""
    text = findings.text[: findings.body_end]
    if notice.kind == "其他":
        return set()
    if not notice.teams:
        # Only teams the extractors saw can be kept (the cross-check grounds names in them): ask which
        # of those work on a target when the rules kept none.
        return {"teams"} if notice.event != "deployment" and findings.teams else set()
    out = set()
    if any(t.leader is None for t in notice.teams) and _names_someone(_LEADER, text):
        out.add("leader")
    if any(not t.deputy_leaders for t in notice.teams) and _names_someone(_DEPUTY, text):
        out.add("deputies")
    if any(not t.targets for t in notice.teams):
        out.add("targets")
    return out


def _names_someone(role: re.Pattern[str], text: str) -> bool:
    """True when the role word stands, somewhere in the text, where a name may follow (a title, a list)."""
    return any(not _NO_NAME.match(text, m.end()) for m in role.finditer(text))


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, pos) for c in _ENDS) + 1
    ends = [i for i in (text.find(c, pos) for c in _ENDS) if i >= 0]
    return start, min(ends) if ends else len(text)


def _window(text: str, s: int, e: int, before: int, after: int) -> tuple[int, int]:
    lo, hi = _sentence_bounds(text, s)
    return max(lo, s - before), min(hi, e + after)


def excerpt(findings: Findings, wanted: set[str], budget: int = 150) -> str:
    """Windows around the cues of the wanted fields, by priority, merged and in text order, within `budget` chars."""
    text = findings.text[: findings.body_end]
    title = find_title(text)
    skip_until = title[1] if title else 0
    every = "teams" in wanted
    groups = []
    if every or "leader" in wanted:
        groups.append([_window(text, m.start(), m.end(), 16, 14) for m in _LEADER.finditer(text)])
    if every or "deputies" in wanted:
        groups.append([_window(text, m.start(), m.end(), 16, 20) for m in _DEPUTY.finditer(text)])
    if every or "targets" in wanted:
        groups.append([_window(text, m.start(), m.end(), 16, 0) for p in TARGET_PATTERNS for m in p.finditer(text)])
    groups.append([_window(text, f.start, f.end, 0, 12) for f in findings.teams])
    if every:
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
    return "\n".join(text[s:e].strip() for s, e in chosen)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
