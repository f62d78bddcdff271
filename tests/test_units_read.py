"""The units a team inspects, read in the sentence families real notices use: a team's meetings (动员, 反馈, 见面,
进驻), a notice's own title, "对…的巡察", a team referred to without its name, and a unit read twice."""

import pytest

from llm_extract import extract


def units(text: str) -> list[str]:
    (team,) = extract(text, backend="rules").teams
    return team.targets


@pytest.mark.parametrize("text, targets", [
    # a feedback or first meeting named after the unit, the team before it
    ("某市委第一巡察组巡察甲县乙局党组工作反馈会召开", ["甲县乙局党组"]),
    ("某县委第三巡察组巡察丁镇党委情况反馈会召开", ["丁镇党委"]),
    ("某县委第二巡察组巡察戊局工作见面会召开。", ["戊局"]),
    ("5月6日，某县委第三巡察组对丁镇党委巡察情况反馈会召开。", ["丁镇党委"]),
    ("某县委第二巡察组与己局党组召开巡察工作见面会。", ["己局党组"]),
    ("某区委第三巡察组分别召开庚委、辛院党组巡察工作动员会。", ["庚委", "辛院党组"]),
    # the unit hosting its own feedback meeting, the team after it
    ("6月1日，丙局召开某县委第三巡察组巡察反馈会。", ["丙局"]),
    # "回头看" between the unit and the meeting
    ("某省委第二巡视组巡视甲市“回头看”工作动员会召开。", ["甲市"]),
    # the notice's own title
    ("某县委第一巡察组关于巡察壬局的公告\n根据县委统一部署，某县委第一巡察组于3月1日至4月30日进驻开展巡察。", ["壬局"]),
    ("关于某市委第二巡察组巡察癸学院党委情况的通报\n2031年3月1日至4月30日，某市委第二巡察组对癸学院党委进行了巡察。",
     ["癸学院党委"]),
    # 进驻 a unit, then its meeting; "完成对…的巡察进驻"
    ("某县委第一巡察组进驻甲所召开巡察工作动员会。", ["甲所"]),
    ("某区委第三巡察组完成对乙委、丙院的巡察进驻工作。", ["乙委", "丙院"]),
    # a unit with its other name in brackets
    ("某县委第一巡察组对县丁局（县戊办）开展巡察。", ["县丁局(县戊办)"]),
])
def test_units_of_a_teams_meetings_and_notices(text, targets):
    assert units(text) == targets


def test_a_unit_read_twice_keeps_the_reading_with_a_units_shape():
    # after 巡察 and after a label: "对象为甲局" is a stray word and 甲局 the unit
    assert units("某县委第二巡察组巡察对象为甲局、乙局。") == ["甲局", "乙局"]


def test_the_one_team_referred_to_without_its_name_owns_its_sentences_units():
    text = "某区委专项巡察组近日完成进驻。专项巡察组对甲院、乙中心、丙所开展巡察。举报电话：0999-1234567。"
    n = extract(text, backend="rules")
    assert n.teams[0].targets == ["甲院", "乙中心", "丙所"]
    assert {e.support for e in n.evidence if e.field == "targets"} == {"referred"}
    # a count of teams is no reference to the one team named
    counted = extract("某区委第一巡察组进驻甲局。本轮3个巡察组对乙局开展巡察。", backend="rules", min_confidence=0)
    assert {e.support for e in counted.evidence if e.value == "乙局"} <= {"sole", "suspect"}


@pytest.mark.parametrize("text, targets", [
    # a label with a space, a dash, 【】 or 名称 between it and the units; 进驻单位; a kind of units as the label
    ("某县委第一巡察组\n巡察对象  甲局\n组长  赵某", ["甲局"]),
    ("某县委第一巡察组\n【巡察对象】甲局、乙局\n【组长】赵某", ["甲局", "乙局"]),
    ("某县委第一巡察组\n巡察对象——甲局", ["甲局"]),
    ("某县委第一巡察组\n进驻单位：甲局、乙局", ["甲局", "乙局"]),
    ("某县委第一巡察组\n被巡察单位名称：甲局", ["甲局"]),
    ("某县委第一巡察组\n巡察村（社区）：甲村、乙村、丙社区", ["甲村", "乙村", "丙社区"]),
    # a word of belonging before the unit; 进驻 a unit, then 期间
    ("某公司党委第一巡察组对所属甲分公司党委开展巡察。", ["甲分公司党委"]),
    ("某县委第一巡察组进驻丁局期间，设立举报电话0999-1234567。", ["丁局"]),
])
def test_units_after_a_label_in_any_form(text, targets):
    assert units(text) == targets


def test_units_a_line_each_under_a_label_line_have_the_label_as_their_cue():
    n = extract("某县委第一巡察组\n被巡察单位\n甲局\n乙局", backend="rules", min_confidence=0)
    assert [(e.value, e.cue) for e in n.evidence if e.field == "targets"] == [("甲局", "label"), ("乙局", "label")]
    # a line with a colon between ends the list: what is under it has no label
    n = extract("某县委第一巡察组\n被巡察单位\n甲局\n值班时间：工作日\n乙局", backend="rules", min_confidence=0)
    assert [e.cue for e in n.evidence if e.value == "乙局"] in ([], ["none"])


@pytest.mark.parametrize("text, teams", [
    # the units before the team that inspects them
    ("甲局、乙局由某县委第一巡察组巡察；丙局由某县委第二巡察组巡察。", [["甲局", "乙局"], ["丙局"]]),
    # 负责 with no verb; the verb in brackets after the team; a team then its units after a space, an arrow, a line
    ("某县委第一巡察组负责甲局、乙局，某县委第二巡察组负责丙局。", [["甲局", "乙局"], ["丙局"]]),
    ("某县委第一巡察组（巡察甲局、乙局）\n某县委第二巡察组（巡察丙局）", [["甲局", "乙局"], ["丙局"]]),
    ("某县委第一巡察组 巡察甲局\n某县委第二巡察组 巡察乙局", [["甲局"], ["乙局"]]),
    ("某县委第一巡察组→甲局、乙局\n某县委第二巡察组→丙局", [["甲局", "乙局"], ["丙局"]]),
    ("一、某县委第一巡察组\n巡察甲局、乙局。\n二、某县委第二巡察组\n巡察丙局。", [["甲局", "乙局"], ["丙局"]]),
    # the team's units, then its leader in brackets
    ("某县委第一巡察组：甲局（组长：赵某）\n某县委第二巡察组：乙局（组长：钱某）", [["甲局"], ["乙局"]]),
])
def test_each_teams_units_in_the_ways_a_round_assigns_them(text, teams):
    assert [t.targets for t in extract(text, backend="rules").teams] == teams


def test_a_short_name_a_word_of_belonging_and_a_kind_of_units_are_no_units():
    assert units("某县委第一巡察组巡察甲局党组（以下简称甲局）工作动员会召开") == ["甲局党组"]
    assert units("某县委第一巡察组对甲局党组及其下属乙中心、丙站开展巡察。") == ["甲局党组", "乙中心", "丙站"]
    assert units("某县委第一巡察组\n巡察范围：甲局及下属单位") == ["甲局"]


def test_a_unit_never_spans_a_cells_edge():
    text = ("组别：某县委第一巡察组  组长：赵某  巡察对象：甲局  电话：0999-1111111\n"
            "组别：某县委第二巡察组  组长：钱某  巡察对象：乙局  电话：0999-2222222")
    assert [t.targets for t in extract(text, backend="rules").teams] == [["甲局"], ["乙局"]]


def teams_units(text: str) -> dict[str, list[str]]:
    return {t.name: t.targets for t in extract(text, backend="rules").teams}


@pytest.mark.parametrize("text, expected", [
    # every team's units in one list, each after its team and its verb; a place before a team's name is the name's
    ("某县委第一巡察组对甲局、乙局、某县委第二巡察组对丙局开展巡察。",
     {"县委第一巡察组": ["甲局", "乙局"], "县委第二巡察组": ["丙局"]}),
    ("县委第一巡察组进驻甲局、县委第二巡察组进驻乙局开展巡察。", {"县委第一巡察组": ["甲局"], "县委第二巡察组": ["乙局"]}),
    ("丁戊县委第一巡察组对甲局、丁戊县委第二巡察组对乙局开展巡察。",
     {"县委第一巡察组": ["甲局"], "县委第二巡察组": ["乙局"]}),
    # the units first, their teams after 分别, paired in order
    ("本次巡察对象为甲局、乙局，分别由县委第二巡察组、县委第一巡察组承担。",
     {"县委第二巡察组": ["甲局"], "县委第一巡察组": ["乙局"]}),
    ("甲局、乙局分别由县委第一巡察组、县委第二巡察组进行巡察。", {"县委第一巡察组": ["甲局"], "县委第二巡察组": ["乙局"]}),
    # a team's name after a label of its own, its units under another
    ("巡察组别：县委第一巡察组\n被巡察党组织：甲局党组\n巡察组别：县委第二巡察组\n被巡察党组织：乙局党组",
     {"县委第一巡察组": ["甲局党组"], "县委第二巡察组": ["乙局党组"]}),
])
def test_each_teams_units_in_one_sentence_or_under_a_label(text, expected):
    assert teams_units(text) == expected


def test_units_before_teams_not_as_many_are_no_teams_own():
    # three units, two teams: the text does not say which team has which
    text = "本次巡察对象为甲局、乙局、丙局，分别由县委第一巡察组、县委第二巡察组承担。"
    assert teams_units(text) == {"县委第一巡察组": [], "县委第二巡察组": []}


@pytest.mark.parametrize("text, targets", [
    # villages grouped by their town, the groups apart by a comma
    ("某县委第一巡察组对甲乡丙村、丁村，乙乡戊村开展巡察。", ["甲乡丙村", "丁村", "乙乡戊村"]),
    # each unit with the days it is inspected in, in brackets or beside it on its own line
    ("某县委第一巡察组依次进驻甲村（3月1日-3月10日）、乙村（3月11日-3月20日）。", ["甲村", "乙村"]),
    ("村级巡察进驻\n某县委第一巡察组进驻安排：\n甲村  3月1日-3月10日\n乙社区  3月11日-3月20日", ["甲村", "乙社区"]),
    # a count of units, and their names after 分别是 later in the sentence
    ("某县委第一巡察组对丁镇4个村开展巡察，分别是：甲村、乙村、丙村、戊村。", ["丁镇", "甲村", "乙村", "丙村", "戊村"]),
    # a kind of units' Party organisations as the label
    ("某县委第一巡察组\n被巡察村党组织：甲村党支部、乙村党总支", ["甲村党支部", "乙村党总支"]),
])
def test_units_of_a_plan_of_villages(text, targets):
    assert units(text) == targets


def test_a_staggered_plan_gives_the_teams_period_first_day_to_last():
    text = "村级巡察进驻\n某县委第一巡察组进驻安排：\n甲村  2031年3月1日-3月10日\n乙社区  3月11日-3月20日\n举报电话：0999-1234567"
    (team,) = extract(text, backend="rules").teams
    assert (team.start_date, team.end_date) == ("2031-03-01", "2031-03-20")


@pytest.mark.parametrize("text, targets", [
    # the unit at its clause's start, after a time, hosting or receiving its team
    ("3月5日上午甲局召开某县委第一巡察组巡察工作动员会。", ["甲局"]),
    ("近日甲局党组召开某县委第一巡察组巡察工作见面会。", ["甲局党组"]),
    ("甲局与某县委第一巡察组召开巡察工作见面会。", ["甲局"]),
    ("甲局迎接某县委第一巡察组进驻巡察。", ["甲局"]),
    # between the team and its meeting; a team's notice about it; the unit whose leaders petitions are about
    ("某县委第一巡察组甲局巡察工作动员会议召开", ["甲局"]),
    ("某县委第一巡察组关于甲局的巡察公告", ["甲局"]),
    ("巡察期间，某县委第一巡察组主要受理反映甲局领导班子及其成员问题的来信来电来访。", ["甲局"]),
])
def test_a_unit_before_its_team_or_beside_its_meeting(text, targets):
    assert units(text) == targets


@pytest.mark.parametrize("text, expected", [
    # a team's line: its units after a bracket, a space or a dash
    ("县委第一巡察组（组长：赵晓明）甲局、乙局\n县委第二巡察组（组长：钱立新）丙局",
     {"县委第一巡察组": ["甲局", "乙局"], "县委第二巡察组": ["丙局"]}),
    ("县委第一巡察组 甲局、乙局\n县委第二巡察组 丙局", {"县委第一巡察组": ["甲局", "乙局"], "县委第二巡察组": ["丙局"]}),
    # a leader, then the verb after a space
    ("第一巡察组 组长赵晓明 巡察甲局、乙局\n第二巡察组 组长钱立新 巡察丙局", {"第一巡察组": ["甲局", "乙局"], "第二巡察组": ["丙局"]}),
])
def test_units_on_a_teams_line(text, expected):
    assert teams_units(text) == expected


def test_a_table_apart_by_single_spaces():
    text = ("巡察组 组长 巡察对象 联系电话\n县委第一巡察组 赵晓明 甲局、乙局 0999-1234567\n"
            "县委第二巡察组 钱立新 丙局 0999-7654321")
    got = [(t.name, t.leader, t.targets, [p.number for p in t.phones]) for t in extract(text, backend="rules").teams]
    assert got == [("县委第一巡察组", "赵晓明", ["甲局", "乙局"], ["0999-1234567"]),
                   ("县委第二巡察组", "钱立新", ["丙局"], ["0999-7654321"])]
