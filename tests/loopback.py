"""Loopback HTTP servers that play a misbehaving OpenAI-compatible endpoint, for the fault tests.

Each listens on 127.0.0.1 on a free port and stops when its `with` block ends; each of their request
loops is bounded in time."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A title between 副组长 and the name: the rules leave deputies open, so the model is asked in lean mode too.
GOOD = "省委第一巡视组对甲县开展巡视。组长赵某某，副组长是二级巡视员，周某出席。巡视期间设值班电话：0311-87654321。"
BAD = "省委第二巡视组对乙县开展巡视。组长钱某某，副组长是二级巡视员，吴某出席。巡视期间设值班电话：0311-87654322。"


def completion(content: str, finish_reason: str = "stop") -> bytes:
    """A chat-completion response body carrying `content`."""
    return json.dumps({
        "id": "x", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }).encode()


class Replying(BaseHTTPRequestHandler):
    """Base handler: `reply(body)` gives (status, content type, payload) for a request's JSON body."""

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        raise NotImplementedError

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status, kind, payload = self.reply(body)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """`handler` served on loopback; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def silent_server(held: list[socket.socket] | None = None) -> Iterator[str]:
    """A TCP server that accepts every connection and never answers (until its `with` block ends); the
    connections it accepted are put in `held`."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    held = [] if held is None else held
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        sock.close()


class Trickle(Replying):
    """Sends headers, then one byte of its body every 0.2 s: each read is quick, the whole never ends (bounded
    at 30 s here). Counts the requests it was sent."""

    requests = 0

    def do_POST(self) -> None:
        type(self).requests += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass


DEPUTY = re.compile(r"二级巡视员[,，]?(\w{2,3}?)出席")


def numbered(n: int) -> str:
    """Notice number `n`: its own county, phone and deputy (after a title and a comma, so the rules leave the deputy open
    and the model is asked in lean mode too)."""
    name = "周" + "甲乙丙丁戊己庚辛壬癸"[n % 10] + "某"
    return (f"省委第一巡视组对甲{n}县开展巡视。组长赵某某，副组长是二级巡视员，{name}出席。"
            f"巡视期间设值班电话：0311-8{n:07d}。")


class Reading(Replying):
    """Answers each notice with the deputy its own text names, after `delay` seconds; counts the requests
    and the most it had in flight at once (class attributes, reset with `reset`). With `gather` N, a request
    is held until N are in flight (or 10 s pass): a client that sends N at once is seen to, however slow
    the machine."""

    delay = 0.0
    gather = 0
    lock = threading.Lock()
    requests = 0
    in_flight = 0
    most_in_flight = 0
    formats: list[str] = []

    @classmethod
    def reset(cls, delay: float = 0.0, gather: int = 0) -> None:
        cls.delay, cls.gather, cls.requests, cls.in_flight, cls.most_in_flight, cls.formats = delay, gather, 0, 0, 0, []

    def reply(self, body: dict) -> tuple[int, str, bytes]:
        cls = type(self)
        fmt = body.get("response_format", {}).get("type", "-")
        with cls.lock:
            cls.requests += 1
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
            cls.formats.append(fmt)
        try:
            deadline = time.monotonic() + 10
            while cls.gather and cls.most_in_flight < cls.gather and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(cls.delay)
            if self.path.startswith("/llamacpp/") and fmt == "json_schema":
                return 500, "application/json", b'{"error": "response_format json_schema not supported"}'
            notice = body["messages"][-1]["content"]
            found = DEPUTY.search(notice)
            county = re.search(r"甲\d+县", notice)
            team = {"name": "省委第一巡视组", "leader": "赵某某", "deputy_leaders": [found[1]] if found else [],
                    "targets": [county[0]] if county else []}
            return 200, "application/json", completion(json.dumps({"teams": [team]}, ensure_ascii=False))
        finally:
            with cls.lock:
                cls.in_flight -= 1
