"""A register folder prozesskit reads with git (a member in netz.yaml, a folder given to
``export``, the repository ``validate --changed-since`` runs in) may come with a
``.git/config`` of someone else: a network drive, a copied repository. Nothing configured
there may make prozesskit run a program (security review, session 10): a promisor remote
that fetches a missing object lazily over ssh with the repository's own ``core.sshCommand``,
or the fsmonitor hook. Real repositories, real git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLE, run_cli

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
       "-c", "commit.gpgsign=false"]


def _repo(folder: Path) -> Path:
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".prozesskit"))
    subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "-qm", "eins"], cwd=folder, check=True)
    return folder


def _config(folder: Path, *pairs: tuple[str, str]) -> None:
    for key, value in pairs:
        subprocess.run(["git", "config", key, value], cwd=folder, check=True)


def _promisor(folder: Path, marker: Path, missing: str) -> None:
    """The object ``missing`` deleted and a promisor remote whose ssh command is a program."""
    obj = folder / ".git" / "objects" / missing[:2] / missing[2:]
    obj.chmod(0o644)
    obj.unlink()
    _config(folder, ("core.repositoryformatversion", "1"),
            ("extensions.partialClone", "origin"),
            ("remote.origin.url", "ssh://example.invalid/x"),
            ("remote.origin.promisor", "true"),
            ("core.sshCommand", f"sh -c 'echo lief > {marker}' #"))


def _rev(folder: Path, what: str) -> str:
    return subprocess.run(["git", "rev-parse", what], cwd=folder, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_netz_stand_never_fetches_lazily_through_a_members_ssh_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    member = _repo(tmp_path / "m1")
    steckbrief = member / "steckbriefe" / "fahrzeug-zulassen.yaml"
    blob = _rev(member, "HEAD:steckbriefe/fahrzeug-zulassen.yaml")
    steckbrief.write_text(steckbrief.read_text("utf-8") + "# lokal\n", "utf-8")
    marker = tmp_path / "ssh-lief"
    _promisor(member, marker, blob)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["netz", "m1", "--ansicht", "stand"], monkeypatch, capsys)
    assert not marker.exists(), "core.sshCommand of the member's repository ran"
    assert "Traceback" not in err and code in (0, 1, 2), out + err


def test_export_never_fetches_lazily_through_the_folders_ssh_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = _repo(tmp_path / "m2")
    marker = tmp_path / "ssh-lief"
    _promisor(folder, marker, _rev(folder, "HEAD"))
    code, out, err = run_cli(["export", str(folder), "-o", str(tmp_path / "t.xlsx")],
                             monkeypatch, capsys)
    assert not marker.exists(), "core.sshCommand of the folder's repository ran"
    assert code == 0 and "Traceback" not in err, out + err


@pytest.mark.parametrize("args", [["--nur-versioniert"], ["--changed-since", "HEAD"]])
def test_validate_never_runs_the_repositorys_fsmonitor_hook(
        args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = _repo(tmp_path / "m3")
    marker = tmp_path / "fsmonitor-lief"
    _config(folder, ("core.fsmonitor", f"sh -c 'echo lief > {marker}' #"))
    code, out, err = run_cli(["validate", *args, str(folder)], monkeypatch, capsys)
    assert not marker.exists(), "core.fsmonitor of the repository ran"
    assert code == 0, out + err
