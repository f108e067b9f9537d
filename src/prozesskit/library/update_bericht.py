"""The German report of ``prozesskit update``: per source and process what was taken, what
conflicts and how to resolve each, as text or as versioned JSON (returned, never printed).

Every open conflict names the exact argument that resolves it (``ID:feld.pfad``), so a
Prozessmanager:in can copy the line; values are shown as the read path sees them.
"""

from __future__ import annotations

from typing import Any

from prozesskit.diff.steckbrief import ABSENT, FieldChange, show_values, to_json_value
from prozesskit.fsutil import shell_arg
from prozesskit.library.status import Stand
from prozesskit.library.update import Ergebnis, Konflikt, UpdatePlan
from prozesskit.writeplan import Outcome


def _felder(count: int) -> str:
    return f"{count} Feld" if count == 1 else f"{count} Felder"


def fachlich(ergebnis: Ergebnis) -> list[FieldChange]:
    """The fields taken, without ``herkunft`` (prozesskit keeps it: the new version)."""
    return [change for change in ergebnis.uebernommen
            if not change.path or change.path[0] != "herkunft"]


def _konflikt(konflikt: Konflikt) -> list[str]:
    if konflikt.art == "feld":
        basis, lokal, quelle = show_values(konflikt.basis, konflikt.lokal, konflikt.quelle)
        return [f"      ✖ {konflikt.wo}: Basis {basis} · lokal {lokal} · Quelle {quelle}"]
    if konflikt.art == "modell":
        return [f"      ✖ Modell {konflikt.wo}: lokal und in der Quelle geändert; Fassung der "
                f"Quelle daneben: {konflikt.daneben}"]
    return ["      ✖ in der Quelle entfallen, lokal geändert"]


def _ergebnis(ergebnis: Ergebnis, probelauf: bool) -> list[str]:
    mark = "✖" if ergebnis.konflikte else ("-" if ergebnis.entfernt else "~")
    teile = [f"Steckbrief {ergebnis.stand.value}" if ergebnis.stand is Stand.UNVERAENDERT
             else ergebnis.stand.value]
    fields = fachlich(ergebnis)
    if fields:
        wo = ", ".join(change.where for change in fields[:6])
        more = f" und {len(fields) - 6} weitere" if len(fields) > 6 else ""
        teile.append(f"{_felder(len(fields))} übernommen ({wo}{more})")
    if ergebnis.entfernt:
        teile.append("lokal " + ("zu löschen" if probelauf else "gelöscht"))
    if ergebnis.konflikte:
        teile.append(f"{len(ergebnis.konflikte)} Konflikt(e) offen")
    lines = [f"  {mark} {ergebnis.prozess} ({ergebnis.datei}): " + "; ".join(teile)]
    lines += [f"      {hinweis}" for hinweis in ergebnis.hinweise]
    lines += [f"      Modell {aktion.pfad}: {aktion.aktion}" for aktion in ergebnis.modelle]
    for konflikt in ergebnis.geloest:
        lines.append(f"      ✔ {konflikt.wo or 'Prozess'}: gelöst")
    for konflikt in ergebnis.konflikte:  # each open one with the command that decides it
        lines += _konflikt(konflikt)
        lines.append(f"      lösen: prozesskit update {shell_arg(konflikt.argument)} --theirs "
                     "(Quelle) oder --ours (lokal)")
    if len(ergebnis.konflikte) > 1:
        lines.append(f"      alle {len(ergebnis.konflikte)} dieses Prozesses auf einmal: "
                     f"prozesskit update {shell_arg(ergebnis.prozess)} --theirs bzw. --ours")
    return lines


def render_text(plan: UpdatePlan, outcome: Outcome | None) -> str:
    """The report; ``outcome`` None: a dry run (nothing was written)."""
    probelauf = outcome is None
    lines: list[str] = []
    for quelle in plan.quellen:
        stand = quelle.stand
        lines.append(f"Quelle {quelle.key}: {quelle.gelesen}" + (f" ({stand})" if stand else ""))
        if quelle.vorher is not None:
            bound = sum(1 for e in plan.ergebnisse if e.quelle == quelle.key and e.umgebunden)
            lines.append(f"  ↪ {bound} Prozess(e) an diese Quelle gebunden (vorher: "
                         f"{quelle.vorher})")
        ergebnisse = [e for e in plan.ergebnisse if e.quelle == quelle.key and e.etwas_zu_tun
                      and not e.nur_umgebunden]
        for ergebnis in ergebnisse:
            lines += _ergebnis(ergebnis, probelauf)
        if quelle.nur_in_der_quelle:
            lines.append(f"  + {quelle.nur_in_der_quelle} Prozess(e) gibt es nur in der Quelle "
                         f"(übernehmen mit: prozesskit import {shell_arg(quelle.gelesen)} IDS…)")
    lines += [f"Hinweis: {hinweis}" for hinweis in plan.hinweise]
    lines.append(summary(plan, outcome))
    return "\n".join(lines) + "\n"


def summary(plan: UpdatePlan, outcome: Outcome | None) -> str:
    bewegt = sum(1 for e in plan.ergebnisse if e.lock_bewegt)
    felder = sum(len(fachlich(e)) for e in plan.ergebnisse)
    offen = len(plan.konflikte)
    gleich = sum(1 for e in plan.ergebnisse if not e.etwas_zu_tun or e.nur_umgebunden)
    if outcome is None:
        head = (f"Probelauf, nichts geschrieben: {len(plan.files)} Datei(en) würden "
                f"geschrieben, {len(plan.files.removals())} gelöscht")
    else:
        head = (f"{len(outcome.written)} Datei(en) geschrieben, {len(outcome.removed)} "
                "gelöscht")
    text = (f"{head}; {len(plan.ergebnisse)} Prozess(e) geprüft, {bewegt} aktualisiert "
            f"({_felder(felder)} übernommen), {gleich} ohne Änderung in der Quelle")
    if offen:
        text += (f"; {offen} Konflikt(e) offen (lokale Fassung bleibt, bis sie mit --ours "
                 "oder --theirs gelöst sind)")
    return ("✖ " if offen else "✔ ") + text


# -- JSON (docs/update-json.md, schemas/update-report.schema.json) ------------------------------

#: Version of the JSON form; a new field or meaning comes only with a new version.
FORMAT_VERSION = 1


def _konflikt_json(konflikt: Konflikt) -> dict[str, Any]:
    sides = {"basis": konflikt.basis, "lokal": konflikt.lokal, "quelle": konflikt.quelle}
    return {"prozess": konflikt.prozess, "art": konflikt.art, "wo": konflikt.wo,
            "argument": konflikt.argument,
            **{side: to_json_value(value) for side, value in sides.items()},
            "fehlt": [side for side, value in sides.items() if value is ABSENT],
            "daneben": konflikt.daneben}


def _ergebnis_json(ergebnis: Ergebnis) -> dict[str, Any]:
    return {"id": ergebnis.prozess, "quelle": ergebnis.quelle, "datei": ergebnis.datei,
            "stand": ergebnis.stand.name.lower(), "stand_text": ergebnis.stand.value,
            "uebernommen": [change.to_json() for change in fachlich(ergebnis)],
            "konflikte": [_konflikt_json(k) for k in ergebnis.konflikte],
            "geloest": [_konflikt_json(k) for k in ergebnis.geloest],
            "modelle": [{"pfad": a.pfad, "aktion": a.aktion} for a in ergebnis.modelle],
            "hinweise": list(ergebnis.hinweise), "geschrieben": ergebnis.geschrieben,
            "entfernt": ergebnis.entfernt, "lock_bewegt": ergebnis.lock_bewegt}


def to_json(plan: UpdatePlan, outcome: Outcome | None, *, register: str,
            seite: str | None, tool_version: str) -> dict[str, Any]:
    """The documented JSON form of the report; ``outcome`` None: a dry run."""
    if outcome is None:
        dateien = {"geschrieben": plan.files.paths(), "unveraendert": [],
                   "entfernt": plan.files.removals()}
    else:
        dateien = {"geschrieben": list(outcome.written), "unveraendert": list(outcome.unchanged),
                   "entfernt": list(outcome.removed)}
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "prozesskit", "version": tool_version},
        "kind": "update",
        "register": register,
        "probelauf": outcome is None,
        "seite": seite,
        "quellen": [{"schluessel": q.key, "gelesen": q.gelesen, "commit": q.commit,
                     "version": q.version, "nur_in_der_quelle": q.nur_in_der_quelle,
                     "vorher": q.vorher} for q in plan.quellen],
        "prozesse": [_ergebnis_json(ergebnis) for ergebnis in plan.ergebnisse],
        "dateien": dateien,
        "konflikte_offen": len(plan.konflikte),
        "hinweise": list(plan.hinweise),
    }
