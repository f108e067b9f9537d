"""The Excel round trip: export → cells edited with openpyxl → import-xlsx. Checked on the
YAML files themselves: exactly the edited fields change, comments and layout stay."""

from __future__ import annotations

import difflib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from helpers import run_cli
from prozesskit.diff.steckbrief import ABSENT
from prozesskit.register.view import Register
from prozesskit.tabelle.export import export_xlsx
from tabelle.helpers_xlsx import cell_of, edit_cells, git, snapshot

FAHRZEUG = "steckbriefe/fahrzeug-zulassen.yaml"


def _export(register: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Path:
    target = register.parent / "werkstatt.xlsx"
    code, out, err = run_cli(["export", "--format", "xlsx", "-o", str(target), str(register)],
                             monkeypatch, capsys)
    assert code == 0, err
    assert "Steckbriefe" in out
    return target


def _import(book: Path, register: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run_cli(["import-xlsx", str(book), str(register), *extra], monkeypatch, capsys)


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_export_is_byte_reproducible_and_records_commit_and_hashes(
        kreis: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    first = _export(kreis, monkeypatch, capsys).read_bytes()
    second = export_xlsx(Register.open(kreis), commit=git(kreis, "rev-parse", "HEAD").strip())
    assert second.data == first
    book = openpyxl.load_workbook(io.BytesIO(first))
    meta = book["prozesskit"]
    assert meta.sheet_state == "hidden"
    assert meta["B2"].value == git(kreis, "rev-parse", "HEAD").strip()
    ids = [row[0] for row in meta.iter_rows(min_row=9, values_only=True)]
    assert len(ids) == second.zeilen == len(list((kreis / "steckbriefe").glob("*.yaml")))
    sheet = book["Steckbriefe"]
    assert [c.value for c in sheet[1]][:3] == ["id", "name", "status"]
    assert sheet.protection.sheet and sheet.freeze_panes == "B2"
    # a refusal to overwrite the workshop's file without --force
    code, _out, err = run_cli(["export", "-o", str(kreis.parent / "werkstatt.xlsx"),
                               str(kreis)], monkeypatch, capsys)
    assert code == 2 and "--force" in err


def test_leading_zeros_and_versions_stay_text(example: Path) -> None:
    data = export_xlsx(Register.open(example)).data
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Steckbriefe"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "fahrzeug-zulassen")
    bereich = row[headers.index("produkt.bereich")]
    assert (bereich.value, bereich.data_type, bereich.number_format) == ("02", "s", "@")
    bau = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "baugenehmigung-erteilen")
    assert bau[headers.index("digitalisierungsgrad.modell")].value == "2.0"
    leika = get_column_letter(headers.index("leika") + 1)
    assert sheet.column_dimensions[leika].number_format == "@"  # also for keys typed later


def test_only_edited_fields_change_and_comments_survive(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = example / FAHRZEUG
    text = path.read_text(encoding="utf-8")
    text = text.replace("organisationseinheit: Straßenverkehrsamt\n",
                        "# laut Geschäftsverteilungsplan 2026\n"
                        "organisationseinheit: Straßenverkehrsamt  # Abteilung 36\n")
    text = text.replace("  fallzahl_pro_jahr: 42000\n", "  fallzahl_pro_jahr: 42000 # 2025\n")
    path.write_text(text, encoding="utf-8")
    book = _export(example, monkeypatch, capsys)
    before = {rel: (example / rel).read_text(encoding="utf-8") for rel in snapshot(example)}
    addresses = edit_cells(book, {
        ("fahrzeug-zulassen", "prioritaet"): "mittel",
        ("fahrzeug-zulassen", "kennzahlen.fallzahl_pro_jahr"): 45000,
        ("fahrzeug-zulassen", "organisationseinheit"): "Straßenverkehrsbehörde",
        ("fahrzeug-zulassen", "modellierung.termin"): "31.03.2027",
        ("fahrzeug-zulassen", "digitalisierungsgrad.stufe"): 2,
        ("baugenehmigung-erteilen", "kennzahlen.durchlaufzeit_tage"): None,
    })
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, err
    where = addresses["fahrzeug-zulassen", "prioritaet"]
    assert f"prioritaet: 'hoch' → 'mittel'  [Steckbriefe!{where}]" in out
    assert "6 Feld(er) in 2 Steckbrief(en) geändert" in out
    after = path.read_text(encoding="utf-8")
    assert sorted(_changed_lines(text, after)) == sorted([
        "-organisationseinheit: Straßenverkehrsamt  # Abteilung 36",
        "+organisationseinheit: Straßenverkehrsbehörde  # Abteilung 36",
        "-  fallzahl_pro_jahr: 42000 # 2025",
        "+  fallzahl_pro_jahr: 45000 # 2025",
        "+digitalisierungsgrad:",
        "+  stufe: 2",
        "-prioritaet: hoch",
        "+prioritaet: mittel",
        "+  termin: 2027-03-31",
    ])
    assert "# laut Geschäftsverteilungsplan 2026\norganisationseinheit" in after
    # new fields where the schema orders them
    assert after.index("digitalisierungsgrad:") < after.index("prioritaet:")
    assert after.index("  verantwortlich: Kreis Musterland\n  termin: 2027-03-31") > 0
    bau = (example / "steckbriefe/baugenehmigung-erteilen.yaml").read_text(encoding="utf-8")
    assert _changed_lines(before["steckbriefe/baugenehmigung-erteilen.yaml"], bau) == [
        "-  durchlaufzeit_tage: 62"]
    untouched = {rel for rel in before if rel not in (FAHRZEUG,
                                                      "steckbriefe/baugenehmigung-erteilen.yaml")}
    assert all((example / rel).read_text(encoding="utf-8") == before[rel] for rel in untouched)
    # importing the same workbook again changes nothing: the register holds its values now
    code, out, _err = _import(book, example, monkeypatch, capsys)
    assert code == 0, out
    assert out.startswith("0 Feld(er)") and "8 Zeile(n) unverändert" in out


def test_a_formula_like_text_is_escaped_on_export_and_round_trips(
        kreis: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = next((kreis / "steckbriefe").glob("*.yaml"))
    steckbrief_id = target.stem
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "beschreibung: \"=HYPERLINK(\\\"http://böse.example\\\";\\\"x\\\")\"\n",
                      encoding="utf-8")
    book = _export(kreis, monkeypatch, capsys)
    address = cell_of(book, steckbrief_id, "beschreibung")
    cell = openpyxl.load_workbook(book)["Steckbriefe"][address]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://böse.example";"x")'
    edit_cells(book, {(steckbrief_id, "prioritaet"): "hoch",
                      (steckbrief_id, "status_grund"): "@Amt: bitte prüfen"})
    code, out, err = _import(book, kreis, monkeypatch, capsys)
    assert code == 0, err + out
    after = target.read_text(encoding="utf-8")
    assert 'beschreibung: "=HYPERLINK(\\"http://böse.example\\";\\"x\\")"' in after
    assert "status_grund: '@Amt: bitte prüfen'" in after
    again = export_xlsx(Register.open(kreis)).data
    sheet = openpyxl.load_workbook(io.BytesIO(again))["Steckbriefe"]
    grund = sheet[cell_of(book, steckbrief_id, "status_grund")]
    assert (grund.value, grund.quotePrefix) == ("@Amt: bitte prüfen", True)


def test_a_real_formula_is_refused_with_its_cell(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(example, monkeypatch, capsys)
    before = snapshot(example)
    addresses = edit_cells(book, {("fahrzeug-zulassen", "kennzahlen.fallzahl_pro_jahr"):
                                  "=2*21000"})
    code, _out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2
    where = addresses["fahrzeug-zulassen", "kennzahlen.fallzahl_pro_jahr"]
    assert f"Steckbriefe!{where}: Formel '=2*21000'" in err
    assert snapshot(example) == before


def test_conflict_when_the_register_changed_since_the_export(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(example, monkeypatch, capsys)
    path = example / FAHRZEUG
    path.write_text(path.read_text(encoding="utf-8").replace("prioritaet: hoch",
                                                             "prioritaet: niedrig"),
                    encoding="utf-8")
    meanwhile = path.read_text(encoding="utf-8")
    addresses = edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "mittel",
                                  ("geburt-beurkunden", "prioritaet"): "hoch"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 1, err
    assert path.read_text(encoding="utf-8") == meanwhile  # never overwritten
    where = addresses["fahrzeug-zulassen", "prioritaet"]
    assert "fahrzeug-zulassen, Zeile" in out and f"{FAHRZEUG} wurde seit dem Export geändert" in out
    assert f"prioritaet: Tabelle 'mittel', Register 'niedrig'  [Steckbriefe!{where}]" in out
    assert "1 Konflikt(e)" in out
    geburt = (example / "steckbriefe/geburt-beurkunden.yaml").read_text(encoding="utf-8")
    assert "prioritaet: hoch" in geburt  # the other row was applied


def test_a_steckbrief_broken_since_the_export_is_named_with_its_line_not_called_deleted(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A YAML syntax error in the file (its id can no longer be read) is to fix in the
    file; "gibt es im Register nicht mehr" sent the user looking for a deleted process."""
    book = _export(example, monkeypatch, capsys)
    path = example / FAHRZEUG
    broken = path.read_text(encoding="utf-8") + "name: [kaputt\n"
    path.write_text(broken, encoding="utf-8")
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "mittel",
                      ("geburt-beurkunden", "prioritaet"): "niedrig"})
    before = snapshot(example)
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2, out
    # libyaml notices the open bracket where the file ends, after the last line
    assert f"{FAHRZEUG}:{broken.count(chr(10)) + 1}: YAML-Syntaxfehler: Liste in eckigen" in err
    assert "nicht mehr" not in out + err
    assert snapshot(example) == before  # nothing written, not even the other row


def test_a_steckbrief_unreadable_since_the_export_is_named_with_line_1(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Too large to read: a problem without a line, still named as file:1, not file:None."""
    from prozesskit.limits import MAX_YAML_BYTES

    book = _export(example, monkeypatch, capsys)
    path = example / FAHRZEUG
    path.write_text(path.read_text(encoding="utf-8") + "#" * MAX_YAML_BYTES + "\n",
                    encoding="utf-8")
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "mittel"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2, out
    assert f"{FAHRZEUG}:1: " in err and ":None:" not in err


def test_invalid_values_are_refused_with_their_cells_and_nothing_is_written(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(example, monkeypatch, capsys)
    before = snapshot(example)
    addresses = edit_cells(book, {
        ("fahrzeug-zulassen", "kennzahlen.fallzahl_pro_jahr"): "viele",
        ("fahrzeug-zulassen", "prioritaet"): "dringend",
        ("baugenehmigung-erteilen", "digitalisierungsgrad.modell"): "1.1",  # stufe 4 fits 1.1
        ("wohngeld-bewilligen", "leika"): "12345",
        ("geburt-beurkunden", "modellierung.termin"): "nächste Woche",
        ("geburt-beurkunden", "herkunft.version"): "9",
        ("fahrzeug-zulassen", "name"): None,
        # the dropdown offers the Produktrahmen's codes, but a typed or pasted value passes
        ("gewerbeanmeldung-entgegennehmen", "produkt.bereich"): "99",
    })
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2, out
    assert "Fehler in der Tabelle, nichts geändert" in err
    for key, text in {
        ("gewerbeanmeldung-entgegennehmen", "produkt.bereich"):
            "Produktbereich '99' gibt es im Produktrahmen NKF-NRW nicht",
        ("fahrzeug-zulassen", "kennzahlen.fallzahl_pro_jahr"): "muss eine ganze Zahl sein",
        ("fahrzeug-zulassen", "prioritaet"): "unzulässigen Wert 'dringend'; erlaubt: hoch",
        ("wohngeld-bewilligen", "leika"): "14 Ziffern, beginnend mit 99",
        ("geburt-beurkunden", "modellierung.termin"): "muss ein Datum sein",
        ("geburt-beurkunden", "herkunft.version"): "wird nur angezeigt",
    }.items():
        line = next((ln for ln in err.splitlines() if f"Steckbriefe!{addresses[key]}:" in ln), "")
        assert text in line, (key, err)
    assert f"Steckbriefe!{addresses['baugenehmigung-erteilen', 'digitalisierungsgrad.modell']}" \
        not in err
    assert snapshot(example) == before


def test_schema_rules_across_fields_name_the_edited_cell(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(example, monkeypatch, capsys)
    addresses = edit_cells(book, {("baugenehmigung-erteilen", "digitalisierungsgrad.modell"):
                                  "1.1", ("baugenehmigung-erteilen", "digitalisierungsgrad.stufe"):
                                  6, ("fahrzeug-zulassen", "name"): None})
    code, _out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2
    stufe = addresses["baugenehmigung-erteilen", "digitalisierungsgrad.stufe"]
    modell = addresses["baugenehmigung-erteilen", "digitalisierungsgrad.modell"]
    assert "Stufe 6 gibt es im Reifegradmodell 1.1 nicht" in err
    assert f"Steckbriefe!{modell}" in err or f"Steckbriefe!{stufe}" in err
    name = addresses["fahrzeug-zulassen", "name"]
    assert f"Steckbriefe!{name}: Pflichtfeld 'name' fehlt" in err


def test_unknown_and_repeated_ids_are_refused(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(example, monkeypatch, capsys)
    before = snapshot(example)
    addresses = edit_cells(book, {("fahrzeug-zulassen", "id"): "fahrzeug-abmelden",
                                  ("geburt-beurkunden", "id"): "wohngeld-bewilligen"})
    code, _out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2
    assert (f"Steckbriefe!{addresses['fahrzeug-zulassen', 'id']}: unbekannte id "
            "'fahrzeug-abmelden'") in err
    assert "die id 'wohngeld-bewilligen' steht schon in Zeile" in err
    assert snapshot(example) == before


def test_dry_run_writes_nothing(example: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(example, monkeypatch, capsys)
    before = snapshot(example)
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "niedrig"})
    code, out, _err = _import(book, example, monkeypatch, capsys, "--dry-run")
    assert code == 0
    assert "würden geändert (--dry-run, nichts geschrieben)" in out
    assert snapshot(example) == before
    code, out, _err = _import(book, example, monkeypatch, capsys)
    assert code == 0 and "prioritaet: 'hoch' → 'niedrig'" in out
    assert "7 Zeile(n) unverändert" in out


def test_an_unedited_workbook_changes_nothing(
        kreis: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(kreis, monkeypatch, capsys)
    resaved = openpyxl.load_workbook(book)  # saved again by another program, nothing edited
    resaved.save(book)
    before = snapshot(kreis)
    code, out, _err = _import(book, kreis, monkeypatch, capsys)
    assert code == 0 and out.startswith("0 Feld(er)")
    assert snapshot(kreis) == before


@pytest.mark.parametrize(("content", "reason"), [
    (b"kein zip", "Keine lesbare Excel-Arbeitsmappe"),
    ("doctype", "DOCTYPE"),
    # expat reads UTF-16 without a BOM by its first bytes and expands internal entities:
    # the byte search for DOCTYPE cannot see it there (security review, session 10)
    ("utf16-doctype", "ist kein UTF-8-kodiertes XML"),
    # with a byte order mark UTF-16 is taken (a DMS's customXml), its DOCTYPE seen
    ("utf16-bom-doctype", "enthält eine DOCTYPE-Deklaration"),
    ("kaputt", "Keine lesbare Excel-Arbeitsmappe (xlsx): ihr Inhalt ist beschädigt"),
    ("ohne-workbook", "Keine lesbare Excel-Arbeitsmappe (xlsx): der Teil 'xl/workbook.xml' "
                      "fehlt im Archiv. Bitte die Tabelle in Excel oder LibreOffice öffnen"),
    ("fremd", "stammt nicht aus 'prozesskit export"),
    # LibreOffice's own format (a colleague kept it): its folder entries read as zip slip
    ("ods", "Das ist eine OpenDocument-Tabelle (.ods), keine Excel-Arbeitsmappe. Bitte in "
            "LibreOffice Calc"),
])
def test_foreign_or_hostile_workbooks_are_refused(
        example: Path, tmp_path: Path, content: bytes | str, reason: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fremd.xlsx"
    if content in ("doctype", "utf16-doctype", "utf16-bom-doctype", "kaputt", "ohne-workbook"):
        good = export_xlsx(Register.open(example)).data
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(target, "w") as out:
            for info in source.infolist():
                if info.filename == "xl/workbook.xml" and content == "ohne-workbook":
                    continue
                data = source.read(info)
                if info.filename == "xl/sharedStrings.xml" and content == "doctype":
                    data = data.replace(b"<sst", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><sst', 1)
                if info.filename == "xl/sharedStrings.xml" and content == "utf16-doctype":
                    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
                    text = text.replace("<sst", '<!DOCTYPE x [<!ENTITY a "EXPANDIERT">]><sst', 1)
                    first = text.index("<t>") + 3
                    data = (text[:first] + "&a;" + text[first:]).encode("utf-16-le")
                if info.filename == "xl/sharedStrings.xml" and content == "utf16-bom-doctype":
                    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
                    text = text.replace("<sst", '<!DOCTYPE x [<!ENTITY a "EXPANDIERT">]><sst', 1)
                    data = ("\ufeff" + text).encode("utf-16-be")
                if info.filename == "xl/worksheets/sheet1.xml" and content == "kaputt":
                    data = data[:len(data) // 2]  # cut off in the middle of the rows
                out.writestr(info, data)
    elif content == "ods":  # as ODF 1.2 part 3 (and LibreOffice) writes it: mimetype first
        with zipfile.ZipFile(target, "w") as out:
            out.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
            out.writestr(zipfile.ZipInfo("Configurations2/toolpanel/"), "")
            out.writestr("content.xml", "<office:document-content/>",
                         compress_type=zipfile.ZIP_DEFLATED)
    elif content == "fremd":
        book = openpyxl.Workbook()
        book.active["A1"] = "id"
        book.save(target)
    else:
        assert isinstance(content, bytes)
        target.write_bytes(content)
    code, _out, err = _import(target, example, monkeypatch, capsys)
    assert code == 2
    assert reason in err and "fremd.xlsx" in err
    assert "There is no item" not in err


def test_control_characters_and_escape_lookalikes_survive_an_edit_of_their_row(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """xlsx stores control characters as ``_x000D_`` (and a literal ``_x0041_`` escaped):
    an unedited cell with them must not come back changed when its row is edited."""
    path = example / FAHRZEUG
    text = path.read_text(encoding="utf-8").replace(
        "status: aktiv\n", 'status: aktiv\nbeschreibung: "Zeile\\r\\nzwei \\x01 _x0041_"\n')
    path.write_text(text, encoding="utf-8")
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "mittel"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, err
    assert "1 Feld(er) in 1 Steckbrief(en) geändert" in out
    assert _changed_lines(text, path.read_text(encoding="utf-8")) == [
        "-prioritaet: hoch", "+prioritaet: mittel"]


def test_export_lists_what_it_leaves_out_and_refuses_unknown_formats(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (example / "steckbriefe" / "kaputt.yaml").write_text("id: [kaputt\n", encoding="utf-8")
    (example / "steckbriefe" / "doppelt.yaml").write_text(
        (example / FAHRZEUG).read_text(encoding="utf-8"), encoding="utf-8")
    target = example.parent / "t.xlsx"
    code, out, err = run_cli(["export", "-o", str(target), str(example)], monkeypatch, capsys)
    assert code == 0, err
    assert "ausgelassen: steckbriefe/kaputt.yaml: nicht lesbar" in out
    assert "ausgelassen: steckbriefe/fahrzeug-zulassen.yaml: id 'fahrzeug-zulassen' hat schon " \
           "steckbriefe/doppelt.yaml" in out
    assert "8 Steckbriefe" in out
    code, _out, err = run_cli(["export", "--format", "csv", "-o", str(example.parent / "x"),
                               str(example)], monkeypatch, capsys)
    assert code == 2 and "Format 'csv' gibt es für export nicht; möglich: xlsx" in err


def test_a_text_longer_than_a_cell_holds_is_refused_naming_file_and_field(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = example / FAHRZEUG
    path.write_text(path.read_text(encoding="utf-8") + "beschreibung: " + "x" * 40_000 + "\n",
                    encoding="utf-8")
    target = example.parent / "t.xlsx"
    code, _out, err = run_cli(["export", "-o", str(target), str(example)], monkeypatch, capsys)
    assert code == 2
    assert f"{FAHRZEUG}: 'beschreibung' ist länger als die 32.767 Zeichen" in err
    assert not target.exists()


def test_the_copy_to_edit_leaves_the_register_view_alone() -> None:
    """import-xlsx edits a copy of each Steckbrief's data; the copy shares what it does not
    change, and the read register's data stays as read (it is compared afterwards)."""
    from prozesskit.tabelle.einlesen import _copy_along, _set

    data = {"id": "a", "kennzahlen": {"fallzahl_pro_jahr": 1, "stand": "2025-01-01"},
            "rechtsgrundlagen": [{"name": "x"}], "modellierung": {"status": "offen"}}
    new = _copy_along(data, [("kennzahlen", "fallzahl_pro_jahr"), ("prioritaet",),
                             ("digitalisierungsgrad", "stufe")])
    assert _set(new, ("kennzahlen", "fallzahl_pro_jahr"), 2) is None
    assert _set(new, ("digitalisierungsgrad", "stufe"), 3) is None
    assert _set(new, ("kennzahlen", "stand"), ABSENT) is None
    assert data == {"id": "a", "kennzahlen": {"fallzahl_pro_jahr": 1, "stand": "2025-01-01"},
                    "rechtsgrundlagen": [{"name": "x"}], "modellierung": {"status": "offen"}}
    assert new["kennzahlen"] == {"fallzahl_pro_jahr": 2}
    assert new["digitalisierungsgrad"] == {"stufe": 3}
    assert new["rechtsgrundlagen"] is data["rechtsgrundlagen"]


def test_an_edit_while_the_import_runs_refuses_the_whole_import(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Two workshop tables read in at once (or an editor saving) between the import's reading
    of a Steckbrief and its writing: the later write would silently drop the other change."""
    from prozesskit.errors import UsageError
    from prozesskit.tabelle.einlesen import plan_einlesen

    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "mittel",
                      ("geburt-beurkunden", "prioritaet"): "niedrig"})
    planned = plan_einlesen(example, book)
    before = snapshot(example)
    path = example / FAHRZEUG
    meanwhile = path.read_text(encoding="utf-8").replace(
        "prioritaet: hoch", "prozessverantwortlich: Frau B\nprioritaet: hoch")
    path.write_text(meanwhile, encoding="utf-8")  # the other run's write
    with pytest.raises(UsageError) as refused:
        planned.write_plan().commit()
    assert FAHRZEUG in str(refused.value) and "nichts geschrieben" in str(refused.value)
    assert path.read_text(encoding="utf-8") == meanwhile
    import hashlib

    assert snapshot(example) == {**before,
                                 FAHRZEUG: hashlib.sha256(meanwhile.encode()).hexdigest()}
    # run again: starts from the file as it is now, and reports it as a conflict
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 1, err
    assert f"{FAHRZEUG} wurde seit dem Export geändert" in out
    assert path.read_text(encoding="utf-8") == meanwhile


def test_a_sheet_from_another_kommune_is_refused_unless_asked_for(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Members of a network start from one Blaupause: another member's sheet matches this
    register's files row by row, and its values landed here without a single conflict."""
    import shutil

    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "niedrig"})
    other = tmp_path / "nachbar"
    shutil.copytree(example, other)
    manifest = other / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    schluessel = next(line for line in text.splitlines() if "schluessel:" in line)
    manifest.write_text(text.replace(schluessel, "  schluessel: '05999004'"), encoding="utf-8")
    before = snapshot(other)
    code, out, err = _import(book, other, monkeypatch, capsys)
    assert code == 2, out
    assert "Die Tabelle stammt aus dem Register von" in err and "(05999004)" in err
    assert "--andere-kommune" in err
    assert snapshot(other) == before
    code, out, err = _import(book, other, monkeypatch, capsys, "--andere-kommune")
    assert code == 0, err
    assert "prioritaet: niedrig" in (other / FAHRZEUG).read_text(encoding="utf-8")


def test_a_bereich_that_lost_its_leading_zero_is_read_as_its_code(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A pasted number (Excel drops the leading zero): 2 is the Produktbereich "02" the row
    already has, 12 a change to "12"; both were refused as not two digits."""
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("gewerbeanmeldung-entgegennehmen", "produkt.bereich"): 2,
                      ("fahrzeug-zulassen", "produkt.bereich"): 12})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, out + err
    assert "produkt.bereich: '02' → '12'" in out and "gewerbeanmeldung" not in out
    text = (example / FAHRZEUG).read_text(encoding="utf-8")
    assert 'bereich: "12"' in text or "bereich: '12'" in text


def test_the_produktbereich_check_follows_the_registers_conventions(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Where the register switched PK-S013 off, validate accepts '99' and so does the
    import; an error elsewhere in ``produkt`` (there before the export) is validate's
    business and must not end the import in an internal error (exit 3): the import is
    taken and validate's error of the changed Steckbrief named (exit 1)."""
    path = example / FAHRZEUG
    path.write_text(path.read_text(encoding="utf-8").replace(
        'bereich: "02"', 'bereich: "02"\n  gruppe: 7'), encoding="utf-8")
    book = _export(example, monkeypatch, capsys)
    cells = edit_cells(book, {("fahrzeug-zulassen", "produkt.bereich"): "12"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 1, out + err
    assert "'produkt.gruppe' muss Text sein" in out and "[PK-S004]" in out
    changed = cells[("fahrzeug-zulassen", "produkt.bereich")]
    assert f"(geänderte Zellen: Steckbriefe!{changed})" in out
    assert 'bereich: "12"' in path.read_text(encoding="utf-8")
    manifest = example / "prozesskit.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "  regeln: {}\n" in text
    manifest.write_text(text.replace("  regeln: {}\n", "  regeln: {PK-S013: 'off'}\n"),
                        encoding="utf-8")
    book.unlink()
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("geburt-beurkunden", "produkt.bereich"): "99"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, out + err
    text = (example / "steckbriefe/geburt-beurkunden.yaml").read_text(encoding="utf-8")
    assert "bereich: '99'" in text or 'bereich: "99"' in text


def test_a_crlf_steckbrief_stays_all_crlf_when_a_field_is_added_and_one_emptied(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A new field and an emptied cell go through ruamel (not the text splice): the file
    edited under Windows keeps CRLF on every line, and only the edited lines differ."""
    path = example / FAHRZEUG
    text = path.read_text(encoding="utf-8").replace(
        "prioritaet: hoch\n", "prioritaet: hoch  # lokal\n")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("fahrzeug-zulassen", "digitalisierungsgrad.stufe"): 2,
                      ("fahrzeug-zulassen", "kennzahlen.fallzahl_pro_jahr"): None})
    code, _out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, err
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), raw  # every line still CRLF
    assert sorted(_changed_lines(text, raw.decode("utf-8").replace("\r\n", "\n"))) == sorted([
        "+digitalisierungsgrad:", "+  stufe: 2", "-  fallzahl_pro_jahr: 42000"])


def _add_column(book: Path, header: str, ident: str, value: str) -> str:
    """A column the workshop appends right of the last one; returns its letter."""
    wb = openpyxl.load_workbook(book)
    sheet = wb["Steckbriefe"]
    column = sheet.max_column + 1
    sheet.cell(1, column).value = header
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == ident)
    sheet.cell(row, column).value = value
    wb.save(book)
    return get_column_letter(column)


def test_a_notes_column_is_passed_over_with_a_hint_and_the_rest_is_read(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A workshop's notes column is no field: named once, not read; the edited cell of the
    same row is taken."""
    book = _export(example, monkeypatch, capsys)
    letter = _add_column(book, "Bemerkung Werkstatt", "fahrzeug-zulassen",
                         "Fallzahl mit Bauamt klären")
    edit_cells(book, {("fahrzeug-zulassen", "prioritaet"): "mittel"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, err
    assert (f"Hinweis: Steckbriefe!{letter}1: die Spalte 'Bemerkung Werkstatt' ist kein Feld "
            "und wird nicht eingelesen") in out
    assert "prioritaet: 'hoch' → 'mittel'" in out
    text = (example / FAHRZEUG).read_text(encoding="utf-8")
    assert "prioritaet: mittel" in text and "Bauamt" not in text


@pytest.mark.parametrize(("header", "meant"), [
    ("prioritat", "prioritaet"), ("Prioritaet", "prioritaet"),
    ("fallzahl_pro_jahr", "kennzahlen.fallzahl_pro_jahr"),
    ("organisationseinhiet", "organisationseinheit"),
])
def test_a_header_like_a_field_name_is_an_error_with_its_cell_and_the_field_meant(
        example: Path, header: str, meant: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A typo in a field's header would lose that column's values without a word."""
    book = _export(example, monkeypatch, capsys)
    letter = _add_column(book, header, "fahrzeug-zulassen", "x")
    before = snapshot(example)
    code, _out, err = _import(book, example, monkeypatch, capsys)
    assert code == 2
    assert (f"Steckbriefe!{letter}1: die Spalte '{header}' gibt es nicht. Meinten Sie "
            f"'{meant}'? Bitte die Überschrift zurück auf den Feldnamen ändern") in err
    assert "Traceback" not in err and snapshot(example) == before


def test_errors_the_sheet_brings_in_are_named_with_their_cells(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``status: entfaellt`` without ``status_grund`` and an emptied required field are each
    valid cells, but validate fails afterwards (black-box finding, session 10): the import
    keeps them, names the errors of the changed Steckbriefe with the cells they came from
    and exits 1."""
    code, _, _ = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 0
    book = _export(example, monkeypatch, capsys)
    cells = edit_cells(book, {("wohngeld-bewilligen", "status"): "entfaellt",
                              ("fahrzeug-zulassen", "organisationseinheit"): None,
                              ("gewerbeanmeldung-entgegennehmen", "prioritaet"): "hoch"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 1, out + err
    status = cells[("wohngeld-bewilligen", "status")]
    assert "PK-S009" in out and f"(geänderte Zellen: Steckbriefe!{status})" in out
    assert "PK-S010" in out and cells[("fahrzeug-zulassen", "organisationseinheit")] in out
    assert "gewerbeanmeldung-entgegennehmen.yaml:" not in out.split("Fehler:", 1)[-1]
    assert "Übernommen, aber validate meldet in den geänderten Steckbriefen 2 Fehler" in out
    assert "status: entfaellt" in (example / "steckbriefe" / "wohngeld-bewilligen.yaml"
                                   ).read_text("utf-8")


def test_spaces_around_an_edited_text_cell_are_trimmed(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Invisible in Excel, never meant: a pasted ``  Ordnungsamt  `` is ``Ordnungsamt``
    in the Steckbrief, as a date or a number cell is read without its spaces."""
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {
        ("fahrzeug-zulassen", "organisationseinheit"): "  Ordnungsamt, Gewerbestelle \u00a0",
        ("fahrzeug-zulassen", "modellierung.verantwortlich"): "\tKreis Musterland ",
        ("fahrzeug-zulassen", "kennzahlen.stand"): " 2026-01-31 ",
    })
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, err
    assert "organisationseinheit: 'Straßenverkehrsamt' → 'Ordnungsamt, Gewerbestelle'" in out
    assert "2 Feld(er) in 1 Steckbrief(en) geändert" in out  # verantwortlich: only spaces
    text = (example / FAHRZEUG).read_text(encoding="utf-8")
    assert "\norganisationseinheit: Ordnungsamt, Gewerbestelle\n" in text
    assert "  verantwortlich: Kreis Musterland\n" in text
    assert "stand: 2026-01-31\n" in text


def _conventions_from_git(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared conventions from a git repository, as prozesskit.yaml documents them (a
    local one, in a folder the user allowed for that)."""
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(register.parent))
    repo = register.parent / "konventionen"
    repo.mkdir()
    (repo / "k.yaml").write_text("extends: [prozesskit:empfohlen]\nregeln: {}\n",
                                 encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "konventionen")
    manifest = register / "prozesskit.yaml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("    - prozesskit:empfohlen\n",
                                     f"    - git+{repo.as_uri()}#k.yaml\n"), encoding="utf-8")


def test_the_check_after_an_import_reads_conventions_from_git_as_validate_does(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Review finding F1 (session 11): with ``extends: git+…`` the check after the import
    refused the register (exit 2, "nothing changed", no report) although the file was
    written. It resolves the conventions as validate does, so it reports the error."""
    _conventions_from_git(example, monkeypatch)
    code, out, err = run_cli(["validate", str(example)], monkeypatch, capsys)
    assert code == 0, out + err
    book = _export(example, monkeypatch, capsys)
    cells = edit_cells(book, {("wohngeld-bewilligen", "status"): "entfaellt"})
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 1, out + err
    assert "status: 'aktiv' → 'entfaellt'" in out  # the report of what was taken over
    status = cells[("wohngeld-bewilligen", "status")]
    assert "PK-S009" in out and f"(geänderte Zellen: Steckbriefe!{status})" in out
    assert "Traceback" not in err


def test_an_import_whose_check_cannot_run_says_it_was_written(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Review finding F1: a check that fails (here: the conventions' repository is gone
    after the export) must not turn a written import into exit 2 ("nothing changed"):
    the report is shown, the check's reason is named, exit 1."""
    _conventions_from_git(example, monkeypatch)
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("wohngeld-bewilligen", "beschreibung"): "Neu beschrieben"})
    manifest = example / "prozesskit.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        "konventionen@", "weg@").replace("/konventionen#", "/weg#"), encoding="utf-8")
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 1, out + err
    assert "beschreibung:" in out and "'Neu beschrieben'" in out
    assert "Übernommen, aber die Prüfung mit validate konnte nicht laufen" in out
    assert "kein git-Repository" in out  # the check's own reason, as validate gives it
    assert "Bitte die Ursache beheben und prozesskit validate ausführen" in out
    assert "beschreibung: Neu beschrieben" in (
        example / "steckbriefe" / "wohngeld-bewilligen.yaml").read_text("utf-8")


def test_a_utf16_part_with_a_byte_order_mark_is_read(
        example: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Review finding F9 (session 11): a document management system adds its metadata as
    ``customXml/item1.xml`` in UTF-16 with a BOM; the workbook was refused as a whole.
    With a BOM every XML parser reads the part as UTF-16, so its decoded text is searched
    for a DOCTYPE; only UTF-16 without a BOM (read by its first bytes) stays refused."""
    book = _export(example, monkeypatch, capsys)
    edit_cells(book, {("wohngeld-bewilligen", "beschreibung"): "Aus dem DMS"})
    part = ('\ufeff<?xml version="1.0" encoding="utf-16"?><properties '
            'xmlns="http://www.imanage.com/work/xmlschema"><documentid>'
            'DMS!123.1</documentid></properties>').encode("utf-16-le")
    with zipfile.ZipFile(book, "a") as archive:
        archive.writestr("customXml/item1.xml", part)
    code, out, err = _import(book, example, monkeypatch, capsys)
    assert code == 0, out + err
    assert "beschreibung: Aus dem DMS" in (
        example / "steckbriefe" / "wohngeld-bewilligen.yaml").read_text("utf-8")
