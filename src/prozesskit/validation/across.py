"""Register rules: once per run, over the facts of all files."""

from __future__ import annotations

from prozesskit.problem import Problem
from prozesskit.rules.base import Scope
from prozesskit.rules.context import RegisterFacts
from prozesskit.validation import suppress
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.runner import RunSettings, rule_problems


def register_problems(facts: RegisterFacts, settings: RunSettings) -> list[Problem]:
    """A finding in a Steckbrief obeys that Steckbrief's ``# prozesskit: ignore`` lines."""
    by_file = {f.file: f for f in facts.steckbriefe}

    def unsuppressed(problem: Problem) -> bool:
        owner = by_file.get(problem.file)
        return owner is None or not suppress.is_suppressed(owner.suppress, problem.line,
                                                           problem.rule)

    problems: list[Problem] = []
    for rule in settings.of_scope(Scope.REGISTER):
        problems.extend(rule_problems(rule, facts, settings, MANIFEST_NAME, keep=unsuppressed))
    return problems
