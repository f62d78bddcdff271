"""Inputs in every form and encoding, and the CLI's handling of bad ones: named on stderr, the rest written."""

import json
import subprocess
import sys

import jsonschema
import pytest

from llm_extract.runs.inputs import Document, InputError, decode, read_inputs

from .conftest import NOTICES, ROOT

SCHEMA = json.loads((ROOT / "schemas" / "notice-v1.schema.json").read_text("utf-8"))
SIMPLIFIED = (NOTICES / "000.txt").read_text("utf-8")
TRADITIONAL = (NOTICES / "001.txt").read_text("utf-8")


@pytest.mark.parametrize(
    "data, text",
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED),
        (TRADITIONAL.encode("big5", errors="ignore"), TRADITIONAL.encode("big5", errors="ignore").decode("big5")),
    ],
)
def test_encodings_are_detected(data, text):
    assert decode(data) == text


@pytest.mark.parametrize("data, reason", [(b"", "empty input"), (b"  \n", "empty input"),
                                          (b"\x00\x01\x02PK", "binary input"), (bytes(range(256)) * 4, "not text")])
def test_bad_bytes_say_why(tmp_path, data, reason):
    (tmp_path / "x.txt").write_bytes(data)
    (err,) = read_inputs([str(tmp_path / "x.txt")])
    assert isinstance(err, InputError) and err.doc_id == "x" and err.message.startswith(reason)


def test_folders_jsonl_and_errors_keep_their_order(tmp_path):
    (tmp_path / "a.txt").write_text("省委第一巡视组对甲县开展巡视。", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "j1", "text": "市委第二巡察组对乙镇开展巡察。"}, ensure_ascii=False) + "\n{broken\n"
        + json.dumps({"id": "j3"}) + "\n", "utf-8")
    items = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    kinds = [(type(i).__name__, i.doc_id if isinstance(i, Document) else i.source.split("/")[-1]) for i in items]
    assert kinds == [("Document", "a"), ("InputError", "b.txt"), ("Document", "j1"), ("InputError", "c.jsonl:2"),
                     ("InputError", "c.jsonl:3"), ("InputError", "missing.txt")]
    assert 'missing key "text"' in str(items[4]) and items[4].doc_id == "j3"
    assert [getattr(i, "doc_id", None) for i in items] == ["a", "b", "j1", None, "j3", None]


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=120)


def test_cli_writes_good_inputs_names_bad_ones_and_exits_non_zero(tmp_path):
    notices = tmp_path / "in"
    notices.mkdir()
    (notices / "good.txt").write_text(SIMPLIFIED, "utf-8")
    (notices / "empty.txt").write_bytes(b"")
    (notices / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (notices / "gbk.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    out = tmp_path / "out.jsonl"
    r = run_cli("extract", str(notices), "--backend", "rules", "-o", str(out))
    assert r.returncode == 1
    errors = r.stderr.decode().strip().splitlines()
    assert len(errors) == 2
    assert any("empty.txt: empty input" in e for e in errors) and any("binary.txt: not text" in e for e in errors)
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert sorted(r["doc_id"] for r in rows) == ["binary", "empty", "gbk", "good"]
    for row in rows:
        jsonschema.validate(row, SCHEMA)
    failed = {r["doc_id"]: r for r in rows if "error" in r}
    assert set(failed) == {"binary", "empty"} and all(r["teams"] == [] for r in failed.values())
    answers = [r for r in rows if "error" not in r]
    assert answers[0]["teams"] == answers[1]["teams"] != []


def test_cli_reads_stdin_and_pretty_prints():
    r = run_cli("extract", "-", "--backend", "rules", "--pretty", stdin="省委第一巡视组对甲县开展巡视。".encode())
    assert r.returncode == 0, r.stderr
    answer = json.loads(r.stdout)
    assert answer["doc_id"] == "stdin" and answer["teams"][0]["targets"] == ["甲县"]


def test_cli_reference_date_gives_years():
    text = "省委第一巡视组对甲县开展巡视。巡视期间（8月3日至9月底）设值班电话：0311-87654321。".encode()
    r = run_cli("extract", "-", "--backend", "rules", "--reference-date", "2015-09-01", stdin=text)
    team = json.loads(r.stdout)["teams"][0]
    assert (team["start_date"], team["end_date"]) == ("2015-08-03", "2015-09-30")


def test_cli_rejects_an_unknown_backend_in_one_line():
    r = run_cli("extract", str(NOTICES / "000.txt"), "--backend", "nonsense")
    assert r.returncode == 2
    assert r.stderr.decode().strip().count("\n") == 0 and "unknown backend" in r.stderr.decode()


def test_every_answer_validates_against_the_contract(gold_pairs):
    from llm_extract import extract

    for doc_id, text, _ in gold_pairs:
        jsonschema.validate(extract(text, doc_id).contract(), SCHEMA)


def test_input_error_is_one_line():
    assert "\n" not in str(InputError("x.txt", "empty input"))


def test_debug_shows_the_cause_of_a_one_line_error(tmp_path):
    args = ["extract", str(ROOT / "eval" / "notices"), "--backend", "nonsense", "-o", str(tmp_path / "o.jsonl")]
    plain = run_cli(*args)
    assert plain.returncode == 2 and plain.stderr.decode().strip().splitlines() == [
        "llm-extract: unknown backend 'nonsense': use rules, local, local:0.5b, or an http(s):// base URL"]
    debug = run_cli("--debug", *args)
    err = debug.stderr.decode()
    assert debug.returncode == 2 and "Traceback" in err and "make_backend" in err
    assert err.strip().splitlines()[-1] == plain.stderr.decode().strip()


def test_debug_logs_what_a_run_decided_and_each_failed_try(tmp_path):
    """Without --debug a run against a closed port says one line; with it, the logs of the modules that decided:
    how the input was decoded, each request and each failed try before the back-off, and the cause."""
    notice = tmp_path / "gbk.txt"
    notice.write_bytes(SIMPLIFIED.encode("gbk"))
    args = ["extract", str(notice), "--backend", "http://127.0.0.1:9", "--retries", "1", "-o", str(tmp_path / "o.jsonl")]
    plain = run_cli(*args).stderr.decode()
    assert "llm_extract." not in plain
    err = run_cli("--debug", *args).stderr.decode()
    assert "llm_extract.runs.inputs: not UTF-8: read as gb18030" in err
    assert err.count("llm_extract.model.endpoint: asking ") == 2
    assert "llm_extract.model.endpoint: try 1 failed (endpoint unreachable" in err
    assert "try 2 failed" not in err  # the last try is not followed by a back-off
