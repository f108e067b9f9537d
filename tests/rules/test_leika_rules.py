"""LeiKa rules PK-S014, PK-S015, PK-S016, PK-S020: contract and details beyond their
fixtures (those run in test_rule_fixtures.py, with the messages in ``.expect.yaml``)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Level
from prozesskit.rules.base import Scope, rule_from_module
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief import (
    leika_bundesvollzug,
    leika_fim_pflicht,
    leika_format,
    leika_unbekannt,
)
from prozesskit.yamlio.read import parse_yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
RULES: tuple[ModuleType, ...] = (leika_format, leika_unbekannt, leika_bundesvollzug,
                                 leika_fim_pflicht)


def load_doc(path: Path) -> SteckbriefDoc:
    doc, problems = parse_yaml(path.read_bytes(), path.name)
    assert doc is not None, problems
    try:
        model: Steckbrief | None = Steckbrief.model_validate(doc.data)
    except ValidationError:
        model = None
    return SteckbriefDoc(path.name, doc, model)


@pytest.mark.parametrize("module", RULES, ids=lambda m: m.CODE)
def test_rule_contract(module: ModuleType) -> None:
    rule = rule_from_module(module)
    assert rule.scope is Scope.STECKBRIEF
    assert "Richtig:" in rule.doc and "Falsch:" in rule.doc
    assert rule.name.startswith("leika-")
    assert (FIXTURES / rule.code).is_dir()


def test_levels_and_profiles() -> None:
    assert leika_format.LEVEL is Level.ERROR and leika_fim_pflicht.LEVEL is Level.ERROR
    assert leika_unbekannt.LEVEL is Level.WARN and leika_bundesvollzug.LEVEL is Level.WARN
    assert leika_fim_pflicht.PROFILES == ("fim",)
    for module in (leika_format, leika_unbekannt, leika_bundesvollzug):
        assert module.PROFILES == ("empfohlen", "streng", "fim")


def test_format_is_silent_when_schema_accepted() -> None:
    doc = load_doc(FIXTURES / "PK-S014" / "valid-leika-und-quelle.yaml")
    assert doc.model is not None
    assert list(leika_format.check(doc, None, RuleContext())) == []


def test_fim_pflicht_option_words() -> None:
    path = FIXTURES / "PK-S020" / "valid-intern.yaml"
    doc = load_doc(path)
    options = leika_fim_pflicht.Options(externe_beteiligte=("Poststelle",))
    # merkmale.extern: false wins over a matching Beteiligter
    assert list(leika_fim_pflicht.check(doc, options, RuleContext())) == []
    assert leika_fim_pflicht.extern_grund({"beteiligte": ["Poststelle"]}, ("poststelle",))
