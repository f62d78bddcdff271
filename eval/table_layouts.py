"""The bench's table layouts: a round's teams as the rows (or the columns) of a table, in the forms a table reaches
plain text in: pipe, tab and space columns, cells apart by single spaces, one cell a line with or without a header,
a row's cells run together, an empty cell, a team's cell spanning its units' rows, a column of periods."""

from __future__ import annotations

from collections.abc import Callable

from invented_rounds import BASIC, NUMERALS, Round, intro, md, period, round_period, units_of


def _rows(r: Round, columns: list[str]) -> tuple[list[str], list[list[str]]]:
    cells = {"组别": lambda t: t.name, "组长": lambda t: t.leader, "副组长": lambda t: t.deputy,
             "巡察对象": units_of, "举报电话": lambda t: t.phone, "电子邮箱": lambda t: t.email,
             "邮政信箱": lambda t: t.box}
    return columns, [[cells[c](t) for c in columns] for t in r.teams]


TABLE = ["组别", "组长", "巡察对象", "举报电话", "邮政信箱"]
UNITS_FIRST = ["巡察对象", "组别", "组长", "举报电话", "邮政信箱"]
TABLE_FULL = ["组别", "组长", "副组长", "巡察对象", "举报电话", "电子邮箱", "邮政信箱"]


def _table(r: Round, columns: list[str], join: Callable[[list[str]], str], header: bool = True,
           given: tuple[str, ...] = BASIC) -> tuple[str, tuple[str, ...]]:
    head, rows = _rows(r, columns)
    lines = ([join(head)] if header else []) + [join(row) for row in rows]
    # With no header nothing says who is 组长: the contract gives no leader.
    return "\n".join([intro(r) + round_period(r), *lines]), given if header else tuple(g for g in given if g != "leader")


def pipe_table(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, lambda cells: "| " + " | ".join(cells) + " |")


def pipe_units_first(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, UNITS_FIRST, lambda cells: "| " + " | ".join(cells) + " |")


def pipe_full(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE_FULL, lambda cells: "| " + " | ".join(cells) + " |", given=(*BASIC, "deputy", "email"))


def tab_table(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, "\t".join)


def space_table(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, "    ".join)


def empty_cells(r: Round) -> tuple[str, tuple[str, ...]]:
    for i, t in enumerate(r.teams):  # a team without a deputy, another without an e-mail: their cells empty
        if i % 2:
            t.deputy = ""
        elif i:
            t.email = ""
    join = "\t".join if r.year % 2 else (lambda cells: "| " + " | ".join(cells) + " |")
    return _table(r, TABLE_FULL, join, given=(*BASIC, "deputy", "email"))


def spanned_rows(r: Round) -> tuple[str, tuple[str, ...]]:
    """A team's cell spanning the rows of its units: its first unit on its row, the others on rows of their own."""
    head, _ = _rows(r, TABLE)
    rows = [[t.name, t.leader, unit, t.phone, t.box] if k == 0 else ["", "", unit, "", ""]
            for t in r.teams for k, unit in enumerate(t.targets)]
    join = "\t".join if r.year % 2 else (lambda cells: "| " + " | ".join(cells) + " |")
    return "\n".join([intro(r) + round_period(r), *map(join, [head, *rows])]), BASIC


def period_column(r: Round) -> tuple[str, tuple[str, ...]]:
    """Each team's period in a column of its own (巡察时间), or its first day (进驻时间); no period above the table."""
    entry = r.year % 2 == 0
    label, when = ("进驻时间", f"{r.year}年{md(r.start)}") if entry else ("巡察时间", period(r))
    rows = [["组别", "组长", "巡察对象", label, "举报电话"], *([t.name, t.leader, units_of(t), when, t.phone] for t in r.teams)]
    join = "\t".join if r.year % 3 == 0 else (lambda cells: "| " + " | ".join(cells) + " |")
    given = ("leader", "targets", "phones", "start" if entry else "period")
    return "\n".join([intro(r), *map(join, rows)]), given


def transposed_table(r: Round) -> tuple[str, tuple[str, ...]]:
    """A team a column ("组别 | 一组 | 二组"): each row a field, its label first; in pipes or tabs."""
    names = [f"{NUMERALS[i]}组" for i in range(len(r.teams))] if r.year % 3 == 0 else [t.name for t in r.teams]
    rows = [["组别", *names], ["组长", *(t.leader for t in r.teams)], ["副组长", *(t.deputy for t in r.teams)],
            ["巡察对象", *map(units_of, r.teams)], ["举报电话", *(t.phone for t in r.teams)],
            ["邮政信箱", *(t.box for t in r.teams)]]
    join = "\t".join if r.year % 2 else (lambda cells: "| " + " | ".join(cells) + " |")
    return "\n".join([intro(r) + round_period(r), *map(join, rows)]), (*BASIC, "deputy")


def single_space_table(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, " ".join)  # a page's cells joined by one space each


def team_lines(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"{t.name}（组长：{t.leader}）{units_of(t)}" for t in r.teams]  # a team's line: its leader in brackets, its units
    contacts = "；".join(f"{t.name}举报电话：{t.phone}" for t in r.teams) + "。"
    return "\n".join([intro(r) + round_period(r), *lines, contacts]), ("leader", "targets", "phones", "period")


def cells_per_line(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, "\n".join)


def cells_per_line_units_first(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, UNITS_FIRST, "\n".join)


def cells_per_line_no_header(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, "\n".join, header=False)


def run_together(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, "".join)


def run_together_no_header(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, "".join, header=False)
