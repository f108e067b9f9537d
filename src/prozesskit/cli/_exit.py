"""How the process ends.

After a big ``validate`` run the interpreter's teardown frees every object one by one
(40 ms for a few thousand files, mypy's ``--fast-exit`` skips it the same way). Skipping it
with ``os._exit`` also skips whatever teardown would still have written: buffers of files
left open, finalizers. So the fast exit is opt-in: a command calls :func:`allow_fast_exit`
once every file it wrote is closed (``validate`` writes only atomically, through closed
files). Every other command ends normally. The fast exit still runs the ``atexit``
handlers, which is where libraries register what must happen before a process ends.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import NoReturn

_fast = False


def start() -> None:
    """A new command starts undecided (matters only where the app runs more than once)."""
    global _fast
    _fast = False


def allow_fast_exit() -> None:
    """Declare that this command has closed every file it wrote."""
    global _fast  # the one process-wide decision, made by the command that ran
    _fast = True


def exit_process(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that left (``| head``)
            stream.flush()
    if not _fast:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):  # what the handlers printed
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
