"""`llm-extract eval`: score a folder of predictions, or run backends over the gold set side by side."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..batch import extract_many
from ..confidence import TABLE_FILE, default_threshold
from ..inputs import Document, decode
from .calibration import best_threshold, class_counts, confidence_table, kept, risk_coverage
from .scoring import CORE, FIELDS, Summary, score


def load_gold(folder: Path, notices: Path | None = None) -> tuple[dict[str, dict], dict[str, str]]:
    """Gold answers by doc_id, and their notice texts: NOTICES/<id>.txt when given, else DIR/<id>.txt or
    DIR/../notices/<id>.txt."""
    golds: dict[str, dict] = {}
    sources: dict[str, str] = {}
    files = sorted(folder.glob("*.json"))
    if not files:
        raise ValueError(f"{folder}: no gold .json files")
    for path in files:
        gold = json.loads(path.read_text("utf-8"))
        doc_id = gold.get("doc_id") or path.stem
        golds[doc_id] = gold
        places = [notices] if notices else [folder, folder.parent / "notices"]
        for candidate in (place / f"{path.stem}.txt" for place in places):
            if candidate.exists():
                sources[doc_id] = decode(candidate.read_bytes())
                break
    return golds, sources


def load_predictions(where: Path) -> dict[str, dict]:
    """Predictions by doc_id, from a folder of .json/.jsonl files or one JSONL file."""
    files = sorted(where.glob("*.json*")) if where.is_dir() else [where]
    preds: dict[str, dict] = {}
    for path in files:
        text = path.read_text("utf-8")
        lines = [line for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" else [text]
        records = [json.loads(line) for line in lines]
        for rec in records:
            preds[str(rec.get("doc_id") or path.stem)] = rec
    return preds


def run_backend(spec: str, args: argparse.Namespace, golds: dict[str, dict],
                sources: dict[str, str]) -> tuple[dict[str, dict], dict[str, float]]:
    """Run one backend over the gold notices; its predictions with every value kept (min confidence 0) and its
    cost per notice."""
    from ..backends import make_backend

    docs = [Document(d, sources[d], d) for d in sorted(golds) if d in sources]
    preds: dict[str, dict] = {}
    seconds, prompt, completion = [], [], []
    with make_backend(spec, args) as backend:
        for notice in extract_many(docs, backend, args.reference_date, min_confidence=0.0):
            if notice.error:
                print(f"llm-extract: {spec}: {notice.doc_id}: {notice.error}", file=sys.stderr)
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
    lines += [f"  {key:<34}{c['right']:>5} / {c['total']:<5}{c['right'] / c['total']:>7.3f}"
              for key, c in classes.items() if not key.startswith("*/")]
    lines.append(f"== {name}: keeping values with confidence >= t")
    lines.append(f"  {'t':>5}{'P':>8}{'R':>8}{'F1':>8}{'kept':>8}")
    lines += [f"  {r['threshold']:>5.2f}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['kept']:>8.3f}" for r in curve]
    return "\n".join(lines), {"support_classes": classes, "risk_coverage": curve}


def cmd_eval(args: argparse.Namespace) -> int:
    """Score, print the table, write the JSON summary (and the HTML report); exit 0."""
    golds, sources = load_gold(Path(args.gold), Path(args.notices) if args.notices else None)
    threshold = default_threshold() if args.min_confidence is None else args.min_confidence
    results: dict[str, tuple[Summary, dict[str, float] | None]] = {}
    predictions: dict[str, dict[str, dict]] = {}
    full: dict[str, dict[str, dict]] = {}
    if args.pred:
        predictions["pred"] = full["pred"] = load_predictions(Path(args.pred))
        results["pred"] = (score(predictions["pred"], golds, sources), None)
    for spec in args.backends or ([] if args.pred else ["rules"]):
        full[spec], cost = run_backend(spec, args, golds, sources)
        predictions[spec] = {d: kept(p, threshold) for d, p in full[spec].items()}
        results[spec] = (score(predictions[spec], golds, sources), cost)
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
    summary_path = Path(args.summary or "eval-summary.json")
    summary_path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\nsummary: {summary_path}")
    if args.html:
        from .report import write_report

        write_report(Path(args.html), results, predictions, golds, sources)
        print(f"report: {args.html}")
    return 0


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
    classes = confidence_table(class_counts(pooled_preds, pooled_golds))
    threshold = best_threshold(pooled_preds, pooled_golds, pooled_sources, classes)
    command = "llm-extract calibrate --gold GOLD --notices NOTICES " + " ".join(f"--backend {s}" for s in specs)
    data = {"measured": f"{command} over {len(golds)} notices, on {date.today().isoformat()}",
            "threshold": threshold, "classes": classes}
    path = Path(args.output) if args.output else Path(__file__).resolve().parent.parent / TABLE_FILE
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(classes)} support classes over {len(golds)} notices and {len(specs)} backend(s); threshold {threshold:g}")
    print(f"table: {path}")
    return 0
