"""Symlinks and FIFOs in a register: never read, never skipped in silence, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run_cli

OUTSIDE = "id: geheim-aussen\nname: Geheime Akte fuehren\n"


def _problems(out: str) -> list[dict[str, object]]:
    problems: list[dict[str, object]] = json.loads(out)["problems"]
    return problems


def _outside(tmp_path: Path) -> Path:
    target = tmp_path / "ausserhalb" / "geheim-aussen.yaml"
    target.parent.mkdir()
    target.write_text(OUTSIDE, encoding="utf-8")
    return target


def test_symlinked_steckbrief_named_on_the_command_line_is_not_read(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (example / "steckbriefe" / "x.yaml").symlink_to(_outside(tmp_path))
    monkeypatch.chdir(example)
    code, out, _ = run_cli(["validate", "steckbriefe/x.yaml", "--format", "json"],
                           monkeypatch, capsys)
    assert code == 1
    assert "geheim" not in out  # nothing of the target: not its id, not its name
    [problem] = _problems(out)
    assert problem["file"] == "steckbriefe/x.yaml"
    assert problem["rule"] == "PK-S001"
    assert "Symbolischer Link" in str(problem["message"])
    assert "kopieren" in str(problem["hint"])


@pytest.mark.parametrize("name", ["steckbriefe/extern/geheim-aussen.yaml",
                                  "modelle/extern/geheim-aussen.bpmn"])
def test_file_named_through_a_symlinked_folder_is_not_read(
    name: str, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A folder link inside the register leads outside it: a file named through it is
    refused like a file link, not checked as a loose file outside any register."""
    outside = _outside(tmp_path)
    shutil.copy(outside, outside.with_suffix(".bpmn"))
    link = example / Path(name).parent
    link.symlink_to(outside.parent, target_is_directory=True)
    monkeypatch.chdir(example)
    code, out, _ = run_cli(["validate", name, "--format", "json"], monkeypatch, capsys)
    assert code == 1
    assert "geheim-aussen'" not in out and "Geheime" not in out  # nothing of the target
    [problem] = _problems(out)
    assert problem["file"] == name
    assert problem["rule"] == ("PK-S001" if name.startswith("steckbriefe") else "PK-B001")
    assert "Symbolischer Link" in str(problem["message"])


@pytest.mark.parametrize("cached", [True, False])
def test_folder_scan_reports_every_symlink(
    cached: bool, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = _outside(tmp_path)
    (example / "steckbriefe" / "x.yaml").symlink_to(outside)
    (example / "modelle" / "fremd.bpmn").symlink_to(outside)
    folder = tmp_path / "ausserhalb"
    (example / "modelle" / "extern").symlink_to(folder, target_is_directory=True)
    args = ["validate", str(example), "--format", "json", *([] if cached else ["--no-cache"])]
    for _ in range(2 if cached else 1):  # the second run answers from the memo
        code, out, _ = run_cli(args, monkeypatch, capsys)
        assert code == 1
        assert "geheim" not in out
        found = {(p["file"], p["rule"], str(p["message"]).split(":")[0])
                 for p in _problems(out) if p["rule"] != "PK-S017"}  # unused model: true
        assert found == {
            ("steckbriefe/x.yaml", "PK-S001", "Symbolischer Link"),
            ("modelle/fremd.bpmn", "PK-B001", "Symbolischer Link"),
            ("modelle/extern", "PK-B001", "Symbolischer Link auf einen Ordner"),
        }


def test_symlink_added_after_a_clean_run_is_reported(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(["validate", str(example)], monkeypatch, capsys)[0] == 0
    (example / "steckbriefe" / "x.yaml").symlink_to(_outside(tmp_path))
    code, out, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 1
    assert "Symbolischer Link" in out and "Keine Probleme" not in out


def test_symlinked_manifest_is_refused(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    manifest = example / "prozesskit.yaml"
    real = tmp_path / "manifest.yaml"
    real.write_bytes(manifest.read_bytes())
    manifest.unlink()
    manifest.symlink_to(real)
    code, out, _ = run_cli(["validate", str(example), "--format", "json"], monkeypatch, capsys)
    assert code == 1
    assert any(p["file"] == "prozesskit.yaml" and p["rule"] == "PK-R001"
               and "symbolischer Link" in str(p["message"]) for p in _problems(out))


def _validate_in_subprocess(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A regression would block on the FIFO: a subprocess with a timeout fails the test
    instead of hanging the suite."""
    return subprocess.run([sys.executable, "-m", "prozesskit", "validate", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60,
                          env=os.environ.copy(), check=False)


@pytest.mark.parametrize("how", ["file", "register", "folder"])
def test_fifo_is_skipped_with_a_problem_not_a_hang(how: str, example: Path) -> None:
    os.mkfifo(example / "steckbriefe" / "x.yaml")
    os.mkfifo(example / "modelle" / "y.bpmn")
    args = {"file": ["steckbriefe/x.yaml"], "register": ["."],
            "folder": ["steckbriefe"]}[how]
    done = _validate_in_subprocess([*args, "--format", "json"], example)
    assert done.returncode == 1, done.stderr
    found = {(p["file"], p["rule"]) for p in _problems(done.stdout)
             if "Keine normale Datei" in str(p["message"])}
    expected = {"file": {("steckbriefe/x.yaml", "PK-S001")},
                "register": {("steckbriefe/x.yaml", "PK-S001"), ("modelle/y.bpmn", "PK-B001")},
                "folder": {("steckbriefe/x.yaml", "PK-S001")}}[how]
    assert found == expected


@pytest.mark.parametrize("link", [".prozesskit", ".prozesskit/cache"])
def test_symlinked_cache_folder_is_neither_written_nor_read(
    link: str, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    if (example / link).exists():
        shutil.rmtree(example / link)
    (example / link).parent.mkdir(parents=True, exist_ok=True)
    (example / link).symlink_to(elsewhere, target_is_directory=True)
    for _ in range(2):  # the second run would use a memo, if one had been written
        code, out, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
        assert (code, out.strip()) == (0, "✔ Keine Probleme in 11 Dateien")
    assert list(elsewhere.rglob("*")) == []  # nothing written outside the register
