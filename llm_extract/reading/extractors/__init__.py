"""Deterministic extractors: pure functions from normalised text to values with their spans.

Each returns `Found` items whose `start`/`end` index the normalised text; `NormText.span`
maps them back to the original. They are the validator's eyes: a contact value the model
gives is kept only if one of these finds it in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..lexicon import Regex

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value and the half-open span of normalised text it was read from."""

    value: T
    start: int
    end: int


def last_match(pattern: Regex, text: str) -> re.Match[str] | None:
    """The last match of `pattern` in `text` (the label nearest a value), or None."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last one
        pass
    return found


SENTENCE_ENDS = "。!?;\n"  # what ends a sentence, for every reader that asks where one is
_REACH = 300  # characters a sentence is looked at each way: a text with no stops is read in pieces of this length


def sentence_bounds(text: str, start: int, end: int | None = None, reach: int | None = _REACH) -> tuple[int, int]:
    """The bounds of the sentence that holds [start, end) (`end` defaults to `start`), at most `reach` characters
    each way (None: no limit), so that looking up every value's sentence stays linear in a text with no stops."""
    end = start if end is None else end
    floor = 0 if reach is None else max(0, start - reach)
    ceiling = len(text) if reach is None else min(len(text), end + reach)
    first = max(max(text.rfind(c, floor, start) for c in SENTENCE_ENDS) + 1, floor)
    ends = [i for i in (text.find(c, end, ceiling) for c in SENTENCE_ENDS) if i >= 0]
    return first, min(ends) if ends else ceiling
