"""Backends by name: `rules`, `local` or `local:0.5b` (the embedded model, served for the run), or an endpoint URL."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .api import Backend, RulesBackend
from .llm import EndpointConfig, LLMBackend
from .local_model import ALIAS, LocalServer, resolve_model


def _config(args: argparse.Namespace, **kw: Any) -> EndpointConfig:
    return EndpointConfig.from_env(
        api_key=args.api_key, retries=args.retries, reasks=args.reasks, timeout=args.timeout, **kw
    )


@contextmanager
def make_backend(spec: str | None, args: argparse.Namespace) -> Iterator[Backend]:
    """The backend `spec` names, ready for a run; a local server is started here and stopped on exit."""
    spec = spec or ("endpoint" if os.environ.get("LLM_EXTRACT_BASE_URL") else "local")
    if spec == "rules":
        yield RulesBackend()
    elif spec == "local" or spec.startswith("local:"):
        size = spec.partition(":")[2] or args.model or "1.5b"
        with LocalServer(resolve_model(args.model_path, size)) as server:
            config = _config(args, base_url=server.base_url, model=ALIAS, mode=args.mode or "json",
                             fields=args.fields or "lean")
            yield LLMBackend(config, name=f"local:{args.model_path or size}", probe=server.gone)
    elif spec == "endpoint" or spec.startswith(("http://", "https://")):
        base_url = None if spec == "endpoint" else spec
        yield LLMBackend(_config(args, base_url=base_url, model=args.model, mode=args.mode, fields=args.fields or "full"))
    else:
        raise ValueError(f"unknown backend {spec!r}: use rules, local, or an http(s):// base URL")
