"""BPMN schema checks, German modelling conventions, FIM profile rules and the
Steckbrief ↔ model name check, each one module (see :mod:`prozesskit.rules.base`).

The module tuple lives in :mod:`prozesskit.rules.conventions._registry`: importing one rule
(the register rule PK-S030 when only Steckbriefe changed) must not import all the others.
"""
