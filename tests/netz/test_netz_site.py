"""The network view as a page of the site: ``site --netz netz.yaml`` adds ``netz.html`` (in
the navigation of every page) and ``netz --format html`` writes the same layout as one file.
Both pass the site's checks (links, nothing requested, CSP without inline code, escaping);
the figures are worked out by hand from the two members below."""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest
import yaml

from helpers import run_cli
from netz.conftest import edit, make_register
from prozesskit.site import build_site
from prozesskit.site.netzseite import read_netz_seite
from prozesskit.site.pages import CSP
from website.website_helpers import check_csp, check_links, check_no_request, html_files, parse

SONDER = "Sondernutzungserlaubnis für öffentliche Straßen erteilen"
WINTER = "Winterdienst organisieren"
BOESE_MITGLIED = "Gemeinde <b>B</b> \"><script>alert('mitglied')</script>"
BOESE_NETZ = "Netz <script>alert('netz')</script>"
BOESE_VERANTWORTLICH = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models Sondernutzung (IST, 120 × 30 min = 60 h); B struck Winterdienst and counts
    Sondernutzung 300 × 20 min = 100 h: 160 h/Jahr over the network."""
    root = tmp_path_factory.mktemp("netzseite")
    a = make_register(root / "a", "gemeinde", "Gemeinde A")
    b = make_register(root / "b", "gemeinde", "Gemeinde B")
    edit(a, "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen", lambda d: d.update(
        modellierung={"status": "ist_modelliert", "verantwortlich": BOESE_VERANTWORTLICH},
        kennzahlen={"fallzahl_pro_jahr": 120, "bearbeitungszeit_min": 30}))
    edit(b, "sondernutzungserlaubnis-fuer-oeffentliche-strassen-erteilen", lambda d: d.update(
        kennzahlen={"fallzahl_pro_jahr": 300, "bearbeitungszeit_min": 20}))
    edit(b, "winterdienst-organisieren", lambda d: d.update(
        status="entfaellt", status_grund="macht der Kreis"))
    netz = {"format": 1, "name": BOESE_NETZ, "mitglieder": [
        {"name": "Gemeinde A", "typ": "gemeinde", "register": "a"},
        {"name": BOESE_MITGLIED, "typ": "gemeinde", "register": "b"}]}
    (root / "netz.yaml").write_text(yaml.safe_dump(netz, allow_unicode=True), encoding="utf-8")
    return root


def _rows(doc: object, caption: str) -> dict[str, list[str]]:
    """The body rows of the table with ``caption``: first cell → all cells (as text)."""
    tables = [t for t in doc.iter("table")  # type: ignore[attr-defined]
              if t.findtext("caption") == caption]
    assert len(tables) == 1, caption
    return {row[0].text_content(): [c.text_content() for c in row]
            for row in tables[0].iter("tr") if row.getparent().tag == "tbody"}


def _check_views(doc: object) -> None:
    matrix = _rows(doc, "Matrix")
    # columns: Prozess, Gemeinde A, the hostile member, Modelliert von, Abgeglichen über
    assert matrix[SONDER][1:4] == ["IST", "offen", BOESE_VERANTWORTLICH]
    assert matrix[WINTER][1:3] == ["offen", "entfällt"]
    prio = _rows(doc, "Rangliste")
    assert prio["1"][1:3] == [SONDER, "160"]  # 60 h + 100 h


@pytest.fixture(scope="module")
def site(network: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library path: ``build_site(..., netz=read_netz_seite(...))``."""
    out = tmp_path_factory.mktemp("netzseite-site") / "public"
    result = build_site(network / "a", out, netz=read_netz_seite(network / "netz.yaml"))
    assert result.pages == len(html_files(out))
    return out


def test_site_has_the_network_page_linked_from_every_page(site: Path) -> None:
    pages = html_files(site)
    assert site / "netz.html" in pages and len(pages) > 10
    for page in pages:
        nav = parse(page).xpath('//nav[@aria-label="Hauptnavigation"]//a')
        assert "Netzwerk" in [a.text_content() for a in nav], page
    doc = parse(site / "netz.html")
    current = doc.xpath('//nav//a[@aria-current="page"]')
    assert [a.get("href") for a in current] == ["netz.html"]
    assert doc.xpath('//link[@rel="stylesheet"]/@href') == ["assets/site.css"]
    # every view of netz, each under its own heading
    assert [h.text_content() for h in doc.iter("h2")] == [
        "Netzwerk-Matrix", "Priorisierung: Vorschlag für die Prozesswerkstatt",
        "Arbeitsteilung: wer modelliert was", "Stand: Fortschritt der Modellierung je Quartal"]
    _check_views(doc)


def test_network_page_passes_the_site_checks(site: Path) -> None:
    external = check_links(site)  # Rechtsgrundlagen of process pages link out (rel=external)
    check_no_request(site, set(external))
    check_csp(site)  # the site's CSP, no inline script or style, no event handler
    links = parse(site / "netz.html").xpath("//@href | //@src | //@action")
    assert links and not [v for v in links if "//" in v or ":" in v]


def test_hostile_names_are_escaped(site: Path) -> None:
    raw = (site / "netz.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw and "<b>B</b>" not in raw
    doc = parse(site / "netz.html")
    assert doc.xpath("string(//h1)") == f"Netzwerk {BOESE_NETZ}"
    head = [th.text_content() for th in doc.xpath('//table[caption="Matrix"]/thead//th')]
    assert head[2] == BOESE_MITGLIED
    assert [s.get("src") for s in doc.iter("script")] == []


def test_standalone_page_in_the_site_layout(network: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``netz --format html -o``: the site's layout in one file: its stylesheet inline,
    allowed by its hash and nothing else; no navigation to pages that are not there."""
    monkeypatch.setenv("PROZESSKIT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "bericht"
    folder.mkdir()
    for ansicht in ("matrix", "priorisierung"):
        target = folder / f"{ansicht}.html"
        code, _out, err = run_cli(["netz", str(network / "netz.yaml"), "-a", ansicht, "-f", "html",
                                "-o", str(target)], monkeypatch, capsys)
        assert code == 0, err
        doc = parse(target)
        assert doc.xpath("//header[@class='kopf']") and not doc.xpath("//nav")
        assert not doc.xpath("//script") and not doc.xpath("//link")
        styles = doc.xpath("//style")
        assert len(styles) == 1
        css = resources.files("prozesskit.site").joinpath("static", "site.css").read_text(
            encoding="utf-8")
        assert styles[0].text == css
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        policy = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        assert policy == [CSP.replace("style-src 'self'", f"style-src 'sha256-{digest}'")]
        assert "unsafe-inline" not in policy[0]
        raw = target.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<b>B</b>" not in raw
    _check_views(_both(folder))
    assert check_links(folder) == []  # only the skip link: to its own main
    check_no_request(folder, set())


def _both(folder: Path) -> object:
    """One tree holding the tables of both pages (matrix and priority list)."""
    import lxml.html

    merged = lxml.html.fromstring("<html><body></body></html>")
    body = merged.find("body")
    for name in ("matrix.html", "priorisierung.html"):
        for table in parse(folder / name).iter("table"):
            body.append(table)
    return merged


def test_cli_site_netz_then_rebuild_without_it(network: Path, site: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI path makes the same page as the library; a rebuild without ``--netz``
    removes it and the link to it from every page (their keys changed)."""
    out = tmp_path / "public"
    monkeypatch.setenv("PROZESSKIT_CACHE_DIR", str(tmp_path / "cache"))
    code, stdout, err = run_cli(["site", str(network / "a"), "-o", str(out), "--netz",
                                 str(network / "netz.yaml")], monkeypatch, capsys)
    assert code == 0, err
    assert (out / "netz.html").read_bytes() == (site / "netz.html").read_bytes()
    assert f"{len(html_files(out))} Seiten" in stdout
    code, _out, err = run_cli(["site", str(network / "a"), "-o", str(out)], monkeypatch,
                              capsys)
    assert code == 0, err
    assert not (out / "netz.html").exists()
    for page in html_files(out):
        assert "netz.html" not in page.read_text(encoding="utf-8"), page
    check_links(out)


def test_missing_netz_yaml_is_a_clear_error(network: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "public"
    code, _out, err = run_cli(["site", str(network / "a"), "-o", str(out), "--netz",
                            str(tmp_path / "fehlt.yaml")], monkeypatch, capsys)
    assert code == 2
    assert "--netz" in err and "fehlt.yaml" in err and "netz init" in err
    assert "Traceback" not in err and not out.exists()


def test_published_page_and_reports_show_sources_as_written_not_local_paths(
        site: Path, network: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """netz.yaml names its members' folders relative to itself; resolved, they are the
    absolute paths of whoever built the site, which tell the network nothing and do not
    belong on a published page or in a shared report."""
    page = (site / "netz.html").read_text(encoding="utf-8")
    assert str(network) not in page and str(network.resolve()) not in page
    members = _rows(parse(site / "netz.html"), "Mitglieder")
    assert [row[4] for row in members.values()] == ["a", "b"]  # column Quelle
    code, out, _ = run_cli(["netz", str(network / "netz.yaml"), "--format", "json"],
                           monkeypatch, capsys)
    assert code == 0 and str(network.resolve()) not in out
    assert [m["quelle"] for m in json.loads(out)["mitglieder"]] == ["a", "b"]


@pytest.mark.parametrize(("spec", "shown"), [
    ("https://oauth2:glpat-geheim@git.example.de/netz/a.git@main",
     "https://git.example.de/netz/a.git@main"),
    ("https://git.example.de/netz/a.git@v1", "https://git.example.de/netz/a.git@v1"),
    ("git@git.example.de:netz/a.git@main", "git@git.example.de:netz/a.git@main"),
    ("../kreis-register", "../kreis-register"),
    ("prozesskit:kreis", "prozesskit:kreis"),
])
def test_reports_never_show_the_credentials_of_a_member_url(spec: str, shown: str) -> None:
    from prozesskit.credentials import without_credentials as shown_source

    assert shown_source(spec) == shown


def test_a_member_url_that_cannot_be_read_is_named_without_its_credentials(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The error goes to the CI log: the user's token must not (port 9 on localhost
    refuses at once, no network is reached)."""
    code, out, err = run_cli(["netz", "https://oauth2:glpat-geheim@127.0.0.1:9/a.git@main"],
                             monkeypatch, capsys)
    assert code == 2 and out == ""
    assert "Register 'https://127.0.0.1:9/a.git@main'" in err and "geheim" not in err
