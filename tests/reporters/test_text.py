from __future__ import annotations

import pytest
from reporter_samples import BPMN_ERROR, NO_LINE_WARN

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters import ReportContext
from prozesskit.reporters.text import TextReporter, summary_line


def test_summary_line_with_problems(result: Result) -> None:
    assert summary_line(result) == "✖ 5 Probleme (2 Fehler, 3 Warnungen) in 4 Dateien"


def test_summary_line_singulars() -> None:
    one = Result.build([NO_LINE_WARN], [NO_LINE_WARN.file])
    assert summary_line(one) == "✖ 1 Problem (0 Fehler, 1 Warnung) in 1 Datei"


def test_summary_line_clean(clean_result: Result) -> None:
    assert summary_line(clean_result) == "✔ Keine Probleme in 2 Dateien"


def test_summary_counts_files_known_only_from_problems() -> None:
    assert summary_line(Result.build([BPMN_ERROR], [])).endswith("in 1 Datei")


def test_render_groups_by_file_in_sorted_order(result: Result, ctx: ReportContext) -> None:
    lines = TextReporter().render(result, ctx).splitlines()
    headers = [line for line in lines if line and not line.startswith(" ") and ":" not in line]
    assert headers[:2] == ["Bürgeramt/Anmeldung.bpmn", "Bürgeramt/Anmeldung.yaml"]
    assert "Straßenverkehr/Übersicht.yaml" in lines
    assert lines[-1] == "✖ 5 Probleme (2 Fehler, 3 Warnungen) in 4 Dateien"


def test_render_row_shows_position_level_message_element_rule(
    result: Result, ctx: ReportContext
) -> None:
    text = TextReporter().render(result, ctx)
    row = next(line for line in text.splitlines() if "PK-B004" in line)
    assert row.split() == [
        "40:3",
        "Fehler",
        *["Der", "Prozess", "hat", "kein", "Startereignis."],
        "(Process_Anmeldung)",
        "[PK-B004]",
    ]
    assert "Hinweis: Tragen Sie die zuständige Stelle ein." in text


def test_render_problem_without_line_uses_dash(result: Result, ctx: ReportContext) -> None:
    text = TextReporter().render(result, ctx)
    row = next(line for line in text.splitlines() if "PK-R002" in line)
    assert row.split()[:2] == ["-", "Warnung"]


def test_no_colour_codes_unless_asked(result: Result, ctx: ReportContext) -> None:
    plain = TextReporter().render(result, ctx)
    assert "\x1b[" not in plain
    coloured = TextReporter().render(result, ReportContext(color=True))
    assert "\x1b[" in coloured
    assert "\x1b[4m" in coloured  # underlined file header


def test_square_brackets_in_messages_are_not_rich_markup(ctx: ReportContext) -> None:
    problem = Problem("a.yaml", 1, 1, "PK-X", Level.ERROR, "Wert [bold]x[/bold] ungültig")
    text = TextReporter().render(Result.build([problem], ["a.yaml"]), ctx)
    assert "Wert [bold]x[/bold] ungültig" in text


def test_clean_result_is_only_the_summary(clean_result: Result, ctx: ReportContext) -> None:
    assert TextReporter().render(clean_result, ctx) == "✔ Keine Probleme in 2 Dateien\n"


def test_width_is_respected(result: Result) -> None:
    text = TextReporter().render(result, ReportContext(width=60))
    assert max(len(line) for line in text.splitlines()) <= 60


@pytest.mark.parametrize("system", ["standard", "256", "truecolor"])
def test_every_colour_system_renders(result: Result, system: str) -> None:
    ctx = ReportContext(color=True, color_system=system)  # type: ignore[arg-type]
    text = TextReporter().render(result, ctx)
    assert "\x1b[1;31mFehler\x1b[0m" in text  # the palette colours we use exist everywhere


def test_width_zero_keeps_one_line_per_problem(result: Result) -> None:
    text = TextReporter().render(result, ReportContext(width=0))
    long_row = next(line for line in text.splitlines() if "PK-B004" in line)
    assert long_row.rstrip().endswith("[PK-B004]")
    assert not any(line.startswith(" " * 20) and "Hinweis" not in line
                   for line in text.splitlines())


def test_plain_output_is_the_general_layout_without_colour_and_wrapping(result: Result) -> None:
    """Pipes and CI take a flat fast path; it must print exactly what the general one does."""
    from prozesskit.reporters.text import _blocks, _Paint

    trailing = Problem("a.yaml", 3, None, "PK-S004", Level.WARN, "Text mit Leerzeichen  ",
                       hint="Hinweis mit Leerzeichen  ")
    both = Result.build([*result.problems, trailing], [*result.files, "a.yaml"])
    general = "\n".join(line.rstrip() for line in _blocks(both, 0, _Paint(False))) + "\n"
    plain = TextReporter().render(both, ReportContext(width=0, color=False))
    assert plain == general
    assert "Text mit Leerzeichen    [PK-S004]" in plain


def test_counts_have_german_thousands_separators() -> None:
    files = [f"steckbriefe/p{i}.yaml" for i in range(2500)]
    assert summary_line(Result.build([], files)) == "✔ Keine Probleme in 2.500 Dateien"
    problems = [Problem(files[i % 2500], i + 1, 1, "PK-S004", Level.ERROR if i < 11_000
                        else Level.WARN, "x") for i in range(12_345)]
    assert summary_line(Result.build(problems, files)) == (
        "✖ 12.345 Probleme (11.000 Fehler, 1.345 Warnungen) in 2.500 Dateien")
