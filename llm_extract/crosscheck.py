"""The validator's cross-check of a model's answer against what the extractors found in the source.

The rules answer is the base. From the model it takes what the rules could not read (teams the
patterns missed, leaders, deputies, targets; periods and channels where a full answer gives them),
but only values that occur in the source: contacts the extractors did not find are dropped and
named in `warnings`; contacts the extractors found and the model missed stay, on the team the
text places them with. Dates are checked (start <= end, deadline not after the end).
"""

from __future__ import annotations

import re
from typing import Any

from .extractors import Found
from .extractors.dates import Day, infer_year
from .extractors.emails import find_emails
from .extractors.mailboxes import box_key
from .extractors.teams import DEPUTY_CUE, LEADER_CUE, TeamName, find_teams, find_unnumbered_teams, same_team
from .findings import Findings
from .llm_schema import FullAnswer, FullTeam, LeanAnswer, ungrounded_words
from .models import Mailbox, Notice, Phone, Team
from .normalize import normalize
from .rules import evidence

_ISO = re.compile(r"^(\d{4}|-)-(\d{2})-(\d{2})$")
# Where a value the model gives must stand: a leader just after 组长, a deputy after 副组长, a target
# near the words that say what is inspected.
_ROLES = {"leader": (re.compile(LEADER_CUE), 0, 12), "deputy": (re.compile(DEPUTY_CUE), 0, 30),
          "target": (re.compile(r"巡视|巡察|进驻|对象|被巡"), 40, 40)}


def _in_role(value: str, role: str, f: Findings) -> bool:
    """True when the value is written within the role's window around one of its cues."""
    pattern, before, after = _ROLES[role]
    flat = re.sub(r"\s+", "", f.text)
    return any(value in flat[max(0, m.start() - before - len(value)) : m.end() + after] for m in pattern.finditer(flat))


def _team_name(name: str) -> TeamName | None:
    """The team a name the model gives names, read as the extractors read the text (numbered or not)."""
    text = normalize(name).text
    found = find_teams(text) or find_unnumbered_teams(text)
    return found[0].value if found else None


def _spaced(value: str) -> re.Pattern[str]:
    """`value` as a pattern that allows spaces between its characters."""
    return re.compile(r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", value)))


def locate(text: str, value: str, near: re.Pattern[str] | None = None) -> tuple[int, int] | None:
    """The span of `value` in the normalised text, spaces inside allowed; the one after a `near` cue first."""
    hits = [(m.start(), m.end()) for m in _spaced(value).finditer(text)]
    if near is not None:
        cued = [h for h in hits if any(0 <= h[0] - c.end() <= 30 for c in near.finditer(text))]
        hits = cued or hits
    return hits[0] if hits else None


def _cite(notice: Notice, f: Findings, i: int, field: str, value: str, near: re.Pattern[str] | None = None) -> None:
    span = locate(f.text, value, near)
    if span:
        notice.evidence.append(evidence(f, i, field, value, *span))


def _match(name: str, teams: list[Team]) -> int | None:
    """The index of the team in `teams` that `name` names too, or None."""
    mine = _team_name(name)
    for i, other in enumerate(teams):
        theirs = _team_name(other.name)
        if (mine and theirs and same_team(mine, theirs)) or name in other.name or other.name in name:
            return i
    return None


def _grounded_date(value: str | None, f: Findings) -> tuple[str, Found[Day]] | None:
    """A model's date kept only when the text holds that month and day; its year re-inferred from the text."""
    m = _ISO.match(value or "")
    if not m:
        return None
    month, day = int(m[2]), int(m[3])
    for d in f.dates:
        if (d.value.month, d.value.day) == (month, day):
            return infer_year(d.value, f.anchors).iso(), d
    return None


def merge(base: Notice, answer: LeanAnswer | FullAnswer, f: Findings, warnings: list[str]) -> Notice:
    """The rules answer completed by the model's grounded values; what is dropped is said in warnings."""
    notice = base.model_copy(deep=True)
    notice.warnings.extend(warnings)
    if notice.kind == "其他":
        return notice
    for proposed in answer.teams:
        bad = ungrounded_words([proposed.name], f)
        if bad or not _team_name(proposed.name):
            notice.warnings.append(f"dropped team {proposed.name!r}: not a team the notice names")
            continue
        i = _match(proposed.name, notice.teams)
        if i is None:
            notice.teams.append(Team(name=proposed.name))
            i = len(notice.teams) - 1
            _cite(notice, f, i, "name", proposed.name)
        _fill(notice, i, proposed, f)
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
    for field in ("start_date", "end_date", "petition_deadline"):
        if getattr(team, field) is None and (found := _grounded_date(getattr(proposed, field), f)):
            setattr(team, field, found[0])
            notice.evidence.append(evidence(f, i, field, found[0], found[1].start, found[1].end))
    if team.duration is None and proposed.duration:
        kept = _words([proposed.duration], f, "duration", notice, team.name)
        team.duration = kept[0] if kept else None
        if team.duration:
            _cite(notice, f, i, "duration", team.duration)
    phones = {re.sub(r"\D", "", p.value.number): p for p in f.phones}
    sms = {re.sub(r"\D", "", n) for n in proposed.sms_only_phones}
    placed = {re.sub(r"\D", "", p.number) for t in notice.teams for p in t.phones}
    for number in proposed.phones + proposed.sms_only_phones:
        digits = re.sub(r"\D", "", number)
        if digits not in phones:
            notice.warnings.append(f"dropped phone {number!r}: the extractors find no such number in the source")
        elif digits in placed:
            if not any(re.sub(r"\D", "", p.number) == digits for p in team.phones):
                notice.warnings.append(f"kept phone {number!r} with the team the text places it with")
        else:
            hit = phones[digits]
            team.phones.append(Phone(number=hit.value.number, sms_only=hit.value.sms_only or digits in sms))
            notice.evidence.append(evidence(f, i, "phones", hit.value.number, hit.start, hit.end))
            placed.add(digits)
    emails = {e.value: e for e in find_emails(f.text)}
    for email in proposed.emails:
        e = re.sub(r"\s+", "", email).lower()
        if e not in emails:
            notice.warnings.append(f"dropped e-mail {email!r}: not in the source")
        elif not any(e in t.emails for t in notice.teams):
            team.emails.append(e)
            notice.evidence.append(evidence(f, i, "emails", e, emails[e].start, emails[e].end))
    boxes = {m.value.box_key: m for m in f.mailboxes}
    placed_boxes = {box_key(m.address) for t in notice.teams for m in t.mailboxes}
    for address in proposed.mailboxes:
        key = box_key(normalize(address).text)
        if key not in boxes:
            notice.warnings.append(f"dropped mailbox {address!r}: the extractors find no such box in the source")
        elif key not in placed_boxes:
            box = boxes[key]
            team.mailboxes.append(Mailbox(address=box.value.address, postcode=box.value.postcode))
            notice.evidence.append(evidence(f, i, "mailboxes", box.value.address, box.start, box.end))
            placed_boxes.add(key)


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
