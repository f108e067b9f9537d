"""``prozesskit leika``: the sub-app mounted into a throwaway Typer app, as the root CLI will."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from prozesskit.cli.leika import leika_app

REGISTER = Path(__file__).resolve().parents[1] / "fixtures" / "leika-register"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()
    root.add_typer(leika_app, name="leika")

    @root.command()
    def version() -> None:  # a second command, so "leika" is a real subcommand group
        typer.echo("0")

    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_search_without_subcommand(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["leika", "Gewerbe anmelden"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "99050012104000" in result.output
    assert "Gewerbe Anmeldung" in result.output
    assert result.output.index("99050012104000") < result.output.index("99050012000000")
    one = runner.invoke(app, ["leika", "Gewerbe anmelden", "-n", "1"], env={"COLUMNS": "300"})
    assert "Regelung Bund, Vollzug Land oder Kommune" in one.output  # Typisierung in words
    assert "Unternehmensanmeldung und -genehmigung" in one.output


def test_search_options_before_words(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["leika", "--limit", "1", "--format", "json", "Gewerbe",
                                 "anmelden"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["suche"] == "Gewerbe anmelden" and data["stand"] == "2019"
    assert [t["leika"] for t in data["treffer"]] == ["99050012104000"]
    assert data["treffer"][0]["rechtsgrundlagen"][0]["name"] == "§ 14 Gewerbeordnung (GewO)"


def test_explicit_suche_and_key(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["leika", "suche", "99050012104000", "-f", "json"])
    assert json.loads(result.output)["treffer"][0]["leika"] == "99050012104000"


def test_no_hits_exit_1(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["leika", "xyzzyqq"])
    assert result.exit_code == 1
    assert "Keine LeiKa-Leistung" in result.output


def test_help(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["leika", "--help"])
    assert result.exit_code == 0
    assert "vorschlagen" in result.output and "suche" in result.output


def test_vorschlagen_lists_without_writing(app: typer.Typer, runner: CliRunner,
                                          tmp_path: Path) -> None:
    register = tmp_path / "reg"
    shutil.copytree(REGISTER, register)
    before = {p: p.read_bytes() for p in register.rglob("*.yaml")}
    result = runner.invoke(app, ["leika", "vorschlagen", str(register / "steckbriefe"),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_file = {s["datei"]: s for s in data["steckbriefe"]}
    assert by_file["steckbriefe/ordnung/gewerbeanmeldung.yaml"]["vorschlaege"][0]["leika"] == (
        "99050012104000")
    assert all(s["geschrieben"] is None for s in data["steckbriefe"])
    assert {p: p.read_bytes() for p in register.rglob("*.yaml")} == before


def test_vorschlagen_text_and_schreiben(app: typer.Typer, runner: CliRunner,
                                        tmp_path: Path) -> None:
    register = tmp_path / "reg"
    shutil.copytree(REGISTER, register)
    result = runner.invoke(app, ["leika", "vorschlagen", str(register), "--schreiben",
                                 "--min-score", "0.6"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Gewerbeanmeldung entgegennehmen" in result.output
    assert "geschrieben" in result.output
    text = (register / "steckbriefe/ordnung/gewerbeanmeldung.yaml").read_text(encoding="utf-8")
    assert 'leika: "99050012104000"' in text
    internal = register / "steckbriefe/soziales/ratsbeschluesse-archivieren.yaml"
    assert "leika" not in internal.read_text(encoding="utf-8")
    again = runner.invoke(app, ["leika", "vorschlagen", str(register), "-f", "json"])
    remaining = {s["datei"] for s in json.loads(again.output)["steckbriefe"]}
    assert "steckbriefe/ordnung/gewerbeanmeldung.yaml" not in remaining


def test_vorschlagen_outside_register(app: typer.Typer, runner: CliRunner,
                                      tmp_path: Path) -> None:
    result = runner.invoke(app, ["leika", "vorschlagen", str(tmp_path)])
    assert result.exit_code == 2
    assert "Kein Register gefunden" in result.output


def test_cli_threshold_matches_library() -> None:
    from prozesskit.cli.leika import THRESHOLD as CLI_THRESHOLD
    from prozesskit.leika.suggest import THRESHOLD

    assert CLI_THRESHOLD == THRESHOLD


def test_vorschlagen_lists_unsure_candidates_but_never_writes_them(
        app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    """Below the threshold the best candidates are listed as "unsicher" (to check by
    hand), apart from the proposals, and ``--schreiben`` leaves such a Steckbrief alone;
    pure noise (best evidence under 0.15) gets no list."""
    register = tmp_path / "reg"
    shutil.copytree(REGISTER, register)
    widmen = register / "steckbriefe" / "ordnung" / "strasse-widmen.yaml"
    widmen.write_text("# Straßenrecht\nid: strasse-widmen\nname: Straße widmen\n"
                      "produktbereich: '12'\n", encoding="utf-8")
    before = widmen.read_bytes()
    result = runner.invoke(app, ["leika", "vorschlagen", str(register), "-f", "json"])
    assert result.exit_code == 0, result.output
    by_file = {s["datei"]: s for s in json.loads(result.output)["steckbriefe"]}
    unsure = by_file["steckbriefe/ordnung/strasse-widmen.yaml"]
    assert unsure["vorschlaege"] == []
    keys = [c["leika"] for c in unsure["unsicher"]]
    # LeiKa: "Widmung einer Straße öffentliche Bekanntmachung", the catalogue's key
    assert "99108022095000" in keys and len(keys) <= 3
    assert all(c["score"] < 0.5 for c in unsure["unsicher"])
    noise = by_file["steckbriefe/soziales/ratsbeschluesse-archivieren.yaml"]
    assert noise["vorschlaege"] == [] and noise["unsicher"] == []
    sure = by_file["steckbriefe/ordnung/gewerbeanmeldung.yaml"]
    assert sure["vorschlaege"] and sure["unsicher"] == []

    text = runner.invoke(app, ["leika", "vorschlagen", str(register), "--schreiben"],
                         env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert "unsicher" in text.output and "--schreiben trägt sie nie ein" in text.output
    assert widmen.read_bytes() == before


def _steckbrief(register: Path, name: str, text: str) -> Path:
    path = register / "steckbriefe" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _json(app: typer.Typer, runner: CliRunner, register: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["leika", "vorschlagen", str(register), "-f", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_schreiben_gives_a_key_to_one_steckbrief_per_run(
        app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    """Two Steckbriefe with the same first proposal: written once (PK-S023 otherwise),
    the other names the Steckbrief that got it."""
    register = tmp_path / "reg"
    shutil.copytree(REGISTER, register)
    first = _steckbrief(register, "bewohnerparkausweis-ausstellen",
                        "id: bewohnerparkausweis-ausstellen\nname: Bewohnerparkausweis ausstellen\n"
                        "organisationseinheit: Ordnungsamt\n")
    second = _steckbrief(register, "bewohnerparkausweis-erteilen",
                         "id: bewohnerparkausweis-erteilen\nname: Bewohnerparkausweis erteilen\n"
                         "organisationseinheit: Ordnungsamt\n")
    by_file = {s["datei"]: s for s in _json(app, runner, register)["steckbriefe"]}
    a, b = (by_file[f"steckbriefe/{p.name}"] for p in (first, second))
    assert a["vorschlaege"][0]["leika"] == b["vorschlaege"][0]["leika"]
    assert [a["vergeben_an"], b["vergeben_an"]].count(None) == 1

    result = runner.invoke(app, ["leika", "vorschlagen", str(register), "--schreiben"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "schon für steckbriefe/" in result.output
    written = ["leika:" in p.read_text(encoding="utf-8") for p in (first, second)]
    assert written.count(True) == 1


def test_unreadable_steckbriefe_are_named_and_the_rest_is_written(
        app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    """A duplicate key or a tab in one Steckbrief neither stops ``--schreiben`` for the
    others nor goes unmentioned."""
    register = tmp_path / "reg"
    shutil.copytree(REGISTER, register)
    doppelt = _steckbrief(register, "sperrmuell-abholen",
                          "id: sperrmuell-abholen\nname: Sperrmüll abholen\n"
                          "name: Sperrmüll abholen\norganisationseinheit: Bauhof\n")
    tab = _steckbrief(register, "osterfeuer-genehmigen",
                      "id: osterfeuer-genehmigen\nname: Osterfeuer genehmigen\nprodukt:\n"
                      "\tbereich: '02'\n")
    before = {p: p.read_bytes() for p in (doppelt, tab)}
    data = _json(app, runner, register)
    assert sorted(data["nicht_lesbar"]) == ["steckbriefe/osterfeuer-genehmigen.yaml",
                                            "steckbriefe/sperrmuell-abholen.yaml"]
    result = runner.invoke(app, ["leika", "vorschlagen", str(register), "--schreiben"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert ("Ausgelassen: steckbriefe/sperrmuell-abholen.yaml: nicht lesbar "
            "(prozesskit validate zeigt, warum)") in result.output
    assert 'leika: "99050012104000"' in (
        register / "steckbriefe/ordnung/gewerbeanmeldung.yaml").read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in (doppelt, tab)} == before


def test_a_detail_does_not_stand_in_for_its_taken_verrichtung(
        app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    """With "Eheschließung Registrierung" already in the register, a Steckbrief on foreign
    marriages must not get the detail "… Deutscher ohne Inlandswohnsitz" (Standesamt I in
    Berlin), whose words it does not say."""
    register = tmp_path / "reg"
    shutil.copytree(REGISTER, register)
    _steckbrief(register, "eheschliessung-im-eheregister-beurkunden",
                "id: eheschliessung-im-eheregister-beurkunden\n"
                "name: Eheschließung im Eheregister beurkunden\n"
                "organisationseinheit: Standesamt\nleika: '99059001019000'\n")
    _steckbrief(register, "eheschliessung-im-ausland-nachbeurkunden",
                "id: eheschliessung-im-ausland-nachbeurkunden\n"
                "name: Eheschließung im Ausland nachbeurkunden\n"
                "organisationseinheit: Standesamt\n")
    by_file = {s["datei"]: s for s in _json(app, runner, register)["steckbriefe"]}
    shown = by_file["steckbriefe/eheschliessung-im-ausland-nachbeurkunden.yaml"]
    keys = [v["leika"] for v in shown["vorschlaege"] + shown["unsicher"]]
    assert keys and "99059001019001" not in keys and "99059001019000" not in keys
