"""The bottom floor every stage answers through: the `Backend` protocol, its error, and one line for any failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .models import Notice, Usage

if TYPE_CHECKING:  # the reading stage's type, named only for the checker: the protocol sits below every stage
    from .reading.findings import Findings


class BackendError(Exception):
    """A backend could not answer for one notice (endpoint down, garbage, out of retries); `usage` holds the
    tokens spent on it all the same, so that a failed notice's cost is still counted."""

    def __init__(self, message: str, usage: Usage | None = None) -> None:
        super().__init__(message)
        self.usage = usage


class Backend(Protocol):
    """Anything that turns one notice's findings into an answer."""

    name: str

    def answer(self, doc_id: str, findings: Findings) -> Notice: ...


def failure(e: BaseException) -> str:
    """One line saying what failed: a backend's own words, else the exception's type and first line."""
    if isinstance(e, BackendError):
        return str(e)
    first = (str(e).strip().splitlines() or [""])[0][:200]
    return f"{type(e).__name__}: {first}" if first else type(e).__name__
