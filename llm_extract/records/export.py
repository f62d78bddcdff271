"""Records to the tables analysts load: CSV (one row per team), Parquet (the same rows, lists kept) and a
spreadsheet (.xlsx, the same rows, typed); the rows' cells, which the SQLite export (`sqlite_export`) shares.

Records in, files out: values are the records' own, nothing is read from texts or recomputed. A notice with
no team gets one row of its own; a round (teams given only as a count) gets a row marked `round`; a record
with an `error` is exported with its error and no team rows.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..files import scratch_beside, write_whole
from ..messages import say
from ..models import Evidence, Notice, Round, Team
from .keys import NoticeKeys

log = logging.getLogger(__name__)
LIST_JOIN = "; "  # list cells in CSV: no value the contract allows holds it
_BATCH = 1000  # Parquet rows written at a time: memory stays flat over any number of records

# The columns of a row, in order; those whose values are lists are lists in Parquet and joined in CSV.
COLUMNS = (
    "doc_id", "sources", "text_sha256", "kind", "event", "title", "backend", "error", "row", "position", "name",
    "team_count", "leader", "deputy_leaders", "targets", "start_date", "end_date", "duration", "petition_deadline",
    "start_year_from", "end_year_from", "deadline_year_from",
    "phones", "sms_only_phones", "phone_hours", "phone_days", "mailboxes", "mailbox_postcodes", "emails", "warnings",
    "published", "url", "issuer", "level", "province", "city", "county", "region_code", "conflicts",
    "start_md", "end_md", "deadline_md", "region_reason", "unit_full", "phone_keys",
)
LISTS = frozenset({"sources", "deputy_leaders", "targets", "phones", "sms_only_phones", "phone_hours", "mailboxes",
                   "mailbox_postcodes", "emails", "warnings", "unit_full", "phone_keys"})
# Dates: ISO in CSV (a date with no year as --MM-DD); typed (a date, null when the year is unknown) in Parquet,
# SQLite and .xlsx (which shows a yearless date as its text). Each team date's *_year_from says where its year
# came from: written, period, text, published, reference (see Evidence.year_from), or none.
DATES = ("start_date", "end_date", "petition_deadline", "published")
_YEARS = {"start_date": "start_year_from", "end_date": "end_year_from", "petition_deadline": "deadline_year_from"}
# Each team date's month and day as text (MM-DD), beside the typed date: a date with no year keeps them too.
MONTH_DAYS = {"start_date": "start_md", "end_date": "end_md", "petition_deadline": "deadline_md"}


def input_hash(notice: Notice, data: dict) -> str:
    """What tells one run's record of a notice from another's: the hash of the text it was read from, else (an
    older or hand-made record) the hash of the record itself."""
    return notice.text_sha256 or hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def rows(notice: Notice, data: dict) -> Iterator[dict[str, Any]]:
    """The record's rows: one per team, one for its round, or one for the notice alone (also for an error)."""
    head = {"doc_id": notice.doc_id, "sources": [str(s) for s in data.get("sources") or [notice.doc_id]],
            "text_sha256": notice.text_sha256, "kind": notice.kind, "event": notice.event, "title": notice.title,
            "backend": notice.backend, "error": notice.error, "warnings": notice.warnings,
            "published": notice.published, "url": notice.url, **origin_cells(notice),
            "conflicts": _conflicts(data, None, None)}
    groups, keys = team_groups(notice), NoticeKeys.of(notice)
    if not groups:
        yield {c: [] if c in LISTS else None for c in COLUMNS} | head | {"row": "notice"}
        return
    for position, team in enumerate(groups):
        yield head | {"row": "round" if team is notice.round else "team", "position": position,
                      "conflicts": _conflicts(data, None, team.name)} | _team_cells(team, keys) | \
            year_sources(team, team_spans(notice, position, team))


def team_spans(notice: Notice, position: int, team: Team) -> list[Evidence]:
    """A team's evidence (a round keeps its own)."""
    return team.evidence if isinstance(team, Round) else [e for e in notice.evidence if e.team == position]


def year_sources(team: Team, spans: list[Evidence]) -> dict[str, str | None]:
    """Where each of the team's dates took its year: `none` for a date the text and the run left yearless, else
    its evidence's `year_from` (None for a record that predates it)."""
    out: dict[str, str | None] = {}
    for field, column in _YEARS.items():
        value = getattr(team, field)
        said = next((e.year_from for e in spans if e.field == field and e.value == value), None)
        out[column] = None if value is None else "none" if value.startswith("--") else said
    return out


def origin_cells(notice: Notice) -> dict[str, str | None]:
    """The issuing body, its level and its region's names and code (or why there is none), as cells."""
    region = notice.region
    return {"issuer": notice.issuer, "level": notice.level, "province": region.province if region else None,
            "city": region.city if region else None, "county": region.county if region else None,
            "region_code": region.code if region else None, "region_reason": notice.region_reason}


def _conflicts(data: dict, *teams: str | None) -> str | None:
    """A merged record's conflicts on these teams (None: the notice's own fields) as a JSON array, else None."""
    mine = [c for c in data.get("conflicts") or [] if isinstance(c, dict) and c.get("team") in teams]
    return json.dumps(mine, ensure_ascii=False) if mine else None


def team_groups(notice: Notice) -> list[Team]:
    """What gets a row of its own: the teams, then the round; nothing for a failed record."""
    if notice.error:
        return []
    return notice.teams + ([notice.round] if notice.round else [])


def _team_cells(team: Team, keys: NoticeKeys) -> dict[str, Any]:
    return {
        "name": team.name, "team_count": getattr(team, "team_count", None), "leader": team.leader,
        "deputy_leaders": team.deputy_leaders, "targets": team.targets, "start_date": team.start_date,
        "end_date": team.end_date, "duration": team.duration, "petition_deadline": team.petition_deadline,
        "phones": [p.number for p in team.phones], "sms_only_phones": [p.number for p in team.phones if p.sms_only],
        "phone_hours": team.phone_hours, "phone_days": team.phone_days,
        "mailboxes": [m.address for m in team.mailboxes], "mailbox_postcodes": [m.postcode or "" for m in team.mailboxes],
        "emails": team.emails,
        "unit_full": [u or "" for u in keys.units(team)], "phone_keys": keys.phones(team),  # "": no key
    } | {md: month_day(getattr(team, d)) for d, md in MONTH_DAYS.items()}


def month_day(value: str | None) -> str | None:
    """A contract date's MM-DD ("2024-03-01" and "--03-01" both "03-01")."""
    return value[-5:] if value else None


Records = Iterable[tuple[Notice, dict]]


def write_csv(records: Records, path: Path) -> tuple[int, int]:
    """One row per team, list cells joined with "; ", UTF-8 with a byte-order mark (so that a spreadsheet reads
    the Chinese right), cells that would start a formula made inert. Returns (records, rows) written."""
    counts = [0, 0]

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, COLUMNS)
            writer.writeheader()
            for notice, data in records:
                counts[0] += 1
                for row in rows(notice, data):
                    writer.writerow({k: _inert(LIST_JOIN.join(v) if k in LISTS else v) for k, v in row.items()})
                    counts[1] += 1

    write_whole(path, write)
    return counts[0], counts[1]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula at a cell's start (OWASP)


def _inert(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs: a leading ' before what would start a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_parquet(records: Records, path: Path) -> tuple[int, int]:
    """The CSV's rows with list columns kept as lists (pyarrow, from the 'parquet' extra). Returns (records, rows)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("writing .parquet needs pyarrow: pip install 'llm-extract[parquet]'") from None
    schema = pa.schema([(c, pa.list_(pa.string()) if c in LISTS else pa.int64() if c in ("position", "team_count")
                         else pa.date32() if c in DATES else pa.string()) for c in COLUMNS])
    counts = [0, 0]

    def write(tmp: Path) -> None:
        with pq.ParquetWriter(tmp, schema) as writer:
            batch: list[dict[str, Any]] = []
            for notice, data in records:
                counts[0] += 1
                batch.extend(row | {c: as_day(row[c]) for c in DATES} for row in rows(notice, data))
                if len(batch) >= _BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema))
                    counts[1] += len(batch)
                    batch = []
            writer.write_table(pa.Table.from_pylist(batch, schema))
            counts[1] += len(batch)

    write_whole(path, write)
    return counts[0], counts[1]


def write_xlsx(records: Records, path: Path) -> tuple[int, int]:
    """The CSV's rows as a spreadsheet (openpyxl, from the 'xlsx' extra, written as it goes): every cell text
    (phones, postcodes and ids stay as written, nothing is run as a formula) but full dates, which are dates,
    and positions and counts, which are numbers. Returns (records, rows)."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    except ImportError:
        raise RuntimeError("writing .xlsx needs openpyxl: pip install 'llm-extract[xlsx]'") from None
    counts = [0, 0]
    altered: Counter[str] = Counter()  # column -> cells cut to a cell's size or stripped of control characters

    def write(tmp: Path) -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("teams")
        try:
            fill(sheet)
            book.save(tmp)
        except BaseException:  # interrupted, or the disk full: the sheet's spooling closed now, quietly, not at exit
            _close_quietly(sheet)
            raise

    def fill(sheet: Any) -> None:
        sheet.append(COLUMNS)
        for notice, data in records:
            counts[0] += 1
            for row in rows(notice, data):
                cells = []
                for k in COLUMNS:
                    value = LIST_JOIN.join(row[k]) if k in LISTS else row[k]
                    day = as_day(value) if k in DATES else None
                    if isinstance(value, str) and not day:
                        fit = ILLEGAL_CHARACTERS_RE.sub("", value)[:_XLSX_CELL]
                        altered[k] += fit != value
                        value = fit
                    cell = WriteOnlyCell(sheet, day or value)
                    if day:
                        cell.number_format = "yyyy-mm-dd"
                    elif isinstance(value, str):
                        cell.data_type = "s"  # text, even when it starts with =
                    cells.append(cell)
                sheet.append(cells)
                counts[1] += 1

    with scratch_beside(path):  # openpyxl's sheets spool to temporary files: beside the output, and removed
        write_whole(path, write)
    if columns := sorted(k for k, n in altered.items() if n):
        say(f"{path}: {sum(altered.values())} cell(s) cut to {_XLSX_CELL:,} characters or stripped of control "
            f"characters, in {', '.join(columns)} (.csv, .parquet and .sqlite keep them whole)")
    return counts[0], counts[1]


_XLSX_CELL = 32_767  # the most characters a spreadsheet cell holds


def _close_quietly(sheet: Any) -> None:
    """A write-only sheet's spooling generators closed where they stand (left open, they are closed at interpreter
    exit and print "Exception ignored" with a traceback)."""
    writer = getattr(sheet, "_writer", None)
    for generator in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):  # the rows' first: they feed it
        try:
            if generator is not None:
                generator.close()
        except Exception as e:  # noqa: BLE001 - a half-written sheet may fail to close; it is thrown away anyway
            log.debug("a half-written sheet's part did not close: %s", e)


def as_day(value: Any) -> date | None:
    """A full ISO date as a date; None for a date with no year (--MM-DD) or anything else."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 and value[0] != "-" else None
    except ValueError:
        return None
