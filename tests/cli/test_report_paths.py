"""Report paths for a register in a subfolder of a git repository, for every format.

The CI formats (SARIF, JUnit, GitLab, GitHub) name files relative to the repository's root,
because that is where CI systems and SARIF viewers resolve them (SARIF: ``%SRCROOT%`` is the
repository root); the local formats (text, JSON, Markdown) relative to the register. No
format meant for upload carries a local absolute path.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from helpers import EXAMPLE, run_cli

CI_FORMATS = ("sarif", "junit", "gitlab", "github")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the register in ``Fachbereich 1/register`` and two broken files."""
    repo = tmp_path / "repo"
    register = repo / "Fachbereich 1" / "register"
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns("cache"))
    (register / "steckbriefe" / "kaputt-ä.yaml").write_text(
        "id: kaputt-ä\nname: [Antrag\n", encoding="utf-8")
    (register / "modelle" / "kaputt.bpmn").write_text("<definitions", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _ci_paths(fmt: str, text: str) -> list[str]:
    if fmt == "sarif":
        [run] = json.loads(text)["runs"]
        locations = [r["locations"][0]["physicalLocation"]["artifactLocation"]
                     for r in run["results"]]
        assert {loc["uriBaseId"] for loc in locations} == {"%SRCROOT%"}
        assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]
        return [unquote(loc["uri"]) for loc in locations]
    if fmt == "junit":
        cases = ET.fromstring(text).iter("testcase")
        return [case.attrib["classname"] for case in cases]
    if fmt == "gitlab":
        return [issue["location"]["path"] for issue in json.loads(text)]
    return re.findall(r"^::(?:error|warning) file=([^,]+),", text, flags=re.M)


@pytest.mark.parametrize("where", ["repo", "register"])
@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_ci_formats_name_files_relative_to_the_repository(
    fmt: str, where: str, repo: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register = repo / "Fachbereich 1" / "register"
    monkeypatch.chdir(repo if where == "repo" else register)
    target = "Fachbereich 1/register" if where == "repo" else "."
    report = repo.parent / f"report.{fmt}"
    code, _, _ = run_cli(["validate", target, "--format", fmt, "--output", str(report)],
                         monkeypatch, capsys)
    assert code == 1
    text = report.read_text(encoding="utf-8")
    assert str(repo.parent) not in text and "file://" not in text  # no local absolute path
    paths = _ci_paths(fmt, text)
    assert "Fachbereich 1/register/steckbriefe/kaputt-ä.yaml" in paths
    assert "Fachbereich 1/register/modelle/kaputt.bpmn" in paths
    for path in paths:
        assert (repo / path).is_file(), path  # resolves from the repository's root


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_local_formats_name_files_relative_to_the_register(
    fmt: str, repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    register = repo / "Fachbereich 1" / "register"
    monkeypatch.chdir(repo)
    code, out, _ = run_cli(["validate", "Fachbereich 1/register", "--format", fmt],
                           monkeypatch, capsys)
    assert code == 1
    assert str(repo) not in out
    if fmt == "json":
        files = {p["file"] for p in json.loads(out)["problems"]}
        assert "steckbriefe/kaputt-ä.yaml" in files
        assert all((register / f).is_file() for f in files)
    else:
        assert "steckbriefe/kaputt-ä.yaml" in out
        assert "Fachbereich 1/register/steckbriefe" not in out
