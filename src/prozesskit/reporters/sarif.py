"""SARIF 2.1.0 for GitHub code scanning (``--format sarif``).

GitHub turns each result into an alert and tracks it across commits by
``partialFingerprints``; ours leave the line out so that editing a file above a finding
does not close the alert and open a new one. BPMN findings carry the element id as a
logical location, because a diagram element has no meaningful line for a reader.

Paths: every ``artifactLocation.uri`` is relative to the root of the git repository
(``ReportContext.ci_path``), and ``%SRCROOT%`` stands for that root, as for every other
CI format; outside a git repository the register folder is the root. The log names no
local absolute path: it is uploaded, and a path such as ``/home/anna/…`` would both leak
and, resolved against the register, point to ``register/register/…``.

A rule that crashed is no finding about the user's file: it goes into the invocation's
``toolExecutionNotifications`` (with ``executionSuccessful: false`` and the crashed rule
as ``associatedRule``), where code scanning shows tool errors, not into ``results``.
"""

from __future__ import annotations

import json
from typing import ClassVar
from urllib.parse import quote

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters._common import fingerprints
from prozesskit.reporters.base import ReportContext, RuleMeta

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "prozesskit/v1"
_SARIF_LEVEL = {Level.ERROR: "error", Level.WARN: "warning"}
_XML_SUFFIXES = (".bpmn", ".xml")


def _rule_descriptor(meta: RuleMeta) -> dict[str, object]:
    descriptor: dict[str, object] = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.title},
    }
    if meta.help:
        descriptor["fullDescription"] = {"text": meta.help}
        descriptor["help"] = {"text": meta.help}
    descriptor["defaultConfiguration"] = {"level": _SARIF_LEVEL[meta.level]}
    if meta.help_uri:
        descriptor["helpUri"] = meta.help_uri
    return descriptor


def _artifact_uri(path: str) -> str:
    """Percent-encode a relative POSIX path (umlauts, spaces) into a valid URI reference."""
    return quote(path, safe="/")


def _logical_location(problem: Problem) -> dict[str, str]:
    """BPMN ids are XML elements; YAML field paths are properties (SARIF's well-known kinds)."""
    kind = "element" if problem.file.lower().endswith(_XML_SUFFIXES) else "property"
    return {"name": str(problem.element), "kind": kind}


def _location(problem: Problem, ctx: ReportContext) -> dict[str, object]:
    physical: dict[str, object] = {
        "artifactLocation": {"uri": _artifact_uri(ctx.ci_path(problem.file)), "uriBaseId": SRCROOT}
    }
    if problem.line is not None and problem.line >= 1:
        region: dict[str, int] = {"startLine": problem.line}
        if problem.column is not None and problem.column >= 1:
            region["startColumn"] = problem.column
        physical["region"] = region
    location: dict[str, object] = {"physicalLocation": physical}
    if problem.element:
        location["logicalLocations"] = [_logical_location(problem)]
    return location


def _message_text(problem: Problem) -> str:
    if problem.hint:
        return f"{problem.message}\n\nHinweis: {problem.hint}"
    return problem.message


def _fingerprint_key(problem: Problem) -> tuple[str, str, str]:
    return (problem.rule, problem.file, problem.element or problem.message)


def _notification(problem: Problem, ctx: ReportContext) -> dict[str, object]:
    notification: dict[str, object] = {
        "level": "error",
        "message": {"text": _message_text(problem)},
        "descriptor": {"id": problem.rule},
        "locations": [_location(problem, ctx)],
    }
    if problem.crash:
        notification["associatedRule"] = {"id": problem.crash}
    return notification


def _results(
    problems: tuple[Problem, ...], ctx: ReportContext, index: dict[str, int]
) -> list[object]:
    prints = fingerprints(problems, _fingerprint_key)
    return [
        {
            "ruleId": problem.rule,
            "ruleIndex": index[problem.rule],
            "level": _SARIF_LEVEL[problem.level],
            "message": {"text": _message_text(problem)},
            "locations": [_location(problem, ctx)],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        for problem, fingerprint in zip(problems, prints, strict=True)
    ]


#: What ``%SRCROOT%`` means, said in the log instead of a local path (SARIF §3.14.14: a
#: base without ``uri`` is resolved by the consumer, GitHub: the checkout's root).
ORIGINAL_URI_BASE_IDS: dict[str, object] = {
    SRCROOT: {"description": {"text": "Wurzel des git-Repositorys (ohne git: der "
                                      "Register-Ordner); alle Pfade sind relativ dazu."}}
}


def sarif_log(result: Result, ctx: ReportContext) -> dict[str, object]:
    """The SARIF log as plain data: one run, rules only for codes that occur."""
    findings = tuple(p for p in result.problems if p.crash is None)
    crashes = [p for p in result.problems if p.crash is not None]
    first_level = {p.rule: p.level for p in reversed(findings)}
    codes = sorted(first_level)
    index = {code: i for i, code in enumerate(codes)}
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "prozesskit",
                "version": ctx.tool_version,
                "rules": [_rule_descriptor(ctx.rule(code, first_level[code])) for code in codes],
            }
        },
    }
    run["originalUriBaseIds"] = ORIGINAL_URI_BASE_IDS
    if crashes:
        run["invocations"] = [{
            "executionSuccessful": False,
            "toolExecutionNotifications": [_notification(p, ctx) for p in crashes],
        }]
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = _results(findings, ctx, index)
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """``prozesskit validate --format sarif`` for ``github/codeql-action/upload-sarif``."""

    name: ClassVar[str] = "sarif"

    def render(self, result: Result, ctx: ReportContext) -> str:
        return json.dumps(sarif_log(result, ctx), ensure_ascii=False, indent=2) + "\n"


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = SarifReporter
