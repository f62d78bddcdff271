"""One notice answered: `extract` a text, `answer_document` a document (`batch.extract_many` answers many).

Every failure while answering a notice (an endpoint down or answering garbage, a cut-off answer,
a bug) takes one path: the notice's record is the rules answer (or, if even reading failed, an
empty record) with `error` set, and the next notice is answered as if nothing had happened.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from ..backend import Backend, BackendError, failure
from ..models import Notice, Usage, parse_day
from ..reading import rules
from ..reading.confidence import Rating, checked, holding, rate
from ..reading.findings import read
from ..reading.rules import RulesBackend
from ..redact import redact_url
from .inputs import MAX_CHARS, Document, text_hash, text_problem

log = logging.getLogger(__name__)
MAX_WARNINGS = 200  # far above a real notice's; an answer full of invented values cannot grow a record past it

def error_record(doc_id: str, error: str) -> Notice:
    """The record of a document that could not be read at all: no answer, only the error."""
    return Notice(doc_id=doc_id, kind="其他", event="other", backend="none", error=error, usage=Usage())


def answer_document(doc: Document, backend: Backend, reference_date: date | None = None,
                    max_chars: int = MAX_CHARS, min_confidence: float | None = None,
                    rating: Rating | None = None) -> Notice:
    """One document's record, every value rated by `rating` (None: the package's table) and those below
    `min_confidence` (None: the table's threshold) left out; whatever fails is reported in its `error`, never
    raised. The document's own publication date, when its input gave one, is its reference date in place of
    `reference_date`."""
    notice = _answered(doc, backend, doc.published or reference_date, max_chars, min_confidence,
                       "published" if doc.published else "reference", rating or Rating.package())
    notice.text_sha256 = text_hash(doc.text)
    notice.published = doc.published.isoformat() if doc.published else notice.published  # else the printed one
    notice.url = redact_url(doc.url) if doc.url else None  # a token in a link is no part of where it was published
    if len(notice.warnings) > MAX_WARNINGS:
        more = len(notice.warnings) - MAX_WARNINGS + 1
        notice.warnings[MAX_WARNINGS - 1:] = [f"… and {more:,} more warning(s) not kept"]
    return notice


def _answered(doc: Document, backend: Backend, reference_date: date | None, max_chars: int,
              min_confidence: float | None, reference_from: str, rating: Rating) -> Notice:
    start = time.perf_counter()
    problem = text_problem(doc.text, max_chars)
    if problem:
        return error_record(doc.doc_id, problem)
    try:
        findings = read(doc.text, reference_date, reference_from)
    except Exception as e:  # a bug in an extractor must not end the batch
        log.debug("%s: reading failed", doc.doc_id, exc_info=e)
        return error_record(doc.doc_id, f"reading failed: {failure(e)}")
    try:
        notice = backend.answer(doc.doc_id, findings)
    except Exception as e:
        log.debug("%s: %s failed", doc.doc_id, backend.name, exc_info=e)
        try:
            notice = rules.answer(doc.doc_id, findings)
        except Exception as inner:
            return error_record(doc.doc_id, f"{backend.name}: {failure(e)}; rules: {failure(inner)}")
        notice.error = f"{backend.name}: {failure(e)}"
        notice.backend = f"rules (fallback after {backend.name} failed)"
        notice.usage = e.usage if isinstance(e, BackendError) else None
    holding(rate(notice, rating.classes), rating.threshold if min_confidence is None else min_confidence)
    notice.usage = notice.usage or Usage()
    notice.usage.seconds = round(time.perf_counter() - start, 3)
    return notice


def backend_of(backend: Backend | None) -> Backend:
    """The backend a caller gave: None for the rules, else a Backend object (a name is resolved above this, by
    `llm_extract.extract`)."""
    if backend is None:
        return RulesBackend()
    if not callable(getattr(backend, "answer", None)):
        raise TypeError("backend: expected None, a name ('rules', 'local', 'local:0.5b', an http(s):// URL) or a "
                        f"Backend object (e.g. LLMBackend), got {backend!r:.60}")
    return backend


def extract(text: str, doc_id: str = "doc", backend: Backend | None = None, reference_date: date | str | None = None,
            max_chars: int = MAX_CHARS, min_confidence: float | None = None, rating: Rating | None = None, *,
            published: date | str | None = None, url: str | None = None) -> Notice:
    """One notice's answer (the rules backend by default), values rated by `rating` (None: the package's table)
    below `min_confidence` left out (None: the table's threshold; 0 keeps all). A backend failure gives the rules
    answer with `error` set; a text the CLI would refuse (empty, binary, too long) gives a record with only its
    `error`, as the CLI writes; a text that is not a `str` is a TypeError. `reference_date` and `published` are dates
    or YYYY-MM-DD strings (1949 to 2100); `published` and `url` are kept in the record as an input's are."""
    if not isinstance(text, str):
        hint = ": decode it first (llm_extract.runs.inputs.decode)" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(f"text: expected the notice as a str, got {type(text).__name__}{hint}")
    if not isinstance(doc_id, str):
        raise TypeError(f"doc_id: expected a str, got {type(doc_id).__name__}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url: expected a str or None, got {type(url).__name__}")
    document = Document(doc_id, text, doc_id, _day("published", published), url)
    return answer_document(document, backend_of(backend), _day("reference_date", reference_date), max_chars,
                           checked(min_confidence), rating)


def _day(name: str, value: date | str | None) -> date | None:
    """A date a caller gave as a date or a YYYY-MM-DD string, within the years a notice is dated in."""
    if value is None:
        return None
    if not isinstance(value, date | str):
        raise TypeError(f"{name}: expected a datetime.date, a YYYY-MM-DD string or None, got {type(value).__name__}")
    try:
        return parse_day(value if isinstance(value, str) else value.isoformat())
    except ValueError as e:
        raise ValueError(f"{name}: {e}") from None
