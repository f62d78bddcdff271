"""Endpoint faults against a real HTTP server on loopback: each notice that fails gets the documented
error record (the rules answer with `error` set), and the other notices' answers are still written."""

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from llm_extract.model.endpoint import EndpointConfig
from llm_extract.model.llm_backend import LLMBackend
from llm_extract.model.local_model import free_port
from llm_extract.runs.batch import extract_many
from llm_extract.runs.inputs import Document

from .conftest import ROOT

# A title between 副组长 and the name: the rules leave deputies open, so the model is asked.
GOOD = "省委第一巡视组对甲县开展巡视。组长赵某某，副组长是二级巡视员，周某出席。巡视期间设值班电话：0311-87654321。"
BAD = "省委第二巡视组对乙县开展巡视。组长钱某某，副组长是二级巡视员，吴某出席。巡视期间设值班电话：0311-87654322。"
ANSWER = {"teams": [{"name": "省委第一巡视组", "leader": "赵某某", "deputy_leaders": [], "targets": ["甲县"]}]}
ANSWER_BAD = {"teams": [{"name": "省委第二巡视组", "leader": "钱某某", "deputy_leaders": [], "targets": ["乙县"]}]}


def completion(content: str) -> bytes:
    return json.dumps({
        "id": "x", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }).encode()


class Handler(BaseHTTPRequestHandler):
    """Answers well for the good notice and fails as the path says for the bad one."""

    calls: list[str] = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        fault = self.path.split("/")[1]
        Handler.calls.append(fault + ":" + body.get("response_format", {}).get("type", "-"))
        if fault == "llamacpp" and body.get("response_format", {}).get("type") == "json_schema":
            return self._send(500, b'{"error": "response_format json_schema not supported"}')
        sent = json.dumps(body, ensure_ascii=False)
        if fault == "full":  # a contact id the text was not marked with, typed contacts, a date it does not hold
            planted = {"teams": [{**ANSWER["teams"][0], "contacts": ["⟦P1⟧", "P7"], "phones": ["0311-99999999"],
                                  "start_date": "2024-02-30", "emails": ["made@up.cn"]}]}
            return self._send(200, completion(json.dumps(planted, ensure_ascii=False)))
        notice = sent[sent.rfind("摘录"):]  # this notice's part of the prompt, after the few-shot turns
        if fault == "plodding":  # a server as slow as the embedded model on a busy machine: every answer takes 1.5 s
            time.sleep(1.5)
            return self._send(200, completion(json.dumps(ANSWER_BAD if "乙县" in notice else ANSWER, ensure_ascii=False)))
        if "乙县" not in notice:
            return self._send(200, completion(json.dumps(ANSWER, ensure_ascii=False)))
        if fault == "llamacpp" or (fault == "reask" and "不在原文中" in sent):
            return self._send(200, completion(json.dumps(ANSWER_BAD, ensure_ascii=False)))
        if fault == "nullish":  # "nothing" the way small models write it
            return self._send(200, completion(json.dumps({"teams": [{**ANSWER["teams"][0], "leader": "null",
                                                                     "deputy_leaders": ["无"], "contacts": None}]})))
        if fault == "stubborn":  # names a leader the notice does not have, however often it is sent back
            return self._send(200, completion(json.dumps({"teams": [{**ANSWER_BAD["teams"][0], "leader": "孙某某"}]},
                                                         ensure_ascii=False)))
        if fault == "reask":  # first answer names a leader the notice does not have
            wrong = {"teams": [{**ANSWER_BAD["teams"][0], "leader": "孙某某"}]}
            return self._send(200, completion(json.dumps(wrong, ensure_ascii=False)))
        if fault == "e500":
            return self._send(500, b'{"error": "boom"}')
        if fault == "slow":
            time.sleep(3)
            return self._send(200, completion("{}"))
        if fault == "garbage":
            return self._send(200, completion("I am sorry, I cannot produce JSON."))
        if fault == "notjson":
            return self._send(200, b"<html>proxy error</html>")
        return self._send(404, b"{}")

    def _send(self, status, payload):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def run(base_url, **kw):
    config = EndpointConfig(base_url=base_url, model="m", api_key="sk-secret-key-123", retries=1, reasks=1, timeout=1.0,
                            **kw)
    docs = [Document("good", GOOD, "good"), Document("bad", BAD, "bad"), Document("good2", GOOD, "good2")]
    return list(extract_many(docs, LLMBackend(config)))


@pytest.mark.parametrize(
    "fault, message",
    [("e500", "HTTP 500"), ("slow", "timed out"), ("garbage", "no usable JSON"), ("notjson", "")],
)
def test_fault_gives_an_error_record_and_the_rest_are_answered(server, fault, message):
    good, bad, good2 = run(f"{server}/{fault}/v1", mode="json")
    assert good.error is None and good2.error is None
    assert good.teams[0].leader == "赵某某" and good.usage.prompt_tokens == 11
    assert bad.error is not None and message in bad.error
    assert "\n" not in bad.error and "sk-secret-key-123" not in bad.error
    assert bad.backend.startswith("rules (fallback")
    assert bad.teams[0].name == "省委第二巡视组" and bad.teams[0].phones[0].number == "0311-87654322"
    # what an answer that came but was unusable cost is still counted: two attempts (one re-ask) of 11 tokens
    assert bad.usage.prompt_tokens == (22 if fault == "garbage" else 0)


def test_an_answer_still_invalid_after_the_re_ask_is_cross_checked_not_failed(server):
    good, bad, _ = run(f"{server}/stubborn/v1", mode="json")
    assert bad.error is None and bad.teams[0].leader == "钱某某"  # the rules' reading; the invented one dropped
    assert any("still invalid after re-ask" in w for w in bad.warnings) and any("孙某某" in w for w in bad.warnings)
    assert bad.usage.prompt_tokens == 22


def test_nothing_written_as_null_or_wu_is_nothing_and_not_sent_back(server):
    Handler.calls.clear()
    config = EndpointConfig(base_url=f"{server}/nullish/v1", model="m", mode="json", retries=0, reasks=1)
    (n,) = extract_many([Document("g", GOOD, "g")], LLMBackend(config))
    assert Handler.calls == ["nullish:json_object"] and n.error is None and n.warnings == []
    assert n.teams[0].leader == "赵某某" and n.teams[0].deputy_leaders == []


def test_server_down_gives_error_records_for_all(server):
    port = free_port()
    records = run(f"http://127.0.0.1:{port}/v1", mode="json")
    assert all(r.error and "unreachable" in r.error for r in records)


def test_transport_errors_are_retried(server):
    Handler.calls.clear()
    run(f"{server}/e500/v1", mode="json")
    # the good notice once (its twin good2 is answered from the cache), the bad one 1 + 1 retry
    assert Handler.calls.count("e500:json_object") == 1 + 2


def test_json_schema_refused_falls_back_to_json_mode_once(server):
    Handler.calls.clear()
    good, bad, good2 = run(f"{server}/llamacpp/v1")
    assert all(r.error is None for r in (good, bad, good2))
    # good2 asks what good asked: the cache answers it
    assert Handler.calls == ["llamacpp:json_schema", "llamacpp:json_object", "llamacpp:json_object"]


def test_ungrounded_answer_is_re_asked_with_the_reason(server):
    Handler.calls.clear()
    good, bad, good2 = run(f"{server}/reask/v1", mode="json")
    assert Handler.calls.count("reask:json_object") == 3  # good once (good2 from the cache); bad: answer, re-ask
    assert bad.error is None and bad.teams[0].leader == "钱某某"
    assert bad.usage.prompt_tokens == 22  # both attempts are counted


def test_cli_with_a_failing_endpoint_writes_every_record_and_exits_1(server, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "in" / "b.txt").write_text(BAD, "utf-8")
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(tmp_path / "in"), "--backend", f"{server}/e500/v1",
                        "--mode", "json", "--retries", "0", "-o", str(out)],
                       capture_output=True, cwd=ROOT, timeout=60, env={"PATH": "", "LLM_EXTRACT_API_KEY": "sk-secret-key-123"})
    assert r.returncode == 1
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(x["doc_id"], "error" in x) for x in rows] == [("a", False), ("b", True)]
    assert "sk-secret-key-123" not in r.stderr.decode()
    assert r.stderr.decode().count("b: ") == 1


def test_model_is_asked_only_when_the_rules_leave_something_open(server):
    Handler.calls.clear()
    config = EndpointConfig(base_url=f"{server}/e500/v1", model="m", mode="json", retries=0)
    complete = "省委第一巡视组对甲县开展巡视。组长赵某某。巡视期间设值班电话：0311-87654321。"
    (n,) = extract_many([Document("c", complete, "c")], LLMBackend(config))
    assert Handler.calls == [] and n.error is None and "model not asked" in n.backend


def test_full_answer_is_re_asked_then_cross_checked(server):
    Handler.calls.clear()
    config = EndpointConfig(base_url=f"{server}/full/v1", model="m", mode="json", fields="full", retries=0, reasks=1)
    (n,) = extract_many([Document("g", GOOD, "g")], LLMBackend(config))
    assert Handler.calls == ["full:json_object", "full:json_object"]  # the unknown id was sent back once
    (team,) = n.teams
    assert [p.number for p in team.phones] == ["0311-87654321"] and team.emails == [] and team.start_date is None
    assert any("'P7'" in w for w in n.warnings)
    assert "99999999" not in n.model_dump_json() and "made@up" not in n.model_dump_json()  # typed contacts: not read


def test_a_later_500_does_not_change_the_settled_mode(server):
    """json_schema answered once: a later HTTP 500 is a transport failure, not a refusal of the format."""
    Handler.calls.clear()
    backend = LLMBackend(EndpointConfig(base_url=f"{server}/e500/v1", model="m", retries=0, reasks=0))
    records = list(extract_many([Document("good", GOOD, "good"), Document("bad", BAD, "bad"),
                                 Document("good2", GOOD, "good2")], backend))
    assert [r.error is None for r in records] == [True, False, True]
    assert Handler.calls == ["e500:json_schema"] * 2  # good2 is answered from the cache


def test_the_server_is_started_by_the_first_question_and_a_failed_start_is_tried_once(server):
    """A notice the rules answer alone starts nothing; the first question starts the server; a start that fails
    gives each notice that needed it an error naming why, without trying again."""
    starts: list[str] = []

    def start_fine() -> None:
        starts.append("ok")

    config = EndpointConfig(base_url=f"{server}/ok/v1", model="m", mode="json", retries=0, timeout=5.0, cache=False)
    plain = Document("plain", "省委第一巡视组对甲县开展巡视。组长赵某某。值班电话：0311-87654321。", "plain")
    (answered,) = extract_many([plain], LLMBackend(config, start=start_fine))
    assert starts == [] and answered.error is None
    (asked,) = extract_many([Document("good", GOOD, "good")], LLMBackend(config, start=start_fine))
    assert starts == ["ok"] and asked.error is None

    def start_broken() -> None:
        starts.append("broken")
        raise RuntimeError("local model server exited at start (m.gguf): out of memory")

    records = list(extract_many([Document("good", GOOD, "good"), Document("bad", BAD, "bad")],
                                LLMBackend(config, start=start_broken)))
    assert starts == ["ok", "broken"]
    assert all(r.error and "out of memory" in r.error for r in records)


def test_a_paced_server_gets_the_time_its_pace_asks_and_a_fixed_limit_says_how_to_raise_it(server):
    """Answers that take longer than the floor: a fixed limit cuts each one and names --timeout; a paced one (the
    embedded model's) gives the first question three times the floor and later ones what their size takes at the
    pace the first answer showed."""
    docs = [Document("good", GOOD, "good"), Document("bad", BAD, "bad")]
    fixed = EndpointConfig(base_url=f"{server}/plodding/v1", model="m", mode="json", retries=0, timeout=1.0, cache=False)
    assert all(r.error and "within 1s; --timeout raises the limit" in r.error
               for r in extract_many(docs, LLMBackend(fixed)))
    paced = EndpointConfig(base_url=f"{server}/plodding/v1", model="m", mode="json", retries=0, timeout=1.0, cache=False,
                           paced=True)
    good, bad = extract_many(docs, LLMBackend(paced))
    assert good.error is None and bad.error is None
    assert good.teams[0].leader == "赵某某" and bad.teams[0].leader == "钱某某"
