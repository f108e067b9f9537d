"""``prozesskit regeln`` and ``prozesskit erklaere`` as users call them."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from helpers import REPO, run_cli


def test_erklaere_pflichtfelder_names_the_fields_not_a_constant(
        example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["erklaere", "PK-S010"], monkeypatch, capsys)
    assert code == 0
    assert "PROFILE_FIELDS" not in out
    line = next(x for x in out.splitlines() if "prozesskit:empfohlen (Standard):" in x)
    default_fields = line.split(":", 2)[2].strip().split(", ")
    assert default_fields == ["organisationseinheit"]
    assert "prozesskit:streng:" in out and "kennzahlen.fallzahl_pro_jahr" in out
    assert "    konventionen:\n" in out and "      pflichtfelder:\n" in out
    # what it shows is what validate checks: without the field, the default profile reports it
    path = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^organisationseinheit:.*\n", "", text), encoding="utf-8")
    code, out, _ = run_cli(["validate", str(example), "--no-cache"], monkeypatch, capsys)
    assert code == 1
    assert "Pflichtfeld 'organisationseinheit' fehlt" in out and "[PK-S010]" in out


def test_erklaere_and_sarif_help_show_no_rest_markup(
        example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Users read the rule documentation: docstring literals (double backticks) appear in
    plain quotes, in ``erklaere`` and in the SARIF rule help that code-scanning UIs show."""
    from prozesskit.rules import all_rules

    for code in all_rules():
        status, out, _ = run_cli(["erklaere", code], monkeypatch, capsys)
        assert status == 0 and "``" not in out, code
    status, out, _ = run_cli(["erklaere", "PK-S010"], monkeypatch, capsys)
    assert "'prozesskit:empfohlen' verlangt" in out
    path = example / "steckbriefe" / "fahrzeug-zulassen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^organisationseinheit:.*\n", "", text), encoding="utf-8")
    report = example.parent / "out.sarif"
    run_cli(["validate", str(example), "--format", "sarif", "--output", str(report)],
            monkeypatch, capsys)
    sarif = report.read_text(encoding="utf-8")
    assert "PK-S010" in sarif and "``" not in sarif


def test_regeln_piped_is_plain_and_never_cut(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["regeln"], monkeypatch, capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t") == ["Code", "Name", "Stufe", "Bereich", "Profile", "bpmnlint",
                                    "Titel"]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert rows["PK-B063"][6] == "FIM: zugeklappte Teilprozesse mit Referenzaktivitätengruppe 1–8"
    assert rows["PK-B010"][5] == "label-required"
    assert all(len(row) == 7 for row in rows.values())
    assert not re.search("[│┃━─]", out)


@pytest.mark.parametrize("columns", [80, 160])
def test_regeln_in_a_terminal_fits_its_width(columns: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "prozesskit", "regeln"], env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, columns))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = re.sub(r"\x1b\[[0-9;]*m", "", child.before or "")  # bold headers
    lines = [line.rstrip("\r") for line in text.split("\n")]
    assert "PK-B063" in "".join(lines)
    assert max(len(line) for line in lines) <= columns
    assert max(len(line) for line in lines) > columns - 20  # uses the width it has
    assert "fim-referenzaktivitaetengruppe" in text  # names are never cut
    assert ("single-blank-start-event" in text) is (columns >= 140)
