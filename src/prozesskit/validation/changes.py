"""What ``--changed-since`` keeps of a whole result.

Light (problems only): the engine applies it to a remembered result without importing the
rules. A problem concerns a change when it sits in a changed file or when one of the files
it is about (:attr:`Problem.related`, data set by the rule) changed; the wording of a
message plays no part.
"""

from __future__ import annotations

from collections.abc import Collection

from prozesskit.problem import Problem, Result


def reported(file: str, related: Collection[str], register_wide: bool,
         changed: frozenset[str]) -> bool:
    """Whether ``--changed-since`` reports a problem (given by its fields, so that a patch
    run can ask of memo rows what :func:`only_changed` asks of problems): it sits in a
    changed file, or it is register-wide and about one.

    Deleting a model makes the Steckbrief that references it wrong although the Steckbrief
    itself did not change; the model is among the problem's related files, so it is kept.
    The file is asked first: most problems are kept or dropped without more.
    """
    return file in changed or (register_wide and bool(related)
                               and not changed.isdisjoint(related))


def touches(problem: Problem, changed: frozenset[str]) -> bool:
    """:func:`reported` for a problem of a register rule."""
    return reported(problem.file, problem.related, True, changed)


def only_changed(
    result: Result, register_level: frozenset[Problem], changed: frozenset[str]
) -> Result:
    """What ``--changed-since`` reports of a whole result: problems of the changed files,
    and register-wide problems that concern a change. The files counted are the changed
    ones: the manifest only if it changed (it is always read, but "in 2 Dateien" for one
    changed Steckbrief would claim a check of a file nobody touched)."""
    # the own file before ``p in register_level``: most are decided without hashing p
    problems = tuple(p for p in result.problems
                     if p.file in changed or reported(p.file, p.related, p in register_level,
                                                  changed))
    files = tuple(f for f in result.files if f in changed)
    return Result(problems, files, result.rules_run)
