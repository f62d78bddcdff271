"""Extraction as a Ray Data job, to scale past one machine on Ray's engine rather than a home-made one.

Imported only for `--engine ray` (the `ray` extra). Each actor holds one backend, built as the plain CLI
builds it (one client for an endpoint, or one embedded server), and answers its batches with
`batch.extract_many`, so every record equals the single-process run's. Texts named on the command line
(files, folders, JSONL) are read on the driver through the same input gate as the plain run; Parquet
files with `id` and `text` columns are read by Ray itself, on the workers. Records come back in input order.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from typing import Any

import ray
import ray.data

from ..model.backends import BackendOptions, default_concurrency, make_backend
from ..reading.confidence import Rating
from .batch import extract_many
from .inputs import MAX_CHARS, Document

BATCH = 16  # notices an actor takes at a time: enough to keep its concurrent requests busy
ACTOR_CPUS = 0.5  # an actor mostly waits on its model: whole CPUs per actor would leave none for reading


@dataclass(frozen=True)
class RunOptions:
    """What each actor needs to answer its batches as the CLI would: the backend and how to reach it, and how to read."""

    backend: str | None
    reach: BackendOptions
    reference_date: date | None = None
    max_chars: int = MAX_CHARS
    concurrency: int | None = None
    min_confidence: float | None = None
    confidence_table: Rating | None = None

    @classmethod
    def of(cls, source: Any) -> RunOptions:
        """The options an object with these attributes holds (the CLI's parsed flags)."""
        return cls(source.backend, BackendOptions.of(source), source.reference_date, source.max_chars,
                   source.concurrency, source.min_confidence, source.confidence_table)


class Extractor:
    """One Ray actor: one backend for all the batches it is given."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self._stack = ExitStack()
        self.backend = self._stack.enter_context(make_backend(options.backend, options.reach))
        self.concurrency = options.concurrency or default_concurrency(options.backend)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        docs = [Document(str(i), str(t), str(s)) for i, t, s in zip(batch["doc_id"], batch["text"], batch["source"],
                                                                    strict=True)]
        o = self.options
        notices = extract_many(docs, self.backend, o.reference_date, o.max_chars, self.concurrency,
                               min_confidence=o.min_confidence, rating=o.confidence_table)
        return {"record": [json.dumps(n.contract(), ensure_ascii=False) for n in notices]}

    def __del__(self) -> None:
        self._stack.close()  # stops an embedded server with the actor


def _parquet(path: str) -> ray.data.Dataset:
    """A Parquet file or folder of `id`, `text` rows, read by Ray on the workers."""
    def shaped(row: dict[str, Any]) -> dict[str, Any]:
        return {"doc_id": str(row["id"]), "text": row["text"] if isinstance(row["text"], str) else "", "source": path}

    return ray.data.read_parquet(path, columns=["id", "text"]).map(shaped)


def _reachable(address: str, seconds: float) -> None:
    """RuntimeError unless something listens at a Ray `address` (host:port, or ray://host:port) within `seconds`:
    Ray itself would wait minutes for an address where nothing answers."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not port.isdigit():
        return  # "auto", or a form Ray reads itself
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=seconds).close()
    except OSError as e:
        raise RuntimeError(f"--ray-address {address}: no Ray cluster answers there within {seconds:g}s "
                           f"({e.strerror or e})") from None


def extract_with_ray(docs: Iterable[Document], parquet: list[str], options: RunOptions,
                     address: str | None = None, actors: int = 2) -> Iterator[dict[str, Any]]:
    """Every document's record as a notice-v1 dict, answered by `actors` Ray actors (on the cluster at
    `address`, else on a local Ray instance started for the run), in input order."""
    if address:
        _reachable(address, options.reach.timeout or 120.0)
    for name in ("ray", "ray.data"):  # records and errors are the CLI's to report, not Ray's progress notes
        logging.getLogger(name).setLevel(logging.WARNING)
    ray.init(address=address, ignore_reinit_error=True, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    rows = [{"doc_id": d.doc_id, "text": d.text, "source": d.source} for d in docs]
    parts = ([ray.data.from_items(rows)] if rows else []) + [_parquet(p) for p in parquet]
    for part in parts:  # one after another: a union would interleave them and lose the input order
        answered = part.map_batches(Extractor, fn_constructor_kwargs={"options": options}, batch_size=BATCH,
                                    compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=ACTOR_CPUS)
        for row in answered.iter_rows():
            yield json.loads(row["record"])
