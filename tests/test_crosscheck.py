"""The validator's cross-check on hand-made model answers: planted numbers, a missed mailbox,
a swapped team, ungrounded names and impossible dates."""

from llm_extract.model.crosscheck import merge
from llm_extract.model.schema import FullAnswer, FullTeam, LeanAnswer, LeanTeam
from llm_extract.reading import rules
from llm_extract.reading.findings import read

from .conftest import uncited

TWO_TEAMS = """市委巡察组进驻公告
(一)市委第一巡察组
巡察对象：甲局党组
值班电话：0571-61000001
邮政信箱：某市A101号信箱
(二)市委第二巡察组
巡察对象：乙局党组
值班电话：0571-61000002
巡察期间（3月1日至4月30日），受理信访截止到2024年4月25日。"""


def check(text, *teams, full=True):
    f = read(text)
    answer = FullAnswer(teams=list(teams)) if full else LeanAnswer(teams=list(teams))
    return merge(rules.answer("t", f), answer, f, [])


def by_name(notice):
    return {t.name: t for t in notice.teams}


def test_a_contact_id_the_text_was_not_marked_with_is_dropped_and_named():
    n = check(TWO_TEAMS, FullTeam(name="市委第一巡察组", contacts=["⟦P1⟧", "P9"]))
    assert [p.number for p in by_name(n)["市委第一巡察组"].phones] == ["0571-61000001"]
    assert any("'P9'" in w and "no such mark" in w for w in n.warnings)


def test_missed_mailbox_stays_with_its_team():
    n = check(TWO_TEAMS, FullTeam(name="市委第一巡察组", mailboxes=[]))
    assert [m.address for m in by_name(n)["市委第一巡察组"].mailboxes] == ["某市A101号信箱"]
    assert by_name(n)["市委第二巡察组"].mailboxes == []


def test_swapped_contacts_stay_where_the_text_places_them():
    n = check(TWO_TEAMS, FullTeam(name="市委第一巡察组", contacts=["P2"]),
              FullTeam(name="市委第二巡察组", contacts=["P1", "M1"]))
    t = by_name(n)
    assert [p.number for p in t["市委第一巡察组"].phones] == ["0571-61000001"]
    assert [p.number for p in t["市委第二巡察组"].phones] == ["0571-61000002"]
    assert t["市委第二巡察组"].mailboxes == []
    assert any("kept phones P1" in w for w in n.warnings)


OPEN_PHONE = ("根据部署，市委第一巡察组进驻甲局开展巡察，值班电话：0571-61000001。市委第二巡察组进驻乙局开展巡察，"
              "值班电话：0571-61000002。为便于群众反映，另设电话：0571-61000003。")


def numbers(notice):
    return [[p.number for p in t.phones] for t in notice.teams]


def test_a_contact_the_text_leaves_open_goes_to_the_team_the_model_assigns_it():
    f = read(OPEN_PHONE)
    assert numbers(rules.answer("t", f)) == [["0571-61000001", "0571-61000003"], ["0571-61000002", "0571-61000003"]]
    n = check(OPEN_PHONE, LeanTeam(name="市委第一巡察组"), LeanTeam(name="市委第二巡察组", contacts=["P3"]), full=False)
    assert numbers(n) == [["0571-61000001"], ["0571-61000002", "0571-61000003"]]
    assert [e.team for e in n.evidence if e.value == "0571-61000003"] == [1]
    unsure = check(OPEN_PHONE, LeanTeam(name="市委第一巡察组"), full=False)  # left open by the model: shared
    assert numbers(unsure) == numbers(rules.answer("t", f))


def test_a_contact_shared_by_teams_with_no_channels_of_their_own_stays_shared():
    text = "根据部署，市委第一巡察组进驻甲局开展巡察，市委第二巡察组进驻乙局开展巡察。联系电话：0571-61000003。"
    n = check(text, LeanTeam(name="市委第一巡察组", contacts=["P1"]), LeanTeam(name="市委第二巡察组"), full=False)
    assert numbers(n) == [["0571-61000003"], ["0571-61000003"]]


def test_a_team_the_text_does_not_name_is_dropped():
    n = check(TWO_TEAMS, FullTeam(name="市委第九巡察组", leader="某人"))
    assert set(by_name(n)) == {"市委第一巡察组", "市委第二巡察组"}
    assert any("市委第九巡察组" in w for w in n.warnings)


def test_ungrounded_names_and_targets_are_dropped_grounded_ones_fill_gaps():
    text = "省委第三巡视组对某市开展巡视。会上，组长王某某作动员讲话。"
    n = check(text, LeanTeam(name="省委第三巡视组", leader="王某某", deputy_leaders=["张三"], targets=["某市", "某县"]),
              full=False)
    (team,) = n.teams
    assert team.leader == "王某某" and team.deputy_leaders == [] and team.targets == ["某市"]
    assert uncited(n) == []
    assert any("张三" in w for w in n.warnings)


def test_dates_must_be_in_the_text_and_in_order():
    text = "省委第三巡视组对某市开展巡视。动员会于11月20日召开，巡视组将于12月10日结束工作。信访截止到2024年12月5日。"
    n = check(text, FullTeam(name="省委第三巡视组", start_date="2024-12-10", end_date="2024-11-20",
                             petition_deadline="2024-12-05"),)
    (team,) = n.teams
    assert team.start_date == "2024-12-10" and team.end_date is None
    assert any("after end" in w for w in n.warnings)
    n = check(text, FullTeam(name="省委第三巡视组", start_date="2024-03-03"))
    assert n.teams[0].start_date is None


def test_people_must_be_named_in_their_role():
    text = "会前，领导小组成员张某兴与省委第十三巡视组组长刘某见面。省委第十三巡视组副组长及有关同志出席会议。"
    n = check(text, LeanTeam(name="省委第十三巡视组", leader="刘某", deputy_leaders=["张某兴"]), full=False)
    (team,) = n.teams
    assert team.leader == "刘某" and team.deputy_leaders == []
    assert any("张某兴" in w and "deputy" in w for w in n.warnings)


def test_values_the_model_adds_carry_evidence():
    text = "巡视组近日进驻某县开展巡视，省委第四巡视组组长孙某某，副组长周某、吴某出席。邮编：100001，信箱：某县A1号信箱。"
    f = read(text)
    base = rules.answer("t", f)
    base.teams.clear()  # as if the rules had found nothing
    base.evidence.clear()
    n = merge(base, FullAnswer(teams=[FullTeam(name="省委第四巡视组", leader="孙某某", deputy_leaders=["周某", "吴某"],
                                                targets=["某县"], contacts=["M1"])]), f, [])
    (team,) = n.teams
    assert team.deputy_leaders == ["周某", "吴某"] and [m.postcode for m in team.mailboxes] == ["100001"]
    assert uncited(n) == []


def test_a_target_must_stand_near_what_is_inspected():
    text = "省委第三巡视组近日开展巡视工作。" + "内容" * 40 + "会议在某宾馆召开，某局领导出席。"
    n = check(text, LeanTeam(name="省委第三巡视组", targets=["某宾馆"]), full=False)
    assert n.teams[0].targets == [] and any("某宾馆" in w for w in n.warnings)


def test_people_the_model_gives_the_wrong_team_are_dropped():
    # (the titles and a comma between the role and the name: the rules leave the leaders to the model)
    text = ("省委第一巡视组进驻甲市开展常规巡视，省委第一巡视组组长是一级巡视员，赵某某作动员讲话。"
            "省委第二巡视组进驻乙市开展常规巡视，省委第二巡视组组长是二级巡视员，钱某某作动员讲话。")
    swapped = check(text, LeanTeam(name="省委第一巡视组", leader="钱某某"), LeanTeam(name="省委第二巡视组", leader="赵某某"),
                    full=False)
    assert [t.leader for t in swapped.teams] == [None, None]
    assert any("places it with 省委第二巡视组" in w for w in swapped.warnings)
    right = check(text, LeanTeam(name="省委第一巡视组", leader="赵某某"), LeanTeam(name="省委第二巡视组", leader="钱某某"),
                  full=False)
    assert [t.leader for t in right.teams] == ["赵某某", "钱某某"] and right.warnings == []


NEW_SHAPE = ("县委巡察工作队第一组进驻甲镇开展巡察。县委巡察工作队第二组进驻乙镇开展巡察。\n"
             "举报电话：0551-62345678（工作日8:00-17:30）。邮政信箱：某县A008号信箱，邮编：230001。")


def test_teams_the_model_adds_get_every_contact_the_extractors_found():
    f = read(NEW_SHAPE)
    base = rules.answer("t", f)
    assert base.teams == []  # no pattern knows this shape
    n = merge(base, LeanAnswer(teams=[LeanTeam(name="县委巡察工作队第一组", targets=["甲镇"]),
                                      LeanTeam(name="县委巡察工作队第二组", targets=["乙镇"])]), f, [])
    assert [t.name for t in n.teams] == ["县委巡察工作队第一组", "县委巡察工作队第二组"]
    for team in n.teams:  # shared channels on every team, as the contract says
        assert [p.number for p in team.phones] == ["0551-62345678"] and team.phone_hours == ["08:00-17:30"]
        assert [(m.address, m.postcode) for m in team.mailboxes] == [("某县A008号信箱", "230001")]
    assert [t.targets for t in n.teams] == [["甲镇"], ["乙镇"]] and n.event == "mobilization"
    assert uncited(n) == []


def test_a_steering_group_or_a_generic_mention_is_no_team_to_add():
    text = "市委第一巡察组进驻甲局开展巡察。市委巡察工作领导小组召开会议。市委巡察组将严格遵守纪律。"
    n = check(text, LeanTeam(name="市委巡察工作领导小组"), LeanTeam(name="市委巡察组"), full=False)
    assert [t.name for t in n.teams] == ["市委第一巡察组"]
    assert any("领导小组" in w for w in n.warnings) and any("'市委巡察组'" in w for w in n.warnings)


def test_a_steering_groups_deputy_is_no_deputy_of_the_team():
    text = "党委第二巡察组巡察甲学院党委工作动员会召开。领导小组副组长、党委副书记杨某某讲话。党委第二巡察组副组长及有关同志出席。"
    n = check(text, LeanTeam(name="党委第二巡察组", deputy_leaders=["杨某某"]), full=False)
    assert n.teams[0].deputy_leaders == [] and any("杨某某" in w for w in n.warnings)


def test_a_list_the_model_writes_as_one_item_is_split_before_it_is_grounded():
    f = read("中央第六巡视组进驻后，分别巡视甲省和乙省。")
    team = LeanTeam.model_validate({"name": "中央第六巡视组", "targets": ["甲省、乙省"]}, context={"findings": f})
    assert team.targets == ["甲省", "乙省"]  # grounded one by one: no re-ask for the joined form


def test_a_models_end_takes_its_year_from_the_start_the_rules_read_not_from_a_later_page_date():
    # the end "5月26日" is nearer the page's 2024 date line, but its period started in 2023
    text = "发布时间：2024-06-01\n县委第二巡察组于2023年3月14日进驻乙局开展巡察，在乙局工作至5月26日。"
    n = check(text, FullTeam(name="县委第二巡察组", end_date="2024-05-26"))
    (team,) = n.teams
    assert (team.start_date, team.end_date) == ("2023-03-14", "2023-05-26")
    (end,) = n.evidence_for(0, "end_date")
    assert (end.support, end.year_from, end.text) == ("model", "period", "5月26日")
