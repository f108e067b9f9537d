"""Parity of the ported rules with bpmnlint, measured on bpmnlint's own fixtures.

The manifest (``tests/data/bpmnlint/manifest.json``) names the bpmnlint version it was made
with, its ``recommended`` configuration, and lists every fixture of bpmnlint's rule tests
and docs with the reports its specs expect and what that bpmnlint version actually reports
(``bpmnlint_reports``). Used by ``tests/rules/test_bpmnlint_parity.py`` and
``tools/bpmnlint_parity.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from prozesskit.bpmn.model import index_model
from prozesskit.bpmn.parse import RULE_XML, parse_bpmn
from prozesskit.rules.bpmn import BY_BPMNLINT
from prozesskit.rules.context import RuleContext

#: In a source checkout: the copy the tests own.
DEFAULT_CORPUS = Path(__file__).resolve().parents[4] / "tests" / "data" / "bpmnlint"


@dataclass(frozen=True, slots=True)
class EntryResult:
    rule: str
    fixture: str
    expect: str  # "valid" | "invalid"
    expected: Counter[str]  # manifest reports[].id
    bpmnlint: Counter[str]  # what the manifest's bpmnlint version reports
    actual: Counter[str] | None  # our findings; None when our parser refused the file
    repaired: bool  # read only by the recovering parser (PK-B001 reported)
    well_formed: bool
    note: str = ""  # upstream_skipped / disputed

    @property
    def agrees(self) -> bool:
        """Agreement with bpmnlint: the specs' expectation, or for fixtures bpmnlint itself
        marks as skipped or disputed, what bpmnlint actually reports."""
        if self.note:
            return self.actual == self.bpmnlint
        return self.actual == self.expected

    @property
    def agrees_with_spec(self) -> bool:
        return self.actual == self.expected


@dataclass(frozen=True, slots=True)
class Manifest:
    bpmnlint: str  # the bpmnlint version the reports come from
    recommended: dict[str, str]  # its config/recommended.js: rule → level
    entries: list[dict[str, Any]]


def js_object(text: str) -> Any:
    """The manifest's rule options are JavaScript object literals; read the simple ones."""
    converted = text.replace("'", '"')
    converted = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', converted)
    return json.loads(converted)


def options_for(module: ModuleType, config: str | None) -> Any:
    options_cls = getattr(module, "Options", None)
    if options_cls is None:
        return None
    if config is None:
        return options_cls()
    return options_cls.from_bpmnlint(js_object(config))


def load_manifest(corpus: Path = DEFAULT_CORPUS) -> Manifest:
    data: dict[str, Any] = json.loads((corpus / "manifest.json").read_text("utf-8"))
    return Manifest(str(data["bpmnlint"]), dict(data["recommended"]), list(data["entries"]))


def _ids(reports: Iterable[Mapping[str, Any]]) -> Counter[str]:
    return Counter(str(r["id"]) for r in reports)


def run_entry(entry: Mapping[str, Any], corpus: Path = DEFAULT_CORPUS) -> EntryResult:
    module = BY_BPMNLINT[entry["rule"]]
    raw = (corpus / entry["fixture"]).read_bytes()
    parsed, problems = parse_bpmn(raw, entry["fixture"])
    actual: Counter[str] | None = None
    if parsed is not None:
        model = index_model(parsed.root, entry["fixture"])
        options = options_for(module, entry.get("config"))
        findings = module.check(model, options, RuleContext())
        actual = Counter(str(f.element) for f in findings)
    return EntryResult(
        rule=entry["rule"], fixture=entry["fixture"], expect=entry["expect"],
        expected=_ids(entry["reports"]),
        bpmnlint=_ids(entry["bpmnlint_reports"]),
        actual=actual,
        repaired=parsed is not None and parsed.repaired
        and any(p.rule == RULE_XML for p in problems),
        well_formed=bool(entry["lxml_well_formed"]),
        note=str(entry.get("upstream_skipped") or entry.get("disputed") or ""),
    )


def run_all(corpus: Path = DEFAULT_CORPUS) -> list[EntryResult]:
    return [run_entry(entry, corpus) for entry in load_manifest(corpus).entries
            if entry["rule"] in BY_BPMNLINT]


def summary(results: Iterable[EntryResult]) -> list[str]:
    """German lines ``<rule>: N von M Fixtures in Übereinstimmung`` and the total."""
    per_rule: dict[str, list[EntryResult]] = {}
    for result in results:
        per_rule.setdefault(result.rule, []).append(result)
    lines = []
    total = agreeing = 0
    for rule in sorted(per_rule):
        entries = per_rule[rule]
        ok = sum(r.agrees for r in entries)
        total += len(entries)
        agreeing += ok
        code = BY_BPMNLINT[rule].CODE
        lines.append(f"{code} {rule}: {ok} von {len(entries)} Fixtures in Übereinstimmung")
    lines.append(f"Gesamt: {agreeing} von {total} Fixtures in Übereinstimmung")
    return lines
