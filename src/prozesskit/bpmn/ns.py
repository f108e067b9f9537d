"""The OMG namespaces of BPMN 2.0 (semantic model, diagram interchange) and the prefixes
bpmn-moddle knows them by, without any import: every BPMN module needs them."""

from __future__ import annotations

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"

#: bpmn-moddle's package prefixes: it reads ``<bpmn:task>`` as a task even when the file
#: never declares ``xmlns:bpmn`` (GovModeler and some bpmn-js exports do that)
MODDLE_PREFIXES = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS}
