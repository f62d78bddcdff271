"""How a value was read (its cue), confidence rated by field × placement × cue with its back-off, a table of the
caller's (`--confidence-table`), and the values the text states plainly that no placement class may drop."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from llm_extract import extract
from llm_extract.reading.confidence import Rating, confidence
from llm_extract.reading.cues import CUES, cue_of
from llm_extract.reading.normalize import normalize

from .conftest import ROOT


def _cue(text: str, value: str, field: str, support: str | None = None) -> str:
    norm = normalize(text).text
    at = norm.index(value)
    return cue_of(norm, at, at + len(value), field, support)


@pytest.mark.parametrize(("text", "value", "field", "cue"), [
    ("巡察对象：甲县财政局、乙镇", "乙镇", "targets", "label"),
    ("市委第一巡察组进驻甲县财政局开展巡察。", "甲县财政局", "targets", "verb"),
    ("市委第一巡察组对甲镇、乙镇开展常规巡察。", "乙镇", "targets", "verb"),
    ("甲镇和乙镇的干部群众参加会议。", "乙镇", "targets", "none"),
    ("巡察时间为2031年3月5日至4月30日。", "2031年3月5日至4月30日", "start_date", "label"),
    ("2031年3月5日至7日，各巡察组进驻被巡察单位。", "2031年3月5日至7日", "start_date", "entry"),
    ("于2031年3月5日至4月30日对甲镇开展巡察。", "2031年3月5日至4月30日", "start_date", "verb"),
    ("举报电话：0999-5551234", "0999-5551234", "phones", "label"),
    ("3.0999-5551234", "0999-5551234", "phones", "item"),
    ("| 一组 | 0999-5551234 |", "0999-5551234", "phones", "column"),
])
def test_a_values_cue_is_how_the_text_says_what_it_is(text, value, field, cue):
    support = "cell" if cue == "column" else None
    assert _cue(text, value, field, support) == cue and cue in CUES


def test_a_class_unseen_backs_off_to_its_field_and_support_and_its_cue_together():
    classes = {"targets/sole": {"confidence": 0.2}, "*~label": {"confidence": 0.9}, "*/sole": {"confidence": 0.5},
               "targets/sole~verb": {"confidence": 0.1}}
    assert confidence("targets", "sole", classes, "verb") == 0.1  # seen: its own share
    assert confidence("targets", "sole", classes, "label") == pytest.approx(0.55)  # unseen: the mean of both
    assert confidence("targets", "sole", classes, "item") == 0.2  # no cue class: its field and support
    assert confidence("phones", "sole", classes, None) == 0.5  # then its placement over all fields


def test_a_labelled_value_does_not_fall_with_its_placement_class(tmp_path):
    table = {"threshold": 0.5, "classes": {"targets/sole": {"confidence": 0.15}, "*~label": {"confidence": 0.95},
                                           "targets/sole~verb": {"confidence": 0.15}}}
    path = tmp_path / "table.json"
    path.write_text(json.dumps(table), "utf-8")
    headline = "近日进驻甲县财政局开展巡察\n巡察组：县委第一巡察组\n组长：王明远"
    # read twice, by a verb (its class dropped) and after a label: the surer reading keeps it
    assert extract(headline + "\n巡察对象：甲县财政局", confidence_table=path).teams[0].targets == ["甲县财政局"]
    assert extract(headline, confidence_table=path).teams[0].targets == []


def test_a_round_period_above_a_table_is_each_teams_and_an_entry_window_is_none():
    table = ("巡察时间为2031年3月5日至4月30日。\n| 组别 | 巡察对象 |\n| 县委第一巡察组 | 甲镇 |\n| 县委第二巡察组 | 乙镇 |")
    for team in extract(table).contract()["teams"]:
        assert (team["start_date"], team["end_date"]) == ("2031-03-05", "2031-04-30")
    window = table.replace("巡察时间为2031年3月5日至4月30日。", "2031年3月5日至7日，巡察组进驻被巡察单位。")
    for team in extract(window, min_confidence=0).contract()["teams"]:
        assert (team["start_date"], team["end_date"]) == (None, None)


def test_the_cli_rates_by_a_table_given_and_names_a_bad_one(tmp_path):
    notice = tmp_path / "a.txt"
    notice.write_text("县委第一巡察组进驻甲县财政局开展巡察。举报电话：0999-5551234。", "utf-8")
    keep_none = tmp_path / "strict.json"
    keep_none.write_text(json.dumps({"threshold": 0.99, "classes": {"*/sole": {"confidence": 0.5}}}), "utf-8")
    run = [sys.executable, "-m", "llm_extract.cli", "extract", str(notice), "--backend", "rules"]
    r = subprocess.run([*run, "--confidence-table", str(keep_none)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["teams"][0]["phones"] == []  # rated 0.5, below the table's own threshold
    bad = tmp_path / "bad.json"
    bad.write_text("{}", "utf-8")
    r = subprocess.run([*run, "--confidence-table", str(bad)], capture_output=True, text=True, cwd=ROOT)
    last = r.stderr.strip().splitlines()[-1]  # argparse's usage, then one line naming the file
    assert r.returncode == 2 and str(bad) in last and "not a confidence table" in last
    with pytest.raises(ValueError, match="not a confidence table"):
        Rating.from_file(bad)
