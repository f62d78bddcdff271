"""The library's front door: `extract` and `extract_many` with the backend given as an object or by name
("rules", "local", "local:0.5b", an endpoint URL), as the command line names it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .backend import Backend
from .models import Notice
from .reading.confidence import Rating
from .runs import answer, batch
from .runs.inputs import MAX_CHARS, Document


def _backend(backend: Backend | str | None) -> Backend | None:
    if not isinstance(backend, str):
        return backend
    from .model.backends import backend_named  # the model's stack (openai, instructor) only when a name asks for it

    return backend_named(backend)


def _rating(table: Rating | str | Path | None) -> Rating | None:
    return Rating.from_file(table) if isinstance(table, str | Path) else table


def extract(text: str, doc_id: str = "doc", backend: Backend | str | None = None,
            reference_date: date | str | None = None, max_chars: int = MAX_CHARS, min_confidence: float | None = None,
            confidence_table: Rating | str | Path | None = None, *, published: date | str | None = None,
            url: str | None = None) -> Notice:
    """One notice's record (`runs.answer.extract`).

    text: the notice (a str; an empty or binary one gives a record with only its `error`, as the CLI writes).
    doc_id: the record's id. backend: None (the rules), a Backend object, or a name: "rules", "local" or
    "local:0.5b" (the embedded model, started at the first call that needs it and kept for the process), an
    endpoint URL. reference_date: the year for dates the text leaves without one (a date or "YYYY-MM-DD").
    max_chars: the longest text read. min_confidence: values below it left out and named in `warnings` (None: the
    table's threshold; 0 keeps every value). confidence_table: a table `llm-extract calibrate` wrote (its path),
    in place of the package's, its threshold the default `min_confidence`. published, url: where and when the
    notice was published, kept in the record; the publication date is the reference date when given."""
    return answer.extract(text, doc_id, _backend(backend), reference_date, max_chars, min_confidence,
                          _rating(confidence_table), published=published, url=url)


def extract_many(docs: Iterable[Document], backend: Backend | str | None = None, reference_date: date | None = None,
                 max_chars: int = MAX_CHARS, concurrency: int = 1, ordered: bool = True,
                 min_confidence: float | None = None, confidence_table: Rating | str | Path | None = None,
                 ) -> Iterator[Notice]:
    """Every document's record (`runs.batch.extract_many`), the backend an object or a name, rated as `extract` says."""
    return batch.extract_many(docs, _backend(backend), reference_date, max_chars, concurrency, ordered, min_confidence,
                              _rating(confidence_table))
