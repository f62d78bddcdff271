"""The shape a value of each field may have: a value outside it is trimmed where the fix is certain, else suspect.

The design's deterministic validator, grown from contacts and dates to every field. `check` is pure (a value and
what stands around it → a `Verdict`); `mark` applies it to every team value of an answer, so that a suspect value
says why in its evidence and is rated as `suspect` (its own measured class) instead of by its placement. The
cue words are `[shapes]` in `data/lexicon.toml`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..models import Notice, Team
from .extractors.mailboxes import box_key
from .lexicon import LazyPattern, alternation
from .numerals import NUMERAL_CHARS
from .supports import Support

SUSPECT = Support.SUSPECT


@dataclass(frozen=True)
class Verdict:
    """A value as its shape leaves it: `value` (trimmed where the fix is certain) and why it is still suspect."""

    value: str
    reason: str | None = None


@dataclass(frozen=True)
class Around:
    """What a shape check may look at besides the value: the normalised characters right before it, the years the
    notice itself writes (or its reference date gives), and how the text placed the value."""

    before: str = ""
    years: frozenset[int] = frozenset()
    placed: str | None = None
    round_words: bool = False  # the text speaks of a round's several teams ("各巡察组", "派出3个巡察组")


def _ends(key: str) -> LazyPattern:
    return LazyPattern(lambda: f"(?:{alternation('shapes', key)})$")


def _starts(key: str) -> LazyPattern:
    return LazyPattern(lambda: f"^(?:{alternation('shapes', key)})")


_UNIT_END = _ends("unit_endings")
_REGION = LazyPattern(lambda: f"^(?:{alternation('shapes', 'regions')})$")
_CATEGORY = LazyPattern(
    lambda: f"^(?:{alternation('shapes', 'category_starts')})|(?:{alternation('shapes', 'category_endings')})$")
_VERB = LazyPattern(lambda: alternation("shapes", "verbs"))
_END_PARTICLE = _ends("end_particles")
_START_PARTICLE = _starts("start_particles")
_PLACE_THEN_HUI = re.compile(r"[省市县区州旗镇乡村]会$")  # "某县会": a cut, not a 委员会
_HEADING = LazyPattern(lambda: alternation("shapes", "headings"))
_COUNT = re.compile(rf"[\d{NUMERAL_CHARS}几]+(?:个|所|家|座|名|条|项|批|户)")
_JOIN = "和及与"
_BRACKETED_END = re.compile(r"\([^()]+\)$")
_TRIM_END = re.compile(r"(?<=[省市县区州旗镇乡村委局厅院所校办室部会])[的了]$")
_TITLE = _ends("titles")
_NAME_NOT = LazyPattern(lambda: alternation("shapes", "name_not"))
_NAME_STOPS = LazyPattern(lambda: alternation("teams", "name_stops"))
_BOX_WORD = re.compile(r"信箱|邮箱|邮政")
_BOX_LEAD = LazyPattern(lambda: rf"^.*?(?:{alternation('shapes', 'box_lead')})\s*[“\"「『]?(?P<box>[^“”\"「」『』]+?)[”\"」』]?$")
_QUOTED = re.compile(r"[“\"「『](?P<box>[^“”\"「」『』]+)[”\"」』]")
_BOX_IDS = re.compile(r"(?<![A-Za-z\d])[A-Za-z]{0,2}\d{2,6}(?=\s*号?\s*(?:邮政|专用|信箱|邮箱))")
_ADDRESS_PART = re.compile(r"[省市县区州旗镇乡路街道巷号楼室院]")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}(?:-\d{1,6})?|1\d{4,5})$")
_EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_MAX_ADDRESS = 50


def check(field: str, value: str, around: Around = Around()) -> Verdict:
    """The value of `field` as its shape leaves it: trimmed where the fix is certain, else with the reason its
    shape is off (None: a value of this field may look like that)."""
    shape = _CHECKS.get(field)
    return shape(value, around) if shape else Verdict(value)


def _target(value: str, around: Around) -> Verdict:
    v = _TRIM_END.sub("", value)  # "某市的": the particle is no part of the unit
    if _COUNT.search(v):
        return Verdict(v, "a count of units, not a unit")
    if _HEADING.search(v):
        return Verdict(v, "a heading, not a unit")
    if _VERB.search(v):
        return Verdict(v, "holds a verb: a phrase about the work, not a unit")
    if _CATEGORY.search(v):
        return Verdict(v, "a kind of units, not one unit")
    if _END_PARTICLE.search(v) or _START_PARTICLE.search(v) or _PLACE_THEN_HUI.search(v):
        return Verdict(v, "a particle or stray word at its end")
    if (around.before[-1:] in _JOIN and around.before[-2:-1] and not _UNIT_END.search(around.before[:-1])
            and around.before[-2] != "组"):  # "某组与甲局召开…": the team meets the unit, no name is cut
        return Verdict(v, f"cut inside a name at {around.before[-1]}")
    named = _BRACKETED_END.sub("", v)  # "某局(某办)": the unit's name ends before its other name
    if not (_UNIT_END.search(named) or _REGION.match(named)):
        return Verdict(v, "ends in no unit's or place's word")
    if around.placed in (Support.SOLE, Support.REFERRED) and around.round_words:
        return Verdict(v, "placed only by the team being the text's one team, in a text on a round's several teams")
    return Verdict(v)


def _mailbox(value: str, around: Around) -> Verdict:
    v = value.strip("|,;: ")
    quoted = _QUOTED.search(v)
    led = _BOX_LEAD.match(v)
    for part in (quoted, led):  # "…信箱为某市12号信箱", "巡察办设立“某市12号邮政信箱”": the box is the part
        if part and box_key(part["box"]) == box_key(v) and _BOX_WORD.search(part["box"]):
            v = part["box"].strip()
            break
    if "|" in v:
        return Verdict(v, "a table row, not one address")
    if len(set(_BOX_IDS.findall(v))) > 1:
        return Verdict(v, "two boxes in one address")
    if v.isdigit():
        return Verdict(v, "bare digits: a postcode or a number, not a box" if len(v) == 6 else "bare digits, not a box")
    if len(v) > _MAX_ADDRESS:
        return Verdict(v, "longer than an address: a sentence or a row")
    if not (_BOX_WORD.search(v) or _ADDRESS_PART.search(v)):
        return Verdict(v, "neither a box nor an address")
    return Verdict(v)


def _team_name(value: str, around: Around) -> Verdict:
    if _NAME_NOT.search(value):
        return Verdict(value, "holds a title or a verb: a sentence about the team, not its name")
    if not value.removesuffix(")").endswith("组"):  # "区委巡察组(第一组)": its number in brackets
        return Verdict(value, "does not end in 组")
    return Verdict(value)


def _person(value: str, around: Around) -> Verdict:
    if _TITLE.search(value):
        return Verdict(value, "a title, not a person")
    if not 2 <= len(value) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff·]+", value):
        return Verdict(value, "not the length or script of a person's name")
    if _NAME_STOPS.search(value, 2):
        return Verdict(value, "holds a word that follows names")
    return Verdict(value)


def _date(value: str, around: Around) -> Verdict:
    m = _ISO.match(value)
    if not m or not around.years:
        return Verdict(value)
    year, month = int(m[1]), int(m[2])
    if year in around.years or (month <= 2 and year - 1 in around.years):  # a period may run into January
        return Verdict(value)
    return Verdict(value, f"a year ({year}) the notice does not write")


def _phone(value: str, around: Around) -> Verdict:
    return Verdict(value) if _PHONE.match(value) else Verdict(value, "not the shape of a phone number")


def _email(value: str, around: Around) -> Verdict:
    return Verdict(value) if _EMAIL.match(value) else Verdict(value, "not the shape of an e-mail address")


def _hours(value: str, around: Around) -> Verdict:
    m = _HOURS.match(value)
    if not m:
        return Verdict(value, "not HH:MM-HH:MM")
    start, end = int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])
    return Verdict(value) if start < end <= 24 * 60 else Verdict(value, "ends before it starts")


_CHECKS = {"targets": _target, "mailboxes": _mailbox, "name": _team_name, "leader": _person, "deputy_leaders": _person,
           "start_date": _date, "end_date": _date, "petition_deadline": _date, "phones": _phone, "emails": _email,
           "phone_hours": _hours}


def mark(notice: Notice, text: str, origin: tuple[int, ...], years: frozenset[int], round_words: bool) -> Notice:
    """Every team value of `notice` checked for its shape, and an end or deadline against the team's start (in
    place; returned for chaining): a certain trim is made in the team and its evidence; a suspect value's evidence
    gets support `suspect`, the reason in `suspect` and its placement in `placed`. `text` is the normalised text
    and `origin` maps it to the original, in which evidence offsets are given."""
    for e in notice.evidence:
        if e.team is None or e.team >= len(notice.teams) or e.support == SUSPECT:
            continue
        at = bisect_left(origin, e.start)
        around = Around(text[max(0, at - 3) : at], years, e.support, round_words)
        verdict = check(e.field, e.value, around)
        if verdict.value != e.value:
            replace(notice.teams[e.team], e.field, e.value, verdict.value)
            e.value = verdict.value
        reason = verdict.reason or _before_start(e.field, e.value, notice.teams[e.team].start_date)
        if reason:
            e.placed, e.support, e.suspect = e.support, SUSPECT, reason
    return notice


def _before_start(field: str, value: str, start: str | None) -> str | None:
    """Why an end or a deadline cannot be the team's: it lies before the team's start (both with their year)."""
    if field in ("end_date", "petition_deadline") and start and start[:2] != "--" and value[:2] != "--" and value < start:
        return f"{field} before the team's start ({start})"
    return None


def replace(team: Team, field: str, old: str, new: str) -> None:
    """One value of a team's field rewritten (a mailbox by its address), in place."""
    current = getattr(team, field)
    if field == "mailboxes":
        for box in current:
            if box.address == old:
                box.address = new
    elif isinstance(current, list):
        setattr(team, field, [new if v == old else v for v in current])
    elif current == old:
        setattr(team, field, new)
