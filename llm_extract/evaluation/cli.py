"""`llm-extract eval`: score a folder of predictions, or run backends over the gold set side by side."""

from __future__ import annotations

import argparse
import json
import statistics
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from ..messages import listed, say
from ..models import Evidence
from ..reading.confidence import TABLE_FILE, Rating
from ..redact import redact_url
from ..resources import resource
from ..runs.batch import extract_many
from ..runs.inputs import Document, decode
from .calibration import best_threshold, check_counts, class_counts, confidence_table, kept, risk_coverage
from .scoring import CORE, FIELDS, Summary, score


@cache
def _contract() -> Any:
    """A validator for notice-v1 (the contract's JSON Schema)."""
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(resource("schemas", "notice-v1.schema.json").read_text("utf-8")))


def contract_problem(record: object) -> str | None:
    """Why `record` is not a notice-v1 record (the first reason, with where in it), or None when it is."""
    error = next(iter(_contract().iter_errors(record)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"not a notice-v1 record: {where + ': ' if where else ''}{error.message[:160]}"


def _text(path: Path) -> str:
    """A file's UTF-8 text; ValueError naming the file and what is wrong."""
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: {getattr(e, 'strerror', None) or 'not UTF-8 text'}") from None


def _json(path: Path) -> Any:
    """A JSON file's value; ValueError naming the file and what is wrong."""
    text = _text(path)
    try:
        return json.loads(text)
    except ValueError as e:
        raise ValueError(f"{path}: not JSON: {e}") from None


def _evidence_read(rec: dict) -> int:
    """Keep only a prediction's well-formed evidence records (a notice-v1 record may carry anything under this
    extra key); how many were not."""
    given = rec.get("evidence")
    if given is None:
        return 0
    items = given if isinstance(given, list) else [given]
    good = []
    for item in items:
        try:
            good.append(Evidence.model_validate(item).model_dump())
        except ValidationError:
            continue
    rec["evidence"] = good
    return len(items) - len(good)


def load_gold(where: Path, notices: Path | None = None) -> tuple[dict[str, dict], dict[str, str]]:
    """Gold answers by doc_id, and their notice texts: NOTICES/<id>.txt when given, else DIR/<id>.txt or
    DIR/../notices/<id>.txt. `where` is a folder of <id>.json, or one file of gold notices (a JSON list or object,
    or JSONL: the corrections the review page saves). Gold that is not notice-v1, or a NOTICES folder that is not
    there, is a ValueError naming it: a score against it would mean nothing."""
    if notices is not None and not notices.is_dir():
        raise ValueError(f"--notices {notices}: no such folder")
    if where.is_file():
        return _gold_file(where, notices)
    if not where.is_dir():
        raise ValueError(f"--gold {where}: no such folder or file")
    golds: dict[str, dict] = {}
    sources: dict[str, str] = {}
    files = sorted(where.glob("*.json"))
    if not files:
        raise ValueError(f"{where}: no gold .json files")
    for path in files:
        doc_id = _add_gold(golds, _json(path), str(path), path.stem)
        places = [notices] if notices else [where, where.parent / "notices"]
        for candidate in (place / f"{path.stem}.txt" for place in places):
            if candidate.exists():
                sources[doc_id] = decode(candidate.read_bytes())
                break
    if notices is not None and not sources:
        raise ValueError(f"--notices {notices}: none of the gold notices' .txt files is there")
    return golds, sources


def _gold_file(path: Path, notices: Path | None) -> tuple[dict[str, dict], dict[str, str]]:
    """Gold notices from one file, their texts NOTICES/<doc_id>.txt where given."""
    if path.suffix.lower() == ".jsonl":
        items = []
        for number, line in enumerate(_text(path).splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((json.loads(line), f"{path}:{number}"))
            except ValueError as e:
                raise ValueError(f"{path}:{number}: not JSON: {e}") from None
    else:
        loaded = _json(path)
        items = [(g, f"{path}[{k}]") for k, g in enumerate(loaded if isinstance(loaded, list) else [loaded])]
    golds: dict[str, dict] = {}
    for gold, where in items:
        _add_gold(golds, gold, where, None)
    if not golds:
        raise ValueError(f"{path}: no gold notices")
    sources = {d: decode(t.read_bytes()) for d in golds if notices and (t := notices / f"{d}.txt").exists()}
    return golds, sources


def _add_gold(golds: dict[str, dict], gold: object, where: str, stem: str | None) -> str:
    """One gold notice added under its doc_id (the file's stem where it names none); ValueError where it is no
    notice-v1 record or its doc_id came before."""
    if problem := contract_problem(gold):
        raise ValueError(f"{where}: {problem}")
    doc_id = cast(dict, gold).get("doc_id") or stem  # notice-v1: an object
    if not doc_id:
        raise ValueError(f"{where}: a gold notice in a file of several needs its doc_id")
    if doc_id in golds:
        raise ValueError(f"{where}: doc_id {doc_id!r} again (another gold notice has it)")
    golds[doc_id] = cast(dict, gold)
    return doc_id


def load_predictions(where: Path, golds: dict[str, dict]) -> tuple[dict[str, dict], int]:
    """Predictions by doc_id, from a folder of .json/.jsonl files or one JSONL file, and how many problems were
    said on stderr: a line or file that is not notice-v1 (named, and scored as no prediction), an id given
    twice (the first kept), ids with no gold, gold with no prediction."""
    if not where.exists():
        raise ValueError(f"--pred {where}: no such file or folder")
    files = sorted(p for p in where.iterdir() if p.suffix.lower() in (".json", ".jsonl")) if where.is_dir() else [where]
    preds: dict[str, dict] = {}
    problems = 0
    for path in files:
        if path.suffix.lower() == ".jsonl":
            text = path.read_text("utf-8", errors="replace")
            items = [(f"{path}:{n}", line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        else:
            items = [(str(path), path.read_text("utf-8", errors="replace"))]
        for where_, raw in items:
            try:
                rec = json.loads(raw)
                problem = contract_problem(rec)
            except ValueError as e:
                problem = f"not JSON: {e}"
            if problem:
                say(f"{where_}: {problem}; scored as no prediction")
                problems += 1
                continue
            if dropped := _evidence_read(rec):
                say(f"{where_}: {dropped} evidence item(s) not read (not evidence records)")
                problems += 1
            doc_id = str(rec.get("doc_id") or path.stem)
            if doc_id in preds:
                say(f"{where_}: doc_id {doc_id!r} again; the first one is scored")
                problems += 1
                continue
            preds[doc_id] = rec
    extra = sorted(set(preds) - set(golds))
    missing = sorted(set(golds) - set(preds))
    for ids, what in ((extra, "have no gold (not scored)"), (missing, "have no prediction (scored as empty)")):
        if ids:
            say(f"{len(ids)} id(s) {what}: {listed(ids)}")
            problems += 1
    return preds, problems


def run_backend(spec: str, args: argparse.Namespace, golds: dict[str, dict],
                sources: dict[str, str]) -> tuple[dict[str, dict], dict[str, float]]:
    """Run one backend over the gold notices; its predictions with every value kept (min confidence 0) and its
    cost per notice."""
    from ..model.backends import BackendOptions, make_backend

    docs = [Document(d, sources[d], d) for d in sorted(golds) if d in sources]
    preds: dict[str, dict] = {}
    seconds, prompt, completion = [], [], []
    with make_backend(spec, BackendOptions.of(args)) as backend:
        for notice in extract_many(docs, backend, args.reference_date, min_confidence=0.0):
            if notice.error:
                say(f"{redact_url(spec)}: {notice.doc_id}: {notice.error}")
            preds[notice.doc_id] = notice.contract()
            usage = notice.usage
            seconds.append(usage.seconds if usage else 0.0)
            prompt.append(usage.prompt_tokens if usage else 0)
            completion.append(usage.completion_tokens if usage else 0)
    n = max(len(docs), 1)
    cost = {"seconds_per_notice": sum(seconds) / n, "median_seconds": statistics.median(seconds) if seconds else 0.0,
            "prompt_tokens_per_notice": sum(prompt) / n, "completion_tokens_per_notice": sum(completion) / n}
    return preds, cost


def table(results: dict[str, tuple[Summary, dict[str, float] | None]]) -> str:
    """One column per backend: per-field F1, then core micro-F1, exact notices, grounding and cost."""
    names = list(results)
    width = max(12, *(len(n) for n in names))
    lines = [f"{'field':<22}" + "".join(f"{n:>{width + 2}}" for n in names)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<22}" + "".join(f"{v:>{width + 2}}" for v in values))

    for f in FIELDS:
        row(f"F1 {f}" + (" *" if f in CORE else ""), [f"{s.total(f).f1:.3f}" for s, _ in results.values()])
    row("core micro-F1", [f"{s.micro_f1:.4f}" for s, _ in results.values()])
    row("core micro P / R", [f"{s.micro.precision:.3f}/{s.micro.recall:.3f}" for s, _ in results.values()])
    row("exact notices", [f"{s.exact:.3f}" for s, _ in results.values()])
    row("ungrounded values", [f"{s.ungrounded} ({s.ungrounded_rate:.3f})" for s, _ in results.values()])
    for key, label in (("seconds_per_notice", "seconds/notice"), ("median_seconds", "median seconds"),
                       ("prompt_tokens_per_notice", "prompt tokens/notice"),
                       ("completion_tokens_per_notice", "completion tok/notice")):
        row(label, [f"{c[key]:.1f}" if c else "-" for _, c in results.values()])
    lines.append("(* core field)")
    return "\n".join(lines)


def support_report(name: str, full: dict[str, dict], golds: dict[str, dict], sources: dict[str, str]) -> tuple[str, dict]:
    """Precision per support class and the risk–coverage table of one backend's predictions (all values kept)."""
    classes = confidence_table(class_counts(full, golds))
    curve = risk_coverage(full, golds, sources)
    lines = [f"\n== {name}: precision by support class (values right / written)"]
    asked = check_counts(full, golds)
    lines += [f"  {key:<34}{c['right']:>5} / {c['total']:<5}{c['right'] / c['total']:>7.3f}"
              for key, c in [*classes.items(), *asked.items()] if not key.startswith("*/")]
    lines.append(f"== {name}: keeping values with confidence >= t")
    lines.append(f"  {'t':>5}{'P':>8}{'R':>8}{'F1':>8}{'kept':>8}")
    lines += [f"  {r['threshold']:>5.2f}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['kept']:>8.3f}" for r in curve]
    return "\n".join(lines), {"support_classes": classes, "risk_coverage": curve,
                               "model_checks": {k: dict(c) for k, c in asked.items()}}


def cmd_eval(args: argparse.Namespace) -> int:
    """Score, print the table, write the JSON summary where told (and the HTML report); exit 1 when a prediction
    could not be read or a backend failed on a notice, else 0."""
    golds, sources = load_gold(Path(args.gold), Path(args.notices) if args.notices else None)
    rating = args.confidence_table or Rating.package()
    threshold = rating.threshold if args.min_confidence is None else args.min_confidence
    results: dict[str, tuple[Summary, dict[str, float] | None]] = {}
    predictions: dict[str, dict[str, dict]] = {}
    full: dict[str, dict[str, dict]] = {}
    failed = 0
    if args.pred:
        predictions["pred"], problems = load_predictions(Path(args.pred), golds)
        full["pred"] = predictions["pred"]
        failed += problems
        results["pred"] = (score(predictions["pred"], golds, sources), None)
    for spec in args.backends or ([] if args.pred else ["rules"]):
        name = redact_url(spec)
        full[name], cost = run_backend(spec, args, golds, sources)
        errors = [d for d, p in full[name].items() if p.get("error")]
        if errors:  # a notice the backend failed on is scored as failed, not as the rules fallback's answer
            say(f"{name}: failed on {len(errors)} of {len(full[name])} notice(s): scored as no prediction")
            failed += len(errors)
        predictions[name] = {d: kept(p, threshold, rating.classes) for d, p in full[name].items() if not p.get("error")}
        results[name] = (score(predictions[name], golds, sources), cost)
    print(table(results))
    print(f"(backends run with --min-confidence {threshold:g})")
    extra: dict[str, dict] = {}
    for name, preds in full.items():
        report, extra[name] = support_report(name, preds, golds, sources)
        print(report)
    if args.diff:
        for name, (summary, _) in results.items():
            print(f"\n== {name}: wrong and missing values")
            for n in summary.notices:
                lines = [f"  wrong   {w}" for w in n.wrong] + [f"  missing {m}" for m in n.missing]
                for line in lines + [f"  UNGROUNDED {u}" for u in n.ungrounded]:
                    print(f"{n.doc_id}{line}")
    out: dict[str, Any] = {name: {**s.as_dict(), "cost": c, **extra.get(name, {})} for name, (s, c) in results.items()}
    if args.summary:
        Path(args.summary).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"\nsummary: {args.summary}")
    if args.html:
        from .report import write_report

        write_report(Path(args.html), results, predictions, golds, sources)
        print(f"report: {args.html}")
    return 1 if failed else 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run the backends over the gold set with every value kept, count each support class's right values over
    all of them, pick the threshold with the best core micro-F1 there, and write the table."""
    golds, sources = load_gold(Path(args.gold), Path(args.notices) if args.notices else None)
    specs = args.backends or ["rules"]
    pooled_preds: dict[str, dict] = {}
    pooled_golds: dict[str, dict] = {}
    pooled_sources: dict[str, str] = {}
    for spec in specs:
        preds, _ = run_backend(spec, args, golds, sources)
        for d, p in preds.items():
            key = f"{spec}:{d}"
            pooled_preds[key], pooled_golds[key], pooled_sources[key] = p, golds[d], sources.get(d, "")
    if not any(pooled_sources.values()):
        say(f"calibrate: no gold notice of {args.gold} has its text beside it or in --notices: nothing measured, "
            "no table written")
        return 2
    classes = confidence_table(class_counts(pooled_preds, pooled_golds))
    threshold = best_threshold(pooled_preds, pooled_golds, pooled_sources, classes)
    command = "llm-extract calibrate --gold GOLD --notices NOTICES " + " ".join(f"--backend {s}" for s in specs)
    data = {"measured": f"{command} over {len(golds)} notices, on {date.today().isoformat()}",
            "threshold": threshold, "classes": classes}
    path = Path(args.output) if args.output else Path(__file__).resolve().parent.parent / TABLE_FILE  # when told
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(classes)} support classes over {len(golds)} notices and {len(specs)} backend(s); threshold {threshold:g}")
    print(f"table: {path}")
    return 0
