"""Hardening II (issue 16): each test is named for the row of the issue it answers and failed before the fix."""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from llm_extract import extract
from llm_extract.cli import main
from llm_extract.model.endpoint import EndpointConfig
from llm_extract.model.llm_backend import LLMBackend
from llm_extract.models import Phone
from llm_extract.redact import redact_url, scrub
from llm_extract.runs.answer import MAX_WARNINGS
from llm_extract.runs.batch import extract_many
from llm_extract.runs.inputs import Document, InputError, read_inputs

from .conftest import GOLD, ROOT
from .loopback import DEPUTY, GOOD, Reading, Replying, Trickle, completion, http_server, numbered, silent_server


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
    ("--max-chars", "-1", "must be more than 0 and at most 1,000,000,000,000, not -1"),
    ("--max-chars", "0", "must be more than 0 and at most 1,000,000,000,000, not 0"),
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


def _numbered_jsonl(path, n: int):
    path.write_text("".join(json.dumps({"id": f"n{i:03d}", "text": numbered(i)}, ensure_ascii=False) + "\n"
                            for i in range(n)), "utf-8")
    return path


def _records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_row1_with_the_mode_probed_every_first_request_goes_out_at_once(tmp_path):
    notices, out = _numbered_jsonl(tmp_path / "in.jsonl", 32), tmp_path / "out.jsonl"
    Reading.reset(gather=16)  # each request is held until 16 are in flight: a client that sends one by one waits
    with http_server(Reading) as base:
        r = _cli("extract", str(notices), "--backend", base + "/v1", "--concurrency", "16", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert Reading.most_in_flight == 16 and Reading.formats == ["json_schema"] * 32
    assert [rec["teams"][0]["deputy_leaders"] for rec in _records(out)] == [
        [DEPUTY.search(numbered(i))[1]] for i in range(32)]


def test_row2_a_batch_against_a_hung_server_ends_near_its_time_limit(tmp_path):
    notices, out = _numbered_jsonl(tmp_path / "in.jsonl", 100), tmp_path / "out.jsonl"
    held: list = []
    with silent_server(held) as url:
        start = time.monotonic()
        r = _cli("extract", str(notices), "--backend", url, "--concurrency", "32", "--timeout", "2", "-o", str(out))
        took = time.monotonic() - start
    records = _records(out)
    assert r.returncode == 1 and len(records) == 100
    assert all("no complete answer within 2s" in rec["error"] or "stopped asking" in rec["error"] for rec in records)
    # One request per notice of the first wave, and a few from notices begun while the breaker counted to its
    # limit (5); asked when sending, the open breaker stops every later one.
    assert len(held) < 32 + 5
    assert took < 2 * 2 + 10  # the limit twice, plus the interpreter's start (was 76.9 s)


def test_row17_a_refused_key_stops_the_run_at_once_and_says_to_check_it(tmp_path):
    notices, out = _numbered_jsonl(tmp_path / "in.jsonl", 60), tmp_path / "out.jsonl"

    class Counting(Refusing):
        requests = 0

        def reply(self, body: dict) -> tuple[int, str, bytes]:
            type(self).requests += 1
            return super().reply(body)

    with http_server(Counting) as base:
        r = _cli("extract", str(notices), "--backend", base + "/v1", "--mode", "json", "--concurrency", "4",
                 "-o", str(out))
    assert r.returncode == 1 and "endpoint refused the API key (HTTP 401): check the API key" in r.stderr
    assert Counting.requests <= 4 and len(_records(out)) == 60


def test_row18_the_timeout_bounds_a_notice_whatever_its_re_asks_and_retries():
    Trickle.requests = 0
    with http_server(Trickle) as url:
        backend = LLMBackend(EndpointConfig(base_url=f"{url}/v1", model="m", mode="json", retries=3, reasks=1,
                                            timeout=2.0, cache=False))
        (n,) = extract_many([Document("g", GOOD, "g")], backend)
    assert "no complete answer within 2s" in n.error
    assert Trickle.requests == 1 and n.usage.seconds < 2 + 1.5  # was 4 requests and 45.6 s for --timeout 5


class Empty(Replying):
    """A 200 that holds no answer, as the path says; counts the requests."""

    requests = 0

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        type(self).requests += 1
        shell = {"id": "x", "object": "chat.completion", "created": 0, "model": "m"}
        null = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": None}}
        return 200, "application/json", {"/empty/v1/chat/completions": b"",
                                         "/nochoices/v1/chat/completions": json.dumps(shell | {"choices": []}).encode(),
                                         "/null/v1/chat/completions": json.dumps(shell | {"choices": [null]}).encode(),
                                         }[self.path]


@pytest.mark.parametrize("path, words", [("empty", "not a chat completion (not JSON)"),
                                         ("nochoices", "not a chat completion (no choices)"),
                                         ("null", "a chat completion with no content")])
def test_row21_a_reply_with_no_answer_is_said_and_not_re_asked(path, words):
    Empty.requests = 0
    with http_server(Empty) as url:
        backend = LLMBackend(EndpointConfig(base_url=f"{url}/{path}/v1", model="m", mode="json", reasks=1, cache=False))
        (n,) = extract_many([Document("g", GOOD, "g")], backend)
    assert words in n.error and Empty.requests == 1


class Flooding(Replying):
    """Answers far more than max_tokens allows: a team copied thousands of times, or a 350,000-character name."""

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        team = {"name": "省委第一巡视组", "leader": "赵某某", "deputy_leaders": [], "targets": ["甲县"]}
        teams = [team] * 8000 if "copies" in self.path else [team | {"leader": "赵" * 350_000}]
        return 200, "application/json", completion(json.dumps({"teams": teams}, ensure_ascii=False))


class Inventing(Replying):
    """Answers within the size limit, with a thousand contact marks the text does not have."""

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        team = {"name": "省委第一巡视组", "leader": "赵某某", "deputy_leaders": [], "targets": ["甲县"],
                "contacts": [f"P{i}" for i in range(10, 1010)]}
        return 200, "application/json", completion(json.dumps({"teams": [team]}, ensure_ascii=False))


@pytest.mark.parametrize("path", ["copies", "long"])
def test_row12_an_answer_over_the_size_limit_is_refused_unread(path):
    with http_server(Flooding) as url:
        backend = LLMBackend(EndpointConfig(base_url=f"{url}/{path}/v1", model="m", mode="json", cache=False))
        (n,) = extract_many([Document("g", GOOD, "g")], backend)
    assert "over the limit of 20,000: not read" in n.error
    assert len(n.model_dump_json()) < 10_000 and n.teams[0].phones  # the rules answer, small


def test_row12_warnings_are_capped():
    with http_server(Inventing) as url:
        backend = LLMBackend(EndpointConfig(base_url=f"{url}/v1", model="m", mode="json", fields="full", cache=False))
        (n,) = extract_many([Document("g", GOOD, "g")], backend)
    assert len(n.warnings) == MAX_WARNINGS and n.warnings[-1].startswith("… and ")
    assert n.warnings[-1].endswith("more warning(s) not kept") and n.error is None


def _cache_cli(action: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", "cache", action], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def _answered_with(cache_file, tmp_path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """Three notices through a loopback endpoint with the answer cache at `cache_file`."""
    notices, out = _numbered_jsonl(tmp_path / "in.jsonl", 3), tmp_path / "out.jsonl"
    Reading.reset()
    with http_server(Reading) as base:
        r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(notices), "--backend",
                            base + "/v1", "--mode", "json", "-o", str(out)], capture_output=True, text=True, cwd=ROOT,
                           timeout=120, env={**os.environ, "LLM_EXTRACT_ANSWERS": str(cache_file)})
    return r, _records(out)


def test_row5_a_cache_that_cannot_be_written_costs_no_answer(tmp_path):
    cache_file = tmp_path / "answers.sqlite"
    db = sqlite3.connect(cache_file)  # readable, but every write fails: its answers are a view
    db.execute("CREATE VIEW answers AS SELECT 'k' AS key, '{}' AS value WHERE 0")
    db.close()
    r, records = _answered_with(cache_file, tmp_path)
    assert r.returncode == 0 and all(rec.get("error") is None and rec["backend"].startswith("llm:") for rec in records)
    assert [rec["teams"][0]["deputy_leaders"] for rec in records] == [[DEPUTY.search(numbered(i))[1]] for i in range(3)]
    assert r.stderr.count("going on without it") == 1 and str(cache_file) in r.stderr
    if os.geteuid() != 0:  # root writes any file: a read-only one is tried only as another user
        locked = tmp_path / "locked.sqlite"
        sqlite3.connect(locked).close()
        locked.chmod(0o444)
        r, records = _answered_with(locked, tmp_path)
        assert r.returncode == 0 and all(rec.get("error") is None for rec in records)


def test_row6_a_damaged_cache_is_reported_by_info_and_repaired_by_clear(tmp_path, monkeypatch):
    cache_file = tmp_path / "answers.sqlite"
    cache_file.write_bytes(b"SQLite format 3\x00" + os.urandom(4080))  # a cache whose pages were overwritten
    r, records = _answered_with(cache_file, tmp_path)
    assert r.returncode == 0 and all(rec.get("error") is None for rec in records)
    assert r.stderr.count("going on without it") == 1 and "Traceback" not in r.stderr
    monkeypatch.setenv("LLM_EXTRACT_ANSWERS", str(cache_file))
    info = _cache_cli("info")
    assert info.returncode == 0 and "damaged (" in info.stdout
    clear = _cache_cli("clear")
    assert clear.returncode == 0 and "replaced the damaged answer cache" in clear.stdout
    assert _cache_cli("info").stdout.startswith(f"{cache_file}: 0 answer(s), ")
    r, records = _answered_with(cache_file, tmp_path)
    assert r.stderr == "" and "3 answer(s)" in _cache_cli("info").stdout  # a working cache again


def test_row6_cache_info_creates_nothing_and_a_folder_is_named(tmp_path, monkeypatch):
    nowhere = tmp_path / "new" / "answers.sqlite"
    monkeypatch.setenv("LLM_EXTRACT_ANSWERS", str(nowhere))
    info = _cache_cli("info")
    assert info.returncode == 0 and info.stdout.strip() == f"{nowhere}: no answer cache yet"
    assert not (tmp_path / "new").exists()
    monkeypatch.setenv("LLM_EXTRACT_ANSWERS", str(tmp_path))
    assert "a folder, not a cache file" in _cache_cli("info").stdout
    clear = _cache_cli("clear")
    assert clear.returncode == 2 and "a folder, not a cache file" in clear.stderr and "Traceback" not in clear.stderr
    r, records = _answered_with(tmp_path, tmp_path)
    assert r.returncode == 0 and len(records) == 3 and all(rec.get("error") is None for rec in records)
    assert r.stderr.count("going on without it") == 1


def _extract(*args: str) -> subprocess.CompletedProcess:
    return _cli("extract", *args, "--backend", "rules")


def _texts(folder, texts: dict[str, str]):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    return folder


def test_row4_resume_writes_through_a_link_keeps_the_mode_and_refuses_what_is_not_a_file(tmp_path):
    inputs = _texts(tmp_path / "in", {"a": GOOD, "b": numbered(1)})
    real, link = tmp_path / "real.jsonl", tmp_path / "link.jsonl"
    assert _extract(str(inputs / "a.txt"), "-o", str(real)).returncode == 0
    real.chmod(0o600)
    link.symlink_to(real)
    assert _extract(str(inputs), "-o", str(link), "--resume").returncode == 0
    assert link.is_symlink() and [r["doc_id"] for r in _records(real)] == ["a", "b"]
    assert real.stat().st_mode & 0o777 == 0o600
    os.mkfifo(tmp_path / "fifo")
    for odd in ("/dev/null", str(tmp_path / "fifo")):
        r = _extract(str(inputs), "-o", odd, "--resume")
        assert r.returncode == 2 and "not a regular file" in r.stderr
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_row15_resume_answers_a_changed_text_again_and_names_records_of_other_inputs(tmp_path):
    inputs = _texts(tmp_path / "in", {"a": GOOD, "b": numbered(1)})
    out = tmp_path / "out.jsonl"
    assert _extract(str(inputs), "-o", str(out)).returncode == 0
    (inputs / "b.txt").write_text(numbered(2), "utf-8")  # the same id now names another text
    r = _extract(str(inputs / "b.txt"), "-o", str(out), "--resume")
    assert "1 notice(s) answered again, their text changed since their record: b" in r.stderr
    assert "keeps 1 record(s) whose id is not among these inputs: a" in r.stderr
    records = {rec["doc_id"]: rec for rec in _records(out)}
    assert len(_records(out)) == 2 and records["b"]["teams"][0]["phones"][0]["number"] == "0311-80000002"


def test_row16_resume_moves_a_line_it_cannot_read_aside_and_says_so(tmp_path):
    inputs = _texts(tmp_path / "in", {"a": GOOD})
    out = tmp_path / "out.jsonl"
    assert _extract(str(inputs), "-o", str(out)).returncode == 0
    with open(out, "a", encoding="utf-8") as f:
        f.write("notes the user typed here\n" + out.read_text("utf-8"))
    r = _extract(str(inputs), "-o", str(out), "--resume")
    assert r.returncode == 0 and f"1 line(s) that are not records moved to {out}.unreadable" in r.stderr
    assert (tmp_path / "out.jsonl.unreadable").read_text("utf-8") == "notes the user typed here\n"
    assert [rec["doc_id"] for rec in _records(out)] == ["a"]


def test_row23_a_full_disk_is_named_and_resume_leaves_no_temporary_file(tmp_path, monkeypatch, capsys):
    inputs = _texts(tmp_path / "in", {"a": GOOD})
    r = _extract(str(inputs), "-o", "/dev/full")
    assert r.returncode == 2 and r.stderr.strip() == "llm-extract: /dev/full: No space left on device"
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(inputs), "--backend", "rules", "-o", str(out)]) == 0
    before = out.read_bytes()

    class Full(io.FileIO):
        def write(self, data) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("llm_extract.runs.resume.open", lambda path, mode: Full(path, mode), raising=False)
    assert main(["extract", str(inputs), "--backend", "rules", "-o", str(out), "--resume"]) == 2
    assert f"llm-extract: {out}: No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]


def test_row14_jsonl_is_read_line_by_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "甲"}) + "\n", "utf-8")
    items = read_inputs([str(path)])
    assert next(items).doc_id == "a"
    with open(path, "a", encoding="utf-8") as f:  # written after the first line was read: a whole-file read misses it
        f.write(json.dumps({"id": "b", "text": "乙"}) + "\n" + "x" * 20_000 + "\n" + json.dumps({"id": "c", "text": "丙"}))
    rest = list(read_inputs([str(path)], max_chars=1000))[1:]
    assert [i.doc_id for i in items] == ["b", None, "c"]
    assert str(rest[1]).startswith(f"{path}:3: bad JSONL line: a line of over 10,096 bytes")


def test_row20_a_ray_address_where_nothing_answers_fails_within_the_timeout(tmp_path):
    from llm_extract.model.local_model import free_port

    start = time.monotonic()
    r = _cli("extract", str(GOLD.parent / "notices" / "000.txt"), "--engine", "ray", "--backend", "rules",
             "--ray-address", f"127.0.0.1:{free_port()}", "--timeout", "2", "-o", str(tmp_path / "out.jsonl"))
    assert r.returncode == 2 and "no Ray cluster answers there within 2s" in r.stderr
    assert time.monotonic() - start < 60  # was no result and no error within 120 s


def test_row21_a_library_caller_sees_the_error_in_the_record_not_in_instructor_log_lines():
    with http_server(Empty) as url:
        code = ("from llm_extract.runs.batch import extract_many; from llm_extract.runs.inputs import Document; "
                "from llm_extract.model.endpoint import EndpointConfig; from llm_extract.model.llm_backend import LLMBackend; "
                f"config = EndpointConfig(base_url={url + '/null/v1'!r}, model='m', mode='json', cache=False); "
                f"(n,) = extract_many([Document('g', {GOOD!r}, 'g')], LLMBackend(config)); print(n.error)")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "a chat completion with no content" in r.stdout and r.stderr == ""
