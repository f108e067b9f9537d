from __future__ import annotations

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters.markdown import MarkdownReporter, escape_cell, problems_table


def test_escape_cell_keeps_table_intact() -> None:
    assert escape_cell("a | b") == "a \\| b"
    assert escape_cell("<script>") == "\\<script\\>"
    assert escape_cell("eins\r\nzwei\ndrei") == "eins<br>zwei<br>drei"
    assert escape_cell("*fett* `code` [link]") == "\\*fett\\* \\`code\\` \\[link\\]"


def test_hostile_message_stays_in_its_row() -> None:
    problem = Problem("a.yaml", 3, 1, "PK-X", Level.WARN, "x | y\n| --- |")
    table = problems_table(Result.build([problem], []))
    assert table.splitlines()[2] == "| a.yaml:3 | Warnung | PK-X | x \\| y<br>\\| --- \\| |"


def test_rows_beyond_limit_are_counted() -> None:
    many = [Problem("a.yaml", i, 1, "PK-X", Level.ERROR, "Befund") for i in range(1, 6)]
    lines = problems_table(Result.build(many, []), max_rows=2).splitlines()
    assert len(lines) == 2 + 2 + 2
    assert lines[-1] == "… und 3 weitere Probleme (vollständig mit `--format json`)."


def test_reporter_matches_step_summary(result: Result, ctx: ReportContext) -> None:
    from prozesskit.reporters import step_summary_markdown

    assert MarkdownReporter().render(result, ctx) == step_summary_markdown(result)


def test_counted_rest_has_german_thousands_separator() -> None:
    many = [Problem("a.yaml", i, 1, "PK-X", Level.ERROR, "Befund") for i in range(1, 1503)]
    lines = problems_table(Result.build(many, []), max_rows=2).splitlines()
    assert lines[-1] == "… und 1.500 weitere Probleme (vollständig mit `--format json`)."
