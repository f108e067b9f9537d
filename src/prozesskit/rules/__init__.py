"""The rule registry: an explicit table (:mod:`.index`), no plugin magic.

A new rule is a module in ``rules/steckbrief``, ``rules/register``, ``rules/bpmn`` or
``rules/conventions`` plus its one line in :data:`.index.RULE_MODULES`; see
docs/ARCHITECTURE.md ("Where new things go").
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from prozesskit.rules.base import Rule, rule_from_module
from prozesskit.rules.core import CORE_RULES
from prozesskit.rules.index import RULE_INDEX


def load_module(code: str) -> ModuleType:
    """Import the module registered for ``code`` and check that it declares what the table says.

    A module moved to another package (another scope) or a copied module with the old
    ``CODE`` fails here, on first use, instead of silently running in the wrong phase.
    """
    module_name, scope = RULE_INDEX[code]
    module = import_module(f"prozesskit.rules.{module_name}")
    declared_scope = getattr(module.SCOPE, "value", module.SCOPE)
    if code != module.CODE or declared_scope != scope:
        raise RuntimeError(
            f"rules/index.py: {code} ({scope}) passt nicht zu {module_name} "
            f"({module.CODE}, {declared_scope})")
    return module


def rule_modules(scopes: Collection[str] | None = None) -> tuple[ModuleType, ...]:
    """The registered rule modules (of these scopes), in code order."""
    return tuple(load_module(code) for code, (_, scope) in sorted(RULE_INDEX.items())
                 if scopes is None or scope in scopes)


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order."""
    rules = {rule.code: rule for rule in CORE_RULES}
    for module in rule_modules():
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
    for module in rule_modules(scopes):
        rules[module.CODE] = rule_from_module(module)
    return dict(sorted(rules.items()))
