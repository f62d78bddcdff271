"""Pipe tables with one column per team ("组别 | 一组 | 二组 |"): each column's cells belong to its team."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import words
from ..numerals import to_int
from . import Found
from .teams import TeamName, clip_name, find_teams, split_targets

_CELL = re.compile(r"[^|]+")
_ORDINAL = re.compile(r"^第?(?P<n>[一二三四五六七八九十\d]+)组$")


@dataclass
class TableFindings:
    """What the tables of a notice give: team columns, the people and targets in their cells, and cell spans."""

    teams: list[Found[TeamName]] = field(default_factory=list)
    leaders: list[Found[str]] = field(default_factory=list)
    deputies: list[Found[str]] = field(default_factory=list)
    targets: list[Found[str]] = field(default_factory=list)
    cells: list[tuple[int, int, TeamName]] = field(default_factory=list)


def _cells(text: str, line_start: int, line: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _CELL.finditer(line):
        raw = m[0]
        lead = len(raw) - len(raw.lstrip())
        value = raw.strip()
        if value:
            out.append((value, line_start + m.start() + lead, line_start + m.start() + lead + len(value)))
    return out


def _column_team(label: str, kind: str) -> TeamName | None:
    found = find_teams(label)
    if found:
        return found[0].value
    m = _ORDINAL.match(label)
    if m:
        return TeamName(f"{kind}{m['n']}组", kind, to_int(m["n"]))
    return None


def find_tables(text: str, kind: str) -> TableFindings:
    """Read every pipe table whose header row names teams; `kind` (巡视/巡察) names bare "一组" columns."""
    out = TableFindings()
    columns: list[TeamName] = []
    pos = 0
    roles = {key: set(words("tables", key)) for key in ("header", "leader", "deputies", "targets")}
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.count("|") < 2:
            columns = []
            continue
        cells = _cells(text, start, line)
        if not cells:
            continue
        label = re.sub(r"\s+", "", cells[0][0])
        body = cells[1:]
        if label in roles["header"]:
            columns = [t for t in (_column_team(c[0], kind) for c in body) if t]
            if len(columns) != len(body):
                columns = []
            for (_, s, e), team in zip(body, columns):
                out.teams.append(Found(team, s, e))
            continue
        for (value, s, e), team in zip(body, columns):
            out.cells.append((s, e, team))
            if label in roles["leader"] and (name := clip_name(text, s)):
                out.leaders.append(Found(name, s, s + len(name)))
            elif label in roles["deputies"]:
                at = s
                for part in re.split(r"[、,]", value):
                    name = clip_name(part.strip(), 0)
                    if name:
                        at = text.index(name, at)
                        out.deputies.append(Found(name, at, at + len(name)))
            elif label in roles["targets"]:
                at = s
                for item in split_targets(value):
                    at = text.find(item, at)
                    out.targets.append(Found(item, at, at + len(item)))
    return out
