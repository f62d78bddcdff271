"""The eval command: the rules backend keeps its floor, runs are repeatable, the report renders what it should."""

import json
import re
import subprocess
import sys

import pytest

from .conftest import ROOT

FLOOR = json.loads((ROOT / "eval" / "floor.json").read_text("utf-8"))["rules"]


def run_eval(tmp_path, *args):
    summary = tmp_path / "summary.json"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "eval", "--gold", str(ROOT / "eval" / "gold"),
                        "--summary", str(summary), *args], capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout.decode(), json.loads(summary.read_text("utf-8"))


def test_rules_backend_keeps_its_floor(tmp_path):
    out, summary = run_eval(tmp_path, "--backend", "rules")
    rules = summary["rules"]
    assert rules["notices"] == 5
    assert rules["core_micro_f1"] >= FLOOR["core_micro_f1"], out
    assert rules["ungrounded"] <= FLOOR["ungrounded"]


def test_scoring_saved_predictions_is_repeatable(tmp_path):
    preds = tmp_path / "preds.jsonl"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(ROOT / "eval" / "notices"), "--backend",
                        "rules", "-o", str(preds)], capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0
    # Spoil one value so the diff has something to say.
    rows = [json.loads(line) for line in preds.read_text("utf-8").splitlines()]
    rows[0]["teams"][0]["phones"][0]["number"] = "0763-8672026"
    preds.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in rows), "utf-8")
    first_out, first = run_eval(tmp_path, "--pred", str(preds), "--diff")
    second_out, second = run_eval(tmp_path, "--pred", str(preds), "--diff")
    assert first == second and first_out == second_out
    assert first["pred"]["fields"]["phones"] == {"tp": 4, "fp": 1, "fn": 1, "precision": 0.8, "recall": 0.8, "f1": 0.8}
    assert first["pred"]["ungrounded"] == 1
    assert "000  wrong   省委第七巡视组: phones: '07638672026'" in first_out
    assert "000  UNGROUNDED phone 0763-8672026" in first_out


def test_html_report_marks_evidence_and_errors(tmp_path):
    page = tmp_path / "report.html"
    run_eval(tmp_path, "--backend", "rules", "--html", str(page))
    html = page.read_text("utf-8")
    assert html.startswith("<!doctype html>") and "<script" not in html and "http" not in html.split("<body>")[0]
    assert re.search(r"title='phones: 0763-8672025 · referred · confidence [01]\.\d\d'", html) and ">0763-8672025</mark>" in html
    assert "border-bottom:3px solid #1a7f37" in html  # a sure value is underlined as sure
    assert html.count("<details") == 5


DEV = ROOT.parent / "shared" / "dev"


@pytest.mark.skipif(not DEV.is_dir(), reason="the dev set lives beside the repo in ../shared/dev (CI has it)")
def test_rules_backend_keeps_its_floor_on_the_real_dev_set(tmp_path):
    """The 70 real dev notices are read in place, never copied into the repo."""
    summary = tmp_path / "summary.json"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "eval", "--gold", str(DEV / "gold"), "--notices",
                        str(DEV / "texts"), "--backend", "rules", "--summary", str(summary)], capture_output=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    rules = json.loads(summary.read_text("utf-8"))["rules"]
    floor = json.loads((ROOT / "eval" / "floor.json").read_text("utf-8"))["rules_dev"]
    assert rules["notices"] == 70 and rules["core_micro_f1"] >= floor["core_micro_f1"], r.stdout.decode()
    assert rules["core_micro_precision"] >= floor["core_micro_precision"] and rules["ungrounded"] <= floor["ungrounded"]
