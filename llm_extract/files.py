"""Output files written whole or not at all: into a temporary file beside the target, then moved into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """`write` fills a new file beside `path` (created exclusively, under a name nobody can guess: a link planted
    there is never written through), which then replaces `path`; a failed write leaves `path` as it was and no
    temporary file. An OSError names `path`, not the temporary file."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_text_whole(path: Path, text: str) -> None:
    """`text` as UTF-8 in `path`, whole or not at all."""
    write_whole(path, lambda tmp: tmp.write_text(text, "utf-8"))
