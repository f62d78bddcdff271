"""A self-contained HTML page: per-field F1 bars per backend, then each notice with its evidence
spans highlighted in the original text (coloured by field, underlined by confidence) and the values that
are wrong or missing against gold."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..records.page import FIELD_COLOURS, by_field, escape, highlight, legend, page
from .scoring import CORE, FIELDS, Summary


def _bars(results: Mapping[str, tuple[Summary, object]]) -> str:
    rows = []
    names = list(results)
    head = "".join(f"<span class='bar b{i}' style='width:14px'></span> {escape(n)} &nbsp;" for i, n in enumerate(names))
    for f in FIELDS + ["core micro-F1"]:
        cells = []
        for i, (s, _) in enumerate(results.values()):
            v = s.micro_f1 if f == "core micro-F1" else s.total(f).f1
            cells.append(f"<span class='bar b{i}' style='width:{v * 300:.0f}px'></span> {v:.3f}<br>")
        label = f"<b>{f}</b>" if f == "core micro-F1" else f + (" *" if f in CORE else "")
        rows.append(f"<tr><td>{label}</td><td>{''.join(cells)}</td></tr>")
    summary = "".join(
        f"<li>{escape(n)}: core micro-F1 {s.micro_f1:.4f}, exact notices {s.exact:.3f}, ungrounded {s.ungrounded}</li>"
        for n, (s, _) in results.items())
    return f"<p>{head}</p><ul>{summary}</ul><table class='bars'>{''.join(rows)}</table><p>* core field</p>"


def write_report(path: Path, results: Mapping[str, tuple[Summary, object]], predictions: dict[str, dict[str, dict]],
                 golds: dict[str, dict], sources: dict[str, str]) -> None:
    """Write the page to `path`."""
    parts = [_bars(results), f"<h2>Notices</h2>{legend(FIELD_COLOURS)}"]
    for doc_id in sorted(golds):
        parts.append(f"<h2>{escape(doc_id)}: {escape(str(golds[doc_id].get('title') or ''))}</h2>")
        for k, (name, (summary, _)) in enumerate(results.items()):
            ns = next(n for n in summary.notices if n.doc_id == doc_id)
            pred = predictions.get(name, {}).get(doc_id, {})
            status = "<span class='ok'>exact</span>" if ns.exact else f"{len(ns.wrong)} wrong, {len(ns.missing)} missing"
            items = [f"<li class='wrong'>wrong: {escape(w)}</li>" for w in ns.wrong]
            items += [f"<li class='missing'>missing: {escape(m)}</li>" for m in ns.missing]
            items += [f"<li class='wrong'>UNGROUNDED: {escape(u)}</li>" for u in ns.ungrounded]
            body = highlight(sources.get(doc_id, ""), pred.get("evidence", []), by_field)
            parts.append(f"<details{' open' if k == 0 else ''}><summary>{escape(name)}: {status}</summary>"
                         f"<ul>{''.join(items)}</ul><div class='text'>{body}</div></details>")
    path.write_text(page(f"llm-extract evaluation: {len(golds)} notices", parts), "utf-8")
