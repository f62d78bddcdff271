"""The shape a value of each field may have, each family on invented strings: a value outside its shape is
trimmed where the fix is certain, else marked suspect with the reason, and rated by its own class."""

import pytest

from llm_extract import extract
from llm_extract.reading.shapes import SUSPECT, Around, check


def reason(field, value, **around):
    return check(field, value, Around(**around)).reason


# --- targets ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["甲县", "乙市丙区", "某甲局党组", "某乙镇某丙村", "某丁中学", "河北", "某戊集团有限公司",
                                   "某己街道某庚社区", "某辛医院党委", "某市委政研室", "某县总工会", "某区红十字会"])
def test_a_unit_as_written_passes(value):
    assert reason("targets", value) is None


@pytest.mark.parametrize("value,why", [
    ("某市3所学校", "count"), ("二十个市直部门", "count"), ("某县12家单位", "count"),
    ("联系方式一览表", "heading"), ("某局名单", "heading"),
    ("某局工作进驻", "verb"), ("某区优化营商环境", "verb"),
    ("各乡镇", "kind of units"), ("有关部门", "kind of units"), ("某区公立中小学", "kind of units"),
    ("某市办公室系统单位", "kind of units"),
    ("某甲县会", "particle"), ("在某乙县", "particle"), ("某丙局和", "particle"),
    ("某丁资源", "no unit"),
])
def test_what_no_unit_looks_like_is_suspect(value, why):
    assert why in reason("targets", value)


def test_a_particle_after_a_unit_is_trimmed():
    assert check("targets", "某甲市的") == check("targets", "某甲市")
    assert check("targets", "某甲市的").value == "某甲市"


def test_a_name_cut_at_a_join_is_suspect():
    """"呼和浩特市" split at 和 leaves "浩特市"; "某乙县和某丙县" is two units."""
    assert "cut inside a name" in reason("targets", "某特市", before="省呼和")
    assert "cut inside a name" in reason("targets", "社会保障局", before="资源和")
    assert reason("targets", "某丙县", before="乙县和") is None


def test_a_sole_teams_unit_in_a_text_on_a_rounds_teams_is_suspect():
    assert "round" in reason("targets", "某甲局", placed="sole", round_words=True)
    assert reason("targets", "某甲局", placed="sole", round_words=False) is None
    assert reason("targets", "某甲局", placed="sentence", round_words=True) is None


# --- mailboxes ----------------------------------------------------------------------------------------

def test_a_box_with_its_sentence_is_trimmed_to_the_box():
    assert check("mailboxes", "专用邮政信箱为某市邮政123号信箱") .value == "某市邮政123号信箱"
    assert check("mailboxes", "巡察办设立“某市45号邮政信箱”").value == "某市45号邮政信箱"
    assert check("mailboxes", "巡察办设立“某市45号邮政信箱”").reason is None


@pytest.mark.parametrize("value,why", [
    ("|某市B10001邮政专用信箱一组收|某市B10002邮政专用信箱二组收|", "table row"),
    ("某市B10001邮政专用信箱某市B10002邮政专用信箱", "two boxes"),
    ("123456", "postcode"), ("1234", "bare digits"),
    ("某甲单位收发室转交给某乙单位的某某同志再转交给某丙单位的某丁同志再转交给某戊同志再转交给某己同志再转交给某庚同志收", "longer than an address"),
    ("请您写信", "neither a box nor an address"),
])
def test_what_no_box_looks_like_is_suspect(value, why):
    assert why in reason("mailboxes", value)


@pytest.mark.parametrize("value", ["某省某市A123号邮政信箱", "某市123号信箱", "某市某路45号某楼201室", "某市邮政信箱123号"])
def test_a_box_or_an_address_passes(value):
    assert reason("mailboxes", value) is None


# --- names, people, dates, contacts -------------------------------------------------------------------

def test_team_names_with_a_title_or_a_verb_are_suspect():
    assert reason("name", "市委第一巡察组") is None
    assert "title or a verb" in reason("name", "市委第一巡察组组长")
    assert "title or a verb" in reason("name", "巡察组召开动员会第一组")
    assert "组" in reason("name", "市委第一巡察")


@pytest.mark.parametrize("value", ["副书记", "组长", "某局局长", "有关同志"])
def test_a_title_is_no_leader(value):
    assert "title" in reason("leader", value)


def test_a_person_passes_and_a_phrase_does_not():
    assert reason("leader", "张某某") is None and reason("deputy_leaders", "欧阳某某") is None
    assert reason("leader", "张某某主持会议") is not None
    assert "follows names" in reason("leader", "张某主持")


def test_a_date_in_a_year_the_notice_does_not_write_is_suspect():
    years = frozenset({2024})
    assert reason("start_date", "2024-03-05", years=years) is None
    assert reason("end_date", "2025-01-20", years=years) is None  # a period running into January
    assert "2026" in reason("start_date", "2026-03-05", years=years)
    assert reason("start_date", "--03-05", years=years) is None


def test_contacts_of_another_shape_are_suspect():
    assert reason("phones", "0999-1234567") is None and reason("phones", "13900000000") is None
    assert reason("phones", "12345678901234") is not None
    assert reason("emails", "xcz01@example.gov.cn") is None and reason("emails", "xcz01@") is not None
    assert reason("phone_hours", "08:30-17:30") is None and reason("phone_hours", "17:30-08:30") is not None


# --- in a whole answer --------------------------------------------------------------------------------

def test_a_suspect_value_says_why_keeps_its_placement_and_is_rated_by_its_class():
    n = extract("县委第一巡察组对某甲局工作进驻开展巡察。举报电话：0999-1234567。", min_confidence=0)
    (e,) = [e for e in n.evidence if e.field == "targets"]
    assert e.support == SUSPECT and e.placed == "sentence" and "verb" in e.suspect
    phone = next(e for e in n.evidence if e.field == "phones")
    assert phone.suspect is None and phone.support == "sole"
    assert e.confidence is not None and e.confidence < phone.confidence


def test_a_certain_trim_reaches_the_team_and_its_evidence():
    n = extract("县委第一巡察组对某甲县的开展巡察。来信请寄：专用邮政信箱为某市邮政123号信箱。", min_confidence=0)
    assert n.teams[0].targets == ["某甲县"] and n.teams[0].mailboxes[0].address == "某市邮政123号信箱"
    assert {e.value for e in n.evidence if e.field in ("targets", "mailboxes")} == {"某甲县", "某市邮政123号信箱"}


def test_an_end_before_the_start_is_suspect():
    n = extract("县委第一巡察组于2024年5月6日进驻某甲局开展巡察，受理信访时间截止到2024年4月30日。", min_confidence=0)
    deadline = next(e for e in n.evidence if e.field == "petition_deadline")
    assert deadline.support == SUSPECT and "before the team's start" in deadline.suspect


def test_the_audit_lists_a_rejected_shape_left_unmarked_and_passes_a_marked_one():
    """eval/shape_audit.py, a reader's checklist kept apart from shapes.py: what the package stops marking shows up."""
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("shape_audit", ROOT / "eval" / "shape_audit.py")
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)
    text = "某和某特市"
    unmarked = {"doc_id": "x", "evidence": [{"team": 0, "field": "mailboxes", "value": "123456", "start": 0, "end": 0},
                                            {"team": 0, "field": "targets", "value": "某特市", "start": 2, "end": 5}]}
    assert list(audit.findings(unmarked, text)) == ["x\tmailboxes\t123456\tbare digits", "x\ttargets\t某特市\tcut inside a name at 和"]
    for e in unmarked["evidence"]:
        e["suspect"] = "any reason"
    assert list(audit.findings(unmarked, text)) == []
    n = extract("县委第一巡察组对某甲局工作进驻开展巡察。来信请寄：123456。", min_confidence=0)
    assert list(audit.findings(n.contract())) == []  # the package marks what the checklist rejects
