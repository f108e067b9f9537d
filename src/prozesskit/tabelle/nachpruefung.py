"""What ``validate`` says about the Steckbriefe a workshop sheet changed, after it was read.

A sheet can set ``status: entfaellt`` without a ``status_grund`` or empty a required field;
each cell is valid on its own (the schema check refuses only what no Steckbrief may hold),
but the register's conventions then fail in CI after the workshop is over. The import is
kept (the sheet holds the workshop's decisions), and the errors of the changed Steckbriefe
are named with the rows they came from, so that they are fixed while people still remember.

Only the changed files are checked, each alone with the register's conventions
(``validate_files``: the per-file rules, no register-wide ones): a whole-register run
before and after added 1.4 s to the 2.3 s of an import of 2,000 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prozesskit.problem import Level, Problem


@dataclass(frozen=True, slots=True)
class Fehler:
    """An error validate reports for a changed Steckbrief, with the cells changed in it."""

    problem: Problem
    zellen: tuple[str, ...]


def errors_of_changed(root: Path, changed: dict[str, tuple[str, ...]]) -> list[Fehler]:
    """The errors of the ``changed`` files (register path → cells of the sheet)."""
    from prozesskit.gitio import fetch_config_file
    from prozesskit.validation.engine import validate_files
    from prozesskit.validation.types import ValidateOptions

    if not changed:
        return []
    # conventions from git (``extends: git+…``) are fetched as validate fetches them: the
    # check must judge with the register's own conventions, not refuse the register
    result = validate_files([root / rel for rel in sorted(changed)],
                            ValidateOptions(use_cache=False, fetch_git=fetch_config_file),
                            root=root)
    # with ``root`` given, problems name their files relative to it, as ``changed`` does
    return [Fehler(p, changed[p.file]) for p in result.problems
            if p.level is Level.ERROR and p.file in changed]
