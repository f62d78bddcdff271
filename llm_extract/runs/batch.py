"""Many notices: answered concurrently, handed back in input order (`resume` prepares an output file to go on).

Shared by the CLI and the library. Documents are read lazily and at most `concurrency` are in flight, so
memory stays flat over any number of notices; records come back in input order as soon as each one and
all before it are done (so an interrupted run has written a clean prefix), or in finishing order when
`ordered=False`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from datetime import date
from typing import Any

from ..backend import Backend
from ..models import Notice
from ..reading.confidence import Rating, checked
from .answer import answer_document, backend_of
from .inputs import MAX_CHARS, Document


def extract_many(docs: Iterable[Document], backend: Backend | None = None, reference_date: date | None = None,
                 max_chars: int = MAX_CHARS, concurrency: int = 1, ordered: bool = True,
                 min_confidence: float | None = None, rating: Rating | None = None) -> Iterator[Notice]:
    """Every document's record; one failing notice does not stop the rest. With `concurrency` > 1 the
    backend is called from that many threads at once (LLMBackend is safe for it; the rules need none)."""
    if concurrency < 1:
        raise ValueError(f"concurrency: expected 1 or more, got {concurrency}")
    checked(min_confidence)
    chosen = backend_of(backend)
    if concurrency == 1:
        for doc in docs:
            yield answer_document(doc, chosen, reference_date, max_chars, min_confidence, rating)
        return
    pending: deque[Future[Notice]] = deque()
    for doc in docs:
        pending.append(_started(answer_document, doc, chosen, reference_date, max_chars, min_confidence, rating))
        if len(pending) >= concurrency:
            yield from _drain(pending, ordered, keep=concurrency - 1)
    yield from _drain(pending, ordered, keep=0)


def _started(fn: Callable[..., Notice], *args: Any) -> Future[Notice]:
    """`fn(*args)` running in a daemon thread of its own: an interrupted run exits at once instead of waiting
    for requests in flight (a thread pool's workers would hold the exit until their requests time out)."""
    future: Future[Notice] = Future()

    def run() -> None:
        future.set_running_or_notify_cancel()
        try:
            future.set_result(fn(*args))
        except BaseException as e:  # handed to whoever waits for the record
            future.set_exception(e)

    threading.Thread(target=run, daemon=True, name="llm-extract-notice").start()
    return future


def _drain(pending: deque[Future[Notice]], ordered: bool, keep: int) -> Iterator[Notice]:
    """Hand back finished records until at most `keep` are in flight: the oldest first when ordered."""
    while len(pending) > keep:
        if ordered:
            yield pending.popleft().result()
            continue
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in [f for f in pending if f in done]:
            pending.remove(future)
            yield future.result()
