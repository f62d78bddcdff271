"""A layout bench: invented inspection rounds written in the layouts real notices use, each with its gold, read
by the package and scored per layout (core micro-F1, precision, recall).

    python eval/layouts.py [--rounds 6] [--backend rules] [--html] [--show LAYOUT]

Every name, unit, number and address is made up (`invented_rounds.py`: no dev or validation string); each
round is drawn from its own seed, so a run is repeatable. The table layouts are in `table_layouts.py`, the one-team
ones in `one_team_layouts.py`. The layouts are those of `../shared/formats.md`
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
    Round,
    deadline_sentence,
    gold_of,
    intro,
    invent,
    period,
    round_period,
    units_of,
)
from one_team_layouts import (
    announcement,
    dated_units,
    feedback_meeting,
    grouped_units,
    one_team_labelled,
    one_team_meeting,
    one_team_prose,
    referred_prose,
    unnumbered_team,
)
from table_layouts import (
    cells_per_line,
    cells_per_line_no_header,
    cells_per_line_units_first,
    empty_cells,
    period_column,
    pipe_full,
    pipe_table,
    pipe_units_first,
    run_together,
    run_together_no_header,
    single_space_table,
    space_table,
    spanned_rows,
    tab_table,
    team_lines,
    transposed_table,
)

from llm_extract import extract
from llm_extract.evaluation.scoring import Summary, score_notice
from llm_extract.runs.inputs import Document, read_inputs

# --- the layouts: each writes a round as text and says which fields it gives ---------------------------------

def labelled_blocks(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"{t.name}\n组长：{t.leader}\n巡察对象：{units_of(t)}\n举报电话：{t.phone}\n邮政信箱：{t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def labelled_blocks_full(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"{t.name}\n组长：{t.leader}\n副组长：{t.deputy}\n巡察对象：{units_of(t)}\n举报电话：{t.phone}\n"
              f"电子邮箱：{t.email}\n邮政信箱：{t.box}（邮编：{t.postcode}）" for t in r.teams]
    tail = "值班电话接听时间为每天8:30-17:30。" + deadline_sentence(r)
    return "\n".join([intro(r) + round_period(r), *blocks, tail]), (
        *BASIC, "deputy", "email", "postcode", "hours", "deadline")


def bracketed_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"【巡察组】{t.name}\n【组长】{t.leader}\n【被巡察单位】{units_of(t)}\n【举报电话】{t.phone}\n【邮政信箱】{t.box}"
              for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def labelled_rows(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"组别：{t.name}  组长：{t.leader}  巡察对象：{units_of(t)}  举报电话：{t.phone}  邮政信箱：{t.box}"
             for t in r.teams]  # a team a line, its labelled cells apart by spaces
    return "\n".join([intro(r) + round_period(r), *lines]), BASIC


def spaced_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    blocks = [f"{t.name}\n组长  {t.leader}\n巡察对象名称  {units_of(t)}\n举报电话  {t.phone}\n邮政信箱  {t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def bulleted_blocks(r: Round) -> tuple[str, tuple[str, ...]]:
    """Labelled blocks whose team lines start with a bullet (◆, ●, a markdown "- ")."""
    bullet = ("◆", "● ", "- ")[r.year % 3]
    blocks = [f"{bullet}{t.name}\n组长：{t.leader}\n巡察单位：{units_of(t)}\n联系电话：{t.phone}\n邮政信箱：{t.box}"
              for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def padded_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    """Labelled blocks whose two-character labels are padded with spaces to the longer ones' width (组  长：)."""
    pad = " " * (1 + r.year % 3)
    blocks = [f"{t.name}\n组{pad}长：{t.leader}\n副组长：{t.deputy}\n巡察对象：{units_of(t)}\n电{pad}话：{t.phone}\n"
              f"信{pad}箱：{t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *blocks]), (*BASIC, "deputy")


def inline_labels(r: Round) -> tuple[str, tuple[str, ...]]:
    """A team a line, its name in 【】, then its labelled values apart by single spaces."""
    lines = [f"【{t.name}】组长：{t.leader} 巡察对象：{units_of(t)} 举报电话：{t.phone} 邮政信箱：{t.box}" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *lines]), BASIC


def ordinal_heads(r: Round) -> tuple[str, tuple[str, ...]]:
    """The teams called by their number alone at their lines' starts ("第一组：组长…，巡察…，电话…")."""
    lines = [f"第{NUMERALS[i]}组：组长{t.leader}，巡察{units_of(t)}，电话{t.phone}。" for i, t in enumerate(r.teams)]
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


def grouped_respectively(r: Round) -> tuple[str, tuple[str, ...]]:
    """Every team's units in one list given 分别, the teams' groups apart by ；(by 和 for two teams), each team's
    work after in a sentence of its own (负责…的巡察工作, 巡察对象为…)."""
    numbers = "、".join(NUMERALS[i] for i in range(len(r.teams)))
    join = "和" if len(r.teams) == 2 else "；"
    groups = join.join(units_of(t) for t in r.teams)
    leads = "，".join(f"{t.name}组长{t.leader}" for t in r.teams)
    return (f"根据{r.body}统一部署，{r.body}第{numbers}巡察组分别对{groups}开展巡察。{round_period(r)}{leads}。",
            ("leader", "targets", "period"))


def contact_refs(r: Round) -> tuple[str, tuple[str, ...]]:
    """The teams' units in prose, their channels after, each team called by its number alone and a label."""
    jobs = "，".join(f"{t.name}进驻{units_of(t)}" for t in r.teams)
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
    blocks = [f"（{NUMERALS[i]}）{t.name}\n1.组长：{t.leader}\n2.巡察对象：{units_of(t)}\n3.举报电话：{t.phone}\n"
              f"4.邮政信箱：{t.box}" for i, t in enumerate(r.teams)]
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def place_headings(r: Round) -> tuple[str, tuple[str, ...]]:
    place = r.teams[0].box[:2]  # the body's place before each team's name ("一、青禾县委第一巡察组"), its units on lines
    blocks = [f"{NUMERALS[i]}、{place}{t.name}\n巡察{units_of(t)}。\n组长：{t.leader}；举报电话：{t.phone}。"
              for i, t in enumerate(r.teams)]
    return "\n".join([intro(r) + round_period(r), *blocks]), ("leader", "targets", "phones", "period")


def prose(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"{t.name}由{t.leader}任组长，对{units_of(t)}开展巡察，举报电话{t.phone}，来信请寄{t.box}。" for t in r.teams]
    return "\n".join([intro(r) + round_period(r), *lines]), BASIC


def hard_wrapped(r: Round) -> tuple[str, tuple[str, ...]]:
    text, given = prose(r)  # the prose copied from a page or a PDF that broke its lines at a fixed width
    head, *paragraphs = text.split("\n")
    wrapped = [p[i:i + 26] for p in paragraphs for i in range(0, len(p), 26)]
    return "\n".join([head, *wrapped]), given


def assignments(r: Round) -> tuple[str, tuple[str, ...]]:
    jobs = "；".join(f"{t.name}巡察{units_of(t)}" for t in r.teams) + "。"
    leads = "，".join(f"{t.name}组长为{t.leader}" for t in r.teams) + "。"
    contacts = "\n".join(f"{t.name}：举报电话{t.phone}，邮政信箱{t.box}；" for t in r.teams)
    return "\n".join([intro(r) + round_period(r), jobs, leads, "各巡察组联系方式如下：", contacts]), BASIC


def passive_assignments(r: Round) -> tuple[str, tuple[str, ...]]:
    jobs = "；".join(f"{units_of(t)}由{t.name}负责巡察" for t in r.teams) + "。"  # the units first, then their team
    leads = "\n".join(f"{t.name}（组长：{t.leader}）→举报电话{t.phone}" for t in r.teams)
    return "\n".join([intro(r) + round_period(r), jobs, leads]), ("leader", "targets", "phones", "period")


def one_sentence_teams(r: Round) -> tuple[str, tuple[str, ...]]:
    jobs = "、".join(f"{t.name}对{units_of(t)}" for t in r.teams) + "开展巡察。"  # every team's units in one list
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
    blocks = [f"巡察组别：{t.name}\n组长：{t.leader}\n被巡察党组织：{units_of(t)}\n举报电话：{t.phone}\n邮政信箱：{t.box}"
              for t in r.teams]  # the team's name after a label of its own
    return "\n".join([intro(r) + round_period(r), *blocks]), BASIC


def channels_only(r: Round) -> tuple[str, tuple[str, ...]]:
    lines = [f"{t.name}：值班电话{t.phone}，邮政信箱{t.box}；" for t in r.teams]  # teams known by their channels alone
    return "\n".join([intro(r) + round_period(r) + "各巡察组受理信访的方式如下：", *lines, "责任编辑：某某"]), (
        "phones", "mailboxes", "period")


# The shapes a team's number takes after 巡察 (a list of them in one name: "巡察一、二组")
_NAME_FORMS = ("{body}巡察{n}组", "{body}巡察组（第{n}组）", "{body}巡察工作第{n}组", "{body}专项巡察组{n}组",
               "{body}巡察组第{n}组")


def team_name_forms(r: Round) -> tuple[str, tuple[str, ...]]:
    for i, t in enumerate(r.teams):
        t.name = _NAME_FORMS[(i + r.year) % len(_NAME_FORMS)].format(body=r.body, n=NUMERALS[i])
    text = intro(r) + "".join(f"{t.name}进驻{units_of(t)}开展巡察，组长{t.leader}，举报电话：{t.phone}。" for t in r.teams)
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
        out.append(f"{t.name}进驻{units_of(t)}开展巡察，{people}。")
    return intro(r) + "".join(out), ("leader", "deputy", "targets")


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
    period_column, contact_refs, bracketed_teams,
    grouped_respectively, padded_labels)}
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
