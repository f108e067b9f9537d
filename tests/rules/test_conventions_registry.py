"""The convention rule modules fulfil the rule contract."""

from __future__ import annotations

from types import ModuleType

import pytest
from pydantic import ValidationError

from prozesskit.rules import rule_modules
from prozesskit.rules.base import NoOptions, Scope, rule_from_module
from prozesskit.rules.conventions import aktivitaet_generisches_verb

CONVENTION_RULE_MODULES = [m for m in rule_modules()
                           if m.__name__.startswith("prozesskit.rules.conventions.")]


@pytest.mark.parametrize("module", CONVENTION_RULE_MODULES, ids=lambda m: m.CODE)
def test_contract(module: ModuleType) -> None:
    rule = rule_from_module(module)
    assert rule.code.startswith("PK-B0")
    assert "Richtig" in rule.doc and "Falsch" in rule.doc
    assert rule.profiles <= {"empfohlen", "streng", "fim"} and rule.profiles
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert not rule.core
    if rule.code.startswith("PK-B06"):
        assert rule.profiles == {"fim"}
    else:
        assert "empfohlen" in rule.profiles


def test_codes_and_names_unique() -> None:
    rules = [rule_from_module(m) for m in CONVENTION_RULE_MODULES]
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


def test_scopes() -> None:
    """Register rules (PK-S030, Steckbrief ↔ model) live in rules/register/, not here."""
    assert {m.SCOPE for m in CONVENTION_RULE_MODULES} == {Scope.BPMN}
    assert "PK-S030" not in {m.CODE for m in CONVENTION_RULE_MODULES}


def test_options_forbid_extra() -> None:
    options = aktivitaet_generisches_verb.Options(verben=("abarbeiten",))
    assert options.verben == ("abarbeiten",)
    with pytest.raises(ValidationError):
        aktivitaet_generisches_verb.Options(unbekannt=1)  # type: ignore[call-arg]
    assert rule_from_module(aktivitaet_generisches_verb).options is not NoOptions
