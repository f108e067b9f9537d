"""Markdown report: a heading, the summary line and one table row per problem.

The same text serves merge request comments (``--format markdown``) and GitHub's job
summary (:func:`prozesskit.reporters.github.step_summary_markdown`), which is where all
problems are visible when GitHub shows only ten annotations per type.
"""

from __future__ import annotations

import re
from typing import ClassVar

from prozesskit.limits import german_int
from prozesskit.problem import Problem, Result
from prozesskit.reporters._common import full_message, printable
from prozesskit.reporters.base import ReportContext
from prozesskit.reporters.text import summary_line

DEFAULT_MAX_ROWS = 1000  # GitHub's job summary takes at most 1 MiB per step
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_cell(text: str) -> str:
    """Make arbitrary text safe inside a GFM table cell: no formatting, HTML, image, column
    break or control character (also what netz and bericht write as Markdown)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return _MD_SPECIAL.sub(r"\\\1", printable(lines)).replace("\n", "<br>")


def _where(problem: Problem) -> str:
    if problem.line is None:
        return problem.file
    return f"{problem.file}:{problem.line}"


def problems_table(result: Result, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    """The GFM table of problems; rows beyond ``max_rows`` are counted, not listed."""
    lines = ["| Datei:Zeile | Stufe | Regel | Meldung |", "| --- | --- | --- | --- |"]
    for problem in result.problems[:max_rows]:
        cells = (_where(problem), problem.level.german, problem.rule, full_message(problem))
        lines.append("| " + " | ".join(escape_cell(c) for c in cells) + " |")
    rest = len(result.problems) - max_rows
    if rest > 0:
        lines.append("")
        lines.append(
            f"… und {german_int(rest)} weitere Probleme (vollständig mit `--format json`).")
    return "\n".join(lines)


def markdown_report(result: Result, *, heading: str = "## prozesskit validate") -> str:
    """Heading, summary line and, when there are problems, the table."""
    parts = [heading, "", summary_line(result)]
    if result.problems:
        parts += ["", problems_table(result)]
    return "\n".join(parts) + "\n"


class MarkdownReporter:
    """``prozesskit validate --format markdown`` (e.g. for merge request comments)."""

    name: ClassVar[str] = "markdown"

    def render(self, result: Result, ctx: ReportContext) -> str:
        return markdown_report(result)


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = MarkdownReporter
