"""Checking a list of files, in this process or spread over forked workers.

Workers are forked after the run's settings are built, so they inherit the imported
rules and parsers instead of importing them again; results come back in the form of
:mod:`.transfer`.

Workers end with their parent: a ``validate`` killed by CI (SIGTERM on a timeout, SIGKILL,
SIGHUP of a closed terminal) must not leave them blocked on the pipe forever. On Linux
the kernel sends them SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
elsewhere a thread in each worker watches the parent's pid.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from importlib import import_module

from prozesskit import limits
from prozesskit.fsutil import FileTooLarge, NotRegularFile, read_regular
from prozesskit.problem import Level, Problem
from prozesskit.register.unread import unread_problem
from prozesskit.validation.checks import FileOutcome
from prozesskit.validation.gctune import frozen_for_fork, restore_in_worker
from prozesskit.validation.runner import RunSettings
from prozesskit.validation.transfer import Done, Work

#: Below this many files to check, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 200

_WORKER_SETTINGS: RunSettings | None = None
#: How often a worker without PR_SET_PDEATHSIG looks whether its parent still lives.
WATCH_INTERVAL_S = 0.5


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
        initargs=(settings, os.getpid(), _death_signal_setter()),
    ) as pool:
        done = list(pool.map(_check, [work[i] for i in order], chunksize=chunk))
    result: list[Done | None] = [None] * len(work)
    for i, item in zip(order, done, strict=True):
        result[i] = item
    return [item for item in result if item is not None]


def _init_worker(
    settings: RunSettings,
    parent: int | None = None,
    set_death_signal: Callable[[], bool] | None = None,
) -> None:
    global _WORKER_SETTINGS  # per-process state of a worker
    _WORKER_SETTINGS = settings
    if parent is None:  # in-process: nothing to outlive
        return
    restore_in_worker()
    if set_death_signal is None or not set_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="prozesskit-parent-watch").start()
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)


def _death_signal_setter() -> Callable[[], bool] | None:
    """A function that asks Linux to SIGKILL the calling process when its parent dies;
    None elsewhere. Looked up in the parent, so that forked workers share it."""
    if not sys.platform.startswith("linux"):
        return None
    # deliberate: ctypes only for runs that fork workers, and only on Linux
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1  # <linux/prctl.h>

    def set_death_signal() -> bool:
        return bool(prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0)

    return set_death_signal


def _watch_parent(parent: int) -> None:
    """Portable fallback: a worker's parent that died leaves it an orphan (new parent pid)."""
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)


def _check(work: Work) -> Done:
    settings = _WORKER_SETTINGS
    assert settings is not None
    limit = limits.MAX_BPMN_BYTES if work.kind == "bpmn" else limits.MAX_YAML_BYTES
    try:  # never a symlink's target, never blocking on a FIFO, never more than the limit
        raw = read_regular(work.path, limit)
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
    if isinstance(exc, FileTooLarge):  # as the parsers word it, with the size fstat gave
        bpmn = work.kind == "bpmn"
        limit = limits.MAX_BPMN_BYTES if bpmn else limits.MAX_YAML_BYTES
        hint = ("Sehr große Modelle in Teilprozesse aufteilen; ist dies die richtige Datei?"
                if bpmn else "Steckbriefe sind wenige KB groß: ist dies die richtige Datei?")
        return FileOutcome(work.rel, (Problem(
            work.rel, None, None, rule, Level.ERROR,
            f"{'BPMN-Datei' if bpmn else 'Datei'} ist mit {limits.german_int(exc.size)} Bytes "
            f"größer als die Grenze von {limits.german_int(limit)} Bytes und wird nicht "
            "gelesen", hint=hint),), None)
    problem = Problem(work.rel, None, None, rule, Level.ERROR,
                      f"Datei nicht lesbar: {exc.strerror or exc}",
                      hint="Dateirechte prüfen; ist die Datei gesperrt oder ein Link?")
    return FileOutcome(work.rel, (problem,), None)
