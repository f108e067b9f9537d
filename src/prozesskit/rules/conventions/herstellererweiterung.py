"""Herstellererweiterungen gehören in ``extensionElements`` und dürfen das Schema nicht verletzen.

Modellierungswerkzeuge schreiben eigene Elemente in eigenen Namensräumen (Camunda,
Signavio, Bizagi, Yaoqiang, ADONIS …). Das BPMN-Schema erlaubt sie in
``<bpmn:extensionElements>`` und als Attribute fremder Namensräume. Steht eine Erweiterung
an anderer Stelle oder verlangt ihr Inhalt eine Schemadeklaration, die fehlt, meldet diese
Regel eine Warnung statt eines Schemafehlers: das Modell ist fachlich meist in Ordnung,
aber nicht jedes Werkzeug liest es.

Richtig::

    <bpmn:task id="Task_1" name="Antrag formell prüfen">
      <bpmn:extensionElements>
        <camunda:properties />
      </bpmn:extensionElements>
    </bpmn:task>

Falsch (Herstellerelement direkt unter der Aufgabe)::

    <bpmn:task id="Task_1" name="Antrag formell prüfen">
      <camunda:properties />
    </bpmn:task>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.xsd import HINT_VENDOR, vendor_message, xsd_issues
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B003"
NAME = "herstellererweiterung"
TITLE = "Herstellererweiterungen nur schemakonform in extensionElements"
SCOPE = Scope.BPMN
LEVEL = Level.WARN
PROFILES = ("empfohlen", "streng", "fim")


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for issue in xsd_issues(model.root):
        if issue.vendor:
            yield Finding(vendor_message(issue), element=issue.element, line=issue.line,
                          hint=HINT_VENDOR)
