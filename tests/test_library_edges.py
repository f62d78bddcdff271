"""The library's edges (issue 32, item 7): `extract` takes where and when a notice was published, dates as strings,
says what each parameter is, fails an empty text as the CLI does; `evidence_for` names its fields; a stated team
count unlike the teams read is a warning."""

from datetime import date

import pytest

from llm_extract import extract

ONE_TEAM = "县委第二巡察组于3月1日进驻甲乡开展巡察。举报电话：0999-7654321。"


def test_extract_takes_a_publication_date_a_url_and_dates_as_strings():
    n = extract(ONE_TEAM, published="2031-05-06", url="https://user:pw@example.org/n/1?token=x")
    assert n.published == "2031-05-06" and n.teams[0].start_date == "2031-03-01"  # its year from the publication
    assert n.url == "https://***@example.org/n/1?token=***"
    assert extract(ONE_TEAM, reference_date="2030-01-01").teams[0].start_date == "2030-03-01"
    assert extract(ONE_TEAM, reference_date=date(2030, 1, 1)).teams[0].start_date == "2030-03-01"
    for bad in ("yesterday", "9999-12-31"):
        with pytest.raises(ValueError, match="reference_date"):
            extract(ONE_TEAM, reference_date=bad)


def test_extract_names_every_parameter_in_its_help():
    doc = extract.__doc__ or ""
    for name in ("text", "doc_id", "backend", "reference_date", "max_chars", "min_confidence", "confidence_table",
                 "published", "url"):
        assert f"{name}:" in doc or f"{name}," in doc, name


def test_an_empty_or_blank_text_is_an_error_record_as_in_the_cli():
    for text in ("", "  \n "):
        n = extract(text)
        assert n.error == "empty input" and n.teams == []


def test_evidence_for_a_field_no_evidence_has_names_the_fields():
    n = extract(ONE_TEAM)
    assert [e.value for e in n.evidence_for(0, "phones")] == ["0999-7654321"]
    with pytest.raises(ValueError, match="no field 'phone'.*phones"):
        n.evidence_for(0, "phone")


def test_a_stated_team_count_unlike_the_teams_read_is_a_warning():
    n = extract("省委派出13个巡视组。省委第一巡视组进驻甲市，省委第二巡视组进驻乙市。")
    assert "the text gives 13 teams (13个巡视组); 2 read" in n.warnings
    same = extract("省委派出2个巡视组。省委第一巡视组进驻甲市，省委第二巡视组进驻乙市。")
    assert not any("teams (" in w for w in same.warnings)


def test_a_publication_date_the_page_prints_is_published_where_no_metadata_gives_one():
    page = "首页>工作动态\n发布时间：2031-12-04 来源：某县纪委\n县委第二巡察组于12月1日进驻甲乡开展巡察。"
    n = extract(page)
    assert n.published == "2031-12-04" and n.teams[0].start_date == "2031-12-01"
    (e,) = n.evidence_for(None, "published")
    assert page[e.start:e.end] == "2031-12-04"
    assert extract(page, published="2031-12-05").published == "2031-12-05"  # the input's own date first
    assert extract(page.replace("2031-12-04", "2031-02-30")).published is None  # no day of the calendar


def test_merge_keeps_every_sources_publication_and_the_database_says_which_source_each_value_came_from(tmp_path):
    import json
    import sqlite3

    from llm_extract.cli import main

    text = "县委第二巡察组于2031年3月1日进驻甲乡开展巡察，组长赵明。举报电话：0999-7654321。"
    a = extract(text, "a", published="2031-03-02", url="https://example.org/a").contract()
    b = extract(text + "欢迎监督。", "b", published="2031-03-03", url="https://example.org/b").contract()
    run = tmp_path / "run.jsonl"
    run.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (a, b)), "utf-8")
    assert main(["merge", str(run), "-o", str(tmp_path / "m.jsonl")]) == 0
    (merged,) = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text("utf-8").splitlines()]
    assert merged["source_records"] == [{"doc_id": "a", "published": "2031-03-02", "url": "https://example.org/a"},
                                        {"doc_id": "b", "published": "2031-03-03", "url": "https://example.org/b"}]
    assert main(["export", str(tmp_path / "m.jsonl"), "-o", str(tmp_path / "m.sqlite")]) == 0
    with sqlite3.connect(tmp_path / "m.sqlite") as db:
        assert {s for (s,) in db.execute("SELECT DISTINCT source FROM evidence")} == {"a", "b"}


@pytest.mark.parametrize("text, reason", [
    ("巡察组进驻甲局开展巡察。举报电话：0999-1234567。", "no body named"),
    ("中央第二巡视组进驻甲部开展巡视。", "central or non-territorial body"),
    ("学校党委第二巡察组进驻化学学院开展巡察。", "central or non-territorial body"),
    ("鼓楼区委第一巡察组进驻甲街道开展巡察。", "a name several divisions share"),
    ("县委第一巡察组进驻甲局开展巡察。", "no place named"),
])
def test_a_record_without_a_region_says_why(text, reason):
    n = extract(text)
    assert n.region is None and n.region_reason == reason
    assert extract("福州市鼓楼区委第一巡察组进驻甲街道开展巡察。").region_reason is None


def test_units_and_phones_are_keyed_for_counting_across_notices(tmp_path):
    import csv
    import json
    import sqlite3

    from llm_extract.cli import main
    from llm_extract.records.keys import phone_key, unit_full

    record = extract("福州市鼓楼区委第一巡察组进驻区财政局、区市场监督管理局、市场服务中心开展巡察。"
                     "举报电话：0591-87654321、87650000。", "k").contract()
    run = tmp_path / "run.jsonl"
    run.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert main(["export", str(run), "-o", str(tmp_path / "k.csv")]) == 0
    (row,) = csv.DictReader(open(tmp_path / "k.csv", encoding="utf-8-sig"))
    assert row["unit_full"] == "鼓楼区财政局; 鼓楼区市场监督管理局; 市场服务中心"  # 市场 is no 市
    assert row["phone_keys"] == "0591-87654321; 0591-87650000"
    assert main(["export", str(run), "-o", str(tmp_path / "k.sqlite")]) == 0
    with sqlite3.connect(tmp_path / "k.sqlite") as db:
        assert db.execute("SELECT unit_full FROM targets ORDER BY position").fetchall()[0] == ("鼓楼区财政局",)
        assert ("0591-87650000",) in db.execute("SELECT phone_key FROM contacts").fetchall()
    assert phone_key("87650000", None) == "87650000"  # unsure: as written
    # a unit written short whose division the notice does not settle has no key: two counties' would meet
    assert unit_full("县财政局", None) is None and unit_full("县人大机关", record_region(record)) is None
    assert unit_full("中山市财政局", None) == "中山市财政局"  # written in full: as written


def record_region(record: dict):
    from llm_extract.models import Region
    return Region.model_validate(record["region"])  # a 区 (鼓楼区): a 县's short form is not its


@pytest.mark.parametrize("text, county, how", [
    ("福州市鼓楼区委第一巡察组进驻甲街道开展巡察。", "鼓楼区", "body's name"),  # the body's own name
    ("县委第一巡察组进驻甲局开展巡察。来信请寄：四川省资阳市乐至县某路1号。", "乐至县", "places named"),  # a bare body: the places
])
def test_a_regions_evidence_says_how_it_was_read(text, county, how):
    n = extract(text)
    (ev,) = n.evidence_for(None, "region")
    assert n.region is not None and n.region.county == county and ev.support == how
