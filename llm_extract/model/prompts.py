"""The prompt templates of prompts/, rendered into chat messages."""

from __future__ import annotations

import json
from functools import cache
from string import Template

from ..resources import resource


@cache
def _text(name: str) -> str:
    return resource("prompts", name).read_text("utf-8").strip()


def _user(title: str | None, excerpt: str) -> str:
    return Template(_text("user.md")).substitute(title=title or "（无）", excerpt=excerpt)


def _check_user(title: str | None, excerpt: str, questions: str) -> str:
    return Template(_text("check_user.md")).substitute(title=title or "（无）", excerpt=excerpt, questions=questions)


def messages(title: str | None, excerpt: str) -> list[dict[str, str]]:
    """System prompt, the few-shot turns, then this notice: the fixed part first, so servers cache it."""
    out = [{"role": "system", "content": _text("system.md")}]
    for shot in json.loads(_text("fewshot.json")):
        out.append({"role": "user", "content": _user(shot["title"], shot["excerpt"])})
        out.append({"role": "assistant", "content": json.dumps(shot["answer"], ensure_ascii=False, separators=(",", ":"))})
    out.append({"role": "user", "content": _user(title, excerpt)})
    return out


def question(field: str) -> str:
    """What the model is asked to copy at a value's mark, by the value's field (`prompts/check_questions.json`)."""
    return str(json.loads(_text("check_questions.json"))[field])


def check_messages(title: str | None, excerpt: str, questions: list[str]) -> list[dict[str, str]]:
    """System prompt, the few-shot turns, then this notice's marked excerpt and its questions, one a line: the
    prompt of `focus.weak`'s check."""
    out = [{"role": "system", "content": _text("check_system.md")}]
    for shot in json.loads(_text("check_fewshot.json")):
        out.append({"role": "user", "content": _check_user(shot["title"], shot["excerpt"], shot["questions"])})
        out.append({"role": "assistant", "content": json.dumps(shot["answer"], ensure_ascii=False, separators=(",", ":"))})
    out.append({"role": "user", "content": _check_user(title, excerpt, "\n".join(questions))})
    return out
