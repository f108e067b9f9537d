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
    assert "Diese Hilfe anzeigen und beenden." in out
    assert not [word for word in ENGLISH if word in out], out


def test_the_overview_lists_every_command_under_befehle(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, _err = run_cli(["--help"], monkeypatch, capsys)
    listed = out.split("Befehle:", 1)[1]
    for name in ("validate", "init", "neu", "diff", "render", "pack", "netz", "import", "leika"):
        assert f"\n  {name} " in listed
