"""`llm-extract review`: one self-contained page for any run, no gold needed: each notice's text with every value
marked in its team's colour, the record beside it, what the cross-check dropped and why, and errors. Each team's
value can be marked right, wrong or corrected; the page saves the notices touched as gold by the contract
(`data/review.js`), which `eval --gold` and `calibrate --gold` read: an analyst's corrections measure the reading
on their own corpus."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TextIO

from ..models import Evidence, Notice, Team
from ..runs.inputs import text_hash
from .page import (
    BANDS,
    BIDI,
    LEFT_OUT_COLOUR,
    NOTICE_COLOUR,
    by_team,
    escape,
    highlight,
    legend,
    page_head,
    page_tail,
    team_colour,
)

_DROPPED = ("dropped ", "left out ")  # how the cross-check and the abstention word what they took out
_DROPPED_FIELD = re.compile(r"(?P<how>dropped|left out) (?P<field>[a-z_]+) ")
_TEAM_COUNT = "the text gives "  # the warning of a stated team count unlike the teams read
_TITLE_SHOWN = 40  # characters of a title in the list at the top
_WEAK = BANDS[1][0]  # a value below the amber band (underlined red) needs a look
_FIELDS = (("leader", "leader"), ("deputy_leaders", "deputies"), ("targets", "targets"), ("start_date", "start"),
           ("end_date", "end"), ("duration", "duration"), ("petition_deadline", "petitions until"),
           ("phones", "phones"), ("phone_hours", "hours"), ("phone_days", "days"), ("mailboxes", "mailboxes"),
           ("emails", "e-mail"))
_CELLS = frozenset(f for f, _ in _FIELDS)  # the fields the record's table has a row for
_LABELS = dict(_FIELDS) | {"name": "team", "title": "title", "issuer": "issuer", "region": "region"}


@dataclass(frozen=True)
class _Summary:
    """What the page's head says of one record, kept from the first read (a few numbers, not the record)."""

    doc_id: str
    title: str
    status: str
    teams: int
    values: int
    to_look: int  # conflicts, values that are suspect or below 0.7, values dropped
    error: bool


def write_review(out: TextIO, records: Iterable[tuple[Notice, dict]],
                 text_of: Callable[[str], str | None]) -> int:
    """Write the page for these records to `out`, a notice at a time (memory stays flat over any number):
    `records` is read twice (a reader of files, or a list), first for the head, which lists the notices that
    most need a look first, then for the notices in their order. `text_of(doc_id)` gives a record's text (None:
    shown without it); a text whose sha256 is not the record's is not marked. Returns how many records."""
    if iter(records) is records:
        raise TypeError("records: the page reads them twice: give a list or a reader of files, not an iterator")
    summaries = [_summary(n, d) for n, d in records]
    teams = sum(s.teams for s in summaries)
    errors = sum(s.error for s in summaries)
    values = sum(s.values for s in summaries)
    ordered = sorted(range(len(summaries)), key=lambda k: (not summaries[k].error, -summaries[k].to_look, k))
    out.write(page_head(f"llm-extract review: {len(summaries)} notices"))
    out.write(f"<p>{len(summaries)} records, {teams} teams, {values} values with evidence, {errors} errors. "
              "Each value is marked in its team's colour (the colour of its column's head in the table beside the "
              "text), its field written small after it; hover for its support and confidence; a mark leads to its "
              "cell in the table and a cell to its mark; a value the threshold left out is marked unfilled, \"left out\" "
              "beside it. The notices that most need a look come first in this list, with what to look at by kind."
              "</p>" + legend({"team 1": team_colour(0), "team 2": team_colour(1), "team 3": team_colour(2), "…": "#fff",
                               "notice or round": NOTICE_COLOUR, "left out": LEFT_OUT_COLOUR})
              + "<p class='corrections'><button id='save' disabled>Save corrections</button> <span id='corrections'>"
              "</span> <span class='note'>✓ right, ✗ wrong (the text states none), ✎ corrected: beside each team's "
              "value in the tables; saved as gold (notice-v1) for eval --gold and calibrate --gold</span></p><ul>")
    for k in ordered:
        s = summaries[k]
        out.write(f"<li><a href='#n{k}'>{escape(s.doc_id)}</a>{s.status}"
                  + (f" <span class='note'>{escape(s.title)}</span>" if s.title else "") + "</li>")
    out.write("</ul>\n")
    for k, (notice, data) in enumerate(records):
        text = text_of(notice.doc_id)
        out.write(_notice(k, notice, data, text, text_hash(text) if text is not None else None) + "\n")
    script = resources.files("llm_extract").joinpath("data/review.js").read_text("utf-8")
    out.write(f"<script>{script}</script>\n" + page_tail())
    return len(summaries)


def _summary(notice: Notice, data: dict) -> _Summary:
    values = notice.evidence + (notice.round.evidence if notice.round else [])
    kinds = _to_look(notice, data, values)
    return _Summary(notice.doc_id, (notice.title or "")[:_TITLE_SHOWN], _status(notice, kinds), len(notice.teams),
                    len(values), sum(kinds.values()), bool(notice.error))


def _to_look(notice: Notice, data: dict, values: list[Evidence]) -> Counter[str]:
    """What needs a look, by kind: values dropped or left out (by field), suspect or below 0.7 (by field),
    conflicts of a merged record, a stated team count unlike the teams read."""
    kinds: Counter[str] = Counter()
    for e in values:
        if e.support == "suspect":
            kinds[f"suspect {e.field}"] += 1
        elif e.confidence is not None and e.confidence < _WEAK:
            kinds[f"unsure {e.field}"] += 1
    for w in notice.warnings:
        if m := _DROPPED_FIELD.match(w):
            kinds[f"{m['how']} {m['field']}"] += 1
        elif w.startswith(_TEAM_COUNT):
            kinds["a stated team count unlike the teams read"] += 1
    kinds["conflicts"] += len(data.get("conflicts") or [])
    return +kinds


def _status(notice: Notice, kinds: Counter[str]) -> str:
    if notice.error:
        return " <span class='wrong'>error</span>"
    look = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    return (f" · {len(notice.teams)} team(s)" + (" · round" if notice.round else "")
            + (f" · <span class='missing'>{sum(kinds.values())} to look at: {escape(look)}</span>" if kinds else ""))


def _notice(k: int, notice: Notice, data: dict, text: str | None, digest: str | None) -> str:
    where = " ".join(p for p in (notice.region.province, notice.region.city, notice.region.county) if p) \
        if notice.region else (f"no region: {notice.region_reason}" if notice.region_reason else "")
    about = [notice.kind, notice.event, notice.backend, notice.issuer, where,
             f"published {notice.published}" if notice.published else None, notice.url]
    parts = [f"<h2 id='n{k}'>{escape(notice.doc_id)}: {escape(notice.title or '')}</h2>",
             "<p class='note'>" + " · ".join(escape(a) for a in about if a)
             + (f" · sources: {escape(', '.join(map(str, data['sources'])))}" if data.get("sources") else "") + "</p>"]
    if notice.error:
        parts.append(f"<p class='error'>error: {escape(notice.error)}</p>")
    own = [(raw.get("source") or notice.doc_id) == notice.doc_id for raw in data.get("evidence", [])]
    evidence = [e.model_dump() for e, mine in zip(notice.evidence, own, strict=True) if mine]  # a merged record's
    # evidence from its other sources holds offsets into their texts, not this one
    evidence += [e.model_dump() | {"team": None, "column": "r"} for e in (notice.round.evidence if notice.round else [])]
    kept = {(e.field, e.value, e.start, e.end) for e in notice.evidence}
    evidence += [e.model_dump() | {"team": None, "column": None, "left_out": True} for e in
                 (notice.held.evidence if notice.held else []) if (e.field, e.value, e.start, e.end) not in kept]
    anchor = _anchor(k)
    marked: set[str] = set()
    if text is None:
        body = "<p class='note'>(no text given for this record: pass its input with --texts)</p>"
    elif notice.text_sha256 and digest != notice.text_sha256:
        body = ("<p class='wrong'>this is not the text the record was read from: its spans are not marked</p>"
                f"<div class='text'>{escape(text)}</div>")
    else:
        body = f"<div class='text'>{highlight(text, evidence, _colour, anchor, _label)}</div>"
        marked = {name for ev in evidence if (name := anchor(ev))}
    parts.append(f"<div class='pair'>{body}<div class='record'>{_record(k, notice, marked)}</div></div>")
    parts.append(f"<script type='application/json' class='record-data' data-k='{k}'>{_gold_json(notice)}</script>")
    dropped = [w for w in notice.warnings if w.startswith(_DROPPED)]
    other = [w for w in notice.warnings if not w.startswith(_DROPPED)]
    if dropped:
        parts.append("<p><b>Dropped, with the reason:</b></p><ul>"
                     + "".join(f"<li class='missing'>{escape(w)}</li>" for w in dropped) + "</ul>")
    if other:
        parts.append("<p><b>Warnings:</b></p><ul>" + "".join(f"<li>{escape(w)}</li>" for w in other) + "</ul>")
    for c in data.get("conflicts") or []:
        said = "; ".join(f"{_shown(v.get('value'))} ({', '.join(map(str, v.get('sources', [])))})"
                         for v in c.get("values", []))
        parts.append(f"<p class='wrong'>sources disagree on {escape(str(c.get('field')))} of "
                     f"{escape(str(c.get('team')))}: {escape(said)}</p>")
    return "\n".join(parts)


def _anchor(k: int) -> Callable[[dict], str | None]:
    """The anchor of a value's first mark in notice k, by its table cell (column and field); None for a value
    with no cell (the title, the issuer)."""
    def name(ev: dict) -> str | None:
        column = ev.get("column", ev.get("team"))
        return f"n{k}-{column}-{ev['field']}" if column is not None and ev["field"] in _CELLS else None
    return name


def _label(ev: dict) -> str:
    label = _LABELS.get(ev["field"], ev["field"])
    return f"left out: {label}" if ev.get("left_out") else label


def _colour(ev: dict) -> str:
    """A value's team colour; a value the threshold left out has none (its mark: the low-confidence underline)."""
    return LEFT_OUT_COLOUR if ev.get("left_out") else by_team(ev)


def _record(k: int, notice: Notice, marked: set[str]) -> str:
    """The record as a table: one column per team (and one for the round); a cell whose value is marked in the
    text leads to its mark."""
    columns: list[tuple[str, Team, str, str]] = [(t.name, t, team_colour(i), str(i)) for i, t in enumerate(notice.teams)]
    if notice.round:
        columns.append((f"round: {notice.round.name or ''} ({notice.round.team_count or '?'} teams)",
                        notice.round, NOTICE_COLOUR, "r"))
    if not columns:
        return "<p class='note'>no team</p>"
    head = "".join(f"<th style='background:{colour}'>{escape(name)}</th>" for name, _, colour, _ in columns)
    rows = "".join(f"<tr><th>{label}</th>" + "".join(_cell(k, c, f, _shown(getattr(t, f)), marked)
                                                     for _, t, _, c in columns) + "</tr>" for f, label in _FIELDS)
    return f"<table class='record'><tr><th></th>{head}</tr>{rows}</table>"


_JUDGE = ("<span class='judge'><button data-judge='right' title='right'>✓</button><button data-judge='wrong' "
          "title='wrong: the text states none'>✗</button><button data-judge='fix' title='correct it'>✎</button></span>")


def _cell(k: int, column: str, field: str, shown: str, marked: set[str]) -> str:
    """A value's cell: it leads to its mark in the text; a team's contract value (not a round's) can be judged."""
    name = f"n{k}-{column}-{field}"
    value = f"<a href='#{name}'>{escape(shown)}</a>" if name in marked and shown else escape(shown)
    if column == "r" or field not in _CONTRACT:
        return f"<td id='cell-{name}'>{value}</td>"
    return (f"<td id='cell-{name}' data-k='{k}' data-team='{column}' data-field='{field}' data-shown='{escape(shown)}'>"
            f"<span class='value'>{value}</span>{_JUDGE}</td>")


_CONTRACT = frozenset(f for f, _ in _FIELDS) - {"phone_days"}  # a team's fields by the contract


def _gold_json(notice: Notice) -> str:
    """The notice as gold by the contract (its teams' contract fields as the page shows them), for the page's
    corrections to start from; safe inside a script element."""
    gold = {"doc_id": notice.doc_id, "kind": notice.kind, "event": notice.event, "title": notice.title,
            "teams": [t.model_dump(mode="json", include={"name", *_CONTRACT}) for t in notice.teams]}
    text = json.dumps(gold, ensure_ascii=False).replace("</", "<\\/")
    return BIDI.sub(lambda m: f"\\u{ord(m[0]):04x}", text)  # a bidirectional control escaped, as the page shows none


def _shown(value: object) -> str:
    """A value as one line: lists joined, a phone with (SMS) when it takes messages only, a box with its postcode."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value)
    if isinstance(value, dict) and "number" in value:
        return str(value["number"]) + (" (SMS)" if value.get("sms_only") else "")
    if isinstance(value, dict) and "address" in value:
        return str(value["address"]) + (f" ({value['postcode']})" if value.get("postcode") else "")
    return str(value)
