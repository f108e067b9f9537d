"""The network over five real member registers (made by init, edited as members would):
the matrix, the matching rules, the priority list and the work split, checked against
values worked out by hand below."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run_cli
from netz.conftest import edit, git, make_register
from prozesskit.netz.load import Member, MemberSpec, open_members, read_netz
from prozesskit.netz.matrix import (
    Cell,
    Matrix,
    MemberInfo,
    Process,
    build_matrix,
    normalise_name,
    version_key,
)
from prozesskit.netz.report import render_arbeitsteilung, render_matrix, render_priorisierung
from prozesskit.netz.views import arbeitsteilung, priorisierung

SONDER = "Sondernutzungserlaubnis für öffentliche Straßen erteilen"
WIDMEN = "Straße widmen"
WINTER = "Winterdienst organisieren"


def _kennzahlen(fall: int, minuten: int) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["kennzahlen"] = {"fallzahl_pro_jahr": fall, "bearbeitungszeit_min": minuten}
    return change


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five members; what each did is written next to it."""
    root = tmp_path_factory.mktemp("netz")
    a = make_register(root / "a", "gemeinde", "Gemeinde A")
    b = make_register(root / "b", "gemeinde", "Gemeinde B")
    c = make_register(root / "c", "stadt", "Stadt C")
    d = make_register(root / "d", "kreis", "Kreis D")
    e = make_register(root / "e-repo", "gemeinde", "Gemeinde E")
    # A: struck Winterdienst (the Bauhof of the Kreis does it), models Sondernutzung (IST),
    # counts Sondernutzung 120 × 30 min = 60 h and Straße widmen 10 × 90 min = 15 h
    edit(a, "winterdienst-organisieren", lambda d: d.update(
        status="entfaellt", status_grund="Winterdienst macht der Kreis"))
    edit(a, "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen", lambda d: d.update(
        modellierung={"status": "ist_modelliert", "verantwortlich": "Gemeinde A"},
        modelle=[{"art": "ist", "datei": "modelle/sondernutzung.ist.bpmn"}],
        kennzahlen={"fallzahl_pro_jahr": 120, "bearbeitungszeit_min": 30},
        prioritaet="mittel", digitalisierungsgrad={"modell": "1.1", "stufe": 1}))
    edit(a, "strasse-widmen", _kennzahlen(10, 90))
    # B: wrote Winterdienst by hand (no herkunft, own id, name in other spelling: matched by
    # name); Sondernutzung 300 × 20 min = 100 h, Priorität hoch, Stufe 3
    path = b / "steckbriefe" / "winterdienst-organisieren.yaml"
    path.rename(b / "steckbriefe" / "winterdienst.yaml")
    edit(b, "winterdienst", lambda d: (d.pop("herkunft"), d.update(
        id="winterdienst", name="WINTERDIENST  organisieren")))
    edit(b, "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen", lambda d: d.update(
        kennzahlen={"fallzahl_pro_jahr": 300, "bearbeitungszeit_min": 20},
        prioritaet="hoch", digitalisierungsgrad={"modell": "1.1", "stufe": 3}))
    # C: renamed Sondernutzung and dropped herkunft (still the same LeiKa key); is modelling
    # Straße widmen (verantwortlich Stadt C); 50 × 45 min = 37,5 h on Sondernutzung
    edit(c, "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen", lambda d: (
        d.pop("herkunft"), d.update(name="Sondernutzung erlauben",
                                    kennzahlen={"fallzahl_pro_jahr": 50,
                                                "bearbeitungszeit_min": 45})))
    edit(c, "strasse-widmen", lambda d: d.update(
        modellierung={"status": "in_modellierung", "verantwortlich": "Stadt C"}))
    # D (Kreis): struck Straße widmen but still has figures: they must not count
    edit(d, "strasse-widmen", lambda d: d.update(
        status="entfaellt", status_grund="Keine Kreisstraßen zu widmen",
        kennzahlen={"fallzahl_pro_jahr": 1000, "bearbeitungszeit_min": 600}))
    # E: a git repository, tag v1; its Straße widmen is on an older Blaupause version
    edit(e, "strasse-widmen", lambda d: d["herkunft"].update(version="2025.4"))
    git(e, "init", "-q", "-b", "main")
    git(e, "add", "-A")
    git(e, "commit", "-q", "-m", "Register")
    git(e, "tag", "v1")
    (root / "netz.yaml").write_text(f"""\
format: 1
name: Netz Test
werkstatt: [2026-03-12]
mitglieder:
  - {{name: Gemeinde A, typ: gemeinde, register: a}}
  - {{name: Gemeinde B, typ: gemeinde, register: b}}
  - {{name: Stadt C, typ: mittlere_kreisangehoerige_stadt, register: ./c}}
  - {{name: Kreis D, typ: kreis, register: {d}}}
  - {{name: Gemeinde E, typ: gemeinde, register: "file://{e}@v1"}}
""", encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _local_git_allowed(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """netz.yaml names member E by a local git repository (file://): a file may name one
    only in a folder the user allowed (PROZESSKIT_LOKALE_GIT_ORDNER)."""
    monkeypatch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(network))


@pytest.fixture(scope="module")
def matrix(network: Path, tmp_path_factory: pytest.TempPathFactory) -> Matrix:
    from prozesskit.netz.load import members_of

    # A module fixture runs before the autouse isolation of tests/conftest.py: without its
    # own cache the git member's tag v1 was resolved from the user's real cache, where an
    # earlier run at the same temp path left another commit under the same URL.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROZESSKIT_CACHE_DIR", str(tmp_path_factory.mktemp("netz-cache")))
        patch.setenv("PROZESSKIT_LOKALE_GIT_ORDNER", str(network))
        netz = read_netz(network / "netz.yaml")
        return build_matrix(open_members(members_of(netz, network)))


def _row(matrix: Matrix, name: str) -> Any:
    return next(p for p in matrix.processes if p.name == name)


def test_members_are_read_from_folders_and_git(matrix: Matrix, network: Path) -> None:
    names = [m.name for m in matrix.members]
    assert names == ["Gemeinde A", "Gemeinde B", "Stadt C", "Kreis D", "Gemeinde E"]
    assert [m.steckbriefe for m in matrix.members] == [15, 15, 15, 7, 15]
    tagged = git(network / "e-repo", "rev-parse", "v1").strip()
    assert matrix.members[4].commit == tagged
    assert matrix.members[0].commit is None


def test_rows_have_absent_struck_and_modelling_state(matrix: Matrix) -> None:
    # gemeinde/stadt have 15 processes each, all shared; the Kreis adds 5 of its own
    assert len(matrix.processes) == 20
    sonder = _row(matrix, SONDER)
    assert sorted(sonder.cells) == ["Gemeinde A", "Gemeinde B", "Gemeinde E", "Kreis D",
                                    "Stadt C"]
    assert sonder.cells["Gemeinde A"].modellierung == "ist_modelliert"
    assert sonder.cells["Gemeinde A"].verantwortlich == "Gemeinde A"
    winter = _row(matrix, WINTER)
    assert "Kreis D" not in winter.cells  # the Kreis Blaupause has no Winterdienst
    assert winter.cells["Gemeinde A"].status == "entfaellt"
    assert winter.cells["Gemeinde A"].status_grund == "Winterdienst macht der Kreis"
    widmen = _row(matrix, WIDMEN)
    assert widmen.cells["Stadt C"].modellierung == "in_modellierung"
    assert not widmen.cells["Kreis D"].aktiv


def test_matching_rule_is_recorded(matrix: Matrix) -> None:
    sonder = _row(matrix, SONDER)
    assert sonder.cells["Gemeinde A"].regel is None  # founded the row
    assert sonder.cells["Gemeinde B"].regel == "leika"
    assert sonder.cells["Stadt C"].regel == "leika"  # renamed, no herkunft: LeiKa key
    assert sonder.cells["Stadt C"].name == "Sondernutzung erlauben"
    winter = _row(matrix, WINTER)  # no LeiKa key in the Blaupause
    assert winter.cells["Gemeinde E"].regel == "herkunft"
    assert winter.cells["Gemeinde B"].regel == "name"  # hand-written, other spelling
    assert winter.cells["Gemeinde B"].id == "winterdienst"


def test_older_library_version_is_behind(matrix: Matrix) -> None:
    assert matrix.neueste == {"nrw-kommunal": "2026.1"}
    widmen = _row(matrix, WIDMEN)
    assert widmen.cells["Gemeinde E"].herkunft_version == "2025.4"
    assert widmen.cells["Gemeinde E"].hinter
    assert not widmen.cells["Gemeinde A"].hinter
    assert version_key("2026.10") > version_key("2026.9")


@pytest.mark.parametrize(("versions", "behind"), [
    (("v1", "v2"), [True, False]),
    (("2026.1", "2026.2"), [True, False]),
    # checksums, commits and branches name a state, they have no order (black-box
    # finding, session 10: the member with the newer package was shown as behind)
    (("paket-f83546c262a7", "paket-3225ea4bb008"), [False, False]),
    (("xprozess-0a1b2c3d4e5f", "xprozess-ffeeddccbbaa"), [False, False]),
    (("9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345", "main"), [False, False]),
])
def test_only_versions_with_an_order_make_a_member_behind(
        versions: tuple[str, str], behind: list[bool]) -> None:
    from prozesskit.netz.matrix import orderable

    assert [v for v in versions if orderable(v)] == (
        list(versions) if any(behind) else [])
    newest = max((v for v in versions if orderable(v)), key=version_key, default=None)
    assert [newest is not None and v != newest for v in versions] == behind


def test_priority_list_against_hand_computed_hours(matrix: Matrix) -> None:
    prio = priorisierung(matrix, top=5)
    # Sondernutzung: A 120×30/60 = 60, B 300×20/60 = 100, C 50×45/60 = 37,5 → 197,5 h
    # Straße widmen: A 10×90/60 = 15 (D struck it: its 10.000 h do not count)
    assert [(r.rang, r.name, r.stunden, r.fallzahl) for r in prio.rows] == [
        (1, SONDER, 197.5, 470), (2, WIDMEN, 15.0, 10)]
    first = prio.rows[0]
    assert dict(first.mitglieder) == {"Gemeinde A": 60.0, "Gemeinde B": 100.0, "Stadt C": 37.5}
    assert first.haben == 5
    assert first.prioritaet == "hoch"
    assert first.prioritaeten == {"mittel": 1, "hoch": 1}
    assert first.digitalisierung == (1, 3)
    assert prio.gesamt == 2
    assert priorisierung(matrix, top=1).rows[0].name == SONDER
    text = render_priorisierung(prio, "text")
    assert "197,5" in text and "3 von 5" in text


def test_work_split_assigns_each_open_shared_process_once(matrix: Matrix) -> None:
    plan = arbeitsteilung(matrix)
    names = [a.name for a in plan.auftraege]
    # open and shared: every process at ≥ 2 members except Sondernutzung (modelled by A)
    # and Straße widmen (C models it); the Kreis' own 5 are at one member only
    shared = {p.name for p in matrix.processes if len(p.aktiv_bei) >= 2}
    assert set(names) == shared - {SONDER, WIDMEN}
    assert len(names) == len(set(names)) == 13
    for auftrag in plan.auftraege:
        assert auftrag.mitglied in auftrag.haben
    loads = {x.mitglied: x.neu for x in plan.lasten}
    # Winterdienst: struck at A, so B, C or E; 13 over four Gemeinden/Städte and the Kreis
    # (which has none of them open) → 3 or 4 each, Kreis D none
    assert loads["Kreis D"] == 0
    assert sorted(loads[n] for n in ("Gemeinde A", "Gemeinde B", "Stadt C", "Gemeinde E")) \
        == [3, 3, 3, 4]
    assert plan.modelle_gespart == sum(len(a.haben) - 1 for a in plan.auftraege)


def _members(tmp_path: Path, count: int, kapazitaet: list[int | None]) -> list[Member]:
    folders = [make_register(tmp_path / f"m{i}", "gemeinde", f"G{i}") for i in range(count)]
    return open_members([MemberSpec(f"G{i}", None, kapazitaet[i], str(f))
                         for i, f in enumerate(folders)])


def test_equal_capacities_give_loads_within_one(tmp_path: Path) -> None:
    plan = arbeitsteilung(build_matrix(_members(tmp_path, 4, [None] * 4)),
                          stunden_je_modell=12.5)
    assert len(plan.auftraege) == 15
    loads = [x.neu for x in plan.lasten]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 15
    assert plan.modelle_gespart == 15 * 3
    assert plan.stunden_gespart == 45 * 12.5
    assert "etwa 562,5 Stunden" in render_arbeitsteilung(plan, "text")


def test_capacities_weight_the_split(tmp_path: Path) -> None:
    plan = arbeitsteilung(build_matrix(_members(tmp_path, 3, [3, 1, 1])))
    # 15 processes over weights 3:1:1 → 9, 3, 3
    assert [x.neu for x in plan.lasten] == [9, 3, 3]
    assert [x.gewicht for x in plan.lasten] == [3, 1, 1]


def test_kapazitaet_is_one_weight_everywhere_and_the_used_value_is_shown(
        tmp_path: Path) -> None:
    """README, the skeleton of 'netz init', the schema and the output give `kapazitaet`
    one meaning (a weight, not a cap): no 'überschritten', and a member without one shows
    the mean it was counted with instead of '–'."""
    from prozesskit.netz.model import Mitglied
    from prozesskit.netz.skeleton import SKELETON

    plan = arbeitsteilung(build_matrix(_members(tmp_path, 3, [4, None, 1])))
    # weights 4 : 2.5 : 1 over 15 processes → 8, 5, 2 (each to the lowest (load+1)/weight)
    assert [(x.kapazitaet, x.gewicht, x.neu) for x in plan.lasten] == [
        (4, 4.0, 8), (None, 2.5, 5), (1, 1.0, 2)]
    text = render_arbeitsteilung(plan, "text")
    assert "überschritten" not in text and "Kapazität (Gewicht)" in text
    rows = {line.split()[0]: line.split(None, 4)[1:] for line in text.splitlines()
            if line.startswith("G") and line[1].isdigit()}
    assert rows["G0"] == ["0", "8", "4", "netz.yaml"]
    assert rows["G1"] == ["0", "5", "2,5", "ohne Angabe: Mittelwert der anderen"]
    lasten = json.loads(render_arbeitsteilung(plan, "json"))["lasten"]
    assert [(x["kapazitaet"], x["gewicht"]) for x in lasten] == [(4, 4), (None, 2.5), (1, 1)]
    assert not any("ueber_kapazitaet" in x for x in lasten)
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    schema_text = Mitglied.model_fields["kapazitaet"].description or ""
    for said in (SKELETON, readme, schema_text):
        assert "Gewicht in der Arbeitsteilung" in said
        assert "wie viele Prozesse" not in said.lower()


def test_name_folding() -> None:
    assert normalise_name("  Straßen\tÄnderung  anzeigen ") == "strassen aenderung anzeigen"


def test_renderers(matrix: Matrix) -> None:
    text = render_matrix(matrix, "text")
    line = next(x for x in text.splitlines() if x.startswith(WIDMEN))
    assert line.split()[2:8] == ["offen", "offen", "in", "Arbeit", "entfällt", "offen"]
    assert "offen (veraltet)" in line
    data = json.loads(render_matrix(matrix, "json"))
    row = next(p for p in data["prozesse"] if p["name"] == WINTER)
    assert row["mitglieder"]["Gemeinde B"]["regel"] == "name"
    csv_lines = render_matrix(matrix, "csv").splitlines()
    assert csv_lines[0].startswith("Prozess;Mitglied;Vorhanden")
    assert f"{WINTER};Gemeinde A;entfällt;winterdienst-organisieren;" \
        "steckbriefe/winterdienst-organisieren.yaml;Winterdienst macht der Kreis;" \
        "nicht_modelliert;;;nrw-kommunal;2026.1;nein;" in csv_lines
    assert f"{WINTER};Kreis D;nein" + ";" * 10 in csv_lines
    md = render_matrix(matrix, "markdown")
    assert md.startswith("# Netzwerk-Matrix") and f"| {SONDER} | IST |" in md


def test_cli_netz_yaml_views(network: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(network)
    code, out, err = run_cli(["netz", "--ansicht", "priorisierung", "--format", "csv"],
                             monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == f"1;{SONDER};197,5;470;3 von 5;hoch;1–3"
    code, out, _ = run_cli(["netz", "netz.yaml", "-a", "arbeitsteilung", "-f", "json"],
                           monkeypatch, capsys)
    assert code == 0 and len(json.loads(out)["vorschlag"]) == 13
    code, out, _ = run_cli(["netz", "a", "b"], monkeypatch, capsys)  # registers directly
    assert code == 0 and "Gemeinde A" in out and "2 Mitglieder" in out


#: Per view, a value worked out by hand above that each format must carry: the matrix cell
#: of Gemeinde A for Sondernutzung (IST), the hours of Sondernutzung (60 + 100 + 37,5), and
#: the work split (the Kreis D row of the loads; csv: the 13 assignments)
EXPECTED = {
    "matrix": {"text": "IST", "markdown": f"| {SONDER} | IST |", "csv": f"{SONDER};Gemeinde A;",
               "html": f"{SONDER}</th><td>IST</td>"},
    "priorisierung": {"text": "197,5", "markdown": "197,5", "csv": f"1;{SONDER};197,5;470",
                      "html": "197,5"},
    "arbeitsteilung": {"text": "Kreis D", "markdown": "Kreis D",
                       "csv": "Prozess;Mitglied;Haben ihn\n", "html": "Kreis D"},
}


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json", "html", "xlsx"])
@pytest.mark.parametrize("ansicht", ["matrix", "priorisierung", "arbeitsteilung"])
def test_every_view_in_every_format_carries_the_hand_computed_values(
        network: Path, ansicht: str, fmt: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's outputs (text, markdown, csv, json, xlsx, html) for each view of the
    network: each one carries the figures checked against hand-computed values above."""
    monkeypatch.setenv("PROZESSKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / f"netz.{fmt}"
    args = ["netz", str(network / "netz.yaml"), "--ansicht", ansicht, "--format", fmt]
    code, out, err = run_cli([*args, "-o", str(target)] if fmt == "xlsx" else args,
                             monkeypatch, capsys)
    assert code == 0, err
    if fmt == "json":
        data = json.loads(out)
        assert data["ansicht"] == ansicht
        if ansicht == "matrix":
            row = next(p for p in data["prozesse"] if p["name"] == SONDER)
            assert row["mitglieder"]["Gemeinde A"]["modellierung"] == "ist_modelliert"
        elif ansicht == "priorisierung":
            assert data["rangliste"][0]["stunden_pro_jahr"] == 197.5
        else:
            assert len(data["vorschlag"]) == 13
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(target)
        assert book.sheetnames[0] == "Übersicht"
        rows = [[c.value for c in row] for row in book[book.sheetnames[1]].iter_rows()]
        if ansicht == "matrix":
            head = rows[0]
            sonder = next(r for r in rows if r[0] == SONDER)
            assert sonder[head.index("Gemeinde A")] == "IST"
        elif ansicht == "priorisierung":
            assert rows[1][:4] == [1, SONDER, 197.5, 470]  # numbers stay numbers
        else:
            assert len(rows) == 1 + 13
            loads = [[c.value for c in row] for row in book[book.sheetnames[2]].iter_rows()]
            kreis = next(r for r in loads if r[0] == "Kreis D")
            assert kreis[1:3] == [0, 0]  # nothing modelled, nothing new
    else:
        assert EXPECTED[ansicht][fmt] in out
        if (ansicht, fmt) == ("arbeitsteilung", "csv"):  # one line per assignment
            assert len(out.splitlines()) == 1 + 13


def test_git_url_directly_on_the_command_line(network: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """``prozesskit netz REGISTER…`` takes git URLs with ``@Stand`` as well as folders."""
    monkeypatch.chdir(network)
    code, out, err = run_cli(["netz", "a", f"file://{network / 'e-repo'}@v1", "-f", "json"],
                             monkeypatch, capsys)
    assert code == 0, err
    data = json.loads(out)
    tagged = git(network / "e-repo", "rev-parse", "v1").strip()
    assert [(m["name"], m["commit"]) for m in data["mitglieder"]] == [
        ("Gemeinde A", None), ("Gemeinde E", tagged)]
    widmen = next(p for p in data["prozesse"] if p["name"] == WIDMEN)
    assert widmen["mitglieder"]["Gemeinde E"]["veraltet"] is True  # 2025.4, A has 2026.1


def _cell(member: str, name: str) -> Cell:
    return Cell(member, name.lower(), f"steckbriefe/{name}.yaml", name, "aktiv", None,
                "nicht_modelliert", None, None, None, None, False, None, 100, 30.0, None, None)


def test_ties_keep_the_german_name_order(tmp_path: Path) -> None:
    """Equal hours (and equal candidates) are ordered as German readers sort: "Ärztliche …"
    before "Zulassung …" (by code point 'Ä' comes after 'Z')."""
    names = ("Zulassung erteilen", "Ärztliche Bescheinigung ausstellen")
    members = tuple(MemberInfo(m, "gemeinde", None, m, None, 2, 0) for m in ("A", "B"))
    rows = tuple(Process(n, None, {m.name: _cell(m.name, n) for m in members})
                 for n in sorted(names, key=normalise_name))
    matrix = Matrix(members, rows, {})
    assert [r.name for r in priorisierung(matrix).rows] == [names[1], names[0]]
    plan = arbeitsteilung(matrix)
    assert [(a.name, a.mitglied) for a in plan.auftraege] == [(names[1], "A"), (names[0], "B")]


def test_packages_of_different_content_make_no_member_behind(tmp_path: Path) -> None:
    import shutil

    from helpers import EXAMPLE

    folders = []
    for name, version in (("A", "paket-f83546c262a7"), ("B", "paket-3225ea4bb008")):
        folder = tmp_path / name
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".prozesskit"))
        path = folder / "steckbriefe" / "wohngeld-bewilligen.yaml"
        path.write_text(path.read_text("utf-8") + f"herkunft:\n  art: bibliothek\n"
                        f"  name: nachbar\n  id: wohngeld-bewilligen\n  version: {version}\n",
                        "utf-8")
        folders.append(folder)
    matrix = build_matrix(open_members([MemberSpec(f.name, None, None, str(f))
                                        for f in folders]))
    assert matrix.neueste == {}
    row = next(p for p in matrix.processes if p.name == "Wohngeld bewilligen")
    assert not any(cell.hinter for cell in row.cells.values())
