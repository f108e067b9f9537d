"""Checks of one Steckbrief: YAML with positions, schema (pydantic), Steckbrief rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from prozesskit.model.errors import root_not_mapping, schema_problems
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Problem
from prozesskit.rules.base import Scope
from prozesskit.rules.context import ModelRef, SteckbriefDoc, SteckbriefFacts
from prozesskit.validation import suppress
from prozesskit.validation.checks import FileOutcome
from prozesskit.validation.runner import RunSettings, rule_problems
from prozesskit.yamlio.read import YamlDoc, parse_yaml


def check_steckbrief(rel: str, raw: bytes, settings: RunSettings) -> FileOutcome:
    doc, problems = parse_yaml(raw, rel)
    if doc is None:
        return FileOutcome(rel, tuple(problems), None)
    model: Steckbrief | None = None
    if not isinstance(doc.data, dict):
        problems.append(root_not_mapping(doc, "Ein Steckbrief"))
    else:
        try:
            model = Steckbrief.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(
                p
                for p in schema_problems(exc, doc, Steckbrief)
                if p.element not in settings.schema_replaced
            )
    table = suppress.scan(doc.text)
    problems = [p for p in problems if not suppress.is_named(table, p.line, p.rule)]
    subject = SteckbriefDoc(rel, doc, model)
    def unsuppressed(problem: Problem) -> bool:
        return not suppress.is_suppressed(table, problem.line, problem.rule)

    for rule in settings.of_scope(Scope.STECKBRIEF):
        problems.extend(rule_problems(rule, subject, settings, rel, doc=doc, keep=unsuppressed))
    return FileOutcome(rel, tuple(problems), steckbrief_facts(rel, doc, table))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def steckbrief_facts(
    rel: str, doc: YamlDoc, table: Mapping[int, frozenset[str]]
) -> SteckbriefFacts:
    """Facts from raw data, defensively: register rules still work on a file with errors."""
    data = doc.data if isinstance(doc.data, dict) else {}
    modellierung = data.get("modellierung") if isinstance(data.get("modellierung"), dict) else {}
    refs = []
    modelle = data.get("modelle")
    for index, entry in enumerate(modelle if isinstance(modelle, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("datei"), str):
            line, column = doc.locate(("modelle", index, "datei"))
            refs.append(ModelRef(str(entry.get("art")), entry["datei"], line, column))
    positions = {key: doc.locate((key,)) for key in ("id", "name", "status") if key in data}
    if isinstance(modellierung, dict) and "status" in modellierung:
        positions["modellierung.status"] = doc.locate(("modellierung", "status"))
    return SteckbriefFacts(
        file=rel,
        id=_str(data.get("id")),
        name=_str(data.get("name")),
        status=_str(data.get("status")) or "aktiv",
        modellierungsstatus=_str(modellierung.get("status"))
        if isinstance(modellierung, dict)
        else None,
        modelle=tuple(refs),
        positions=positions,
        suppress=dict(table),
    )


def steckbrief_facts_only(rel: str, raw: bytes) -> FileOutcome:
    """Register facts of an unchanged Steckbrief (``--changed-since``): no schema, no rules."""
    doc, _ = parse_yaml(raw, rel)
    if doc is None:
        return FileOutcome(rel, (), None)
    return FileOutcome(rel, (), steckbrief_facts(rel, doc, suppress.scan(doc.text)))
