"""Inputs: .txt and .html files, folders of them, JSONL files of {"id", "text"} lines, or stdin, through one gate.

Every way in passes the same two checks: `decode` (bytes to text: a UTF-8/16/32 byte-order mark,
else UTF-8, GB18030 or Big5) and `text_problem` (valid Unicode, not binary, within the size limit).
A web page (.html, .htm) is then read for its main text by trafilatura: navigation, share bars, scripts
and the site's footer (whose phones are the newsroom's) are left out, and evidence spans index that text.
A bad input becomes an `InputError` naming it, in its place in the stream, so that the other
inputs are still read; when the document's id is known (a file, a JSONL line with an id) the
error carries it, and the CLI writes an error record for it.

Document ids are unique and stable for the same inputs: a file in a folder is its path relative
to that folder without the suffix (`x` for `x.txt`, `a/x` for `a/x.txt`), a file named directly
is its stem, a JSONL line is its `"id"` (a string or a number), else `<file stem>:<line number>`,
stdin is `stdin`; an id that comes again in the same run gets `~2`, `~3`, … . A JSONL line may also give
`"date"` (its publication date, YYYY-MM-DD) and `"url"`; a web page's own metadata gives them the same way.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from ..models import REFERENCE_YEARS, notice_year

log = logging.getLogger(__name__)
MAX_CHARS = 200_000  # far above any real notice (the longest seen are ~20,000 characters)
_BYTES_PER_CHAR = 4  # no encoding read here spends more: a file larger than 4 × the limit is refused unread
_CANDIDATES = ("gb18030", "big5")
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")  # C0/C1 controls but for tab, newlines, form feed
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ISO_DAY = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[T ])")  # ASCII digits: "２０２４" is no metadata date
_HTML = (".html", ".htm")
_SUFFIXES = (".txt", ".jsonl", *_HTML)


@dataclass(frozen=True)
class Document:
    """One notice to read: its id, its text, where it came from, and, when its input says (a JSONL line's
    `date` and `url`, a web page's own metadata), when and where it was published: the date is the notice's
    reference date, which gives a yearless date its year where the text has no dated anchor."""

    doc_id: str
    text: str
    source: str
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class InputError:
    """An input that could not be read, with a one-line reason; `doc_id` when the document's id is known."""

    source: str
    message: str
    doc_id: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def decode(data: bytes) -> str:
    """Text from bytes: by byte-order mark, else UTF-8, GB18030/GBK or Big5; ValueError when none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ValueError(f"not valid {encoding.upper().removesuffix('-SIG')} after its byte-order mark") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    if best is not None and best.encoding in _CANDIDATES:
        log.debug("not UTF-8: read as %s", best.encoding)
        return str(best)
    for encoding in _CANDIDATES:
        try:
            text = data.decode(encoding)
            log.debug("not UTF-8: read as %s", encoding)
            return text
        except UnicodeDecodeError:
            continue
    raise ValueError("not text in UTF-8, UTF-16, UTF-32, GB18030 or Big5")


def text_hash(text: str) -> str:
    """The sha256 of a text (as UTF-8, surrogates escaped), hex: what a record says it was read from."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_problem(text: str, max_chars: int = MAX_CHARS) -> str | None:
    """Why `text` cannot be read as a notice (empty, too long, invalid Unicode, binary), or None when it can.

    One rule wherever the text comes from: a few stray control characters are tolerated, a text
    with more than 1% of them is binary data."""
    if not text.strip():
        return "empty input"
    if len(text) > max_chars:
        return f"{len(text):,} characters, over the limit of {max_chars:,} (--max-chars)"
    surrogate = _SURROGATE.search(text)
    if surrogate:
        return f"not valid Unicode: a lone surrogate U+{ord(surrogate[0]):04X} at character {surrogate.start()}"
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls > max(1, len(text) // 100):
        return f"binary input ({controls:,} control characters), not text"
    return None


def html_text(page: str) -> str:
    """The main text of a web page, by trafilatura (a well-kept main-text extractor, not tag stripping)."""
    import trafilatura  # only when a page comes

    text = trafilatura.extract(page, include_comments=False, include_tables=True)
    if not text:
        raise ValueError("no main text found in the HTML page")
    return text


def html_origin(page: str) -> tuple[date | None, str | None]:
    """A web page's own publication date (its `<meta>` tags: article:published_time, datePublished and the like;
    never a date guessed from the body, nor an impossible one repaired) and URL (its canonical link and the like,
    read by trafilatura), each None where the page does not give it."""
    import trafilatura  # only when a page comes

    meta = trafilatura.extract_metadata(page)
    return _meta_date(page), (meta.url if meta and meta.url else None)


_DATE_META = frozenset({"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                        "publish_date", "dc.date", "dc.date.issued", "dcterms.issued", "date"})


def _meta_date(page: str) -> date | None:
    """The first publication date a `<meta>` tag of the page states, as written (YYYY-MM-DD, in the years a notice
    is dated in), else None."""
    from html.parser import HTMLParser

    found: list[date | None] = []

    class Metas(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            given = dict(attrs)
            names = {(given.get(k) or "").lower() for k in ("property", "name", "itemprop")}
            if tag == "meta" and names & _DATE_META and not found:
                found.append(_iso_date(given.get("content") or ""))

    Metas().feed(page)
    return found[0] if found else None


def _iso_date(value: object) -> date | None:
    """A date from 'YYYY-MM-DD' (a time after it ignored) in the years a notice is dated in, else None."""
    m = _ISO_DAY.match(value) if isinstance(value, str) else None
    try:
        day = date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None
    return day if day and notice_year(day.year) else None


def _document(doc_id: str, text: str, source: str, max_chars: int, published: date | None = None,
              url: str | None = None) -> Document | InputError:
    problem = text_problem(text, max_chars)
    return InputError(source, problem, doc_id) if problem else Document(doc_id, text, source, published, url)


def _oversized(size: int, max_chars: int) -> str | None:
    """Why `size` bytes are sure to hold more than `max_chars` characters in any encoding read here, or None."""
    if size > _BYTES_PER_CHAR * max_chars:
        return f"{size:,} bytes, over the limit of {max_chars:,} characters (--max-chars)"
    return None


def _from_bytes(data: bytes, doc_id: str, source: str, max_chars: int) -> Document | InputError:
    if too_big := _oversized(len(data), max_chars):
        return InputError(source, too_big, doc_id)
    published = url = None
    try:
        text = decode(data)
        log.debug("%s: %d characters", source, len(text))
        if source.lower().endswith(_HTML):
            published, url = html_origin(text)
            text = html_text(text)
    except ValueError as e:
        return InputError(source, "empty input" if not data.strip() else str(e), doc_id)
    return _document(doc_id, text, source, max_chars, published, url)


def _jsonl_id(row: dict, path: Path, n: int) -> str:
    value = row.get("id")
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return f"{path.stem}:{n}"


def _jsonl_lines(path: Path, max_chars: int) -> Iterator[tuple[int, str | ValueError]]:
    """A JSONL file's lines, read one at a time (memory stays flat for any size), each decoded as `decode`
    reads a file (a UTF-16/32 file by its byte-order mark, whole); a line too long to hold a notice within
    `max_chars` is skipped unread, as a ValueError."""
    limit = 6 * max_chars + 4096  # JSON may spell each character as a 6-byte \\uXXXX escape
    with open(path, "rb") as raw:
        head = raw.read(4)
        raw.seek(0)
        wide = next((encoding for bom, encoding in _BOMS if head.startswith(bom) and encoding != "utf-8-sig"), None)
        if wide:
            with io.TextIOWrapper(raw, wide) as text:
                yield from enumerate(iter(lambda: text.readline(limit), ""), 1)
            return
        for n, line in enumerate(iter(lambda: raw.readline(limit), b""), 1):
            if len(line) == limit and not line.endswith(b"\n"):
                while (rest := raw.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield n, ValueError(f"a line of over {limit:,} bytes, too long for a notice of {max_chars:,} "
                                    "characters (--max-chars)")
                continue
            try:
                yield n, decode(line)
            except ValueError as e:
                yield n, e


def _jsonl(path: Path, max_chars: int) -> Iterator[Document | InputError]:
    try:
        for n, line in _jsonl_lines(path, max_chars):
            if isinstance(line, ValueError) or line.strip():
                yield _jsonl_row(path, n, line, max_chars)
    except (OSError, ValueError) as e:  # the file could not be opened, or a UTF-16/32 file is not that
        yield InputError(str(path), getattr(e, "strerror", None) or str(e))


def _jsonl_row(path: Path, n: int, line: str | ValueError, max_chars: int) -> Document | InputError:
    where = f"{path}:{n}"
    if isinstance(line, ValueError):
        return InputError(where, f"bad JSONL line: {line}")
    try:
        row = json.loads(line)
    except ValueError as e:
        return InputError(where, f"bad JSONL line: {str(e).splitlines()[0]}")
    if not isinstance(row, dict):
        return InputError(where, f'bad JSONL line: expected an object with "id" and "text", got {type(row).__name__}')
    doc_id = _jsonl_id(row, path, n)
    text = row.get("text")
    if not isinstance(text, str):
        problem = 'missing key "text"' if text is None else f'"text" is {type(text).__name__}, not a string'
        return InputError(where, f"bad JSONL line: {problem}", doc_id)
    published = _iso_date(row.get("date"))
    if row.get("date") is not None and published is None:
        return InputError(where, f'bad JSONL line: "date" is {str(row["date"])[:40]!r}, not a date (YYYY-MM-DD, '
                          f'{REFERENCE_YEARS[0]} to {REFERENCE_YEARS[1]})', doc_id)
    url = row.get("url") if isinstance(row.get("url"), str) and row["url"].strip() else None
    return _document(doc_id, text, where, max_chars, published, url)


def _file(path: Path, doc_id: str, max_chars: int) -> Iterator[Document | InputError]:
    if path.suffix.lower() == ".jsonl":
        yield from _jsonl(path, max_chars)
        return
    try:
        if too_big := _oversized(path.stat().st_size, max_chars):  # refused unread: memory stays flat for any size
            yield InputError(str(path), too_big, doc_id)
            return
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), e.strerror or str(e), doc_id)
        return
    yield _from_bytes(data, doc_id, str(path), max_chars)


def _folder(path: Path) -> tuple[list[Path], list[InputError]]:
    """The input files in a folder and its subfolders (suffixes in any case), sorted, and what could not be
    read there: a subfolder it may not list, a link to nothing."""
    files: list[Path] = []
    problems: list[InputError] = []

    def unreadable(e: OSError) -> None:
        problems.append(InputError(str(e.filename), f"folder not read: {e.strerror or e}"))

    for root, _, names in os.walk(path, onerror=unreadable):
        for name in names:
            p = Path(root, name)
            if p.suffix.lower() not in _SUFFIXES:
                continue
            if p.is_file():
                files.append(p)
            elif p.is_symlink() and not p.exists():
                problems.append(InputError(str(p), "a link to nothing (its target is gone)",
                                            p.relative_to(path).with_suffix("").as_posix()))
    return sorted(files), problems


def _items(inputs: Iterable[str], max_chars: int) -> Iterator[Document | InputError]:
    for item in inputs:
        if item == "-":
            data = sys.stdin.buffer.read(_BYTES_PER_CHAR * max_chars + 1)
            yield _from_bytes(data, "stdin", "<stdin>", max_chars)
            continue
        path = Path(item)
        if path.is_dir():
            files, problems = _folder(path)
            yield from problems
            if not files and not problems:
                yield InputError(item, "folder holds no .txt, .html or .jsonl files")
            for p in files:
                yield from _file(p, p.relative_to(path).with_suffix("").as_posix(), max_chars)
        elif path.is_file():
            yield from _file(path, path.stem, max_chars)
        else:
            yield InputError(item, "no such file or folder")


def read_inputs(inputs: Iterable[str], max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Every document the inputs name, in order, with unique ids; folders are read sorted, .txt and .jsonl within."""
    seen: dict[str, int] = {}
    for item in _items(inputs, max_chars):
        if item.doc_id is None:
            yield item
            continue
        count = seen[item.doc_id] = seen.get(item.doc_id, 0) + 1
        yield item if count == 1 else replace(item, doc_id=f"{item.doc_id}~{count}")


def check_output(output: str | None, inputs: list[str]) -> None:
    """ValueError when the output file is an input, or lies in an input folder (it would be read back as input)."""
    if not output:
        return
    target = Path(output).resolve()
    for item in inputs:
        if item == "-":
            continue
        source = Path(item).resolve()
        if target == source:
            raise ValueError(f"-o {output} is also an input: it would be overwritten; write elsewhere")
        if source.is_dir() and target.is_relative_to(source):
            raise ValueError(f"-o {output} lies in the input folder {item}: the next run would read it as input; "
                             "write elsewhere")
