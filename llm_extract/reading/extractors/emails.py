"""E-mail addresses, lower-cased (spaced-out ones are joined by normalisation)."""

from __future__ import annotations

import re

from . import Found

# The lookbehind lets a match start only where a run of address characters starts: without it, each
# position of a long run without "@" would rescan the run (quadratic on 200 KB of digits). A stray space around
# the "@", or after a dot before a common label ("xcz@163. com", "xcz @qq.com"), is no end of the address.
_LABEL = r"(?:com|cn|net|org|gov|edu)\b"
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*[ ]?@[ ]?[A-Za-z0-9\-]+"
    rf"(?:\.[A-Za-z0-9\-]+|\.[ ](?={_LABEL})[A-Za-z]+)*(?:\.[A-Za-z]{{2,}}|\.[ ](?={_LABEL})[A-Za-z]+)"
)


def find_emails(text: str) -> list[Found[str]]:
    """Every e-mail address in `text`, lower-cased, stray spaces out."""
    return [Found(m[0].replace(" ", "").lower(), m.start(), m.end()) for m in EMAIL.finditer(text)]
