"""`--resume`: what an output file of an earlier, killed run already holds, kept; the rest answered again."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..files import write_whole

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resumed:
    """What `--resume` found in the output file: the records kept (doc_id → the sha256 of the text each was
    read from, None for a record that does not say), and the lines that were not records, moved aside."""

    done: dict[str, str | None]
    moved: int = 0
    side: Path | None = None


def _regular(path: Path) -> Path:
    """The file behind `path` (through links); ValueError when it is not a regular file."""
    target = Path(os.path.realpath(path))
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        raise ValueError(f"--resume -o {path}: not a regular file (a device, a pipe or a folder): write to a file")
    return target


def _lines(path: Path) -> Iterator[tuple[bytes, dict[str, Any] | None]]:
    """The file's complete lines, each with its record when it is one (a JSON object with a string doc_id); a
    last line without its newline is kept (newline added) when it is a whole record, else left out (one a killed
    run was writing)."""
    with open(path, "rb") as f:
        for raw in f:
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            record = record if isinstance(record, dict) and isinstance(record.get("doc_id"), str) else None
            if not raw.endswith(b"\n"):
                if record is not None:
                    yield raw + b"\n", record
                return
            yield raw, record


def _rewrite(path: Path, keep: Callable[[int, bytes, dict[str, Any] | None], bool]) -> None:
    """Rewrite `path` whole with the lines `keep(index, line, record)` accepts, keeping the file's mode
    (`files.write_whole`: a failed write, a full disk, leaves the file as it was; the OSError names the file)."""
    def fill(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            for i, (raw, record) in enumerate(_lines(path)):
                if keep(i, raw, record):
                    f.write(raw)

    write_whole(path, fill)


def resume(path: Path) -> Resumed:
    """Prepare an output file for `--resume`: keep, for each doc_id, its last complete record with no `error`
    (errored records are answered again; a half-written last line from a killed run is cut); move lines
    that are not records to `<file>.unreadable` rather than lose them. The file is rewritten atomically,
    through a link to its target, with its mode kept; what is not a regular file is refused."""
    target = _regular(path)
    if not target.exists():
        return Resumed({})
    last: dict[str, tuple[int, str | None]] = {}  # doc_id → its last good line, and the text hash it says
    side = target.with_name(target.name + ".unreadable")
    moved = 0
    aside: IO[bytes] | None = None  # opened at the first line that is not a record
    with ExitStack() as stack:
        for i, (raw, record) in enumerate(_lines(target)):
            if record is None:
                aside = aside or stack.enter_context(open(side, "ab"))
                aside.write(raw)
                moved += 1
            elif "error" not in record:
                text_sha256 = record.get("text_sha256")
                last[record["doc_id"]] = i, text_sha256 if isinstance(text_sha256, str) else None
    kept = {i for i, _ in last.values()}
    log.debug("%s: %d notice(s) already answered, %d line(s) not records moved aside", target, len(kept), moved)
    _rewrite(target, lambda i, raw, record: i in kept)
    return Resumed({doc_id: text_sha256 for doc_id, (_, text_sha256) in sorted(last.items(), key=lambda x: x[1][0])},
                   moved, side if moved else None)


def supersede(path: Path, doc_ids: set[str]) -> None:
    """Keep only the last record of each of `doc_ids` in `path` (the one answered again after its text
    changed); every other line stays as it is."""
    target = _regular(path)
    last = {record["doc_id"]: i for i, (_, record) in enumerate(_lines(target))
            if record is not None and record["doc_id"] in doc_ids}
    _rewrite(target, lambda i, raw, record: record is None or last.get(record["doc_id"], i) == i)
