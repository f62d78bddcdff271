"""Benchmark an LLM backend over the gold notices: per notice seconds, prompt and completion tokens; the median.

    python bench/llm_bench.py [--model 1.5b|0.5b] [--backend local|URL] [--notices eval/notices] [--warm]

The local server's start-up (loading the model) is timed separately; with --warm, one request fills
the server's prompt cache with the fixed prompt prefix before the timed notices, as a long run would.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from llm_extract.api import extract_many  # noqa: E402
from llm_extract.backends import make_backend  # noqa: E402
from llm_extract.cli import _parser  # noqa: E402
from llm_extract.inputs import read_inputs  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", default="local")
    p.add_argument("--model", default="1.5b")
    p.add_argument("--notices", default=str(Path(__file__).resolve().parent.parent / "eval" / "notices"))
    p.add_argument("--warm", action="store_true", help="send one notice first, untimed, to fill the prompt cache")
    a = p.parse_args()
    args = _parser().parse_args(["extract", a.notices, "--backend", a.backend, "--model", a.model])
    docs = [d for d in read_inputs([a.notices]) if hasattr(d, "text")]
    print(f"machine: {platform.machine()}, {__import__('os').cpu_count()} cores, python {platform.python_version()}")
    t0 = time.perf_counter()
    with make_backend(a.backend, args) as backend:
        print(f"backend {backend.name}: ready in {time.perf_counter() - t0:.1f} s")
        if a.warm:
            t1 = time.perf_counter()
            list(extract_many(docs[:1], backend))
            print(f"warm-up notice (fills the prompt cache): {time.perf_counter() - t1:.1f} s")
        rows = []
        for n in extract_many(docs, backend):
            u = n.usage
            rows.append((n.doc_id, u.seconds, u.prompt_tokens, u.completion_tokens, n.error))
            print(f"{n.doc_id:>8}  {u.seconds:6.2f} s  prompt {u.prompt_tokens:5d}  completion {u.completion_tokens:4d}"
                  + (f"  ERROR {n.error}" if n.error else ""), flush=True)
    secs = [r[1] for r in rows]
    print(f"median {statistics.median(secs):.2f} s/notice, mean {statistics.mean(secs):.2f} s, "
          f"mean prompt {statistics.mean(r[2] for r in rows):.0f} tok, mean completion {statistics.mean(r[3] for r in rows):.0f} tok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
