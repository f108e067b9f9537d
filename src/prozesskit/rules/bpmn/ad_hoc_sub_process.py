"""Ad-hoc-Teilprozesse enthalten keine Start- und Endereignisse.

In einem Ad-hoc-Teilprozess werden die Aktivitäten in beliebiger Reihenfolge ausgeführt;
Start- und Endereignisse sind dort nicht erlaubt.

Richtig::

    Ad-hoc-Teilprozess: [Unterlagen sichten]  [Rückfrage stellen]

Falsch::

    Ad-hoc-Teilprozess: ( ) → [Unterlagen sichten] → ( )
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.bpmn._helpers import flow_elements, named, named_with_id
from prozesskit.rules.context import RuleContext

CODE = "PK-B031"
NAME = "ad-hoc-teilprozess"
TITLE = "Keine Start- und Endereignisse in Ad-hoc-Teilprozessen"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("empfohlen", "streng", "fim")
BPMNLINT = "ad-hoc-sub-process"

_KINDS = {"startEvent": "Startereignis", "endEvent": "Endereignis"}


def check(model: BpmnModel, options: Any, ctx: RuleContext) -> Iterator[Finding]:
    for sub in model.of_type("adHocSubProcess"):
        for el in flow_elements(sub):
            kind = _KINDS.get(local(el))
            if kind:
                yield Finding(f"{named(el)}: ein {kind} ist im Ad-hoc-Teilprozess "
                              f"{named_with_id(sub)} nicht erlaubt", element=el.get("id"),
                              hint=f"Das {kind} entfernen.")
