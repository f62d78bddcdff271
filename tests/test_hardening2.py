"""Hardening II (issue 16): each test is named for the row of the issue it answers and failed before the fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from llm_extract import extract
from llm_extract.cli import main
from llm_extract.inputs import Document, InputError, read_inputs
from llm_extract.llm import EndpointConfig, LLMBackend, redact_url, scrub
from llm_extract.models import Phone

from .conftest import GOLD, ROOT
from .loopback import Replying, http_server


class Refusing(Replying):
    """An endpoint that refuses every key."""

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        return 401, "application/json", json.dumps({"error": {"message": "invalid api key"}}).encode()


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, "LLM_EXTRACT_API_KEY": "sk-test-key-9"})


def test_row3_credentials_in_the_endpoint_url_never_leave_the_process(tmp_path):
    with http_server(Refusing) as base:
        url = base.replace("http://", "http://someone:pa55word@") + "/v1?api-key=t0ken77"
        out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
        ex = _cli("extract", str(GOLD.parent / "notices" / "000.txt"), "--backend", url, "--mode", "json",
                  "--retries", "0", "-o", str(out))
        ev = _cli("eval", "--gold", str(GOLD), "--backend", url, "--mode", "json", "--retries", "0",
                  "--summary", str(summary))
    shown = ex.stdout + ex.stderr + out.read_text("utf-8") + ev.stdout + ev.stderr + summary.read_text("utf-8")
    assert "pa55word" not in shown and "t0ken77" not in shown and "sk-test-key-9" not in shown
    assert "api-key=***" in summary.read_text("utf-8") and "***@127.0.0.1" in out.read_text("utf-8")
    assert redact_url("https://h.example/v1") == "https://h.example/v1"  # nothing to hide: unchanged


def test_row9_eval_scores_a_failed_backend_as_failed_not_as_its_rules_fallback(tmp_path):
    summary = tmp_path / "summary.json"
    with http_server(Refusing) as base:
        r = _cli("eval", "--gold", str(GOLD), "--backend", base + "/v1", "--mode", "json", "--retries", "0",
                 "--summary", str(summary))
    assert r.returncode == 1 and "failed on 5 of 5 notice(s)" in r.stderr
    (column,) = json.loads(summary.read_text("utf-8")).values()
    assert column["core_micro_f1"] == 0.0


def test_row10_eval_with_a_missing_notices_folder_says_so(tmp_path, capsys):
    assert main(["eval", "--gold", str(GOLD), "--notices", str(tmp_path / "nowhere")]) == 2
    assert "--notices" in capsys.readouterr().err


def test_row8_eval_names_bad_gold_and_bad_predictions_with_their_line(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "x.json").write_text('{"doc_id": "x", "kind": "巡视", "teams": "none"}', "utf-8")
    assert main(["eval", "--gold", str(gold), "--pred", str(tmp_path)]) == 2
    assert f"{gold / 'x.json'}: not a notice-v1 record" in capsys.readouterr().err
    preds = tmp_path / "pred.jsonl"
    good = json.loads((GOLD / "000.json").read_text("utf-8"))
    bad = good | {"doc_id": "001", "teams": "oops", "evidence": "nonsense"}
    odd_evidence = good | {"evidence": [{"start": "a"}, 5]}
    preds.write_text("\n".join([json.dumps(odd_evidence), "{oops", json.dumps(bad)]) + "\n", "utf-8")
    assert main(["eval", "--gold", str(GOLD), "--pred", str(preds), "--html", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert f"{preds}:2: not JSON" in err and f"{preds}:3: not a notice-v1 record: teams" in err


def test_row11_duplicate_extra_and_missing_prediction_ids_are_said(tmp_path, capsys):
    first = json.loads((GOLD / "000.json").read_text("utf-8"))
    wrong = first | {"teams": []}
    preds = tmp_path / "pred.jsonl"
    preds.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [first, wrong, first | {"doc_id": "zzz"}]) + "\n")
    summary = tmp_path / "s.json"
    assert main(["eval", "--gold", str(GOLD), "--pred", str(preds), "--summary", str(summary)]) == 1
    err = capsys.readouterr().err
    assert "doc_id '000' again; the first one is scored" in err
    assert "1 id(s) have no gold (not scored): zzz" in err and "4 id(s) have no prediction" in err
    only_first = tmp_path / "first.jsonl"
    only_first.write_text(json.dumps(first, ensure_ascii=False) + "\n")
    alone = tmp_path / "alone.json"
    main(["eval", "--gold", str(GOLD), "--pred", str(only_first), "--summary", str(alone)])
    score = json.loads(summary.read_text("utf-8"))["pred"]["core_micro_f1"]
    assert score == json.loads(alone.read_text("utf-8"))["pred"]["core_micro_f1"]  # the first one counts, not the last


def test_row24_eval_writes_its_summary_only_where_told(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "--gold", str(GOLD), "--backend", "rules"]) == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag, value, words", [
    ("--timeout", "inf", "more than 0"), ("--timeout", "nan", "more than 0"),
    ("--reference-date", "0001-01-01", "from 1949 to 2100"), ("--reference-date", "9999-12-31", "from 1949 to 2100"),
    ("--max-chars", "-1", "must be more than 0, not -1"), ("--max-chars", "0", "must be more than 0, not 0"),
])
def test_row19_flags_are_checked_when_read(flag, value, words, capsys):
    with pytest.raises(SystemExit):
        main(["extract", "x.txt", flag, value])
    assert words in capsys.readouterr().err


def test_row20_engine_ray_without_the_extra_names_the_extra(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n")
    code = ("import sys; sys.modules['ray'] = None; from llm_extract.cli import main; "
            f"sys.exit(main(['extract', {str(GOLD.parent / 'notices')!r}, '--engine', 'ray', '-o', {str(out)!r}]))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 2 and "pip install 'llm-extract[ray]'" in r.stderr and "Traceback" not in r.stderr
    assert out.read_text() == "kept\n"  # the output is not touched


def test_row22_the_key_is_scrubbed_only_where_it_stands_whole():
    assert scrub("max_tokens for engine x failed: x", ["x"]) == "max_tokens for engine *** failed: ***"
    assert scrub("Incorrect API key provided: sk-ab1.", ["sk-ab1"]) == "Incorrect API key provided: ***."
    backend = LLMBackend(EndpointConfig(base_url="http://127.0.0.1:9/v1", api_key="ngin", cache=False))
    assert backend._scrub("engine refused key ngin") == "engine refused key ***"


def test_row7_suffixes_in_any_case_unreadable_folders_and_dangling_links(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "A.TXT").write_text("县委第一巡察组对甲乡开展巡察。", "utf-8")
    (folder / "x.JSONL").write_text('{"id": "j1", "text": "甲"}\n{"id": "j2", "text": "乙"}\n', "utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    items = list(read_inputs([str(folder)]))
    docs = [i.doc_id for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert docs == ["A", "j1", "j2"]
    assert errors == [f"{folder / 'gone.txt'}: a link to nothing (its target is gone)"]
    if os.geteuid() != 0:  # root reads any folder: the locked one is tried only as another user
        (folder / "locked").chmod(0)
        try:
            assert any("folder not read" in str(i) for i in read_inputs([str(folder)]))
        finally:
            (folder / "locked").chmod(0o755)
    assert main(["extract", str(folder), "--backend", "rules", "-o", str(tmp_path / "out.jsonl")]) == 1


def test_row13_one_notice_with_thousands_of_phones_is_read_in_linear_time(monkeypatch):
    compared = []
    equal = Phone.__eq__
    monkeypatch.setattr(Phone, "__eq__", lambda a, b: compared.append(1) or equal(a, b))
    text = "县委第一巡察组对甲乡开展巡察。举报电话：" + "、".join(f"0999-{1000000 + i}" for i in range(4000)) + "。"
    notice = extract(text)
    assert len(notice.teams[0].phones) == 4000
    assert len(compared) < 4 * 4000  # was pairwise: 8 million comparisons for 4,000 phones (65 s for 8,000)
