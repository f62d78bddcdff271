"""Asking an OpenAI-compatible endpoint one question: instructor's mode, the circuit breaker, retries with
back-off, the time limit (paced to a local server's speed), the answer cache and token counting.

Instructor mode, by a documented rule: `--mode` wins; the embedded llama-cpp-python server gets
`json` (it refuses `json_schema` with HTTP 500); any other endpoint starts with `json_schema` and,
if the server rejects that request format (HTTP 400/404/415/422/500 before any answer came), falls
back to `json` for the rest of the run. Nothing waits for that: every request goes out at once, and a
rejected one is sent again in `json`.

Limits: one question takes at most `timeout` seconds in all (re-asks, retries and their back-off included);
an answer longer than `MAX_ANSWER_CHARS` is refused unread; a refused key (401/403) stops the run's requests
at once.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, stop_after_delay, wait_exponential

from ..backend import BackendError, failure
from ..models import Usage
from ..redact import redact_url, scrub, url_secrets
from .cache import AnswerCache, question_key
from .circuit import Breaker, CircuitOpen

MODES = {"json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA, "tools": instructor.Mode.TOOLS,
         "md_json": instructor.Mode.MD_JSON}
_FORMAT_REJECTED = {400, 404, 415, 422, 500}
MAX_TOKENS = 600  # an answer longer than this is cut off: a failed notice, not the end of the batch
MAX_ANSWER_CHARS = 20_000  # far above MAX_TOKENS' worth: a server that sends more ignored the limit
_KEY_REFUSED = {401, 403}
T = TypeVar("T")
A = TypeVar("A", bound=BaseModel)
# Each failure is said once, in the record's error: instructor's own log lines about it are shown only to a
# program that configures logging.
logging.getLogger("instructor").addHandler(logging.NullHandler())
log = logging.getLogger(__name__)
_USAGE: contextvars.ContextVar[Usage] = contextvars.ContextVar("llm_extract_usage")
_LIMIT: contextvars.ContextVar[float] = contextvars.ContextVar("llm_extract_limit")  # the question's time limit
PACE_MARGIN = 3.0  # a paced question may take this many times its tokens at the pace the server showed
FIRST_PACED = 3.0  # before any answer showed a pace, the limit is this many times the floor


class Pace:
    """The seconds per token a server's answers took (prompt and answer tokens together), smoothed over its
    answers; None until one came."""

    def __init__(self) -> None:
        self.seconds_per_token: float | None = None
        self._lock = threading.Lock()

    def observe(self, seconds: float, tokens: int) -> None:
        if tokens <= 0:
            return
        with self._lock:
            rate, last = seconds / tokens, self.seconds_per_token
            self.seconds_per_token = rate if last is None else max(rate, (last + rate) / 2)  # slower at once


class RequestTimeout(Exception):
    """No complete answer within the time limit: a server that hangs, or trickles bytes slowly."""


def within(seconds: float, call: Callable[[], T], limit: float | None = None) -> T:
    """`call()` with a limit on its whole duration, not per read: past `seconds` it is abandoned (its daemon
    thread ends whenever the server lets go) and `RequestTimeout` is raised, naming `limit` (default `seconds`)."""
    if seconds <= 0:  # no time left: nothing is sent
        raise RequestTimeout(f"no complete answer within {limit or seconds:g}s; --timeout raises the limit")
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as e:  # handed to the caller's thread as it is
            box["error"] = e

    context = contextvars.copy_context()  # the caller's notice: its token counts go to the right record
    worker = threading.Thread(target=context.run, args=(run,), daemon=True, name="llm-extract-request")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise RequestTimeout(f"no complete answer within {limit or seconds:g}s; --timeout raises the limit")
    if "error" in box:
        raise box["error"]
    return box["value"]


@dataclass
class EndpointConfig:
    """How to reach a model. Unset values come from LLM_EXTRACT_* (then OPENAI_API_KEY) in the environment."""

    base_url: str
    model: str = "default"
    api_key: str = field(default="none", repr=False)
    mode: str | None = None
    fields: str = "lean"
    retries: int = 3
    reasks: int = 1
    timeout: float = 120.0
    cache: bool = True  # answers kept in the user cache folder (see `cache.py`)
    paced: bool = False  # `timeout` is a floor, raised per question to what its size takes at the server's pace
    check_below: float | None = None  # values rated below this are put to the model (None: the calibrated threshold)

    @classmethod
    def from_env(cls, base_url: str | None = None, model: str | None = None, api_key: str | None = None,
                 **kw: Any) -> EndpointConfig:
        url = base_url or os.environ.get("LLM_EXTRACT_BASE_URL")
        if not url:
            raise ValueError("no endpoint: pass a base URL or set LLM_EXTRACT_BASE_URL")
        return cls(
            base_url=url,
            model=model or os.environ.get("LLM_EXTRACT_MODEL") or "default",
            api_key=api_key or os.environ.get("LLM_EXTRACT_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none",
            **{k: v for k, v in kw.items() if v is not None},
        )


def _transient(e: BaseException) -> bool:
    """Failures worth another try: timeouts, refused connections, 429 and 5xx."""
    if isinstance(e, (RequestTimeout, openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(e, openai.APIStatusError) and e.status_code >= 500


class NotAnAnswer(BackendError):
    """The endpoint's reply cannot be an answer (not a chat completion, no content, over the size limit): not
    re-asked, since asking again would only cost another such reply."""


class Endpoint:
    """One model behind a chat-completions URL, asked a question at a time (`ask`); safe from many threads at
    once: the breaker and the cache are shared, and no request waits for another. `start`, when given, brings a
    local server up before the first question that is not in the cache. `probe`, when given, says why the server
    is gone for good (a local server that crashed), or None: it is asked after a transport failure, so that the
    error names the cause and no later question waits. `cache` replaces the default answer cache (on when
    `config.cache`)."""

    def __init__(self, config: EndpointConfig, probe: Callable[[], str | None] | None = None,
                 breaker: Breaker | None = None, cache: AnswerCache | None = None,
                 start: Callable[[], None] | None = None) -> None:
        self.config = config
        self._client = openai.OpenAI(base_url=config.base_url, api_key=config.api_key,
                                     timeout=None if config.paced else config.timeout, max_retries=0)
        self._pace = Pace()
        self._probe = probe
        self._start = start  # brings a local server up on the first question that is not in the cache
        self._breaker = breaker or Breaker()
        self._cache = cache or (AnswerCache.default() if config.cache else None)
        self._mode_settled = config.mode is not None  # by the user, or by the first answer or refusal
        self._switching = threading.Lock()
        self._set_mode(MODES[config.mode or "json_schema"])

    def _send(self, **request: Any) -> Any:
        """One chat completion, as instructor's `create`: its tokens counted, and refused (not re-asked) when
        it cannot be an answer."""
        try:
            response = self._client.chat.completions.create(**request)
        except json.JSONDecodeError:
            raise NotAnAnswer("endpoint answered a body that is not a chat completion (not JSON)") from None
        usage, counted = getattr(response, "usage", None), _USAGE.get(None)
        if usage is not None and counted is not None:
            counted.prompt_tokens += usage.prompt_tokens or 0
            counted.completion_tokens += usage.completion_tokens or 0
        _check_reply(response)
        return response

    def scrub(self, text: str) -> str:
        """`text` with the endpoint's key and the credentials its URL carries as `***`."""
        key = self.config.api_key
        text = text.replace(self.config.base_url, redact_url(self.config.base_url))
        return scrub(text, url_secrets(self.config.base_url) + ([key] if key and key != "none" else []))

    def _set_mode(self, mode: instructor.Mode) -> None:
        """An instructor client in `mode`, sending through `_send`."""
        self._instructor = instructor.Instructor(client=self._client, create=instructor.patch(create=self._send, mode=mode),
                                                 mode=mode)

    def _create(self, client: instructor.Instructor, msgs: list[dict[str, str]], model: type[A], context: dict[str, Any],
                deadline: float) -> tuple[A, list[str]]:
        try:
            answer = within(deadline - time.monotonic(), lambda: client.chat.completions.create(
                model=self.config.model, messages=cast("list[ChatCompletionMessageParam]", msgs), response_model=model,
                temperature=0, max_retries=self.config.reasks, context=context, max_tokens=MAX_TOKENS,
            ), limit=_LIMIT.get(self.config.timeout))
            return answer, []
        except IncompleteOutputException:
            raise BackendError(f"model answer cut off at max_tokens ({MAX_TOKENS})") from None
        except InstructorRetryException as e:
            if isinstance(e.__cause__, openai.OpenAIError | BackendError):
                raise e.__cause__ from None  # a transport failure (tenacity decides on another try) or no answer
            if isinstance(e.__cause__, IncompleteOutputException):
                raise BackendError(f"model answer cut off at max_tokens ({MAX_TOKENS})") from None
            # Still invalid after the re-asks: keep the last answer and let the cross-check drop what is wrong.
            last = e.failed_attempts[-1].completion if e.failed_attempts else e.last_completion
            reason = str(e.failed_attempts[-1].exception).splitlines()[0] if e.failed_attempts else "invalid answer"
            try:
                return model.model_validate_json(_json_part(_content(last))), [
                    f"model answer still invalid after re-ask: {reason}"]
            except ValueError:
                raise BackendError(f"model answered no usable JSON after {self.config.reasks} re-ask(s)") from None

    def _in_settled_mode(self, msgs: list[dict[str, str]], model: type[A], context: dict[str, Any],
                         deadline: float) -> tuple[A, list[str]]:
        """The answer in the run's mode; a request refused in a mode the run has left is sent again in json."""
        client = self._instructor
        try:
            result = self._create(client, msgs, model, context, deadline)
        except openai.APIStatusError as e:
            if e.status_code not in _FORMAT_REJECTED or not self._switched_from(client):
                raise
            self._breaker.check()
            result = self._create(self._instructor, msgs, model, context, deadline)
        self._mode_settled = True
        return result

    def _switched_from(self, client: instructor.Instructor) -> bool:
        """Whether the run now asks in another mode than `client`'s: a refusal of json_schema before any answer
        came switches the run to json (once, whichever request is refused first)."""
        with self._switching:
            if client is self._instructor and not self._mode_settled and client.mode is instructor.Mode.JSON_SCHEMA:
                log.debug("%s refused json_schema: asking in json from now on", self.scrub(self.config.base_url))
                self._set_mode(instructor.Mode.JSON)
                self._mode_settled = True
            return client is not self._instructor

    def _attempt(self, msgs: list[dict[str, str]], model: type[A], context: dict[str, Any],
                 deadline: float) -> tuple[A, list[str]]:
        """One request (two when the server refuses json_schema), through the circuit breaker, which is asked
        at the moment of sending."""
        self._breaker.check()
        try:
            result = self._in_settled_mode(msgs, model, context, deadline)
        except openai.APIStatusError as e:
            if e.status_code in _KEY_REFUSED:  # every later request would be refused too
                reason = f"endpoint refused the API key (HTTP {e.status_code}): check the API key"
                self._breaker.trip(reason)
                raise CircuitOpen(reason) from None
            self._failed(e)
            raise
        except Exception as e:
            self._failed(e)
            raise
        self._breaker.succeeded()
        return result

    def _failed(self, e: Exception) -> None:
        """A transport failure counts towards the breaker; a server known gone trips it for good."""
        if not _transient(e):
            return
        gone = self._probe() if self._probe else None
        if gone:
            self._breaker.trip(gone)
            raise CircuitOpen(gone) from None
        self._breaker.failed(one_line(e))

    def ask(self, msgs: list[dict[str, str]], model: type[A], context: dict[str, Any]) -> tuple[A, list[str]]:
        """The model's answer to `msgs` as `model` (validated with `context`): from the cache when this question
        was answered before, else asked (transport failures retried with backoff, all within `timeout`) and then
        kept in the cache."""
        key = question_key(model=self.config.model, base_url=self.config.base_url, mode=self.config.mode or "auto",
                           messages=msgs, schema=_schema(model), max_tokens=MAX_TOKENS)
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            log.debug("%s answered from the cache", model.__name__)
            return model.model_validate(cached["answer"]), cached["warnings"]
        self._started()
        limit = self._limit(msgs)
        _LIMIT.set(limit)
        begun = time.monotonic()
        deadline = begun + limit
        counted = _USAGE.get(None)
        before = (counted.prompt_tokens + counted.completion_tokens) if counted else 0

        def pause(state: RetryCallState) -> float:  # the back-off, never past the deadline
            return max(0.0, min(wait_exponential(multiplier=0.5, max=8)(state), deadline - time.monotonic() - 0.5))

        def said(state: RetryCallState) -> None:
            failure = state.outcome.exception() if state.outcome else None
            log.debug("try %d failed (%s): again in %.1fs", state.attempt_number,
                      self.scrub(one_line(failure)) if failure else "?", state.next_action.sleep if state.next_action else 0.0)

        for attempt in Retrying(stop=stop_after_attempt(self.config.retries + 1) | stop_after_delay(limit),
                                retry=retry_if_exception(_transient), wait=pause, before_sleep=said, reraise=True):
            with attempt:
                log.debug("asking %s for %s (%d characters)", self.config.model, model.__name__,
                          sum(len(m["content"]) for m in msgs))
                answer, warnings = self._attempt(msgs, model, context, deadline)
                if counted:
                    self._pace.observe(time.monotonic() - begun, counted.prompt_tokens + counted.completion_tokens - before)
                if self._cache:
                    self._cache.put(key, {"answer": answer.model_dump(mode="json"), "warnings": warnings})
                return answer, warnings
        raise AssertionError("unreachable")

    def _limit(self, msgs: list[dict[str, str]]) -> float:
        """Seconds this question may take: the configured timeout; for a paced server (the embedded model, whose
        pace is the machine's) at least `PACE_MARGIN` times its tokens (the prompt's characters, a generous count,
        and the longest answer) at the pace its answers showed, and `FIRST_PACED` times the floor before any did."""
        if not self.config.paced:
            return self.config.timeout
        rate = self._pace.seconds_per_token
        if rate is None:
            return FIRST_PACED * self.config.timeout
        tokens = sum(len(m["content"]) for m in msgs) + MAX_TOKENS
        return max(self.config.timeout, PACE_MARGIN * tokens * rate)

    def _started(self) -> None:
        """The server up before the first question goes out; one that cannot start stops the run's requests."""
        if self._start is None:
            return
        self._breaker.check()
        try:
            self._start()
        except Exception as e:
            reason = " ".join(str(e).split()) or type(e).__name__
            self._breaker.trip(reason)
            raise CircuitOpen(reason) from None


@contextmanager
def counting(usage: Usage) -> Iterator[Usage]:
    """The tokens of every question asked inside, in this thread and the requests it starts, added to `usage`."""
    token = _USAGE.set(usage)
    try:
        yield usage
    finally:
        _USAGE.reset(token)


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _content(completion: Any) -> str:
    """The text of a chat completion's first choice: its content, else its first tool call's arguments ("" when
    it has no choice)."""
    choices = getattr(completion, "choices", None)
    if not choices:
        return ""
    message = choices[0].message
    calls = getattr(message, "tool_calls", None) or []
    return message.content or (calls[0].function.arguments if calls else "")


def _check_reply(response: Any) -> None:
    """NotAnAnswer unless `response` is a chat completion with content of a readable size."""
    text = _content(response)
    if not getattr(response, "choices", None):
        what = "no choices" if hasattr(response, "choices") else " ".join(str(response).split())[:60]
        raise NotAnAnswer(f"endpoint answered a body that is not a chat completion ({what})")
    if not text:
        raise NotAnAnswer("endpoint answered a chat completion with no content")
    if len(text) > MAX_ANSWER_CHARS:
        raise NotAnAnswer(f"model answer of {len(text):,} characters, over the limit of {MAX_ANSWER_CHARS:,}: not read")


def _json_part(text: str) -> str:
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if start >= 0 and end > start else text


def one_line(e: BaseException) -> str:
    """What went wrong with the endpoint, in its words for transport failures, else as `backend.failure` says."""
    if isinstance(e, CircuitOpen):
        return str(e)
    if isinstance(e, openai.APIStatusError):
        return f"endpoint answered HTTP {e.status_code}"
    if isinstance(e, RequestTimeout):
        return f"endpoint timed out ({e})"
    if isinstance(e, openai.APITimeoutError):
        return "endpoint timed out"
    if isinstance(e, openai.APIConnectionError):
        return "endpoint unreachable (connection refused or closed)"
    return failure(e)
