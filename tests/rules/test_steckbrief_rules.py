"""Steckbrief-scope rules against real fixture files, plus the module contract of all rules.

Each ``tests/fixtures/rules/<CODE>/`` holds ``valid-*.yaml`` (no finding) and
``invalid-*.yaml`` with ``invalid-*.expect.yaml`` listing exactly the expected findings.
A ``kontext.yaml`` in the folder and a ``<fixture>.kontext.yaml`` next to a fixture set
the rule context: ``datei`` (the Steckbrief's register path, default
``steckbriefe/<fixture>``), ``produktrahmen``, ``pflichtfelder`` and ``optionen``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from prozesskit.model import produktrahmen
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.rules.base import Finding, NoOptions, Scope, rule_from_module
from prozesskit.rules.context import RuleContext, SteckbriefDoc
from prozesskit.rules.steckbrief import (
    datum_plausibel,
    generisches_verb,
    name_objekt_verrichtung,
    pflichtfelder,
)
from prozesskit.rules.steckbrief._core_rules import STECKBRIEF_RULE_MODULES
from prozesskit.yamlio.read import YamlDoc, parse_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
MODULES = {module.CODE: module for module in STECKBRIEF_RULE_MODULES}
STECKBRIEF_CODES = sorted(code for code, m in MODULES.items() if m.SCOPE is Scope.STECKBRIEF)
_SIDECARS = (".expect.yaml", ".kontext.yaml")


def _fixtures(code: str, prefix: str) -> list[Path]:
    folder = FIXTURES / code
    return sorted(p for p in folder.glob(f"{prefix}-*.yaml") if not p.name.endswith(_SIDECARS))


def _cases(prefix: str) -> list[Any]:
    return [pytest.param(code, path, id=f"{code}/{path.name}")
            for code in STECKBRIEF_CODES for path in _fixtures(code, prefix)]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _kontext(path: Path) -> dict[str, Any]:
    merged: dict[str, Any] = dict(_load(path.parent / "kontext.yaml") or {})
    merged.update(_load(path.with_name(path.name[: -len(".yaml")] + ".kontext.yaml")) or {})
    return merged


def load_subject(path: Path) -> tuple[SteckbriefDoc, dict[str, Any]]:
    """The Steckbrief as the engine would hand it over: parsed data and schema result."""
    kontext = _kontext(path)
    file = kontext.get("datei", f"steckbriefe/{path.name}")
    doc, problems = parse_yaml(path.read_bytes(), file)
    assert doc is not None and not problems, problems
    return SteckbriefDoc(file, doc, Steckbrief.model_validate(doc.data)), kontext


def run(module: ModuleType, sb: SteckbriefDoc, kontext: dict[str, Any]) -> list[Finding]:
    ctx = RuleContext(
        produktrahmen=kontext.get("produktrahmen", "NKF-NRW"),
        pflichtfelder=tuple(kontext.get("pflichtfelder", ())),
    )
    options_type: type[BaseModel] = getattr(module, "Options", NoOptions)
    options = options_type.model_validate(kontext.get("optionen", {}))
    return list(module.check(sb, options, ctx))


def located(finding: Finding, doc: YamlDoc) -> dict[str, Any]:
    """Line and element as the engine reports them: a path resolves through the YAML tree."""
    line = finding.line
    if line is None and finding.path is not None:
        line = doc.locate(finding.path)[0]
    element = finding.element or (
        ".".join(str(step) for step in finding.path) if finding.path else None)
    return {"line": line, "element": element}


@pytest.mark.parametrize(("code", "path"), _cases("valid"))
def test_valid_fixture_has_no_finding(code: str, path: Path) -> None:
    sb, kontext = load_subject(path)
    assert sb.model is not None
    assert run(MODULES[code], sb, kontext) == []


@pytest.mark.parametrize(("code", "path"), _cases("invalid"))
def test_invalid_fixture_has_expected_findings(code: str, path: Path) -> None:
    sb, kontext = load_subject(path)
    assert sb.model is not None, "Fixture soll das Schema bestehen, damit die Regel läuft"
    expected = _load(path.with_name(path.name[: -len(".yaml")] + ".expect.yaml"))
    assert expected, f"{path.name}: .expect.yaml fehlt oder ist leer"
    found = [located(f, sb.doc) for f in run(MODULES[code], sb, kontext)]
    keys = {key for item in expected for key in item}
    actual = Counter(tuple(sorted((k, v) for k, v in f.items() if k in keys)) for f in found)
    wanted = Counter(tuple(sorted(item.items())) for item in expected)
    assert actual == wanted
    for finding in run(MODULES[code], sb, kontext):
        assert finding.message and finding.hint and finding.file is None


def test_every_steckbrief_rule_has_fixtures() -> None:
    for code in STECKBRIEF_CODES:
        assert _fixtures(code, "valid") and _fixtures(code, "invalid"), code


# --- module contract -------------------------------------------------------------------

CODE_ORDER = ["PK-S005", "PK-S006", "PK-S007", "PK-S008", "PK-S009", "PK-S010", "PK-S011",
              "PK-S012", "PK-S013", "PK-S017", "PK-S018", "PK-S019", "PK-S021"]


def test_modules_listed_in_code_order() -> None:
    assert [m.CODE for m in STECKBRIEF_RULE_MODULES] == CODE_ORDER


@pytest.mark.parametrize("module", STECKBRIEF_RULE_MODULES, ids=lambda m: m.CODE)
def test_module_contract(module: ModuleType) -> None:
    rule = rule_from_module(module)
    assert re.fullmatch(r"[a-zäöüß]+(-[a-zäöüß]+)*", rule.name)
    assert rule.profiles <= {"empfohlen", "streng", "fim"} and rule.profiles
    assert rule.options.model_config.get("extra") == "forbid"
    assert "Richtig:" in rule.doc and "Falsch:" in rule.doc
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


def test_names_unique() -> None:
    names = [m.NAME for m in STECKBRIEF_RULE_MODULES]
    assert len(names) == len(set(names))


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
    sb, _ = load_subject(FIXTURES / "PK-S019" / "valid-daten.yaml")
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
