"""Garbage-collector settings for a run.

A run allocates hundreds of thousands of small objects that live until it ends (problems,
facts, parsed documents, the memo). With CPython's default first-generation threshold
(700) the collector walks them again and again: about a fifth of a cold run's CPU, and a
tenth of reading the memo. Cycles are rare here, so collecting less often costs little
memory.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: First-generation threshold during a run (CPython's default: 700)
GC_THRESHOLD = 20_000


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Raise the threshold for the run and restore it after: the library may live in a
    longer process whose settings are not ours to change."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
