"""GitLab Code Quality report (``artifacts:reports:codequality``).

GitLab compares the report of a merge request with that of the target branch by
``fingerprint``: a finding whose fingerprint changes counts as "fixed" plus "new". So the
fingerprint hashes what identifies a finding (rule, file, element, message) and never the
line; exact duplicates are told apart by an occurrence counter. GitLab requires
``lines.begin``; an unknown line is reported as line 1 (the file's start).
"""

from __future__ import annotations

import json
from typing import ClassVar

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters._common import fingerprints, full_message
from prozesskit.reporters.base import ReportContext

SEVERITY = {Level.ERROR: "major", Level.WARN: "minor"}


def _fingerprint_key(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.rule, problem.file, problem.element or "", problem.message)


def code_quality(result: Result, ctx: ReportContext) -> list[dict[str, object]]:
    """The report as plain data, one issue per problem, in the result's order."""
    prints = fingerprints(result.problems, _fingerprint_key)
    return [
        {
            "description": full_message(problem, " "),
            "check_name": problem.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITY[problem.level],
            "location": {
                "path": ctx.ci_path(problem.file),
                "lines": {"begin": problem.line if problem.line and problem.line >= 1 else 1},
            },
        }
        for problem, fingerprint in zip(result.problems, prints, strict=True)
    ]


class GitlabReporter:
    """``prozesskit validate --format gitlab``."""

    name: ClassVar[str] = "gitlab"

    def render(self, result: Result, ctx: ReportContext) -> str:
        return json.dumps(code_quality(result, ctx), ensure_ascii=False, indent=2) + "\n"


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = GitlabReporter
