"""Map exceptions to exit codes and German messages, never a traceback.

Typer handles its own usage errors (exit 2). Known failures (ProzesskitError) exit 2 with
their message; Ctrl-C exits 130; anything unexpected prints a short German notice and exits
3 (``PROZESSKIT_DEBUG=1`` shows the traceback for bug reports).
"""

from __future__ import annotations

import os
import sys
import traceback

import typer

from prozesskit.errors import ProzesskitError


def run_guarded(app: typer.Typer) -> int:
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except ProzesskitError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except Exception:
        if os.environ.get("PROZESSKIT_DEBUG"):
            traceback.print_exc()
        print(
            "Unerwarteter interner Fehler in prozesskit. Bitte mit PROZESSKIT_DEBUG=1 "
            "wiederholen und die Ausgabe als Fehlerbericht melden.",
            file=sys.stderr,
        )
        return 3
    return 0
