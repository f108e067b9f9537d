"""The network views as text, markdown, csv and json: strings, never printed here.

Text and markdown are for people (German words, German numbers: ``1.234,5``); csv is one
row per process and member (long format: a spreadsheet filters and pivots it), with ``;``
as separator, as German Excel expects; json carries everything, for other tools.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from prozesskit.netz.dokument import Abschnitt, Dokument, Wert, zahl
from prozesskit.netz.dokument import md_table as _md_table
from prozesskit.netz.dokument import table as _table
from prozesskit.netz.matrix import RULE_TEXT, RULES, STATUS_KURZ, Cell, Matrix, Process
from prozesskit.netz.views import Arbeitsteilung, Last, Priorisierung
from prozesskit.reporters._common import printable
from prozesskit.reporters.markdown import escape_cell

if TYPE_CHECKING:
    from prozesskit.netz.stand import Stand, Zaehlung

FORMATS = ("text", "markdown", "csv", "json", "html", "xlsx")
#: Formats laid out from a :class:`Dokument` (the same tables on a page or in a workbook)
DOKUMENT_FORMATS = ("html", "xlsx")
#: Formats that are bytes, not text (written only with --output)
BINARY_FORMATS = ("xlsx",)
ANSICHTEN = ("matrix", "priorisierung", "arbeitsteilung", "stand")


def zelle(cell: Cell | None) -> str:
    """A matrix cell in words: '–' absent, 'entfällt', or the modelling state."""
    if cell is None:
        return "–"
    if not cell.aktiv:
        return "entfällt"
    text = STATUS_KURZ[cell.modellierung]
    return f"{text} (veraltet)" if cell.hinter else text


def _regeln(process: Process) -> str:
    rules = sorted({c.regel for c in process.cells.values() if c.regel},
                   key=RULES.index)
    return ", ".join(RULE_TEXT[r] for r in rules) or "–"


def _verantwortlich(process: Process) -> str:
    names = sorted({c.verantwortlich for c in process.cells.values() if c.verantwortlich})
    return ", ".join(names) or "–"


# --- matrix ------------------------------------------------------------------------------

def _matrix_rows(matrix: Matrix) -> tuple[list[str], list[list[str]]]:
    names = [m.name for m in matrix.members]
    head = ["Prozess", *names, "Modelliert von", "Abgeglichen über"]
    rows = [[p.name, *(zelle(p.cells.get(n)) for n in names), _verantwortlich(p), _regeln(p)]
            for p in matrix.processes]
    return head, rows


def _member_lines(matrix: Matrix) -> list[str]:
    lines = []
    for m in matrix.members:
        extra = f", {m.unlesbar} nicht lesbar (prozesskit validate zeigt warum)" if m.unlesbar \
            else ""
        commit = f" @ {m.commit[:12]}" if m.commit else ""
        lines.append(f"{m.name} ({m.typ or 'Typ unbekannt'}): {zahl(m.steckbriefe)} "
                     f"Steckbriefe aus {m.quelle}{commit}{extra}")
    return lines


def _legend(matrix: Matrix) -> str:
    versions = ", ".join(f"{q} {v}" for q, v in sorted(matrix.neueste.items()))
    text = ("Legende: – nicht vorhanden; entfällt: gestrichen (status_grund in json/csv); "
            "offen, in Arbeit, IST, SOLL: Stand der Modellierung; (veraltet): ältere Version "
            "der Quelle als die neueste im Netz")
    return text + (f" ({versions})." if versions else ".")


def render_matrix(matrix: Matrix, fmt: str) -> str:
    if fmt == "json":
        return _json({"ansicht": "matrix", **matrix_json(matrix)})
    if fmt == "csv":
        return csv_text(["Prozess", "Mitglied", "Vorhanden", "Id", "Datei", "Grund des Entfalls",
                     "Modellierung", "Verantwortlich", "Termin", "Quelle", "Version",
                     "Veraltet", "Abgeglichen über"],
                    [_csv_row(p, m.name) for p in matrix.processes for m in matrix.members])
    head, rows = _matrix_rows(matrix)
    count = f"{zahl(len(matrix.processes))} Prozesse, {len(matrix.members)} Mitglieder"
    if fmt == "markdown":
        members = "\n".join(f"- {escape_cell(line)}" for line in _member_lines(matrix))
        return (f"# Netzwerk-Matrix\n\n{count}.\n\n{members}\n\n{_md_table(head, rows)}\n"
                f"{escape_cell(_legend(matrix))}\n")
    members = "\n".join(f"  {printable(line)}" for line in _member_lines(matrix))
    return (f"Netzwerk-Matrix: {count}\n{members}\n\n{_table(head, rows)}\n"
            f"{printable(_legend(matrix))}\n")


def _csv_row(process: Process, member: str) -> list[str]:
    cell = process.cells.get(member)
    if cell is None:
        return [process.name, member, "nein", *[""] * 10]
    return [process.name, member, "ja" if cell.aktiv else "entfällt", cell.id, cell.path,
            cell.status_grund or "", cell.modellierung, cell.verantwortlich or "",
            cell.termin or "", cell.herkunft_quelle or "", cell.herkunft_version or "",
            "ja" if cell.hinter else "nein", RULE_TEXT[cell.regel] if cell.regel else ""]


def matrix_json(matrix: Matrix) -> dict[str, Any]:
    return {
        "mitglieder": [{"name": m.name, "typ": m.typ, "kapazitaet": m.kapazitaet,
                        "quelle": m.quelle, "commit": m.commit, "steckbriefe": m.steckbriefe,
                        "nicht_lesbar": m.unlesbar} for m in matrix.members],
        "neueste_versionen": dict(sorted(matrix.neueste.items())),
        "prozesse": [{"name": p.name, "leika": p.leika,
                      "mitglieder": {n: _cell_json(c) for n, c in p.cells.items()}}
                     for p in matrix.processes],
    }


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {"id": cell.id, "datei": cell.path, "status": cell.status,
            "status_grund": cell.status_grund, "modellierung": cell.modellierung,
            "verantwortlich": cell.verantwortlich, "termin": cell.termin,
            "herkunft": {"quelle": cell.herkunft_quelle, "version": cell.herkunft_version}
            if cell.herkunft_quelle else None,
            "veraltet": cell.hinter, "regel": cell.regel,
            "fallzahl_pro_jahr": cell.fallzahl, "bearbeitungszeit_min": cell.bearbeitungszeit_min,
            "prioritaet": cell.prioritaet}


# --- Priorisierung -----------------------------------------------------------------------

def _stufen(value: tuple[int, int] | None) -> str:
    if value is None:
        return "–"
    return str(value[0]) if value[0] == value[1] else f"{value[0]}–{value[1]}"


def priorisierung_json(prio: Priorisierung) -> dict[str, Any]:
    return {"prozesse_mit_kennzahlen": prio.gesamt,
            "aktiv_ohne_kennzahlen": prio.ohne_kennzahlen, "rangliste": [
                {"rang": r.rang, "name": r.name, "stunden_pro_jahr": round(r.stunden, 2),
                 "fallzahl_pro_jahr": r.fallzahl, "mitglieder_mit_kennzahlen":
                 {n: round(h, 2) for n, h in r.mitglieder}, "haben": r.haben,
                 "prioritaet": r.prioritaet, "prioritaeten": r.prioritaeten,
                 "digitalisierung_stufen": list(r.digitalisierung)
                 if r.digitalisierung else None} for r in prio.rows]}


def render_priorisierung(prio: Priorisierung, fmt: str) -> str:
    if fmt == "json":
        return _json({"ansicht": "priorisierung", **priorisierung_json(prio)})
    head = ["Rang", "Prozess", "Stunden/Jahr", "Fälle/Jahr", "Mitglieder", "Priorität",
            "Reifegrad"]
    rows = [[str(r.rang), r.name, zahl(r.stunden), zahl(r.fallzahl),
             f"{len(r.mitglieder)} von {r.haben}", r.prioritaet or "–", _stufen(r.digitalisierung)]
            for r in prio.rows]
    if fmt == "csv":
        return csv_text(head, [[v.replace(".", "") if i in (2, 3) else v for i, v in enumerate(row)]
                           for row in rows])
    note = (f"Gebundene Kapazität = Fallzahl pro Jahr × Bearbeitungszeit (min) / 60, summiert "
            f"über die Mitglieder mit beiden Angaben. {zahl(prio.gesamt)} Prozesse mit "
            f"Kennzahlen; {zahl(prio.ohne_kennzahlen)} aktive Prozesse ohne Kennzahlen.")
    if fmt == "markdown":
        return (f"# Priorisierung: Vorschlag für die Prozesswerkstatt\n\n{_md_table(head, rows)}"
                f"\n{note}\n")
    return f"Priorisierung: Vorschlag für die Prozesswerkstatt\n\n{_table(head, rows)}\n{note}\n"


# --- Arbeitsteilung ----------------------------------------------------------------------

_LAST_KOPF = ("Mitglied", "schon modelliert", "neu", "Kapazität (Gewicht)", "Herkunft")
_KAPAZITAET_TEXT = ("Die Kapazität ist ein Gewicht: wer doppelt so viel angibt, bekommt etwa "
                    "doppelt so viele neue Aufträge; zugeteilt werden immer alle.")


def _herkunft(plan: Arbeitsteilung, last: Last) -> str:
    """Where the used weight comes from: a member without ``kapazitaet`` gets the mean of
    those given, so the table says so instead of leaving the cell empty."""
    if last.kapazitaet is not None:
        return "netz.yaml"
    if any(x.kapazitaet is not None for x in plan.lasten):
        return "ohne Angabe: Mittelwert der anderen"
    return "ohne Angabe: alle gleich"


def render_arbeitsteilung(plan: Arbeitsteilung, fmt: str) -> str:
    if fmt == "json":
        return _json({"ansicht": "arbeitsteilung", "mindestens": plan.mindestens,
                      "modelle_gespart": plan.modelle_gespart,
                      "stunden_gespart": plan.stunden_gespart,
                      "vorschlag": [{"prozess": a.name, "mitglied": a.mitglied,
                                     "haben": list(a.haben)} for a in plan.auftraege],
                      "lasten": [{"mitglied": x.mitglied, "kapazitaet": x.kapazitaet,
                                  "gewicht": x.gewicht, "schon_modelliert": x.modelliert,
                                  "neu": x.neu} for x in plan.lasten]})
    head = ["Prozess", "modelliert", "für (haben ihn)"]
    rows = [[a.name, a.mitglied, str(len(a.haben))] for a in plan.auftraege]
    if fmt == "csv":
        return csv_text(["Prozess", "Mitglied", "Haben ihn"],
                    [[a.name, a.mitglied, ", ".join(a.haben)] for a in plan.auftraege])
    load_head = list(_LAST_KOPF)
    load_rows = [[x.mitglied, str(x.modelliert), str(x.neu), zahl(x.gewicht),
                  _herkunft(plan, x)] for x in plan.lasten]
    note = (f"Offene gemeinsame Prozesse: bei mindestens {plan.mindestens} Mitgliedern aktiv, "
            f"noch von niemandem modelliert oder vergeben. {zahl(len(plan.auftraege))} "
            f"Aufträge; {zahl(plan.modelle_gespart)} Modelle muss niemand selbst erstellen, "
            "weil ein Mitglied für die anderen modelliert"
            + (f", das sind etwa {zahl(plan.stunden_gespart)} Stunden." if
               plan.stunden_gespart is not None else
               " (--stunden-je-modell rechnet das in Stunden um).")
            + f" {_KAPAZITAET_TEXT}")
    if fmt == "markdown":
        return (f"# Arbeitsteilung: wer modelliert was\n\n{_md_table(head, rows)}\n"
                f"{_md_table(load_head, load_rows)}\n{note}\n")
    return (f"Arbeitsteilung: wer modelliert was\n\n{_table(head, rows)}\n"
            f"{_table(load_head, load_rows)}\n{note}\n")


# --- Stand ---------------------------------------------------------------------------------

def _prozent(value: float | None) -> str:
    return "–" if value is None else f"{zahl(round(value * 100))} %"


def _stand_zelle(count: Zaehlung | None) -> str:
    return "–" if count is None else f"{count.modelliert}/{count.aktiv}"


_STAND_NOTE = ("Je Quartal: modellierte (IST oder weiter) von den aktiven Prozessen, wie "
               "das Register am Quartalsende committet war (letzter Commit der Hauptlinie bis "
               "dahin); – noch kein Commit. Nicht committete Änderungen zählen nicht.")


def render_stand(stand: Stand, fmt: str) -> str:
    """Rows: members; columns: quarters; a cell: modelled of active processes at the end
    of the quarter."""
    if fmt == "json":
        return _json({"ansicht": "stand", "quartale": list(stand.quartale), "mitglieder": [
            {"name": v.mitglied, "hinweis": v.hinweis,
             "quartale": {q: v.quartale[q].to_json() for q in stand.quartale
                          if q in v.quartale}} for v in stand.verlaeufe]})
    if fmt == "csv":  # a member without history keeps one row saying why
        rows = []
        for v in stand.verlaeufe:
            rows += [[v.mitglied, q, c.commit, c.datum, str(c.steckbriefe), str(c.aktiv),
                      str(c.modelliert), str(c.in_arbeit), str(c.unlesbar),
                      "" if c.anteil is None else str(round(c.anteil * 100)), ""]
                     for q in stand.quartale if (c := v.quartale.get(q)) is not None]
            if v.hinweis:
                rows.append([v.mitglied, *[""] * 9, v.hinweis])
        return csv_text(["Mitglied", "Quartal", "Commit", "Datum", "Steckbriefe", "Aktiv",
                         "Modelliert", "In Arbeit", "Nicht lesbar", "Anteil modelliert (%)",
                         "Hinweis"], rows)
    head = ["Mitglied", *stand.quartale, "Anteil"]
    rows = []
    for v in stand.verlaeufe:
        last = v.quartale.get(stand.quartale[-1]) if stand.quartale else None
        rows.append([v.mitglied, *(_stand_zelle(v.quartale.get(q)) for q in stand.quartale),
                     _prozent(last.anteil) if last else (v.hinweis or "–")])
    note = _STAND_NOTE
    title = "Stand: Fortschritt der Modellierung je Quartal"
    if fmt == "markdown":
        return f"# {title}\n\n{_md_table(head, rows)}\n{note}\n"
    return f"{title}\n\n{_table(head, rows)}\n{note}\n"


# --- as a Dokument (html, xlsx) --------------------------------------------------------------

def matrix_dokument(matrix: Matrix) -> Dokument:
    head, rows = _matrix_rows(matrix)
    members = Abschnitt("Mitglieder", ("Mitglied", "Typ", "Steckbriefe", "nicht lesbar",
                                       "Quelle", "Commit"),
                        tuple((m.name, m.typ, m.steckbriefe, m.unlesbar, m.quelle, m.commit)
                              for m in matrix.members))
    return Dokument("Netzwerk-Matrix", (
        f"{zahl(len(matrix.processes))} Prozesse, {len(matrix.members)} Mitglieder.",),
        (Abschnitt("Matrix", tuple(head), tuple(tuple(r) for r in rows), _legend(matrix)),
         members))


def priorisierung_dokument(prio: Priorisierung) -> Dokument:
    rows: tuple[tuple[Wert, ...], ...] = tuple(
        (r.rang, r.name, round(r.stunden, 1), r.fallzahl, f"{len(r.mitglieder)} von {r.haben}",
         r.prioritaet, _stufen(r.digitalisierung) if r.digitalisierung else None)
        for r in prio.rows)
    return Dokument("Priorisierung: Vorschlag für die Prozesswerkstatt", (), (Abschnitt(
        "Rangliste", ("Rang", "Prozess", "Stunden/Jahr", "Fälle/Jahr", "Mitglieder",
                      "Priorität", "Reifegrad"), rows,
        f"Gebundene Kapazität = Fallzahl pro Jahr × Bearbeitungszeit (min) / 60, summiert "
        f"über die Mitglieder mit beiden Angaben. {zahl(prio.gesamt)} Prozesse mit "
        f"Kennzahlen; {zahl(prio.ohne_kennzahlen)} aktive Prozesse ohne Kennzahlen."),))


def arbeitsteilung_dokument(plan: Arbeitsteilung) -> Dokument:
    gespart = (f"{zahl(plan.modelle_gespart)} Modelle muss niemand selbst erstellen"
               + (f" (etwa {zahl(plan.stunden_gespart)} Stunden)."
                  if plan.stunden_gespart is not None else "."))
    return Dokument("Arbeitsteilung: wer modelliert was", (
        f"Offene gemeinsame Prozesse: bei mindestens {plan.mindestens} Mitgliedern aktiv, "
        f"noch von niemandem modelliert oder vergeben. {gespart}",), (
        Abschnitt("Vorschlag", ("Prozess", "modelliert", "für (haben ihn)"),
                  tuple((a.name, a.mitglied, ", ".join(a.haben)) for a in plan.auftraege)),
        Abschnitt("Lasten", _LAST_KOPF,
                  tuple((x.mitglied, x.modelliert, x.neu, round(x.gewicht, 1),
                         _herkunft(plan, x)) for x in plan.lasten), _KAPAZITAET_TEXT),
    ))


def stand_dokument(stand: Stand) -> Dokument:
    rows: list[tuple[Wert, ...]] = []
    for v in stand.verlaeufe:
        last = v.quartale.get(stand.quartale[-1]) if stand.quartale else None
        rows.append((v.mitglied, *(_stand_zelle(c) if (c := v.quartale.get(q)) else None
                                   for q in stand.quartale),
                     _prozent(last.anteil) if last else (v.hinweis or None)))
    return Dokument("Stand: Fortschritt der Modellierung je Quartal", (), (Abschnitt(
        "Modelliert von aktiv je Quartal", ("Mitglied", *stand.quartale, "Anteil"),
        tuple(rows), _STAND_NOTE, "Stand"),))


def render_dokument(doc: Dokument, fmt: str) -> str | bytes:
    """``html``: a standalone page (text; bericht's: ``netz`` lays its html out as a page of
    the site, :mod:`prozesskit.site.netzseite`); ``xlsx``: a workbook (bytes)."""
    if fmt == "xlsx":
        from prozesskit.netz.xlsx import to_xlsx

        return to_xlsx(doc)
    from prozesskit.netz.html import to_html

    return to_html(doc)


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def csv_text(head: list[str], rows: list[list[str]]) -> str:
    """';'-separated (German Excel), formula-like cells quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(head)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is quoted."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") and value != "–" else value
