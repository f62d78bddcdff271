"""The notice-v1 record as pydantic models, plus the evidence and warnings every answer carries.

`Notice.contract()` dumps exactly the contract's keys and more: `evidence`, `warnings`,
`phone_days`, `text_sha256` and, for a failed notice, `error`. The scorer ignores keys it does not know.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from .redact import redact_url

DATE_PATTERN = r"^([0-9]{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
REFERENCE_YEARS = (1949, 2100)  # the years a notice of this kind can be dated in


def notice_year(year: int) -> bool:
    """Whether a notice of this kind can be dated in `year` (`REFERENCE_YEARS`): the one check for every date a
    caller, an input, a page or a record gives."""
    return REFERENCE_YEARS[0] <= year <= REFERENCE_YEARS[1]


def parse_day(value: str) -> date:
    """A YYYY-MM-DD string as a date a notice can be dated on; ValueError saying which it is not."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}") from None
    if not notice_year(day.year):
        raise ValueError(f"must be a date from {REFERENCE_YEARS[0]} to {REFERENCE_YEARS[1]}, not {value}")
    return day


def _calendar_day(value: str | None) -> str | None:
    """A date of the contract's form that is a day of the calendar (not 2023-02-30), its year, when it has one, from
    1949 to 2100: a record's date outside these is no date a notice gives."""
    m = re.match(DATE_PATTERN, value) if value is not None else None
    if m is None:
        return value  # None, or a form the pattern itself refuses
    year = None if m[1] == "-" else int(m[1])
    try:
        date(year or 2000, int(m[2]), int(m[3]))  # a leap year for a day with no year: --02-29 is a day
    except ValueError:
        raise ValueError(f"{value} is no day of the calendar") from None
    if year is not None and not notice_year(year):
        raise ValueError(f"{value}: a year from {REFERENCE_YEARS[0]} to {REFERENCE_YEARS[1]}")
    return value


Day = Annotated[str, Field(pattern=DATE_PATTERN), AfterValidator(_calendar_day)]  # YYYY-MM-DD or --MM-DD

Kind = Literal["巡视", "巡察", "其他"]
Event = Literal["mobilization", "feedback", "deployment", "other"]


class Phone(BaseModel):
    """A phone number the team publishes."""

    number: str = Field(pattern=r"^[0-9]+(-[0-9]+)*$", description="Digits and hyphens only.")
    sms_only: bool = Field(False, description="True when the text says the number only takes text messages.")


class Mailbox(BaseModel):
    """Where letters go: a postal box or a mailing address."""

    address: str = Field(min_length=1, description="The address as written, without a trailing recipient.")
    postcode: str | None = Field(None, pattern=r"^[0-9]{6}$", description="The 6-digit postcode stated for it.")


class Team(BaseModel):
    """One inspection team working on named targets."""

    name: str = Field(min_length=1)
    leader: str | None = None
    deputy_leaders: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    start_date: Day | None = None
    end_date: Day | None = None
    duration: str | None = None
    petition_deadline: Day | None = None
    phones: list[Phone] = Field(default_factory=list)
    phone_hours: list[str] = Field(default_factory=list)
    mailboxes: list[Mailbox] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    phone_days: Literal["workdays", "daily"] | None = Field(None, description="Extra key: the days the hours hold on.")


class Region(BaseModel):
    """Where the body that sends the teams is: a division of China as the divisions table names it."""

    province: str
    city: str | None = None
    county: str | None = None
    code: str = Field(pattern=r"^[0-9]{6}$", description="The official 6-digit division code.")


Level = Literal["central", "provincial", "city", "county", "township", "university", "enterprise", "other"]
YearFrom = Literal["written", "period", "text", "published", "reference"]


class Evidence(BaseModel):
    """Where in the original text a value was read: team index (None for notice-level), field, value, span."""

    team: int | None
    field: str
    value: str
    start: int
    end: int
    text: str
    support: str | None = Field(None, description="How the text ties the value to its team and field (see confidence).")
    cue: str | None = Field(None, description="How the text says what the value is: the label it follows, the verb "
                                              "that governs it, its table column, a numbered item, an entry window, "
                                              "or none (see reading/cues.py).")
    confidence: float | None = Field(None, ge=0, le=1, allow_inf_nan=False,
                                     description="The share of values of its class that were right on notices the "
                                                 "rules were not written from (the sealed validation set).")
    suspect: str | None = Field(None, description="Why the value's shape is off (support is then `suspect`).")
    placed: str | None = Field(None, description="How the text placed the value, where `support` says `suspect` or "
                                                 "`checked` instead.")
    year_from: YearFrom | None = Field(
        None, description="For a full date: where its year came from (written at the date, its period's other end, "
                          "another date in the text, the notice's publication date, the run's reference date).")
    source: str | None = Field(None, description="A merged record's: the doc_id of the record it was read from.")
    asked: Literal["confirmed", "repaired", "unconfirmed"] | None = Field(
        None, description="What the model's check did with the value: copied it back whole, wrote the whole name it "
                          "was cut from, or read something else at its place (the value then stays as it was).")


class Round(Team):
    """Extra key `round`: a round whose teams the text gives only as a count, with what it says of the whole
    round (its units, period, deadline and channels, each with evidence). The contract makes no team of it;
    the scorer ignores it. No leader or deputies: those are a team's."""

    name: str | None = None  # type: ignore[assignment]  # a round may go unnamed ("县委派出3个巡察组")
    team_count: int | None = Field(None, ge=0, le=10_000)  # teams in a round: a count past this is no count
    evidence: list[Evidence] = Field(default_factory=list)


class Held(BaseModel):
    """Extra key `held`: a record's teams, evidence and warnings as read and rated, before its threshold left values
    out (present only where it left some out): a threshold chosen when reading the records (`export`, `merge`,
    `review --min-confidence`) takes from them what it keeps."""

    threshold: float = Field(ge=0, le=1, description="The threshold the record was written at.")
    teams: list[Team] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Usage(BaseModel):
    """What answering one notice cost: wall seconds and the model's tokens (zero for the rules)."""

    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Notice(BaseModel):
    """One notice's answer: notice-v1 plus evidence spans, warnings and, on failure, the error."""

    doc_id: str
    kind: Kind
    event: Event
    title: str | None = None
    teams: list[Team] = Field(default_factory=list)
    round: Round | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    backend: str = "rules"
    usage: Usage | None = None
    error: str | None = None
    text_sha256: str | None = Field(None, description="Extra key: the sha256 of the text answered, which tells a "
                                                      "record of one text from a record of another under the same id.")
    published: Annotated[str | None, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), AfterValidator(_calendar_day)] = Field(
        None, description="Extra key: the publication date its input gave (a JSONL line's date, a web page's metadata), "
                          "YYYY-MM-DD.")
    url: Annotated[str | None, AfterValidator(lambda u: u and redact_url(u))] = Field(
        None, description="Extra key: where it was published, as its input gave it (its credentials as ***).")
    issuer: str | None = Field(None, description="Extra key: the body that sends the teams (中共某市委, 某大学党委).")
    level: Level | None = Field(None, description="Extra key: the issuing body's level.")
    region: Region | None = Field(None, description="Extra key: the issuing body's division, with its code.")
    region_reason: str | None = Field(None, description="Extra key: why there is no region (no body named, central "
                                      "or non-territorial body, a name several divisions share, no place named, "
                                      "places in two divisions).")

    held: Held | None = Field(None, description="Extra key: the values as read and rated before the threshold left "
                                                 "some out, for a threshold chosen later (see Held).")

    def evidence_for(self, team: int | str | None, field: str) -> list[Evidence]:
        """Where a value was read: the spans of `field` of a team (by its index or its name; None for the notice's
        own values, such as its title), in text order. A round's spans are on `round.evidence`. ValueError naming
        the fields for a field no evidence can have (a typo)."""
        known = sorted({*Team.model_fields, "title", "issuer", "region", "published"} - {"phone_days"})
        if field not in known:
            raise ValueError(f"evidence_for: no field {field!r}; the fields: {', '.join(known)}")
        if isinstance(team, str):
            team = next((k for k, t in enumerate(self.teams) if t.name == team), -1)
        return sorted((e for e in self.evidence if e.team == team and e.field == field), key=lambda e: e.start)

    def contract(self) -> dict:
        """The JSON object written for this notice (extra keys included, `None` extras left out)."""
        data = self.model_dump(mode="json")
        for extra in ("error", "round", "text_sha256", "published", "url", "issuer", "level", "region", "region_reason",
                      "held"):
            if data[extra] is None:
                del data[extra]
        return data
