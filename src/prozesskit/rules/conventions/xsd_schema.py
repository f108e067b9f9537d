"""Das Modell muss dem BPMN-2.0-XML-Schema der OMG entsprechen.

Geprüft wird gegen die offiziellen Schemadateien (BPMN20.xsd, Semantic.xsd, BPMNDI.xsd,
DI.xsd, DC.xsd), ohne Netzwerkzugriff. Gemeldet werden echte Schemaverletzungen: fehlende
Pflichtattribute, unbekannte BPMN-Attribute, Elemente an falscher Stelle, ungültige Werte.
Verstöße, die allein von Herstellererweiterungen (Camunda, Signavio, Bizagi, Yaoqiang …)
kommen, meldet die Regel ``herstellererweiterung`` (PK-B003) als Warnung.

Andere Werkzeuge (Fachverfahren, FIM-Portal, Modellierungswerkzeuge anderer Kommunen)
lesen schemawidrige Modelle oft nicht oder nur teilweise.

Richtig::

    <bpmn:task id="Task_1" name="Antrag formell prüfen" />

Falsch (``status`` ist kein BPMN-Attribut)::

    <bpmn:task id="Task_1" name="Antrag formell prüfen" status="offen" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.xsd import HINT_XSD, xsd_issues, xsd_message
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B002"
NAME = "bpmn-schema"
TITLE = "Modell entspricht dem BPMN-2.0-XML-Schema"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for issue in xsd_issues(model.root):
        if not issue.vendor:
            yield Finding(xsd_message(issue), element=issue.element, line=issue.line,
                          hint=HINT_XSD)
