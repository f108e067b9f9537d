"""Default terminal output: problems grouped by file, then a German summary line.

The text is laid out with plain string operations (fast for thousands of rows); the CLI
prints it. Colour is off unless the caller switches it on, so ``NO_COLOR``
and ``--no-color`` are decided in one place, the CLI. Control characters of foreign
names and messages are shown as ``\\x1b`` (:func:`~prozesskit.reporters._common.printable`),
never sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import ClassVar

from prozesskit.limits import german_int
from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters._common import checked_files, level_counts, location, printable
from prozesskit.reporters.base import ReportContext


def _plural(n: int, one: str, many: str) -> str:
    """``2.500 Dateien``: German thousands separator, as users read numbers."""
    return f"{german_int(n)} {one if n == 1 else many}"


def summary_line(result: Result) -> str:
    """``✖ 5 Probleme (3 Fehler, 2 Warnungen) in 12 Dateien`` or ``✔ Keine Probleme …``.

    Separate from the reporter because the CLI prints it to the terminal even when the
    report itself goes to a file in another format.
    """
    count = len(checked_files(result))
    files = _plural(count, "Datei", "Dateien")
    if not result.problems:
        # no file at all: --changed-since without a changed Steckbrief or model
        return f"✔ Keine Probleme in {files}" if count else "✔ Keine Probleme (keine Datei geprüft)"
    errors, warnings = level_counts(result)
    problems = _plural(len(result.problems), "Problem", "Probleme")
    warned = _plural(warnings, "Warnung", "Warnungen")
    return f"✖ {problems} ({german_int(errors)} Fehler, {warned}) in {files}"


_ANSI = {"error": "\x1b[1;31m", "warn": "\x1b[33m", "file": "\x1b[4m", "dim": "\x1b[2m",
         "element": "\x1b[36m", "ok": "\x1b[1;32m"}
_RESET = "\x1b[0m"
_LEVEL_WIDTH = max(len(level.german) for level in Level)


class _Paint:
    """ANSI colours when asked for; the same plain text otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if self.enabled and text else text


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; textwrap's regex splitting was most of the time of large reports.

    ``width`` 0 or less means no wrapping: pipes and CI logs keep one line per problem.
    """
    if width <= 0 or len(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _rows(problem: Problem, loc_width: int, width: int, paint: _Paint) -> Iterator[str]:
    """One problem: position, level, wrapped message (+ element, rule), then the hint."""
    indent = loc_width + 2 + _LEVEL_WIDTH + 2
    rule = f"[{problem.rule}]"
    room = max(20, width - indent - len(rule) - 2) if width > 0 else 0
    element = printable(problem.element) if problem.element else None
    message = printable(problem.message) + (f" ({element})" if element else "")
    lines = _wrap(message, room)
    level = paint(problem.level.german, problem.level.value).ljust(
        _LEVEL_WIDTH + (len(paint("x", problem.level.value)) - 1))
    first = lines[0]
    if element and first.endswith(f"({element})"):
        first = first[: -len(element) - 2] + paint(f"({element})", "element")
    yield (f"{paint(location(problem).rjust(loc_width), 'dim')}  {level}  {first}  "
           f"{paint(rule, 'dim')}")
    pad = " " * indent
    yield from (pad + line for line in lines[1:])
    if problem.hint:
        for line in _wrap(f"Hinweis: {printable(problem.hint)}",
                          max(20, width - indent) if width > 0 else 0):
            yield pad + paint(line, "dim")


def _plain_blocks(result: Result) -> Iterator[str]:
    """The same layout as :func:`_blocks` for pipes and CI logs (no colour, no wrapping).

    Written out flat because this is the path of big CI runs: tens of thousands of rows,
    where the general code's per-row painting and wrapping cost more than the whole
    validation of an unchanged register.
    """
    labels = {level: level.german.ljust(_LEVEL_WIDTH) for level in Level}
    for file, group in groupby(result.problems, key=lambda p: p.file):
        problems = list(group)
        locs = [location(p) for p in problems]
        loc_width = max(map(len, locs))
        pad = " " * (loc_width + 2 + _LEVEL_WIDTH + 2)
        yield file
        for problem, loc in zip(problems, locs, strict=True):
            element = f" ({problem.element})" if problem.element else ""
            yield (f"{loc.rjust(loc_width)}  {labels[problem.level]}  {problem.message}{element}"
                   f"  [{problem.rule}]").rstrip()
            if problem.hint:
                yield f"{pad}Hinweis: {problem.hint}".rstrip()
        yield ""
    yield summary_line(result)


def _blocks(result: Result, width: int, paint: _Paint) -> Iterator[str]:
    for file, group in groupby(result.problems, key=lambda p: p.file):
        problems = list(group)
        loc_width = max(len(location(p)) for p in problems)
        yield paint(printable(file), "file")
        for problem in problems:
            yield from _rows(problem, loc_width, width, paint)
        yield ""
    yield paint(summary_line(result), "error" if result.problems else "ok")


class TextReporter:
    """Human-readable report for the terminal (the default ``--format text``).

    Built with plain string operations: laying out thousands of rows through rich tables
    took seconds, and CI logs of large registers are exactly where this output is read.
    """

    name: ClassVar[str] = "text"

    def render(self, result: Result, ctx: ReportContext) -> str:
        if ctx.width <= 0 and not ctx.color:  # no colour of ours: the whole text at once
            return printable("\n".join(_plain_blocks(result)) + "\n")
        paint = _Paint(ctx.color)
        return "\n".join(line.rstrip() for line in _blocks(result, ctx.width, paint)) + "\n"


#: the class ``prozesskit.reporters`` looks up for this format
REPORTER = TextReporter
