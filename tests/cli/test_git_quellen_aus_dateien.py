"""git URLs that come from files (``konventionen.extends``, netz.yaml) name remote
repositories only: a shared register must not make prozesskit clone a local repository the
user can read and show its keys in messages. Local ones only where the user allows them
($PROZESSKIT_LOKALE_GIT_ORDNER) or names them on the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import git, run_cli

SECRET = "db_passwort: GEHEIM-123\n"


def _repo(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True)
    git(folder, "init", "-q")
    (folder / name).write_text(text, encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "v1")
    return folder


def _extends(register: Path, ref: str) -> int:
    """``ref`` added to the manifest's extends; the line it is on."""
    manifest = register / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("    - prozesskit:empfohlen\n",
                                     f"    - prozesskit:empfohlen\n    - '{ref}'\n"),
                        encoding="utf-8")
    return next(number for number, line in enumerate(
        manifest.read_text(encoding="utf-8").splitlines(), 1) if ref in line)


def _mirrors() -> list[str]:
    repos = Path(os.environ["PROZESSKIT_CACHE_DIR"]) / "repos"
    return sorted(p.name for p in repos.iterdir()) if repos.is_dir() else []


@pytest.mark.parametrize("form", ["pfad", "file-url", "git+pfad-ohne-ref"])
def test_extends_naming_a_local_repository_is_refused(
    form: str, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    priv = _repo(tmp_path / "priv", "zugang.yaml", SECRET)
    url = {"pfad": f"{priv}@HEAD", "file-url": f"{priv.as_uri()}@HEAD",
           "git+pfad-ohne-ref": str(priv)}[form]
    line = _extends(example, f"git+{url}#zugang.yaml")
    for fmt in ("text", "sarif"):
        code, out, err = run_cli(["validate", str(example), "--no-cache", "--format", fmt],
                                 monkeypatch, capsys)
        assert code == 2 and out == ""
        assert err.startswith(f"Fehler: prozesskit.yaml:{line}: extends: ")
        assert "lokales git-Repository" in err and "PROZESSKIT_LOKALE_GIT_ORDNER" in err
        assert "https://" in err and len(err.splitlines()) == 1
        assert "db_passwort" not in err + out
    assert _mirrors() == []  # nothing was cloned


def test_extends_of_a_local_repository_in_an_allowed_folder_is_read(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shared = _repo(tmp_path / "geteilt" / "konventionen", "k.yaml", "regeln:\n  PK-S004: off\n")
    _extends(example, f"git+{shared.as_uri()}@HEAD#k.yaml")
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER",
                       os.pathsep.join([str(tmp_path / "anderswo"), str(tmp_path / "geteilt")]))
    code, _, err = run_cli(["validate", str(example), "--no-cache"], monkeypatch, capsys)
    assert code == 2 and "PK-S004" in err and "nicht abgeschaltet" in err  # the file was read
    assert len(_mirrors()) == 1


def test_an_allowed_folder_does_not_open_its_neighbours(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    priv = _repo(tmp_path / "geteilt-nicht" / "priv", "zugang.yaml", SECRET)
    _extends(example, f"git+{priv}/../priv@HEAD#zugang.yaml")
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(tmp_path / "geteilt"))
    code, _, err = run_cli(["validate", str(example), "--no-cache"], monkeypatch, capsys)
    assert code == 2 and "lokales git-Repository" in err and "db_passwort" not in err


def test_a_shared_conventions_file_cannot_reach_a_local_repository_either(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Allowed: the network's own conventions repository; it extends a private one: refused,
    naming the shared file and its line."""
    priv = _repo(tmp_path / "priv", "zugang.yaml", SECRET)
    inner = f"git+{priv}@HEAD#zugang.yaml"
    shared = _repo(tmp_path / "geteilt" / "k", "k.yaml", f"extends:\n  - '{inner}'\n")
    spec = f"git+{shared.as_uri()}@HEAD#k.yaml"
    _extends(example, spec)
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(tmp_path / "geteilt"))
    code, _, err = run_cli(["validate", str(example), "--no-cache"], monkeypatch, capsys)
    assert code == 2
    assert err.startswith(f"Fehler: {spec}:2: extends: ")
    assert "lokales git-Repository" in err and "db_passwort" not in err


def test_netz_yaml_naming_a_local_repository_is_refused(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lib = tmp_path / "lib"
    import shutil

    shutil.copytree(example, lib)
    git(lib, "init", "-q")
    git(lib, "add", "-A")
    git(lib, "commit", "-qm", "v1")
    netz = tmp_path / "netz" / "netz.yaml"
    netz.parent.mkdir()
    netz.write_text("format: 1\nname: N\nmitglieder:\n"
                    f"  - {{name: A, register: '{lib.as_uri()}@HEAD'}}\n", encoding="utf-8")
    code, out, err = run_cli(["netz", str(netz), "-f", "json"], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"Fehler: {netz}:4: Mitglied 'A': ")
    assert "lokales git-Repository" in err and len(err.splitlines()) == 1
    assert _mirrors() == []
    # the user's own choice: the folder allowed, or the URL on the command line
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(tmp_path))
    code, out, err = run_cli(["netz", str(netz), "-f", "json"], monkeypatch, capsys)
    assert code == 0, err
    monkeypatch.delenv("PROZESSKIT_LOKALE_GIT_ORDNER")
    code, out, err = run_cli(["netz", f"{lib.as_uri()}@HEAD", "-f", "json"], monkeypatch,
                             capsys)
    assert code == 0, err
