"""The LLM backend: any OpenAI-compatible endpoint through the openai SDK and instructor.

Layers, each with one job: `focus` picks the phrases the model needs, `prompts` renders the
template files, instructor enforces the response model (re-asking with the validator's reason),
tenacity retries transport failures, and `crosscheck` keeps only what the source supports.

What is asked: with `fields="lean"` (the local default) only what the rules left open or unsure, from
an excerpt around the cues for it, and nothing when the reading is sure; with `fields="full"` (the
default for endpoints, which write fast) every field, from the notice's body. Either way contacts are
shown marked with ids (`marks`) and the model only says which team each belongs to.

Instructor mode, by a documented rule: `--mode` wins; the embedded llama-cpp-python server gets
`json` (it refuses `json_schema` with HTTP 500); any other endpoint starts with `json_schema` and,
if the server rejects that request format (HTTP 400/404/415/422/500 on the first call), falls back
to `json` for the rest of the run.
"""

from __future__ import annotations

import contextvars
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from . import rules
from .api import BackendError, failure
from .cache import AnswerCache, question_key
from .circuit import Breaker, CircuitOpen
from .crosscheck import merge
from .findings import Findings
from .focus import excerpt, gaps
from .llm_schema import ANSWERS, FullAnswer, LeanAnswer
from .marks import marked
from .models import Notice, Usage
from .prompts import messages

MODES = {"json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA, "tools": instructor.Mode.TOOLS,
         "md_json": instructor.Mode.MD_JSON}
_FORMAT_REJECTED = {400, 404, 415, 422, 500}
FULL_BUDGET = 6000  # characters of the notice body a full answer is read from
MAX_TOKENS = 600  # an answer longer than this is cut off: a failed notice, not the end of the batch
T = TypeVar("T")
_USAGE: contextvars.ContextVar[Usage] = contextvars.ContextVar("llm_extract_usage")


class RequestTimeout(Exception):
    """No complete answer within the time limit: a server that hangs, or trickles bytes slowly."""


def within(seconds: float, call: Callable[[], T]) -> T:
    """`call()` with a limit on its whole duration, not per read: past `seconds` it is abandoned (its daemon
    thread ends whenever the server lets go) and `RequestTimeout` is raised."""
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
        raise RequestTimeout(f"no complete answer within {seconds:g}s")
    if "error" in box:
        raise box["error"]
    return box["value"]


_SECRET_PARAMS = frozenset({"api-key", "api_key", "apikey", "key", "token", "access_token", "auth", "password",
                            "secret", "sig", "signature", "code"})


def url_secrets(url: str) -> list[str]:
    """The credentials a URL carries: the password (and user) of its userinfo, the values of key-like query
    parameters."""
    parts = urlsplit(url)
    found = [parts.password, parts.username if parts.password else None]
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=False) if k.lower() in _SECRET_PARAMS]
    return [f for f in found if f]


def redact_url(url: str) -> str:
    """The URL with its credentials as `***`: what is shown wherever an endpoint is named (records, stderr,
    the eval table and summary)."""
    parts = urlsplit(url)
    if not parts.scheme or not url_secrets(url):
        return url
    host = parts.hostname or ""
    netloc = ("***@" if parts.username or parts.password else "") + host + (f":{parts.port}" if parts.port else "")
    query = "&".join(f"{k}={'***' if k.lower() in _SECRET_PARAMS else v}" for k, v in parse_qsl(parts.query))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with each secret replaced by `***` where it stands whole (not inside a longer word: a key `x`
    leaves "max_tokens" alone)."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = re.sub(rf"(?<![\w\-]){re.escape(secret)}(?![\w\-])", "***", text)
    return text


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


class LLMBackend:
    """Answers through a chat-completions endpoint; the rules answer completed by the model's grounded reading.

    Safe to call from many threads at once (`extract_many(..., concurrency=N)`): each notice counts its own
    tokens, the breaker and the cache are shared, and the instructor mode is settled by one request while
    the others wait. `probe`, when given, says why the server is gone for good (a local server that
    crashed), or None: it is asked after a transport failure, so that the error names the cause and no
    later notice waits. `cache` replaces the default answer cache (on when `config.cache`)."""

    def __init__(self, config: EndpointConfig, name: str | None = None,
                 probe: Callable[[], str | None] | None = None, breaker: Breaker | None = None,
                 cache: AnswerCache | None = None) -> None:
        self.config = config
        self.name = name or f"llm:{config.model}@{redact_url(config.base_url)}"
        self._client = openai.OpenAI(base_url=config.base_url, api_key=config.api_key, timeout=config.timeout,
                                     max_retries=0)
        self._probe = probe
        self._breaker = breaker or Breaker()
        self._cache = cache or (AnswerCache.default() if config.cache else None)
        self._settling = threading.Lock()
        self._mode_settled = config.mode is not None  # by the user, or by the first request answered
        self._set_mode(MODES[config.mode or "json_schema"])

    @staticmethod
    def _count(response: Any) -> None:
        usage, counted = getattr(response, "usage", None), _USAGE.get(None)
        if usage is not None and counted is not None:
            counted.prompt_tokens += usage.prompt_tokens or 0
            counted.completion_tokens += usage.completion_tokens or 0

    def _scrub(self, text: str) -> str:
        key = self.config.api_key
        text = text.replace(self.config.base_url, redact_url(self.config.base_url))
        return scrub(text, url_secrets(self.config.base_url) + ([key] if key and key != "none" else []))

    def _set_mode(self, mode: instructor.Mode) -> None:
        """An instructor client in `mode`, counting the tokens of every response (re-asks included)."""
        self._instructor = instructor.from_openai(self._client, mode=mode)
        self._instructor.on("completion:response", self._count)

    def _create(self, msgs: list[dict[str, str]], findings: Findings) -> tuple[LeanAnswer | FullAnswer, list[str]]:
        model = ANSWERS[self.config.fields]
        try:
            answer = within(self.config.timeout * (self.config.reasks + 1), lambda: self._instructor.chat.completions.create(
                model=self.config.model, messages=cast("list[ChatCompletionMessageParam]", msgs), response_model=model,
                temperature=0, max_retries=self.config.reasks, context={"findings": findings}, max_tokens=MAX_TOKENS,
            ))
            return answer, []
        except IncompleteOutputException:
            raise BackendError(f"model answer cut off at max_tokens ({MAX_TOKENS})") from None
        except InstructorRetryException as e:
            if isinstance(e.__cause__, openai.OpenAIError):
                raise e.__cause__ from None  # a transport failure: tenacity decides whether to try again
            if isinstance(e.__cause__, IncompleteOutputException):
                raise BackendError(f"model answer cut off at max_tokens ({MAX_TOKENS})") from None
            # Still invalid after the re-asks: keep the last answer and let the cross-check drop what is wrong.
            last = e.failed_attempts[-1].completion if e.failed_attempts else e.last_completion
            text = _content(last)
            reason = str(e.failed_attempts[-1].exception).splitlines()[0] if e.failed_attempts else "invalid answer"
            try:
                return model.model_validate_json(_json_part(text)), [f"model answer still invalid after re-ask: {reason}"]
            except ValueError:
                raise BackendError(f"model answered no usable JSON after {self.config.reasks} re-ask(s)") from None

    def _settle(self, msgs: list[dict[str, str]], findings: Findings) -> tuple[LeanAnswer | FullAnswer, list[str]]:
        """The first answered request settles the mode: json_schema, or json if the server refuses that."""
        if self._mode_settled:  # settled by another thread while this one waited
            return self._create(msgs, findings)
        try:
            result = self._create(msgs, findings)
        except openai.APIStatusError as e:
            if e.status_code not in _FORMAT_REJECTED:
                raise
            self._set_mode(instructor.Mode.JSON)  # the server refuses json_schema: json from now on
            self._mode_settled = True
            return self._create(msgs, findings)
        self._mode_settled = True
        return result

    def _attempt(self, msgs: list[dict[str, str]], findings: Findings) -> tuple[LeanAnswer | FullAnswer, list[str]]:
        """One request (two when the server refuses json_schema on the first), through the circuit breaker."""
        self._breaker.check()
        try:
            if self._mode_settled:
                result = self._create(msgs, findings)
            else:
                with self._settling:  # one request settles the mode; the others wait for it, not race it
                    result = self._settle(msgs, findings)
        except Exception as e:
            if _transient(e):
                gone = self._probe() if self._probe else None
                if gone:
                    self._breaker.trip(gone)
                    raise CircuitOpen(gone) from None
                self._breaker.failed(_one_line(e))
            raise
        self._breaker.succeeded()
        return result

    def _ask(self, msgs: list[dict[str, str]], findings: Findings) -> tuple[LeanAnswer | FullAnswer, list[str]]:
        """The model's answer to `msgs`: from the cache when this question was answered before, else asked
        (transport failures retried with backoff) and then kept in the cache."""
        model = ANSWERS[self.config.fields]
        key = question_key(model=self.config.model, base_url=self.config.base_url, mode=self.config.mode or "auto",
                           messages=msgs, schema=_schema(model), max_tokens=MAX_TOKENS)
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            return model.model_validate(cached["answer"]), cached["warnings"]
        for attempt in Retrying(stop=stop_after_attempt(self.config.retries + 1), retry=retry_if_exception(_transient),
                                wait=wait_exponential(multiplier=0.5, max=8), reraise=True):
            with attempt:
                answer, warnings = self._attempt(msgs, findings)
                if self._cache:
                    self._cache.put(key, {"answer": answer.model_dump(mode="json"), "warnings": warnings})
                return answer, warnings
        raise AssertionError("unreachable")

    def answer(self, doc_id: str, findings: Findings) -> Notice:
        usage = Usage()
        token = _USAGE.set(usage)
        try:
            return self._answer(doc_id, findings, usage)
        except BackendError as e:
            e.usage = usage  # the tokens a failed answer cost
            raise
        finally:
            _USAGE.reset(token)

    def _answer(self, doc_id: str, findings: Findings, usage: Usage) -> Notice:
        base = rules.answer(doc_id, findings)
        base.backend = self.name
        if self.config.fields == "full":
            text = marked(findings, 0, min(findings.body_end, FULL_BUDGET))
        else:
            wanted = gaps(base, findings)
            if not wanted:
                base.backend = f"{self.name} (rules left nothing open: model not asked)"
                return base
            text = excerpt(findings, wanted)
        try:
            answer, warnings = self._ask(messages(base.title, text), findings)
        except Exception as e:  # every failure leaves as one scrubbed line; the caller falls back to the rules
            raise BackendError(self._scrub(_one_line(e))) from None
        notice = merge(base, answer, findings, warnings)
        notice.usage = usage
        return notice


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _content(completion: Any) -> str:
    """The text of a chat completion; BackendError naming what came instead when it is none."""
    choices = getattr(completion, "choices", None)
    if choices:
        return getattr(choices[0].message, "content", None) or ""
    if isinstance(completion, str | bytes):
        shown = completion if isinstance(completion, str) else completion.decode("utf-8", "replace")
        raise BackendError(f"endpoint answered a body that is not a chat completion: {' '.join(shown.split())[:80]!r}")
    return ""


def _json_part(text: str) -> str:
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if start >= 0 and end > start else text


def _one_line(e: BaseException) -> str:
    """What went wrong with the endpoint, in its words for transport failures, else as `api.failure` says."""
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
