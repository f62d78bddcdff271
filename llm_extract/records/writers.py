"""Which writer an output's suffix names: CSV, Parquet and .xlsx (`export`), SQLite (`sqlite_export`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .export import Records, write_csv, write_parquet, write_xlsx
from .sqlite_export import write_sqlite

SUFFIXES = (".csv", ".parquet", ".xlsx", ".sqlite", ".db")
WRITERS: dict[str, Callable[[Records, Path], tuple[int, int]]] = {
    ".csv": write_csv, ".parquet": write_parquet, ".xlsx": write_xlsx, ".sqlite": write_sqlite, ".db": write_sqlite,
}


def writer_for(path: Path) -> Callable[[Records, Path], tuple[int, int]]:
    """The writer for OUT's suffix; ValueError naming the suffixes known."""
    try:
        return WRITERS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"-o {path}: the format is taken from the suffix: one of {', '.join(SUFFIXES)}") from None
