"""Tables of teams: pipe tables with one column per team ("组别 | 一组 | 二组 |") or one row per team ("组别 | 组长
| 巡察对象 |", then a row for each team), and tables flattened to one cell per line with one row per team (a header
run of column labels, then each team's cells). Each cell belongs to its team."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cache

from ..lexicon import lexicon, words
from ..numerals import to_int
from . import Found
from .cells import cut_row, is_person, is_team, person_then_units, shape, whole_team
from .people import clip_name
from .targets import found_in, split_targets, unit_items
from .teams import TeamName, find_teams

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
    periods: list[tuple[int, int]] = field(default_factory=list)  # the cells of a column of working periods


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
    if team := whole_team(label):
        return team
    m = _ORDINAL.match(label)
    if m:
        return TeamName(f"{kind}{m['n']}组", kind, to_int(m["n"]))
    return None


def find_tables(text: str, kind: str) -> TableFindings:
    """Every table of teams in `text`: pipe, flattened under a header, flattened with none, or rows run together;
    `kind` (巡视/巡察) names bare "一组" teams."""
    lines = _stripped(_LINE, text)  # every non-blank line, stripped, with its span: the flat tables' cells
    pipe, flat = _pipe_tables(text, kind), _flat_tables(text, lines, kind)
    parts = [pipe, flat, _bare_flat_tables(text, lines, kind, pipe.cells + flat.cells), _run_together(text, lines)]
    return TableFindings(*(sum((getattr(p, f.name) for p in parts), []) for f in fields(TableFindings)))


def _pipe_tables(text: str, kind: str) -> TableFindings:
    """Pipe tables whose header row names teams, one column per team; or whose header row names the columns, then
    one row per team, its first cell naming the team."""
    out = TableFindings()
    columns: list[TeamName] = []
    labels: list[str] = []  # the header's column labels, when the rows are the teams
    team_at = 0  # then: the column that names each row's team
    pos = 0
    row_team: TeamName | None = None  # the team of the last row read, when the rows are the teams
    units_at: int | None = None  # the units column of a table of units with no team column
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        cells = _stripped(_CELL, line, start) if "|" in line else []
        if row_team and labels and _read_spanned(out, text, labels, team_at, line, start, cells, row_team):
            continue
        if len(cells) < 2:  # a table row has two cells at least ("甲 | 乙", "| 甲 | 乙 |")
            columns, labels, row_team, units_at = [], [], None, None
            continue
        flat = [re.sub(r"\s+", "", c[0]) for c in cells]
        label, body = flat[0], cells[1:]
        if _role(label) == "header" and not labels:
            columns = [t for t in (_column_team(c[0], kind) for c in body) if t]
            if len(columns) != len(body):
                columns = []
            for (_, s, e), team in zip(body, columns, strict=False):  # none when a cell names no team
                out.teams.append(Found(team, s, e))
            if columns:
                continue
        if not columns and (head := _team_column(flat)) is not None:
            labels, team_at = flat, head
            continue
        if not columns and not labels and (at := _units_column(flat)) is not None:
            units_at = at
            continue
        if units_at is not None and units_at < len(cells) and not labels:
            _read_units(out, text, cells[units_at])  # one team's units, a row each: placed as the text places them
            continue
        row = placed if labels and len(placed := _placed_cells(line, start)) == len(labels) else cells
        if labels and team_at < len(row) and (row_team := _column_team(re.sub(r"\s+", "", row[team_at][0]), kind)):
            _read_row(out, text, labels, row, team_at, row_team)
            continue
        row_team = None
        for (value, s, e), team in zip(body, columns, strict=False):  # cells past the last team are not read
            _read_cell(out, text, label, (value, s, e), team)
    return out


def _placed_cells(line: str, start: int) -> list[tuple[str, int, int]]:
    """A pipe row's cells in their places, the empty ones too ("| 甲 |  | 丙 |": three, the second ""), stripped,
    with their spans; the pipes at the row's ends are its border, not cells."""
    cells, at = [], start
    for part in line.split("|"):
        value = part.strip()
        s = at + len(part) - len(part.lstrip())
        cells.append((value, s, s + len(value)))
        at += len(part) + 1
    border = line.strip()
    return cells[border.startswith("|") : len(cells) - border.endswith("|")]


def _team_column(header: list[str]) -> int | None:
    """The column that names the teams, in a header row of column labels ("序号 | 组别 | 组长 | 巡察对象"), else None.
    The other labels need only look like labels (short, no digits, no team), since the pipes already say it is a
    table: "备注", "联系方式"."""
    at = next((k for k, c in enumerate(header) if _role(c) == "header"), None)
    others = [c for k, c in enumerate(header) if k != at]
    return at if at is not None and others and all(map(_label_like, others)) else None


def _label_like(cell: str) -> bool:
    """A pipe table's cell that may be a column label: short, no digits, no team."""
    return 0 < len(cell) <= 12 and not re.search(r"\d", cell) and not find_teams(cell)


def _units_column(header: list[str]) -> int | None:
    """The units column of a header row with no team column ("序号 | 被巡察单位 | 进驻时间"): a table of one
    team's units, or of a round's; else None. A label and a unit is no header ("巡察对象 | 甲局": a label and its
    value)."""
    at = [k for k, c in enumerate(header) if _role(c) == "targets"]
    pair = len(header) == 2 and any(shape(c) == "units" and not _is_label(c) for c in header)  # "巡察对象 | 甲局"
    labels = all(map(_label_like, header)) and not pair
    return at[0] if len(at) == 1 and labels and not any(_role(c) == "header" for c in header) else None


def _read_units(out: TableFindings, text: str, cell: tuple[str, int, int]) -> None:
    """The units in a cell of a units column."""
    value, at, _ = cell
    out.targets += found_in(text, split_targets(value), at)


def _read_row(out: TableFindings, text: str, labels: list[str], cells: list[tuple[str, int, int]], team_at: int,
              team: TeamName) -> None:
    """A team's row: its name cell, and every other cell read by its column's label (a short row lacks its last)."""
    _, s, e = cells[team_at]
    out.teams.append(Found(team, s, e))
    out.cells.append((s, e, team))  # the team's own cell: not a section heading
    for k, (label, cell) in enumerate(zip(labels, cells, strict=False)):
        if k != team_at and cell[0]:
            _read_cell(out, text, label, cell, team)


def _read_spanned(out: TableFindings, text: str, labels: list[str], team_at: int, line: str, start: int,
                  cells: list[tuple[str, int, int]], team: TeamName) -> bool:
    """A row under a team's row whose team cell (and maybe others) spans it too: every cell but the team's
    ("| 乙局 | 某某 |" under "| 一组 | 甲局 | 某某 |"), or one cell of units alone, bare or in pipes, read into
    the units column. True when the line was such a row."""
    if len(cells) == len(labels) - 1 and not any(_column_team(c[0], "") for c in cells):
        for cell, label in zip(cells, labels[:team_at] + labels[team_at + 1 :], strict=True):
            _read_cell(out, text, label, cell, team)
        return True
    units = [label for label in labels if _role(label) == "targets"]
    only = cells if "|" in line else _stripped(_LINE, line, start)
    if len(units) != 1 or len(only) != 1 or unit_items(only[0][0]) is None:
        return False
    _read_cell(out, text, units[0], only[0], team)
    return True


_ROLES = ("header", "leader", "deputies", "targets", "period")


@cache
def _roles() -> dict[str, frozenset[str]]:
    """Column labels by the role of the cells below (or beside) them, from the lexicon."""
    return {key: frozenset(words("tables", key)) for key in _ROLES}


@cache
def _role(label: str) -> str | None:
    """The role of the cells below (or beside) a column label: one of `_ROLES`, by the lexicon's words, else by
    the shapes of their other wordings; None for any other label."""
    exact = next((r for r in _ROLES if label in _roles()[r]), None)
    return exact or next((r for r in _ROLES if re.search(lexicon()["tables"][f"{r}_shape"], label)), None)


@cache
def _row_numbers() -> frozenset[str]:
    """Labels of a column that only numbers the rows ("序号")."""
    return frozenset(words("tables", "row_numbers"))


def _read_cell(out: TableFindings, text: str, label: str, cell: tuple[str, int, int], team: TeamName) -> None:
    """Give the cell to its team, and read the people or targets its column label says it holds."""
    value, s, e = cell
    role = _role(label)
    out.cells.append((s, e, team))
    if role == "leader" and (name := clip_name(text, s)):
        out.leaders.append(Found(name, s, s + len(name)))
    elif role == "deputies":
        at = s
        for part in re.split(r"[、,]", value):
            name = clip_name(part.strip(), 0)
            if name:
                at = text.index(name, at)
                out.deputies.append(Found(name, at, at + len(name)))
    elif role == "targets":
        _read_units(out, text, cell)
    elif role == "period":
        out.periods.append((s, e))


@cache
def _label_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every known column label, and the endings other labels have."""
    return frozenset().union(*_roles().values()), tuple(words("tables", "label_endings"))


def _is_label(cell: str) -> bool:
    """A column label: short, no digits, a known label or ending like one ("值班电话", "邮政信箱")."""
    known, endings = _label_words()
    return 2 <= len(cell) <= 10 and not re.search(r"\d", cell) and (cell in known or cell.endswith(endings)
                                                                     or _role(cell) is not None)


def _flat_tables(text: str, stripped: list[tuple[str, int, int]], kind: str) -> TableFindings:
    """Tables flattened to one cell per line: a header label ("组别", after a "序号" label when the rows are
    numbered), more labels, then per team as many lines as there are labels, one naming the team. Blank lines
    between cells are skipped."""
    out = TableFindings()
    lines = [(re.sub(r"\s+", "", line), s, e) for line, s, e in stripped]  # spaces out, spans kept
    i = 0
    while i < len(lines):
        if _role(lines[i][0]) != "header":
            i += 1
            continue
        first = _header_start(lines, i)
        j = i + 1
        while j < len(lines) and _is_label(lines[j][0]) and _role(lines[j][0]) != "header":
            j += 1
        labels, team_at = [flat for flat, _, _ in lines[first:j]], i - first
        k = j
        while len(labels) >= 2 and k + len(labels) <= len(lines) and (team := _column_team(lines[k + team_at][0], kind)):
            group = lines[k : k + len(labels)]
            _read_row(out, text, labels, [(text[s:e], s, e) for _, s, e in group], team_at, team)
            k += len(labels)
            while _role(labels[-1]) == "targets" and k < len(lines) and unit_items(lines[k][0]) is not None:
                _read_cell(out, text, labels[-1], (text[lines[k][1] : lines[k][2]], lines[k][1], lines[k][2]), team)
                k += 1  # the units cell spans more lines than the others: the rest of its units, one a line
        i = max(k, i + 1)
    return out


def _header_start(lines: list[tuple[str, int, int]], i: int) -> int:
    """Where a flattened table's header run begins, the team's label at `i`: the labels before it ("巡察对象",
    "序号") belong to the header too, so the units column may come before the team's."""
    first = i
    while first and (lines[first - 1][0] in _row_numbers() or (_is_label(lines[first - 1][0])
                                                                 and _role(lines[first - 1][0]) != "header")):
        first -= 1
    return first


_ROW_LINE = re.compile(r"[^:。;!?]{1,60}")  # a cell of a flattened table: short, no label, no sentence


def _bare_flat_tables(text: str, lines: list[tuple[str, int, int]], kind: str,
                      taken: list[tuple[int, int, TeamName]]) -> TableFindings:
    """Tables flattened to one cell per line with no header: team names a line each at an even step, the lines
    between them cells. Each row is a team's name and the cells about it (those before it too, where the first
    row begins before its team: the units column first); a cell is read by its shape (units are units; a person
    whom no header calls 组长 is no leader)."""
    out = TableFindings()
    at_team = [k for k, (line, _, _) in enumerate(lines) if is_team(line)]
    k = 0
    while k + 1 < len(at_team):
        step = at_team[k + 1] - at_team[k]
        run = [at_team[k]]
        while k + 1 < len(at_team) and at_team[k + 1] - run[-1] == step:
            run.append(at_team[k + 1])
            k += 1
        k += 1
        if step < 3 or len(run) < 2:  # a team and one line under it is a heading and its units, read as such
            continue
        lead = 0  # cells of the first row before its team's name
        while lead < step - 1 and run[0] - lead - 1 >= 0 and _cell_like(lines[run[0] - lead - 1][0]):
            lead += 1
        before, after = run[0] - lead - 1, run[-1] - lead + step
        if (before >= 0 and _cell_like(lines[before][0])) or (after < len(lines) and _cell_like(lines[after][0])):
            continue  # cells on before the first row or after the last: no table whose rows these are
        rows = [lines[t - lead : t - lead + step] for t in run]
        if any(len(row) < step or not all(_cell_like(c[0]) or is_team(c[0]) for c in row) for row in rows):
            continue
        if any(s < e2 and s2 < e for row in rows for _, s, e in row for s2, e2, _ in taken):
            continue  # read already, under a header
        for row, t in zip(rows, run, strict=True):
            team = _column_team(lines[t][0], kind)
            if team is None:
                continue
            _, s, e = lines[t]
            out.teams.append(Found(team, s, e))
            for value, cs, ce in row:
                out.cells.append((cs, ce, team))
                if (cs, ce) != (s, e) and shape(value) == "units":
                    _read_units(out, text, (value, cs, ce))
    return out


def _cell_like(line: str) -> bool:
    """A line that may be a cell of a flattened table: short, no label or sentence, not a column label."""
    return bool(_ROW_LINE.fullmatch(line)) and not _is_label(re.sub(r"\s+", "", line))


_SEPARATED = re.compile(r"[\s|:,。;]")
_LEADER_HEADER = re.compile(r"^[^\d:|。]{0,20}(?<!副)组长[^\d:|。]{0,30}$")  # "组别组长巡察对象举报电话": a header run together


def _spaced_person(cells: str) -> tuple[str, str] | None:
    """A person's name and units in cells apart by a space ("王明 县财政局、县税务局"): the space says where the name
    ends; None where there is none, or the cells are no name and units."""
    first, *rest = cells.split() or [""]
    return (first, "".join(rest)) if rest and is_person(first) and unit_items("".join(rest)) is not None else None


def _run_together(text: str, lines: list[tuple[str, int, int]]) -> TableFindings:
    """Rows whose cells run together ("县委第一巡察组王明县财政局0999-5551234某市1号邮政信箱", a page's table copied
    as text) or stand apart by single spaces: each cut by its cells' shapes; the whole row is its team's, and the
    units after a person's name (read as the leader only where a header line run together above says 组长) or right
    after the team."""
    out = TableFindings()
    leader = False
    for line, start, end in lines:
        spaced = " " in line  # cells apart by single spaces ("县委第一巡察组 王明 县财政局 0999-…") are read as run together
        value = line.replace(" ", "")
        at = [i for i, c in enumerate(line) if c != " "]  # where each character of `value` stands in the line
        if _SEPARATED.search(value):
            continue  # cells with another separator between them are no row run together
        if _LEADER_HEADER.match(value):
            leader = True
            continue
        cells = cut_row(value)
        rest = [c for c in cells[1:] if c[0] == "text"]
        if len(cells) < (2 if spaced else 3) or not rest:
            continue  # a team and one more cell run together may be a sentence; a space says they are cells
        team = find_teams(value)[0].value
        out.teams.append(Found(team, start, start + at[cells[0][2] - 1] + 1))
        out.cells.append((start, end, team))
        _, s, e = rest[0]
        segment = value[s:e]
        if split := _spaced_person(line[at[s] : at[e - 1] + 1]) or person_then_units(segment, text):
            # a person whom no header calls 组长 is no leader
            name, units = split
            if leader:
                out.leaders.append(Found(name, start + at[s], start + at[s + len(name) - 1] + 1))
            out.targets += found_in(text, split_targets(units), start + at[s + len(name)])
        elif unit_items(segment) is not None:
            out.targets += found_in(text, split_targets(segment), start + at[s])
    return out
