"""Texts by doc_id held on disk, not in memory: a page over 100,000 notices looks each text up as it goes."""

from __future__ import annotations

import sqlite3

_AS = ("utf-8", "surrogatepass")  # a text or a file name as read may hold a lone surrogate: kept, as a hash keeps it


class TextStore:
    """A private temporary SQLite database (deleted when closed) of doc_id → text; a later text of a doc_id
    replaces an earlier one, as a later line of an input does."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": SQLite's private on-disk temporary database
        self._db.execute("CREATE TABLE texts (doc_id BLOB PRIMARY KEY, text BLOB NOT NULL)")

    def add(self, doc_id: str, text: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (doc_id.encode(*_AS), text.encode(*_AS)))

    def get(self, doc_id: str) -> str | None:
        row = self._db.execute("SELECT text FROM texts WHERE doc_id = ?", (doc_id.encode(*_AS),)).fetchone()
        return bytes(row[0]).decode(*_AS) if row else None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM texts").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TextStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
