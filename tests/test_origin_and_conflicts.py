"""Where a notice was published (a JSONL line's date and url, a web page's metadata) as its reference date and
in its record, and merge conflicts carried into every export (issue 23). Every text here is invented."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from llm_extract.cli import main
from llm_extract.runs.inputs import Document, InputError, read_inputs

from .test_datasets import ONE_TEAM

YEARLESS = "县委第一巡察组进驻甲镇\n县委第一巡察组于3月5日至4月30日对甲镇开展巡察。举报电话：0999-7650001。\n"


def _jsonl(path: Path, *rows: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_a_jsonl_lines_date_is_its_reference_date_and_its_date_and_url_are_kept(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": YEARLESS, "date": "2025-10-21", "url": "https://x.example/a"},
                 {"id": "b", "text": YEARLESS, "date": "2023-02-01T08:00:00"}, {"id": "c", "text": YEARLESS})
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "--backend", "rules", "--min-confidence", "0", "-o", str(out)]) == 0
    a, b, c = (json.loads(line) for line in out.read_text("utf-8").splitlines())
    assert (a["teams"][0]["start_date"], a["teams"][0]["end_date"]) == ("2026-03-05", "2026-04-30")
    assert (a["published"], a["url"]) == ("2025-10-21", "https://x.example/a")
    assert (b["teams"][0]["start_date"], b["published"]) == ("2023-03-05", "2023-02-01") and "url" not in b
    assert c["teams"][0]["start_date"] == "--03-05" and "published" not in c


def test_a_jsonl_date_that_is_no_date_is_named_and_the_other_lines_read(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": YEARLESS, "date": "21/10/2025"}, {"id": "b", "text": YEARLESS})
    items = list(read_inputs([str(src)]))
    assert isinstance(items[0], InputError) and "'21/10/2025', not a date" in str(items[0]) and items[0].doc_id == "a"
    assert isinstance(items[1], Document) and items[1].published is None


def test_a_web_pages_own_date_and_address_are_read_from_its_metadata(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in YEARLESS.splitlines() * 3)
    page = tmp_path / "p.html"
    page.write_text("<html><head><meta property='article:published_time' content='2024-11-02T09:30:00'>"
                    "<link rel='canonical' href='https://x.example/p.html'></head>"
                    f"<body><article>{body}</article></body></html>", "utf-8")
    (doc,) = read_inputs([str(page)])
    assert isinstance(doc, Document) and (doc.published.isoformat(), doc.url) == ("2024-11-02", "https://x.example/p.html")


@pytest.fixture
def merged(tmp_path) -> Path:
    """A merged record with conflicts: one notice's reposts disagreeing on the deadline and a phone."""
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(ONE_TEAM, "utf-8")
    (folder / "b.txt").write_text(ONE_TEAM.replace("截至2025年4月25日", "截至2025年4月26日")
                                  .replace("0999-7654321", "0999-7654329"), "utf-8")
    answers, out = tmp_path / "answers.jsonl", tmp_path / "merged.jsonl"
    assert main(["extract", str(folder), "--backend", "rules", "-o", str(answers)]) == 0
    assert main(["merge", str(answers), "-o", str(out)]) == 0
    return out


def test_conflicts_reach_csv_parquet_and_sqlite(merged, tmp_path):
    assert main(["export", str(merged), "-o", str(tmp_path / "t.csv")]) == 0
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        (row,) = csv.DictReader(f)
    fields = {c["field"] for c in json.loads(row["conflicts"])}
    assert fields == {"petition_deadline", "phones"} and row["sources"] == "a; b"

    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["export", str(merged), "-o", str(tmp_path / "t.parquet")]) == 0
    (cell,) = pq.read_table(tmp_path / "t.parquet").column("conflicts").to_pylist()
    assert {c["field"] for c in json.loads(cell)} == fields

    assert main(["export", str(merged), "-o", str(tmp_path / "t.sqlite")]) == 0
    with sqlite3.connect(tmp_path / "t.sqlite") as db:
        rows = db.execute("SELECT team, field, value, sources FROM conflicts WHERE field = 'petition_deadline' "
                          "ORDER BY value").fetchall()
    assert rows == [("县委第二巡察组", "petition_deadline", '"2025-04-25"', '["a"]'),
                    ("县委第二巡察组", "petition_deadline", '"2025-04-26"', '["b"]')]


def test_a_database_of_an_earlier_export_is_brought_up_to_date_not_refused(merged, tmp_path):
    db_path = tmp_path / "old.sqlite"
    with sqlite3.connect(db_path) as db:  # the notices table as the export wrote it before it had published, url
        db.execute("CREATE TABLE notices (notice_id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, input_hash TEXT NOT "
                   "NULL, kind TEXT NOT NULL, event TEXT NOT NULL, title TEXT, backend TEXT, error TEXT, warnings "
                   "TEXT NOT NULL, sources TEXT NOT NULL, UNIQUE (doc_id, input_hash))")
        db.execute("INSERT INTO notices VALUES (1, 'old', 'h', '巡察', 'other', NULL, 'rules', NULL, '[]', '[\"old\"]')")
    assert main(["export", str(merged), "-o", str(db_path)]) == 0
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT doc_id, published FROM notices ORDER BY notice_id").fetchall() == [("old", None),
                                                                                                     ("a", None)]
        assert db.execute("SELECT count(*) FROM conflicts").fetchone()[0] >= 4


def test_a_run_merged_with_itself_is_not_said_to_join_anything(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(ONE_TEAM, "utf-8")
    (folder / "b.txt").write_text(YEARLESS, "utf-8")
    answers, out = tmp_path / "answers.jsonl", tmp_path / "merged.jsonl"
    assert main(["extract", str(folder), "--backend", "rules", "-o", str(answers)]) == 0
    capsys.readouterr()
    assert main(["merge", str(answers), str(answers), "-o", str(out)]) == 0
    assert "4 record(s) → 2 inspection(s); 0 joined from more than one text" \
        in capsys.readouterr().err
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    assert first["sources"] == ["a"] and first["text_sha256"]  # one text: its hash kept, its spans still its own


def test_a_spreadsheet_keeps_phones_and_postcodes_as_text_dates_as_dates_and_runs_no_formula(merged, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    record = json.loads(merged.read_text("utf-8"))
    record["teams"][0]["phones"].append({"number": "13900000001", "sms_only": True})
    record["teams"][0]["targets"].append("=1+1")
    record["teams"][0]["end_date"] = "--04-30"
    src = _jsonl(tmp_path / "r.jsonl", record | {"doc_id": "@id", "published": "2025-03-01"})
    out = tmp_path / "t.xlsx"
    assert main(["export", str(src), "-o", str(out)]) == 0
    head, first = openpyxl.load_workbook(out)["teams"].iter_rows(max_row=2)
    cells = {h.value: c for h, c in zip(head, first, strict=True)}

    def text(name: str) -> str | None:  # a text cell's value (None for a number, a date or a formula)
        cell = cells[name]
        return cell.value if isinstance(cell.value, str) and cell.data_type != "f" else None

    assert text("doc_id") == "@id" and text("sms_only_phones") == "13900000001"
    assert text("targets").endswith("; =1+1") and text("end_date") == "--04-30"
    assert cells["start_date"].value.date().isoformat() == "2025-03-10" and cells["published"].is_date
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_excel(out, dtype=object)
    assert frame.loc[0, "sms_only_phones"] == "13900000001"


@pytest.fixture
def dated_and_yearless(tmp_path) -> Path:
    """Records of one text read with its publication date (years from it) and without (dates with no year)."""
    src = _jsonl(tmp_path / "in.jsonl", {"id": "dated", "text": YEARLESS, "date": "2025-10-21"},
                 {"id": "yearless", "text": YEARLESS})
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "--backend", "rules", "--min-confidence", "0", "-o", str(out)]) == 0
    return out


def test_dates_are_typed_in_parquet_and_sqlite_and_say_where_their_years_came_from(dated_and_yearless, tmp_path):
    dated, yearless = (json.loads(line) for line in dated_and_yearless.read_text("utf-8").splitlines())
    assert [e["year_from"] for e in dated["evidence"] if e["field"] in ("start_date", "end_date")] == \
        ["published", "period"]
    assert yearless["teams"][0]["start_date"] == "--03-05"

    assert main(["export", str(dated_and_yearless), "-o", str(tmp_path / "t.csv")]) == 0
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        csv_rows = [(r["start_date"], r["start_year_from"], r["end_date"], r["end_year_from"]) for r in csv.DictReader(f)]
    # ISO dates; a yearless one as ISO writes it, made inert (a spreadsheet would compute --03-05 as -2)
    assert csv_rows == [("2026-03-05", "published", "2026-04-30", "period"), ("'--03-05", "none", "'--04-30", "none")]

    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["export", str(dated_and_yearless), "-o", str(tmp_path / "t.parquet")]) == 0
    table = pq.read_table(tmp_path / "t.parquet")
    assert str(table.schema.field("start_date").type) == "date32[day]" == str(table.schema.field("published").type)
    assert [d and d.isoformat() for d in table.column("start_date").to_pylist()] == ["2026-03-05", None]
    assert table.column("start_year_from").to_pylist() == ["published", "none"]

    assert main(["export", str(dated_and_yearless), "-o", str(tmp_path / "t.sqlite")]) == 0
    with sqlite3.connect(tmp_path / "t.sqlite") as db:
        kinds = {c[1]: c[2] for c in db.execute("PRAGMA table_info(teams)")}
        assert kinds["start_date"] == kinds["end_date"] == kinds["petition_deadline"] == "DATE"
        # a date filter is right: the yearless date is NULL, not '--03-05' (which sorts before any year)
        assert db.execute("SELECT doc_id FROM team_rows WHERE start_date < '2026-01-01'").fetchall() == []
        assert db.execute("SELECT doc_id, start_date, start_year_from FROM team_rows ORDER BY doc_id").fetchall() == \
            [("dated", "2026-03-05", "published"), ("yearless", None, "none")]
        assert db.execute("SELECT value FROM evidence WHERE field = 'start_date' AND year_from IS NULL").fetchall() \
            == [("--03-05",)]  # the yearless date as written stays in the evidence


def test_an_earlier_exports_database_gets_the_year_columns_in_its_tables_and_its_view(dated_and_yearless, tmp_path):
    db_path = tmp_path / "old.sqlite"
    tables = resources.files("llm_extract").joinpath("data/export.sql").read_text("utf-8").split("CREATE VIEW")[0]
    earlier = re.sub(r",\s*\n\);", "\n);", "\n".join(  # today's tables less the year and month-day columns (and
        line for line in tables.splitlines()  # the comments): the version before them
        if not re.search(r"year_from|_md\b|^\s*source\s", line.split("--")[0]) and line.split("--")[0].strip()))
    with sqlite3.connect(db_path) as db:
        db.executescript(earlier + "CREATE VIEW team_rows AS SELECT n.doc_id, t.start_date FROM teams t "
                                   "JOIN notices n USING (notice_id);")
        assert "start_year_from" not in {c[1] for c in db.execute("PRAGMA table_info(teams)")}
    assert main(["export", str(dated_and_yearless), "-o", str(db_path)]) == 0
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT doc_id, start_year_from FROM team_rows ORDER BY doc_id").fetchall() == \
            [("dated", "published"), ("yearless", "none")]
        assert db.execute("SELECT count(*) FROM evidence WHERE year_from = 'period'").fetchone()[0] == 1
