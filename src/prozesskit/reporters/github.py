"""GitHub Actions workflow commands (``--format github``), one annotation per problem.

GitHub shows at most ten annotations of each type per step, so the reporter ends with a
notice that gives the totals, and :func:`step_summary_markdown` provides the full table for
``$GITHUB_STEP_SUMMARY`` (the CLI writes it; reporters never read the environment).
Escaping follows ``@actions/core``: ``%``, CR and LF in the message; additionally ``:``
and ``,`` in properties, which would otherwise end a property.
"""

from __future__ import annotations

from typing import ClassVar

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters._common import full_message, level_counts
from prozesskit.reporters.base import ReportContext
from prozesskit.reporters.markdown import markdown_report
from prozesskit.reporters.text import summary_line

ANNOTATION_LIMIT = 10  # per type and step, as documented by GitHub
_COMMAND = {Level.ERROR: "error", Level.WARN: "warning"}


def escape_data(text: str) -> str:
    """Escape a command's message (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=…``, ``title=…``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(problem: Problem, ctx: ReportContext) -> str:
    props = [("file", ctx.ci_path(problem.file))]
    if problem.line is not None and problem.line >= 1:
        props.append(("line", str(problem.line)))
        if problem.column is not None and problem.column >= 1:
            props.append(("col", str(problem.column)))
    title = problem.rule if problem.crash is None else (
        f"{problem.rule} Interner Fehler der Regel {problem.crash}")
    props.append(("title", title))
    return ",".join(f"{key}={escape_property(value)}" for key, value in props)


def annotation(problem: Problem, ctx: ReportContext) -> str:
    """``::error file=…,line=…,col=…,title=PK-B004::Meldung`` for one problem."""
    command = _COMMAND[problem.level]
    return f"::{command} {_properties(problem, ctx)}::{escape_data(full_message(problem))}"


def _closing_notice(result: Result, ctx: ReportContext) -> str:
    """Totals, and where to find what GitHub cut off."""
    text = summary_line(result)
    errors, warnings = level_counts(result)
    if max(errors, warnings) > ANNOTATION_LIMIT:
        where = (
            "in der Zusammenfassung des Jobs"
            if ctx.github_step_summary
            else "mit `prozesskit validate --format markdown`"
        )
        text += (
            f"\nGitHub zeigt je Schritt nur {ANNOTATION_LIMIT} Annotationen pro Stufe; "
            f"alle Probleme stehen {where}."
        )
    return f"::notice title={escape_property('prozesskit')}::{escape_data(text)}"


def step_summary_markdown(result: Result) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: summary counts and a table of all problems."""
    return markdown_report(result)


class GithubReporter:
    """``prozesskit validate --format github``."""

    name: ClassVar[str] = "github"

    def render(self, result: Result, ctx: ReportContext) -> str:
        lines = [annotation(p, ctx) for p in result.problems]
        lines.append(_closing_notice(result, ctx))
        return "\n".join(lines) + "\n"


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = GithubReporter
