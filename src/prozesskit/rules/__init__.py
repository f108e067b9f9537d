"""The rule registry: an explicit dict built from explicit imports (no plugin magic).

A new rule is a module in ``rules/steckbrief``, ``rules/bpmn`` or ``rules/conventions``
plus its entry in that package's module tuple and in :mod:`.index`; see
docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from prozesskit.rules.base import Rule, rule_from_module
from prozesskit.rules.core import CORE_RULES
from prozesskit.rules.index import RULE_INDEX


def _modules() -> tuple[ModuleType, ...]:
    from prozesskit.rules.bpmn import BPMN_RULE_MODULES
    from prozesskit.rules.conventions._registry import CONVENTION_RULE_MODULES
    from prozesskit.rules.steckbrief import (
        leika_bundesvollzug,
        leika_fim_pflicht,
        leika_format,
        leika_unbekannt,
    )
    from prozesskit.rules.steckbrief._core_rules import STECKBRIEF_RULE_MODULES

    leika = (leika_format, leika_unbekannt, leika_bundesvollzug, leika_fim_pflicht)
    return (*STECKBRIEF_RULE_MODULES, *leika, *BPMN_RULE_MODULES, *CONVENTION_RULE_MODULES)


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order."""
    rules = {rule.code: rule for rule in CORE_RULES}
    for module in _modules():
        rule = rule_from_module(module)
        if rule.code in rules:
            raise RuntimeError(f"Regelcode {rule.code} doppelt vergeben")
        rules[rule.code] = rule
    return dict(sorted(rules.items()))


def rules_of_scopes(scopes: Collection[str]) -> dict[str, Rule]:
    """The rules of these scopes, importing only their modules (see :mod:`.index`).

    ``all_rules`` imports all 60-odd modules, lxml and the BPMN index included, which a
    run that rechecks one Steckbrief does not need.
    """
    rules = {rule.code: rule for rule in CORE_RULES if rule.scope in scopes}
    for code, (module, scope) in RULE_INDEX.items():
        if scope in scopes:
            rule = rule_from_module(import_module(f"prozesskit.rules.{module}"))
            if rule.code != code or rule.scope != scope:
                raise RuntimeError(f"rules/index.py: {code} passt nicht zu {module}")
            rules[code] = rule
    return dict(sorted(rules.items()))
