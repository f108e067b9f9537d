"""``prozesskit validate export.xml``: an XProzess message checked structurally.

No normative XSD is reachable (it is published on XRepository), so the checks are ours:
the rules of the ``xprozess`` scope (``prozesskit.rules.xprozess``, PK-P010…) over the
message, each embedded BPMN model through the normal BPMN rules, and the Steckbrief each
process becomes on import (:func:`~prozesskit.exchange.xprozess.quelle.inhalt`, the same
mapping) through the check ``import`` and ``unpack`` make (schema, PK-S004), so that what
import would refuse is reported here. A model's problems are reported at the line of its
``inhalt`` in the XProzess file, with the model's own line in the message and its element
id, so that a reader finds both; a Steckbrief's at the line of its ``prozess``.
"""

from __future__ import annotations

from prozesskit.errors import InputError
from prozesskit.exchange.xprozess.dokument import XProzessDoc, build
from prozesskit.exchange.xprozess.lesen import Eintrag, parse
from prozesskit.problem import Level, Problem
from prozesskit.rules.base import Scope
from prozesskit.validation.runner import RunSettings, rule_problems

#: the loader's own check (the file cannot be read as an XProzess message)
RULE_LESBAR = "PK-P001"


def check_xprozess(rel: str, raw: bytes, settings: RunSettings) -> list[Problem]:
    try:
        root = parse(raw, rel)
    except InputError as exc:
        return [Problem(rel, exc.line, None, RULE_LESBAR, Level.ERROR, exc.message,
                        hint="Die Datei neu exportieren; XProzess braucht weder DOCTYPE "
                        "noch Entitäten.")]
    doc = build(rel, root)
    problems: list[Problem] = []
    for rule in settings.of_scope(Scope.XPROZESS):
        problems.extend(rule_problems(rule, doc, settings, rel))
    for modell in doc.modelle:
        if modell.bpmn is not None:
            problems.extend(_model_problems(rel, modell.prozess_id, modell.dateiname,
                                            modell.line, modell.bpmn, settings))
    # a process the structural rules already fault (its line) is not faulted again for the
    # Steckbrief import would make of it: one defect, one finding
    faulted = {p.line for p in problems if p.level is Level.ERROR}
    problems.extend(p for p in _steckbrief_problems(rel, doc) if p.line not in faulted)
    return sorted(problems, key=Problem.sort_key)


def _steckbrief_problems(rel: str, doc: XProzessDoc) -> list[Problem]:
    """The Steckbriefe import would make from the message, checked as import checks them;
    models are the ones decoded for the rules (a refused payload is PK-P014's)."""
    from prozesskit.exchange.xprozess.daten import Modelldatei
    from prozesskit.exchange.xprozess.quelle import fehler, inhalt, register_of, wo

    decoded = {id(m.inhalt): m for m in doc.modelle
               if m.inhalt is not None and m.bpmn is not None}

    def modelle(eintrag: Eintrag) -> list[Modelldatei]:
        found = []
        for dateiname, element in eintrag.dateien:
            modell = decoded.get(id(element))
            if modell is not None and modell.bpmn is not None:
                found.append(Modelldatei(
                    dateiname or (modell.eintrag or "").removesuffix(".xml"), modell.bpmn))
        return found

    made = inhalt(doc.root, modelle)
    problems = []
    for problem in fehler(register_of(made.files, rel), models=False):
        prozess, at = wo(made.orte, problem)
        problems.append(problem._replace(
            file=rel, line=at, column=None,
            message=f"Prozess '{prozess}', Steckbrief beim Import: {problem.message}"))
    return problems


def _model_problems(rel: str, prozess: str, dateiname: str, at: int | None, bpmn: bytes,
                    settings: RunSettings) -> list[Problem]:
    from prozesskit.validation.checks.bpmn import check_bpmn

    outcome = check_bpmn(f"{dateiname}.xml", bpmn, settings)
    found = []
    for problem in outcome.problems:
        where = f", Zeile {problem.line}" if problem.line else ""
        found.append(problem._replace(
            file=rel, line=at, column=None,
            message=f"Modell '{dateiname}' (Prozess {prozess}{where}): {problem.message}"))
    return found
