"""A layout bench: invented inspection rounds written in the layouts real notices use, each with its gold, read
by the package and scored per layout (core micro-F1, precision, recall).

    python eval/layouts.py [--rounds 6] [--backend rules] [--html] [--show LAYOUT]

Every name, unit, number and address is made up (`invented_rounds.py`: no dev or validation string); each
round is drawn from its own seed, so a run is repeatable. The layouts are those of `../shared/formats.md`
and the ones a table reaches plain text in: pipe, tab and space columns, one cell per line with or without a
header row and with the units column first, a row's cells run together, labelled blocks, numbered items,
prose, a team's line with its leader in brackets and its units, cells apart by single spaces, assignments in one
sentence with leaders in another (or the units before their team, or every team's units in one list, or the
units first and their teams after 分别), labels in 【】 or apart from their values by spaces, a team's name after
a label of its own, headings that name their body's place, teams known by their channels alone, a single team's
announcement, meeting, feedback meeting, a team called 巡察组 in prose, a team without a number called by a
longer and a shorter name, one team's villages grouped by town or each with its days, or prose broken into lines
at a fixed width. `--html` also reads
each table layout written as an HTML `<table>` page through the page input.
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from invented_rounds import (
    BASIC,
    NUMERALS,
    PLACES,
    Round,
    Team,
    deadline_sentence,
    gold_of,
    intro,
    invent,
    md,
    period,
    round_period,
)

from llm_extract import extract
from llm_extract.evaluation.scoring import Summary, score_notice
from llm_extract.runs.inputs import Document, read_inputs


def _units(t: Team) -> str:
    return "、".join(t.targets)


# --- the layouts: each writes a round as text and says which fields it gives ---------------------------------

def labelled_blocks(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"{t.name}\n组长：{t.leader}\n巡察对象：{_units(t)}\n举报电话：{t.phone}\n邮政信箱：{t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def labelled_blocks_full(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"{t.name}\n组长：{t.leader}\n副组长：{t.deputy}\n巡察对象：{_units(t)}\n举报电话：{t.phone}\n"
              f"电子邮箱：{t.email}\n邮政信箱：{t.box}（邮编：{t.postcode}）" for t in r.teams]
    tail = "值班电话接听时间为每天8:30-17:30。" + deadline_sentence(r)
    return "\n".join([intro(r) + round_period(r), *blocks, tail]), (
        *BASIC, "deputy", "email", "postcode", "hours", "deadline")


def bracketed_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"【巡察组】{t.name}\n【组长】{t.leader}\n【被巡察单位】{_units(t)}\n【举报电话】{t.phone}\n【邮政信箱】{t.box}"
              for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def labelled_rows(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"组别：{t.name}  组长：{t.leader}  巡察对象：{_units(t)}  举报电话：{t.phone}  邮政信箱：{t.box}"
             for t in r.teams]  # a team a line, its labelled cells apart by spaces
    return "\n".join([intro(r) + round_period(r), *lines]), BASIC


def spaced_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"{t.name}\n组长  {t.leader}\n巡察对象名称  {_units(t)}\n举报电话  {t.phone}\n邮政信箱  {t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def bulleted_blocks(r: Round) -> tuple[str, tuple[str, ...]]:
    """Labelled blocks whose team lines start with a bullet (◆, ●, a markdown "- ")."""
    bullet = ("◆", "● ", "- ")[r.year % 3]
    blocks = [f"{bullet}{t.name}\n组长：{t.leader}\n巡察单位：{_units(t)}\n联系电话：{t.phone}\n邮政信箱：{t.box}"
              for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def inline_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    """A team a line, its name in 【】, then its labelled values apart by single spaces."""
    lines = [f"【{t.name}】组长：{t.leader} 巡察对象：{_units(t)} 举报电话：{t.phone} 邮政信箱：{t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *lines]), BASIC


def ordinal_heads(r: Round) -> tuple[str, tuple[str, ...]]:
    """The teams called by their number alone at their lines' starts ("第一组：组长…，巡察…，电话…")."""
    lines = [f"第{NUMERALS[i]}组：组长{t.leader}，巡察{_units(t)}，电话{t.phone}。" for i, t in enumerate(r.teams)]
    return "\n".join([intro(r) + round_period(r), *lines]), ("leader", "targets", "phones", "period")


def respective_people(r: Round) -> tuple[str, tuple[str, ...]]:
    """Every team, its one unit, its leader and its phone each in a list given 分别, in the teams' order."""
    for t in r.teams:
        del t.targets[1:]
    numbers = "、".join(NUMERALS[i] for i in range(len(r.teams)))
    text = (f"根据{r.body}巡察工作统一部署，{r.body}第{numbers}巡察组分别进驻{'、'.join(t.targets[0] for t in r.teams)}"
            f"开展巡察，{period(r)}。组长分别为{'、'.join(t.leader for t in r.teams)}；举报电话分别为"
            f"{'、'.join(t.phone for t in r.teams)}。")
    return text, ("leader", "targets", "phones", "period")


def contact_refs(r: Round) -> tuple[str, tuple[str, ...]]:
    """The teams' units in prose, their channels after, each team called by its number alone and a label."""
    jobs = "，".join(f"{t.name}进驻{_units(t)}" for t in r.teams)
    refs = "；".join(f"第{NUMERALS[i]}组举报电话{t.phone}，邮政信箱{t.box}" for i, t in enumerate(r.teams))
    return f"根据{r.body}统一部署，{jobs}。{round_period(r)}\n联系方式：{refs}。", ("targets", "phones", "mailboxes", "period")


def bracketed_teams(r: Round) -> tuple[str, tuple[str, ...]]:
    """Teams listed each with its leader in brackets, then their units and phones given 分别."""
    for t in r.teams:
        del t.targets[1:]
    listed = "、".join(f"{t.name}（组长{t.leader}）" for t in r.teams)
    text = (f"根据{r.body}统一部署，{listed}分别进驻{'、'.join(t.targets[0] for t in r.teams)}开展巡察，{period(r)}。"
            f"举报电话分别为{'、'.join(t.phone for t in r.teams)}。")
    return text, ("leader", "targets", "phones", "period")


def numbered_items(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"（{NUMERALS[i]}）{t.name}\n1.组长：{t.leader}\n2.巡察对象：{_units(t)}\n3.举报电话：{t.phone}\n"
              f"4.邮政信箱：{t.box}" for i, t in enumerate(r.teams)]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def place_headings(r: Round) -> tuple[str, tuple[str, ...]]:
    place = r.teams[0].box[:2]  # the body's place before each team's name ("一、青禾县委第一巡察组"), its units on lines
    blocks = [f"{NUMERALS[i]}、{place}{t.name}\n巡察{_units(t)}。\n组长：{t.leader}；举报电话：{t.phone}。"
              for i, t in enumerate(r.teams)]
    return "\n".join([intro(r) + round_period(r), *blocks]), ("leader", "targets", "phones", "period")


def prose(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"{t.name}由{t.leader}任组长，对{_units(t)}开展巡察，举报电话{t.phone}，来信请寄{t.box}。" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *lines]), BASIC


def hard_wrapped(r: Round) -> tuple[str, tuple[str, ...]]:
    text, given = prose(r)  # the prose copied from a page or a PDF that broke its lines at a fixed width
    head, *paragraphs = text.split("\n")
    wrapped = [p[i:i + 26] for p in paragraphs for i in range(0, len(p), 26)]
    return "\n".join([head, *wrapped]), given


def assignments(r: Round) -> tuple[str, tuple[str, ...]]:
    jobs = "；".join(f"{t.name}巡察{_units(t)}" for t in r.teams) + "。"
    leads = "，".join(f"{t.name}组长为{t.leader}" for t in r.teams) + "。"
    contacts = "\n".join(f"{t.name}：举报电话{t.phone}，邮政信箱{t.box}；" for t in r.teams)
    return "\n".join([intro(r) + round_period(r), jobs, leads, "各巡察组联系方式如下：", contacts]), BASIC


def passive_assignments(r: Round) -> tuple[str, tuple[str, ...]]:
    jobs = "；".join(f"{_units(t)}由{t.name}负责巡察" for t in r.teams) + "。"  # the units first, then their team
    leads = "\n".join(f"{t.name}（组长：{t.leader}）→举报电话{t.phone}" for t in r.teams)
    return "\n".join([intro(r) + round_period(r), jobs, leads]), ("leader", "targets", "phones", "period")


def one_sentence_teams(r: Round) -> tuple[str, tuple[str, ...]]:
    jobs = "、".join(f"{t.name}对{_units(t)}" for t in r.teams) + "开展巡察。"  # every team's units in one list
    leads = "，".join(f"{t.name}组长为{t.leader}" for t in r.teams) + "。"
    contacts = "\n".join(f"{t.name}：举报电话{t.phone}；" for t in r.teams)
    return "\n".join([intro(r) + round_period(r), jobs, leads, contacts]), ("leader", "targets", "phones", "period")


def units_then_teams(r: Round) -> tuple[str, tuple[str, ...]]:
    for t in r.teams:  # one unit a team, the units listed first, then their teams 分别
        del t.targets[1:]
    jobs = (f"本轮巡察对象为{'、'.join(t.targets[0] for t in r.teams)}，分别由{'、'.join(t.name for t in r.teams)}承担。"
            + round_period(r))
    contacts = "\n".join(f"{t.name}组长：{t.leader}，举报电话：{t.phone}" for t in r.teams)
    return "\n".join([intro(r), jobs, contacts]), ("leader", "targets", "phones", "period")


def team_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"巡察组别：{t.name}\n组长：{t.leader}\n被巡察党组织：{_units(t)}\n举报电话：{t.phone}\n邮政信箱：{t.box}"
              for t in r.teams]  # the team's name after a label of its own
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def channels_only(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"{t.name}：值班电话{t.phone}，邮政信箱{t.box}；" for t in r.teams]  # teams known by their channels alone
    return "\n".join([intro(r) + round_period(r) + "各巡察组受理信访的方式如下：", *lines, "责任编辑：某某"]), (
        "phones", "mailboxes", "period")


def _rows(r: Round, columns: list[str]) -> tuple[list[str], list[list[str]]]:
    cells = {"组别": lambda t: t.name, "组长": lambda t: t.leader, "副组长": lambda t: t.deputy,
             "巡察对象": _units, "举报电话": lambda t: t.phone, "电子邮箱": lambda t: t.email,
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
    rows = [["组别", "组长", "巡察对象", label, "举报电话"], *([t.name, t.leader, _units(t), when, t.phone] for t in r.teams)]
    join = "\t".join if r.year % 3 == 0 else (lambda cells: "| " + " | ".join(cells) + " |")
    given = ("leader", "targets", "phones", "start" if entry else "period")
    return "\n".join([intro(r), *map(join, rows)]), given


def transposed_table(r: Round) -> tuple[str, tuple[str, ...]]:
    """A team a column ("组别 | 一组 | 二组"): each row a field, its label first; in pipes or tabs."""
    names = [f"{NUMERALS[i]}组" for i in range(len(r.teams))] if r.year % 3 == 0 else [t.name for t in r.teams]
    rows = [["组别", *names], ["组长", *(t.leader for t in r.teams)], ["副组长", *(t.deputy for t in r.teams)],
            ["巡察对象", *map(_units, r.teams)], ["举报电话", *(t.phone for t in r.teams)],
            ["邮政信箱", *(t.box for t in r.teams)]]
    join = "\t".join if r.year % 2 else (lambda cells: "| " + " | ".join(cells) + " |")
    return "\n".join([intro(r) + round_period(r), *map(join, rows)]), (*BASIC, "deputy")


def single_space_table(r: Round) -> tuple[str, tuple[str, ...]]:
    return _table(r, TABLE, " ".join)  # a page's cells joined by one space each


def team_lines(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"{t.name}（组长：{t.leader}）{_units(t)}" for t in r.teams]  # a team's line: its leader in brackets, its units
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


def one_team_labelled(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]
    text = (f"{r.body}巡察组进驻{t.targets[0]}开展巡察\n{intro(r)}\n巡察组：{t.name}\n组长：{t.leader}\n"
            f"巡察对象：{t.targets[0]}\n巡察时间：{period(r)}\n联系电话：{t.phone}\n邮政信箱：{t.box}（邮编{t.postcode}）")
    return text, (*BASIC, "postcode")


def one_team_prose(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]
    text = (f"{period(r)}，{t.name}进驻{t.targets[0]}开展巡察。组长{t.leader}主持召开动员会。巡察期间，"
            f"设专门值班电话：{t.phone}，仅接收短信手机号码：{t.mobile}；专门邮政信箱：{t.box}。")
    return text, (*BASIC, "sms")


def announcement(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]
    text = (f"{t.name}关于巡察{t.targets[0]}党组织的公告\n根据{r.body}统一部署，{t.name}于{period(r)}对{t.targets[0]}"
            f"党组织开展巡察。巡察期间，主要受理反映{t.targets[0]}领导班子及其成员问题的来信来电来访。"
            f"联系电话：{t.phone}（工作日8:30-17:30）；电子邮箱：{t.email}；邮政信箱：{t.box}，邮编：{t.postcode}。"
            f"{deadline_sentence(r)}\n{t.name}")
    return text, (*(g for g in BASIC if g != "leader"), "email", "postcode", "hours", "deadline")


def one_team_meeting(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]
    text = (f"{t.name}{t.targets[0]}进驻动员会召开\n{r.year}年{md(r.start)}，{t.targets[0]}召开{t.name}巡察工作动员会，"
            f"组长{t.leader}作动员讲话。巡察期间，设专门值班电话：{t.phone}；邮政信箱：{t.box}。")
    return text, tuple(g for g in BASIC if g != "period") + ("start",)


def feedback_meeting(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]  # the day of a feedback meeting is no working period's
    text = (f"{t.name}巡察{t.targets[0]}党组工作反馈会召开\n{r.year}年{md(r.deadline)}，{t.targets[0]}召开{t.name}巡察"
            f"反馈会，组长{t.leader}反馈了巡察发现的问题。")
    return text, ("leader", "targets")


def referred_prose(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]  # the team named once, then referred to as 巡察组 with all its units
    text = (f"根据{r.body}统一部署，{t.name}近日完成进驻。巡察组组长为{t.leader}。巡察组对{_units(t)}开展巡察，"
            f"巡察时间为{period(r)}。巡察期间，巡察组设立举报电话：{t.phone}，邮政信箱：{t.box}。")
    return text, BASIC


def unnumbered_team(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]  # a team without a number, called by its full name once and by a shorter one after
    t.name = f"{r.body}专项巡察组"
    text = (f"{r.body}专项巡察组进驻{t.targets[0]}开展专项巡察\n根据{r.body}统一部署，{period(r)}，{r.body}专项巡察组对"
            f"{t.targets[0]}开展专项巡察。{r.body}巡察组组长{t.leader}作动员讲话。巡察期间，{r.body}巡察组设立举报电话："
            f"{t.phone}，邮政信箱：{t.box}。")
    return text, BASIC


# The shapes a team's number takes after 巡察 (a list of them in one name: "巡察一、二组")
_NAME_FORMS = ("{body}巡察{n}组", "{body}巡察组（第{n}组）", "{body}巡察工作第{n}组", "{body}专项巡察组{n}组",
               "{body}巡察组第{n}组")


def team_name_forms(r: Round) -> tuple[str, tuple[str, ...]]:
    for i, t in enumerate(r.teams):
        t.name = _NAME_FORMS[(i + r.year) % len(_NAME_FORMS)].format(body=r.body, n=NUMERALS[i])
    text = intro(r) + "".join(f"{t.name}进驻{_units(t)}开展巡察，组长{t.leader}，举报电话：{t.phone}。" for t in r.teams)
    return text, ("leader", "targets", "phones")


_TITLES = ("{body}人大常委会副主任", "{body}政协原副主席、党组成员", "{body}纪委副书记", "{body}巡察办主任", "{body}组织部副部长")


def titled_leaders(r: Round) -> tuple[str, tuple[str, ...]]:
    """Each team's meeting, its leader and deputy named with their titles between the role and the name, or with
    the role in brackets after the name."""
    out = []
    for i, t in enumerate(r.teams):
        title, other = (_TITLES[(i + r.year + k) % len(_TITLES)].format(body=r.body[0]) for k in (0, 2))
        people = (f"{t.leader}（组长）、{t.deputy}（副组长）出席会议" if (i + r.year) % 3 == 0
                  else f"{t.name}组长、{title}{t.leader}作动员讲话，副组长、{other}{t.deputy}主持会议")
        out.append(f"{t.name}进驻{_units(t)}开展巡察，{people}。")
    return intro(r) + "".join(out), ("leader", "deputy", "targets")


def _villages(r: Round) -> list[tuple[str, list[str]]]:
    """The one team's units made villages of two towns ("青禾镇柏溪村", "枫岭村"): (town, villages) pairs."""
    t = r.teams[0]
    k = int(t.phone[-2:]) % len(PLACES)  # the round's own places, from a number it drew
    names = (PLACES[k:] + PLACES[:k])[:6]
    towns = names[4:]
    groups = [(f"{towns[0]}镇", [f"{names[0]}村", f"{names[1]}村"]), (f"{towns[1]}乡", [f"{names[2]}村", f"{names[3]}社区"])]
    t.targets = [f"{groups[0][0]}{groups[0][1][0]}", groups[0][1][1], f"{groups[1][0]}{groups[1][1][0]}", groups[1][1][1]]
    return groups


def grouped_units(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]  # villages grouped by town, the groups apart by a comma
    groups = _villages(r)
    listed = "，".join(town + "、".join(vs) for town, vs in groups)
    text = (f"{period(r)}，{t.name}对{listed}开展巡察。组长{t.leader}作动员讲话。巡察期间设值班电话：{t.phone}，"
            f"邮政信箱：{t.box}。")
    return text, BASIC


def dated_units(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]  # each unit with the days it is inspected in: in brackets, or on its own line under the team's
    _villages(r)
    month = r.start[0]
    r.start, r.end = (month, 1), (month, 20)  # the team's period: the first unit's first day to the last one's last
    days = [f"{r.year}年{month}月1日-{month}月5日"] + [f"{month}月{d}日-{month}月{d + 4}日" for d in (6, 11, 16)]
    inline = "、".join(f"{u}（{d}）" for u, d in zip(t.targets[:2], days, strict=False))
    lines = "\n".join(f"{u}  {d}" for u, d in zip(t.targets[2:], days[2:], strict=True))
    text = (f"{t.name}进驻安排\n根据{r.body}统一部署，{t.name}（组长：{t.leader}）依次进驻{inline}。\n{t.name}第二阶段：\n"
            f"{lines}\n举报电话：{t.phone}")
    return text, ("leader", "targets", "phones", "period")


ONE_TEAM = {"one_team_labelled", "one_team_prose", "announcement", "one_team_meeting", "feedback_meeting",
            "referred_prose", "unnumbered_team", "grouped_units", "dated_units"}
ONE_UNIT = ONE_TEAM - {"referred_prose", "grouped_units", "dated_units"}  # layouts that name one unit of the team's
LAYOUTS: dict[str, Callable[[Round], tuple[str, tuple[str, ...]]]] = {f.__name__: f for f in (
    labelled_blocks, labelled_blocks_full, bracketed_labels, spaced_labels, labelled_rows, numbered_items,
    place_headings, team_labels, prose, hard_wrapped, assignments, passive_assignments, one_sentence_teams, units_then_teams,
    channels_only, pipe_table, pipe_units_first,
    pipe_full, tab_table, space_table, single_space_table, team_lines, cells_per_line, cells_per_line_units_first,
    cells_per_line_no_header,
    run_together, run_together_no_header, one_team_labelled, one_team_prose, announcement, one_team_meeting,
    feedback_meeting, referred_prose, unnumbered_team, grouped_units, dated_units, team_name_forms, empty_cells,
    spanned_rows, transposed_table, titled_leaders,
    bulleted_blocks, inline_labels, ordinal_heads, respective_people,
    period_column, contact_refs, bracketed_teams)}
# also written as HTML tables with --html
TABLES = {"pipe_table", "pipe_units_first", "pipe_full", "tab_table", "empty_cells", "spanned_rows", "transposed_table",
          "period_column"}


def written(layout: str, seed: int) -> tuple[str, dict]:
    """The text of round `seed` in `layout`, and its gold."""
    r = invent(seed, 1 if layout in ONE_TEAM else None)
    text, given = LAYOUTS[layout](r)
    gold = gold_of(r, given, f"{layout}-{seed}")
    if layout in ONE_UNIT:
        gold["teams"][0]["targets"] = gold["teams"][0]["targets"][:1] if "targets" in given else []
    return text, gold


def as_html(text: str) -> str:
    """A page holding the text's intro as a paragraph and its pipe or tab table as an HTML `<table>`."""
    body, rows = [], []
    for line in text.split("\n"):
        row = line.strip()
        row = row[row.startswith("|") : len(row) - row.endswith("|")]  # the border pipes, not the empty cells
        cells = [c.strip() for c in (row.split("|") if "|" in line else line.split("\t"))]
        if len(cells) > 1:
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    return (f"<html><head><meta charset='utf-8'><title>巡察</title></head><body><article>{''.join(body)}"
            f"<table>{''.join(rows)}</table></article></body></html>")


def read_layout(layout: str, seeds: range, backend: str = "rules", page: bool = False,
                table: str | None = None) -> Summary:
    """Every round of `seeds` in `layout` read by the package (rated by `table`, else the package's) and scored
    against its gold."""
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            text, gold = written(layout, seed)
            if page:
                path = Path(tmp) / f"{gold['doc_id']}.html"
                path.write_text(as_html(text), "utf-8")
                doc = next(iter(read_inputs([str(path)])))
                assert isinstance(doc, Document), doc
                text = doc.text
            pred = extract(text, doc_id=gold["doc_id"], backend=backend, confidence_table=table).contract()
            scores.append(score_notice(pred, gold, text))
    return Summary(scores)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=6, help="rounds per layout (default 6)")
    ap.add_argument("--backend", default="rules", help="rules (default), local, local:0.5b or an endpoint URL")
    ap.add_argument("--html", action="store_true", help="also read the table layouts as HTML pages")
    ap.add_argument("--confidence-table", metavar="PATH", help="a table `llm-extract calibrate` wrote (default: the package's)")
    ap.add_argument("--show", metavar="LAYOUT", help="print one round of LAYOUT and its gold, and stop")
    args = ap.parse_args(argv)
    if args.show:
        text, gold = written(args.show, 0)
        print(text, "\n", gold, sep="")
        return 0
    seeds = range(args.rounds)
    runs = [(name, False) for name in LAYOUTS] + ([(name, True) for name in sorted(TABLES)] if args.html else [])
    print(f"{'layout':34} {'F1':>6} {'P':>6} {'R':>6}")
    total = Summary([])
    for name, page in runs:
        s = read_layout(name, seeds, args.backend, page, args.confidence_table)
        total.notices += s.notices
        m = s.micro
        print(f"{name + (' (html)' if page else ''):34} {m.f1:6.3f} {m.precision:6.3f} {m.recall:6.3f}")
    m = total.micro
    print(f"{'all':34} {m.f1:6.3f} {m.precision:6.3f} {m.recall:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
