"""Inspection teams' names: 第三、四巡察组 is two, 县委第四轮第二巡察组 one with its round; references (一组), bare words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import LazyPattern, Regex, alternation
from ..numerals import NUMERAL_CHARS, to_chinese, to_int
from . import Found

_NUM = rf"[{NUMERAL_CHARS}]+"


def _pre() -> str:
    """The words a team's name may start with (a body, a round), as an optional group."""
    return r"(?P<pre>" + alternation("teams", "prefixes") + r")?"


_MID = r"(?P<mid>提级交叉|提级|交叉|专项|机动|联动)?"
TEAM = LazyPattern(  # after its body, a team may name its round: "县委第四轮第二巡察组", "县委第四轮巡察第二组"
    lambda: rf"{_pre()}(?P<round>第{_NUM}轮)?(?:{_MID}第(?P<nums>{_NUM}(?:(?:[、,和及]|至|到)第?{_NUM})*)"
    rf"(?P<mid2>提级交叉|提级|交叉|专项|机动|联动)?(?P<kind>巡视|巡察)组"
    rf"|(?P<mid3>专项|提级|交叉|机动)?(?P<kind2>巡视|巡察)(?P<th>(?:工作)?第?)(?P<num2>{_NUM}(?:[、,和及]第?{_NUM})*)(?P<word>小?组)"
    # "县委巡察组(第一组)", "区委巡察组第三组", "市委专项巡察组三组": a team's number after its kind
    rf"|(?P<named>(?:专项|提级|交叉|机动)?(?P<kind3>巡视|巡察)组(?:\(第(?P<num3>{_NUM})组\)|第?(?P<num4>{_NUM})组(?!织))))"
)

# A team named without a number ("区委专项巡察组", "县委巡察组", "区委第八轮医疗卫生领域专项巡察组", a round's one team
# "县委第三轮巡察组", "县委巡察工作组", "县委巡察机动组", a scraped "市委第巡察组" that lost its number): read only when the
# text names no numbered team, since such words are often a generic mention of the body's teams.
_UNNUMBERED = LazyPattern(
    lambda: r"(?P<pre>" + alternation("teams", "prefixes") + rf")(?:(?:第{_NUM}轮)?(?:[\u4e00-\u9fff]{{2,8}}领域)?"
    r"(?:专项|提级|交叉|机动|联动)?|第)?(?P<kind>巡视|巡察)(?:工作|机动|专项)?组(?![正副织]|组长)"  # not "第七轮巡察组正、副组长"
)
# A team numbered after its round: "区委第二轮巡察“回头看”第一组", "市委第三轮对村(社区)提级巡察“回头看”第一组".
_ROUND_TEAM = LazyPattern(
    lambda: _pre() + rf"第{_NUM}轮[^,。;:\n\d巡]{{0,10}}?(?P<kind>巡视|巡察)[^,。;:\n\d]{{0,8}}?第(?P<num>{_NUM})小?组"
)


@dataclass(frozen=True)
class TeamName:
    """A team as named in the text, with the parts the scorer and the cross-check compare on."""

    name: str
    kind: str
    number: int | None


_COMMITTEE = re.compile("委员会$")
LIST_JOIN = re.compile(r"\s*[、,和及与]\s*")  # what joins team names listed together
ENUM_MARK = r"(?:[(]?[一二三四五六七八九十\d]{1,3}[)、.]|[(][一二三四五六七八九十\d]{1,3}[)])"  # "(一)", "一、", "1."
ITEM_MARK = rf"(?:{ENUM_MARK}|[①-⑳])"  # what starts a list's item: an enumeration mark or a circled number


def _numbers(nums: str) -> list[str]:
    """The team numbers a phrase names, as written: "三、四" two, "一至三" (a range, of at most 30) three."""
    out: list[str] = []
    for part in re.split(r"[、,和及]第?", nums):
        ends = re.split(r"(?:至|到)第?", part)
        low, high = to_int(ends[0]), to_int(ends[-1])
        if len(ends) == 2 and low and high and low < high <= low + 30:
            written = str if ends[0].isdigit() else to_chinese  # as the phrase writes its numbers
            out += [ends[0]] + [written(n) for n in range(low + 1, high)] + [ends[-1]]
        else:
            out.append(part)
    return out


def find_teams(text: str) -> list[Found[TeamName]]:
    """Every team mention; "市委第三、四巡察组" gives two, each spanning the whole phrase; a name listed
    right after another ("省委第一巡视组、第二巡视组") takes its prefix."""
    out: list[Found[TeamName]] = []
    prev: tuple[int, str] = (-1, "")  # where the last mention ended, and its prefix
    for m in TEAM.finditer(text):
        if not m["pre"] and text.startswith("收", m.end()):
            continue  # "…信箱第九巡察组收": a letter's recipient, written without the body it belongs to
        listed = prev[0] >= 0 and LIST_JOIN.fullmatch(text, prev[0], m.start()) is not None
        pre = _COMMITTEE.sub("委", m["pre"] or (prev[1] if listed else "")) + (m["round"] or "")  # "省委第一巡视组、
        # 第二巡视组": both 省委's; "区委员会第一巡察组": 区委's
        prev = (m.end(), pre)
        if m["kind"]:
            mid, mid2 = m["mid"] or "", m["mid2"] or ""
            for part in _numbers(m["nums"]):  # "第三、四", "第一、第二", "第一至第三"
                out.append(Found(TeamName(f"{pre}{mid}第{part}{mid2}{m['kind']}组", m["kind"], to_int(part)), m.start(), m.end()))
        elif m["kind2"]:  # "巡察一组", "巡察第三小组", "巡察一、二组", "巡察工作第三组"
            for part in _numbers(m["num2"]):
                name = f"{pre}{m['mid3'] or ''}{m['kind2']}{m['th']}{part}{m['word']}"
                out.append(Found(TeamName(name, m["kind2"], to_int(part)), m.start(), m.end()))
        else:
            name = pre + m["named"]
            out.append(Found(TeamName(name, m["kind3"], to_int(m["num3"] or m["num4"])), m.start(), m.end()))
    taken = [(f.start, f.end) for f in out]
    for m in _ROUND_TEAM.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append(Found(TeamName(m[0], m["kind"], to_int(m["num"])), m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


_BARE = re.compile(rf"(?<![个{NUMERAL_CHARS}两几各该])(?P<kind>巡视|巡察)组(?!长|成员|组|工作|办)")


def _numberless(pattern: Regex, text: str) -> list[Found[TeamName]]:
    return [Found(TeamName(m[0], m["kind"], None), m.start(), m.end()) for m in pattern.finditer(text)]


def find_bare_teams(text: str) -> list[Found[TeamName]]:
    """Mentions of a team only as "巡察组" (a 公告 the team signs): the team when nothing names it more fully."""
    return _numberless(_BARE, text)


def find_unnumbered_teams(text: str) -> list[Found[TeamName]]:
    """Teams named without a number ("区委专项巡察组"): the text's teams when it names no numbered one."""
    return _numberless(_UNNUMBERED, text)


_ORDINAL_HEAD = re.compile(rf"^[ ]*(?:{ENUM_MARK}[ ]*)?(?P<head>第(?P<n>{_NUM})组)(?=[ ]*(?::|\(|$))", re.M)


def find_ordinal_heads(text: str, kind: str) -> list[Found[TeamName]]:
    """Lines that start with a team's number alone ("第一组：组长…", "第二组" over its lines), two numbers or more: a
    text's teams where it names them no other way, called by its kind ("巡察第一组")."""
    found = [Found(TeamName(f"{kind}{m['head']}", kind, to_int(m["n"])), m.start("head"), m.end("head"))
             for m in _ORDINAL_HEAD.finditer(text)]
    return found if kind and len({f.value.number for f in found}) >= 2 else []


_REF = re.compile(r"(?<![\u4e00-\u9fff])第?(?P<n>[一二三四五六七八九十]{1,3})组"  # "二组0999-…", "第一组举报电话…": its number
                  r"(?=\s*(?::|(?:举报|值班|联系|专用|信访)?(?:电话|手机|热线)|(?:邮政|专用)?信箱|(?:电子)?邮箱|联系"
                  r"|0\d{2,3}-?\d{7,8}(?!\d)|1[3-9]\d{9}(?!\d)))")


# A team name given whole (by the model) in a shape the patterns do not know: 巡视/巡察 and then 组 at the end,
# with the team's number right before 组 when it has one ("市委巡察工作第一组").
_GIVEN = re.compile(rf"(?P<kind>巡视|巡察)[^。,;:!?\n]{{0,12}}?(?:第?(?P<num>{_NUM}))?组$")
_NOT_A_TEAM = LazyPattern(lambda: "(?:" + alternation("teams", "not_team_endings") + ")$")


@lru_cache(maxsize=4096)  # asked of the same names over and over (the cross-check matches each against each)
def read_team_name(name: str) -> TeamName | None:
    """The team a whole name (normalised) names, or None: read as the extractors read the text, else by its
    shape, so that a name of a new shape is kept only when it is an inspection team's (not a 领导小组)."""
    found = find_teams(name) or find_unnumbered_teams(name)
    if found:
        return found[0].value
    name = re.sub(r"\s+", "", name)
    m = _GIVEN.search(name)
    if not m or len(name) > 30 or _NOT_A_TEAM.search(name):
        return None
    return TeamName(name, m["kind"], to_int(m["num"]) if m["num"] else None)


# A numbered team word, whatever stands between 巡视/巡察 and the number (not a unit's 党组, nor a count).
_NUMBERED_WORD = re.compile(rf"(?:巡视|巡察)[^\s,。;:!?、()党和个办]{{0,8}}?第?{_NUM}组(?![长员织])")


def find_team_words(text: str) -> list[Found[TeamName]]:
    """Numbered team words of any shape ("巡察工作第一组"), read by `read_team_name`: where a team may be
    named in a shape the other finders do not know."""
    return [Found(team, m.start(), m.end()) for m in _NUMBERED_WORD.finditer(text) if (team := read_team_name(m[0]))]


def find_team_refs(text: str) -> list[Found[int]]:
    """Short references to a team by its number alone ("一组：电话…"), as in lists of channels per team."""
    return [Found(n, m.start(), m.end()) for m in _REF.finditer(text) if (n := to_int(m["n"]))]


def same_team(a: TeamName, b: TeamName) -> bool:
    """True when two mentions name one team: same kind and number, and one name within the other's words, or
    one a short form without the body's prefix ("巡察一组" in a table for the prose's "市委第一巡察组")."""
    if a.kind != b.kind or a.number != b.number:
        return False
    if a.name in b.name or b.name in a.name or _core(a.name) == _core(b.name):
        return True
    if a.number is None:  # a text's unnumbered teams are its one team, called 市委巡察组 here and 市委专项巡察组 there
        return _body(a.name) == _body(b.name)
    return _core(a.name) == a.name or _core(b.name) == b.name


def same_named_team(a: str, b: str) -> bool:
    """Two names in one text (or one notice's answer) name one team: `same_team` of what they read as, else one name
    holding the other. In one text a body is one body, so "巡察一组" is its "市委第一巡察组"; across notices (merging
    records) and in the scorer (the contract's alignment) other rules hold: see `records.same_inspection` and
    `evaluation.scoring.align`."""
    ta, tb = read_team_name(a), read_team_name(b)
    return (ta is not None and tb is not None and same_team(ta, tb)) or a in b or b in a


_BODY = LazyPattern(lambda: "^(?:" + alternation("teams", "prefixes") + ")")


def _core(name: str) -> str:
    return _BODY.sub("", name)


def _body(name: str) -> str:
    """The body a team's name starts with (市委, 校党委), or "" when it names none."""
    return m[0] if (m := _BODY.match(name)) else ""
