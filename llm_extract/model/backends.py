"""Backends by name: `rules`, `local` or `local:0.5b` (the embedded model, served for the run), or an endpoint URL."""

from __future__ import annotations

import argparse
import atexit
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..backend import Backend
from ..reading.rules import RulesBackend
from ..redact import redact_url
from .endpoint import EndpointConfig
from .llm_backend import LLMBackend
from .local_model import ALIAS, DEFAULT_MODEL, LazyServer

ENDPOINT_CONCURRENCY = 8  # requests in flight to an endpoint URL; servers that batch (vLLM, SGLang) want more


def _config(args: argparse.Namespace, **kw: Any) -> EndpointConfig:
    return EndpointConfig.from_env(
        api_key=args.api_key, retries=args.retries, reasks=args.reasks, timeout=args.timeout, cache=args.cache, **kw
    )


def _local(server: LazyServer, label: str, config: EndpointConfig) -> LLMBackend:
    """The embedded model's backend: its server started by the first question, its answers paced by its speed."""
    return LLMBackend(config, name=f"local:{label}", probe=server.gone, start=server.ensure)


def _size(spec: str, model: str | None) -> str:
    """The embedded model a `local` or `local:SIZE` spec names: its size, else `model`, else the default."""
    return spec.partition(":")[2] or model or DEFAULT_MODEL


def _resolved(spec: str | None) -> str:
    return spec or ("endpoint" if os.environ.get("LLM_EXTRACT_BASE_URL") else "local")


def _is_endpoint(spec: str) -> bool:
    return spec == "endpoint" or spec.startswith(("http://", "https://"))


def default_concurrency(spec: str | None) -> int:
    """Notices answered at once unless the user says: 1 for the rules and the embedded server (it answers
    one request at a time), more for an endpoint URL."""
    return ENDPOINT_CONCURRENCY if _is_endpoint(_resolved(spec)) else 1


@contextmanager
def make_backend(spec: str | None, args: argparse.Namespace) -> Iterator[Backend]:
    """The backend `spec` names, ready for a run; a local server is started when the first question needs it,
    and stopped on exit."""
    spec = _resolved(spec)
    if spec == "rules":
        yield RulesBackend()
    elif spec == "local" or spec.startswith("local:"):
        size = _size(spec, args.model)
        with LazyServer(args.model_path, size) as server:
            yield _local(server, args.model_path or size, _config(args, base_url=server.base_url, model=ALIAS,
                                                                  mode=args.mode or "json", fields=args.fields or "lean",
                                                                  paced=True))
    elif _is_endpoint(spec):
        base_url = None if spec == "endpoint" else spec
        yield LLMBackend(_config(args, base_url=base_url, model=args.model, mode=args.mode, fields=args.fields or "full"))
    else:
        raise ValueError(f"unknown backend {redact_url(spec)!r}: use rules, local, or an http(s):// base URL")


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
    if spec == "local" or spec.startswith("local:"):
        size = _size(spec, None)
        server = LazyServer(None, size)
        atexit.register(server.__exit__, None, None, None)
        return _local(server, size, EndpointConfig.from_env(base_url=server.base_url, model=ALIAS, mode="json",
                                                            fields="lean", paced=True))
    if spec.startswith(("http://", "https://")):
        return LLMBackend(EndpointConfig.from_env(base_url=spec, fields="full"))
    raise ValueError(f"unknown backend {redact_url(spec)!r}: use rules, local, local:0.5b, or an http(s):// base URL")
