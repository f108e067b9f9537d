"""The command line: a thin typer face over the library.

Commands parse arguments, call the library, render and map to exit codes: 0 clean,
1 problems found, 2 usage/configuration/unreadable input. No traceback reaches the user.

The typer app lives in :mod:`prozesskit.cli._app` and is built on first use
(``prozesskit.cli.app`` still names it). ``validate``, the check CI runs on every push,
first tries :mod:`prozesskit.cli._direct`: a command line whose meaning is certain is run
without importing typer and click; every other one (help, errors, other commands) goes
to typer as before.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from prozesskit.cli._errors import guarded, run_guarded
from prozesskit.cli._exit import exit_process, start
from prozesskit.cli._plugins import skip_search

if TYPE_CHECKING:
    import typer

    app: typer.Typer

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    """``prozesskit.cli.app``: the typer app, imported when first asked for."""
    if name == "app":
        from prozesskit.cli._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console entry point: all errors become German messages and exit codes."""
    # prozesskit uses no pydantic plugins; looking for them scans the entry points of every
    # installed package (10 ms here, more in a crowded CI image) on the first model.
    # Someone who sets the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    skip_search()  # and with that setting, not even the import of what searches them
    start()
    from prozesskit.cli._direct import direct_validate

    call = direct_validate(sys.argv[1:])
    if call is not None:
        exit_process(guarded(call))
    from prozesskit.cli._app import app

    exit_process(run_guarded(app))
