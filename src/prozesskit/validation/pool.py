"""Checking a list of files, in this process or spread over forked workers.

Workers are forked after the run's settings are built, so they inherit the imported
rules and parsers instead of importing them again; results come back in the form of
:mod:`.transfer`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from importlib import import_module

from prozesskit.fsutil import NotRegularFile, read_regular
from prozesskit.problem import Level, Problem
from prozesskit.register.unread import unread_problem
from prozesskit.validation.checks import FileOutcome
from prozesskit.validation.gctune import frozen_for_fork
from prozesskit.validation.runner import RunSettings
from prozesskit.validation.transfer import Done, Work

#: Below this many files to check, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 200

_WORKER_SETTINGS: RunSettings | None = None


def usable_cpus() -> int:
    """CPUs this process may run on: a CI container pinned to 2 of the host's 64 cores must
    not start 8 workers (``os.cpu_count`` counts the host's)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_checks(work: Sequence[Work], settings: RunSettings, jobs: int | None) -> list[Done]:
    """Check files, spread over processes when there are enough of them."""
    if not work:
        return []
    for kind in {item.kind for item in work}:  # import once here, not in every forked worker
        import_module(f"prozesskit.validation.checks.{kind}")

    workers = jobs if jobs is not None else min(usable_cpus(), 8)
    if workers <= 1 or len(work) < PARALLEL_THRESHOLD:
        _init_worker(settings)
        return [_check(item) for item in work]
    # deliberate: 20 ms of imports, only for runs big enough for workers
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # Models first, in small chunks: a model costs ~20× a Steckbrief, and a chunk of models
    # handed out last would leave the other workers idle while one finishes it.
    order = sorted(range(len(work)), key=lambda i: work[i].kind != "bpmn")
    chunk = max(2, min(16, len(work) // (workers * 32)))
    with frozen_for_fork(), ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=_init_worker,
        initargs=(settings,),
    ) as pool:
        done = list(pool.map(_check, [work[i] for i in order], chunksize=chunk))
    result: list[Done | None] = [None] * len(work)
    for i, item in zip(order, done, strict=True):
        result[i] = item
    return [item for item in result if item is not None]


def _init_worker(settings: RunSettings) -> None:
    global _WORKER_SETTINGS  # per-process state of a worker
    _WORKER_SETTINGS = settings


def _check(work: Work) -> Done:
    settings = _WORKER_SETTINGS
    assert settings is not None
    try:
        raw = read_regular(work.path)  # never a symlink's target, never blocking on a FIFO
    except OSError as exc:
        return Done(_unreadable(work, exc), "", work.stat)
    # deliberate: each kind imports its parser (lxml, pydantic) only when a file of it is left
    if work.kind == "bpmn":
        from prozesskit.validation.checks.bpmn import bpmn_facts_only as only
        from prozesskit.validation.checks.bpmn import check_bpmn as check
    else:
        from prozesskit.validation.checks.steckbrief import check_steckbrief as check
        from prozesskit.validation.checks.steckbrief import steckbrief_facts_only as only
    if work.facts_only:
        return Done(only(work.rel, raw), "", work.stat)
    return Done(check(work.rel, raw, settings), hashlib.sha256(raw).hexdigest(), work.stat)


def _unreadable(work: Work, exc: OSError) -> FileOutcome:
    if isinstance(exc, NotRegularFile):
        return FileOutcome(work.rel, (unread_problem(work.rel, exc.kind, work.kind),), None)
    rule = "PK-B001" if work.kind == "bpmn" else "PK-S001"
    problem = Problem(work.rel, None, None, rule, Level.ERROR,
                      f"Datei nicht lesbar: {exc.strerror or exc}",
                      hint="Dateirechte prüfen; ist die Datei gesperrt oder ein Link?")
    return FileOutcome(work.rel, (problem,), None)
