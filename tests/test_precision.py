"""Precision families, each on invented strings: rounds apart from teams, team clauses, a site's own lines,
passing mentions that are no units, dates and phones of something else; and every value's support and
confidence, abstaining below a threshold, and the calibration that measures them."""

import json
import subprocess
import sys

import pytest

from llm_extract import extract
from llm_extract.evaluation.calibration import best_threshold, class_counts, confidence_table, verdicts
from llm_extract.model.marks import open_contacts
from llm_extract.models import Evidence, Notice, Phone, Team
from llm_extract.reading.confidence import abstain, confidence, rate
from llm_extract.reading.findings import read

from .conftest import ROOT

CN = "一二三四五六七八九十"
PLACES = "甲乙丙丁戊己庚辛壬癸"


def support(notice, field, value):
    return {(e.team, e.support) for e in notice.evidence if e.field == field and e.value == value}


# --- rounds apart from teams ------------------------------------------------------------------------

COUNT_ONLY = ("近日，十五届县委第九轮巡察3个巡察组完成进驻，于2024年9月2日至11月1日对甲镇、乙局、丙中心等3个单位开展常规巡察。"
              "巡察期间，各巡察组设立值班电话0551-62000001，受理信访截止到2024年10月25日。")


def test_a_round_given_only_as_a_count_makes_no_team_and_has_a_record_of_its_own():
    n = extract(COUNT_ONLY, min_confidence=0)
    assert n.teams == [] and n.event == "mobilization"
    r = n.round
    assert r is not None and (r.name, r.team_count) == ("十五届县委第九轮巡察", 3)
    assert r.targets == ["甲镇", "乙局", "丙中心"]
    assert (r.start_date, r.end_date, r.petition_deadline) == ("2024-09-02", "2024-11-01", "2024-10-25")
    assert [p.number for p in r.phones] == ["0551-62000001"]
    assert {e.field for e in r.evidence} >= {"targets", "start_date", "phones", "petition_deadline"}
    assert all(COUNT_ONLY[e.start : e.end] == e.text for e in r.evidence)
    assert "round" in n.contract() and "round" not in extract("市委第一巡察组进驻甲局。").contract()


@pytest.mark.parametrize("text", [
    "按照部署，区委派出2个巡察组对甲街道、乙社区开展巡察。区委巡察组主要受理反映被巡察党组织领导班子问题的来信来电。",
    "第一批巡视组已进驻甲部、乙局。各部门干部可向各巡视组反映问题。巡视组设立电子邮箱：xs@example.cn。",
])
def test_teams_spoken_of_together_without_a_number_are_the_rounds(text):
    assert extract(text).teams == []


def test_a_lone_team_named_without_a_number_is_still_a_team():
    n = extract("区委专项巡察组完成进驻，对甲医院开展专项巡察。值班电话：0519-80000001。")
    assert [t.name for t in n.teams] == ["区委专项巡察组"] and n.round is None


# --- team clauses -----------------------------------------------------------------------------------

def test_a_ten_team_clause_list_puts_each_number_on_its_own_team_and_the_shared_box_on_all():
    clauses = "".join(f"省委第{CN[i]}巡视组巡视{PLACES[i]}市、{PLACES[i]}县。举报电话：1370000000{i}。" for i in range(10))
    text = "各巡视组的巡视对象和举报电话如下：" + clauses + "省委巡视组设立专门邮政信箱：某市9号信箱。"
    n = extract(text, min_confidence=0)
    assert [t.name for t in n.teams] == [f"省委第{c}巡视组" for c in CN]
    assert [[p.number for p in t.phones] for t in n.teams] == [[f"1370000000{i}"] for i in range(10)]
    assert all([m.address for m in t.mailboxes] == ["某市9号信箱"] for t in n.teams)
    assert support(n, "phones", "13700000000") == {(0, "clause")}
    assert support(n, "mailboxes", "某市9号信箱") == {(i, "shared+only") for i in range(10)}


def test_the_last_clause_holds_its_semicolon_parts_and_leaves_an_extra_channel_unsure():
    text = ("市委第一巡察组进驻甲局开展巡察，电话：0571-61000001。"
            "市委第二巡察组进驻乙局开展巡察，电话：0571-61000002；接收短信手机：13900000002。另设电话：0571-61000003。")
    n = extract(text, min_confidence=0)
    assert [[p.number for p in t.phones] for t in n.teams] == [
        ["0571-61000001"], ["0571-61000002", "13900000002", "0571-61000003"]]
    assert support(n, "phones", "0571-61000003") == {(1, "clause_end")}
    assert [c.id for c in open_contacts(read(text))] == ["P4"]  # the model is asked about it


def test_a_lone_teams_values_are_its_own_by_being_the_only_team():
    one_team = extract("市委第一巡察组进驻甲局。举报电话：0571-61000001。", min_confidence=0)
    assert support(one_team, "phones", "0571-61000001") == {(0, "sole")}


# --- a site's own lines -----------------------------------------------------------------------------

NOTICE = "市委第一巡察组进驻甲局开展巡察。巡察期间设值班电话：0571-61000001，电子邮箱：xc1@example.cn。"


@pytest.mark.parametrize("footer", [
    "\n\n地址：某市某路1号 邮编：999999\n联系电话：0999-12345678 邮箱：webmaster@mail.example.cn\n主办单位：某市某局\n",
    "\n\n主办单位：某市某局 备案号：某ICP备00000000号\n地址：某市某路1号 联系电话：0999-12345678\n",
])
def test_a_sites_footer_gives_no_team_a_channel(footer):
    t = extract("首页 > 新闻中心 > 工作动态\n" + NOTICE + footer).teams[0]
    assert [p.number for p in t.phones] == ["0571-61000001"] and t.emails == ["xc1@example.cn"]
    assert [m.address for m in t.mailboxes] == []


def test_the_notices_own_channels_before_a_footer_marker_stay():
    t = extract("市委第一巡察组进驻甲局。\n举报电话：0571-61000001\n举报邮箱：xc1@example.cn\n主办单位：某市某局\n").teams[0]
    assert [p.number for p in t.phones] == ["0571-61000001"] and t.emails == ["xc1@example.cn"]


def test_the_perturbation_script_shows_no_loss_from_page_lines_on_the_gold_set():
    r = subprocess.run([sys.executable, str(ROOT / "eval" / "perturb.py"), "--gold", str(ROOT / "eval" / "gold"),
                        "--notices", str(ROOT / "eval" / "notices")], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line.split() for line in r.stdout.splitlines()[1:]}
    assert set(rows) == {"plain", "page", "one-line"} and float(rows["page"][-1]) >= -0.01


# --- passing mentions, dates and numbers of something else ------------------------------------------

@pytest.mark.parametrize("text, targets", [
    ("省委第一巡视组组长赵某作动员讲话，对深入扎实开展巡视工作提出要求。", []),
    ("市委第二巡察组对甲局贯彻落实上级决策部署情况开展专项巡察。", ["甲局"]),
    ("区委巡察组对某区公立医院设备采购问题进行专项巡察。", []),
])
def test_what_is_looked_at_and_how_are_no_units(text, targets):
    teams = extract(text).teams
    assert (teams[0].targets if teams else []) == targets


def test_a_name_is_not_shortened_to_a_part_another_name_shares():
    t = extract("市委第一巡察组进驻甲局。副组长赵某、钱某艳及全体成员出席。会议由甲局局长钱某州主持。").teams[0]
    assert t.deputy_leaders == ["赵某", "钱某艳"]


def test_a_leaders_name_ends_before_the_deputys_role():
    assert extract("市委第一巡察组进驻甲局。组长：赵某 副组长：钱某某").teams[0].leader == "赵某"


def test_a_number_for_calls_and_messages_is_not_sms_only():
    t = extract("市委第一巡察组进驻甲局。举报电话：13900000001，接听和收短信时间为工作日。").teams[0]
    assert [(p.number, p.sms_only) for p in t.phones] == [("13900000001", False)]


@pytest.mark.parametrize("text, period", [
    ("省委巡视组对甲办进行巡视，巡视时间到4月30日。省委第九巡视组巡视甲办工作动员会召开。", (None, "--04-30")),
    ("今天(11月23日)上午，市委第三巡察组进驻甲办开展巡察。", ("--11-23", None)),
])
def test_ends_and_starts_written_in_other_words(text, period):
    t = extract(text).teams[0]
    assert (t.start_date, t.end_date) == period


def test_a_garbled_date_is_no_phone():
    t = extract("市委第一巡察组于20251021日进驻甲局。值班电话：0760-88000001。").teams[0]
    assert [p.number for p in t.phones] == ["0760-88000001"]


def test_the_control_yuans_numbered_groups_are_no_party_inspection():
    n = extract("監察院地方巡察第5組監察委員一行將於10月2日至3日蒞縣巡察，受理民眾陳情。電話：06-9000000")
    assert (n.kind, n.teams) == ("其他", [])


# --- support, confidence, abstaining ----------------------------------------------------------------

def test_every_team_value_carries_its_support_and_a_measured_confidence():
    n = extract(NOTICE + "组长赵某。")
    team_values = [e for e in n.evidence if e.team is not None]
    assert team_values and all(e.support for e in team_values)
    assert all(e.confidence is None or 0 <= e.confidence <= 1 for e in team_values)
    assert support(n, "phones", "0571-61000001") == {(0, "sole")}
    assert confidence("phones", "sole") is not None


def _notice() -> Notice:
    teams = [Team(name="市委第一巡察组", leader="赵某", phones=[Phone(number="0571-61000001")], targets=["甲局"]),
             Team(name="市委巡察组", targets=["乙局"])]
    ev = [Evidence(team=0, field="name", value="市委第一巡察组", start=0, end=7, text="", support="numbered"),
          Evidence(team=0, field="leader", value="赵某", start=0, end=2, text="", support="after_team"),
          Evidence(team=0, field="phones", value="0571-61000001", start=0, end=13, text="", support="shared"),
          Evidence(team=0, field="targets", value="甲局", start=0, end=2, text="", support="sentence"),
          Evidence(team=1, field="name", value="市委巡察组", start=0, end=5, text="", support="unnumbered"),
          Evidence(team=1, field="targets", value="乙局", start=0, end=2, text="", support="sentence")]
    return Notice(doc_id="x", kind="巡察", event="mobilization", teams=teams, evidence=ev)


CLASSES = {"name/numbered": {"confidence": 0.97}, "name/unnumbered": {"confidence": 0.4},
           "*/after_team": {"confidence": 0.95}, "*/shared": {"confidence": 0.6}, "*/sentence": {"confidence": 0.9}}


def test_abstaining_leaves_out_weak_values_and_weak_teams_and_says_so():
    n = abstain(rate(_notice(), CLASSES), 0.7)
    assert [t.name for t in n.teams] == ["市委第一巡察组"]
    assert n.teams[0].phones == [] and n.teams[0].leader == "赵某" and n.teams[0].targets == ["甲局"]
    assert {e.team for e in n.evidence} == {0} and not any(e.field == "phones" for e in n.evidence)
    assert any("phones '0571-61000001'" in w and "0.60 < 0.7" in w for w in n.warnings)
    assert any("name '市委巡察组'" in w for w in n.warnings)
    kept = abstain(rate(_notice(), CLASSES), 0.0)
    assert len(kept.teams) == 2 and kept.teams[0].phones and not kept.warnings


def test_a_class_never_measured_falls_back_on_its_placement_else_is_not_rated():
    assert confidence("emails", "after_team", CLASSES) == 0.95
    assert confidence("emails", "shared+range", CLASSES) == 0.6
    assert confidence("emails", "model", CLASSES) is None


def test_min_confidence_on_the_command_line(tmp_path):
    src = tmp_path / "n.txt"
    src.write_text(NOTICE, "utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(src), *args],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)

    everything, nothing, bad = run("--min-confidence", "0"), run("--min-confidence", "1"), run("--min-confidence", "2")
    assert json.loads(everything.stdout)["teams"][0]["phones"]
    left = json.loads(nothing.stdout)
    assert left["teams"] == [] and any(w.startswith("left out name") for w in left["warnings"])
    assert bad.returncode == 2 and "from 0 to 1" in bad.stderr
    with pytest.raises(ValueError, match="min_confidence"):
        extract(NOTICE, min_confidence=1.5)


# --- calibration ------------------------------------------------------------------------------------

def test_verdicts_follow_the_scorer():
    pred = _notice().contract()
    gold = {"teams": [{"name": "市委第一巡察组", "leader": "赵某", "targets": ["甲局党组"], "phones": []}]}
    got = sorted(verdicts(pred, gold))
    assert got == sorted([("name", "numbered", True), ("leader", "after_team", True), ("phones", "shared", False),
                          ("targets", "sentence", True), ("name", "unnumbered", False), ("targets", "sentence", False)])


def test_a_class_seen_a_few_times_is_drawn_towards_its_placement():
    table = confidence_table(class_counts({"a": _notice().contract()}, {"a": {"teams": [
        {"name": "市委第一巡察组", "leader": "赵某", "targets": ["甲局"]}]}}))
    assert table["*/sentence"] == {"right": 1, "total": 2, "confidence": 0.5}
    assert table["leader/after_team"]["right"] == 1 and 0.5 < table["leader/after_team"]["confidence"] < 1
    assert table["phones/shared"]["confidence"] < table["*/shared"]["confidence"] + 0.01


def test_the_threshold_is_the_one_that_scores_best():
    pred = _notice().contract()
    gold = {"teams": [{"name": "市委第一巡察组", "leader": "赵某", "targets": ["甲局"]}]}
    classes = {"name/unnumbered": {"confidence": 0.3}, "phones/shared": {"confidence": 0.2},
               "*/numbered": {"confidence": 0.9}, "*/after_team": {"confidence": 0.9}, "*/sentence": {"confidence": 0.5}}
    # 0.5 leaves out the second team and the phone, both wrong; 0.9 would leave out a right unit too
    assert best_threshold({"a": pred}, {"a": gold}, {"a": ""}, classes) == 0.5


def test_eval_prints_precision_per_support_class_and_the_risk_coverage_table(tmp_path):
    summary = tmp_path / "s.json"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "eval", "--gold", str(ROOT / "eval" / "gold"),
                        "--backend", "rules", "--summary", str(summary)], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert "precision by support class" in r.stdout and "keeping values with confidence >= t" in r.stdout
    rules = json.loads(summary.read_text("utf-8"))["rules"]
    assert [row["threshold"] for row in rules["risk_coverage"]] == [0.0, 0.5, 0.7, 0.9, 0.95]
    assert rules["risk_coverage"][0]["kept"] == 1.0 and rules["support_classes"]["name/numbered"]["total"] >= 4
    assert 0 < rules["core_micro_precision"] <= 1


def test_a_team_numbered_after_its_round_with_words_between():
    t = extract("近日，某市委第三轮对村(社区)提级巡察“回头看”第二组进驻甲村。组长赵某。").teams
    assert [(x.name, x.leader) for x in t] == [("市委第三轮对村(社区)提级巡察“回头看”第二组", "赵某")]


def test_a_places_field_of_work_is_the_place():
    t = extract("自治区党委第二巡视组对某某市安全生产工作开展专项巡视。").teams[0]
    assert t.targets == ["某某市"]


def test_a_list_of_teams_and_their_units_joined_into_one_line():
    text = "反馈情况如下： 省委第一巡视组:甲乙市丙丁区戊己县 省委第二巡视组:庚辛市壬癸区子丑县 全体成员参加。"
    assert [(t.name, t.targets) for t in extract(text).teams] == [
        ("省委第一巡视组", ["甲乙市", "丙丁区", "戊己县"]), ("省委第二巡视组", ["庚辛市", "壬癸区", "子丑县"])]
