"""Output files written whole or not at all: into a temporary file beside the target, then moved into place."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """`write` fills a new file beside `path` (created exclusively, under a name nobody can guess: a link planted
    there is never written through), which then replaces `path`; a failed write leaves `path` as it was and no
    temporary file. An OSError names `path`, not the temporary file."""
    with _named_as(path):  # no such folder, no permission: the output's fault, named as the output
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        with _named_as(path):
            write(tmp)
            os.chmod(tmp, _mode_for(path))
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def scratch_beside(path: Path) -> Iterator[Path]:
    """A temporary folder beside `path` that the standard library's temporary files go to while the block runs (a
    library spooling a large write, as openpyxl does, then fills the output's own disk, not $TMPDIR), removed with
    whatever is left in it, however the block ends."""
    with _named_as(path):
        folder = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".scratch"))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _named_as(path: Path) -> Iterator[None]:
    """An OSError in the block named as `path` (the output), not as the temporary file or folder beside it."""
    try:
        yield
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None


def _mode_for(path: Path) -> int:
    """The permissions a plain write would leave: an existing file's own, else 0o666 less the umask (mkstemp's
    0o600 would hide the output from everyone else)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_stream_whole(path: Path, write: Callable[[TextIO], object]) -> None:
    """`write` fills `path` through a UTF-8 text stream (a piece at a time: memory stays flat), whole or not at all."""
    def fill(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            write(f)

    write_whole(path, fill)


def write_text_whole(path: Path, text: str) -> None:
    """`text` as UTF-8 in `path`, whole or not at all."""
    write_stream_whole(path, lambda f: f.write(text))
