"""Shared helpers: read a short test string through the normaliser and the extractors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llm_extract.findings import Findings, read
from llm_extract.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
NOTICES = ROOT / "eval" / "notices"


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
