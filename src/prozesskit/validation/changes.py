"""What ``--changed-since`` keeps of a whole result.

Light (problems only): the engine applies it to a remembered result without importing the
rules. A problem concerns a change when it sits in a changed file or when one of the files
it is about (:attr:`Problem.related`, data set by the rule) changed; the wording of a
message plays no part.
"""

from __future__ import annotations

from prozesskit.problem import Problem, Result


def touches(problem: Problem, changed: frozenset[str]) -> bool:
    """A register-wide problem concerns a change if it sits in a changed file or is about one.

    Deleting a model makes the Steckbrief that references it wrong although the Steckbrief
    itself did not change; the model is among the problem's related files, so it is kept.
    """
    return problem.file in changed or not changed.isdisjoint(problem.related)


def only_changed(
    result: Result, register_level: frozenset[Problem], changed: frozenset[str]
) -> Result:
    """What ``--changed-since`` reports of a whole result: problems of the changed files,
    and register-wide problems that concern a change. The files counted are the changed
    ones: the manifest only if it changed (it is always read, but "in 2 Dateien" for one
    changed Steckbrief would claim a check of a file nobody touched)."""
    # a problem's own file first: most are kept or dropped without hashing the problem
    problems = tuple(p for p in result.problems
                     if p.file in changed or (p.related and not changed.isdisjoint(p.related)
                                              and p in register_level))
    files = tuple(f for f in result.files if f in changed)
    return Result(problems, files, result.rules_run)
