"""The benchmarks' batches: the eval notices repeated, each with an id and a closing line of its own (so that
each is a question of its own), and the JSONL file the CLI reads them from."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def repeated() -> Iterator[tuple[str, str]]:
    """(id, text) pairs without end: the eval notices in turn, each numbered."""
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "eval" / "notices").glob("*.txt"))]
    for i in itertools.count():
        yield f"n{i:05d}", f"{texts[i % len(texts)]}\n（第{i}号）"


def write_jsonl(path: Path, rows: Iterable[tuple[str, str]], max_bytes: float = float("inf")) -> int:
    """`rows` as {"id", "text"} lines, until they end or the file holds `max_bytes`; how many were written."""
    size = written = 0
    with open(path, "wb") as f:
        for doc_id, text in rows:
            if size >= max_bytes:
                break
            size += f.write((json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n").encode("utf-8"))
            written += 1
    return written
