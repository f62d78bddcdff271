"""The few phrases the model needs: windows around team names, 组长, and the verbs that name targets.

A whole notice costs a small local model about 20 s; these excerpts cost a fraction of it.
"""

from __future__ import annotations

import re

from .classify import find_title
from .findings import Findings

_CUES = re.compile(r"组长|开展[^。,]{0,4}(?:巡视|巡察)|进驻|被巡视|被巡察|巡视对象|巡察对象|(?:巡视|巡察)[^。,组]{2,12}动员")
_ENDS = "。!?;\n"
_BEFORE, _AFTER = 24, 48


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, pos) for c in _ENDS) + 1
    ends = [i for i in (text.find(c, pos) for c in _ENDS) if i >= 0]
    return start, min(ends) if ends else len(text)


def excerpt(findings: Findings, budget: int = 320) -> str:
    """Windows of text around each cue, merged and in text order, within `budget` characters."""
    text = findings.text[: findings.body_end]
    title = find_title(text)
    cues = [(f.start, f.end) for f in findings.teams] + [(m.start(), m.end()) for m in _CUES.finditer(text)]
    windows: list[list[int]] = []
    for s, e in sorted(cues):
        if title and s < title[1]:
            continue
        lo, hi = _sentence_bounds(text, s)
        w = [max(lo, s - _BEFORE), min(hi, e + _AFTER)]
        if windows and w[0] <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], w[1])
        else:
            windows.append(w)
    picked, used = [], 0
    for s, e in windows:
        if used + (e - s) > budget:
            continue
        picked.append(text[s:e].strip())
        used += e - s
    return "\n".join(picked)
