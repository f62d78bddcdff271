"""Phone hours as 24-hour ranges, and working days versus every day."""

import pytest

from llm_extract.reading.extractors.hours import find_hours, hours_days

from .conftest import norm


def hours(text: str) -> list[str]:
    return [f.value for f in find_hours(norm(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("每日受理电话的时间为 8:30—17:30", ["08:30-17:30"]),
        ("受理电话时间：9:00~17:00", ["09:00-17:00"]),
        ("电话受理时间：早8点至晚6点", ["08:00-18:00"]),
        ("接听时间：上午9:00至12:00，下午2:00至5:00", ["09:00-12:00", "14:00-17:00"]),
        ("受理电话时间为：工作日上午8:30—12:00，下午14:00—17:30", ["08:30-12:00", "14:00-17:30"]),
        ("值班电话时间 8∶00－17∶30", ["08:00-17:30"]),
        ("电话：0311-87654321（8:30至5:30）", ["08:30-17:30"]),
        ("电话受理时间：8点半至11点半", ["08:30-11:30"]),
    ],
)
def test_hour_forms(text, expected):
    assert hours(text) == expected


def test_dates_and_meeting_times_are_not_hours():
    assert hours("11月14日上午，动员会召开。巡视期间（8月3日至9月底）") == []
    assert hours("2020-11-18 13:00 浙江省纪委网站") == []


@pytest.mark.parametrize(
    "text, days",
    [("受理电话时间为工作日8:30-17:30", "workdays"), ("每天受理电话的时间为8:30-17:30", "daily"),
     ("受理电话时间：8:30-17:30", None)],
)
def test_days(text, days):
    t = norm(text)
    assert hours_days(t, find_hours(t)) == days
