"""Tables and layouts a notice reaches plain text in, each family on invented strings; and every layout of the
bench (`eval/layouts.py`: invented rounds with their gold) held at the reading it has."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from llm_extract import extract

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "eval"))  # the bench's own modules, as `python eval/layouts.py` finds them
_spec = importlib.util.spec_from_file_location("layouts", ROOT / "eval" / "layouts.py")
assert _spec and _spec.loader
layouts = sys.modules["layouts"] = importlib.util.module_from_spec(_spec)  # dataclasses look their module up
_spec.loader.exec_module(layouts)
FLOORS = json.loads((ROOT / "eval" / "floor.json").read_text("utf-8"))["layouts"]


def teams(text: str, **kw) -> dict[str, dict]:
    return {t["name"]: t for t in extract(text, **kw).contract()["teams"]}


@pytest.mark.parametrize("join", [" | ", "\t", "    "])
def test_a_mailbox_in_a_table_cell_is_that_cell_not_the_row(join):
    rows = [["组别", "巡察对象", "举报电话", "邮政信箱"], ["县委第一巡察组", "甲县财政局", "0999-5551201", "某市101号邮政信箱"],
            ["县委第二巡察组", "乙镇", "0999-5551202", "某市102号邮政信箱"]]
    got = teams("\n".join(join.join(r) for r in rows))
    assert [m["address"] for m in got["县委第一巡察组"]["mailboxes"]] == ["某市101号邮政信箱"]
    assert [m["address"] for m in got["县委第二巡察组"]["mailboxes"]] == ["某市102号邮政信箱"]


_PIPE = lambda cells: "| " + " | ".join(cells) + " |"  # noqa: E731 - a join, beside "\t".join


@pytest.mark.parametrize("join", [_PIPE, "\t".join])
def test_an_empty_cell_keeps_its_place_in_the_row(join):
    # no leader written for the first team: its units stay its units, its phone no unit
    rows = [["组别", "组长", "巡察对象", "举报电话"], ["县委第一巡察组", "", "甲县财政局", "0999-5551201"],
            ["县委第二巡察组", "钱立", "乙镇", "0999-5551202"]]
    got = teams("\n".join(map(join, rows)))
    first = got["县委第一巡察组"]
    assert (first["leader"], first["targets"], [p["number"] for p in first["phones"]]) == (
        None, ["甲县财政局"], ["0999-5551201"])
    assert (got["县委第二巡察组"]["leader"], got["县委第二巡察组"]["targets"]) == ("钱立", ["乙镇"])


@pytest.mark.parametrize("join", [_PIPE, "\t".join])
def test_a_team_cell_spanning_rows_gives_the_rows_below_it_to_its_team(join):
    rows = [["组别", "组长", "巡察对象", "举报电话"], ["县委第一巡察组", "赵明", "甲县财政局", "0999-5551201"],
            ["", "", "甲县统计局", ""], ["县委第二巡察组", "钱立", "乙镇", "0999-5551202"], ["", "", "丙镇", ""]]
    got = teams("\n".join(map(join, rows)))
    assert [(t["leader"], t["targets"]) for t in got.values()] == [("赵明", ["甲县财政局", "甲县统计局"]),
                                                                   ("钱立", ["乙镇", "丙镇"])]


@pytest.mark.parametrize("join", [_PIPE, "\t".join, " | ".join])
def test_a_table_with_a_team_a_column_gives_each_leader_to_the_team_above_it(join):
    # the row of leaders under the row of teams: 组长 there follows the last team's name only across the line's end
    rows = [["组别", "县委第一巡察组", "县委第二巡察组"], ["组长", "赵明", "钱立新"], ["巡察对象", "甲局", "乙镇"]]
    got = teams("\n".join(map(join, rows)))
    assert [(t["leader"], t["targets"]) for t in got.values()] == [("赵明", ["甲局"]), ("钱立新", ["乙镇"])]


def test_tabs_that_indent_prose_are_no_columns():
    from llm_extract.reading.normalize import normalize
    assert "|" not in normalize("\t根据县委统一部署，县委第一巡察组进驻甲局。\n\t巡察期间设立举报电话。").text
    assert normalize("| 甲 |  | 丙 |\n| 丁 |  | 己 |").text.count("|") == 8  # an empty cell is not two


@pytest.mark.parametrize("layout", sorted(layouts.LAYOUTS))
def test_every_layout_of_the_bench_keeps_its_reading(layout):
    summary = layouts.read_layout(layout, range(4))
    assert summary.micro.f1 >= FLOORS[layout], (layout, summary.micro.f1)


def test_people_named_before_their_role_are_read():
    got = teams("市委第一巡察组由王明远任组长，李立新、赵文博任副组长，对甲县财政局开展巡察。\n"
                "市委第二巡察组由钱立华同志担任组长，对乙镇开展巡察。")
    assert got["市委第一巡察组"]["leader"] == "王明远"
    assert got["市委第一巡察组"]["deputy_leaders"] == ["李立新", "赵文博"]
    assert got["市委第二巡察组"]["leader"] == "钱立华"
    assert teams("县委书记任领导小组组长，市委第一巡察组对甲县开展巡察。")["市委第一巡察组"]["leader"] is None

ROWS = [["县委第一巡察组", "王明远", "甲县财政局", "0999-5551201", "某市101号邮政信箱"],
        ["县委第二巡察组", "李立新", "乙丁镇、丙戊镇", "0999-5551202", "某市102号邮政信箱"]]  # a town's name has two


def _expect(got: dict[str, dict], leaders: bool) -> None:
    one, two = got["县委第一巡察组"], got["县委第二巡察组"]
    assert one["targets"] == ["甲县财政局"] and two["targets"] == ["乙丁镇", "丙戊镇"]
    assert [p["number"] for p in one["phones"]] == ["0999-5551201"]
    assert [m["address"] for m in two["mailboxes"]] == ["某市102号邮政信箱"]
    assert (one["leader"], two["leader"]) == (("王明远", "李立新") if leaders else (None, None))


def test_a_table_one_cell_a_line_with_the_units_column_first():
    header = ["被巡察单位", "组别", "组长", "举报电话", "邮政信箱"]
    lines = header + [c for r in ROWS for c in [r[2], r[0], r[1], r[3], r[4]]]
    _expect(teams("\n".join(lines)), leaders=True)


def test_a_table_one_cell_a_line_with_no_header_reads_cells_by_shape_and_names_no_leader():
    _expect(teams("\n".join(c for r in ROWS for c in r)), leaders=False)


def test_rows_run_together_are_cut_by_their_cells_shapes():
    text = "组别组长巡察对象举报电话邮政信箱\n" + "\n".join("".join(r) for r in ROWS)
    _expect(teams(text), leaders=True)
    _expect(teams("\n".join("".join(r) for r in ROWS)), leaders=False)


@pytest.mark.parametrize("text", [
    "3月5日，甲县统计局召开县委第二巡察组巡察工作动员会。",
    "县委第二巡察组甲县统计局进驻动员会召开",
    "县委第二巡察组巡察甲县统计局进驻会召开",
])
def test_a_unit_written_before_its_verb_is_the_unit(text):
    assert teams(text, min_confidence=0)["县委第二巡察组"]["targets"] == ["甲县统计局"]


def test_a_body_that_sends_the_teams_is_no_unit_of_theirs():
    for text in ("县委召开巡察工作动员部署会，县委第二巡察组对甲镇开展巡察。",
                 "中共某县委员会召开巡察工作动员会，县委第二巡察组对甲镇开展巡察。",
                 "县委巡察工作领导小组召开巡察工作动员会，县委第二巡察组对甲镇开展巡察。"):
        assert teams(text, min_confidence=0)["县委第二巡察组"]["targets"] == ["甲镇"]


@pytest.mark.parametrize(("phrase", "units"), [
    ("甲县和乙县", ["甲县", "乙县"]),
    ("呼和浩特市安全生产工作", ["呼和浩特市"]),
    ("省卫生和计划生育委员会", ["省卫生和计划生育委员会"]),
    ("和县财政局、含山县", ["和县财政局", "含山县"]),
])
def test_and_splits_units_only_after_what_ends_like_a_unit(phrase, units):
    got = teams(f"省委第一巡视组对{phrase}开展巡视。", min_confidence=0)["省委第一巡视组"]
    assert got["targets"] == units


@pytest.mark.parametrize("bullet", ["◆", "● ", "- ", "★", "- ● "])  # "- ● ": a page's list item of a bullet line
def test_a_bullet_before_a_teams_line_is_no_part_of_it(bullet):
    text = "\n".join(f"{bullet}县委第{n}巡察组\n组长：{who}\n巡察单位：{unit}\n联系电话：{phone}" for n, who, unit, phone in
                     [("一", "赵明", "甲局", "0999-5551201"), ("二", "钱立新", "乙镇", "0999-5551202")])
    got = teams(text)
    assert [(t["leader"], t["targets"], [p["number"] for p in t["phones"]]) for t in got.values()] == [
        ("赵明", ["甲局"], ["0999-5551201"]), ("钱立新", ["乙镇"], ["0999-5551202"])]


def test_a_labelled_value_ends_where_the_next_label_starts_after_a_space():
    got = teams("【县委第一巡察组】组长：赵明 巡察对象：甲局、乙镇 举报电话：0999-5551201")
    assert got["县委第一巡察组"]["targets"] == ["甲局", "乙镇"]


def test_teams_called_by_their_number_alone_at_their_lines_starts():
    text = ("根据县委统一部署，县委巡察组近日进驻开展巡察。\n第一组：组长赵明，巡察甲局、乙局，电话0999-5551201。\n"
            "第二组：组长钱立新，巡察丙镇，电话0999-5551202。")
    assert [(n, t["leader"], t["targets"]) for n, t in teams(text).items()] == [
        ("巡察第一组", "赵明", ["甲局", "乙局"]), ("巡察第二组", "钱立新", ["丙镇"])]
    assert teams("第一组：甲局。")  == {}  # one number alone names no teams


def test_people_given_respectively_go_to_the_teams_in_order():
    got = teams("县委第一、二巡察组分别进驻甲局、乙镇开展巡察。组长分别为赵明、钱立新，副组长分别由孙华、李文担任。")
    assert [(t["leader"], t["deputy_leaders"]) for t in got.values()] == [("赵明", ["孙华"]), ("钱立新", ["李文"])]


@pytest.mark.parametrize("join", [_PIPE, "\t".join])
def test_a_column_of_periods_gives_each_team_its_own(join):
    rows = [["组别", "巡察对象", "巡察时间", "进驻时间"], ["县委第一巡察组", "甲局(举报电话0999-5551201)", "2031年3月5日至4月30日", ""],
            ["县委第二巡察组", "乙镇", "", "2031年3月10日"]]
    got = teams("\n".join(map(join, rows)))
    assert [(t["targets"], t["start_date"], t["end_date"]) for t in got.values()] == [
        (["甲局"], "2031-03-05", "2031-04-30"), (["乙镇"], "2031-03-10", None)]


def test_a_teams_channels_after_its_number_and_a_label_are_its_own():
    got = teams("县委第一巡察组进驻甲局，县委第二巡察组进驻乙镇。\n联系方式：第一组举报电话0999-5551201；第二组值班电话0999-5551202。")
    assert [[p["number"] for p in t["phones"]] for t in got.values()] == [["0999-5551201"], ["0999-5551202"]]


def test_teams_listed_with_notes_in_brackets_are_one_list():
    got = teams("县委第一巡察组（组长赵明）、县委第二巡察组（组长钱立新）分别进驻甲局、乙镇开展巡察。")
    assert [(t["leader"], t["targets"]) for t in got.values()] == [("赵明", ["甲局"]), ("钱立新", ["乙镇"])]


def test_a_pages_list_items_read_as_their_lines():
    # a page's <li> items, as its text extractor writes them: "- " before each line, a label in 【】 after it
    text = "县委第一巡察组进驻开展巡察。\n- 【巡察组】县委第一巡察组\n- 【组长】赵明\n- 【被巡察单位】甲局\n- 【举报电话】0999-5551201"
    team = teams(text)["县委第一巡察组"]
    assert (team["leader"], team["targets"], [p["number"] for p in team["phones"]]) == ("赵明", ["甲局"], ["0999-5551201"])


@pytest.mark.parametrize("pad", [" ", "  ", "\u3000\u3000"])
def test_a_two_character_label_padded_with_spaces_is_still_the_label(pad):
    text = "\n".join(f"县委第{n}巡察组\n组{pad}长：{who}\n副组长：孙华\n电{pad}话：{phone}" for n, who, phone in
                     [("一", "赵明", "0999-5551201"), ("二", "钱立新", "0999-5551202")])
    got = teams(text)
    assert [(t["leader"], [p["number"] for p in t["phones"]]) for t in got.values()] == [
        ("赵明", ["0999-5551201"]), ("钱立新", ["0999-5551202"])]
