"""Shared helpers: read a short test string through the normaliser and the extractors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llm_extract.reading.findings import Findings, read
from llm_extract.reading.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
NOTICES = ROOT / "eval" / "notices"


@pytest.fixture(autouse=True)
def _own_answer_cache(tmp_path, monkeypatch):
    """Each test, and the CLI runs it starts, gets an empty answer cache of its own: no answer leaks between
    tests or from the user's cache."""
    monkeypatch.setenv("LLM_EXTRACT_ANSWERS", str(tmp_path / "answers.sqlite"))


def norm(text: str) -> str:
    """The normalised form extractors read."""
    return normalize(text).text


@pytest.fixture(scope="session")
def gold_pairs() -> list[tuple[str, str, dict]]:
    """(doc_id, notice text, gold answer) for the gold set."""
    return [(p.stem, (NOTICES / f"{p.stem}.txt").read_text("utf-8"), json.loads(p.read_text("utf-8")))
            for p in sorted(GOLD.glob("*.json"))]


def findings(text: str) -> Findings:
    return read(text)


def uncited(notice) -> list[str]:
    """The values of an answer that no evidence record covers (the contract's fields, per team)."""
    cited = {(e.team, e.field, e.value) for e in notice.evidence}
    missing = []
    for i, t in enumerate(notice.teams):
        values = [("name", t.name), ("leader", t.leader), ("duration", t.duration), ("start_date", t.start_date),
                  ("end_date", t.end_date), ("petition_deadline", t.petition_deadline)]
        values += [("deputy_leaders", d) for d in t.deputy_leaders] + [("targets", x) for x in t.targets]
        values += [("phones", p.number) for p in t.phones] + [("phone_hours", h) for h in t.phone_hours]
        values += [("emails", e) for e in t.emails] + [("mailboxes", m.address) for m in t.mailboxes]
        missing += [f"{i}.{field}={v}" for field, v in values if v is not None and (i, field, str(v)) not in cited]
    return missing
