"""``bericht`` as text, markdown, csv, json, html and xlsx.

Text, markdown, html and xlsx lay out one :class:`~prozesskit.netz.dokument.Dokument`
(the same tables everywhere); csv is one row per Steckbrief with every figure the tables
count (long format, for a spreadsheet's filter and pivot); json carries everything.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from prozesskit.bericht.daten import Bericht, Fortschritt
from prozesskit.netz.dokument import Abschnitt, Dokument, Wert, to_markdown, to_text, zahl
from prozesskit.netz.matrix import STATUS_KURZ

FORMATS = ("text", "markdown", "csv", "json", "html", "xlsx")


def render(bericht: Bericht, fmt: str) -> str | bytes:
    """``xlsx`` is bytes, every other format text."""
    if fmt == "json":
        return json.dumps(bericht_json(bericht), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(bericht)
    doc = dokument(bericht)
    if fmt == "markdown":
        return to_markdown(doc)
    if fmt in ("html", "xlsx"):
        from prozesskit.netz.report import render_dokument

        return render_dokument(doc, fmt)
    return to_text(doc)


def datum(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _prozent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def _fortschritt_rows(groups: tuple[Fortschritt, ...], total: Fortschritt,
                      named: bool) -> tuple[tuple[Wert, ...], ...]:
    def row(g: Fortschritt) -> tuple[Wert, ...]:
        head: tuple[Wert, ...] = (g.gruppe, g.bezeichnung or "–") if named else (g.gruppe,)
        return (*head, g.aktiv, g.offen, g.in_arbeit, g.ist, g.soll, g.modelliert,
                _prozent(g.anteil), g.entfallen)

    summe = row(total)
    return (*(row(g) for g in groups), ("Summe", "", *summe[2:]) if named
            else ("Summe", *summe[1:]))


_FORTSCHRITT_KOPF = ("Aktiv", "offen", "in Arbeit", "IST", "SOLL", "modelliert", "Anteil",
                     "entfällt")


def dokument(b: Bericht) -> Dokument:
    g = b.gesamt
    commit = f" @ {b.commit[:12]}" if b.commit else ""
    intro = [f"Register: {b.quelle}{commit}",
             f"Stichtag: {datum(b.stichtag)}",
             f"{zahl(g.aktiv + g.entfallen)} Steckbriefe: {zahl(g.aktiv)} aktiv, "
             f"{zahl(g.entfallen)} entfallen; modelliert {zahl(g.modelliert)} von "
             f"{zahl(g.aktiv)} ({_prozent(g.anteil)}), in Arbeit {zahl(g.in_arbeit)}."]
    if b.unlesbar:
        intro.append(f"{zahl(b.unlesbar)} Steckbriefe nicht lesbar (prozesskit validate "
                     "zeigt warum).")
    prio = b.priorisierung
    auftraege = Abschnitt(
        "Offene Modellierungsaufträge",
        ("Prozess", "Verantwortlich", "Termin", "Stand", "Überfällig (Tage)"),
        tuple((a.name, a.verantwortlich, a.termin, STATUS_KURZ[a.modellierung],
               a.ueberfaellig) for a in b.auftraege),
        f"Aktive Prozesse mit modellierung.verantwortlich oder .termin und noch ohne "
        f"Modell. {zahl(len(b.auftraege))} offen, davon {zahl(b.ueberfaellig)} zum "
        f"Stichtag {datum(b.stichtag)} überfällig.", "Aufträge")
    felder = ", ".join(b.pflichtfelder) or "keine"
    luecken = Abschnitt(
        "Fehlende Pflichtfelder", ("Prozess", "Datei", "Fehlt"),
        tuple((x.name, x.datei, ", ".join(x.felder)) for x in b.luecken),
        f"Pflichtfelder nach Profil und Konventionen des Registers (PK-S010): {felder}. "
        f"{zahl(len(b.luecken))} aktive Steckbriefe unvollständig; gestrichene zählen "
        "nicht.", "Pflichtfelder")
    sections = [
        Abschnitt("Fortschritt nach Produktbereich", ("Produktbereich", "Bezeichnung",
                                                      *_FORTSCHRITT_KOPF),
                  _fortschritt_rows(b.nach_bereich, g, True), blatt="Produktbereiche"),
        Abschnitt("Fortschritt nach Organisationseinheit", ("Organisationseinheit",
                                                            *_FORTSCHRITT_KOPF),
                  _fortschritt_rows(b.nach_organisationseinheit, g, False),
                  blatt="Organisationseinheiten"),
        Abschnitt("Priorisierung", ("Rang", "Prozess", "Stunden/Jahr", "Fälle/Jahr",
                                    "Priorität", "Reifegrad"),
                  tuple((r.rang, r.name, round(r.stunden, 1), r.fallzahl, r.prioritaet,
                         _stufen(r.digitalisierung)) for r in prio.rows),
                  f"Gebundene Kapazität = Fallzahl pro Jahr × Bearbeitungszeit (min) / 60. "
                  f"{zahl(prio.gesamt)} Prozesse mit Kennzahlen; {zahl(prio.ohne_kennzahlen)} "
                  "aktive ohne."),
        auftraege,
        luecken,
        _stand_section(b),
    ]
    return Dokument(f"Bericht: {b.name}", tuple(intro), tuple(sections))


def _stufen(value: tuple[int, int] | None) -> str | None:
    if value is None:
        return None
    return str(value[0]) if value[0] == value[1] else f"{value[0]}–{value[1]}"


def _stand_section(b: Bericht) -> Abschnitt:
    verlauf = b.stand.verlaeufe[0] if b.stand.verlaeufe else None
    rows = tuple((q, c.datum, c.commit[:12], c.aktiv, c.modelliert, c.in_arbeit,
                  _prozent(c.anteil))
                 for q in b.stand.quartale if verlauf and (c := verlauf.quartale.get(q)))
    note = ("Wie das Register am Quartalsende committet war (letzter Commit bis dahin).")
    if verlauf is not None and verlauf.hinweis:
        note = f"Kein Verlauf: {verlauf.hinweis}."
    return Abschnitt("Stand je Quartal", ("Quartal", "Datum", "Commit", "Aktiv",
                                           "modelliert", "in Arbeit", "Anteil"), rows, note,
                     "Stand")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fortschritt_json(g: Fortschritt) -> dict[str, Any]:
    return {"gruppe": g.gruppe, "bezeichnung": g.bezeichnung or None, "aktiv": g.aktiv,
            "entfallen": g.entfallen, "offen": g.offen, "in_arbeit": g.in_arbeit,
            "ist": g.ist, "soll": g.soll, "modelliert": g.modelliert}


def bericht_json(b: Bericht) -> dict[str, Any]:
    from prozesskit.netz.report import priorisierung_json

    verlauf = b.stand.verlaeufe[0] if b.stand.verlaeufe else None
    return {
        "bericht": b.name, "quelle": b.quelle, "commit": b.commit,
        "stichtag": b.stichtag.isoformat(), "nicht_lesbar": b.unlesbar,
        "gesamt": _fortschritt_json(b.gesamt),
        "nach_produktbereich": [_fortschritt_json(g) for g in b.nach_bereich],
        "nach_organisationseinheit": [_fortschritt_json(g)
                                      for g in b.nach_organisationseinheit],
        "priorisierung": priorisierung_json(b.priorisierung),
        "auftraege": [{"id": a.id, "name": a.name, "datei": a.datei,
                       "verantwortlich": a.verantwortlich, "termin": _iso(a.termin),
                       "modellierung": a.modellierung, "ueberfaellig_tage": a.ueberfaellig}
                      for a in b.auftraege],
        "pflichtfelder": list(b.pflichtfelder),
        "fehlende_pflichtfelder": [{"id": x.id, "name": x.name, "datei": x.datei,
                                    "felder": list(x.felder)} for x in b.luecken],
        "stand": {"hinweis": verlauf.hinweis if verlauf else None,
                  "quartale": {q: c.to_json() for q in b.stand.quartale
                               if verlauf and (c := verlauf.quartale.get(q))}},
    }


def _csv(b: Bericht) -> str:
    from prozesskit.bericht.daten import termin_of
    from prozesskit.netz.report import csv_text

    late = {a.id: a.ueberfaellig for a in b.auftraege}
    rows = []
    for c in b.zellen:
        hours = c.stunden if c.aktiv else None
        rows.append([c.id, c.name, c.path, c.bereich or "", c.organisationseinheit or "",
                     "entfällt" if not c.aktiv else "aktiv", c.modellierung,
                     c.verantwortlich or "", _iso(termin_of(c)) or (c.termin or ""),
                     "" if late.get(c.id) is None else str(late[c.id]),
                     "" if hours is None else str(round(hours, 2)), c.prioritaet or "",
                     ", ".join(b.fehlend(c.id))])
    return csv_text(["Id", "Prozess", "Datei", "Produktbereich", "Organisationseinheit",
                     "Status", "Modellierung", "Verantwortlich", "Termin",
                     "Überfällig (Tage)", "Stunden/Jahr", "Priorität",
                     "Fehlende Pflichtfelder"], rows)
