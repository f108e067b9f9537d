"""``init`` sets up the editor (schemas for every Steckbrief, not only those with the schema
line) and the git ignore rules, so that ``validate`` leaves ``git status`` clean."""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

import git
import pytest

from helpers import run_cli

GEMEINDE = ["--name", "Gemeinde Musterdorf", "--ags", "05999002", "--bereich", "02"]


def _init(target: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          *extra: str) -> None:
    code, _, err = run_cli(["init", "-b", "gemeinde", str(target), *GEMEINDE, *extra],
                           monkeypatch, capsys)
    assert code == 0, err


def test_vscode_maps_steckbriefe_and_manifest_to_the_schemas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "reg"
    _init(target, monkeypatch, capsys)
    settings = json.loads((target / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    by_glob = {glob: schema for schema, globs in mapping.items() for glob in globs}
    for schema in mapping:  # relative to the workspace folder, and really there
        assert schema.startswith("./")
        assert json.loads((target / schema).read_text(encoding="utf-8"))["$schema"]
    # a new Steckbrief without the schema line, also in a subfolder, gets the Steckbrief schema
    for rel in ("steckbriefe/neu.yaml", "steckbriefe/amt-32/neu.yaml"):
        matching = {schema for glob, schema in by_glob.items() if fnmatch(rel, glob)}
        assert matching == {"./.prozesskit/schemas/steckbrief.schema.json"}, rel
    assert by_glob["prozesskit.yaml"] == "./.prozesskit/schemas/register.schema.json"
    extensions = json.loads((target / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


def test_validate_leaves_a_register_from_init_clean_in_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "reg"
    _init(target, monkeypatch, capsys, "--git")
    repo = git.Repo(target)
    tracked = set(repo.git.ls_files().splitlines())
    assert {".prozesskit/.gitignore", ".vscode/settings.json",
            ".vscode/extensions.json"} <= tracked
    code, out, _ = run_cli(["validate", str(target)], monkeypatch, capsys)
    assert code == 0, out
    assert (target / ".prozesskit/cache").is_dir()  # the cache was written …
    assert repo.git.status("--porcelain", "--untracked-files=all") == ""  # … and is ignored


def test_validate_leaves_other_registers_clean_in_git_too(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A register made by hand, without any ignore rule for the cache."""
    for ignore in (example / ".gitignore", example / ".prozesskit" / ".gitignore"):
        ignore.unlink()
    repo = git.Repo.init(example)
    repo.git.add(A=True)
    repo.index.commit("Register von Hand")
    code, out, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code in (0, 1), out
    assert (example / ".prozesskit/cache").is_dir()
    assert repo.git.status("--porcelain", "--untracked-files=all") == ""
