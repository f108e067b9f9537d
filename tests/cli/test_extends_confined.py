"""Local ``konventionen.extends`` files are read only from inside the register."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run_cli

NETZ = "regeln:\n  PK-S012: error\n"


def _extends(register: Path, ref: str) -> None:
    manifest = register / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("    - prozesskit:empfohlen\n",
                                     f"    - prozesskit:empfohlen\n    - '{ref}'\n"),
                        encoding="utf-8")


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "symlinked-folder"])
def test_extends_outside_the_register_is_refused(
    how: str, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = tmp_path / "netz" / "konventionen.yaml"
    outside.parent.mkdir()
    outside.write_text(NETZ, encoding="utf-8")
    ref = {"absolute": str(outside), "dotdot": "../netz/konventionen.yaml",
           "symlink": "netz.yaml", "symlinked-folder": "netz/konventionen.yaml"}[how]
    if how == "symlink":
        (example / "netz.yaml").symlink_to(outside)
    if how == "symlinked-folder":
        (example / "netz").symlink_to(outside.parent, target_is_directory=True)
    _extends(example, ref)
    code, out, err = run_cli(["validate", str(example), "--no-cache"], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.startswith("Fehler: prozesskit.yaml: Konventionsdatei ")
    assert "außerhalb des Registers" in err and "git+" in err
    assert len(err.splitlines()) == 1  # no traceback


def test_extends_inside_the_register_is_read(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "konventionen").mkdir()
    (example / "konventionen" / "netz.yaml").write_text(
        "regeln:\n  PK-S004: warn\n  PK-S001: off\n", encoding="utf-8")
    _extends(example, "konventionen/netz.yaml")
    code, _, err = run_cli(["validate", str(example), "--no-cache"], monkeypatch, capsys)
    assert code == 2  # read: its content (PK-S001 cannot be switched off) is what fails
    assert "PK-S001" in err and "kann nicht abgeschaltet werden" in err
