"""BPMN schema checks, German modelling conventions and FIM profile rules, each one
module (see :mod:`prozesskit.rules.base`), registered in :mod:`prozesskit.rules.index`.

Every rule here looks at one BPMN model; rules over the whole register (such as the
Steckbrief ↔ model name check PK-S030) live in :mod:`prozesskit.rules.register`.
"""
