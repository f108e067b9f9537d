"""Running rules and turning their findings into problems; light enough for the warm path.

Kept apart from ``checks`` (which imports lxml, the YAML composer and the pydantic models)
so that a run where every file comes from the cache never imports the parsing machinery.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prozesskit.problem import Level, Problem
from prozesskit.rules.base import Finding, Rule, Scope
from prozesskit.rules.context import RuleContext

if TYPE_CHECKING:
    from prozesskit.bpmn.model import BpmnModel
    from prozesskit.yamlio.read import YamlDoc

#: The code a crashed rule's problem is reported under (never switched off, always an error)
RULE_CRASH = "PK-X001"


@dataclass(frozen=True, slots=True)
class RuleCrash(Finding):
    """What :func:`run_rule` yields instead of findings when a rule raises: not a finding
    about the file, but an internal error, which :func:`finding_to_problem` turns into a
    PK-X001 problem naming the crashed rule in :attr:`Problem.crash`."""


def field_path(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """``('modelle', 0, 'datei')`` → ``modelle[0].datei``, as users see YAML."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


@dataclass(frozen=True)
class RunSettings:
    """Everything a worker needs; inherited by forked workers, so built once per run."""

    rules: tuple[Rule, ...]  # enabled, non-core rules of all scopes
    levels: Mapping[str, Level]
    ctx: RuleContext
    #: schema problems at these field paths are left to an enabled rule with a better message
    schema_replaced: frozenset[str] = frozenset()

    def of_scope(self, scope: Scope) -> Iterator[Rule]:
        return (rule for rule in self.rules if rule.scope is scope and rule.check is not None)


def run_rule(rule: Rule, subject: Any, settings: RunSettings) -> Iterator[Finding]:
    """A crashing rule becomes a :class:`RuleCrash` of its own; the other rules still run."""
    assert rule.check is not None
    try:
        yield from rule.check(subject, settings.ctx.options_for(rule.code), settings.ctx)
    except Exception as exc:
        yield RuleCrash(
            f"Interner Fehler der Regel {rule.code} ({rule.name}): "
            f"{type(exc).__name__}: {exc}. Bitte als Fehler an prozesskit melden.",
        )


def finding_to_problem(
    finding: Finding,
    rule: Rule,
    level: Level,
    file: str,
    doc: YamlDoc | None = None,
    model: BpmnModel | None = None,
) -> Problem:
    if isinstance(finding, RuleCrash):
        return Problem(finding.file or file, None, None, RULE_CRASH, Level.ERROR,
                       finding.message, crash=rule.code)
    line, column = finding.line, finding.column
    element = finding.element
    if line is None and finding.path is not None and doc is not None:
        line, column = doc.locate(finding.path)
    if element is None and finding.path is not None:
        element = field_path(finding.path) or None
    if line is None and element is not None and model is not None:
        found = model.by_id.get(element)
        source: object = found.sourceline if found is not None else None
        line = source if isinstance(source, int) else None
    return Problem(finding.file or file, line, column, rule.code, level, finding.message,
                   element=element, hint=finding.hint, related=finding.related)
