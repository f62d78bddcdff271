"""Who sent the teams and where: the issuing body (中共某市委, 省委, 某大学党委, 某集团党委), its region (province,
city, county and the official division code, from cpca's table of China's divisions) and its level, each read
from the text with its span. Only the divisions library is imported here.

The body is the one a team's name starts with (市委第一巡察组), or the one the text names as deploying the work
(根据…统一部署) where no team's name has one or where it names that body more fully; a bare body (区委) takes the
fuller name the text gives it elsewhere (鼓楼区委, 中共某市某区委). Its region is read from that name; a body still
bare (省委, 市委, 区委) sends its teams inside its own division, so its region is the one division of its rank that
every place the text names is, lies in or holds, and none where they point to two. A county name that several
cities have (鼓楼区) is kept only where the text also names its city or province.
"""

from __future__ import annotations

import re
import sys
import types
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..models import Level, Region
from .lexicon import LazyPattern, alternation, words

_BODY = r"[\u4e00-\u9fff]{0,24}?(?:党委|党组|党工委|委)"
_DEPLOYED = LazyPattern(  # 根据县委…统一部署, 根据校党委关于…的部署
    lambda: rf"根据(?P<body>(?:中共)?{_BODY})(?:的|关于|对)?[^，。；\n]{{0,16}}?(?:{alternation('origin', 'deployment')})")
_TERM = re.compile(r"第?[一二三四五六七八九十]+届")  # 十四届区委, 第九届党委: the term is no part of the body
_PLACE_BODY = re.compile(r"(?P<place>[\u4e00-\u9fff]{1,16}?(?:省|自治区|市|州|盟|区|县|旗))(?:党?委(?!员)|委员会)")
_PLACES_READ = 3000  # characters of the text looked through for places: a notice names its places early
_BY_WORDS: tuple[Level, ...] = ("central", "university", "enterprise", "township")  # words anywhere in the body
_BY_ENDING: tuple[Level, ...] = ("provincial", "city", "county")  # its last words, where no region says


@dataclass(frozen=True)
class Origin:
    """The body, its level, and where it is; spans index the text read."""

    issuer: str
    issuer_span: tuple[int, int]
    level: Level
    region: Region | None
    region_span: tuple[int, int] | None
    region_reason: str | None = None  # why there is no region, where there is none (one of `REGION_REASONS`)
    region_from: str | None = None  # how the region was read, where there is one (one of `REGION_SOURCES`)


# Why a notice has no region: its text names no body; the body is central or no territory's (中央, 某大学党委); its
# place is a name several divisions share and the text names none of their cities or provinces; it names no
# place of the body's rank; the places point to two divisions (or a bare 市委 stands beside a county-level city).
REGION_REASONS = ("no body named", "central or non-territorial body", "a name several divisions share",
                  "no place named", "places in two divisions")
# How a region was read: from the body's own name (中共某县委 → 某县), or, for a bare body (县委), from the one
# division of its rank that the places the text names settle (its evidence's support says which).
REGION_SOURCES = ("body's name", "places named")


def read_origin(text: str, team_names: list[str]) -> Origin | None:
    """The notice's issuing body, from its text and its teams' names (as they stand in the text); None when
    neither names one."""
    found = _body(text, team_names)
    if found is None:
        return None
    start, end = _fuller(text, _TERM.sub("", text[found[0]:found[1]])) or found
    issuer = _TERM.sub("", text[start:end])
    region, region_span, reason = _region(text, issuer, start)
    how = None if region is None else REGION_SOURCES[0] if _PLACE_BODY.search(issuer) else REGION_SOURCES[1]
    return Origin(issuer, (start, end), _level(issuer, region), region, region_span, reason, how)


def _body(text: str, team_names: list[str]) -> tuple[int, int] | None:
    """The span of the body the first team's name starts with (市委第一巡察组), or of the body the text says deploys
    the work (根据…统一部署) where no team's name has one or where it names the same body more fully (学校党委 for
    党委); a deployment that names another body (根据市委部署 for a 区委's team) is not the sender."""
    deployed = _DEPLOYED.search(text)
    by_deployment = deployed.span("body") if deployed and not deployed["body"].endswith("纪委") else None
    by_name = _named_body(text, team_names)
    if by_name is None:
        return by_deployment
    if by_deployment and text[slice(*by_deployment)].endswith(_TERM.sub("", text[slice(*by_name)]).removeprefix("中共")):
        return by_deployment
    return by_name


_COMMITTEE = re.compile("(?<=[省市县区州旗盟])委(?=第|专项|提级|交叉|机动|巡)")


def _named_body(text: str, team_names: list[str]) -> tuple[int, int] | None:
    """The body a team's name starts with (its words before 巡, up to their last 委 or 党组), where the text has it."""
    for written in team_names:  # as the text has it: "区委第一巡察组", or "区委员会第一巡察组" for the 区委's
        name = next((form for form in (written, _COMMITTEE.sub("委员会", written, count=1)) if form in text), None)
        if name is None:
            continue
        at = text.find(name)
        if name.startswith(("中央", "党中央")):
            return at, at + name.index("央") + 1
        head = name[:name.find("巡")] if "巡" in name else name
        end = max(head.rfind("委"), head.rfind("党组") + 1)
        if end > 0:
            return at, at + end + 1
    return None


def _fuller(text: str, issuer: str) -> tuple[int, int] | None:
    """Where the text names a bare body (区委, 市委) with its place (鼓楼区委, 中共某市某区委): the first such name,
    from where its place's name starts (as cpca finds it; 中共 kept before it)."""
    bare = issuer.removeprefix("中共")
    if bare not in words("origin", "provincial") + words("origin", "city") + words("origin", "county"):
        return None
    candidates = [m for m in _PLACE_BODY.finditer(text) if m["place"] != bare[:-1] and m["place"].endswith(bare[0])]
    for m, begins in zip(candidates, _place_starts(tuple(m["place"] for m in candidates)), strict=True):
        if begins is not None:
            start = m.start() + begins
            return (start - 2 if text[max(0, start - 2):start] == "中共" else start), m.end()
    return None


@lru_cache(maxsize=4096)
def _place_starts(words_before: tuple[str, ...]) -> list[int | None]:
    """Where in each of these words the name of a division starts (根据福州市鼓楼区 → 2), None where they do not end
    with one; one cpca call for them all."""
    if not words_before:
        return []
    cpca = _cpca()
    starts: list[int | None] = []
    for said, (_, row) in zip(words_before, cpca.transform(list(words_before), pos_sensitive=True).iterrows(),
                              strict=True):
        names = [row[k] for k in ("省", "市", "区") if isinstance(row[k], str)]
        found = [int(row[f"{k}_pos"]) for k in ("省", "市", "区") if isinstance(row[k], str) and row[f"{k}_pos"] >= 0]
        rest = said[min(found):] if found else said
        for name in names:  # the words from there on are the division's names and nothing else (not 某某路转市委)
            for form in (name, re.sub("(省|市|自治区)$", "", name)):
                if rest.startswith(form):
                    rest = rest[len(form):]
                    break
        starts.append(min(found) if found and not rest else None)
    return starts


def _region(text: str, issuer: str, at: int) -> tuple[Region | None, tuple[int, int] | None, str | None]:
    """The body's division from its own name; for a bare body (省委, 市委, 区委), the one division of its rank
    that the places the text names settle. Its span: the place's words in the text; else why there is none."""
    m = _PLACE_BODY.search(issuer)
    begins = _place_starts((m["place"],))[0] if m else None
    if m and begins is not None:
        place = m["place"][begins:]
        found = _division(place)
        region = _settled(text, place, found) if found else None
        if region:
            offset = text.find(place, at)
            return region, (offset, offset + len(place)) if offset >= 0 else None, None
        return None, None, "a name several divisions share" if found else "no place named"
    bare = issuer.removeprefix("中共")
    rank = next((r for level, r in _RANKS.items() if bare in words("origin", level)), None)
    if rank is None:
        return None, None, "central or non-territorial body"
    return _division_of_places(text, rank, bare.removesuffix("党委").removesuffix("委"))


_RANKS = {"provincial": 0, "city": 1, "county": 2}  # a bare body's rank in the divisions table
# After a division's name, what makes it part of another place's name: a town's (三河镇), a street's (北京东路)
_NOT_THE_DIVISION = re.compile(r"[镇乡村]|[东西南北中]?[路街巷]|大道")


def _division_of_places(text: str, rank: int, kind: str) -> tuple[Region | None, tuple[int, int] | None, str | None]:
    """For a bare body of this rank (0 province, 1 city, 2 county; `kind` its word: 区, 县, 市…): the one division
    of that rank that the places the text names are, lie in or hold (a body's teams work inside its division),
    with the span of the place that names it (else the first inside it). None where the places point to two, or
    the text names none. A name several divisions share (鼓楼区), or a one-character one (和县, which 乡镇和县直
    also spells), counts only where the text names the division holding it; a 市委 gets no city where the text
    names a county-level city (it may be that city's own)."""
    cpca = _cpca()
    found = [(f, {info.adcode[:6] for info in f.attr_infos}) for f in cpca.matcher.iter(text[:_PLACES_READ])
             if len(f.origin_value) >= 2 and not _NOT_THE_DIVISION.match(text, f.end_index + 1)]
    named = {code for _, codes in found if len(codes) == 1 for code in codes}
    places: list[tuple[Any, str]] = []
    for f, codes in found:
        if len(codes) > 1 or (len(f.origin_value) == 2 and _rank(next(iter(codes))) == 2):
            codes = {c for c in codes if any(_holds(p, c) for p in named)}
        if len(codes) == 1:
            places.append((f, codes.pop()))
    at_rank = {_ancestor(code, rank) for _, code in places if _rank(code) >= rank}
    if len(at_rank) != 1:
        return None, None, "places in two divisions" if at_rank else "no place named"
    division = at_rank.pop()
    name = _name(division)
    if (any(_rank(code) < rank and not _holds(code, division) for _, code in places)
            or (rank and not name.endswith(kind))
            or (kind == "市" and any(_rank(code) == 2 and f.origin_value.endswith("市") for f, code in places))):
        return None, None, "places in two divisions"
    f = next((f for f, code in places if code == division), None) or next(
        f for f, code in places if _rank(code) > rank and _holds(division, code))
    region = _region_of(division)
    return region, (f.start_index, f.end_index + 1), None if region else "no place named"


def _rank(code: str) -> int:
    """A 6-digit code's rank: 0 province, 1 city, 2 county."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def _ancestor(code: str, rank: int) -> str:
    return code[:2 + 2 * rank].ljust(6, "0")


def _holds(outer: str, inner: str) -> bool:
    """Whether division `outer` holds division `inner` (a province its cities and counties, a city its counties)."""
    return _rank(outer) < _rank(inner) and _ancestor(inner, _rank(outer)) == outer


_NO_CITY = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})  # the table's rows under a
# province that are no city (a municipality's districts, a province's directly administered counties)


def _name(code: str) -> str:
    """A division's name in cpca's table (keyed by 12-digit codes)."""
    return str(_cpca().ad_2_addr_dict[code.ljust(12, "0")].name)


def _region_of(code: str) -> Region | None:
    """The region of a division code, its names from cpca's table; None for a row that is no city (市辖区)."""
    names = [_name(_ancestor(code, r)) for r in range(_rank(code) + 1)]
    city = names[1] if len(names) > 1 and names[1] not in _NO_CITY else None
    if _rank(code) == 1 and city is None:
        return None
    return Region(province=names[0], city=city, county=names[2] if len(names) > 2 else None, code=code)


def _settled(text: str, place: str, region: Region) -> Region | None:
    """The region of a body's place as the text settles it: a county's name that other divisions share (朝阳区),
    written alone, is the namesake whose city or province the text names, when one alone is; else none."""
    if region.county is None or place != region.county:
        return region
    namesakes = _namesakes(region.county)
    if len(namesakes) == 1:
        return region
    named = [r for code in namesakes if (r := _region_of(code))
             and any(p.rstrip("省市") in text for p in (r.city, r.province) if p)]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=1)
def _cpca() -> Any:
    """cpca, loaded at the first notice that names a body. Its 0.5 line reads its table through pkg_resources,
    which setuptools 81 and later no longer ship: where that is missing, the one function cpca calls is lent to it
    from importlib.resources for its import, and taken back."""
    with warnings.catch_warnings():  # pkg_resources' own deprecation notice is no business of a notice's reader
        warnings.simplefilter("ignore")
        try:
            import pkg_resources  # noqa: F401
        except ImportError:
            lent = types.ModuleType("pkg_resources")
            lent.resource_stream = lambda package, name: resources.files(package).joinpath(name).open("rb")  # type: ignore[attr-defined]
            sys.modules["pkg_resources"] = lent
            try:
                import cpca
            finally:
                del sys.modules["pkg_resources"]
            return cpca
        import cpca
        return cpca


@lru_cache(maxsize=4096)
def _division(place: str) -> Region | None:
    """cpca's reading of a place name: None when it knows no province for it."""
    cpca = _cpca()

    row = cpca.transform([place]).iloc[0]
    if not isinstance(row["省"], str) or not isinstance(row["adcode"], str):
        return None
    return _region_of(row["adcode"][:6])


@lru_cache(maxsize=4096)
def _namesakes(county: str) -> tuple[str, ...]:
    """The 6-digit codes of the divisions cpca's table has of this name."""
    cpca = _cpca()

    return tuple(code[:6] for code, info in cpca.ad_2_addr_dict.items() if info.name == county)


def _level(issuer: str, region: Region | None) -> Level:
    """central, provincial, city, county, township, university, enterprise or other: by the body's words, else
    by its region's depth, else by its last words (省委, 市委, 区委)."""
    for level in _BY_WORDS:
        if any(w in issuer for w in words("origin", level)):
            return level
    if region:
        return "county" if region.county else "city" if region.city else "provincial"
    bare = issuer.removeprefix("中共")
    return next((level for level in _BY_ENDING if any(bare.endswith(w) for w in words("origin", level))), "other")
