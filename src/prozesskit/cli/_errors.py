"""Map exceptions to exit codes and German messages, never a traceback.

Known failures (ProzesskitError) exit 2 with their message; Ctrl-C exits 130; anything
unexpected prints a short German notice and exits 3 (``PROZESSKIT_DEBUG=1`` shows the
traceback for bug reports).
"""

from __future__ import annotations

import os
import sys
import traceback

import click
import typer

from prozesskit.errors import ProzesskitError


def run_guarded(app: typer.Typer) -> int:
    try:
        result = app(standalone_mode=False)
    except ProzesskitError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except click.exceptions.Abort:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except Exception:  # noqa: BLE001 - last line of defence
        if os.environ.get("PROZESSKIT_DEBUG"):
            traceback.print_exc()
        print("Unerwarteter interner Fehler in prozesskit. Bitte mit PROZESSKIT_DEBUG=1 "
              "wiederholen und die Ausgabe als Fehlerbericht melden.", file=sys.stderr)
        return 3
    return int(result) if isinstance(result, int) else 0
