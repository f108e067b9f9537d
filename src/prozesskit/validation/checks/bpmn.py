"""Checks of one BPMN model: safe parse, index, BPMN rules, facts for register rules."""

from __future__ import annotations

from prozesskit.bpmn.casing import casing_problems
from prozesskit.bpmn.facts import extract_bpmn_facts
from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.bpmn.recover import REPAIRED_HINT
from prozesskit.problem import Problem
from prozesskit.rules.base import Scope
from prozesskit.rules.context import BpmnFacts
from prozesskit.validation.checks import FileOutcome
from prozesskit.validation.runner import RunSettings, rule_problems


def check_bpmn(rel: str, raw: bytes, settings: RunSettings) -> FileOutcome:
    parsed, problems = parse_bpmn(raw, rel)
    if parsed is None:
        return FileOutcome(rel, tuple(problems), BpmnFacts(rel, parsed=False))
    model = index_model(parsed.root, rel)
    problems.extend(casing_problems(model.renamed, rel))
    found: list[Problem] = []
    for rule in settings.of_scope(Scope.BPMN):
        found.extend(rule_problems(rule, model, settings, rel, model=model))
    if parsed.repaired:
        found = [mark_repaired(problem) for problem in found]
    problems.extend(found)
    return FileOutcome(rel, tuple(problems), extract_bpmn_facts(model))


def mark_repaired(problem: Problem) -> Problem:
    """A finding from a repaired read says so first in its hint (text, JSON, SARIF …): the
    user should fix the XML before trusting it. The message stays as it is, so that CI
    fingerprints (message, element) do not change once the XML is fixed."""
    hint = f"{REPAIRED_HINT} {problem.hint}" if problem.hint else REPAIRED_HINT
    return problem._replace(hint=hint)


def bpmn_facts_only(rel: str, raw: bytes) -> FileOutcome:
    """Names of an unchanged model that a changed Steckbrief references."""
    parsed, _ = parse_bpmn(raw, rel)
    if parsed is None:
        return FileOutcome(rel, (), BpmnFacts(rel, parsed=False))
    return FileOutcome(rel, (), extract_bpmn_facts(index_model(parsed.root, rel)))
