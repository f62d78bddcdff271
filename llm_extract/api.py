"""The library's entry points: `extract` one text, `extract_many` a stream of documents."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Protocol

from . import rules
from .findings import Findings, read
from .inputs import Document
from .models import Notice, Usage


class BackendError(Exception):
    """A backend could not answer for one notice (endpoint down, garbage, out of retries)."""


class Backend(Protocol):
    """Anything that turns one notice's findings into an answer."""

    name: str

    def answer(self, doc_id: str, findings: Findings) -> Notice: ...


class RulesBackend:
    """The deterministic extractors alone: offline, instant, the floor for every model."""

    name = "rules"

    def answer(self, doc_id: str, findings: Findings) -> Notice:
        return rules.answer(doc_id, findings)


def extract(text: str, doc_id: str = "doc", backend: Backend | None = None, reference_date: date | None = None) -> Notice:
    """One notice's answer. A backend failure gives the rules answer with `error` set, never an exception."""
    return next(extract_many([Document(doc_id, text, doc_id)], backend, reference_date))


def extract_many(
    docs: Iterable[Document], backend: Backend | None = None, reference_date: date | None = None
) -> Iterator[Notice]:
    """Answers in input order, each as soon as it is ready; one failing notice does not stop the rest."""
    backend = backend or RulesBackend()
    for doc in docs:
        start = time.perf_counter()
        findings = read(doc.text, reference_date)
        try:
            notice = backend.answer(doc.doc_id, findings)
        except BackendError as e:
            notice = rules.answer(doc.doc_id, findings)
            notice.error = f"{backend.name}: {e}"
            notice.backend = f"rules (fallback after {backend.name} failed)"
        notice.usage = notice.usage or Usage()
        notice.usage.seconds = round(time.perf_counter() - start, 3)
        yield notice
