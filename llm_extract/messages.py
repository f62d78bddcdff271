"""What the commands tell the user: one line on stderr, named for the program."""

from __future__ import annotations

import sys

from tqdm import tqdm


def say(message: str) -> None:
    """One line on stderr, on a line of its own even while a progress bar is drawn."""
    tqdm.write(f"llm-extract: {message}", file=sys.stderr)


def listed(items: list[str], most: int = 5) -> str:
    """The first `most` items, comma-separated, and how many more there are: ids named in one line."""
    return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")
