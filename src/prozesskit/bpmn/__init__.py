"""BPMN 2.0 models: safe parsing, XSD validation and the per-model index rules run over."""
