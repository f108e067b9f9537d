"""What ``validate`` says about the Steckbriefe a workshop sheet changed, after it was read.

A sheet can set ``status: entfaellt`` without a ``status_grund`` or empty a required field;
each cell is valid on its own (the schema check refuses only what no Steckbrief may hold),
but the register's conventions then fail in CI after the workshop is over. The import is
kept (the sheet holds the workshop's decisions), and the errors of the changed Steckbriefe
are named with the rows they came from, so that they are fixed while people still remember.

Only the changed files are checked, each alone with the register's conventions
(``validate_files``: the per-file rules, no register-wide ones): a whole-register run
before and after cost more than the import itself (1 s of 2.3 s at 2,000 rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prozesskit.problem import Level, Problem


@dataclass(frozen=True, slots=True)
class Fehler:
    """An error validate reports for a changed Steckbrief, with the cells that changed it."""

    problem: Problem
    zellen: tuple[str, ...]


def errors_of_changed(root: Path, changed: dict[str, tuple[str, ...]]) -> list[Fehler]:
    """The errors of the ``changed`` files (register path → cells of the sheet)."""
    from prozesskit.validation.engine import validate_files
    from prozesskit.validation.types import ValidateOptions

    if not changed:
        return []
    result = validate_files([root / rel for rel in sorted(changed)],
                            ValidateOptions(use_cache=False), root=root)
    found = []
    for problem in result.problems:
        rel = _relative(problem.file, root)
        if problem.level is Level.ERROR and rel in changed:
            found.append(Fehler(problem, changed[rel]))
    return found


def _relative(file: str, root: Path) -> str:
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return file
    return path.as_posix()
