"""Bad input and bad endpoints never end a batch, never lose a record, never hang.

Each test is one row of the hardening issue's table (the row number is in its name): a loopback
server or a small invented input reproduces the fault, and the test asserts what a user expects."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import tracemalloc
from pathlib import Path

import jsonschema
import pytest

from llm_extract import Notice, extract
from llm_extract.backend import BackendError
from llm_extract.model.endpoint import EndpointConfig
from llm_extract.model.llm_backend import LLMBackend
from llm_extract.model.local_model import free_port
from llm_extract.reading.extractors.mailboxes import MAX_ADDRESS, find_mailboxes
from llm_extract.runs.batch import extract_many
from llm_extract.runs.inputs import Document, InputError, read_inputs

from .conftest import ROOT
from .loopback import BAD, GOOD, Replying, Trickle, completion, http_server, silent_server

SCHEMA = json.loads((ROOT / "schemas" / "notice-v1.schema.json").read_text("utf-8"))
ANSWER = json.dumps({"teams": [{"name": "省委第一巡视组", "leader": "赵某某", "deputy_leaders": [], "targets": ["甲县"]}],
                    }, ensure_ascii=False)


def cli(*args: str, stdin: bytes | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("capture_output", True)
    if not kw["capture_output"]:
        kw["stdout"] = subprocess.PIPE
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", *args], input=stdin, cwd=ROOT, timeout=timeout,
                          **kw)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def folder(tmp_path: Path, texts: dict[str, str]) -> Path:
    where = tmp_path / "in"
    where.mkdir(exist_ok=True)
    for name, text in texts.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text, "utf-8")
    return where


class Proxy(Replying):
    """HTTP 200 with a body that is no chat completion: a proxy's login page, or plain text."""

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        if self.path.startswith("/text/"):
            return 200, "text/plain", b"Service moved, please sign in"
        return 200, "text/html", b"<html><body>Please log in to the proxy</body></html>"


@pytest.mark.parametrize("kind, shown", [("html", "Please log in to the proxy"), ("text", "Service moved")])
def test_row1_an_answer_that_is_no_completion_gives_error_records_and_exit_1(tmp_path, kind, shown):
    notices = folder(tmp_path, {"a.txt": GOOD, "b.txt": BAD})
    out = tmp_path / "out.jsonl"
    with http_server(Proxy) as url:
        r = cli("extract", str(notices), "--backend", f"{url}/{kind}/v1", "--retries", "0", "-o", str(out))
    assert r.returncode == 1, r.stderr.decode()
    rows = records(out)
    assert [x["doc_id"] for x in rows] == ["a", "b"]
    for row in rows:
        assert "not a chat completion" in row["error"] and shown in row["error"]
        assert row["backend"].startswith("rules (fallback") and row["teams"][0]["phones"]
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 2 and "Traceback" not in r.stderr.decode()  # said once, then counted
    assert shown in err[0] and err[1].startswith("llm-extract: 1 more notice(s) failed the same way")


def test_row2_a_lone_surrogate_in_jsonl_names_the_line_and_the_rest_are_read(tmp_path):
    lines = [json.dumps({"id": "ok1", "text": GOOD}, ensure_ascii=False), '{"id": "bad", "text": "甲\\ud800乙"}',
             json.dumps({"id": "ok2", "text": BAD}, ensure_ascii=False)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    r = cli("extract", str(tmp_path / "in.jsonl"), "--backend", "rules", "-o", str(out))
    assert r.returncode == 1
    stderr = r.stderr.decode()
    assert "in.jsonl:2" in stderr and "lone surrogate U+D800" in stderr and "Traceback" not in stderr
    rows = {x["doc_id"]: x for x in records(out)}
    assert set(rows) == {"ok1", "bad", "ok2"} and "error" in rows["bad"] and "error" not in rows["ok2"]
    assert rows["ok2"]["teams"][0]["name"] == "省委第二巡视组"


@pytest.mark.parametrize("indent", ["\u3000\u3000", "\xa0\xa0", "\u2002"])
def test_row3_text_indented_with_wide_or_no_break_spaces_is_text(tmp_path, indent):
    """Pasted Chinese text indents every paragraph: here a tenth of the characters are such spaces."""
    text = "\n".join(indent * 2 + line for line in [GOOD, BAD] + [f"第{n}条。" for n in range(12)])
    (tmp_path / "x.txt").write_text(text, "utf-8")
    (doc,) = read_inputs([str(tmp_path / "x.txt")])
    assert isinstance(doc, Document) and doc.text == text
    assert [t.name for t in extract(doc.text).teams] == ["省委第一巡视组", "省委第二巡视组"]


def test_row4_timeout_bounds_the_whole_request_not_each_read():
    with http_server(Trickle) as url:
        backend = LLMBackend(EndpointConfig(base_url=f"{url}/v1", model="m", mode="json", retries=0, reasks=0,
                                            timeout=1.0))
        start = time.monotonic()
        (n,) = extract_many([Document("g", GOOD, "g")], backend)
        took = time.monotonic() - start
    assert "timed out" in n.error and n.teams[0].phones
    assert took < 10  # one second of limit; without it the trickle runs its full 30 s


def test_row5_extractors_are_linear_on_digits_near_an_at_sign():
    """200 KB of digits before an @ took the e-mail pattern ~58 s (quadratic backtracking); a bound of a few
    seconds separates linear from quadratic on any machine."""
    for text in ("1" * 199_990 + "@", ("1" * 100 + "@") * 1_900, "\n" * 199_990 + "巡察", "来信请寄" + "某" * 199_000,
                 "受理反映甲局、" * 28_000, "对甲(3月1日-3月2日)、" * 12_000, "3月1日\n" * 40_000):  # nested lists, plans
        start = time.perf_counter()
        notice = extract(text)
        assert time.perf_counter() - start < 5 and notice.error is None


def test_row6_an_over_long_notice_gets_an_error_record_fast_and_unread(tmp_path):
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    with open(big, "wb") as f:  # 50 MB of text
        f.write(("省委第一巡视组" * 1000 + "\n").encode() * 2400)
    (big.parent / "small.txt").write_text(GOOD, "utf-8")
    tracemalloc.start()
    items = list(read_inputs([str(big.parent)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000  # the 50 MB file is refused by its size, not read
    assert isinstance(items[0], InputError) and items[0].doc_id == "big" and "--max-chars" in items[0].message
    out = tmp_path / "out.jsonl"
    start = time.monotonic()
    r = cli("extract", str(big.parent), "--backend", "rules", "-o", str(out))
    assert time.monotonic() - start < 30 and r.returncode == 1
    rows = records(out)
    assert [x["doc_id"] for x in rows] == ["big", "small"] and "--max-chars" in rows[0]["error"]
    jsonschema.validate(rows[0], SCHEMA)
    assert "error" not in rows[1]
    long_line = tmp_path / "long.jsonl"
    long_line.write_text(json.dumps({"id": "j", "text": "甲" * 300}, ensure_ascii=False) + "\n", "utf-8")
    (err,) = read_inputs([str(long_line)], max_chars=200)
    assert isinstance(err, InputError) and err.doc_id == "j" and "300 characters" in err.message
    assert "over the limit" in extract("甲" * 300, max_chars=200).error


def test_row7_output_that_is_an_input_or_inside_an_input_folder_is_refused(tmp_path):
    notices = folder(tmp_path, {"a.txt": GOOD})
    r = cli("extract", str(notices / "a.txt"), "--backend", "rules", "-o", str(notices / "a.txt"))
    assert r.returncode == 2 and "also an input" in r.stderr.decode()
    assert (notices / "a.txt").read_text("utf-8") == GOOD
    r = cli("extract", str(notices), "--backend", "rules", "-o", str(notices / "sub" / "out.jsonl"))
    assert r.returncode == 2 and "lies in the input folder" in r.stderr.decode()
    assert r.stderr.decode().count("\n") == 1 and not (notices / "sub").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_row8_byte_order_marks_are_decoded(tmp_path, encoding):
    data = GOOD.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + GOOD).encode(encoding)
    (tmp_path / "x.txt").write_bytes(data)
    (doc,) = read_inputs([str(tmp_path / "x.txt")])
    assert isinstance(doc, Document) and doc.text.lstrip("\ufeff") == GOOD


def test_row8_one_rule_for_control_characters_wherever_they_come_from(tmp_path):
    stray = GOOD[:10] + "\x00" + GOOD[10:]
    binary = "\x00\x01\x02\x03甲乙" * 20
    (tmp_path / "stray.txt").write_text(stray, "utf-8")
    (tmp_path / "binary.txt").write_text(binary, "utf-8")
    lines = [json.dumps({"id": "stray", "text": stray}), json.dumps({"id": "binary", "text": binary})]
    (tmp_path / "j.jsonl").write_text("\n".join(lines), "utf-8")
    got = {(Path(i.source).name.split(":")[0], type(i).__name__) for i in read_inputs([str(tmp_path)])}
    assert got == {("stray.txt", "Document"), ("binary.txt", "InputError"), ("j.jsonl", "Document"),
                   ("j.jsonl", "InputError")}
    assert extract(binary).error and not extract(stray).error


def test_row9_doc_ids_are_unique_and_stable(tmp_path):
    notices = folder(tmp_path, {"a/x.txt": GOOD, "b/x.txt": BAD, "x.txt": GOOD})
    lines = [{"id": None, "text": GOOD}, {"text": BAD}, {"id": 7, "text": GOOD}, {"id": "x", "text": BAD}]
    (notices / "j.jsonl").write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    ids = [i.doc_id for i in read_inputs([str(notices)])]
    assert ids == ["a/x", "b/x", "j:1", "j:2", "7", "x", "x~2"]
    assert ids == [i.doc_id for i in read_inputs([str(notices)])]


class Failing(Replying):
    def reply(self, body: dict) -> tuple[int, str, bytes]:
        return 200, "application/json", completion("not json at all")


def test_row10_errors_stand_on_their_own_line_while_the_bar_is_drawn(tmp_path):
    """The bar is drawn on a terminal only: stderr is a pseudo-terminal here, so that it is."""
    notices = folder(tmp_path, {f"{n}.txt": GOOD.replace("甲县", f"甲{n}县") for n in range(6)})
    out = tmp_path / "out.jsonl"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 columns wide
    with http_server(Failing) as url:
        r = cli("extract", str(notices), "--backend", f"{url}/v1", "--mode", "json", "--reasks", "0", "-o", str(out),
                stderr=slave, capture_output=False)
    os.close(slave)
    shown = b""
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert r.returncode == 1 and len(records(out)) == 6
    screen = shown.decode()
    assert "notice/s" in screen or "notice]" in screen  # the bar was drawn
    said = [line.split("\r")[-1] for line in screen.replace("\r\n", "\n").split("\n") if "llm-extract:" in line]
    assert said and all(line.startswith("llm-extract: ") for line in said), screen


def test_row11_a_closed_stdout_ends_quietly(tmp_path):
    notices = folder(tmp_path, {f"{n}.txt": GOOD for n in range(200)})
    r = subprocess.run(f'"{sys.executable}" -m llm_extract.cli extract "{notices}" --backend rules --pretty | head -c0; '
                       'exit "${PIPESTATUS[0]}"', shell=True, executable="/bin/bash", capture_output=True, cwd=ROOT,
                       timeout=120)
    assert r.returncode == 141 and r.stderr.decode() == ""


def test_row11_sigterm_exits_143(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    with silent_server() as url:
        proc = subprocess.Popen([sys.executable, "-m", "llm_extract.cli", "extract", str(tmp_path / "a.txt"),
                                 "--backend", url, "--mode", "json"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        time.sleep(3)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 143
    assert proc.stderr.read().decode().strip() == "llm-extract: terminated"


@pytest.mark.parametrize("flag, value", [("--retries", "-1"), ("--timeout", "-5"), ("--reasks", "x"),
                                         ("--max-chars", "0"), ("--timeout", "0")])
def test_row11_negative_or_odd_numbers_are_refused(flag, value):
    r = cli("extract", "-", "--backend", "rules", flag, value, stdin=GOOD.encode())
    assert r.returncode == 2 and flag in r.stderr.decode() and r.stdout == b""


def test_row11_a_jsonl_line_that_is_not_an_object_is_named(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": GOOD}) + "\n[1, 2]\n", "utf-8")
    out = tmp_path / "out.jsonl"
    r = cli("extract", str(tmp_path / "in.jsonl"), "--backend", "rules", "-o", str(out))
    assert r.returncode == 1 and [x["doc_id"] for x in records(out)] == ["a"]
    assert 'in.jsonl:2: bad JSONL line: expected an object with "id" and "text", got list' in r.stderr.decode()


@pytest.mark.parametrize("value, words", [(None, "got NoneType"), (123, "got int"), (b"abc", "got bytes: decode it first")])
def test_row12_extract_says_what_it_accepts(value, words):
    with pytest.raises(TypeError, match=f"text: expected the notice as a str, {words}"):
        extract(value)


def test_row12_an_empty_text_gives_an_error_record_and_odd_arguments_are_named():
    notice = extract("")  # as the CLI writes an empty file's record (issue 32: it was an empty record, no error)
    assert isinstance(notice, Notice) and notice.teams == [] and notice.error == "empty input"
    jsonschema.validate(notice.contract(), SCHEMA)
    with pytest.raises(TypeError, match="doc_id"):
        extract(GOOD, doc_id=5)
    with pytest.raises(TypeError, match="backend: expected None, a name"):
        extract(GOOD, backend=5)
    with pytest.raises(ValueError, match="unknown backend 'nosuch'"):
        extract(GOOD, backend="nosuch")
    assert extract(GOOD, backend="rules").teams == extract(GOOD).teams


def test_row13_a_mailbox_line_without_punctuation_keeps_a_bounded_address():
    line = "来信请寄某市A015号邮政信箱" + "欢迎广大干部群众积极反映问题" * 120
    (box,) = find_mailboxes(line)
    assert len(box.value.address) <= MAX_ADDRESS and box.value.box_key == "A015"
    assert find_mailboxes("通信地址" + "某" * 500) == []


def test_row14_an_endpoint_that_never_answers_ends_a_large_batch_fast(tmp_path):
    lines = [json.dumps({"id": f"n{i}", "text": f"省委第一巡视组对甲{i}县开展巡视。"}, ensure_ascii=False)
             for i in range(1000)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), "utf-8")
    for name in ("hangs", "closed"):
        out = tmp_path / f"{name}.jsonl"
        start = time.monotonic()
        if name == "hangs":
            with silent_server() as url:
                r = cli("extract", str(tmp_path / "in.jsonl"), "--backend", url, "--mode", "json", "--timeout", "5",
                        "-o", str(out))
        else:
            r = cli("extract", str(tmp_path / "in.jsonl"), "--backend", f"http://127.0.0.1:{free_port()}/v1",
                    "--mode", "json", "-o", str(out))
        took = time.monotonic() - start
        rows = records(out)
        assert r.returncode == 1 and len(rows) == 1000 and all("error" in x for x in rows)
        assert took < (120 if name == "hangs" else 10), (name, took)
        assert any("stopped asking: the endpoint failed" in x["error"] for x in rows)
        assert len(r.stderr.decode().strip().splitlines()) <= 6  # said once, not a thousand times


def test_row15_the_readmes_first_command_reads_a_folder_in_the_repo():
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    first = block.splitlines()[0]
    run = first.split("&&", 1)[1].split("#", 1)[0].split()
    assert run[:2] == ["llm-extract", "extract"] and (ROOT / run[2]).is_dir() and any((ROOT / run[2]).glob("*.txt"))


class Boom:
    name = "boom"

    def answer(self, doc_id: str, findings) -> Notice:
        if "乙县" in findings.text:
            raise KeyError("a bug")
        raise BackendError("planned failure")


class CutOff(Replying):
    def reply(self, body: dict) -> tuple[int, str, bytes]:
        return 200, "application/json", completion(ANSWER[:30], finish_reason="length")


def test_every_failure_takes_one_path_to_an_error_record():
    good, bad = extract_many([Document("g", GOOD, "g"), Document("b", BAD, "b")], Boom())
    assert good.error == "boom: planned failure" and bad.error == "boom: KeyError: 'a bug'"
    assert bad.teams[0].phones[0].number == "0311-87654322" and bad.backend.startswith("rules (fallback")
    with http_server(CutOff) as url:
        config = EndpointConfig(base_url=f"{url}/v1", model="m", mode="json", retries=0, fields="full")
        (n,) = extract_many([Document("g", GOOD, "g")], LLMBackend(config))
    assert "cut off at max_tokens" in n.error and n.teams[0].name == "省委第一巡视组"


def test_the_circuit_closes_again_once_the_endpoint_answers():
    from llm_extract.model.circuit import Breaker, CircuitOpen

    now = [0.0]
    breaker = Breaker(limit=2, cooldown=10, clock=lambda: now[0])
    breaker.failed("x")
    breaker.check()
    breaker.failed("x")
    with pytest.raises(CircuitOpen, match="failed 2 requests in a row"):
        breaker.check()
    now[0] = 11
    breaker.check()  # the trial request
    breaker.succeeded()
    breaker.check()
    breaker.trip("server crashed")
    with pytest.raises(CircuitOpen, match="server crashed"):
        breaker.check()


def test_row0_the_build_flags_are_one_set_everywhere():
    """The flags that keep llama.cpp's AMX path out live in the package's data; the README's commands and the
    extras' pin must say the same, or a newcomer's install differs from CI's."""
    import tomllib

    from llm_extract.model.local_model import rebuild_hint

    build = tomllib.loads((ROOT / "llm_extract" / "data" / "models.toml").read_text("utf-8"))["build"]
    readme = (ROOT / "README.md").read_text("utf-8").split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert all(line.startswith(f'CMAKE_ARGS="{build["cmake_args"]}" pip install --no-cache-dir') for line in readme[:2])
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    assert build["package"] in pyproject["local"] and build["package"] in pyproject["small"]
    assert build["cmake_args"] in rebuild_hint() and "--force-reinstall" in rebuild_hint()


def test_a_backend_name_is_read_once_into_its_kind():
    from llm_extract.model.backends import BackendName
    assert BackendName.parse("local:0.5b") == BackendName("local", "0.5b")
    assert BackendName.parse("https://example.invalid/v1") == BackendName("endpoint", url="https://example.invalid/v1")
    assert BackendName.parse("rules").kind == "rules"
    with pytest.raises(ValueError, match="unknown backend 'x'"):
        BackendName.parse("x")
