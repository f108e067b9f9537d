"""LeiKa rules PK-S014, PK-S015, PK-S016, PK-S020 on real YAML fixtures.

Each rule has ``tests/fixtures/rules/<CODE>/{valid,invalid}-*.yaml``; a valid fixture
gives no finding, an invalid one at least one, located at ``leika`` (or ``quelle.leika``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from prozesskit.model.steckbrief import Steckbrief
from prozesskit.problem import Level
from prozesskit.rules.base import Finding, Scope, rule_from_module
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


def run(module: ModuleType, path: Path, ctx: RuleContext | None = None) -> list[Finding]:
    rule = rule_from_module(module)
    options = rule.options()
    findings: Iterator[Finding] = rule.check(load_doc(path), options, ctx or RuleContext())
    return list(findings)


def fixtures(kind: str) -> list[tuple[ModuleType, Path]]:
    return [(module, path) for module in RULES
            for path in sorted((FIXTURES / module.CODE).glob(f"{kind}-*.yaml"))]


def _id(value: object) -> str:
    return value.name if isinstance(value, Path) else getattr(value, "CODE", "")


@pytest.mark.parametrize(("module", "path"), fixtures("valid"), ids=_id)
def test_valid_fixture_has_no_finding(module: ModuleType, path: Path) -> None:
    assert run(module, path) == []


@pytest.mark.parametrize(("module", "path"), fixtures("invalid"), ids=_id)
def test_invalid_fixture_is_reported_at_leika(module: ModuleType, path: Path) -> None:
    findings = run(module, path)
    assert findings
    assert all(f.path in {("leika",), ("quelle", "leika")} for f in findings)
    if module is leika_fim_pflicht:
        return  # the field is missing: the engine places it at the mapping (line 1)
    doc = load_doc(path)
    for finding in findings:
        assert finding.path is not None
        line, _column = doc.doc.locate(finding.path)
        assert line > 1  # located at the field, not the top of the file


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


def test_format_reports_both_fields_with_reason() -> None:
    findings = run(leika_format, FIXTURES / "PK-S014" / "invalid-ohne-anfuehrungszeichen.yaml")
    by_path = {f.path: f.message for f in findings}
    assert "ohne Anführungszeichen" in by_path[("leika",)]
    assert "13 Ziffern" in by_path[("leika",)]
    assert "andere Zeichen als Ziffern" in by_path[("quelle", "leika")]


def test_format_is_silent_when_schema_accepted() -> None:
    doc = load_doc(FIXTURES / "PK-S014" / "valid-leika-und-quelle.yaml")
    assert doc.model is not None
    assert list(leika_format.check(doc, None, RuleContext())) == []


def test_unbekannt_names_the_stand() -> None:
    [finding] = run(leika_unbekannt, FIXTURES / "PK-S015" / "invalid-neuer-schluessel.yaml")
    assert finding.message == (
        "LeiKa-Schlüssel 99107023037000 ist nicht im LeiKa-Katalog (Stand 2019) enthalten; "
        "neuere Schlüssel fehlen dort — bitte im aktuellen LeiKa prüfen")


def test_bundesvollzug_names_typisierung_in_words() -> None:
    [finding] = run(leika_bundesvollzug, FIXTURES / "PK-S016" / "invalid-typ-1.yaml")
    assert "Gewerbezentralregister Einsicht gewähren" in finding.message
    assert "Regelungs- und Vollzugskompetenz Bund" in finding.message


def test_fim_pflicht_reasons_and_hint() -> None:
    [by_halter] = run(leika_fim_pflicht, FIXTURES / "PK-S020" / "invalid-extern-ohne-leika.yaml")
    assert "Hundehalterin" in by_halter.message
    [by_ozg] = run(leika_fim_pflicht, FIXTURES / "PK-S020" / "invalid-ozg-ohne-leika.yaml")
    assert "ozg ist angegeben" in by_ozg.message
    assert by_ozg.hint is not None and "99050012104000" in by_ozg.hint


def test_fim_pflicht_option_words() -> None:
    path = FIXTURES / "PK-S020" / "valid-intern.yaml"
    doc = load_doc(path)
    options = leika_fim_pflicht.Options(externe_beteiligte=("Poststelle",))
    # merkmale.extern: false wins over a matching Beteiligter
    assert list(leika_fim_pflicht.check(doc, options, RuleContext())) == []
    assert leika_fim_pflicht.extern_grund({"beteiligte": ["Poststelle"]}, ("poststelle",))
