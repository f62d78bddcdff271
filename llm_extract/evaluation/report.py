"""A self-contained HTML page: per-field F1 bars per backend, then each notice with its evidence
spans highlighted in the original text (coloured by field, underlined by confidence) and the values that
are wrong or missing against gold."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path

from .scoring import CORE, FIELDS, Summary

_COLOURS = {
    "name": "#ffd966", "leader": "#f4b183", "deputy_leaders": "#f8cbad", "targets": "#a9d18e",
    "start_date": "#9dc3e6", "end_date": "#9dc3e6", "petition_deadline": "#bdd7ee", "duration": "#deebf7",
    "phones": "#c5a3ff", "phone_hours": "#e2d4ff", "emails": "#ff9ecb", "mailboxes": "#8fe3d0", "title": "#eeeeee",
}
# Confidence bands, from the top: the underline a value's span gets.
_BANDS = ((0.9, "#1a7f37", "solid", "≥ 0.9"), (0.7, "#c98a00", "solid", "0.7–0.9"),
          (0.0, "#c62828", "dashed", "< 0.7"))
_CSS = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:22px} h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table.bars{border-collapse:collapse} .bars td{padding:2px 8px;font-size:13px}
.bar{height:12px;background:#4a7bd0;display:inline-block;vertical-align:middle}
.bar.b1{background:#d08a4a} .bar.b2{background:#5aa05a} .bar.b3{background:#a05aa0}
.text{white-space:pre-wrap;line-height:1.7;font-size:14px;border:1px solid #ddd;padding:10px;max-height:420px;overflow:auto}
mark{border-radius:3px;padding:0 1px} .wrong{color:#b00020} .missing{color:#8a5a00} .ok{color:#2a7a2a}
.legend span{display:inline-block;margin:2px 6px;padding:0 4px;border-radius:3px;font-size:12px}
summary{cursor:pointer;font-weight:600;margin:6px 0}
"""


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


def highlight(text: str, evidence: list[dict]) -> str:
    """The text as HTML with every evidence span marked, coloured by field, the value in its tooltip."""
    marks: list[dict | None] = [None] * len(text)
    for ev in sorted(evidence, key=lambda e: e["end"] - e["start"], reverse=True):
        for i in range(max(0, ev["start"]), min(len(text), ev["end"])):
            marks[i] = ev
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and marks[j] is marks[i]:
            j += 1
        chunk = escape(text[i:j])
        mark = marks[i]
        if mark is None:
            out.append(chunk)
        else:
            colour = _COLOURS.get(mark["field"], "#dddddd")
            sure = mark.get("confidence")
            how = f" · {mark.get('support')} · confidence {sure:.2f}" if sure is not None else ""
            line = _underline(sure)
            tip = escape(f"{mark['field']}: {mark['value']}{how}", quote=True)
            out.append(f"<mark style='background:{colour};{line}' title='{tip}'>{chunk}</mark>")
        i = j
    return "".join(out)


def _underline(confidence: float | None) -> str:
    """The CSS underline of a value with this confidence (none for a value not rated)."""
    if confidence is None:
        return ""
    return next(f"border-bottom:3px {style} {c}" for low, c, style, _ in _BANDS if confidence >= low)


def write_report(path: Path, results: Mapping[str, tuple[Summary, object]], predictions: dict[str, dict[str, dict]],
                 golds: dict[str, dict], sources: dict[str, str]) -> None:
    """Write the page to `path`."""
    legend = "".join(f"<span style='background:{c}'>{f}</span>" for f, c in _COLOURS.items()) + "<br>confidence: " + \
        "".join(f"<span style='border-bottom:3px {style} {c}'>{label}</span>" for _, c, style, label in _BANDS)
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>llm-extract evaluation</title>"
             f"<style>{_CSS}</style></head><body><h1>llm-extract evaluation: {len(golds)} notices</h1>",
             _bars(results), f"<h2>Notices</h2><p class='legend'>{legend}</p>"]
    for doc_id in sorted(golds):
        parts.append(f"<h2>{escape(doc_id)}: {escape(str(golds[doc_id].get('title') or ''))}</h2>")
        for k, (name, (summary, _)) in enumerate(results.items()):
            ns = next(n for n in summary.notices if n.doc_id == doc_id)
            pred = predictions.get(name, {}).get(doc_id, {})
            status = "<span class='ok'>exact</span>" if ns.exact else f"{len(ns.wrong)} wrong, {len(ns.missing)} missing"
            items = [f"<li class='wrong'>wrong: {escape(w)}</li>" for w in ns.wrong]
            items += [f"<li class='missing'>missing: {escape(m)}</li>" for m in ns.missing]
            items += [f"<li class='wrong'>UNGROUNDED: {escape(u)}</li>" for u in ns.ungrounded]
            body = highlight(sources.get(doc_id, ""), pred.get("evidence", []))
            parts.append(f"<details{' open' if k == 0 else ''}><summary>{escape(name)}: {status}</summary>"
                         f"<ul>{''.join(items)}</ul><div class='text'>{body}</div></details>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), "utf-8")
