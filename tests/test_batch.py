"""Batches at scale against a loopback endpoint: concurrent requests in input order, the answer cache,
resumable runs, and endpoint faults under concurrency."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llm_extract.model.endpoint import EndpointConfig
from llm_extract.model.llm_backend import LLMBackend
from llm_extract.runs.batch import extract_many
from llm_extract.runs.inputs import Document
from llm_extract.runs.resume import resume

from .conftest import ROOT
from .loopback import Reading, http_server, numbered


def write_jsonl(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"n{i:04d}", "text": numbered(i)}, ensure_ascii=False) + "\n"
                            for i in range(n)), "utf-8")
    return path


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", *args], capture_output=True, cwd=ROOT,
                          timeout=timeout)


def without_usage(path: Path) -> list[str]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for row in rows:
        row.pop("usage")
    return [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows]


@pytest.fixture
def endpoint():
    with http_server(Reading) as url:
        yield url


def test_concurrent_requests_come_back_in_input_order_and_equal_the_sequential_run(tmp_path, endpoint):
    notices = write_jsonl(tmp_path / "in.jsonl", 32)
    runs = {}
    for concurrency in (1, 16):
        Reading.reset(delay=0.05, gather=concurrency)  # the server waits until the client has sent all it will
        out = tmp_path / f"c{concurrency}.jsonl"
        r = cli(str(notices), "--backend", f"{endpoint}/v1", "--mode", "json", "--concurrency", str(concurrency),
                "--no-cache", "-o", str(out))
        assert r.returncode == 0, r.stderr.decode()
        runs[concurrency] = (without_usage(out), Reading.requests, Reading.most_in_flight)
    (seq, asked1, most1), (par, asked16, most16) = runs[1], runs[16]
    assert par == seq and asked1 == asked16 == 32
    assert (most1, most16) == (1, 16)  # the server saw 16 requests at once, and one at a time before
    ids = [json.loads(row)["doc_id"] for row in par]
    assert ids == sorted(ids)
    deputies = [json.loads(row)["teams"][0]["deputy_leaders"] for row in par]
    assert deputies == [["周" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "某"] for i in range(32)]  # each its own answer


def test_unordered_records_are_the_same_records(tmp_path, endpoint):
    docs = [Document(f"n{i}", numbered(i), "x") for i in range(12)]
    config = EndpointConfig(base_url=f"{endpoint}/v1", model="m", mode="json", fields="lean", cache=False)
    Reading.reset(delay=0.02)
    ordered = [n.doc_id for n in extract_many(docs, LLMBackend(config), concurrency=4)]
    loose = [n.doc_id for n in extract_many(docs, LLMBackend(config), concurrency=4, ordered=False)]
    assert ordered == [d.doc_id for d in docs] and sorted(loose) == sorted(ordered)


def test_a_second_identical_run_is_served_from_the_cache(tmp_path, endpoint):
    notices = write_jsonl(tmp_path / "in.jsonl", 30)
    outs = []
    for run in range(2):
        Reading.reset()
        out = tmp_path / f"run{run}.jsonl"
        r = cli(str(notices), "--backend", f"{endpoint}/v1", "--mode", "json", "-o", str(out))
        assert r.returncode == 0, r.stderr.decode()
        outs.append((without_usage(out), Reading.requests))
    assert outs[0][1] == 30 and outs[1][1] == 0  # nothing reached the server the second time
    assert outs[0][0] == outs[1][0]
    Reading.reset()
    r = cli(str(notices), "--backend", f"{endpoint}/v1", "--mode", "json", "--no-cache", "-o", str(tmp_path / "x.jsonl"))
    assert r.returncode == 0 and Reading.requests == 30


def test_cache_info_and_clear(tmp_path, endpoint):
    notices = write_jsonl(tmp_path / "in.jsonl", 3)
    Reading.reset()
    assert cli(str(notices), "--backend", f"{endpoint}/v1", "--mode", "json", "-o", str(tmp_path / "o.jsonl")).returncode == 0
    info = subprocess.run([sys.executable, "-m", "llm_extract.cli", "cache", "info"], capture_output=True, cwd=ROOT)
    assert info.returncode == 0 and ": 3 answer(s)" in info.stdout.decode()
    clear = subprocess.run([sys.executable, "-m", "llm_extract.cli", "cache", "clear"], capture_output=True, cwd=ROOT)
    assert "cleared 3 answer(s)" in clear.stdout.decode()


def test_the_mode_is_settled_without_holding_back_the_other_requests(tmp_path, endpoint):
    """Row 1 of issue 16: every first request goes out at once; each one the server refuses in json_schema is
    sent again in json, and no later request tries json_schema."""
    docs = [Document(f"n{i}", numbered(i), "x") for i in range(20)]
    Reading.reset(delay=0.05, gather=8)
    config = EndpointConfig(base_url=f"{endpoint}/llamacpp/v1", model="m", fields="lean", cache=False)
    records = list(extract_many(docs, LLMBackend(config), concurrency=8))
    assert all(r.error is None for r in records)
    assert Reading.most_in_flight == 8  # the first eight were in flight together, none waited for a probe
    assert Reading.formats.count("json_object") == 20 and Reading.formats.count("json_schema") <= 8
    assert "json_schema" not in Reading.formats[Reading.formats.index("json_object") + 8:]


def test_a_killed_run_resumes_with_every_notice_once_and_no_broken_line(tmp_path, endpoint):
    notices = write_jsonl(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out.jsonl"
    Reading.reset(delay=0.1)
    args = [sys.executable, "-m", "llm_extract.cli", "extract", str(notices), "--backend", f"{endpoint}/v1", "--mode",
            "json", "--concurrency", "4", "-o", str(out)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_text("utf-8").count("\n") < 20):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open(out, "ab") as f:  # as if the kill had come in the middle of a line
        f.write(b'{"doc_id": "n9999", "kind": "')
    first = out.read_text("utf-8").count("\n")
    assert 20 <= first < 60
    Reading.reset()
    r = subprocess.run(args + ["--resume"], cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    ids = [json.loads(line)["doc_id"] for line in out.read_text("utf-8").splitlines()]
    assert sorted(ids) == [f"n{i:04d}" for i in range(60)]  # each exactly once, the broken line gone
    assert Reading.requests <= 60 - first + 4  # the done ones were not asked again (cache aside)


def test_resume_keeps_good_records_and_drops_errors_and_a_torn_line(tmp_path):
    out = tmp_path / "out.jsonl"
    good = json.dumps({"doc_id": "a", "teams": []})
    out.write_text(good + "\n" + json.dumps({"doc_id": "b", "error": "x"}) + "\n" + good + "\n" + '{"doc_id": "c"', "utf-8")
    assert resume(out).done == {"a": None}
    assert out.read_text("utf-8") == good + "\n"
    assert resume(tmp_path / "missing.jsonl").done == {}


@pytest.mark.parametrize("fault", ["e500", "garbage"])
def test_endpoint_faults_under_concurrency_lose_nothing(tmp_path, fault):
    from .test_endpoint_faults import BAD, GOOD, Handler

    notices = tmp_path / "in.jsonl"
    rows = [{"id": f"g{i}", "text": GOOD.replace("甲县", f"甲{i}县")} for i in range(10)]
    rows += [{"id": f"b{i}", "text": BAD.replace("乙县", f"乙县{i}")} for i in range(10)]
    notices.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out.jsonl"
    with http_server(Handler) as url:
        r = cli(str(notices), "--backend", f"{url}/{fault}/v1", "--mode", "json", "--concurrency", "8", "--retries", "0",
                "-o", str(out))
    assert r.returncode == 1
    got = {json.loads(line)["doc_id"]: json.loads(line) for line in out.read_text("utf-8").splitlines()}
    assert sorted(got) == sorted(x["id"] for x in rows)
    assert all("error" not in got[f"g{i}"] and "error" in got[f"b{i}"] for i in range(10))


def test_the_ray_engine_gives_the_records_of_the_plain_run(tmp_path, endpoint):
    """A Ray Data job on a local Ray instance (2 CPUs) over 50 notices, 40 from JSONL and 10 from Parquet,
    against the loopback endpoint: the same records, in the same order, as the single-process run."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    notices = write_jsonl(tmp_path / "in.jsonl", 40)
    rows = [{"id": f"p{i:04d}", "text": numbered(100 + i)} for i in range(10)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "more.parquet")
    (tmp_path / "more.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    common = ["--backend", f"{endpoint}/v1", "--mode", "json", "--no-cache"]
    Reading.reset()
    plain = cli(str(notices), str(tmp_path / "more.jsonl"), *common, "-o", str(tmp_path / "plain.jsonl"))
    assert plain.returncode == 0, plain.stderr.decode()
    Reading.reset()
    on_ray = cli(str(notices), str(tmp_path / "more.parquet"), *common, "--engine", "ray", "--ray-actors", "2",
                 "-o", str(tmp_path / "ray.jsonl"), timeout=600)
    assert on_ray.returncode == 0, on_ray.stderr.decode()[-3000:]
    assert Reading.requests == 50
    plain_rows, ray_rows = without_usage(tmp_path / "plain.jsonl"), without_usage(tmp_path / "ray.jsonl")
    assert len(ray_rows) == 50 and ray_rows == plain_rows
