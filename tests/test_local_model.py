"""The embedded local model end to end: the real 0.5B GGUF joined from its PyPI chunks, served by
llama-cpp-python's OpenAI-compatible server on loopback, reached through openai + instructor."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest

from llm_extract.evaluation.scoring import score_notice
from llm_extract.model.local_model import ensure_model, model_spec
from llm_extract.reading.normalize import canon

from .conftest import GOLD, NOTICES, ROOT

pytestmark = pytest.mark.model
SCHEMA = json.loads((ROOT / "schemas" / "notice-v1.schema.json").read_text("utf-8"))


def test_chunks_join_into_the_checked_gguf(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_EXTRACT_CACHE", str(tmp_path))
    spec = model_spec("0.5b")
    path = ensure_model(spec)
    assert path.parent == tmp_path and path.stat().st_size == spec.size
    assert (tmp_path / (path.stem + ".sha256")).read_text().strip() == spec.sha256
    assert ensure_model(spec) == path  # reused, not joined again


TITLED_LEADER = """省委第五巡视组巡视某某县工作动员会召开
近日，省委第五巡视组巡视某某县工作动员会召开。省委第五巡视组组长、省政府参事钱某某作动员讲话，副组长孙某某出席会议。巡视期间设专门值班电话：0791-86000001。
"""


def test_cli_answers_from_the_local_model_on_loopback(tmp_path):
    """A title between 组长 and the name leaves the leader open to the rules: the model reads it, the
    cross-check keeps it because it stands after 组长 in the source, and the rules' values stay."""
    notice = tmp_path / "titled.txt"
    notice.write_text(TITLED_LEADER, "utf-8")
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(notice), "--backend", "local",
                        "--model", "0.5b", "-o", str(out)], capture_output=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    (answer,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    jsonschema.validate(answer, SCHEMA)
    assert answer["backend"] == "local:0.5b"
    assert answer["usage"]["prompt_tokens"] > 0 and answer["usage"]["completion_tokens"] > 0
    (team,) = answer["teams"]
    assert (team["name"], team["leader"], team["deputy_leaders"]) == ("省委第五巡视组", "钱某某", ["孙某某"])
    assert team["targets"] == ["某某县"] and [p["number"] for p in team["phones"]] == ["0791-86000001"]
    assert {(e["field"], e["text"]) for e in answer["evidence"]} >= {("leader", "钱某某"), ("phones", "0791-86000001")}
    for ev in answer["evidence"]:
        assert TITLED_LEADER[ev["start"] : ev["end"]] == ev["text"]


def test_a_run_the_rules_answer_alone_starts_no_server_and_joins_no_model(tmp_path):
    """The seed notices leave nothing open: the embedded backend answers them without joining the model file
    or starting its server (the cache folder, where both would go, holds no model after)."""
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(ROOT / "eval" / "notices"), "--backend",
                        "local:0.5b", "-o", str(out)], capture_output=True, cwd=ROOT, timeout=120,
                       env={**os.environ, "LLM_EXTRACT_CACHE": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 5 and all("model not asked" in rec["backend"] for rec in records)
    assert not list((tmp_path / "cache").glob("*.gguf")) and not list((tmp_path / "cache").glob("server-*.log"))


def test_gold_notice_through_the_local_backend_is_valid_and_grounded(tmp_path):
    """A gold notice end to end through the local backend: schema-valid, every contact grounded, scored as gold."""
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(NOTICES / "002.txt"), "--backend", "local",
                        "--model", "0.5b", "-o", str(out)], capture_output=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    (answer,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    jsonschema.validate(answer, SCHEMA)
    source = (NOTICES / "002.txt").read_text("utf-8")
    scored = score_notice(answer, json.loads((GOLD / "002.json").read_text("utf-8")), source)
    assert scored.ungrounded == [] and scored.exact, (scored.wrong, scored.missing)
    for team in answer["teams"]:
        for name in [team["leader"]] + team["deputy_leaders"] + team["targets"]:
            assert name is None or canon(name) in canon(source)


def test_the_model_fills_what_the_rules_leave_open(tmp_path):
    """On eval/gaps (names behind titles) the 0.5B model through the real server beats the rules, grounded."""
    summary = tmp_path / "summary.json"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "eval", "--gold", str(ROOT / "eval" / "gaps" / "gold"),
                        "--backend", "rules", "--backend", "local:0.5b", "--summary", str(summary)],
                       capture_output=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    scores = json.loads(summary.read_text("utf-8"))
    rules, model = scores["rules"], scores["local:0.5b"]
    assert model["core_micro_f1"] > rules["core_micro_f1"], r.stdout.decode()
    assert model["fields"]["leader"]["fn"] < rules["fields"]["leader"]["fn"]
    assert model["ungrounded"] == 0 and model["cost"]["completion_tokens_per_notice"] > 0


@pytest.fixture(scope="module")
def small_server():
    """The real llama-cpp-python server with the 0.5B model on loopback, shared by the tests that ask it."""
    from llm_extract.model.local_model import LocalServer

    with LocalServer(ensure_model(model_spec("0.5b"))) as server:
        yield server


def test_an_endpoint_url_to_the_real_server_settles_on_json_mode(small_server):
    """The server refuses instructor's json_schema with HTTP 500: an endpoint URL with no --mode falls back to
    json on that first refusal and answers, as it would for a user's own `llm-extract serve`."""
    from llm_extract.model.endpoint import EndpointConfig
    from llm_extract.model.llm_backend import LLMBackend
    from llm_extract.runs.batch import extract_many
    from llm_extract.runs.inputs import Document

    backend = LLMBackend(EndpointConfig(base_url=small_server.base_url, model="any", fields="lean", retries=0))
    (notice,) = extract_many([Document("t", TITLED_LEADER, "t")], backend)
    assert notice.error is None and notice.usage.completion_tokens > 0
    assert notice.teams[0].leader == "钱某某"


NEW_SHAPE = """县委巡察工作队第二组进驻某某镇开展巡察
根据县委统一部署，县委巡察工作队第二组于2025年3月10日进驻某某镇开展常规巡察。巡察期间设值班电话：0551-62345678（工作日8:00-17:30），邮政信箱：某县A008号信箱，邮编：230001。
"""


def test_a_team_named_in_a_shape_no_pattern_knows_comes_out_with_its_contacts(small_server):
    """No extractor reads "巡察工作队第二组" as a team, so the rules keep none and every contact would be lost;
    the model is asked, names the team from the text, and the cross-check places the extractors' contacts on it."""
    from llm_extract.model.endpoint import EndpointConfig
    from llm_extract.model.llm_backend import LLMBackend
    from llm_extract.runs import answer as api

    assert api.extract(NEW_SHAPE).teams == []  # the rules alone
    backend = LLMBackend(EndpointConfig(base_url=small_server.base_url, model="any", mode="json", retries=0))
    notice = api.extract(NEW_SHAPE, backend=backend)
    assert notice.error is None and notice.usage.completion_tokens > 0
    (team,) = notice.teams
    assert team.name == "县委巡察工作队第二组" and team.targets == ["某某镇"] and team.start_date == "2025-03-10"
    assert [p.number for p in team.phones] == ["0551-62345678"] and team.phone_hours == ["08:00-17:30"]
    assert [(m.address, m.postcode) for m in team.mailboxes] == [("某县A008号信箱", "230001")]
    for ev in notice.evidence:
        assert NEW_SHAPE[ev.start : ev.end] == ev.text


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)])
def test_serve_takes_its_server_down_when_killed(sig, code):
    """`llm-extract serve` stopped by SIGTERM, or killed outright, leaves no llama-cpp-python server behind."""
    proc = subprocess.Popen([sys.executable, "-m", "llm_extract.cli", "serve", "--model", "0.5b"], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/v1", proc.stderr.readline())[0]
        with urllib.request.urlopen(f"{url}/models", timeout=10) as r:
            assert r.status == 200
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == code
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the server may take a moment to go
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).close()
                time.sleep(0.5)
            except OSError:
                break
        with pytest.raises(OSError):
            urllib.request.urlopen(f"{url}/models", timeout=2)
    finally:
        proc.kill()


def test_llama_cpp_is_built_without_the_amx_path():
    """Built natively on a CPU with AMX, llama.cpp compiles an AMX path that crashes at the first token with
    Q4_K weights: the install (.ci/run, the README's commands) must leave it out, on every machine."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode()
    assert "AMX_INT8 = 1" not in info, info
    assert "AVX2 = 1" in info or "NEON = 1" in info  # still the fast path where the CPU has one


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def test_a_local_server_that_crashes_mid_batch_is_named_and_the_batch_goes_on(tmp_path):
    """The local server dies by SIGSEGV after the first notice: the others get rules answers whose error
    names the crash and its log, said once on stderr, and the run ends with exit code 1."""
    notices = tmp_path / "in"
    notices.mkdir()
    for n in range(3):
        (notices / f"{n}.txt").write_text(TITLED_LEADER.replace("某某县", f"某{n}县"), "utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "llm_extract.cli", "extract", str(notices), "--backend", "local",
                             "--model", "0.5b", "-o", str(out)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and not (out.exists() and out.read_text("utf-8").count("\n") >= 1):
            time.sleep(0.2)
        (server,) = _children(proc.pid)
        os.kill(server, signal.SIGSEGV)
        assert proc.wait(timeout=300) == 1
    finally:
        proc.kill()
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 3 and "error" not in rows[0]
    for row in rows[1:]:
        assert "local model server crashed (SIGSEGV)" in row["error"] and "log: " in row["error"]
        assert row["teams"][0]["phones"] and row["backend"].startswith("rules (fallback")
    said = proc.stderr.read()
    assert said.count("crashed (SIGSEGV)") == 2 and "1 more notice(s) failed the same way" in said


CUT_AT_JI = "市委第一巡察组进驻某及某特市开展巡察。举报电话：0999-1000001。"


def test_a_name_cut_at_ji_is_put_to_the_model_and_its_answer_is_held_to_the_text(small_server):
    """"某及某特市" is split at 及 as two units; "某特市" is then suspect (a name cut at 及; one cut at 和 is no longer made), so the model is asked
    to copy the whole name at its mark, in one request. Whatever it writes, the value stays grounded: the same
    name confirms it, the whole name repairs it, anything else leaves it as it was, and the evidence says which."""
    from llm_extract.model.endpoint import EndpointConfig
    from llm_extract.model.llm_backend import LLMBackend
    from llm_extract.runs import answer as api

    rules = api.extract(CUT_AT_JI, min_confidence=0)
    (e,) = [e for e in rules.evidence if e.field == "targets"]
    assert (e.value, e.support, e.asked) == ("某特市", "suspect", None) and "cut inside a name" in e.suspect
    backend = LLMBackend(EndpointConfig(base_url=small_server.base_url, model="any", mode="json", retries=0, check_below=1.0))
    notice = api.extract(CUT_AT_JI, backend=backend, min_confidence=0)
    assert notice.error is None and notice.usage.completion_tokens > 0
    (e,) = [e for e in notice.evidence if e.field == "targets"]
    outcome = {"confirmed": ("某特市", "checked"), "repaired": ("某及某特市", "checked"), "unconfirmed": ("某特市", "suspect")}
    assert (e.value, e.support) == outcome[e.asked] and notice.teams[0].targets == [e.value]
    assert CUT_AT_JI[e.start : e.end] == e.text == e.value and e.placed == "sentence"


def test_the_library_names_the_embedded_model_as_the_command_line_does():
    """`extract(text, backend="local:0.5b")` asks the real model through its server, started by the first call
    and kept for the next; each value's spans are found by team and field."""
    from llm_extract import extract

    notice = extract(TITLED_LEADER, "titled", backend="local:0.5b")
    assert notice.backend == "local:0.5b" and notice.error is None and notice.usage.prompt_tokens > 0
    assert notice.teams[0].leader == "钱某某"
    (span,) = notice.evidence_for("省委第五巡视组", "leader")
    assert TITLED_LEADER[span.start:span.end] == "钱某某" and notice.evidence_for(0, "leader") == [span]
    again = extract(TITLED_LEADER.replace("钱某某", "孙某甲"), "again", backend="local:0.5b")
    assert again.backend == "local:0.5b" and again.teams[0].leader == "孙某甲"
