"""Files that live beside the package in a checkout (prompts/, schemas/) and inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource(*parts: str) -> Path:
    """The path of a top-level resource file, e.g. resource("prompts", "system.md")."""
    for root in (_HERE / "_resources", _HERE.parent):
        path = root.joinpath(*parts)
        if path.exists():
            return path
    raise FileNotFoundError(f"resource {'/'.join(parts)} not found beside or inside the package")
