"""The one page design of `eval --html` and `review`: a self-contained HTML page (no network; the review page's
one inline script takes corrections) whose notices show their text with every evidence span marked, coloured,
underlined by confidence, its value, support and confidence in the tooltip."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as _html_escape

# Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C): shown by name, never obeyed, so
# that a doc_id or a text holding one cannot turn the page's own words around.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def escape(text: str, quote: bool = True) -> str:
    """HTML-escaped text with its bidirectional controls shown as their code points ("⟨U+202E⟩")."""
    return BIDI.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", _html_escape(text, quote))


FIELD_COLOURS = {
    "name": "#ffd966", "leader": "#f4b183", "deputy_leaders": "#f8cbad", "targets": "#a9d18e",
    "start_date": "#9dc3e6", "end_date": "#9dc3e6", "petition_deadline": "#bdd7ee", "duration": "#deebf7",
    "phones": "#c5a3ff", "phone_hours": "#e2d4ff", "emails": "#ff9ecb", "mailboxes": "#8fe3d0", "title": "#eeeeee",
}
# One light colour per team, in order; past these, more hues spread by the golden angle (no two teams alike).
TEAM_COLOURS = ("#ffd966", "#a9d18e", "#9dc3e6", "#f4b183", "#c5a3ff", "#8fe3d0", "#ff9ecb", "#d9d2a6")
NOTICE_COLOUR = "#e6e6e6"  # values of the notice itself (its title) and of its round
LEFT_OUT_COLOUR = "#ffffff"  # values a threshold left out: no fill, only their low-confidence underline
# Confidence bands, from the top: the underline a value's span gets.
BANDS = ((0.9, "#1a7f37", "solid", "≥ 0.9"), (0.7, "#c98a00", "solid", "0.7–0.9"), (0.0, "#c62828", "dashed", "< 0.7"))
_CSS = """
body{font-family:system-ui,'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Zen Hei','PingFang SC',
'Microsoft YaHei',sans-serif;margin:24px;max-width:1600px;color:#222}
h1{font-size:22px} h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table.bars{border-collapse:collapse} .bars td{padding:2px 8px;font-size:13px}
.bar{height:12px;background:#4a7bd0;display:inline-block;vertical-align:middle}
.bar.b1{background:#d08a4a} .bar.b2{background:#5aa05a} .bar.b3{background:#a05aa0}
.text{white-space:pre-wrap;line-height:1.9;font-size:14px;border:1px solid #ddd;padding:10px}
mark[data-f]::after{content:attr(data-f);font-size:9px;color:#555;vertical-align:super;margin-left:1px}
mark a{color:inherit;text-decoration:none} :target{outline:2px solid #1a56db}
mark{border-radius:3px;padding:0 1px} .wrong{color:#b00020} .missing{color:#8a5a00} .ok{color:#2a7a2a}
.legend span{display:inline-block;margin:2px 6px;padding:0 4px;border-radius:3px;font-size:12px}
summary{cursor:pointer;font-weight:600;margin:6px 0}
.pair{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start} .pair>.text{flex:1 1 520px;min-width:0}
.pair>.record{flex:1 1 520px;overflow-x:auto}
table.record{border-collapse:collapse;font-size:13px} .record td,.record th{border:1px solid #ddd;padding:2px 6px;
vertical-align:top;text-align:left} .record th{background:#f4f4f4}
.error{color:#fff;background:#b00020;padding:4px 8px;border-radius:3px} .note{color:#666;font-size:13px}
.judge button{font-size:10px;padding:0 3px;margin-left:2px} .judged-right{background:#e3f4e3}
.judged-wrong{background:#fbe3e3} .judged-fix{background:#fff4d6} .corrections{position:sticky;top:0;background:#fff}
"""

Colour = Callable[[dict], str]


def page(title: str, body: list[str]) -> str:
    """A whole page: doctype, UTF-8, the shared style, the parts given."""
    return "\n".join([page_head(title), *body, page_tail()])


def page_head(title: str) -> str:
    """A page's start up to its heading: a page written a part at a time begins with it."""
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>\n")


def page_tail() -> str:
    return "</body></html>\n"


def legend(colours: dict[str, str]) -> str:
    """The key to the colours given and to the confidence underlines."""
    swatches = "".join(f"<span style='background:{c}'>{escape(label)}</span>" for label, c in colours.items())
    bands = "".join(f"<span style='border-bottom:3px {style} {c}'>{label}</span>" for _, c, style, label in BANDS)
    return f"<p class='legend'>{swatches}<br>confidence: {bands}</p>"


def highlight(text: str, evidence: list[dict], colour: Colour, link: Callable[[dict], str | None] | None = None,
              label: Callable[[dict], str] | None = None) -> str:
    """The text as HTML with every evidence span marked (`data-ev`: the indexes in `evidence` of the values read
    there), coloured by `colour(evidence)` (striped when the values are of several colours, as a contact shared
    by teams), each value's field, support and confidence (and a date's year_from) in the tooltip. A shorter span
    drawn over a longer one wins the characters they share. With `link`, each value's first mark carries the anchor
    `link(ev)` (None: the value has none) and leads to `#cell-` + it; with `label`, a mark shows its values' labels
    beside it."""
    spans: dict[tuple[int, int], list[int]] = {}
    for k, ev in enumerate(evidence):
        spans.setdefault((ev["start"], ev["end"]), []).append(k)
    marks: list[tuple[int, int] | None] = [None] * len(text)
    for span in sorted(spans, key=lambda se: se[1] - se[0], reverse=True):
        for i in range(max(0, span[0]), min(len(text), span[1])):
            marks[i] = span
    out, i = [], 0
    anchored: set[str] = set()
    while i < len(text):
        j = i
        while j < len(text) and marks[j] == marks[i]:
            j += 1
        chunk = escape(text[i:j])
        at = marks[i]
        if at is None:
            out.append(chunk)
        else:
            group = [evidence[k] for k in spans[at]]
            sure = min((c for ev in group if (c := ev.get("confidence")) is not None), default=None)
            tip = escape("\n".join(_tip(ev) for ev in group), quote=True)
            ids = " ".join(map(str, spans[at]))
            shown = escape(" ".join(dict.fromkeys(label(ev) for ev in group)), quote=True) if label else ""
            linked = list(dict.fromkeys(name for ev in group if (name := link(ev)))) if link else []
            out += [f"<a id='{escape(name, quote=True)}'></a>" for name in linked if name not in anchored]
            anchored.update(linked)
            if linked:
                chunk = f"<a href='#cell-{escape(linked[0], quote=True)}'>{chunk}</a>"
            out.append(f"<mark data-ev='{ids}'" + (f" data-f='{shown}'" if shown else "")
                       + f" style='background:{_fill([colour(ev) for ev in group])};{underline(sure)}' title='{tip}'>"
                       f"{chunk}</mark>")
        i = j
    return "".join(out)


def _tip(ev: dict) -> str:
    sure = ev.get("confidence")
    how = f" · {ev.get('support')} · confidence {sure:.2f}" if sure is not None else ""
    year = f" · year from {ev['year_from']}" if ev.get("year_from") and ev["year_from"] != "written" else ""
    return f"{ev['field']}: {ev['value']}{how}{year}"


def _fill(colours: list[str]) -> str:
    """One colour, or stripes of each when the values read at one span have several."""
    distinct = list(dict.fromkeys(colours))
    if len(distinct) == 1:
        return distinct[0]
    stops = ",".join(f"{c} {k * 100 // len(distinct)}% {(k + 1) * 100 // len(distinct)}%" for k, c in enumerate(distinct))
    return f"linear-gradient(180deg,{stops})"


def underline(confidence: float | None) -> str:
    """The CSS underline of a value with this confidence (none for a value not rated)."""
    if confidence is None:
        return ""
    return next(f"border-bottom:3px {style} {c}" for low, c, style, _ in BANDS if confidence >= low)


def by_field(ev: dict) -> str:
    """A value's colour by its field."""
    return FIELD_COLOURS.get(ev["field"], "#dddddd")


def by_team(ev: dict) -> str:
    """A value's colour by its team (grey for the notice's own and the round's)."""
    team = ev.get("team")
    return NOTICE_COLOUR if team is None else team_colour(team)


def team_colour(index: int) -> str:
    """The colour of the team at `index`: the palette's, then a new light hue for each team past it."""
    if index < len(TEAM_COLOURS):
        return TEAM_COLOURS[index]
    return f"hsl({(index - len(TEAM_COLOURS)) * 137.508 % 360:.0f},70%,80%)"
