"""What a table cell holds, known by its shape alone (a team, a person, units, a phone, a mailbox, an e-mail), and a
row whose cells run together with no separator (a page's table copied as text), cut where one shape ends and the
next begins: the table reader asks these where its header says nothing or is missing."""

from __future__ import annotations

import re

from ..lexicon import lexicon
from .emails import EMAIL
from .phones import PHONE_SHAPE
from .targets import unit_items
from .teams import TeamName, find_teams

_BOX = re.compile(r"(?:邮政专用信箱|专用邮政信箱|邮政信箱|信箱)$")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")
_CONTACT = re.compile(rf"{PHONE_SHAPE.pattern}|{EMAIL.pattern}")
# A unit written right after a person's name starts with one of these more often than a name ends with one.
_UNIT_START = "县市区镇乡街村省州旗盟中国"


def whole_team(cell: str) -> TeamName | None:
    """The team a cell names whole ("市委第一巡察组"), else None."""
    found = find_teams(cell)
    return found[0].value if found and found[0].start == 0 and found[0].end == len(cell) else None


def is_team(cell: str) -> bool:
    """A cell that is one team's name, whole."""
    return whole_team(cell) is not None


def is_person(cell: str) -> bool:
    """A cell that is a person's name: two to four characters, a surname first."""
    names = lexicon()["names"]
    return bool(_PERSON.fullmatch(cell)) and (cell.startswith(tuple(names["compound"])) or cell[:1] in names["single"])


def shape(cell: str) -> str | None:
    """What a cell holds by its shape: "team", "phone", "email", "mailbox", "units", "person", or None."""
    if is_team(cell):
        return "team"
    bare = re.sub(r"[\s、,;/]+", "", PHONE_SHAPE.sub("", cell))
    if PHONE_SHAPE.search(cell) and not bare:
        return "phone"
    if EMAIL.fullmatch(cell):
        return "email"
    if _BOX.search(cell):
        return "mailbox"
    if is_person(cell):
        return "person"
    if unit_items(cell) is not None:
        return "units"
    return None


_ONE_CHAR_PLACE = re.compile(r"^[\u4e00-\u9fff](?:镇|乡|街道|社区)")  # a town cut one character late (a county may be one: 青县)


def person_then_units(segment: str, text: str = "") -> tuple[str, str] | None:
    """A person's name and the units run together after it ("王明县财政局" → "王明", "县财政局"): four characters with
    a compound surname; else two or three, the one whose units start with more of what the rest of `text` writes
    too (a county's name recurs in its units and addresses), else where the unit starts as units do (县, 市, 镇 …),
    else three; but never a split that leaves the unit's place one character ("鲍春桂塘街道": 鲍春, 桂塘街道)."""
    if segment.startswith(tuple(lexicon()["names"]["compound"])):
        sizes = [4]
    else:
        elsewhere = text.replace(segment, "")
        recurs = {size: _recurring(segment[size:], elsewhere) for size in (2, 3) if len(segment) > size + 2}
        best = max(recurs.values(), default=0)
        longest = [size for size, n in recurs.items() if n == best and n >= 2]
        sizes = longest if len(longest) == 1 else [2, 3] if segment[2:3] in _UNIT_START else [3, 2]
    splits = [(segment[:size], segment[size:]) for size in sizes]
    splits = [(name, rest) for name, rest in splits if is_person(name) and rest and unit_items(rest) is not None]
    whole = [sp for sp in splits if not _ONE_CHAR_PLACE.match(sp[1])]  # "桂塘街道", not "塘街道": a place has two
    return (whole or splits)[0] if splits else None


def _recurring(rest: str, elsewhere: str) -> int:
    """How many characters of `rest`'s start the rest of the text writes too ("槐川县" of "槐川县供销社" where "槐川县财政局"
    stands elsewhere)."""
    n = 0
    while n < len(rest) and rest[: n + 1] in elsewhere:
        n += 1
    return n


def cut_row(line: str) -> list[tuple[str, int, int]]:
    """A row whose cells run together, as (shape, start, end): the team's name at its start, the contacts (phones,
    e-mail) where their shapes stand, the mailbox that ends in a box word, and what lies between as one cell each."""
    teams = find_teams(line)
    if not teams or teams[0].start != 0:
        return []
    cells = [("team", 0, teams[0].end)]
    at = teams[0].end
    for m in _CONTACT.finditer(line, at):
        if m.start() > at:
            cells.append(_between(line, at, m.start()))
        cells.append(("email" if "@" in m[0] else "phone", m.start(), m.end()))
        at = m.end()
    if at < len(line):
        cells.append(_between(line, at, len(line)))
    return cells


def _between(line: str, start: int, end: int) -> tuple[str, int, int]:
    return ("mailbox" if _BOX.search(line[start:end]) else "text", start, end)
