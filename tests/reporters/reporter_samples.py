"""Hand-built problems for the reporter tests: umlauts, no line, BPMN element, duplicates.

A uniquely named module (not ``conftest``) so test modules can import the constants
without clashing with other ``conftest`` modules of the suite.
"""

from __future__ import annotations

from prozesskit.problem import Level, Problem
from prozesskit.reporters import RuleMeta

YAML_ERROR = Problem(
    file="Bürgeramt/Anmeldung.yaml",
    line=12,
    column=5,
    rule="PK-S001",
    level=Level.ERROR,
    message="Pflichtfeld „Zuständigkeit“ fehlt",
    element="kennzahlen.fallzahl_pro_jahr",
    hint="Tragen Sie die zuständige Stelle ein.",
)
BPMN_ERROR = Problem(
    file="Bürgeramt/Anmeldung.bpmn",
    line=40,
    column=3,
    rule="PK-B004",
    level=Level.ERROR,
    message="Der Prozess hat kein Startereignis.",
    element="Process_Anmeldung",
)
NO_LINE_WARN = Problem(
    file="Straßenverkehr/Übersicht.yaml",
    line=None,
    column=None,
    rule="PK-R002",
    level=Level.WARN,
    message="Prozess wird von keinem anderen Prozess referenziert.",
)
# Same finding twice in one file, only the line differs (e.g. a copied lane).
DUP_A = Problem(
    file="Bürgeramt/Anmeldung.bpmn",
    line=80,
    column=7,
    rule="PK-B007",
    level=Level.WARN,
    message="Aufgabe ohne Namen",
    element="Task_1",
)
DUP_B = Problem(
    file="Bürgeramt/Anmeldung.bpmn",
    line=95,
    column=7,
    rule="PK-B007",
    level=Level.WARN,
    message="Aufgabe ohne Namen",
    element="Task_1",
)
CLEAN_FILE = "Ordnungsamt/Gewerbeanmeldung.yaml"

RULES = {
    "PK-S001": RuleMeta(
        code="PK-S001",
        name="pflichtfeld",
        title="Pflichtfelder des Steckbriefs müssen gesetzt sein",
        level=Level.ERROR,
        help="Jeder Steckbrief braucht die Pflichtfelder nach FIM.",
        help_uri="https://example.org/regeln/PK-S001",
    ),
    "PK-B004": RuleMeta(
        code="PK-B004",
        name="startereignis-erforderlich",
        title="Jeder Prozess braucht ein Startereignis",
        level=Level.ERROR,
    ),
}
