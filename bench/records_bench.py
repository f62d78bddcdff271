"""Time and peak memory of the record tools (merge, review, export) over 10k / 30k / 100k records.

    python bench/records_bench.py [--sizes 10000 30000 100000] [--commands merge review csv sqlite parquet]

The records are the eval notices read once through the rules, then repeated: each copy with an id of its own
and a text of its own (the notice with its number appended, as bench/corpus.py writes them), so that merge
joins the copies of one notice from different texts and review marks each copy in its own text. Each command
runs as a process of its own; its seconds and its peak resident memory (ru_maxrss of that process) are
printed. The records are written by a process of their own too: a child's ru_maxrss starts from what its
parent held when it forked, so the parent here holds nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import ROOT, repeated, write_jsonl

COMMANDS = {
    "merge": lambda d: ["merge", str(d / "records.jsonl"), "-o", str(d / "merged.jsonl")],
    "review": lambda d: ["review", str(d / "records.jsonl"), "--texts", str(d / "texts.jsonl"), "-o", str(d / "p.html")],
    "csv": lambda d: ["export", str(d / "records.jsonl"), "-o", str(d / "out.csv")],
    "sqlite": lambda d: ["export", str(d / "records.jsonl"), "-o", str(d / "out.sqlite")],
    "parquet": lambda d: ["export", str(d / "records.jsonl"), "-o", str(d / "out.parquet")],
}


def write_records(folder: Path, n: int) -> None:
    """texts.jsonl and records.jsonl of n notices: each eval notice read once, its record copied per text."""
    sys.path.insert(0, str(ROOT))
    from llm_extract import extract
    from llm_extract.runs.inputs import text_hash

    write_jsonl(folder / "texts.jsonl", itertools.islice(repeated(), n))
    texts = zip(range(n), repeated(), strict=False)
    count = len(list((ROOT / "eval" / "notices").glob("*.txt")))  # repeated() takes them in turn
    base: dict[int, dict] = {}
    with open(folder / "records.jsonl", "w", encoding="utf-8") as f:
        for i, (doc_id, text) in texts:
            if i % count not in base:
                base[i % count] = extract(text, doc_id).contract()
            record = base[i % count] | {"doc_id": doc_id, "text_sha256": text_hash(text)}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def run(args: list[str]) -> tuple[float, float, int]:
    """Seconds, peak resident MB and exit code of `llm-extract ARGS` as a process of its own."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "llm_extract.cli", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    p.add_argument("--commands", nargs="+", choices=list(COMMANDS), default=list(COMMANDS))
    p.add_argument("--write", nargs=2, metavar=("FOLDER", "N"), help=argparse.SUPPRESS)  # the writing process
    a = p.parse_args()
    if a.write:
        write_records(Path(a.write[0]), int(a.write[1]))
        return 0
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'records':>8} {'command':>8} {'seconds':>8} {'peak MB':>8} exit")
    for n in a.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            subprocess.run([sys.executable, __file__, "--write", tmp, str(n)], check=True)
            for name in a.commands:
                seconds, peak, code = run(COMMANDS[name](folder))
                print(f"{n:>8} {name:>8} {seconds:>8.1f} {peak:>8.0f} {code:>4}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
