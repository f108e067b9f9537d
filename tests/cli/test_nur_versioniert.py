"""``validate --nur-versioniert``, the pre-commit hook's command (``.pre-commit-hooks.yaml``):
files git does not track are left out, so an untracked broken file does not block an
unrelated commit. pre-commit runs the hook at the repository's root, so a register in a
subfolder must be found there as ``validate`` without the option finds it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, git, run_cli

BROKEN = "id: kaputt-pruefen\nname: Kaputt prüfen\nprodukt:\n  bereich: 'XX'\n"


@pytest.mark.parametrize("below", ["", "verwaltung/prozesse"])
def test_untracked_files_are_left_out_wherever_the_register_lies(
        tmp_path: Path, below: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    register = repo / below if below else repo
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns(".prozesskit"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "init")
    (register / "steckbriefe" / "kaputt-pruefen.yaml").write_text(BROKEN, encoding="utf-8")
    if below:  # a draft beside the registers, outside any of them
        (repo / "entwurf.yaml").write_text("id: [kaputt\n", encoding="utf-8")
    monkeypatch.chdir(repo)  # where pre-commit runs the hook
    code, out, err = run_cli(["validate", "--nur-versioniert"], monkeypatch, capsys)
    assert code == 0, out + err
    code, out, err = run_cli(["validate"], monkeypatch, capsys)
    assert code == 1 and "kaputt-pruefen.yaml" in out, out + err
    git(repo, "add", "-A")  # now it is part of the commit: the hook must see it
    code, out, err = run_cli(["validate", "--nur-versioniert"], monkeypatch, capsys)
    assert code == 1 and "kaputt-pruefen.yaml" in out, out + err
