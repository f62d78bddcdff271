"""Petition channels read where real notices put them: a team known by its channels alone, the article's last lines
before its editor's, a channel every team shares, and a hyphen typed as 一."""

from llm_extract import extract


def test_a_team_with_channels_of_its_own_is_a_team_of_the_notice():
    n = extract("某县委第一巡察组进驻甲局开展巡察。某县委第一巡察组：电话0999-1234567，信箱某县1号信箱；"
                "某县委第二巡察组：电话0999-7654321，信箱某县2号信箱。", backend="rules")
    assert [(t.name, [p.number for p in t.phones], [m.address for m in t.mailboxes]) for t in n.teams] == [
        ("县委第一巡察组", ["0999-1234567"], ["某县1号信箱"]), ("县委第二巡察组", ["0999-7654321"], ["某县2号信箱"])]
    # a team named in passing, with no channel, unit or leader of its own, is still none
    passing = extract("某县委第一巡察组进驻甲局开展巡察，电话0999-1234567。此前某县委第二巡察组已完成反馈。", backend="rules")
    assert [t.name for t in passing.teams] == ["县委第一巡察组"]


def test_the_lines_right_before_the_editors_line_are_the_articles():
    text = ("某县委第一巡察组进驻甲局开展巡察。巡察期间设立受理渠道：\n联系电话：0999-1234567\n邮政信箱：某县1号信箱\n"
            "电子邮箱：abc@example.cn\n责任编辑：某某")
    (team,) = extract(text, backend="rules").teams
    assert [p.number for p in team.phones] == ["0999-1234567"] and team.emails == ["abc@example.cn"]
    # the site's own lines before its copyright line are still the site's
    site = text.replace("责任编辑：某某", "本站地址：某县某路1号 电话：0999-7777777\n版权所有：某县融媒体中心")
    assert [p.number for p in extract(site, backend="rules").teams[0].phones] == ["0999-1234567"]


def test_one_channel_for_several_teams_is_each_teams_and_says_so():
    n = extract("某县委第一巡察组进驻甲局，某县委第二巡察组进驻乙局。\n巡察期间，邮政信箱：某县1号信箱。", backend="rules",
                min_confidence=0)
    assert [[m.address for m in t.mailboxes] for t in n.teams] == [["某县1号信箱"], ["某县1号信箱"]]
    assert {e.support for e in n.evidence if e.field == "mailboxes"} == {"shared+only"}
    two = extract("某县委第一巡察组进驻甲局，某县委第二巡察组进驻乙局。\n邮政信箱：某县1号信箱、某县2号信箱、某县3号信箱。", backend="rules",
                  min_confidence=0)
    assert {e.support for e in two.evidence if e.field == "mailboxes"} == {"shared"}


def test_an_area_code_apart_from_its_number_by_yi_or_a_spaced_hyphen():
    for written in ("0999一1234567", "0999 -1234567", "0999- 1234567", "0999 1234567"):
        (team,) = extract(f"某县委第一巡察组进驻甲局开展巡察。值班电话：{written}。", backend="rules").teams
        assert [p.number for p in team.phones] == ["0999-1234567"], written


def test_two_boxes_in_one_list_are_two_and_a_list_of_channel_kinds_is_none():
    n = extract("某县委第一巡察组进驻甲局开展巡察。邮政信箱：某县1号信箱、某县2号信箱。", backend="rules")
    assert [m.address for m in n.teams[0].mailboxes] == ["某县1号信箱", "某县2号信箱"]
    n = extract("某县委第一巡察组进驻甲局开展巡察，设置通讯地址、举报信箱、电子邮箱。通讯地址：某县某路1号。", backend="rules")
    assert [m.address for m in n.teams[0].mailboxes] == ["某县某路1号"]


def test_channels_given_respectively_or_one_each_fall_to_the_teams_in_order():
    teams = "某县委第一巡察组进驻甲局，某县委第二巡察组进驻乙局，某县委第三巡察组进驻丙局。\n"
    n = extract(teams + "各巡察组分别设立值班电话：0999-1111111、0999-2222222、0999-3333333。", backend="rules")
    assert [[p.number for p in t.phones] for t in n.teams] == [["0999-1111111"], ["0999-2222222"], ["0999-3333333"]]
    # phones without 分别 may be every team's: all kept for all
    n = extract(teams + "值班电话：0999-1111111、0999-2222222、0999-3333333。", backend="rules", min_confidence=0)
    assert all(len(t.phones) == 3 for t in n.teams)
    # a team has one mailbox: as many as the teams, none placed, are one each in the teams' order
    n = extract(teams + "邮政信箱：某县1号信箱\n邮政信箱：某县2号信箱\n邮政信箱：某县3号信箱", backend="rules")
    assert [[m.address for m in t.mailboxes] for t in n.teams] == [["某县1号信箱"], ["某县2号信箱"], ["某县3号信箱"]]
    assert {e.support for e in n.evidence if e.field == "mailboxes"} == {"ordered"}
