"""The units a team inspects: after a label, a verb (对…开展巡察, 进驻…), a lead line, in numbered lists and staggered plans."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import LazyPattern, alternation, label_separator, lexicon, units_label, word_set
from ..numerals import NUMERAL_CHARS
from . import Found
from .teams import ENUM_MARK, ITEM_MARK, TEAM, find_teams

_T_CHARS = r"[^,。;:!?\n|]"  # a unit never spans a table cell's edge
_THESE = r"(?:以下|下列)[^:。\n]{0,12}?(?:巡视|巡察|单位|党组织)[^:。\n]{0,8}"  # "对以下村开展巡察", "以下单位"
_LINE = r"[^\n:。;]{2,60}(?=[。;]?(?:\n|$))"  # one line of a list of units; a 。 ends the list
_LOOK_BACK = r"(?:[“\"]?回头看[”\"]?)"  # "巡视甲市“回头看”工作动员会"
_MEETING = r"(?:动员(?:部署)?|反馈|见面(?:沟通)?|进驻)会议?"  # a team's meeting with the unit it inspects
# "1.甲村;2.乙村": numbered items; the list ends where a space or comma starts another label ("甲局 举报电话：…")
_ITEMS = r"(?:(?![ ,]+[\u4e00-\u9fff]{2,8}:)[^。;\n|]){2,120}(?:;\s*(?:\d{1,2}[.、]|[(]\d{1,2}[)])[^。;\n|]{1,60})*"
_DATED = r"\([^()]{0,10}\d{1,2}月\d{1,2}日[^()]{0,24}\)"  # "(3月1日-3月10日)": when a unit is inspected
_WHEN_LEAD = r"(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|近日|日前|近期|当天|当日|同日|今天|昨天)?(?:上午|下午|晚上|晚)?[ ]*"


@lru_cache(maxsize=1)
def target_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns that read a team's units, each with its group `t`, built on first use from the cue words."""
    # a unit at its clause's start (after a time), ending as units end: not "要自觉接受…", nor a team ("某组")
    clause_unit = (rf"(?:^|(?<=[,。;:\n]))[ ]*{_WHEN_LEAD}(?P<t>(?:(?!(?<!党)组)[\u4e00-\u9fff、()]){{1,40}}?"
                   rf"(?:{alternation('shapes', 'unit_endings')}))")
    return (
        re.compile(rf"对(?P<t>{_T_CHARS}{{2,400}}?)(?:开展|进行|实施)了?{_T_CHARS}{{0,24}}?(?:巡视|巡察|回头看)"),
        # "某组、某组分别对甲局、乙局；丙镇开展巡察": every team's group of units, the groups apart by ；or a comma
        re.compile(rf"分别对(?P<t>[^。:!?\n|]{{2,400}}?)(?:开展|进行|实施)了?{_T_CHARS}{{0,24}}?(?:巡视|巡察|回头看)"),
        # "甲村(3月1日-3月10日)、乙村(3月11日-3月20日)": units each with the days it is inspected in
        re.compile(rf"(?:(?:依次|分别|先后)?(?:进驻|入驻|巡察|巡视|对))?"
                   rf"(?P<t>[\u4e00-\u9fff]{{2,20}}{_DATED}(?:[、,;][\u4e00-\u9fff]{{2,20}}{_DATED}){{1,40}})"),
        # "巡察甲局工作动员会", "巡察甲局党组工作反馈会", "巡察甲局情况反馈会", "巡察甲局见面会": the unit of a team's meeting
        re.compile(rf"(?:巡视|巡察)(?!第?[{NUMERAL_CHARS}]*(?:巡视|巡察)?组|工作|情况)(?P<t>[\u4e00-\u9fff、()]{{2,80}}?)"
                   rf"{_LOOK_BACK}?(?:工作|情况)?{_MEETING}"),
        # "某组对甲镇党委巡察反馈会", "某组与甲局党组召开巡察工作见面会", "某组分别召开甲局、乙局党组巡察工作动员会": the
        # units beside the team at its meetings
        re.compile(rf"(?:巡视|巡察)组(?:分别)?(?:对|与|召开)(?P<t>[\u4e00-\u9fff、()]{{2,120}}?)(?:召开[^。;\n]{{0,12}}?)?"
                   rf"(?:(?:巡视|巡察){_LOOK_BACK}?(?:工作|情况)?)?{_MEETING}"),
        # "完成对甲局、乙局的巡察进驻", "某组对甲局的巡察为期两个月": the units of "对…的巡察"
        re.compile(r"对(?P<t>[\u4e00-\u9fff、()]{2,120}?)的(?:常规|专项|机动|提级)?(?:巡视|巡察)(?!组|办|工作领导)"),
        # "某组关于巡察甲局的公告", "关于某组巡察甲学院党委情况的通报": the unit a team's notice is about
        re.compile(r"(?:巡视|巡察)组(?:关于)?(?:巡视|巡察)(?!工作|情况)(?P<t>[\u4e00-\u9fff、()]{2,60}?)(?:工作|情况)?的?(?:公告|通报|通告)"),
        # a feedback meeting: "第三巡察组向某党组反馈", "某组向甲市委书记某某反馈" (to the unit's head)
        re.compile(r"组(?:组长[\u4e00-\u9fff]{2,4}?)?向(?P<t>[\u4e00-\u9fff、()]{2,40}?)(?:(?:主要)?负责(?:人|同志)|(?:党委|党组)?(?:书记|主任|局长|院长|校长|董事长)"
                   r"[\u4e00-\u9fff]{0,4}?)?(?:反馈|通报)"),
        # "组长某某在甲市动员会上讲话", "组长某某就做好巡视甲市工作作动员讲话": the unit of a team's meeting, said by its head
        re.compile(rf"组长[\u4e00-\u9fff]{{0,5}}?在(?P<t>[\u4e00-\u9fff、()]{{2,30}}?)(?:(?:巡视|巡察)(?:工作)?)?{_MEETING}上"),
        re.compile(r"就(?:做好|开展|配合)?(?:巡视|巡察)(?!工作)(?P<t>[\u4e00-\u9fff、()]{2,30}?)工作(?:作|进行|提出|讲话)"),
        # "…。巡视甲市、乙市。": a sentence that is the verb and the units alone
        re.compile(r"(?:^|(?<=[。;\n]))[ ]*(?:巡视|巡察)(?P<t>[\u4e00-\u9fff、()]{2,120}?)(?=[。;]|$)", re.M),
        # "巡察组主要受理反映甲局领导班子及其成员…问题": the unit whose leaders the petitions are about
        re.compile(r"受理反映(?P<t>[\u4e00-\u9fff、()]{2,60}?)(?:党组织|党组|党委)?(?:主要)?(?:领导班子|班子)"),
        # "甲组对A、B，乙组对C，丙组对D开展巡察": each team's units up to the next team's 对 (the last by the first pattern)
        re.compile(r"(?:巡视|巡察)组对(?P<t>[\u4e00-\u9fff、()]{2,80}?)[,;](?=[^,。;\n]{0,12}?(?:巡视|巡察)组对)"),
        # "市委第一巡察组：巡察甲镇、乙镇。", "省委第一巡视组巡视甲厅、乙集团。", "省委第一巡视组：甲市、乙县", "某组负责巡察
        # 甲局", "某组——甲局": the units right after a team's verb, or after its name and a colon or dash in a list of teams
        re.compile(rf"(?:巡视|巡察)[{NUMERAL_CHARS}]*组(?:\([^()\n]{{1,20}}\))?"  # "某组(组长:某某)巡察甲局"
                   r"(?:\s*(?::|-{1,2}|->|→)\s*(?:巡视|巡察)?|\s*(?:负责(?:巡视|巡察)?|(?:具体|主要)?(?:巡视|巡察)了?))"
                   r"(?!工作|组|期间|时间|人|同志|对象)(?P<t>[\u4e00-\u9fff、()]{2,200}?)"
                   r"(?=(?:期间)?[。;,\s]|\((?:副)?组长|$)", re.M),
        # "某组(巡察甲局、乙局)", "某组(甲市、乙市)": the units in brackets after the team
        re.compile(rf"(?:巡视|巡察)[{NUMERAL_CHARS}]*组\((?!第[{NUMERAL_CHARS}]+组)(?:负责)?(?:巡视|巡察|进驻)?(?P<t>[\u4e00-\u9fff、]{{2,120}}?)\)"),
        # "甲局、乙局由某组巡察", "甲局、乙局分别由一组、二组承担": the units before the teams that inspect them
        re.compile(rf"(?:^|(?<=[,。;:\n]))[ ]*(?P<t>[\u4e00-\u9fff、()]{{2,120}}?)(?:分别)?由(?:[^,。;\n]{{0,20}}?(?:巡视|巡察)"
                   rf"[{NUMERAL_CHARS}]*组[、和及]?){{1,9}}(?:负责|进行|开展)?(?:巡视|巡察|进驻|承担)", re.M),
        # "某组：组长某某；巡察甲局、乙局。", "某组组长某某、副组长某某，负责巡察甲局", "第一组：组长某某，巡察甲局": the
        # verb after the team's people
        re.compile(rf"(?:(?:巡视|巡察)[{NUMERAL_CHARS}\d]*|第[{NUMERAL_CHARS}]+)组[^。\n]{{0,40}}?组长[^。\n]{{0,40}}?[,;\s]\s*"
                   r"(?:负责|具体|主要)?"
                   r"(?:巡视|巡察)(?!工作|组|期间|时间|办|中|后|前|结束|发现|反馈|整改)(?P<t>[\u4e00-\u9fff、()]{2,200}?)(?=[。;,\s]|$)",
                   re.M),
        # "3月1日至15日巡察甲村、乙村": a staggered plan's units, right after the dates they are inspected in
        re.compile(r"(?<=日)\s*(?:巡视|巡察)了?(?!工作|组|期间|时间|办|中|后|前|结束|发现|反馈|整改)"
                   r"(?P<t>[\u4e00-\u9fff、()]{2,200}?)(?=[。;,\s]|$)", re.M),
        # "第二巡视组、第六巡视组分别在甲省、乙省召开工作动员会": one place per team listed, in order
        re.compile(r"分别(?:在|对|进驻|入驻)(?P<t>[\u4e00-\u9fff、]{2,80}?)(?:召开|开展|进行)"),
        re.compile(rf"(?:{units_label()}){label_separator()}(?P<t>{_ITEMS})"),
        # "3个村分别为甲村、乙村、丙村"
        re.compile(rf"[\d{NUMERAL_CHARS}](?:{lexicon()['targets']['count_lead']})\s*:?\s*(?P<t>{_ITEMS})"),
        # the same label, or "对以下村开展巡察:", with the units on the lines below, one a line, until a "label:" line
        re.compile(rf"(?:{units_label()}|{_THESE})\s*:"
                   rf"\s*\n(?P<t>{_LINE}(?:;?\n{_LINE})*)", re.M),  # a 。 ends the list
        re.compile(rf"{_THESE}:[ ]*(?P<t>[^\n:。;]{{2,300}})"),  # "对以下单位开展巡察:甲局、乙局。"
        # "3月5日，甲局召开市委第二巡察组巡察工作动员会": the unit that hosts its own inspection's meeting, at its clause's
        # start; not a Party body that sends the teams ("县委召开巡察工作动员部署会")
        # (after a time: "3月5日上午甲局党组召开…"; its head presiding: "甲局党组书记某某主持召开…"; with the team:
        # "甲局与某组召开…")
        re.compile(rf"(?:^|(?<=[,。;:\n]))[ ]*{_WHEN_LEAD}(?P<t>(?![\u4e00-\u9fff]{{0,12}}?(?:(?:省|市|县|区|州|旗|党)委(?:员会)?"
                   r"|巡察办|巡视办|领导小组)(?:召开|主持))(?:(?!(?<!党)组)[\u4e00-\u9fff、()]){2,40}?)"
                   r"(?:[^,。;\n]{0,12}?主持|与[^,。;\n]{0,20}?组)?召开"
                   r"[^。;\n]{0,30}?(?:巡视|巡察)[^。;\n]{0,12}?(?:动员|进驻|反馈|见面)[^。;\n]{0,4}?会", re.M),
        # "甲局迎接某组进驻", "甲局接受某组巡察": the unit that receives its team, at its clause's start
        re.compile(clause_unit + rf"(?:迎接|配合|接受)[^,。;\n]{{0,6}}?(?:巡视|巡察)(?:[{NUMERAL_CHARS}]*组)?", re.M),
        # "甲局巡察工作动员会召开", "甲医院巡察反馈会": a unit's own meeting of its inspection, at its clause's start (not
        # "县委巡察工作动员部署会", where a Party committee sends its teams)
        re.compile(clause_unit + rf"(?<!委)(?:巡视|巡察){_LOOK_BACK}?(?:工作)?{_MEETING}", re.M),
        # "某组甲局巡察工作动员会召开": the unit between its team and the team's meeting
        re.compile(rf"(?:巡视|巡察)[{NUMERAL_CHARS}]*组(?P<t>[\u4e00-\u9fff、()]{{2,40}}?)(?:巡视|巡察)(?:工作)?{_MEETING}"),
        # "某组关于甲局的巡察公告"
        re.compile(r"(?:巡视|巡察)组关于(?P<t>[\u4e00-\u9fff、()]{2,40}?)的(?:巡视|巡察)?(?:公告|通报|通告)"),
        # "市委第二巡察组甲局进驻动员会", "某组巡察甲局进驻会": the unit right before the team's 进驻 meeting
        re.compile(rf"(?:巡视|巡察)[{NUMERAL_CHARS}]*组(?:巡视|巡察)?(?P<t>[\u4e00-\u9fff、()]{{2,40}}?)进驻(?:动员|工作)?(?:部署)?会"),
        # not "进驻甲镇，对该镇乙村、丙村开展巡察": there the place stayed in holds the units inspected
        re.compile(r"(?:进驻|入驻|派驻)(?:到|至)?(?!时间|日期|期间|工作|前|后|以来|开展|进行|召开)"
                   r"(?P<t>[\u4e00-\u9fff、()]{2,30}?)(?:开展|进行|召开|期间|(?:巡视|巡察)(?!办)|,(?!\s*对(?:该|以下|下列|其|所辖))|。|;|$)",
                   re.M),
    )
# "第一巡察组（于3月1日）在甲局召开巡察工作动员会", "某组到甲镇开展巡察": the place a team holds its meeting in, read
# only where no other pattern names a unit (a town the team meets in may hold the villages it inspects; a hall is no unit)
MEETING_PLACE = re.compile(rf"(?:巡视|巡察)[{NUMERAL_CHARS}\d]*组(?:(?!巡视|巡察|会)[^。;,\n]){{0,20}}?(?:在|到|赴)"
                           r"(?!巡视|巡察|期间|此|本|该|各)(?P<t>[\u4e00-\u9fff、()]{2,30}?)(?:召开|举行|开展|进行)")
# A list's closing summary: "等6个县(市)", "等单位", and "等公立中小学" (the kind of the units listed; not the 等 of
# 中等专业学校 or 高等院校)
_SUMMARY = re.compile(rf"等?\s*[{NUMERAL_CHARS}]+(?:个|家|所)[^、]*$|等(?:单位|部门|地方)?$"
                      r"|等(?!专业|职业|专科|学校|教育|院校|师范|级)[\u4e00-\u9fff()]{1,10}$")
# A count of units ("6个县", "沧州6县", "三家单位", "三村"), not a name with a numeral in it ("民一村")
_UNITS = r"(?:县|市|区|乡|镇|村|单位|部门|地方|党组织)"
_COUNT = re.compile(rf"\d+(?:个|家|所)?{_UNITS}|[{NUMERAL_CHARS}]+(?:个|家|所){_UNITS}|^[等共计]?[{NUMERAL_CHARS}]+{_UNITS}")
_SUFFIX_START = LazyPattern(lambda: "(?:" + alternation("targets", "unit_suffixes") + ")")
_UNIT_RUN = LazyPattern(  # a part ends in a suffix not followed by another ("兰州市", not "兰州" + "市…")
    lambda: r"[\u4e00-\u9fff]+?(?:" + alternation("targets", "unit_suffixes") + ")(?!"
    + alternation("targets", "unit_suffixes") + ")"
)
# "该镇甲村", "所属甲公司党委", "其下属乙中心": the unit after pronouns and words of belonging
_PRONOUN_LEAD = LazyPattern(
    lambda: "^(?:" + alternation("targets", "pronouns") + "|(?:" + alternation("targets", "belonging") + ")的?)+(?=.{2})")
_NOT_UNIT = LazyPattern(  # words, a field or a matter looked at, or what starts with a manner of working: not a unit
    lambda: "(?:" + alternation("targets", "not_unit_words") + ")|(?:" + alternation("targets", "not_unit_endings") + ")$"
    "|^(?:" + alternation("targets", "manner_words") + ")")
_MATTER = LazyPattern(  # what is looked at in the unit, or the words that end a list of units
    lambda: "(?<=..)(?:" + alternation("targets", "matter_verbs") + "|" + alternation("targets", "after_units") + ")")


def _unjoined(item: str) -> list[str]:
    """Units a scraped page ran together ("甲市乙区丙县丁县"): split where each part ends in a unit's suffix,
    only when the whole item is such parts, at least three, none starting with a suffix ("市委办公室市委
    组织部" is no such run) nor a word that is only part of a name ("某市中心医院党委" is one unit)."""
    if len(item) <= 8:
        return [item]
    parts = [m[0] for m in _UNIT_RUN.finditer(item)]
    whole = len(parts) >= 3 and "".join(parts) == item
    generic = word_set("targets", "generic_parts")
    return parts if whole and not any(_SUFFIX_START.match(p) or p in generic for p in parts) else [item]


# A place and a field of its work ("甲市安全生产工作"): the place is the unit inspected.
_PLACE_FIELD = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,8}?[市县区州旗盟镇乡])[\u4e00-\u9fff]{2,10}工作$")


# "甲局党组(以下简称甲局)", "甲村(3月1日至10日)", "甲局(举报电话0999-…)": the unit, not its other name, days or phone
_SHORT_NAME = re.compile(rf"\((?:以下)?简称[^()]*\)|{_DATED}|\([^()]{{0,12}}\d{{5,}}[^()]{{0,12}}\)")


def split_targets(phrase: str) -> list[str]:
    """One entry per unit: split on 、，和 and 及; a trailing "等6个县(市)" summary and a "(以下简称…)" dropped; a
    place's field of work ("甲市安全生产工作") is the place."""
    phrase = _SUMMARY.sub("", re.sub(r"\s+", "", re.sub(r"\s*\n\s*", "、", phrase.strip())))  # a unit a line
    phrase = _SHORT_NAME.sub("", phrase)
    items = [_PRONOUN_LEAD.sub("", _ITEM_MARK.sub("", part, count=1))
             for t in _split_outside_brackets(phrase) for part in _unjoined(t.strip())]
    items = [m["place"] if (m := _PLACE_FIELD.match(t)) and len(m["place"]) >= 2 else t for t in items]
    return [t for t in items if len(t) >= 2 and t not in word_set("targets", "pronouns")
            and t not in word_set("shapes", "category_endings") and not _COUNT.search(t)
            and not _NOT_UNIT.search(t)]


_INLINE_ITEM = re.compile(r"(?<=[\u4e00-\u9fff)])(?:[(]\d{1,2}[)]|\d{1,2}[.、])(?=[\u4e00-\u9fff])")


def _split_outside_brackets(phrase: str) -> list[str]:
    """Split on 、，;和 and 及 and before an item's number ("(1)甲村(2)乙村"), but not inside brackets: "县(市、区)"
    stays whole; and on 和 only after what ends like a unit ("甲县和乙县"), for 和 is inside names too
    (呼和浩特市, 和县, 省卫生和计划生育委员会)."""
    items, depth, cur = [], 0, ""
    for c in _INLINE_ITEM.sub("、", phrase):
        depth += (c == "(") - (c == ")")
        if depth == 0 and c in "、,;及" or depth == 0 and c == "和" and _UNIT_END.search(cur):
            items.append(cur)
            cur = ""
        else:
            cur += c
    return items + [cur]


_LEAD_LINE = LazyPattern(lambda: rf"(?:{units_label()}|{_THESE})\s*[:。]?\s*$")  # a line that leads a list of units
# Matched on a stripped line: no run of spaces can be split between \s* and a group in many ways (a line of
# spaces took seconds), the label starts with a character that is no space
_STAGE = re.compile(rf"{ENUM_MARK}?\s*(?P<label>[^:|\s][^:|\n]{{0,23}}?)(?:\s*[:|]\s*|\s+)(?P<rest>[^\n]*?\S)\s*[。;,]?$")
_WHEN = re.compile(r"\d{1,2}月|\d{1,2}日|第[一二三四五六七八九十\d]+(?:批|阶段)|[上中下]旬")  # a time or batch
_ENUM_LEAD = re.compile(rf"^{ENUM_MARK}\s*")  # "(一)" before a heading's team
_ITEM_MARK = re.compile(rf"^\s*{ITEM_MARK}\s*")
_UNIT_END = LazyPattern(lambda: f"(?:{alternation('shapes', 'unit_endings')})$")


def unit_items(line: str) -> list[str] | None:
    """The units a line holds when it is only units ("甲局、乙局", "1.甲局"): every item ends like a unit's
    name, with no team, label, number or sentence on the line; else None."""
    line = _ITEM_MARK.sub("", line, count=1)
    if re.search(r"[:\d。;!?|]", line) or find_teams(line):
        return None
    items = split_targets(line)
    return items if items and all(_UNIT_END.search(t) for t in items) else None


@lru_cache(maxsize=1)  # a notice's units and its plan's days both come from here: its lines are read once
def _units_on_lines(text: str) -> tuple[tuple[Found[str], ...], tuple[tuple[int, int], ...]]:
    """Units written a line at a time: on the plain lines under a line that is only a team's name ("市委第一巡察组\n
    甲局、乙局\n…") or that leads a list ("对以下村开展巡察。"), read while every item of a line ends like a unit's name
    with no label, number or sentence on it; and on the lines of a staggered plan, beside the time or batch they
    are inspected in ("3月1日至15日：甲村、乙村", "第二批：丙村", "丁村：3月16日至31日", "戊村  4月1日至10日"), the
    spans of those times second."""
    out: list[Found[str]] = []
    times: list[tuple[int, int]] = []
    lines = [(m.start(), m[0]) for m in re.finditer(r"[^\n]+", text)]
    k = 0
    while k < len(lines):
        start, line = lines[k]
        team = _ENUM_LEAD.sub("", line.strip(), count=1).removesuffix(":").rstrip()  # "(一)市委第一巡察组："
        named = find_teams(team)
        k += 1
        if (named and named[0].start == 0 and named[-1].end == len(team)) or _LEAD_LINE.search(line):
            while k < len(lines) and (items := unit_items(lines[k][1])) is not None:
                out += found_in(text, items, lines[k][0])
                k += 1
        elif (stage := _STAGE.fullmatch(line.strip())):
            when, units = ("label", "rest") if _WHEN.search(stage["label"]) else ("rest", "label")
            if _WHEN.search(stage[when]) and (items := unit_items(stage[units])) is not None:
                lead = len(line) - len(line.lstrip())
                out += found_in(text, items, start + lead + stage.start(units))
                times.append((start + lead + stage.start(when), start + lead + stage.end(when)))
    return tuple(out), tuple(times)


_SENTENCE_LEAD = re.compile(r"对|于|在|向|将|由|从|进驻|入驻|负责|巡视|巡察")
_TEAM_LED = re.compile(r"\s*(?:\([^()\n]{1,20}\))?[\s:\-—→>]*(?P<units>[^\s|]+)")  # "(组长:某某)", a space or dash


def _team_lines(text: str) -> list[Found[str]]:
    """Units right after the team's name that starts their line, past a bracket or a space or dash ("某组（组长：某某）
    甲局、乙局", "某组 甲局 某某 0999-…"): the first cell after the name, when it is units only."""
    out: list[Found[str]] = []
    for line in re.finditer(r"[^\n]+", text):
        lead = _ENUM_LEAD.match(line[0].lstrip())
        at = line.start() + len(line[0]) - len(line[0].lstrip()) + (lead.end() if lead else 0)
        team = TEAM.match(text, at)
        m = _TEAM_LED.match(text, team.end(), line.end()) if team else None
        if m and (items := unit_items(m["units"])) and len(items) == len(_split_outside_brackets(m["units"])) \
                and not _SENTENCE_LEAD.match(m["units"]):  # units only, no sentence ("某组对甲局和乙局开展…")
            out += found_in(text, items, m.start("units"))
    return out


# "对甲乡甲村、乙村，乙乡丙村开展巡察": units grouped by place, the groups apart by commas
_GROUPED = re.compile(rf"对(?P<t>(?:{_T_CHARS}{{2,200}}?,){{1,8}}{_T_CHARS}{{2,200}}?)(?:开展|进行|实施)了?"
                      rf"{_T_CHARS}{{0,24}}?(?:巡视|巡察|回头看)")


def _grouped_units(text: str) -> list[Found[str]]:
    """Units grouped by place, the groups apart by commas, read only where every group is units alone."""
    out: list[Found[str]] = []
    for m in _GROUPED.finditer(text):
        groups = [unit_items(g) for g in m["t"].split(",")]
        if all(groups):
            out += found_in(text, [u for g in groups for u in g or []], m.start("t"))
    return out


_LABEL_CELL = LazyPattern(lambda: rf"^[ ]*(?:{units_label()})\s*\|\s*(?P<t>[^|\n]{{2,120}}?)\s*$", re.M)


def _label_cells(text: str) -> list[Found[str]]:
    """Units in a two-cell row of a label and its value ("巡察对象 | 甲局、乙局", as a run of spaces is normalised),
    where the value is units only: a header row's next label ("被巡察单位 | 进驻时间") is none."""
    return [f for m in _LABEL_CELL.finditer(text) if (items := unit_items(m["t"])) is not None
            for f in found_in(text, items, m.start("t"))]


def find_targets(text: str) -> list[Found[str]]:
    """The inspected units named by 对…开展巡视, 巡视…工作动员会, 被巡察单位:…, 进驻…, on the plain lines under
    a team's heading line, and (where nothing else names one) the place a team meets in."""
    out: list[Found[str]] = [*_units_on_lines(text)[0], *_label_cells(text), *_team_lines(text), *_grouped_units(text)]
    for pattern in target_patterns():
        out += _read_pattern(pattern, text)
    if not out:
        out = _read_pattern(MEETING_PLACE, text)
    return sorted(set(out), key=lambda f: f.start)  # a unit two patterns read is one


def plan_times(text: str) -> list[tuple[int, int]]:
    """Where a staggered plan gives the days a unit is inspected in ("甲村  3月1日至10日", "乙村(3月11日-20日)"): each
    is part of the team's working period, cue or none."""
    dated = [(m.start(), m.end()) for m in re.finditer(_DATED, text)
             if _UNIT_END.search(text, max(0, m.start() - 6), m.start())]  # a unit's word right before it
    return sorted([*_units_on_lines(text)[1], *dated])


# "…、某组对甲局", "…，某组巡察对象为丙镇": 甲局, 丙镇
_VERB_LEAD = re.compile(r"\s*(?:分别|依次|先后)?(?:对|进驻|入驻|负责(?:巡视|巡察)?|(?:巡视|巡察)了?)?"
                        r"(?:(?:对象|单位)(?:为|是|:)?)?")
_JOINED = re.compile(r"[、,和及与]\s*$")  # a list goes on past a team's name only after a joining mark


def _read_pattern(pattern: re.Pattern[str], text: str) -> list[Found[str]]:
    """The units in each phrase `pattern` reads (its group `t`), before what is looked at in the unit. A phrase
    that names teams ("甲组对A、乙组对B开展巡察", "进驻A、乙组进驻B") is read a team's part at a time: each part
    after a team (its verb dropped) and the part before the first; a place that starts a team's name
    ("某县委第二巡察组") is the name's, not a unit."""
    out: list[Found[str]] = []
    for m in pattern.finditer(text):
        start, end = m.start("t"), m.end("t")
        cuts = [(t.start(), t.end()) for t in TEAM.finditer(text, start, min(len(text), end + 16)) if t.start() < end]
        parts, at = [], start
        for t_start, t_end in cuts:
            before = text[at:t_start]
            parts.append((at, before if not before.strip() or _JOINED.search(before)
                          else before[: max(before.rfind(c) for c in "、,和及与") + 1]))
            lead = _VERB_LEAD.match(text, min(t_end, end), end)
            at = lead.end() if lead else min(t_end, end)
        parts.append((at, text[at:end]))
        for at, phrase in parts:
            matter = _MATTER.search(phrase)  # "甲局贯彻落实…情况": the unit, not what is looked at in it
            out += found_in(text, split_targets(phrase[: matter.start()] if matter else phrase), at)
    return out


def found_in(text: str, items: list[str], at: int) -> list[Found[str]]:
    """Each item found in `text` in turn from `at` on, with its span: a list's units, where it was read from."""
    out: list[Found[str]] = []
    for item in items:
        at = text.find(item, at)
        out.append(Found(item, at, at + len(item)))
        at += len(item)
    return out
