"""Hardening III (issue 24): the record tools under hostile files, secrets in endpoint URLs, the embedded
server's limits. Each test is named for its row of the issue's table."""

import csv
import errno
import json
import shutil
import subprocess
import sys
from pathlib import Path

import llm_extract
from llm_extract.cli import main
from llm_extract.llm import redact_url, url_secrets

from .conftest import ROOT


def test_row10_every_credential_a_url_can_carry_is_redacted():
    for url, secret in [("http://TOKEN123@h.example/v1", "TOKEN123"),
                        ("https://h.example/v1?subscription-key=s3cr3t&x=1", "s3cr3t"),
                        ("https://h.example/v1?x-api-key=k3y", "k3y"),
                        ("https://h.example/v1?sv=1&sig=abcSIG", "abcSIG"),
                        ("https://h.example/v1?Authorization=Bearer1", "Bearer1"),
                        ("https://u:pw0rd@h.example/v1", "pw0rd")]:
        shown = redact_url(url)
        assert secret not in shown and "***" in shown and secret in url_secrets(url), url
    assert redact_url("https://h.example/v1?model=m&x=1") == "https://h.example/v1?model=m&x=1"


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, **kw)


def test_row2_calibrate_measures_nothing_without_texts_and_never_writes_the_package_table_untold(tmp_path):
    table = Path(llm_extract.__file__).parent / "data" / "confidence.json"
    before = table.read_bytes()
    gold_only = tmp_path / "gold"
    shutil.copytree(ROOT / "eval" / "gold", gold_only, ignore=shutil.ignore_patterns("*.txt"))
    untold = _cli("calibrate", "--gold", str(gold_only), "--notices", str(tmp_path / "none"), "--backend", "rules")
    assert untold.returncode == 2 and "-o" in untold.stderr and "--write-package-table" in untold.stderr
    empty = _cli("calibrate", "--gold", str(gold_only), "--backend", "rules", "-o", str(tmp_path / "t.json"))
    assert empty.returncode == 2 and "nothing measured" in empty.stderr and not (tmp_path / "t.json").exists()
    assert table.read_bytes() == before
    made = _cli("calibrate", "--gold", str(ROOT / "eval" / "gold"), "--backend", "rules", "-o", str(tmp_path / "t.json"))
    assert made.returncode == 0 and json.loads((tmp_path / "t.json").read_text("utf-8"))["classes"]
    assert table.read_bytes() == before


def test_row3_csv_cells_that_would_run_as_formulas_are_inert(tmp_path):
    record = {"doc_id": "=1+1", "kind": "巡察", "event": "mobilization", "title": "@SUM(A1)", "teams": [
        {"name": "+市委第一巡察组", "leader": None, "deputy_leaders": [], "targets": ["-甲局", "乙局"], "start_date": None,
         "end_date": None, "duration": None, "petition_deadline": None, "phones": [], "phone_hours": [],
         "mailboxes": [{"address": "=HYPERLINK(1)", "postcode": None}], "emails": []}]}
    src, out = tmp_path / "r.jsonl", tmp_path / "out.csv"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert _cli("export", str(src), "-o", str(out)).returncode == 0
    (row,) = csv.DictReader(out.open(encoding="utf-8-sig"))
    assert (row["doc_id"], row["title"], row["name"]) == ("'=1+1", "'@SUM(A1)", "'+市委第一巡察组")
    assert row["targets"] == "'-甲局; 乙局" and row["mailboxes"] == "'=HYPERLINK(1)"


RECORD = {"doc_id": "d1", "kind": "巡察", "event": "mobilization", "title": "某公告", "teams": []}


def test_row9_a_link_planted_at_the_old_temporary_name_is_never_written_through(tmp_path):
    src, out, victim = tmp_path / "r.jsonl", tmp_path / "out.csv", tmp_path / "victim.txt"
    src.write_text(json.dumps(RECORD) + "\n", "utf-8")
    victim.write_text("keep me", "utf-8")
    (tmp_path / ".out.csv.tmp").symlink_to(victim)
    assert _cli("export", str(src), "-o", str(out)).returncode == 0
    assert victim.read_text("utf-8") == "keep me" and not out.is_symlink() and "d1" in out.read_text("utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.csv.tmp", "out.csv", "r.jsonl", "victim.txt"]


def test_row8_merge_and_review_leave_an_existing_output_whole_when_the_write_fails(tmp_path, monkeypatch, capsys):
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps(RECORD) + "\n", "utf-8")
    real = Path.write_text

    def disk_full(self: Path, text: str, *args: object, **kw: object) -> int:  # half written, then no space left
        real(self, text[: len(text) // 2], "utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", disk_full)
    for command, name in (("merge", "merged.jsonl"), ("review", "page.html")):
        out = tmp_path / name
        real(out, "the old output", "utf-8")
        assert main([command, str(src), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"{out}: No space left on device" in err and ".tmp" not in err, err
        assert out.read_text("utf-8") == "the old output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["merged.jsonl", "page.html", "r.jsonl"]


def test_row14_merge_into_a_pipe_closed_early_is_not_a_success(tmp_path):
    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps({**RECORD, "doc_id": f"d{k}", "title": f"公告{k}" * 50}) + "\n"
                           for k in range(3000)), "utf-8")
    r = subprocess.run(f"{sys.executable} -m llm_extract.cli merge {src} | head -c 10; exit ${{PIPESTATUS[0]}}",
                       shell=True, executable="/bin/bash", capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 141 and "inspection(s)" not in r.stderr
