"""A persistent answer cache: the same question to the same model is never paid for twice.

A question is keyed by everything that decides its answer: the model, the endpoint, the instructor
mode, the prompt messages and the response schema (a prompt or schema change is a new question).
It stores the model's validated answer as JSON; a hit still goes through the cross-check, as any
answer does. The store is SQLite (WAL), so that threads and processes (Ray actors) can share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

CACHE_ENV = "LLM_EXTRACT_CACHE"
ANSWERS_ENV = "LLM_EXTRACT_ANSWERS"  # the answer cache's own file, when it should live apart from the models
FILE = "answers.sqlite"


def cache_dir() -> Path:
    """The user cache folder (joined models, answers): $LLM_EXTRACT_CACHE, else the platform's."""
    return Path(os.environ.get(CACHE_ENV) or user_cache_dir("llm-extract"))


def question_key(**parts: Any) -> str:
    """A stable key for one question, from JSON-able parts."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """Answers by question key, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                       "created REAL NOT NULL DEFAULT (julianday('now')))")

    @classmethod
    def default(cls) -> AnswerCache:
        """The cache at $LLM_EXTRACT_ANSWERS, else in the user cache folder."""
        return cls(Path(os.environ.get(ANSWERS_ENV) or cache_dir() / FILE))

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not shared between threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            self._local.db = db
        return db

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer for `key`, or None."""
        row = self._db().execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store an answer (a later answer to the same question replaces it)."""
        self._db().execute("INSERT OR REPLACE INTO answers (key, value) VALUES (?, ?)",
                           (key, json.dumps(value, ensure_ascii=False)))

    def info(self) -> dict[str, Any]:
        """Where the cache is, how many answers it holds, and its size on disk."""
        (count,) = self._db().execute("SELECT count(*) FROM answers").fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {"path": str(self.path), "answers": count, "bytes": size}

    def clear(self) -> int:
        """Drop every answer; how many there were."""
        db = self._db()
        (count,) = db.execute("SELECT count(*) FROM answers").fetchone()
        db.execute("DELETE FROM answers")
        db.execute("VACUUM")
        return count
