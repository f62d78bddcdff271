"""The validator's cross-check of a model's answer against what the extractors found in the source.

The rules answer is the base. From the model it takes what the rules could not read (teams the
patterns missed, leaders, deputies, targets; periods and channels where a full answer gives them),
but only values that occur in the source: contacts the extractors did not find are dropped and
named in `warnings`; contacts the extractors found and the model missed stay, on the team the
text places them with. Dates are checked (start <= end, deadline not after the end).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..models import Mailbox, Notice, Phone, Team
from ..reading import rules, shapes
from ..reading.extractors import Found
from ..reading.extractors.dates import Day, infer_period
from ..reading.extractors.mailboxes import box_key
from ..reading.extractors.people import DEPUTY_CUE, LEADER_CUE, team_roles
from ..reading.extractors.teams import TeamName, read_team_name, same_named_team, same_team
from ..reading.findings import Findings
from ..reading.lexicon import Regex
from ..reading.normalize import normalize
from ..reading.rules import evidence
from ..reading.supports import Support
from .focus import Weak
from .marks import Candidate, candidates, open_contacts, read_id
from .schema import CheckAnswer, FullAnswer, FullTeam, LeanAnswer, ungrounded_words

_ISO = re.compile(r"^(\d{4}|-)-(\d{2})-(\d{2})$")
# Where a value the model gives must stand: a leader just after 组长, a deputy after 副组长, a target
# near the words that say what is inspected.
_ROLES: dict[str, tuple[Regex, int, int]] = {"leader": (LEADER_CUE, 0, 12), "deputy": (DEPUTY_CUE, 0, 30),
          "target": (re.compile(r"巡视|巡察|进驻|对象|被巡"), 40, 40)}


def _in_role(value: str, role: str, f: Findings) -> bool:
    """True when the value is written within the role's window around one of its cues (a team's role, not a
    steering group's: "领导小组副组长、副书记某某" is no deputy of the team)."""
    pattern, before, after = _ROLES[role]
    flat = re.sub(r"\s+", "", f.text)
    cues = team_roles(pattern, flat) if role != "target" else pattern.finditer(flat)
    return any(value in flat[max(0, m.start() - before - len(value)) : m.end() + after] for m in cues)


def _team_name(name: str) -> TeamName | None:
    """The team a name the model gives names (see `read_team_name`), or None."""
    return read_team_name(normalize(name).text)


def _spaced(value: str) -> re.Pattern[str]:
    """`value` as a pattern that allows spaces between its characters."""
    return re.compile(r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", value)))


def locate(text: str, value: str, near: Regex | None = None) -> tuple[int, int] | None:
    """The span of `value` in the normalised text, spaces inside allowed; the one after a `near` cue first."""
    hits = [(m.start(), m.end()) for m in _spaced(value).finditer(text)]
    if near is not None:
        cued = [h for h in hits if any(0 <= h[0] - c.end() <= 30 for c in near.finditer(text))]
        hits = cued or hits
    return hits[0] if hits else None


def _cite(notice: Notice, f: Findings, i: int, field: str, value: str, near: Regex | None = None) -> None:
    span = locate(f.text, value, near)
    if span:
        notice.evidence.append(evidence(f, i, field, value, *span, support=Support.MODEL))


def _match(name: str, teams: list[Team]) -> int | None:
    """The index of the team in `teams` that `name` names too, or None."""
    mine = normalize(name).text
    return next((i for i, other in enumerate(teams) if same_named_team(mine, other.name)), None)


def _grounded_date(value: str | None, f: Findings) -> Found[Day] | None:
    """Where the text holds a model's date (its month and day): the day as written there, year and all (the model's
    year is never taken: the text's rules give it one)."""
    m = _ISO.match(value or "")
    if not m:
        return None
    month, day = int(m[2]), int(m[3])
    return next((d for d in f.dates if (d.value.month, d.value.day) == (month, day)), None)


def merge(base: Notice, answer: LeanAnswer | FullAnswer, f: Findings, warnings: list[str]) -> Notice:
    """The rules answer completed by the model's grounded values; what is dropped is said in warnings.

    When the model adds teams, every value the extractors found is placed again on the final roster (shared
    ones on every team), and the model's reading is taken once more on that answer."""
    notice = _completed(base, answer, f, warnings)
    added = [t.name for t in notice.teams if _match(t.name, base.teams) is None]
    if not added:
        return rules.shaped(notice, f)
    roster = [name for t in notice.teams if (name := _team_name(t.name))]
    mentions = [m for name in added for m in _mentions(name, f)]
    placed = replace(f, teams=sorted(f.teams + mentions, key=lambda m: m.start))
    rebased = rules.answer(base.doc_id, placed, keep=roster)
    rebased.backend = base.backend
    return rules.shaped(_completed(rebased, answer, placed, warnings), placed)


def _mentions(name: str, f: Findings) -> list[Found[TeamName]]:
    """Where the text writes a team's name (spaces inside allowed), outside the extractors' team mentions."""
    team = _team_name(name)
    if team is None:
        return []
    taken = [(m.start, m.end) for m in f.teams]
    hits = [(m.start(), m.end()) for m in _spaced(name).finditer(f.text)]
    return [Found(team, s, e) for s, e in hits if not any(ts < e and s < te for ts, te in taken)]


def _completed(base: Notice, answer: LeanAnswer | FullAnswer, f: Findings, warnings: list[str]) -> Notice:
    notice = base.model_copy(deep=True)
    notice.warnings.extend(warnings)
    if notice.kind == "其他":
        return notice
    numbered = {n.kind for t in notice.teams if (n := _team_name(t.name)) and n.number is not None}
    for proposed in answer.teams:
        bad = ungrounded_words([proposed.name], f)
        team = _team_name(proposed.name)
        if bad or not team:
            notice.warnings.append(f"dropped team {proposed.name!r}: not a team the notice names")
            continue
        i = _match(proposed.name, notice.teams)
        if i is None and team.number is None and team.kind in numbered:
            notice.warnings.append(f"dropped team {proposed.name!r}: a mention of the numbered teams, not one of them")
            continue
        if i is None:
            notice.teams.append(Team(name=proposed.name))
            i = len(notice.teams) - 1
            _cite(notice, f, i, "name", proposed.name)
        _fill(notice, i, proposed, f)
    _assign(notice, answer, f)
    _check_dates(notice)
    return notice


def _words(values: list[str], f: Findings, what: str, notice: Notice, team: str) -> list[str]:
    """The model's values for `team` that the source holds, in their role and with that team."""
    bad = set(ungrounded_words(values, f))
    for v in bad:
        notice.warnings.append(f"dropped {what} {v!r}: not in the source")
    if what in _ROLES:
        for v in set(values) - bad:
            if not _in_role(v, what, f):
                notice.warnings.append(f"dropped {what} {v!r}: the text does not name it as a {what}")
                bad.add(v)
            elif other := _placed_elsewhere(v, team, f):
                notice.warnings.append(f"dropped {what} {v!r} for {team}: the text places it with {other}")
                bad.add(v)
    return [v for v in values if v and v not in bad]


def _placed_elsewhere(value: str, team: str, f: Findings) -> str | None:
    """Another team's name when every place the value is written belongs to that team, not to `team`
    (by the same placement as contacts: the team named last in the sentence, a heading, a table column)."""
    mine = _team_name(team)
    roster = f.placement
    if mine is None or not any(same_team(mine, t) for t in roster.teams):
        return None  # a team the placement does not know: nothing to hold the value against
    others = []
    for m in _spaced(value).finditer(f.text):
        owners = [roster.teams[k] for k in roster.owners(f.text, m.start())]
        if any(same_team(mine, t) for t in owners):
            return None
        others.append(owners[0].name)
    return others[0] if others else None


def _fill(notice: Notice, i: int, proposed: Any, f: Findings) -> None:
    team = notice.teams[i]
    leader = _words([proposed.leader] if proposed.leader else [], f, "leader", notice, team.name)
    # The model's leader fills a gap, or shortens the rules' name that ran on into the next word ("刘某见面").
    if leader and team.leader != leader[0] and (team.leader is None or team.leader.startswith(leader[0])):
        team.leader = leader[0]
        _cite(notice, f, i, "leader", leader[0], _ROLES["leader"][0])
    if not team.deputy_leaders:
        team.deputy_leaders = [d for d in _words(proposed.deputy_leaders, f, "deputy", notice, team.name) if d != team.leader]
        for d in team.deputy_leaders:
            _cite(notice, f, i, "deputy_leaders", d, _ROLES["deputy"][0])
    if not team.targets:
        team.targets = _words(proposed.targets, f, "target", notice, team.name)
        for t in team.targets:
            _cite(notice, f, i, "targets", t)
    if isinstance(proposed, FullTeam):
        _fill_full(notice, i, proposed, f)


def _fill_full(notice: Notice, i: int, proposed: Any, f: Findings) -> None:
    team = notice.teams[i]
    found = {field: at for field in ("start_date", "end_date", "petition_deadline")
             if getattr(team, field) is None and (at := _grounded_date(getattr(proposed, field), f))}
    if not found:
        return
    # the period's ends take their years together, the one already read included (as the rules' periods do); a
    # pairing that would cross a new year is the model's, not the text's (it may have swapped them): each end then
    # takes its year as a lone day does, and an end before its start is dropped below
    ends = [found[k].value if k in found else Day.from_iso(v) if (v := getattr(team, k)) else None
            for k in ("start_date", "end_date")]
    start, end = infer_period(ends[0], ends[1], f.anchors)
    if start and end and start.year != end.year:
        start, end = (f.dated(d) if d else None for d in ends)
    days = {"start_date": start, "end_date": end,
            "petition_deadline": f.dated(found["petition_deadline"].value) if "petition_deadline" in found else None}
    for field, at in found.items():
        day = days[field]
        assert day is not None
        setattr(team, field, day.iso())
        notice.evidence.append(evidence(f, i, field, day.iso(), at.start, at.end, Support.MODEL, day.year_from))
    if team.duration is None and proposed.duration:
        kept = _words([proposed.duration], f, "duration", notice, team.name)
        team.duration = kept[0] if kept else None
        if team.duration:
            _cite(notice, f, i, "duration", team.duration)


def _assign(notice: Notice, answer: LeanAnswer | FullAnswer, f: Findings) -> None:
    """Contacts placed on the teams the model assigns their ids to where the text leaves their team open
    (`open_contacts`, or held by no team); a contact the text places, or shares, stays where it is."""
    known, movable = candidates(f), {c.id for c in open_contacts(f)}
    wanted: dict[str, list[int]] = {}
    for proposed in answer.teams:
        i = _match(proposed.name, notice.teams)
        if i is None:
            continue
        for written in proposed.contacts:
            cid = read_id(written)
            if cid in known:
                wanted.setdefault(cid, []).append(i)
            else:
                notice.warnings.append(f"dropped contact {written!r}: no such mark in the text")
    for cid, teams in wanted.items():
        c = known[cid]
        holders = [k for k, t in enumerate(notice.teams) if _holds(t, c)]
        if holders and cid not in movable:
            if set(teams) != set(holders):
                notice.warnings.append(f"kept {c.field} {cid} with the team the text places it with")
            continue
        o_start = f.norm.span(c.found.start, c.found.end)[0]
        dropped = set(holders) - set(teams)
        for k in dropped:
            _drop(notice.teams[k], c)
        notice.evidence = [e for e in notice.evidence if not (e.team in dropped and e.field == c.field and e.start == o_start)]
        for k in sorted(set(teams) - set(holders)):
            _add(notice.teams[k], c)
            notice.evidence.append(evidence(f, k, c.field, _shown(c), c.found.start, c.found.end, Support.MODEL))


def _holds(team: Team, c: Candidate) -> bool:
    value = c.found.value
    if c.field == "phones":
        return any(p.number == value.number for p in team.phones)
    if c.field == "mailboxes":
        return any(box_key(m.address) == value.box_key for m in team.mailboxes)
    return value in team.emails


def _drop(team: Team, c: Candidate) -> None:
    value = c.found.value
    if c.field == "phones":
        team.phones = [p for p in team.phones if p.number != value.number]
    elif c.field == "mailboxes":
        team.mailboxes = [m for m in team.mailboxes if box_key(m.address) != value.box_key]
    else:
        team.emails = [e for e in team.emails if e != value]


def _add(team: Team, c: Candidate) -> None:
    value = c.found.value
    if c.field == "phones":
        team.phones.append(Phone(number=value.number, sms_only=value.sms_only))
    elif c.field == "mailboxes":
        team.mailboxes.append(Mailbox(address=value.address, postcode=value.postcode))
    else:
        team.emails.append(value)


def _shown(c: Candidate) -> str:
    """The contact as its evidence record shows it, as the rules backend writes it."""
    value = c.found.value
    return value.number if c.field == "phones" else value.address if c.field == "mailboxes" else value


def _check_dates(notice: Notice) -> None:
    """Start after end, or a deadline after the end, cannot both be right: drop the later-read value."""
    for team in notice.teams:
        s, e, d = team.start_date, team.end_date, team.petition_deadline
        if s and e and s[:2] != "--" and e[:2] != "--" and s > e:
            notice.warnings.append(f"{team.name}: start {s} after end {e}; end dropped")
            team.end_date = None
        e = team.end_date
        if d and e and d[:2] != "--" and e[:2] != "--" and d > e:
            notice.warnings.append(f"{team.name}: petition deadline {d} after the period's end {e}")


CHECKED = Support.CHECKED


def apply_checks(notice: Notice, asked: list[Weak], answer: CheckAnswer, f: Findings) -> Notice:
    """What the model copied at each weak value's mark, held against the value: the same name confirms it (support
    `checked`, its placement kept in `placed`); a longer name that the text writes over the value's own span and
    whose shape holds repairs it ("浩特市" → the whole city's name), checked too; anything else leaves the value
    as it was (the model's silence is no evidence against it). Said in the warnings. In place."""
    said = {a.id: a.name for a in answer.answers}
    for w in asked:
        e, name = w.evidence, said.get(w.id, "")
        if e.team is None:
            continue
        if name == e.value:
            e.placed, e.support, e.asked = e.placed or e.support, CHECKED, "confirmed"
            continue
        span = _covering(f.text, name, w.start, w.end)
        if span is None or e.value not in name or shapes.check(e.field, name).reason:
            notice.warnings.append(f"model read {name!r} at {e.field} {e.value!r} of {w.team}: not confirmed")
            e.asked = "unconfirmed"
            continue
        shapes.replace(notice.teams[e.team], e.field, e.value, name)
        notice.warnings.append(f"repaired {e.field} {e.value!r} of {w.team} to {name!r}: the model read the whole name")
        o_start, o_end = f.norm.span(*span)
        e.value, e.start, e.end, e.text = name, o_start, o_end, f.norm.original[o_start:o_end]
        e.placed, e.support, e.suspect, e.asked = e.placed or e.support, CHECKED, None, "repaired"
    return notice


def _covering(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The span where `text` writes `name` over [start, end) (spaces inside allowed), or None."""
    for m in _spaced(name).finditer(text, max(0, start - len(name) - 8), end + len(name) + 8):
        if m.start() <= start and end <= m.end():
            return m.start(), m.end()
    return None
