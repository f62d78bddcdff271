"""Postal boxes in all their spellings, street addresses, postcodes, and e-mail addresses."""

import pytest

from llm_extract.reading.extractors.emails import find_emails
from llm_extract.reading.extractors.mailboxes import box_key, find_mailboxes

from .conftest import norm


def boxes(text: str) -> list[tuple[str, str | None, str]]:
    return [(f.value.address, f.value.postcode, f.value.box_key) for f in find_mailboxes(norm(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("专门邮政信箱：广东省清远市 A015 号邮政信箱。", [("广东省清远市A015号邮政信箱", None, "A015")]),
        ("邮政信箱：沧州市第300号信箱，征求意见箱放置在", [("沧州市第300号信箱", None, "300")]),
        ("(寄信地址:金华市A003号专用邮政信箱,邮编:321015)", [("金华市A003号专用邮政信箱", "321015", "A003")]),
        ("来信请寄：某市1234号信箱（邮编100000）", [("某市1234号信箱", "100000", "1234")]),
        ("邮政专用信箱：某市B12345信箱", [("某市B12345信箱", None, "B12345")]),
        ("专用邮政信箱：某市A00123号", [("某市A00123号", None, "A00123")]),
        ("邮箱：某市邮政信箱56号转市委第二巡察组收", [("某市邮政信箱56号", None, "56")]),
        ("信箱：B12345", [("B12345", None, "B12345")]),
        ("来信请寄：某省某市人民路100号市委巡察办收，邮政编码：100000", [("某省某市人民路100号", "100000", "某省某市人民路100号")]),
        ("通信地址：某县城关镇文化路8号县委巡察办，邮编 200000", [("某县城关镇文化路8号县委巡察办", "200000", "某县城关镇文化路8号县委巡察办")]),
        ("若来信，请寄：某市某区某路1号", [("某市某区某路1号", None, "某市某区某路1号")]),
        ("来信请寄：（邮编330000）某市某区某路88号市委巡察办。", [("某市某区某路88号市委巡察办", "330000", "某市某区某路88号市委巡察办")]),
        ("来信请寄：邮政编码330000，某市某路8号。", [("某市某路8号", "330000", "某市某路8号")]),
        # the 邮编 in the address's own clause, after a space or nothing: the address ends where it begins
        ("信箱：某市A015号信箱转县委第一巡察组收 邮编 999000", [("某市A015号信箱", "999000", "A015")]),
        ("邮政信箱：某县第300号信箱邮编999000", [("某县第300号信箱", "999000", "300")]),
        ("来信请寄：某县人民路1号县委巡察办 邮政编码：999000", [("某县人民路1号县委巡察办", "999000", "某县人民路1号县委巡察办")]),
        # or before it
        ("来信请寄：邮编330000 某市某路8号。", [("某市某路8号", "330000", "某市某路8号")]),
        ("通信地址：邮政编码330000某市A01号信箱", [("某市A01号信箱", "330000", "A01")]),
        # a box word as a label with no colon is no part of the address
        ("电话0999-1111111，信箱某市A01号信箱（邮编999001）", [("某市A01号信箱", "999001", "A01")]),
        ("邮政信箱 某市邮政局第8号信箱", [("某市邮政局第8号信箱", None, "8")]),
        # "请寄至…": the address after the cue's 至
        ("信件请寄至某县邮政101号信箱，县委第一巡察组收。", [("某县邮政101号信箱", None, "101")]),
    ],
)
def test_mailbox_forms(text, expected):
    assert boxes(text) == expected


def test_two_teams_two_boxes_each_with_its_postcode():
    text = "一组信箱：某市A001号信箱（邮编：100001）；二组信箱：某市A002号信箱（邮编：100002）"
    assert [(a, p) for a, p, _ in boxes(text)] == [("某市A001号信箱", "100001"), ("某市A002号信箱", "100002")]


@pytest.mark.parametrize(
    "text",
    ["设巡视工作专门联系信箱（摆放位置为某区行政中心一楼大厅）", "征求意见箱分别放置在被巡视县党委门口", "电子邮箱：abc@163.com"],
)
def test_not_a_postal_box(text):
    assert boxes(text) == []


def test_box_key():
    assert box_key("广东省清远市A015号邮政信箱") == "A015"
    assert box_key("沧州市第300号信箱") == "300"
    assert box_key("北京市1960信箱") == "1960"
    assert box_key("某市人民路100号") == "某市人民路100号"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("电子邮箱:h b s w x s z07@h e b e i.g o v.c n,邮政信箱", ["hbswxsz07@hebei.gov.cn"]),
        ("邮箱：XSZ123@163.com。", ["xsz123@163.com"]),
        ("电子邮箱：ｓｘｚ０１＠ｑｑ．ｃｏｍ", ["sxz01@qq.com"]),
        ("一组：a1@gov.cn；二组：b2@gov.cn", ["a1@gov.cn", "b2@gov.cn"]),
    ],
)
def test_emails(text, expected):
    assert [f.value for f in find_emails(norm(text))] == expected
