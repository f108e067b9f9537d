"""bpmnlint's rule set as prozesskit rules over lxml (PK-B010 to PK-B049).

Each module mirrors one bpmnlint rule (``BPMNLINT``) and reports the same element ids;
``tests/rules/test_bpmnlint_parity.py`` proves it against bpmnlint's own fixtures.
Rules derived from bpmnlint are MIT licensed by the bpmn.io contributors
(see ``tests/fixtures/rules/BPMNLINT-LICENSE``).

The rules are registered in :mod:`prozesskit.rules.index` like every other rule;
``BPMN_RULE_MODULES`` and ``BY_BPMNLINT`` are views of that table, built on first use so
that importing one rule module does not import the other 26.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any


def bpmn_rule_modules() -> tuple[ModuleType, ...]:
    """The registered modules of this package (the bpmnlint port), in code order."""
    from prozesskit.rules import load_module
    from prozesskit.rules.index import RULE_MODULES

    return tuple(load_module(code) for code, module in sorted(RULE_MODULES.items())
                 if module.startswith("bpmn."))


def __getattr__(name: str) -> Any:
    if name == "BPMN_RULE_MODULES":
        return bpmn_rule_modules()
    if name == "BY_BPMNLINT":
        return {module.BPMNLINT: module for module in bpmn_rule_modules()}
    raise AttributeError(name)


__all__ = ["BPMN_RULE_MODULES", "BY_BPMNLINT", "bpmn_rule_modules"]
