"""What the README tells a new user holds: its minimal Steckbrief validates, its table marks
the fields the code requires, it names only files inside the repository, and its commands
do not nest a register in the checkout."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE, REPO, run_cli
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.rules.steckbrief.pflichtfelder import PROFILE_FIELDS

README = (REPO / "README.md").read_text(encoding="utf-8")


def _minimal_steckbrief() -> tuple[str, str]:
    """The YAML block after "Ein minimaler Steckbrief", and the file name it is given."""
    match = re.search(r"Ein minimaler Steckbrief.*?\(`steckbriefe/([a-z0-9-]+\.yaml)`\):\s*"
                      r"```yaml\n(.*?)```", README, re.S)
    assert match, "README: Abschnitt 'Ein minimaler Steckbrief' fehlt"
    return match.group(1), match.group(2)


def _validate(register: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, str]]]:
    code, out, _ = run_cli(["validate", str(register), "--format", "json"], monkeypatch, capsys)
    return code, json.loads(out)["problems"]


def test_minimal_steckbrief_validates_without_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    name, text = _minimal_steckbrief()
    register = tmp_path / "register"
    shutil.copytree(EXAMPLE, register)
    (register / "steckbriefe" / name).write_text(text, encoding="utf-8")
    code, problems = _validate(register, monkeypatch, capsys)
    assert (code, problems) == (0, [])

    # and it is minimal: without organisationseinheit the default profile refuses it
    stripped = "".join(line for line in text.splitlines(keepends=True)
                       if not line.startswith("organisationseinheit:"))
    (register / "steckbriefe" / name).write_text(stripped, encoding="utf-8")
    code, problems = _validate(register, monkeypatch, capsys)
    assert code == 1
    assert [(p["rule"], p["message"]) for p in problems] == [
        ("PK-S010", "Pflichtfeld 'organisationseinheit' fehlt")]
    assert problems[0]["hint"].startswith("Verlangt vom Profil prozesskit:empfohlen")


def test_table_marks_exactly_the_required_fields() -> None:
    """Schema-required fields plus what the default profile requires (PK-S010)."""
    section = README.split("### Steckbrief")[1].split("###")[0]
    marked = {row.split("`")[1] for row in section.splitlines()
              if row.startswith("| `") and "**Pflicht**" in row}
    schema = Steckbrief.model_json_schema()
    required = set(schema["required"])
    produkt = schema["$defs"][schema["properties"]["produkt"]["$ref"].split("/")[-1]]
    required = (required - {"produkt"}) | {f"produkt.{field}" for field in produkt["required"]}
    required |= set(PROFILE_FIELDS["empfohlen"])
    assert marked == required


def test_readme_names_no_file_outside_the_repository() -> None:
    assert not re.search(r"\.\./shared|\bshared/", README)  # ../ in schema lines: register
    paths = set(re.findall(r"`((?:docs|tools|tests|benchmarks|blueprints|schemas|examples|"
                           r"src)/[^`*<> ]+)`", README))
    assert "docs/ROADMAP.md" in paths
    missing = sorted(p for p in paths if not (REPO / p.split("#")[0]).exists())
    assert missing == []


def test_five_minute_register_is_created_outside_the_checkout() -> None:
    section = README.split("## In fünf Minuten")[1].split("\n## ")[0]
    init = re.search(r"prozesskit init --blueprint \S+ (\S+)", section)
    assert init is not None
    target = init.group(1)
    assert target.startswith("~/"), target  # a folder of its own, not inside the checkout
    assert Path(target).name != EXAMPLE.name
    assert f"cd {target}" in section


def test_five_minute_register_validates_as_the_readme_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The README's commands run as written (in a temporary home): the count it shows is
    what a new user sees (it said 580 while init wrote 535 Steckbriefe + manifest)."""
    section = README.split("## In fünf Minuten")[1].split("\n## ")[0]
    init = re.search(r"^(prozesskit init --blueprint .*)$", section, re.M)
    shown = re.search(r"^prozesskit validate +# (✔ Keine Probleme in [\d.]+ Dateien)$",
                      section, re.M)
    assert init is not None and shown is not None
    args = init.group(1).replace("~/", f"{tmp_path}/").replace('"Kreis Beispiel"', "KB")
    words = [w if w != "KB" else "Kreis Beispiel" for w in args.split()[1:]]
    code, _, err = run_cli(words, monkeypatch, capsys)
    assert code == 0, err
    target = tmp_path / init.group(1).split("~/")[1].split()[0]
    monkeypatch.chdir(target)
    code, out, err = run_cli(["validate"], monkeypatch, capsys)
    assert code == 0, err
    assert out.strip().splitlines()[-1] == shown.group(1)
