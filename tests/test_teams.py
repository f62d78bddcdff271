"""Team names in every form, leaders and deputies, and the units inspected."""

import pytest

from llm_extract import extract
from llm_extract.reading.extractors.people import find_deputies, find_leaders
from llm_extract.reading.extractors.targets import find_targets, split_targets
from llm_extract.reading.extractors.teams import TeamName, find_teams, same_team

from .conftest import norm


def names(text: str) -> list[str]:
    return [f.value.name for f in find_teams(norm(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中央第三巡视组进驻", ["中央第三巡视组"]),
        ("省委第十三巡视组", ["省委第十三巡视组"]),
        ("自治区党委第一巡视组", ["自治区党委第一巡视组"]),
        ("市委第三巡察组", ["市委第三巡察组"]),
        ("区委专项巡察一组", ["区委专项巡察一组"]),
        ("市委第三提级交叉巡察组", ["市委第三提级交叉巡察组"]),
        ("学校党委第二巡察组", ["学校党委第二巡察组"]),
        ("集团党委第一巡察组", ["集团党委第一巡察组"]),
        ("市委第三、四巡察组", ["市委第三巡察组", "市委第四巡察组"]),
        ("县委第2巡察组", ["县委第2巡察组"]),
        ("省委第一巡视组、第二巡视组", ["省委第一巡视组", "省委第二巡视组"]),
        ("省委第一巡视组进驻。第二巡视组", ["省委第一巡视组", "第二巡视组"]),
        # a number after 巡察 in any of the shapes teams take: a list, a 小组, 工作, after 组 or in brackets
        ("县委巡察一、二组分别进驻", ["县委巡察一组", "县委巡察二组"]),
        ("县委第二轮巡察第三小组", ["县委第二轮巡察第三小组"]),
        ("市委巡察工作第三组", ["市委巡察工作第三组"]),
        ("区委巡察组第三组", ["区委巡察组第三组"]),
        ("市委专项巡察组三组、市委专项巡察组四组组长", ["市委专项巡察组三组", "市委专项巡察组四组"]),
        ("区委巡察组（第一组）进驻", ["区委巡察组(第一组)"]),
    ],
)
def test_team_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", ["十二届市委第七轮巡察组正、副组长", "扫黑除恶督导组", "中央生态环境保护督察组", "6个巡察组"])
def test_not_a_team(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, leader",
    [
        ("省委第七巡视组组长孙某东作了动员讲话，孙某东强调", "孙某东"),
        ("省委第十三巡视组组长刘丹与市委书记见面。会上，刘丹作了讲话", "刘丹"),
        ("组长：李 明", "李明"),
        ("组 长：欧阳小红，副组长：王强", "欧阳小红"),
        ("巡察组组长邱志明就即将开展的巡察作了讲话", "邱志明"),
        ("组长为赵某某，副组长为钱某某", "赵某某"),
        ("组长由孙某担任", "孙某"),
        # titles between the role and the name; the role in brackets after the name
        ("第一巡察组组长、县人大常委会副主任赵晓明作动员讲话", "赵晓明"),
        ("第一巡察组组长，市政协原副主席、党组成员钱海清主持会议", "钱海清"),
        ("孙建国（组长）、李文博（副组长）出席会议", "孙建国"),
    ],
)
def test_leaders(text, leader):
    assert [f.value for f in find_leaders(norm(text))] == [leader]


def test_heads_of_other_bodies_are_not_team_leaders():
    assert find_leaders(norm("省委巡视工作领导小组组长某某出席")) == []
    assert find_leaders(norm("市委巡察办主任和巡察组组长，市直有关单位")) == []


@pytest.mark.parametrize(
    "text, deputies",
    [
        ("副组长林孝双、王蕾及巡视组其他成员", ["林孝双", "王蕾"]),
        ("省委第七巡视组副组长刘武英及巡视组全体成员", ["刘武英"]),
        ("省委第十三巡视组副组长及有关同志出席会议", []),
        ("副组长：张三和李四", ["张三", "李四"]),
        ("副组长为钱某某、孙某。", ["钱某某", "孙某"]),
    ],
)
def test_deputies(text, deputies):
    assert [f.value for f in find_deputies(norm(text))] == deputies


@pytest.mark.parametrize(
    "text, targets",
    [
        ("省委第七巡视组专项巡视英德市工作动员会召开", ["英德市"]),
        ("对任丘市、河间市、沧县、东光县、南皮县、青县等6个县(市)开展巡视工作",
         ["任丘市", "河间市", "沧县", "东光县", "南皮县", "青县"]),
        ("十三届省委决定对广州市开展巡视", ["广州市"]),
        ("县委第二巡察组对县教育局党组和县卫健局党组开展常规巡察", ["县教育局党组", "县卫健局党组"]),
        ("被巡察单位：甲镇党委、乙镇党委", ["甲镇党委", "乙镇党委"]),
        ("市委第一巡察组进驻某某集团开展巡察", ["某某集团"]),
        ("对粤东西北其他47个县(市、区)开展专项巡视", []),
        ("省委巡视组近日进驻我市,对某县开展巡视", ["某县"]),
        ("市委第一巡察组入驻甲镇党委开展常规巡察", ["甲镇党委"]),
        ("县委巡察办副主任陈某在动员会上讲话", []),
        ("市委第一巡察组进驻到某甲局开展巡察", ["某甲局"]),
        ("市委第一巡察组派驻某甲局开展巡察", ["某甲局"]),
        ("市委第一巡察组对某甲局实施常规巡察", ["某甲局"]),
        ("市委第一巡察组对某甲局开展“回头看”", ["某甲局"]),
        ("市委第一巡察组巡察了某甲局、某乙局。", ["某甲局", "某乙局"]),
        # the time a unit is inspected in is no part of it; a feedback given by the team's head, to the unit's head
        ("县委第一巡察组巡察丙局期间，设立举报电话", ["丙局"]),
        ("县委第二巡察组组长孙立向丁镇党委书记周明反馈了巡察情况", ["丁镇"]),
        # a unit's own meeting of its inspection, or the unit receiving it, at its clause's start; not the committee
        # that sends the teams; a pronoun for the unit is no unit
        ("戊局巡察工作动员会召开", ["戊局"]),
        ("己镇党委迎接县委巡察", ["己镇党委"]),
        ("县委巡察工作动员部署会召开", []),
        ("县委第一巡察组将对你单位开展巡察", []),
    ],
)
def test_targets(text, targets):
    assert sorted({f.value for f in find_targets(norm(text))}) == sorted(targets)


def test_split_targets_keeps_bracketed_lists_whole():
    assert split_targets("甲村、乙村和丙村等3个村") == ["甲村", "乙村", "丙村"]
    # a closing 等 and the kind of the units listed is no part of the last unit; 中等/高等 schools keep their 等
    assert split_targets("县一中、县二中等公立中小学") == ["县一中", "县二中"]
    assert split_targets("甲镇、乙镇等乡镇") == ["甲镇", "乙镇"]
    assert split_targets("某市中等专业学校、某高等专科学校、某市第一中等职业学校") == [
        "某市中等专业学校", "某高等专科学校", "某市第一中等职业学校"]
    assert split_targets("某县(市、区)") == ["某县(市、区)"]


def test_deputies_separated_by_spaces():
    assert [f.value for f in find_deputies(norm("副组长：李四 王五\n"))] == ["李四", "王五"]


def test_a_team_of_a_committee_written_in_full_is_its_committees_team():
    from llm_extract import extract
    n = extract("中共福州市鼓楼区委员会第一巡察组关于巡察甲局的公告\n根据区委统一部署，中共福州市鼓楼区委员会第一巡察组"
                "于2031年3月1日进驻甲局开展巡察。", backend="rules")
    assert [(t.name, t.targets) for t in n.teams] == [("区委第一巡察组", ["甲局"])]
    assert n.issuer == "中共福州市鼓楼区委员会" and n.region is not None and n.region.county == "鼓楼区"


def test_a_heading_line_may_name_the_teams_body_with_its_place():
    from llm_extract import extract
    n = extract("一、平阳县委第一巡察组\n巡察甲局。\n二、平阳县委第二巡察组\n巡察乙局。\n举报电话：0999-1234567", backend="rules",
                min_confidence=0)
    assert [t.targets for t in n.teams] == [["甲局"], ["乙局"]]
    assert [e.support for e in n.evidence if e.value == "乙局"] == ["heading"]


def test_a_teams_unnumbered_names_are_one_team():
    # named in full once, then shorter: one team, its leader and channels with it; another body's (a name of another shape) another
    text = ("某市委专项巡察组进驻甲县开展专项巡察。市委巡察组组长赵晓明主持会议。巡察期间，市委巡察组设立举报电话："
            "0999-1234567。")
    (team,) = extract(text, backend="rules").teams
    assert (team.name, team.leader, team.targets, [p.number for p in team.phones]) == (
        "市委专项巡察组", "赵晓明", ["甲县"], ["0999-1234567"])
    assert not same_team(TeamName("县委专项巡察组", "巡察", None), TeamName("市委巡察组", "巡察", None))
    assert same_team(TeamName("市委巡察组", "巡察", None), TeamName("市委专项巡察组", "巡察", None))


def test_of_teams_without_a_number_the_text_has_one():
    # a county's notice names its own team most, and other bodies' teams in passing
    from llm_extract.reading.findings import read
    text = ("县委专项巡察组进驻甲局开展巡察\n按照中央巡视组、省委巡视组和市委巡察组整改要求，县委专项巡察组于3月1日进驻甲局。"
            "县委专项巡察组组长赵晓明主持会议。举报电话：0999-2345678。")
    assert {t.value.name for t in read(text).teams} == {"县委专项巡察组"}
    (team,) = extract(text, backend="rules").teams
    assert (team.name, team.leader, team.targets) == ("县委专项巡察组", "赵晓明", ["甲局"])


@pytest.mark.parametrize("name", ["县委第三轮巡察组", "县委巡察工作组", "县委第五轮巡察工作组", "县委巡察机动组", "县委巡察专项组"])
def test_a_rounds_one_team_named_without_a_number_is_read(name):
    # a round with one team, called by its round or by a word for its kind of team; not a round's teams' heads
    (team,) = extract(f"根据县委统一部署，{name}（组长：钱立新）于5月6日进驻甲乡开展巡察。", backend="rules").teams
    assert (team.name, team.leader, team.targets) == (name, "钱立新", ["甲乡"])
    assert extract("县委巡察工作组织有序。", backend="rules").teams == []


def test_a_teams_number_in_brackets_is_its_number_not_a_unit():
    team, other = extract("区委巡察组（第一组）进驻甲局开展巡察。区委巡察组（第二组）进驻乙镇开展巡察。", backend="rules").teams
    assert (team.name, team.targets, other.name, other.targets) == ("区委巡察组(第一组)", ["甲局"], "区委巡察组(第二组)", ["乙镇"])


def test_a_titled_deputy_is_read_and_a_list_of_roles_names_nobody():
    text = norm("第一巡察组组长、县纪委副书记赵晓明讲话，副组长、市委巡察办主任钱海清主持会议。")
    assert [f.value for f in find_leaders(text)] == ["赵晓明"] and [f.value for f in find_deputies(text)] == ["钱海清"]
    assert find_leaders(norm("第一巡察组组长、副组长及全体成员参加会议。")) == []


def test_a_person_named_after_titles_before_the_role_and_an_e_mail_with_a_stray_space():
    text = norm("县委第一巡察组进驻甲局开展巡察，二级巡视员周立新任副组长。组长为一级巡视员赵晓明。")
    assert [f.value for f in find_deputies(text)] == ["周立新"] and [f.value for f in find_leaders(text)] == ["赵晓明"]
    from llm_extract.reading.extractors.emails import find_emails
    assert [f.value for f in find_emails("电子邮箱：xcz1@163. com，或 xcz2 @qq.com。xcz3@163.com. Tel")] == [
        "xcz1@163.com", "xcz2@qq.com", "xcz3@163.com"]


@pytest.mark.parametrize("join", ["和", "；", "，"])
def test_every_teams_group_of_units_given_respectively(join):
    got = extract(f"县委第一、第二巡察组分别对甲局、乙局{join}丙镇、丁镇开展巡察。", backend="rules").contract()["teams"]
    assert [t["targets"] for t in got] == [["甲局", "乙局"], ["丙镇", "丁镇"]]


def test_a_teams_work_in_other_words_ends_its_units():
    text = norm("县委第一巡察组负责甲局、乙局的巡察工作，第二巡察组巡察对象为丙镇，第三巡察组对丁局党组及其所属的戊中心开展巡察。")
    assert sorted(f.value for f in find_targets(text)) == sorted(["甲局", "乙局", "丙镇", "丁局党组", "戊中心"])
