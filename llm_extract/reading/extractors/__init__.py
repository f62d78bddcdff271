"""Deterministic extractors: pure functions from normalised text to values with their spans.

Each returns `Found` items whose `start`/`end` index the normalised text; `NormText.span`
maps them back to the original. They are the validator's eyes: a contact value the model
gives is kept only if one of these finds it in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value and the half-open span of normalised text it was read from."""

    value: T
    start: int
    end: int


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of `pattern` in `text` (the label nearest a value), or None."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last one
        pass
    return found
