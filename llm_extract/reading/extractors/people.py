"""People named for a team: its 组长 and 副组长, each name cut where the words that follow names begin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from ..lexicon import LazyPattern, Regex, alternation, lexicon, words
from . import Found

_NAME_CHARS = re.compile(r"[\u4e00-\u9fff]{2,6}")
NAME_AFTER_ROLE = r"\s*[:|]?\s*(?:分别)?(?:为|是|由|的)?\s*"  # "组长：", "组长为", "副组长由…担任", "组长分别为"
# The one pattern per role cue (focus and the cross-check use them too), from the lexicon.
LEADER_CUE = LazyPattern(lambda: "".join(f"(?<!{re.escape(c)})" for c in lexicon()["teams"]["not_before_leader"])
                         + re.escape(lexicon()["teams"]["leader"]))
DEPUTY_CUE = LazyPattern(lambda: re.escape(lexicon()["teams"]["deputy"]))
_LEADER = LazyPattern(lambda: LEADER_CUE.pattern + NAME_AFTER_ROLE)
_DEPUTY = LazyPattern(lambda: DEPUTY_CUE.pattern + NAME_AFTER_ROLE)
_NOT_TEAM_LEADER = LazyPattern(lambda: r"(?:" + alternation("teams", "leader_not_after") + r")$")


@cache
def _stops() -> tuple[str, ...]:
    """Words that follow a name, longest first."""
    return tuple(sorted(words("teams", "name_stops"), key=len, reverse=True))


@cache
def _surnames() -> tuple[tuple[str, ...], frozenset[str]]:
    """The compound surnames and the single-character ones."""
    return tuple(lexicon()["names"]["compound"]), frozenset(lexicon()["names"]["single"])


def _is_surname_start(name: str) -> bool:
    compound, single = _surnames()
    return name.startswith(compound) or name[:1] in single


def clip_name(text: str, at: int) -> str | None:
    """The person's name that starts at `at`: cut before the words that follow names, checked by its repeats."""
    m = _NAME_CHARS.match(text, at)
    if not m:
        return None
    cand = m[0]
    for stop in _stops():
        i = cand.find(stop, 2)
        if i >= 2:
            cand = cand[:i]
    cand = cand[:4]
    if len(cand) < 2 or not _is_surname_start(cand):
        return None
    base = _occurrences(text, cand[:2])
    while len(cand) > 2 and _occurrences(text, cand) < base and _stands_alone(text, cand[:-1]):
        cand = cand[:-1]
    return cand


@lru_cache(maxsize=256)
def _stands_alone(text: str, name: str) -> bool:
    """True when `name` is written somewhere as a whole name: followed by no character of a name, or by a word
    that follows names ("张某强调"); "李某州主持" is no place where "李某" stands alone."""
    for m in re.finditer(re.escape(name), text):
        after = text[m.end() : m.end() + 4]
        if not re.match(r"[\u4e00-\u9fff]", after) or after.startswith(_stops()):
            return True
    return False


@lru_cache(maxsize=64)  # a few notices' texts held at a time: a few MB at most
def _occurrences(text: str, part: str) -> int:
    """How often `part` occurs in `text`, counted once per name however often the name is met."""
    return text.count(part)


def _names_list(text: str, at: int) -> list[str]:
    """Names in a list after a label ("林某、王某及…"), until a word that is not a name."""
    names: list[str] = []
    while True:
        name = clip_name(text, at)
        if not name:
            return names
        names.append(name)
        at += len(name)
        sep = re.match(r"\s*[、,和]\s*|[ ]+(?=[\u4e00-\u9fff])", text[at:])
        if not sep:
            return names
        at += sep.end()


def team_roles(role: Regex, text: str) -> Iterator[re.Match[str]]:
    """The role cue's matches that are a team's, not a steering group's (领导小组组长, 领导小组常务副组长)."""
    return (m for m in role.finditer(text) if not _NOT_TEAM_LEADER.search(text[max(0, m.start() - 6) : m.start()]))


# A role named after its people: "由王某任组长", "，李某、赵某任副组长", "由王某同志担任组长"
_BEFORE_ROLE = re.compile(r"(?:由|[,;:]|^)[ ]*(?P<names>(?:(?![由组])[\u4e00-\u9fff、 ]){2,24}?)(?:同志)?(?:分别)?(?:担任|任)"
                          r"(?P<role>副?组长)(?![\u4e00-\u9fff]*(?:领导|小组))", re.M)


# The titles a person holds, written between the team's role and the name ("组长、县人大常委会副主任某某",
# "组长，市政协原副主席、党组成员某某"): phrases that end in a title, after a mark, none a team's role.
_TITLE_END = LazyPattern(lambda: f"(?:{alternation('shapes', 'titles')}|巡视专员|检察长|主委)")
_TITLES_LEAD = re.compile(r"\s*[、,]\s*")
_SAID = re.compile(r"[为是:]")  # what NAME_AFTER_ROLE took: the titles and the name right after it
_TITLE_CHARS = re.compile(r"[\u4e00-\u9fff、,]+")


def _after_role(text: str, at: int) -> list[Found[str]]:
    """The names right after a role's cue, or the one name after the titles written between them: the first
    end of a title that a name follows."""
    if names := _listed(text, at):
        return names
    lead = _TITLES_LEAD.match(text, at) or (_SAID.match(text, at - 1) if at else None)  # "组长、…", "组长为…"
    return _after_titles(text, lead.end(), lead.end() + 40) if lead else []


def _after_titles(text: str, start: int, stop: int) -> list[Found[str]]:
    """The one name after the titles that run from `start` (ending before `stop`): at the first end of a title that
    a name follows; none where the titles hold a team's role or anything but words and list marks."""
    for end in _TITLE_END.finditer(text, start, stop):
        titles = text[start : end.end()]
        if not _TITLE_CHARS.fullmatch(titles) or "组长" in titles:
            return []
        if names := _listed(text, end.end()):
            return names[:1]
    return []


def find_leaders(text: str) -> list[Found[str]]:
    """The names after each team's 组长 (one per team in "第一、第二巡察组组长甲、乙"; after the titles between: "组长、
    某局局长甲"), or before it ("由甲任组长", "甲(组长)")."""
    return [name for m in team_roles(_LEADER, text) for name in _after_role(text, m.end())] + _named_before_role(text, "组长")


def find_deputies(text: str) -> list[Found[str]]:
    """Each team's 副组长 name, lists split on 、 and 和, after the role (and the titles between) or before it
    ("乙、丙任副组长", "乙(副组长)")."""
    return ([name for m in team_roles(_DEPUTY, text) for name in _after_role(text, m.end())]
            + _named_before_role(text, "副组长"))


def _named_before_role(text: str, role: str) -> list[Found[str]]:
    """The names that take `role` in "由甲任组长", "乙、丙任副组长": a list of whole names before it, nothing else."""
    return _named_before_roles(text).get(role, [])


_ROLE_IN_BRACKETS = re.compile(r"(?<=[\u4e00-\u9fff])\((?P<role>副?组长)\)")  # "甲(组长)": the role after its name


@lru_cache(maxsize=4)
def _named_before_roles(text: str) -> dict[str, list[Found[str]]]:
    """`_named_before_role` for every role at once: the text is scanned once for the leaders and the deputies."""
    out: dict[str, list[Found[str]]] = {}
    for m in _BEFORE_ROLE.finditer(text):
        before, end = text[: m.end("names")], m.end("names") - len(m["names"]) + len(m["names"].rstrip())
        names = _listed(before, m.start("names"))  # none past 任
        if not (names and names[-1].end == end):  # "二级巡视员某某任副组长": the name after the titles
            names = _after_titles(before, m.start("names"), end)
        if names and names[-1].end == end:
            out.setdefault(m["role"], []).extend(names)
    for m in _ROLE_IN_BRACKETS.finditer(text):  # "甲(组长)、乙(副组长)": the whole name right before the bracket
        name = next((n for n in (clip_name(text[: m.start()], m.start() - k) for k in (4, 3, 2))
                     if n and text.startswith(n, m.start() - len(n))), None)
        if name:
            out.setdefault(m["role"], []).append(Found(name, m.start() - len(name), m.start()))
    return out



def _listed(text: str, at: int) -> list[Found[str]]:
    """The names listed from `at`, each with its span."""
    out = []
    for name in _names_list(text, at):
        at = text.index(name, at)
        out.append(Found(name, at, at + len(name)))
        at += len(name)
    return out
