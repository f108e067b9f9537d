"""Every help page a user can open is German: usage line, section titles, help option."""

from __future__ import annotations

import pytest

from helpers import run_cli
from prozesskit.cli import app

ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[default:",
           "[required]")


def _commands() -> list[list[str]]:
    paths: list[list[str]] = [[]]
    paths += [[info.name] for info in app.registered_commands
              if info.name and not info.hidden]
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None and group.name
        paths.append([group.name])
        paths += [[group.name, info.name] for info in sub.registered_commands if info.name]
    return paths


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w) or "prozesskit")
def test_help_is_german(words: list[str], monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli([*words, "--help"], monkeypatch, capsys)
    assert code == 0, err
    assert out.startswith("Aufruf: "), out[:200]
    assert "{" not in out.splitlines()[0], out.splitlines()[0]  # typer's required-marks
    assert "Diese Hilfe anzeigen und beenden." in out
    assert not [word for word in ENGLISH if word in out], out


def test_the_overview_lists_every_command_under_befehle(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, _err = run_cli(["--help"], monkeypatch, capsys)
    listed = out.split("Befehle:", 1)[1]
    for name in ("validate", "init", "neu", "diff", "render", "pack", "netz", "import", "leika"):
        assert f"\n  {name} " in listed


@pytest.mark.parametrize(("words", "german"), [
    (["netz", ".", "--top", "0"], "'--top': 0 ist nicht erlaubt, erlaubt ist mindestens 1."),
    (["leika", "suche", "x", "-n", "abc"], "'abc' ist keine ganze Zahl."),
    (["leika", "suche", "x", "-f", "xml"], "'xml' gibt es nicht; möglich: 'text' oder 'json'."),
])
def test_a_bad_option_value_is_explained_in_german(
        words: list[str], german: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """click words these in English ("is not in the range x>=1", "is not one of")."""
    code, out, err = run_cli(words, monkeypatch, capsys)
    assert code == 2 and out == ""
    assert german in err
    assert " is not " not in err


@pytest.mark.parametrize(("english", "german"), [
    ("5 is not in the range 1<=x<=3.", "5 ist nicht erlaubt, erlaubt ist von 1 bis 3."),
    ("9 is not in the range x<5.", "9 ist nicht erlaubt, erlaubt ist kleiner als 5."),
    ("'x' is not a valid float.", "'x' ist keine Zahl."),
    ("'vielleicht' is not a valid boolean.", "'vielleicht' ist weder ja noch nein (true/false)."),
    ("'c' is not 'a'.", "'c' gibt es nicht; möglich: 'a'."),
    ("Path '/nix' does not exist.", "'/nix' gibt es nicht."),
    ("File 'd' is a directory.", "'d' ist ein Ordner."),
    ("something else entirely", "something else entirely"),
])
def test_click_reasons_in_german(english: str, german: str) -> None:
    from prozesskit.cli._usage import german_bad_value

    assert german_bad_value(english) == german


@pytest.mark.parametrize("words", [["render", "a.bpmn", "b.bpmn"],
                                   ["erklaere", "PK-S011", "PK-S012"]])
def test_extra_arguments_are_german(words: list[str], monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """click 8.2 says 'Got unexpected extra argument(s)', which the German table missed."""
    code, out, err = run_cli(words, monkeypatch, capsys)
    assert code == 2 and out == ""
    assert f"Fehler: Zu viele Argumente: {words[-1]}. Pfade mit Leerzeichen in " \
           "Anführungszeichen setzen." in err
    assert "Got unexpected" not in err
