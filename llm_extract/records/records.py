"""Answer records read back from JSONL (or .json) files, one line at a time, each checked against the model.

What `export`, `merge` and `review` read. A line that is not JSON or not a record is a `RecordError`
naming its file and line, in its place in the stream, so that the other records are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..models import Notice


@dataclass(frozen=True)
class RecordError:
    """A line that is no record: where it is and why, in one line."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class Record:
    """One record as read: the model of it, the JSON object itself (extra keys kept) and where it was."""

    notice: Notice
    data: dict
    source: str


def read_records(paths: Iterable[str | Path]) -> Iterator[Record | RecordError]:
    """Every record in the files, in order: a .jsonl file line by line (memory stays flat), any other file as one
    JSON object or a list of them."""
    for path in map(Path, paths):
        try:
            if path.suffix.lower() == ".jsonl":
                with open(path, encoding="utf-8-sig") as f:
                    for number, line in enumerate(f, 1):
                        if line.strip():
                            yield _record(line, f"{path}:{number}")
                continue
            data = _loaded(path.read_text("utf-8-sig"))
        except (OSError, UnicodeDecodeError) as e:
            yield RecordError(str(path), _reason(e))
            continue
        except ValueError as e:
            yield RecordError(str(path), f"not JSON: {e}")
            continue
        for k, item in enumerate(data if isinstance(data, list) else [data], 1):
            yield _checked(item, f"{path}[{k}]" if isinstance(data, list) else str(path))


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is no JSON number")


def _loaded(text: str) -> object:
    """JSON as the standard writes it: NaN and Infinity refused; nesting too deep is a ValueError, not a crash."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _record(line: str, where: str) -> Record | RecordError:
    try:
        data = _loaded(line)
    except ValueError as e:
        return RecordError(where, f"not JSON: {e}")
    return _checked(data, where)


def _checked(data: object, where: str) -> Record | RecordError:
    if not isinstance(data, dict):
        return RecordError(where, f"not a record: a JSON {type(data).__name__}, not an object")
    if not isinstance(data.get("conflicts", []), list) or not isinstance(data.get("sources", []), list):
        return RecordError(where, "not a notice-v1 record: conflicts and sources must be lists")
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return RecordError(where, "not a record: a string holds a lone surrogate (no character)")
    try:
        return Record(Notice.model_validate(data), data, where)
    except RecursionError:
        return RecordError(where, "not a record: nested too deeply")
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        return RecordError(where, f"not a notice-v1 record: {field}: {first['msg']}")


def _reason(e: OSError | UnicodeDecodeError) -> str:
    if isinstance(e, UnicodeDecodeError):
        return "not UTF-8 text"
    return e.strerror or type(e).__name__
