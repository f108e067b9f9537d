"""Map exceptions to exit codes and German messages, never a traceback.

Typer handles its own usage errors (exit 2). Known failures (ProzesskitError) exit 2 with
their message; Ctrl-C exits 130; anything unexpected prints a short German notice and exits
3 (``PROZESSKIT_DEBUG=1`` shows the traceback for bug reports).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from prozesskit.errors import ProzesskitError, listen

if TYPE_CHECKING:
    import typer


def run_guarded(app: typer.Typer) -> int:
    # not standalone: usage errors come back here and are shown in German (_usage.py)
    return guarded(lambda: app(standalone_mode=False))


def guarded(call: Callable[[], object]) -> int:
    """``call``'s exit code: its return value (an int, else 0) or what it raised, mapped;
    the library's notes (errors.note) meanwhile as "Hinweis: …" on stderr."""
    stop = listen(_show_note)
    try:
        return _guarded(call)
    finally:
        stop()


def _show_note(text: str) -> None:
    from prozesskit.credentials import scrubbed

    print(f"Hinweis: {scrubbed(text)}", file=sys.stderr)


def _guarded(call: Callable[[], object]) -> int:
    try:
        result = call()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except ProzesskitError as exc:
        from prozesskit.credentials import scrubbed

        print(f"Fehler: {scrubbed(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return _interrupted()
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # the reader left (``| head``): nothing to say
            return 1
        from prozesskit.fsutil import os_error_reason

        print(f"Fehler: Datei oder Ordner nicht nutzbar: {os_error_reason(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        from prozesskit.cli._usage import german_usage_error

        shown = german_usage_error(exc)
        if shown is not None:
            print(shown[0], file=sys.stderr)
            return shown[1]
        if os.environ.get("PROZESSKIT_DEBUG"):
            import traceback  # only here: it imports linecache and tokenize

            traceback.print_exc()
        print(
            "Unerwarteter interner Fehler in prozesskit. Bitte mit PROZESSKIT_DEBUG=1 "
            "wiederholen und die Ausgabe als Fehlerbericht melden.",
            file=sys.stderr,
        )
        return 3
    if result == INTERRUPTED:  # typer turns Ctrl-C into Exit(130) without a word
        return _interrupted()
    return result if isinstance(result, int) else 0


#: The exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it)
INTERRUPTED = 130


def _interrupted() -> int:
    plan = sys.modules.get("prozesskit.writeplan")  # not imported: nothing was written
    stopped = plan.STOPPED_WHILE_WRITING if plan is not None else []
    if stopped:
        print(f"Abgebrochen (Strg-C), während prozesskit nach '{stopped[-1]}' schrieb: es "
              "schreibt eine Änderung ganz oder gar nicht; ob sie schon geschrieben war, "
              "zeigt 'git status'.", file=sys.stderr)
    else:
        print("Abgebrochen (Strg-C).", file=sys.stderr)
    return INTERRUPTED
