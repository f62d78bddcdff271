"""The rules backend: a whole notice-v1 answer from the deterministic extractors alone.

It is the offline fallback and the floor every LLM backend must beat; the LLM backend also
starts from it and lets the model fill only what needs reading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..models import Evidence, Mailbox, Notice, Phone, Round, Team
from .assign import Placement, Roster, build_roster
from .classify import find_event, find_kind, find_title, text_kind
from .cues import cue_of
from .extractors import Found
from .extractors.dates import Day, Range, infer_period
from .extractors.hours import hours_days
from .extractors.teams import LIST_JOIN, TeamName
from .findings import Findings
from .origin import read_origin
from .shapes import check, mark
from .supports import UNPLACED, Support


def evidence(f: Findings, team: int | None, field: str, value: Any, start: int, end: int,
             support: str | None = None, year_from: str | None = None) -> Evidence:
    """An evidence record for a value read from normalised span [start, end), with how the text supports it
    (and, for a date, where its year came from)."""
    o_start, o_end = f.norm.span(start, end)
    cue = cue_of(f.text, start, end, field, support) if team is not None and field != "name" else None
    return Evidence(team=team, field=field, value=str(value), start=o_start, end=o_end,
                    text=f.norm.original[o_start:o_end], support=support, cue=cue, year_from=year_from)


def qualified_teams(f: Findings) -> list[TeamName]:
    """Teams the text names as working on a target, leading one, or with a petition channel of their own (placed
    by the text to that team alone); a lone team always qualifies."""
    roster = build_roster(f.text, f.teams, cells=f.cells)
    if len(roster.teams) <= 1:
        return roster.teams
    owning = {i for t in f.targets for i in roster.owners(f.text, t.start)}
    owning |= {i for ld in f.leaders for i in roster.named_before(f.text, ld.start - 2)}
    channels: list[Found[Any]] = [*f.phones, *f.mailboxes, *f.emails]
    for channel in channels:  # a team's own petition channel: it works on a target
        placement = roster.place(f.text, channel.start, channel.end)
        if len(placement.owners) == 1 and placement.support not in UNPLACED:
            owning |= set(placement.owners)
    return [t for i, t in enumerate(roster.teams) if i in owning]


def _day_key(f: Findings, day: Day) -> tuple[int, int, int]:
    return (f.dated(day).year or 0, day.month, day.day)


class RulesBackend:
    """The deterministic extractors alone: offline, instant, the floor for every model."""

    name = "rules"

    def answer(self, doc_id: str, findings: Findings) -> Notice:
        return answer(doc_id, findings)


def answer(doc_id: str, f: Findings, keep: list[TeamName] | None = None) -> Notice:
    """Assemble the rules backend's notice-v1 answer, every value with its evidence span; `keep`, when given,
    is the roster (the cross-check's, after the model added teams) instead of the teams the rules qualify."""
    text = f.text
    ev: list[Evidence] = []
    title_span = find_title(text)
    title = text[title_span[0] : title_span[1]] if title_span else None
    if title_span:
        ev.append(evidence(f, None, "title", title, *title_span))
    kinds = [t.value.kind for t in f.teams]
    kind = find_kind(text, kinds)
    teams_named = [] if kind == "其他" else qualified_teams(f) if keep is None else keep
    roster = build_roster(text, f.teams, keep=teams_named, cells=f.cells, refs=f.team_refs)
    teams = [Team(name=t.name) for t in roster.teams]
    for i, team in enumerate(teams):  # the team's name as written, else the phrase naming it ("第三、四巡察组")
        spans = [(s, e) for s, e, j in roster.mentions if j == i]
        exact = [sp for sp in spans if text[sp[0] : sp[1]] == team.name]
        if spans:
            ev.append(evidence(f, i, "name", team.name, *(exact or spans)[0],
                               support=Support.NUMBERED if roster.teams[i].number is not None else Support.UNNUMBERED))

    # the list each target was read from: "正宁县、宁县" are two units, though one name holds the other
    lists = {item: k for k, written in enumerate(_lists(text, f.targets)) for item in written}
    kept: dict[tuple[int, str], int] = {}  # (team, target) -> the list it was read from
    held: dict[tuple[int, str], set[Any]] = {}  # (team, list field) -> its values' keys: a value given again is one

    def put(found: Found[Any], field: str, value: Any, placement: Placement, shown: Any = None,
            year_from: str | None = None) -> None:
        owners, support = placement
        key = tuple(value.model_dump().values()) if hasattr(value, "model_dump") else value
        for i in owners:
            current = getattr(teams[i], field)
            if isinstance(current, list):
                if key in held.setdefault((i, field), set()):
                    pass  # the same value again: one value, its evidence each time it is read (the surest counts)
                elif field == "targets" and any((value in t or t in value) and kept[i, t] != lists[found] for t in current):
                    continue  # a target named again, more or less fully ("某镇", "某镇党委"), is one; in one list two
                else:
                    if field == "targets":
                        kept[i, value] = lists[found]
                    current.append(value)
                    held[i, field].add(key)
            elif current is None:
                setattr(teams[i], field, value)
            elif current != value:
                continue
            ev.append(evidence(f, i, field, shown if shown is not None else value, found.start, found.end, support,
                               year_from))

    for names in _lists(text, f.leaders):
        after_team = roster.named_before(text, names[0].start - 2)
        placement = Placement(after_team, Support.AFTER_TEAM) if after_team else _single(roster, f, names[0].start)
        owners = placement.owners if len(placement.owners) > 1 else _respective(roster, text, names)
        if len(names) == len(owners) > 1:  # "第一、第二巡察组组长甲、乙", "组长分别为甲、乙": one each, in order
            for ld, i in zip(names, owners, strict=True):
                put(ld, "leader", ld.value, Placement([i], Support.PAIRED))
        else:
            put(names[0], "leader", names[0].value, placement)
    for names in _lists(text, f.deputies):
        owners = _respective(roster, text, names)
        paired = len(names) == len(owners) > 1  # "副组长分别为甲、乙": one each, in order
        for k, dp in enumerate(names):
            placement = Placement([owners[k]], Support.PAIRED) if paired else _single(roster, f, dp.start)
            put(dp, "deputy_leaders", dp.value, placement)
    for tg, placement in _target_owners(roster, f):
        put(tg, "targets", tg.value, placement)
    first = {tg.value: tg.start for tg in sorted(f.targets, key=lambda t: -t.start)}
    for team in teams:  # in the order the text names them
        team.targets.sort(key=lambda t: first.get(t, 0))
    for ph, placement in _channel_owners(roster, text, f.phones, lambda p: p.number):
        put(ph, "phones", Phone(number=ph.value.number, sms_only=ph.value.sms_only), placement, ph.value.number)
    for hr in f.hours:
        put(hr, "phone_hours", hr.value, roster.place(text, hr.start))
    for em, placement in _channel_owners(roster, text, f.emails, str, one_each=True):
        put(em, "emails", em.value, placement)
    for mb, placement in _channel_owners(roster, text, f.mailboxes, lambda m: m.address, one_each=True):
        put(mb, "mailboxes", Mailbox(address=mb.value.address, postcode=mb.value.postcode), placement, mb.value.address)
    lengths = Counter(roster.sentence(text, d.start) for d in f.durations)  # lengths per sentence
    for du in f.durations:
        put(du, "duration", du.value, _length_owners(roster, f, du, lengths))
    for dl in f.deadlines:
        day = f.dated(dl.value)
        put(dl, "petition_deadline", day.iso(), roster.place(text, dl.start), year_from=day.year_from)
    for i in range(len(teams)):
        _set_period(f, roster, i, teams[i], ev)
        teams[i].phone_days = hours_days(text, [h for h in f.hours if i in roster.owners(text, h.start)])
    rnd = _round(doc_id, f) if not teams and kind != "其他" and keep is None else None
    channels = any(t.phones or t.mailboxes or t.emails or t.start_date for t in teams) or bool(
        rnd and (rnd.phones or rnd.mailboxes or rnd.emails))
    event = "other" if kind == "其他" else find_event(title, text, channels)
    notice = Notice(doc_id=doc_id, kind=kind, event=event, title=title, teams=teams, round=rnd, evidence=ev, backend="rules")
    if f.published:  # the date the page prints; an input's own metadata, where given, takes its place (runs/answer)
        notice.published = f.published.value
        notice.evidence.append(Evidence(team=None, field="published", value=f.published.value, start=f.published.start,
                                        end=f.published.end, text=f.norm.original[f.published.start:f.published.end]))
    stated = f.round.count
    if teams and stated and len(teams) != stated.value:  # "派出13个巡视组" with 7 read: the others are worth a look
        notice.warnings.append(f"the text gives {stated.value} teams ({text[stated.start:stated.end]}); "
                               f"{len(teams)} read")
    origin = read_origin(text, [t.name for t in roster.teams] + ([rnd.name] if rnd and rnd.name else []))
    notice.region_reason = origin.region_reason if origin else "no body named"
    if origin:
        notice.issuer, notice.level, notice.region = origin.issuer, origin.level, origin.region
        notice.evidence.append(evidence(f, None, "issuer", origin.issuer, *origin.issuer_span))
        if origin.region and origin.region_span:
            place = text[origin.region_span[0]:origin.region_span[1]]  # the place as written; the code is the record's
            notice.evidence.append(evidence(f, None, "region", place, *origin.region_span, support=origin.region_from))
    return shaped(notice, f)


def shaped(notice: Notice, f: Findings) -> Notice:
    """Every team value of `notice` checked for its shape against this notice's text (see `shapes.mark`)."""
    years = frozenset(a.year for a in f.anchors if a.year)
    return mark(notice, f.text, f.norm.origin, years, f.round.several)


def _round(doc_id: str, f: Findings) -> Round | None:
    """The round's own record where the text gives its teams only as a count: every value read as one stand-in
    team's would be (all of them shared), then kept under the round, with its evidence."""
    words = f.round
    if not words.several and words.name is None:
        return None
    at = words.count or words.name
    kind = text_kind(f.text)
    stand_in = TeamName(words.name.value if words.name else kind, kind, None)
    start, end = (at.start, at.end) if at else (0, 0)
    whole = answer(doc_id, replace(f, teams=[Found(stand_in, start, end)]), keep=[stand_in])
    if not whole.teams:
        return None
    values = whole.teams[0].model_dump(exclude={"name", "leader", "deputy_leaders"})
    return Round(name=words.name.value if words.name else None, team_count=words.count.value if words.count else None,
                 evidence=[e.model_copy(update={"team": None}) for e in whole.evidence if e.team == 0 and e.field in values],
                 **values)


_GROUP_JOINS = (re.compile(r";"), re.compile(r","), re.compile(r"和|及|与"))  # the strongest first
_GO_ON = re.compile(r"\s*;\s*")  # a list of units past a ；, which ends a sentence elsewhere


def _groups(text: str, targets: list[Found[str]], n: int) -> list[list[Found[str]]] | None:
    """Units listed for `n` teams given 分别, cut into `n` groups at the one joiner that stands `n`-1 times between
    them ("甲局、乙局和丙镇、丁镇": at 和; "甲局、乙局；丙镇": at ；), the strongest first; None where none does."""
    ordered = sorted(targets, key=lambda t: t.start)
    gaps = [text[a.end : b.start] for a, b in zip(ordered, ordered[1:], strict=False)]
    if not all(LIST_JOIN.fullmatch(gap) or _GO_ON.fullmatch(gap) for gap in gaps):  # one list, not units read twice
        return None
    for join in _GROUP_JOINS:
        cuts = [k + 1 for k, gap in enumerate(gaps) if join.search(gap)]
        if len(cuts) == n - 1:
            bounds = [0, *cuts, len(ordered)]
            return [ordered[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return None


def _respective(roster: Roster, text: str, names: list[Found[str]]) -> list[int]:
    """The teams a list of people given 分别 (right before it: "组长分别为甲、乙") is for, in the order the text names
    them: the teams its sentence names, else every team of the text; none without 分别."""
    if "分别" not in text[max(0, names[0].start - 6) : names[0].start]:
        return []
    start, end = roster.sentence(text, names[0].start)
    return roster.in_order_named(start, end) or roster.in_text_order()


def _lists(text: str, items: list[Found[str]]) -> list[list[Found[str]]]:
    """Items grouped into the lists they were written in: joined by 、，和 or written end to end ("甲、乙")."""
    lists: list[list[Found[str]]] = []
    for item in sorted(items, key=lambda x: x.start):
        last = lists[-1][-1] if lists else None
        if last is not None and (last.end == item.start or LIST_JOIN.fullmatch(text, last.end, item.start)):
            lists[-1].append(item)
        else:
            lists.append([item])
    return lists


def _length_owners(roster: Roster, f: Findings, length: Found[str], per_sentence: Counter[tuple[int, int]]) -> Placement:
    """The teams a stated length is for: every team its sentence names when it is the sentence's only length
    ("甲组进驻甲镇，乙组进驻乙镇，巡察时间1个月左右": a round's length), else by position."""
    sentence = roster.sentence(f.text, length.start)
    named = roster.named_in(*sentence)
    if per_sentence[sentence] == 1 and len(named) > 1:
        return Placement(named, Support.SENTENCE)
    return roster.place(f.text, length.start)


def _channel_owners(roster: Roster, text: str, every: list[Found[Any]], key: Callable[[Any], str],
                    one_each: bool = False) -> list[tuple[Found[Any], Placement]]:
    """Each phone's, e-mail's or mailbox's teams (`_channel_placement`); in a sentence that gives as many of them,
    after 分别/依次, as the teams they fall to ("各组值班电话分别为甲、乙、丙"), one each in the teams' order. A channel
    a team has one of (`one_each`: a mailbox, an e-mail), when the text places none of them and gives as many as
    it has teams, is one each in the order the text names the teams ("ordered")."""
    distinct = {key(found.value) for found in every}
    placed = [(found, _channel_placement(roster, text, found, only=len(distinct) == 1)) for found in every]
    teams = list(range(len(roster.teams)))
    if one_each and len(teams) > 1 and len(every) == len(distinct) == len(teams) and all(
            p.owners == teams and p.support == Support.SHARED for _, p in placed):
        return [(found, Placement([i], Support.ORDERED)) for (found, _), i in zip(placed, roster.in_text_order(), strict=True)]
    groups: dict[tuple[tuple[int, ...], tuple[int, int]], list[int]] = {}
    for k, (found, placement) in enumerate(placed):
        if len(placement.owners) > 1:
            groups.setdefault((tuple(placement.owners), roster.sentence(text, found.start)), []).append(k)
    for (owners, (start, _)), members in groups.items():
        values = {key(placed[k][0].value) for k in members}
        if len(members) == len(owners) == len(values) and _RESPECTIVELY.search(text, start, placed[members[0]][0].start):
            for k, i in zip(members, owners, strict=True):
                placed[k] = (placed[k][0], Placement([i], Support.PAIRED))
    return placed


_RESPECTIVELY = re.compile("分别|依次")


def _channel_placement(roster: Roster, text: str, found: Found[Any], only: bool) -> Placement:
    """A phone's, e-mail's or mailbox's teams; one that nothing places, in a text of several teams, is every team's
    (shared channels are repeated in each, as the contract says), and its support says whether it is the only one
    of its kind the text gives (`only`; "shared+only": the teams share it) or one of several (then it is likely
    some team's own, not placed)."""
    placement = roster.place(text, found.start, found.end)
    if placement.support == Support.SHARED and only:
        return Placement(placement.owners, Support.SHARED_ONLY)
    return placement


def _single(roster: Roster, f: Findings, pos: int) -> Placement:
    """Owners of a person or target: exactly one team, or none when the position leaves it open."""
    placement = roster.place(f.text, pos)
    return placement if len(placement.owners) == 1 else Placement([], placement.support)


def _named_after(roster: Roster, text: str, tg: Found[str]) -> Placement | None:
    """A unit whose sentence names one team only, after it ("甲局召开市委第二巡察组巡察工作动员会", "关于某组巡察甲局
    的公告"): that team's, as a unit after its team in a sentence is; teams named after it 分别 ("甲局、乙局分别由一组、
    二组巡察"): those teams in the order named, to be paired with the units; None where a team is named before it."""
    start, end = roster.sentence(text, tg.start)
    if roster.named_in(start, tg.start):
        return None
    after = roster.named_in(tg.end, end)
    if len(after) == 1:
        return Placement(after, Support.SENTENCE)
    first = roster.first_named(tg.end, end)
    if len(after) > 1 and first is not None and _RESPECTIVELY.search(text, tg.end, first):
        return Placement(roster.in_order_named(tg.end, end), Support.PAIRED)
    return None


def _target_owners(roster: Roster, f: Findings) -> list[tuple[Found[str], Placement]]:
    """Each target with its team; "第三、四巡察组分别对甲区和乙区…" and "第一、第二巡察组巡察甲、乙" pair
    them in order."""
    out: list[tuple[Found[str], Placement]] = []
    shared: dict[tuple[tuple[int, ...], str], list[Found[str]]] = {}  # (teams, support) -> the targets placed so
    previous: tuple[Found[str], Placement, bool] | None = None  # the last unit, its placement, and if it went on
    for tg in f.targets:
        placement = _named_after(roster, f.text, tg) or roster.place(f.text, tg.start)
        going_on = False
        if previous and placement.support == Support.SHARED:
            gap = f.text[previous[0].end : tg.start]
            going_on = bool(_GO_ON.fullmatch(gap) or previous[2] and LIST_JOIN.fullmatch(gap))
            if going_on:  # a list goes on past a ；("甲局、乙局；丙镇、丁镇"): its units stand where it began
                placement = previous[1]
        previous = tg, placement, going_on
        if len(placement.owners) == 1:
            out.append((tg, placement))
        else:
            shared.setdefault((tuple(placement.owners), placement.support), []).append(tg)
    for (group, support), targets in shared.items():
        lead = f.text[max(0, targets[0].start - 12) : targets[0].start]
        respective = "分别" in lead or support == Support.PAIRED or roster.listed_before(f.text, targets[0].start)
        if len(targets) == len(group) and respective:
            out += [(tg, Placement([i], Support.PAIRED)) for tg, i in zip(targets, group, strict=True)]
        elif respective and len(targets) > len(group) > 1 and (parts := _groups(f.text, targets, len(group))):
            out += [(tg, Placement([i], Support.PAIRED)) for part, i in zip(parts, group, strict=True) for tg in part]
        elif len(group) < len(roster.teams) or len(roster.teams) == 1:
            out += [(tg, Placement(list(group), support)) for tg in targets]
    # a unit read twice, once with a stray word ("对象为某局" and "某局", "某局情况的通报" and "某局"): the readings with
    # a unit's shape are put first, so that of a unit named again more or less fully, the well-shaped one is kept
    return sorted(out, key=lambda o: check("targets", o[0].value).reason is not None)


def _set_period(f: Findings, roster: Roster, i: int, team: Team, ev: list[Evidence]) -> None:
    """The team's working period: the earliest start and the latest end of the periods it owns, their years read
    together (an end never before its start)."""
    owned = [(p, placement) for p in f.periods if i in (placement := roster.place(f.text, p.start)).owners
             and not _entry_window(f, p, placement)]
    starts = [(p, placement, p.value.start) for p, placement in owned if p.value.start]
    ends = [(p, placement, p.value.end) for p, placement in owned if p.value.end]
    first = min(starts, key=lambda s: _day_key(f, s[2])) if starts else None
    last = max(ends, key=lambda s: _day_key(f, s[2])) if ends else None
    start, end = infer_period(first[2] if first else None, last[2] if last else None, f.anchors)
    for field, day, chosen in (("start_date", start, first), ("end_date", end, last)):
        if day and chosen:
            p, placement, _ = chosen
            setattr(team, field, day.iso())
            ev.append(evidence(f, i, field, day.iso(), p.start, p.end, _period_support(placement, p), day.year_from))


def _entry_window(f: Findings, period: Found[Range], placement: Placement) -> bool:
    """A range that several teams share and that says they enter in it ("3月1日至3日，各巡察组进驻…"): a window of
    entry days, which gives no team a period (the contract's settled case)."""
    return (len(placement.owners) > 1 and placement.support == Support.SHARED and period.value.start is not None
            and period.value.end is not None and cue_of(f.text, period.start, period.end, "start_date") == "entry")


def _period_support(placement: Placement, period: Found[Range]) -> str:
    """A date's support: its placement and what made it a period's ("range": a from–to beside a period cue;
    "start"/"end": one day the text says the work starts or ends on)."""
    cue = "range" if period.value.start and period.value.end else "start" if period.value.start else "end"
    return f"{placement.support}+{cue}"
