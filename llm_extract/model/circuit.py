"""A circuit breaker: stop asking an endpoint that keeps failing, so a batch against a dead server ends fast."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class CircuitOpen(Exception):
    """The endpoint is not asked: it failed too often in a row, or its server is gone for good."""


class Breaker:
    """Opens after `limit` transport failures in a row; lets one trial request through every `cooldown`
    seconds after that (a success closes it again); `trip` opens it for good (a crashed local server)."""

    def __init__(self, limit: int = 5, cooldown: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._reason = ""
        self._final = False
        self._lock = threading.Lock()  # requests from many threads report to one breaker

    def check(self) -> None:
        """Raise `CircuitOpen` unless a request may go out now."""
        with self._lock:
            if self._final:
                raise CircuitOpen(self._reason)
            if self._opened_at is None:
                return
            if self._clock() - self._opened_at < self.cooldown:
                raise CircuitOpen(
                    f"stopped asking: the endpoint failed {self.limit} requests in a row (last: {self._reason}); "
                    f"it is tried again {self.cooldown:.0f}s after the last failure"
                )
            self._opened_at = None  # half-open: the next request is the trial
            log.debug("circuit half-open: the next request is a trial")

    def failed(self, reason: str) -> None:
        """Count a transport failure; at the limit the circuit opens."""
        with self._lock:
            self._failures += 1
            self._reason = reason
            if self._failures >= self.limit:
                if self._opened_at is None:
                    log.debug("circuit open after %d failures in a row (last: %s)", self._failures, reason)
                self._opened_at = self._clock()

    def succeeded(self) -> None:
        """An answer came back: the endpoint works, the count starts again."""
        with self._lock:
            self._failures = 0
            self._opened_at = None

    def trip(self, reason: str) -> None:
        """Open for good: every later request is refused with `reason`."""
        with self._lock:
            self._final = True
            self._reason = reason
        log.debug("circuit open for good: %s", reason)
