"""The fourth fault hunt (issue 33), a test per row that is fixed: each input, what it did, what it does now.
Every text here is invented."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from llm_extract import extract
from llm_extract.cli import main

ONE_TEAM = "县委第二巡察组进驻甲乡开展巡察。举报电话：0999-7654321。"


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_row9_xlsx_cells_cut_or_stripped_are_said_once_per_file_and_kept_whole_elsewhere(tmp_path, capsys):
    record = extract(ONE_TEAM, "long", min_confidence=0).contract()
    record["teams"][0]["targets"] = ["甲" * 40_000, "乙\x07局"]
    run = _jsonl(tmp_path / "run.jsonl", [record, record])
    assert main(["export", str(run), "-o", str(tmp_path / "t.xlsx")]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if "cut to" in line]
    assert len(said) == 1 and "4 cell(s)" in said[0] and "targets, unit_full" in said[0]  # the units, and their keys
    cell = load_workbook(tmp_path / "t.xlsx").active["A2"].parent  # the sheet
    assert any(isinstance(c.value, str) and len(c.value) == 32_767 for row in cell.iter_rows() for c in row)
    assert main(["export", str(run), "-o", str(tmp_path / "t.csv")]) == 0
    assert "甲" * 40_000 in (tmp_path / "t.csv").read_text("utf-8-sig")


def test_row13_an_output_in_a_missing_folder_is_named_as_the_output(tmp_path, capsys):
    run = _jsonl(tmp_path / "run.jsonl", [extract(ONE_TEAM, "one").contract()])
    out = tmp_path / "nonexist" / "dir" / "x.xlsx"
    assert main(["export", str(run), "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert str(out) in err and ".tmp" not in err and len(err.strip().splitlines()) == 1


def test_row1_a_jsonl_date_outside_the_years_of_notices_names_its_line_and_the_others_are_read(tmp_path, capsys):
    lines = [{"id": "a", "text": ONE_TEAM, "date": "9999-12-31"}, {"id": "b", "text": ONE_TEAM, "date": "0001-01-01"},
             {"id": "c", "text": ONE_TEAM, "date": "２０２４-01-01"}, {"id": "d", "text": ONE_TEAM, "date": "2024-01-01"}]
    src = _jsonl(tmp_path / "in.jsonl", lines)
    assert main(["extract", str(src), "--backend", "rules", "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[2] for line in err if "bad JSONL line" in line] == ["1", "2", "3"]
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r.get("published") for r in records if not r.get("error")] == ["2024-01-01"]


def test_row2_a_pages_date_is_its_metadatas_never_a_guess_nor_a_repair():
    from llm_extract.runs.inputs import html_origin
    body = "<body><article><p>2020年1月1日，县委第一巡察组进驻甲局开展巡察。</p></article></body>"
    assert html_origin(f"<html><head></head>{body}</html>")[0] is None
    bad = '<meta property="article:published_time" content="2023-02-30T10:00:00+08:00">'
    assert html_origin(f"<html><head>{bad}</head>{body}</html>")[0] is None
    good = '<meta name="PubDate" content="2023-05-06 10:00">'
    assert str(html_origin(f"<html><head>{good}</head>{body}</html>")[0]) == "2023-05-06"


def test_row8_a_records_impossible_date_or_publication_is_named_by_its_line(tmp_path, capsys):
    good = extract(ONE_TEAM, "good").contract()
    bad_day = json.loads(json.dumps(good)) | {"doc_id": "bad-day"}
    bad_day["teams"][0]["start_date"] = "2023-02-30"
    yesterday = json.loads(json.dumps(good)) | {"doc_id": "yesterday", "published": "yesterday"}
    run = _jsonl(tmp_path / "run.jsonl", [bad_day, yesterday, good])
    assert main(["export", str(run), "-o", str(tmp_path / "t.sqlite")]) == 1
    err = capsys.readouterr().err
    assert f"{run}:1:" in err and "2023-02-30" in err and f"{run}:2:" in err and "published" in err


def test_row10_a_count_or_size_past_any_real_one_is_one_line(tmp_path, capsys):
    record = extract("某县召开巡察工作部署会，派出3个巡察组。举报电话：0999-7654321。", "r", min_confidence=0).contract()
    record["round"]["team_count"] = 10**20
    run = _jsonl(tmp_path / "run.jsonl", [record])
    for suffix in (".parquet", ".sqlite"):
        assert main(["export", str(run), "-o", str(tmp_path / f"t{suffix}")]) == 1
        err = capsys.readouterr().err
        assert f"{run}:1:" in err and "team_count" in err and "Traceback" not in err
    src = tmp_path / "one.txt"
    src.write_text(ONE_TEAM, "utf-8")
    try:
        main(["extract", str(src), "--backend", "rules", "--max-chars", "99999999999999999999"])
    except SystemExit as e:
        assert e.code == 2
    assert "at most" in capsys.readouterr().err


def test_row14_a_links_credentials_never_reach_a_record_or_an_export(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ONE_TEAM,
                                         "url": "https://user:pw@example.org/n?id=2&access_token=abc"}])
    assert main(["extract", str(src), "--backend", "rules", "-o", str(tmp_path / "run.jsonl")]) == 0
    (record,) = [json.loads(x) for x in (tmp_path / "run.jsonl").read_text("utf-8").splitlines()]
    assert record["url"] == "https://***@example.org/n?id=2&access_token=***"
    old = _jsonl(tmp_path / "old.jsonl", [record | {"url": "https://user:pw@example.org/n?token=abc"}])  # an older run
    assert main(["export", str(old), "-o", str(tmp_path / "t.csv")]) == 0
    assert "pw" not in (tmp_path / "t.csv").read_text("utf-8-sig") and "abc" not in (tmp_path / "t.csv").read_text("utf-8-sig")


def test_row5_an_export_killed_mid_write_leaves_a_journal_the_next_export_rolls_back(tmp_path):
    import subprocess
    import sys

    run = _jsonl(tmp_path / "run.jsonl", [extract(ONE_TEAM, "one").contract()])
    db = tmp_path / "t.sqlite"
    assert main(["export", str(run), "-o", str(db)]) == 0
    killed = ("import os, sqlite3, sys\ndb = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "db.execute('PRAGMA cache_size = 1')\ndb.execute('BEGIN')\n"  # pages spill to the file: a hot journal
              "db.execute('CREATE TABLE filler (x)')\n"
              "db.executemany('INSERT INTO filler VALUES (?)', [('x' * 500,)] * 2000)\nos.kill(os.getpid(), 9)\n")
    subprocess.run([sys.executable, "-c", killed, str(db)], check=False)
    assert (tmp_path / "t.sqlite-journal").exists()
    second = _jsonl(tmp_path / "second.jsonl", [extract(ONE_TEAM.replace("甲乡", "乙乡"), "two").contract()])
    assert main(["export", str(second), "-o", str(db)]) == 0
    import sqlite3
    with sqlite3.connect(db) as con:
        assert {d for (d,) in con.execute("SELECT doc_id FROM notices")} == {"one", "two"}


def _team_record(doc_id: str, town: str, leader: str, period: str, phone: str = "0999-7654321") -> dict:
    text = f"县委第二巡察组进驻{town}开展巡察，组长{leader}，巡察时间为{period}。举报电话：{phone}。"
    return extract(text, doc_id).contract()


def _merged(tmp_path: Path, records: list[dict]) -> list[dict]:
    run = _jsonl(tmp_path / "run.jsonl", records)
    out = tmp_path / "merged.jsonl"
    assert main(["merge", str(run), "-o", str(out)]) == 0
    return [json.loads(x) for x in out.read_text("utf-8").splitlines()]


def test_row3_a_shared_phone_proposes_a_pair_but_other_units_leaders_and_periods_keep_them_apart(tmp_path):
    a = _team_record("a", "甲镇", "赵明", "2024年3月1日至4月30日")
    b = _team_record("b", "乙镇", "钱立", "2024年6月1日至7月31日")  # the county's one petition phone, another round
    assert len(_merged(tmp_path, [a, b])) == 2
    again = _team_record("a2", "甲镇", "赵明", "2024年3月1日至4月30日")  # a repost of a: one inspection
    assert len(_merged(tmp_path, [a, again])) == 1


def test_row3_joins_do_not_chain_through_a_record_that_matches_neither(tmp_path):
    # a and d are two inspections; b and c share a's phone and d's, and each agrees with only one of them
    a = _team_record("a", "甲镇", "赵明", "2024年3月1日至4月30日", "0999-1111111")
    b = extract("县委第二巡察组进驻甲镇开展巡察。举报电话：0999-1111111、0999-2222222。", "b").contract()
    d = _team_record("d", "乙镇", "钱立", "2024年6月1日至7月31日", "0999-2222222")
    merged = _merged(tmp_path, [a, b, d])
    assert [m["doc_id"] for m in merged] == ["a", "d"]  # b joins a (its town); d stays apart from both


def test_row4_a_unit_longer_than_any_name_merges_in_little_memory(tmp_path):
    import random
    import resource
    rng = random.Random(7)
    record = extract(ONE_TEAM, "long").contract()
    record["teams"][0]["targets"] = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(3000))]
    other = record | {"doc_id": "long2", "text_sha256": "0" * 64}  # another text: its pieces are indexed too
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # (13 GB and 48 s before the pieces were capped)
    assert len(_merged(tmp_path, [record, other])) == 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB: under 100 MB more


def test_row7_rows_of_an_earlier_version_are_typed_anew_and_every_date_keeps_its_month_and_day(tmp_path):
    import sqlite3
    db = tmp_path / "t.sqlite"
    first = extract("县委第二巡察组于3月1日进驻甲乡开展巡察。", "old").contract()
    assert first["teams"][0]["start_date"] == "--03-01"
    assert main(["export", str(_jsonl(tmp_path / "a.jsonl", [first])), "-o", str(db)]) == 0
    with sqlite3.connect(db) as con:  # as an earlier version left it: the yearless date as text, no year, no MM-DD
        con.execute("UPDATE teams SET start_date = '--03-01', start_year_from = NULL, start_md = NULL")
    second = extract("县委第二巡察组于2024年5月6日进驻乙乡开展巡察。", "new").contract()
    assert main(["export", str(_jsonl(tmp_path / "b.jsonl", [second])), "-o", str(db)]) == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM teams WHERE start_date < '2000-01-01'").fetchone() == (0,)
        rows = con.execute("SELECT start_date, start_year_from, start_md FROM teams ORDER BY team_id").fetchall()
        assert rows == [(None, "none", "03-01"), ("2024-05-06", "written", "05-06")]
        assert con.execute("SELECT start_md FROM team_rows ORDER BY position, doc_id").fetchall() == [("05-06",), ("03-01",)]


def test_row11_an_xlsx_exports_spooled_sheets_stay_beside_the_output_and_go(tmp_path, monkeypatch):
    import tempfile

    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    spooled: list[str] = []
    real = tempfile.NamedTemporaryFile

    def watched(*args, **kw):
        f = real(*args, **kw)
        spooled.append(f.name)
        return f

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", watched)
    import openpyxl.worksheet._writer as sheet_writer
    monkeypatch.setattr(sheet_writer, "NamedTemporaryFile", watched)
    out = tmp_path / "out" / "t.xlsx"
    out.parent.mkdir()
    run = _jsonl(tmp_path / "run.jsonl", [extract(ONE_TEAM, "one").contract()])
    assert main(["export", str(run), "-o", str(out)]) == 0
    assert spooled and all(Path(name).parent.parent == out.parent for name in spooled)
    assert not list(tmpdir.iterdir()) and sorted(p.name for p in out.parent.iterdir()) == ["t.xlsx"]


def test_row6_of_two_exports_creating_one_database_the_failing_one_leaves_the_other_its_rows(tmp_path):
    import sqlite3
    import threading
    import time

    from llm_extract.models import Notice
    from llm_extract.records.sqlite_export import write_sqlite

    db = tmp_path / "new.sqlite"
    locked = threading.Event()
    good = Notice.model_validate(extract(ONE_TEAM, "good").contract())

    def failing():  # the creator: holds the database, then fails as a full disk does, while the other waits
        locked.set()
        time.sleep(0.5)
        raise sqlite3.OperationalError("database or disk is full")
        yield  # a generator of records

    outcome: dict[str, object] = {}

    def other() -> None:
        locked.wait()
        outcome["other"] = write_sqlite([(good, good.contract())], db)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        write_sqlite(failing(), db)
    except OSError as e:
        outcome["failing"] = str(e)
    thread.join(30)
    assert "disk is full" in str(outcome["failing"]) and outcome["other"] == (1, 0)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT doc_id FROM notices").fetchall() == [("good",)]
    # alone, a failing export that created the file leaves none
    lone = tmp_path / "lone.sqlite"
    try:
        write_sqlite(failing(), lone)
    except OSError:
        pass
    assert not lone.exists()


def test_row11_an_xlsx_export_interrupted_says_one_line_and_leaves_nothing(tmp_path):
    import signal
    import subprocess
    import time

    line = json.dumps(extract(ONE_TEAM, "n").contract(), ensure_ascii=False)
    run = tmp_path / "run.jsonl"
    run.write_text("".join(line.replace('"doc_id": "n"', f'"doc_id": "n{k}"') + "\n" for k in range(60_000)), "utf-8")
    out = tmp_path / "out" / "t.xlsx"
    out.parent.mkdir()
    for sig, code, said in ((signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")):
        p = subprocess.Popen(["llm-extract", "export", str(run), "-o", str(out)],
                             stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not any(f.name.endswith(".scratch") for f in out.parent.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the sheet is being spooled
        time.sleep(0.3)
        p.send_signal(sig)
        err = p.communicate(timeout=60)[1]
        assert p.returncode == code and err.strip().splitlines() == [f"llm-extract: {said}"], err
        assert list(out.parent.iterdir()) == []
