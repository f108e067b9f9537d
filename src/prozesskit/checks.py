"""Per-file checking: the unit of work a worker process does, and the unit the cache keeps.

Each function takes the bytes of one file and returns its problems plus the facts that
register-wide rules need later, so that nothing is parsed twice and a cached file needs
no parsing at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from prozesskit import suppress
from prozesskit.bpmn.facts import extract_bpmn_facts
from prozesskit.bpmn.model import BpmnModel, index_model, line_of
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.model.errors import field_path, root_not_mapping, schema_problems
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Level, Problem
from prozesskit.rules.base import Finding, Rule, Scope
from prozesskit.rules.context import (
    BpmnFacts,
    ModelRef,
    RuleContext,
    SteckbriefDoc,
    SteckbriefFacts,
)
from prozesskit.yamlio.read import YamlDoc, parse_yaml

RULE_CRASH = "PK-X001"


@dataclass(frozen=True)
class RunSettings:
    """Everything a worker needs; inherited by forked workers, so built once per run."""

    rules: tuple[Rule, ...]  # enabled, non-core rules of all scopes
    levels: Mapping[str, Level]
    ctx: RuleContext

    def of_scope(self, scope: Scope) -> Iterator[Rule]:
        return (rule for rule in self.rules if rule.scope is scope and rule.check is not None)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    rel: str
    problems: tuple[Problem, ...]
    facts: SteckbriefFacts | BpmnFacts | None


def run_rule(rule: Rule, subject: Any, settings: RunSettings) -> Iterator[Finding]:
    """A crashing rule becomes a finding of its own; the other rules still run."""
    assert rule.check is not None
    try:
        yield from rule.check(subject, settings.ctx.options_for(rule.code), settings.ctx)
    except Exception as exc:
        yield Finding(
            f"Interner Fehler der Regel {rule.code} ({rule.name}): "
            f"{type(exc).__name__}: {exc}. Bitte als Fehler an prozesskit melden.",
            element=RULE_CRASH,
        )


def finding_to_problem(
    finding: Finding,
    rule: Rule,
    level: Level,
    file: str,
    doc: YamlDoc | None = None,
    model: BpmnModel | None = None,
) -> Problem:
    line, column = finding.line, finding.column
    element = finding.element
    if line is None and finding.path is not None and doc is not None:
        line, column = doc.locate(finding.path)
    if element is None and finding.path is not None:
        element = field_path(finding.path) or None
    if line is None and element is not None and model is not None:
        found = model.by_id.get(element)
        line = line_of(found) if found is not None else None
    code = RULE_CRASH if finding.element == RULE_CRASH else rule.code
    return Problem(
        finding.file or file,
        line,
        column,
        code,
        Level.ERROR if code == RULE_CRASH else level,
        finding.message,
        element=None if code == RULE_CRASH else element,
        hint=finding.hint,
    )


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
            problems.extend(_without_replaced(schema_problems(exc, doc, Steckbrief), settings))
    table = suppress.scan(doc.text)
    subject = SteckbriefDoc(rel, doc, model)
    for rule in settings.of_scope(Scope.STECKBRIEF):
        for finding in run_rule(rule, subject, settings):
            problem = finding_to_problem(finding, rule, settings.levels[rule.code], rel, doc=doc)
            if not suppress.is_suppressed(table, problem.line, problem.rule):
                problems.append(problem)
    return FileOutcome(rel, tuple(problems), steckbrief_facts(rel, doc, table))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


#: Rules with a more specific message for a schema path replace the generic schema problem.
_REPLACES_SCHEMA: dict[str, frozenset[str]] = {"PK-S014": frozenset({"leika", "quelle.leika"})}


def _without_replaced(problems: list[Problem], settings: RunSettings) -> list[Problem]:
    replaced = frozenset().union(
        *(paths for code, paths in _REPLACES_SCHEMA.items() if code in settings.levels))
    return [p for p in problems if p.element not in replaced]


def steckbrief_facts(
    rel: str, doc: YamlDoc, table: Mapping[int, frozenset[str]]
) -> SteckbriefFacts:
    """Facts from raw data, defensively: register rules still work on a file with errors."""
    data = doc.data if isinstance(doc.data, dict) else {}
    modellierung = data.get("modellierung") if isinstance(data.get("modellierung"), dict) else {}
    refs = []
    for index, entry in enumerate(data.get("modelle") or []):
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


def problems_from_json(items: Iterable[dict[str, Any]]) -> tuple[Problem, ...]:
    return tuple(Problem.from_dict(item) for item in items)
