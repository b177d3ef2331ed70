"""An ingest run over a corpus: read sources, skip what the store has, extract events (in this
process, in N local processes, or on a Dask cluster), and hand every result to ONE writer.

Why one writer: DuckDB allows a single writing process, and writing whole batches in one
transaction (documents, reports, evidence, re-fused incidents) is what makes a killed run safe to
re-run. Workers only compute: each loads the pipeline once (a per-process cache) and returns
records; the stages know nothing about the scale-out.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from frontwire.records import Document, Event, Failure
from frontwire.store import DEFAULT_DB, BatchResult, Store

log = logging.getLogger(__name__)

DEFAULT_PIPELINE = "frontwire.pipeline:Pipeline"
DEFAULT_BATCH = 64

Result = tuple[Document, list[Event]] | Failure


@dataclass(slots=True)
class IngestStats:
    """What an ingest run did; ``seconds`` is wall time including model loading."""

    read: int = 0  # documents and failures read so far (reading runs ahead of processing)
    done: int = 0  # of those, how many are stored, skipped or logged as failures
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    events: int = 0
    failures: int = 0
    seconds: float = 0.0
    failed_sources: list[str] = field(default_factory=list)

    @property
    def docs_per_s(self) -> float:
        """Throughput over the whole run (reading, NLP, storing)."""
        return self.read / self.seconds if self.seconds else 0.0


# -- the per-process pipeline cache (also used inside Dask workers) -------------------------------

@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What every worker builds: ``factory`` ("module:callable") called with the options that are
    set (a custom factory need not take them). Small and picklable: it travels to Dask workers."""

    factory: str = DEFAULT_PIPELINE
    model: str | None = None
    focus: str | None = None

    def kwargs(self) -> dict[str, str]:
        return {k: v for k, v in (("model", self.model), ("focus", self.focus)) if v is not None}


_PIPELINES: dict[PipelineSpec, Any] = {}
_LOCK = threading.Lock()


def load_factory(spec: str) -> Callable[..., Any]:
    """``"module:callable"`` -> the callable (how workers find the pipeline to build)."""
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise ValueError(f"pipeline {spec!r} must look like 'package.module:Callable'")
    return getattr(importlib.import_module(module), attr)


def worker_pipeline(spec: PipelineSpec | str = DEFAULT_PIPELINE) -> Any:
    """This process's pipeline, built on first use and kept: one model load per worker."""
    spec = PipelineSpec(spec) if isinstance(spec, str) else spec
    with _LOCK:
        if spec not in _PIPELINES:
            _PIPELINES[spec] = load_factory(spec.factory)(**spec.kwargs())
        return _PIPELINES[spec]


def process_batch(docs: Sequence[Document], spec: PipelineSpec | str = DEFAULT_PIPELINE) -> list[Result]:
    """Run the pipeline on a batch; a document that makes it fail becomes a Failure, the others
    still get their events (the batch is retried one document at a time)."""
    pipe = worker_pipeline(spec)
    with _LOCK:  # a pipeline is not assumed thread-safe (Dask workers may run several threads)
        try:
            return [(d, list(evs)) for d, evs in pipe.process(list(docs))]
        except Exception:  # noqa: BLE001 - isolate the bad document below
            log.warning("pipeline failed on a batch; retrying its documents one by one")
        out: list[Result] = []
        for d in docs:
            try:
                out.extend((doc, list(evs)) for doc, evs in pipe.process([d]))
            except Exception as exc:  # noqa: BLE001 - recorded as a failure, the run goes on
                name = d.url or d.source or d.id
                out.append(
                    Failure(name, f"pipeline error ({type(exc).__name__}: {exc})", "pipeline")
                )
        return out


# -- executors: same interface, results in submission order ---------------------------------------


class _Local:
    """This process (the default, and what tests and small runs use)."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Result]]:
        for docs in batches:
            yield process_batch(docs, self.spec) if docs else []

    def close(self) -> None:
        pass


class _Pool:
    """Local worker processes (spawned, so no DuckDB or thread state is forked)."""

    def __init__(self, workers: int, spec: PipelineSpec) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.workers, self.spec = workers, spec
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context("spawn"),
            initializer=worker_pipeline,
            initargs=(spec,),
        )

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Result]]:
        window: deque = deque()
        for docs in batches:
            window.append(self.pool.submit(process_batch, docs, self.spec))
            if len(window) >= 2 * self.workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class SchedulerError(RuntimeError):
    """The Dask scheduler given with ``--scheduler`` cannot be reached."""


SCHEDULER_TIMEOUT_S = 10
"""How long to try to reach a Dask scheduler before giving up with a message."""


class _Dask:
    """An existing Dask distributed cluster (``--scheduler tcp://host:8786``) or a Client."""

    def __init__(self, scheduler: Any, spec: PipelineSpec) -> None:
        from distributed import Client

        self.own = not isinstance(scheduler, Client)
        if self.own:
            try:
                self.client = Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT_S}s")
            except OSError as exc:
                raise SchedulerError(
                    f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with `dask scheduler` "
                    "and workers with `dask worker ADDRESS`, or leave out --scheduler to run on this machine"
                ) from exc
        else:
            self.client = scheduler
        self.spec = spec
        n = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = 2 * n

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[Result]]:
        window: deque = deque()
        for docs in batches:
            window.append(
                self.client.submit(process_batch, docs, self.spec, pure=False)
            )
            if len(window) >= self.window:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def close(self) -> None:
        if self.own:
            self.client.close()


# -- the run ---------------------------------------------------------------------------------------


def _chunks(items: Iterator[Any], n: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, n)):
        yield chunk


def ingest(
    sources: Iterable[str],
    db: str = DEFAULT_DB,
    *,
    published: date | None = None,
    workers: int = 1,
    scheduler: Any = None,
    batch_size: int = DEFAULT_BATCH,
    model: str | None = None,
    focus: str | None = None,
    pipeline: str = DEFAULT_PIPELINE,
    progress: bool = True,
    max_bytes: int | None = None,
    store: Store | None = None,
    on_batch: Callable[[IngestStats], None] | None = None,
) -> IngestStats:
    """Read ``sources`` into the store at ``db``; safe to re-run and to kill at any moment.

    Documents already stored are skipped before extraction; each batch (documents, events,
    failures, re-fusion) is one transaction. ``workers > 1`` runs the pipeline in that many local
    processes, ``scheduler`` on a Dask cluster (address or ``distributed.Client``); the result is
    the same as a single-process run. ``focus``: a focus file or countries/regions
    (``places.focus.load_focus``), passed to every worker's pipeline.
    """
    from frontwire.ingest import read_sources

    t0 = time.perf_counter()
    stats = IngestStats()
    spec = PipelineSpec(pipeline, model, _checked_focus(focus))  # a bad focus fails before the store opens
    own_store = store is None
    store = store or Store(db)
    store.refuse_pending()
    executor = _executor(scheduler, workers, spec)
    bar = _progress(progress)
    pending: deque[tuple[int, list[Failure]]] = deque()

    def batches() -> Iterator[list[Document]]:
        """New documents per batch; stored and repeated ones are dropped here, before the NLP."""
        seen: set[str] = set()
        limit = {"max_bytes": max_bytes} if max_bytes else {}
        for chunk in _chunks(iter(read_sources(sources, published=published, **limit)), batch_size):
            stats.read += len(chunk)
            fails = [x for x in chunk if isinstance(x, Failure)]
            docs = [x for x in chunk if isinstance(x, Document)]
            known = store.known_ids(d.id for d in docs)
            new = []
            for d in docs:
                if d.id not in known and d.id not in seen:
                    seen.add(d.id)
                    new.append(d)
            stats.skipped += len(docs) - len(new)
            pending.append((len(chunk), fails))
            yield new

    try:
        for results in executor.map(batches()):
            n_read, fails = pending.popleft()
            fails = fails + [r for r in results if isinstance(r, Failure)]
            items = [r for r in results if not isinstance(r, Failure)]
            _count(stats, store.add_batch(items, fails), fails, n_read)
            if bar is not None:
                bar.update(n_read)
                bar.set_postfix(events=stats.events, failed=stats.failures, refresh=False)
            if on_batch is not None:
                stats.seconds = time.perf_counter() - t0
                on_batch(stats)
    finally:
        executor.close()
        if bar is not None:
            bar.close()
        if own_store:
            store.close()
    stats.seconds = time.perf_counter() - t0
    return stats


def _checked_focus(focus: str | None) -> str | None:
    """The focus as workers get it: checked here, once (a bad one fails the run before any work,
    with the message), and a file by its absolute path (workers may run elsewhere)."""
    if not focus:
        return None
    from pathlib import Path

    from frontwire.places.focus import load_focus

    load_focus(focus)
    return str(Path(focus).resolve()) if Path(focus).is_file() else focus


def _executor(scheduler: Any, workers: int, spec: PipelineSpec) -> _Local | _Pool | _Dask:
    """Where the pipeline runs: a Dask cluster, local worker processes, or this process."""
    if scheduler is not None:
        return _Dask(scheduler, spec)
    if workers > 1:
        return _Pool(workers, spec)
    return _Local(spec)


def _count(stats: IngestStats, res: BatchResult, fails: list[Failure], n_read: int) -> None:
    """Add one stored batch to the run's running totals."""
    stats.added += res.added
    stats.replaced += res.replaced
    stats.skipped += res.skipped
    stats.events += res.events
    stats.failures += len(fails)
    stats.failed_sources.extend(f"{f.source}: {f.reason}" for f in fails)
    stats.done += n_read


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" docs", desc="ingest", dynamic_ncols=True, mininterval=0.5)
