"""Who sent the teams: the issuing body, its level and its region (province, city, county, division code), each
with its span, read from invented notices."""

from __future__ import annotations

import pytest

from llm_extract import extract


def _origin(text: str) -> tuple:
    n = extract(text, min_confidence=0)
    region = n.region.model_dump() if n.region else None
    spans = {e.field: text[e.start:e.end] for e in n.evidence if e.team is None and e.field in ("issuer", "region")}
    return n.issuer, n.level, region, spans


@pytest.mark.parametrize("text,issuer,level,region,spans", [
    # a bare body in the team's name, named in full by the deployment sentence
    ("根据中共福州市鼓楼区委统一部署，区委第三巡察组于2025年3月1日进驻甲街道开展巡察。", "中共福州市鼓楼区委", "county",
     {"province": "福建省", "city": "福州市", "county": "鼓楼区", "code": "350102"},
     {"issuer": "中共福州市鼓楼区委", "region": "福州市鼓楼区"}),
    # the body in full in the team's name; a city's body
    ("荆州市委第二巡察组进驻甲局开展巡察。", "荆州市委", "city",
     {"province": "湖北省", "city": "荆州市", "county": None, "code": "421000"},
     {"issuer": "荆州市委", "region": "荆州市"}),
    # a province's bare body: the province all the places named lie in
    ("根据省委统一部署，省委第二巡视组进驻武汉市甲区、汉阳区开展巡视。", "省委", "provincial",
     {"province": "湖北省", "city": None, "county": None, "code": "420000"}, {"issuer": "省委", "region": "武汉市"}),
    # a municipality's body is provincial
    ("北京市委第一巡视组进驻甲单位开展巡视。", "北京市委", "provincial",
     {"province": "北京市", "city": None, "county": None, "code": "110000"}, {"issuer": "北京市委", "region": "北京市"}),
    ("中央第三巡视组进驻某部开展巡视。", "中央", "central", None, {"issuer": "中央"}),
    ("根据学校党委巡察工作统一部署，校党委第一巡察组进驻甲学院开展巡察。", "学校党委", "university", None, {"issuer": "学校党委"}),
    ("根据集团党委统一部署，集团党委第二巡察组进驻甲分公司开展巡察。", "集团党委", "enterprise", None, {"issuer": "集团党委"}),
    # a term before the body is no part of it
    ("根据十四届县委第十二轮巡察工作安排部署，县委第一巡察组进驻甲镇开展巡察。", "县委", "county", None, {"issuer": "县委"}),
])
def test_the_issuing_body_its_level_and_region(text, issuer, level, region, spans):
    assert _origin(text) == (issuer, level, region, spans)


@pytest.mark.parametrize("text,region", [
    # a name several districts share, written alone in the body's name: the namesake whose city the text names
    ("鼓楼区委第一巡察组进驻甲街道开展巡察，来信寄南京市某信箱。", {"province": "江苏省", "city": "南京市", "county": "鼓楼区",
                                                   "code": "320106"}),
    ("朝阳区委第一巡察组进驻甲局开展巡察，地址北京市某路。", {"province": "北京市", "city": None, "county": "朝阳区",
                                              "code": "110105"}),
    # a city a province administers directly has no city above it (not the table's "省直辖县级行政区划")
    ("仙桃市委第一巡察组进驻甲局开展巡察。", {"province": "湖北省", "city": None, "county": "仙桃市", "code": "429004"}),
])
def test_a_named_bodys_region_is_the_one_the_text_settles(text, region):
    assert _origin(text)[1:3] == ("county", region)


def test_a_deployment_by_another_body_does_not_make_it_the_sender():
    issuer, level, _, _ = _origin("根据市委巡察工作安排和区委统一部署，区委专项巡察组进驻甲医院开展专项巡察。")
    assert (issuer, level) == ("区委", "county")


def test_what_the_text_does_not_settle_is_left_out():
    # 鼓楼区 is in several cities and nothing names which: the body is kept, its region not
    assert _origin("鼓楼区委第一巡察组进驻甲街道开展巡察。")[1:3] == ("county", None)
    # places in two provinces: no province for a bare 省委
    assert _origin("省委第九巡视组进驻甲省驻京办开展巡视，地址北京市朝阳区某路，另在河南省郑州市设联络点。")[2] is None
    # a mailbox address ending in 市委 is no body's name (the address's city is the bare body's, below)
    assert _origin("市委第六巡察组进驻甲局。来信请寄西安市某路某宾馆转市委第六巡察组。")[0:2] == ("市委", "city")
    assert _origin("甲镇召开干部大会。")[0] is None


def _region(code: str, province: str, city: str | None = None, county: str | None = None) -> dict:
    return {"province": province, "city": city, "county": county, "code": code}


@pytest.mark.parametrize("text,region,place", [
    # a district's bare body: the one district named, its city named too
    ("区委第二巡察组进驻江宁区甲街道开展巡察，来信寄南京市某信箱。", _region("320115", "江苏省", "南京市", "江宁区"), "江宁区"),
    ("县委第一巡察组进驻长兴县甲镇开展巡察。", _region("330522", "浙江省", "湖州市", "长兴县"), "长兴县"),
    # a name several districts share, settled by its city
    ("市委第一巡察组进驻杭州市西湖区甲局开展巡察。", _region("330100", "浙江省", "杭州市"), "杭州市"),
    # a city's bare body: the city its one district lies in; a street named after a place names no place
    ("市委第三巡察组进驻萧山区甲局开展巡察，来访地址：某区北京东路1号。", _region("330100", "浙江省", "杭州市"), "萧山区"),
    # nor does a town named after one (江宁镇 is no 江宁区)
    ("县委第一巡察组进驻长兴县江宁镇开展巡察。", _region("330522", "浙江省", "湖州市", "长兴县"), "长兴县"),
    ("市委第六巡察组进驻甲局。来信请寄西安市某路某宾馆转市委第六巡察组。", _region("610100", "陕西省", "西安市"), "西安市"),
])
def test_a_bare_body_takes_the_one_division_of_its_rank_the_places_named_settle(text, region, place):
    _, level, found, spans = _origin(text)
    assert (level, found, spans["region"]) == (region["county"] and "county" or "city", region, place)


@pytest.mark.parametrize("text", [
    "市委第一巡察组进驻西湖区甲局开展巡察。",  # two cities have a 西湖区 and nothing says which
    "区委第一巡察组进驻江宁区甲局和浦口区乙局开展巡察。",  # two districts: which is the body's?
    "市委第二巡察组进驻义乌市甲街道开展巡察。",  # a county-level city: the 市委 may be its own
    "县委第一巡察组进驻甲镇开展巡察，涉及乡镇和县直单位。",  # 和县 spelled by 乡镇和县直: a one-character name alone
    "区委第一巡察组进驻金水区甲局，来信寄江苏省某信箱。",  # the district is in another province than the one named
])
def test_a_bare_body_gets_no_region_where_the_places_do_not_settle_one(text):
    assert _origin(text)[2] is None


def test_the_divisions_table_is_read_where_setuptools_no_longer_ships_pkg_resources():
    """cpca 0.5 imports pkg_resources, gone from setuptools 81 on: the region is still read without it."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['pkg_resources'] = None  # as on a setuptools without it\n"
            "from llm_extract import extract\n"
            "print(extract('荆州市委第二巡察组进驻甲局开展巡察。').region.code)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "421000", r.stderr[-800:]
