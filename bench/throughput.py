"""Throughput of a batch: notices per second by concurrency, without and with the answer cache.

    python bench/throughput.py [--notices 1000] [--delay 0.5] [--levels 1,4,16,64] [--cli 100] [--embedded 0]

The endpoint is a loopback OpenAI-compatible server written for this benchmark: it answers every
request after a fixed delay (a stand-in for a model server with many slots), and counts requests.
The notices are the eval notices repeated with new ids and a numbered closing line, so that each is
a question of its own. For each concurrency level the batch runs with no cache, and again served from a cache that one
untimed run filled first. Records are checked identical (less
`usage`) and in input order at every level. `--cli N` then runs N notices through the `llm-extract`
command at the highest level twice, with the instructor mode probed and with `--mode json`: probing
the mode should cost no more than its one extra round trip. `--embedded N` also runs N invented notices that the
model is asked about through the embedded 0.5B server at concurrency 1 and 2 (it answers one request
at a time, so 2 should gain nothing).
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import multiprocessing
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from corpus import repeated, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llm_extract.model.cache import AnswerCache  # noqa: E402
from llm_extract.model.endpoint import EndpointConfig  # noqa: E402
from llm_extract.model.llm_backend import LLMBackend  # noqa: E402
from llm_extract.model.local_model import free_port  # noqa: E402
from llm_extract.runs.batch import extract_many  # noqa: E402
from llm_extract.runs.inputs import Document  # noqa: E402


class Delayed(BaseHTTPRequestHandler):
    """Answers a chat completion with no teams after `delay` seconds; counts requests in a shared counter."""

    delay = 0.5
    requests: Any = None  # a multiprocessing.Value: the server runs in a process of its own

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with Delayed.requests.get_lock():
            Delayed.requests.value += 1
        time.sleep(Delayed.delay)
        body = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": '{"teams": []}'}}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(port: int, delay: float, requests: Any) -> None:
    Delayed.delay, Delayed.requests = delay, requests
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Delayed)
    httpd.daemon_threads = True
    httpd.serve_forever()


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].split("/")[0])), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"bench server at {url} did not start")


def notices(n: int) -> list[Document]:
    return [Document(doc_id, text, "bench") for doc_id, text in itertools.islice(repeated(), n)]


def run(docs: list[Document], backend: LLMBackend, concurrency: int) -> tuple[float, list[str]]:
    start = time.perf_counter()
    rows = []
    for notice in extract_many(docs, backend, concurrency=concurrency):
        record = notice.contract()
        record.pop("usage")
        rows.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return time.perf_counter() - start, rows


def through_cli(docs: list[Document], url: str, concurrency: int, mode: list[str]) -> float:
    """Seconds for `llm-extract extract` over `docs` (a JSONL file) at `concurrency`, answer cache off."""
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "in.jsonl"
        write_jsonl(jsonl, ((d.doc_id, d.text) for d in docs))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(jsonl), "--backend", url, "--no-cache",
                        "--concurrency", str(concurrency), "-o", str(Path(tmp) / "out.jsonl"), *mode], check=True)
        return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--notices", type=int, default=1000)
    p.add_argument("--delay", type=float, default=0.5)
    p.add_argument("--levels", default="1,4,16,64")
    p.add_argument("--cli", type=int, default=0, help="notices through the CLI, mode probed and set (0: skip)")
    p.add_argument("--embedded", type=int, default=0, help="notices for the embedded 0.5B server (0: skip)")
    a = p.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    requests = multiprocessing.Value("i", 0)
    port = free_port()
    # In a process of its own, so that the server's work does not compete with the client's for one GIL.
    server = multiprocessing.Process(target=serve, args=(port, a.delay, requests), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{port}/v1"
    wait_for(url)
    docs = notices(a.notices)
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{len(docs)} notices, loopback endpoint answering after {a.delay}s")
    print(f"{'concurrency':>11} {'no cache s':>11} {'notices/s':>10} {'speed-up':>9} {'cached s':>9} "
          f"{'notices/s':>10} {'requests':>9}  same records")
    levels = [int(x) for x in a.levels.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        cache = AnswerCache(Path(tmp) / "answers.sqlite")
        cached_config = EndpointConfig(base_url=url, model="m", mode="json", fields="full")
        run(docs, LLMBackend(cached_config, cache=cache), max(levels))  # fills the cache, untimed
        base_seconds, base_rows = None, None
        for level in levels:
            requests.value = 0
            config = EndpointConfig(base_url=url, model="m", mode="json", fields="full", cache=False)
            seconds, rows = run(docs, LLMBackend(config), level)
            asked = requests.value
            base_seconds, base_rows = base_seconds or seconds, base_rows or rows
            requests.value = 0
            cached_seconds, cached_rows = run(docs, LLMBackend(cached_config, cache=cache), level)
            print(f"{level:>11} {seconds:>11.2f} {len(docs) / seconds:>10.1f} {base_seconds / seconds:>8.1f}x "
                  f"{cached_seconds:>9.2f} {len(docs) / cached_seconds:>10.1f} {asked:>5}/{requests.value:<3}  "
                  f"{rows == base_rows and cached_rows == base_rows}", flush=True)
    if a.cli:
        level = max(levels)
        probed = through_cli(docs[:a.cli], url, level, [])
        fixed = through_cli(docs[:a.cli], url, level, ["--mode", "json"])
        print(f"CLI, {a.cli} notices at concurrency {level}: mode probed {probed:.2f}s, --mode json {fixed:.2f}s, "
              f"probed/json {probed / fixed:.2f}", flush=True)
    if a.embedded:
        from llm_extract.model.local_model import LocalServer, ensure_model, model_spec

        gaps = [f"省委第{i % 9 + 1}巡视组对某{i}县开展巡视。组长、一级巡视员钱某{i % 7}作动员讲话。" for i in range(a.embedded)]
        with LocalServer(ensure_model(model_spec("0.5b"))) as server:
            config = EndpointConfig(base_url=server.base_url, model="local", mode="json", fields="lean", cache=False)
            backend = LLMBackend(config)
            run([Document("warm", gaps[0], "warm")], backend, 1)
            for level in (1, 2):
                seconds, _ = run([Document(f"e{i}", t, "e") for i, t in enumerate(gaps)], backend, level)
                print(f"embedded 0.5B, concurrency {level}: {len(gaps)} notices in {seconds:.1f}s, "
                      f"{len(gaps) / seconds:.2f} notices/s")
    server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
