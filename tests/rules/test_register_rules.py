"""Register-scope rules against small register folders.

``tests/fixtures/rules/<CODE>/valid/`` yields no finding; ``invalid/`` yields exactly
the findings in ``invalid.expect.yaml`` (``file`` and, where the rule has one, ``line``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from _facts import build_facts

from prozesskit.model.register import Manifest
from prozesskit.rules.base import Finding, Scope
from prozesskit.rules.context import ModelRef, RegisterFacts, RuleContext, SteckbriefFacts
from prozesskit.rules.steckbrief import (
    eindeutige_id,
    eindeutiger_name,
    modelldatei_fehlt,
    verwaiste_modelldatei,
)
from prozesskit.rules.steckbrief._core_rules import STECKBRIEF_RULE_MODULES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
REGISTER_MODULES = [m for m in STECKBRIEF_RULE_MODULES if m.SCOPE is Scope.REGISTER]


def run(module: ModuleType, facts: RegisterFacts) -> list[Finding]:
    return list(module.check(facts, None, RuleContext()))


def _manifest_ok(root: Path) -> None:
    data = yaml.safe_load((root / "prozesskit.yaml").read_text(encoding="utf-8"))
    Manifest.model_validate(data)


@pytest.mark.parametrize("module", REGISTER_MODULES, ids=lambda m: m.CODE)
def test_valid_register_has_no_finding(module: ModuleType) -> None:
    root = FIXTURES / module.CODE / "valid"
    _manifest_ok(root)
    assert run(module, build_facts(root)) == []


@pytest.mark.parametrize("module", REGISTER_MODULES, ids=lambda m: m.CODE)
def test_invalid_register_has_expected_findings(module: ModuleType) -> None:
    root = FIXTURES / module.CODE / "invalid"
    _manifest_ok(root)
    expected: list[dict[str, Any]] = yaml.safe_load(
        (FIXTURES / module.CODE / "invalid.expect.yaml").read_text(encoding="utf-8"))
    findings = run(module, build_facts(root))
    actual = Counter((f.file, f.line) for f in findings)
    assert actual == Counter((item["file"], item.get("line")) for item in expected)
    for finding in findings:
        assert finding.message and finding.hint
        assert finding.file is not None and (root / finding.file).is_file()


# --- details -----------------------------------------------------------------------------


def _sb(file: str, ident: str | None = None, name: str | None = None,
        status: str | None = "aktiv", refs: tuple[str, ...] = ()) -> SteckbriefFacts:
    return SteckbriefFacts(
        file=file, id=ident, name=name, status=status, modellierungsstatus=None,
        modelle=tuple(ModelRef("ist", r, 9, 11) for r in refs),
        positions={"id": (1, 1), "name": (2, 1)}, suppress={})


def _facts(*steckbriefe: SteckbriefFacts, files: tuple[str, ...] = (),
           model_dirs: tuple[str, ...] = ("modelle",)) -> RegisterFacts:
    all_files = frozenset(files) | {s.file for s in steckbriefe}
    return RegisterFacts(all_files, steckbriefe, {}, model_dirs)


def test_duplicate_id_names_first_file_independent_of_order() -> None:
    a = _sb("steckbriefe/b/x.yaml", "gewerbe-anmelden")
    b = _sb("steckbriefe/a/x.yaml", "gewerbe-anmelden")
    (finding,) = run(eindeutige_id, _facts(a, b))
    assert finding.file == "steckbriefe/b/x.yaml"
    assert "steckbriefe/a/x.yaml" in finding.message
    assert (finding.line, finding.column) == (1, 1)


def test_missing_id_and_name_are_ignored() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml"), _sb("steckbriefe/b.yaml"))
    assert run(eindeutige_id, facts) == []
    assert run(eindeutiger_name, facts) == []


def test_unknown_status_counts_as_active_for_names() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml", name="Wohngeld bewilligen", status=None),
                   _sb("steckbriefe/b.yaml", name="Wohngeld  bewilligen"))
    assert len(run(eindeutiger_name, facts)) == 1


def test_model_reference_with_backslashes_is_found() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml", refs=("modelle\\a.ist.bpmn",)),
                   files=("modelle/a.ist.bpmn",))
    assert run(modelldatei_fehlt, facts) == []
    assert run(verwaiste_modelldatei, facts) == []


def test_model_reference_leaving_register_is_missing() -> None:
    facts = _facts(_sb("steckbriefe/a.yaml", refs=("../anderes/a.ist.bpmn",)),
                   files=("anderes/a.ist.bpmn",))
    (finding,) = run(modelldatei_fehlt, facts)
    assert "liegt unter 'anderes/a.ist.bpmn'" in (finding.hint or "")


def test_missing_model_hint_names_case_variant() -> None:
    facts = build_facts(FIXTURES / "PK-S008" / "invalid")
    hints = {f.line: f.hint or "" for f in run(modelldatei_fehlt, facts)}
    assert "modelle/Wohngeld-Bewilligen.ist.bpmn" in hints[10]


def test_orphans_respect_configured_model_dirs() -> None:
    files = ("prozesse/bpmn/a.bpmn", "modelle/b.bpmn", "prozesse/bpmn/c.BPMN")
    facts = _facts(_sb("steckbriefe/a.yaml", refs=("prozesse/bpmn/a.bpmn",)),
                   files=files, model_dirs=("prozesse/bpmn/",))
    assert [f.file for f in run(verwaiste_modelldatei, facts)] == ["prozesse/bpmn/c.BPMN"]
    assert all(f.line is None for f in run(verwaiste_modelldatei, facts))
