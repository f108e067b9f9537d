"""Running rules and turning their findings into problems; light enough for the warm path.

Kept apart from ``checks`` (which imports lxml, the YAML composer and the pydantic models)
so that a run where every file comes from the cache never imports the parsing machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prozesskit.limits import german_int
from prozesskit.problem import Level, Problem
from prozesskit.rules.base import Finding, Rule, Scope
from prozesskit.rules.context import RuleContext
from prozesskit.yamlio.fieldpath import field_path

if TYPE_CHECKING:
    from prozesskit.bpmn.model import BpmnModel
    from prozesskit.yamlio.read import YamlDoc

#: Findings of one rule in one file reported one by one; the rest become one problem with
#: their count. A generated model with 200,000 elements can have half a million findings,
#: which nobody reads, and which cost most of the run's time, memory and cache.
FINDING_LIMIT = 100

#: The code a crashed rule's problem is reported under (never switched off, always an error)
RULE_CRASH = "PK-X001"


@dataclass(frozen=True, slots=True)
class RuleCrash(Finding):
    """What :func:`run_rule` yields instead of findings when a rule raises: not a finding
    about the file, but an internal error, which :func:`finding_to_problem` turns into a
    PK-X001 problem naming the crashed rule in :attr:`Problem.crash`."""


@dataclass(frozen=True)
class RunSettings:
    """Everything a worker needs; inherited by forked workers, so built once per run."""

    rules: tuple[Rule, ...]  # enabled, non-core rules of all scopes
    levels: Mapping[str, Level]
    ctx: RuleContext
    #: schema problems at these field paths are left to an enabled rule with a better message
    schema_replaced: frozenset[str] = frozenset()
    finding_limit: int = field(default_factory=lambda: FINDING_LIMIT)  # read at build time

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


def rule_problems(
    rule: Rule,
    subject: Any,
    settings: RunSettings,
    file: str,
    *,
    doc: YamlDoc | None = None,
    model: BpmnModel | None = None,
    keep: Callable[[Problem], bool] | None = None,
) -> Iterator[Problem]:
    """The problems of one rule over one subject, at most ``finding_limit`` per file and
    the rest as one problem with their count.

    ``keep`` (``# prozesskit: ignore`` comments) needs each finding located, so with it
    every finding is converted; without it (models) findings beyond the limit are only
    counted, which is where the time of a huge model goes otherwise. A crash always shows.
    """
    level = settings.levels[rule.code]
    limit = settings.finding_limit
    counts: dict[str, int] = {}
    for finding in run_rule(rule, subject, settings):
        target = finding.file or file
        seen = counts.get(target, 0)
        crash = isinstance(finding, RuleCrash)
        if seen >= limit and keep is None and not crash:
            counts[target] = seen + 1
            continue
        problem = finding_to_problem(finding, rule, level, file, doc, model)
        if keep is not None and not keep(problem):
            continue
        if crash:
            yield problem
            continue
        counts[target] = seen + 1
        if seen < limit:
            yield problem
    for target, seen in counts.items():
        if seen > limit:
            yield Problem(
                target, None, None, rule.code, level,
                f"… und {german_int(seen - limit)} weitere Befunde dieser Regel in dieser "
                "Datei",
                hint=f"Je Regel und Datei werden die ersten {german_int(limit)} Befunde einzeln "
                "gemeldet; die übrigen sind meist von derselben Art.",
            )
