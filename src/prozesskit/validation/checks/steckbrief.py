"""Checks of one Steckbrief: YAML with positions, schema (pydantic), Steckbrief rules."""

from __future__ import annotations

import re

from pydantic import ValidationError

from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Problem
from prozesskit.register.facts import steckbrief_facts
from prozesskit.rules.base import Scope
from prozesskit.rules.context import SteckbriefDoc
from prozesskit.validation import suppress
from prozesskit.validation.checks import FileOutcome
from prozesskit.validation.runner import RunSettings, rule_problems
from prozesskit.yamlio.read import parse_yaml

_INDEX = re.compile(r"\[\d+\]")


def _generic(element: str | None) -> str | None:
    """``varianten[2].leika`` → ``varianten[].leika``: a rule replaces the schema message of
    a field in every item of a list (PK-S014 for each variant's key)."""
    return _INDEX.sub("[]", element) if element and "[" in element else element


def check_steckbrief(rel: str, raw: bytes, settings: RunSettings) -> FileOutcome:
    doc, problems = parse_yaml(raw, rel)
    if doc is None:
        return FileOutcome(rel, tuple(problems), None)
    model: Steckbrief | None = None
    if not isinstance(doc.data, dict):
        from prozesskit.model.errors import root_not_mapping  # only for a broken file

        problems.append(root_not_mapping(doc, "Ein Steckbrief"))
    else:
        try:
            model = Steckbrief.model_validate(doc.data)
        except ValidationError as exc:
            # the German messages (and difflib for their suggestions) only for a broken file
            from prozesskit.model.errors import schema_problems

            problems.extend(
                p
                for p in schema_problems(exc, doc, Steckbrief)
                if _generic(p.element) not in settings.schema_replaced
            )
    table = suppress.scan(doc.text)
    problems = [p for p in problems if not suppress.is_named(table, p.line, p.rule)]
    subject = SteckbriefDoc(rel, doc, model)
    def unsuppressed(problem: Problem) -> bool:
        return not suppress.is_suppressed(table, problem.line, problem.rule)

    for rule in settings.of_scope(Scope.STECKBRIEF):
        problems.extend(rule_problems(rule, subject, settings, rel, doc=doc, keep=unsuppressed))
    return FileOutcome(rel, tuple(problems), steckbrief_facts(rel, doc, table))


def steckbrief_facts_only(rel: str, raw: bytes) -> FileOutcome:
    """Register facts of an unchanged Steckbrief (``--changed-since``): no schema, no rules."""
    doc, _ = parse_yaml(raw, rel)
    if doc is None:
        return FileOutcome(rel, (), None)
    return FileOutcome(rel, (), steckbrief_facts(rel, doc, suppress.scan(doc.text)))
