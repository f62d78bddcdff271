"""`llm-extract export | merge | review`: what to do with a run's records (JSONL), no model and no gold needed.

Each reads records line by line; a line that is no record is named (file and line) on stderr, the others
are still used, and the exit code is 1. Each takes the threshold the values are kept at (`--min-confidence`):
a record holds the values its own threshold left out (`held`), so that no notice is read again to keep them.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from ..files import write_stream_whole
from ..messages import say
from ..models import Notice
from ..reading.confidence import at_confidence, default_threshold
from ..runs.inputs import Document, check_output, read_inputs
from .records import Record, read_records
from .text_store import TextStore


def add_commands(sub: argparse._SubParsersAction, share: Callable[[str], float]) -> None:
    """The three commands' parsers; `share` reads a number from 0 to 1 (the CLI's flag type)."""
    ex = sub.add_parser("export", help="records to a table: .csv (one row per team), .parquet, .xlsx, or .sqlite "
                                       "(tables notices, teams, targets, contacts, evidence, conflicts; appends)")
    ex.add_argument("records", nargs="+", metavar="ANSWERS", help="JSONL files of records (from extract or merge)")
    ex.add_argument("-o", "--output", required=True, help="OUT.csv, OUT.parquet, OUT.xlsx or OUT.sqlite (format by suffix)")

    mg = sub.add_parser("merge", help="one record per inspection: reposts of the same notice joined, with their "
                                      "sources and where they disagree")
    mg.add_argument("records", nargs="+", metavar="ANSWERS", help="JSONL files of records")
    mg.add_argument("-o", "--output", default=None, help="the merged JSONL (default: stdout)")

    rv = sub.add_parser("review", help="one self-contained HTML page to check a run by eye: each text with its "
                                       "values marked by team, the record beside it, what was dropped and why")
    rv.add_argument("records", nargs="+", metavar="ANSWERS", help="JSONL files of records")
    rv.add_argument("--texts", nargs="+", default=[], metavar="INPUT",
                    help="the inputs the records were read from (files, folders, JSONL, as given to extract)")
    rv.add_argument("-o", "--output", required=True, help="the page, e.g. review.html")
    for p in (ex, mg, rv):  # the threshold chosen when reading the records: no notice is read again
        p.add_argument("--min-confidence", type=share, default=None,
                       help="leave out values rated below this, take back those a record holds that are not (default: "
                            "the package's calibrated threshold; 0 keeps every value read)")


class _Reader:
    """Records from files, saying each bad line on stderr and counting them; read again (merge reads twice), the
    bad lines are not said again."""

    def __init__(self, paths: list[str], min_confidence: float | None) -> None:
        self.paths = paths
        self.min_confidence = default_threshold() if min_confidence is None else min_confidence
        self.bad = 0
        self.records = 0  # good ones, on the first read
        self.reads = 0

    def __iter__(self) -> Iterator[tuple[Notice, dict]]:
        self.reads += 1
        for item in read_records(self.paths):
            if isinstance(item, Record):
                self.records += self.reads == 1
                notice = at_confidence(item.notice, self.min_confidence)
                values = notice.model_dump(mode="json", include={"teams", "evidence", "warnings", "held"})
                yield notice, {k: v for k, v in (item.data | values).items() if k != "held" or v is not None}
            elif self.reads == 1:
                self.bad += 1
                say(str(item))


def cmd_export(args: argparse.Namespace) -> int:
    """Write the records to OUT in the format of its suffix."""
    from .writers import writer_for

    out = Path(args.output)
    write = writer_for(out)
    check_output(args.output, args.records)
    if not any(Path(p).exists() for p in args.records):  # no input at all: no output file either
        raise OSError(errno.ENOENT, "No such file or directory", args.records[0])
    reader = _Reader(args.records, args.min_confidence)
    first, second = write(reader, out)
    if out.suffix.lower() in (".sqlite", ".db"):
        say(f"{out}: {first} notice(s) added, {second} already there")
    else:
        say(f"{out}: {first} record(s), {second} row(s)")
    return 1 if reader.bad else 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Write one record per inspection."""
    from .merge import merge_records

    check_output(args.output, args.records)
    reader = _Reader(args.records, args.min_confidence)
    counts = Counter[str]()

    def write(out: TextIO) -> None:
        for m in merge_records(reader):  # a line at a time: a reader that stopped early (| head) is a broken pipe
            out.write(json.dumps(m, ensure_ascii=False) + "\n")
            counts.update(inspections=1, joined=int(len(m.get("sources", [])) > 1 and not m.get("text_sha256")))
        out.flush()

    if args.output:
        write_stream_whole(Path(args.output), write)
    else:
        write(sys.stdout)
    say(f"{reader.records} record(s) → {counts['inspections']} inspection(s); {counts['joined']} joined from more "
        "than one text")
    return 1 if reader.bad else 0


def cmd_review(args: argparse.Namespace) -> int:
    """Write the review page for the records, with the texts the inputs give (held on disk while the page is
    written, so that memory stays flat)."""
    from .review import write_review

    check_output(args.output, args.records + args.texts)
    reader = _Reader(args.records, args.min_confidence)
    unread = 0
    with TextStore() as texts:
        for doc in read_inputs(args.texts):
            if isinstance(doc, Document):
                texts.add(doc.doc_id, doc.text)
            else:
                unread += 1
                say(str(doc))
        missing: list[str] = []  # the doc_ids with no text, in order

        def text_of(doc_id: str) -> str | None:
            text = texts.get(doc_id)
            if text is None:
                missing.append(doc_id)
            return text

        written: list[int] = []
        write_stream_whole(Path(args.output), lambda out: written.append(write_review(out, reader, text_of)))
    if args.texts and missing:
        say(f"{len(missing)} record(s) have no text among --texts (e.g. {missing[0]}): shown without it")
    say(f"{args.output}: {written[0]} record(s), {written[0] - len(missing)} with their text")
    if not args.texts:
        say("no --texts: nothing is marked; pass the inputs the records were read from (as given to extract)")
    return 1 if reader.bad or unread or not args.texts else 0


COMMANDS = {"export": cmd_export, "merge": cmd_merge, "review": cmd_review}
