"""Backends by name: `rules`, `local` or `local:0.5b` (the embedded model, served for the run), or an endpoint URL."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .api import Backend, RulesBackend
from .llm import EndpointConfig, LLMBackend, redact_url
from .local_model import ALIAS, LazyServer

ENDPOINT_CONCURRENCY = 8  # requests in flight to an endpoint URL; servers that batch (vLLM, SGLang) want more


def _config(args: argparse.Namespace, **kw: Any) -> EndpointConfig:
    return EndpointConfig.from_env(
        api_key=args.api_key, retries=args.retries, reasks=args.reasks, timeout=args.timeout, cache=args.cache, **kw
    )


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
        size = spec.partition(":")[2] or args.model or "1.5b"
        with LazyServer(args.model_path, size) as server:
            config = _config(args, base_url=server.base_url, model=ALIAS, mode=args.mode or "json",
                             fields=args.fields or "lean", paced=True)
            yield LLMBackend(config, name=f"local:{args.model_path or size}", probe=server.gone, start=server.ensure)
    elif _is_endpoint(spec):
        base_url = None if spec == "endpoint" else spec
        yield LLMBackend(_config(args, base_url=base_url, model=args.model, mode=args.mode, fields=args.fields or "full"))
    else:
        raise ValueError(f"unknown backend {redact_url(spec)!r}: use rules, local, or an http(s):// base URL")
