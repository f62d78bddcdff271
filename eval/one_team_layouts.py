"""The bench's one-team layouts: a single team's announcement, meeting, feedback meeting, labelled lines and prose, a
team referred to as 巡察组, one without a number called by two names, and one team's villages grouped by town or each
with its days."""

from __future__ import annotations

from invented_rounds import BASIC, PLACES, Round, deadline_sentence, intro, md, period, units_of


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
    text = (f"根据{r.body}统一部署，{t.name}近日完成进驻。巡察组组长为{t.leader}。巡察组对{units_of(t)}开展巡察，"
            f"巡察时间为{period(r)}。巡察期间，巡察组设立举报电话：{t.phone}，邮政信箱：{t.box}。")
    return text, BASIC


def unnumbered_team(r: Round) -> tuple[str, tuple[str, ...]]:
    t = r.teams[0]  # a team without a number, called by its full name once and by a shorter one after
    t.name = f"{r.body}专项巡察组"
    text = (f"{r.body}专项巡察组进驻{t.targets[0]}开展专项巡察\n根据{r.body}统一部署，{period(r)}，{r.body}专项巡察组对"
            f"{t.targets[0]}开展专项巡察。{r.body}巡察组组长{t.leader}作动员讲话。巡察期间，{r.body}巡察组设立举报电话："
            f"{t.phone}，邮政信箱：{t.box}。")
    return text, BASIC


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
