"""Dates, years inferred from the text or a reference date, periods, deadlines and durations."""

from datetime import date

import pytest

from llm_extract.reading.extractors.dates import (
    anchors,
    find_dates,
    find_deadlines,
    find_durations,
    find_periods,
    find_ranges,
    infer_year,
)

from .conftest import norm


def read_dates(text: str, reference: date | None = None):
    t = norm(text)
    ds = find_dates(t)
    rs = find_ranges(t, ds)
    a = anchors(ds, reference)
    periods = [(infer_year(p.value.start, a).iso() if p.value.start else None,
                infer_year(p.value.end, a).iso() if p.value.end else None) for p in find_periods(t, rs, ds)]
    deadlines = [infer_year(d.value, a).iso() for d in find_deadlines(t, ds, rs)]
    return periods, deadlines


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2024年12月26日", "2024-12-26"),
        ("二〇二四年十月十五日", "2024-10-15"),
        ("2023年915日", "2023-09-15"),  # broken in the source: month and day run together
        ("2020-11-18 13:00", "2020-11-18"),
        ("2024年2月底", "2024-02-29"),
        ("12月底", "--12-31"),
    ],
)
def test_date_forms(text, iso):
    assert [f.value.iso() for f in find_dates(norm(text))] == [iso]


def test_period_with_year_from_the_deadline():
    text = "巡视组从11月14日\n\n至 12 月底，对某市开展专项巡视。巡视组受理信访时间截止到 2024 年 12 月 26 日。"
    assert read_dates(text) == ([("2024-11-14", "2024-12-31")], ["2024-12-26"])


def test_month_day_without_any_year_stays_yearless():
    assert read_dates("巡视期间（8月3日至9月底）设专门值班电话") == ([("--08-03", "--09-30")], [])


def test_reference_date_gives_the_year():
    assert read_dates("巡视期间（8月3日至9月底）", date(2015, 9, 1)) == ([("2015-08-03", "2015-09-30")], [])


def test_period_across_new_year():
    text = "巡察期间（起止时间：12月10日—1月20日），信访受理截至2025年1月15日。"
    assert read_dates(text) == ([("2024-12-10", "2025-01-20")], ["2025-01-15"])


@pytest.mark.parametrize("sep", ["至", "—", "~", "–", "到"])
def test_range_separators(sep):
    assert read_dates(f"起止时间：2020年11月9日{sep}2021年1月8日")[0] == [("2020-11-09", "2021-01-08")]


def test_same_month_day_range_and_staggered_ranges():
    text = "巡察组对甲村开展巡察，时间为3月1日至15日；对乙村开展巡察，时间为3月16日至4月10日。信访截止到2024年4月5日。"
    periods, deadlines = read_dates(text)
    assert periods == [("2024-03-01", "2024-03-15"), ("2024-03-16", "2024-04-10")]
    assert deadlines == ["2024-04-05"]


@pytest.mark.parametrize(
    "text, start",
    [
        ("县委第一巡察组自2024年3月1日起对某镇开展巡察。", "2024-03-01"),
        ("县委第一巡察组于2024年3月1日进驻某镇开展巡察。", "2024-03-01"),
        ("2024年5月6日，市委第一巡察组入驻甲镇党委开展常规巡察。", "2024-05-06"),
        ("2024年5月6日上午，市委第一巡察组进驻甲镇开展巡察。", "2024-05-06"),
    ],
)
def test_a_start_with_no_end(text, start):
    assert read_dates(text)[0] == [(start, None)]


@pytest.mark.parametrize(
    "text",
    ["2024年9月26日上午，全市巡察工作会议召开，通报巡察工作情况。", "巡视组值班电话自2024年6月1日起停止使用，巡视工作已结束。"],
)
def test_a_date_that_starts_no_work_is_no_period(text):
    assert read_dates(text)[0] == []


def test_a_range_about_something_else_is_not_a_period():
    assert read_dates("某某强调，4月10日至13日，在全国上下深入贯彻的重要时刻。")[0] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("巡视组受理信访时间截止到2024年12月26日。", "2024-12-26"),
        ("信访受理截至2024年12月26日。", "2024-12-26"),
        ("受理来信来访截止时间为2024年12月26日。", "2024-12-26"),
        ("巡察组信访渠道于2024年12月26日关闭。", "2024-12-26"),
        ("请于2024年12月26日前来信反映。", "2024-12-26"),
        ("受理信访时间为即日起至2024年12月26日。", "2024-12-26"),
        ("受理信访时间为2024年11月1日至12月26日。", "2024-12-26"),
        ("信访受理时间截止到二〇二四年十二月二十六日止。", "2024-12-26"),
    ],
)
def test_deadline_phrasings(text, expected):
    assert read_dates(text)[1] == [expected]


def test_a_date_before_a_rectification_is_no_deadline():
    assert read_dates("要求在2024年12月26日前完成整改。")[1] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("省委巡视组将在某市工作2个月。", ["2个月"]),
        ("将在某市工作2个半月左右。", ["2个半月左右"]),
        ("巡视时间约两个半月。", ["约两个半月"]),
        ("巡察组进驻时间为21天左右。", ["21天左右"]),
        ("为期40天左右。", ["40天左右"]),
        ("近三年来，要求2个月内完成整改。", []),
        ("巡察组进驻3月1日", []),
    ],
)
def test_durations(text, expected):
    assert [f.value for f in find_durations(norm(text))] == expected


@pytest.mark.parametrize("text,start,end", [
    # a page's date line in autumn: each end alone would go to the nearer year (start next year, end this year)
    ("发布日期：2025-10-21\n县委第一巡察组于3月5日至4月30日对甲镇开展巡察。", "2026-03-05", "2026-04-30"),
    # the start's year written, the end's not, a later-dated page line nearer to the end
    ("发布时间：2024-06-01\n县委第二巡察组对乙局开展巡察，2023年3月14日开始，至5月26日结束。", "2023-03-14", "2023-05-26"),
    # across the new year: the end takes the next year, never one before its start
    ("县委第三巡察组自2024年11月20日起至1月15日止对丙乡开展巡察。", "2024-11-20", "2025-01-15"),
    # the end's year written, the start's not
    ("县委第四巡察组于12月1日至2025年2月10日对丁局开展巡察。", "2024-12-01", "2025-02-10"),
])
def test_a_periods_two_ends_take_their_years_together(text, start, end):
    from llm_extract import extract

    (team,) = extract(text, min_confidence=0).teams
    assert (team.start_date, team.end_date) == (start, end)


@pytest.mark.parametrize("text, reference, start_from, end_from", [
    # the start's year from the page's date line, the end's from its start
    ("发布日期：2025-10-21\n县委第一巡察组于3月5日至4月30日对甲镇开展巡察。", None, "text", "period"),
    ("县委第二巡察组对乙局开展巡察，2023年3月14日开始，至5月26日结束。", None, "written", "period"),
    ("县委第四巡察组于12月1日至2025年2月10日对丁局开展巡察。", None, "period", "written"),
    # no year anywhere in the text: the run's reference date gives the start's, the start the end's
    ("县委第五巡察组于3月5日至4月30日对戊镇开展巡察。", date(2025, 2, 1), "reference", "period"),
])
def test_each_date_says_where_its_year_came_from(text, reference, start_from, end_from):
    from llm_extract import extract

    notice = extract(text, reference_date=reference, min_confidence=0)
    (start,), (end,) = notice.evidence_for(0, "start_date"), notice.evidence_for(0, "end_date")
    assert (start.year_from, end.year_from) == (start_from, end_from)
    assert start.value == notice.teams[0].start_date and end.value == notice.teams[0].end_date


def test_a_yearless_date_says_no_year_and_a_deadline_says_where_its_year_came_from():
    from llm_extract import extract

    bare = extract("县委第六巡察组于3月5日进驻己镇开展巡察。", min_confidence=0)
    assert bare.teams[0].start_date == "--03-05" and bare.evidence_for(0, "start_date")[0].year_from is None
    dated = extract("县委第六巡察组于2024年3月5日进驻己镇开展巡察，信访受理时间截至4月25日。", min_confidence=0)
    (deadline,) = dated.evidence_for(0, "petition_deadline")
    assert (deadline.value, deadline.year_from) == ("2024-04-25", "text")


def test_the_years_script_counts_dated_rows_and_names_a_year_unlike_the_gold(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    gold = tmp_path / "gold"
    gold.mkdir()
    team = {"name": "县委第一巡察组", "start_date": "2023-03-14", "end_date": "2023-05-26", "petition_deadline": None}
    (gold / "a.json").write_text(json.dumps({"doc_id": "a", "teams": [team]}, ensure_ascii=False), "utf-8")
    run = tmp_path / "run.jsonl"
    script = Path(__file__).parent.parent / "eval" / "years.py"

    def years(record_team: dict) -> subprocess.CompletedProcess:
        run.write_text(json.dumps({"doc_id": "a", "teams": [record_team]}, ensure_ascii=False) + "\n", "utf-8")
        return subprocess.run([sys.executable, str(script), "--gold", str(gold), str(run)], capture_output=True,
                              text=True, timeout=60)

    right = years(team)
    assert right.returncode == 0 and "1 of 1" in right.stdout and "year as gold: 2" in right.stdout
    wrong = years(team | {"end_date": "2024-05-26"})
    assert wrong.returncode == 1 and "end_date: 2024-05-26, gold 2023-05-26" in wrong.stdout
    yearless = years(team | {"end_date": "--05-26"})
    assert yearless.returncode == 0 and "0 of 1" in yearless.stdout and "no year where gold has one: 1" in yearless.stdout
