"""``prozesskit site`` on real registers: the example register (with a hostile Steckbrief
added) and one made by ``init --blueprint kreis``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from website_helpers import check_csp, check_links, check_no_request, load_index, parse

from helpers import EXAMPLE, run_cli
from prozesskit.register.view import Register
from prozesskit.site import build_site
from prozesskit.site.labels import STATUS_TEXT
from prozesskit.site.output import MANIFEST
from prozesskit.site.search import search

EVIL = """\
id: boese-eingabe-pruefen
name: "<script>alert('name')</script>"
beschreibung: "<img src=x onerror=alert(1)> Sonderfall mit Hundesteuerbescheid"
produkt:
  bereich: "01"
organisationseinheit: "\\"><script>alert('oe')</script>"
rechtsgrundlagen:
  - name: Böse Adresse
    uri: "javascript:alert(1)"
merkmale:
  notiz: "</dd><script>alert('merkmal')</script>"
"""


@pytest.fixture(scope="module")
def register_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site") / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    (target / "steckbriefe" / "boese-eingabe-pruefen.yaml").write_text(EVIL, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def site(register_dir: Path) -> Path:
    out = register_dir.parent / "public"
    build_site(Register.open(register_dir), out)
    return out


def test_every_page_exists(site: Path, register_dir: Path) -> None:
    for name in ("index.html", "suche.html", "kennzahlen.html", "suchindex.js",
                 "assets/site.css", "assets/karte.js", "assets/suche.js", "assets/prozess.js",
                 MANIFEST):
        assert (site / name).is_file(), name
    ids = sorted(p.stem for p in (register_dir / "steckbriefe").glob("*.yaml"))
    assert sorted(p.stem for p in (site / "prozesse").glob("*.html")) == ids
    karte = parse(site / "index.html")
    linked = sorted(href.removeprefix("prozesse/").removesuffix(".html")
                    for href in karte.xpath("//li[@data-status]/a/@href"))
    assert linked == ids


def test_links_resolve_and_nothing_is_requested(site: Path) -> None:
    external = check_links(site)
    # the only external links are the register's Rechtsgrundlagen, as <a rel=external>
    assert set(external) == {"http://www.gesetze-im-internet.de/gewo/__14.html",
                             "https://www.gesetze-im-internet.de/baugb/"} or all(
        "gesetze-im-internet.de" in url for url in external)
    check_no_request(site, set(external))


def test_csp_and_no_inline_code(site: Path) -> None:
    check_csp(site)


def test_register_text_is_escaped(site: Path) -> None:
    page = site / "prozesse" / "boese-eingabe-pruefen.html"
    doc = parse(page)
    assert doc.xpath("string(//h1)") == "<script>alert('name')</script>"
    scripts = doc.xpath("//script")
    assert [s.get("src") for s in scripts] == ["../assets/prozess.js"]
    assert not doc.xpath("//img")
    assert not doc.xpath('//a[starts-with(@href, "javascript")]')
    assert "Böse Adresse" in doc.text_content()
    assert "javascript:alert(1)" in doc.text_content()  # shown as text, not as a link
    raw = page.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "&lt;script&gt;alert(&#39;name&#39;)" in raw
    for other in ("index.html", "kennzahlen.html"):
        doc = parse(site / other)
        assert all(s.get("src") for s in doc.xpath("//script")), other
        assert "<script>alert" not in (site / other).read_text(encoding="utf-8")
    assert "<script>alert('name')</script>" in parse(site / "index.html").text_content()


def test_process_page_shows_attributes_leika_herkunft_and_model(site: Path) -> None:
    doc = parse(site / "prozesse" / "gewerbeanmeldung-entgegennehmen.html")
    text = doc.text_content()
    for expected in ("Fallzahl pro Jahr", "850", "Bearbeitungszeit (Minuten)",
                     "Unternehmensführung & -entwicklung", "IST modelliert", "12.05.2026",
                     "Eigene ablagenummer", "32.1-04", "Gewerbe Anmeldung", "Stand 2019"):
        assert expected in text, expected
    svg = doc.xpath("//section[contains(@class, 'modell-ist')]//*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].get("role") == "img"
    groups = svg[0].xpath(".//*[local-name()='g'][@data-bpmn-id]")
    assert len(groups) == 32 and all(g.get("tabindex") == "0" for g in groups)
    titles = [g.xpath("string(*[local-name()='title'])") for g in groups]
    assert "Aufgabe „Gebühr festsetzen“" in titles
    assert len(doc.xpath("//details//tbody/tr")) == 32  # the same elements as a table
    # a model copy to download, byte for byte
    copy = site / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn"
    assert copy.read_bytes() == (EXAMPLE / "modelle" / copy.name).read_bytes()


def test_ist_and_soll_side_by_side(tmp_path: Path, register_dir: Path) -> None:
    target = tmp_path / "register"
    shutil.copytree(register_dir, target)
    steckbrief = target / "steckbriefe" / "gewerbeanmeldung-entgegennehmen.yaml"
    shutil.copy(target / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn",
                target / "modelle" / "gewerbeanmeldung-entgegennehmen.soll.bpmn")
    text = steckbrief.read_text(encoding="utf-8").replace(
        "    datei: modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn\n",
        "    datei: modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn\n  - art: soll\n"
        "    datei: modelle/gewerbeanmeldung-entgegennehmen.soll.bpmn\n")
    steckbrief.write_text(text, encoding="utf-8")
    out = tmp_path / "public"
    build_site(Register.open(target), out)
    doc = parse(out / "prozesse" / "gewerbeanmeldung-entgegennehmen.html")
    columns = doc.xpath("//div[@class='modelle']/section")
    assert [c.get("class") for c in columns] == ["modell modell-ist", "modell modell-soll"]
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))  # two drawings of one model: ids kept unique
    check_links(out)


def test_model_file_names_with_hash_percent_and_spaces_are_percent_encoded_in_links(
        tmp_path: Path, register_dir: Path) -> None:
    """The schema allows ``#``, ``%``, ``&`` and spaces in a model's file name: unencoded,
    ``#`` starts a fragment and the download link dies (offline and on GitLab Pages)."""
    target = tmp_path / "register"
    shutil.copytree(register_dir, target)
    folder = target / "modelle" / "Bau & Ordnung"
    folder.mkdir()
    (target / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn").rename(
        folder / "Gewerbe #2 (100%).bpmn")
    steckbrief = target / "steckbriefe" / "gewerbeanmeldung-entgegennehmen.yaml"
    steckbrief.write_text(steckbrief.read_text(encoding="utf-8").replace(
        "datei: modelle/gewerbeanmeldung-entgegennehmen.ist.bpmn",
        'datei: "modelle/Bau & Ordnung/Gewerbe #2 (100%).bpmn"'), encoding="utf-8")
    out = tmp_path / "public"
    build_site(Register.open(target), out)
    doc = parse(out / "prozesse" / "gewerbeanmeldung-entgegennehmen.html")
    assert doc.xpath("//a[@download]/@href") == [
        "../modelle/Bau%20%26%20Ordnung/Gewerbe%20%232%20%28100%25%29.bpmn"]
    assert (out / "modelle" / "Bau & Ordnung" / "Gewerbe #2 (100%).bpmn").is_file()
    check_links(out)


def test_dashboard_counts(site: Path, register_dir: Path) -> None:
    doc = parse(site / "kennzahlen.html")
    charts = doc.xpath("//*[local-name()='svg'][@role='img']")
    assert len(charts) == 4
    for chart in charts:
        assert chart.xpath("string(*[local-name()='title'])")
    rows = {tuple(c.text_content() for c in tr.xpath("td"))
            for tr in doc.xpath("//section[@aria-labelledby='status-h']//tbody/tr")}
    expected: dict[str, int] = {}
    for path in sorted((register_dir / "steckbriefe").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = ("entfaellt" if data.get("status") == "entfaellt"
                else (data.get("modellierung") or {}).get("status", "nicht_modelliert"))
        expected[STATUS_TEXT[code]] = expected.get(STATUS_TEXT[code], 0) + 1
    assert {label: int(n) for label, n in rows if n != "0"} == expected
    assert expected["IST modelliert"] == 1 and expected["entfällt"] >= 1


def test_search_index_finds_by_description_folding_compound_and_leika(site: Path) -> None:
    index = load_index(site)
    # a word only in the description
    assert search(index, "Berufsgenossenschaft")[0][0] == \
        "prozesse/gewerbeanmeldung-entgegennehmen.html"
    # folding: ue for ü, ss for ß, no umlaut at all
    for query in ("formell pruefen", "formell prüfen", "formell prufen"):
        pages = [page for page, _ in search(index, query)]
        assert pages == ["prozesse/gewerbeanmeldung-entgegennehmen.html"], query
    for query in ("Strassenverkehrsamt", "Straßenverkehrsamt", "strassenverkehr"):
        assert search(index, query)[0][0] == "prozesse/fahrzeug-zulassen.html", query
    # compounds: a prefix, and a part inside a compound word of the description
    assert "prozesse/boese-eingabe-pruefen.html" in [p for p, _ in search(index, "hundesteuer")]
    assert "prozesse/boese-eingabe-pruefen.html" in [p for p, _ in search(index, "bescheid")]
    # LeiKa key, whole and as a prefix
    assert search(index, "99050012104000")[0][0] == \
        "prozesse/gewerbeanmeldung-entgegennehmen.html"
    assert search(index, "9905001210")[0][0] == "prozesse/gewerbeanmeldung-entgegennehmen.html"
    # an attribute (merkmale), and every query word must match
    assert [p for p, _ in search(index, "ablagenummer")] == [
        "prozesse/gewerbeanmeldung-entgegennehmen.html"]
    assert search(index, "Gewerbe Wohngeld") == []
    # a verb finds the noun (stem); the exact word ranks first
    pages = [p for p, _ in search(index, "anmelden")]
    assert pages[0] == "prozesse/hund-zur-hundesteuer-anmelden.html"
    assert "prozesse/gewerbeanmeldung-entgegennehmen.html" in pages
    assert search(index, "Gewerbe anmelden")[0][0] == \
        "prozesse/gewerbeanmeldung-entgegennehmen.html"


def test_rebuild_rewrites_only_what_changed(tmp_path: Path) -> None:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target)
    out = tmp_path / "public"
    build_site(Register.open(target), out)

    def stats() -> dict[str, tuple[int, int]]:
        return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
                for p in out.rglob("*") if p.is_file()}

    before = stats()
    again = build_site(Register.open(target), out)
    assert again.written == () and again.deleted == ()
    assert stats() == before
    steckbrief = target / "steckbriefe" / "wohngeld-bewilligen.yaml"
    text = steckbrief.read_text(encoding="utf-8")
    steckbrief.write_text(text.replace("beschreibung: ", "beschreibung: Zuschuss zur Miete. ", 1),
                          encoding="utf-8")
    changed = build_site(Register.open(target), out)
    assert sorted(changed.written) == ["prozesse/wohngeld-bewilligen.html", "suchindex.js"]
    after = stats()
    differing = {rel for rel in before if before[rel] != after.get(rel)}
    assert differing == {"prozesse/wohngeld-bewilligen.html", "suchindex.js", MANIFEST}
    assert "Zuschuss zur Miete" in (out / "prozesse" / "wohngeld-bewilligen.html").read_text(
        encoding="utf-8")
    # a page removed by hand is written again although its inputs did not change
    (out / "prozesse" / "fahrzeug-zulassen.html").unlink()
    assert build_site(Register.open(target), out).written == ("prozesse/fahrzeug-zulassen.html",)


def test_deleted_steckbrief_removes_only_its_own_files(tmp_path: Path) -> None:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target)
    out = tmp_path / "public"
    build_site(Register.open(target), out)
    (out / "prozesse" / "notiz.txt").write_text("meins", encoding="utf-8")
    (target / "steckbriefe" / "stelle-ausschreiben.yaml").unlink()
    result = build_site(Register.open(target), out)
    assert result.deleted == ("prozesse/stelle-ausschreiben.html",)
    assert (out / "prozesse" / "notiz.txt").read_text(encoding="utf-8") == "meins"
    assert "stelle-ausschreiben" not in (out / "index.html").read_text(encoding="utf-8")
    check_links(out)


def test_output_is_deterministic(tmp_path: Path, site: Path, register_dir: Path) -> None:
    other = tmp_path / "zweite"
    build_site(Register.open(register_dir), other)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    for rel in files:
        assert (site / rel).read_bytes() == (other / rel).read_bytes(), rel


def test_foreign_folder_refused_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dokumente"
    out.mkdir()
    (out / "index.html").write_text("meine Seite", encoding="utf-8")
    (out / "brief.txt").write_text("privat", encoding="utf-8")
    code, _, err = run_cli(["site", str(EXAMPLE), "-o", str(out)], monkeypatch, capsys)
    assert code == 2
    assert "nicht leer" in err and "--force" in err and "Traceback" not in err
    assert (out / "index.html").read_text(encoding="utf-8") == "meine Seite"
    assert sorted(p.name for p in out.iterdir()) == ["brief.txt", "index.html"]
    code, out_text, err = run_cli(["site", str(EXAMPLE), "-o", str(out), "--force"],
                                  monkeypatch, capsys)
    assert code == 0, err
    assert "Website in" in out_text
    assert (out / "brief.txt").read_text(encoding="utf-8") == "privat"
    assert "Prozesslandkarte" in (out / "index.html").read_text(encoding="utf-8")


def test_basis_url_gives_canonical_links_and_sitemap(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "public"
    code, _, err = run_cli(["site", str(EXAMPLE), "-o", str(out), "--basis-url",
                            "https://netz.example.org/register"], monkeypatch, capsys)
    assert code == 0, err
    doc = parse(out / "prozesse" / "wohngeld-bewilligen.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == [
        "https://netz.example.org/register/prozesse/wohngeld-bewilligen.html"]
    assert "https://netz.example.org/register/index.html" in (out / "sitemap.xml").read_text(
        encoding="utf-8")
    # links between pages stay relative
    assert all(not h.startswith("https://netz") for h in doc.xpath("//a/@href"))
    code, _, err = run_cli(["site", str(EXAMPLE), "-o", str(tmp_path / "b"), "--basis-url",
                            'javascript:"x"'], monkeypatch, capsys)
    assert code == 2 and "--basis-url" in err and not (tmp_path / "b").exists()


def test_own_merkmale_are_shown_as_written_known_quantities_with_separators(
        tmp_path: Path) -> None:
    """A Kostenstelle '4.711' or a year '2.019' is wrong: own attributes are codes, years and
    numbers of accounts, shown as the Steckbrief has them; the German thousands separator is
    for the quantities the model knows (Fallzahl)."""
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    path = target / "steckbriefe" / "gewerbeanmeldung-entgegennehmen.yaml"
    text = path.read_text(encoding="utf-8").replace("fallzahl_pro_jahr: 850",
                                                    "fallzahl_pro_jahr: 12500")
    path.write_text(text + "  kostenstelle: 4711\n  einfuehrungsjahr: 2019\n"
                    "  sachkonto: 45110000\n  anteil: 0.5\n  stellen: [1200, 2019]\n",
                    encoding="utf-8")
    out = tmp_path / "public"
    build_site(Register.open(target), out)
    doc = parse(out / "prozesse" / "gewerbeanmeldung-entgegennehmen.html")

    def shown(label: str) -> list[str]:
        return [" ".join(dd.text_content().split()) for dd in
                doc.xpath(f"//div[@class='zeile'][dt='{label}']/dd")]

    assert shown("Kostenstelle") == ["4711"]
    assert shown("Einfuehrungsjahr") == ["2019"]
    assert shown("Sachkonto") == ["45110000"]
    assert shown("Anteil") == ["0.5"]
    assert "1200" in shown("Stellen")[0] and "1.200" not in shown("Stellen")[0]
    assert shown("Eigene ablagenummer") == ["32.1-04"]
    assert shown("Fallzahl pro Jahr") == ["12.500"]


def test_register_folder_is_no_target_not_even_with_force(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`site -o . --force` in the register took the register's models for its copies and
    deleted one once its Steckbrief no longer named it. The register and its working
    folders are refused; a folder inside it such as public/ is fine."""
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("cache"))
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    for out in (target, target / "modelle", target / "steckbriefe" / "web"):
        for force in ([], ["--force"]):
            code, _, err = run_cli(["site", str(target), "-o", str(out), *force],
                                   monkeypatch, capsys)
            assert code == 2, (out, force)
            assert "auch --force schreibt nicht ins Register" in err
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    code, _, err = run_cli(["site", str(target), "-o", str(target / "public")], monkeypatch,
                           capsys)
    assert code == 0, err
    assert (target / "public" / "index.html").is_file()
    # another register is no target either, whichever register the pages come from
    other = tmp_path / "anderes"
    shutil.copytree(EXAMPLE, other, ignore=shutil.ignore_patterns("cache"))
    for out in (other, other / "modelle", other / "steckbriefe" / "web"):
        code, _, err = run_cli(["site", str(target), "-o", str(out), "--force"], monkeypatch,
                               capsys)
        assert code == 2 and "auch --force schreibt nicht ins Register" in err, (out, err)
    assert not (other / ".prozesskit-site.json").exists()


def test_unreadable_model_and_broken_steckbrief_do_not_stop_the_site(tmp_path: Path) -> None:
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target)
    (target / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn").write_text(
        "<definitions>kaputt", encoding="utf-8")
    (target / "steckbriefe" / "kaputt.yaml").write_text("id: kaputt\nname: [offen\n",
                                                         encoding="utf-8")
    out = tmp_path / "public"
    result = build_site(Register.open(target), out)
    assert any("kaputt.yaml" in note for note in result.notes)
    doc = parse(out / "prozesse" / "gewerbeanmeldung-entgegennehmen.html")
    assert "lässt sich nicht zeichnen" in doc.xpath("string(//p[@class='fehler'])")
    assert "kaputt.yaml" in parse(out / "index.html").text_content()
    check_links(out)


@pytest.mark.parametrize("length", [81, 250])
def test_an_id_longer_than_the_schema_allows_gets_no_page(tmp_path: Path, length: int) -> None:
    """validate rejects it (PK-S004); a page for it would be a page for an invalid process,
    and at 250 characters its file name is too long for the disk: the whole site stopped."""
    target = tmp_path / "register"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".prozesskit"))
    long_id = "a" * length
    (target / "steckbriefe" / f"{long_id}.yaml").write_text(
        f'id: {long_id}\nname: Antrag prüfen\nprodukt:\n  bereich: "01"\n'
        "organisationseinheit: X\n", encoding="utf-8")
    out = tmp_path / "public"
    result = build_site(Register.open(target), out)
    assert not (out / "prozesse" / f"{long_id}.html").exists()
    assert any(f"{long_id}.yaml: keine gültige id" in note for note in result.notes)
    assert f"{long_id}.yaml" in parse(out / "index.html").text_content()
    assert (out / "prozesse" / "gewerbeanmeldung-entgegennehmen.html").is_file()


def test_register_made_by_init_blueprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kreis"
    code, _, err = run_cli(["init", "--blueprint", "kreis", str(target), "--name",
                            "Kreis Beispiel", "--ags", "05999"], monkeypatch, capsys)
    assert code == 0, err
    monkeypatch.chdir(target)
    code, out_text, err = run_cli(["site"], monkeypatch, capsys)
    assert code == 0, err
    out = target / "public"
    steckbriefe = sorted(p.stem for p in (target / "steckbriefe").rglob("*.yaml"))
    assert len(steckbriefe) > 400
    assert sorted(p.stem for p in (out / "prozesse").glob("*.html")) == steckbriefe
    assert f"{len(steckbriefe) + 3} Seiten" in out_text.replace(".", "")
    external = check_links(out)
    check_no_request(out, set(external))
    check_csp(out)
    doc = parse(out / "index.html")
    assert doc.xpath("string(//header//a)") == "Kreis Beispiel"
    herkunft = parse(out / "prozesse" / f"{steckbriefe[0]}.html")
    assert "Blaupause" in herkunft.xpath("string(//section[@aria-labelledby='herkunft-titel'])")
    index = load_index(out)
    assert len(index["docs"]) == len(steckbriefe)  # type: ignore[arg-type]
    # a second run in the same folder rewrites nothing
    stamp = os.stat(out / "index.html").st_mtime_ns
    code, out_text, _ = run_cli(["site"], monkeypatch, capsys)
    assert code == 0 and "0 Dateien neu geschrieben" in out_text
    assert os.stat(out / "index.html").st_mtime_ns == stamp


def test_a_site_built_inside_the_register_is_not_validated_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``site -o public`` in the register (as the pages job and a local try-out do) copied
    the models into public/modelle/, and validate then reported every model finding twice
    (black-box finding, session 10)."""
    register = tmp_path / "reg"
    shutil.copytree(EXAMPLE, register, ignore=shutil.ignore_patterns(".prozesskit"))
    model = register / "modelle" / "gewerbeanmeldung-entgegennehmen.ist.bpmn"
    text = model.read_text("utf-8")
    assert 'bpmnElement="Task_Pruefen"' in text
    model.write_text(text.replace('bpmnElement="Task_Pruefen"', 'bpmnElement="Task_Nix"', 1),
                     "utf-8")
    code, before, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 1
    code, _, err = run_cli(["site", str(register), "-o", str(register / "public")],
                           monkeypatch, capsys)
    assert code == 0, err
    assert (register / "public" / "modelle" / model.name).is_file()
    code, after, _ = run_cli(["validate", str(register)], monkeypatch, capsys)
    assert code == 1
    assert after == before and "public/" not in after
