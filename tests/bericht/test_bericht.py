"""``prozesskit bericht`` over a real register (made by init from the Gemeinde Blaupause,
Produktbereich 12: 15 processes, all at "Bauamt (Tiefbau)"), edited and committed as a
member would, checked against figures worked out by hand next to each edit."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli
from netz.conftest import edit, git, make_register
from prozesskit.bericht.daten import Bericht, build_bericht
from prozesskit.bericht.report import render
from prozesskit.netz.load import MemberSpec, open_members

STICHTAG = dt.date(2026, 3, 15)
HUNDESTEUER = """\
id: hundesteuer-festsetzen
name: Hundesteuer <festsetzen> & erheben
produkt:
  bereich: "01"
organisationseinheit: Steueramt
prioritaet: niedrig
kennzahlen:
  fallzahl_pro_jahr: 3000
  bearbeitungszeit_min: 5
modellierung:
  status: ist_modelliert
"""


def _commit(repo: Path, when: str, message: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
                        "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, env=env,
                       capture_output=True)
    return git(repo, "rev-parse", "HEAD").strip()


def _set(**values: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        for key, value in values.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
    return change


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reg = make_register(tmp_path_factory.mktemp("bericht") / "gemeinde", "gemeinde",
                        "Gemeinde A")
    git(reg, "init", "-q", "-b", "main")
    _commit(reg, "2025-12-10T09:00:00+01:00", "Register")  # 2025-Q4: 0 of 15 modelled
    manifest = reg / "prozesskit.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "pflichtfelder: []", "pflichtfelder: [prioritaet]"), encoding="utf-8")
    edit(reg, "winterdienst-organisieren", _set(status="entfaellt",
                                                 status_grund="macht der Kreis"))
    edit(reg, "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen", _set(
        modellierung={"status": "ist_modelliert", "verantwortlich": "Gemeinde A"},
        kennzahlen={"fallzahl_pro_jahr": 120, "bearbeitungszeit_min": 30},  # 60 h
        prioritaet="hoch"))
    edit(reg, "strasse-widmen", _set(modellierung={  # open, 14 days overdue
        "status": "in_modellierung", "verantwortlich": "Gemeinde A",
        "termin": dt.date(2026, 3, 1)}))
    edit(reg, "strasse-einziehen", _set(modellierung={  # open, due later
        "status": "nicht_modelliert", "verantwortlich": "Stadt C",
        "termin": dt.date(2026, 6, 30)}))
    edit(reg, "strassenschaden-beseitigen", _set(modellierung={  # open, 42 days overdue
        "status": "nicht_modelliert", "termin": dt.date(2026, 2, 1)}))
    edit(reg, "strassenzustand-kontrollieren", _set(modellierung={  # has a model: not open
        "status": "soll_modelliert", "termin": dt.date(2026, 1, 1)}))
    edit(reg, "anliegerbescheinigung-ausstellen", _set(  # 400 × 10 / 60 = 66,7 h
        organisationseinheit="Bürgerbüro", prioritaet="mittel",
        kennzahlen={"fallzahl_pro_jahr": 400, "bearbeitungszeit_min": 10}))
    edit(reg, "erschliessungsbeitrag-erheben", _set(organisationseinheit=None))
    (reg / "steckbriefe" / "hundesteuer-festsetzen.yaml").write_text(HUNDESTEUER,
                                                                       encoding="utf-8")
    _commit(reg, "2026-02-01T09:00:00+01:00", "Arbeitsstand")  # 2026-Q1: 3 of 15
    return reg


@pytest.fixture
def bericht(register: Path) -> Bericht:
    member = open_members([MemberSpec(None, None, None, str(register))])[0]
    return build_bericht(member, stichtag=STICHTAG, quartale=2)


def test_progress_by_bereich_and_organisationseinheit(bericht: Bericht) -> None:
    def counts(g: Any) -> tuple[int, ...]:
        return g.aktiv, g.offen, g.in_arbeit, g.ist, g.soll, g.modelliert, g.entfallen

    assert counts(bericht.gesamt) == (15, 11, 1, 2, 1, 3, 1)
    assert [(g.gruppe, g.bezeichnung, counts(g)) for g in bericht.nach_bereich] == [
        ("01", "Innere Verwaltung", (1, 0, 0, 1, 0, 1, 0)),
        ("12", "Verkehrsflächen und -anlagen, ÖPNV", (14, 11, 1, 1, 1, 2, 1)),
    ]
    assert [(g.gruppe, counts(g)) for g in bericht.nach_organisationseinheit] == [
        ("Bauamt (Tiefbau)", (12, 9, 1, 1, 1, 2, 1)),
        ("Bürgerbüro", (1, 1, 0, 0, 0, 0, 0)),
        ("Steueramt", (1, 0, 0, 1, 0, 1, 0)),
        ("(ohne Angabe)", (1, 1, 0, 0, 0, 0, 0)),
    ]


def test_priorisierung_is_the_networks(bericht: Bericht) -> None:
    prio = bericht.priorisierung
    assert [(r.rang, r.name, round(r.stunden, 1)) for r in prio.rows] == [
        (1, "Hundesteuer <festsetzen> & erheben", 250.0),
        (2, "Anliegerbescheinigung ausstellen", 66.7),
        (3, "Sondernutzungserlaubnis für öffentliche Straßen erteilen", 60.0),
    ]
    assert prio.ohne_kennzahlen == 12


def test_open_and_overdue_assignments(bericht: Bericht) -> None:
    assert [(a.id, a.termin, a.ueberfaellig) for a in bericht.auftraege] == [
        ("strassenschaden-beseitigen", dt.date(2026, 2, 1), 42),
        ("strasse-widmen", dt.date(2026, 3, 1), 14),
        ("strasse-einziehen", dt.date(2026, 6, 30), None),
    ]
    assert bericht.ueberfaellig == 2
    member = open_members([MemberSpec(None, None, None, str(bericht.quelle))])[0]
    later = build_bericht(member, stichtag=dt.date(2026, 7, 1), quartale=1)
    assert [a.ueberfaellig for a in later.auftraege] == [150, 122, 1]


def test_missing_pflichtfelder_agree_with_validate(
        bericht: Bericht, register: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert set(bericht.pflichtfelder) == {"organisationseinheit", "prioritaet"}
    assert len(bericht.luecken) == 12  # 15 active, 3 with a Priorität
    by_id = {x.id: x.felder for x in bericht.luecken}
    assert set(by_id["erschliessungsbeitrag-erheben"]) == {"organisationseinheit", "prioritaet"}
    assert "winterdienst-organisieren" not in by_id  # struck
    code, out, _ = run_cli(["validate", str(register), "--format", "json"], monkeypatch,
                           capsys)
    assert code == 1
    found = [(p["file"], p["message"]) for p in json.loads(out)["problems"]
             if p["rule"] == "PK-S010"]
    assert len(found) == sum(len(f) for f in by_id.values()) == 13


def test_stand_of_the_register(bericht: Bericht) -> None:
    assert bericht.stand.quartale == ("2025-Q4", "2026-Q1")
    verlauf = bericht.stand.verlaeufe[0]
    assert [(q, c.modelliert, c.aktiv, c.in_arbeit) for q, c in verlauf.quartale.items()] == [
        ("2025-Q4", 0, 15, 0), ("2026-Q1", 3, 15, 1)]


def test_text_markdown_csv_json(bericht: Bericht) -> None:
    text = render(bericht, "text")
    assert isinstance(text, str)
    assert "16 Steckbriefe: 15 aktiv, 1 entfallen; modelliert 3 von 15 (20 %)" in text
    assert re.search(r"^12 +Verkehrsflächen und -anlagen, ÖPNV +14 +11 +1 +1 +1 +2 +14 % +1$",
                     text, re.M)
    assert re.search(r"^Straße widmen +Gemeinde A +01\.03\.2026 +in Arbeit +14$", text, re.M)
    assert "3 offen, davon 2 zum Stichtag 15.03.2026 überfällig" in text
    md = render(bericht, "markdown")
    assert "| 2 | Anliegerbescheinigung ausstellen | 66,7 | 400 | mittel | – |" in md
    rows = str(render(bericht, "csv")).splitlines()
    assert rows[0] == ("Id;Prozess;Datei;Produktbereich;Organisationseinheit;Status;"
                       "Modellierung;Verantwortlich;Termin;Überfällig (Tage);Stunden/Jahr;"
                       "Priorität;Fehlende Pflichtfelder")
    assert ("strasse-widmen;Straße widmen;steckbriefe/strasse-widmen.yaml;12;Bauamt (Tiefbau);"
            "aktiv;in_modellierung;Gemeinde A;2026-03-01;14;;;prioritaet") in rows
    assert len(rows) == 17
    data = json.loads(render(bericht, "json"))
    assert data["stichtag"] == "2026-03-15"
    assert data["gesamt"]["modelliert"] == 3
    assert [a["ueberfaellig_tage"] for a in data["auftraege"]] == [42, 14, None]
    assert data["stand"]["quartale"]["2026-Q1"]["modelliert"] == 3


def test_html_is_standalone_escaped_and_allowed_by_its_policy(bericht: Bericht) -> None:
    page = render(bericht, "html")
    assert isinstance(page, str)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    assert "Hundesteuer &lt;festsetzen&gt; &amp; erheben" in page
    assert "<festsetzen>" not in page
    assert not re.search(r"<script|\bsrc=|\bhref=|https?://|@import|url\(", page)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None and "unsafe-inline" not in policy.group(1)
    assert "default-src 'none'" in policy.group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy.group(1)
    assert page.count("<h1>") == 1 and "<caption>Offene Modellierungsaufträge</caption>" in page
    assert '<th scope="col">Termin</th>' in page and '<td class="n">42</td>' in page


def test_cli(register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["bericht", str(register), "--stichtag", "2026-03-15",
                              "--format", "markdown"], monkeypatch, capsys)
    assert code == 0, err
    assert out.startswith("# Bericht: Gemeinde A\n")
    target = tmp_path / "bericht.html"
    code, out, err = run_cli(["bericht", str(register), "--format", "html", "-o",
                              str(target)], monkeypatch, capsys)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, err = run_cli(["bericht", str(register), "--stichtag", "15.03.2026"],
                             monkeypatch, capsys)
    assert code == 2
    assert "--stichtag '15.03.2026' ist kein Datum" in err
    monkeypatch.chdir(register)
    code, out, err = run_cli(["bericht", "--format", "json"], monkeypatch, capsys)
    assert code == 0 and json.loads(out)["bericht"] == "Gemeinde A"


def test_xlsx_workbook(bericht: Bericht, tmp_path: Path) -> None:
    import io

    import openpyxl

    data = render(bericht, "xlsx")
    assert isinstance(data, bytes) and data == render(bericht, "xlsx")  # reproducible
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Übersicht", "Produktbereiche", "Organisationseinheiten",
                               "Priorisierung", "Aufträge", "Pflichtfelder", "Stand"]
    bereiche = [[c.value for c in row] for row in book["Produktbereiche"].iter_rows()]
    assert bereiche[2] == ["12", "Verkehrsflächen und -anlagen, ÖPNV", 14, 11, 1, 1, 1, 2,
                           "14 %", 1]
    auftraege = [[c.value for c in row] for row in book["Aufträge"].iter_rows()]
    assert auftraege[1] == ["Strassenschaden beseitigen".replace("ss", "ß", 1), None,
                            "2026-02-01", "offen", 42]
    assert book["Aufträge"].freeze_panes == "B2"
    prio = book["Priorisierung"]
    assert [c.value for c in prio[2]] == [1, "Hundesteuer <festsetzen> & erheben", 250, 3000,
                                          "niedrig", None]


def test_xlsx_cell_that_looks_like_a_formula_stays_text(register: Path,
                                                        tmp_path: Path) -> None:
    import io

    import openpyxl

    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(register), str(copy)], check=True)
    edit(copy, "strasse-widmen", _set(name="=HYPERLINK(\"http://x\")"))
    member = open_members([MemberSpec(None, None, None, str(copy))])[0]
    data = render(build_bericht(member, stichtag=STICHTAG, quartale=1), "xlsx")
    assert isinstance(data, bytes)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Aufträge"]
    cell = next(c for c in sheet["A"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix  # text, shown and kept as text


def test_organisationseinheiten_in_german_order_in_every_format(register: Path,
                                                                tmp_path: Path) -> None:
    """The same German sort key as ``netz`` (Kämmerei under K-a, not after Kulturamt; Ö
    under O), '(ohne Angabe)' last – in the data and in every format."""
    import io

    import openpyxl

    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(register), str(copy)], check=True)
    for steckbrief, einheit in (("strasse-widmen", "Kulturamt"),
                                ("strasse-einziehen", "Kämmerei"),
                                ("strassenschaden-beseitigen", "Ordnungsamt"),
                                ("strassenzustand-kontrollieren", "Öffentlichkeitsarbeit"),
                                ("winterdienst-organisieren", "Kataster")):
        edit(copy, steckbrief, _set(organisationseinheit=einheit))
    member = open_members([MemberSpec(None, None, None, str(copy))])[0]
    b = build_bericht(member, stichtag=STICHTAG, quartale=1)
    expected = ["Bauamt (Tiefbau)", "Bürgerbüro", "Kämmerei", "Kataster", "Kulturamt",
                "Öffentlichkeitsarbeit", "Ordnungsamt", "Steueramt", "(ohne Angabe)"]
    assert [g.gruppe for g in b.nach_organisationseinheit] == expected

    for fmt in ("text", "markdown", "html"):
        page = str(render(b, fmt))
        start = page.index("Fortschritt nach Organisationseinheit")
        section = page[start:page.index("Priorisierung", start)]
        assert sorted(expected, key=section.index) == expected, fmt
    data = json.loads(render(b, "json"))
    assert [g["gruppe"] for g in data["nach_organisationseinheit"]] == expected
    xlsx = render(b, "xlsx")
    assert isinstance(xlsx, bytes)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["Organisationseinheiten"]
    column = [row[0].value for row in sheet.iter_rows()]
    assert [v for v in column if v in expected] == expected
