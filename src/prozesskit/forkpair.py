"""Two halves of CPU-bound work at the same time: one here, one in a forked child.

``unpack`` checks a package's files and ``site`` draws its pages in one Python process;
on a second CPU, a child forked after everything is read does half of the work while this
process does the other half. The child only computes and sends its result back through a
pipe (pickled: our own child's bytes, never input from outside); it writes no file and ends
with ``os._exit``, so no cleanup of the parent runs twice. If it cannot finish (out of
memory, killed), its half is done here afterwards: the result never depends on the child.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


def can_fork() -> bool:
    """A second CPU, ``fork`` (not on Windows) and no other thread running: a fork copies
    only the calling thread, so a lock another thread holds (libxml2's, malloc's) would
    stay locked in the child forever (``netz`` opens members, packages among them, in a
    thread pool)."""
    from prozesskit.validation.pool import usable_cpus

    return hasattr(os, "fork") and not other_threads_running() and usable_cpus() >= 2


def other_threads_running() -> bool:
    """Whether a thread besides this one is alive (then no fork)."""
    import threading

    return threading.active_count() > 1


def both(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """``(first(), second())``, with ``second`` run in a forked child while ``first`` runs
    here. Call only with :func:`can_fork` true and nothing half-written in this process."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child computes its half, sends it and ends; it never returns
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as sink:
                sink.write(pickle.dumps(second()))
            code = 0
        finally:
            os._exit(code)  # a parent that died or stopped reading: EPIPE, and the child ends
    os.close(write_end)
    source = os.fdopen(read_end, "rb")
    try:
        mine = first()
        data = source.read()
    finally:
        source.close()  # first: a child still writing gets EPIPE instead of waiting forever
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0 and data:
        theirs: B = pickle.loads(data)
    else:  # the child could not finish: its half here, after all
        theirs = second()
    return mine, theirs
