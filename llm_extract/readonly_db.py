"""SQLite files opened to look, never to write: what a database holds is read before anything is changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def looking_at(path: Path) -> Iterator[sqlite3.Connection]:
    """The database at `path` opened read-only (no journal, no file created); sqlite3.Error when it is none."""
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        yield db
    finally:
        db.close()


def table_names(db: sqlite3.Connection) -> set[str]:
    """The tables the database holds."""
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
