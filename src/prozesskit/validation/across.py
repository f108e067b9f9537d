"""Register rules: once per run, over the facts of all files."""

from __future__ import annotations

from prozesskit.problem import Problem
from prozesskit.rules.base import Scope
from prozesskit.rules.context import RegisterFacts
from prozesskit.validation import suppress
from prozesskit.validation.layout import MANIFEST_NAME
from prozesskit.validation.runner import RunSettings, finding_to_problem, run_rule


def register_problems(facts: RegisterFacts, settings: RunSettings) -> list[Problem]:
    """A finding in a Steckbrief obeys that Steckbrief's ``# prozesskit: ignore`` lines."""
    by_file = {f.file: f for f in facts.steckbriefe}
    problems = []
    for rule in settings.of_scope(Scope.REGISTER):
        for finding in run_rule(rule, facts, settings):
            problem = finding_to_problem(
                finding, rule, settings.levels[rule.code], finding.file or MANIFEST_NAME
            )
            owner = by_file.get(problem.file)
            if owner is None or not suppress.is_suppressed(
                owner.suppress, problem.line, problem.rule
            ):
                problems.append(problem)
    return problems
