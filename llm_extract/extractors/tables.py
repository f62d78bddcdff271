"""Tables of teams: pipe tables with one column per team ("组别 | 一组 | 二组 |") or one row per team ("组别 | 组长
| 巡察对象 |", then a row for each team), and tables flattened to one cell per line with one row per team (a header
run of column labels, then each team's cells). Each cell belongs to its team."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cache

from ..lexicon import words
from ..numerals import to_int
from . import Found
from .teams import TeamName, clip_name, find_teams, split_targets

_CELL = re.compile(r"[^|]+")
_LINE = re.compile(r"[^\n]+")
_ORDINAL = re.compile(r"^第?(?P<n>[一二三四五六七八九十\d]+)组$")


@dataclass
class TableFindings:
    """What the tables of a notice give: team columns, the people and targets in their cells, and cell spans."""

    teams: list[Found[TeamName]] = field(default_factory=list)
    leaders: list[Found[str]] = field(default_factory=list)
    deputies: list[Found[str]] = field(default_factory=list)
    targets: list[Found[str]] = field(default_factory=list)
    cells: list[tuple[int, int, TeamName]] = field(default_factory=list)


def _stripped(pattern: re.Pattern[str], text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Each non-blank match of `pattern` in `text`, stripped, with its span (shifted by `offset`)."""
    out = []
    for m in pattern.finditer(text):
        value = m[0].strip()
        if value:
            start = offset + m.start() + len(m[0]) - len(m[0].lstrip())
            out.append((value, start, start + len(value)))
    return out


def _column_team(label: str, kind: str) -> TeamName | None:
    """The team a whole cell names ("市委第一巡察组", "一组"), else None."""
    found = find_teams(label)
    if found and found[0].start == 0 and found[0].end == len(label):
        return found[0].value
    m = _ORDINAL.match(label)
    if m:
        return TeamName(f"{kind}{m['n']}组", kind, to_int(m["n"]))
    return None


def find_tables(text: str, kind: str) -> TableFindings:
    """Every table of teams in `text`, pipe or flattened; `kind` (巡视/巡察) names bare "一组" teams."""
    pipe, flat = _pipe_tables(text, kind), _flat_tables(text, kind)
    return TableFindings(*(getattr(pipe, f.name) + getattr(flat, f.name) for f in fields(TableFindings)))


def _pipe_tables(text: str, kind: str) -> TableFindings:
    """Pipe tables whose header row names teams, one column per team; or whose header row names the columns, then
    one row per team, its first cell naming the team."""
    out = TableFindings()
    columns: list[TeamName] = []
    labels: list[str] = []  # the header's column labels, when the rows are the teams
    pos = 0
    roles = _roles()
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.count("|") < 2:
            columns, labels = [], []
            continue
        cells = _stripped(_CELL, line, start)
        if not cells:
            continue
        label = re.sub(r"\s+", "", cells[0][0])
        body = cells[1:]
        if label in roles["header"]:
            columns = [t for t in (_column_team(c[0], kind) for c in body) if t]
            if len(columns) != len(body):
                columns = []
            flat = [re.sub(r"\s+", "", c[0]) for c in body]
            labels = flat if not columns and flat and all(_is_label(c) for c in flat) else []
            for (_, s, e), team in zip(body, columns, strict=False):  # none when a cell names no team
                out.teams.append(Found(team, s, e))
            continue
        if labels and (row_team := _column_team(label, kind)):
            out.teams.append(Found(row_team, cells[0][1], cells[0][2]))
            out.cells.append((cells[0][1], cells[0][2], row_team))
            for column, cell in zip(labels, body, strict=False):  # a short row lacks its last cells
                _read_cell(out, text, column, cell, row_team)
            continue
        for (value, s, e), team in zip(body, columns, strict=False):  # cells past the last team are not read
            _read_cell(out, text, label, (value, s, e), team)
    return out


@cache
def _roles() -> dict[str, frozenset[str]]:
    """Column labels by the role of the cells below (or beside) them, from the lexicon."""
    return {key: frozenset(words("tables", key)) for key in ("header", "leader", "deputies", "targets")}


def _read_cell(out: TableFindings, text: str, label: str, cell: tuple[str, int, int], team: TeamName) -> None:
    """Give the cell to its team, and read the people or targets its column label says it holds."""
    value, s, e = cell
    roles = _roles()
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


@cache
def _label_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every known column label, and the endings other labels have."""
    return frozenset().union(*_roles().values()), tuple(words("tables", "label_endings"))


def _is_label(cell: str) -> bool:
    """A column label: short, no digits, a known label or ending like one ("值班电话", "邮政信箱")."""
    known, endings = _label_words()
    return 2 <= len(cell) <= 10 and not re.search(r"\d", cell) and (cell in known or cell.endswith(endings))


def _flat_tables(text: str, kind: str) -> TableFindings:
    """Tables flattened to one cell per line: a header label ("组别"), more labels, then per team
    as many lines as there are labels, the first naming the team. Blank lines between cells are skipped."""
    out = TableFindings()
    lines = [(re.sub(r"\s+", "", line), s, e) for line, s, e in _stripped(_LINE, text)]  # spaces out, spans kept
    i = 0
    while i < len(lines):
        if lines[i][0] not in _roles()["header"]:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and _is_label(lines[j][0]) and lines[j][0] not in _roles()["header"]:
            j += 1
        labels = [flat for flat, _, _ in lines[i:j]]
        k = j
        while len(labels) >= 2 and k + len(labels) <= len(lines) and (team := _column_team(lines[k][0], kind)):
            group = lines[k : k + len(labels)]
            out.teams.append(Found(team, group[0][1], group[0][2]))
            out.cells.append((group[0][1], group[0][2], team))  # the team's own cell: not a section heading
            for label, (_, s, e) in zip(labels[1:], group[1:], strict=False):  # a short group lacks its last cells
                _read_cell(out, text, label, (text[s:e], s, e), team)
            k += len(labels)
        i = max(k, i + 1)
    return out
