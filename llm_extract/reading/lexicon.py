"""The cue words of `data/lexicon.toml`, loaded once, on first use: importing a module reads no file."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """All cue lists, by section."""
    return tomllib.loads(resources.files("llm_extract").joinpath("data/lexicon.toml").read_text("utf-8"))


def words(section: str, key: str) -> list[str]:
    """One cue list."""
    return list(lexicon()[section][key])


@cache
def word_set(section: str, key: str) -> frozenset[str]:
    """One cue list as a set, to ask whether a word is one of them."""
    return frozenset(words(section, key))


def alternation(section: str, key: str) -> str:
    """One cue list as a regex alternation, longest first so that no cue hides a longer one."""
    return "|".join(re.escape(w) for w in sorted(words(section, key), key=len, reverse=True))


def units_label() -> str:
    """A label the inspected units follow, as a pattern ("被巡察单位", "被巡察村(社区)", "被巡察单位名称")."""
    return f"(?:{alternation('targets', 'labels')}|{lexicon()['targets']['label_shape']})(?:名称)?"


def label_separator() -> str:
    """What stands between a label and its value, as a pattern (a colon, 为/是, a dash, 】, spaces)."""
    return f"(?:{lexicon()['cues']['separator']})"


class LazyPattern:
    """A regex whose source is built (from the cue words) and compiled on first use, used as a compiled one.

    Patterns made of cue words are module constants in meaning; building them lazily keeps the lexicon's read, and any
    error in it, out of `import`. Once compiled, the pattern's own methods stand on the instance: no cost per call."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub")

    def __init__(self, source: Callable[[], str], flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern, built once; its methods then replace this class's on the instance."""
        pattern = re.compile(self._source(), self._flags)
        self.__dict__.update({name: getattr(pattern, name) for name in self._METHODS})
        return pattern

    @property
    def pattern(self) -> str:
        """The pattern's source, to build another pattern from."""
        return self.compiled.pattern

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As `re.Pattern.search`."""
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As `re.Pattern.match`."""
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As `re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """As `re.Pattern.finditer`."""
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """As `re.Pattern.findall`."""
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """As `re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count)


Regex = re.Pattern[str] | LazyPattern
"""A compiled pattern or one compiled on first use: what the readers take."""
