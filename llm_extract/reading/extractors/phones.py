"""Phone numbers: landlines with area code, mobiles, local numbers after a phone cue, extensions."""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass

from ..lexicon import LazyPattern, alternation, words
from . import SENTENCE_ENDS, Found


@dataclass(frozen=True)
class PhoneValue:
    """A phone as the contract writes it: digits and hyphens, and whether it takes text messages only."""

    number: str
    sms_only: bool


_EXT = r"(?:(?:-|转|分机)(?P<ext>\d{1,5}))?"
_LANDLINE = re.compile(
    r"(?<![\d-])(?:\((?P<pa>0\d{2,3})\)|(?P<a>0(?:[12]\d|[3-9]\d{2}))(?:[ ]?[-一][ ]?|[ ])?)(?P<n>\d{3,4}[ -]?\d{4})" + _EXT
    + r"(?![\d])"  # the area code and the number apart by a hyphen (with spaces), a space, or 一 typed for a hyphen
)
_MOBILE = re.compile(r"(?<![\d-])(?P<m>1[3-9]\d)[- ]?(?P<m2>\d{4})[- ]?(?P<m3>\d{4})(?![\d])")
# A phone number's shape alone, where one is cut from what stands around it (a table row run together, an address).
PHONE_SHAPE = re.compile(r"(?<![\dA-Za-z-])(?:0\d{2,3}[- ]?\d{7,8}(?:-\d{1,5})?|1[3-9]\d{9})(?!\d)")
_LOCAL = re.compile(r"(?<![\d\-./])(?P<n>[2-9]\d{6,7})" + _EXT + r"(?![\d.:/])")
_CUE = LazyPattern(lambda: alternation("phones", "cues"))
_NOT_AFTER = LazyPattern(lambda: r"\s*(?:" + alternation("phones", "not_after") + ")")
_SMS_AFTER = LazyPattern(lambda: r"^\s*[(]?[^)\d]{0,6}?(?:" + alternation("phones", "sms") + ")")
_LIST_SEP = re.compile(r"^[\s、,;/或和及]{1,3}$")
_SMS_ALSO = LazyPattern(lambda: alternation("phones", "sms_also"))
_SUPERVISION = LazyPattern(lambda: alternation("phones", "supervision"))
_SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}]")


def _supervision_line(text: str, start: int) -> bool:
    """True when the sentence before the number says it is for reports on the inspectors themselves."""
    window = text[max(0, start - 60) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    return bool(_SUPERVISION.search(window[ends[-1] if ends else 0 :]))


def _sms_only(text: str, start: int, end: int, prev_end: int) -> bool:
    """True when the words right after the number, or between the previous number and it, say SMS."""
    after = text[end : end + 14]
    if _SMS_AFTER.search(after):
        return not _SMS_ALSO.search(after)
    before = text[max(prev_end, start - 20) : start]
    at = max(before.rfind(s) for s in words("phones", "sms"))
    return at >= 0 and "电话" not in before[at:]


def find_phones(text: str) -> list[Found[PhoneValue]]:
    """Every phone number in `text`, in order, never a date, postcode, box number, amount or ID."""
    raw: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for m in _LANDLINE.finditer(text):
        if _NOT_AFTER.match(text, m.end()):
            continue
        number = f"{m['pa'] or m['a']}-{re.sub(r'[ -]', '', m['n'])}" + (f"-{m['ext']}" if m["ext"] else "")
        raw.append((m.start(), m.end(), number))
        taken.update(range(m.start(), m.end()))
    for m in _MOBILE.finditer(text):
        if m.start() in taken or _NOT_AFTER.match(text, m.end()):
            continue
        raw.append((m.start(), m.end(), m["m"] + m["m2"] + m["m3"]))
        taken.update(range(m.start(), m.end()))
    ends = sorted(e for _, e, _ in raw)
    for m in _LOCAL.finditer(text):
        if m.start() in taken or _NOT_AFTER.match(text, m.end()):
            continue
        if not (_CUE.search(text[max(0, m.start() - 12) : m.start()]) or _follows_phone(text, m.start(), ends)):
            continue
        raw.append((m.start(), m.end(), m["n"] + (f"-{m['ext']}" if m["ext"] else "")))
        insort(ends, m.end())
    raw.sort()
    out: list[Found[PhoneValue]] = []
    prev_end = 0
    for start, end, number in raw:
        if _supervision_line(text, start):
            continue
        in_list = bool(out) and bool(_LIST_SEP.match(text[prev_end:start]))
        inherited = in_list and out[-1].value.sms_only  # "短信号码：139…、139…": the whole list
        sms = number[0] == "1" and (inherited or _sms_only(text, start, end, prev_end))
        out.append(Found(PhoneValue(number, sms), start, end))
        prev_end = end
    return out


def _follows_phone(text: str, start: int, ends: list[int]) -> bool:
    """True when the number stands in a list right after another phone (separated by 、, comma or space);
    `ends` are the phones' ends, sorted: only the nearest one before `start` can be that phone."""
    k = bisect_right(ends, start) - 1
    return k >= 0 and bool(_LIST_SEP.match(text[ends[k] : start]))
