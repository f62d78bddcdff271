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
    assert len(said) == 1 and "2 cell(s)" in said[0] and "targets" in said[0]
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
