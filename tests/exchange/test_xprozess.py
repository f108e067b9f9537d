"""XProzess 2.0: export (0203/0303) → import round trip, strict writing, a real ADONIS
export imported, hostile payloads refused (German message, exit 2, nothing written)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from ziele import fresh_register, tree
from zipbau import Raw, raw_zip, stored, zeros_deflated

from helpers import DATA, EXAMPLE, run_cli
from prozesskit.exchange.xprozess import codes
from prozesskit.exchange.xprozess.schreiben import Kopf, exportieren
from prozesskit.register.view import Register

NS = {"x": codes.NS}
REAL = DATA / "xprozess" / "adonis-mutterschutz-0303.xml"
KOPF = Kopf("0f8e5b8e-2c4c-4d0e-9a59-7d1f0e6c1a11",
            dt.datetime(2026, 12, 6, 1, 2, 3, tzinfo=dt.timezone(dt.timedelta(hours=1))))


def _export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            nachricht: str = "0203", source: Path = EXAMPLE) -> Path:
    out = tmp_path / f"export-{nachricht}.xml"
    code, stdout, err = run_cli(["pack", "--format", "xprozess", "--nachricht", nachricht,
                                 "--alle", "--register", str(source), "-o", str(out)],
                                monkeypatch, capsys)
    assert code == 0, err
    assert "XProzess-Nachricht" in stdout
    return out


def _data(raw: bytes) -> dict[str, object]:
    data = yaml.safe_load(raw)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("nachricht", ["0203", "0303"])
def test_export_import_round_trips_fields_and_bpmn_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        nachricht: str) -> None:
    export = _export(tmp_path, monkeypatch, capsys, nachricht)
    target = fresh_register(tmp_path / "ziel")
    code, out, err = run_cli(["import", str(export), "--register", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "8 Prozess(e)" in out and "Freigabestatus 2" not in out
    source = Register.open(EXAMPLE)
    for item in source.steckbriefe:
        assert item.raw is not None
        imported = _data((target / item.path).read_bytes())
        herkunft = imported.pop("herkunft")
        assert isinstance(herkunft, dict) and herkunft["version"].startswith("xprozess-")
        assert imported == _data(item.raw), item.path
        for link in item.modelle:
            assert link.file is not None
            assert (target / link.file.path).read_bytes() == link.file.raw
    lock = (target / "prozesskit.lock").read_text(encoding="utf-8")
    assert '"art": "xprozess"' in lock


def test_export_is_strict_and_deterministic(tmp_path: Path) -> None:
    register = Register.open(EXAMPLE)
    first = exportieren(register, register.steckbriefe, [], nachricht="0303", kopf=KOPF)
    again = exportieren(Register.open(EXAMPLE), Register.open(EXAMPLE).steckbriefe, [],
                        nachricht="0303", kopf=KOPF)
    assert first.xml == again.xml
    root = etree.fromstring(first.xml)
    assert root.tag == f"{{{codes.NS}}}alleInhalte.export.0303"
    assert root.get("xprozessVersion") == "2.0"
    assert root.findtext("x:nachrichtenkopf/x:nachrichtUUID", namespaces=NS) == KOPF.uuid
    assert root.findtext("x:nachrichtenkopf/x:nachrichtentyp/code", namespaces=NS) == "0303"
    assert root.findtext("x:nachrichtenkopf/x:erstellungszeitpunkt", namespaces=NS) == \
        "2026-12-06T01:02:03+01:00"
    assert root.find("x:prozesskatalog", NS) is not None
    empty = [e.tag for e in root.iter() if isinstance(e.tag, str) and len(e) == 0
             and not (e.text or "").strip()]
    assert empty == []
    dateien = root.findall(".//x:prozessmodelldatei", NS)
    assert len(dateien) == first.modelle == 2
    for datei in dateien:
        name = datei.findtext("x:dateiname", namespaces=NS)
        assert datei.findtext("x:modellierungsmethode/x:code/code", namespaces=NS) == "10"
        inhalt = datei.findtext("x:inhalt", namespaces=NS)
        assert inhalt and "\n" not in inhalt
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(inhalt))) as archive:
            assert archive.namelist() == [f"{name}.xml"]
    other = exportieren(register, register.steckbriefe, [], nachricht="0203", kopf=KOPF)
    assert etree.fromstring(other.xml).find("x:prozesskatalog", NS) is None


def test_prozesskatalog_codes_come_from_merkmale(tmp_path: Path) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    path = source / "steckbriefe" / "fahrzeug-zulassen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "merkmale:\n  xprozess:\n"
                    "    handlungsform: '310'\n    verfahrensart: '501'\n    zwecksetzung: '6'\n"
                    "    operatives_ziel: '314'\n    schlagworte: [Kfz, Zulassung]\n",
                    encoding="utf-8")
    register = Register.open(source)
    xml = exportieren(register, [register["fahrzeug-zulassen"]], [], nachricht="0303",
                      kopf=KOPF).xml
    klasse = etree.fromstring(xml).find("x:prozesskatalog/x:prozessklasse", NS)
    assert klasse is not None
    assert [(etree.QName(e).localname, e.findtext("code")) for e in klasse
            if e.find("code") is not None] == [
        ("zwecksetzung", "6"), ("operativesZiel", "314"),
        ("handlungsform", "310"), ("verfahrensart", "501")]
    assert [e.text for e in klasse.findall("x:schlagwort", NS)] == ["Kfz", "Zulassung"]


def test_real_adonis_export_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = fresh_register(tmp_path / "ziel")
    code, out, err = run_cli(["import", str(REAL), "--register", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    slug = "anzeige-zur-beschaeftigung-einer-schwangeren-oder-stillenden-frau-bearbeiten"
    assert f"Hinweis: steckbriefe/{slug}.yaml: XProzess kennt keinen Produktbereich" in out
    assert f"Hinweis: steckbriefe/{slug}.yaml: Freigabestatus 2 ist mehrdeutig" in out
    data = _data((target / f"steckbriefe/{slug}.yaml").read_bytes())
    assert data["leika"] == "99006028261000"
    assert data["ausloeser"] == "Formular D00000094"
    assert "ergebnis" not in data  # <ergebnis/> is empty
    assert data["stand"] == dt.date(2022, 4, 4)
    fremd = data["merkmale"]["xprozess"]  # type: ignore[index]
    assert fremd["schlagworte"] == ["Beschäftigungsverbot", "Mutter", "Mutterschaft",
                                    "Mutterschutz", "Schwangerschaft", "Stillzeit"]
    assert fremd["handlungsform"] == "310" and fremd["verfahrensart"] == "501"
    assert fremd["status"] == "2"  # ambiguous: kept as it is, not read as freigegeben
    assert data["modellierung"] == {"status": "soll_modelliert"}
    model = (target / f"modelle/{slug}.soll.bpmn").read_bytes()
    assert b'isHorizontal="false"' in model and b'isMarkerVisible="false"' in model


def _with_inhalt(raw_zip_bytes: bytes | None, text: str | None = None) -> bytes:
    xml = REAL.read_text(encoding="utf-8")
    value = text if text is not None else base64.b64encode(raw_zip_bytes or b"").decode()
    return re.sub(r"<xprozess:inhalt>[^<]*</xprozess:inhalt>",
                  f"<xprozess:inhalt>{value}</xprozess:inhalt>", xml).encode("utf-8")


def _bomb() -> bytes:
    stream, crc = zeros_deflated(1 << 30)  # 1 GiB of zeros, declared honestly
    return raw_zip([Raw("BPMN DI-Export.xml", stream, 8, crc, 1 << 30)])


HOSTILE = {
    "zip-bombe": (lambda: _with_inhalt(_bomb()), "erlaubt sind höchstens"),
    "base64": (lambda: _with_inhalt(None, "UEsDB!!nicht-base64"), "kein gültiges Base64"),
    "zwei-eintraege": (lambda: _with_inhalt(raw_zip([stored("a.xml", b"<a/>"),
                                                     stored("b.xml", b"<b/>")])),
                       "genau einer"),
    "zip-slip": (lambda: _with_inhalt(raw_zip([stored("../x.xml", b"<a/>")])), "zip slip"),
    "entitaeten": (lambda: b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n'
                   + REAL.read_bytes().split(b"\n", 1)[1], "DOCTYPE"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        case: str) -> None:
    make, expected = HOSTILE[case]
    bad = tmp_path / "feindlich.xml"
    bad.write_bytes(make())
    target = fresh_register(tmp_path / "ziel")
    before = tree(target)
    code, _, err = run_cli(["import", str(bad), "--register", str(target)],
                             monkeypatch, capsys)
    assert code == 2
    assert expected in err and "Traceback" not in err
    assert tree(target) == before


def test_example_export_passes_the_xprozess_checks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    for nachricht in ("0203", "0303"):
        export = _export(tmp_path, monkeypatch, capsys, nachricht)
        code, out, _ = run_cli(["validate", str(export), "--format", "json"],
                               monkeypatch, capsys)
        assert code == 0, out
        report = json.loads(out)
        assert report["problems"] == [] and report["summary"]["files"] == 1


def test_validate_reports_structure_models_and_unsafe_payloads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    bad = tmp_path / "kaputt.xml"
    bad.write_bytes(_with_inhalt(_bomb()).replace(b"7a90138d-c30e", b"7a90138d_c30e"))
    code, out, _ = run_cli(["validate", str(bad)], monkeypatch, capsys)
    assert code == 1
    assert "[PK-P014]" in out and "erlaubt sind höchstens" in out
    assert "[PK-P011]" in out and "keine UUID" in out
    code, out, _ = run_cli(["validate", str(REAL)], monkeypatch, capsys)
    assert "[PK-P" not in out  # the real export is structurally sound
    assert "Modell 'BPMN DI-Export' (Prozess 99006028261000, Zeile" in out  # inner BPMN rules
    entity = tmp_path / "entitaet.xml"
    entity.write_bytes(HOSTILE["entitaeten"][0]())
    code, out, _ = run_cli(["validate", str(entity)], monkeypatch, capsys)
    assert code == 1 and "[PK-P001]" in out and "DOCTYPE" in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--format", "xml"], "--format xml gibt es nicht"),
    (["--nachricht", "0303"], "--nachricht gilt nur mit --format xprozess"),
    (["--format", "xprozess", "--nachricht", "0103"], "--nachricht 0103 gibt es nicht"),
])
def test_bad_calls_are_refused_in_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], args: list[str],
                                         expected: str) -> None:
    out = tmp_path / "export.xml"
    code, _, err = run_cli(["pack", "--alle", "--register", str(EXAMPLE), "-o", str(out),
                            *args], monkeypatch, capsys)
    assert code == 2 and expected in err
    assert not out.exists()


def test_errors_refuse_the_export_unless_forced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    (source / "steckbriefe" / "fahrzeug-zulassen.yaml").write_text(
        "id: fahrzeug-zulassen\nname: Fahrzeug zulassen\n", encoding="utf-8")  # no produkt
    out = tmp_path / "export.xml"
    args = ["pack", "--format", "xprozess", "fahrzeug-zulassen", "--register", str(source),
            "-o", str(out)]
    code, _, err = run_cli(args, monkeypatch, capsys)
    assert code == 2 and "Nicht exportiert: " in err and not out.exists()
    code, _, err = run_cli([*args, "--force"], monkeypatch, capsys)
    assert code == 0, err
    assert b"fahrzeug-zulassen" in out.read_bytes()


def _three_models(tmp_path: Path) -> tuple[Path, int]:
    """The real ADONIS export with its model file thrice (distinct names), and the bytes
    one payload takes from the message's budget (decoded base64 + inflated BPMN)."""
    xml = REAL.read_text(encoding="utf-8")
    block = re.search(r"\s*<xprozess:prozessmodelldatei>.*?</xprozess:prozessmodelldatei>",
                      xml, re.S)
    assert block is not None
    copies = [block.group().replace("BPMN DI-Export<", f"BPMN DI-Export {n}<")
              for n in (2, 3)]
    path = tmp_path / "drei-modelle.xml"
    path.write_text(xml[:block.end()] + "".join(copies) + xml[block.end():], encoding="utf-8")
    inhalt = re.search(r"<xprozess:inhalt>([^<]*)</xprozess:inhalt>", block.group())
    assert inhalt is not None
    raw = base64.b64decode(inhalt.group(1))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        [entry] = archive.infolist()
    return path, len(raw) + entry.file_size


def test_all_payloads_of_a_message_share_one_budget(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    from prozesskit import limits

    path, one = _three_models(tmp_path)
    monkeypatch.setattr(limits, "MAX_XPROZESS_MODELL_TOTAL_BYTES", 2 * one + one // 2)
    target = fresh_register(tmp_path / "ziel")
    before = tree(target)
    code, _, err = run_cli(["import", str(path), "--register", str(target)],
                           monkeypatch, capsys)
    assert code == 2 and "Traceback" not in err
    assert "Modelldatei 'BPMN DI-Export 3'" in err
    assert f"zusammen (dekodiert und entpackt) mehr als {limits.german_int(2 * one + one // 2)}" \
        " Bytes" in err
    assert tree(target) == before
    code, out, _ = run_cli(["validate", str(path)], monkeypatch, capsys)
    assert code == 1
    refused = [line for line in out.splitlines()
               if "[PK-P014]" in line and "(dekodiert und entpackt)" in line]
    assert len(refused) == 1 and "Modelldatei 'BPMN DI-Export 3'" in refused[0]


def test_a_message_decodes_a_bounded_number_of_models(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    from prozesskit import limits

    path, _ = _three_models(tmp_path)
    monkeypatch.setattr(limits, "MAX_XPROZESS_MODELLE", 2)
    code, _, err = run_cli(["import", str(path), "--register", str(fresh_register(
        tmp_path / "ziel"))], monkeypatch, capsys)
    assert code == 2 and "mehr als 2 Modelldateien" in err and "Traceback" not in err


def test_a_control_character_xml_cannot_hold_is_named_with_file_line_and_field(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    """``"…\\v…"`` (a Word line break pasted into an editor) is valid YAML and passes
    validate, but XML cannot hold it: a German refusal with file, line and field, not
    "Unerwarteter interner Fehler" (black-box finding, session 10)."""
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    path = source / "steckbriefe" / "hundesteuer-festsetzen.yaml"
    path.write_text('id: hundesteuer-festsetzen\nname: Hundesteuer festsetzen\n'
                    'beschreibung: "Steuer festsetzen\\x0bmit Steuerzeichen"\n'
                    'produkt:\n  bereich: "16"\norganisationseinheit: Steueramt\n',
                    encoding="utf-8")
    code, _, err = run_cli(["validate", str(source)], monkeypatch, capsys)
    assert code == 0, err
    out = tmp_path / "export.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "hundesteuer-festsetzen",
                            "--register", str(source), "-o", str(out)], monkeypatch, capsys)
    assert code == 2, err
    assert "steckbriefe/hundesteuer-festsetzen.yaml:3" in err
    assert "beschreibung" in err and "U+000B" in err and "Interner" not in err
    assert not out.exists()


def test_a_control_character_in_the_kommune_name_is_named_with_file_line_and_field(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    """Review finding F4 (session 11): the Kommune's name in prozesskit.yaml goes into the
    message as well; ``"\\v"`` there was "Unerwarteter interner Fehler", exit 3."""
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    manifest = source / "prozesskit.yaml"
    text = manifest.read_text("utf-8")
    assert "  name: Kreis Musterland\n" in text
    manifest.write_text(text.replace("  name: Kreis Musterland\n",
                                     '  name: "Kreis\\vMusterland"\n'), encoding="utf-8")
    line = manifest.read_text("utf-8").splitlines().index('  name: "Kreis\\vMusterland"') + 1
    code, _, err = run_cli(["validate", str(source)], monkeypatch, capsys)
    assert code == 0, err
    out = tmp_path / "export.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "wohngeld-bewilligen",
                            "--register", str(source), "-o", str(out)], monkeypatch, capsys)
    assert code == 2, err
    assert f"prozesskit.yaml:{line}" in err
    assert "kommune.name" in err and "U+000B" in err and "Interner" not in err
    assert not out.exists()


@pytest.mark.parametrize("nachricht", ["0203", "0303"])
def test_every_key_under_merkmale_xprozess_survives_the_round_trip(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        nachricht: str) -> None:
    """Keys XProzess has no element for (``zustaendigkeit``, a misspelt ``schlagwort``), a
    foreign export's merkmale and the code ``status`` a struck process overrides all come
    back where they were, none is dropped silently (black-box finding, session 10)."""
    source = tmp_path / "quelle"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns(".prozesskit"))
    steckbrief = ("id: friedhof-verwalten\nname: Friedhof verwalten\nprodukt:\n"
                  "  bereich: \"13\"\norganisationseinheit: Grünflächenamt\n"
                  "status: entfaellt\nstatus_grund: Friedhof in kirchlicher Trägerschaft\n"
                  "merkmale:\n  xprozess:\n    version: \"3.1\"\n"
                  "    schlagworte: [Friedhof, Bestattung]\n    schlagwort: [Grab]\n"
                  "    zustaendigkeit: Friedhofsverwaltung\n    status: \"4\"\n"
                  "    id: \"99000000000000\"\n    merkmal:\n      Farbe: blau\n"
                  "      Stufen: [\"1\", \"2\"]\n")
    (source / "steckbriefe" / "friedhof-verwalten.yaml").write_text(steckbrief, "utf-8")
    export = tmp_path / "f.xml"
    code, _, err = run_cli(["pack", "--format", "xprozess", "--nachricht", nachricht,
                            "friedhof-verwalten", "--register", str(source), "-o", str(export)],
                           monkeypatch, capsys)
    assert code == 0, err
    assert b"Friedhofsverwaltung" in export.read_bytes()
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["import", str(export), "--register", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    imported = _data((target / "steckbriefe" / "friedhof-verwalten.yaml").read_bytes())
    imported.pop("herkunft")
    assert imported == yaml.safe_load(steckbrief)


def test_hints_name_the_file_written_when_the_id_was_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Imported a second time, the process lands as ``<id>-2``: the hints must point to
    that file, not to the register's own Steckbrief (black-box finding, session 10)."""
    target = fresh_register(tmp_path / "ziel")
    code, _, err = run_cli(["import", str(REAL), "--register", str(target)],
                           monkeypatch, capsys)
    assert code == 0, err
    slug = "anzeige-zur-beschaeftigung-einer-schwangeren-oder-stillenden-frau-bearbeiten"
    second = tmp_path / "zweite.xml"
    shutil.copyfile(REAL, second)
    code, out, err = run_cli(["import", str(second), "--als-neu", "--register", str(target)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert f"als '{slug}-2'" in out
    assert f"Hinweis: steckbriefe/{slug}-2.yaml: XProzess kennt keinen Produktbereich" in out
    assert f"Hinweis: {slug}:" not in out and f"steckbriefe/{slug}.yaml:" not in out


def test_validate_knows_an_xprozess_file_in_utf16(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Windows tools write XML as UTF-16 with a BOM: import read it, validate took it for a
    broken BPMN model (PK-B001) (black-box finding, session 10)."""
    export = _export(tmp_path, monkeypatch, capsys)
    text = export.read_text("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    wide = tmp_path / "x16.xml"
    wide.write_text(text, encoding="utf-16")
    code, out, err = run_cli(["validate", str(wide)], monkeypatch, capsys)
    assert code == 0, out + err
    assert "PK-B001" not in out


@pytest.mark.parametrize("dateiname", ["Antrag: Gewerbe", "AUX", "com1"])
def test_a_payload_named_as_windows_cannot_name_a_file_is_read(dateiname: str) -> None:
    """Review finding F7 (session 11): a model's entry inside its base64 ZIP is never
    written as a file (the model's path comes from the Steckbrief's ``datei`` or the id),
    so Windows' naming rules do not refuse it: a foreign export's ``dateiname`` with ':'
    was refused as a whole. Zip slip in the entry name stays refused."""
    from prozesskit.errors import PaketError
    from prozesskit.exchange.xprozess.nutzlast import Budget, entpacken, packen

    bpmn = (EXAMPLE / "modelle" / "baugenehmigung-erteilen.soll.bpmn").read_bytes()
    assert entpacken(packen(dateiname, bpmn), dateiname, Budget()) == (bpmn, f"{dateiname}.xml")
    with pytest.raises(PaketError, match="zip slip"):
        entpacken(packen(f"../{dateiname}", bpmn), dateiname, Budget())
