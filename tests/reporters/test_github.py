from __future__ import annotations

from reporter_samples import BPMN_ERROR, NO_LINE_WARN, YAML_ERROR

from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters import ReportContext, step_summary_markdown
from prozesskit.reporters.github import GithubReporter, annotation, escape_data, escape_property


def test_error_annotation(ctx: ReportContext) -> None:
    assert annotation(BPMN_ERROR, ctx) == (
        "::error file=Bürgeramt/Anmeldung.bpmn,line=40,col=3,title=PK-B004::"
        "Der Prozess hat kein Startereignis. (Element: Process_Anmeldung)"
    )


def test_warning_without_line_has_no_position(ctx: ReportContext) -> None:
    assert annotation(NO_LINE_WARN, ctx) == (
        "::warning file=Straßenverkehr/Übersicht.yaml,title=PK-R002::"
        "Prozess wird von keinem anderen Prozess referenziert."
    )


def test_hint_becomes_second_line(ctx: ReportContext) -> None:
    assert annotation(YAML_ERROR, ctx).endswith(
        "(Element: kennzahlen.fallzahl_pro_jahr)%0AHinweis: Tragen Sie die zuständige Stelle ein."
    )


def test_escaping_rules() -> None:
    assert escape_data("100% a:b, c\r\nd") == "100%25 a:b, c%0D%0Ad"
    assert escape_property("100% a:b, c\r\nd") == "100%25 a%3Ab%2C c%0D%0Ad"


def test_properties_and_message_are_escaped(ctx: ReportContext) -> None:
    problem = Problem("a,b:c.yaml", 2, 1, "PK-X", Level.ERROR, "x\n::set-env name=A::1 50%")
    line = annotation(problem, ctx)
    assert (
        line == "::error file=a%2Cb%3Ac.yaml,line=2,col=1,title=PK-X::x%0A::set-env name=A::1 50%25"
    )
    assert "\n" not in line


def test_render_one_line_per_problem_then_notice(result: Result, ctx: ReportContext) -> None:
    lines = GithubReporter().render(result, ctx).splitlines()
    assert len(lines) == len(result.problems) + 1
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == [
        "::error",
        "::warning",
        "::warning",
        "::error",
        "::warning",
    ]
    assert (
        lines[-1] == "::notice title=prozesskit::✖ 5 Probleme (2 Fehler, 3 Warnungen) in 4 Dateien"
    )


def test_notice_points_to_full_list_beyond_the_annotation_limit() -> None:
    many = [Problem("a.yaml", i, 1, "PK-X", Level.ERROR, f"Befund {i}") for i in range(1, 12)]
    result = Result.build(many, ["a.yaml"])
    last = GithubReporter().render(result, ReportContext()).splitlines()[-1]
    assert "nur 10 Annotationen" in last
    assert "--format markdown" in last
    summary = GithubReporter().render(result, ReportContext(github_step_summary=True))
    assert "in der Zusammenfassung des Jobs" in summary.splitlines()[-1]


def test_step_summary_markdown(result: Result) -> None:
    lines = step_summary_markdown(result).splitlines()
    assert lines[:3] == [
        "## prozesskit validate",
        "",
        "✖ 5 Probleme (2 Fehler, 3 Warnungen) in 4 Dateien",
    ]
    assert lines[4:6] == ["| Datei:Zeile | Stufe | Regel | Meldung |", "| --- | --- | --- | --- |"]
    rows = lines[6:]
    assert len(rows) == len(result.problems)
    assert rows[0] == (
        "| Bürgeramt/Anmeldung.bpmn:40 | Fehler | PK-B004 | "
        "Der Prozess hat kein Startereignis. (Element: Process\\_Anmeldung) |"
    )
    assert rows[4].startswith("| Straßenverkehr/Übersicht.yaml | Warnung | PK-R002 |")


def test_step_summary_clean(clean_result: Result) -> None:
    assert step_summary_markdown(clean_result) == (
        "## prozesskit validate\n\n✔ Keine Probleme in 2 Dateien\n"
    )
