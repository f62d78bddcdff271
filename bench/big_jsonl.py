"""Peak memory and time of `llm-extract extract` over one large JSONL file, through the rules.

    python bench/big_jsonl.py [--mb 286]

Writes a JSONL of about that many megabytes (the eval notices repeated, each with an id and a closing
line of its own) to a temporary folder, runs the command over it with `-o /dev/null`, and prints the
run's seconds and the child process's peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import repeated, write_jsonl


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mb", type=float, default=286)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jsonl"
        n = write_jsonl(big, repeated(), a.mb * 1e6)
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(big), "--backend", "rules",
                              "-o", "/dev/null"], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(f"# {platform.machine()}, Python {platform.python_version()}; {big.stat().st_size / 1e6:.0f} MB, "
              f"{n:,} notices")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"rules over the JSONL: {seconds:.0f}s, exit {run.returncode}, peak {peak:.0f} MB resident")
    return 0


if __name__ == "__main__":
    sys.exit(main())
