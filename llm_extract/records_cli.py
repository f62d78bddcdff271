"""`llm-extract export | merge | review`: what to do with a run's records (JSONL), no model and no gold needed.

Each reads records line by line; a line that is no record is named (file and line) on stderr, the others
are still used, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .files import write_text_whole
from .inputs import Document, check_output, read_inputs, text_hash
from .messages import say
from .models import Notice
from .records import Record, read_records


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The three commands' parsers."""
    ex = sub.add_parser("export", help="records to a table: .csv (one row per team), .parquet, or .sqlite "
                                       "(tables notices, teams, targets, contacts, evidence; appends)")
    ex.add_argument("records", nargs="+", metavar="ANSWERS", help="JSONL files of records (from extract or merge)")
    ex.add_argument("-o", "--output", required=True, help="OUT.csv, OUT.parquet or OUT.sqlite (format by suffix)")

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


class _Reader:
    """Records from files, saying each bad line on stderr and counting them."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.bad = 0

    def __iter__(self) -> Iterator[tuple[Notice, dict]]:
        for item in read_records(self.paths):
            if isinstance(item, Record):
                yield item.notice, item.data
            else:
                self.bad += 1
                say(str(item))


def cmd_export(args: argparse.Namespace) -> int:
    """Write the records to OUT in the format of its suffix."""
    from .export import writer_for

    out = Path(args.output)
    write = writer_for(out)
    check_output(args.output, args.records)
    if not any(Path(p).exists() for p in args.records):  # no input at all: no output file either
        raise OSError(errno.ENOENT, "No such file or directory", args.records[0])
    reader = _Reader(args.records)
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
    reader = _Reader(args.records)
    merged = list(merge_records(reader))
    joined = sum(1 for m in merged if len(m.get("sources", [])) > 1)
    lines = [json.dumps(m, ensure_ascii=False) + "\n" for m in merged]
    if args.output:
        write_text_whole(Path(args.output), "".join(lines))
    else:
        for line in lines:  # a line at a time: a reader that stopped early (| head) is a broken pipe, not lost
            sys.stdout.write(line)
        sys.stdout.flush()
    read = sum(len(m.get("sources", [])) for m in merged)
    say(f"{read} record(s) → {len(merged)} inspection(s); {joined} joined from more than one source")
    return 1 if reader.bad else 0


def cmd_review(args: argparse.Namespace) -> int:
    """Write the review page for the records, with the texts the inputs give."""
    from .review import review_page

    check_output(args.output, args.records + args.texts)
    reader = _Reader(args.records)
    records = list(reader)
    wanted = {n.doc_id for n, _ in records}
    texts: dict[str, str] = {}
    unread = 0
    for doc in read_inputs(args.texts):
        if isinstance(doc, Document):
            if doc.doc_id in wanted:
                texts[doc.doc_id] = doc.text
        else:
            unread += 1
            say(str(doc))
    missing = [d for d in wanted if d not in texts and args.texts]
    if missing:
        say(f"{len(missing)} record(s) have no text among --texts (e.g. {sorted(missing)[0]}): shown without it")
    hashes = {d: text_hash(t) for d, t in texts.items()}
    write_text_whole(Path(args.output), review_page(records, texts, hashes))
    say(f"{args.output}: {len(records)} record(s), {len(texts)} with their text")
    return 1 if reader.bad or unread else 0


COMMANDS = {"export": cmd_export, "merge": cmd_merge, "review": cmd_review}
