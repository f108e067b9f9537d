"""The one record every check produces, and the result of a run.

Rules, the schema layer, the engine, the cache and all reporters speak this type, so it
is plain frozen data that pickles across worker processes and serialises to JSON.
"""

from __future__ import annotations

import enum
from bisect import insort
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Level(enum.StrEnum):
    """Severity of a problem. ``off`` exists only in configuration, never on a problem."""

    ERROR = "error"
    WARN = "warn"

    @property
    def german(self) -> str:
        return "Fehler" if self is Level.ERROR else "Warnung"


class Problem(NamedTuple):
    """One finding, located as precisely as the input allows.

    A named tuple rather than a frozen dataclass: big registers carry tens of thousands of
    problems through caches, sets and sorts, and tuple construction, hashing and equality
    run in C (three times faster here). Change it with ``_replace``.

    ``file`` is a POSIX path relative to the register root (or as given on the command
    line), so that reports are stable across machines. ``line``/``column`` are 1-based.
    ``element`` is the BPMN element id or, for YAML, the field path (``kennzahlen.fallzahl``).
    ``related`` are the other register files the problem is about (a Steckbrief's reference
    to a deleted model, the first of two equal ids): ``--changed-since`` keeps the problem
    when one of them changed, whatever the message says. ``crash`` is set instead of a
    finding when a rule failed (then ``rule`` is PK-X001): the code of the crashed rule,
    so that reports can tell an internal error from a problem in the user's file.
    """

    file: str
    line: int | None
    column: int | None
    rule: str
    level: Level
    message: str
    element: str | None = None
    hint: str | None = None
    related: tuple[str, ...] = ()
    crash: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str, str, str]:
        """Total order over every field: same-place findings must not change order between
        runs (nor between a full run and one that merges into the last result)."""
        return (self.file, self.line or 0, self.column or 0, self.rule, self.element or "",
                self.message, self.level.value, self.hint or "")

    @classmethod
    def from_row(cls, row: list[object]) -> Problem:
        """Inverse of :func:`problems_to_rows` for rows from outside (the per-file cache as
        read back): ValueError, KeyError or TypeError on a foreign row."""
        file, line, column, rule, level, message, element, hint, *extra = row
        related, crash = extra if extra else ((), None)  # a row without them has neither
        if not isinstance(related, (list, tuple)):
            raise TypeError("related")
        return _new(cls, (str(file), line if isinstance(line, int) else None,
                          column if isinstance(column, int) else None, str(rule),
                          _LEVELS[level], str(message),
                          element if isinstance(element, str) else None,
                          hint if isinstance(hint, str) else None,
                          tuple(str(path) for path in related),
                          crash if isinstance(crash, str) else None))


_LEVELS: dict[object, Level] = {level.value: level for level in Level}
_new = tuple.__new__  # skips the generated __new__; from_row has checked every field

#: A problem as plain data: ``Problem`` fields in order, the level as its value
Row = tuple[str, int | None, int | None, str, str, str, str | None, str | None, tuple[str, ...],
            str | None]


def problems_to_rows(problems: Iterable[Problem]) -> list[Row]:
    """Plain tuples: pickled and marshalled several times faster than named tuples
    holding an enum (worker results, the memo)."""
    return [(p.file, p.line, p.column, p.rule, p.level.value, p.message, p.element, p.hint,
             p.related, p.crash) for p in problems]


def row_sort_key(row: Row) -> tuple[str, int, int, str, str, str, str, str]:
    """:meth:`Problem.sort_key` of a row, next to the row layout it reads: a patch run
    places new problems among the memo's rows without making Problem objects of them, and
    must order them exactly as a full run orders the problems."""
    file, line, column, rule, level, message, element, hint = row[:8]
    return (file, line or 0, column or 0, rule, element or "", message, level, hint or "")


def problems_from_rows(rows: Iterable[Row]) -> list[Problem]:
    """Inverse of :func:`problems_to_rows` for rows prozesskit made itself (its own
    workers, its sealed memo): no field checks, one tuple each. Foreign rows go through
    :meth:`Problem.from_row`."""
    error, warn = Level.ERROR, Level.WARN
    return [_new(Problem, (f, line, col, rule, error if level == "error" else warn, msg, el, hint,
                           related, crash))
            for f, line, col, rule, level, msg, el, hint, related, crash in rows]


@dataclass(frozen=True, slots=True)
class Result:
    """What a validation run returns: sorted problems and the files that were looked at."""

    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    rules_run: tuple[str, ...] = field(default=())

    @classmethod
    def build(
        cls, problems: Iterable[Problem], files: Iterable[str], rules_run: Iterable[str] = ()
    ) -> Result:
        return cls(
            tuple(sorted(set(problems), key=Problem.sort_key)),
            tuple(sorted(set(files))),
            tuple(sorted(set(rules_run))),
        )

    @classmethod
    def merge(
        cls,
        ordered: Sequence[Problem],
        others: Iterable[Problem],
        files: Iterable[str],
        rules_run: Iterable[str] = (),
    ) -> Result:
        """Like :meth:`build` when most problems come sorted and unique already (a patch
        run keeps the last run's): only ``others`` are sorted and placed, by bisection.
        ``others`` must not repeat a problem of ``ordered``."""
        problems = list(ordered)
        for problem in sorted(set(others), key=Problem.sort_key):
            insort(problems, problem, key=Problem.sort_key)
        return cls(tuple(problems), tuple(sorted(set(files))), tuple(sorted(set(rules_run))))

    def counts(self) -> Counter[Level]:
        return Counter(p.level for p in self.problems)

    def exit_code(self, *, strict: bool = False) -> int:
        """0 clean (warnings allowed), 1 errors found; ``strict`` lets warnings fail too."""
        counts = self.counts()
        if counts[Level.ERROR] or (strict and counts[Level.WARN]):
            return 1
        return 0
