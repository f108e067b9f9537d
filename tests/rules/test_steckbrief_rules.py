"""Steckbrief and register rules: module contract, documented examples, details.

Their fixtures (``tests/fixtures/rules/<CODE>/``) run in test_rule_fixtures.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from harness import kontext, steckbrief_subject
from pydantic import BaseModel

from prozesskit.model import produktrahmen
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.rules import rule_modules
from prozesskit.rules.base import Finding, NoOptions, Scope, rule_from_module
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief import (
    datum_plausibel,
    generisches_verb,
    name_objekt_verrichtung,
    pflichtfelder,
)
from prozesskit.yamlio.read import parse_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
MODULES = {m.CODE: m for m in rule_modules({"steckbrief", "register"})}
#: Steckbrief rules whose examples are whole Steckbriefe (the LeiKa rules show fields only)
STECKBRIEF_CODES = sorted(code for code, m in MODULES.items()
                          if m.SCOPE is Scope.STECKBRIEF and not m.NAME.startswith("leika-"))


def run(module: ModuleType, sb: SteckbriefDoc, kontext: dict[str, Any]) -> list[Finding]:
    ctx = RuleContext(
        produktrahmen=kontext.get("produktrahmen", "NKF-NRW"),
        pflichtfelder=tuple(kontext.get("pflichtfelder", ())),
    )
    options_type: type[BaseModel] = getattr(module, "Options", NoOptions)
    options = options_type.model_validate(kontext.get("optionen", {}))
    return list(module.check(sb, options, ctx))


# --- module contract -------------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES.values(), ids=lambda m: m.CODE)
def test_module_contract(module: ModuleType) -> None:
    rule = rule_from_module(module)
    assert re.fullmatch(r"[a-zäöüß]+(-[a-zäöüß]+)*", rule.name)
    assert rule.profiles <= {"empfohlen", "streng", "fim"} and rule.profiles
    assert rule.options.model_config.get("extra") == "forbid"
    assert "Richtig:" in rule.doc and "Falsch:" in rule.doc
    if "<bpmn:" in rule.doc:
        return  # PK-S030 compares with a model: its examples are BPMN, not YAML
    for example in _examples(rule.doc):
        assert list(yaml.safe_load_all(example)), example


def _examples(doc: str) -> list[str]:
    """The indented YAML blocks after 'Richtig:' and 'Falsch:'; they must be valid YAML."""
    pattern = r"^(?:Richtig|Falsch):.*\n(?:\S.*\n)*\n((?:(?: {4}.*)?\n)+)"
    blocks = re.findall(pattern, doc + "\n", re.M)
    assert len(blocks) == 2, doc
    return [re.sub(r"^ {4}", "", block, flags=re.M) for block in blocks]


#: What the doc examples assume: the file name (PK-S005), Pflichtfelder (PK-S010), a date.
_DOC_KONTEXT: dict[str, dict[str, Any]] = {
    "PK-S005": {"datei": ["steckbriefe/gewerbeanmeldung-entgegennehmen.yaml",
                          "steckbriefe/gewerbeanmeldung.yaml"]},
    "PK-S010": {"pflichtfelder": ["organisationseinheit", "kennzahlen.fallzahl_pro_jahr"]},
    "PK-S019": {"optionen": {"heute": dt.date(2025, 3, 1)}},
    "PK-S021": {"datei": ["steckbriefe/ordnung/gewerbe-anmelden.yaml"] * 2},
}


@pytest.mark.parametrize("code", STECKBRIEF_CODES)
def test_doc_examples_behave_as_documented(code: str) -> None:
    """'Richtig:' yields no finding and 'Falsch:' at least one, so the docs cannot rot."""
    kontext = _DOC_KONTEXT.get(code, {})
    files = kontext.get("datei", ["steckbriefe/beispiel.yaml"] * 2)
    for index, example in enumerate(_examples(MODULES[code].__doc__ or "")):
        doc, _ = parse_yaml(example.encode(), files[index])
        assert doc is not None
        sb = SteckbriefDoc(files[index], doc, Steckbrief.model_validate(doc.data))
        findings = run(MODULES[code], sb, kontext)
        assert bool(findings) == (index == 1), (code, findings)


# --- rule details not covered by a fixture ---------------------------------------------


def test_profile_fields_build_on_empfohlen() -> None:
    fields = pflichtfelder.PROFILE_FIELDS
    assert fields["empfohlen"] == ("organisationseinheit",)
    for profile in ("streng", "fim"):
        assert fields[profile][: len(fields["empfohlen"])] == fields["empfohlen"]
    assert "kennzahlen.fallzahl_pro_jahr" in fields["streng"]
    assert {"leika", "rechtsgrundlagen", "ausloeser", "ergebnis"} <= set(fields["fim"])
    assert not pflichtfelder.unknown_fields([f for fs in fields.values() for f in fs])


def test_pflichtfelder_option_rejects_unknown_field() -> None:
    with pytest.raises(ValueError, match=r"kennzahlen\.fallzahl"):
        pflichtfelder.Options(felder=["kennzahlen.fallzahl"])
    with pytest.raises(ValueError, match=r"rechtsgrundlagen\.name"):
        pflichtfelder.Options(felder=["rechtsgrundlagen.name"])  # no paths into lists
    assert pflichtfelder.unknown_fields(["modellierung.verantwortlich", "ozg.leistung"]) == []


def test_pflichtfelder_without_options_uses_context_only() -> None:
    ctx = RuleContext(pflichtfelder=("organisationseinheit", "organisationseinheit"))
    assert pflichtfelder.required_fields(None, ctx) == ("organisationseinheit",)


def test_name_rules_work_without_schema_result() -> None:
    """A schema error elsewhere must not hide a bad name (subject.model is None)."""
    doc, _ = parse_yaml(b"id: x\nname: Antrag bearbeiten\nprodukt: 7\n", "steckbriefe/y.yaml")
    assert doc is not None
    sb = SteckbriefDoc("steckbriefe/y.yaml", doc, None)
    ctx = RuleContext()
    assert len(list(generisches_verb.check(sb, None, ctx))) == 1
    assert list(name_objekt_verrichtung.check(sb, None, ctx)) == []
    assert len(list(MODULES["PK-S005"].check(sb, None, ctx))) == 1
    for code in ("PK-S009", "PK-S013", "PK-S018", "PK-S019"):
        assert list(MODULES[code].check(sb, None, ctx)) == [], code


def test_rules_tolerate_non_mapping_data() -> None:
    doc, _ = parse_yaml(b"- eine Liste\n- statt eines Steckbriefs\n", "steckbriefe/z.yaml")
    assert doc is not None
    sb = SteckbriefDoc("steckbriefe/z.yaml", doc, None)
    ctx = RuleContext(pflichtfelder=("organisationseinheit",))
    for code in STECKBRIEF_CODES:
        list(MODULES[code].check(sb, None, ctx))


def test_datum_default_today_is_real_date() -> None:
    path = FIXTURES / "PK-S019" / "valid-daten.yaml"
    sb = steckbrief_subject(path, kontext(path))
    far = datum_plausibel.Options(heute=dt.date(2100, 1, 1))
    assert list(datum_plausibel.check(sb, far, RuleContext())) == []
    early = datum_plausibel.Options(heute=dt.date(2024, 1, 1))
    assert len(list(datum_plausibel.check(sb, early, RuleContext()))) == 3


def test_produktrahmen_matches_reference_csv() -> None:
    from helpers import REFERENCE

    csv = REFERENCE / "produktbereiche.csv"
    rows = [line.split(",", 3) for line in csv.read_text(encoding="utf-8").splitlines()[1:]]
    names = {"IMK-Produktrahmen": "IMK", "NKF-NRW": "NKF-NRW"}
    expected: dict[str, set[str]] = {"IMK": set(), "NKF-NRW": set()}
    for schema, code, *_ in rows:
        expected[names[schema]].add(code)
    assert {rahmen: set(table) for rahmen, table in produktrahmen.RAHMEN.items()} == expected


def test_produktrahmen_ranges() -> None:
    assert produktrahmen.expand("31-35") == ("31", "32", "33", "34", "35")
    assert produktrahmen.find_bereich("IMK", "27") == ("25-29", "Kultur und Wissenschaft")
    assert produktrahmen.find_bereich("IMK", "30") is None
    assert produktrahmen.find_bereich("NKF-NRW", "21-24") is None
    assert produktrahmen.bereich_codes("IMK", "21-24") == ("21", "22", "23", "24")
