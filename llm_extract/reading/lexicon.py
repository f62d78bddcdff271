"""The cue words of `data/lexicon.toml`, loaded once."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """All cue lists, by section."""
    return tomllib.loads(resources.files("llm_extract").joinpath("data/lexicon.toml").read_text("utf-8"))


def words(section: str, key: str) -> list[str]:
    """One cue list."""
    return list(lexicon()[section][key])


def alternation(section: str, key: str) -> str:
    """One cue list as a regex alternation, longest first so that no cue hides a longer one."""
    return "|".join(re.escape(w) for w in sorted(words(section, key), key=len, reverse=True))


def units_label() -> str:
    """A label the inspected units follow, as a pattern ("被巡察单位", "被巡察村(社区)", "被巡察单位名称")."""
    return f"(?:{alternation('targets', 'labels')}|{lexicon()['targets']['label_shape']})(?:名称)?"


def label_separator() -> str:
    """What stands between a label and its value, as a pattern (a colon, 为/是, a dash, 】, spaces)."""
    return f"(?:{lexicon()['cues']['separator']})"
