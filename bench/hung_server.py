"""How long a batch takes to end against an endpoint that accepts connections and never answers.

    python bench/hung_server.py [--notices 100] [-- EXTRACT FLAGS...]

e.g. `python bench/hung_server.py -- --concurrency 32 --timeout 5`, or with no flags for every default.
The notices are the eval notices repeated, each a question of its own; the mode is probed (no `--mode`). Prints the
seconds the `llm-extract extract` run took, the records it wrote and the connections the server saw.
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpus import repeated, write_jsonl


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--notices", type=int, default=100)
    p.add_argument("flags", nargs=argparse.REMAINDER, help="flags for llm-extract extract, after --")
    a = p.parse_args()
    flags = a.flags[1:] if a.flags[:1] == ["--"] else a.flags
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: [held.append(sock.accept()[0]) for _ in iter(int, 1)], daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        write_jsonl(jsonl, itertools.islice(repeated(), a.notices))
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(jsonl), "--backend",
                              f"http://127.0.0.1:{sock.getsockname()[1]}/v1", "--no-cache", "-o", str(out), *flags],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    errors = sum(1 for r in records if r.get("error"))
    print(f"hung endpoint, {a.notices} notices, flags {' '.join(flags) or '(defaults)'}: {seconds:.1f}s, exit "
          f"{run.returncode}, {len(records)} records ({errors} with an error), {len(held)} connections")
    print("\n".join(run.stderr.strip().splitlines()[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
