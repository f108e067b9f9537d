"""``validate``'s command line read without typer, for the check CI runs on every push.

Importing typer (with its click) and building the app with every command module is about
0.3 G instructions, a quarter of a run after one edit. This reader accepts only command
lines whose meaning is certain, and reads them exactly as typer does (the options of
:func:`prozesskit.cli.validate.register`; a test compares both on many command lines).
Everything else goes to typer, whose help, German usage errors and exit codes are then
the same as ever: ``--help``, an unknown, repeated or misspelt option, a missing value, a
value starting with ``-``, ``--``, a ``--jobs`` that is not a plain positive number, a
path click would refuse (unreadable), shell completion.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: the options of ``validate`` that take no value: option → parameter
FLAGS = {"--strict": "strict", "--no-cache": "no_cache", "--nur-versioniert": "nur_versioniert"}
#: the options that take one value: option → parameter
VALUED = {"--format": "format", "-f": "format", "--output": "output", "-o": "output",
          "--profil": "profil", "--changed-since": "changed_since", "--jobs": "jobs",
          "-j": "jobs"}
#: what typer passes for an option that is not given
DEFAULTS: dict[str, Any] = {"paths": None, "format": "text", "output": None, "profil": None,
                            "strict": False, "changed_since": None, "no_cache": False,
                            "nur_versioniert": False, "jobs": None}
#: a ``--jobs`` value whose meaning is plain (click's int() also takes " 3", "+3", "0_3")
_JOBS = re.compile(r"[1-9][0-9]{0,5}")


def parse(args: Sequence[str]) -> dict[str, Any] | None:
    """The parameters typer would pass to ``validate`` for ``args`` (the command line
    without the program), or None when typer must read it."""
    if not args or args[0] != "validate" or _completing() or _expanded(args):
        return None
    params = dict(DEFAULTS)
    given: set[str] = set()
    paths: list[Path] = []
    rest = list(args[1:])
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            if not _readable_or_absent(token):
                return None
            paths.append(Path(token))
            continue
        name, eq, value = token.partition("=") if token.startswith("--") else (token, "", "")
        key = FLAGS.get(name) if not eq else None
        if key is not None:
            if key in given:
                return None
            given.add(key)
            params[key] = True
            continue
        key = VALUED.get(name)
        if key is None or key in given:
            return None  # unknown (--help too), a flag with a value, or repeated
        given.add(key)
        if not eq:
            if not rest or rest[0].startswith("-"):
                return None  # missing, or a value click might read as one anyway
            value = rest.pop(0)
        converted = _convert(key, value)
        if converted is None:
            return None
        params[key] = converted
    if paths:
        params["paths"] = paths
    return params


def _completing() -> bool:
    """Shell completion asks through an environment variable (``_PROG_COMPLETE``)."""
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


def _expanded(args: Sequence[str]) -> bool:
    """On Windows typer expands ``~``, variables and wildcards in arguments first."""
    return os.name == "nt" and any(char in arg for arg in args for char in "~$%*?[")


def _readable_or_absent(value: str) -> bool:
    """What typer's path type accepts without a message: a missing path, or one that can
    be read (it refuses an existing unreadable one)."""
    try:
        os.stat(value)
    except (OSError, ValueError):
        return True
    return os.access(value, os.R_OK)


def _convert(key: str, value: str) -> object | None:
    """The value as typer converts it; None if only typer can say what it makes of it."""
    if key == "jobs":
        return int(value) if _JOBS.fullmatch(value) else None
    if key == "output":
        return Path(value) if _readable_or_absent(value) else None
    return value


def direct_validate(args: Sequence[str]) -> Callable[[], int] | None:
    """The run of ``validate`` for ``args``, or None when typer must read them."""
    params = parse(args)
    if params is None:
        return None
    return lambda: _run(params)


def _run(params: dict[str, Any]) -> int:
    """``validate`` with what typer's main loop does around a command (not standalone):
    Ctrl-C is exit 130 without a word, end of input an abort, a closed pipe exit 1."""
    from prozesskit.validation.gctune import no_collections

    try:
        with no_collections():  # the imports too: no collection walks them (1 % of a run)
            from prozesskit.cli import validate

            return validate.run(**params)
    except KeyboardInterrupt:
        return 130
    except EOFError as exc:
        import typer

        typer.echo(file=sys.stderr)
        raise typer.Abort() from exc
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        from typer._click.utils import PacifyFlushWrapper

        sys.stdout = PacifyFlushWrapper(sys.stdout)
        sys.stderr = PacifyFlushWrapper(sys.stderr)
        sys.exit(1)
