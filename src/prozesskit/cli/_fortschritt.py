"""Progress on the terminal for long steps (clone, fetch, reading a source, writing many
files): a rich progress line on stderr, only when stderr is a terminal, gone when done.

The library never prints; it calls a callback ``(text, done, total)`` that this module
turns into the display. In CI, in a pipe or with output redirected to a file, the callback
is ``None`` and nothing is shown (stdout stays the report alone).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: (German phase text, done, total or None for "unknown")
Callback = Callable[[str, int, int | None], None]


@contextmanager
def fortschritt() -> Iterator[Callback | None]:
    """A progress callback for the ``with`` block, or None when stderr is no terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TaskProgressColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=None)

        def report(text: str, done: int, total: int | None) -> None:
            progress.update(task, description=text, completed=done, total=total)

        yield report
