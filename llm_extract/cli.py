"""The `llm-extract` command: extract, serve, cache, eval, calibrate; export, merge and review (records_cli)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import IO

from tqdm import tqdm

from .messages import listed, say
from .model.local_model import DEFAULT_MODEL
from .models import parse_day
from .reading.confidence import Rating
from .records import cli as records_cli
from .runs.answer import error_record
from .runs.batch import extract_many
from .runs.inputs import MAX_CHARS, Document, check_output, read_inputs, text_hash
from .runs.resume import Resumed, resume, supersede


def _date(value: str) -> date:
    """A YYYY-MM-DD date a notice can be dated on (`models.parse_day`)."""
    try:
        return parse_day(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _whole(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


def _count(value: str) -> int:
    """A whole number, 0 or more."""
    n = _whole(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None


def _seconds(value: str) -> float:
    """A finite number of seconds, more than 0."""
    n = _number(value)
    if not 0 < n < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds more than 0, not {value}")
    return n


_MOST = 10**12  # the largest size or count a flag takes: past it, no file or machine is that large


def _size(value: str) -> int:
    """A whole number, more than 0 and at most 10^12."""
    n = _whole(value)
    if not 0 < n <= _MOST:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {_MOST:,}, not {n}")
    return n


def _share(value: str) -> float:
    """A number from 0 to 1."""
    n = _number(value)
    if not 0 <= n <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {value}")
    return n


def _table(value: str) -> Rating:
    """A confidence table `calibrate` wrote."""
    try:
        return Rating.from_file(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _add_backend_options(p: argparse.ArgumentParser, many: bool = False) -> None:
    help_backend = (
        "rules, local (the embedded model), or an OpenAI-compatible base URL; "
        "default: the endpoint in LLM_EXTRACT_BASE_URL if set, else local"
    )
    if many:
        p.add_argument("--backend", action="append", dest="backends", metavar="BACKEND", help=help_backend + " (repeatable)")
    else:
        p.add_argument("--backend", default=None, help=help_backend)
    p.add_argument("--model", default=None, help="model name for an endpoint; for local: 1.5b (default) or 0.5b")
    p.add_argument("--model-path", default=None, help="a GGUF file to serve locally instead of the embedded model")
    p.add_argument("--api-key", default=None, help="endpoint API key (default: LLM_EXTRACT_API_KEY, then OPENAI_API_KEY)")
    p.add_argument("--mode", default=None, choices=["json", "json_schema", "tools", "md_json"],
                   help="instructor mode (default: probed per endpoint)")
    p.add_argument("--fields", default=None, choices=["lean", "full"],
                   help="lean: ask the model only what the rules left open; full: ask for every field "
                        "(default: lean for the local model, full for an endpoint)")
    p.add_argument("--retries", type=_count, default=3, help="transport retries per request (default 3)")
    p.add_argument("--reasks", type=_count, default=1, help="re-asks on a validation error (default 1)")
    p.add_argument("--timeout", type=_seconds, default=120.0,
                   help="seconds one request may take in all, however slowly the answer arrives (default 120)")
    p.add_argument("--max-chars", type=_size, default=MAX_CHARS,
                   help=f"longest notice read, in characters; a longer one gets an error record (default {MAX_CHARS:,})")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="ask the model even when the answer cache holds this question's answer")
    p.add_argument("--reference-date", type=_date, default=None,
                   help="YYYY-MM-DD: the year for dates the text leaves without one")
    p.add_argument("--min-confidence", type=_share, default=None,
                   help="leave out values whose class was right less often than this on the sealed validation notices, "
                        "naming them in warnings (default: the calibrated threshold; 0 keeps every value)")
    p.add_argument("--confidence-table", type=_table, default=None, metavar="PATH",
                   help="rate values by this table, written by `llm-extract calibrate` (its threshold the default "
                        "--min-confidence), in place of the package's")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llm-extract", description=__doc__)
    parser.add_argument("--debug", action="store_true", default=os.environ.get("LLM_EXTRACT_DEBUG") == "1",
                        help="show the cause (the traceback) of any one-line error, and the package's debug log "
                             "(also LLM_EXTRACT_DEBUG=1)")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="read notices and write one notice-v1 JSON object per notice")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help=".txt or .html file, folder, .jsonl file of {id, text}, or - for stdin")
    ex.add_argument("-o", "--output", default=None, help="output file (default: stdout)")
    ex.add_argument("--pretty", action="store_true", help="indented JSON instead of one line per notice")
    ex.add_argument("--concurrency", type=_size, default=None,
                    help="notices answered at once (default: 1 for the local model, which answers one at a time; "
                         "8 for an endpoint URL)")
    ex.add_argument("--unordered", action="store_true",
                    help="write records as they finish instead of in input order")
    ex.add_argument("--resume", action="store_true",
                    help="with -o: skip notices the file already holds without an error, answer the rest, append")
    ex.add_argument("--engine", choices=["local", "ray"], default="local",
                    help="local: this process (default); ray: a Ray Data job (the 'ray' extra), which also reads "
                         ".parquet inputs of id and text")
    ex.add_argument("--ray-address", default=None, help="with --engine ray: a Ray cluster (default: a local instance)")
    ex.add_argument("--ray-actors", type=_size, default=2,
                    help="with --engine ray: actors, each with its own backend (default 2)")
    _add_backend_options(ex)

    sv = sub.add_parser("serve", help="keep the local model's OpenAI-compatible server running on loopback")
    sv.add_argument("--model", default=DEFAULT_MODEL, help=f"{DEFAULT_MODEL} (default) or 0.5b")
    sv.add_argument("--model-path", default=None, help="any GGUF file instead of the embedded model")
    sv.add_argument("--port", type=int, default=0, help="port (default: a free one)")

    ca = sub.add_parser("cache", help="the answer cache in the user cache folder")
    ca.add_argument("action", choices=["info", "clear"], help="info: where and how large; clear: drop every answer")

    ev = sub.add_parser("eval", help="score predictions (or backends run over the gold set) against gold JSON")
    ev.add_argument("--gold", required=True,
                    help="folder of gold JSON files (and their .txt notices beside them or in ../notices), or one file of "
                         "gold notices (a JSON list or JSONL: the review page's saved corrections)")
    ev.add_argument("--notices", default=None, help="folder of the notices' .txt files, when not beside the gold")
    ev.add_argument("--pred", default=None, help="folder of predicted JSON files, or a JSONL file")
    ev.add_argument("--summary", default=None, help="write the JSON summary here (default: none)")
    ev.add_argument("--diff", action="store_true", help="list each notice's wrong and missing values")
    ev.add_argument("--html", default=None, help="write a self-contained HTML report here")
    _add_backend_options(ev, many=True)

    cal = sub.add_parser("calibrate", help="measure how often each support class is right on a gold set and write "
                                           "the confidence table with the threshold that scores best there")
    cal.add_argument("--gold", required=True, help="folder of gold JSON files, or one file of gold notices (the review "
                                                   "page's saved corrections)")
    cal.add_argument("--notices", default=None, help="folder of the notices' .txt files, when not beside the gold")
    where = cal.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", default=None, help="where to write the table")
    where.add_argument("--write-package-table", action="store_true",
                       help="replace the installed package's own table (what every run rates its values by)")
    _add_backend_options(cal, many=True)
    records_cli.add_commands(sub, _share)
    return parser


def _write(out: IO[str], record: dict, pretty: bool) -> None:
    """One record written out and flushed; a failed write (a full disk) is an OSError naming the file."""
    try:
        out.write(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OSError(e.errno, e.strerror, out.name) from None


@contextmanager
def _output(path: str, mode: str) -> Iterator[IO[str]]:
    """The output file, closed on the way out; a failed close (a full disk) is an OSError naming it, unless
    another error is already on its way."""
    out = open(path, mode, encoding="utf-8")
    try:
        yield out
    except BaseException:
        with suppress(OSError):
            out.close()
        raise
    try:
        out.close()
    except OSError as e:
        raise OSError(e.errno, e.strerror, path) from None


def cmd_extract(args: argparse.Namespace) -> int:
    """Answer every readable input; name each unreadable one on stderr; exit 1 if any failed.

    Inputs are read as they are answered, so memory stays flat over any number of them. Every document
    with a known id gets one record, an error record if it could not be read. An error that many notices
    share (a dead endpoint) is said once, with the count at the end."""
    from .model.backends import BackendOptions, default_concurrency, make_backend

    check_output(args.output, args.inputs)
    if args.engine == "ray":
        try:
            from .runs.ray_engine import RunOptions, extract_with_ray
        except ImportError as e:
            raise RuntimeError(f"--engine ray needs the 'ray' extra ({e.name} is missing): "
                               "pip install 'llm-extract[ray]'") from None
    if args.resume and (not args.output or args.pretty):
        raise ValueError("--resume needs -o FILE and one record per line (no --pretty)")
    resumed = resume(Path(args.output)) if args.resume else Resumed({})
    if resumed.moved:
        say(f"{args.output}: {resumed.moved} line(s) that are not records moved to {resumed.side}")
    done, seen, changed = resumed.done, set(), set()
    repeats: Counter[str] = Counter()
    unread = 0
    parquet = [i for i in args.inputs if args.engine == "ray" and i.endswith(".parquet")]  # Ray reads these itself
    texts = [i for i in args.inputs if i not in parquet]

    def report(doc_id: str, error: str) -> None:
        repeats[error] += 1
        if repeats[error] == 1:
            say(f"{doc_id}: {error}")

    with ExitStack() as stack:
        out = stack.enter_context(_output(args.output, "a" if args.resume else "w")) if args.output else sys.stdout

        def documents() -> Iterator[Document]:
            nonlocal unread
            for item in read_inputs(texts, args.max_chars):
                if item.doc_id in done:
                    seen.add(item.doc_id)
                    if not isinstance(item, Document) or done[item.doc_id] in (None, text_hash(item.text)):
                        continue
                    changed.add(item.doc_id)  # its text changed since its record: answered again
                if isinstance(item, Document):
                    yield item
                    continue
                unread += 1
                say(str(item))
                if item.doc_id is not None:
                    _write(out, error_record(item.doc_id, f"{item.source}: {item.message}").contract(), args.pretty)

        records: Iterator[dict]
        if args.engine == "ray":
            records = extract_with_ray(documents(), parquet, RunOptions.of(args), args.ray_address, args.ray_actors)
        else:
            backend = stack.enter_context(make_backend(args.backend, BackendOptions.of(args)))
            concurrency = args.concurrency or default_concurrency(args.backend)
            records = (n.contract() for n in extract_many(documents(), backend, args.reference_date, args.max_chars,
                                                          concurrency, ordered=not args.unordered,
                                                          min_confidence=args.min_confidence,
                                                          rating=args.confidence_table))
        bar = stack.enter_context(tqdm(unit="notice", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False))
        for record in records:
            if record.get("error"):
                report(record["doc_id"], record["error"])
            _write(out, record, args.pretty)
            bar.update()
    for error, n in repeats.items():
        if n > 1:
            say(f"{n - 1} more notice(s) failed the same way: {error}")
    if changed:
        supersede(Path(args.output), changed)
        say(f"{len(changed)} notice(s) answered again, their text changed since their record: {listed(sorted(changed))}")
    if stale := [doc_id for doc_id in done if doc_id not in seen]:
        say(f"{args.output} keeps {len(stale)} record(s) whose id is not among these inputs: {listed(stale)}")
    return 1 if unread or repeats else 0


def cmd_cache(args: argparse.Namespace) -> int:
    """`llm-extract cache info|clear`."""
    from .model import cache

    print((cache.clear if args.action == "clear" else cache.info)(cache.answers_path()))
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program stands so that it unwinds like Ctrl-C (a local server is stopped too)."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def _quiet_stdout() -> None:
    """After the reader of stdout went away: send what is still buffered nowhere, so exit prints no traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # failures are reported once, by us, on one line
    if args.debug:
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("llm_extract").setLevel(logging.DEBUG)
    signal.signal(signal.SIGTERM, _terminated)
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "cache":
            return cmd_cache(args)
        if args.command in records_cli.COMMANDS:
            return records_cli.COMMANDS[args.command](args)
        if args.command == "serve":
            from .model.local_model import serve_forever

            return serve_forever(args.model_path, args.model, args.port)
        from .evaluation.cli import cmd_calibrate, cmd_eval

        return cmd_calibrate(args) if args.command == "calibrate" else cmd_eval(args)
    except BrokenPipeError:
        _quiet_stdout()
        return 141  # as a shell reports a program ended by SIGPIPE
    except KeyboardInterrupt as e:
        print("llm-extract: terminated" if isinstance(e, Terminated) else "llm-extract: interrupted", file=sys.stderr)
        return 143 if isinstance(e, Terminated) else 130
    except OSError as e:  # named for its file when it has one: "out.jsonl: No space left on device"
        _cause(e, args.debug)
        print(f"llm-extract: {e.filename}: {e.strerror}" if e.filename and e.strerror else f"llm-extract: {e}",
              file=sys.stderr)
        return 2
    except (RuntimeError, ValueError) as e:
        _cause(e, args.debug)
        print(f"llm-extract: {e}", file=sys.stderr)
        return 2


def _cause(e: BaseException, debug: bool) -> None:
    """With --debug, the traceback behind a one-line error, its causes included, before the line itself."""
    if debug:
        traceback.print_exception(e, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
