"""FIM: je Beteiligtem genau ein Pool.

Jeder Beteiligte (Behörde, Antragsteller, beteiligte Stelle) erscheint in einer
Kollaboration genau einmal als Pool. Zwei Pools mit demselben Namen (Vergleich ohne
Groß-/Kleinschreibung, Zeilenumbrüche als Leerzeichen) sind ein Verstoß; gemeldet wird
jeder weitere Pool nach dem ersten.

Richtig::

    <bpmn:participant id="Pool_Behoerde" name="Gewerbeamt" processRef="Process_1" />
    <bpmn:participant id="Pool_Antragsteller" name="Gewerbetreibende Person" />

Falsch::

    <bpmn:participant id="Pool_A" name="Antragsteller" />
    <bpmn:participant id="Pool_B" name="Antragsteller" />
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import collaborations, label, participants_of, source_line
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B061"
NAME = "fim-ein-pool-je-beteiligtem"
TITLE = "FIM: jeder Beteiligte genau ein Pool"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("fim",)


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for collaboration in collaborations(model):
        seen: dict[str, str] = {}
        for participant in participants_of(collaboration):
            name = label(participant)
            if name is None:
                continue
            key = name.casefold()
            if key in seen:
                yield Finding(f"Beteiligter „{name}“ hat mehr als einen Pool (erster: "
                              f"{seen[key]})", element=participant.get("id"),
                              line=source_line(participant),
                              hint="Die Pools zu einem zusammenfassen.")
            else:
                seen[key] = participant.get("id", "?")
