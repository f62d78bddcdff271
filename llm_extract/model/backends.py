"""Backends by name: `rules`, `local` or `local:0.5b` (the embedded model, served for the run), or an endpoint URL."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any, Literal

from ..backend import Backend
from ..reading.rules import RulesBackend
from ..redact import redact_url
from .endpoint import EndpointConfig
from .llm_backend import LLMBackend
from .local_model import ALIAS, DEFAULT_MODEL, LazyServer

ENDPOINT_CONCURRENCY = 8  # requests in flight to an endpoint URL; servers that batch (vLLM, SGLang) want more


@dataclass(frozen=True)
class BackendOptions:
    """How a run's model is reached and asked, as the CLI's flags (or a library caller) set it; None: the default."""

    model: str | None = None  # an endpoint's model name, or the embedded model's size
    model_path: str | None = None  # a GGUF file of the caller's for the embedded server
    api_key: str | None = None
    mode: str | None = None  # instructor's mode
    fields: str | None = None  # "lean" or "full": which fields the model is asked for
    retries: int | None = None
    reasks: int | None = None
    timeout: float | None = None
    cache: str | None = None

    @classmethod
    def of(cls, source: Any) -> BackendOptions:
        """The options an object with these attributes holds (the CLI's parsed flags); a missing one is None."""
        return cls(**{f.name: getattr(source, f.name, None) for f in fields(cls)})

    def config(self, **kw: Any) -> EndpointConfig:
        return EndpointConfig.from_env(api_key=self.api_key, retries=self.retries, reasks=self.reasks,
                                       timeout=self.timeout, cache=self.cache, **kw)


@dataclass(frozen=True)
class BackendName:
    """A backend's name, read once: `rules`, `local` or `local:SIZE`, `endpoint` (the URL from the environment), or
    an http(s):// base URL."""

    kind: Literal["rules", "local", "endpoint"]
    size: str | None = None  # local: the size named after the colon
    url: str | None = None  # endpoint: the base URL named, None for the environment's

    @classmethod
    def parse(cls, spec: str | None) -> BackendName:
        """The backend `spec` names (None: an endpoint when LLM_EXTRACT_BASE_URL is set, else the embedded model);
        ValueError naming the spec for any other name."""
        spec = spec or ("endpoint" if os.environ.get("LLM_EXTRACT_BASE_URL") else "local")
        if spec == "rules":
            return cls("rules")
        if spec == "local" or spec.startswith("local:"):
            return cls("local", spec.partition(":")[2] or None)
        if spec == "endpoint" or spec.startswith(("http://", "https://")):
            return cls("endpoint", url=None if spec == "endpoint" else spec)
        raise ValueError(f"unknown backend {redact_url(spec)!r}: use rules, local, local:0.5b, or an http(s):// base URL")


def _local(server: LazyServer, label: str, config: EndpointConfig) -> LLMBackend:
    """The embedded model's backend: its server started by the first question, its answers paced by its speed."""
    return LLMBackend(config, name=f"local:{label}", probe=server.gone, start=server.ensure)


def default_concurrency(spec: str | None) -> int:
    """Notices answered at once unless the user says: 1 for the rules and the embedded server (it answers
    one request at a time), more for an endpoint URL."""
    return ENDPOINT_CONCURRENCY if BackendName.parse(spec).kind == "endpoint" else 1


@contextmanager
def make_backend(spec: str | None, options: BackendOptions = BackendOptions()) -> Iterator[Backend]:
    """The backend `spec` names, ready for a run; a local server is started when the first question needs it,
    and stopped on exit."""
    name = BackendName.parse(spec)
    if name.kind == "rules":
        yield RulesBackend()
    elif name.kind == "local":
        size = name.size or options.model or DEFAULT_MODEL
        with LazyServer(options.model_path, size) as server:
            yield _local(server, options.model_path or size, options.config(
                base_url=server.base_url, model=ALIAS, mode=options.mode or "json", fields=options.fields or "lean",
                paced=True))
    else:
        yield LLMBackend(options.config(base_url=name.url, model=options.model, mode=options.mode,
                                        fields=options.fields or "full"))


_NAMED: dict[str, Backend] = {}
_NAMED_LOCK = threading.Lock()


def backend_named(spec: str) -> Backend:
    """The backend a library call names by a string: `rules`, `local` or `local:0.5b` (the embedded model, its
    server started by the first question and stopped when the process ends, one for every call that names it),
    or an endpoint URL (key and model from LLM_EXTRACT_API_KEY and LLM_EXTRACT_MODEL). ValueError for any other
    name."""
    if spec == "rules":
        return RulesBackend()
    with _NAMED_LOCK:
        if spec not in _NAMED:
            _NAMED[spec] = _named(spec)
        return _NAMED[spec]


def _named(spec: str) -> Backend:
    name = BackendName.parse(spec)
    if name.kind == "local":
        size = name.size or DEFAULT_MODEL
        server = LazyServer(None, size)
        atexit.register(server.__exit__, None, None, None)
        return _local(server, size, EndpointConfig.from_env(base_url=server.base_url, model=ALIAS, mode="json",
                                                            fields="lean", paced=True))
    if name.url is None:
        raise ValueError(f"unknown backend {spec!r}: use rules, local, local:0.5b, or an http(s):// base URL")
    return LLMBackend(EndpointConfig.from_env(base_url=name.url, fields="full"))
