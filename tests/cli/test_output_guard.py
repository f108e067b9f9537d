"""``-o``/``--output`` of every command that writes a file never replaces a file the
register reads (a Steckbrief, a model, the manifest, the lock) or one that git, CI and the
editor read, not even with ``--force``: a report or a package written over a Steckbrief or
the pipeline destroys the user's work without a word.
A report file of an earlier run is replaced as before (CI writes it on every run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli, snapshot

STECKBRIEF = "steckbriefe/gewerbeanmeldung-entgegennehmen.yaml"
MODELL = "modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn"


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".prozesskit"))
    monkeypatch.chdir(root)
    return root


COMMANDS = [
    ["validate", "--format", "sarif", "--output"],
    ["bericht", "-o"],
    ["netz", ".", "-o"],
    ["diff", STECKBRIEF, STECKBRIEF, "-o"],
    ["pack", "--alle", "--force", "-o"],
    ["pack", "--format", "xprozess", "--alle", "--force", "-o"],
    ["export", "--force", "-o"],
    ["render", MODELL, "-o"],
]


@pytest.mark.parametrize("target", [STECKBRIEF, MODELL, "prozesskit.yaml",
                                    "../register/steckbriefe/geburt-beurkunden.yaml"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_an_output_never_replaces_a_register_file(
        register: Path, command: list[str], target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = _inputs(register)
    code, _, err = run_cli([*command, target], monkeypatch, capsys)
    assert code == 2, err
    assert "nicht überschrieben" in err  # render names its own model as "das Modell selbst"
    assert _inputs(register) == before


def _inputs(register: Path) -> dict[str, bytes]:
    """Everything but the validation cache (validate fills it before it writes a report)."""
    return {name: data for name, data in snapshot(register).items()
            if not name.startswith(".prozesskit/")}


def test_a_lock_is_a_register_file_too(register: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (register / "prozesskit.lock").write_text('{"format": 1}\n', encoding="utf-8")
    code, _, err = run_cli(["bericht", "-o", "prozesskit.lock"], monkeypatch, capsys)
    assert code == 2 and "prozesskit.lock im Register" in err
    assert (register / "prozesskit.lock").read_text(encoding="utf-8") == '{"format": 1}\n'


def test_a_report_of_an_earlier_run_is_replaced(register: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    report = register / "ergebnis.sarif"
    report.write_text("alt\n", encoding="utf-8")
    code, _, err = run_cli(["validate", "--format", "sarif", "--output", "ergebnis.sarif"],
                           monkeypatch, capsys)
    assert code == 0, err
    assert report.read_text(encoding="utf-8").lstrip().startswith("{")


def test_a_new_file_inside_the_register_may_be_written(
        register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Only existing inputs are protected: a new package beside the Steckbriefe is fine."""
    code, _, err = run_cli(["pack", "--alle", "--force", "-o", "steckbriefe/paket.zip"],
                           monkeypatch, capsys)
    assert code == 0, err
    assert (register / "steckbriefe" / "paket.zip").is_file()


SETUP_FILES = [".gitlab-ci.yml", ".github/workflows/prozesskit.yml", ".vscode/settings.json",
               ".prozesskit/schemas/steckbrief.schema.json", ".pre-commit-config.yaml"]


@pytest.mark.parametrize("target", SETUP_FILES)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_an_output_never_replaces_what_git_ci_or_the_editor_read(
        register: Path, command: list[str], target: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``--output .gitlab-ci.yml`` (meant: gl-code-quality.json) replaced the pipeline with
    ``[]``; a report over the editor schema silently ended the editor's checks."""
    path = register / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# eingerichtet\n", encoding="utf-8")
    code, _, err = run_cli([*command, target], monkeypatch, capsys)
    assert code == 2, err
    assert f"'{target}' ist eine Datei für" in err and "nicht überschrieben" in err
    assert path.read_text(encoding="utf-8") == "# eingerichtet\n"


@pytest.mark.parametrize("command", [*COMMANDS, ["site", "--force", "-o"]],
                         ids=lambda c: "-".join(c[:2]))
def test_a_windows_path_on_linux_is_refused_not_made_a_file_name(
        register: Path, command: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``-o 'berichte\\q1.md'`` on Linux wrote a file named with a backslash into the
    register, which git cannot check out on Windows."""
    before = sorted(path.name for path in register.iterdir())
    code, _, err = run_cli([*command, "berichte\\q1.out"], monkeypatch, capsys)
    assert code == 2, err
    assert "Pfade bitte mit / angeben" in err and "'berichte/q1.out'" in err
    assert sorted(path.name for path in register.iterdir() if path.name != ".prozesskit") == [
        name for name in before if name != ".prozesskit"]


@pytest.mark.parametrize(("folder", "reason"), [
    ("/proc", "der Pfad ist nicht erreichbar"),  # ENOENT for any new file
    ("/sys", "keine Berechtigung"),  # EACCES, even for root
])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_an_unwritable_output_is_named_as_given_with_a_german_reason(
        register: Path, command: list[str], folder: str, reason: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The system's English text (``Permission denied``) and our temp file beside the
    target (``/sys/.p.zip.1g7org7m.tmp``) told the user nothing about what they typed."""
    target = f"{folder}/prozesskit-ausgabe.out"
    code, _, err = run_cli([*command, target], monkeypatch, capsys)
    assert code == 2, err
    assert f"kann nicht nach '{target}' geschrieben werden: {reason}" in err, err
    assert ".tmp" not in err and "denied" not in err and "No such" not in err
    assert "Traceback" not in err
