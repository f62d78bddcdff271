"""How a value was read, beside where it stood: its *cue*, the words of the text that say what the value is.

A value's support says how the text ties it to its team (a sentence, a heading, nothing but being the only team);
its cue says how the text says what it is: the label it follows ("巡察对象：", "巡察时间为", "举报电话："), the verb
that governs it ("对…开展巡察", "进驻…"), the table column it stands in, a numbered item it stands on, or none.
Two values of one placement class can be read very differently ("进驻甲局开展巡察" and a word that merely follows a
team's name): `confidence` rates them apart by their cue. The cue words are data (`[cues]` of the lexicon).
"""

from __future__ import annotations

import re
from functools import cache

from .extractors.teams import ITEM_MARK
from .lexicon import alternation, label_separator, lexicon, units_label

CUES = ("label", "verb", "column", "entry", "item", "none")  # every cue a value may have
_ITEM = re.compile(rf"^\s*{ITEM_MARK}")  # a value on a list's item line
_DATES = ("start_date", "end_date", "petition_deadline", "duration")
_CONTACTS = ("phones", "phone_hours", "mailboxes", "emails")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Each field family's label (before the value, nothing but a list between) and its verbs."""
    cues = lexicon()["cues"]
    units, sep = units_label(), rf"(?:{label_separator()}|\s*\|\s*)"  # a label, then its value or its cell
    contact = "|".join(re.escape(w) for w in sorted(cues["contact_label_endings"], key=len, reverse=True))
    rest = r"[^:。;\n]*$"  # after a label, only the list the value stands in
    return {
        "targets_label": re.compile(rf"(?:{units}){sep}{rest}"),
        "targets_lead": re.compile(rf"(?:{units})\s*[:】]?\s*$"),  # a line that leads the units on the lines below
        "period_label": re.compile(rf"(?:{alternation('cues', 'period_labels')}){sep}[^:。;\n]{{0,4}}$"),
        "contact_label": re.compile(rf"(?:{contact})\s*(?:\([^()\n]{{0,10}}\))?{sep}[^:。;\n]{{0,60}}$"),
        "unit_verb": re.compile(rf"(?:{alternation('cues', 'unit_verbs')})(?:到|至)?[^:。;,\n]{{0,120}}$"),
        "unit_object": re.compile(r"对[^:。;\n]{0,300}$"),
        "governing": re.compile(rf"^[^。;\n]{{0,300}}?(?:{alternation('cues', 'unit_governing')})"),
        "entry": re.compile(rf"^[^。;\n]{{0,16}}?(?:{alternation('cues', 'entry_words')})"),
        "date_verb": re.compile(rf"^[^。;\n]{{0,40}}?(?:{alternation('cues', 'unit_governing')})"),
    }


def _clause_before(text: str, start: int) -> str:
    """The text from the start of `start`'s line and sentence up to it."""
    low = max(0, start - 400)  # a cue stands near its value; no text is scanned back further, however long
    floor = max(text.rfind(c, low, start) for c in "\n。;") + 1
    return text[max(floor, low) : start]


def _led_from_above(text: str, start: int, lead: re.Pattern[str], reach: int = 30) -> bool:
    """The value's line is one of a list of plain lines (no colon, no full stop) right under a line `lead` matches
    ("被巡察单位" over "甲局\n乙局")."""
    line_start = text.rfind("\n", 0, start) + 1
    for _ in range(reach):
        if line_start == 0:
            return False
        above = text.rfind("\n", 0, line_start - 1) + 1
        line = text[above : line_start - 1]
        if lead.search(line):
            return True
        if re.search("[:。]", line):
            return False
        line_start = above
    return False


def _after(text: str, end: int) -> str:
    return text[end : end + 300]


def cue_of(text: str, start: int, end: int, field: str, support: str | None = None) -> str:
    """The cue of a value read at [start, end) of the normalised `text` for `field` (one of `CUES`); a value in a
    table cell (support `cell`) is read by its column."""
    if support == "cell":
        return "column"
    before, after, p = _clause_before(text, start), _after(text, end), _patterns()
    if field == "targets":
        if p["targets_label"].search(before) or _led_from_above(text, start, p["targets_lead"]):
            return "label"
        if p["unit_object"].search(before) and p["governing"].match(after) or p["unit_verb"].search(before):
            return "verb"
    elif field in _DATES:
        if p["period_label"].search(before):
            return "label"
        if p["entry"].match(after):
            return "entry"
        if p["date_verb"].match(after):
            return "verb"
    elif field in _CONTACTS and p["contact_label"].search(before):
        return "label"
    elif field in ("leader", "deputy_leaders"):
        return "label"  # a person is read only after 组长/副组长
    line_start = text.rfind("\n", 0, start) + 1
    return "item" if _ITEM.match(text[line_start:start]) else "none"
