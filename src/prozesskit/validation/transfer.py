"""A file's work item and its result, and how the result crosses the pipe from a worker.

Problems travel as plain rows and facts as JSON, which pickle several times faster than
named tuples with enums and frozen dataclasses; the JSON is made in the worker, where the
per-file cache wants it anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prozesskit.problem import Row, problems_from_rows, problems_to_rows
from prozesskit.rules.context import BpmnFacts, SteckbriefFacts
from prozesskit.validation.checks import FileOutcome


@dataclass(frozen=True, slots=True)
class Work:
    rel: str
    kind: str  # "steckbrief" | "bpmn"
    path: str  # absolute; workers read the file themselves (no bytes through pipes)
    stat: tuple[int, ...]  # (size, mtime_ns, ctime_ns)
    facts_only: bool = False  # --changed-since: an unchanged file, read for register facts


#: Matches no cached stat: the content hash decides.
NO_STAT: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Done:
    outcome: FileOutcome
    sha256: str  # "" for results that must not be cached (facts only, unreadable)
    stat: tuple[int, ...]
    facts_json: dict[str, Any] | None = None  # outcome.facts as JSON, if made on the way
    rows: list[Row] | None = None  # outcome.problems as rows, if made on the way

    def __reduce__(self) -> tuple[Any, ...]:
        facts = self.outcome.facts
        kind = "bpmn" if isinstance(facts, BpmnFacts) else "steckbrief"
        return (_received, (self.outcome.rel, problems_to_rows(self.outcome.problems), kind,
                            facts.to_json() if facts is not None else None, self.sha256,
                            self.stat))

    def json_facts(self) -> dict[str, Any] | None:
        facts = self.outcome.facts
        if facts is None or self.facts_json is not None:
            return self.facts_json
        return facts.to_json()

    def problem_rows(self) -> list[Row]:
        return self.rows if self.rows is not None else problems_to_rows(self.outcome.problems)


def _received(rel: str, rows: list[Row], kind: str, facts: dict[str, Any] | None, sha256: str,
              stat: tuple[int, ...]) -> Done:
    outcome = FileOutcome(rel, tuple(problems_from_rows(rows)), facts_from_json(kind, facts))
    return Done(outcome, sha256, stat, facts, rows)


def facts_from_json(
    kind: str, data: dict[str, object] | None
) -> SteckbriefFacts | BpmnFacts | None:
    if data is None:
        return None
    if kind == "bpmn":
        return BpmnFacts.from_json(data)
    return SteckbriefFacts.from_json(data)
