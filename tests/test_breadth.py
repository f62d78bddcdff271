"""Shapes of real notices the patterns had not seen, each in a short invented string: teams named without a
number, units right after a team's verb, long unit lists, dated mobilisation meetings, page chrome before
the headline, supervision phones, SMS wording, bracketed postcodes and forwarded street addresses, teams
listed with their numbers, letters addressed to a team."""

from __future__ import annotations

import pytest

from llm_extract import extract


def team(text: str, i: int = 0):
    """The i-th team as read, every value kept (these tests are about reading; abstaining is tested apart)."""
    return extract(text, min_confidence=0).teams[i]


@pytest.mark.parametrize("name", ["区委专项巡察组", "县委巡察组", "区委第八轮医疗卫生领域专项巡察组"])
def test_a_team_named_without_a_number_is_the_team_when_no_numbered_one_is_named(name):
    text = f"近日，{name}完成进驻，对甲医院、乙卫生院开展专项巡察。值班电话：0519-80000001。"
    t = team(text)
    assert (t.name, t.targets, [p.number for p in t.phones]) == (name, ["甲医院", "乙卫生院"], ["0519-80000001"])


def test_a_rounds_teams_named_together_are_no_team():
    notice = extract("十二届市委第七轮巡察集中反馈会召开。市委第七轮巡察组正、副组长参加会议。")
    assert notice.teams == []


def test_a_numbered_team_beats_an_unnumbered_mention():
    text = "县委巡察组召开见面会。县委第一巡察组对甲镇开展巡察。"
    assert [t.name for t in extract(text).teams] == ["县委第一巡察组"]


def test_units_right_after_a_teams_verb_each_team_its_own():
    text = ("本轮巡察共派出2个巡察组。\n市委第一巡察组：巡察甲镇、乙镇、丙镇。\n市委第二巡察组：巡察丁镇、戊镇。\n"
            "省委第三巡视组巡视己厅、庚集团。")
    teams = {t.name: t.targets for t in extract(text).teams}
    assert teams == {"市委第一巡察组": ["甲镇", "乙镇", "丙镇"], "市委第二巡察组": ["丁镇", "戊镇"],
                     "省委第三巡视组": ["己厅", "庚集团"]}


def test_a_long_unit_list_and_a_verb_some_words_after_kai_zhan():
    units = [f"甲{n}卫生院" for n in range(20)]
    text = f"区委第二巡察组对{'、'.join(units)}等20家单位开展医疗设备采购专项巡察。"
    assert team(text).targets == units
    text = "县委第三巡察组进驻某镇，对该镇子村、丑村等2个村开展第五轮村级扶贫领域巡察工作。"
    assert {"子村", "丑村"} <= set(team(text).targets)


@pytest.mark.parametrize("text, units", [
    ("3月18日，区委巡察二组巡察区法院党组工作动员会召开。", ["区法院党组"]),
    ("12月1日，校党委第六轮巡视第一巡视组巡视艺术学院党委工作动员会召开。", ["艺术学院党委"]),
    ("7月19日，市委第三巡察组向市政府办公室党组反馈了巡察情况。", ["市政府办公室党组"]),
])
def test_units_of_a_meeting_named_after_the_team(text, units):
    assert team(text).targets == units


def test_a_dated_mobilisation_meeting_of_the_team_starts_its_period():
    t = team("7月13日，县委第一巡察组巡察甲镇子村、丑村党组织工作动员会召开。")
    assert t.start_date == "--07-13"
    deployment = extract("3月1日上午，十二届市委第二轮巡察动员部署会召开。市委第一巡察组：巡察甲镇。")
    assert deployment.teams[0].start_date is None  # a round's 动员部署会 starts no team's period


def test_a_range_before_a_team_that_carried_out_its_inspection():
    t = team("根据市委统一部署，2020年9月15日至11月20日，市委第一巡察组对甲镇党委开展了巡察。")
    assert (t.start_date, t.end_date) == ("2020-09-15", "2020-11-20")


def test_page_chrome_is_not_the_title():
    text = ("您当前的位置: 首页 > 信息公开> 巡视巡察> 进驻\n\n区委第一巡察组完成进驻\n\n"
            "信息来源:纪委 发布时间:2023-12-04 10:36 【打印】\n区委第一巡察组对甲局开展巡察。")
    assert extract(text).title == "区委第一巡察组完成进驻"
    text = "欢迎您访问某某医院!\n您所在的位置: 首页 >>新闻动态\n新闻\n市委第二巡察组巡察某医院党委工作动员会召开\n正文。"
    assert extract(text).title == "市委第二巡察组巡察某医院党委工作动员会召开"
    assert extract("巡 察 公 告\n根据市委部署，市委第一巡察组对甲局开展巡察。").title == "巡察公告"


@pytest.mark.parametrize("headline", ["甲局党组关于市委第二巡察组巡察整改进展情况的通报", "关于巡察整改情况的公报",
                                      "县委巡察工作简报"])
def test_a_headline_ending_in_a_report_word_is_the_title_not_a_newspapers_name(headline):
    n = extract(headline + "\n根据市委统一部署，2024年3月1日至4月30日，市委第二巡察组对甲局党组进行了巡察。")
    assert n.title == headline
    assert n.event == ("feedback" if "整改" in headline else "mobilization")
    assert extract("中国某某日报\n市委第二巡察组对甲局党组进行了巡察。").title is None  # a newspaper's name is not


def test_page_chrome_is_cut_before_reading_with_offsets_kept():
    text = ("无障碍 长者助手 登录 客服电话 0571-88880000\n首页 > 巡视巡察 > 第三巡察组\n"
            "区委第一巡察组进驻甲局\n发布时间：2023-12-04 分享：\n"
            "12月1日，区委第一巡察组进驻甲局开展巡察。举报电话：0571-61000001。")
    n = extract(text)
    (t,) = n.teams
    assert t.name == "区委第一巡察组" and [p.number for p in t.phones] == ["0571-61000001"]
    assert t.start_date == "2023-12-01"  # the cut date line still dates the notice
    assert all(text[e.start : e.end] == e.text for e in n.evidence)


def test_a_supervision_phone_for_reports_on_the_inspectors_is_not_the_teams():
    text = ("区委第三巡察组对甲办开展巡察，值班电话：0591-80000001。请广大干部群众对区委巡察组进行监督，"
            "监督电话：0591-80000002。")
    assert [p.number for p in team(text).phones] == ["0591-80000001"]


def test_a_mobile_that_can_also_take_messages_is_not_sms_only():
    t = team("市委第一巡察组对甲局开展巡察。联系电话：18800000001(可接收短信，接听时间为工作日)；"
             "举报短信：13900000002(只接收短信)。")
    assert [(p.number, p.sms_only) for p in t.phones] == [("18800000001", False), ("13900000002", True)]


def test_a_bracketed_postcode_after_an_address_and_a_forwarded_street_address():
    t = team("校党委第一巡视组对甲学院开展巡视。邮寄地址：某市某区某路24号某楼213室(610000)。")
    assert [(m.address, m.postcode) for m in t.mailboxes] == [("某市某区某路24号某楼213室", "610000")]
    t = team("市委第六巡察组对甲局开展巡察。\n邮政信箱：某市二环北路某宾馆转市委第六巡察组\n邮政编码：710000\n")
    assert [(m.address, m.postcode) for m in t.mailboxes] == [("某市二环北路某宾馆", "710000")]


def test_a_report_box_at_a_door_and_a_recipient_are_no_mailbox_and_no_team():
    t = team("区委专项巡察组对甲医院开展巡察。邮政信箱：某市184号专用信箱第三巡察组收；举报信箱：某市某大街156号(某院南门)。")
    assert t.name == "区委专项巡察组" and [m.address for m in t.mailboxes] == ["某市184号专用信箱"]


def test_a_list_of_teams_each_with_its_units_after_a_colon():
    text = ("按照省委统一部署，十四届省委第四轮巡视对甲市和乙区、丙县开展了常规巡视。\n"
            "省委第一巡视组：甲市、乙区\n省委第二巡视组：丙县、丁县\n")
    assert {t.name: t.targets for t in extract(text).teams} == {"省委第一巡视组": ["甲市", "乙区"],
                                                                 "省委第二巡视组": ["丙县", "丁县"]}


def test_units_a_scraped_page_ran_together_are_split_on_their_suffixes():
    text = "省委第一巡视组：子市丑区寅卯县辰县巳午区\n省委第二巡视组：省甲委省乙局省丙医院\n"
    teams = {t.name: t.targets for t in extract(text).teams}
    assert teams == {"省委第一巡视组": ["子市", "丑区", "寅卯县", "辰县", "巳午区"], "省委第二巡视组": ["省甲委", "省乙局", "省丙医院"]}
    assert team("市委第一巡察组对市委办公室市委组织部开展巡察。").targets == ["市委办公室市委组织部"]  # no run of whole units


@pytest.mark.parametrize("text, name", [
    ("区委第二轮巡察“回头看”第一组对甲局开展巡察。值班电话：0311-80000001。", "区委第二轮巡察“回头看”第一组"),
    ("市委第巡察组对甲局开展巡察。值班电话：0311-80000001。", "市委第巡察组"),  # a page that lost the number
    ("巡察公告\n巡察组将对甲局开展巡察。巡察期间设值班电话：0311-80000001。\n巡察组\n", "巡察组"),  # signed so only
])
def test_team_names_of_shapes_beyond_the_numbered_ones_keep_their_channels(text, name):
    t = team(text)
    assert (t.name, t.targets, [p.number for p in t.phones]) == (name, ["甲局"], ["0311-80000001"])


def test_a_bare_team_word_without_channels_is_no_team():
    assert extract("本轮共派出6个巡察组，对12个单位开展巡察。巡察组将进驻各单位。").teams == []


@pytest.mark.parametrize("text, period", [
    ("县委第一巡察组对甲村、乙村开展巡察。巡察时间：甲村10月10日~10月15日，乙村10月16日~10月22日。", ("--10-10", "--10-22")),
    ("市委第二巡察组从2025年10月21日至2026年1月9日对甲局开展巡察。", ("2025-10-21", "2026-01-09")),
])
def test_a_period_per_target_gives_the_team_the_earliest_start_and_latest_end(text, period):
    t = team(text)
    assert (t.start_date, t.end_date) == period


PAGE = """<html><head><meta charset="utf-8"><title>某网站</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/gz">工作动态</a></div>
<div class="article"><h1>市委第一巡察组进驻甲局开展巡察</h1>
<p>根据市委统一部署，2024年5月6日，市委第一巡察组进驻甲局开展巡察。</p>
<p>巡察期间设值班电话：0311-80000001，邮政信箱：某市A001号邮政信箱。</p></div>
<div class="footer">版权所有 某报社 新闻热线：010-12345678</div></body></html>"""


def test_a_web_page_is_read_for_its_main_text(tmp_path):
    from llm_extract.runs.inputs import Document, read_inputs

    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    (doc,) = read_inputs([str(tmp_path)])
    assert isinstance(doc, Document) and doc.doc_id == "page" and "<p>" not in doc.text
    t = extract(doc.text).teams[0]
    assert (t.name, t.targets, t.start_date) == ("市委第一巡察组", ["甲局"], "2024-05-06")
    assert [p.number for p in t.phones] == ["0311-80000001"]  # the footer's newsroom line is not read
    (tmp_path / "empty.htm").write_text("<html><body><script>x()</script></body></html>", "utf-8")
    errors = [i for i in read_inputs([str(tmp_path / "empty.htm")])]
    assert "no main text" in errors[0].message


@pytest.mark.parametrize("text, period", [
    ("十一届区委第五轮巡察于2023年3月14日开始，至5月26日结束。区委第二巡察组对甲局开展巡察。", ("2023-03-14", "2023-05-26")),
    ("5月6日，市委第一巡察组巡察甲局党委工作动员会召开。巡察组从今天起进驻甲局，6月11日结束现场巡察。", ("--05-06", "--06-11")),
    ("市委第一巡察组对甲镇开展巡察，3月初进驻，4月30日前驻点巡察结束。", (None, "--04-30")),
])
def test_an_end_written_apart_from_the_start_ends_the_period(text, period):
    t = team(text)
    assert (t.start_date, t.end_date) == period


def test_a_petition_window_that_ends_is_a_deadline_not_a_period():
    t = team("市委第一巡察组对甲局开展巡察。信访受理时间截至6月11日结束。")
    assert (t.end_date, t.petition_deadline) == (None, "--06-11")


@pytest.mark.parametrize("text, roster", [
    # teams listed with their numbers: one leader and one unit each, in order
    ("3月2日，校党委第一、第二巡察组巡察甲学院党委、乙学院党委工作动员会先后召开。"
     "会上，校党委第一、第二巡察组组长赵某某、钱某某提出要求。",
     [("校党委第一巡察组", "赵某某", ["甲学院党委"]), ("校党委第二巡察组", "钱某某", ["乙学院党委"])]),
    # a table's short team names ("一组") are the prose's teams, under their fullest name
    ("组 别 | 一组 | 二组 |\n组 长 | 张某某 | 李某某 |\n巡察对象 | 甲局 | 乙局 |\n"
     "值班电话 | 0551-62345671 | 0551-62345672 |\n市委第一巡察组、第二巡察组进驻开展巡察。",
     [("市委第一巡察组", "张某某", ["甲局"]), ("市委第二巡察组", "李某某", ["乙局"])]),
])
def test_each_team_takes_its_own_leader_and_units(text, roster):
    assert [(t.name, t.leader, t.targets) for t in extract(text).teams] == roster


def test_a_mailbox_addressed_to_a_team_is_that_teams():
    n = extract("市委第一巡察组进驻甲局开展巡察，市委第二巡察组进驻乙局开展巡察。为便于反映情况，市委第二巡察组设立联系方式。"
                "邮政信箱：某市某路1号市委第二巡察组。")
    assert [[m.address for m in t.mailboxes] for t in n.teams] == [[], ["某市某路1号市委第二巡察组"]]


def test_a_line_of_sentences_that_starts_with_a_team_is_no_heading():
    n = extract("市委第一巡察组进驻甲局开展巡察。市委第二巡察组进驻乙局开展巡察。\n举报电话：0571-61000003。")
    assert [[p.number for p in t.phones] for t in n.teams] == [["0571-61000003"], ["0571-61000003"]]


BLOCKS = """市委巡察组巡察公告
根据市委统一部署，市委巡察组将对以下单位开展巡察，现将有关事项公告如下。
市委第一巡察组：巡察甲局、乙局。值班电话：0571-61000001、13900000001，电子邮箱：xc1@example.cn，来信请寄：某市A101号信箱（邮编：310001）。
市委第二巡察组：巡察丙局。值班电话：0571-61000002、13900000002，电子邮箱：xc2@example.cn，来信请寄：某市A102号信箱（邮编：310002）。
巡察时间为2024年3月1日至4月30日，受理信访时间截止到4月25日。"""


def test_per_team_blocks_in_one_notice_do_not_cross():
    one, two = extract(BLOCKS, min_confidence=0).teams
    assert (one.targets, two.targets) == (["甲局", "乙局"], ["丙局"])
    assert [p.number for p in one.phones] == ["0571-61000001", "13900000001"] and one.emails == ["xc1@example.cn"]
    assert [p.number for p in two.phones] == ["0571-61000002", "13900000002"] and two.emails == ["xc2@example.cn"]
    assert [(m.address, m.postcode) for m in one.mailboxes] == [("某市A101号信箱", "310001")]
    assert [(m.address, m.postcode) for m in two.mailboxes] == [("某市A102号信箱", "310002")]
    for t in (one, two):  # the closing paragraph speaks for every team
        assert (t.start_date, t.end_date, t.petition_deadline) == ("2024-03-01", "2024-04-30", "2024-04-25")


def test_teams_listed_then_respectively_at_places_take_one_place_each():
    n = extract("昨天，中央第二巡视组、第六巡视组、第八巡视组分别在甲省、乙省、丙集团召开工作动员会。")
    assert [(t.name, t.targets) for t in n.teams] == [
        ("中央第二巡视组", ["甲省"]), ("中央第六巡视组", ["乙省"]), ("中央第八巡视组", ["丙集团"])]


def test_a_leader_named_after_the_role_with_de():
    n = extract("中央第二巡视组对甲省开展巡视。担任第二巡视组组长的赵某某曾多次带队。")
    assert n.teams[0].leader == "赵某某"


def test_a_range_before_a_routine_inspection_is_the_period():
    t = team("根据区委统一部署，区委第十二轮巡察第三巡察组于2025年8月14日至2025年10月17日对区某局党组开展常规巡察。")
    assert (t.start_date, t.end_date) == ("2025-08-14", "2025-10-17")


def test_an_entry_window_shared_by_teams_gives_no_start_and_a_separate_end_still_counts():
    n = extract("10月17日至18日，市委第三巡察组、市委第六巡察组分别进驻甲办、乙社开展巡察。巡察工作从进驻开始，至12月2日结束。")
    assert [(t.start_date, t.end_date) for t in n.teams] == [(None, "--12-02"), (None, "--12-02")]


@pytest.mark.parametrize("text, targets", [
    # two units in one list, one name within the other: both stay
    ("省委第四巡视组：甲阳市西峰区庆城县环县正宁县宁县镇原县", ["甲阳市", "西峰区", "庆城县", "环县", "正宁县", "宁县", "镇原县"]),
    # a numeral inside a village's name is no count
    ("县委第一巡察组巡察甲镇丁塘村、民一村、金阁村党组织工作动员会召开。", ["甲镇丁塘村", "民一村", "金阁村党组织"]),
    # one unit's long name is not split on its parts; a field of work is no unit
    ("区委专项巡察组于3月15日至4月15日对甲城市中心医院党委开展专项巡察。", ["甲城市中心医院党委"]),
    ("市委第二巡察组对甲市中心医院党委开展巡察。市委对卫生健康工作开展巡察意义重大。", ["甲市中心医院党委"]),
    # a unit named again, more or less fully, in another sentence is one unit
    ("市委第二巡察组巡察全市住建系统工作动员会召开，正式进驻市住建局。住建系统要积极配合。", ["全市住建系统", "市住建局"]),
    # the place a team stays in is no unit when the units inspected are in it ("对该镇…")
    ("7月16日，县委第三巡察组进驻甲镇，对该镇乙村、丙村等2个村开展巡察。", ["乙村", "丙村"]),
    # units listed after a label or 以下…:, on one line or one a line
    ("县委第二巡察组巡察公告\n县委第二巡察组对以下村开展巡察：\n甲镇乙村、丙村，丁镇戊社区。\n欢迎广大干部群众反映情况\n",
     ["甲镇乙村", "丙村", "丁镇戊社区"]),  # town-prefixed villages below the line; the headline's 公告 no unit
    ("市委第一巡察组进驻公告\n巡察对象：\n甲镇党委\n乙镇党委\n丙街道党工委\n值班电话：0551-62345678", ["甲镇党委", "乙镇党委", "丙街道党工委"]),
    ("根据部署，市委第一巡察组对以下单位开展巡察：甲局、乙局。", ["甲局", "乙局"]),
    ("市委第一巡察组对甲局开展巡察。可通过以下方式反映：\n意见箱设置地址：甲局一楼\n值班电话：0551-62345678", ["甲局"]),
])
def test_targets_are_units_one_each(text, targets):
    assert team(text).targets == targets


def test_a_leaders_name_ends_before_fan_kui():
    assert team("近日，省委第三巡视组向甲市委反馈巡视情况。组长王某某反馈了巡视发现的问题。").leader == "王某某"


def test_a_headline_that_names_several_teams_heads_them_all():
    n = extract("市委第一巡察组、第二巡察组进驻公告\n市委第一巡察组进驻甲镇开展巡察，市委第二巡察组进驻乙镇开展巡察。\n"
                "巡察期间设值班电话：0551-62345678，邮政信箱：某县A008号信箱。")
    assert [[p.number for p in t.phones] for t in n.teams] == [["0551-62345678"], ["0551-62345678"]]
    assert [[m.address for m in t.mailboxes] for t in n.teams] == [["某县A008号信箱"], ["某县A008号信箱"]]


def test_a_section_headed_by_two_teams_is_both_teams():
    n = extract("市委巡察公告\n(一)市委第一巡察组、第二巡察组\n巡察对象：甲局\n值班电话：0551-62345671\n"
                "(二)市委第三巡察组\n巡察对象：乙局\n值班电话：0551-62345673\n")
    assert [[p.number for p in t.phones] for t in n.teams] == [["0551-62345671"], ["0551-62345671"], ["0551-62345673"]]


def test_a_length_after_several_teams_clauses_is_each_teams():
    n = extract("市委第一巡察组进驻甲镇开展巡察，市委第二巡察组进驻乙镇开展巡察，巡察时间1个月左右。")
    assert [t.duration for t in n.teams] == ["1个月左右", "1个月左右"]
    n = extract("市委第一巡察组进驻甲镇，为期1个月，市委第二巡察组进驻乙镇，为期2个月。")
    assert [t.duration for t in n.teams] == ["1个月", "2个月"]


def test_same_day_is_the_day_written_before_it():
    n = extract("市委第一巡察组于2025年3月10日进驻甲镇开展巡察，市委第二巡察组于同日进驻乙镇开展巡察。")
    assert [t.start_date for t in n.teams] == ["2025-03-10", "2025-03-10"]


PER_TEAM_LAYOUTS = {
    "numbered sections": "市委派出3个巡察组。具体安排如下：\n一、市委第一巡察组\n巡察对象：某甲局、某乙局\n二、市委第二巡察组\n"
                         "巡察对象：某丙局\n三、市委第三巡察组\n巡察对象：某丁镇、某戊乡",
    "a team and its units a line": "近日，市委3个巡察组完成进驻。各组巡察对象如下：\n市委第一巡察组：某甲局、某乙局\n"
                                   "市委第二巡察组：某丙局\n市委第三巡察组：某丁镇、某戊乡",
    "words of duty before the verb": "市委第一巡察组负责巡察某甲局、某乙局；市委第二巡察组具体巡察某丙局；"
                                     "市委第三巡察组负责巡察某丁镇、某戊乡。",
    "a pipe table, one row a team": "组别 | 组长 | 巡察对象 | 联系电话\n市委第一巡察组 | 张某某 | 某甲局、某乙局 | 0999-1000001\n"
                                   "市委第二巡察组 | 李某某 | 某丙局 | 0999-1000002\n市委第三巡察组 | 王某某 | 某丁镇、某戊乡 | 0999-1000003",
    "a bracketed leader between team and verb": "市委第一巡察组（组长：张某某）巡察某甲局、某乙局；市委第二巡察组（组长：李某某）"
                                                "巡察某丙局；市委第三巡察组（组长：王某某）巡察某丁镇、某戊乡。",
    "sections with a units label": "分组安排\n市委第一巡察组\n组长：张某某\n巡察单位：某甲局、某乙局\n市委第二巡察组\n组长：李某某\n"
                                   "巡察单位：某丙局\n市委第三巡察组\n组长：王某某\n巡察单位：某丁镇、某戊乡",
    "each team's units up to the next team's 对": "近日，市委第一巡察组对某甲局、某乙局，市委第二巡察组对某丙局，"
                                                 "市委第三巡察组对某丁镇、某戊乡开展巡察。",
    "a pipe table with a row-number column": "序号 | 组别 | 组长 | 巡察对象\n1 | 市委第一巡察组 | 张某某 | 某甲局、某乙局\n"
                                             "2 | 市委第二巡察组 | 李某某 | 某丙局\n3 | 市委第三巡察组 | 王某某 | 某丁镇、某戊乡",
    "a flattened table with a row-number column": "序号\n组别\n组长\n巡察对象\n1\n市委第一巡察组\n张某某\n某甲局、某乙局\n"
                                                  "2\n市委第二巡察组\n李某某\n某丙局\n3\n市委第三巡察组\n王某某\n某丁镇、某戊乡",
    "a two-column pipe table": "巡察组 | 巡察对象\n市委第一巡察组 | 某甲局、某乙局\n市委第二巡察组 | 某丙局\n"
                               "市委第三巡察组 | 某丁镇、某戊乡",
    "units on the lines under each team's line": "本轮巡察安排如下：\n市委第一巡察组\n某甲局\n某乙局\n市委第二巡察组\n某丙局\n"
                                                 "市委第三巡察组\n某丁镇、某戊乡",
    "a flattened table": "组别\n组长\n巡察对象\n市委第一巡察组\n张某某\n某甲局、某乙局\n市委第二巡察组\n李某某\n某丙局\n"
                         "市委第三巡察组\n王某某\n某丁镇、某戊乡",
    "a table with tabs between its columns": "巡察组\t巡察对象\t联系电话\n市委第一巡察组\t某甲局、某乙局\t0999-1000001\n"
                                             "市委第二巡察组\t某丙局\t0999-1000002\n市委第三巡察组\t某丁镇、某戊乡\t0999-1000003",
    "a table with runs of spaces between its columns": "巡察组    巡察对象\n市委第一巡察组    某甲局、某乙局\n"
                                                       "市委第二巡察组    某丙局\n市委第三巡察组  某丁镇、某戊乡",
    "a pipe table whose team cell spans rows": "| 巡察组 | 被巡察单位 | 联系电话 |\n| 市委第一巡察组 | 某甲局 | 0999-1000001 |\n"
                                               "| 某乙局 |\n| 市委第二巡察组 | 某丙局 | 0999-1000002 |\n"
                                               "| 市委第三巡察组 | 某丁镇 | 0999-1000003 |\n| 某戊乡 |",
    "a spanned team cell, the rows below it bare": "巡察组 | 被巡察单位 | 组长\n市委第一巡察组 | 某甲局 | 张某某\n某乙局\n"
                                                  "市委第二巡察组 | 某丙局 | 李某某\n市委第三巡察组 | 某丁镇 | 王某某\n某戊乡",
    "a spanned team cell, the other cells given": "巡察组 | 被巡察单位 | 进驻时间\n市委第一巡察组 | 某甲局 | 3月1日\n"
                                                 "某乙局 | 3月9日\n市委第二巡察组 | 某丙局 | 3月1日\n"
                                                 "市委第三巡察组 | 某丁镇 | 3月1日\n某戊乡 | 3月9日",
    "a flattened table whose units cell spans lines": "组别\n被巡察单位\n市委第一巡察组\n某甲局\n某乙局\n市委第二巡察组\n"
                                                     "某丙局\n市委第三巡察组\n某丁镇\n某戊乡",
    "numbered units under a team's line and its colon": "市委第一巡察组：\n1.某甲局\n2.某乙局\n市委第二巡察组：\n1.某丙局\n"
                                                        "市委第三巡察组：\n(1)某丁镇\n(2)某戊乡",
    "a team and its units after a dash": "市委第一巡察组——某甲局、某乙局\n市委第二巡察组——某丙局\n市委第三巡察组—某丁镇、某戊乡",
    "the verb after the team's people": "市委第一巡察组：组长张某某；巡察某甲局、某乙局。\n市委第二巡察组组长李某某、副组长赵某某，"
                                        "负责巡察某丙局。\n市委第三巡察组：组长王某某；巡察某丁镇、某戊乡。",
    "a pipe table with columns no list knows": "巡察组 | 被巡察单位 | 信访受理说明 | 其他\n市委第一巡察组 | 某甲局、某乙局 | 见公告 | 无\n"
                                               "市委第二巡察组 | 某丙局 | 见公告 | 无\n市委第三巡察组 | 某丁镇、某戊乡 | 见公告 | 无",
    "a flattened table with a contacts column": "组别\n被巡察单位\n联系方式\n市委第一巡察组\n某甲局、某乙局\n0999-1000001\n"
                                                "市委第二巡察组\n某丙局\n0999-1000002\n市委第三巡察组\n某丁镇、某戊乡\n0999-1000003",
    "other wordings of the column labels": "巡察组名称 | 组长姓名 | 被巡察对象\n市委第一巡察组 | 张某某 | 某甲局、某乙局\n"
                                           "市委第二巡察组 | 李某某 | 某丙局\n市委第三巡察组 | 王某某 | 某丁镇、某戊乡",
}


@pytest.mark.parametrize("layout", PER_TEAM_LAYOUTS)
def test_several_teams_each_with_its_units_in_a_per_team_list_or_table(layout):
    n = extract(PER_TEAM_LAYOUTS[layout], min_confidence=0)
    assert [(t.name, t.targets) for t in n.teams] == [("市委第一巡察组", ["某甲局", "某乙局"]), ("市委第二巡察组", ["某丙局"]),
                                                      ("市委第三巡察组", ["某丁镇", "某戊乡"])]


def test_a_row_per_team_table_gives_each_row_to_its_team():
    n = extract(PER_TEAM_LAYOUTS["a pipe table, one row a team"], min_confidence=0)
    assert [(t.leader, [p.number for p in t.phones]) for t in n.teams] == [
        ("张某某", ["0999-1000001"]), ("李某某", ["0999-1000002"]), ("王某某", ["0999-1000003"])]
    assert {e.support for e in n.evidence if e.field in ("targets", "phones")} == {"cell"}


def test_column_gaps_read_only_where_lines_in_a_row_have_them():
    """Tabs and runs of spaces split a table's columns; a double space in prose, or a lone "组长<tab>某某" line,
    is no table and still reads as before."""
    n = extract("市委第一巡察组进驻公告\n组长\t张某某\n副组长  李某某、赵某某\n值班电话  0999-1000001\n"
                "巡察期间  受理来信来访。", min_confidence=0)
    assert [(t.leader, t.deputy_leaders, [p.number for p in t.phones]) for t in n.teams] == [
        ("张某某", ["李某某", "赵某某"], ["0999-1000001"])]
    lone = extract("市委第一巡察组进驻公告\n组长\t张某某。本次  对某甲局开展巡察。", min_confidence=0)
    assert (lone.teams[0].leader, lone.teams[0].targets) == ("张某某", ["某甲局"])


def test_the_place_a_team_meets_in_is_its_unit_only_where_nothing_else_names_one():
    met = extract("3月1日，市委第一巡察组在某甲局召开巡察工作动员会。3月2日，市委第二巡察组到某乙镇召开巡察工作动员会。",
                  min_confidence=0)
    assert [(t.name, t.targets) for t in met.teams] == [("市委第一巡察组", ["某甲局"]), ("市委第二巡察组", ["某乙镇"])]
    hall = extract("市委第一巡察组巡察某甲局党委工作动员会在某某报告厅召开。", min_confidence=0)
    assert hall.teams[0].targets == ["某甲局党委"]
    town = extract("市委第一巡察组进驻某乙镇，对该镇某丙村、某丁村开展巡察。当日，市委第一巡察组在某乙镇召开巡察工作动员会。",
                   min_confidence=0)
    assert town.teams[0].targets == ["某丙村", "某丁村"]


def test_units_listed_under_a_label_lose_their_item_numbers():
    n = extract("市委第一巡察组进驻公告\n组长：张某某\n巡察对象：\n1.某甲局\n2.某乙局\n(3)某丙镇", min_confidence=0)
    assert n.teams[0].targets == ["某甲局", "某乙局", "某丙镇"]


_PLAN = "市委第一巡察组进驻公告\n根据市委统一部署，市委第一巡察组开展巡察，具体安排如下：\n"
ONE_TEAM_STAGGERED_LAYOUTS = {
    "a time and its units a line": _PLAN + "3月1日至3月15日：某甲村、某乙村；\n3月16日至3月31日：某丙村。",
    "a batch and its units a line": _PLAN + "第一批：某甲村、某乙村\n第二批：某丙村",
    "a unit and its days a line": _PLAN + "某甲村：3月1日至3月10日\n某乙村：3月11日至3月20日\n某丙村：3月21日至3月31日",
    "a table of times and units": _PLAN + "巡察时间 | 被巡察村\n3月1日-3月15日 | 某甲村、某乙村\n3月16日-3月31日 | 某丙村",
    "a numbered table of units, no team column": _PLAN + "序号 | 村(社区) | 进驻时间\n1 | 某甲村 | 3月1日\n2 | 某乙村 | 3月1日\n"
                                                         "3 | 某丙村 | 3月16日",
    "units right after their dates": _PLAN + "3月1日至15日巡察某甲村、某乙村，3月16日至31日巡察某丙村。",
    "a list under a sentence that leads it": "市委第一巡察组进驻公告\n市委第一巡察组将对以下村开展巡察。\n1.某甲村\n2.某乙村\n3.某丙村",
    "numbered items after a label, split by semicolons": _PLAN + "巡察对象：1.某甲村；2.某乙村；3.某丙村。",
    "bracketed numbers inline": _PLAN + "巡察对象：（1）某甲村（2）某乙村（3）某丙村",
    "items a line, each ending in a semicolon": _PLAN + "巡察对象：\n某甲村；\n某乙村；\n某丙村。",
    "a count of units, then their names": _PLAN + "市委第一巡察组对三个村开展巡察，3个村分别为某甲村、某乙村、某丙村。",
    "a label for a kind of unit": _PLAN + "被巡察村：某甲村、某乙村、某丙村。",
    "the object of the inspection": _PLAN + "本次巡察的对象是某甲村、某乙村、某丙村。",
    "the town stayed in, then the villages": "市委第一巡察组进驻公告\n市委第一巡察组进驻某镇，对以下3个村开展巡察：某甲村、某乙村、某丙村。",
}


@pytest.mark.parametrize("layout", ONE_TEAM_STAGGERED_LAYOUTS)
def test_one_team_with_its_units_in_a_staggered_plan_list_or_table(layout):
    n = extract(ONE_TEAM_STAGGERED_LAYOUTS[layout], min_confidence=0)
    assert [(t.name, t.targets) for t in n.teams] == [("市委第一巡察组", ["某甲村", "某乙村", "某丙村"])]


def test_a_table_label_or_a_plain_line_is_no_unit():
    """A column label "进驻时间" after 进驻 is no unit, nor is a sentence under a list's lead, nor a time line's words."""
    n = extract(_PLAN + "序号 | 被巡察单位 | 进驻时间\n1 | 某甲村 | 3月1日\n3月20日：召开反馈会议。\n会议要求各村积极配合。",
                min_confidence=0)
    assert n.teams[0].targets == ["某甲村"]
