"""Rules-backend throughput: notices per second on one core over the gold notices, repeated.

    python bench/rules_bench.py [--repeat 40] [--notices eval/notices]

Each notice is read from scratch each time (normalisation, every extractor, assembly); the process is
pinned to one core where the platform allows it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from llm_extract import extract  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=40)
    p.add_argument("--notices", default=str(Path(__file__).resolve().parent.parent / "eval" / "notices"))
    a = p.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = [(f.stem, f.read_text("utf-8")) for f in sorted(Path(a.notices).glob("*.txt"))]
    chars = sum(len(t) for _, t in texts)
    extract(texts[0][1])  # load OpenCC and the cue lists once, as a long run would
    rounds = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for doc_id, text in texts:
            extract(text, doc_id)
        rounds.append(time.perf_counter() - t0)
    per_notice = statistics.median(rounds) / len(texts)
    print(f"machine: {platform.machine()}, python {platform.python_version()}, 1 core")
    print(f"{len(texts)} notices ({chars} chars) x {a.repeat} rounds")
    print(f"median {per_notice * 1000:.1f} ms/notice -> {1 / per_notice:.1f} notices/s on one core "
          f"(best round {len(texts) / min(rounds):.1f}, worst {len(texts) / max(rounds):.1f} notices/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
