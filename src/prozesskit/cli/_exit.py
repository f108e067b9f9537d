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


def _flush_streams() -> None:
    """Flush stdout and stderr; one whose reader left (``| head``) is pointed at devnull, so
    that the interpreter's own flush at exit does not print a BrokenPipeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except ValueError:  # closed
            continue
        except OSError:
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)


def exit_process(code: int) -> NoReturn:
    _flush_streams()
    if not _fast:
        sys.exit(code)
    atexit._run_exitfuncs()
    _flush_streams()  # what the handlers printed
    os._exit(code)
