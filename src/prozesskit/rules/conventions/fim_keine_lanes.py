"""FIM: Stammprozesse haben keine Lanes.

Ein FIM-Stammprozess beschreibt, was eine Behörde nach der Rechtsgrundlage tun muss,
unabhängig von ihrer Organisation. Lanes (Ämter, Sachgebiete, Rollen) gehören erst in den
Referenz- oder Detailprozess einer Kommune. Gemeldet wird jede Lane-Menge (``laneSet``),
die Lanes enthält, einmal je Prozess oder Teilprozess.

Richtig::

    <bpmn:process id="Process_1" name="Gewerbeanmeldung entgegennehmen">
      <bpmn:startEvent id="Start_1" name="Gewerbeanmeldung eingegangen" />
      ...
    </bpmn:process>

Falsch::

    <bpmn:process id="Process_1" name="Gewerbeanmeldung entgegennehmen">
      <bpmn:laneSet id="LaneSet_1">
        <bpmn:lane id="Lane_Gewerbeamt" name="Gewerbeamt" />
      </bpmn:laneSet>
      ...
    </bpmn:process>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel, local
from prozesskit.bpmn.query import source_line
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.bpmn._helpers import one_line
from prozesskit.rules.context import RuleContext

CODE = "PK-B060"
NAME = "fim-keine-lanes"
TITLE = "FIM: keine Lanes im Stammprozess"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("fim",)


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for lane_set in model.of_type("laneSet"):
        lanes = [child for child in lane_set if local(child) == "lane"]
        if not lanes:
            continue
        owner = lane_set.getparent()
        element = lane_set.get("id") or (owner.get("id") if owner is not None else None)
        names = ", ".join(f"„{one_line(lane.get('name'))}“" for lane in lanes
                          if one_line(lane.get("name")))
        detail = f" ({names})" if names else ""
        yield Finding(f"Stammprozess enthält {len(lanes)} Lane(s){detail}; FIM-Stammprozesse "
                      "haben keine Lanes", element=element, line=source_line(lane_set),
                      hint="Lanes entfernen; Zuständigkeiten gehören in den Referenz- oder "
                           "Detailprozess.")
