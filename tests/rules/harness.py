"""One fixture harness for every rule, whatever its scope (like bpmnlint's RuleTester).

``tests/fixtures/rules/<CODE>/`` holds fixtures named ``valid-*`` (no finding) and
``invalid-*`` (exactly the findings listed in ``invalid-*.expect.yaml``). What a fixture is
follows from the rule's scope:

- Steckbrief rules: a ``.yaml`` file, parsed and schema-checked as ``validate`` does;
- BPMN rules: a ``.bpmn`` file, parsed and indexed;
- register rules: a folder holding a small register (``prozesskit.yaml``, ``steckbriefe/``,
  ``modelle/``), turned into facts through the Register API as ``validate`` does;
- XProzess rules: an ``.xml`` XProzess message, parsed and its models decoded as
  ``validate export.xml`` does.

An expectation is a list of findings; each item names what must hold for one finding:
``file``, ``line``, ``column``, ``element`` (BPMN id, or the dotted YAML path of a
Steckbrief finding) and ``path`` (list) must be equal, ``message`` and ``hint`` must be
contained in the finding's text. Register findings always compare ``file`` and ``line``,
BPMN findings always ``element``.

``kontext.yaml`` in the folder and ``<fixture>.kontext.yaml`` beside a fixture set the rule
context: ``datei`` (a Steckbrief's register path, default ``steckbriefe/<fixture>``),
``produktrahmen``, ``pflichtfelder``, ``optionen`` (the rule's options) and
``schemafehler: true`` (the Steckbrief fixture fails the schema on purpose).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import parse_bpmn
from prozesskit.model.register import Manifest
from prozesskit.model.steckbrief import Steckbrief
from prozesskit.register.facts import register_facts as facts_of_register
from prozesskit.register.sources import load_register
from prozesskit.rules.base import Finding, Rule, Scope
from prozesskit.rules.context import (
    RegisterFacts,
    RuleContext,
    SteckbriefDoc,
)
from prozesskit.yamlio.fieldpath import field_path
from prozesskit.yamlio.read import YamlDoc, parse_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
_SIDECARS = (".expect.yaml", ".kontext.yaml")
_EXACT = ("file", "line", "column", "element", "path")
_CONTAINED = ("message", "hint")
_ALWAYS: dict[Scope, tuple[str, ...]] = {
    Scope.STECKBRIEF: (), Scope.BPMN: ("element",), Scope.REGISTER: ("file", "line"),
    Scope.XPROZESS: ("line",)}


def fixtures(code: str, prefix: str) -> list[Path]:
    """``valid-*`` or ``invalid-*`` fixtures of a rule (files or register folders)."""
    folder = FIXTURES / code
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{prefix}-*") if not p.name.endswith(_SIDECARS))


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _stem(path: Path) -> str:
    return path.name.removesuffix(".yaml").removesuffix(".bpmn").removesuffix(".xml")


def kontext(path: Path) -> dict[str, Any]:
    merged: dict[str, Any] = dict(_load(path.parent / "kontext.yaml") or {})
    merged.update(_load(path.with_name(_stem(path) + ".kontext.yaml")) or {})
    return merged


def expectation(path: Path) -> list[dict[str, Any]]:
    expected = _load(path.with_name(_stem(path) + ".expect.yaml"))
    assert expected, f"{path.name}: .expect.yaml fehlt oder ist leer"
    assert isinstance(expected, list)
    return expected


@dataclass
class Outcome:
    """A rule's findings on one fixture, each as a comparable record, plus the raw findings."""

    findings: list[Finding]
    records: list[dict[str, Any]]
    subject: Any


def run_fixture(rule: Rule, path: Path) -> Outcome:
    """Run one rule on one fixture as ``validate`` would hand the subject over."""
    assert rule.check is not None
    context = kontext(path)
    ctx = RuleContext(
        produktrahmen=context.get("produktrahmen", "NKF-NRW"),
        pflichtfelder=tuple(context.get("pflichtfelder", ())),
    )
    options = rule.options.model_validate(context.get("optionen", {}))
    if rule.scope is Scope.STECKBRIEF:
        sb = steckbrief_subject(path, context)
        found = list(rule.check(sb, options, ctx))
        return Outcome(found, [_steckbrief_record(f, sb.doc) for f in found], sb)
    if rule.scope is Scope.BPMN:
        model = load_model(path, path.name)
        found = list(rule.check(model, options, ctx))
        return Outcome(found, [_record(f) for f in found], model)
    if rule.scope is Scope.XPROZESS:
        from prozesskit.exchange.xprozess.dokument import build
        from prozesskit.exchange.xprozess.lesen import parse

        doc = build(path.name, parse(path.read_bytes(), path.name))
        found = list(rule.check(doc, options, ctx))
        return Outcome(found, [_record(f) for f in found], doc)
    assert path.is_dir(), f"{path.name}: Registerregeln brauchen einen Registerordner"
    manifest = Manifest.model_validate(_load(path / "prozesskit.yaml"))
    ctx = replace(ctx, kommune_typ=manifest.kommune.typ)  # as validate sets it
    facts = register_facts(path)
    found = list(rule.check(facts, options, ctx))
    return Outcome(found, [_record(f) for f in found], facts)


def steckbrief_subject(path: Path, context: dict[str, Any]) -> SteckbriefDoc:
    """The Steckbrief as the engine hands it over: parsed data and schema result."""
    file = context.get("datei", f"steckbriefe/{path.name}")
    doc, problems = parse_yaml(path.read_bytes(), file)
    assert doc is not None and not problems, problems
    try:
        model: Steckbrief | None = Steckbrief.model_validate(doc.data)
    except ValueError:
        model = None
    wanted = not context.get("schemafehler", False)
    assert (model is not None) == wanted, (
        f"{path.name}: Fixture soll das Schema {'bestehen' if wanted else 'verletzen'}")
    return SteckbriefDoc(file, doc, model)


def load_model(path: Path, rel: str) -> Any:
    parsed, problems = parse_bpmn(path.read_bytes(), rel)
    assert parsed is not None, problems
    return index_model(parsed.root, rel)


def register_facts(root: Path) -> RegisterFacts:
    """Facts of a register folder, read through the public Register API, whose facts are
    the ones ``validate`` gives register rules (tests/register/test_register_facts.py)."""
    return facts_of_register(load_register(root))


def _record(finding: Finding) -> dict[str, Any]:
    return {"file": finding.file, "line": finding.line, "column": finding.column,
            "element": finding.element,
            "path": list(finding.path) if finding.path is not None else None,
            "message": finding.message, "hint": finding.hint or ""}


def _steckbrief_record(finding: Finding, doc: YamlDoc) -> dict[str, Any]:
    """Line and element as the engine reports them: a path resolves through the YAML tree."""
    record = _record(finding)
    if finding.line is None and finding.path is not None:
        record["line"], record["column"] = doc.locate(finding.path)
    if finding.element is None and finding.path is not None:
        record["element"] = field_path(finding.path)
    return record


def unmatched(scope: Scope, records: list[dict[str, Any]], expected: list[dict[str, Any]]
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(expected items no finding matched, findings no expected item matched)."""
    unknown = {key for item in expected for key in item} - {*_EXACT, *_CONTAINED}
    assert not unknown, f"unbekannte Schlüssel in .expect.yaml: {sorted(unknown)}"
    keys = {key for item in expected for key in item if key in _EXACT} | set(_ALWAYS[scope])
    left = list(records)
    missing = []
    for item in expected:
        match = next((r for r in left if _matches(r, item, keys)), None)
        if match is None:
            missing.append(item)
        else:
            left.remove(match)
    return missing, [{k: v for k, v in r.items() if k in keys or k == "message"} for r in left]


def _matches(record: dict[str, Any], item: dict[str, Any], keys: set[str]) -> bool:
    return (all(record[key] == item.get(key) for key in keys)
            and all(str(item[key]) in record[key] for key in _CONTAINED if key in item))


def every_fixture(codes: list[str]) -> Iterator[tuple[str, Path]]:
    for code in codes:
        for prefix in ("valid", "invalid"):
            for path in fixtures(code, prefix):
                yield code, path
