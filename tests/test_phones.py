"""Phones: every form formats.md lists, and the numbers that must never come out as phones."""

import pytest

from llm_extract.reading.extractors.phones import find_phones

from .conftest import norm


def numbers(text: str) -> list[tuple[str, bool]]:
    return [(f.value.number, f.value.sms_only) for f in find_phones(norm(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("设专门值班电话：0763-8672025。", [("0763-8672025", False)]),
        ("值班电话：0763 - 8672025", [("0763-8672025", False)]),
        ("电话：(020)87756920", [("020-87756920", False)]),
        ("电话：0371-61234567、0371-61234568", [("0371-61234567", False), ("0371-61234568", False)]),
        ("电话：0371-61234567，13912345678", [("0371-61234567", False), ("13912345678", False)]),
        ("电话：0371-61234567 0371-61234568", [("0371-61234567", False), ("0371-61234568", False)]),
        ("联系电话：26565924", [("26565924", False)]),
        ("信访举报专线：26565924", [("26565924", False)]),
        ("值班电话：26565924、26565925", [("26565924", False), ("26565925", False)]),
        ("专门值班电话：18857902969（受理时间", [("18857902969", False)]),
        ("电话：0317-5528359-123", [("0317-5528359-123", False)]),
        ("电话：0317-5528359转8001", [("0317-5528359-8001", False)]),
        ("（8:00-17:00，0311-87654321）", [("0311-87654321", False)]),
        ("电话:138 1234 5678", [("13812345678", False)]),
    ],
)
def test_phone_forms(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "手机：15830645642（仅接收短信）",
        "接收短信手机号码：15830645642",
        "短信举报号码：15830645642",
        "手机15830645642(只接收短信,不接听电话)",
    ],
)
def test_sms_only_mobile(text):
    assert numbers(text) == [("15830645642", True)]


def test_pair_of_landline_and_sms_mobile_keeps_each_flag():
    text = "值班电话：0317-5528359（工作时间），手机：15830645642（仅接收短信）"
    assert numbers(text) == [("0317-5528359", False), ("15830645642", True)]


@pytest.mark.parametrize(
    "text",
    [
        "受理信访时间截止到2024年12月26日",  # a date
        "邮编：321015",  # a postcode
        "广东省清远市A015号邮政信箱，信箱第300号，B12345信箱",  # box numbers
        "2019-2021年期间",  # a year range
        "共追回资金13800000000元，涉及12345678元",  # money amounts
        "身份证号440102199001011234",  # an ID
        "近20231231期间共受理来信12345678件",  # counts and compact dates without a phone cue
        "设专门值班电话：，邮政信箱",  # an empty field
        "2020-11-18 13:00 浙江省纪委网站",  # a dateline
    ],
)
def test_never_a_phone(text):
    assert numbers(text) == []


def test_sms_only_list_and_split_local_part():
    assert numbers("电话：0931-8800001；接收短信手机号码：13909310001、13909310002") == [
        ("0931-8800001", False), ("13909310001", True), ("13909310002", True)]
    assert numbers("值班电话：010-5988 0001") == [("010-59880001", False)]
    assert numbers("受理电话（8:30-17:30）：0898-65300001、0898-65300002") == [
        ("0898-65300001", False), ("0898-65300002", False)]
