"""Facts of one BPMN model for register-wide rules (see :mod:`prozesskit.rules.context`).

The worker that parsed a model extracts them once; register rules such as the Steckbrief ↔
model name check (PK-S030) then run without re-reading the file.
"""

from __future__ import annotations

from prozesskit.bpmn.model import BpmnModel
from prozesskit.bpmn.query import label, source_line
from prozesskit.rules.context import BpmnFacts, BpmnName


def extract_bpmn_facts(model: BpmnModel) -> BpmnFacts:
    """Processes, then participants, each in document order, with normalised names.

    Names are normalised as labels (line breaks folded); ``process_ref`` is set for
    participants only.
    """
    names: list[BpmnName] = [
        BpmnName("process", el.get("id", ""), label(el), source_line(el))
        for el in model.processes()
    ]
    names.extend(
        BpmnName("participant", el.get("id", ""), label(el), source_line(el),
                 el.get("processRef") or None)
        for el in model.participants()
    )
    return BpmnFacts(file=model.file, parsed=True, names=tuple(names))
