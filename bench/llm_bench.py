"""Benchmark an LLM backend over the gold notices: per notice seconds, prompt and completion tokens; the median.

    python bench/llm_bench.py [--model 1.5b|0.5b] [--backend local|rules|URL] [--notices eval/notices] [--warm]

The embedded server starts with the first question (loading the model); with --warm, one short invented
notice that the rules cannot finish (a title the lexicon does not list between 组长 and the name) is sent first,
timed apart, so the server is up and its prompt cache holds the fixed prompt prefix before the timed notices, as in
a long run.
Notices the rules finish are not sent to the model at all: the medians are given over all notices and
over those the model was asked about, with the 90th percentile.
"""

from __future__ import annotations

import argparse
import logging
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from llm_extract.cli import _parser  # noqa: E402
from llm_extract.model.backends import BackendOptions, make_backend  # noqa: E402
from llm_extract.runs.batch import extract_many  # noqa: E402
from llm_extract.runs.inputs import Document, read_inputs  # noqa: E402

WARM_UP = "省委第五巡视组对某某县开展巡视。省委第五巡视组组长、省政府参事钱某某作动员讲话。"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", default="local")
    p.add_argument("--model", default="1.5b")
    p.add_argument("--notices", default=str(Path(__file__).resolve().parent.parent / "eval" / "notices"))
    p.add_argument("--warm", action="store_true", help="send one invented notice first, untimed, to fill the prompt cache")
    a = p.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # as the CLI does: failures show in the rows
    # --no-cache: the model's own time is measured, not the answer cache's
    args = _parser().parse_args(["extract", a.notices, "--backend", a.backend, "--model", a.model, "--no-cache"])
    docs = [d for d in read_inputs([a.notices]) if hasattr(d, "text")]
    print(f"machine: {platform.machine()}, {__import__('os').cpu_count()} cores, python {platform.python_version()}")
    t0 = time.perf_counter()
    with make_backend(a.backend, BackendOptions.of(args)) as backend:
        print(f"backend {backend.name}: set up in {time.perf_counter() - t0:.1f} s (an embedded server starts with the "
              "first question not in the cache: --warm takes that time out of the rows)")
        if a.warm:
            t1 = time.perf_counter()
            list(extract_many([Document("warm-up", WARM_UP, "warm-up")], backend))
            print(f"warm-up notice (fills the prompt cache): {time.perf_counter() - t1:.1f} s")
        rows = []
        for n in extract_many(docs, backend):
            u = n.usage
            rows.append((n.doc_id, u.seconds, u.prompt_tokens, u.completion_tokens, n.error))
            print(f"{n.doc_id:>8}  {u.seconds:6.2f} s  prompt {u.prompt_tokens:5d}  completion {u.completion_tokens:4d}"
                  + (f"  ERROR {n.error}" if n.error else ""), flush=True)
    secs = [r[1] for r in rows]
    asked = [r[1] for r in rows if r[2] > 0]
    print(f"median {statistics.median(secs):.3f} s/notice, p90 {_p90(secs):.3f} s, mean {statistics.mean(secs):.3f} s, "
          f"mean prompt {statistics.mean(r[2] for r in rows):.0f} tok, "
          f"mean completion {statistics.mean(r[3] for r in rows):.0f} tok")
    print(f"model asked on {len(asked)} of {len(rows)} notices"
          + (f": median {statistics.median(asked):.2f} s, p90 {_p90(asked):.2f} s, max {max(asked):.2f} s" if asked else ""))
    return 0


def _p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank): the time nine notices in ten stay within."""
    ranked = sorted(values)
    return ranked[max(0, -(-9 * len(ranked) // 10) - 1)]


if __name__ == "__main__":
    sys.exit(main())
