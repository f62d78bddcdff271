"""Invented inspection rounds for the layout bench: made-up bodies, teams, people, units and contacts drawn from
a seed, and the gold a layout's text of a round has (the fields that layout gives).

Every name, unit, number and address is made up from the syllables below (no dev or validation string)."""

from __future__ import annotations

import random
from dataclasses import dataclass

NUMERALS = "一二三四五六七八九十"
_SURNAMES = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦何吕施张孔曹严华金魏陶姜谢邹喻柏窦章苏潘葛范彭鲁韦马苗方俞任袁柳鲍史唐"
_GIVEN = "明立新华建国志远海清文博宏伟晓东俊峰雅静思源春晖"
PLACES = ["青禾", "柏溪", "枫岭", "石岗", "云埠", "梧桥", "兰泽", "松涧", "桂塘", "槐川", "栖霞岭", "檀溪", "杉坪", "鹤湾"]
_BUREAUS = ["财政局", "农业农村局", "自然资源局", "卫生健康局", "交通运输局", "住房和城乡建设局", "市场监督管理局",
            "教育局", "水利局", "民政局", "统计局", "医疗保障局", "供销合作社", "人民医院", "第一中学"]


@dataclass
class Team:
    name: str
    leader: str
    deputy: str
    targets: list[str]
    phone: str
    mobile: str
    box: str
    postcode: str
    email: str


@dataclass
class Round:
    body: str  # "市委", "县委"
    teams: list[Team]
    year: int
    start: tuple[int, int]
    end: tuple[int, int]
    deadline: tuple[int, int]


def _person(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice([1, 2])))
        if name not in taken:
            taken.add(name)
            return name


def invent(seed: int, teams: int | None = None) -> Round:
    """One made-up round: 1 to 4 teams (or `teams`), each with 1 to 3 units, a leader, a deputy and contacts."""
    rng = random.Random(seed)
    body = rng.choice(["市委", "县委", "区委"])
    county = rng.choice(PLACES)
    people: set[str] = set()
    units = rng.sample([f"{county}县{b}" for b in _BUREAUS] + [f"{p}镇" for p in PLACES if p != county]
                       + [f"{p}街道" for p in PLACES if p != county], 12)
    count = teams or rng.randint(2, 4)
    area = f"0{rng.randint(900, 999)}"
    out = []
    for i in range(count):
        mine = [units.pop() for _ in range(rng.randint(1, 3))]
        out.append(Team(
            name=f"{body}第{NUMERALS[i]}巡察组", leader=_person(rng, people), deputy=_person(rng, people), targets=mine,
            phone=f"{area}-{rng.randint(5000000, 5999999)}", mobile=f"139{rng.randint(10000000, 99999999)}",
            box=f"{county}市{rng.randint(100, 999)}号邮政信箱", postcode=f"{rng.randint(100, 999)}{rng.randint(0, 9)}00",
            email=f"xcz{i + 1}{rng.randint(10, 99)}@{rng.choice(['mail', 'post', 'xc'])}.example.cn"))
    year = rng.randint(2026, 2034)
    month = rng.randint(2, 8)
    start, end = (month, rng.randint(1, 20)), (month + 2, rng.randint(1, 28))
    return Round(body, out, year, start, end, (end[0], end[1] - 3 if end[1] > 3 else 1))


def md(day: tuple[int, int]) -> str:
    return f"{day[0]}月{day[1]}日"


def iso(year: int, day: tuple[int, int]) -> str:
    return f"{year}-{day[0]:02d}-{day[1]:02d}"


def period(r: Round) -> str:
    return f"{r.year}年{md(r.start)}至{md(r.end)}"


def intro(r: Round) -> str:
    return f"根据{r.body}巡察工作统一部署，{r.body}巡察组近日进驻被巡察单位开展常规巡察。"


def round_period(r: Round) -> str:
    return f"巡察时间为{period(r)}。"


def deadline_sentence(r: Round) -> str:
    return f"受理信访时间截止到{r.year}年{md(r.deadline)}。"


# What each layout's text gives for a team: these fields of the gold are filled, the rest left empty.
BASIC = ("leader", "targets", "phones", "mailboxes", "period")


def gold_of(r: Round, given: tuple[str, ...], doc_id: str) -> dict:
    teams = []
    for t in r.teams:
        teams.append({
            "name": t.name, "leader": t.leader if "leader" in given else None,
            "deputy_leaders": [t.deputy] if "deputy" in given and t.deputy else [],
            "targets": list(t.targets) if "targets" in given else [],
            "start_date": iso(r.year, r.start) if "period" in given or "start" in given else None,
            "end_date": iso(r.year, r.end) if "period" in given else None,
            "duration": None,
            "petition_deadline": iso(r.year, r.deadline) if "deadline" in given else None,
            "phones": ([{"number": t.phone, "sms_only": False}] if "phones" in given else [])
            + ([{"number": t.mobile, "sms_only": True}] if "sms" in given else []),
            "phone_hours": ["08:30-17:30"] if "hours" in given else [],
            "mailboxes": [{"address": t.box, "postcode": t.postcode if "postcode" in given else None}]
            if "mailboxes" in given else [],
            "emails": [t.email] if "email" in given and t.email else [],
        })
    return {"doc_id": doc_id, "kind": "巡察", "event": "mobilization", "title": None, "teams": teams}


def units_of(t: Team) -> str:
    """A team's units as a text writes them, apart by 、."""
    return "、".join(t.targets)
