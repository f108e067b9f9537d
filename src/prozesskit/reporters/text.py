"""Default terminal output: problems grouped by file, then a German summary line.

rich is used only to lay the text out (column widths, wrapping, colour codes) into a
string; the CLI prints it. Colour is off unless the caller switches it on, so ``NO_COLOR``
and ``--no-color`` are decided in one place, the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from itertools import groupby
from typing import ClassVar

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters._common import checked_files, level_counts, location
from prozesskit.reporters.base import ReportContext

_LEVEL_STYLE = {Level.ERROR: "bold red", Level.WARN: "yellow"}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(result: Result) -> str:
    """``✖ 5 Probleme (3 Fehler, 2 Warnungen) in 12 Dateien`` or ``✔ Keine Probleme …``.

    Separate from the reporter because the CLI prints it to the terminal even when the
    report itself goes to a file in another format.
    """
    files = _plural(len(checked_files(result)), "Datei", "Dateien")
    if not result.problems:
        return f"✔ Keine Probleme in {files}"
    errors, warnings = level_counts(result)
    problems = _plural(len(result.problems), "Problem", "Probleme")
    return f"✖ {problems} ({errors} Fehler, {_plural(warnings, 'Warnung', 'Warnungen')}) in {files}"


def _message_cell(problem: Problem) -> Text:
    """Message, then element id and hint; Text (not markup) so ``[x]`` in messages is safe."""
    cell = Text(problem.message)
    if problem.element:
        cell.append(f" ({problem.element})", style="cyan")
    if problem.hint:
        cell.append(f"\nHinweis: {problem.hint}", style="dim")
    return cell


def _file_table(problems: list[Problem]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(no_wrap=True)
    for problem in problems:
        table.add_row(
            Text(location(problem), style="dim"),
            Text(problem.level.german, style=_LEVEL_STYLE[problem.level]),
            _message_cell(problem),
            Text(f"[{problem.rule}]", style="dim"),
        )
    return table


def _blocks(result: Result) -> Iterator[RenderableType]:
    for file, group in groupby(result.problems, key=lambda p: p.file):
        yield Text(file, style="underline")
        yield _file_table(list(group))
        yield Text("")
    style = "bold red" if result.problems else "bold green"
    yield Text(summary_line(result), style=style)


class TextReporter:
    """Human-readable report for the terminal (the default ``--format text``)."""

    name: ClassVar[str] = "text"

    def render(self, result: Result, ctx: ReportContext) -> str:
        buffer = StringIO()
        console = Console(
            file=buffer,
            width=ctx.width,
            color_system=ctx.color_system if ctx.color else None,
            force_terminal=ctx.color,
            no_color=not ctx.color,
            highlight=False,
            emoji=False,
            legacy_windows=False,
        )
        console.print(Group(*_blocks(result)))
        lines = buffer.getvalue().splitlines()
        return "\n".join(line.rstrip() for line in lines) + "\n"
