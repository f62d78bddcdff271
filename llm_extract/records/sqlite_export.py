"""The SQLite export: the records added to a database of notices, teams, targets, contacts, evidence and conflicts
(`data/export.sql`), one transaction an export, never a notice twice; an earlier version's database brought up to
today's, another program's refused untouched."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from contextlib import closing
from importlib import resources
from pathlib import Path

from ..models import Notice, Team
from ..readonly_db import looking_at, table_names
from .export import (
    LIST_JOIN,
    MONTH_DAYS,
    Records,
    as_day,
    input_hash,
    month_day,
    origin_cells,
    team_groups,
    team_spans,
    year_sources,
)
from .keys import NoticeKeys

log = logging.getLogger(__name__)


def _iso(value: str | None) -> str | None:
    """A full date as SQLite keeps a DATE (ISO text, which sorts and compares as dates do); None for a date with no
    year, which would compare wrong ('--04-30' < '2024-05-01')."""
    day = as_day(value)
    return day.isoformat() if day else None


def write_sqlite(records: Records, path: Path) -> tuple[int, int]:
    """Add the records to the database (created with its tables and view when new). A notice already there (same
    doc_id and input hash) is not added again, so appending a run twice changes nothing; a failed record of it is
    replaced by a good one. Another program's database is refused untouched; a database another export is
    writing is waited for; a failed export adds nothing (and removes the file it created, when no other export
    has written to it; one that lost its file so starts again). Returns (added, already there)."""
    for _ in range(_ATTEMPTS):
        try:
            return _write_sqlite(records, path)
        except _Replaced:  # another export that created the file failed and removed it: start again on a new one
            log.debug("%s: removed under this export by the one that created it; starting again", path)
    raise OSError(0, "the database was removed under this export again and again; nothing added", str(path))


class _Replaced(Exception):
    """The database file this export opened is no longer the one at its path."""


_ATTEMPTS = 3


def _write_sqlite(records: Records, path: Path) -> tuple[int, int]:
    schema = resources.files("llm_extract").joinpath("data/export.sql").read_text("utf-8")
    created = _create(path)
    added = skipped = 0
    try:
        inode = path.stat().st_ino
        _roll_back(path)
        upgrade = _check_schema(path, schema)
        with closing(sqlite3.connect(path, timeout=_LOCK_WAIT)) as db, db:
            db.execute("PRAGMA foreign_keys = ON")
            db.executescript(";\n".join([*upgrade, schema]))
            db.execute("BEGIN IMMEDIATE")  # one transaction for the whole export: all of it or nothing
            if not path.exists() or path.stat().st_ino != inode:
                raise _Replaced
            _migrate(db)
            for notice, data in records:
                if _insert(db, notice, data):
                    added += 1
                else:
                    skipped += 1
    except (sqlite3.Error, OverflowError) as e:
        if created:
            _remove_if_unwritten(path)
        raise OSError(0, f"{e}; nothing added", str(path)) from None
    return added, skipped


def _create(path: Path) -> bool:
    """True when this export creates the database file (exclusively: of two exports racing to create it, one does,
    and only that one may remove it)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except FileExistsError:
        return False
    return True


def _remove_if_unwritten(path: Path) -> None:
    """The file this export created removed after it failed, unless another export holds it or has written to it:
    under an exclusive lock taken at once, so that no other export is midway through its own transaction."""
    try:
        with closing(sqlite3.connect(path, timeout=0, isolation_level=None)) as db:
            db.execute("BEGIN EXCLUSIVE")
            written = "notices" in table_names(db) and db.execute("SELECT 1 FROM notices LIMIT 1").fetchone()
            if not written:
                path.unlink(missing_ok=True)
            db.execute("ROLLBACK")
    except (sqlite3.Error, OSError) as e:  # another export is writing it: the file is theirs now
        log.debug("%s: left to the export that holds it (%s)", path, e)


_LOCK_WAIT = 600.0  # seconds an export waits for another one writing the same database


def _migrate(db: sqlite3.Connection) -> None:
    """Rows an earlier version wrote brought to today's typing, in the export's own transaction: a date with no year
    was kept as '--MM-DD' text in its DATE column (which compares wrong: '--03-01' < '2000-01-01'); it is NULL now,
    its year 'none', its month and day in its *_md column, which every date fills."""
    for day, md, year in (("start_date", "start_md", "start_year_from"), ("end_date", "end_md", "end_year_from"),
                          ("petition_deadline", "deadline_md", "deadline_year_from")):
        db.execute(f"UPDATE teams SET {md} = substr({day}, -5) WHERE {md} IS NULL AND {day} IS NOT NULL")
        db.execute(f"UPDATE teams SET {day} = NULL, {year} = coalesce({year}, 'none') WHERE {day} LIKE '--%'")


def _roll_back(path: Path) -> None:
    """A journal left beside the database by a write that was killed or ran out of disk ("-journal") rolled back, as
    SQLite does when it opens the file to write: a read-only look could not, and would refuse the database."""
    if path.is_file() and path.with_name(f"{path.name}-journal").exists():
        with closing(sqlite3.connect(path, timeout=_LOCK_WAIT)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _check_schema(path: Path, schema: str) -> list[str]:
    """sqlite3.Error unless the database at `path` is new, empty, or holds only this export's tables with their
    columns, or an earlier export's (its columns the first of today's): another program's database is not
    touched. Returns what brings an earlier export's tables up to today's (ALTER TABLE … ADD COLUMN, and its views
    dropped so that the schema makes them again with the new columns)."""
    if not path.exists() or path.is_dir():
        return []
    added: list[str] = []
    with closing(sqlite3.connect(":memory:")) as ours, looking_at(path) as theirs:
        ours.executescript(schema)
        for table in sorted(table_names(theirs)):
            columns = {c[1]: c[2] for c in ours.execute(f"PRAGMA table_info('{table}')")}
            found = [c[1] for c in theirs.execute(f"PRAGMA table_info('{table}')")]
            if not columns or not found or found != list(columns)[:len(found)]:
                raise sqlite3.DatabaseError(f"another program's database (table {table}): not touched")
            added += [f'ALTER TABLE {table} ADD COLUMN "{name}" {kind}' for name, kind in list(columns.items())[len(found):]]
        views = [name for (name,) in ours.execute("SELECT name FROM sqlite_master WHERE type = 'view'")]
    return [f"DROP VIEW IF EXISTS {name}" for name in views] + added if added else []


def _insert(db: sqlite3.Connection, notice: Notice, data: dict) -> bool:
    if not notice.error:  # a good record replaces a failed one of the same text
        db.execute("DELETE FROM notices WHERE doc_id = ? AND input_hash = ? AND error IS NOT NULL",
                   (notice.doc_id, input_hash(notice, data)))
    origin = origin_cells(notice)
    cur = db.execute(
        "INSERT OR IGNORE INTO notices (doc_id, input_hash, kind, event, title, backend, error, warnings, sources, "
        f"published, url, {', '.join(origin)}) VALUES ({', '.join('?' * (11 + len(origin)))})",
        (notice.doc_id, input_hash(notice, data), notice.kind, notice.event, notice.title, notice.backend,
         notice.error, json.dumps(notice.warnings, ensure_ascii=False),
         json.dumps(data.get("sources") or [notice.doc_id], ensure_ascii=False), _iso(notice.published), notice.url,
         *origin.values()))
    if not cur.rowcount:
        return False
    notice_id = cur.lastrowid
    db.executemany("INSERT INTO conflicts (notice_id, team, field, value, sources) VALUES (?, ?, ?, ?, ?)",
                   [(notice_id, c.get("team"), str(c.get("field")), json.dumps(v.get("value"), ensure_ascii=False),
                     json.dumps(v.get("sources", []), ensure_ascii=False))
                    for c in data.get("conflicts") or [] if isinstance(c, dict)
                    for v in c.get("values") or [] if isinstance(v, dict)])
    team_ids: dict[int | None, int | None] = {None: None}
    round_id = None
    keys = NoticeKeys.of(notice)
    for position, team in enumerate(team_groups(notice)):
        team_id = _insert_team(db, keys, notice_id, position, int(team is notice.round), team,
                               year_sources(team, team_spans(notice, position, team)))
        if team is notice.round:
            round_id = team_id
        else:
            team_ids[position] = team_id
    for ev, team_id in [(e, team_ids.get(e.team)) for e in notice.evidence] + \
                       [(e, round_id) for e in (notice.round.evidence if round_id is not None and notice.round else [])]:
        db.execute("INSERT INTO evidence (notice_id, team_id, field, value, start, end, text, support, confidence, "
                   "year_from, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (notice_id, team_id, ev.field, ev.value, ev.start, ev.end, ev.text, ev.support, ev.confidence,
                    ev.year_from, ev.source))
    return True


def _insert_team(db: sqlite3.Connection, keys: NoticeKeys, notice_id: int | None, position: int, is_round: int,
                 team: Team, years: dict[str, str | None]) -> int | None:
    team_id = db.execute(
        "INSERT INTO teams (notice_id, position, is_round, name, team_count, leader, deputy_leaders, start_date, "
        f"end_date, duration, petition_deadline, phone_hours, phone_days, {', '.join(years)}, "
        f"{', '.join(MONTH_DAYS.values())}) VALUES ({', '.join('?' * (13 + len(years) + len(MONTH_DAYS)))})",
        (notice_id, position, is_round, team.name, getattr(team, "team_count", None), team.leader,
         LIST_JOIN.join(team.deputy_leaders), _iso(team.start_date), _iso(team.end_date), team.duration,
         _iso(team.petition_deadline), LIST_JOIN.join(team.phone_hours), team.phone_days, *years.values(),
         *(month_day(getattr(team, d)) for d in MONTH_DAYS))).lastrowid
    db.executemany("INSERT INTO targets (team_id, position, target, unit_full) VALUES (?, ?, ?, ?)",
                   [(team_id, k, t, full) for k, (t, full) in enumerate(zip(team.targets, keys.units(team), strict=True))])
    hours = LIST_JOIN.join(team.phone_hours) or None
    contacts: list[tuple[str, str, str | None, str | None, str | None]] = [
        ("sms" if p.sms_only else "phone", p.number, None, hours, key)
        for p, key in zip(team.phones, keys.phones(team), strict=True)]
    contacts += [("mailbox", m.address, m.postcode, None, None) for m in team.mailboxes]
    contacts += [("email", e, None, None, None) for e in team.emails]
    db.executemany("INSERT INTO contacts (team_id, position, kind, value, postcode, hours, phone_key) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", [(team_id, k, *c) for k, c in enumerate(contacts)])
    return team_id
