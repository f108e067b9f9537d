"""FIM: externe Beteiligte erscheinen als zugeklappte Pools.

Ein Stammprozess modelliert den Ablauf genau einer Behörde. Alle anderen Beteiligten
(Antragsteller, beteiligte Behörden) sind Blackbox-Pools: ohne Prozess oder mit einem
Prozess ohne Flusselemente. Haupt-Pool ist der Pool, dessen Prozess die meisten
Flusselemente hat (bei Gleichstand der erste in Dokumentreihenfolge); jeder weitere Pool
mit Ablauf wird gemeldet.

Richtig::

    <bpmn:participant id="Pool_Behoerde" name="Gewerbeamt" processRef="Process_1" />
    <bpmn:participant id="Pool_Antragsteller" name="Gewerbetreibende Person" />

Falsch (zweiter Pool mit eigenem Ablauf)::

    <bpmn:participant id="Pool_Behoerde" name="Gewerbeamt" processRef="Process_1" />
    <bpmn:participant id="Pool_Antragsteller" name="Antragsteller" processRef="Process_2" />
    <bpmn:process id="Process_2">
      <bpmn:task id="Task_A" name="Formular ausfüllen" />
    </bpmn:process>
"""

from __future__ import annotations

from collections.abc import Iterator

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import (
    collaborations,
    is_collapsed_participant,
    label,
    main_participant,
    participants_of,
    source_line,
)
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, NoOptions, Scope
from prozesskit.rules.context import RuleContext

CODE = "PK-B062"
NAME = "fim-externe-zugeklappt"
TITLE = "FIM: externe Beteiligte als zugeklappte Pools"
SCOPE = Scope.BPMN
LEVEL = Level.ERROR
PROFILES = ("fim",)


def check(model: BpmnModel, options: NoOptions | None, ctx: RuleContext) -> Iterator[Finding]:
    for collaboration in collaborations(model):
        participants = participants_of(collaboration)
        main = main_participant(model, participants)
        if main is None:
            continue
        main_name = label(main) or main.get("id", "?")
        for participant in participants:
            if participant is main or is_collapsed_participant(model, participant):
                continue
            name = label(participant) or participant.get("id", "?")
            yield Finding(
                f"Pool „{name}“ hat einen eigenen Ablauf; im Stammprozess ist nur "
                f"„{main_name}“ aufgeklappt", element=participant.get("id"),
                line=source_line(participant),
                hint="Externe Beteiligte als zugeklappten Pool (ohne Ablauf) darstellen und "
                     "nur über Nachrichtenflüsse anbinden.")
