from __future__ import annotations

import pytest

from prozesskit.errors import UsageError
from prozesskit.problem import Result
from prozesskit.reporters import DEFAULT, REPORTERS, ReportContext, get, reporter_class


def test_registry_names_are_the_documented_formats() -> None:
    assert set(REPORTERS) == {"text", "json", "sarif", "junit", "gitlab", "github", "markdown"}
    assert DEFAULT == "text"
    for name in REPORTERS:
        assert reporter_class(name).name == name


def test_get_returns_a_reporter_instance() -> None:
    reporter = get("json")
    assert reporter.name == "json"


def test_get_unknown_name_is_a_german_usage_error_listing_valid_names() -> None:
    with pytest.raises(UsageError) as info:
        get("xml")
    message = str(info.value)
    assert "Unbekanntes Ausgabeformat „xml“" in message
    assert "github, gitlab, json, junit, markdown, sarif, text" in message


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_render_is_pure(
    name: str, result: Result, ctx: ReportContext, capsys: pytest.CaptureFixture[str]
) -> None:
    first = get(name).render(result, ctx)
    second = get(name).render(result, ctx)
    assert first == second
    assert first.endswith("\n")
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_render_handles_empty_result(name: str, ctx: ReportContext) -> None:
    assert get(name).render(Result.build([], []), ctx)
