"""Inputs: .txt files, folders of them, JSONL files of {"id", "text"} lines, or stdin; encodings detected.

A bad input (missing, empty, binary, undecodable, a broken JSONL line) becomes an `InputError`
naming it, in its place in the stream, so that the other inputs are still read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

_CANDIDATES = ("gb18030", "big5")


@dataclass(frozen=True)
class Document:
    """One notice to read: its id (file stem or JSONL id), its text, and where it came from."""

    doc_id: str
    text: str
    source: str


@dataclass(frozen=True)
class InputError:
    """An input that could not be read, with a one-line reason."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def decode(data: bytes) -> str:
    """Text from bytes in UTF-8 (with or without BOM), GB18030/GBK or Big5; ValueError when none fits."""
    if not data.strip():
        raise ValueError("empty input")
    if b"\x00" in data:
        raise ValueError("binary input (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    if best is not None and best.encoding in ("gb18030", "big5"):
        return str(best)
    for encoding in _CANDIDATES:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("not text in UTF-8, GB18030 or Big5")


def _checked(text: str) -> str:
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    if printable < 0.95 * len(text):
        raise ValueError("binary input (control characters), not text")
    if not text.strip():
        raise ValueError("empty input")
    return text


def _from_bytes(data: bytes, doc_id: str, source: str) -> Document | InputError:
    try:
        return Document(doc_id, _checked(decode(data)), source)
    except ValueError as e:
        return InputError(source, str(e))


def _jsonl(path: Path) -> Iterator[Document | InputError]:
    try:
        lines = decode(path.read_bytes()).splitlines()
    except (OSError, ValueError) as e:
        yield InputError(str(path), str(e))
        return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
            doc_id, text = str(row["id"]), row["text"]
            if not isinstance(text, str):
                raise TypeError("'text' is not a string")
            yield Document(doc_id, _checked(text), where)
        except (ValueError, KeyError, TypeError) as e:
            reason = f"missing key {e}" if isinstance(e, KeyError) else str(e).splitlines()[0]
            yield InputError(where, f"bad JSONL line: {reason}")


def read_inputs(inputs: list[str]) -> Iterator[Document | InputError]:
    """Every document the inputs name, in order; folders are read sorted, .txt and .jsonl files within."""
    for item in inputs:
        if item == "-":
            yield _from_bytes(sys.stdin.buffer.read(), "stdin", "<stdin>")
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file())
            if not files:
                yield InputError(item, "folder holds no .txt or .jsonl files")
            for p in files:
                yield from _file(p)
        elif path.is_file():
            yield from _file(path)
        else:
            yield InputError(item, "no such file or folder")


def _file(path: Path) -> Iterator[Document | InputError]:
    if path.suffix == ".jsonl":
        yield from _jsonl(path)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), e.strerror or str(e))
        return
    yield _from_bytes(data, path.stem, str(path))
