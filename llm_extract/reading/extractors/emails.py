"""E-mail addresses, lower-cased (spaced-out ones are joined by normalisation)."""

from __future__ import annotations

import re

from . import Found

# The lookbehind lets a match start only where a run of address characters starts: without it, each
# position of a long run without "@" would rescan the run (quadratic on 200 KB of digits).
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)


def find_emails(text: str) -> list[Found[str]]:
    """Every e-mail address in `text`, lower-cased."""
    return [Found(m[0].lower(), m.start(), m.end()) for m in EMAIL.finditer(text)]
