"""Postal mailboxes (邮政信箱 in all its spellings, street addresses after 来信请寄) and their postcodes."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..lexicon import LazyPattern, alternation
from . import Found, last_match
from .phones import PHONE_SHAPE


@dataclass(frozen=True)
class MailboxValue:
    """A mailing address as written (no trailing recipient), its 邮编, and the key the scorer matches on."""

    address: str
    postcode: str | None
    box_key: str


_BOX_WORD = r"(?:邮政专用信箱|专用邮政信箱|邮政信箱|专用信箱|信箱|邮箱)"
_ID_BEFORE = re.compile(r"(?:第)?(?P<id>[A-Za-z]{0,2}\d{1,6})\s*号?\s*" + _BOX_WORD)
_ID_AFTER = re.compile(_BOX_WORD + r"\s*(?:号码)?\s*[:]?\s*第?(?P<id>[A-Za-z]{0,2}\d{1,6})号?(?![\d@.])")
_BARE_ID = re.compile(r"\s*(?P<id>[A-Za-z]{0,2}\d{1,6})\s*号?\s*$")
_LETTER_ID = re.compile(r"(?P<id>[A-Za-z]{1,2}\d{1,6})\s*号?\s*$")  # "某市A00123号": a lettered id is a box
# A clause: a table cell ends one (a box never spans two cells), and so does a 、 right after a box word ("某县1号信箱、
# 某县2号信箱" are two boxes)
_CLAUSE = re.compile(r"(?:[^,;。\n()|、]|、(?<!信箱、))+")
_ADDRESS_CUE = LazyPattern(lambda: r"(?:" + alternation("mailboxes", "address_cues") + r")(?:至|到)?\s*[:]?\s*")  # "请寄至…"
_NOT_POSTAL = LazyPattern(lambda: alternation("mailboxes", "not_postal"))
# A 邮编 by its label, or six digits in brackets right after an address ("…东二教213室(610065)").
_POSTCODE = re.compile(r"(?:(?:邮编|邮政编码)\s*[:]?\s*|(?<=[号室楼院箱]\())(?P<pc>\d{6})(?![\d])")
_CODE_WORD = re.compile(r"(?:邮编|邮政编码)\s*[:]?\s*\d{6}(?!\d)")  # "…信箱 邮编 999000": where an address ends
_CODE_AFTER = re.compile(r"\s*" + _CODE_WORD.pattern)
_BOX_END = "号箱室楼层院"  # the characters an address itself ends in; a recipient ("转…组收") comes after them
_FORWARD = re.compile(r"转[^转]{2,20}?(?:组|办|室)收?$")  # "…转市委第九巡察组(收)": forwarded to the team
_PLACE = re.compile(r"[省市县区州旗镇]")
MAX_ADDRESS = 60  # characters: real addresses run to ~30; longer is a line whose punctuation was lost


_REACH = 40  # characters a 邮编 may stand from its box

def box_key(address: str) -> str:
    """The box number (`A015`, `300`) when the address has one, else the whole address without spaces."""
    flat = re.sub(r"\s+", "", address)
    m = _ID_BEFORE.search(flat) or _ID_AFTER.search(flat) or _BARE_ID.fullmatch(flat) or _LETTER_ID.search(flat)
    return m["id"].upper() if m else flat


def _without_recipient(flat: str) -> str:
    """The address without a trailing recipient ("…A015号邮政信箱转第二巡察组收" → "…A015号邮政信箱",
    "…饭店转市委第九巡察组" → "…饭店")."""
    forward = _FORWARD.search(flat)
    if forward and forward.start() > 0:
        return flat[: forward.start()]
    if not flat.endswith("收"):
        return flat
    cut = len(flat) - 1
    while cut > 0 and not (flat[cut - 1] in _BOX_END or flat[cut - 1].isdecimal()):
        cut -= 1
    return flat[:cut] or flat


def _without_code(body: str, start: int) -> tuple[str, int]:
    """A clause's address when its 邮编 stands in the same clause: after a 邮编 written first ("邮编330000 某市…"),
    before one written after it ("…信箱 邮编 999000"). With the start of what is kept."""
    if (first := _CODE_AFTER.match(body)) and body[first.end():].strip():
        return body[first.end():], start + first.end()
    if after := _CODE_WORD.search(body, 2):  # no \s* to start a search with: a run of spaces is not scanned again
        return body[:after.start()], start
    return body, start


_LEAD_WORD = re.compile(rf"\s*{_BOX_WORD}\s*(?=\S+{_BOX_WORD})")  # "信箱某市A01号信箱": a label with no colon


def _address(body: str, start: int) -> tuple[int, int, str] | None:
    """The address in `body` (at `start`) with its span, bounded: an over-long one keeps only its box phrase."""
    if lead := _LEAD_WORD.match(body):
        body, start = body[lead.end():], start + lead.end()
    address = _without_recipient(re.sub(r"\s+", "", body).strip(":,. "))
    if len(address) <= MAX_ADDRESS:
        return start, start + len(body), address
    box = _ID_BEFORE.search(body) or _ID_AFTER.search(body)
    return (start + box.start(), start + box.end(), re.sub(r"\s+", "", box[0])) if box else None


def find_mailboxes(text: str) -> list[Found[MailboxValue]]:
    """Every postal box or mailing address in `text`, each with the 邮编 written next to it."""
    found: list[tuple[int, int, str]] = []
    carry_until = -1  # "来信请寄：（邮编…）某市…": a cue whose clause holds no address yet cues the next one
    for clause in _CLAUSE.finditer(text):
        body, start = clause[0], clause.start()
        cue = last_match(_ADDRESS_CUE, body)
        if cue and body[cue.end() :].lstrip().startswith(("、", "和", "及")):
            continue  # "设置通讯地址、举报信箱": the kinds of channel set up, no address
        cued = cue is not None or clause.start() <= carry_until
        if cue:  # the clause's address, after its cue, without the 邮编 written in the same clause
            body, start = _without_code(body[cue.end() :], start + cue.end())
        else:
            body, start = _without_code(body, start)
        if number := last_match(PHONE_SHAPE, body):  # no part of an address: "…0999-5551234某市1号信箱", a row run together
            body, start = body[number.end():], start + number.end()
        if not cued and ":" in body:
            cut = body.rindex(":") + 1
            label, body, start = body[:cut], body[cut:], start + cut
            postal = re.search(r"邮政|邮寄|通信|通讯", label)  # a 举报信箱 with a street is a box at a door
            street = postal and _PLACE.search(body[:6]) and "@" not in body
            boxed = _BARE_ID.match(body) or _LETTER_ID.search(body) or street
            if re.search(_BOX_WORD, label) and not _NOT_POSTAL.search(label) and boxed:
                found += filter(None, [_address(body, start)])
                continue
        lead = len(body) - len(body.lstrip())
        body, start = body.strip(), start + lead
        if cued and not _POSTCODE.sub("", body).strip(": "):
            carry_until = clause.end() + 2
            continue
        if not body or "@" in body or _NOT_POSTAL.search(clause[0]) or "邮编" in body or "邮政编码" in body:
            continue
        if cued or _ID_BEFORE.search(body) or _ID_AFTER.search(body):
            if not cued and not re.search(_BOX_WORD, body):
                continue
            found += filter(None, [_address(body, start)])
    codes = [(m.start(), m.end(), m["pc"]) for m in _POSTCODE.finditer(text)]
    out = []
    box_starts = [b[0] for b in found]  # in text order
    code_starts = [c[0] for c in codes]
    for start, end, address in found:
        code = _nearest_postcode(codes, code_starts, start, end, found, box_starts)
        out.append(Found(MailboxValue(address, code, box_key(address)), start, end))
    return out


def _nearest_postcode(codes: list[tuple[int, int, str]], code_starts: list[int], start: int, end: int,
                      boxes: list[tuple[int, int, str]], box_starts: list[int]) -> str | None:
    """The 邮编 within 40 characters of the box, closer to it than to any other box (the boxes next to the
    code in text order are the only ones that can be closer)."""
    best: tuple[int, str] | None = None
    for cs, ce, code in codes[bisect_left(code_starts, start - _REACH) : bisect_right(code_starts, end + _REACH)]:
        dist = cs - end if cs >= end else start - ce
        if dist < 0 or dist > _REACH:
            continue
        k = bisect_left(box_starts, cs)
        near = boxes[max(0, k - 2) : k + 2]
        others = [min(abs(cs - e), abs(s - ce)) for s, e, _ in near if (s, e) != (start, end)]
        if others and min(others) < dist:
            continue
        if best is None or dist < best[0]:
            best = (dist, code)
    return best[1] if best else None


def find_postcodes(text: str) -> list[Found[str]]:
    """Every 6-digit 邮编 / 邮政编码 in `text`."""
    return [Found(m["pc"], m.start("pc"), m.end("pc")) for m in _POSTCODE.finditer(text)]
