"""Garbage-collector settings for a run, applied by the CLI around its run.

The library does not change them: the collector's settings belong to the process, and a
host process (a server, a notebook) keeps its own.

A run allocates hundreds of thousands of small objects that live until it ends (problems,
facts, parsed documents, the memo). With CPython's default first-generation threshold
(700) the collector walks them again and again: about a fifth of a cold run's CPU, and a
tenth of reading the memo. Cycles are rare here, so collecting less often costs little
memory.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

#: First-generation threshold during a run (CPython's default: 700)
GC_THRESHOLD = 20_000


_lock = threading.Lock()
_active = 0  # runs in progress (threads of a longer process may overlap)
_saved: tuple[int, int, int] | None = None


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Raise the threshold while runs are in progress and restore the one from before the
    first of them after the last: the library may live in a longer process whose settings
    are not ours to change, and whose threads may run several validations at once."""
    global _active, _saved  # process-wide like the collector itself
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_saved[0], GC_THRESHOLD), *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None


@contextlib.contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Freeze what exists before forking workers (modules, settings: never garbage), so
    that the workers' collections skip it; unfreeze after. A process that froze objects
    itself keeps them frozen: then nothing is done here."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
