"""Names from foreign Steckbriefe with terminal escape sequences and Markdown/HTML
(review finding 11): the text reporters of validate, netz and bericht show control
characters as ``\\x1b`` instead of sending them to the terminal or CI log, and the Markdown
of netz and bericht escapes them as validate's Markdown does (no raw HTML, no images)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli
from prozesskit.problem import Level, Problem, Result
from prozesskit.reporters.base import ReportContext
from prozesskit.reporters.text import TextReporter

#: as the review wrote it in YAML: clear the screen, set the window title, colour, HTML, image
NAME = (r'"Fahrzeug \e[2J\e]0;HACKED\a\e[31mrot <img src=x onerror=alert(1)> '
        r'![x](https://evil.example/p.png)"')


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root)
    path = root / "steckbriefe" / "fahrzeug-zulassen.yaml"
    lines = path.read_text("utf-8").splitlines()
    lines = [f"name: {NAME}" if line.startswith("name:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return root


def _no_controls(text: str) -> None:
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in text)


def test_validate_text_shows_escape_sequences_as_text(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 1
    _no_controls(out)
    assert "Fahrzeug \\x1b[2J\\x1b]0;HACKED\\x07\\x1b[31mrot" in out


def test_validate_text_in_colour_paints_only_its_own_codes() -> None:
    problem = Problem("steckbriefe/a\x1b[2Jb.yaml", 3, 1, "PK-S011", Level.ERROR,
                      "Prozessname 'x\x1b]0;T\x07'", element="e\x9b1", hint="h\x1b[1A")
    out = TextReporter().render(Result([problem], files=("steckbriefe/a.yaml",)),
                                ReportContext(color=True, width=100))
    shown = out.replace("\x1b[0m", "").replace("\x1b[1;31m", "").replace("\x1b[2m", "") \
        .replace("\x1b[4m", "").replace("\x1b[36m", "")
    _no_controls(shown)
    for text in ("a\\x1b[2Jb.yaml", "'x\\x1b]0;T\\x07'", "(e\\x9b1)", "h\\x1b[1A"):
        assert text in shown


@pytest.mark.parametrize("command", [["netz"], ["bericht"]])
def test_netz_and_bericht_text_show_escape_sequences_as_text(
        register: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    code, out, err = run_cli([*command, str(register)], monkeypatch, capsys)
    assert code == 0, err
    _no_controls(out)
    assert "Fahrzeug \\x1b[2J" in out


@pytest.mark.parametrize("command", [["netz"], ["bericht"]])
def test_netz_and_bericht_markdown_escape_html_and_images(
        register: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    code, out, err = run_cli([*command, str(register), "--format", "markdown"],
                             monkeypatch, capsys)
    assert code == 0, err
    _no_controls(out)
    assert re.search(r"(?<!\\)<img", out) is None and "![x](" not in out
    assert "\\<img src=x onerror=alert(1)\\> !\\[x\\](https://evil.example/p.png)" in out
