"""Per-file checking: the unit of work a worker process does, and the unit the cache keeps.

Each check takes the bytes of one file and returns its problems plus the facts that
register-wide rules need later, so that nothing is parsed twice and a cached file needs
no parsing at all. One module per kind of file (:mod:`.steckbrief`, :mod:`.bpmn`): a run
that rechecks only Steckbriefe imports neither lxml nor the BPMN index.
"""

from __future__ import annotations

from dataclasses import dataclass

from prozesskit.problem import Problem
from prozesskit.rules.context import BpmnFacts, SteckbriefFacts


@dataclass(frozen=True, slots=True)
class FileOutcome:
    rel: str
    problems: tuple[Problem, ...]
    facts: SteckbriefFacts | BpmnFacts | None
