"""Contacts the extractors found, marked in place with short ids: ⟦P1⟧ a phone, ⟦M1⟧ a mailbox, ⟦E1⟧ an e-mail.

The model is shown the marks and answers which team each id belongs to: it assigns contacts and never
types them, so that a contact can be neither misspelt nor invented, and the answer stays a few tokens long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..reading.extractors import Found
from ..reading.findings import Findings
from ..reading.supports import UNPLACED, UNSURE

_ID = re.compile(r"[PME]\d{1,3}")


@dataclass(frozen=True)
class Candidate:
    """One contact value the extractors found, with its id and the notice-v1 field it fills."""

    id: str
    field: str  # phones, mailboxes or emails
    found: Found[Any]


def candidates(f: Findings) -> dict[str, Candidate]:
    """Every phone, mailbox and e-mail of the notice's body by id, numbered in text order per kind."""
    kinds: tuple[tuple[str, str, list[Found[Any]]], ...] = (
        ("P", "phones", f.phones), ("M", "mailboxes", f.mailboxes), ("E", "emails", f.emails))
    return {f"{p}{k}": Candidate(f"{p}{k}", field, hit) for p, field, hits in kinds for k, hit in enumerate(hits, 1)}


def open_contacts(f: Findings) -> list[Candidate]:
    """The contacts whose team is the model's to tell, in a notice with several teams whose other contacts are
    placed team by team: those nothing in the text places, and those only the end of the last team's clause
    holds (they may as well be every team's). Without such per-team contacts, an unplaced one is shared (on
    every team, as the contract says) and stays so."""
    roster, found = f.placement, candidates(f)
    if len(roster.teams) < 2:
        return []
    placed = {cid: roster.place(f.text, c.found.start, c.found.end) for cid, c in found.items()}
    if not any(p.support not in UNPLACED + UNSURE and len(p.owners) < len(roster.teams) for p in placed.values()):
        return []
    return [c for cid, c in found.items() if placed[cid].support in UNPLACED + UNSURE]


def marked(f: Findings, start: int, end: int) -> str:
    """The text from `start` to `end` with each candidate that ends inside it followed by its mark."""
    return with_marks(f.text, start, end, [(c.found.end, c.id) for c in candidates(f).values()])


def with_marks(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> str:
    """`text[start:end]` with each (position, id) of `marks` inside it written there as ⟦id⟧."""
    out, pos = [], start
    for at, mid in sorted(m for m in marks if start < m[0] <= end):
        out += [text[pos:at], f"⟦{mid}⟧"]
        pos = at
    return "".join(out) + text[pos:end]


def read_id(answer: str) -> str | None:
    """The id in what the model wrote for one contact ("⟦P2⟧", "P2", "[P2]"), or None."""
    m = _ID.search(answer.upper())
    return m[0] if m else None
