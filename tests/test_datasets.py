"""From records to datasets: `export` (CSV, Parquet, SQLite), `merge` (one record per inspection across reposts)
and `review` (one page for any run, rendered in a real browser). Every text here is invented."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
from html import escape
from pathlib import Path

import jsonschema
import pytest
from opencc import OpenCC

from llm_extract import extract
from llm_extract.cli import main
from llm_extract.records.export import LISTS

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "notice-v1.schema.json").read_text("utf-8"))

TWO_TEAMS = """市委巡察组进驻公告
根据市委统一部署，市委巡察组于2025年5月6日至7月5日开展巡察。其中，市委第一巡察组对甲区开展巡察，组长王某某；市委第二巡察组对乙县开展巡察，组长赵某某。
市委第一巡察组：举报电话0999-1110001，短信举报号码13900000001（仅接收短信），邮政信箱：某市第101号信箱（邮编999001）。
市委第二巡察组：举报电话0999-1110002（每天8:30-17:30），电子邮箱x2@example.cn。
"""
NO_TEAM = "某县召开巡察工作部署会\n会议强调，要把巡察工作抓实抓细。\n"
ONE_TEAM = """县委第二巡察组进驻甲乡开展巡察
根据县委统一部署，县委第二巡察组于2025年3月10日至4月30日对甲乡党委开展常规巡察。组长：张某某，副组长：李某某。巡察期间，设立举报电话：0999-7654321（受理时间：工作日8:00-18:00），举报邮箱：xcz2@example.cn，邮政信箱：某县A01号邮政信箱。信访受理时间截至2025年4月25日。
"""


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def run(tmp_path) -> Path:
    """A run's records: two teams, a notice with no team, and a notice that failed."""
    failed = {"doc_id": "broken", "kind": "其他", "event": "other", "teams": [], "error": "x.txt: binary input"}
    records = [extract(TWO_TEAMS, "two", min_confidence=0).contract(), extract(NO_TEAM, "none", min_confidence=0).contract(), failed]
    return _jsonl(tmp_path / "answers.jsonl", records)


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# --- export ---------------------------------------------------------------------------------------------------

def test_csv_has_one_row_per_team_with_the_records_values_and_a_bom(run, tmp_path):
    out = tmp_path / "teams.csv"
    assert main(["export", str(run), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a spreadsheet reads the Chinese right
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["doc_id"], r["row"], r["name"]) for r in rows] == [
        ("two", "team", "市委第一巡察组"), ("two", "team", "市委第二巡察组"), ("none", "notice", ""), ("broken", "notice", "")]
    record = _records(run)[0]["teams"][0]
    first = rows[0]
    assert first["leader"] == record["leader"] == "王某某" and first["targets"] == "甲区"
    assert first["phones"] == "0999-1110001; 13900000001" and first["sms_only_phones"] == "13900000001"
    assert first["mailboxes"] == "某市第101号信箱" and first["mailbox_postcodes"] == "999001"
    assert first["start_date"] == "2025-05-06" and rows[1]["phone_hours"] == "08:30-17:30"
    assert rows[3]["error"] == "x.txt: binary input" and rows[3]["phones"] == ""


def test_parquet_keeps_lists_as_lists(run, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="the 'parquet' extra (pyarrow) is not installed")
    out = tmp_path / "teams.parquet"
    assert main(["export", str(run), "-o", str(out)]) == 0
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == 4 and rows[0]["phones"] == ["0999-1110001", "13900000001"]
    assert rows[0]["position"] == 0 and rows[1]["emails"] == ["x2@example.cn"] and rows[2]["phones"] == []
    assert all(isinstance(rows[0][c], list) for c in LISTS)


def test_sqlite_tables_keys_and_view_and_appending_twice_adds_nothing(run, tmp_path):
    out = tmp_path / "run.sqlite"
    assert main(["export", str(run), "-o", str(out)]) == 0
    db = sqlite3.connect(out)
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("SELECT count(*) FROM notices").fetchone() == (3,)
    assert db.execute("SELECT error FROM notices WHERE doc_id = 'broken'").fetchone() == ("x.txt: binary input",)
    assert db.execute("SELECT count(*) FROM teams t JOIN notices n USING (notice_id) WHERE doc_id = 'broken'").fetchone() == (0,)
    contacts = db.execute("SELECT t.name, c.kind, c.value, c.postcode, c.hours FROM contacts c JOIN teams t USING (team_id) "
                          "ORDER BY t.position, c.position").fetchall()
    assert contacts == [
        ("市委第一巡察组", "phone", "0999-1110001", None, None), ("市委第一巡察组", "sms", "13900000001", None, None),
        ("市委第一巡察组", "mailbox", "某市第101号信箱", "999001", None),
        ("市委第二巡察组", "phone", "0999-1110002", None, "08:30-17:30"), ("市委第二巡察组", "email", "x2@example.cn", None, None)]
    # evidence offsets index the original text
    for start, end, text in db.execute("SELECT e.start, e.\"end\", e.text FROM evidence e JOIN notices n USING (notice_id) "
                                       "WHERE n.doc_id = 'two'"):
        assert TWO_TEAMS[start:end] == text
    view = db.execute("SELECT doc_id, name, targets, phones, mailboxes FROM team_rows ORDER BY doc_id, position").fetchall()
    assert view == [("two", "市委第一巡察组", "甲区", "0999-1110001; 13900000001", "某市第101号信箱 (999001)"),
                    ("two", "市委第二巡察组", "乙县", "0999-1110002", None)]
    with pytest.raises(sqlite3.IntegrityError):  # the keys hold
        db.execute("INSERT INTO targets (team_id, position, target) VALUES (9999, 0, 'x')")
    db.close()
    assert main(["export", str(run), "-o", str(out)]) == 0  # the same run again: nothing added
    changed = extract(TWO_TEAMS.replace("甲区", "丙区"), "two", min_confidence=0).contract()  # the same id, another text: added
    assert main(["export", str(_jsonl(tmp_path / "second.jsonl", [changed])), "-o", str(out)]) == 0
    db = sqlite3.connect(out)
    assert db.execute("SELECT count(*) FROM notices").fetchone() == (4,)
    assert db.execute("SELECT count(*) FROM teams").fetchone() == (4,)


def test_a_bad_line_is_named_and_the_others_exported(run, tmp_path, capsys):
    lines = run.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], "{not json", '{"doc_id": "x", "kind": "巡视", "teams": "oops"}', lines[1]]) + "\n")
    out = tmp_path / "teams.csv"
    assert main(["export", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: not JSON" in err and f"{bad}:3: not a notice-v1 record" in err
    assert [r["doc_id"] for r in csv.DictReader(out.open(encoding="utf-8-sig"))] == ["two", "two", "none"]


def test_export_refuses_an_unknown_suffix_and_its_own_input(run, tmp_path, capsys):
    assert main(["export", str(run), "-o", str(tmp_path / "teams.ods")]) == 2
    assert main(["export", str(run), "-o", str(run)]) == 2
    assert "one of .csv, .parquet, .xlsx, .sqlite" in capsys.readouterr().err
    assert len(_records(run)) == 3


# --- merge ----------------------------------------------------------------------------------------------------

def _texts(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    out = tmp_path / "answers.jsonl"
    assert main(["extract", str(folder), "--backend", "rules", "-o", str(out)]) == 0
    return out


def test_reposts_become_one_record_with_sources_and_conflicts(tmp_path):
    traditional = "首頁 > 工作動態\n" + OpenCC("s2t").convert(ONE_TEAM) + "\n主辦單位：某縣紀委監委 版權所有\n"
    news = "近日，县委第二巡察组进驻甲乡党委开展为期近两个月的常规巡察，巡察期间举报电话0999-7654321。\n"
    answers = _texts(tmp_path, {"a": ONE_TEAM, "b": traditional, "c": news,
                                "d": ONE_TEAM.replace("0999-7654321", "0999-7654322")})
    out = tmp_path / "merged.jsonl"
    assert main(["merge", str(answers), "-o", str(out)]) == 0
    (merged,) = _records(out)
    jsonschema.validate(merged, SCHEMA)
    assert merged["sources"] == ["a", "b", "c", "d"]
    (team,) = merged["teams"]
    assert team["name"] == "县委第二巡察组" and team["leader"] == "张某某" and team["start_date"] == "2025-03-10"
    assert {p["number"] for p in team["phones"]} == {"0999-7654321", "0999-7654322"}
    (phones,) = [c for c in merged["conflicts"] if c["field"] == "phones"]
    assert {v["value"]["number"]: v["sources"] for v in phones["values"]} == {"0999-7654321": ["a", "b", "c"],
                                                                           "0999-7654322": ["d"]}
    assert {e["source"] for e in merged["evidence"]} == {"a", "b", "c", "d"}


def test_a_scalar_two_sources_disagree_on_is_a_conflict_with_each_value(tmp_path):
    answers = _texts(tmp_path, {"a": ONE_TEAM, "b": ONE_TEAM.replace("截至2025年4月25日", "截至2025年4月26日")})
    out = tmp_path / "merged.jsonl"
    assert main(["merge", str(answers), "-o", str(out)]) == 0
    (merged,) = _records(out)
    (deadline,) = [c for c in merged["conflicts"] if c["field"] == "petition_deadline"]
    assert deadline == {"team": "县委第二巡察组", "field": "petition_deadline",
                        "values": [{"value": "2025-04-25", "sources": ["a"]}, {"value": "2025-04-26", "sources": ["b"]}]}


def test_notices_that_share_a_place_are_not_merged(tmp_path):
    other_team = ("县委第三巡察组进驻甲乡中心学校开展巡察\n县委第三巡察组于2025年3月10日至4月30日对甲乡中心学校党支部开展巡察。"
                  "举报电话：0999-7654321。\n")  # same place, same phone (the 巡察办's), another team
    other_year = ONE_TEAM.replace("2025年", "2023年")  # the same team and place two years before
    other_county = ONE_TEAM.replace("县委", "区委").replace("0999-7654321", "0999-7000000")
    other_round = ONE_TEAM.replace("县委第二巡察组", "县委第五轮第二巡察组")
    answers = _texts(tmp_path, {"a": ONE_TEAM.replace("县委第二巡察组", "县委第四轮第二巡察组"), "b": other_team,
                                "c": other_year, "d": other_county, "e": other_round})
    out = tmp_path / "merged.jsonl"
    assert main(["merge", str(answers), "-o", str(out)]) == 0
    assert [m["sources"] for m in _records(out)] == [["a"], ["b"], ["c"], ["d"], ["e"]]


def test_failed_records_are_kept_apart_and_as_they_were(run, tmp_path):
    out = tmp_path / "merged.jsonl"
    doubled = _jsonl(tmp_path / "twice.jsonl", _records(run) * 2)
    assert main(["merge", str(doubled), "-o", str(out)]) == 0
    merged = _records(out)
    assert [m["sources"] for m in merged] == [["two"], ["none"], ["broken"], ["broken"]]  # a source named once
    assert merged[2]["error"] == "x.txt: binary input"


# --- review ---------------------------------------------------------------------------------------------------

def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(*args: str) -> subprocess.CompletedProcess:
    chromium = _chromium()
    assert chromium
    return subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *args],
                          capture_output=True, text=True, timeout=180)


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)")
def test_review_page_in_a_real_browser_shows_every_value_dropped_ones_and_errors(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "two.txt").write_text(TWO_TEAMS, "utf-8")
    (folder / "one.txt").write_text(ONE_TEAM, "utf-8")
    strict = extract(ONE_TEAM, "one", min_confidence=1.0).contract()  # every value below 1: all left out, said why
    del strict["held"]  # as a record written before records held their values: what it left out is only named
    failed = {"doc_id": "broken", "kind": "其他", "event": "other", "teams": [], "error": "x.txt: binary input"}
    answers = _jsonl(tmp_path / "answers.jsonl", [extract(TWO_TEAMS, "two", min_confidence=0).contract(), strict, failed])
    page = tmp_path / "review.html"
    assert main(["review", str(answers), "--texts", str(folder), "-o", str(page)]) == 0
    html = page.read_text("utf-8")
    assert "http" not in html and "<script src" not in html and "<link" not in html  # opens from disk, no network

    dom = _browser("--dump-dom", page.as_uri()).stdout
    two = extract(TWO_TEAMS, "two", min_confidence=0)
    marks = {int(k): v for ks, v in re.findall(r'<mark data-ev="([\d ]+)"[^>]*>(?:<a [^>]*>)?([^<]*)(?:</a>)?</mark>',
                                               dom.split('id="n1"')[0]) for k in ks.split()}
    for k, ev in enumerate(two.evidence):  # every value of the first notice is marked, with its text
        assert k in marks and marks[k] in ev.text, ev
    assert 'title="phones: 13900000001 · ' in dom and "background:#a9d18e" in dom  # the second team's
    assert "linear-gradient" in dom  # the period both teams share: striped in both colours
    assert re.search(r"end_date: 2025-07-05 · [^\n\"]* · year from period", dom)  # where a date's year came from
    assert "市委第二巡察组" in dom and "13900000001 (SMS)" in dom and "某市第101号信箱 (999001)" in dom
    left_out = [w for w in strict["warnings"] if w.startswith("left out")]
    assert left_out and all(escape(w, quote=False) in dom for w in left_out)
    assert "error: x.txt: binary input" in dom
    # a table cell leads to its value's mark and the mark back to the cell; a mark says its field
    assert re.search(r'<td id="cell-n0-1-leader"[^>]*><span class="value"><a href="#n0-1-leader">赵某某</a></span>', dom)
    assert re.search(r'<a id="n0-1-leader"></a><mark data-ev="\d+" data-f="leader"[^>]*><a href="#cell-n0-1-leader">赵某某',
                     dom)

    png = tmp_path / "review.png"
    _browser(f"--screenshot={png}", "--window-size=1280,2000", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_review_says_which_records_have_no_text_and_which_text_is_not_theirs(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "two.txt").write_text(TWO_TEAMS.replace("甲区", "丙区"), "utf-8")  # edited since the run
    answers = _jsonl(tmp_path / "answers.jsonl", [extract(TWO_TEAMS, "two", min_confidence=0).contract(), extract(NO_TEAM, "none", min_confidence=0).contract()])
    page = tmp_path / "review.html"
    assert main(["review", str(answers), "--texts", str(folder), "-o", str(page)]) == 0
    html = page.read_text("utf-8")
    assert "not the text the record was read from" in html and "<mark" not in html
    assert "no text given for this record" in html
    assert "1 record(s) have no text among --texts (e.g. none)" in capsys.readouterr().err


def _many_teams(n: int) -> str:
    lines = ["市委巡察组进驻公告"] + [f"市委第{k}巡察组对甲{k}局开展巡察，组长乙{k}，举报电话0999-11100{k:02d}。" for k in range(1, n + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)")
def test_review_page_gives_each_of_many_teams_its_own_colour_and_reads_whole_in_a_browser(tmp_path):
    """Nine teams: nine colours, each team's column head the colour of its marks; the whole text shown (no box
    that cuts it); the table below the text on a narrow window. Rendered with the CJK font .ci/run installs."""
    text = _many_teams(9)
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "nine.txt").write_text(text, "utf-8")
    answers = _jsonl(tmp_path / "answers.jsonl", [extract(text, "nine", min_confidence=0).contract()])
    page = tmp_path / "review.html"
    assert main(["review", str(answers), "--texts", str(folder), "-o", str(page)]) == 0
    dom = _browser("--dump-dom", page.as_uri()).stdout
    heads = re.findall(r'<th style="background:([^"]+)">市委第', dom)
    assert len(heads) == 9 and len(set(heads)) == 9
    for colour in heads:
        assert f"background:{colour}" in dom.split("<table")[0]  # the same colour marks that team's values
    assert "max-height" not in dom
    for width in (1400, 700):
        png = tmp_path / f"review-{width}.png"
        _browser(f"--screenshot={png}", f"--window-size={width},1600", page.as_uri())
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
