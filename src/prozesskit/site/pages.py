"""Pages of the site from Jinja2 templates (package data in ``site/templates/``).

Autoescaping is on for every template: every text from a register (names, descriptions,
attributes, element names) is escaped, so a Steckbrief named ``<script>…`` shows as text.
The only unescaped insertions are SVG drawings built by :mod:`prozesskit.render` and
:mod:`.charts`, which escape every text themselves. Pages link relatively (``root`` is
``""`` or ``"../"``), so the same files work from ``file://``, GitLab Pages and GitHub
Pages; ``--basis-url`` only adds canonical links and a sitemap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from prozesskit.model.kennung import german_key
from prozesskit.render import NEU_PLATZIEREN
from prozesskit.site.charts import Bar, bar_chart
from prozesskit.site.data import OHNE_BEREICH, Process, SiteData
from prozesskit.site.fields import Row, herkunft_rows, steckbrief_rows
from prozesskit.site.labels import PRIORITAET_TEXT, STATUS_TEXT, status_text
from prozesskit.site.models import show_model

#: No inline script or style anywhere; nothing from another origin. ``img-src data:`` is
#: not needed (drawings are inline SVG). Meta CSP cannot carry frame-ancestors.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'self'")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("prozesskit.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(status_text=status_text, prioritaet_text=prioritaet_text, csp=CSP)
    return env


def prioritaet_text(code: str) -> str:
    return PRIORITAET_TEXT.get(code, code)


@dataclass(frozen=True, slots=True)
class Bereich:
    code: str  # anchor
    nummer: str
    name: str
    prozesse: tuple[Process, ...]


def bereich_anchor(process: Process) -> str:
    return process.bereich or OHNE_BEREICH


def bereiche(site: SiteData) -> list[Bereich]:
    groups: dict[str, list[Process]] = {}
    for process in site.processes:
        groups.setdefault(process.bereich, []).append(process)
    result = []
    for code in sorted(groups, key=lambda c: (c == "", c)):
        members = sorted(groups[code], key=lambda p: (german_key(p.name), p.id))
        name = members[0].bereich_name or ("Ohne Produktbereich" if not code else "Produktbereich")
        result.append(Bereich(code or OHNE_BEREICH, code, name, tuple(members)))
    return result


def _common(site: SiteData, seite: str, titel: str, root: str, canonical: str) -> dict[str, Any]:
    return {"kommune": site.kommune, "seite": seite, "titel": titel, "root": root,
            "canonical": canonical, "netz_seite": site.netz_seite}


def karte(site: SiteData, canonical: str) -> str:
    groups = bereiche(site)
    oes = sorted({p.organisationseinheit for p in site.processes}, key=lambda o: (o == "", o))
    return environment().get_template("karte.html.j2").render(
        **_common(site, "karte", "Prozesslandkarte", "", canonical),
        anzahl=len(site.processes), bereiche=groups, organisationseinheiten=oes,
        prioritaeten=list(PRIORITAET_TEXT.items()), status_texte=list(STATUS_TEXT.items()),
        hinweise=site.notes,
    )


def suche(site: SiteData, canonical: str) -> str:
    return environment().get_template("suche.html.j2").render(
        **_common(site, "suche", "Suche", "", canonical))


def leika_rows(key: str) -> tuple[tuple[Row, ...], str]:
    """(rows of the LeiKa entry or () when unknown, Stand of the catalogue)."""
    from prozesskit.leika.catalog import load_catalog

    catalog = load_catalog()
    leistung = catalog.get(key) if key else None
    if leistung is None:
        return (), catalog.stand
    rows = [Row("Schlüssel", leistung.key), Row("Bezeichnung", leistung.bezeichnung),
            Row("Typisierung", leistung.typ_text), Row("OZG-Leistung", leistung.ozg_leistung),
            Row("OZG-Id", leistung.ozg_id), Row("Lebenslage", leistung.lebenslage),
            Row("Themenfeld", leistung.themenfeld),
            Row("Rechtsgrundlage", items=tuple(Row("", name) for name, _ in
                                                leistung.rechtsgrundlagen), kind="list")]
    return tuple(r for r in rows if r.text or r.items), catalog.stand


def prozess(site: SiteData, process: Process, data: dict[str, Any], canonical: str,
            hinweise: list[str] | None = None) -> str:
    """The page of one process; ``data``: its Steckbrief as plain data (for the
    attributes: the summary in ``process`` holds only what the map shows). ``hinweise``
    gets what the drawings leave out (``site`` says it as ``render`` does)."""
    shown = [show_model(ref, number) for number, ref in enumerate(process.modelle, 1)]
    if hinweise is not None:
        hinweise.extend(f"{m.source}: {sentence}. {NEU_PLATZIEREN}"
                        for m in shown for sentence in m.ausgelassen)
    order = {"ist": 0, "soll": 1}
    shown.sort(key=lambda m: order.get(m.art, 2))
    leika, stand = leika_rows(process.leika)
    bereich = process.bereich or ""
    titel = f"{bereich} {process.bereich_name}".strip() if bereich else "Ohne Produktbereich"
    return environment().get_template("prozess.html.j2").render(
        **_common(site, "prozess", process.name, "../", canonical),
        p=process, modelle=shown, attribute=steckbrief_rows(data),
        herkunft=herkunft_rows(data), leika=leika, leika_stand=stand,
        bereich_anker=bereich_anchor(process), bereich_titel=titel,
    )


@dataclass(frozen=True, slots=True)
class Diagramm:
    ident: str
    titel: str
    spalte: str
    balken: list[Bar]
    svg: str


def _chart(ident: str, titel: str, spalte: str, bars: list[Bar]) -> Diagramm:
    return Diagramm(ident, titel, spalte, bars, bar_chart(ident, titel, bars))


def kennzahlen(site: SiteData, canonical: str) -> str:
    processes = site.processes
    status = Counter(p.karte_status for p in processes)
    prio = Counter(p.prioritaet for p in processes)
    bereich = Counter((p.bereich, p.bereich_name) for p in processes)
    grad = Counter((p.reifegradmodell, p.stufe) for p in processes if p.stufe is not None)
    ohne_grad = sum(1 for p in processes if p.stufe is None)
    charts = [
        _chart("status", "Stand der Modellierung", "Status",
               [Bar(text, status[code], code) for code, text in STATUS_TEXT.items()]),
        _chart("prioritaet", "Priorität", "Priorität",
               [Bar(text, prio[code]) for code, text in PRIORITAET_TEXT.items()]),
        _chart("bereich", "Produktbereiche", "Produktbereich",
               [Bar(f"{code} {name}".strip() if code else "Ohne Produktbereich", count)
                for (code, name), count in sorted(bereich.items(),
                                                  key=lambda i: (i[0][0] == "", i[0]))]),
        _chart("digitalisierung", "Digitalisierungsgrad (OZG-Reifegrad)", "Reifegrad",
               [Bar(f"Stufe {stufe} (Modell {modell})", count)
                for (modell, stufe), count in sorted(grad.items(), key=lambda i: (i[0][0],
                                                                              i[0][1] or 0))]
               + [Bar("ohne Angabe", ohne_grad)]),
    ]
    modelle = sum(len(p.modelle) for p in processes)
    summen = [("Prozesse", len(processes)),
              ("aktiv", sum(1 for p in processes if p.aktiv)),
              ("mit BPMN-Modell", sum(1 for p in processes if p.modelle)),
              ("BPMN-Modelle", modelle),
              ("mit LeiKa-Schlüssel", sum(1 for p in processes if p.leika))]
    return environment().get_template("kennzahlen.html.j2").render(
        **_common(site, "kennzahlen", "Kennzahlen", "", canonical),
        summen=summen, diagramme=charts)
