"""What ``validate`` says about the Steckbriefe a workshop sheet changed, after it was read.

A sheet can set ``status: entfaellt`` without a ``status_grund`` or empty a required field;
each cell is valid on its own (the schema check refuses only what no Steckbrief may hold),
but the register's conventions then fail in CI after the workshop is over. The import is
kept (the sheet holds the workshop's decisions), and the new errors are named with the rows
they came from, so that they are fixed while people still remember.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prozesskit.problem import Level, Problem


@dataclass(frozen=True, slots=True)
class NeuerFehler:
    """An error validate reports now for a changed Steckbrief that it did not before."""

    problem: Problem
    zellen: tuple[str, ...]  # the cells of the sheet that changed this Steckbrief


def errors(root: Path) -> set[tuple[str, str, str]]:
    """(file, rule, message) of every error validate reports for the register now."""
    from prozesskit.validation.engine import validate
    from prozesskit.validation.types import ValidateOptions

    result = validate([root], ValidateOptions())
    return {(p.file, p.rule, p.message) for p in result.problems if p.level is Level.ERROR}


def new_errors(root: Path, before: set[tuple[str, str, str]],
               changed: dict[str, tuple[str, ...]]) -> list[NeuerFehler]:
    """Errors in the ``changed`` files (path → cells) that were not in ``before``."""
    from prozesskit.validation.engine import validate
    from prozesskit.validation.types import ValidateOptions

    result = validate([root], ValidateOptions())
    return [NeuerFehler(p, changed[p.file]) for p in result.problems
            if p.level is Level.ERROR and p.file in changed
            and (p.file, p.rule, p.message) not in before]
