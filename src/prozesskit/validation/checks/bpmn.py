"""Checks of one BPMN model: safe parse, index, BPMN rules, facts for register rules."""

from __future__ import annotations

from prozesskit.bpmn.facts import extract_bpmn_facts
from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.rules.base import Scope
from prozesskit.rules.context import BpmnFacts
from prozesskit.validation.checks import FileOutcome
from prozesskit.validation.runner import RunSettings, finding_to_problem, run_rule


def check_bpmn(rel: str, raw: bytes, settings: RunSettings) -> FileOutcome:
    parsed, problems = parse_bpmn(raw, rel)
    if parsed is None:
        return FileOutcome(rel, tuple(problems), BpmnFacts(rel, parsed=False))
    model = index_model(parsed.root, rel)
    for rule in settings.of_scope(Scope.BPMN):
        problems.extend(
            finding_to_problem(finding, rule, settings.levels[rule.code], rel, model=model)
            for finding in run_rule(rule, model, settings)
        )
    return FileOutcome(rel, tuple(problems), extract_bpmn_facts(model))


def bpmn_facts_only(rel: str, raw: bytes) -> FileOutcome:
    """Names of an unchanged model that a changed Steckbrief references."""
    parsed, _ = parse_bpmn(raw, rel)
    if parsed is None:
        return FileOutcome(rel, (), BpmnFacts(rel, parsed=False))
    return FileOutcome(rel, (), extract_bpmn_facts(index_model(parsed.root, rel)))
