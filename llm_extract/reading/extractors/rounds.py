"""An inspection round: its name ("十届县委第九轮巡察") and its teams given only as a count ("派出3个巡察组")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import LazyPattern, alternation
from ..numerals import NUMERAL_CHARS, to_int
from . import Found

_NUM = rf"(?<![{NUMERAL_CHARS}])[{NUMERAL_CHARS}]{{1,4}}"  # a numeral from its start: linear on long digit runs
_COUNT = re.compile(rf"(?P<n>{_NUM})个[^\s,。;:、\d]{{0,6}}?(?P<kind>巡视|巡察)组")
_NAME = LazyPattern(
    lambda: rf"(?:{_NUM}届)?(?:{alternation('teams', 'prefixes')})?"
    rf"第[{NUMERAL_CHARS}]{{1,4}}[轮批](?:常规|专项)?(?P<kind>巡视|巡察)?"
)
_SEVERAL = LazyPattern(lambda: alternation("rounds", "several"))


@dataclass(frozen=True)
class RoundWords:
    """What the text says of the round as a whole: its name, its team count, whether it speaks of several teams."""

    name: Found[str] | None
    count: Found[int] | None
    several: bool


def find_round(text: str) -> RoundWords:
    """The round's name and team count where the text gives them. `several` is true when the text gives the
    teams as a count of two or more or speaks of them together ("各巡察组"): a team word without a number
    is then the round's teams, not a team of its own."""
    name = next((Found(m[0], m.start(), m.end()) for m in _NAME.finditer(text) if m["kind"] or "届" in m[0]), None)
    counts = [Found(n, m.start(), m.end()) for m in _COUNT.finditer(text) if (n := to_int(m["n"])) is not None and n >= 2]
    count = max(counts, key=lambda c: c.value) if counts else None
    return RoundWords(name, count, bool(count) or bool(_SEVERAL.search(text)))
