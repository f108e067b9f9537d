"""``prozesskit validate`` end to end on real files: exit codes, messages, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli


def _steckbrief(register: Path, name: str, text: str | bytes) -> Path:
    path = register / "steckbriefe" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _json(out: str) -> list[dict[str, object]]:
    problems: list[dict[str, object]] = json.loads(out)["problems"]
    return problems


def test_example_register_is_clean(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 0, out
    assert "Keine Probleme" in out


BROKEN = {
    "typo.yaml": (
        "id: typo\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\n"
        "organisationseinheit: Amt\nbeschreibug: x\n",
        6,
        "PK-S004",
        "beschreibung",
    ),
    "type.yaml": (
        "id: type\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\n"
        "kennzahlen:\n  fallzahl_pro_jahr: viele\n",
        6,
        "PK-S004",
        "ganze Zahl",
    ),
    "dup.yaml": (
        "id: dup\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\nname: Kfz zulassen\n",
        5,
        "PK-S003",
        "doppelt",
    ),
    "missing.yaml": (
        "id: missing\nprodukt:\n  bereich: '02'\n",
        1,
        "PK-S004",
        "Pflichtfeld 'name' fehlt",
    ),
    "broken.yaml": ("id: broken\nname: [Fahrzeug\n", 3, "PK-S001", "YAML-Syntaxfehler"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_steckbrief_gives_exit_1_with_file_line(
    name: str, example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, rule, words = BROKEN[name]
    _steckbrief(example, name, text)
    code, out, _ = run_cli(["validate", str(example), "--format", "json"], monkeypatch, capsys)
    assert code == 1
    found = [p for p in _json(out) if p["file"] == f"steckbriefe/{name}"]
    assert any(
        p["rule"] == rule and p["line"] == line and words in str(p["message"]) + str(p["hint"])
        for p in found
    ), found


def test_cp1252_file_names_encoding(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _steckbrief(example, "ansi.yaml", "id: ansi\nname: Straße reinigen\n".encode("cp1252"))
    code, out, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 1
    assert "steckbriefe/ansi.yaml" in out and "2:" in out and "UTF-8" in out


def test_text_output_names_file_line_column_and_rule(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _steckbrief(example, "typo.yaml", BROKEN["typo.yaml"][0])
    code, out, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 1
    assert "steckbriefe/typo.yaml" in out and "6:1" in out and "[PK-S004]" in out
    assert "Meinten Sie 'beschreibung'?" in out


def test_missing_path_and_bad_format_exit_2(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["validate", str(example / "gibt-es-nicht")], monkeypatch, capsys)
    assert code == 2 and "gibt es nicht" in err
    code, _, err = run_cli(["validate", str(example), "-f", "xml"], monkeypatch, capsys)
    assert code == 2 and "Ausgabeformat" in err


def test_bad_konventionen_exit_2(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = example / "prozesskit.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "  regeln: {}", "  regeln:\n    PK-S999: warn"
        ),
        encoding="utf-8",
    )
    code, _, err = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 2 and "Unbekannte Regel 'PK-S999'" in err


def test_single_file_outside_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "einzeln.yaml"
    path.write_text(
        "id: einzeln\nname: Fahrzeug zulassen\nprodukt:\n  bereich: 2\n", encoding="utf-8"
    )
    code, out, _ = run_cli(
        ["validate", str(path), "--profil", "streng", "-f", "json"], monkeypatch, capsys
    )
    assert code == 1
    assert any(p["rule"] == "PK-S004" and p["line"] == 4 for p in _json(out))


def test_output_file_and_summary(
    example: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "bericht.sarif"
    code, out, _ = run_cli(
        ["validate", str(example), "-f", "sarif", "-o", str(report)], monkeypatch, capsys
    )
    assert code == 0
    assert "Keine Probleme" in out
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_yaml_suppression_comment(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "id: leise\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\norganisationseinheit: Amt\n"
    )
    _steckbrief(example, "leise.yaml", text + "# prozesskit: ignore-datei\n")
    code, out, _ = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    assert not [
        p
        for p in _json(out)
        if p["file"] == "steckbriefe/leise.yaml"
        and p["rule"] not in ("PK-S001", "PK-S002", "PK-S003", "PK-S004")
    ]
    assert code in (0, 1)


def test_strict_makes_warnings_fail(example: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _steckbrief(example, "antrag-bearbeiten.yaml",
                "id: antrag-bearbeiten\nname: Antrag bearbeiten\nprodukt:\n  bereich: '02'\n"
                "organisationseinheit: Ordnungsamt\n")
    code, out, _ = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    assert code == 0
    assert [p["rule"] for p in _json(out)] == ["PK-S012"]  # generic verb: a warning
    code, _, _ = run_cli(["validate", str(example), "--strict"], monkeypatch, capsys)
    assert code == 1


def test_github_step_summary_is_written(example: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _steckbrief(example, "typo.yaml", BROKEN["typo.yaml"][0])
    code, out, _ = run_cli(["validate", str(example), "-f", "github"], monkeypatch, capsys)
    assert code == 1
    assert "::error file=" in out and "PK-S004" in out
    text = summary.read_text(encoding="utf-8")
    assert "steckbriefe/typo.yaml" in text and "PK-S004" in text


def _set_konventionen(register: Path, block: str) -> None:
    manifest = register / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("  regeln: {}\n", block), encoding="utf-8")


def test_bpmn_element_ignore_and_file_glob_ignore(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    model = example / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn"
    text = model.read_text(encoding="utf-8")
    task_id = text.split('<bpmn:task id="', 1)[1].split('"', 1)[0]
    name = text.split(f'<bpmn:task id="{task_id}" name="', 1)[1].split('"', 1)[0]
    model.write_text(text.replace(f'name="{name}"', 'name="Prüfung"', 1), encoding="utf-8")
    _steckbrief(example, "antrag-bearbeiten.yaml",
                "id: antrag-bearbeiten\nname: Antrag bearbeiten\nprodukt:\n  bereich: '02'\n"
                "organisationseinheit: Ordnungsamt\n")
    code, out, _ = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    found = {(p["rule"], p["element"]) for p in _json(out)}
    assert ("PK-B050", task_id) in found
    assert ("PK-S012", "name") in found
    _set_konventionen(example, (
        "  regeln: {}\n  ignorieren:\n    - dateien: 'steckbriefe/antrag-*'\n"
        "      regeln: [PK-S012]\n  bpmn_ignorieren:\n"
        "    - datei: modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn\n"
        f"      element: {task_id}\n      regeln: [aktivitaet-objekt-verb]\n"))
    code, out, _ = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    assert code == 0
    found = {(p["rule"], p["element"]) for p in _json(out)}
    assert ("PK-B050", task_id) not in found and ("PK-S012", "name") not in found


def test_comment_silences_named_loader_check_only(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    base = ("id: doppelt\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\n"
            "organisationseinheit: Amt\n")
    _steckbrief(example, "doppelt.yaml", base + "name: Kfz zulassen  # prozesskit: ignore\n")
    _steckbrief(example, "benannt.yaml", base.replace("doppelt", "benannt")
                + "name: Kfz zulassen  # prozesskit: ignore PK-S003\n")
    code, out, _ = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    rules = {(p["file"], p["rule"]) for p in _json(out)}
    assert code == 1
    assert ("steckbriefe/doppelt.yaml", "PK-S003") in rules  # blanket ignore: still reported
    assert ("steckbriefe/benannt.yaml", "PK-S003") not in rules


@pytest.mark.parametrize("text", [
    "id: modelle-zahl\nname: Fahrzeug zulassen\nprodukt:\n  bereich: '02'\nmodelle: 5\n",
    "- eine\n- Liste\n",
    "nur Text\n",
    "id: 17\nname: [1, 2]\nprodukt: x\n",
])
def test_odd_steckbrief_shapes_are_problems_not_crashes(
        text: str, example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _steckbrief(example, "komisch.yaml", text)
    code, out, err = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    assert code == 1, err
    assert any(p["file"] == "steckbriefe/komisch.yaml" for p in _json(out))


def test_two_registers_keep_their_paths_apart(example: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    netz = tmp_path / "netz"
    shutil.copytree(example, netz / "kreis")
    shutil.copytree(example, netz / "stadt")
    for name in ("kreis", "stadt"):
        _steckbrief(netz / name, "typo.yaml", BROKEN["typo.yaml"][0])
    monkeypatch.chdir(netz)
    for args in (["kreis", "stadt"], ["."]):
        code, out, _ = run_cli(["validate", *args, "-f", "json"], monkeypatch, capsys)
        files = {p["file"] for p in _json(out) if p["rule"] == "PK-S004"}
        assert code == 1
        assert files == {"kreis/steckbriefe/typo.yaml", "stadt/steckbriefe/typo.yaml"}


def test_manifest_given_as_file_is_checked_as_manifest(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["validate", str(example / "prozesskit.yaml")], monkeypatch, capsys)
    assert code == 0 and "Keine Probleme" in out


def test_nothing_to_validate_is_a_usage_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["validate"], monkeypatch, capsys)
    assert code == 2 and "weder ein Register" in err


@pytest.mark.parametrize(("name", "data", "says"), [
    ("paket.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xaa", "beim Entpacken geprüft"),
    ("steckbriefe.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "import-xlsx"),
    ("notiz.txt", "Größe: 3\n".encode(), "Register-Ordner oder eine solche Datei"),
])
def test_a_file_validate_does_not_read_is_named_with_what_reads_it(
        name: str, data: bytes, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Read as a Steckbrief, a package got "nicht in UTF-8 kodiert … Windows-Editor"."""
    (tmp_path / name).write_bytes(data)
    code, out, err = run_cli(["validate", str(tmp_path / name)], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert f"'{tmp_path / name}' wird nicht geprüft" in err and says in err
    assert "UTF-8" not in err


def test_output_into_folder_is_a_usage_error(example: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", str(example), "-o", str(tmp_path)], monkeypatch, capsys)
    assert code == 2 and "Ordner" in err


def test_loose_file_paths_in_ci_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.yaml").write_text("id: a\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["docs/a.yaml"], ["docs"]):
        code, out, _ = run_cli(["validate", *args, "-f", "gitlab"], monkeypatch, capsys)
        assert code == 1
        assert {item["location"]["path"] for item in json.loads(out)} == {"docs/a.yaml"}


def test_malformed_leika_key_is_reported_once_by_its_rule(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _steckbrief(example, "kfz.yaml", "id: kfz\nname: Anhänger zulassen\nprodukt:\n"
                "  bereich: '02'\norganisationseinheit: Amt\nleika: 9903600800700\n")
    code, out, _ = run_cli(["validate", str(example), "-f", "json"], monkeypatch, capsys)
    rules = [p["rule"] for p in _json(out) if p["file"] == "steckbriefe/kfz.yaml"]
    assert code == 1
    assert rules == ["PK-S014"]  # the schema's generic message is replaced, not doubled


@pytest.mark.parametrize("target", [".", "steckbriefe/fahrzeug-zulassen.yaml"])
def test_unknown_profile_is_reported_as_the_command_line_option(
    target: str, example: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(example)
    code, out, err = run_cli(["validate", target, "--profil", "foo"], monkeypatch, capsys)
    assert code == 2 and out == ""
    assert err.strip() == ("Fehler: --profil 'foo' ist kein eingebautes Profil; verfügbar: "
                           "empfohlen, streng, fim, alle")
    assert "prozesskit.yaml" not in err
