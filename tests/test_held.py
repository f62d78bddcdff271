"""Nothing dropped in silence: a record holds the values its threshold left out, and `export`, `merge` and
`review` take the threshold (`--min-confidence`) when reading the records, without reading a notice again."""

from __future__ import annotations

import csv
import json
import re
import sqlite3

from llm_extract import extract
from llm_extract.cli import main
from llm_extract.reading.confidence import at_confidence, default_threshold

# one team; its units on lines under a line that is no heading: placed only as the text's one team, rated under
# the package's threshold
PLAN = "某县委第一巡察组进驻安排：\n甲村  3月1日-3月10日\n乙社区  3月11日-3月20日\n举报电话：0999-2345678\n"


def test_a_record_holds_what_its_threshold_left_out_and_a_later_threshold_takes_it_back():
    notice = extract(PLAN, backend="rules")
    (team,) = notice.teams
    assert team.targets == [] and any("left out targets '甲村'" in w for w in notice.warnings)
    assert notice.held is not None and notice.held.threshold == default_threshold()
    assert notice.held.teams[0].targets == ["甲村", "乙社区"]
    back = at_confidence(notice, 0)
    assert back.teams[0].targets == ["甲村", "乙社区"] and back.held is None and not back.warnings
    assert [e.value for e in back.evidence_for(0, "targets")] == ["甲村", "乙社区"]
    # a higher threshold leaves more out, and still holds everything as read
    strict = at_confidence(back, 0.99)
    assert strict.teams == [] and strict.held is not None
    assert at_confidence(strict, 0).teams[0].targets == ["甲村", "乙社区"]
    # nothing left out: nothing held, no key written
    sure = extract("某县委第一巡察组对甲局开展巡察。", backend="rules")
    assert sure.held is None and "held" not in sure.contract()


def test_export_merge_and_review_take_the_threshold_when_reading_the_records(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text(PLAN, encoding="utf-8")
    run = tmp_path / "run.jsonl"
    assert main(["extract", str(src), "--backend", "rules", "-o", str(run)]) == 0
    assert json.loads(run.read_text("utf-8"))["held"]["teams"][0]["targets"] == ["甲村", "乙社区"]

    def units(path):
        return [row["targets"] for row in csv.DictReader(path.open(encoding="utf-8-sig"))]

    assert main(["export", str(run), "-o", str(tmp_path / "a.csv")]) == 0
    assert main(["export", str(run), "-o", str(tmp_path / "b.csv"), "--min-confidence", "0"]) == 0
    assert units(tmp_path / "a.csv") == [""] and units(tmp_path / "b.csv") == ["甲村; 乙社区"]
    assert main(["export", str(run), "-o", str(tmp_path / "b.sqlite"), "--min-confidence", "0"]) == 0
    with sqlite3.connect(tmp_path / "b.sqlite") as db:
        assert sorted(r[0] for r in db.execute("SELECT target FROM targets")) == ["乙社区", "甲村"]
    merged = tmp_path / "m.jsonl"
    assert main(["merge", str(run), "-o", str(merged), "--min-confidence", "0"]) == 0
    record = json.loads(merged.read_text("utf-8"))
    assert record["teams"][0]["targets"] == ["甲村", "乙社区"] and "held" not in record
    page = tmp_path / "r.html"
    assert main(["review", str(run), "--texts", str(src), "-o", str(page), "--min-confidence", "0"]) == 0
    assert "left out targets" not in page.read_text("utf-8")
    assert main(["review", str(run), "--texts", str(src), "-o", str(page)]) == 0
    html = page.read_text("utf-8")
    assert "left out targets" in html
    # the list at the top says what to look at by kind; the values left out are marked in the text, in their own
    # style; the notice's issuer and why it has no region are shown
    assert "2 to look at: 2 left out targets" in html
    assert len(re.findall(r"<mark data-ev='\d+' data-f='left out: targets' style='background:#ffffff", html)) == 2
    assert "县委 · no region: no place named" in html
