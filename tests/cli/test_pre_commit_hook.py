"""The pre-commit hook checks what is committed, in a real git repository.

pre-commit itself is not needed: the hook's ``entry`` from ``.pre-commit-hooks.yaml`` is run
as pre-commit runs it (``pass_filenames: false``: no file arguments), in the repository.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import EXAMPLE, REPO

BROKEN = "id: kaputt\nname: Kaputt\nprodukt: {bereich: 2}\nkennzahlen: {fallzahl_pro_jahr: true}\n"


def _hook_command() -> list[str]:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["pass_filenames"] is False
    entry = shlex.split(hook["entry"])
    assert entry[0] == "prozesskit"
    return [sys.executable, "-m", "prozesskit", *entry[1:]]


def _run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_hook_command(), cwd=repo, capture_output=True, text=True, check=False)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _register_repo(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("cache"))
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Register")
    return root


def test_untracked_broken_file_does_not_block_an_unrelated_commit(tmp_path: Path) -> None:
    root = _register_repo(tmp_path)
    assert _run_hook(root).returncode == 0
    (root / "steckbriefe" / "kaputt.yaml").write_text(BROKEN, encoding="utf-8")  # untracked
    # an unrelated change is staged
    readme = root / "NOTIZEN.md"
    readme.write_text("Notizen\n", encoding="utf-8")
    _git(root, "add", "NOTIZEN.md")
    hooked = _run_hook(root)
    assert hooked.returncode == 0, hooked.stdout + hooked.stderr
    assert "kaputt" not in hooked.stdout
    # plain validate still sees the working tree, broken file included
    plain = subprocess.run([sys.executable, "-m", "prozesskit", "validate"], cwd=root,
                           capture_output=True, text=True, check=False)
    assert plain.returncode == 1 and "steckbriefe/kaputt.yaml" in plain.stdout


def test_staged_broken_file_blocks_the_commit(tmp_path: Path) -> None:
    root = _register_repo(tmp_path)
    (root / "steckbriefe" / "kaputt.yaml").write_text(BROKEN, encoding="utf-8")
    _git(root, "add", "steckbriefe/kaputt.yaml")
    hooked = _run_hook(root)
    assert hooked.returncode == 1
    assert "steckbriefe/kaputt.yaml" in hooked.stdout and "PK-S004" in hooked.stdout


def test_register_rules_see_only_committed_files(tmp_path: Path) -> None:
    """An untracked copy with the same id is no duplicate of the commit (PK-S006)."""
    root = _register_repo(tmp_path)
    source = root / "steckbriefe" / "fahrzeug-zulassen.yaml"
    (root / "steckbriefe" / "kopie").mkdir()
    shutil.copy(source, root / "steckbriefe" / "kopie" / "fahrzeug-zulassen.yaml")
    hooked = _run_hook(root)
    assert hooked.returncode == 0, hooked.stdout
    assert "PK-S006" not in hooked.stdout


def test_outside_git_the_hook_mode_says_why(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("cache"))
    hooked = _run_hook(root)
    assert hooked.returncode == 2
    assert "git-Repository" in hooked.stderr and "Traceback" not in hooked.stderr
