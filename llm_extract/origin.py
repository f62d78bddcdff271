"""Who sent the teams and where: the issuing body (中共某市委, 省委, 某大学党委, 某集团党委), its region (province,
city, county and the official division code, from cpca's table of China's divisions) and its level, each read
from the text with its span. Only the divisions library is imported here.

The body is the one a team's name starts with (市委第一巡察组), or the one the text names as deploying the work
(根据…统一部署) where no team's name has one or where it names that body more fully; a bare body (区委) takes the
fuller name the text gives it elsewhere (鼓楼区委, 中共某市某区委). Its region is read from that name only, never from
the places the teams go to, save for a province's body (省委), whose teams work inside its province: the one
province every place the text names lies in. A county name that several cities have (鼓楼区) is kept only where
the text also names its city or province.
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

from .lexicon import alternation, words
from .models import Level, Region

_BODY = r"[\u4e00-\u9fff]{0,24}?(?:党委|党组|党工委|委)"
_DEPLOYED = re.compile(  # 根据县委…统一部署, 根据校党委关于…的部署
    rf"根据(?P<body>(?:中共)?{_BODY})(?:的|关于|对)?[^，。；\n]{{0,16}}?(?:{alternation('origin', 'deployment')})")
_TERM = re.compile(r"第?[一二三四五六七八九十]+届")  # 十四届区委, 第九届党委: the term is no part of the body
_PLACE_BODY = re.compile(r"(?P<place>[\u4e00-\u9fff]{1,16}?(?:省|自治区|市|州|盟|区|县|旗))(?:党?委)(?!员)")
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


def read_origin(text: str, team_names: list[str]) -> Origin | None:
    """The notice's issuing body, from its text and its teams' names (as they stand in the text); None when
    neither names one."""
    found = _body(text, team_names)
    if found is None:
        return None
    start, end = _fuller(text, _TERM.sub("", text[found[0]:found[1]])) or found
    issuer = _TERM.sub("", text[start:end])
    region, region_span = _region(text, issuer, start)
    return Origin(issuer, (start, end), _level(issuer, region), region, region_span)


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


def _named_body(text: str, team_names: list[str]) -> tuple[int, int] | None:
    """The body a team's name starts with (its words before 巡, up to their last 委 or 党组), where the text has it."""
    for name in team_names:
        at = text.find(name)
        if at < 0:
            continue
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


def _region(text: str, issuer: str, at: int) -> tuple[Region | None, tuple[int, int] | None]:
    """The body's division from its own name; for a province's bare body, the one province of the places the text
    names. Its span: the place's words in the text."""
    m = _PLACE_BODY.search(issuer)
    begins = _place_starts((m["place"],))[0] if m else None
    if m and begins is not None:
        place = m["place"][begins:]
        region = _division(place)
        if region and _settled(text, place, region):
            offset = text.find(place, at)
            return region, (offset, offset + len(place)) if offset >= 0 else None
        return None, None
    if issuer.removeprefix("中共") in words("origin", "provincial"):
        return _province_of_places(text)
    return None, None


def _province_of_places(text: str) -> tuple[Region | None, tuple[int, int] | None]:
    """The province every place the text names lies in (a 省委's teams work inside its province), with the first
    place's span; None where the places lie in more than one, or the text names none. A name that divisions of
    several provinces share settles nothing; cpca's matcher finds the names (no table is built for it)."""
    cpca = _cpca()
    provinces: set[str] = set()
    first: tuple[int, int] | None = None
    for found in cpca.matcher.iter(text[:_PLACES_READ]):
        codes = {info.adcode[:2] for info in found.attr_infos}
        if len(found.origin_value) < 2 or len(codes) != 1:  # 县 alone, or a name of places in several provinces
            continue
        provinces |= codes
        first = first or (found.start_index, found.end_index + 1)
    if len(provinces) != 1 or first is None:
        return None, None
    code = provinces.pop() + "0000"
    return Region(province=cpca.ad_2_addr_dict[code.ljust(12, "0")].name, code=code), first


def _settled(text: str, place: str, region: Region) -> bool:
    """A county's name that other divisions share is settled only by its city or province in the text."""
    if region.county is None or _namesakes(region.county) <= 1:
        return True
    parents = [p for p in (region.city, region.province) if p]
    return any(p.rstrip("省市") in text for p in parents) or place != region.county


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
    city = row["市"] if isinstance(row["市"], str) and row["市"] != "市辖区" else None
    county = row["区"] if isinstance(row["区"], str) else None
    return Region(province=row["省"], city=city, county=county, code=row["adcode"][:6])


@lru_cache(maxsize=4096)
def _namesakes(county: str) -> int:
    """How many divisions cpca's table has of this name."""
    cpca = _cpca()

    return sum(1 for info in cpca.ad_2_addr_dict.values() if info.name == county)


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
