"""A persistent answer cache: the same question to the same model is never paid for twice.

A question is keyed by everything that decides its answer: the model, the endpoint, the instructor
mode, the prompt messages and the response schema (a prompt or schema change is a new question).
It stores the model's validated answer as JSON; a hit still goes through the cross-check, as any
answer does. The store is SQLite (WAL), so that threads and processes (Ray actors) can share it.

The cache never costs an answer: when its file cannot be opened, read or written (read-only, damaged,
a folder, another program's file), the run goes on without it and says so once. `info` looks without
creating anything; `clear` replaces a damaged cache with an empty one, and touches nothing that is not one (a
device, a text file, another program's SQLite database).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_cache_dir

from ..messages import say
from ..readonly_db import looking_at, table_names

CACHE_ENV = "LLM_EXTRACT_CACHE"
ANSWERS_ENV = "LLM_EXTRACT_ANSWERS"  # the answer cache's own file, when it should live apart from the models
FILE = "answers.sqlite"
T = TypeVar("T")


def cache_dir() -> Path:
    """The user cache folder (joined models, answers): $LLM_EXTRACT_CACHE, else the platform's."""
    return Path(os.environ.get(CACHE_ENV) or user_cache_dir("llm-extract"))


def question_key(**parts: Any) -> str:
    """A stable key for one question, from JSON-able parts."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def answers_path() -> Path:
    """The answer cache's file: $LLM_EXTRACT_ANSWERS, else in the user cache folder."""
    return Path(os.environ.get(ANSWERS_ENV) or cache_dir() / FILE)


_FAULTS = (sqlite3.Error, OSError)
_TABLE = ("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
          "created REAL NOT NULL DEFAULT (julianday('now')))")


class AnswerCache:
    """Answers by question key, in one SQLite file; a fault turns it off for the run (said once), never
    failing the question that met it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._fault: str | None = None
        self._lock = threading.Lock()
        self._guarded(self._create, None)

    @classmethod
    def default(cls) -> AnswerCache:
        """The cache at `answers_path()`."""
        return cls(answers_path())

    def _create(self) -> None:
        if other := foreign(self.path):
            raise OSError(f"{other}: not used")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db()

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not shared between threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = _opened(self.path)
        return db

    def _guarded(self, op: Callable[[], T], fallback: T) -> T:
        """`op()`, or `fallback` once the cache has failed: the first fault is said, and turns the cache off."""
        if self._fault is not None:
            return fallback
        try:
            return op()
        except _FAULTS as e:
            with self._lock:
                first, self._fault = self._fault is None, str(e) or type(e).__name__
            if first:
                say(f"answer cache {self.path}: {self._fault}; going on without it "
                    "(`llm-extract cache clear` replaces a damaged cache)")
            return fallback

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer for `key`, or None (also when the cache cannot be read)."""
        def look() -> dict[str, Any] | None:
            row = self._db().execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None

        return self._guarded(look, None)

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store an answer (a later answer to the same question replaces it); nothing when it cannot be written."""
        self._guarded(lambda: self._db().execute("INSERT OR REPLACE INTO answers (key, value) VALUES (?, ?)",
                                                 (key, json.dumps(value, ensure_ascii=False))), None)


def _opened(path: Path) -> sqlite3.Connection:
    """A connection to the cache at `path`, its table made if it has none."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(_TABLE)
    return db


def _files(path: Path) -> list[Path]:
    """The cache file and SQLite's companions (-wal, -shm) that exist."""
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


def _count(path: Path) -> int:
    """The answers in the cache at `path`, read without writing anything; sqlite3.Error when it is damaged."""
    with looking_at(path) as db:
        (count,) = db.execute("SELECT count(*) FROM answers").fetchone()
        return int(count)


_SQLITE = b"SQLite format 3\x00"


def foreign(path: Path) -> str | None:
    """What the file at `path` is when it is something other than an answer cache (a device, a text file,
    another program's SQLite database), else None: no file, an empty one, this tool's cache, or a damaged one."""
    if not path.exists() or path.is_dir():
        return None
    if not path.is_file():
        return f"{path}: not a regular file (a device, a pipe or a socket)"
    with open(path, "rb") as f:
        head = f.read(len(_SQLITE))
    if not head:
        return None
    if head != _SQLITE:
        return f"{path}: not an answer cache (not a SQLite file)"
    try:
        with looking_at(path) as db:
            tables = table_names(db)
    except sqlite3.Error:
        return None  # a damaged cache
    others = sorted(tables - {"answers"})
    return f"{path}: another program's SQLite database (tables {', '.join(others)})" if others else None


def info(path: Path) -> str:
    """One line on the cache at `path`: its answers and size, that there is none yet, or what is wrong with it.
    Nothing is created."""
    if path.is_dir():
        return f"{path}: a folder, not a cache file ({ANSWERS_ENV} should name a file)"
    if not path.exists():
        return f"{path}: no answer cache yet"
    if other := foreign(path):
        return f"{other}; {ANSWERS_ENV} should name the answer cache's own file"
    size = sum(p.stat().st_size for p in _files(path))
    try:
        return f"{path}: {_count(path)} answer(s), {size:,} bytes"
    except sqlite3.Error as e:
        return f"{path}: damaged ({e}), {size:,} bytes; `llm-extract cache clear` replaces it"


def clear(path: Path) -> str:
    """Drop every answer, or replace a damaged cache with an empty one; says which. OSError when the file
    cannot be removed or written."""
    if path.is_dir():
        raise OSError(f"{path}: a folder, not a cache file ({ANSWERS_ENV} should name a file)")
    if not path.exists():
        return f"{path}: no answer cache yet, nothing to clear"
    if other := foreign(path):
        raise OSError(f"{other}; not touched")
    try:
        count = _count(path)
    except sqlite3.Error as e:
        for p in _files(path):
            p.unlink()
        done = f"replaced the damaged answer cache {path} ({e}) with an empty one"
    else:
        done = f"cleared {count} answer(s) from {path}"
    try:
        db = _opened(path)
        db.execute("DELETE FROM answers")
        db.execute("VACUUM")
        db.close()
    except sqlite3.Error as e:
        raise OSError(f"{path}: {e}") from None
    return done
