"""Garbage-collector settings for a run, applied by the CLI around its run.

The library does not change them: the collector's settings belong to the process, and a
host process (a server, a notebook) keeps its own.

A run allocates hundreds of thousands of small objects that live until it ends (problems,
facts, parsed documents, the memo). With CPython's default first-generation threshold
(700) the collector walks them again and again: about a fifth of a cold run's CPU, and a
tenth of reading the memo. Cycles are rare here, so collecting less often costs little
memory. ``validate``'s CLI does not collect at all while it imports and runs (a patch run
after one edit is mostly imports and the memo, all kept until the end); the workers it
forks for a full run collect as before, each checking file after file.
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
_paused = 0  # runs in progress that collect nothing
_was_enabled = True


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
def no_collections() -> Iterator[None]:
    """No collection at all while a command reads whole registers and keeps them until it
    ends (``netz``, ``bericht``): even with :func:`few_collections` the older generations
    are walked again and again over every parsed document kept so far (about 40 % of
    ``netz`` over 14 registers of 600 Steckbriefe). Reading makes no cycles worth
    collecting (the memory stays the same), and the setting before is restored after."""
    global _paused, _was_enabled  # process-wide like the collector itself
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                _to_oldest_generation()
                gc.enable()


def restore_in_worker() -> None:
    """In a worker forked while :func:`no_collections` paused the collector: collect as the
    process did before the pause. A worker checks file after file and keeps none of them,
    unlike the run that forked it, which keeps everything it is handed back."""
    if _paused and _was_enabled:
        gc.enable()


def _to_oldest_generation() -> None:
    """Move every object into the oldest generation without walking it: else the first
    collection after the pause walks all that the run kept as one young generation (0.4 s
    for 14 registers). A host's own frozen objects stay frozen: then nothing is moved."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()  # the permanent generation goes into the oldest one


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
