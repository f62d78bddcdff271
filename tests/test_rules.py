"""The rules backend: whole answers, on the gold notices and on short notices of every layout."""

import json
import re
from functools import partial

import jsonschema
import pytest

from llm_extract import extract as extract_rated
from llm_extract.reading.normalize import canon

from .conftest import ROOT, uncited

# These tests are about the reading: every value kept (leaving out values below a threshold is tested in
# test_precision and test_shapes).
extract = partial(extract_rated, min_confidence=0)
SCHEMA = json.loads((ROOT / "schemas" / "notice-v1.schema.json").read_text("utf-8"))


def contacts(team: dict) -> dict:
    return {
        "phones": sorted(p["number"] for p in team["phones"]),
        "sms": sorted(p["number"] for p in team["phones"] if p["sms_only"]),
        "emails": sorted(team["emails"]),
        "boxes": sorted(m["address"] for m in team["mailboxes"]),
        "postcodes": sorted(m["postcode"] for m in team["mailboxes"] if m["postcode"]),
        "deadline": team["petition_deadline"],
    }


def test_gold_contacts_and_deadlines_equal_gold(gold_pairs):
    for doc_id, text, gold in gold_pairs:
        answer = extract(text, doc_id).contract()
        jsonschema.validate(answer, SCHEMA)
        assert [contacts(t) for t in answer["teams"]] == [contacts(t) for t in gold["teams"]], doc_id


def test_no_contact_value_is_missing_from_the_source(gold_pairs):
    for doc_id, text, _ in gold_pairs:
        flat = canon(text)
        for team in extract(text, doc_id).teams:
            values = [p.number for p in team.phones] + team.emails + [m.address for m in team.mailboxes]
            values += [m.postcode for m in team.mailboxes if m.postcode]
            assert all(v in flat for v in values), doc_id


def test_every_evidence_span_holds_its_value(gold_pairs):
    for doc_id, text, _ in gold_pairs:
        notice = extract(text, doc_id)
        assert notice.evidence
        for ev in notice.evidence:
            assert text[ev.start : ev.end] == ev.text
            assert canon(ev.text).lower().find(re.sub(r"-", "", canon(ev.value).lower())[:4]) >= 0 or ev.field in (
                "start_date", "end_date", "petition_deadline", "phone_hours", "phones"), (doc_id, ev)


NUMBERED_LIST = """县委巡察组进驻公告
根据县委统一部署，县委第二、三巡察组近日进驻开展常规巡察。
(一)县委第二巡察组
1.巡察对象：甲镇党委
2.组长：赵某某
3.值班电话：0571-61000001
4.邮政信箱：某县A101号信箱
(二)县委第三巡察组
1.巡察对象：乙镇党委、丙镇党委
2.组长：钱某某
3.值班电话：0571-61000002
4.邮政信箱：某县A102号信箱
巡察期间（3月1日至4月30日），受理信访截止到2024年4月25日。电子邮箱：xcb@163.com"""


def test_numbered_list_gives_each_team_its_own_channels_and_shares_the_rest():
    n = extract(NUMBERED_LIST).contract()
    jsonschema.validate(n, SCHEMA)
    teams = {t["name"]: t for t in n["teams"]}
    assert set(teams) == {"县委第二巡察组", "县委第三巡察组"}
    two, three = teams["县委第二巡察组"], teams["县委第三巡察组"]
    assert two["targets"] == ["甲镇党委"] and three["targets"] == ["乙镇党委", "丙镇党委"]
    assert two["leader"] == "赵某某" and three["leader"] == "钱某某"
    assert [p["number"] for p in two["phones"]] == ["0571-61000001"]
    assert [p["number"] for p in three["phones"]] == ["0571-61000002"]
    assert [m["address"] for m in two["mailboxes"]] == ["某县A101号信箱"]
    assert [m["address"] for m in three["mailboxes"]] == ["某县A102号信箱"]
    # The paragraph after the list speaks for both teams.
    for team in (two, three):
        assert (team["start_date"], team["end_date"], team["petition_deadline"]) == ("2024-03-01", "2024-04-30", "2024-04-25")
        assert team["emails"] == ["xcb@163.com"]


LABELLED_LIST = """中共某县委第二轮巡察公告
根据县委巡察工作统一部署，县委第一、二巡察组将对下列单位开展常规巡察：
一、县委第一巡察组
巡察对象：县教育局党委、县卫生健康局党委
值班电话：0738-7000001 15000000001
邮政信箱：某县A001号信箱
二、县委第二巡察组
巡察对象：甲镇党委
值班电话：0738-7000002
巡察时间：2024年4月8日至6月7日。受理信访时间为工作日上午8:00-12:00，下午2:30-5:30。"""


def test_label_lines_under_each_heading_are_the_teams_and_the_line_after_them_is_shared():
    one, two = extract(LABELLED_LIST).teams
    assert (one.targets, [p.number for p in one.phones]) == (["县教育局党委", "县卫生健康局党委"], ["0738-7000001", "15000000001"])
    assert (two.targets, [p.number for p in two.phones]) == (["甲镇党委"], ["0738-7000002"])
    assert [m.address for m in one.mailboxes] == ["某县A001号信箱"] and two.mailboxes == []  # no twin label: still one's
    for team in (one, two):  # "巡察时间" stands under no other team: it is every team's
        assert (team.start_date, team.end_date) == ("2024-04-08", "2024-06-07")
        assert team.phone_hours == ["08:00-12:00", "14:30-17:30"]


def test_a_heading_without_numbered_items_keeps_its_prose_paragraph():
    text = ("市委第一、二巡察组进驻公告\n(一)市委第一巡察组\n对甲局党组开展巡察。值班电话：0551-62000011。"
            "受理信访截止到2024年6月30日。\n(二)市委第二巡察组\n对乙局党组开展巡察。值班电话：0551-62000012。")
    one, two = extract(text).teams
    assert [p.number for p in one.phones] == ["0551-62000011"] and one.petition_deadline == "2024-06-30"
    assert [p.number for p in two.phones] == ["0551-62000012"] and two.petition_deadline is None


def test_prose_with_two_teams_and_a_shared_mailbox():
    text = ("市委第三、四巡察组分别对甲区和乙区开展巡察。" "巡察期间设邮政信箱：某市B300号信箱。"
            "巡察组受理信访时间截止到2024年6月30日。")
    n = extract(text)
    assert [t.name for t in n.teams] == ["市委第三巡察组", "市委第四巡察组"]
    for t in n.teams:
        assert [m.address for m in t.mailboxes] == ["某市B300号信箱"]
        assert t.petition_deadline == "2024-06-30"


def test_channels_printed_as_an_image_give_the_team_and_no_phones():
    text = "省委第五巡视组对某市开展巡视。巡视期间设专门值班电话和邮政信箱，详见附表（点击图片可查看大图）。"
    n = extract(text)
    assert [t.name for t in n.teams] == ["省委第五巡视组"]
    assert n.teams[0].targets == ["某市"] and n.teams[0].phones == [] and n.teams[0].mailboxes == []


def test_round_level_deployment_with_only_a_count_has_no_teams():
    text = "全市巡察工作动员部署会召开\n会议宣布，本轮派出6个巡察组，对28个单位开展常规巡察。"
    n = extract(text)
    assert (n.kind, n.event, n.teams) == ("巡察", "deployment", [])


def test_withdrawal_notice_is_other_and_has_no_contacts():
    text = "省委第六巡视组撤离公告\n省委第六巡视组对某县的巡视工作已结束，信访渠道于2024年1月5日关闭。"
    n = extract(text)
    assert n.event == "other"
    assert all(t.phones == [] and t.mailboxes == [] for t in n.teams)


def test_completed_inspection_whose_channels_close_is_other_with_no_period():
    text = "省委第一巡视组完成巡视某市工作\n省委第一巡视组对某市的巡视工作已圆满结束，巡视组值班电话、邮政信箱自2024年6月1日起停止使用。"
    n = extract(text)
    assert n.event == "other"
    assert [(t.name, t.start_date, t.end_date) for t in n.teams] == [("省委第一巡视组", None, None)]


def test_teams_listed_by_full_and_short_names_pair_with_their_targets_and_share_the_box():
    text = "省委第一巡视组、第二巡视组分别对甲市、乙市开展巡视。两个巡视组共用邮政信箱：某省A100号邮政信箱。"
    teams = extract(text).teams
    assert [(t.name, t.targets) for t in teams] == [("省委第一巡视组", ["甲市"]), ("省委第二巡视组", ["乙市"])]
    assert all([m.address for m in t.mailboxes] == ["某省A100号邮政信箱"] for t in teams)


def test_feedback_meeting_is_feedback():
    text = "省委第二巡视组向某市反馈巡视情况\n近日，省委第二巡视组向某市委反馈巡视情况，要求在2个月内完成整改。"
    n = extract(text)
    assert (n.kind, n.event) == ("巡视", "feedback")
    assert [t.name for t in n.teams] == ["省委第二巡视组"]


@pytest.mark.parametrize(
    "text",
    [
        "中央扫黑除恶第10督导组进驻某省\n督导期间设立值班电话：010-66000000，邮政信箱：北京市A001号信箱。",
        "中央第三生态环境保护督察组进驻某省\n督察期间专门值班电话：0571-88000000。",
        "監察院巡察某縣政府\n監察委員巡察地方機關，陳情電話：02-23413183。",
    ],
)
def test_look_alikes_are_not_inspections(text):
    n = extract(text)
    assert (n.kind, n.event, n.teams) == ("其他", "other", [])


def test_newsroom_footer_phones_are_not_team_contacts():
    text = ("市委第一巡察组对某局开展巡察。巡察期间设值班电话：0512-60000001。" + "内容" * 30 +
            "\n责任编辑：某某\n本网电话：0512-60009999 版权所有")
    (team,) = extract(text).teams
    assert [p.number for p in team.phones] == ["0512-60000001"]


def test_traditional_with_pinyin_noise_and_full_width_forms():
    text = "省委第九巡視組巡視某市工作動員會(huì)召開(kāi)\n巡視期間設專門值班電話：０２０－８７７５６９２０；專門郵政信箱：廣東省廣州市Ａ１６４號郵政信箱。"
    (team,) = extract(text).teams
    assert team.name == "省委第九巡视组"
    assert [p.number for p in team.phones] == ["020-87756920"]
    assert [m.address for m in team.mailboxes] == ["广东省广州市A164号邮政信箱"]


def test_text_cut_off_mid_sentence_still_answers():
    n = extract("省委第七巡视组对某县开展巡视。巡视期间设专门值班电话：0311-8")
    assert [t.name for t in n.teams] == ["省委第七巡视组"] and n.teams[0].phones == []


PIPE_TABLE = """县委巡察组进驻公告
根据县委统一部署，县委巡察组近日进驻开展常规巡察，现将有关事项公告如下：
组 别 | 一组 | 二组 |
组 长 | 孙 某 | 李某某 |
副组长 | 周某、吴某 | 郑某 |
巡察对象 | 县教育局党组、县科技局党组 | 县水利局党组 |
联系电话 | 0516-81000001 | 0516-81000002 |
受理信访时间截止到2024年5月20日。"""


FLAT_TABLE = """市委巡察组进驻公告
根据市委统一部署，市委第一、二巡察组近日进驻开展常规巡察。联系方式如下：
组别

组长

被巡察单位

值班电话

邮政信箱
市委第一巡察组

周某某

市教育局党组、市科技局党组

0551-62000001

某市A201号信箱
市委第二巡察组

吴某

市交通局党组

0551-62000002

某市A202号信箱
受理信访时间截止到2024年6月30日。"""


def row(team: dict) -> tuple:
    return (team["name"], team["leader"], team["deputy_leaders"], team["targets"], [p["number"] for p in team["phones"]],
            [m["address"] for m in team["mailboxes"]], team["petition_deadline"])


@pytest.mark.parametrize(
    "text, expected",
    [
        (PIPE_TABLE, [("巡察一组", "孙某", ["周某", "吴某"], ["县教育局党组", "县科技局党组"], ["0516-81000001"], [], "2024-05-20"),
                      ("巡察二组", "李某某", ["郑某"], ["县水利局党组"], ["0516-81000002"], [], "2024-05-20")]),
        # The deadline after the flattened table is every team's.
        (FLAT_TABLE, [("市委第一巡察组", "周某某", [], ["市教育局党组", "市科技局党组"], ["0551-62000001"], ["某市A201号信箱"],
                       "2024-06-30"),
                      ("市委第二巡察组", "吴某", [], ["市交通局党组"], ["0551-62000002"], ["某市A202号信箱"], "2024-06-30")]),
    ],
    ids=["pipe table, one column per team", "flattened table, one cell per line, one row per team"],
)
def test_tables_give_each_team_its_cells(text, expected):
    n = extract(text).contract()
    jsonschema.validate(n, SCHEMA)
    assert [row(t) for t in n["teams"]] == expected


def test_lines_that_only_look_like_a_table_header_are_not_a_table():
    text = "组别\n组长\n市委第一巡察组对甲局开展巡察。\n值班电话：0551-62000003"
    (team,) = extract(text).teams
    assert (team.name, team.leader, team.targets) == ("市委第一巡察组", None, ["甲局"])
    assert [p.number for p in team.phones] == ["0551-62000003"]


ROUND_NEWS = """十届市委第五轮巡察完成进驻
近日，十届市委第五轮巡察4个巡察组完成进驻。市委第一巡察组组长王某进驻市教育局党组，市委第二巡察组组长李某某进驻市卫健委党组，市委第三、四巡察组分别对A区和B区开展巡察。
巡察期间，各巡察组设值班电话，一组：0552-3011111；二组：0552-3022222；三组：0552-3033333；四组：0552-3044444。来信请寄：某市邮政局1001号信箱，某巡察组收（邮编233000）。各巡察组信访受理截至2024年5月31日。"""


def test_round_news_with_short_team_references_and_a_shared_box():
    teams = extract(ROUND_NEWS).teams
    assert [(t.name, t.leader, t.targets) for t in teams] == [
        ("市委第一巡察组", "王某", ["市教育局党组"]), ("市委第二巡察组", "李某某", ["市卫健委党组"]),
        ("市委第三巡察组", None, ["A区"]), ("市委第四巡察组", None, ["B区"])]
    assert [[p.number for p in t.phones] for t in teams] == [["0552-3011111"], ["0552-3022222"], ["0552-3033333"],
                                                            ["0552-3044444"]]
    assert all([(m.address, m.postcode) for m in t.mailboxes] == [("某市邮政局1001号信箱", "233000")] for t in teams)
    assert all(t.petition_deadline == "2024-05-31" for t in teams)


@pytest.mark.parametrize("numbers", ["一组0999-1234567，二组13900000002", "第一组 0999-1234567；第二组 13900000002"])
def test_a_short_reference_written_right_before_its_number_gives_that_team_the_number(numbers):
    text = f"县委第一巡察组进驻甲镇，县委第二巡察组进驻乙镇。各巡察组设立举报电话：{numbers}。"
    assert [[p.number for p in t.phones] for t in extract(text).teams] == [["0999-1234567"], ["13900000002"]]


def test_a_team_named_in_brackets_right_after_a_number_or_address_is_the_one_it_is_for():
    text = ("市委第一巡察组进驻甲局，市委第二巡察组进驻乙局。联系电话：0999-1111111（第一巡察组）、0999-2222222"
            "（第二巡察组）；电子邮箱：a@163.com（第二巡察组）、b@163.com（第一巡察组）。")
    n = extract(text)
    assert [([p.number for p in t.phones], t.emails) for t in n.teams] == [(["0999-1111111"], ["b@163.com"]),
                                                                           (["0999-2222222"], ["a@163.com"])]
    assert {e.support for e in n.evidence if e.field in ("phones", "emails")} == {"addressed"}


COUNTY_NOTICE = """中共某某县委第一巡察组进驻某某镇开展巡察工作的公告
根据县委巡察工作统一部署，县委第一巡察组于2023年3月6日至5月5日对某某镇党委开展常规巡察。巡察期间，设立专门值班电话：0771-1234567，15907711234（仅接收短信）；电子邮箱：xcz1@163.com；邮政信箱：某某县邮政局第1号信箱（邮编：530000）。受理时间为2023年3月6日至4月30日（工作日上午8:00-12:00，下午15:00-18:00）。
县委第一巡察组
2023年3月6日"""


def test_county_notice_signed_by_the_team():
    n = extract(COUNTY_NOTICE)
    (t,) = n.teams
    assert (n.kind, n.event, t.name, t.targets) == ("巡察", "mobilization", "县委第一巡察组", ["某某镇"])
    assert (t.start_date, t.end_date, t.petition_deadline) == ("2023-03-06", "2023-05-05", "2023-04-30")
    assert [(p.number, p.sms_only) for p in t.phones] == [("0771-1234567", False), ("15907711234", True)]
    assert t.emails == ["xcz1@163.com"] and [(m.address, m.postcode) for m in t.mailboxes] == [("某某县邮政局第1号信箱", "530000")]
    assert t.phone_hours == ["08:00-12:00", "15:00-18:00"] and t.phone_days == "workdays"


@pytest.mark.parametrize("text", [NUMBERED_LIST, PIPE_TABLE, FLAT_TABLE, ROUND_NEWS, COUNTY_NOTICE])
def test_every_value_carries_evidence(text, gold_pairs):
    assert uncited(extract(text)) == []
    for doc_id, gold_text, _ in gold_pairs:
        assert uncited(extract(gold_text, doc_id)) == [], doc_id


@pytest.mark.parametrize(
    "text, name, start, targets",
    [
        ("校党委第二巡察组进驻某某学院开展巡察\n校党委第二巡察组于2024年4月8日进驻某某学院党委开展常规巡察。",
         "校党委第二巡察组", "2024-04-08", ["某某学院"]),
        ("集团党委第一巡察组进驻某某分公司。巡察时间为2024年3月1日至4月15日。", "集团党委第一巡察组", "2024-03-01",
         ["某某分公司"]),
    ],
)
def test_university_and_company_teams(text, name, start, targets):
    (t,) = extract(text).teams
    assert (t.name, t.start_date, t.targets) == (name, start, targets)


def test_a_values_spans_are_found_by_team_name_or_index_and_field():
    from llm_extract import extract

    text = "县委第一巡察组对甲镇开展巡察，举报电话：0999-7650001。\n县委第二巡察组对乙镇开展巡察，举报电话：0999-7650002。\n"
    notice = extract(text, min_confidence=0)
    (by_name,) = notice.evidence_for("县委第二巡察组", "phones")
    assert text[by_name.start:by_name.end] == "0999-7650002" and notice.evidence_for(1, "phones") == [by_name]
    assert notice.evidence_for("县委第九巡察组", "phones") == [] and notice.evidence_for(None, "leader") == []


def test_the_kind_is_one_rule_for_the_notice_and_its_bare_teams():
    from llm_extract.reading.classify import text_kind
    assert text_kind("某市委巡察工作动员会召开。" + "某" * 200 + "巡视巡视巡视") == "巡察"  # the lead's word counts ten times
    assert text_kind("巡视巡察") == "巡视"  # a tie is 巡视's
