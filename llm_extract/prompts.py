"""The prompt templates of prompts/, rendered into chat messages."""

from __future__ import annotations

import json
from functools import cache
from string import Template

from .resources import resource


@cache
def _text(name: str) -> str:
    return resource("prompts", name).read_text("utf-8").strip()


def _user(title: str | None, excerpt: str) -> str:
    return Template(_text("user.md")).substitute(title=title or "（无）", excerpt=excerpt)


def messages(title: str | None, excerpt: str) -> list[dict[str, str]]:
    """System prompt, the few-shot turns, then this notice: the fixed part first, so servers cache it."""
    out = [{"role": "system", "content": _text("system.md")}]
    for shot in json.loads(_text("fewshot.json")):
        out.append({"role": "user", "content": _user(shot["title"], shot["excerpt"])})
        out.append({"role": "assistant", "content": json.dumps(shot["answer"], ensure_ascii=False, separators=(",", ":"))})
    out.append({"role": "user", "content": _user(title, excerpt)})
    return out
