"""Machine-readable report (``--format json``), versioned so consumers can rely on it.

The shape is a public contract, documented in ``docs/report-json.md`` and
``schemas/report.schema.json``; it is built here field by field rather than from
``Problem.to_dict`` so that an internal change cannot silently change the contract.
"""

from __future__ import annotations

import json
from typing import ClassVar

from prozesskit.problem import Problem, Result
from prozesskit.reporters._common import checked_files, level_counts
from prozesskit.reporters.base import ReportContext

FORMAT_VERSION = 1


def _problem(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "element": problem.element,
        "rule": problem.rule,
        "level": problem.level.value,
        "message": problem.message,
        "hint": problem.hint,
    }


def report_dict(result: Result, ctx: ReportContext) -> dict[str, object]:
    """The report as plain data (key order is the documented order)."""
    errors, warnings = level_counts(result)
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "prozesskit", "version": ctx.tool_version},
        "problems": [_problem(p) for p in result.problems],
        "summary": {
            "errors": errors,
            "warnings": warnings,
            "files": len(checked_files(result)),
            "problems": len(result.problems),
        },
    }


class JsonReporter:
    """``prozesskit validate --format json``."""

    name: ClassVar[str] = "json"

    def render(self, result: Result, ctx: ReportContext) -> str:
        return json.dumps(report_dict(result, ctx), ensure_ascii=False, indent=2) + "\n"


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = JsonReporter
