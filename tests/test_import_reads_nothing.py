"""Importing the package reads none of its data files: cue words, tables and prompts are read on first use, so an
import is quick and a broken data file is reported by the call that needs it, not by `import`."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_IMPORT_EVERY_MODULE = textwrap.dedent("""
    import builtins, importlib, importlib.util, io, os, pathlib, pkgutil

    package = pathlib.Path(importlib.util.find_spec("llm_extract").submodule_search_locations[0]).resolve()
    real_open = io.open

    def guarded(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)):
            path = pathlib.Path(file).resolve()
            if path.is_relative_to(package) and path.suffix != ".py":
                raise AssertionError(f"read at import: {path.relative_to(package)}")
        return real_open(file, *args, **kwargs)

    builtins.open = io.open = guarded
    import llm_extract
    names = [m.name for m in pkgutil.walk_packages(llm_extract.__path__, "llm_extract.")]
    for name in names:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:  # an optional extra's module (Ray) without the extra installed
            if not error.name or error.name.startswith("llm_extract"):
                raise
    print(len(names))
""")


def test_importing_every_module_opens_no_data_file() -> None:
    done = subprocess.run([sys.executable, "-c", _IMPORT_EVERY_MODULE], capture_output=True, text=True, timeout=120)
    where = [line.strip() for line in done.stderr.splitlines() if "llm_extract" in line or "Error" in line]
    assert done.returncode == 0, where[-6:]  # the module and line that read, and what
    assert int(done.stdout) > 40  # every module was imported
