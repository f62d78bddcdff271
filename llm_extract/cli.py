"""The `llm-extract` command: extract, serve, eval."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from contextlib import ExitStack
from datetime import date
from typing import TextIO

from tqdm import tqdm

from .api import extract_many
from .inputs import Document, InputError, read_inputs


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


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
    p.add_argument("--mode", default=None, choices=["json", "json_schema", "tools", "md_json"], help="instructor mode (default: probed per endpoint)")
    p.add_argument("--fields", default=None, choices=["lean", "full"],
                   help="lean: ask the model only what the rules left open; full: ask for every field "
                        "(default: lean for the local model, full for an endpoint)")
    p.add_argument("--retries", type=int, default=3, help="transport retries per request (default 3)")
    p.add_argument("--reasks", type=int, default=1, help="re-asks on a validation error (default 1)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    p.add_argument("--reference-date", type=_date, default=None, help="YYYY-MM-DD: the year for dates the text leaves without one")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llm-extract", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="read notices and write one notice-v1 JSON object per notice")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt file, folder, .jsonl file of {id, text}, or - for stdin")
    ex.add_argument("-o", "--output", default=None, help="output file (default: stdout)")
    ex.add_argument("--pretty", action="store_true", help="indented JSON instead of one line per notice")
    _add_backend_options(ex)

    sv = sub.add_parser("serve", help="keep the local model's OpenAI-compatible server running on loopback")
    sv.add_argument("--model", default="1.5b", help="1.5b (default) or 0.5b")
    sv.add_argument("--model-path", default=None, help="any GGUF file instead of the embedded model")
    sv.add_argument("--port", type=int, default=0, help="port (default: a free one)")

    ev = sub.add_parser("eval", help="score predictions (or backends run over the gold set) against gold JSON")
    ev.add_argument("--gold", required=True, help="folder of gold JSON files (and their .txt notices beside them or in ../notices)")
    ev.add_argument("--pred", default=None, help="folder of predicted JSON files, or a JSONL file")
    ev.add_argument("--summary", default=None, help="write the JSON summary here (default: eval-summary.json)")
    ev.add_argument("--diff", action="store_true", help="list each notice's wrong and missing values")
    ev.add_argument("--html", default=None, help="write a self-contained HTML report here")
    _add_backend_options(ev, many=True)
    return parser


def _write(out: TextIO, record: dict, pretty: bool) -> None:
    out.write(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n")
    out.flush()


def cmd_extract(args: argparse.Namespace) -> int:
    """Answer every readable input; name each unreadable one on stderr; exit 1 if any failed."""
    from .backends import make_backend

    items = list(read_inputs(args.inputs))
    errors = [i for i in items if isinstance(i, InputError)]
    docs = [i for i in items if isinstance(i, Document)]
    for err in errors:
        print(f"llm-extract: {err}", file=sys.stderr)
    failed = len(errors)
    with ExitStack() as stack:
        out = stack.enter_context(open(args.output, "w", encoding="utf-8")) if args.output else sys.stdout
        backend = stack.enter_context(make_backend(args.backend, args)) if docs else None
        bar = tqdm(total=len(docs), unit="notice", file=sys.stderr, disable=len(docs) <= 3, leave=False)
        for notice in extract_many(docs, backend, args.reference_date):
            if notice.error:
                failed += 1
                print(f"llm-extract: {notice.doc_id}: {notice.error}", file=sys.stderr)
            _write(out, notice.contract(), args.pretty)
            bar.update()
        bar.close()
    return 1 if failed else 0


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so that a local model server started for the run is stopped too."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # failures are reported once, by us, on one line
    signal.signal(signal.SIGTERM, _terminated)
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "serve":
            from .local_model import serve_forever

            return serve_forever(args.model_path, args.model, args.port)
        from .evaluation.cli import cmd_eval

        return cmd_eval(args)
    except KeyboardInterrupt:
        print("llm-extract: interrupted", file=sys.stderr)
        return 130
    except (OSError, RuntimeError, ValueError) as e:
        print(f"llm-extract: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
